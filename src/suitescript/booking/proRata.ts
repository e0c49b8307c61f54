import type { Day } from './ports';

/**
 * Spreading a part of an invoice across its lines, for partial refunds and credits: pure integer maths
 * on minor units.
 */

/** A line of the document being credited: its item and amount (minor units; discounts are negative). */
export interface CreditableLine {
  item: number;
  amountMinor: number;
  description?: string | null;
  /** The line's service period (rev rec days), kept on its share. */
  revRecStart?: Day;
  revRecEnd?: Day;
}

/**
 * `amounts` scaled to sum to `target`, each a whole minor unit: each share rounded down, and the units
 * rounding leaves given to the lines with the largest fractions (largest remainder method), so every share
 * is within one minor unit of its exact value and they sum to `target` exactly. Negative lines (discounts)
 * take back their share too.
 */
export function prorate(amounts: readonly number[], target: number): number[] {
  const total = amounts.reduce((sum, a) => sum + a, 0);
  if (total === target || total === 0) return [...amounts];
  const exact = amounts.map((a) => (a * target) / total);
  const floored = exact.map(Math.floor);
  let left = target - floored.reduce((sum, a) => sum + a, 0);
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floored[i] = (floored[i] ?? 0) + 1;
    left--;
  }
  return floored;
}

/**
 * `part` of the lines' total spread over the lines pro rata (`prorate`); lines whose share is zero are
 * dropped. A tax line gets its own share like any other line: refunded tax goes back to the tax item, not to
 * revenue.
 */
export function spreadProRata<T extends CreditableLine>(lines: readonly T[], part: number): T[] {
  const total = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  if (!Number.isInteger(part) || part <= 0 || total <= 0 || part > total)
    throw new RangeError(`Cannot spread ${part} over lines totalling ${total}`);
  const shares = prorate(
    lines.map((line) => line.amountMinor),
    part,
  );
  return lines.map((line, i) => ({ ...line, amountMinor: shares[i] ?? 0 })).filter((line) => line.amountMinor !== 0);
}

/**
 * The credit memo lines of a partial refund of `lines`: spread pro rata, or, with a partial refund item,
 * one line on that item for everything but the tax share, which stays on the tax item.
 */
export function partialRefundLines(
  lines: readonly CreditableLine[],
  part: number,
  taxItem: number | null,
  partialRefundItem: number | null,
): CreditableLine[] {
  const spread = spreadProRata(lines, part).map((line) => ({ ...line, description: 'Stripe: partial refund' }));
  if (partialRefundItem === null) return spread;
  const tax = spread.filter((line) => taxItem !== null && line.item === taxItem);
  const taxMinor = tax.reduce((sum, line) => sum + line.amountMinor, 0);
  const rest = part - taxMinor;
  return [
    ...(rest !== 0 ? [{ item: partialRefundItem, amountMinor: rest, description: 'Stripe: partial refund' }] : []),
    ...tax,
  ];
}

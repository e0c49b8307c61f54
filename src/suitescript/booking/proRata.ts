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
 * `part` of the lines' total spread over the lines pro rata: each line gets its share truncated toward
 * zero (`part × line ÷ total`), and what truncation leaves over goes to the largest line, so the shares
 * sum to `part` exactly. Lines whose share is zero are dropped. A tax line gets its own share like any
 * other line: refunded tax goes back to the tax item, not to revenue.
 */
export function spreadProRata<T extends CreditableLine>(lines: readonly T[], part: number): T[] {
  const total = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  if (!Number.isInteger(part) || part <= 0 || total <= 0 || part > total)
    throw new RangeError(`Cannot spread ${part} over lines totalling ${total}`);
  const shares = lines.map((line) => ({ ...line, amountMinor: Math.trunc((part * line.amountMinor) / total) }));
  const left = part - shares.reduce((sum, line) => sum + line.amountMinor, 0);
  let largest = 0;
  lines.forEach((line, index) => {
    if (line.amountMinor > (lines[largest]?.amountMinor ?? 0)) largest = index;
  });
  const target = shares[largest];
  if (target) target.amountMinor += left;
  return shares.filter((line) => line.amountMinor !== 0);
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

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
  /** Tax Mode per_line: the line's tax code (`taxcode`, a `salestaxitem`); absent: none. */
  taxCode?: number;
  /** Tax Mode per_line: the line's tax (`tax1amt`), minor units; only with `taxCode`. */
  taxMinor?: number;
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
 * one line on that item for everything but the tax share, which stays on the tax item. Lines carrying their
 * own tax (an invoice booked with Tax Mode per_line: tax codes on its lines) are spread with their tax
 * (`partialRefundLinesWithLineTax`): the invoice's lines say where its tax was booked.
 */
export function partialRefundLines(
  lines: readonly CreditableLine[],
  part: number,
  taxItem: number | null,
  partialRefundItem: number | null,
): CreditableLine[] {
  if (hasLineTax(lines)) return partialRefundLinesWithLineTax(lines, part, partialRefundItem);
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

/** Lines that carry their own tax (Tax Mode per_line: a tax code on a line), rather than a tax item line. */
export function hasLineTax(lines: readonly CreditableLine[]): boolean {
  return lines.some((line) => line.taxCode !== undefined);
}

/** The gross `part` (amounts plus tax) split into its net and its tax in the lines' own ratio. */
function netAndTax(lines: readonly CreditableLine[], part: number): { net: number; tax: number } {
  const net = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  const tax = lines.reduce((sum, line) => sum + (line.taxMinor ?? 0), 0);
  if (!Number.isInteger(part) || part <= 0 || net + tax <= 0 || part > net + tax)
    throw new RangeError(`Cannot spread ${part} over lines totalling ${net + tax}`);
  const [netPart = 0, taxPart = 0] = prorate([net, tax], part);
  return { net: netPart, tax: taxPart };
}

/**
 * `part` of lines that carry their own tax (Tax Mode per_line), gross: each line keeps its tax code and gets
 * a share of its amount and a share of its tax. Two steps, so nothing drifts: first `part` is split into a
 * net part and a tax part in the ratio of the lines' totals (largest remainder over those two), then the line
 * amounts are spread over the net part and the line taxes over the tax part, each with `prorate` (the same
 * weights: every line's amount and tax are scaled by part ÷ gross). So the shares sum to `part` exactly, the
 * tax liability falls by the tax part exactly (within one minor unit of the exact tax share, never by the
 * sum of many lines' rounding), each line's amount and tax are within one unit of their exact share, and a
 * line without tax gets none. Lines whose amount and tax shares are both zero are dropped.
 */
export function spreadWithLineTax<T extends CreditableLine>(lines: readonly T[], part: number): T[] {
  const { net, tax } = netAndTax(lines, part);
  const amounts = prorate(
    lines.map((line) => line.amountMinor),
    net,
  );
  const taxes = prorate(
    lines.map((line) => line.taxMinor ?? 0),
    tax,
  );
  return lines
    .map((line, i) => {
      const shared = { ...line, amountMinor: amounts[i] ?? 0 };
      return line.taxCode === undefined ? shared : { ...shared, taxMinor: taxes[i] ?? 0 };
    })
    .filter((line) => line.amountMinor !== 0 || (line.taxMinor ?? 0) !== 0);
}

/**
 * The one Partial Refund Item line of a partial refund with tax per line: the net part on the item, the tax
 * part as its `tax1amt` with the tax code of the invoice's taxed lines (so the tax goes back to the account
 * it was collected to); with no taxed line, the code the lines share (the Exempt Tax Code) at 0, or none.
 * Null when the taxed lines carry different codes: one line cannot give tax back to two accounts, so the
 * refund is then spread over the lines instead.
 */
function partialRefundItemLine(
  lines: readonly CreditableLine[],
  part: number,
  partialRefundItem: number,
): CreditableLine | null {
  const taxed = new Set(lines.filter((line) => (line.taxMinor ?? 0) !== 0).map((line) => line.taxCode));
  if (taxed.size > 1) return null;
  const { net, tax } = netAndTax(lines, part);
  const code = taxed.size === 1 ? [...taxed][0] : lines.find((line) => line.taxCode !== undefined)?.taxCode;
  const line = { item: partialRefundItem, amountMinor: net, description: 'Stripe: partial refund' };
  return code === undefined ? line : { ...line, taxCode: code, taxMinor: tax };
}

/**
 * The credit memo lines of a partial refund of `lines` that carry their own tax (Tax Mode per_line): spread
 * with `spreadWithLineTax`, or, with a Partial Refund Item, one line on it (`partialRefundItemLine`): its
 * amount the refund's net part, its `tax1amt` the refund's tax part, so the memo's total is the refund and the
 * tax account takes back the tax part.
 */
export function partialRefundLinesWithLineTax(
  lines: readonly CreditableLine[],
  part: number,
  partialRefundItem: number | null,
): CreditableLine[] {
  const one = partialRefundItem === null ? null : partialRefundItemLine(lines, part, partialRefundItem);
  if (one !== null) return [one];
  return spreadWithLineTax(lines, part).map((line) => ({ ...line, description: 'Stripe: partial refund' }));
}

import { formatMinorUnits, sumMinorUnits } from '../money';
import type { TaxMode } from '../settings';
import { InvoiceMismatchError } from './invoices';
import { dayOf, type CreditNoteMemoValues, type TransactionLine } from './ports';
import { idOf, type StripeCreditNote, type StripeCreditNoteLine } from './stripeShapes';

/**
 * What a Stripe credit note becomes in NetSuite (pure): one credit memo (external ID `cn_…`) with the
 * note's lines and tax, made from the invoice it credits, applied to it for the note's pre-payment part;
 * each refund of the note a customer refund (`re_…`) applying the memo; the part credited to the customer
 * balance or paid out of band left on the memo as the customer's credit.
 */

/** A credit memo line before its item is resolved: a note line (its invoice line, if any), or the tax. */
export type PlannedCreditLine =
  | {
      kind: 'line';
      invoiceLineItem: string | null;
      amountMinor: number;
      description: string | null;
      /** Tax Mode per_line only: the note line's tax (all its `taxes`), 0 when untaxed. */
      taxMinor?: number;
    }
  | { kind: 'tax'; amountMinor: number };

/** The refunds a credit note made or linked, with the amount each refunds for it. */
export function creditNoteRefunds(note: StripeCreditNote): { id: string; amount: number }[] {
  const listed = (note.refunds ?? []).flatMap((entry) => {
    const id = idOf(entry.refund);
    return id === null ? [] : [{ id, amount: entry.amount_refunded }];
  });
  if (listed.length > 0) return listed;
  // Older API versions name one refund; it refunds the whole post-payment part.
  const single = idOf(note.refund ?? null);
  return single === null ? [] : [{ id: single, amount: note.post_payment_amount ?? note.total }];
}

/** How the note's total splits: applied to the invoice, refunded, to the customer balance, out of band. */
export interface CreditNoteParts {
  prePayment: number;
  refunded: number;
  outOfBand: number;
  toBalance: number;
}

export function creditNoteParts(note: StripeCreditNote): CreditNoteParts {
  const prePayment = note.pre_payment_amount ?? 0;
  const post = note.post_payment_amount ?? note.total - prePayment;
  const refunded = sumMinorUnits(creditNoteRefunds(note).map((r) => r.amount));
  const outOfBand = note.out_of_band_amount ?? 0;
  return { prePayment, refunded, outOfBand, toBalance: Math.max(0, post - refunded - outOfBand) };
}

function inclusiveTax(line: StripeCreditNoteLine): number {
  return sumMinorUnits((line.taxes ?? []).filter((t) => t.tax_behavior === 'inclusive').map((t) => t.amount));
}

function lineTax(line: StripeCreditNoteLine): number {
  return sumMinorUnits((line.taxes ?? []).map((t) => t.amount));
}

/** What NetSuite totals for the planned lines: their amounts and, per line, their tax. */
function plannedTotal(planned: readonly PlannedCreditLine[]): number {
  return sumMinorUnits(planned.map((line) => line.amountMinor + (line.kind === 'line' ? (line.taxMinor ?? 0) : 0)));
}

/**
 * The memo's lines as on the credit note: each line net of its discount and inclusive tax, and one tax
 * line for all of the note's tax (inclusive and exclusive); with Tax Mode per_line no tax line, each line
 * carrying its own tax (`taxMinor`, as invoice lines do). They must sum to the note's total.
 */
export function planCreditNoteLines(
  note: StripeCreditNote,
  lines: readonly StripeCreditNoteLine[],
  taxMode: TaxMode = 'tax_item',
): PlannedCreditLine[] {
  const planned: PlannedCreditLine[] = lines.map((line) => ({
    kind: 'line',
    invoiceLineItem: line.type === 'invoice_line_item' ? (line.invoice_line_item ?? null) : null,
    amountMinor: line.amount - (line.discount_amount ?? 0) - inclusiveTax(line),
    description: line.description ?? null,
    ...(taxMode === 'per_line' ? { taxMinor: lineTax(line) } : {}),
  }));
  const tax = sumMinorUnits(lines.map(lineTax));
  if (tax !== 0 && taxMode === 'tax_item') planned.push({ kind: 'tax', amountMinor: tax });
  const sum = plannedTotal(planned);
  if (sum !== note.total) {
    throw new InvoiceMismatchError(
      `Credit note ${note.id}: lines sum to ${formatMinorUnits(sum, note.currency)}, Stripe's total is ${formatMinorUnits(note.total, note.currency)}`,
    );
  }
  return planned;
}

export function creditNoteMemo(note: StripeCreditNote): string {
  return `Stripe: credit note ${note.number ?? note.id}${note.reason ? ` (${note.reason})` : ''}`;
}

export function creditNoteMemoValues(
  note: StripeCreditNote,
  invoice: number,
  lines: readonly TransactionLine[],
  applyToInvoiceMinor: number,
): CreditNoteMemoValues {
  return {
    externalId: note.id,
    fromInvoice: invoice,
    lines,
    currency: note.currency.toLowerCase(),
    tranDate: dayOf(note.effective_at ?? note.created),
    memo: creditNoteMemo(note),
    applyToInvoiceMinor,
  };
}

import { closingCreditMemoValues, type ClosingReason } from '../invoiceClosing';
import type { Booked, InvoiceState } from '../ports';
import type { StripeInvoice } from '../stripeShapes';
import type { BookingContext } from './context';
import type { RecordOutcome } from './outcome';
import { booked, createOnce, Lookup } from './recordLookup';

/**
 * What the flows that close a booked invoice share: its state in NetSuite, and the credit memo that closes
 * what is open on it. The memo is keyed by reason (`ns_void:in_…`, `ns_unc:in_…` …): a redelivery finds it.
 */

export function stateOf(ctx: BookingContext, invoice: Booked): InvoiceState {
  const state = ctx.books.invoiceState(invoice.id);
  if (!state) throw new Error(`Invoice ${invoice.id} is not in NetSuite any more`);
  return state;
}

/** A credit memo for `amountMinor` of the invoice, applied to it; null when there is nothing to close. */
export function closeWithCreditMemo(
  ctx: BookingContext,
  lookup: Lookup,
  reason: ClosingReason,
  invoice: StripeInvoice,
  bookedInvoice: Booked,
  amountMinor: number,
): RecordOutcome | null {
  if (amountMinor <= 0) return null;
  const values = closingCreditMemoValues(reason, invoice, bookedInvoice.id, amountMinor);
  const made = createOnce(
    lookup,
    values.externalId,
    () => ctx.books.createClosingCreditMemo(values),
    (id) =>
      booked(id, 'creditmemo', {
        createdFrom: bookedInvoice.id,
        entity: bookedInvoice.entity,
        totalMinor: amountMinor,
        currency: values.currency,
      }),
    // Not remembered: a credit memo the connector may delete again (an uncollectible invoice paid later).
    false,
  );
  return { stripeId: invoice.id, recordType: 'creditmemo', id: made.record.id, how: made.how };
}

/** The booked invoice's open amount closed with a credit memo for `reason`; null when nothing is open. */
export function closeOpenAmount(
  ctx: BookingContext,
  reason: ClosingReason,
  invoice: StripeInvoice,
): RecordOutcome | null {
  const lookup = new Lookup(ctx.books);
  const bookedInvoice = lookup.resolve([invoice.id]);
  if (!bookedInvoice) throw new Error(`Invoice ${invoice.id} was booked but is not found`);
  return closeWithCreditMemo(ctx, lookup, reason, invoice, bookedInvoice, stateOf(ctx, bookedInvoice).openMinor);
}

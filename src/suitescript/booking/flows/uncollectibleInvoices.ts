import { closingExternalId } from '../invoiceClosing';
import type { StripeInvoice } from '../stripeShapes';
import type { BookingContext } from './context';
import { closeOpenAmount } from './invoiceClosing';
import { bookInvoice } from './invoices';
import type { FlowOutcome, RecordOutcome } from './outcome';

/**
 * `invoice.marked_uncollectible` (and later events of an uncollectible invoice): the invoice and what Stripe
 * collected on it booked, then what is still open closed with a credit memo (`ns_unc:in_…`), unless the
 * _Uncollectible Invoices_ setting keeps it open.
 */
export function bookUncollectibleInvoice(invoice: StripeInvoice, ctx: BookingContext): FlowOutcome {
  const outcome = bookInvoice(invoice, ctx, { withPayments: true });
  if (outcome.skipped) return outcome;
  if (ctx.booking.uncollectibleHandling === 'keep_open')
    return {
      ...outcome,
      notes: [...(outcome.notes ?? []), 'uncollectible: kept open (Uncollectible Invoices: keep_open)'],
    };
  const memo = closeOpenAmount(ctx, 'uncollectible', invoice);
  const records: RecordOutcome[] = [...outcome.records, ...(memo ? [memo] : [])];
  return {
    stripeId: invoice.id,
    records,
    notes: [...(outcome.notes ?? []), memo ? 'uncollectible: closed' : 'uncollectible: nothing open'],
  };
}

/**
 * An invoice Stripe marked uncollectible and then saw paid: the credit memo that closed it is deleted, so
 * NetSuite reopens the invoice (Oracle help, "Voiding, Deleting, or Closing Transactions": a transaction that
 * closed another, once deleted, reopens it) and the payment applies to it. Returns what was undone.
 */
export function reopenUncollectible(invoice: StripeInvoice, ctx: BookingContext): string[] {
  // Asked of NetSuite, not memory: a memo this run deletes must not be remembered for the next event.
  const key = closingExternalId('uncollectible', invoice.id);
  const memo = ctx.books.find([key]).get(key);
  if (!memo) return [];
  ctx.books.deleteTransaction('creditmemo', memo.id);
  return [`uncollectible credit memo ${memo.id} deleted: paid after all`];
}

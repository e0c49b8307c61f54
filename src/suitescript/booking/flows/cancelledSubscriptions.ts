import { stripeClient } from '../stripeClient';
import type { StripeInvoice, StripeSubscription } from '../stripeShapes';
import type { BookingContext } from './context';
import { closeOpenAmount } from './invoiceClosing';
import { bookInvoice } from './invoices';
import { noteOf, skipped, type FlowOutcome, type RecordOutcome } from './outcome';

/** An open invoice a failed payment left behind: Stripe tried to collect it, or cancelled for the failure. */
function leftByFailedPayment(invoice: StripeInvoice, subscription: StripeSubscription): boolean {
  return subscription.cancellation_details?.reason === 'payment_failed' || (invoice.attempt_count ?? 0) > 0;
}

/**
 * `customer.subscription.deleted`: the billing document's "If payment fails, resulting in a canceled
 * subscription, the connector can automatically close the NetSuite invoice with a credit memo, or whatever
 * action you configure" (seed 002). With _Invoices of Cancelled Subscriptions_ `credit_memo`, each open
 * invoice of the subscription whose payment failed is booked and closed with a credit memo
 * (`ns_cancel:in_…`); with `keep_open` (the default) nothing is read or booked.
 */
export function bookCancelledSubscription(subscription: StripeSubscription, ctx: BookingContext): FlowOutcome {
  if (ctx.booking.cancelledSubscriptionHandling === 'keep_open')
    return skipped(subscription.id, 'its open invoices stay open (Invoices of Cancelled Subscriptions: keep_open)');
  const open = stripeClient(ctx.stripe)
    .invoices.list({ subscription: subscription.id, status: 'open' })
    .filter((invoice) => leftByFailedPayment(invoice, subscription));
  if (open.length === 0) return skipped(subscription.id, 'no open invoice left by a failed payment');
  const records: RecordOutcome[] = [];
  const notes: string[] = [];
  for (const invoice of open) {
    const booked = bookInvoice(invoice, ctx, { withPayments: true });
    if (booked.skipped) {
      notes.push(noteOf(booked));
      continue;
    }
    records.push(...booked.records);
    const memo = closeOpenAmount(ctx, 'cancelled', invoice);
    if (memo) records.push(memo);
  }
  return { stripeId: subscription.id, records, ...(notes.length > 0 ? { notes } : {}) };
}

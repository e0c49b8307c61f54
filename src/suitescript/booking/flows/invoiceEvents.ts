import { paidOffStripe } from '../invoiceClosing';
import type { StripeInvoice } from '../stripeShapes';
import type { BookingContext } from './context';
import { applyCustomerBalance } from './customerBalance';
import { bookVoidedInvoice } from './invoiceVoids';
import { bookInvoice } from './invoices';
import { bookOutOfBandPayment } from './outOfBandPayments';
import type { FlowOutcome } from './outcome';
import { bookUncollectibleInvoice, reopenUncollectible } from './uncollectibleInvoices';

/** Events whose invoice carries its payments: they are booked with it. */
const PAID_EVENTS = new Set(['invoice.payment_succeeded', 'invoice.paid']);

/**
 * Every invoice event goes by the invoice's status in the event, whatever its type (events come late and
 * out of order; the status is what Stripe says now): a void invoice is voided, an uncollectible one closed,
 * a paid one that was uncollectible reopened before its payment is applied, one paid outside Stripe closed
 * as the settings say; anything else is the invoice flow. An invoice paid from the customer balance then has
 * the balance's credit applied (flows/customerBalance.ts).
 */
export function bookInvoiceEvent(invoice: StripeInvoice, ctx: BookingContext, type: string): FlowOutcome {
  return withBalance(byStatus(invoice, ctx, type), invoice, ctx);
}

/** An invoice paid from the customer balance: once booked, the balance's credit memos applied to it. */
function withBalance(outcome: FlowOutcome, invoice: StripeInvoice, ctx: BookingContext): FlowOutcome {
  if (outcome.skipped) return outcome;
  const balance = applyCustomerBalance(invoice, ctx);
  if (balance === null) return outcome;
  const notes = [...(outcome.notes ?? []), ...(balance.notes ?? [])];
  return { ...outcome, records: [...outcome.records, ...balance.records], ...(notes.length > 0 ? { notes } : {}) };
}

function byStatus(invoice: StripeInvoice, ctx: BookingContext, type: string): FlowOutcome {
  if (invoice.status === 'void') return bookVoidedInvoice(invoice, ctx);
  if (invoice.status === 'uncollectible') return bookUncollectibleInvoice(invoice, ctx);
  if (invoice.status !== 'paid') return bookInvoice(invoice, ctx, { withPayments: PAID_EVENTS.has(type) });
  const reopened =
    (invoice.status_transitions?.marked_uncollectible_at ?? null) !== null ? reopenUncollectible(invoice, ctx) : [];
  const outcome =
    paidOffStripe(invoice) !== 0
      ? bookOutOfBandPayment(invoice, ctx)
      : bookInvoice(invoice, ctx, { withPayments: PAID_EVENTS.has(type) || reopened.length > 0 });
  return reopened.length > 0 ? { ...outcome, notes: [...reopened, ...(outcome.notes ?? [])] } : outcome;
}

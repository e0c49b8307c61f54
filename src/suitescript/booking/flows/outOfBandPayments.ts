import { BookingSetupError } from '../customers';
import { outOfBandPaymentValues, paidOffStripe } from '../invoiceClosing';
import { SETTINGS_FIELDS } from '../../settings';
import type { StripeInvoice } from '../stripeShapes';
import type { BookingContext } from './context';
import { closeWithCreditMemo, stateOf } from './invoiceClosing';
import { bookInvoice } from './invoices';
import type { FlowOutcome, RecordOutcome } from './outcome';
import { createOnce, Lookup, paymentRecord } from './recordLookup';

/**
 * `invoice.paid` for an invoice paid (in part) outside Stripe: the invoice and its Stripe payments booked,
 * then the part paid elsewhere closed as _Out-of-Band Payments_ says: a credit memo, or a customer payment
 * to the _Out-of-Band Payment Account_ applied to the invoice (both `ns_oob:in_…`).
 */
export function bookOutOfBandPayment(invoice: StripeInvoice, ctx: BookingContext): FlowOutcome {
  const outcome = bookInvoice(invoice, ctx, { withPayments: true });
  if (outcome.skipped) return outcome;
  const lookup = new Lookup(ctx.books);
  const bookedInvoice = lookup.resolve([invoice.id]);
  if (!bookedInvoice) throw new Error(`Invoice ${invoice.id} was booked but is not found`);
  const open = stateOf(ctx, bookedInvoice).openMinor;
  const amount = Math.min(paidOffStripe(invoice) ?? open, open);
  const records: RecordOutcome[] = [...outcome.records];
  const notes = (outcome.notes ?? []).filter((n) => !/outside Stripe was not booked/.test(n));
  if (amount <= 0) return { stripeId: invoice.id, records, notes: [...notes, 'paid outside Stripe: nothing open'] };
  if (ctx.booking.outOfBandHandling === 'credit_memo') {
    const memo = closeWithCreditMemo(ctx, lookup, 'out_of_band', invoice, bookedInvoice, amount);
    if (memo) records.push(memo);
  } else {
    records.push(paymentToAccount(ctx, lookup, invoice, bookedInvoice, amount));
  }
  return { stripeId: invoice.id, records, notes: [...notes, 'paid outside Stripe'] };
}

function paymentToAccount(
  ctx: BookingContext,
  lookup: Lookup,
  invoice: StripeInvoice,
  bookedInvoice: NonNullable<ReturnType<Lookup['resolve']>>,
  amount: number,
): RecordOutcome {
  const account = ctx.booking.outOfBandAccount;
  if (account === null)
    throw new BookingSetupError(`Out-of-band payments as payments need ${SETTINGS_FIELDS.outOfBandAccount}`);
  if (bookedInvoice.entity === null) throw new Error(`Invoice ${bookedInvoice.id} has no customer`);
  const values = outOfBandPaymentValues(invoice, bookedInvoice.entity, amount, ctx.booking);
  const made = createOnce(
    lookup,
    values.externalId,
    () => ctx.books.createInvoicePaymentToAccount(bookedInvoice.id, values, account),
    (id) => paymentRecord(id, values, bookedInvoice),
  );
  return { stripeId: invoice.id, recordType: 'customerpayment', id: made.record.id, how: made.how };
}

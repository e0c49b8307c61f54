import type { RefundSource } from '../ports';
import { creditMemoValues, customerRefundValues, refundsToBook } from '../refunds';
import type { StripeCharge, StripeRefund } from '../stripeShapes';
import { bookCharge } from './charges';
import { beforeSyncStart, type BookingContext } from './context';
import { noteOf, recordsOf, skipped, type FlowOutcome, type RecordOutcome } from './outcome';
import { booked, createOnce, Lookup } from './recordLookup';
import { settlementRate } from './settlementRates';
import { stripeClient } from '../stripeClient';

/**
 * `charge.refunded`: every succeeded refund of the charge not booked yet. Invoiced charge (its payment
 * was made from an invoice): a credit memo and a customer refund applying it; else a customer refund
 * applying the payment.
 */
export function bookRefunds(charge: StripeCharge, ctx: BookingContext): FlowOutcome {
  if (beforeSyncStart(ctx.booking, charge.created)) return skipped(charge.id, `${charge.id} predates the sync start`);
  const refunds: readonly StripeRefund[] =
    charge.refunds && !charge.refunds.has_more
      ? charge.refunds.data
      : stripeClient(ctx.stripe).refunds.list({ charge: charge.id, limit: 100 });
  const toBook = refundsToBook(refunds);
  if (toBook.length === 0) return skipped(charge.id, `${charge.id} has no succeeded refund to book`);
  const lookup = new Lookup(ctx.books);
  const records: RecordOutcome[] = [];
  let payment = lookup.resolve([charge.id]);
  if (!payment) {
    const charged = bookCharge({ ...charge, refunds: null }, ctx);
    records.push(...recordsOf(charged));
    lookup.forget(charge.id);
    payment = lookup.resolve([charge.id]);
    if (!payment) throw new Error(`Charge ${charge.id} has no NetSuite payment to refund (${noteOf(charged)})`);
  }
  const paid = payment;
  if (paid.entity === null) throw new Error(`Payment ${paid.id} of ${charge.id} has no customer`);
  const customer = paid.entity;
  for (const refund of toBook) {
    // A charge's only refund is most likely new: created straight away (see createOnce).
    const existing = toBook.length > 1 ? lookup.recall(refund.id) : null;
    if (existing) {
      records.push({ stripeId: refund.id, recordType: 'customerrefund', id: existing.id, how: 'found' });
      continue;
    }
    let applyTo: RefundSource = { id: paid.id, type: 'customerpayment' };
    // A refund settles at its own day's rate, not its charge's: its own balance transaction says which.
    const rate = settlementRate(ctx, refund.amount, refund.currency, refund.balance_transaction);
    if (paid.createdFrom !== null) {
      const invoice = paid.createdFrom;
      const memoValues = creditMemoValues(refund, charge.id, invoice, paid.createdFromTotalMinor, rate);
      const memo = createOnce(
        lookup,
        memoValues.externalId,
        () => ctx.books.createCreditMemo(memoValues),
        (id) =>
          booked(id, 'creditmemo', {
            createdFrom: invoice,
            entity: customer,
            totalMinor: refund.amount,
            currency: memoValues.currency,
          }),
      );
      records.push({ stripeId: refund.id, recordType: 'creditmemo', id: memo.record.id, how: memo.how });
      applyTo = { id: memo.record.id, type: 'creditmemo' };
    }
    const values = customerRefundValues(refund, charge.id, customer, applyTo, ctx.booking, rate);
    const made = createOnce(
      lookup,
      refund.id,
      () => ctx.books.createCustomerRefund(values),
      (id) =>
        booked(id, 'customerrefund', { entity: customer, totalMinor: values.amountMinor, currency: values.currency }),
    );
    records.push({ stripeId: refund.id, recordType: 'customerrefund', id: made.record.id, how: made.how });
  }
  return { stripeId: charge.id, records };
}

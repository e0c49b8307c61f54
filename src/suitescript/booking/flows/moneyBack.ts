import { moneyBackCreditMemoValues, moneyBackRefundValues, type MoneyBack } from '../refunds';
import type { Booked, RefundSource, RefundValues } from '../ports';
import type { StripeCharge } from '../stripeShapes';
import { bookCharge } from './charges';
import type { BookingContext } from './context';
import { noteOf, recordsOf, type RecordOutcome } from './outcome';
import { booked, createOnce, type Lookup } from './recordLookup';

/**
 * What refunds and disputes share: the NetSuite payment of the charge money goes back on (booked first
 * when it is not yet), and the credit memo and customer refund that give it back.
 */

/** The charge's customer payment; a charge not booked yet is booked now (its records added to `records`). */
export function paymentOfCharge(
  charge: StripeCharge,
  ctx: BookingContext,
  lookup: Lookup,
  records: RecordOutcome[],
): Booked {
  const payment = lookup.resolve([charge.id]);
  if (payment) return payment;
  const charged = bookCharge({ ...charge, refunds: null }, ctx);
  records.push(...recordsOf(charged));
  lookup.forget(charge.id);
  const booked = lookup.resolve([charge.id]);
  if (!booked) throw new Error(`Charge ${charge.id} has no NetSuite payment to give back (${noteOf(charged)})`);
  return booked;
}

/**
 * Gives `back` back on the payment `paid`: for an invoiced charge (its payment was made from an invoice) a
 * credit memo for the invoice and a customer refund applying it, else a customer refund applying the payment.
 * Both keyed by external ID (`ns_memo:<id>`, `<id>`), so a redelivery finds them.
 */
export function bookMoneyBack(
  back: MoneyBack,
  paid: Booked,
  rate: number | null,
  ctx: BookingContext,
  lookup: Lookup,
  fromDeposit: RefundValues['fromDeposit'] = undefined,
): RecordOutcome[] {
  if (paid.entity === null) throw new Error(`Payment ${paid.id} has no customer to give ${back.id} back to`);
  const customer = paid.entity;
  const records: RecordOutcome[] = [];
  let applyTo: RefundSource = { id: paid.id, type: 'customerpayment' };
  if (paid.createdFrom !== null) {
    const invoice = paid.createdFrom;
    // What an unbilled deposit gives back is not the invoice's: the memo credits the rest.
    const credited = fromDeposit ? { ...back, amount: back.amount - fromDeposit.amountMinor } : back;
    const memoValues = moneyBackCreditMemoValues(credited, invoice, paid.createdFromTotalMinor, rate, ctx.booking);
    const memo = createOnce(
      lookup,
      memoValues.externalId,
      () => ctx.books.createCreditMemo(memoValues),
      (id) =>
        booked(id, 'creditmemo', {
          createdFrom: invoice,
          entity: customer,
          totalMinor: credited.amount,
          currency: memoValues.currency,
        }),
    );
    records.push({ stripeId: back.id, recordType: 'creditmemo', id: memo.record.id, how: memo.how });
    applyTo = { id: memo.record.id, type: 'creditmemo' };
  }
  const values = {
    ...moneyBackRefundValues(back, customer, applyTo, ctx.booking, rate),
    ...(fromDeposit && { fromDeposit }),
  };
  const made = refundOnce(ctx, lookup, values);
  records.push({ stripeId: back.id, recordType: 'customerrefund', id: made.record.id, how: made.how });
  return records;
}

/**
 * The customer refund `values` describe, made once: keyed by its external ID (a redelivery finds it), remembered
 * with its customer, total and currency for the flows that follow.
 */
export function refundOnce(
  ctx: BookingContext,
  lookup: Lookup,
  values: RefundValues,
): { record: Booked; how: 'created' | 'found' } {
  return createOnce(
    lookup,
    values.externalId,
    () => ctx.books.createCustomerRefund(values),
    (id) =>
      booked(id, 'customerrefund', {
        entity: values.customer,
        totalMinor: values.amountMinor,
        currency: values.currency,
      }),
  );
}

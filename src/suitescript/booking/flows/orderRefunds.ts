import { moneyBackRefundValues, refundMoneyBack, type MoneyBack } from '../refunds';
import { stripeClient } from '../stripeClient';
import type { StripeCharge } from '../stripeShapes';
import type { BookingContext } from './context';
import { bookMoneyBack, refundOnce } from './moneyBack';
import { succeededRefundsOf } from './refunds';
import { bookedOrderOf, bookPaidOrder, type BookedOrder } from './orders';
import { type FlowOutcome, type RecordOutcome } from './outcome';
import { booked, Lookup } from './recordLookup';
import { settlementRate } from './settlementRates';

/**
 * `charge.refunded` of an order's charge. Billed (the order's invoice exists): a credit memo for the invoice
 * (the whole invoice, or for a part its lines pro rata, as invoice refunds do) and a customer refund applying
 * it. Not billed: a customer refund of the customer deposit (the refund's `deposit` sublist). The seed says
 * "a CreditMemo associated with the Invoice or SalesOrder", but NetSuite makes credit memos from invoices
 * (and return authorizations), not from sales orders: an order not billed has only its deposit to give back.
 */
export function bookOrderRefunds(charge: StripeCharge, orderId: string, ctx: BookingContext): FlowOutcome {
  const found = succeededRefundsOf(charge, ctx);
  if ('skipped' in found) return found.skipped;
  const toBook = found.refunds;
  const lookup = new Lookup(ctx.books);
  // The order is read from Stripe only when its records are not all booked yet (then they are booked first).
  const paid =
    bookedOrderOf(ctx, lookup, charge.id, orderId) ??
    bookPaidOrder(stripeClient(ctx.stripe).orders.retrieve(orderId), { ...charge, refunds: null }, ctx);
  if ('skipped' in paid) return { ...paid.skipped, stripeId: charge.id };
  const records: RecordOutcome[] = [...paid.outcome.records];
  let givenBack = 0;
  // Oldest first: Stripe lists newest first, and refunds of one second tie on `created` (the sort is stable).
  for (const refund of [...toBook].reverse().sort((a, b) => a.created - b.created)) {
    const before = givenBack;
    givenBack += refund.amount;
    const existing = toBook.length > 1 ? lookup.recall(refund.id) : null;
    if (existing) {
      records.push({ stripeId: refund.id, recordType: 'customerrefund', id: existing.id, how: 'found' });
      continue;
    }
    // A refund settles at its own day's rate: its own balance transaction says which.
    const rate = settlementRate(ctx, refund.amount, refund.currency, refund.balance_transaction);
    records.push(...giveBackOnOrder(refundMoneyBack(refund, charge.id), paid, rate, ctx, lookup, before));
  }
  return { stripeId: charge.id, records };
}

/**
 * What of the deposit no invoice took and `givenBackBefore` (earlier refunds of the charge) left: an order
 * billed at payment whose inventory lines wait for fulfilment is billed only in part (NetSuite bills fulfilled
 * quantities), its deposit applied only to that part.
 */
function unbilledDepositLeft(paid: BookedOrder, givenBackBefore: number): number {
  const unbilled = (paid.deposit.totalMinor ?? 0) - (paid.invoice?.totalMinor ?? 0);
  return Math.max(0, unbilled - givenBackBefore);
}

/**
 * Gives `back` (a refund, or a dispute's withdrawal) back on a paid order: billed, a credit memo for its invoice
 * and a customer refund applying it (as for an invoiced charge, flows/moneyBack.ts); not billed, a customer
 * refund of the order's customer deposit. Billed in part: the deposit no invoice took is given back first (the
 * goods not yet billed are the ones a refund usually stops), the rest by a credit memo for the invoice, one
 * customer refund taking both. Keyed by external ID, so a redelivery finds them.
 */
export function giveBackOnOrder(
  back: MoneyBack,
  paid: BookedOrder,
  rate: number | null,
  ctx: BookingContext,
  lookup: Lookup,
  givenBackBefore = 0,
): RecordOutcome[] {
  const customer = paid.deposit.entity ?? paid.salesOrder.entity;
  if (customer === null)
    throw new Error(`Customer deposit ${paid.deposit.id} has no customer to give ${back.id} back to`);
  const fromDepositMinor = Math.min(back.amount, unbilledDepositLeft(paid, givenBackBefore));
  if (paid.invoice !== null && fromDepositMinor < back.amount) {
    // As an invoiced charge's refund (flows/moneyBack.ts): a credit memo made from the invoice, then the refund.
    const asPaid = booked(paid.deposit.id, 'customerdeposit', {
      entity: customer,
      createdFrom: paid.invoice.id,
      createdFromTotalMinor: paid.invoice.totalMinor,
      currency: paid.deposit.currency,
    });
    const fromDeposit = fromDepositMinor > 0 ? { id: paid.deposit.id, amountMinor: fromDepositMinor } : undefined;
    return bookMoneyBack(back, asPaid, rate, ctx, lookup, fromDeposit);
  }
  const values = moneyBackRefundValues(
    back,
    customer,
    { id: paid.deposit.id, type: 'customerdeposit' },
    ctx.booking,
    rate,
  );
  const made = refundOnce(ctx, lookup, values);
  return [{ stripeId: back.id, recordType: 'customerrefund', id: made.record.id, how: made.how }];
}

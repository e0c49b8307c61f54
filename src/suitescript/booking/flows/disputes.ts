import type { MoneyBack } from '../refunds';
import { orderOfCharge, type StripeBalanceTransaction, type StripeCharge, type StripeDispute } from '../stripeShapes';
import { stripeClient } from '../stripeClient';
import { beforeSyncStart, type BookingContext } from './context';
import { bookMoneyBack, paymentOfCharge } from './moneyBack';
import { giveBackOnOrder } from './orderRefunds';
import { bookedOrderOf, bookPaidOrder } from './orders';
import { skipped, type FlowOutcome, type RecordOutcome } from './outcome';
import { Lookup } from './recordLookup';
import { settlementRate } from './settlementRates';

/**
 * The balance transaction that took the disputed funds: the dispute's debit (reporting category
 * `dispute`, amount below zero). An inquiry or warning has none until it escalates; a won dispute keeps it beside its
 * `dispute_reversal`, which the payout's deposit books.
 */
export function withdrawalOf(dispute: StripeDispute): StripeBalanceTransaction | null {
  // The countered fee is a `dispute` transaction too, of amount 0: only a debit withdraws.
  return dispute.balance_transactions.find((bt) => bt.amount < 0) ?? null;
}

export function disputeMoneyBack(dispute: StripeDispute, chargeId: string): MoneyBack {
  const { id, amount, currency, created } = dispute;
  const reason = dispute.reason ? ` (${dispute.reason})` : '';
  return { id, amount, currency, created, memo: `Stripe: dispute ${id} of ${chargeId}${reason}` };
}

/**
 * `charge.dispute.created` / `funds_withdrawn` / `updated`: once funds are withdrawn, the disputed amount
 * leaves the customer's payment as refunds do (see moneyBack.ts), keyed by the dispute ID — the source of
 * its balance transactions, which the payout's deposit ticks. Its rate is the withdrawal's. Reinstated
 * funds and dispute fees are deposit lines of the payout that holds them (booking/payouts.ts). A legacy order's
 * charge was booked as a customer deposit, not a payment: its dispute follows the order's refund routing.
 */
export function bookDispute(dispute: StripeDispute, ctx: BookingContext): FlowOutcome {
  if (beforeSyncStart(ctx.booking, dispute.created)) {
    return skipped(dispute.id, `${dispute.id} predates the sync start`);
  }
  const withdrawal = withdrawalOf(dispute);
  if (withdrawal === null) {
    return skipped(dispute.id, `${dispute.id} (${dispute.status}) has withdrawn no funds`);
  }
  const lookup = new Lookup(ctx.books);
  // Later events of a booked dispute (updated, evidence, closed) find its refund in memory: 1 unit.
  const known = lookup.recall(dispute.id);
  if (known !== null) {
    return {
      stripeId: dispute.id,
      records: [{ stripeId: dispute.id, recordType: known.recordType, id: known.id, how: 'found' }],
    };
  }
  const chargeId = typeof dispute.charge === 'string' ? dispute.charge : dispute.charge.id;
  const rate = settlementRate(ctx, dispute.amount, dispute.currency, withdrawal);
  const back = disputeMoneyBack(dispute, chargeId);
  // The charge's payment from memory when it is booked: the charge is read from Stripe only to book it, or when
  // what was booked for it is an order's customer deposit (the order's routing needs the order).
  const found = lookup.resolve([chargeId]);
  if (found !== null && found.recordType !== 'customerdeposit') {
    return { stripeId: dispute.id, records: bookMoneyBack(back, found, rate, ctx, lookup) };
  }
  const charge =
    typeof dispute.charge === 'string' ? stripeClient(ctx.stripe).charges.retrieve(chargeId) : dispute.charge;
  const orderId = orderOfCharge(charge);
  if (orderId !== null) return bookOrderDispute(dispute, charge, orderId, back, rate, ctx, lookup);
  if (found !== null) throw new Error(`${chargeId} is booked as customer deposit ${found.id} but pays no order`);
  const records: RecordOutcome[] = [];
  const paid = paymentOfCharge(charge, ctx, lookup, records);
  records.push(...bookMoneyBack(back, paid, rate, ctx, lookup));
  return { stripeId: dispute.id, records };
}

/**
 * A dispute of a legacy order's charge: its money leaves the order's customer deposit as an order refund's does
 * (flows/orderRefunds.ts): billed, a credit memo for the order's invoice and a customer refund; not billed, a
 * customer refund of the deposit. The order is booked first when it is not yet.
 */
function bookOrderDispute(
  dispute: StripeDispute,
  charge: StripeCharge,
  orderId: string,
  back: MoneyBack,
  rate: number | null,
  ctx: BookingContext,
  lookup: Lookup,
): FlowOutcome {
  // As for a refund (flows/orderRefunds.ts): the order is read from Stripe only when its records are not booked.
  const paid =
    bookedOrderOf(ctx, lookup, charge.id, orderId) ??
    bookPaidOrder(stripeClient(ctx.stripe).orders.retrieve(orderId), { ...charge, refunds: null }, ctx);
  if ('skipped' in paid) return { ...paid.skipped, stripeId: dispute.id };
  return {
    stripeId: dispute.id,
    // Refunds before the dispute took the unbilled deposit first (flows/orderRefunds.ts).
    records: [...paid.outcome.records, ...giveBackOnOrder(back, paid, rate, ctx, lookup, charge.amount_refunded ?? 0)],
  };
}

import type { MoneyBack } from '../refunds';
import type { StripeBalanceTransaction, StripeDispute } from '../stripeShapes';
import { stripeClient } from '../stripeClient';
import { beforeSyncStart, type BookingContext } from './context';
import { bookMoneyBack, paymentOfCharge } from './moneyBack';
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
 * funds and dispute fees are deposit lines of the payout that holds them (booking/payouts.ts).
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
  // The charge's payment from memory when it is booked: the charge is read from Stripe only to book it.
  const chargeId = typeof dispute.charge === 'string' ? dispute.charge : dispute.charge.id;
  const records: RecordOutcome[] = [];
  const paid =
    lookup.resolve([chargeId]) ??
    paymentOfCharge(
      typeof dispute.charge === 'string' ? stripeClient(ctx.stripe).charges.retrieve(chargeId) : dispute.charge,
      ctx,
      lookup,
      records,
    );
  const rate = settlementRate(ctx, dispute.amount, dispute.currency, withdrawal);
  records.push(...bookMoneyBack(disputeMoneyBack(dispute, chargeId), paid, rate, ctx, lookup));
  return { stripeId: dispute.id, records };
}

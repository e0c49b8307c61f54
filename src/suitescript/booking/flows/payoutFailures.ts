import { REVERSED_PAYOUT_CATEGORY, type PayoutBalanceTransaction } from '../../deposits/depositPlan';
import { formatMinorUnits } from '../../money';
import type { PayoutBooks, PayoutReconciliation } from '../payouts';
import type { StripeClient } from '../stripeClient';
import type { StripeBalanceTransactionSource, StripePayout } from '../stripeShapes';

/**
 * Payouts that fail. "Some payouts that fail might initially show as paid, then change to failed" (Stripe
 * API reference, the Payout object, `status`); the funds come back to the Stripe balance through the
 * payout's `failure_balance_transaction` (reporting category `payout_reversal`) and leave again in a later
 * payout. The books follow the money: the failed payout's deposit is given back, so its payments wait in
 * Undeposited Funds again, and the later payout deposits them.
 */

/** A failed payout's reconciliation status: deposit deleted (or never made), or reversed by a journal entry. */
export const FAILED = 'failed';
export const FAILED_REVERSED = 'failed_reversed';

export function hasFailed(known: PayoutReconciliation | null): boolean {
  return known?.status === FAILED || known?.status === FAILED_REVERSED;
}

/**
 * payout.failed (or a payout read as failed): deposits made for it are deleted, so their payments return to
 * Undeposited Funds; where NetSuite refuses to delete one (a deposit already reconciled to the bank
 * statement), a journal entry moves its amount from the bank back to Undeposited Funds. Recorded as failed,
 * so a late payout.paid makes no deposit. Running it again changes nothing.
 */
export function bookFailedPayout(payout: StripePayout, books: PayoutBooks): string {
  const known = books.reconciliation(payout.id);
  if (hasFailed(known)) return `Payout ${payout.id} failed; already recorded.`;
  const deposits = books.existingDeposits(payout.id);
  const undone = deposits.map((id) => ({ id, how: books.undoDeposit(payout, id) }));
  const reversed = undone.filter((d) => d.how === 'reversed').map((d) => d.id);
  const deleted = undone.filter((d) => d.how === 'deleted').map((d) => d.id);
  const why = [payout.failure_code, payout.failure_message].filter(Boolean).join(': ') || 'no reason given';
  const parts = [`Payout failed (${why}).`];
  if (deleted.length > 0)
    parts.push(`Deposit ${deleted.join(', ')} deleted: its payments are back in Undeposited Funds.`);
  if (reversed.length > 0)
    parts.push(
      `Deposit ${reversed.join(', ')} could not be deleted (reconciled): reversed to Undeposited Funds by journal entry.`,
    );
  if (deposits.length === 0) parts.push('No deposit had been made.');
  parts.push('A later payout carries the funds.');
  books.recordReconciliation(
    payout,
    {
      status: reversed.length > 0 ? FAILED_REVERSED : FAILED,
      deposits: reversed,
      problems: [],
      note: parts.join(' '),
      transactions: 0,
      plan: null,
    },
    known,
  );
  return `Payout ${payout.id} (${formatMinorUnits(payout.amount, payout.currency)}): ${parts.join(' ')}`;
}

const MAX_DEPTH = 3;

function failedPayoutOf(bt: PayoutBalanceTransaction): StripeBalanceTransactionSource | null {
  if (bt.reporting_category !== 'payout_reversal' || bt.source === null) return null;
  const source = typeof bt.source === 'string' ? { id: bt.source } : bt.source;
  return source.id.startsWith('po_') ? source : null;
}

/**
 * A payout carrying the returned funds of a failed automatic payout (a `payout_reversal` balance transaction
 * whose source is that payout) deposits what the failed payout held: its balance transactions take the
 * reversal's place, so its payments, refunds and fees are deposited again. Where the failed payout's deposit
 * was reversed by a journal entry instead, the funds are in Undeposited Funds as one amount: the reversal
 * stays one line, to Undeposited Funds (`REVERSED_PAYOUT_CATEGORY`). A reversal that cannot be expanded (a
 * manual payout, whose transactions Stripe does not itemise, or a list that does not add up) stays as it is,
 * for the account mapped to `payout_reversal`.
 */
export function expandFailedPayouts(
  listed: readonly PayoutBalanceTransaction[],
  stripe: StripeClient,
  books: Pick<PayoutBooks, 'reconciliation'>,
  depth = 0,
): PayoutBalanceTransaction[] {
  const out: PayoutBalanceTransaction[] = [];
  for (const bt of listed) {
    const failed = failedPayoutOf(bt);
    if (failed === null || depth >= MAX_DEPTH) {
      out.push(bt);
      continue;
    }
    if (books.reconciliation(failed.id)?.status === FAILED_REVERSED) {
      out.push({ ...bt, reporting_category: REVERSED_PAYOUT_CATEGORY });
      continue;
    }
    const automatic = (failed as { automatic?: unknown }).automatic;
    const held =
      automatic === false
        ? []
        : stripe.balanceTransactions
            .list<PayoutBalanceTransaction>({ payout: failed.id, expand: ['data.source'] }, { maxItems: 100_000 })
            .filter((held) => held.reporting_category !== 'payout');
    const net = held.reduce((sum, h) => sum + h.net, 0);
    if (held.length === 0 || net !== bt.net) {
      out.push(bt);
      continue;
    }
    out.push(...expandFailedPayouts(held, stripe, books, depth + 1));
  }
  return out;
}

import type Stripe = require('stripe');
import {
  planDeposit,
  sourcesToLookUp,
  type DepositPart,
  type DepositProblem,
  type NetSuiteSource,
  type PayoutBalanceTransaction,
} from '../deposits/depositPlan';
import type { HandlerContext } from '../events/processor';
import { formatMinorUnits } from '../money';

/** What the payout flow reads from and writes to NetSuite (netsuite/payoutDeposits.ts). */
export interface PayoutBooks {
  /** Deposits already made for the payout (by external ID), if any. */
  existingDeposits(payoutId: string): number[];
  /** NetSuite transactions for Stripe source IDs, in one query per batch. */
  sources(stripeIds: readonly string[]): ReadonlyMap<string, NetSuiteSource>;
  bankAccount(settingsId: number, currency: string): number | null;
  createDeposit(payout: Stripe.Payout, part: DepositPart, partCount: number, bankAccount: number): number;
  /** Books a balance transaction's source that NetSuite does not have yet (the charge or refund flow). */
  syncSource(source: PayoutBalanceTransaction['source'], category: string): void;
  recordReconciliation(
    payout: Stripe.Payout,
    result: {
      status: 'reconciled' | 'unreconciled' | 'validated';
      deposits: number[];
      problems: readonly DepositProblem[];
      transactions: number;
    },
  ): void;
}

export class PayoutUnreconciledError extends Error {
  readonly code = 'SNC_PAYOUT_UNRECONCILED';
}

function describe(problems: readonly DepositProblem[]): string {
  return problems
    .map((p) => `${p.code}${p.balanceTransaction ? ` (${p.balanceTransaction})` : ''}: ${p.detail}`)
    .join('; ');
}

/**
 * payout.created validates the payout's balance transactions; payout.paid / payout.updated make one deposit
 * (or several past NetSuite's line limit) equal to the payout to the cent, or make none and record why.
 */
export function bookPayout(event: Stripe.Event, context: HandlerContext, books: PayoutBooks): string {
  const payoutId = (event.data.object as { id: string }).id;
  const payout = context.stripe.retrieve<Stripe.Payout>(`/v1/payouts/${encodeURIComponent(payoutId)}`);
  if (!payout.automatic)
    return `Manual payout ${payout.id}: not deposited (its balance transactions are not itemised by Stripe).`;
  if (payout.status === 'failed' || payout.status === 'canceled')
    return `Payout ${payout.id} is ${payout.status}: no deposit.`;
  const existing = books.existingDeposits(payout.id);
  if (existing.length > 0) return `Payout ${payout.id} is already deposited (deposit ${existing.join(', ')}).`;

  const balanceTransactions = context.stripe
    .list<Stripe.BalanceTransaction>(
      '/v1/balance_transactions',
      { payout: payout.id, expand: ['data.source'] },
      { maxItems: 100_000 },
    )
    .filter(
      (bt) => bt.id !== payout.balance_transaction && bt.reporting_category !== 'payout',
    ) as PayoutBalanceTransaction[];
  const feeAccount = context.settings.booking.feeAccount;
  const plan = (): ReturnType<typeof planDeposit> =>
    planDeposit({
      payout,
      balanceTransactions,
      netsuite: books.sources(sourcesToLookUp(balanceTransactions)),
      accounts: { bank: books.bankAccount(context.settings.id, payout.currency), fees: feeAccount, byCategory: {} },
    });
  let result = plan();
  if (!result.ok) {
    // Sources NetSuite lacks are booked by their own flows, then the payout is planned again.
    const missing = new Set(result.problems.filter((p) => p.code === 'not_synced').map((p) => p.balanceTransaction));
    const syncErrors: string[] = [];
    for (const bt of balanceTransactions.filter((b) => missing.has(b.id))) {
      try {
        books.syncSource(bt.source, bt.reporting_category);
      } catch (error) {
        syncErrors.push(`${bt.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (missing.size > 0) result = plan();
    if (!result.ok && syncErrors.length > 0) {
      result = {
        ok: false,
        problems: [
          ...result.problems,
          ...syncErrors.map((detail) => ({
            code: 'not_synced' as const,
            balanceTransaction: null,
            detail: `sync failed: ${detail}`,
          })),
        ],
      };
    }
  }
  const validateOnly = event.type === 'payout.created' || payout.status !== 'paid';
  if (!result.ok) {
    books.recordReconciliation(payout, {
      status: 'unreconciled',
      deposits: [],
      problems: result.problems,
      transactions: balanceTransactions.length,
    });
    const text = `Payout ${payout.id} (${formatMinorUnits(payout.amount, payout.currency)}) cannot be deposited: ${describe(result.problems)}`;
    // A payout in transit is checked again when it is paid; a paid one retries until it reconciles.
    if (validateOnly) return text;
    throw new PayoutUnreconciledError(text);
  }
  if (validateOnly) {
    books.recordReconciliation(payout, {
      status: 'validated',
      deposits: [],
      problems: [],
      transactions: balanceTransactions.length,
    });
    return `Payout ${payout.id} validated: ${balanceTransactions.length} balance transactions, ready to deposit when paid.`;
  }
  const deposits = result.plan.parts.map((part) =>
    books.createDeposit(payout, part, result.plan.parts.length, result.plan.bankAccount),
  );
  books.recordReconciliation(payout, {
    status: 'reconciled',
    deposits,
    problems: [],
    transactions: balanceTransactions.length,
  });
  return `Payout ${payout.id} deposited: ${formatMinorUnits(result.plan.proof.totalMinor, payout.currency)} in deposit ${deposits.join(', ')}.`;
}

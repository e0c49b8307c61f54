import {
  categoriesToMap,
  planDeposit,
  REVERSED_PAYOUT_CATEGORY,
  sourcesToLookUp,
  type DepositAccounts,
  type DepositExchange,
  type DepositPart,
  type DepositProblem,
  type NetSuiteSource,
  type PayoutBalanceTransaction,
} from '../deposits/depositPlan';
import type { HandlerContext } from '../events/processor';
import type { BookingSettings } from '../settings';
import { formatMinorUnits } from '../money';
import { isDuplicate } from '../netsuiteErrors';
import { bookFailedPayout, expandFailedPayouts, hasFailed } from './flows/payoutFailures';
import { stripeClient, type StripeClient } from './stripeClient';
import type { StripeEvent, StripePayout } from './stripeShapes';

/** A deposit as the plan proved it, in the few fields making it needs (stored between payout events). */
export interface DepositToMake {
  index: number;
  totalMinor: number;
  /** NetSuite payments and refunds to tick. */
  payments: number[];
  cashback: { account: number; amountMinor: number; memo: string }[];
  other: { account: number; amountMinor: number; memo: string }[];
}

/** A validated plan kept on the payout's reconciliation record from `payout.created` to `payout.paid`. */
export interface StoredDepositPlan {
  payoutId: string;
  amountMinor: number;
  currency: string;
  bankAccount: number;
  transactions: number;
  deposits: DepositToMake[];
}

/** `failed` / `failed_reversed`: the payout failed; its deposit was deleted (or never made) / reversed. */
export type ReconciliationStatus = 'reconciled' | 'unreconciled' | 'validated' | 'failed' | 'failed_reversed';

export interface PayoutReconciliation {
  id: number;
  status: string;
  plan: StoredDepositPlan | null;
}

function toMake(part: DepositPart): DepositToMake {
  const account = (line: DepositPart['cashback'][number]): DepositToMake['cashback'][number] => ({
    account: line.account,
    amountMinor: line.amountMinor,
    memo: line.memo,
  });
  return {
    index: part.index,
    totalMinor: part.totalMinor,
    payments: part.payments.map((line) => line.transactionId),
    cashback: part.cashback.map(account),
    other: part.other.map(account),
  };
}

/** What the payout flow reads from and writes to NetSuite (netsuite/payoutDeposits.ts). */
export interface PayoutBooks {
  /** Deposits already made for the payout (by external ID), if any. */
  existingDeposits(payoutId: string): number[];
  /** NetSuite transactions for Stripe source IDs, in one query per batch. */
  sources(stripeIds: readonly string[]): ReadonlyMap<string, NetSuiteSource>;
  bankAccount(settingsId: number, currency: string): number | null;
  /**
   * The settings' Reporting Category Account records: an account per Stripe reporting category. Asked only
   * when a payout holds a category the settings record alone does not decide (`categoriesToMap`).
   */
  categoryAccounts?(settingsId: number): Readonly<Record<string, number>>;
  /**
   * The subsidiary's base currency and the rate a deposit in `currency` made on `day` (Unix seconds) takes;
   * asked only for payouts holding converted charges. Null: NetSuite gave no base currency (the payout
   * currency is then taken as the base).
   */
  depositExchange?(currency: string, day: number): DepositExchange | null;
  createDeposit(payout: StripePayout, deposit: DepositToMake, depositCount: number, bankAccount: number): number;
  /**
   * Gives back a deposit of a payout that failed: deleted, or where NetSuite refuses (a reconciled deposit),
   * reversed by a journal entry from the bank account to Undeposited Funds.
   */
  undoDeposit(payout: StripePayout, depositId: number): 'deleted' | 'reversed';
  /** Books a balance transaction's source that NetSuite does not have yet (the charge or refund flow). */
  syncSource(source: PayoutBalanceTransaction['source'], category: string): void;
  /** The payout's reconciliation record, if there is one. */
  reconciliation(payoutId: string): PayoutReconciliation | null;
  /**
   * Writes the payout's reconciliation record (`known`: the one read before, else it is created). When
   * another run created it first, returns that record unchanged if it says reconciled.
   */
  recordReconciliation(
    payout: StripePayout,
    result: {
      status: ReconciliationStatus;
      deposits: number[];
      problems: readonly DepositProblem[];
      /** What happened besides problems (a failed payout's undone deposit). */
      note?: string;
      transactions: number;
      plan: StoredDepositPlan | null;
    },
    known: PayoutReconciliation | null,
  ): PayoutReconciliation;
}

export class PayoutUnreconciledError extends Error {
  readonly code = 'SNC_PAYOUT_UNRECONCILED';
}

/** A paid payout whose balance transactions Stripe cannot list yet: retried until it can. */
export class PayoutNotListableError extends Error {
  readonly code = 'SNC_PAYOUT_NOT_RECONCILED_BY_STRIPE';
}

function describe(problems: readonly DepositProblem[]): string {
  return problems
    .map((p) => `${p.code}${p.balanceTransaction ? ` (${p.balanceTransaction})` : ''}: ${p.detail}`)
    .join('; ');
}

/**
 * The accounts a deposit's lines go to, from the settings and the Reporting Category Account records
 * (`mapped`). Dispute fees default to the fee account; funds a won dispute reinstates (`dispute_reversal`)
 * to the Dispute Reinstatement Account, else the income account, as the established connector books them
 * (a category record for it is not read: the settings field decides). `tax` falls back to the fee account
 * in the plan. Every other category has only its record.
 */
export function depositAccounts(
  booking: BookingSettings,
  bank: number | null,
  mapped: Readonly<Record<string, number>> = {},
): DepositAccounts {
  const reinstatement = booking.disputeReinstatementAccount ?? booking.incomeAccount;
  const byCategory: Record<string, number> = { ...mapped };
  delete byCategory['dispute_reversal'];
  if (reinstatement !== null) byCategory['dispute_reversal'] = reinstatement;
  // A failed payout whose deposit was reversed left its funds in Undeposited Funds as one amount.
  if (booking.undepositedFundsAccount !== null) byCategory[REVERSED_PAYOUT_CATEGORY] = booking.undepositedFundsAccount;
  return {
    bank,
    fees: booking.feeAccount,
    disputeFees: booking.disputeFeeAccount ?? booking.feeAccount,
    conversionFees: booking.conversionFeeAccount,
    fxGainLoss: booking.fxGainLossAccount,
    undepositedFunds: booking.undepositedFundsAccount,
    byCategory,
  };
}

/** A kept plan serves the payout as it is paid, into the bank account its currency maps to now. */
function planFits(plan: StoredDepositPlan, payout: StripePayout, bankAccount: () => number | null): boolean {
  return (
    plan.payoutId === payout.id &&
    plan.amountMinor === payout.amount &&
    plan.currency === payout.currency.toLowerCase() &&
    plan.bankAccount === bankAccount()
  );
}

function deposited(payout: StripePayout, deposits: readonly number[], how: string): string {
  return `Payout ${payout.id} deposited: ${formatMinorUnits(payout.amount, payout.currency)} in deposit ${deposits.join(', ')}${how}.`;
}

/**
 * The payout as it is now: the payloads of created, paid and failed will do (paid and failed are final),
 * unless a paid payout's event predates Stripe's reconciliation; updated may be anything by now.
 */
function currentPayout(event: StripeEvent, stripe: StripeClient): StripePayout {
  const payload = event.data.object as StripePayout;
  const stale =
    event.type === 'payout.updated' || (payload.status === 'paid' && payload.reconciliation_status === 'in_progress');
  return stale ? stripe.payouts.retrieve(payload.id) : payload;
}

/** A source the payout needs is blocked by `netsuite_block_integration` (booking/metadataControl.ts). */
function isBlockedError(error: unknown): error is Error {
  return error instanceof Error && (error as { code?: unknown }).code === 'SNC_BLOCKED_BY_METADATA';
}

/**
 * Stripe's connector documents the same: "You can't permanently add a payment or payment-related record to the
 * denylist ... Until you remove the payment or record from the denylist, the deposit automation fails" (Stripe
 * docs, "Custom payment application"). The payout is not deposited, retried, and the admin told once.
 */
function blockedProblem(balanceTransaction: string, error: Error): DepositProblem {
  return {
    code: 'blocked_by_metadata',
    balanceTransaction,
    detail: `${balanceTransaction}: ${error.message}; the payout is deposited once it is booked`,
  };
}

/**
 * Once Stripe has reconciled a payout (payout.created or payout.reconciliation_completed before it arrives),
 * its balance transactions are validated and the plan kept; payout.paid / payout.updated /
 * reconciliation_completed of a paid payout make one deposit (or several past NetSuite's line limit) equal
 * to the payout to the cent, from the kept plan when there is one, or make none and record why.
 * payout.failed gives the deposit back (flows/payoutFailures.ts).
 */
export function bookPayout(event: StripeEvent, context: HandlerContext, books: PayoutBooks): string {
  const stripe = stripeClient(context.stripe);
  const payout = currentPayout(event, stripe);
  if (!payout.automatic)
    return `Manual payout ${payout.id}: not deposited (its balance transactions are not itemised by Stripe).`;
  if (payout.status === 'failed') return bookFailedPayout(payout, books);
  if (payout.status === 'canceled') return `Payout ${payout.id} is canceled: no deposit.`;
  if (payout.reconciliation_status === 'in_progress') {
    if (payout.status !== 'paid')
      return `Payout ${payout.id}: Stripe is still reconciling it; its balance transactions are checked when payout.reconciliation_completed arrives.`;
    throw new PayoutNotListableError(
      `Payout ${payout.id} is paid but Stripe has not finished reconciling it (reconciliation_status in_progress): its balance transactions cannot be listed yet. Retried; payout.reconciliation_completed deposits it.`,
    );
  }
  // created and reconciliation_completed before arrival only validate; paid is final.
  const validateOnly = event.type === 'payout.created' || payout.status !== 'paid';

  let known: PayoutReconciliation | null = null;
  if (!validateOnly) {
    known = books.reconciliation(payout.id);
    if (known?.status === 'reconciled') return `Payout ${payout.id} is already deposited.`;
    if (hasFailed(known)) return `Payout ${payout.id} failed after it was paid: no deposit.`;
    const plan = known?.plan ?? null;
    if (
      known !== null &&
      plan !== null &&
      planFits(plan, payout, () => books.bankAccount(context.settings.id, payout.currency))
    ) {
      const made = makeDeposits(payout, plan, books);
      if (made.ok) {
        books.recordReconciliation(
          payout,
          { status: 'reconciled', deposits: made.deposits, problems: [], transactions: plan.transactions, plan },
          known,
        );
        return deposited(payout, made.deposits, ' (plan validated before it was paid)');
      }
      // The kept plan no longer fits NetSuite (say, a payment was deposited by hand): plan again.
    }
  }

  const listed = stripe.balanceTransactions
    .list<PayoutBalanceTransaction>({ payout: payout.id, expand: ['data.source'] }, { maxItems: 100_000 })
    .filter((bt) => bt.id !== payout.balance_transaction && bt.reporting_category !== 'payout');
  const balanceTransactions = expandFailedPayouts(listed, stripe, books);
  // Only payouts with converted charges need the base currency and the deposit's rate (10 units when the
  // payout currency is not the base currency, N/currency).
  const converted = balanceTransactions.some((bt) => bt.exchange_rate !== null && bt.exchange_rate !== undefined);
  const exchange = converted ? (books.depositExchange?.(payout.currency, payout.arrival_date) ?? undefined) : undefined;
  // The category records are read only for a payout holding a category the settings do not decide.
  const mapped = categoriesToMap(balanceTransactions).length > 0 ? books.categoryAccounts?.(context.settings.id) : {};
  const plan = (): ReturnType<typeof planDeposit> =>
    planDeposit({
      payout,
      balanceTransactions,
      netsuite: books.sources(sourcesToLookUp(balanceTransactions)),
      accounts: depositAccounts(
        context.settings.booking,
        books.bankAccount(context.settings.id, payout.currency),
        mapped,
      ),
      ...(exchange ? { exchange } : {}),
    });
  let result = plan();
  if (!result.ok && result.problems.some((p) => p.code === 'already_deposited')) {
    const existing = books.existingDeposits(payout.id);
    if (existing.length > 0) {
      books.recordReconciliation(
        payout,
        {
          status: 'reconciled',
          deposits: existing,
          problems: [],
          transactions: balanceTransactions.length,
          plan: null,
        },
        known,
      );
      return `Payout ${payout.id} is already deposited (deposit ${existing.join(', ')}).`;
    }
  }
  if (!result.ok) {
    // Sources NetSuite lacks are booked by their own flows, then the payout is planned again.
    const missing = new Set(result.problems.filter((p) => p.code === 'not_synced').map((p) => p.balanceTransaction));
    const syncErrors: string[] = [];
    const blocked: DepositProblem[] = [];
    for (const bt of balanceTransactions.filter((b) => missing.has(b.id))) {
      try {
        books.syncSource(bt.source, bt.reporting_category);
      } catch (error) {
        if (isBlockedError(error)) blocked.push(blockedProblem(bt.id, error));
        else syncErrors.push(`${bt.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (missing.size > 0) result = plan();
    if (!result.ok && blocked.length > 0) {
      // The blocked source stays not_synced in the plan; its own problem says why and what releases it.
      const named = new Set(blocked.map((p) => p.balanceTransaction));
      result = {
        ok: false,
        problems: [
          ...blocked,
          ...result.problems.filter((p) => !(p.code === 'not_synced' && named.has(p.balanceTransaction))),
        ],
      };
    }
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
  const transactions = balanceTransactions.length;
  if (!result.ok) {
    const kept = books.recordReconciliation(
      payout,
      { status: 'unreconciled', deposits: [], problems: result.problems, transactions, plan: null },
      known,
    );
    if (kept.status === 'reconciled') return `Payout ${payout.id} is already deposited.`;
    if (hasFailed(kept)) return `Payout ${payout.id} failed: no deposit.`;
    const text = `Payout ${payout.id} (${formatMinorUnits(payout.amount, payout.currency)}) cannot be deposited: ${describe(result.problems)}`;
    // A payout in transit is checked again when it is paid; a paid one retries until it reconciles.
    if (validateOnly) return text;
    throw new PayoutUnreconciledError(text);
  }
  const stored: StoredDepositPlan = {
    payoutId: payout.id,
    amountMinor: payout.amount,
    currency: payout.currency.toLowerCase(),
    bankAccount: result.plan.bankAccount,
    transactions,
    deposits: result.plan.parts.map(toMake),
  };
  if (validateOnly) {
    const kept = books.recordReconciliation(
      payout,
      { status: 'validated', deposits: [], problems: [], transactions, plan: stored },
      known,
    );
    if (kept.status === 'reconciled') return `Payout ${payout.id} is already deposited.`;
    if (hasFailed(kept)) return `Payout ${payout.id} failed: no deposit.`;
    return `Payout ${payout.id} validated: ${transactions} balance transactions, ready to deposit when paid.`;
  }
  const made = makeDeposits(payout, stored, books);
  if (!made.ok) throw made.error;
  books.recordReconciliation(
    payout,
    { status: 'reconciled', deposits: made.deposits, problems: [], transactions, plan: stored },
    known,
  );
  return deposited(payout, made.deposits, '');
}

type Made = { ok: true; deposits: number[] } | { ok: false; error: unknown };

/** The plan's deposits; a deposit made before (same external ID) counts as made. */
function makeDeposits(payout: StripePayout, plan: StoredDepositPlan, books: PayoutBooks): Made {
  try {
    return {
      ok: true,
      deposits: plan.deposits.map((deposit) =>
        books.createDeposit(payout, deposit, plan.deposits.length, plan.bankAccount),
      ),
    };
  } catch (error) {
    if (isDuplicate(error)) {
      const existing = books.existingDeposits(payout.id);
      if (existing.length === plan.deposits.length) return { ok: true, deposits: existing };
    }
    return { ok: false, error };
  }
}

import type Stripe from 'stripe';
import type { SandboxAccount, StripeObject } from '../core/account';
import { invalidParam } from '../core/errors';
import { createdFilter, paginate } from '../core/list';
import type { Route, RouteContext } from '../core/routes';
import type { FeeLine } from './fees';

// ---- Balance transactions ----

const DAY = 86400;

/** 00:00 UTC of the day containing `time`. */
export function startOfDayUtc(time: number): number {
  return Math.floor(time / DAY) * DAY;
}

/** When a charge made at `created` becomes available: midnight UTC, `days` days later. */
export function availableOn(created: number, days: number): number {
  return startOfDayUtc(created) + days * DAY;
}

export interface BalanceTransactionInput {
  amount: number;
  currency: string;
  feeDetails?: readonly FeeLine[];
  exchangeRate?: number | null;
  type: Stripe.BalanceTransaction.Type;
  reportingCategory: string;
  /** The object that caused it; null for account-level movements (Stripe fees billed separately, adjustments). */
  source: string | null;
  description: string | null;
  availableOn?: number;
  created?: number;
}

/** Records a movement of money; `status` follows `available_on` against the sandbox clock. */
export function createBalanceTransaction(
  account: SandboxAccount,
  input: BalanceTransactionInput,
): Stripe.BalanceTransaction {
  const created = input.created ?? account.now();
  const available = input.availableOn ?? created;
  const feeDetails = (input.feeDetails ?? []).map((line) => ({ ...line, application: null }));
  const fee = feeDetails.reduce((sum, line) => sum + line.amount, 0);
  const txn: Stripe.BalanceTransaction = {
    id: account.ids.next('txn'),
    object: 'balance_transaction',
    amount: input.amount,
    available_on: available,
    balance_type: 'payments',
    created,
    currency: input.currency.toLowerCase(),
    description: input.description,
    exchange_rate: input.exchangeRate ?? null,
    fee,
    fee_details: feeDetails,
    net: input.amount - fee,
    reporting_category: input.reportingCategory,
    source: input.source,
    status: available <= account.now() ? 'available' : 'pending',
    type: input.type,
  };
  return account.put(txn as unknown as StripeObject) as unknown as Stripe.BalanceTransaction;
}

export function getBalanceTransaction(account: SandboxAccount, id: string): Stripe.BalanceTransaction {
  return account.get<StripeObject>(id, 'balance_transaction') as unknown as Stripe.BalanceTransaction;
}

export function allBalanceTransactions(account: SandboxAccount): Stripe.BalanceTransaction[] {
  return account.list<StripeObject>('balance_transaction') as unknown as Stripe.BalanceTransaction[];
}

/** Flips pending transactions whose `available_on` has passed; true if any changed. */
export function refreshAvailability(account: SandboxAccount): boolean {
  let changed = false;
  for (const txn of allBalanceTransactions(account)) {
    if (txn.status === 'pending' && txn.available_on <= account.now()) {
      account.update<StripeObject>(txn.id, 'balance_transaction', { status: 'available' });
      changed = true;
    }
  }
  return changed;
}

/**
 * Which payout swept each transaction: a payout ID (listed by `?payout=`), or null for a manual payout's
 * own transaction (deducted from the next automatic payout's amount but not listed in it).
 */
const sweeps = new WeakMap<SandboxAccount, Map<string, string | null>>();

function sweepMap(account: SandboxAccount): Map<string, string | null> {
  let map = sweeps.get(account);
  if (!map) {
    map = new Map();
    sweeps.set(account, map);
  }
  return map;
}

export function markSwept(account: SandboxAccount, txnIds: readonly string[], payout: string | null): void {
  const map = sweepMap(account);
  for (const id of txnIds) map.set(id, payout);
}

export function isSwept(account: SandboxAccount, txnId: string): boolean {
  return sweepMap(account).has(txnId);
}

export function sweptInto(account: SandboxAccount, txnId: string): string | null | undefined {
  return sweepMap(account).get(txnId);
}

function amounts(txns: readonly Stripe.BalanceTransaction[], status: string, currencies: readonly string[]) {
  const totals = new Map<string, number>(currencies.map((c) => [c, 0]));
  for (const txn of txns) {
    if (txn.status !== status) continue;
    totals.set(txn.currency, (totals.get(txn.currency) ?? 0) + txn.net);
  }
  return [...totals].map(([currency, amount]) => ({ amount, currency, source_types: { card: amount } }));
}

/** The account balance: net of available and of pending transactions, per currency. */
export function computeBalance(account: SandboxAccount): Stripe.Balance {
  refreshAvailability(account);
  const txns = allBalanceTransactions(account);
  const currencies = [account.settings.defaultCurrency.toLowerCase()];
  for (const txn of [...txns].reverse()) if (!currencies.includes(txn.currency)) currencies.push(txn.currency);
  return {
    object: 'balance',
    available: amounts(txns, 'available', currencies),
    connect_reserved: currencies.map((currency) => ({ amount: 0, currency })),
    livemode: false,
    pending: amounts(txns, 'pending', currencies),
  };
}

/** Available balance in one currency (what a manual payout may draw). */
export function availableAmount(account: SandboxAccount, currency: string): number {
  return computeBalance(account).available.find((x) => x.currency === currency.toLowerCase())?.amount ?? 0;
}

/** `balance.available` carries a Balance, which has no `id`: the event store only needs `object`. */
export function emitBalanceAvailable(account: SandboxAccount): void {
  account.emit('balance.available', computeBalance(account) as unknown as StripeObject);
}

function list({ account, params }: RouteContext) {
  refreshAvailability(account);
  const payout = params.string('payout');
  const type = params.string('type');
  const source = params.string('source');
  const currency = params.string('currency')?.toLowerCase();
  const created = createdFilter(params);
  const availableOnFilter = createdFilter(params, 'available_on');
  let items = allBalanceTransactions(account);
  if (payout !== undefined) {
    const found = account.find<StripeObject>(payout);
    if (!found || found.object !== 'payout')
      throw invalidParam('payout', `No such payout: '${payout}'`, 'resource_missing');
    if (found['automatic'] !== true)
      throw invalidParam(
        'payout',
        'Balance transaction history can only be filtered on automatic transfers, not manual.',
        'parameter_invalid',
      );
    // Complete only once reconciliation is: "If completed, you can use the Balance Transactions API to list
    // all balance transactions that are paid out in this payout" (API reference, "The Payout object",
    // `reconciliation_status`). Before that: nothing (strict, a guess) or all at once (the setting).
    const listable =
      found['reconciliation_status'] === 'completed' || account.settings.listPayoutTransactionsInProgress;
    items = listable ? items.filter((txn) => sweptInto(account, txn.id) === payout) : [];
  }
  if (type !== undefined) items = items.filter((txn) => txn.type === type);
  if (source !== undefined) items = items.filter((txn) => txn.source === source);
  if (currency !== undefined) items = items.filter((txn) => txn.currency === currency);
  items = items.filter((txn) => created(txn.created) && availableOnFilter(txn.available_on));
  const page = paginate(items as unknown as StripeObject[], params, '/v1/balance_transactions');
  params.done();
  return page;
}

function retrieve({ account, params, path }: RouteContext) {
  params.done();
  refreshAvailability(account);
  return getBalanceTransaction(account, path['id'] ?? '') as unknown as StripeObject;
}

function balance({ account, params }: RouteContext) {
  params.done();
  return computeBalance(account) as unknown as StripeObject;
}

export const routes: Route[] = [
  { method: 'GET', path: '/v1/balance', handler: balance },
  { method: 'GET', path: '/v1/balance_transactions', handler: list },
  { method: 'GET', path: '/v1/balance_transactions/:id', handler: retrieve },
  { method: 'GET', path: '/v1/balance/history', handler: list },
  { method: 'GET', path: '/v1/balance/history/:id', handler: retrieve },
];

/** Moves pending funds to available as the clock passes `available_on`, announcing it. */
export function register(account: SandboxAccount): void {
  account.clock.onAdvance(() => {
    if (refreshAvailability(account)) emitBalanceAvailable(account);
  });
}

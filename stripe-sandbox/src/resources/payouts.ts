import type Stripe from 'stripe';
import type { SandboxAccount, StripeObject } from '../core/account';
import { invalidParam, invalidState } from '../core/errors';
import { createdFilter, paginate } from '../core/list';
import type { Route, RouteContext } from '../core/routes';
import {
  allBalanceTransactions,
  availableAmount,
  computeBalance,
  createBalanceTransaction,
  emitBalanceAvailable,
  isSwept,
  markSwept,
  refreshAvailability,
  startOfDayUtc,
} from './balanceTransactions';
import { asStored, change, createMetadata, emitEvent, load, mergeMetadata } from './shared';
import { amountStep, isSupportedCurrency } from './fees';

const DAY = 86400;

interface PayoutState {
  /** The last payout time already handled. */
  lastRun: number;
  /** One `ba_…` bank account per currency. */
  destinations: Map<string, string>;
  /**
   * HUF/TWD: fractions of a unit already swept (listed in a payout) but not paid out, per currency; they go
   * out with a later payout.
   */
  carried: Map<string, number>;
}

const states = new WeakMap<SandboxAccount, PayoutState>();

function state(account: SandboxAccount): PayoutState {
  let s = states.get(account);
  if (!s) {
    s = { lastRun: account.now(), destinations: new Map(), carried: new Map() };
    states.set(account, s);
  }
  return s;
}

function destination(account: SandboxAccount, currency: string): string {
  const s = state(account);
  let id = s.destinations.get(currency);
  if (!id) {
    id = account.ids.next('ba');
    s.destinations.set(currency, id);
  }
  return id;
}

/** Payouts arrive at 00:00 UTC the day after they are created (weekends and holidays not modelled). */
function arrivalDate(created: number): number {
  return startOfDayUtc(created) + DAY;
}

function getPayout(account: SandboxAccount, id: string): Stripe.Payout {
  return load<Stripe.Payout>(account, id, 'payout');
}

function newPayout(
  account: SandboxAccount,
  input: {
    amount: number;
    currency: string;
    automatic: boolean;
    created: number;
    description: string | null;
    metadata: Record<string, string>;
    statementDescriptor: string | null;
  },
): Stripe.Payout {
  const id = account.ids.next('po');
  const txn = createBalanceTransaction(account, {
    amount: -input.amount,
    currency: input.currency,
    type: 'payout',
    reportingCategory: 'payout',
    source: id,
    description: input.description,
    created: input.created,
    availableOn: input.created,
  });
  const payout: Stripe.Payout = {
    id,
    object: 'payout',
    amount: input.amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: arrivalDate(input.created),
    automatic: input.automatic,
    balance_transaction: txn.id,
    created: input.created,
    currency: input.currency,
    description: input.description,
    destination: destination(account, input.currency),
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: input.metadata,
    method: 'standard',
    original_payout: null,
    payout_method: null,
    reconciliation_status: input.automatic ? 'in_progress' : 'not_applicable',
    reversed_by: null,
    source_type: 'card',
    statement_descriptor: input.statementDescriptor,
    status: input.automatic ? 'in_transit' : 'pending',
    trace_id: { status: 'pending', value: null },
    type: 'bank_account',
  };
  account.put(asStored(payout));
  if (input.automatic) markSwept(account, [txn.id], id);
  return payout;
}

/**
 * Sweeps each currency's available funds (transactions with `available_on` ≤ `at`, not yet paid out) into one
 * automatic payout. A total ≤ 0 makes no payout: those transactions carry over to the next run.
 */
function sweep(account: SandboxAccount, at: number): Stripe.Payout[] {
  const byCurrency = new Map<string, Stripe.BalanceTransaction[]>();
  for (const txn of allBalanceTransactions(account).reverse()) {
    if (txn.available_on > at || txn.created > at || isSwept(account, txn.id)) continue;
    const list = byCurrency.get(txn.currency) ?? [];
    list.push(txn);
    byCurrency.set(txn.currency, list);
  }
  const payouts: Stripe.Payout[] = [];
  const carried = state(account).carried;
  for (const [currency, txns] of byCurrency) {
    const total = txns.reduce((sum, txn) => sum + txn.net, 0) + (carried.get(currency) ?? 0);
    // HUF and TWD pay out whole units only (docs.stripe.com/currencies, "Special cases"); the fraction stays.
    const step = amountStep(currency, 'payout');
    const amount = Math.floor(total / step) * step;
    if (amount <= 0) continue;
    carried.set(currency, total - amount);
    const payout = newPayout(account, {
      amount,
      currency,
      automatic: true,
      created: at,
      description: 'STRIPE PAYOUT',
      metadata: {},
      statementDescriptor: null,
    });
    // Transactions of manual payouts (debit, failure, cancellation) count towards the amount but are not listed.
    const manual = (txn: Stripe.BalanceTransaction) => {
      const source = typeof txn.source === 'string' ? account.find<StripeObject>(txn.source) : undefined;
      return source?.object === 'payout' && source['automatic'] === false;
    };
    markSwept(
      account,
      txns.filter((txn) => !manual(txn)).map((txn) => txn.id),
      payout.id,
    );
    markSwept(
      account,
      txns.filter(manual).map((txn) => txn.id),
      null,
    );
    emitEvent(account, 'payout.created', payout);
    payouts.push(payout);
  }
  return payouts;
}

/**
 * When an automatic payout's reconciliation completes: `reconciliationDelaySeconds` after its creation, and
 * no later than its arrival. Stripe: "If completed, you can use the Balance Transactions API to list all
 * balance transactions that are paid out in this payout" (API reference, "The Payout object",
 * `reconciliation_status`); docs.stripe.com/payouts/reconciliation says to listen for
 * `payout.reconciliation_completed`. The delay is not documented (README "Guesses").
 */
function reconciliationDue(account: SandboxAccount, payout: Stripe.Payout): number {
  return Math.min(payout.created + account.settings.reconciliationDelaySeconds, payout.arrival_date);
}

function payoutsWhere(account: SandboxAccount, test: (p: Stripe.Payout) => boolean): Stripe.Payout[] {
  return (account.list<StripeObject>('payout') as unknown as Stripe.Payout[]).reverse().filter(test);
}

/** Automatic payouts whose reconciliation is due by `at`: `completed`, with `payout.reconciliation_completed`. */
function completeReconciliations(account: SandboxAccount, at: number): void {
  const due = payoutsWhere(
    account,
    (p) => p.reconciliation_status === 'in_progress' && reconciliationDue(account, p) <= at,
  );
  for (const payout of due) {
    const { object, previous } = change<Stripe.Payout>(account, payout.id, 'payout', {
      reconciliation_status: 'completed',
    });
    emitEvent(account, 'payout.reconciliation_completed', object, previous);
  }
}

/** Returns a payout's amount to the balance: the `payout_failure` transaction of a failed payout. */
function failPayout(account: SandboxAccount, payout: Stripe.Payout, at: number): Stripe.Payout {
  const txn = createBalanceTransaction(account, {
    amount: payout.amount,
    currency: payout.currency,
    type: 'payout_failure',
    reportingCategory: 'payout_reversal',
    source: payout.id,
    description: `Payout failure for ${payout.id}`,
    created: at,
    availableOn: at,
  });
  const { object, previous } = change<Stripe.Payout>(account, payout.id, 'payout', {
    status: 'failed',
    failure_balance_transaction: txn.id,
    failure_code: 'could_not_process',
    failure_message: 'The bank could not process this payout.',
  });
  emitEvent(account, 'payout.failed', object, previous);
  return object;
}

/** A payout marked `metadata[sandbox_fail_after_paid]=true` fails this long after it was paid (arrival). */
function lateFailureDue(account: SandboxAccount, payout: Stripe.Payout): number | null {
  if (payout.status !== 'paid' || payout.metadata?.['sandbox_fail_after_paid'] !== 'true') return null;
  return payout.arrival_date + account.settings.failAfterPaidSeconds;
}

/**
 * "Some payouts that fail might initially show as paid, then change to failed" (API reference, "The Payout
 * object", `status`): marked payouts fail `failAfterPaidSeconds` after `payout.paid` (the delay is a guess;
 * the same page says a payout fails "within 5 business days").
 */
function failLate(account: SandboxAccount, at: number): void {
  for (const payout of payoutsWhere(account, (p) => (lateFailureDue(account, p) ?? Infinity) <= at))
    failPayout(account, payout, at);
}

/** Payouts reaching their arrival date: paid, or failed if `metadata[sandbox_fail]=true`. */
function settleArrivals(account: SandboxAccount, at: number): void {
  const due = payoutsWhere(
    account,
    (p) => (p.status === 'pending' || p.status === 'in_transit') && p.arrival_date <= at,
  );
  for (const payout of due) {
    if (payout.metadata?.['sandbox_fail'] === 'true') failPayout(account, payout, at);
    else {
      const { object, previous } = change<Stripe.Payout>(account, payout.id, 'payout', { status: 'paid' });
      emitEvent(account, 'payout.paid', object, previous);
    }
  }
}

/** Everything due by `at` other than sweeps, in the order it happens to one payout. */
function settleDue(account: SandboxAccount, at: number): void {
  completeReconciliations(account, at);
  settleArrivals(account, at);
  failLate(account, at);
}

/** Automatic payouts for every currency with a positive available balance, now. */
export function runPayouts(account: SandboxAccount): Stripe.Payout[] {
  refreshAvailability(account);
  return sweep(account, account.now());
}

/** The clock moved to `now`: each daily payout time passed runs a sweep, in time order with the rest. */
function onClock(account: SandboxAccount, now: number): void {
  const s = state(account);
  let next = nextPayoutTime(account, s.lastRun);
  while (next <= now) {
    settleDue(account, next);
    sweep(account, next);
    next += DAY;
  }
  s.lastRun = now;
  settleDue(account, now);
}

/** The first daily payout time after `after`. */
function nextPayoutTime(account: SandboxAccount, after: number): number {
  const next = startOfDayUtc(after) + account.settings.payoutHourUtc * 3600;
  return next <= after ? next + DAY : next;
}

/**
 * When the payouts module next has work: a reconciliation, an arrival or a late failure due, or the next
 * daily sweep if some currency's balance (available or pending) is positive. Null when nothing is left.
 */
export function nextPayoutWork(account: SandboxAccount): number | null {
  const times: number[] = [];
  for (const p of payoutsWhere(account, () => true)) {
    if (p.reconciliation_status === 'in_progress') times.push(reconciliationDue(account, p));
    if (p.status === 'pending' || p.status === 'in_transit') times.push(p.arrival_date);
    const late = lateFailureDue(account, p);
    if (late !== null) times.push(late);
  }
  if (balanceLeft(account).some((b) => b.amount >= amountStep(b.currency, 'payout')))
    times.push(nextPayoutTime(account, account.now()));
  return times.length === 0 ? null : Math.max(account.now(), Math.min(...times));
}

/** Each currency's balance, available and pending together: what automatic payouts have still to pay out. */
export function balanceLeft(account: SandboxAccount): { currency: string; amount: number }[] {
  const balance = computeBalance(account);
  return balance.available.map(({ currency, amount }) => ({
    currency,
    amount: amount + (balance.pending.find((p) => p.currency === currency)?.amount ?? 0),
  }));
}

/** Fails a paid payout now (the hook behind `sandbox_fail_after_paid`, for tests). */
function failPaidPayout(account: SandboxAccount, id: string): Stripe.Payout {
  const payout = getPayout(account, id);
  if (payout.status !== 'paid')
    throw invalidState(`Payout ${payout.id} is ${payout.status}: only a paid payout can fail after being paid.`);
  return failPayout(account, payout, account.now());
}

function create({ account, params }: RouteContext) {
  const amount = params.int('amount', { required: true, min: 1 });
  const currency = (params.string('currency') ?? account.settings.defaultCurrency).toLowerCase();
  if (!isSupportedCurrency(currency)) throw invalidParam('currency', `Invalid currency: ${currency}.`);
  // "When you create a manual payout in HUF, only integer amounts that are evenly divisible by 100 are
  // allowed" (docs.stripe.com/currencies, "Special cases"); the wording of the error is a guess.
  if (amount % amountStep(currency, 'payout') !== 0)
    throw invalidParam(
      'amount',
      `Payouts in ${currency.toUpperCase()} must be whole units: the amount must be evenly divisible by 100.`,
    );
  const description = params.string('description') ?? null;
  const metadata = createMetadata(params);
  const statementDescriptor = params.string('statement_descriptor') ?? null;
  const method = params.enum('method', ['standard', 'instant'] as const) ?? 'standard';
  if (method === 'instant') throw invalidParam('method', 'The sandbox only models standard payouts.');
  params.ignore('destination', 'source_type', 'payout_method');
  params.done();
  if (availableAmount(account, currency) < amount)
    throw invalidState(
      'You have insufficient funds in your Stripe account for this transfer. Your card balance is too low. You can use the /v1/balance endpoint to view your Stripe balance (for more details, see stripe.com/docs/api#balance).',
      'balance_insufficient',
    );
  const payout = newPayout(account, {
    amount,
    currency,
    automatic: false,
    created: account.now(),
    description,
    metadata,
    statementDescriptor,
  });
  emitEvent(account, 'payout.created', payout);
  return asStored(payout);
}

function retrieve({ account, params, path }: RouteContext) {
  params.done();
  return asStored(getPayout(account, path['id'] ?? ''));
}

function update({ account, params, path }: RouteContext) {
  const payout = getPayout(account, path['id'] ?? '');
  const metadata = mergeMetadata(payout.metadata, params);
  params.done();
  const { object, previous } = change<Stripe.Payout>(account, payout.id, 'payout', metadata ? { metadata } : {});
  if (Object.keys(previous).length > 0) emitEvent(account, 'payout.updated', object, previous);
  return asStored(object);
}

function cancel({ account, params, path }: RouteContext) {
  params.done();
  const payout = getPayout(account, path['id'] ?? '');
  if (payout.automatic || payout.status !== 'pending')
    throw invalidState(
      `Payout ${payout.id} cannot be canceled: only pending manual payouts can be (this one is ${payout.automatic ? 'automatic' : payout.status}).`,
      'payout_not_cancelable',
    );
  const txn = createBalanceTransaction(account, {
    amount: payout.amount,
    currency: payout.currency,
    type: 'payout_cancel',
    reportingCategory: 'payout_reversal',
    source: payout.id,
    description: `Payout cancellation for ${payout.id}`,
  });
  const { object, previous } = change<Stripe.Payout>(account, payout.id, 'payout', {
    status: 'canceled',
    failure_balance_transaction: txn.id,
  });
  emitEvent(account, 'payout.canceled', object, previous);
  return asStored(object);
}

function list({ account, params }: RouteContext) {
  const status = params.string('status');
  const dest = params.string('destination');
  const created = createdFilter(params);
  const arrival = createdFilter(params, 'arrival_date');
  const items = account
    .list<StripeObject>('payout')
    .filter(
      (p) =>
        (status === undefined || p['status'] === status) &&
        (dest === undefined || p['destination'] === dest) &&
        created(p['created'] as number) &&
        arrival(p['arrival_date'] as number),
    );
  const page = paginate(items, params, '/v1/payouts');
  params.done();
  return page;
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/payouts', handler: create },
  { method: 'GET', path: '/v1/payouts', handler: list },
  { method: 'GET', path: '/v1/payouts/:id', handler: retrieve },
  { method: 'POST', path: '/v1/payouts/:id', handler: update },
  { method: 'POST', path: '/v1/payouts/:id/cancel', handler: cancel },
];

export function register(account: SandboxAccount): void {
  state(account);
  account.services.runPayouts = () => runPayouts(account);
  account.services.failPaidPayout = (id) => failPaidPayout(account, id);
  account.services.nextPayoutWork = () => nextPayoutWork(account);
  account.clock.onAdvance((now) => {
    if (refreshAvailability(account)) emitBalanceAvailable(account);
    onClock(account, now);
  });
}

import type Stripe from 'stripe';
import { SandboxAccount, type SandboxSettings } from '../src/core/account';
import type { ListObject } from '../src/core/list';
import { moduleSandbox } from './helpers/modules';
import { PAYMENT_MODULES } from './helpers/paymentModules';

// When Stripe lets a payout's transactions be listed, and payouts that fail after being paid. Sources:
// API reference, "The Payout object" (`reconciliation_status`: "If completed, you can use the Balance
// Transactions API to list all balance transactions that are paid out in this payout"; `status`: "Some
// payouts that fail might initially show as paid, then change to failed"); docs.stripe.com/payouts/reconciliation
// (listen for `payout.reconciliation_completed`). The delays are the sandbox's guesses (README "Guesses").

const DAY = 86400;
const HOUR = 3600;
/** Monday 2 March 2026, 10:00 UTC. */
const START = Date.UTC(2026, 2, 2, 10) / 1000;
const MIDNIGHT = Date.UTC(2026, 2, 2) / 1000;
/** The first automatic payout of a charge made at START: two days later at 00:00 UTC. */
const SWEEP = MIDNIGHT + 2 * DAY;

function sandbox(settings: Partial<SandboxSettings> = {}) {
  const account = new SandboxAccount({ seed: 11, now: START, settings });
  const box = moduleSandbox(account, PAYMENT_MODULES);
  const pay = (amount: number) =>
    box.call<Stripe.PaymentIntent>('POST', '/v1/payment_intents', {
      amount: String(amount),
      currency: 'usd',
      payment_method: 'pm_card_visa',
      payment_method_types: ['card'],
      confirm: 'true',
    });
  const payouts = () => box.call<ListObject<Stripe.Payout>>('GET', '/v1/payouts').data;
  const payout = (id: string) => box.call<Stripe.Payout>('GET', `/v1/payouts/${id}`);
  const listed = (id: string) =>
    box.call<ListObject<Stripe.BalanceTransaction>>('GET', '/v1/balance_transactions', { payout: id, limit: '100' })
      .data;
  const eventOf = (type: string) => box.events.filter((e) => e.type === type);
  return { ...box, pay, payouts, payout, listed, eventOf };
}

/** A sandbox with one automatic payout of a $20.00 charge (net 1912), swept at SWEEP. */
function withPayout(settings: Partial<SandboxSettings> = {}) {
  const s = sandbox(settings);
  s.pay(2000);
  s.account.clock.set(SWEEP + 60);
  const [first] = s.payouts();
  if (!first) throw new Error('no payout was made');
  return { ...s, id: first.id };
}

describe('reconciliation_status of automatic payouts', () => {
  test('an automatic payout starts in_progress (no reconciliation event at creation)', () => {
    const s = withPayout();
    expect(s.payout(s.id).reconciliation_status).toBe('in_progress');
    expect(s.eventOf('payout.created')[0]?.data.object).toMatchObject({ reconciliation_status: 'in_progress' });
    expect(s.eventOf('payout.reconciliation_completed')).toEqual([]);
  });

  test('it completes 6 hours after creation, before arrival, with payout.reconciliation_completed', () => {
    const s = withPayout();
    s.account.clock.set(SWEEP + 6 * HOUR - 1);
    expect(s.payout(s.id).reconciliation_status).toBe('in_progress');
    s.account.clock.set(SWEEP + 6 * HOUR);
    const [event] = s.eventOf('payout.reconciliation_completed');
    expect(event?.data.object).toMatchObject({ id: s.id, reconciliation_status: 'completed', status: 'in_transit' });
    expect(event?.data.previous_attributes).toEqual({ reconciliation_status: 'in_progress' });
    expect(s.payout(s.id).reconciliation_status).toBe('completed');
  });

  test('while in_progress, ?payout= lists nothing; once completed, every transaction of the payout', () => {
    const s = withPayout();
    expect(s.listed(s.id)).toEqual([]);
    s.account.clock.set(SWEEP + 6 * HOUR);
    expect(
      s
        .listed(s.id)
        .map((t) => [t.type, t.amount])
        .sort(),
    ).toEqual([
      ['charge', 2000],
      ['payout', -1912],
    ]);
  });

  test('listPayoutTransactionsInProgress: the list is complete at once while in_progress', () => {
    const s = withPayout({ listPayoutTransactionsInProgress: true });
    expect(s.payout(s.id).reconciliation_status).toBe('in_progress');
    expect(
      s
        .listed(s.id)
        .map((t) => t.type)
        .sort(),
    ).toEqual(['charge', 'payout']);
  });

  test('reconciliationDelaySeconds sets the delay, capped at the arrival date', () => {
    const s = withPayout({ reconciliationDelaySeconds: 3 * DAY });
    s.account.clock.set(SWEEP + DAY - 1);
    expect(s.payout(s.id).reconciliation_status).toBe('in_progress');
    s.account.clock.set(SWEEP + DAY); // the arrival: reconciled, then paid
    const types = s.since(0).filter((t) => t.startsWith('payout.'));
    expect(types).toEqual(['payout.created', 'payout.reconciliation_completed', 'payout.paid']);
  });

  test('a manual payout stays not_applicable and never gets the event', () => {
    const s = sandbox();
    s.call('POST', '/v1/payment_intents', {
      amount: '2000',
      currency: 'usd',
      payment_method: 'pm_card_bypassPending',
      payment_method_types: ['card'],
      confirm: 'true',
    });
    const manual = s.call<Stripe.Payout>('POST', '/v1/payouts', { amount: '1000', currency: 'usd' });
    s.account.clock.set(START + 2 * DAY);
    expect(s.payout(manual.id)).toMatchObject({ status: 'paid', reconciliation_status: 'not_applicable' });
    expect(s.eventOf('payout.reconciliation_completed').map((e) => (e.data.object as Stripe.Payout).id)).not.toContain(
      manual.id,
    );
  });
});

describe('payouts that fail after being paid', () => {
  test('metadata[sandbox_fail_after_paid]=true: paid at arrival, failed 3 days later (previous status paid)', () => {
    const s = withPayout();
    s.call('POST', `/v1/payouts/${s.id}`, { metadata: { sandbox_fail_after_paid: 'true' } });
    s.account.clock.set(SWEEP + DAY);
    expect(s.payout(s.id).status).toBe('paid');
    expect(s.eventOf('payout.paid')).toHaveLength(1);
    s.account.clock.set(SWEEP + 4 * DAY - 1);
    expect(s.payout(s.id).status).toBe('paid');
    s.account.clock.set(SWEEP + 4 * DAY);
    const [failed] = s.eventOf('payout.failed');
    expect(failed?.data.object).toMatchObject({
      id: s.id,
      status: 'failed',
      failure_code: 'could_not_process',
      failure_message: 'The bank could not process this payout.',
      reconciliation_status: 'completed',
    });
    expect(failed?.data.previous_attributes).toMatchObject({ status: 'paid', failure_balance_transaction: null });
  });

  test('its failure_balance_transaction is a payout_failure of +amount, category payout_reversal, source the payout', () => {
    const s = withPayout();
    s.call('POST', `/v1/payouts/${s.id}`, { metadata: { sandbox_fail_after_paid: 'true' } });
    s.account.clock.set(SWEEP + 4 * DAY);
    const txnId = String(s.payout(s.id).failure_balance_transaction);
    expect(s.call<Stripe.BalanceTransaction>('GET', `/v1/balance_transactions/${txnId}`)).toMatchObject({
      amount: 1912,
      net: 1912,
      type: 'payout_failure',
      reporting_category: 'payout_reversal',
      source: s.id,
      status: 'available',
    });
  });

  test('the returned funds go out in the next automatic payout, which lists the payout_failure', () => {
    const s = withPayout();
    s.call('POST', `/v1/payouts/${s.id}`, { metadata: { sandbox_fail_after_paid: 'true' } });
    s.account.clock.set(SWEEP + 4 * DAY); // fails at 00:00, then the day's sweep
    const next = s.payouts().find((p) => p.id !== s.id);
    expect(next).toMatchObject({ amount: 1912, automatic: true, created: SWEEP + 4 * DAY });
    s.account.clock.set(SWEEP + 4 * DAY + 6 * HOUR);
    const listed = s.listed(String(next?.id));
    expect(listed.map((t) => [t.type, t.amount]).sort()).toEqual([
      ['payout', -1912],
      ['payout_failure', 1912],
    ]);
  });

  test('failPaidPayout (the sandbox hook) fails a paid payout now and refuses one not paid', () => {
    const s = withPayout();
    expect(() => s.account.service('failPaidPayout')(s.id)).toThrow(/only a paid payout/);
    s.account.clock.set(SWEEP + DAY);
    const failed = s.account.service('failPaidPayout')(s.id);
    expect(failed).toMatchObject({ status: 'failed', failure_code: 'could_not_process' });
    expect(s.eventOf('payout.failed')[0]?.data.previous_attributes).toMatchObject({ status: 'paid' });
  });

  test('metadata[sandbox_fail]=true on an automatic payout still fails it at arrival, never paid', () => {
    const s = withPayout();
    s.call('POST', `/v1/payouts/${s.id}`, { metadata: { sandbox_fail: 'true' } });
    s.account.clock.set(SWEEP + DAY);
    expect(s.payout(s.id)).toMatchObject({ status: 'failed', failure_code: 'could_not_process' });
    expect(s.eventOf('payout.paid')).toEqual([]);
    expect(s.eventOf('payout.failed')[0]?.data.previous_attributes).toMatchObject({ status: 'in_transit' });
  });
});

describe('nextPayoutWork (what the sandbox command waits for)', () => {
  test('names the next sweep while a balance is pending, then reconciliation, arrival, and null when done', () => {
    const s = sandbox();
    const next = () => s.account.service('nextPayoutWork')();
    expect(next()).toBeNull();
    s.pay(2000);
    expect(next()).toBe(MIDNIGHT + DAY); // balance pending: the next daily sweep
    s.account.clock.set(SWEEP);
    expect(next()).toBe(SWEEP + 6 * HOUR); // reconciliation
    s.account.clock.set(SWEEP + 6 * HOUR);
    expect(next()).toBe(SWEEP + DAY); // arrival
    s.account.clock.set(SWEEP + DAY);
    expect(next()).toBeNull();
  });
});

import type Stripe from 'stripe';
import { readFileSync } from 'node:fs';
import { SandboxAccount, type SandboxSettings } from '../src/core/account';
import type { ListObject } from '../src/core/list';
import type { RawParams } from '../src/core/params';
import * as paymentMethods from '../src/resources/paymentMethods';
import { moduleSandbox } from './helpers/modules';
import { PAYMENT_MODULES } from './helpers/paymentModules';
import { compareShape } from './helpers/shape';

const MODULES = PAYMENT_MODULES;

const DAY = 86400;
/** Monday 2 March 2026, 10:00 UTC. */
const START = Date.UTC(2026, 2, 2, 10) / 1000;
const MIDNIGHT = Date.UTC(2026, 2, 2) / 1000;

function sandbox(settings: Partial<SandboxSettings> = {}) {
  const account = new SandboxAccount({ seed: 7, now: START, settings });
  const box = moduleSandbox(account, MODULES);
  const { call } = box;
  const txn = (id: unknown) => call<Stripe.BalanceTransaction>('GET', `/v1/balance_transactions/${String(id)}`);
  const charge = (id: unknown) => call<Stripe.Charge>('GET', `/v1/charges/${String(id)}`);
  const pay = (paymentMethod: string, amount = 2000, extra: RawParams = {}) =>
    call<Stripe.PaymentIntent>('POST', '/v1/payment_intents', {
      amount: String(amount),
      currency: 'usd',
      payment_method: paymentMethod,
      payment_method_types: ['card'],
      confirm: 'true',
      description: '(created by test)',
      ...extra,
    });
  return { ...box, txn, charge, pay };
}

function dataOf<T>(list: unknown): T[] {
  return (list as ListObject<T>).data;
}

describe('customers', () => {
  test('create, update with previous_attributes, list by email, delete', () => {
    const s = sandbox();
    const cus = s.call<Stripe.Customer>('POST', '/v1/customers', {
      email: 'a@example.com',
      name: 'Ada',
      metadata: { netsuite_id: '42' },
    });
    expect(cus.id).toMatch(/^cus_/);
    expect(cus).toMatchObject({
      email: 'a@example.com',
      metadata: { netsuite_id: '42' },
      balance: 0,
      delinquent: false,
    });
    s.call('POST', '/v1/customers', { email: 'b@example.com' });
    const updated = s.call<Stripe.Customer>('POST', `/v1/customers/${cus.id}`, { metadata: { foo: 'bar' }, name: '' });
    expect(updated.metadata).toEqual({ netsuite_id: '42', foo: 'bar' });
    expect(updated.name).toBeNull();
    const event = s.events.at(-1);
    expect(event?.type).toBe('customer.updated');
    expect((event?.data as { previous_attributes?: unknown }).previous_attributes).toEqual({
      metadata: { netsuite_id: '42' },
      name: 'Ada',
    });
    expect(
      dataOf<Stripe.Customer>(s.call('GET', '/v1/customers', { email: 'a@example.com' })).map((c) => c.id),
    ).toEqual([cus.id]);
    expect(s.call('DELETE', `/v1/customers/${cus.id}`)).toEqual({ id: cus.id, object: 'customer', deleted: true });
    expect(s.call('GET', `/v1/customers/${cus.id}`)).toEqual({ id: cus.id, object: 'customer', deleted: true });
    expect(s.since(0)).toEqual(['customer.created', 'customer.created', 'customer.updated', 'customer.deleted']);
    expect(s.fails('POST', '/v1/customers', { bogus: 'x' }).extra).toMatchObject({
      code: 'parameter_unknown',
      param: 'bogus',
    });
  });
});

describe('payment methods', () => {
  test('attaching a test token makes a new pm_, detaching clears the default; reuse is refused', () => {
    const s = sandbox();
    const cus = s.call<Stripe.Customer>('POST', '/v1/customers', {});
    const pm = s.call<Stripe.PaymentMethod>('POST', '/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    expect(pm.id).toMatch(/^pm_/);
    expect(pm.id).not.toBe('pm_card_visa');
    expect(pm).toMatchObject({
      customer: cus.id,
      type: 'card',
      card: { brand: 'visa', last4: '4242', funding: 'credit' },
    });
    s.call('POST', `/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: pm.id } });
    const listed = dataOf<Stripe.PaymentMethod>(
      s.call('GET', '/v1/payment_methods', { customer: cus.id, type: 'card' }),
    );
    expect(listed.map((x) => x.id)).toEqual([pm.id]);
    const from = s.events.length;
    s.call('POST', `/v1/payment_methods/${pm.id}/detach`);
    expect(s.since(from)).toEqual(['payment_method.detached', 'customer.updated']);
    expect((s.events[from]?.data as { previous_attributes?: unknown }).previous_attributes).toEqual({
      customer: cus.id,
    });
    expect(
      s.call<Stripe.Customer>('GET', `/v1/customers/${cus.id}`).invoice_settings.default_payment_method,
    ).toBeNull();
    expect(s.fails('POST', `/v1/payment_methods/${pm.id}/attach`, { customer: cus.id }).statusCode).toBe(400);
  });

  test('POST /v1/payment_methods with card[token]=tok_visa; every test card has its own fingerprint', () => {
    const s = sandbox();
    const pm = s.call<Stripe.PaymentMethod>('POST', '/v1/payment_methods', {
      type: 'card',
      card: { token: 'tok_visa' },
    });
    expect(pm.card?.last4).toBe('4242');
    const prints = paymentMethods.TEST_CARDS.map((c) => c.fingerprint);
    expect(new Set(prints).size).toBe(prints.length);
  });
});

describe('payment intents and charges', () => {
  test('CLI charge.succeeded: automatic_async capture, balance transaction announced by charge.updated', () => {
    const s = sandbox();
    const pi = s.pay('pm_card_visa', 100);
    expect(pi).toMatchObject({ status: 'succeeded', amount_received: 100, capture_method: 'automatic_async' });
    expect(s.since(0)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'charge.updated',
    ]);
    const succeeded = s.events[1]?.data.object as Stripe.Charge;
    expect(succeeded).toMatchObject({ captured: true, amount_captured: 100, balance_transaction: null });
    expect((s.events[3]?.data as { previous_attributes?: unknown }).previous_attributes).toEqual({
      balance_transaction: null,
    });
    const ch = s.charge(pi.latest_charge);
    expect(ch).toMatchObject({
      status: 'succeeded',
      paid: true,
      captured: true,
      amount: 100,
      amount_captured: 100,
      amount_refunded: 0,
      refunded: false,
      disputed: false,
      payment_intent: pi.id,
      payment_method: pi.payment_method,
      outcome: { type: 'authorized', network_status: 'approved_by_network' },
      payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242' } },
    });
    expect(ch).not.toHaveProperty('invoice');
    expect(s.txn(ch.balance_transaction)).toMatchObject({
      amount: 100,
      currency: 'usd',
      fee: 33,
      net: 67,
      exchange_rate: null,
      type: 'charge',
      reporting_category: 'charge',
      source: ch.id,
      status: 'pending',
      available_on: MIDNIGHT + 2 * DAY,
      fee_details: [{ amount: 33, currency: 'usd', type: 'stripe_fee', application: null }],
    });
  });

  test('capture_method=automatic: charge.succeeded already carries the balance transaction', () => {
    const s = sandbox();
    s.pay('pm_card_mastercard', 2000, { capture_method: 'automatic' });
    expect(s.since(0)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
    const ch = s.events[1]?.data.object as Stripe.Charge;
    expect(ch.balance_transaction).toMatch(/^txn_/);
    expect(s.txn(ch.balance_transaction)).toMatchObject({ amount: 2000, fee: 88, net: 1912 });
  });

  test('manual capture, partial: requires_capture, then charge.captured for 1500 of 2000', () => {
    const s = sandbox();
    const pi = s.pay('pm_card_visa', 2000, { capture_method: 'manual' });
    expect(pi).toMatchObject({ status: 'requires_capture', amount_capturable: 2000, amount_received: 0 });
    expect(s.charge(pi.latest_charge)).toMatchObject({
      captured: false,
      amount_captured: 0,
      balance_transaction: null,
    });
    expect(s.since(0)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.amount_capturable_updated',
    ]);
    const from = s.events.length;
    const captured = s.call<Stripe.PaymentIntent>('POST', `/v1/payment_intents/${pi.id}/capture`, {
      amount_to_capture: '1500',
    });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 1500, amount_capturable: 0 });
    expect(s.since(from)).toEqual(['charge.captured', 'payment_intent.succeeded']);
    const ch = s.charge(pi.latest_charge);
    expect(ch).toMatchObject({ captured: true, amount: 2000, amount_captured: 1500 });
    // The charge's transaction is for the full authorisation; a partial_capture_reversal gives back 500
    // (test/payments_balance_kinds.test.ts). Fee on the captured 1500: 2.9% + 30¢ = 74.
    expect(s.txn(ch.balance_transaction)).toMatchObject({ amount: 2000, fee: 74, net: 1926 });
    expect(s.fails('POST', `/v1/payment_intents/${pi.id}/capture`).extra.code).toBe('payment_intent_unexpected_state');
  });

  test('a decline answers 402 card_error with the PaymentIntent; charge.failed and payment_intent.payment_failed', () => {
    const s = sandbox();
    const error = s.fails('POST', '/v1/payment_intents', {
      amount: '100',
      currency: 'usd',
      payment_method: 'pm_card_visa_chargeDeclined',
      payment_method_types: ['card'],
      confirm: 'true',
    });
    expect(error.statusCode).toBe(402);
    expect(error.type).toBe('card_error');
    expect(error.extra).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });
    const pi = error.extra.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ status: 'requires_payment_method', payment_method: null });
    expect(pi.last_payment_error).toMatchObject({
      code: 'card_declined',
      decline_code: 'generic_decline',
      type: 'card_error',
    });
    expect(s.since(0)).toEqual(['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);
    expect(s.charge(error.extra.charge)).toMatchObject({
      status: 'failed',
      paid: false,
      failure_code: 'card_declined',
      balance_transaction: null,
      outcome: { type: 'issuer_declined', reason: 'generic_decline' },
    });
    const insufficient = s.fails('POST', '/v1/payment_intents', {
      amount: '100',
      currency: 'usd',
      payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
      confirm: 'true',
    });
    expect(insufficient.extra.decline_code).toBe('insufficient_funds');
    expect(insufficient.message).toBe('Your card has insufficient funds.');
  });

  test('3D Secure cards: requires_action on session, authentication_required off session', () => {
    const s = sandbox();
    const pi = s.pay('pm_card_authenticationRequired');
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.type).toBe('use_stripe_sdk');
    expect(s.since(0)).toEqual(['payment_intent.created', 'payment_intent.requires_action']);
    const error = s.fails('POST', '/v1/payment_intents', {
      amount: '2000',
      currency: 'usd',
      payment_method: 'pm_card_authenticationRequired',
      confirm: 'true',
      off_session: 'true',
    });
    expect(error.extra).toMatchObject({ code: 'authentication_required', decline_code: 'authentication_required' });
  });

  test('cancel: without a charge, and releasing an authorisation', () => {
    const s = sandbox();
    const open = s.call<Stripe.PaymentIntent>('POST', '/v1/payment_intents', { amount: '2000', currency: 'usd' });
    expect(open.status).toBe('requires_payment_method');
    const canceled = s.call<Stripe.PaymentIntent>('POST', `/v1/payment_intents/${open.id}/cancel`, {
      cancellation_reason: 'requested_by_customer',
    });
    expect(canceled).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'requested_by_customer',
      canceled_at: START,
    });
    const held = s.pay('pm_card_visa', 2000, { capture_method: 'manual' });
    s.call('POST', `/v1/payment_intents/${held.id}/cancel`);
    const ch = s.charge(held.latest_charge);
    expect(ch).toMatchObject({ refunded: true, amount_refunded: 2000, captured: false });
    const [refund] = dataOf<Stripe.Refund>(s.call('GET', '/v1/refunds', { charge: ch.id }));
    expect(refund).toMatchObject({ amount: 2000, balance_transaction: null, status: 'succeeded' });
    expect(s.events.at(-1)?.type).toBe('payment_intent.canceled');
  });

  test('charges: update emits charge.updated; list by payment_intent; legacy create with tok_visa', () => {
    const s = sandbox();
    const pi = s.pay('pm_card_visa');
    const id = String(pi.latest_charge);
    s.call('POST', `/v1/charges/${id}`, { description: 'Order 17', metadata: { order: '17' } });
    expect(s.events.at(-1)?.type).toBe('charge.updated');
    expect(dataOf<Stripe.Charge>(s.call('GET', '/v1/charges', { payment_intent: pi.id })).map((c) => c.id)).toEqual([
      id,
    ]);
    const legacy = s.call<Stripe.Charge>('POST', '/v1/charges', {
      amount: '1000',
      currency: 'usd',
      source: 'tok_visa',
    });
    expect(legacy).toMatchObject({ status: 'succeeded', payment_intent: null });
    expect(s.txn(legacy.balance_transaction)).toMatchObject({ amount: 1000, fee: 59 });
    expect(
      s.fails('POST', '/v1/charges', { amount: '1000', currency: 'usd', source: 'tok_chargeDeclined' }).statusCode,
    ).toBe(402);
  });

  test('a EUR charge on a USD-only account converts: exchange_rate and a conversion fee line (fixed rates)', () => {
    const s = sandbox({ settlementCurrencies: ['usd'], exchangeRateDrift: 0 });
    const pi = s.call<Stripe.PaymentIntent>('POST', '/v1/payment_intents', {
      amount: '1000',
      currency: 'eur',
      payment_method: 'pm_card_visa',
      confirm: 'true',
    });
    const ch = s.charge(pi.latest_charge);
    expect(ch).toMatchObject({ amount: 1000, currency: 'eur' });
    const t = s.txn(ch.balance_transaction);
    expect(t).toMatchObject({ amount: 1100, currency: 'usd', exchange_rate: 1.1, fee: 73, net: 1027 });
    expect(t.fee_details.map((f) => f.description)).toEqual([
      'Stripe processing fees',
      'Stripe currency conversion fee',
    ]);
    const refund = s.call<Stripe.Refund>('POST', '/v1/refunds', { charge: ch.id });
    expect(s.txn(refund.balance_transaction)).toMatchObject({
      amount: -1100,
      currency: 'usd',
      fee: 0,
      exchange_rate: 1.1,
    });
  });

  test('amounts below the minimum and unknown currencies are refused', () => {
    const s = sandbox();
    expect(s.fails('POST', '/v1/payment_intents', { amount: '49', currency: 'usd' }).extra).toMatchObject({
      param: 'amount',
      code: 'amount_too_small',
    });
    expect(s.fails('POST', '/v1/payment_intents', { amount: '100', currency: 'xyz' }).extra.param).toBe('currency');
  });
});

describe('services.pay and services.refund', () => {
  test('pay succeeds, declines without throwing, and flags 3D Secure', () => {
    const s = sandbox();
    const cus = s.call<Stripe.Customer>('POST', '/v1/customers', {});
    const failing = s.call<Stripe.PaymentMethod>('POST', '/v1/payment_methods/pm_card_chargeCustomerFail/attach', {
      customer: cus.id,
    });
    const request = {
      amount: 2000,
      currency: 'usd',
      customer: cus.id,
      description: null,
      metadata: { invoice: 'in_1' },
      invoice: 'in_1',
      captureMethod: 'automatic' as const,
    };
    const ok = s.account.service('pay')({ ...request, paymentMethod: 'pm_card_visa' });
    expect(ok.declined).toBeNull();
    expect(ok.paymentIntent).toMatchObject({
      status: 'succeeded',
      description: 'Payment for Invoice',
      customer: cus.id,
    });
    expect(ok.charge).toMatchObject({ status: 'succeeded', customer: cus.id });
    expect(ok.charge?.balance_transaction).toMatch(/^txn_/);
    const declined = s.account.service('pay')({ ...request, paymentMethod: failing.id });
    expect(declined.declined).toEqual({
      code: 'card_declined',
      declineCode: 'generic_decline',
      message: 'Your card was declined.',
    });
    expect(declined.paymentIntent.status).toBe('requires_payment_method');
    expect(declined.charge?.status).toBe('failed');
    const action = s.account.service('pay')({ ...request, paymentMethod: 'pm_card_threeDSecure2Required' });
    expect(action.declined?.code).toBe('authentication_required');
    expect(action.paymentIntent.status).toBe('requires_action');
    expect(action.charge).toBeNull();
  });

  test('refund: partial then the rest; charge.refunded with previous_attributes; fee not returned', () => {
    const s = sandbox();
    const pi = s.pay('pm_card_visa', 2000);
    const chargeId = String(pi.latest_charge);
    const from = s.events.length;
    const first = s.account.service('refund')({
      charge: chargeId,
      amount: 500,
      reason: 'requested_by_customer',
      metadata: {},
    });
    expect(s.since(from)).toEqual(['refund.created', 'charge.refunded']);
    expect((s.events.at(-1)?.data as { previous_attributes?: unknown }).previous_attributes).toEqual({
      amount_refunded: 0,
    });
    expect(first).toMatchObject({ amount: 500, status: 'succeeded', charge: chargeId, payment_intent: pi.id });
    expect(s.txn(first.balance_transaction)).toMatchObject({
      amount: -500,
      fee: 0,
      net: -500,
      type: 'refund',
      reporting_category: 'refund',
      source: first.id,
      status: 'available',
    });
    expect(s.fails('POST', '/v1/refunds', { charge: chargeId, amount: '1600' }).extra.param).toBe('amount');
    s.call('POST', '/v1/refunds', { payment_intent: pi.id });
    expect(s.charge(chargeId)).toMatchObject({ amount_refunded: 2000, refunded: true });
    expect(s.fails('POST', '/v1/refunds', { charge: chargeId }).extra.code).toBe('charge_already_refunded');
    const from2 = s.events.length;
    s.call('POST', `/v1/refunds/${first.id}`, { metadata: { order_id: '6735' } });
    expect(s.since(from2)).toEqual(['charge.refund.updated', 'refund.updated']);
  });
});

describe('disputes', () => {
  test('pm_card_createDispute: chargeback withdrawn with the $15 fee; winning_evidence reinstates (dispute fee kept)', () => {
    const s = sandbox();
    const pi = s.pay('pm_card_createDispute', 2000);
    expect(s.since(0).slice(-2)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn']);
    const [dispute] = dataOf<Stripe.Dispute>(s.call('GET', '/v1/disputes', { payment_intent: pi.id }));
    expect(dispute).toMatchObject({
      amount: 2000,
      status: 'needs_response',
      reason: 'fraudulent',
      charge: pi.latest_charge,
      is_charge_refundable: false,
    });
    expect(s.charge(pi.latest_charge).disputed).toBe(true);
    expect(dispute?.balance_transactions).toHaveLength(1);
    expect(dispute?.balance_transactions[0]).toMatchObject({
      amount: -2000,
      fee: 1500,
      net: -3500,
      type: 'adjustment',
      reporting_category: 'dispute',
      source: dispute?.id,
      fee_details: [{ amount: 1500, currency: 'usd', type: 'stripe_fee', description: 'Dispute fee' }],
    });
    expect(s.fails('POST', '/v1/refunds', { charge: String(pi.latest_charge) }).extra.code).toBe('charge_disputed');
    const from = s.events.length;
    s.call('POST', `/v1/disputes/${dispute?.id}`, { evidence: { uncategorized_text: 'winning_evidence' } });
    expect(s.since(from)).toEqual([
      'charge.dispute.updated',
      'charge.dispute.funds_reinstated',
      'charge.dispute.closed',
    ]);
    const won = s.call<Stripe.Dispute>('GET', `/v1/disputes/${dispute?.id}`);
    expect(won.status).toBe('won');
    // [1] is the countered fee charged with the evidence, [3] its return (test/payments_balance_kinds.test.ts).
    expect(won.balance_transactions[2]).toMatchObject({
      amount: 2000,
      fee: 0,
      net: 2000,
      type: 'adjustment',
      reporting_category: 'dispute_reversal',
    });
  });

  test('losing_evidence closes lost without reinstating', () => {
    const s = sandbox();
    const pi = s.pay('pm_card_createDisputeProductNotReceived', 1000);
    const [dispute] = dataOf<Stripe.Dispute>(s.call('GET', '/v1/disputes', { charge: String(pi.latest_charge) }));
    expect(dispute?.reason).toBe('product_not_received');
    const from = s.events.length;
    s.call('POST', `/v1/disputes/${dispute?.id}`, { evidence: { uncategorized_text: 'losing_evidence' } });
    expect(s.since(from)).toEqual(['charge.dispute.updated', 'charge.dispute.closed']);
    const lost = s.call<Stripe.Dispute>('GET', `/v1/disputes/${dispute?.id}`);
    expect(lost.status).toBe('lost');
    // The withdrawal and the countered fee; nothing reinstated.
    expect(lost.balance_transactions.map((t) => t.reporting_category)).toEqual(['dispute', 'dispute']);
  });

  test('CLI charge.dispute.* triggers: inquiry card, update metadata, close', () => {
    const s = sandbox();
    const pi = s.pay('pm_card_createDisputeInquiry', 100);
    const [dispute] = dataOf<Stripe.Dispute>(s.call('GET', '/v1/disputes', { payment_intent: pi.id }));
    expect(dispute).toMatchObject({
      status: 'warning_needs_response',
      balance_transactions: [],
      is_charge_refundable: true,
    });
    expect(dispute?.payment_method_details?.card?.case_type).toBe('inquiry');
    s.call('POST', `/v1/disputes/${dispute?.id}`, { metadata: { foo: 'bar' } });
    expect(s.events.at(-1)?.type).toBe('charge.dispute.updated');
    const closed = s.call<Stripe.Dispute>('POST', `/v1/disputes/${dispute?.id}/close`);
    expect(closed.status).toBe('warning_closed');
    expect(s.events.at(-1)?.type).toBe('charge.dispute.closed');
    expect(s.fails('POST', `/v1/disputes/${dispute?.id}/close`).statusCode).toBe(400);
  });
});

describe('balance and payouts', () => {
  test('daily automatic payout sweeps available funds; ?payout= lists them; paid the next day', () => {
    const s = sandbox();
    const pi = s.pay('pm_card_visa', 2000);
    const chargeTxn = String(s.charge(pi.latest_charge).balance_transaction);
    let balance = s.call<Stripe.Balance>('GET', '/v1/balance');
    expect(balance.pending).toEqual([{ amount: 1912, currency: 'usd', source_types: { card: 1912 } }]);
    expect(balance.available[0]?.amount).toBe(0);

    s.account.clock.set(MIDNIGHT + DAY); // funds still pending: no payout
    expect(s.call<ListObject<Stripe.Payout>>('GET', '/v1/payouts').data).toEqual([]);

    const from = s.events.length;
    s.account.clock.set(MIDNIGHT + 2 * DAY + 60);
    expect(s.since(from)).toEqual(['balance.available', 'payout.created']);
    const [payout] = dataOf<Stripe.Payout>(s.call('GET', '/v1/payouts'));
    expect(payout).toMatchObject({
      amount: 1912,
      currency: 'usd',
      automatic: true,
      method: 'standard',
      type: 'bank_account',
      status: 'in_transit',
      created: MIDNIGHT + 2 * DAY,
      arrival_date: MIDNIGHT + 3 * DAY,
      reconciliation_status: 'in_progress',
    });
    expect(payout?.destination).toMatch(/^ba_/);
    // Reconciliation completes 6 hours after creation (the default reconciliationDelaySeconds).
    const fromReconciled = s.events.length;
    s.account.clock.set(MIDNIGHT + 2 * DAY + 6 * 3600);
    expect(s.since(fromReconciled)).toEqual(['payout.reconciliation_completed']);
    const listed = dataOf<Stripe.BalanceTransaction>(
      s.call('GET', '/v1/balance_transactions', { payout: String(payout?.id), limit: '100' }),
    );
    expect(listed.map((t) => [t.type, t.amount]).sort()).toEqual([
      ['charge', 2000],
      ['payout', -1912],
    ]);
    expect(listed.map((t) => t.id)).toContain(chargeTxn);
    balance = s.call<Stripe.Balance>('GET', '/v1/balance');
    expect(balance.available[0]?.amount).toBe(0);

    const from2 = s.events.length;
    s.account.clock.set(MIDNIGHT + 3 * DAY + 60);
    expect(s.since(from2)).toEqual(['payout.paid']);
    expect(s.call<Stripe.Payout>('GET', `/v1/payouts/${payout?.id}`).status).toBe('paid');
  });

  test('a negative balance makes no payout and carries over', () => {
    const s = sandbox();
    const first = s.pay('pm_card_bypassPending', 1000); // available at once
    s.account.service('runPayouts')();
    s.call('POST', '/v1/refunds', { payment_intent: first.id }); // −1000, now unfunded
    expect(s.account.service('runPayouts')()).toEqual([]);
    const second = s.pay('pm_card_visa', 2000);
    s.account.clock.set(MIDNIGHT + 2 * DAY + 6 * 3600); // swept at midnight, reconciled at 06:00
    const payouts = dataOf<Stripe.Payout>(s.call('GET', '/v1/payouts'));
    expect(payouts.map((p) => p.amount)).toEqual([1912 - 1000, 1000 - 59]);
    const listed = dataOf<Stripe.BalanceTransaction>(
      s.call('GET', '/v1/balance_transactions', { payout: String(payouts[0]?.id) }),
    );
    expect(listed.map((t) => t.type).sort()).toEqual(['charge', 'payout', 'refund']);
    expect(listed.find((t) => t.type === 'charge')?.source).toBe(second.latest_charge);
  });

  test('CLI payout.created: bypassPending charge, manual payout; failure and cancel are reachable', () => {
    const s = sandbox();
    const from = s.events.length;
    s.pay('pm_card_bypassPending', 2000);
    expect(s.since(from)).toContain('balance.available');
    expect(s.call<Stripe.Balance>('GET', '/v1/balance').available[0]?.amount).toBe(1912);
    const payout = s.call<Stripe.Payout>('POST', '/v1/payouts', {
      amount: '1100',
      currency: 'usd',
      description: '(created by Stripe CLI)',
      metadata: { sandbox_fail: 'true' },
    });
    expect(payout).toMatchObject({ automatic: false, status: 'pending', reconciliation_status: 'not_applicable' });
    expect(s.events.at(-1)?.type).toBe('payout.created');
    expect(s.call<Stripe.Balance>('GET', '/v1/balance').available[0]?.amount).toBe(812);
    expect(s.fails('GET', '/v1/balance_transactions', { payout: payout.id }).statusCode).toBe(400);
    expect(s.fails('POST', '/v1/payouts', { amount: '5000', currency: 'usd' }).extra.code).toBe('balance_insufficient');
    const other = s.call<Stripe.Payout>('POST', '/v1/payouts', { amount: '100', currency: 'usd' });
    expect(s.call<Stripe.Payout>('POST', `/v1/payouts/${other.id}/cancel`).status).toBe('canceled');
    expect(s.events.at(-1)?.type).toBe('payout.canceled');

    s.account.clock.set(MIDNIGHT + DAY + 1);
    const failed = s.call<Stripe.Payout>('GET', `/v1/payouts/${payout.id}`);
    expect(failed).toMatchObject({ status: 'failed', failure_code: 'could_not_process' });
    expect(s.txn(failed.failure_balance_transaction)).toMatchObject({
      amount: 1100,
      type: 'payout_failure',
      reporting_category: 'payout_reversal',
    });
    expect(s.since(from)).toContain('payout.failed');
    // The failure (at the payout's arrival, 00:00) returned 1100 just before the automatic payout swept
    // 1912 − 1100 − 100 + 100 (cancelled) + 1100; the manual payouts' transactions are not listed in it.
    const auto = dataOf<Stripe.Payout>(s.call('GET', '/v1/payouts')).filter((p) => p.automatic);
    expect(auto.map((p) => p.amount)).toEqual([1912]);
    s.account.clock.set(MIDNIGHT + DAY + 6 * 3600); // its reconciliation completes
    const listed = dataOf<Stripe.BalanceTransaction>(
      s.call('GET', '/v1/balance_transactions', { payout: String(auto[0]?.id) }),
    );
    expect(listed.map((t) => t.type).sort()).toEqual(['charge', 'payout']);
    expect(s.account.service('runPayouts')()).toEqual([]);
    expect(s.call<Stripe.Balance>('GET', '/v1/balance').available[0]?.amount).toBe(0);
  });

  test('balance transactions filter by type and source', () => {
    const s = sandbox();
    const pi = s.pay('pm_card_visa', 2000);
    s.call('POST', '/v1/refunds', { payment_intent: pi.id, amount: '300' });
    const refundsOnly = dataOf<Stripe.BalanceTransaction>(
      s.call('GET', '/v1/balance_transactions', { type: 'refund' }),
    );
    expect(refundsOnly.map((t) => t.amount)).toEqual([-300]);
    const bySource = dataOf<Stripe.BalanceTransaction>(
      s.call('GET', '/v1/balance_transactions', { source: String(pi.latest_charge) }),
    );
    expect(bySource.map((t) => t.type)).toEqual(['charge']);
  });
});

describe("shapes match Stripe's examples (fixtures3.json)", () => {
  const fixtures = JSON.parse(readFileSync('/work/shared/stripe/openapi/fixtures3.json', 'utf8')) as {
    resources: Record<string, unknown>;
  };

  test('every payment-side object', () => {
    const s = sandbox();
    const cus = s.call<Stripe.Customer>('POST', '/v1/customers', { email: 'x@example.com' });
    const pm = s.call<Stripe.PaymentMethod>('POST', '/v1/payment_methods/pm_card_createDispute/attach', {
      customer: cus.id,
    });
    const pi = s.pay(pm.id, 2000, { customer: cus.id });
    const ch = s.charge(pi.latest_charge);
    const [dispute] = dataOf<Stripe.Dispute>(s.call('GET', '/v1/disputes'));
    const other = s.pay('pm_card_bypassPending', 5000);
    const refund = s.call<Stripe.Refund>('POST', '/v1/refunds', { payment_intent: other.id, amount: '100' });
    const [payout] = s.account.service('runPayouts')();
    const objects: [string, unknown, string[]][] = [
      ['customer', cus, []],
      ['payment_method', pm, []],
      ['payment_intent', pi, []],
      // `refunds` is only returned when expanded since API version 2022-11-15.
      ['charge', ch, ['refunds']],
      ['balance_transaction', s.txn(ch.balance_transaction), []],
      ['refund', refund, []],
      ['dispute', dispute, []],
      ['payout', payout, []],
      ['balance', s.call('GET', '/v1/balance'), []],
      ['deleted_customer', s.call('DELETE', `/v1/customers/${cus.id}`), []],
    ];
    for (const [name, object, ignore] of objects) {
      const mismatches = compareShape(object, fixtures.resources[name], '', new Set(ignore));
      expect({ name, mismatches }).toEqual({ name, mismatches: [] });
    }
  });
});

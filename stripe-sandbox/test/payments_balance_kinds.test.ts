import type Stripe from 'stripe';
import { SandboxAccount, type SandboxSettings } from '../src/core/account';
import type { ListObject } from '../src/core/list';
import type { RawParams } from '../src/core/params';
import { moduleSandbox } from './helpers/modules';
import { PAYMENT_MODULES } from './helpers/paymentModules';
import { StripeSandbox } from '../src/sandbox';

// Balance transaction kinds a payout can carry beyond charges, refunds and plain disputes: each test names the
// Stripe page the behaviour comes from, or the README guess it follows.

/** Monday 2 March 2026, 10:00 UTC. */
const START = Date.UTC(2026, 2, 2, 10) / 1000;

function sandbox(settings: Partial<SandboxSettings> = {}) {
  const account = new SandboxAccount({ seed: 7, now: START, settings: { exchangeRateDrift: 0, ...settings } });
  const box = moduleSandbox(account, PAYMENT_MODULES);
  const { call } = box;
  const charge = (id: unknown) => call<Stripe.Charge>('GET', `/v1/charges/${String(id)}`);
  const txns = (params: RawParams) =>
    (call('GET', '/v1/balance_transactions', params) as ListObject<Stripe.BalanceTransaction>).data;
  const pay = (paymentMethod: string, amount = 2000, extra: RawParams = {}) =>
    call<Stripe.PaymentIntent>('POST', '/v1/payment_intents', {
      amount: String(amount),
      currency: 'usd',
      payment_method: paymentMethod,
      payment_method_types: ['card'],
      confirm: 'true',
      ...extra,
    });
  return { ...box, charge, txns, pay };
}

describe('partial capture (docs.stripe.com/reports/reporting-categories, "partial-capture reversals")', () => {
  test('PaymentIntent: a charge transaction for the full authorisation and a partial_capture_reversal', () => {
    const s = sandbox();
    const pi = s.pay('pm_card_visa', 2000, { capture_method: 'manual' });
    s.call('POST', `/v1/payment_intents/${pi.id}/capture`, { amount_to_capture: '1500' });
    const ch = s.charge(pi.latest_charge);
    const [reversal, charged] = s.txns({ source: ch.id });
    expect(charged).toMatchObject({ id: ch.balance_transaction, type: 'charge', reporting_category: 'charge' });
    expect(charged).toMatchObject({ amount: 2000, fee: 74, net: 1926 });
    expect(reversal).toMatchObject({
      type: 'refund',
      reporting_category: 'partial_capture_reversal',
      amount: -500,
      fee: 0,
      net: -500,
      source: ch.id,
      available_on: charged?.available_on,
    });
    // "Summing the two balance transactions yields the captured portion of the charge."
    expect((charged?.amount ?? 0) + (reversal?.amount ?? 0)).toBe(1500);
  });

  test('legacy charge capture with amount; partialCaptureFeeOn=authorized puts the fee on 2000', () => {
    const s = sandbox({ partialCaptureFeeOn: 'authorized' });
    const ch = s.call<Stripe.Charge>('POST', '/v1/charges', {
      amount: '2000',
      currency: 'usd',
      source: 'tok_visa',
      capture: 'false',
    });
    expect(s.txns({ source: ch.id })).toHaveLength(0);
    s.call('POST', `/v1/charges/${ch.id}/capture`, { amount: '1000' });
    const [reversal, charged] = s.txns({ source: ch.id });
    expect(charged).toMatchObject({ amount: 2000, fee: 88, reporting_category: 'charge' });
    expect(reversal).toMatchObject({ amount: -1000, reporting_category: 'partial_capture_reversal' });
  });

  test('a full capture makes no reversal', () => {
    const s = sandbox();
    const pi = s.pay('pm_card_visa', 2000, { capture_method: 'manual' });
    s.call('POST', `/v1/payment_intents/${pi.id}/capture`);
    expect(s.txns({ source: String(pi.latest_charge) }).map((t) => t.reporting_category)).toEqual(['charge']);
  });

  test('a converted partial capture reverses at the charge rate', () => {
    const s = sandbox({ settlementCurrencies: ['usd'] });
    const pi = s.pay('pm_card_visa', 1000, { capture_method: 'manual', currency: 'eur' });
    s.call('POST', `/v1/payment_intents/${pi.id}/capture`, { amount_to_capture: '600' });
    const [reversal, charged] = s.txns({ source: String(pi.latest_charge) });
    // Anchor rate 1 EUR = 1.10 USD (drift 0): €10.00 → $11.00, €4.00 back → $4.40.
    expect(charged).toMatchObject({ amount: 1100, currency: 'usd', exchange_rate: 1.1 });
    expect(reversal).toMatchObject({ amount: -440, currency: 'usd', exchange_rate: 1.1 });
  });
});

describe('dispute fees (support.stripe.com, "June 2025 pricing updates for disputes" and the "Disputes" topic)', () => {
  function disputed(settings: Partial<SandboxSettings> = {}) {
    const s = sandbox(settings);
    const pi = s.pay('pm_card_createDispute', 2000);
    const [dispute] = (s.call('GET', '/v1/disputes', { payment_intent: pi.id }) as ListObject<Stripe.Dispute>).data;
    const id = String(dispute?.id);
    const get = () => s.call<Stripe.Dispute>('GET', `/v1/disputes/${id}`);
    return { ...s, id, get };
  }

  test('countering charges the $15 countered fee when the evidence is submitted: adjustment, dispute, amount 0', () => {
    const s = disputed();
    s.call('POST', `/v1/disputes/${s.id}`, { evidence: { uncategorized_text: 'receipt attached' }, submit: 'false' });
    expect(s.get().balance_transactions).toHaveLength(1);
    s.call('POST', `/v1/disputes/${s.id}`, { evidence: { uncategorized_text: 'receipt attached' } });
    const txns = s.get().balance_transactions;
    expect(txns).toHaveLength(2);
    expect(txns[1]).toMatchObject({
      amount: 0,
      fee: 1500,
      net: -1500,
      type: 'adjustment',
      reporting_category: 'dispute',
      source: s.id,
      fee_details: [{ amount: 1500, currency: 'usd', type: 'stripe_fee', description: 'Dispute countered fee' }],
    });
    // Submitting again costs nothing more.
    s.call('POST', `/v1/disputes/${s.id}`, { evidence: { uncategorized_text: 'more' } });
    expect(s.get().balance_transactions).toHaveLength(2);
  });

  test('won: the amount back, the countered fee returned, the dispute fee kept (US pricing)', () => {
    const s = disputed();
    s.call('POST', `/v1/disputes/${s.id}`, { evidence: { uncategorized_text: 'winning_evidence' } });
    const [withdrawal, countered, reinstated, returned] = s.get().balance_transactions;
    expect(withdrawal).toMatchObject({ amount: -2000, fee: 1500, reporting_category: 'dispute' });
    expect(countered).toMatchObject({ amount: 0, fee: 1500, reporting_category: 'dispute' });
    expect(reinstated).toMatchObject({ amount: 2000, fee: 0, reporting_category: 'dispute_reversal' });
    expect(returned).toMatchObject({
      amount: 0,
      fee: -1500,
      net: 1500,
      type: 'adjustment',
      reporting_category: 'dispute_reversal',
      source: s.id,
    });
    const net = [withdrawal, countered, reinstated, returned].reduce((sum, t) => sum + (t?.net ?? 0), 0);
    expect(net).toBe(-1500);
  });

  test('lost: both fees kept, nothing returned', () => {
    const s = disputed();
    s.call('POST', `/v1/disputes/${s.id}`, { evidence: { uncategorized_text: 'losing_evidence' } });
    const txns = s.get().balance_transactions;
    expect(txns.map((t) => t.net)).toEqual([-3500, -1500]);
  });

  test('disputeFeeReturnedOnWin: the reinstatement carries the dispute fee back as a negative fee line', () => {
    const s = disputed({ disputeFeeReturnedOnWin: true });
    s.call('POST', `/v1/disputes/${s.id}`, { evidence: { uncategorized_text: 'winning_evidence' } });
    expect(s.get().balance_transactions[2]).toMatchObject({
      amount: 2000,
      fee: -1500,
      net: 3500,
      fee_details: [{ amount: -1500, description: 'Dispute fee', type: 'stripe_fee' }],
    });
  });

  test('markets without a countered fee (Mexico, Japan): disputeCounteredFeeUsd 0', () => {
    const s = disputed({ disputeCounteredFeeUsd: 0 });
    s.call('POST', `/v1/disputes/${s.id}`, { evidence: { uncategorized_text: 'winning_evidence' } });
    expect(s.get().balance_transactions.map((t) => t.reporting_category)).toEqual(['dispute', 'dispute_reversal']);
  });

  test('disputeCounteredFeeCategory=fee: a stripe_fee transaction in category fee, and its return', () => {
    const s = disputed({ disputeCounteredFeeCategory: 'fee' });
    s.call('POST', `/v1/disputes/${s.id}`, { evidence: { uncategorized_text: 'winning_evidence' } });
    const txns = s.get().balance_transactions;
    expect(txns[1]).toMatchObject({ type: 'stripe_fee', reporting_category: 'fee', amount: -1500, fee: 0 });
    expect(txns[3]).toMatchObject({ type: 'stripe_fee', reporting_category: 'fee', amount: 1500, fee: 0 });
  });

  test('disputes opened before 2025-06-17 pay no countered fee', () => {
    const account = new SandboxAccount({ seed: 7, now: Date.UTC(2025, 5, 16, 10) / 1000 });
    const box = moduleSandbox(account, PAYMENT_MODULES);
    const pi = box.call<Stripe.PaymentIntent>('POST', '/v1/payment_intents', {
      amount: '2000',
      currency: 'usd',
      payment_method: 'pm_card_createDispute',
      payment_method_types: ['card'],
      confirm: 'true',
    });
    const [dispute] = (box.call('GET', '/v1/disputes', { payment_intent: pi.id }) as ListObject<Stripe.Dispute>).data;
    box.call('POST', `/v1/disputes/${String(dispute?.id)}`, { evidence: { uncategorized_text: 'receipt' } });
    const after = box.call<Stripe.Dispute>('GET', `/v1/disputes/${String(dispute?.id)}`);
    expect(after.balance_transactions).toHaveLength(1);
  });

  test('inquiries pay no countered fee', () => {
    const s = sandbox();
    const pi = s.pay('pm_card_createDisputeInquiry', 2000);
    const [dispute] = (s.call('GET', '/v1/disputes', { payment_intent: pi.id }) as ListObject<Stripe.Dispute>).data;
    s.call('POST', `/v1/disputes/${String(dispute?.id)}`, { evidence: { uncategorized_text: 'winning_evidence' } });
    expect(s.call<Stripe.Dispute>('GET', `/v1/disputes/${String(dispute?.id)}`).balance_transactions).toEqual([]);
  });
});

describe('failed refunds (docs.stripe.com/testing: 4000000000005126 "refunding a captured charge fails asynchronously")', () => {
  test('pm_card_refundFail: succeeded at first, failed an hour later with a refund_failure transaction', () => {
    const s = sandbox();
    const pi = s.pay('pm_card_refundFail', 2000);
    const refund = s.call<Stripe.Refund>('POST', '/v1/refunds', { payment_intent: pi.id, amount: '800' });
    expect(refund.status).toBe('succeeded');
    expect(s.charge(pi.latest_charge).amount_refunded).toBe(800);
    const from = s.events.length;
    s.account.clock.advance(3600);
    expect(s.since(from)).toEqual(['charge.refund.updated', 'refund.updated', 'refund.failed']);
    const failed = s.call<Stripe.Refund>('GET', `/v1/refunds/${refund.id}`);
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
    const back = s.call<Stripe.BalanceTransaction>(
      'GET',
      `/v1/balance_transactions/${String(failed.failure_balance_transaction)}`,
    );
    expect(back).toMatchObject({
      type: 'refund_failure',
      reporting_category: 'refund_failure',
      amount: 800,
      fee: 0,
      net: 800,
      source: refund.id,
    });
    expect(s.charge(pi.latest_charge)).toMatchObject({ amount_refunded: 0, refunded: false });
    const event = s.events.at(-1);
    expect((event?.data as { previous_attributes?: unknown }).previous_attributes).toMatchObject({
      status: 'succeeded',
    });
  });

  test('a visa refund does not fail; metadata sandbox_fail=true makes it fail', () => {
    const s = sandbox({ refundFailureType: 'adjustment' });
    const pi = s.pay('pm_card_visa', 2000);
    const kept = s.call<Stripe.Refund>('POST', '/v1/refunds', { payment_intent: pi.id, amount: '500' });
    const failing = s.call<Stripe.Refund>('POST', '/v1/refunds', {
      payment_intent: pi.id,
      amount: '700',
      metadata: { sandbox_fail: 'true' },
    });
    s.account.clock.advance(86400);
    expect(s.call<Stripe.Refund>('GET', `/v1/refunds/${kept.id}`).status).toBe('succeeded');
    const failed = s.call<Stripe.Refund>('GET', `/v1/refunds/${failing.id}`);
    expect(failed.status).toBe('failed');
    expect(s.txns({ source: failing.id }).map((t) => [t.type, t.reporting_category, t.amount])).toEqual([
      ['adjustment', 'refund_failure', 700],
      ['refund', 'refund', -700],
    ]);
  });
});

describe('Stripe fees billed separately, tax on them, other adjustments (sandbox hooks)', () => {
  test('stripeFee: a stripe_fee transaction in category fee and a tax_fee one in category tax; both paid out', () => {
    const s = sandbox();
    s.pay('pm_card_bypassPending', 10000);
    const [fee, tax] = s.account.service('stripeFee')({
      amount: 500,
      currency: 'usd',
      description: 'Billing usage fee',
      tax: 40,
    });
    expect(fee).toMatchObject({ type: 'stripe_fee', reporting_category: 'fee', amount: -500, fee: 0, net: -500 });
    expect(fee?.source).toBeNull();
    expect(tax).toMatchObject({ type: 'tax_fee', reporting_category: 'tax', amount: -40, net: -40 });
    const [payout] = s.account.service('runPayouts')();
    // $100.00 − ($2.90 + $0.30) − $5.00 − $0.40.
    expect(payout?.amount).toBe(10000 - 320 - 500 - 40);
    // Listable once Stripe has reconciled the payout, hours later.
    s.account.clock.advance(7 * 3600);
    const swept = s.txns({ payout: String(payout?.id) }).map((t) => t.reporting_category);
    expect(swept).toEqual(expect.arrayContaining(['fee', 'tax', 'charge']));
  });

  test('adjustBalance: type adjustment, category other_adjustment, either sign', () => {
    const s = sandbox();
    const credit = s.account.service('adjustBalance')({ amount: 250, currency: 'usd', description: 'Goodwill' });
    const debit = s.account.service('adjustBalance')({ amount: -100, currency: 'usd', description: 'Correction' });
    expect(credit).toMatchObject({ type: 'adjustment', reporting_category: 'other_adjustment', amount: 250, net: 250 });
    expect(debit).toMatchObject({ type: 'adjustment', reporting_category: 'other_adjustment', amount: -100 });
    expect(() => s.account.service('adjustBalance')({ amount: 0, currency: 'usd', description: 'x' })).toThrow();
  });
});

describe('Connect on the platform ("Create destination charges", docs.stripe.com/connect/destination-charges)', () => {
  function platform() {
    const s = sandbox();
    const acct = s.call<{ id: string; object: string }>('POST', '/v1/accounts', { type: 'express', country: 'US' });
    return { ...s, acct: acct.id };
  }

  test('a connected account is created and retrieved; an unknown destination is refused', () => {
    const s = platform();
    expect(s.acct).toMatch(/^acct_/);
    expect(s.call('GET', `/v1/accounts/${s.acct}`)).toMatchObject({ id: s.acct, object: 'account' });
    const error = s.fails('POST', '/v1/payment_intents', {
      amount: '1000',
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: 'true',
      transfer_data: { destination: 'acct_1Nope' },
    });
    expect(error.extra).toMatchObject({ code: 'resource_missing', param: 'transfer_data[destination]' });
  });

  test('destination charge with an application fee: charge +, transfer −, application_fee + on the platform', () => {
    const s = platform();
    const from = s.events.length;
    const pi = s.pay('pm_card_visa', 10000, { transfer_data: { destination: s.acct }, application_fee_amount: '1230' });
    expect(pi).toMatchObject({ application_fee_amount: 1230, transfer_data: { destination: s.acct } });
    const ch = s.charge(pi.latest_charge);
    expect(ch.transfer).toMatch(/^tr_/);
    expect(ch.application_fee).toMatch(/^fee_/);
    const transfer = s.call<Stripe.Transfer>('GET', `/v1/transfers/${String(ch.transfer)}`);
    expect(transfer).toMatchObject({ amount: 10000, destination: s.acct, source_transaction: ch.id });
    const fee = s.call<Stripe.ApplicationFee>('GET', `/v1/application_fees/${String(ch.application_fee)}`);
    expect(fee).toMatchObject({ amount: 1230, account: s.acct, charge: ch.id });
    const byId = (id: unknown) => s.call<Stripe.BalanceTransaction>('GET', `/v1/balance_transactions/${String(id)}`);
    expect(byId(ch.balance_transaction)).toMatchObject({ reporting_category: 'charge', amount: 10000, fee: 320 });
    expect(byId(transfer.balance_transaction)).toMatchObject({
      type: 'transfer',
      reporting_category: 'transfer',
      amount: -10000,
      fee: 0,
      source: transfer.id,
    });
    expect(byId(fee.balance_transaction)).toMatchObject({
      type: 'application_fee',
      reporting_category: 'platform_earning',
      amount: 1230,
      fee: 0,
      source: fee.id,
    });
    expect(s.since(from)).toEqual(expect.arrayContaining(['transfer.created', 'application_fee.created']));
    // The platform keeps the application fee less Stripe's fee.
    const net = [ch.balance_transaction, transfer.balance_transaction, fee.balance_transaction]
      .map((id) => byId(id).net)
      .reduce((a, b) => a + b, 0);
    expect(net).toBe(1230 - 320);
  });

  test('an application fee without a destination is refused, not ignored', () => {
    const s = platform();
    const error = s.fails('POST', '/v1/charges', {
      amount: '1000',
      currency: 'usd',
      source: 'tok_visa',
      application_fee_amount: '100',
    });
    expect(error.extra.param).toBe('application_fee_amount');
    expect(error.message).toMatch(/Stripe-Account header\) or destination payment/);
  });

  test('manual capture: application_fee_amount at capture, capped at the captured amount; transfer of the captured amount', () => {
    const s = platform();
    const pi = s.pay('pm_card_visa', 2000, { capture_method: 'manual', transfer_data: { destination: s.acct } });
    s.call('POST', `/v1/payment_intents/${pi.id}/capture`, {
      amount_to_capture: '1500',
      application_fee_amount: '200',
    });
    const ch = s.charge(pi.latest_charge);
    expect(s.call<Stripe.Transfer>('GET', `/v1/transfers/${String(ch.transfer)}`).amount).toBe(1500);
    expect(s.call<Stripe.ApplicationFee>('GET', `/v1/application_fees/${String(ch.application_fee)}`).amount).toBe(200);
  });
});

describe('Stripe-Account header', () => {
  test("an account the key cannot reach: 403 account_invalid with Stripe's message; a connected one: not modelled", () => {
    const box = new StripeSandbox({ seed: 3, now: START });
    const denied = box.request('GET', '/v1/balance', {}, { 'Stripe-Account': 'acct_1Other' });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({
      error: {
        type: 'invalid_request_error',
        code: 'account_invalid',
        message: expect.stringMatching(
          /^The provided key 'sk_test_\*+\w{4}' does not have access to account 'acct_1Other' \(or that account does not exist\)\. Application access may have been revoked\.$/,
        ),
      },
    });
    const acct = box.request('POST', '/v1/accounts', { type: 'express' }).body as { id: string };
    expect(box.request('GET', '/v1/balance', {}, { 'Stripe-Account': acct.id }).status).toBe(400);
    const own = box.request('GET', '/v1/balance', {}, { 'Stripe-Account': box.account.settings.accountId });
    expect(own.status).toBe(200);
  });
});

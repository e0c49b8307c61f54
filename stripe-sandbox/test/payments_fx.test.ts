import type Stripe from 'stripe';
import { SandboxAccount, type SandboxSettings, type StripeObject } from '../src/core/account';
import { exchangeRateAt } from '../src/resources/exchangeRates';
import { convertAmount } from '../src/resources/fees';
import { moduleSandbox } from './helpers/modules';
import { PAYMENT_MODULES } from './helpers/paymentModules';

// Sources: "Conversions on disputes and refunds" (docs.stripe.com/currencies/disputes-refunds): a refund or
// dispute of a converted payment converts at the rate at its own time; the API reference's `exchange_rate`
// ("the amount in currency A, multiplied by the exchange_rate, equals the amount in currency B"); the
// "Stripe currency conversion fee" fee line of converted charges in Stripe's published examples; the special
// cases of docs.stripe.com/currencies. Expected amounts are worked here from the published rate, not read
// back from the sandbox's conversion code.

const MODULES = PAYMENT_MODULES;
const HOUR = 3600;
const DAY = 86400;
/** Monday 2 March 2026, 10:00 UTC. */
const START = Date.UTC(2026, 2, 2, 10) / 1000;

function sandbox(settings: Partial<SandboxSettings> = {}) {
  const account = new SandboxAccount({ seed: 7, now: START, settings });
  const box = moduleSandbox(account, MODULES);
  const txn = (id: unknown) => box.call<Stripe.BalanceTransaction>('GET', `/v1/balance_transactions/${String(id)}`);
  const charge = (id: unknown) => box.call<Stripe.Charge>('GET', `/v1/charges/${String(id)}`);
  const pay = (amount: number, currency: string, paymentMethod = 'pm_card_visa') =>
    charge(
      box.call<Stripe.PaymentIntent>('POST', '/v1/payment_intents', {
        amount: String(amount),
        currency,
        payment_method: paymentMethod,
        confirm: 'true',
      }).latest_charge,
    );
  return { ...box, txn, charge, pay };
}

/** Presentment minor units × rate, rounded half-up, for two currencies with the same exponent. */
const settled = (amount: number, rate: number) => Math.round(amount * rate);

describe('exchange rates move during the day, seeded', () => {
  const anchor = 1.1; // the sandbox's EUR anchor, in USD

  test('same seed and time → same rate; another seed → other rates', () => {
    const times = Array.from({ length: 24 }, (_, h) => START + h * HOUR);
    const a = times.map((t) => exchangeRateAt(7, 'eur', 'usd', t, 0.02));
    expect(times.map((t) => exchangeRateAt(7, 'eur', 'usd', t, 0.02))).toEqual(a);
    expect(times.map((t) => exchangeRateAt(8, 'eur', 'usd', t, 0.02))).not.toEqual(a);
  });

  test('within one day the rate takes many values, all within the drift around the anchor', () => {
    const day = Array.from({ length: 48 }, (_, i) => exchangeRateAt(7, 'eur', 'usd', START + i * 1800, 0.02));
    expect(new Set(day).size).toBeGreaterThan(20);
    const month = Array.from({ length: 31 * 24 }, (_, h) => exchangeRateAt(7, 'eur', 'usd', START + h * HOUR, 0.02));
    for (const rate of month) expect(Math.abs(rate / anchor - 1)).toBeLessThanOrEqual(0.02 + 1e-5);
  });

  test('drift 0 → the fixed anchor table; the inverse rate is the reciprocal to 6 significant digits', () => {
    expect(exchangeRateAt(7, 'eur', 'usd', START, 0)).toBe(1.1);
    expect(exchangeRateAt(7, 'usd', 'jpy', START, 0)).toBe(149.254); // 1 / 0.0067 = 149.2537…
    expect(exchangeRateAt(7, 'usd', 'usd', START, 0.02)).toBe(1);
  });
});

describe('conversion at a published rate, to the minor unit and the currency step', () => {
  test.each([
    [1000, 'eur', 'usd', 1.08423, 1084], // €10.00 × 1.08423 = $10.8423
    [50, 'eur', 'usd', 1.07, 54], // €0.50 × 1.07 = $0.535 → half-up 54¢ (exact, not float)
    [123456, 'jpy', 'usd', 0.00671234, 82868], // ¥123,456 × 0.00671234 = $828.678647
    [1000, 'usd', 'kwd', 0.307692, 3080], // $10 → KWD 3.07692 → 3.077 → last digit 0: 3.080
    [1000, 'usd', 'isk', 138.889, 138900], // $10 → ISK 1,388.89 → whole krónur, sent two-decimal
  ])('%i %s → %s at %p = %i', (amount, from, to, rate, expected) => {
    expect(convertAmount(amount, from, to, rate)).toBe(expected);
  });
});

describe('converted charges, refunds and disputes on a USD-only account', () => {
  test('a refund converts at the rate of its own time: not proportional to the charge', () => {
    const s = sandbox({ settlementCurrencies: ['usd'] });
    const ch = s.pay(10000, 'eur');
    const t = s.txn(ch.balance_transaction);
    const r1 = t.exchange_rate ?? 0;
    expect(t).toMatchObject({ currency: 'usd', amount: settled(10000, r1) });
    s.account.clock.advance(6 * HOUR);
    const refund = s.call<Stripe.Refund>('POST', '/v1/refunds', { charge: ch.id, amount: '4000' });
    const rt = s.txn(refund.balance_transaction);
    const r2 = rt.exchange_rate ?? 0;
    expect(r2).not.toBe(r1);
    expect(rt).toMatchObject({ currency: 'usd', amount: -settled(4000, r2), fee: 0, fee_details: [] });
    expect(rt.amount).not.toBe(-Math.round(t.amount * 0.4));
  });

  test('the conversion fee is its own fee_details line (stripe_fee), 1% of the converted gross, in fee', () => {
    const s = sandbox({ settlementCurrencies: ['usd'] });
    const t = s.txn(s.pay(10000, 'eur').balance_transaction);
    const processing = Math.round(t.amount * 0.029) + 30;
    const conversion = Math.round(t.amount * 0.01);
    expect(t.fee_details).toEqual([
      {
        amount: processing,
        application: null,
        currency: 'usd',
        description: 'Stripe processing fees',
        type: 'stripe_fee',
      },
      {
        amount: conversion,
        application: null,
        currency: 'usd',
        description: 'Stripe currency conversion fee',
        type: 'stripe_fee',
      },
    ]);
    expect(t).toMatchObject({ fee: processing + conversion, net: t.amount - processing - conversion });
  });

  test('2% conversion fee where the account is priced so (UK/EEA): ¥10,000 → $67.00, fee $1.34', () => {
    const s = sandbox({ settlementCurrencies: ['usd'], exchangeRateDrift: 0, currencyConversionFeeBps: 200 });
    const t = s.txn(s.pay(10000, 'jpy').balance_transaction);
    expect(t).toMatchObject({ amount: 6700, exchange_rate: 0.0067 });
    expect(t.fee_details[1]).toMatchObject({ amount: 134, description: 'Stripe currency conversion fee' });
  });

  test('a chargeback withdraws at the rate then, a won dispute reinstates at the rate later', () => {
    const s = sandbox({ settlementCurrencies: ['usd'] });
    const ch = s.pay(5000, 'eur', 'pm_card_createDispute');
    const dispute = s.account.list<Stripe.Dispute & StripeObject>('dispute')[0];
    if (!dispute) throw new Error('no dispute');
    const withdrawal = dispute.balance_transactions[0];
    const rate = withdrawal?.exchange_rate ?? 0;
    expect(withdrawal).toMatchObject({ amount: -settled(5000, rate), currency: 'usd', fee: 1500 });
    expect(rate).toBe(s.txn(ch.balance_transaction).exchange_rate); // same second as the charge
    s.account.clock.advance(5 * HOUR);
    s.call('POST', `/v1/disputes/${dispute.id}`, { evidence: { uncategorized_text: 'winning_evidence' } });
    // [1] is the countered fee, [2] the reinstatement.
    const back = s.call<Stripe.Dispute>('GET', `/v1/disputes/${dispute.id}`).balance_transactions[2];
    const later = back?.exchange_rate ?? 0;
    expect(later).not.toBe(rate);
    expect(back).toMatchObject({ amount: settled(5000, later), currency: 'usd', fee: 0 });
  });
});

describe('settlement and payout currencies (an account paying out USD and EUR)', () => {
  test('EUR settles in EUR unconverted; GBP converts to USD; one payout per currency', () => {
    const s = sandbox(); // default: USD default currency, USD and EUR bank accounts
    const eur = s.txn(s.pay(2000, 'eur').balance_transaction);
    const gbp = s.txn(s.pay(2000, 'gbp').balance_transaction);
    expect(eur).toMatchObject({ amount: 2000, currency: 'eur', exchange_rate: null });
    expect(eur.fee_details.map((f) => f.description)).toEqual(['Stripe processing fees']);
    expect(gbp).toMatchObject({ currency: 'usd', amount: settled(2000, gbp.exchange_rate ?? 0) });
    expect(gbp.fee_details.map((f) => f.description)).toEqual([
      'Stripe processing fees',
      'Stripe currency conversion fee',
    ]);
    s.account.clock.advance(3 * DAY);
    const made = s.account.list<Stripe.Payout & StripeObject>('payout');
    expect(Object.fromEntries(made.map((p) => [p.currency, p.amount]))).toEqual({ eur: eur.net, usd: gbp.net });
  });
});

describe('special currencies (docs.stripe.com/currencies, "Special cases")', () => {
  test('ISK and UGX: two-decimal amounts that must be whole units', () => {
    const s = sandbox({ settlementCurrencies: ['usd'] });
    for (const currency of ['isk', 'ugx']) {
      expect(
        s.fails('POST', '/v1/payment_intents', { amount: '150050', currency, payment_method: 'pm_card_visa' }).extra,
      ).toMatchObject({ param: 'amount', code: 'invalid_charge_amount_no_decimal_compatible' });
      expect(s.pay(150000, currency).amount).toBe(150000);
    }
    const isk = s.pay(150000, 'isk');
    expect(s.fails('POST', '/v1/refunds', { charge: isk.id, amount: '12345' }).extra.code).toBe(
      'invalid_charge_amount_no_decimal_compatible',
    );
  });

  test('KWD/BHD: three decimals, last digit 0; JPY/KRW: whole units', () => {
    const s = sandbox({ settlementCurrencies: ['usd'], exchangeRateDrift: 0 });
    expect(s.fails('POST', '/v1/payment_intents', { amount: '1505', currency: 'kwd' }).extra.param).toBe('amount');
    const bhd = s.txn(s.pay(10000, 'bhd').balance_transaction); // BHD 10.000 × 2.65 = $26.50
    expect(bhd).toMatchObject({ amount: 2650, exchange_rate: 2.65 });
    const krw = s.txn(s.pay(100000, 'krw').balance_transaction); // ₩100,000 × 0.00075 = $75.00
    expect(krw).toMatchObject({ amount: 7500, exchange_rate: 0.00075 });
  });

  test('a KWD account: fees and converted amounts end in 0', () => {
    const s = sandbox({ defaultCurrency: 'kwd', settlementCurrencies: ['kwd'] });
    const t = s.txn(s.pay(12345, 'usd').balance_transaction);
    expect(t.currency).toBe('kwd');
    for (const n of [t.amount, t.fee, t.net, ...t.fee_details.map((f) => f.amount)]) expect(n % 10).toBe(0);
  });

  test('HUF payouts are whole forints: the fraction waits for the next payout', () => {
    const s = sandbox({ settlementCurrencies: ['usd', 'huf'] });
    const first = s.txn(s.pay(1000045, 'huf').balance_transaction); // HUF 10,000.45
    expect(first.net % 100).not.toBe(0); // a fraction of a forint to carry
    s.account.clock.advance(3 * DAY);
    const [p1] = s.account.list<Stripe.Payout & StripeObject>('payout');
    expect(p1).toMatchObject({ currency: 'huf', amount: first.net - (first.net % 100) });
    const second = s.txn(s.pay(500010, 'huf').balance_transaction);
    s.account.clock.advance(3 * DAY);
    const [p2] = s.account.list<Stripe.Payout & StripeObject>('payout');
    const owed = second.net + (first.net % 100);
    expect(p2).toMatchObject({ currency: 'huf', amount: owed - (owed % 100) });
    expect(s.fails('POST', '/v1/payouts', { amount: '150', currency: 'huf' }).extra.param).toBe('amount');
  });
});

import {
  convertAmount,
  currencyExponent,
  disputeFee,
  divideHalfUp,
  exchangeRate,
  percentOf,
  settleCardCharge,
  toSettlement,
} from '../src/resources/fees';

// Expected values are worked by hand from Stripe's published US pricing (2.9% + 30¢, +1% currency
// conversion, $15 dispute fee) and the sandbox's fixed rate table (1 EUR = 1.10 USD, 1 JPY = 0.0067 USD,
// 1 KWD = 3.25 USD), not read back from the code.
const USD_ONLY = { defaultCurrency: 'usd', settlementCurrencies: ['usd'] };
const USD_EUR = { defaultCurrency: 'usd', settlementCurrencies: ['usd', 'eur'] };

describe('fees: rounding and exponents', () => {
  test('half-up rounding to the minor unit', () => {
    expect(divideHalfUp(145n, 10n)).toBe(15);
    expect(divideHalfUp(144n, 10n)).toBe(14);
    expect(divideHalfUp(-145n, 10n)).toBe(-15);
    expect(percentOf(500, 290)).toBe(15); // 14.5 → 15
    expect(percentOf(1500, 290)).toBe(44); // 43.5 → 44
    expect(percentOf(1000, 290)).toBe(29);
  });

  test('currency exponents', () => {
    expect(currencyExponent('usd')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('krw')).toBe(0);
    expect(currencyExponent('kwd')).toBe(3);
    expect(currencyExponent('bhd')).toBe(3);
  });
});

describe('fees: USD card charges (2.9% + 30¢)', () => {
  test.each([
    [100, 33, 67], // $1.00: 2.9¢ → 3¢ + 30¢
    [2000, 88, 1912], // $20.00: 58¢ + 30¢
    [10000, 320, 9680], // $100.00: $2.90 + 30¢
    [500, 45, 455], // $5.00: 14.5¢ rounds half-up to 15¢
    [1500, 74, 1426], // $15.00: 43.5¢ → 44¢
  ])('%i cents → fee %i, net %i', (amount, fee, net) => {
    const s = settleCardCharge(amount, 'usd', USD_ONLY);
    expect(s).toMatchObject({ amount, currency: 'usd', exchangeRate: null, fee, net });
    expect(s.feeDetails).toEqual([
      { amount: fee, currency: 'usd', description: 'Stripe processing fees', type: 'stripe_fee' },
    ]);
  });
});

describe('fees: other settlement currencies', () => {
  test('EUR settled in EUR: 2.9% + €0.25, no conversion', () => {
    expect(settleCardCharge(1000, 'eur', USD_EUR)).toMatchObject({ amount: 1000, currency: 'eur', fee: 54, net: 946 });
  });

  test('JPY settled in JPY: whole yen, ¥50 fixed fee', () => {
    const s = settleCardCharge(10000, 'jpy', { defaultCurrency: 'jpy', settlementCurrencies: ['jpy'] });
    expect(s).toMatchObject({ amount: 10000, currency: 'jpy', fee: 340, net: 9660, exchangeRate: null });
  });
});

describe('fees: currency conversion (+1%, separate fee line)', () => {
  test('€10.00 on a USD-only account → $11.00 gross, $0.62 processing + $0.11 conversion', () => {
    const s = settleCardCharge(1000, 'eur', USD_ONLY);
    expect(s).toMatchObject({ amount: 1100, currency: 'usd', exchangeRate: 1.1, fee: 73, net: 1027 });
    expect(s.feeDetails.map((f) => [f.description, f.amount])).toEqual([
      ['Stripe processing fees', 62],
      ['Stripe currency conversion fee', 11],
    ]);
  });

  test('¥10,000 (zero-decimal) → $67.00', () => {
    expect(convertAmount(10000, 'jpy', 'usd')).toBe(6700);
    expect(settleCardCharge(10000, 'jpy', USD_ONLY)).toMatchObject({
      amount: 6700,
      exchangeRate: 0.0067,
      fee: 224 + 67,
      net: 6409,
    });
  });

  test('KWD 1.500 (three-decimal) → $4.875 → 488¢', () => {
    expect(convertAmount(1500, 'kwd', 'usd')).toBe(488);
    expect(settleCardCharge(1500, 'kwd', USD_ONLY)).toMatchObject({ amount: 488, fee: 44 + 5, net: 439 });
  });

  test('$10.00 into a JPY account: 1 / 0.0067 = 149.253… published as 149.254; 10 × 149.254 = ¥1,492.54 → ¥1,493', () => {
    const jpy = { defaultCurrency: 'jpy', settlementCurrencies: ['jpy'] };
    expect(exchangeRate('usd', 'jpy')).toBe(149.254);
    expect(settleCardCharge(1000, 'usd', jpy)).toMatchObject({
      amount: 1493,
      currency: 'jpy',
      fee: 43 + 50 + 15,
      net: 1385,
    });
  });

  test('refund and dispute amounts convert without fees', () => {
    expect(toSettlement(500, 'eur', USD_ONLY)).toEqual({ amount: 550, currency: 'usd', exchangeRate: 1.1 });
    expect(toSettlement(500, 'usd', USD_ONLY)).toEqual({ amount: 500, currency: 'usd', exchangeRate: null });
  });

  test('dispute fee is $15.00', () => {
    expect(disputeFee('usd')).toBe(1500);
  });
});

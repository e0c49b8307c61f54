import {
  convertMinorUnits,
  netSuiteDecimals,
  netSuiteStep,
  rateBetween,
  roundToStep,
  toNetSuiteAmount,
} from '../../src/suitescript/money';

describe('NetSuite precision: 0, 1 or 2 decimals (CurrencyCurrencyPrecision _zero/_one/_two)', () => {
  test.each([
    ['usd', 2, 1],
    ['jpy', 0, 1],
    ['krw', 0, 1],
    ['kwd', 2, 10],
    ['bhd', 2, 10],
    ['isk', 0, 100],
    ['ugx', 0, 100],
    ['huf', 2, 1],
    ['twd', 2, 1],
  ])('%s: %i decimals, a step of %i minor units', (currency, decimals, step) => {
    expect(netSuiteDecimals(currency)).toBe(decimals);
    expect(netSuiteStep(currency)).toBe(step);
  });
});

describe('toNetSuiteAmount', () => {
  test.each([
    [1999, 'usd', 19.99],
    [5000, 'jpy', 5000],
    [1230, 'kwd', 1.23],
    [-2500, 'bhd', -2.5],
    [50000, 'isk', 500],
    [1234567, 'huf', 12345.67],
  ])('%i %s → %d', (minor, currency, major) => {
    expect(toNetSuiteAmount(minor, currency)).toBe(major);
  });
  test('refuses what NetSuite would round: KWD 1.235, ISK 5.50', () => {
    expect(() => toNetSuiteAmount(1235, 'kwd')).toThrow(/more decimals than NetSuite keeps \(2\)/);
    expect(() => toNetSuiteAmount(550, 'isk')).toThrow(RangeError);
  });
});

describe('roundToStep', () => {
  test('half away from zero', () => {
    expect(roundToStep(1235, 10)).toBe(1240);
    expect(roundToStep(-1235, 10)).toBe(-1240);
    expect(roundToStep(1234, 10)).toBe(1230);
    expect(roundToStep(49, 100)).toBe(0);
    expect(Object.is(roundToStep(-4, 10), 0)).toBe(true);
  });
});

describe('convertMinorUnits', () => {
  test.each([
    // [minor, from, rate, to, expected]
    [10000, 'gbp', 1.2537, 'usd', 12537],
    [5000, 'jpy', 0.0067, 'usd', 3350],
    [123456, 'jpy', 0.00671234, 'usd', 82868], // 828.679… → 828.68
    [10000, 'usd', 149.876, 'jpy', 14988], // 14987.6 → 14988
    [100000, 'usd', 0.30712, 'kwd', 307120], // 307.12 KWD, two decimals kept
    [100050, 'usd', 0.3071, 'kwd', 307250], // 307.2535… → 307.25
    [1000, 'usd', 138.26, 'isk', 138300], // 1382.6 ISK → 1383 whole krónur
    [26750, 'eur', 1.1, 'usd', 29425], // 294.25 exactly
    [-10000, 'gbp', 1.2537, 'usd', -12537],
    [0, 'eur', 1.1, 'usd', 0],
    [1000, 'kwd', 3.2561, 'usd', 326], // 1.000 KWD → 3.2561 → 3.26
  ])('%i %s at %s → %s: %i', (minor, from, rate, to, expected) => {
    expect(convertMinorUnits(minor, from, rate, to)).toBe(expected);
  });
  test('a binary-noisy product rounds like its decimal: 0.50 at 1.15 is 0.575 → 0.58', () => {
    // 50 × 1.15 is 57.49999999999999 in binary.
    expect(50 * 1.15).toBeLessThan(57.5);
    expect(convertMinorUnits(50, 'eur', 1.15, 'usd')).toBe(58);
    expect(convertMinorUnits(535, 'usd', 0.5, 'usd')).toBe(268);
  });
  test('refuses rates that are not rates', () => {
    expect(() => convertMinorUnits(100, 'usd', 0, 'eur')).toThrow(RangeError);
    expect(() => convertMinorUnits(100, 'usd', Number.NaN, 'eur')).toThrow(RangeError);
    expect(() => convertMinorUnits(100, 'usd', -1.1, 'eur')).toThrow(RangeError);
  });
});

describe('rateBetween', () => {
  test('the rate of a conversion', () => {
    expect(rateBetween(10000, 'gbp', 12537, 'usd')).toBe(1.2537);
    expect(rateBetween(5000, 'jpy', 3350, 'usd')).toBe(0.0067);
    expect(rateBetween(1000, 'usd', 307120, 'kwd')).toBe(30.712);
  });
  test('converting at it gives the settled amount back, over many amounts and currencies', () => {
    const pairs: [string, string][] = [
      ['gbp', 'usd'],
      ['eur', 'usd'],
      ['jpy', 'usd'],
      ['usd', 'jpy'],
      ['kwd', 'usd'],
      ['krw', 'eur'],
    ];
    let checked = 0;
    for (const [from, to] of pairs) {
      for (let fromMinor = 1; fromMinor < 2_000_000; fromMinor = Math.floor(fromMinor * 1.37) + 7) {
        for (const toMinor of [1, 99, 12537, fromMinor * 3 + 1, Math.ceil(fromMinor / 7)]) {
          const rate = rateBetween(fromMinor, from, toMinor, to);
          expect(convertMinorUnits(fromMinor, from, rate, to)).toBe(toMinor);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
  test('no rate between amounts of opposite signs or zero', () => {
    expect(() => rateBetween(100, 'usd', -100, 'eur')).toThrow(RangeError);
    expect(() => rateBetween(0, 'usd', 100, 'eur')).toThrow(RangeError);
  });
});

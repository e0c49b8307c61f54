import {
  amountExponent,
  currencyExponent,
  formatMinorUnits,
  minorUnitStep,
  sumMinorUnits,
  toMajorUnits,
  toMinorUnits,
} from '../../src/suitescript/money';

describe('currencyExponent', () => {
  test.each([
    ['usd', 2],
    ['EUR', 2],
    ['jpy', 0],
    ['KRW', 0],
    ['xpf', 0],
    ['kwd', 3],
    ['bhd', 3],
    ['tnd', 3],
    ['isk', 2],
    ['ugx', 2],
    ['huf', 2],
    ['twd', 2],
  ])('%s → %i', (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });

  test('rejects what is not a currency code', () => {
    expect(() => currencyExponent('us')).toThrow(RangeError);
    expect(() => currencyExponent('')).toThrow(RangeError);
  });
});

describe('amountExponent and minorUnitStep: the special cases', () => {
  test('ISK and UGX are whole units sent two-decimal', () => {
    expect(amountExponent('isk', 'charge')).toBe(0);
    expect(amountExponent('ugx', 'payout')).toBe(0);
    expect(minorUnitStep('isk', 'charge')).toBe(100);
  });
  test('HUF and TWD charge two-decimal but pay out whole units', () => {
    expect(amountExponent('huf', 'charge')).toBe(2);
    expect(amountExponent('huf', 'payout')).toBe(0);
    expect(minorUnitStep('twd', 'payout')).toBe(100);
    expect(minorUnitStep('twd', 'charge')).toBe(1);
  });
  test('ordinary currencies', () => {
    expect(amountExponent('usd', 'payout')).toBe(2);
    expect(amountExponent('kwd', 'charge')).toBe(3);
    expect(minorUnitStep('jpy', 'payout')).toBe(1);
  });
});

describe('toMajorUnits', () => {
  test.each([
    [1999, 'usd', 19.99],
    [500, 'jpy', 500],
    [1234, 'kwd', 1.234],
    [-1999, 'usd', -19.99],
    [5, 'usd', 0.05],
    [50000, 'isk', 500],
    [123456, 'huf', 1234.56],
    [1, 'bhd', 0.001],
    [0, 'usd', 0],
  ])('%i %s → %d', (minor, currency, major) => {
    expect(toMajorUnits(minor, currency)).toBe(major);
  });

  test('never returns -0', () => {
    expect(Object.is(toMajorUnits(-0, 'usd'), 0)).toBe(true);
  });

  test('rejects fractions and unsafe integers', () => {
    expect(() => toMajorUnits(19.5, 'usd')).toThrow(RangeError);
    expect(() => toMajorUnits(Number.NaN, 'usd')).toThrow(RangeError);
    expect(() => toMajorUnits(2 ** 53, 'usd')).toThrow(RangeError);
  });

  // The number's shortest text is exactly the decimal written by hand from the digits: it is the double
  // NetSuite gets from typing that decimal.
  test.each([
    ['usd', 2],
    ['kwd', 3],
  ])('every %s amount up to 200,000 minor units converts to its exact decimal and back', (currency, places) => {
    for (let minor = 0; minor <= 200_000; minor++) {
      const digits = String(minor).padStart(places + 1, '0');
      const decimal = `${digits.slice(0, -places)}.${digits.slice(-places)}`;
      const major = toMajorUnits(minor, currency);
      if (major !== Number(decimal)) throw new Error(`${minor} ${currency} → ${major}, expected ${decimal}`);
      if (toMinorUnits(major, currency) !== minor) throw new Error(`${major} ${currency} did not return ${minor}`);
    }
  });
});

describe('toMinorUnits', () => {
  test.each([
    [19.99, 'usd', 1999],
    [500, 'jpy', 500],
    [1.234, 'kwd', 1234],
    [-19.99, 'usd', -1999],
    [0.1 + 0.2, 'usd', 30],
    [1.005, 'usd', 101],
    [-1.005, 'usd', -101],
    [2.675, 'usd', 268],
    [19.994, 'usd', 1999],
    [499.5, 'jpy', 500],
    [1.2345, 'kwd', 1235],
    [500, 'isk', 50000],
  ])('%d %s → %i', (major, currency, minor) => {
    expect(toMinorUnits(major, currency)).toBe(minor);
  });

  test('never returns -0', () => {
    expect(Object.is(toMinorUnits(-0.001, 'usd'), 0)).toBe(true);
  });

  test('rejects NaN, infinities and amounts beyond the safe integers', () => {
    expect(() => toMinorUnits(Number.NaN, 'usd')).toThrow(RangeError);
    expect(() => toMinorUnits(Number.POSITIVE_INFINITY, 'usd')).toThrow(RangeError);
    expect(() => toMinorUnits(1e15, 'usd')).toThrow(RangeError);
  });
});

describe('sums stay in minor units', () => {
  test('ten 0.10 USD payments make exactly 1.00 USD', () => {
    const total = sumMinorUnits(Array.from({ length: 10 }, () => toMinorUnits(0.1, 'usd')));
    expect(total).toBe(100);
    expect(toMajorUnits(total, 'usd')).toBe(1);
  });
  test('rejects a fraction or an unsafe total', () => {
    expect(() => sumMinorUnits([1, 0.5])).toThrow(RangeError);
    expect(() => sumMinorUnits([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
  });
});

test('formatMinorUnits', () => {
  expect(formatMinorUnits(1999, 'usd')).toBe('19.99 USD');
  expect(formatMinorUnits(-5, 'usd')).toBe('-0.05 USD');
  expect(formatMinorUnits(500, 'jpy')).toBe('500 JPY');
  expect(formatMinorUnits(1234, 'kwd')).toBe('1.234 KWD');
  expect(formatMinorUnits(7, 'kwd')).toBe('0.007 KWD');
});

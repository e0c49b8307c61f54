/**
 * Money at the Stripe ↔ NetSuite boundary. Stripe amounts are integers in minor units; NetSuite fields take
 * major units. Rule: every sum is done on integer minor units, and each amount is converted once, when it is
 * written to (toMajorUnits) or read from (toMinorUnits) a NetSuite field. Never add converted floats.
 */

/** Zero-decimal currencies: a Stripe amount is whole units. */
const ZERO_DECIMAL: ReadonlySet<string> = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/** Three-decimal currencies: a Stripe amount is thousandths. */
const THREE_DECIMAL: ReadonlySet<string> = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/**
 * Whole-unit currencies that Stripe still sends two-decimal, always ending in "00" (ISK 5 is 500). UGX is in
 * Stripe's zero-decimal list but sent this way too (REFERENCE §4), so its API amounts are hundredths.
 */
const TWO_DECIMAL_WHOLE_UNITS: ReadonlySet<string> = new Set(['isk', 'ugx']);

/** Two-decimal currencies whose payouts are whole units (amounts divisible by 100). */
const WHOLE_UNIT_PAYOUTS: ReadonlySet<string> = new Set(['huf', 'twd']);

/** Where an amount comes from: payouts of HUF and TWD are whole units, their charges are not. */
export type AmountContext = 'charge' | 'payout';

function normalise(currency: string): string {
  const c = currency.toLowerCase();
  if (!/^[a-z]{3}$/.test(c)) throw new RangeError(`Not an ISO currency code: ${JSON.stringify(currency)}`);
  return c;
}

/**
 * Decimal places of Stripe API amounts in this currency: minor / 10^exponent = major. 0, 2 or 3; ISK and UGX
 * are 2 because Stripe sends them two-decimal.
 */
export function currencyExponent(currency: string): 0 | 2 | 3 {
  const c = normalise(currency);
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}

/**
 * Decimal places an amount can really carry in that context (≤ currencyExponent): ISK and UGX 0, HUF and
 * TWD payouts 0. Use it to display or to choose a NetSuite currency's precision, never to convert.
 */
export function amountExponent(currency: string, context: AmountContext): number {
  const c = normalise(currency);
  if (TWO_DECIMAL_WHOLE_UNITS.has(c)) return 0;
  if (context === 'payout' && WHOLE_UNIT_PAYOUTS.has(c)) return 0;
  return currencyExponent(c);
}

/** Smallest step between valid Stripe amounts, in minor units (100 for ISK, UGX, and HUF/TWD payouts). */
export function minorUnitStep(currency: string, context: AmountContext): number {
  return 10 ** (currencyExponent(currency) - amountExponent(currency, context));
}

/** Throws unless `minor` is a safe integer: the only form money takes inside the connector. */
export function assertMinorUnits(minor: number, what = 'amount'): void {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${what} is not an integer in minor units: ${minor}`);
}

/**
 * Minor units → the number to put in a NetSuite field. Dividing an exact integer by an exact power of ten
 * is correctly rounded, so the result is the double nearest the decimal (1999 USD → 19.99, the same number
 * as the literal 19.99), which NetSuite reads back as that decimal.
 */
export function toMajorUnits(minor: number, currency: string): number {
  assertMinorUnits(minor);
  const major = minor / 10 ** currencyExponent(currency);
  return major === 0 ? 0 : major;
}

/**
 * A NetSuite amount → minor units, rounded half away from zero to the currency's exponent. The value is
 * first read to 15 significant digits so binary noise (1.005 is stored as 1.00499…) rounds like the decimal
 * NetSuite shows. Throws on NaN, infinities and results beyond the safe integers.
 */
export function toMinorUnits(major: number, currency: string): number {
  if (!Number.isFinite(major)) throw new RangeError(`Not a finite amount: ${major}`);
  const scaled = Number((Math.abs(major) * 10 ** currencyExponent(currency)).toPrecision(15));
  const minor = Math.sign(major) * Math.round(scaled);
  assertMinorUnits(minor, `${major} ${currency}`);
  return minor === 0 ? 0 : minor;
}

/** Sums minor units, checking each term and the result stay safe integers. */
export function sumMinorUnits(amounts: readonly number[]): number {
  let total = 0;
  for (const amount of amounts) {
    assertMinorUnits(amount);
    total += amount;
  }
  assertMinorUnits(total, 'total');
  return total;
}

/** Exact decimal text of a minor amount, for messages and memos: 1999 USD → "19.99 USD", -5 JPY → "-5 JPY". */
export function formatMinorUnits(minor: number, currency: string): string {
  assertMinorUnits(minor);
  const exponent = currencyExponent(currency);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const text = exponent === 0 ? whole : `${whole}.${digits.slice(digits.length - exponent)}`;
  return `${minor < 0 ? '-' : ''}${text} ${currency.toUpperCase()}`;
}

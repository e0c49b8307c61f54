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

// ---- NetSuite precision and conversions --------------------------------------------------------

/**
 * NetSuite keeps 0, 1 or 2 decimals per currency (its currency precision: the web services schema's
 * `CurrencyCurrencyPrecision` has `_zero`, `_one`, `_two` and nothing more), so a three-decimal currency
 * (KWD, BHD, …) is kept to two decimals there. Stripe's three-decimal amounts end in 0, which fits.
 */
export const NETSUITE_MAX_DECIMALS = 2;

/**
 * Decimals NetSuite keeps for this currency, as the connector expects it set up: the currency's real
 * decimals (JPY, KRW, ISK, UGX 0; HUF, TWD 2 as their charges are) capped at NetSuite's two.
 */
export function netSuiteDecimals(currency: string): number {
  return Math.min(amountExponent(currency, 'charge'), NETSUITE_MAX_DECIMALS);
}

/** One NetSuite step in Stripe minor units: 1 for USD and JPY, 10 for KWD, 100 for ISK and UGX. */
export function netSuiteStep(currency: string): number {
  return 10 ** (currencyExponent(currency) - netSuiteDecimals(currency));
}

/** Rounds minor units half away from zero to a multiple of `step`. */
export function roundToStep(minor: number, step: number): number {
  assertMinorUnits(minor);
  if (!Number.isSafeInteger(step) || step < 1) throw new RangeError(`Not a step: ${step}`);
  const rounded = Math.sign(minor) * Math.round(Math.abs(minor) / step) * step;
  return rounded === 0 ? 0 : rounded;
}

/**
 * Minor units → the number for a NetSuite amount field, refusing what NetSuite cannot keep (KWD 1.235:
 * NetSuite would round it and the books would no longer add up to Stripe's).
 */
export function toNetSuiteAmount(minor: number, currency: string): number {
  assertMinorUnits(minor);
  const step = netSuiteStep(currency);
  if (minor % step !== 0) {
    throw new RangeError(
      `${formatMinorUnits(minor, currency)} has more decimals than NetSuite keeps (${netSuiteDecimals(currency)})`,
    );
  }
  return toMajorUnits(minor, currency);
}

function assertRate(rate: number): void {
  if (!Number.isFinite(rate) || rate <= 0) throw new RangeError(`Not an exchange rate: ${rate}`);
}

/**
 * `minor` of `from` converted at `rate` (units of `to` per unit of `from`, as Stripe's `exchange_rate` and
 * NetSuite's `exchangerate` are), rounded half away from zero to what NetSuite keeps of `to`, in Stripe
 * minor units of `to`: 10000 GBP at 1.2537 → 12537 USD; 5000 JPY at 0.0067 → 3350 USD; 1000 USD at 0.307
 * → 3070 KWD (NetSuite keeps KWD to two decimals).
 */
export function convertMinorUnits(minor: number, from: string, rate: number, to: string): number {
  assertMinorUnits(minor);
  assertRate(rate);
  const step = netSuiteStep(to);
  const scale = 10 ** (currencyExponent(to) - currencyExponent(from));
  // 15 significant digits first, so binary noise (2.675 is 2.67499…) rounds like the decimal it stands for.
  const steps = Number(((Math.abs(minor) * rate * scale) / step).toPrecision(15));
  const converted = Math.sign(minor) * Math.round(steps) * step;
  assertMinorUnits(converted, `${minor} ${from} at ${rate}`);
  return converted === 0 ? 0 : converted;
}

/**
 * The rate that turned `fromMinor` of `from` into `toMinor` of `to` (units of `to` per unit of `from`), to
 * 15 significant digits: converting `fromMinor` at it gives `toMinor` back (see convertMinorUnits).
 */
export function rateBetween(fromMinor: number, from: string, toMinor: number, to: string): number {
  assertMinorUnits(fromMinor);
  assertMinorUnits(toMinor);
  if (fromMinor === 0 || toMinor === 0 || Math.sign(fromMinor) !== Math.sign(toMinor)) {
    throw new RangeError(`No rate turns ${fromMinor} ${from} into ${toMinor} ${to}`);
  }
  const fromMajor = fromMinor / 10 ** currencyExponent(from);
  const toMajor = toMinor / 10 ** currencyExponent(to);
  return Number((toMajor / fromMajor).toPrecision(15));
}

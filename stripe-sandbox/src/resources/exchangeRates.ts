/**
 * The sandbox's exchange rates: seeded, moving during the day. Pure functions of (seed, currency, time).
 *
 * Stripe: "Since this number is variable throughout the day …" (API reference, "Exchange Rates"); a
 * converted payment uses the rate at the time of the charge, a refund or dispute the rate at its own time
 * ("Conversions on disputes and refunds", docs.stripe.com/currencies/disputes-refunds). Real rates are not
 * reproducible, so the sandbox moves each currency's USD value around a fixed anchor (USD_VALUE below):
 * a daily level and an hourly wobble, each interpolated linearly between seeded knots, never more than
 * `drift` (a fraction, e.g. 0.02 = ±2%) away from the anchor. Same seed and time → same rate.
 */

/**
 * The anchor table: what one major unit of each currency is worth in USD around which rates move. It doubles
 * as the list of currencies the sandbox accepts. Round numbers, not market data.
 */
export const USD_VALUE: Readonly<Record<string, number>> = {
  usd: 1,
  eur: 1.1,
  gbp: 1.25,
  cad: 0.74,
  aud: 0.66,
  nzd: 0.6,
  chf: 1.12,
  sgd: 0.74,
  hkd: 0.128,
  jpy: 0.0067,
  krw: 0.00075,
  clp: 0.00105,
  vnd: 0.00004,
  ugx: 0.00027,
  sek: 0.095,
  nok: 0.094,
  dkk: 0.147,
  pln: 0.25,
  czk: 0.043,
  huf: 0.0028,
  isk: 0.0072,
  twd: 0.031,
  mxn: 0.055,
  brl: 0.18,
  inr: 0.012,
  zar: 0.055,
  kwd: 3.25,
  bhd: 2.65,
  jod: 1.41,
  omr: 2.6,
  tnd: 0.32,
};

const HOUR = 3600;
const DAY = 86400;
/** Share of the drift that moves day by day; the rest moves hour by hour. */
const DAILY_SHARE = 0.7;

/** Significant digits of a published rate (Stripe shows rates such as 1.234 or 0.00671234): a guess. */
export const RATE_SIGNIFICANT_DIGITS = 6;

/** A seeded value in [-1, 1] for (seed, currency, knot index): a 32-bit integer hash, no state. */
function knot(seed: number, currency: string, series: number, index: number): number {
  let h = (seed ^ 0x9e3779b9 ^ Math.imul(series, 0x85ebca6b)) >>> 0;
  for (const ch of `${currency}:${index}`) {
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
  }
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return (h / 0xffffffff) * 2 - 1;
}

/** Linear interpolation between the knots either side of `time` (knots every `period` seconds). */
function wave(seed: number, currency: string, series: number, period: number, time: number): number {
  const index = Math.floor(time / period);
  const fraction = (time - index * period) / period;
  const a = knot(seed, currency, series, index);
  const b = knot(seed, currency, series, index + 1);
  return a + (b - a) * fraction;
}

function anchor(currency: string): number {
  const value = USD_VALUE[currency];
  if (value === undefined) throw new Error(`Unsupported currency: ${currency}`);
  return value;
}

/** What one major unit of `currency` is worth in USD at `time` (USD itself is the fixed numeraire). */
export function usdValueAt(seed: number, currency: string, time: number, drift: number): number {
  const c = currency.toLowerCase();
  if (c === 'usd' || drift === 0) return anchor(c);
  const daily = wave(seed, c, 1, DAY, time);
  const hourly = wave(seed, c, 2, HOUR, time);
  return anchor(c) * (1 + drift * (DAILY_SHARE * daily + (1 - DAILY_SHARE) * hourly));
}

/** Rounds a rate to the digits Stripe publishes (significant digits, so small rates keep their precision). */
export function publishedRate(rate: number): number {
  return Number(rate.toPrecision(RATE_SIGNIFICANT_DIGITS));
}

/**
 * Stripe's `exchange_rate` for money converted from `from` to `to` at `time`: major units of `to` per major
 * unit of `from` (the API reference: "the amount in currency A, multiplied by the exchange_rate, equals the
 * amount in currency B"). 1 for the same currency.
 */
export function exchangeRateAt(seed: number, from: string, to: string, time: number, drift: number): number {
  const f = from.toLowerCase();
  const t = to.toLowerCase();
  if (f === t) return 1;
  return publishedRate(usdValueAt(seed, f, time, drift) / usdValueAt(seed, t, time, drift));
}

/** The anchor rate (no movement): fixed fees and dispute fees of other currencies are converted at it. */
export function anchorRate(from: string, to: string): number {
  return exchangeRateAt(0, from, to, 0, 0);
}

/** What the account-level rate source needs: the seed, the drift setting and the clock. */
export interface RateContext {
  readonly seed: number;
  readonly settings: { readonly exchangeRateDrift: number };
  now(): number;
}

/** The account's rates now: what a balance transaction created now converts at. */
export function ratesNow(account: RateContext): (from: string, to: string) => number {
  const time = account.now();
  return (from, to) => exchangeRateAt(account.seed, from, to, time, account.settings.exchangeRateDrift);
}

/**
 * Fee and currency maths for the sandbox's balance transactions. Pure functions, integer minor units.
 *
 * Pricing modelled: Stripe's standard US card pricing, 2.9% + 30¢ per successful card charge, plus 1% when
 * the charge must be converted to the account's default currency (a separate `fee_details` line). Other
 * settlement currencies pay the same 2.9% plus that currency's fixed fee (FIXED_FEE, or 30¢ converted).
 * Disputes cost 15.00 USD (or its converted equivalent). Percentages round half-up to the minor unit.
 */

/** ISO currencies Stripe treats as zero-decimal (amounts are whole units). */
export const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
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
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/** Three-decimal currencies: amounts are thousandths, and Stripe wants the last digit to be 0. */
export const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** Digits after the decimal point in a currency's minor unit. */
export function currencyExponent(currency: string): number {
  const c = currency.toLowerCase();
  if (ZERO_DECIMAL_CURRENCIES.has(c)) return 0;
  if (THREE_DECIMAL_CURRENCIES.has(c)) return 3;
  return 2;
}

/** Card processing percentage, in basis points (2.9%). */
export const CARD_FEE_BPS = 290;
/** Currency conversion percentage for US accounts, in basis points (1%). */
export const CURRENCY_CONVERSION_BPS = 100;
/** Dispute fee in USD cents. */
export const DISPUTE_FEE_USD = 1500;

/** Fixed per-charge fee by settlement currency, minor units (others: 30 US cents converted). */
export const FIXED_FEE: Readonly<Record<string, number>> = {
  usd: 30,
  eur: 25,
  gbp: 20,
  cad: 30,
  aud: 30,
  nzd: 30,
  chf: 30,
  sgd: 50,
  hkd: 235,
  jpy: 50,
};

/**
 * The sandbox's fixed exchange table: what one major unit of each currency is worth in USD. It doubles as
 * the list of currencies the sandbox accepts. Rates are round numbers, not market data.
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

export function isSupportedCurrency(currency: string): boolean {
  return Object.prototype.hasOwnProperty.call(USD_VALUE, currency.toLowerCase());
}

/** Minimum charge amounts Stripe documents (minor units); currencies not listed are not checked. */
export const MINIMUM_CHARGE: Readonly<Record<string, number>> = {
  usd: 50,
  eur: 50,
  gbp: 30,
  cad: 50,
  aud: 50,
  nzd: 50,
  chf: 50,
  jpy: 50,
};

/** numerator / denominator rounded half away from zero, exactly (BigInt). */
export function divideHalfUp(numerator: bigint, denominator: bigint): number {
  if (denominator <= 0n) throw new Error('denominator must be positive');
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = (n * 2n + denominator) / (denominator * 2n);
  return Number(negative ? -q : q);
}

/** `bps` basis points of `amount`, rounded half-up to the minor unit. */
export function percentOf(amount: number, bps: number): number {
  return divideHalfUp(BigInt(amount) * BigInt(bps), 10000n);
}

function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

function usdValue(currency: string): number {
  const value = USD_VALUE[currency.toLowerCase()];
  if (value === undefined) throw new Error(`Unsupported currency: ${currency}`);
  return value;
}

/** Major units of `to` per major unit of `from`, to 6 decimal places (Stripe's `exchange_rate`). */
export function exchangeRate(from: string, to: string): number {
  if (from.toLowerCase() === to.toLowerCase()) return 1;
  return Math.round((usdValue(from) / usdValue(to)) * 1e6) / 1e6;
}

/** Converts minor units of `from` to minor units of `to` at `rate`, respecting both exponents. */
export function convertAmount(amount: number, from: string, to: string, rate = exchangeRate(from, to)): number {
  const micro = BigInt(Math.round(rate * 1e6));
  const numerator = BigInt(amount) * micro * pow10(currencyExponent(to));
  const denominator = pow10(currencyExponent(from)) * 1000000n;
  return divideHalfUp(numerator, denominator);
}

/** Three-decimal currencies: round to a multiple of 10 (Stripe's last-digit-0 rule). */
function normalise(amount: number, currency: string): number {
  return THREE_DECIMAL_CURRENCIES.has(currency.toLowerCase()) ? divideHalfUp(BigInt(amount), 10n) * 10 : amount;
}

export function fixedFee(currency: string): number {
  const c = currency.toLowerCase();
  return FIXED_FEE[c] ?? normalise(convertAmount(FIXED_FEE['usd'] ?? 30, 'usd', c), c);
}

export function disputeFee(currency: string): number {
  const c = currency.toLowerCase();
  return c === 'usd' ? DISPUTE_FEE_USD : normalise(convertAmount(DISPUTE_FEE_USD, 'usd', c), c);
}

export interface FeeLine {
  amount: number;
  currency: string;
  description: string;
  type: 'stripe_fee';
}

/** Where a charge in `currency` settles: itself if the account holds it, else the default currency. */
export function settlementCurrency(
  currency: string,
  settings: { defaultCurrency: string; settlementCurrencies: readonly string[] },
): string {
  const c = currency.toLowerCase();
  return settings.settlementCurrencies.map((x) => x.toLowerCase()).includes(c)
    ? c
    : settings.defaultCurrency.toLowerCase();
}

export interface Settlement {
  /** Gross amount in the settlement currency. */
  amount: number;
  currency: string;
  exchangeRate: number | null;
  feeDetails: FeeLine[];
  fee: number;
  net: number;
}

/** Converts a presentment amount to the settlement currency (no fees): refunds and disputes use this. */
export function toSettlement(
  amount: number,
  currency: string,
  settings: { defaultCurrency: string; settlementCurrencies: readonly string[] },
): { amount: number; currency: string; exchangeRate: number | null } {
  const to = settlementCurrency(currency, settings);
  const from = currency.toLowerCase();
  if (to === from) return { amount, currency: to, exchangeRate: null };
  const rate = exchangeRate(from, to);
  return { amount: convertAmount(amount, from, to, rate), currency: to, exchangeRate: rate };
}

/** A successful card charge's balance effect: gross, card fee (+ conversion fee when converted), net. */
export function settleCardCharge(
  amount: number,
  currency: string,
  settings: { defaultCurrency: string; settlementCurrencies: readonly string[] },
): Settlement {
  const gross = toSettlement(amount, currency, settings);
  const feeDetails: FeeLine[] = [
    {
      amount: percentOf(gross.amount, CARD_FEE_BPS) + fixedFee(gross.currency),
      currency: gross.currency,
      description: 'Stripe processing fees',
      type: 'stripe_fee',
    },
  ];
  if (gross.exchangeRate !== null) {
    feeDetails.push({
      amount: normalise(percentOf(gross.amount, CURRENCY_CONVERSION_BPS), gross.currency),
      currency: gross.currency,
      description: 'Currency conversion fee',
      type: 'stripe_fee',
    });
  }
  if (THREE_DECIMAL_CURRENCIES.has(gross.currency)) {
    const first = feeDetails[0];
    if (first) first.amount = normalise(first.amount, gross.currency);
  }
  const fee = feeDetails.reduce((sum, line) => sum + line.amount, 0);
  return { ...gross, feeDetails, fee, net: gross.amount - fee };
}

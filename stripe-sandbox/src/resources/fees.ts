/**
 * Fee and currency maths for the sandbox's balance transactions. Pure functions, integer minor units.
 *
 * Pricing modelled: Stripe's standard US card pricing, 2.9% + 30¢ per successful card charge, plus 1% when
 * the charge must be converted to the account's default currency (a separate `fee_details` line, "Stripe
 * currency conversion fee"). Other settlement currencies pay the same 2.9% plus that currency's fixed fee
 * (FIXED_FEE, or 30¢ converted). Disputes cost 15.00 USD (or its converted equivalent). Percentages round
 * half-up to the minor unit ("What rules do you use for rounding Stripe fees?", support.stripe.com).
 */
import { USD_VALUE, anchorRate } from './exchangeRates';

/**
 * ISO currencies Stripe treats as zero-decimal (amounts are whole units). UGX is on Stripe's list but, like
 * ISK, is still sent two-decimal for backwards compatibility (docs.stripe.com/currencies, "Special cases"),
 * so it is not here: see WHOLE_UNITS_SENT_TWO_DECIMAL.
 */
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
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/** Three-decimal currencies: amounts are thousandths, and Stripe wants the last digit to be 0. */
export const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/**
 * Whole-unit currencies the API still takes and sends two-decimal, always ending in "00" (ISK 5 is 500).
 * Stripe: "Currency ISK has become effectively zero-decimal and charged amounts must be evenly divisible by
 * 100" (support.stripe.com, "Deprecation of fractional ISK charges and refunds"); UGX likewise
 * (docs.stripe.com/currencies, "Special cases").
 */
export const WHOLE_UNITS_SENT_TWO_DECIMAL: ReadonlySet<string> = new Set(['isk', 'ugx']);

/**
 * Two-decimal currencies whose payouts are whole units: "Stripe treats HUF as a zero-decimal currency for
 * payouts, even though you can charge two-decimal amounts" (docs.stripe.com/currencies, "Special cases"); TWD
 * the same.
 */
export const WHOLE_UNIT_PAYOUT_CURRENCIES: ReadonlySet<string> = new Set(['huf', 'twd']);

/** Digits after the decimal point in a currency's minor unit. */
export function currencyExponent(currency: string): number {
  const c = currency.toLowerCase();
  if (ZERO_DECIMAL_CURRENCIES.has(c)) return 0;
  if (THREE_DECIMAL_CURRENCIES.has(c)) return 3;
  return 2;
}

/** Where an amount is used: HUF and TWD payouts are whole units, their charges are not. */
export type AmountContext = 'charge' | 'payout';

/**
 * Smallest step between valid amounts, in minor units: 10 for three-decimal currencies (last digit 0), 100
 * for ISK and UGX, 100 for HUF and TWD payouts, else 1.
 */
export function amountStep(currency: string, context: AmountContext = 'charge'): number {
  const c = currency.toLowerCase();
  if (THREE_DECIMAL_CURRENCIES.has(c)) return 10;
  if (WHOLE_UNITS_SENT_TWO_DECIMAL.has(c)) return 100;
  if (context === 'payout' && WHOLE_UNIT_PAYOUT_CURRENCIES.has(c)) return 100;
  return 1;
}

/**
 * Why `amount` is not a valid charge or refund amount in `currency`, or null: ISK and UGX must be whole
 * units, three-decimal currencies must end in 0. The ISK wording and code are Stripe's ("Deprecation of
 * fractional ISK charges and refunds", support.stripe.com); the three-decimal ones are a guess.
 */
export function amountStepProblem(amount: number, currency: string): { code: string; message: string } | null {
  const c = currency.toLowerCase();
  if (amount % amountStep(c) === 0) return null;
  if (WHOLE_UNITS_SENT_TWO_DECIMAL.has(c))
    return {
      code: 'invalid_charge_amount_no_decimal_compatible',
      message: `Invalid amount. Currency ${c.toUpperCase()} has become effectively zero-decimal and charged amounts must be evenly divisible by 100. See https://stripe.com/docs/currencies#special-cases for more information.`,
    };
  return {
    code: 'invalid_charge_amount',
    message: `Invalid amount. Amounts in ${c.toUpperCase()} are in thousandths and must end in 0 (a multiple of 10). See https://stripe.com/docs/currencies#three-decimal for more information.`,
  };
}

/** Card processing percentage, in basis points (2.9%). */
export const CARD_FEE_BPS = 290;
/**
 * Currency conversion percentage for US accounts, in basis points: "An additional 1% for currency conversion"
 * (stripe.com/pricing, US). Accounts in the UK and the EEA pay 2% (their pricing pages): a setting.
 */
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

export { USD_VALUE } from './exchangeRates';

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

/** A finite positive rate as an exact decimal fraction: numerator / 10^scale. */
function rateFraction(rate: number): { numerator: bigint; scale: number } {
  if (!Number.isFinite(rate) || rate <= 0) throw new Error(`Invalid exchange rate: ${rate}`);
  const [mantissa = '', exponentText = '0'] = rate.toPrecision(15).split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = fraction.replace(/0+$/, '');
  const scale = digits.length - Number(exponentText);
  const numerator = BigInt(whole + digits);
  return scale >= 0 ? { numerator, scale } : { numerator: numerator * pow10(-scale), scale: 0 };
}

/** Major units of `to` per major unit of `from` at the anchor table (fixed; moving rates: exchangeRates.ts). */
export function exchangeRate(from: string, to: string): number {
  return anchorRate(from, to);
}

/** `amount` rounded half-up to the currency's step (three-decimal: last digit 0; ISK/UGX: whole units). */
export function roundToStep(amount: number, currency: string, context: AmountContext = 'charge'): number {
  const step = amountStep(currency, context);
  return step === 1 ? amount : divideHalfUp(BigInt(amount), BigInt(step)) * step;
}

/**
 * Converts minor units of `from` to minor units of `to` at `rate` (major `to` per major `from`), exactly as
 * the published rate says: amount × rate, rounded half-up to the minor unit, then to the currency's step.
 */
export function convertAmount(amount: number, from: string, to: string, rate = exchangeRate(from, to)): number {
  const { numerator, scale } = rateFraction(rate);
  const top = BigInt(amount) * numerator * pow10(currencyExponent(to));
  const bottom = pow10(currencyExponent(from)) * pow10(scale);
  return roundToStep(divideHalfUp(top, bottom), to);
}

export function fixedFee(currency: string): number {
  const c = currency.toLowerCase();
  return FIXED_FEE[c] ?? convertAmount(FIXED_FEE['usd'] ?? 30, 'usd', c);
}

export function disputeFee(currency: string): number {
  const c = currency.toLowerCase();
  return c === 'usd' ? DISPUTE_FEE_USD : convertAmount(DISPUTE_FEE_USD, 'usd', c);
}

export interface FeeLine {
  amount: number;
  currency: string;
  description: string;
  type: 'stripe_fee';
}

/** `fee_details[].description` of the processing fee, as Stripe's balance transactions show it. */
export const PROCESSING_FEE_DESCRIPTION = 'Stripe processing fees';
/**
 * `fee_details[].description` of the currency conversion fee (type `stripe_fee`), as in the balance
 * transactions of converted charges Stripe staff published (gists siddarth/6241382, thairu/1bb35222…).
 */
export const CONVERSION_FEE_DESCRIPTION = 'Stripe currency conversion fee';

/** What decides where money settles and what converting it costs (a subset of the sandbox settings). */
export interface ConversionSettings {
  defaultCurrency: string;
  settlementCurrencies: readonly string[];
  /** Currency conversion fee in basis points (default CURRENCY_CONVERSION_BPS, 1%). */
  currencyConversionFeeBps?: number;
}

/** The rate to convert with, major `to` per major `from` (the anchor table by default). */
export type RateSource = (from: string, to: string) => number;

/** Where a charge in `currency` settles: itself if the account holds it, else the default currency. */
export function settlementCurrency(currency: string, settings: ConversionSettings): string {
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

/**
 * Converts a presentment amount to the settlement currency (no fees) at `rateOf`'s rate: refunds and disputes
 * use this with the rate at their own time.
 */
export function toSettlement(
  amount: number,
  currency: string,
  settings: ConversionSettings,
  rateOf: RateSource = exchangeRate,
): { amount: number; currency: string; exchangeRate: number | null } {
  const to = settlementCurrency(currency, settings);
  const from = currency.toLowerCase();
  if (to === from) return { amount, currency: to, exchangeRate: null };
  const rate = rateOf(from, to);
  return { amount: convertAmount(amount, from, to, rate), currency: to, exchangeRate: rate };
}

/** A successful card charge's balance effect: gross, card fee (+ conversion fee when converted), net. */
export function settleCardCharge(
  amount: number,
  currency: string,
  settings: ConversionSettings,
  rateOf: RateSource = exchangeRate,
): Settlement {
  const gross = toSettlement(amount, currency, settings, rateOf);
  const feeDetails: FeeLine[] = [
    {
      amount: roundToStep(percentOf(gross.amount, CARD_FEE_BPS) + fixedFee(gross.currency), gross.currency),
      currency: gross.currency,
      description: PROCESSING_FEE_DESCRIPTION,
      type: 'stripe_fee',
    },
  ];
  if (gross.exchangeRate !== null) {
    const bps = settings.currencyConversionFeeBps ?? CURRENCY_CONVERSION_BPS;
    feeDetails.push({
      amount: roundToStep(percentOf(gross.amount, bps), gross.currency),
      currency: gross.currency,
      description: CONVERSION_FEE_DESCRIPTION,
      type: 'stripe_fee',
    });
  }
  const fee = feeDetails.reduce((sum, line) => sum + line.amount, 0);
  return { ...gross, feeDetails, fee, net: gross.amount - fee };
}

import { rateBetween } from '../money';

/**
 * Exchange rates for NetSuite transactions, from Stripe's balance transactions. NetSuite's `exchangerate`
 * is base currency units per unit of the transaction currency, and a transaction's base amount is its
 * amount × that rate; Stripe's `exchange_rate` is settlement currency units per unit of the charge currency
 * ("if money converts from currency A to currency B, the amount in A times exchange_rate is the amount in
 * B", Stripe API, balance transaction object).
 */

/** The fields of a Stripe balance transaction a rate is derived from. */
export interface SettlementTransaction {
  id: string;
  amount: number;
  currency: string;
  exchange_rate?: number | null;
}

/**
 * The `exchangerate` to book a transaction of a Stripe object (`sourceMinor` of `sourceCurrency`, e.g. a
 * charge's captured amount or a refund's amount) that Stripe settled as `settlement`, in a subsidiary whose
 * base currency is `baseCurrency`; null leaves NetSuite's default (its Currency Exchange Rates table).
 *
 * - Source in the base currency: null (NetSuite's rate is 1).
 * - Settled in the base currency: settled ÷ source amount, so NetSuite's base amount is Stripe's settled
 *   amount to the minor unit (Stripe's own `exchange_rate` is rounded; the quotient is exact enough that
 *   converting back gives the settled amount, see rateBetween).
 * - Settled in another currency (a EUR payout in a USD subsidiary): null. Stripe gives no rate to the base
 *   currency; NetSuite's table rate books it, and the deposit's FX gain/loss line takes the difference
 *   between that and what Stripe settled, so the deposit still equals the payout.
 */
export function bookingExchangeRate(
  sourceMinor: number,
  sourceCurrency: string,
  settlement: SettlementTransaction | null,
  baseCurrency: string | null,
): number | null {
  if (baseCurrency === null || settlement === null) return null;
  const source = sourceCurrency.toLowerCase();
  const base = baseCurrency.toLowerCase();
  if (source === base || settlement.currency.toLowerCase() !== base) return null;
  if (sourceMinor === 0 || settlement.amount === 0) return null;
  return rateBetween(Math.abs(sourceMinor), source, Math.abs(settlement.amount), base);
}

/** Whether booking needs Stripe's balance transaction at all: only for a source not in the base currency. */
export function needsSettlement(sourceCurrency: string, baseCurrency: string | null): boolean {
  return baseCurrency !== null && sourceCurrency.toLowerCase() !== baseCurrency.toLowerCase();
}

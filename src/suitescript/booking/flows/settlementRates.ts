import { bookingExchangeRate, needsSettlement } from '../exchangeRates';
import type { Expandable, StripeBalanceTransaction, StripeCharge } from '../stripeShapes';
import type { BookingContext } from './context';
import { stripeClient } from '../stripeClient';

/**
 * The `exchangerate` each transaction books at: the rate Stripe settled its charge or refund at (see
 * exchangeRates.ts), read from Stripe only for what is outside the base currency.
 */

/**
 * NetSuite `exchangerate` for a Stripe object of `sourceMinor` in `currency` settled as `settlement`. Only an
 * object outside the base currency needs its balance transaction: read then (10 units,
 * GET /v1/balance_transactions/txn_…) unless the payload expanded it. See bookingExchangeRate.
 */
export function settlementRate(
  ctx: BookingContext,
  sourceMinor: number,
  currency: string,
  settlement: Expandable<StripeBalanceTransaction> | null | undefined,
): number | null {
  const base = ctx.books.baseCurrency(ctx.booking.subsidiary);
  if (!needsSettlement(currency, base) || settlement === null || settlement === undefined) return null;
  const transaction =
    typeof settlement === 'string' ? stripeClient(ctx.stripe).balanceTransactions.retrieve(settlement) : settlement;
  return bookingExchangeRate(sourceMinor, currency, transaction, base);
}

/** The rate of a charge known by ID only: the charge with its balance transaction (10 units), when needed. */
export function chargeRate(ctx: BookingContext, chargeId: string, currency: string): number | null {
  if (!needsSettlement(currency, ctx.books.baseCurrency(ctx.booking.subsidiary))) return null;
  const charge = stripeClient(ctx.stripe).charges.retrieve(chargeId, { expand: ['balance_transaction'] });
  return settledChargeRate(ctx, charge);
}

/** The rate of a charge as Stripe has it now; one not settled yet waits (`SNC_NOT_SETTLED`, retried). */
function settledChargeRate(ctx: BookingContext, charge: StripeCharge): number | null {
  if (!charge.balance_transaction) {
    throw Object.assign(new Error(`Stripe has not settled ${charge.id} yet: its exchange rate is not known`), {
      name: 'SNC_NOT_SETTLED',
    });
  }
  return settlementRate(ctx, charge.amount_captured ?? charge.amount, charge.currency, charge.balance_transaction);
}

/**
 * The rate of a captured charge. With `capture_method: automatic_async` (Stripe's default) the payload of
 * `charge.succeeded` has no balance transaction yet: a charge outside the base currency is then read again
 * (10 units), and while Stripe has not settled it the event waits (`SNC_NOT_SETTLED`, retried), so the
 * payment is never booked at a rate other than Stripe's.
 */
export function capturedChargeRate(ctx: BookingContext, charge: StripeCharge): number | null {
  if (charge.balance_transaction) return settledChargeRate(ctx, charge);
  return chargeRate(ctx, charge.id, charge.currency);
}

import type { BookingSettings } from '../settings';
import { dayOf, type ClosingCreditMemoValues, type PaymentValues } from './ports';
import type { StripeInvoice } from './stripeShapes';

/**
 * What closes a booked invoice Stripe no longer collects: the external IDs of the credit memos and payments
 * the connector makes for it (one per reason, so a redelivery finds the one made), and their values.
 */
export type ClosingReason = 'void' | 'uncollectible' | 'out_of_band' | 'cancelled';

const PREFIXES: Readonly<Record<ClosingReason, string>> = {
  void: 'ns_void',
  uncollectible: 'ns_unc',
  out_of_band: 'ns_oob',
  cancelled: 'ns_cancel',
};

const MEMOS: Readonly<Record<ClosingReason, string>> = {
  void: 'voided',
  uncollectible: 'uncollectible',
  out_of_band: 'paid outside Stripe',
  cancelled: 'subscription cancelled after a failed payment',
};

export function closingExternalId(reason: ClosingReason, invoiceId: string): string {
  return `${PREFIXES[reason]}:${invoiceId}`;
}

/** The day Stripe made the change (falls back to now): a void or write-off is booked on its own day. */
function closingDay(invoice: StripeInvoice, reason: ClosingReason): string {
  const t = invoice.status_transitions;
  const at =
    reason === 'void'
      ? t?.voided_at
      : reason === 'uncollectible'
        ? t?.marked_uncollectible_at
        : reason === 'out_of_band'
          ? t?.paid_at
          : null;
  return dayOf(at ?? Math.floor(Date.now() / 1000));
}

export function closingCreditMemoValues(
  reason: ClosingReason,
  invoice: StripeInvoice,
  bookedInvoice: number,
  amountMinor: number,
): ClosingCreditMemoValues {
  return {
    externalId: closingExternalId(reason, invoice.id),
    invoice: bookedInvoice,
    amountMinor,
    currency: invoice.currency.toLowerCase(),
    tranDate: closingDay(invoice, reason),
    memo: `Stripe: ${invoice.number ?? invoice.id} ${MEMOS[reason]}`,
  };
}

/** A payment made outside Stripe, booked as a customer payment (to the Out-of-Band Payment Account). */
export function outOfBandPaymentValues(
  invoice: StripeInvoice,
  customer: number,
  amountMinor: number,
  booking: BookingSettings,
): PaymentValues {
  return {
    externalId: closingExternalId('out_of_band', invoice.id),
    customer,
    currency: invoice.currency.toLowerCase(),
    amountMinor,
    tranDate: closingDay(invoice, 'out_of_band'),
    memo: `Stripe: ${invoice.number ?? invoice.id} ${MEMOS.out_of_band}`,
    subsidiary: booking.subsidiary,
    exchangeRate: null,
  };
}

/**
 * What Stripe says was paid outside Stripe: `amount_paid_off_stripe` at the pinned API version (the Invoice's
 * `paid_out_of_band` flag was removed in 2025-03-31.basil, stripe-node CHANGELOG); for older API versions
 * `paid_out_of_band: true` says the rest was, and null asks the caller to take what NetSuite has open.
 */
export function paidOffStripe(invoice: StripeInvoice): number | null {
  if ((invoice.amount_paid_off_stripe ?? 0) > 0) return invoice.amount_paid_off_stripe ?? 0;
  return invoice.paid_out_of_band === true ? null : 0;
}

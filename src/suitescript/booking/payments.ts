import type { BookingSettings } from '../settings';
import { dayOf, type InvoiceValues, type PaymentValues } from './ports';
import type { StripeCharge } from './stripeShapes';

export type ChargeCheck = { book: true } | { book: false; reason: string };

/** Only succeeded, captured charges become payments. */
export function chargeIsBookable(charge: StripeCharge): ChargeCheck {
  if (charge.status !== 'succeeded')
    return { book: false, reason: `charge ${charge.id} is ${charge.status}, not succeeded` };
  if (charge.captured === false) return { book: false, reason: `charge ${charge.id} is not captured yet` };
  return { book: true };
}

/** Memo of a payment: the charge description, else the charge ID. */
export function chargeMemo(charge: StripeCharge): string {
  return `Stripe: ${charge.description?.trim() || charge.id}`;
}

/** A customer payment for a charge applied to nothing: gross amount, charge currency. */
export function unappliedPaymentValues(
  charge: StripeCharge,
  customer: number,
  booking: BookingSettings,
  exchangeRate: number | null = null,
): PaymentValues {
  return {
    externalId: charge.id,
    customer,
    currency: charge.currency.toLowerCase(),
    amountMinor: charge.amount_captured ?? charge.amount,
    tranDate: dayOf(charge.created),
    memo: chargeMemo(charge),
    subsidiary: booking.subsidiary,
    exchangeRate,
  };
}

/** A customer payment applying `amountMinor` of a Stripe invoice payment made by this charge. */
export function invoicePaymentValues(
  chargeId: string,
  memo: string,
  amountMinor: number,
  currency: string,
  paidAt: number,
  customer: number,
  booking: BookingSettings,
  exchangeRate: number | null = null,
): PaymentValues {
  return {
    externalId: chargeId,
    customer,
    currency: currency.toLowerCase(),
    amountMinor,
    tranDate: dayOf(paidAt),
    memo,
    subsidiary: booking.subsidiary,
    exchangeRate,
  };
}

/** External ID of the one-line invoice made for a charge without one (invoices and payments share ID space). */
export function chargeInvoiceExternalId(chargeId: string): string {
  return `ns_inv:${chargeId}`;
}

/** "Create invoices for payments": the one-line invoice a charge without a Stripe invoice gets. */
export function chargeInvoiceValues(
  charge: StripeCharge,
  customer: number,
  booking: BookingSettings,
  exchangeRate: number | null = null,
): InvoiceValues {
  if (booking.globalItem === null) throw new Error('Creating invoices for payments needs a Global Item');
  const memo = chargeMemo(charge);
  return {
    externalId: chargeInvoiceExternalId(charge.id),
    customer,
    subsidiary: booking.subsidiary,
    currency: charge.currency.toLowerCase(),
    tranDate: dayOf(charge.created),
    memo,
    tranId: null,
    exchangeRate,
    lines: [
      {
        item: booking.globalItem,
        amountMinor: charge.amount_captured ?? charge.amount,
        description: charge.description ?? memo,
      },
    ],
  };
}

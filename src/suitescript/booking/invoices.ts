import { formatMinorUnits, sumMinorUnits } from '../money';
import type { BookingSettings } from '../settings';
import { dayOf, type InvoiceValues } from './ports';
import {
  idOf,
  type StripeCoupon,
  type StripeDiscount,
  type StripeInvoice,
  type StripeInvoiceLine,
  type StripeInvoicePayment,
} from './stripeShapes';

/** A NetSuite invoice line before its item is resolved. Amounts in minor units. */
export type PlannedLine =
  | { kind: 'price'; priceId: string | null; amountMinor: number; description: string | null }
  | { kind: 'discount'; discountId: string; coupon: StripeCoupon | null; amountMinor: number }
  | { kind: 'tax'; amountMinor: number };

export class InvoiceMismatchError extends Error {
  readonly code = 'SNC_INVOICE_MISMATCH';
}

/** Only finalized invoices are booked: open, paid, or uncollectible. */
export function invoiceIsFinalized(invoice: StripeInvoice): boolean {
  return (
    invoice.status === 'open' ||
    invoice.status === 'paid' ||
    invoice.status === 'uncollectible' ||
    (invoice.status_transitions?.finalized_at ?? null) !== null
  );
}

export function priceIdOfLine(line: StripeInvoiceLine): string | null {
  return idOf(line.pricing?.price_details?.price ?? null) ?? idOf(line.price ?? null);
}

function inclusiveTax(line: StripeInvoiceLine): number {
  return sumMinorUnits((line.taxes ?? []).filter((t) => t.tax_behavior === 'inclusive').map((t) => t.amount));
}

function discountObject(invoice: StripeInvoice, id: string): StripeDiscount | null {
  for (const candidate of [
    ...(invoice.total_discount_amounts ?? []).map((d) => d.discount),
    ...(invoice.discounts ?? []),
  ]) {
    if (typeof candidate !== 'string' && candidate.id === id) return candidate;
  }
  return null;
}

/** The coupon behind a discount, when the invoice carries the expanded discount. */
export function couponOf(invoice: StripeInvoice, discountId: string): StripeCoupon | null {
  const discount = discountObject(invoice, discountId);
  const coupon = discount?.source?.coupon ?? discount?.coupon ?? null;
  if (coupon === null) return null;
  return typeof coupon === 'string' ? { id: coupon } : coupon;
}

/**
 * The invoice's NetSuite lines: one per Stripe line at its amount net of inclusive tax, one negative line
 * per discount, one tax line for all taxes. Their sum must be the Stripe total, or nothing is booked.
 */
export function planInvoiceLines(invoice: StripeInvoice, lines: readonly StripeInvoiceLine[]): PlannedLine[] {
  const planned: PlannedLine[] = lines.map((line) => ({
    kind: 'price',
    priceId: priceIdOfLine(line),
    amountMinor: line.amount - inclusiveTax(line),
    description: line.description ?? null,
  }));
  for (const { amount, discount } of invoice.total_discount_amounts ?? []) {
    if (amount === 0) continue;
    const discountId = idOf(discount) ?? '';
    planned.push({ kind: 'discount', discountId, coupon: couponOf(invoice, discountId), amountMinor: -amount });
  }
  const tax = sumMinorUnits((invoice.total_taxes ?? invoice.total_tax_amounts ?? []).map((t) => t.amount));
  if (tax !== 0) planned.push({ kind: 'tax', amountMinor: tax });
  const sum = sumMinorUnits(planned.map((l) => l.amountMinor));
  if (sum !== invoice.total) {
    throw new InvoiceMismatchError(
      `Invoice ${invoice.id}: lines sum to ${formatMinorUnits(sum, invoice.currency)}, Stripe's total is ${formatMinorUnits(invoice.total, invoice.currency)}`,
    );
  }
  return planned;
}

/** The invoice's header fields; lines are added once their items are known. */
export function invoiceHeader(
  invoice: StripeInvoice,
  customer: number,
  booking: BookingSettings,
  exchangeRate: number | null = null,
): Omit<InvoiceValues, 'lines'> {
  const finalized = invoice.status_transitions?.finalized_at ?? invoice.created ?? null;
  if (finalized === null) throw new InvoiceMismatchError(`Invoice ${invoice.id} has no finalization date`);
  return {
    externalId: invoice.id,
    customer,
    subsidiary: booking.subsidiary,
    currency: invoice.currency.toLowerCase(),
    tranDate: dayOf(finalized),
    memo: `Stripe: ${invoice.number ?? invoice.id}`,
    tranId: invoice.number ?? null,
    exchangeRate,
  };
}

/** A payment of the invoice that went through Stripe: the charge (or its payment intent) and amount. */
export interface InvoiceCharge {
  chargeId: string | null;
  paymentIntentId: string | null;
  amountMinor: number;
  paidAt: number | null;
}

/** Paid invoice payments, from `invoice.payments` or `GET /v1/invoice_payments?invoice=…`. */
/** The charge of an expanded payment intent (its latest charge), else null. */
function latestChargeOf(intent: StripeInvoicePayment['payment']['payment_intent'] | null): string | null {
  return intent !== null && typeof intent === 'object' ? idOf(intent.latest_charge ?? null) : null;
}

export function paidInvoiceCharges(payments: readonly StripeInvoicePayment[]): InvoiceCharge[] {
  return payments
    .filter((p) => (p.status ?? 'paid') === 'paid' && (p.amount_paid ?? 0) > 0)
    .map((p) => ({
      chargeId: idOf(p.payment.charge ?? null) ?? latestChargeOf(p.payment.payment_intent ?? null),
      paymentIntentId: idOf(p.payment.payment_intent ?? null),
      amountMinor: p.amount_paid ?? 0,
      paidAt: p.status_transitions?.paid_at ?? null,
    }));
}

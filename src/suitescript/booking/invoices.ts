import { formatMinorUnits, sumMinorUnits } from '../money';
import type { BookingSettings, TaxMode } from '../settings';
import { dayOf, type Day, type InvoiceValues } from './ports';
import {
  idOf,
  type StripeCoupon,
  type StripeDiscount,
  type StripeInvoice,
  type StripeInvoiceLine,
  type StripeInvoicePayment,
} from './stripeShapes';

/** A line's service period as NetSuite's inclusive rev rec days. */
export interface ServicePeriod {
  start: Day;
  end: Day;
}

/** A NetSuite invoice line before its item is resolved. Amounts in minor units. */
export type PlannedLine =
  | {
      kind: 'price';
      priceId: string | null;
      amountMinor: number;
      description: string | null;
      quantity: number;
      /** Minor units per unit, fractions of a cent allowed. */
      rateMinor: number;
      period: ServicePeriod | null;
      /** Tax Mode per_line only: Stripe's tax of the line (all its `taxes`), 0 when untaxed. */
      taxMinor?: number;
    }
  | {
      kind: 'discount';
      discountId: string;
      coupon: StripeCoupon | null;
      amountMinor: number;
      /** A line-level discount follows its line and carries its period; invoice-level ones have none. */
      period: ServicePeriod | null;
    }
  | { kind: 'shipping'; amountMinor: number; /** Tax Mode per_line only: shipping's tax. */ taxMinor?: number }
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

/** Every tax Stripe put on the line, inclusive or not: at the pinned API version, the line's `taxes[].amount`. */
function lineTax(line: StripeInvoiceLine): number {
  return sumMinorUnits((line.taxes ?? []).map((t) => t.amount));
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

const DAY = 86400;

/**
 * Stripe's period (Unix seconds, `end` exclusive) as NetSuite's rev rec dates (inclusive days): the start's
 * UTC day, and the UTC day before the end's, never before the start (a one-off line has start = end). UTC
 * days, as every date the connector books (ports.dayOf): Stripe periods carry no time zone.
 */
export function servicePeriod(period: StripeInvoiceLine['period']): ServicePeriod | null {
  if (!period) return null;
  const start = dayOf(period.start);
  const end = dayOf(Math.max(period.start, period.end - DAY));
  return { start, end: end < start ? start : end };
}

/**
 * NetSuite quantity and rate for a line whose amount (net of inclusive tax) is `amountMinor`. The rate is
 * Stripe's unit price when quantity × unit price is the line's amount to the cent; otherwise (a proration, a
 * tax-inclusive price, a fraction of a cent that rounds) it is the amount over the quantity, unrounded, and
 * the line's amount stays Stripe's: NetSuite keeps a line amount that is not quantity × rate when a script
 * sets it (the form only warns, "The line total amount is not equal to the item price times the quantity").
 */
export function quantityAndRate(line: StripeInvoiceLine, amountMinor: number): { quantity: number; rateMinor: number } {
  const quantity = line.quantity ?? 1;
  if (quantity === 0) return { quantity: 0, rateMinor: unitAmount(line) ?? 0 };
  const unit = unitAmount(line);
  if (unit !== null && Math.round(quantity * unit) === amountMinor) return { quantity, rateMinor: unit };
  return { quantity, rateMinor: amountMinor / quantity };
}

function unitAmount(line: StripeInvoiceLine): number | null {
  const text = line.pricing?.unit_amount_decimal;
  if (text !== null && text !== undefined && text !== '' && Number.isFinite(Number(text))) return Number(text);
  const price = line.pricing?.price_details?.price ?? line.price ?? null;
  return price !== null && typeof price !== 'string' ? (price.unit_amount ?? null) : null;
}

function discountLine(
  invoice: StripeInvoice,
  discountId: string,
  amount: number,
  period: ServicePeriod | null,
): PlannedLine {
  return { kind: 'discount', discountId, coupon: couponOf(invoice, discountId), amountMinor: -amount, period };
}

/** A line and, after it, one discount line per line-level discount on it (the line's own `discounts`). */
function linePlan(
  invoice: StripeInvoice,
  line: StripeInvoiceLine,
  lineLevel: Map<string, number>,
  taxMode: TaxMode,
): PlannedLine[] {
  const amountMinor = line.amount - inclusiveTax(line);
  const period = servicePeriod(line.period);
  const planned: PlannedLine[] = [
    {
      kind: 'price',
      priceId: priceIdOfLine(line),
      amountMinor,
      description: line.description ?? null,
      ...quantityAndRate(line, amountMinor),
      period,
      ...(taxMode === 'per_line' ? { taxMinor: lineTax(line) } : {}),
    },
  ];
  const own = new Set((line.discounts ?? []).map((d) => idOf(d)));
  for (const { amount, discount } of line.discount_amounts ?? []) {
    const id = idOf(discount) ?? '';
    if (amount === 0 || !own.has(id)) continue;
    planned.push(discountLine(invoice, id, amount, period));
    lineLevel.set(id, (lineLevel.get(id) ?? 0) + amount);
  }
  return planned;
}

/**
 * The invoice's NetSuite lines: per Stripe line its amount net of inclusive tax at Stripe's quantity, each
 * followed by its line-level discounts; then one line per invoice-level discount (what each discount took in
 * all, less what its line-level lines took), shipping, and tax: with Tax Mode tax_item one tax line for all
 * taxes, with per_line each item and shipping line's own tax (`taxMinor`) and no tax line. Discount lines
 * carry no tax either way: Stripe computes a line's taxes on its amount after discounts, so its `taxes`
 * already are what is due, and taxing the discount line too would count the discount twice. Lines and tax
 * must sum to the Stripe total, or nothing is booked. A negative sum is a credit (see bookInvoice).
 */
export function planInvoiceLines(
  invoice: StripeInvoice,
  lines: readonly StripeInvoiceLine[],
  taxMode: TaxMode = 'tax_item',
): PlannedLine[] {
  const lineLevel = new Map<string, number>();
  const planned: PlannedLine[] = lines.flatMap((line) => linePlan(invoice, line, lineLevel, taxMode));
  for (const { amount, discount } of invoice.total_discount_amounts ?? []) {
    const discountId = idOf(discount) ?? '';
    const rest = amount - (lineLevel.get(discountId) ?? 0);
    if (rest !== 0) planned.push(discountLine(invoice, discountId, rest, null));
  }
  const shipping = invoice.shipping_cost ?? null;
  if (shipping && shipping.amount_total !== 0)
    planned.push({
      kind: 'shipping',
      amountMinor: shipping.amount_total - shipping.amount_tax,
      ...(taxMode === 'per_line' ? { taxMinor: shipping.amount_tax } : {}),
    });
  if (taxMode === 'tax_item') {
    // `total_taxes` (API 2025-03-31 and later; `total_tax_amounts` before) covers the lines; shipping's tax
    // is on `shipping_cost`.
    const tax =
      sumMinorUnits((invoice.total_taxes ?? invoice.total_tax_amounts ?? []).map((t) => t.amount)) +
      (shipping?.amount_tax ?? 0);
    if (tax !== 0) planned.push({ kind: 'tax', amountMinor: tax });
  }
  const sum = sumMinorUnits(
    planned.map((l) => l.amountMinor + (l.kind === 'price' || l.kind === 'shipping' ? (l.taxMinor ?? 0) : 0)),
  );
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

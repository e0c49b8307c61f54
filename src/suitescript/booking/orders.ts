import type { BookingSettings } from '../settings';
import { BookingSetupError } from './customers';
import { chargeMemo } from './payments';
import { dayOf, type CustomerDepositValues, type InvoiceValues } from './ports';
import { idOf, type StripeCharge, type StripeOrder, type StripeOrderItem } from './stripeShapes';

/**
 * Legacy Stripe orders (seed 001): a paid order is a sales order (external ID `or_…`) and a customer deposit
 * for its charge (external ID `ch_…`, in Undeposited Funds, so the payout deposits it like a payment). Billed,
 * its invoice is `ns_inv:or_…` and the deposit's application to it `ns_depapp:ch_…`.
 */

export function orderInvoiceExternalId(orderId: string): string {
  return `ns_inv:${orderId}`;
}

export function depositApplicationExternalId(chargeId: string): string {
  return `ns_depapp:${chargeId}`;
}

/** An order line to book: a SKU's (its item found or made by the flow), or one on a settings item. */
export type PlannedOrderLine =
  | { kind: 'sku'; skuId: string; quantity: number; amountMinor: number; description: string | null }
  | { kind: 'item'; item: number; amountMinor: number; description: string };

function settingsItem(
  order: StripeOrder,
  line: StripeOrderItem,
  item: number | null,
  setting: string,
): PlannedOrderLine {
  if (item === null)
    throw new BookingSetupError(`Order ${order.id} has a ${line.type} line: settings name no ${setting}`);
  return {
    kind: 'item',
    item,
    amountMinor: line.amount,
    description: line.description?.trim() || `Stripe: ${line.type}`,
  };
}

/**
 * The sales order's lines: one per SKU (quantity and Stripe's amount; the rate is amount ÷ quantity), and the
 * order's shipping, tax and discount lines on the settings' Shipping, Tax and Discount items (Shipping and
 * Discount fall back to the Global Item), as the invoice flow books invoice shipping and tax.
 */
export function planOrderLines(order: StripeOrder, booking: BookingSettings): PlannedOrderLine[] {
  return order.items.map((line): PlannedOrderLine => {
    switch (line.type) {
      case 'sku': {
        const skuId = idOf(line.parent ?? null);
        if (skuId === null) throw new Error(`Order ${order.id} has a SKU line without its SKU`);
        return {
          kind: 'sku',
          skuId,
          quantity: line.quantity ?? 1,
          amountMinor: line.amount,
          description: line.description ?? null,
        };
      }
      case 'shipping':
        return settingsItem(
          order,
          line,
          booking.shippingItem ?? booking.globalItem,
          'shipping item nor global item (custrecord_snc_set_shipping_item)',
        );
      case 'tax':
        return settingsItem(order, line, booking.taxItem, 'tax item (custrecord_snc_set_tax_item)');
      case 'discount':
        return settingsItem(
          order,
          line,
          booking.discountItem ?? booking.globalItem,
          'discount item nor global item (custrecord_snc_set_discount_item)',
        );
      default:
        throw new Error(`Order ${order.id} has a line of unknown type ${line.type}`);
    }
  });
}

/** The sales order's header (lines added by the flow), at the rate Stripe settled its charge at. */
export function salesOrderHeader(
  order: StripeOrder,
  customer: number,
  booking: BookingSettings,
  exchangeRate: number | null,
): Omit<InvoiceValues, 'lines'> {
  return {
    externalId: order.id,
    customer,
    subsidiary: booking.subsidiary,
    currency: order.currency.toLowerCase(),
    tranDate: dayOf(order.status_transitions?.paid ?? order.created),
    memo: `Stripe: order ${order.id}`,
    tranId: order.id,
    exchangeRate,
  };
}

/** The customer deposit for the order's charge: what it captured, in its currency, linked to the sales order. */
export function orderDepositValues(
  charge: StripeCharge,
  customer: number,
  salesOrder: number,
  booking: BookingSettings,
  exchangeRate: number | null,
): CustomerDepositValues {
  return {
    externalId: charge.id,
    customer,
    salesOrder,
    currency: charge.currency.toLowerCase(),
    amountMinor: charge.amount_captured ?? charge.amount,
    tranDate: dayOf(charge.created),
    memo: chargeMemo(charge),
    subsidiary: booking.subsidiary,
    exchangeRate,
  };
}

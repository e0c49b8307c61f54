import { chargeIsBookable } from '../payments';
import {
  depositApplicationExternalId,
  orderDepositValues,
  orderInvoiceExternalId,
  planOrderLines,
  salesOrderHeader,
} from '../orders';
import { dayOf, xrefKey, type Booked, type Day, type InvoiceValues, type TransactionLine } from '../ports';
import { stripeClient } from '../stripeClient';
import { idOf, type StripeCharge, type StripeCustomer, type StripeOrder } from '../stripeShapes';
import { beforeSyncStart, type BookingContext } from './context';
import { ensureCustomer, ensureCustomerCurrency } from './customers';
import { skipped, type FlowOutcome, type RecordOutcome } from './outcome';
import { booked, createOnce, Lookup } from './recordLookup';
import { capturedChargeRate } from './settlementRates';
import { ensureSkuItem } from './skus';

/**
 * Legacy Stripe orders (seed 001): `order.payment_succeeded` and the charge events of an order's charge book the
 * same records, whichever comes first: the sales order, the customer deposit for the charge linked to it, and
 * with Order Billing `bill_at_payment` the invoice billing the order with the deposit applied to it. Every
 * record has an external ID, so a later event finds what an earlier one made.
 */

/** What a paid order is booked as, for the flows that build on it (refunds). */
export interface BookedOrder {
  outcome: FlowOutcome;
  salesOrder: Booked;
  deposit: Booked;
  /** The invoice billing it; null while the order is left to fulfilment. */
  invoice: Booked | null;
}

type Outcome = (stripeId: string, recordType: string, record: Booked, how: 'created' | 'found') => RecordOutcome;
const outcomeOf: Outcome = (stripeId, recordType, record, how) => ({ stripeId, recordType, id: record.id, how });

function chargeOfOrder(ctx: BookingContext, order: StripeOrder, known: StripeCharge | null): StripeCharge | null {
  if (known !== null) return known;
  if (typeof order.charge === 'object' && order.charge !== null) return order.charge;
  const chargeId = idOf(order.charge ?? null);
  return chargeId === null ? null : stripeClient(ctx.stripe).charges.retrieve(chargeId);
}

function orderLines(ctx: BookingContext, lookup: Lookup, order: StripeOrder): TransactionLine[] {
  const planned = planOrderLines(order, ctx.booking);
  lookup.prefetch(planned.flatMap((line) => (line.kind === 'sku' ? [[line.skuId, xrefKey(line.skuId, 'item')]] : [])));
  return planned.map((line): TransactionLine => {
    if (line.kind === 'item') return { item: line.item, amountMinor: line.amountMinor, description: line.description };
    return {
      item: ensureSkuItem(ctx, lookup, line.skuId),
      amountMinor: line.amountMinor,
      description: line.description,
      quantity: line.quantity,
      rateMinor: line.amountMinor / line.quantity,
    };
  });
}

/** The sales order: found by the order's ID, else made for the customer the order names (or the global one). */
function ensureSalesOrder(
  ctx: BookingContext,
  lookup: Lookup,
  order: StripeOrder,
  rate: () => number | null,
  records: RecordOutcome[],
): Booked {
  const found = lookup.resolve([order.id]);
  if (found) {
    records.push(outcomeOf(order.id, 'salesorder', found, 'found'));
    return found;
  }
  const customerId = idOf(order.customer ?? null);
  const hint: StripeCustomer | null =
    typeof order.customer === 'object' && order.customer !== null
      ? order.customer
      : customerId !== null && ctx.booking.customerMode !== 'metadata'
        ? { id: customerId, object: 'customer', email: order.email ?? null }
        : null;
  const customer = ensureCustomer(ctx, lookup, customerId, hint);
  records.push(customer.record);
  ensureCustomerCurrency(ctx, customer, order.currency);
  const values: InvoiceValues = {
    ...salesOrderHeader(order, customer.id, ctx.booking, rate()),
    lines: orderLines(ctx, lookup, order),
  };
  const total = values.lines.reduce((sum, line) => sum + line.amountMinor, 0);
  const made = createOnce(
    lookup,
    order.id,
    () => ctx.books.createSalesOrder(values),
    (id) => booked(id, 'salesorder', { entity: customer.id, totalMinor: total, currency: values.currency }),
  );
  records.push(outcomeOf(order.id, 'salesorder', made.record, made.how));
  return made.record;
}

function ensureDeposit(
  ctx: BookingContext,
  lookup: Lookup,
  charge: StripeCharge,
  salesOrder: Booked,
  rate: () => number | null,
  records: RecordOutcome[],
): Booked {
  const found = lookup.resolve([charge.id]);
  if (found) {
    records.push(outcomeOf(charge.id, 'customerdeposit', found, 'found'));
    return found;
  }
  if (salesOrder.entity === null) throw new Error(`Sales order ${salesOrder.id} has no customer`);
  const values = orderDepositValues(charge, salesOrder.entity, salesOrder.id, ctx.booking, rate());
  const made = createOnce(
    lookup,
    charge.id,
    () => ctx.books.createCustomerDeposit(values),
    (id) =>
      booked(id, 'customerdeposit', {
        createdFrom: salesOrder.id,
        entity: values.customer,
        totalMinor: values.amountMinor,
        currency: values.currency,
      }),
  );
  records.push(outcomeOf(charge.id, 'customerdeposit', made.record, made.how));
  return made.record;
}

/**
 * Order Billing `bill_at_payment`: the invoice transformed from the sales order, and the deposit applied to
 * it. NetSuite may apply a sales order's deposits itself when the order is billed: the deposit is applied only
 * for what the invoice still has open, so either way the invoice ends paid by the deposit.
 */
function billOrder(
  ctx: BookingContext,
  lookup: Lookup,
  order: StripeOrder,
  charge: StripeCharge,
  salesOrder: Booked,
  deposit: Booked,
  records: RecordOutcome[],
  notes: string[],
): Booked {
  const invoiceId = orderInvoiceExternalId(order.id);
  const existing = lookup.resolve([invoiceId]);
  let billedMinor: number | null = null;
  // What billing left open, known from the billing itself; an invoice found (a redelivery) is asked for it.
  const afterBilling: { openMinor: number | null } = { openMinor: null };
  const bill = (): number => {
    const made = ctx.books.billSalesOrder({
      externalId: invoiceId,
      salesOrder: salesOrder.id,
      currency: order.currency.toLowerCase(),
      ...billing(order),
    });
    billedMinor = made.totalMinor;
    afterBilling.openMinor = made.openMinor;
    return made.id;
  };
  const invoice =
    existing ??
    createOnce(lookup, invoiceId, bill, (id) =>
      booked(id, 'invoice', {
        createdFrom: salesOrder.id,
        entity: salesOrder.entity,
        totalMinor: billedMinor,
        currency: salesOrder.currency,
      }),
    ).record;
  records.push(outcomeOf(order.id, 'invoice', invoice, existing ? 'found' : 'created'));
  const applicationId = depositApplicationExternalId(charge.id);
  const applied = lookup.resolve([applicationId]);
  if (applied) {
    records.push(outcomeOf(charge.id, 'depositapplication', applied, 'found'));
    return invoice;
  }
  const open = afterBilling.openMinor ?? ctx.books.invoiceState(invoice.id)?.openMinor ?? 0;
  const amountMinor = Math.min(open, deposit.totalMinor ?? 0);
  if (amountMinor <= 0) {
    notes.push(`invoice ${invoice.id} has nothing open: NetSuite applied the deposit when it billed the order`);
    return invoice;
  }
  const made = createOnce(
    lookup,
    applicationId,
    () =>
      ctx.books.applyCustomerDeposit({
        externalId: applicationId,
        deposit: deposit.id,
        invoice: invoice.id,
        amountMinor,
        currency: order.currency.toLowerCase(),
        tranDate: billing(order).tranDate,
      }),
    (id) => booked(id, 'depositapplication', { entity: deposit.entity, totalMinor: amountMinor }),
  );
  records.push(outcomeOf(charge.id, 'depositapplication', made.record, made.how));
  return invoice;
}

/** The invoice's day and memo: the day the order was paid. */
function billing(order: StripeOrder): { tranDate: Day; memo: string } {
  return { tranDate: dayOf(order.status_transitions?.paid ?? order.created), memo: `Stripe: order ${order.id}` };
}

/**
 * Everything a paid order's booking may find, in one query rather than one per record (bench: five queries,
 * 50 units, became one): the sales order, the deposit, the invoice and its deposit application, the customer
 * and the SKUs' items. The order's four records are made in one run: memory missing the sales order is not
 * asked for the other three (the query answers them).
 */
function prefetchOrderRecords(lookup: Lookup, order: StripeOrder, charge: StripeCharge): void {
  const customerId = idOf(order.customer ?? null);
  const skuIds = order.items.flatMap((line) => {
    const skuId = line.type === 'sku' ? idOf(line.parent ?? null) : null;
    return skuId === null ? [] : [skuId];
  });
  lookup.prefetch(
    [
      [order.id],
      [charge.id],
      [orderInvoiceExternalId(order.id)],
      [depositApplicationExternalId(charge.id)],
      ...(customerId === null ? [] : [[customerId, xrefKey(customerId, 'customer')]]),
      ...skuIds.map((skuId) => [skuId, xrefKey(skuId, 'item')]),
    ],
    { together: 4 },
  );
}

/**
 * A paid order's records (see the file comment); `knownCharge` is the charge as the event has it. Null when the
 * order is not booked (not paid, or its charge did not succeed) — `skipped` says why.
 */
export function bookPaidOrder(
  order: StripeOrder,
  knownCharge: StripeCharge | null,
  ctx: BookingContext,
): BookedOrder | { skipped: FlowOutcome } {
  const charge = chargeOfOrder(ctx, order, knownCharge);
  if (charge === null) return { skipped: skipped(order.id, `order ${order.id} is ${order.status}, not paid`) };
  const check = chargeIsBookable(charge);
  if (!check.book) return { skipped: skipped(order.id, check.reason) };
  if (beforeSyncStart(ctx.booking, order.created))
    return { skipped: skipped(order.id, `${order.id} predates the sync start`) };
  const lookup = new Lookup(ctx.books);
  prefetchOrderRecords(lookup, order, charge);
  const records: RecordOutcome[] = [];
  const notes: string[] = [];
  let rate: number | null | undefined;
  // Both at the rate Stripe settled the charge at, so billing and applying the deposit realize nothing.
  const rateOnce = (): number | null => (rate === undefined ? (rate = capturedChargeRate(ctx, charge)) : rate);
  const salesOrder = ensureSalesOrder(ctx, lookup, order, rateOnce, records);
  const deposit = ensureDeposit(ctx, lookup, charge, salesOrder, rateOnce, records);
  const invoice =
    ctx.booking.orderBilling === 'bill_at_payment'
      ? billOrder(ctx, lookup, order, charge, salesOrder, deposit, records, notes)
      : lookup.resolve([orderInvoiceExternalId(order.id)]);
  if (ctx.booking.orderBilling !== 'bill_at_payment')
    notes.push('billing left to fulfilment (Order Billing leave_to_fulfilment)');
  const outcome: FlowOutcome = { stripeId: order.id, records, ...(notes.length > 0 ? { notes } : {}) };
  return { outcome, salesOrder, deposit, invoice };
}

/**
 * An order's records as booked, from memory or one query, without reading the order from Stripe: the refund's
 * charge names its order (`charge.order`), and the external IDs follow from the two IDs. Null when something is
 * missing (not booked yet, or billed at payment without its invoice): the caller then books the order.
 */
export function bookedOrderOf(
  ctx: BookingContext,
  lookup: Lookup,
  chargeId: string,
  orderId: string,
): BookedOrder | null {
  const invoiceId = orderInvoiceExternalId(orderId);
  lookup.prefetch([[chargeId], [orderId], [invoiceId]], { together: 3 });
  const salesOrder = lookup.resolve([orderId]);
  const deposit = lookup.resolve([chargeId]);
  const invoice = lookup.resolve([invoiceId]);
  if (salesOrder === null || deposit === null) return null;
  if (invoice === null && ctx.booking.orderBilling === 'bill_at_payment') return null;
  const records = [
    outcomeOf(orderId, 'salesorder', salesOrder, 'found'),
    outcomeOf(chargeId, 'customerdeposit', deposit, 'found'),
    ...(invoice === null ? [] : [outcomeOf(orderId, 'invoice', invoice, 'found')]),
  ];
  return { outcome: { stripeId: orderId, records }, salesOrder, deposit, invoice };
}

function asOutcome(result: BookedOrder | { skipped: FlowOutcome }): FlowOutcome {
  return 'skipped' in result ? result.skipped : result.outcome;
}

/** `order.updated` to `canceled`: the sales order closed (every line `isclosed`); any other update books nothing. */
export function closeCanceledOrder(order: StripeOrder, ctx: BookingContext): FlowOutcome {
  if (order.status !== 'canceled')
    return skipped(order.id, `order ${order.id} is ${order.status}: only a canceled order changes NetSuite`);
  const salesOrder = new Lookup(ctx.books).resolve([order.id]);
  if (!salesOrder) return skipped(order.id, `order ${order.id} was never booked: no sales order to close`);
  ctx.books.closeSalesOrder(salesOrder.id);
  return {
    stripeId: order.id,
    records: [outcomeOf(order.id, 'salesorder', salesOrder, 'found')],
    notes: ['sales order closed'],
  };
}

/** `order.payment_succeeded`, `order.updated`. */
export function bookOrderEvent(order: StripeOrder, ctx: BookingContext, type: string): FlowOutcome {
  if (type === 'order.updated') return closeCanceledOrder(order, ctx);
  return asOutcome(bookPaidOrder(order, null, ctx));
}

/** `charge.succeeded`, `captured`, `updated` of an order's charge: the order's records, charge first or not. */
export function bookOrderCharge(charge: StripeCharge, orderId: string, ctx: BookingContext): FlowOutcome {
  const order = stripeClient(ctx.stripe).orders.retrieve(orderId);
  const outcome = asOutcome(bookPaidOrder(order, charge, ctx));
  return { ...outcome, stripeId: charge.id };
}

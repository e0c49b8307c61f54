import type * as NRecord from 'N/record';
import { queue, type BookingSetup, type IngressPipeline } from '../../../tools/localConnector';
import { eventStatusId } from '../../../tools/connectorStatuses';
import { newAccount, nsRecord, saveSettings, stripePost } from './pipeline';

/** What a test needs of a paid legacy order. */
export interface PaidOrder {
  order: string;
  charge: string;
  customer: string;
}

/** The accounts and items an order with inventory, shipping and discount lines books to, set on the settings. */
export interface OrderBooks {
  shippingIncome: number;
  discounts: number;
}

function serviceItem(pipeline: IngressPipeline, books: BookingSetup, name: string, account: number): number {
  const values: Record<string, NRecord.FieldValue> = {
    itemid: name,
    incomeaccount: String(account),
    subsidiary: [String(books.subsidiary)],
  };
  const item = nsRecord(pipeline).create({ type: 'serviceitem' });
  for (const [fieldId, value] of Object.entries(values)) item.setValue({ fieldId, value });
  return item.save();
}

/**
 * What an admin sets up for orders: inventory asset and COGS accounts (inventory items need them), a shipping
 * item on its own income account and a discount item on a contra-revenue account; Order Billing as given.
 */
export function orderSettings(
  pipeline: IngressPipeline,
  books: BookingSetup,
  billing: 'bill_at_payment' | 'leave_to_fulfilment',
): OrderBooks {
  const asset = newAccount(pipeline, books, { name: 'Inventory', type: 'OthCurrAsset' });
  const cogs = newAccount(pipeline, books, { name: 'Cost of Goods Sold', type: 'COGS' });
  const shippingIncome = newAccount(pipeline, books, { name: 'Shipping Income', type: 'Income' });
  const discounts = newAccount(pipeline, books, { name: 'Sales Discounts', type: 'Income' });
  saveSettings(pipeline, {
    custrecord_snc_set_asset_account: String(asset),
    custrecord_snc_set_cogs_account: String(cogs),
    custrecord_snc_set_order_billing: billing,
    custrecord_snc_set_shipping_item: String(serviceItem(pipeline, books, 'Shipping', shippingIncome)),
    custrecord_snc_set_discount_item: String(serviceItem(pipeline, books, 'Discount', discounts)),
  });
  return { shippingIncome, discounts };
}

type OrderItem = Record<string, string | number>;

/**
 * A customer with a card, a non-shippable product ("E-book") with a SKU at 9.99, and an order of 2 of it plus
 * `extra` lines (default: 0.80 tax, 20.78 in all), paid by `card` (a sandbox test payment method).
 */
export function paidOrder(
  pipeline: IngressPipeline,
  extra: OrderItem[] = [{ type: 'tax', amount: 80 }],
  card = 'pm_card_visa',
): PaidOrder {
  const post = <T>(path: string, params: Record<string, unknown>): T =>
    stripePost<T>(pipeline, path, params as Parameters<typeof stripePost>[2]);
  const customer = post<{ id: string }>('/v1/customers', { name: 'Ada Lovelace', email: 'ada@example.invalid' });
  post('/v1/payment_methods/pm_card_visa/attach', { customer: customer.id });
  const ebook = post<{ id: string }>('/v1/products', { name: 'E-book', shippable: 'false' });
  const sku = post<{ id: string }>('/v1/skus', {
    product: ebook.id,
    price: 999,
    currency: 'usd',
    inventory: { type: 'infinite' },
  });
  const order = post<{ id: string }>('/v1/orders', {
    currency: 'usd',
    customer: customer.id,
    items: [{ type: 'sku', parent: sku.id, quantity: 2 }, ...extra],
  });
  const paid = post<{ charge: string }>(`/v1/orders/${order.id}/pay`, { source: card });
  return { order: order.id, charge: paid.charge, customer: customer.id };
}

/** SuiteQL status letter of a transaction by external ID (sales order: SalesOrd:A…H). */
export function statusOf(pipeline: IngressPipeline, externalId: string): unknown {
  return pipeline.ns.sql.query(`SELECT status FROM transaction WHERE externalid = ?`, [externalId]).rows[0]?.['status'];
}

/** Keeps the queued events of these types out of the next queue runs (as if they had not arrived yet). */
export function holdEvents(pipeline: IngressPipeline, types: readonly string[]): () => void {
  const held = pipeline.ns.sql
    .query(`SELECT id, custrecord_snc_evt_type AS type FROM customrecord_snc_event`, [])
    .rows.filter((row) => types.includes(String(row['type'])))
    .map((row) => Number(row['id']));
  const setNext = (at: number): void => {
    for (const id of held)
      nsRecord(pipeline).submitFields({
        type: 'customrecord_snc_event',
        id,
        values: { custrecord_snc_evt_next_attempt: at },
      });
  };
  setNext(pipeline.ns.now().getTime() + 30 * 86_400_000);
  return () => setNext(0);
}

/** Sets every booked or ignored event queued again, as a redelivery under new event IDs would. */
export function requeueAll(pipeline: IngressPipeline): number {
  const rows = queue(pipeline.ns);
  const done = pipeline.ns.sql.query(
    `SELECT id FROM customrecord_snc_event WHERE custrecord_snc_evt_status IN (?, ?)`,
    [eventStatusId(pipeline.ns, 'done'), eventStatusId(pipeline.ns, 'no_action')],
  ).rows;
  for (const row of done)
    nsRecord(pipeline).submitFields({
      type: 'customrecord_snc_event',
      id: Number(row['id']),
      values: { custrecord_snc_evt_status: eventStatusId(pipeline.ns, 'queued') },
    });
  return rows.length === 0 ? 0 : done.length;
}

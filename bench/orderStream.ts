// The bench stream's legacy orders and SKUs (issue 14), and SuiteSync's optional updates with their settings on:
// SKUs of both kinds, orders billed at payment and left to fulfilment, an order's charge arriving after the
// order was booked, a canceled order, refunds of billed and unbilled orders, customer and product updates.
import type * as NRecord from 'N/record';
import type { StripeSandbox } from '../stripe-sandbox/src/sandbox';
import type { BookingSetup, IngressPipeline } from '../tools/localConnector';
import { settingsValues } from '../tools/settingsModes';

/** What the stream labels an event with, keyed `${event type}|${object ID}`: one bench row per label. */
export type Variants = Map<string, string>;

type Ok = <T>(method: 'GET' | 'POST', path: string, params?: Parameters<StripeSandbox['request']>[2]) => T;

function saveSettings(pipeline: IngressPipeline, values: Record<string, NRecord.FieldValue>): void {
  const record = pipeline.ns.testModules().modules['N/record'] as typeof NRecord;
  record.submitFields({
    type: 'customrecord_snc_settings',
    id: pipeline.settingsId,
    values: settingsValues(pipeline.ns, values),
  });
}

/** A record an admin makes by hand (an account, the shipping item); its internal ID. */
function made(pipeline: IngressPipeline, type: string, values: Record<string, NRecord.FieldValue>): string {
  const record = pipeline.ns.testModules().modules['N/record'] as typeof NRecord;
  const created = record.create({ type });
  for (const [fieldId, value] of Object.entries(values)) created.setValue({ fieldId, value });
  created.setValue({ fieldId: 'subsidiary', value: [String(pipeline.ns.base.subsidiary)] });
  return String(created.save());
}

/**
 * Pays `order`; with `chargeLate` its `charge.succeeded` and `charge.updated` (and the payment intent's events)
 * are held back an hour, so `order.payment_succeeded` books the order first and the charge arrives after it was
 * booked. The sandbox emits the charge's events, then the order's: a listener registered after the delivery
 * queue's own ends the hold once the charge's last event is queued.
 */
function payOrder(pipeline: IngressPipeline, ok: Ok, order: string, chargeLate: boolean): string {
  const { webhooks } = pipeline.stripe;
  if (chargeLate) webhooks.configure({ lateSeconds: 3600, lateRate: 1 });
  try {
    return ok<{ charge: string }>('POST', `/v1/orders/${order}/pay`, { source: 'pm_card_visa' }).charge;
  } finally {
    webhooks.configure({ lateSeconds: 0 });
  }
}

/** Runs the orders phase after the main stream was delivered; labels what it makes in `variants`. */
export async function orderStream(
  pipeline: IngressPipeline,
  setup: BookingSetup,
  ok: Ok,
  variants: Variants,
): Promise<void> {
  const { stripe, ns } = pipeline;
  stripe.account.onEvent((event) => {
    if (event.type === 'charge.updated') stripe.webhooks.configure({ lateSeconds: 0 });
  });
  const label = (event: string, id: string, text: string): void => void variants.set(`${event}|${id}`, text);
  saveSettings(pipeline, {
    custrecord_snc_set_asset_account: made(pipeline, 'account', { acctname: 'Inventory', accttype: 'OthCurrAsset' }),
    custrecord_snc_set_cogs_account: made(pipeline, 'account', { acctname: 'Cost of Goods Sold', accttype: 'COGS' }),
    custrecord_snc_set_shipping_item: made(pipeline, 'serviceitem', {
      itemid: 'Shipping',
      incomeaccount: String(setup.income),
    }),
    custrecord_snc_set_order_billing: 'bill_at_payment',
    custrecord_snc_set_update_customers: true,
    custrecord_snc_set_update_items: true,
  });
  const shirt = ok<{ id: string }>('POST', '/v1/products', { name: 'T-shirt', shippable: 'true' });
  const ebook = ok<{ id: string }>('POST', '/v1/products', { name: 'E-book', shippable: 'false' });
  ok('POST', '/v1/prices', { product: ebook.id, unit_amount: 1999, currency: 'usd' });
  const skus = ['blue', 'red', 'green'].flatMap((color) => {
    const shirtSku = ok<{ id: string }>('POST', '/v1/skus', {
      product: shirt.id,
      price: 1500,
      currency: 'usd',
      attributes: { color },
      inventory: { type: 'infinite' },
    });
    const bookSku = ok<{ id: string }>('POST', '/v1/skus', {
      product: ebook.id,
      price: 999,
      currency: 'usd',
      attributes: { format: color },
      inventory: { type: 'infinite' },
    });
    label('sku.created', shirtSku.id, 'inventory item');
    label('sku.created', bookSku.id, 'non-inventory item');
    return [shirtSku.id, bookSku.id];
  });
  await stripe.deliverAll();

  /** A customer with a card, and a paid order of two SKU lines, shipping and tax. */
  const paidOrder = (i: number, chargeLate: boolean): { order: string; charge: string; customer: string } => {
    const customer = ok<{ id: string }>('POST', '/v1/customers', {
      name: `Buyer ${i}`,
      email: `b${i}@example.invalid`,
    });
    ok('POST', '/v1/payment_methods/pm_card_visa/attach', { customer: customer.id });
    const order = ok<{ id: string }>('POST', '/v1/orders', {
      currency: 'usd',
      customer: customer.id,
      items: [
        { type: 'sku', parent: skus[(2 * i) % skus.length], quantity: 2 },
        { type: 'sku', parent: skus[(2 * i + 1) % skus.length], quantity: 1 },
        { type: 'shipping', amount: 500, description: 'Standard shipping' },
        { type: 'tax', amount: 316, description: 'Sales tax' },
      ],
    });
    const charge = payOrder(pipeline, ok, order.id, chargeLate);
    return { order: order.id, charge, customer: customer.id };
  };
  const late = async (): Promise<void> => {
    await stripe.deliverAll();
    stripe.advanceClock(3600);
    ns.advance(3600 * 1000);
    await stripe.deliverAll();
  };

  // Billed at payment: two orders whose charge arrives after the order was booked, one charge first.
  const billed = [0, 1, 2].map((i) => paidOrder(i, i < 2));
  for (const [i, o] of billed.entries()) {
    label('order.payment_succeeded', o.order, 'bill at payment');
    label('charge.succeeded', o.charge, i < 2 ? 'order, after the order was booked' : 'order, booking it');
  }
  await late();
  // Left to fulfilment: two orders booked by order.payment_succeeded, one by its charge.
  saveSettings(pipeline, { custrecord_snc_set_order_billing: 'leave_to_fulfilment' });
  const unbilled = [3, 4, 5].map((i) => paidOrder(i, i < 5));
  for (const [i, o] of unbilled.entries()) {
    label('order.payment_succeeded', o.order, 'leave to fulfilment');
    label('charge.succeeded', o.charge, i < 2 ? 'order, after the order was booked' : 'order, booking it');
  }
  await late();

  const [first, second] = billed;
  const [third, fourth] = unbilled;
  if (!first || !second || !third || !fourth) throw new Error('orders missing');
  ok('POST', '/v1/refunds', { charge: first.charge });
  label('charge.refunded', first.charge, 'order, billed');
  ok('POST', '/v1/refunds', { charge: third.charge });
  label('charge.refunded', third.charge, 'order, not billed');
  ok('POST', `/v1/orders/${fourth.order}`, { status: 'canceled' });
  label('order.updated', fourth.order, 'canceled: sales order closed');
  for (const o of [second, third, fourth]) {
    ok('POST', `/v1/customers/${o.customer}`, {
      email: `new-${o.customer}@example.invalid`,
      phone: '+1 555 0100',
      address: { line1: '1 Main St', city: 'Springfield', postal_code: '12345', country: 'US' },
    });
    label('customer.updated', o.customer, 'Update Customers From Stripe on');
  }
  ok('POST', `/v1/products/${ebook.id}`, { name: 'E-book (2nd edition)', description: 'Revised' });
  label('product.updated', ebook.id, 'Update Items From Stripe on: 1 price, 3 SKUs');
  ok('POST', `/v1/products/${shirt.id}`, { name: 'Organic T-shirt' });
  label('product.updated', shirt.id, 'Update Items From Stripe on: 3 SKUs');
  await stripe.deliverAll();
}

import type Stripe from 'stripe';
import type { SandboxAccount } from '../core/account';
import { createdFilter, paginate } from '../core/list';
import { invalidParam, invalidState, missingParam } from '../core/errors';
import type { Params } from '../core/params';
import type { Route, RouteContext } from '../core/routes';
import { getCustomer, paymentDeclined } from './invoices';
import {
  findTyped,
  getProduct,
  mergeMetadata,
  readCurrency,
  readMetadata,
  readPackageDimensions,
  stored,
  type Stored,
} from './products';

// Orders, SKUs and recipients from the older SuiteSync event table. The current `stripe` types no longer
// describe them, so these are small local shapes modelled on the last API versions that had them.

export interface LegacySku {
  id: string;
  object: 'sku';
  active: boolean;
  attributes: Record<string, string>;
  created: number;
  currency: string;
  image: string | null;
  inventory: { quantity: number | null; type: 'finite' | 'bucket' | 'infinite'; value: string | null };
  livemode: boolean;
  metadata: Record<string, string>;
  package_dimensions: Stripe.Product.PackageDimensions | null;
  price: number;
  product: string;
  updated: number;
}

export interface LegacyOrderItem {
  object: 'order_item';
  amount: number;
  currency: string;
  description: string;
  parent: string | null;
  quantity: number | null;
  type: 'sku' | 'tax' | 'shipping' | 'discount';
}

export interface LegacyOrder {
  id: string;
  object: 'order';
  amount: number;
  amount_returned: number | null;
  application: string | null;
  application_fee: number | null;
  charge: string | null;
  created: number;
  currency: string;
  customer: string | null;
  email: string | null;
  items: LegacyOrderItem[];
  livemode: boolean;
  metadata: Record<string, string>;
  returns: { object: 'list'; data: never[]; has_more: false; url: string };
  selected_shipping_method: string | null;
  shipping: Record<string, unknown> | null;
  shipping_methods: null;
  status: 'created' | 'paid' | 'canceled' | 'fulfilled' | 'returned';
  status_transitions: {
    canceled: number | null;
    fulfiled: number | null;
    paid: number | null;
    returned: number | null;
  };
  updated: number;
  upstream_id: string | null;
}

export interface LegacyRecipient {
  id: string;
  object: 'recipient';
  active_account: null;
  cards: { object: 'list'; data: never[]; has_more: false; url: string };
  created: number;
  default_card: string | null;
  description: string | null;
  email: string | null;
  livemode: boolean;
  metadata: Record<string, string>;
  migrated_to: string | null;
  name: string | null;
  type: 'individual' | 'corporation';
}

function updated<T extends { id: string; object: string }>(
  account: SandboxAccount,
  current: Stored<T>,
  changes: Partial<Stored<T>>,
  eventType: string,
): Stored<T> {
  const { object, previous } = account.update<Stored<T>>(current.id, current.object, changes);
  delete (previous as Record<string, unknown>)['updated'];
  if (Object.keys(previous).length > 0) account.emit(eventType, object, previous as Record<string, unknown>);
  return object;
}

function listRoute<T extends { id: string; object: string; created: number }>(
  path: string,
  objectType: string,
  filter: (params: Params) => (item: Stored<T>) => boolean = () => () => true,
): Route {
  return {
    method: 'GET',
    path,
    handler: ({ account, params }) => {
      const keep = filter(params);
      const created = createdFilter(params);
      const list = paginate(
        account.list<Stored<T>>(objectType).filter((item) => keep(item) && created(item.created)),
        params,
        path,
      );
      params.done();
      return list;
    },
  };
}

function retrieveRoute(path: string, objectType: string): Route {
  return {
    method: 'GET',
    path,
    handler: ({ account, params, path: p }) => {
      params.done();
      return account.get<Stored<{ id: string; object: string }>>(p['id'] ?? '', objectType);
    },
  };
}

// SKUs ------------------------------------------------------------------------------------------------------

function readInventory(params: Params, required: boolean): LegacySku['inventory'] | undefined {
  const inventory = params.object('inventory');
  if (!inventory) {
    if (required) throw missingParam('inventory');
    return undefined;
  }
  const out = {
    type: inventory.enum('type', ['finite', 'bucket', 'infinite'] as const, { required: true }),
    quantity: inventory.int('quantity', { min: 0 }) ?? null,
    value: inventory.enum('value', ['in_stock', 'limited', 'out_of_stock'] as const) ?? null,
  };
  inventory.done();
  return out;
}

function readAttributes(params: Params): Record<string, string> | undefined {
  const attributes = params.metadata('attributes');
  return attributes === undefined ? undefined : mergeMetadata({}, attributes);
}

function createSku({ account, params }: RouteContext): Stored<LegacySku> {
  const product = getProduct(account, params.string('product', { required: true }));
  const now = account.now();
  const sku: LegacySku = {
    id: params.string('id') ?? account.ids.next('sku'),
    object: 'sku',
    active: params.bool('active') ?? true,
    attributes: readAttributes(params) ?? {},
    created: now,
    currency: readCurrency(params, 'currency', true),
    image: params.string('image') ?? null,
    inventory: readInventory(params, true) ?? { quantity: null, type: 'infinite', value: null },
    livemode: false,
    metadata: readMetadata(params),
    package_dimensions: readPackageDimensions(params),
    price: params.int('price', { required: true, min: 0 }),
    product: product.id,
    updated: now,
  };
  params.done();
  if (account.find(sku.id)) throw invalidParam('id', 'SKU already exists.', 'resource_already_exists');
  account.put(stored(sku));
  account.emit('sku.created', stored(sku));
  return stored(sku);
}

function updateSku({ account, params, path }: RouteContext): Stored<LegacySku> {
  const current = account.get<Stored<LegacySku>>(path['id'] ?? '', 'sku');
  const changes: Partial<Stored<LegacySku>> = { updated: account.now() };
  const active = params.bool('active');
  if (active !== undefined) changes.active = active;
  const attributes = readAttributes(params);
  if (attributes !== undefined) changes.attributes = attributes;
  const currency = readCurrency(params, 'currency');
  if (currency !== undefined) changes.currency = currency;
  const image = params.nullableString('image');
  if (image !== undefined) changes.image = image;
  const inventory = readInventory(params, false);
  if (inventory !== undefined) changes.inventory = inventory;
  if (params.has('metadata')) changes.metadata = mergeMetadata(current.metadata, params.metadata());
  if (params.has('package_dimensions')) changes.package_dimensions = readPackageDimensions(params);
  const price = params.int('price', { min: 0 });
  if (price !== undefined) changes.price = price;
  const product = params.string('product');
  if (product !== undefined) changes.product = getProduct(account, product).id;
  params.done();
  return updated<LegacySku>(account, current, changes, 'sku.updated');
}

// Orders ----------------------------------------------------------------------------------------------------

function createOrder({ account, params }: RouteContext): Stored<LegacyOrder> {
  const currency = readCurrency(params, 'currency', true);
  const customerParam = params.string('customer');
  const customer = customerParam ? getCustomer(account, customerParam) : null;
  const items: LegacyOrderItem[] = (params.objects('items') ?? []).map((entry, index) => {
    const type = entry.enum('type', ['sku', 'tax', 'shipping', 'discount'] as const) ?? 'sku';
    const parent = entry.string('parent') ?? null;
    const quantity = entry.int('quantity', { min: 1 }) ?? (type === 'sku' ? 1 : null);
    let amount = entry.int('amount');
    let description = entry.string('description');
    entry.ignore('currency');
    entry.done();
    if (type === 'sku') {
      if (!parent) throw missingParam(`items[${index}][parent]`);
      const sku = findTyped<LegacySku>(account, parent, 'sku');
      if (!sku) throw invalidParam(`items[${index}][parent]`, `No such sku: '${parent}'`, 'resource_missing');
      if (!sku.active) throw invalidState(`SKU ${parent} is inactive.`, 'sku_inactive');
      amount = amount ?? sku.price * (quantity ?? 1);
      description = description ?? findTyped<Stripe.Product>(account, sku.product, 'product')?.name ?? sku.id;
    }
    if (amount === undefined) throw missingParam(`items[${index}][amount]`);
    return { object: 'order_item', amount, currency, description: description ?? type, parent, quantity, type };
  });
  const now = account.now();
  const id = account.ids.next('or');
  const order: LegacyOrder = {
    id,
    object: 'order',
    amount: items.reduce((sum, item) => sum + item.amount, 0),
    amount_returned: null,
    application: null,
    application_fee: null,
    charge: null,
    created: now,
    currency,
    customer: customer?.id ?? null,
    email: params.string('email') ?? customer?.email ?? null,
    items,
    livemode: false,
    metadata: readMetadata(params),
    returns: { object: 'list', data: [], has_more: false, url: `/v1/order_returns?order=${id}` },
    selected_shipping_method: null,
    shipping: (params.raw['shipping'] as Record<string, unknown> | undefined) ?? null,
    shipping_methods: null,
    status: 'created',
    status_transitions: { canceled: null, fulfiled: null, paid: null, returned: null },
    updated: now,
    upstream_id: null,
  };
  params.ignore('shipping', 'coupon');
  params.done();
  account.put(stored(order));
  account.emit('order.created', stored(order));
  return stored(order);
}

function payOrder({ account, params, path }: RouteContext): Stored<LegacyOrder> {
  const order = account.get<Stored<LegacyOrder>>(path['id'] ?? '', 'order');
  if (order.status !== 'created') throw invalidState(`Order ${order.id} is ${order.status} and can't be paid.`);
  const customerParam = params.string('customer');
  const customer = customerParam ?? order.customer;
  const customerObject = customer ? getCustomer(account, customer) : null;
  const defaultPm = customerObject?.invoice_settings?.default_payment_method ?? customerObject?.default_source ?? null;
  const source =
    params.string('source') ??
    params.string('payment_method') ??
    (defaultPm === null ? null : typeof defaultPm === 'string' ? defaultPm : defaultPm.id);
  if (!source) throw missingParam('source');
  const email = params.string('email');
  const metadata = params.metadata();
  params.ignore('application_fee');
  params.done();
  const outcome = account.service('pay')({
    amount: order.amount,
    currency: order.currency,
    customer,
    paymentMethod: source,
    description: `Payment for order ${order.id}`,
    metadata: { order_id: order.id },
    invoice: null,
    captureMethod: 'automatic',
  });
  if (outcome.declined || !outcome.charge) {
    account.emit('order.payment_failed', order);
    throw paymentDeclined(outcome);
  }
  const now = account.now();
  const changes: Partial<Stored<LegacyOrder>> = {
    charge: outcome.charge.id,
    customer,
    status: 'paid',
    status_transitions: { ...order.status_transitions, paid: now },
    updated: now,
    ...(email !== undefined ? { email } : {}),
    ...(metadata !== undefined ? { metadata: mergeMetadata(order.metadata, metadata) } : {}),
  };
  const { object } = account.update<Stored<LegacyOrder>>(order.id, 'order', changes);
  account.emit('order.payment_succeeded', object);
  return object;
}

function updateOrder({ account, params, path }: RouteContext): Stored<LegacyOrder> {
  const current = account.get<Stored<LegacyOrder>>(path['id'] ?? '', 'order');
  const now = account.now();
  const changes: Partial<Stored<LegacyOrder>> = { updated: now };
  const status = params.enum('status', ['created', 'paid', 'canceled', 'fulfilled', 'returned'] as const);
  if (status !== undefined && status !== current.status) {
    changes.status = status;
    const key = status === 'fulfilled' ? 'fulfiled' : status;
    if (key !== 'created') changes.status_transitions = { ...current.status_transitions, [key]: now };
  }
  if (params.has('metadata')) changes.metadata = mergeMetadata(current.metadata, params.metadata());
  const selected = params.string('selected_shipping_method');
  if (selected !== undefined) changes.selected_shipping_method = selected;
  if (params.has('shipping')) changes.shipping = (params.raw['shipping'] as Record<string, unknown>) ?? null;
  params.ignore('shipping', 'coupon');
  params.done();
  return updated<LegacyOrder>(account, current, changes, 'order.updated');
}

// Recipients ------------------------------------------------------------------------------------------------

function createRecipient({ account, params }: RouteContext): Stored<LegacyRecipient> {
  const id = account.ids.next('rp');
  const recipient: LegacyRecipient = {
    id,
    object: 'recipient',
    active_account: null,
    cards: { object: 'list', data: [], has_more: false, url: `/v1/recipients/${id}/cards` },
    created: account.now(),
    default_card: null,
    description: params.string('description') ?? null,
    email: params.string('email') ?? null,
    livemode: false,
    metadata: readMetadata(params),
    migrated_to: null,
    name: params.string('name', { required: true }),
    type: params.enum('type', ['individual', 'corporation'] as const, { required: true }),
  };
  params.ignore('tax_id', 'bank_account', 'card');
  params.done();
  account.put(stored(recipient));
  account.emit('recipient.created', stored(recipient));
  return stored(recipient);
}

function updateRecipient({ account, params, path }: RouteContext): Stored<LegacyRecipient> {
  const current = account.get<Stored<LegacyRecipient>>(path['id'] ?? '', 'recipient');
  const changes: Partial<Stored<LegacyRecipient>> = {};
  const name = params.string('name');
  if (name !== undefined) changes.name = name;
  const email = params.nullableString('email');
  if (email !== undefined) changes.email = email;
  const description = params.nullableString('description');
  if (description !== undefined) changes.description = description;
  if (params.has('metadata')) changes.metadata = mergeMetadata(current.metadata, params.metadata());
  params.ignore('tax_id', 'bank_account', 'card', 'default_card');
  params.done();
  return updated<LegacyRecipient>(account, current, changes, 'recipient.updated');
}

function deleteRoute(path: string, objectType: string, eventType: string): Route {
  return {
    method: 'DELETE',
    path,
    handler: ({ account, params, path: p }) => {
      params.done();
      const object = account.get<Stored<{ id: string; object: string }>>(p['id'] ?? '', objectType);
      account.delete(object.id);
      account.emit(eventType, object);
      return { id: object.id, object: objectType, deleted: true };
    },
  };
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/skus', handler: createSku },
  retrieveRoute('/v1/skus/:id', 'sku'),
  { method: 'POST', path: '/v1/skus/:id', handler: updateSku },
  deleteRoute('/v1/skus/:id', 'sku', 'sku.deleted'),
  listRoute<LegacySku>('/v1/skus', 'sku', (params) => {
    const product = params.string('product');
    const active = params.bool('active');
    return (sku) =>
      (product === undefined || sku.product === product) && (active === undefined || sku.active === active);
  }),
  { method: 'POST', path: '/v1/orders', handler: createOrder },
  retrieveRoute('/v1/orders/:id', 'order'),
  { method: 'POST', path: '/v1/orders/:id', handler: updateOrder },
  { method: 'POST', path: '/v1/orders/:id/pay', handler: payOrder },
  listRoute<LegacyOrder>('/v1/orders', 'order', (params) => {
    const customer = params.string('customer');
    const status = params.string('status');
    return (order) =>
      (customer === undefined || order.customer === customer) && (status === undefined || order.status === status);
  }),
  { method: 'POST', path: '/v1/recipients', handler: createRecipient },
  retrieveRoute('/v1/recipients/:id', 'recipient'),
  { method: 'POST', path: '/v1/recipients/:id', handler: updateRecipient },
  deleteRoute('/v1/recipients/:id', 'recipient', 'recipient.deleted'),
  listRoute<LegacyRecipient>('/v1/recipients', 'recipient'),
];

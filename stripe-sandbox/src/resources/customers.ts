import type Stripe from 'stripe';
import type { SandboxAccount, StripeObject } from '../core/account';
import { invalidParam } from '../core/errors';
import { createdFilter, paginate } from '../core/list';
import type { Params } from '../core/params';
import type { Route, RouteContext } from '../core/routes';
import {
  asStored,
  change,
  createMetadata,
  emitEvent,
  load,
  mergeMetadata,
  readAddress,
  readShipping,
  store,
} from './shared';
import { attachPaymentMethod } from './paymentMethods';

/** Customers deleted in this sandbox: retrieving one answers `{ deleted: true }`, as Stripe does. */
const deletedIds = new WeakMap<SandboxAccount, Set<string>>();

function deleted(account: SandboxAccount): Set<string> {
  let set = deletedIds.get(account);
  if (!set) {
    set = new Set();
    deletedIds.set(account, set);
  }
  return set;
}

export function getCustomer(account: SandboxAccount, id: string, param = 'customer'): Stripe.Customer {
  try {
    return load<Stripe.Customer>(account, id, 'customer');
  } catch {
    throw invalidParam(param, `No such customer: '${id}'`, 'resource_missing');
  }
}

function invoicePrefix(account: SandboxAccount): string {
  return account.ids
    .next('x', 8)
    .slice(2)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, 'X');
}

/** `invoice_settings[default_payment_method]` must be a PaymentMethod attached to this customer. */
function checkDefaultPaymentMethod(account: SandboxAccount, customer: string, pm: string | null): void {
  if (pm === null) return;
  const found = account.find<StripeObject>(pm);
  if (!found || found.object !== 'payment_method')
    throw invalidParam(
      'invoice_settings[default_payment_method]',
      `No such PaymentMethod: '${pm}'`,
      'resource_missing',
    );
  if (found['customer'] !== customer)
    throw invalidParam(
      'invoice_settings[default_payment_method]',
      `The customer does not have a payment method with the ID ${pm}. The payment method must be attached to the customer.`,
    );
}

function readInvoiceSettings(
  params: Params,
  current: Stripe.Customer.InvoiceSettings,
): Stripe.Customer.InvoiceSettings | undefined {
  const p = params.object('invoice_settings');
  if (!p) return undefined;
  const next: Stripe.Customer.InvoiceSettings = { ...current };
  const pm = p.nullableString('default_payment_method');
  if (pm !== undefined) next.default_payment_method = pm;
  const footer = p.nullableString('footer');
  if (footer !== undefined) next.footer = footer;
  if (p.raw['custom_fields'] === '') {
    p.ignore('custom_fields');
    next.custom_fields = null;
  } else {
    const fields = p.objects('custom_fields');
    if (fields)
      next.custom_fields = fields.map((f) => {
        const field = { name: f.string('name', { required: true }), value: f.string('value', { required: true }) };
        f.done();
        return field;
      });
  }
  const rendering = p.object('rendering_options');
  if (rendering) {
    next.rendering_options = {
      amount_tax_display: rendering.nullableString('amount_tax_display') ?? null,
      template: rendering.nullableString('template') ?? null,
    };
    rendering.done();
  }
  p.done();
  return next;
}

const TAX_EXEMPT = ['exempt', 'none', 'reverse'] as const;

function create({ account, params }: RouteContext) {
  const id = account.ids.next('cus', 14);
  const customer: Stripe.Customer = {
    id,
    object: 'customer',
    address: readAddress(params) ?? null,
    balance: params.int('balance') ?? 0,
    created: account.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: params.string('description') ?? null,
    discount: null,
    email: params.string('email') ?? null,
    invoice_prefix: params.string('invoice_prefix') ?? invoicePrefix(account),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: createMetadata(params),
    name: params.string('name') ?? null,
    next_invoice_sequence: params.int('next_invoice_sequence', { min: 1 }) ?? 1,
    phone: params.string('phone') ?? null,
    preferred_locales: params.strings('preferred_locales') ?? [],
    shipping: readShipping(params) ?? null,
    tax_exempt: params.enum('tax_exempt', TAX_EXEMPT) ?? 'none',
    test_clock: null,
  };
  const paymentMethod = params.string('payment_method');
  const settings = readInvoiceSettings(params, customer.invoice_settings);
  // `coupon` and `promotion_code` are refused (unknown) since 2025-03-31.basil: see readDiscounts (coupons.ts).
  params.ignore('tax', 'tax_id_data', 'test_clock', 'validate', 'cash_balance', 'source');
  params.done();
  store(account, customer);
  const attached = paymentMethod ? attachPaymentMethod(account, paymentMethod, id) : null;
  if (settings) {
    // A test token named in both places means the PaymentMethod this request just attached.
    if (attached && settings.default_payment_method === paymentMethod) settings.default_payment_method = attached.id;
    checkDefaultPaymentMethod(
      account,
      id,
      typeof settings.default_payment_method === 'string' ? settings.default_payment_method : null,
    );
    store(account, { ...customer, invoice_settings: settings });
  }
  const result = load<Stripe.Customer>(account, id, 'customer');
  emitEvent(account, 'customer.created', result);
  return asStored(result);
}

function retrieve({ account, params, path }: RouteContext) {
  params.done();
  const id = path['id'] ?? '';
  if (deleted(account).has(id)) return { id, object: 'customer', deleted: true };
  return asStored(load<Stripe.Customer>(account, id, 'customer'));
}

function update({ account, params, path }: RouteContext) {
  const id = path['id'] ?? '';
  const current = load<Stripe.Customer>(account, id, 'customer');
  const changes: Partial<Stripe.Customer> = {};
  const address = readAddress(params);
  if (address !== undefined) changes.address = address;
  const balance = params.int('balance');
  if (balance !== undefined) changes.balance = balance;
  for (const key of ['description', 'email', 'name', 'phone', 'invoice_prefix'] as const) {
    const value = params.nullableString(key);
    if (value !== undefined) changes[key] = value;
  }
  const metadata = mergeMetadata(current.metadata, params);
  if (metadata !== undefined) changes.metadata = metadata;
  const sequence = params.int('next_invoice_sequence', { min: 1 });
  if (sequence !== undefined) changes.next_invoice_sequence = sequence;
  const locales = params.strings('preferred_locales');
  if (locales !== undefined) changes.preferred_locales = locales;
  const shipping = readShipping(params);
  if (shipping !== undefined) changes.shipping = shipping;
  const taxExempt = params.enum('tax_exempt', TAX_EXEMPT);
  if (taxExempt !== undefined) changes.tax_exempt = taxExempt;
  const settings = readInvoiceSettings(params, current.invoice_settings);
  if (settings !== undefined) {
    checkDefaultPaymentMethod(
      account,
      id,
      typeof settings.default_payment_method === 'string' ? settings.default_payment_method : null,
    );
    changes.invoice_settings = settings;
  }
  params.ignore('tax', 'default_source', 'source', 'validate', 'cash_balance');
  params.done();
  const { object, previous } = change<Stripe.Customer>(account, id, 'customer', changes);
  if (Object.keys(previous).length > 0) emitEvent(account, 'customer.updated', object, previous);
  return asStored(object);
}

function remove({ account, params, path }: RouteContext) {
  params.done();
  const id = path['id'] ?? '';
  const customer = load<Stripe.Customer>(account, id, 'customer');
  account.delete(id);
  deleted(account).add(id);
  emitEvent(account, 'customer.deleted', customer);
  const result: Stripe.DeletedCustomer = { id, object: 'customer', deleted: true };
  return asStored(result);
}

function list({ account, params }: RouteContext) {
  const email = params.string('email');
  const created = createdFilter(params);
  params.ignore('test_clock');
  const items = account
    .list<StripeObject>('customer')
    .filter((c) => (email === undefined || c['email'] === email) && created(c['created'] as number));
  const page = paginate(items, params, '/v1/customers');
  params.done();
  return page;
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/customers', handler: create },
  { method: 'GET', path: '/v1/customers', handler: list },
  { method: 'GET', path: '/v1/customers/:id', handler: retrieve },
  { method: 'POST', path: '/v1/customers/:id', handler: update },
  { method: 'DELETE', path: '/v1/customers/:id', handler: remove },
];

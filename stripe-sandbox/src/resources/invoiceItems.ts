import type Stripe from 'stripe';
import type { SandboxAccount } from '../core/account';
import { createdFilter, paginate } from '../core/list';
import { invalidParam, invalidState, missingParam } from '../core/errors';
import type { Params } from '../core/params';
import type { Route, RouteContext } from '../core/routes';
import { readDiscounts } from './coupons';
import { getDraftInvoice, getCustomer, recomputeInvoice } from './invoices';
import { createInlinePrice, getPrice, priceAmount, productId } from './prices';
import {
  decimal,
  findTyped,
  getProduct,
  mergeMetadata,
  readCurrency,
  readMetadata,
  roundAmount,
  stored,
  type Stored,
} from './products';
import { readTaxRates } from './taxRates';

export interface InvoiceItemSpec {
  id?: string;
  customer: string;
  currency: string;
  amount: number;
  quantity: number;
  unitAmountDecimal: number;
  description: string | null;
  price: Stripe.Price | null;
  period: { start: number; end: number };
  discountable: boolean;
  discounts: string[];
  taxRates: Stripe.TaxRate[];
  metadata: Record<string, string>;
  invoice: string | null;
  subscription: { id: string; item: string | null } | null;
  proration: boolean;
}

function pricing(price: Stripe.Price | null, unitAmountDecimal: number): Stripe.InvoiceItem.Pricing {
  const out: Stripe.InvoiceItem.Pricing = { type: 'price_details', unit_amount_decimal: decimal(unitAmountDecimal) };
  if (price) out.price_details = { price: price.id, product: productId(price) };
  return out;
}

/** Stores a new invoice item (no event). Used by the endpoint, subscriptions (prorations) and invoices. */
export function buildInvoiceItem(account: SandboxAccount, spec: InvoiceItemSpec): Stripe.InvoiceItem {
  const item: Stripe.InvoiceItem = {
    id: spec.id ?? account.ids.next('ii'),
    object: 'invoiceitem',
    amount: spec.amount,
    currency: spec.currency,
    customer: spec.customer,
    customer_account: null,
    date: account.now(),
    description: spec.description,
    discountable: spec.discountable,
    discounts: spec.discounts,
    invoice: spec.invoice,
    livemode: false,
    metadata: spec.metadata,
    net_amount: spec.amount,
    parent: spec.subscription
      ? {
          type: 'subscription_details',
          subscription_details: {
            subscription: spec.subscription.id,
            ...(spec.subscription.item ? { subscription_item: spec.subscription.item } : {}),
          },
        }
      : null,
    period: spec.period,
    pricing: pricing(spec.price, spec.unitAmountDecimal),
    proration: spec.proration,
    proration_details: { credited_items: null, discount_amounts: [] },
    quantity: spec.quantity,
    quantity_decimal: decimal(spec.quantity),
    tax_rates: spec.taxRates,
    test_clock: null,
  };
  account.put(stored(item));
  return item;
}

interface AmountInput {
  amount: number;
  quantity: number;
  unitAmountDecimal: number;
  price: Stripe.Price | null;
  currency: string | undefined;
}

/** Reads the money parameters shared by create and update: amount, pricing[price], price_data, quantity. */
function readAmount(account: SandboxAccount, params: Params, current: Stripe.InvoiceItem | null): AmountInput | null {
  const amount = params.int('amount');
  const pricingParams = params.object('pricing');
  const priceId = pricingParams?.string('price');
  pricingParams?.done();
  const priceData = params.object('price_data');
  const unitDecimal = params.decimal('unit_amount_decimal');
  const quantityParam = params.int('quantity', { min: 0 });
  const quantityDecimal = params.decimal('quantity_decimal');
  const quantity = quantityParam ?? quantityDecimal ?? current?.quantity ?? 1;
  const given = [amount !== undefined, priceId !== undefined, priceData !== undefined, unitDecimal !== undefined];
  if (given.filter(Boolean).length > 1)
    throw invalidParam(
      'amount',
      'You may only specify one of these parameters: amount, pricing, price_data, unit_amount_decimal.',
    );
  let price: Stripe.Price | null = null;
  if (priceId !== undefined) price = getPrice(account, priceId, 'pricing[price]');
  if (priceData) price = createInlinePrice(account, priceData, 'price_data[product]');
  if (price) {
    if (price.type === 'recurring')
      throw invalidParam(
        priceId !== undefined ? 'pricing[price]' : 'price_data',
        'The price specified is set to `type=recurring` but this field only accepts prices with `type=one_time`.',
      );
    const total = priceAmount(price, quantity);
    return {
      amount: total,
      quantity,
      unitAmountDecimal: quantity ? total / quantity : 0,
      price,
      currency: price.currency,
    };
  }
  if (amount !== undefined)
    return {
      amount,
      quantity,
      unitAmountDecimal: quantity ? amount / quantity : amount,
      price: null,
      currency: undefined,
    };
  if (unitDecimal !== undefined)
    return {
      amount: roundAmount(unitDecimal * quantity),
      quantity,
      unitAmountDecimal: unitDecimal,
      price: null,
      currency: undefined,
    };
  if (current && (quantityParam !== undefined || quantityDecimal !== undefined)) {
    const unit = Number(String(current.pricing?.unit_amount_decimal ?? current.amount));
    const existingPrice = current.pricing?.price_details?.price;
    const again = existingPrice
      ? getPrice(account, typeof existingPrice === 'string' ? existingPrice : existingPrice.id)
      : null;
    const total = again ? priceAmount(again, quantity) : roundAmount(unit * quantity);
    return { amount: total, quantity, unitAmountDecimal: unit, price: again, currency: current.currency };
  }
  return null;
}

function readPeriod(params: Params): { start: number; end: number } | undefined {
  const period = params.object('period');
  if (!period) return undefined;
  const out = { start: period.int('start', { required: true }), end: period.int('end', { required: true }) };
  period.done();
  if (out.end < out.start) throw invalidParam('period[end]', 'The period end must be after the period start.');
  return out;
}

function create({ account, params }: RouteContext): Stored<Stripe.InvoiceItem> {
  const customerId = params.string('customer', { required: true });
  const customer = getCustomer(account, customerId);
  const invoiceId = params.string('invoice');
  const invoice = invoiceId ? getDraftInvoice(account, invoiceId, 'invoice') : null;
  if (invoice && invoice.customer !== customer.id)
    throw invalidParam('invoice', `The invoice ${invoice.id} belongs to a different customer.`);
  const subscriptionId = params.string('subscription');
  if (subscriptionId) {
    const subscription = findTyped<Stripe.Subscription>(account, subscriptionId, 'subscription');
    if (!subscription)
      throw invalidParam('subscription', `No such subscription: '${subscriptionId}'`, 'resource_missing');
    if (subscription.customer !== customer.id)
      throw invalidParam('subscription', `The subscription ${subscriptionId} belongs to a different customer.`);
  }
  const money = readAmount(account, params, null);
  if (!money) throw missingParam('amount');
  const currencyParam = readCurrency(params, 'currency');
  if (money.currency && currencyParam && currencyParam !== money.currency)
    throw invalidParam(
      'currency',
      `The currency ${currencyParam} does not match the price's currency ${money.currency}.`,
    );
  const currency =
    money.currency ?? currencyParam ?? invoice?.currency ?? customer.currency ?? account.settings.defaultCurrency;
  if (invoice && invoice.currency !== currency)
    throw invalidParam('currency', `The invoice ${invoice.id} is in ${invoice.currency}, not ${currency}.`);
  const id = account.ids.next('ii');
  const discounts =
    readDiscounts(account, params, { customer: customer.id, invoiceItem: id, invoice: invoice?.id ?? null }) ?? [];
  const now = account.now();
  const productName = money.price ? getProduct(account, productId(money.price)).name : null;
  const spec: InvoiceItemSpec = {
    id,
    customer: customer.id,
    currency,
    amount: money.amount,
    quantity: money.quantity,
    unitAmountDecimal: money.unitAmountDecimal,
    description: params.string('description') ?? productName,
    price: money.price,
    period: readPeriod(params) ?? { start: now, end: now },
    discountable: params.bool('discountable') ?? money.amount >= 0,
    discounts,
    taxRates: readTaxRates(account, params) ?? [],
    metadata: readMetadata(params),
    invoice: invoice?.id ?? null,
    subscription: subscriptionId ? { id: subscriptionId, item: null } : null,
    proration: false,
  };
  params.ignore('tax_behavior', 'tax_code', 'customer_account');
  params.done();
  const item = buildInvoiceItem(account, spec);
  account.emit('invoiceitem.created', stored(item));
  if (invoice) recomputeInvoice(account, invoice.id);
  return stored(item);
}

function editableItem(account: SandboxAccount, id: string): Stored<Stripe.InvoiceItem> {
  const item = account.get<Stored<Stripe.InvoiceItem>>(id, 'invoiceitem');
  if (item.invoice) {
    const invoiceId = typeof item.invoice === 'string' ? item.invoice : item.invoice.id;
    const invoice = findTyped<Stripe.Invoice>(account, invoiceId, 'invoice');
    if (invoice && invoice.status !== 'draft')
      throw invalidState(
        `You can only update invoice items that are attached to a draft invoice or are pending. Invoice ${invoiceId} is ${invoice.status ?? 'finalized'}.`,
        'invoice_not_editable',
      );
  }
  return item;
}

function invoiceOf(item: Stripe.InvoiceItem): string | null {
  return item.invoice ? (typeof item.invoice === 'string' ? item.invoice : item.invoice.id) : null;
}

function update({ account, params, path }: RouteContext): Stored<Stripe.InvoiceItem> {
  const current = editableItem(account, path['id'] ?? '');
  const changes: Partial<Stored<Stripe.InvoiceItem>> = {};
  const money = readAmount(account, params, current);
  if (money) {
    if (money.currency && money.currency !== current.currency)
      throw invalidParam(
        'pricing[price]',
        `The price's currency ${money.currency} does not match ${current.currency}.`,
      );
    changes.amount = money.amount;
    changes.net_amount = money.amount;
    changes.quantity = money.quantity;
    changes.quantity_decimal = decimal(money.quantity);
    changes.pricing = pricing(money.price, money.unitAmountDecimal);
  }
  const description = params.nullableString('description');
  if (description !== undefined) changes.description = description;
  const discountable = params.bool('discountable');
  if (discountable !== undefined) changes.discountable = discountable;
  const customer = typeof current.customer === 'string' ? current.customer : current.customer.id;
  const discounts = readDiscounts(account, params, { customer, invoiceItem: current.id, invoice: invoiceOf(current) });
  if (discounts !== undefined) changes.discounts = discounts;
  if (params.has('metadata')) changes.metadata = mergeMetadata(current.metadata, params.metadata());
  const period = readPeriod(params);
  if (period) changes.period = period;
  const taxRates = readTaxRates(account, params);
  if (taxRates !== undefined) changes.tax_rates = taxRates;
  params.ignore('tax_behavior', 'tax_code', 'invoicing_rules');
  params.done();
  const { object, previous } = account.update<Stored<Stripe.InvoiceItem>>(current.id, 'invoiceitem', changes);
  if (Object.keys(previous).length > 0) account.emit('invoiceitem.updated', object, previous);
  const invoiceId = invoiceOf(object);
  if (invoiceId) recomputeInvoice(account, invoiceId);
  return object;
}

function remove({ account, params, path }: RouteContext): Stored<Stripe.InvoiceItem> {
  params.done();
  const item = editableItem(account, path['id'] ?? '');
  account.delete(item.id);
  account.emit('invoiceitem.deleted', item);
  const invoiceId = invoiceOf(item);
  if (invoiceId) recomputeInvoice(account, invoiceId);
  return { id: item.id, object: 'invoiceitem', deleted: true } as unknown as Stored<Stripe.InvoiceItem>;
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/invoiceitems', handler: create },
  {
    method: 'GET',
    path: '/v1/invoiceitems/:id',
    handler: ({ account, params, path }) => {
      params.done();
      return account.get<Stored<Stripe.InvoiceItem>>(path['id'] ?? '', 'invoiceitem', 'invoiceitem');
    },
  },
  { method: 'POST', path: '/v1/invoiceitems/:id', handler: update },
  { method: 'DELETE', path: '/v1/invoiceitems/:id', handler: remove },
  {
    method: 'GET',
    path: '/v1/invoiceitems',
    handler: ({ account, params }) => {
      const customer = params.string('customer');
      const invoice = params.string('invoice');
      const pending = params.bool('pending');
      params.ignore('customer_account');
      const created = createdFilter(params);
      const items = account
        .list<Stored<Stripe.InvoiceItem>>('invoiceitem')
        .filter(
          (item) =>
            (customer === undefined || item.customer === customer) &&
            (invoice === undefined || item.invoice === invoice) &&
            (pending === undefined || (item.invoice === null) === pending) &&
            created(item.date),
        );
      const list = paginate(items, params, '/v1/invoiceitems');
      params.done();
      return list;
    },
  },
];

import type Stripe from 'stripe';
import type { SandboxAccount } from '../core/account';
import { createdFilter, paginate } from '../core/list';
import { invalidParam, invalidState } from '../core/errors';
import type { Params } from '../core/params';
import type { Route } from '../core/routes';
import { currencyExponent } from './fees';
import { createPrice } from './prices';

// Helpers shared by the billing modules (products is the root of their import graph).

/** A Stripe type as the account stores it (SDK interfaces have no index signature). */
export type Stored<T> = T & { [key: string]: unknown };

export function stored<T extends { id: string; object: string }>(value: T): Stored<T> {
  return value as Stored<T>;
}

/** Reads an object by ID and type, or undefined. */
export function findTyped<T extends { id: string; object: string }>(
  account: SandboxAccount,
  id: string,
  objectType: string,
): Stored<T> | undefined {
  const found = account.find<Stored<T>>(id);
  return found && found.object === objectType ? found : undefined;
}

/** `metadata[...]` on create: empty values are dropped. */
export function readMetadata(params: Params, key = 'metadata'): Record<string, string> {
  return mergeMetadata({}, params.metadata(key));
}

/** Stripe's metadata update: keys merge, an empty value deletes a key, `metadata=''` clears all. */
export function mergeMetadata(
  current: Record<string, string> | null | undefined,
  update: Record<string, string | null> | undefined,
): Record<string, string> {
  if (update === undefined) return { ...(current ?? {}) };
  if (Object.keys(update).length === 0) return {};
  const merged = Object.entries({ ...(current ?? {}), ...update });
  return Object.fromEntries(merged.filter((entry): entry is [string, string] => entry[1] !== null));
}

/** Decimal fields travel as strings on the wire; the SDK types them as a branded class. */
export function decimal(value: number | string): Stripe.Decimal {
  return String(value) as unknown as Stripe.Decimal;
}

export function decimalValue(value: Stripe.Decimal | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const number = Number(String(value));
  return Number.isFinite(number) ? number : null;
}

export function readCurrency(params: Params, key: string, required: true): string;
export function readCurrency(params: Params, key: string, required?: false): string | undefined;
export function readCurrency(params: Params, key: string, required = false): string | undefined {
  const value = required ? params.string(key, { required: true }) : params.string(key);
  if (value === undefined) return undefined;
  const currency = value.toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalidParam(key, `Invalid currency: ${value}`);
  return currency;
}

const SYMBOLS: Record<string, string> = { usd: '$', eur: '€', gbp: '£', jpy: '¥', cad: 'CA$', aud: 'A$' };

/** `$15.00`, `¥1,500`: as line descriptions show unit prices. */
export function formatAmount(amount: number, currency: string): string {
  const digits = currencyExponent(currency);
  const major = (amount / 10 ** digits).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `${SYMBOLS[currency] ?? `${currency.toUpperCase()} `}${major}`;
}

/** Rounds half away from zero (the rounding used for every computed amount in the sandbox). */
export function roundAmount(value: number): number {
  const rounded = Math.round(Math.abs(value) + 1e-9);
  return value < 0 ? -rounded : rounded;
}

export function readPackageDimensions(
  params: Params,
  key = 'package_dimensions',
): Stripe.Product.PackageDimensions | null {
  const dims = params.object(key);
  if (!dims) return null;
  const read = (name: string): number => {
    const value = dims.decimal(name);
    if (value === undefined) throw invalidParam(`${key}[${name}]`, `Missing required param: ${key}[${name}].`);
    return value;
  };
  const out = { height: read('height'), length: read('length'), weight: read('weight'), width: read('width') };
  dims.done();
  return out;
}

function readTaxDetails(params: Params): Stripe.Product.TaxDetails | null {
  const details = params.object('tax_details');
  if (!details) return null;
  const out = {
    performance_location: details.string('performance_location') ?? null,
    tax_code: details.nullableString('tax_code') ?? null,
  };
  details.done();
  return out;
}

function readFeatures(params: Params): Stripe.Product.MarketingFeature[] | undefined {
  const features = params.objects('marketing_features');
  if (!features) return undefined;
  return features.map((feature) => {
    const name = feature.string('name', { required: true });
    feature.done();
    return { name };
  });
}

/** Creates and stores a product (without emitting): also used for `product_data` and plans' `product` hash. */
export function buildProduct(
  account: SandboxAccount,
  params: Params,
  options: { idParam?: boolean } = {},
): Stripe.Product {
  const now = account.now();
  const id = (options.idParam === false ? undefined : params.string('id')) ?? account.ids.next('prod', 14);
  if (account.find(id)) throw invalidParam('id', `Product already exists.`, 'resource_already_exists');
  const product: Stripe.Product = {
    id,
    object: 'product',
    active: params.bool('active') ?? true,
    created: now,
    default_price: null,
    description: params.string('description') ?? null,
    images: params.strings('images') ?? [],
    livemode: false,
    marketing_features: readFeatures(params) ?? [],
    metadata: readMetadata(params),
    name: params.string('name', { required: true }),
    package_dimensions: readPackageDimensions(params),
    shippable: params.bool('shippable') ?? null,
    statement_descriptor: params.string('statement_descriptor') ?? null,
    tax_code: params.string('tax_code') ?? null,
    tax_details: readTaxDetails(params),
    type: params.enum('type', ['good', 'service'] as const) ?? 'service',
    unit_label: params.string('unit_label') ?? null,
    updated: now,
    url: params.string('url') ?? null,
  };
  account.put(stored(product));
  return product;
}

export function getProduct(account: SandboxAccount, id: string, param = 'product'): Stripe.Product {
  const found = findTyped<Stripe.Product>(account, id, 'product');
  if (!found) {
    throw invalidParam(param, `No such product: '${id}'`, 'resource_missing');
  }
  return found;
}

type StoredProduct = Stored<Stripe.Product>;

function create({ account, params }: Parameters<Route['handler']>[0]): StoredProduct {
  const product = buildProduct(account, params);
  const priceData = params.object('default_price_data');
  params.done();
  account.emit('product.created', stored(product));
  if (priceData) {
    const price = createPrice(account, priceData, { product: product.id });
    priceData.done();
    const { object } = account.update<StoredProduct>(product.id, 'product', { default_price: price.id });
    return object;
  }
  return stored(product);
}

function update({ account, params, path }: Parameters<Route['handler']>[0]): StoredProduct {
  const current = account.get<StoredProduct>(path['id'] ?? '', 'product');
  const changes: Partial<StoredProduct> = {};
  const active = params.bool('active');
  if (active !== undefined) changes.active = active;
  const defaultPrice = params.nullableString('default_price');
  if (defaultPrice !== undefined) {
    if (defaultPrice !== null) {
      const price = findTyped<Stripe.Price>(account, defaultPrice, 'price');
      if (!price || price.product !== current.id)
        throw invalidParam('default_price', `No such price: '${defaultPrice}'`, 'resource_missing');
    }
    changes.default_price = defaultPrice;
  }
  const description = params.nullableString('description');
  if (description !== undefined) changes.description = description;
  const images = params.strings('images');
  if (images !== undefined) changes.images = images;
  const features = readFeatures(params);
  if (features !== undefined) changes.marketing_features = features;
  if (params.has('metadata')) changes.metadata = mergeMetadata(current.metadata, params.metadata());
  const name = params.string('name');
  if (name !== undefined) changes.name = name;
  if (params.has('package_dimensions')) changes.package_dimensions = readPackageDimensions(params);
  const shippable = params.bool('shippable');
  if (shippable !== undefined) changes.shippable = shippable;
  const descriptor = params.nullableString('statement_descriptor');
  if (descriptor !== undefined) changes.statement_descriptor = descriptor;
  const taxCode = params.nullableString('tax_code');
  if (taxCode !== undefined) changes.tax_code = taxCode;
  if (params.has('tax_details')) changes.tax_details = readTaxDetails(params);
  const unitLabel = params.nullableString('unit_label');
  if (unitLabel !== undefined) changes.unit_label = unitLabel;
  const url = params.nullableString('url');
  if (url !== undefined) changes.url = url;
  params.done();
  changes.updated = account.now();
  const { object, previous } = account.update<StoredProduct>(current.id, 'product', changes);
  delete previous.updated;
  if (Object.keys(previous).length > 0) account.emit('product.updated', object, previous);
  return object;
}

function remove({ account, params, path }: Parameters<Route['handler']>[0]): StoredProduct {
  params.done();
  const product = account.get<StoredProduct>(path['id'] ?? '', 'product');
  const hasPrices = account.list<Stored<Stripe.Price>>('price').some((p) => p.product === product.id);
  if (hasPrices) throw invalidState('This product cannot be deleted because it has one or more user-created prices.');
  account.delete(product.id);
  account.emit('product.deleted', product);
  return { id: product.id, object: 'product', deleted: true } as unknown as StoredProduct;
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/products', handler: create },
  {
    method: 'GET',
    path: '/v1/products/:id',
    handler: ({ account, params, path }) => {
      params.done();
      return account.get<StoredProduct>(path['id'] ?? '', 'product');
    },
  },
  { method: 'POST', path: '/v1/products/:id', handler: update },
  { method: 'DELETE', path: '/v1/products/:id', handler: remove },
  {
    method: 'GET',
    path: '/v1/products',
    handler: ({ account, params }) => {
      const active = params.bool('active');
      const ids = params.strings('ids');
      const shippable = params.bool('shippable');
      const url = params.string('url');
      const created = createdFilter(params);
      const items = account
        .list<StoredProduct>('product')
        .filter(
          (p) =>
            (active === undefined || p.active === active) &&
            (!ids || ids.includes(p.id)) &&
            (shippable === undefined || p.shippable === shippable) &&
            (url === undefined || p.url === url) &&
            created(p.created),
        );
      const list = paginate(items, params, '/v1/products');
      params.done();
      return list;
    },
  },
];

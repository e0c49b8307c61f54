import type Stripe from 'stripe';
import type { SandboxAccount } from '../core/account';
import { createdFilter, paginate } from '../core/list';
import { invalidParam, missingParam } from '../core/errors';
import type { Params } from '../core/params';
import type { Route, RouteContext } from '../core/routes';
import { findTyped, mergeMetadata, readMetadata, stored, type Stored } from './products';

// Invoice tax without Stripe Tax: Tax Rates on invoice items, subscription items and invoices'
// `default_tax_rates`, rendered as `taxes[]` on lines and `total_taxes[]` on invoices.

/** Resolves `tax_rates[]` IDs to TaxRate objects (as invoice items and subscription items embed them). */
export function readTaxRates(account: SandboxAccount, params: Params, key = 'tax_rates'): Stripe.TaxRate[] | undefined {
  if (params.raw[key] === '') {
    params.ignore(key);
    return [];
  }
  const ids = params.strings(key);
  if (!ids) return undefined;
  return ids.map((id, index) => {
    const rate = findTyped<Stripe.TaxRate>(account, id, 'tax_rate');
    if (!rate) throw invalidParam(`${key}[${index}]`, `No such tax rate: '${id}'`, 'resource_missing');
    return rate;
  });
}

const FIELDS = ['country', 'description', 'jurisdiction', 'state'] as const;

function create({ account, params }: RouteContext): Stored<Stripe.TaxRate> {
  const displayName = params.string('display_name', { required: true });
  const inclusive = params.bool('inclusive');
  if (inclusive === undefined) throw missingParam('inclusive');
  const percentage = params.decimal('percentage');
  if (percentage === undefined) throw missingParam('percentage');
  if (percentage < 0 || percentage > 100)
    throw invalidParam('percentage', 'Invalid percentage: must be between 0 and 100');
  const rate: Stripe.TaxRate = {
    id: account.ids.next('txr'),
    object: 'tax_rate',
    active: params.bool('active') ?? true,
    country: params.string('country') ?? null,
    created: account.now(),
    description: params.string('description') ?? null,
    display_name: displayName,
    effective_percentage: percentage,
    flat_amount: null,
    inclusive,
    jurisdiction: params.string('jurisdiction') ?? null,
    jurisdiction_level: null,
    livemode: false,
    metadata: readMetadata(params),
    percentage,
    rate_type: 'percentage',
    state: params.string('state') ?? null,
    tax_type: params.string('tax_type') ?? null,
  };
  params.done();
  account.put(stored(rate));
  account.emit('tax_rate.created', stored(rate));
  return stored(rate);
}

function update({ account, params, path }: RouteContext): Stored<Stripe.TaxRate> {
  const current = account.get<Stored<Stripe.TaxRate>>(path['id'] ?? '', 'tax_rate');
  const changes: Partial<Stored<Stripe.TaxRate>> = {};
  const active = params.bool('active');
  if (active !== undefined) changes.active = active;
  const displayName = params.string('display_name');
  if (displayName !== undefined) changes.display_name = displayName;
  for (const field of FIELDS) {
    const value = params.nullableString(field);
    if (value !== undefined) changes[field] = value;
  }
  const taxType = params.string('tax_type');
  if (taxType !== undefined) changes.tax_type = taxType;
  if (params.has('metadata')) changes.metadata = mergeMetadata(current.metadata, params.metadata());
  params.done();
  const { object, previous } = account.update<Stored<Stripe.TaxRate>>(current.id, 'tax_rate', changes);
  if (Object.keys(previous).length > 0) account.emit('tax_rate.updated', object, previous);
  return object;
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/tax_rates', handler: create },
  {
    method: 'GET',
    path: '/v1/tax_rates/:id',
    handler: ({ account, params, path }) => {
      params.done();
      return account.get<Stored<Stripe.TaxRate>>(path['id'] ?? '', 'tax_rate');
    },
  },
  { method: 'POST', path: '/v1/tax_rates/:id', handler: update },
  {
    method: 'GET',
    path: '/v1/tax_rates',
    handler: ({ account, params }) => {
      const active = params.bool('active');
      const inclusive = params.bool('inclusive');
      const created = createdFilter(params);
      const items = account
        .list<Stored<Stripe.TaxRate>>('tax_rate')
        .filter(
          (r) =>
            (active === undefined || r.active === active) &&
            (inclusive === undefined || r.inclusive === inclusive) &&
            created(r.created),
        );
      const list = paginate(items, params, '/v1/tax_rates');
      params.done();
      return list;
    },
  },
];

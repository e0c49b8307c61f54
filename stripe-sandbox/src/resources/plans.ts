import type Stripe from 'stripe';
import { createdFilter, paginate } from '../core/list';
import { missingParam, resourceMissing } from '../core/errors';
import { Params } from '../core/params';
import type { Route, RouteContext } from '../core/routes';
import { findTyped, stored, type Stored } from './products';
import { createPrice, planFromPrice, updatePrice } from './prices';

/**
 * Plans are the legacy view of recurring prices: a plan is stored as a recurring price with the same ID,
 * so either API (and `items[][plan]` or `items[][price]`) reaches it, and both event families fire.
 */
function create({ account, params }: RouteContext): Stored<Stripe.Plan> {
  const raw = params.raw;
  // Translate plan parameters to price parameters and let prices validate them.
  const productValue = raw['product'];
  const priceRaw: Record<string, Params['raw'][string]> = {
    currency: raw['currency'] ?? null,
    recurring: {
      interval: raw['interval'] ?? null,
      ...(raw['interval_count'] !== undefined ? { interval_count: raw['interval_count'] } : {}),
      ...(raw['trial_period_days'] !== undefined ? { trial_period_days: raw['trial_period_days'] } : {}),
      ...(raw['usage_type'] !== undefined ? { usage_type: raw['usage_type'] } : {}),
      ...(raw['meter'] !== undefined ? { meter: raw['meter'] } : {}),
    },
  };
  if (raw['interval'] === undefined) throw missingParam('interval');
  if (raw['currency'] === undefined) throw missingParam('currency');
  const copy = (from: string, to = from): void => {
    const value = raw[from];
    if (value !== undefined) priceRaw[to] = value;
  };
  copy('amount', 'unit_amount');
  copy('amount_decimal', 'unit_amount_decimal');
  copy('billing_scheme');
  copy('tiers');
  copy('tiers_mode');
  copy('transform_usage', 'transform_quantity');
  copy('nickname');
  copy('metadata');
  copy('active');
  if (productValue !== null && typeof productValue === 'object' && !Array.isArray(productValue))
    priceRaw['product_data'] = productValue;
  else if (productValue !== undefined) priceRaw['product'] = productValue;
  else throw missingParam('product');
  if (priceRaw['unit_amount'] === undefined && priceRaw['unit_amount_decimal'] === undefined && !priceRaw['tiers'])
    priceRaw['unit_amount'] = 0;
  const id = params.string('id');
  params.ignore(
    'currency',
    'interval',
    'interval_count',
    'trial_period_days',
    'usage_type',
    'meter',
    'amount',
    'amount_decimal',
    'billing_scheme',
    'tiers',
    'tiers_mode',
    'transform_usage',
    'nickname',
    'metadata',
    'active',
    'product',
    'aggregate_usage',
  );
  params.done();
  const priceParams = new Params(priceRaw);
  const price = createPrice(account, priceParams, id ? { id } : {});
  priceParams.done();
  return stored(planFromPrice(price));
}

function retrieve(context: RouteContext): Stored<Stripe.Plan> {
  context.params.done();
  return stored(planFromPrice(planPrice(context.account, context.path['id'] ?? '')));
}

function getPriceMissing(id: string): Error {
  return resourceMissing('plan', id);
}

/** A plan by path ID: the recurring price with that ID, else 404. */
function planPrice(account: RouteContext['account'], id: string): Stripe.Price {
  const price = findTyped<Stripe.Price>(account, id, 'price');
  if (!price || price.type !== 'recurring') throw getPriceMissing(id);
  return price;
}

function remove({ account, params, path }: RouteContext): Stored<Stripe.Plan> {
  params.done();
  const price = planPrice(account, path['id'] ?? '');
  account.delete(price.id);
  account.emit('plan.deleted', stored(planFromPrice(price)));
  account.emit('price.deleted', stored(price));
  return { id: price.id, object: 'plan', deleted: true } as unknown as Stored<Stripe.Plan>;
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/plans', handler: create },
  { method: 'GET', path: '/v1/plans/:id', handler: retrieve },
  {
    method: 'POST',
    path: '/v1/plans/:id',
    handler: ({ account, params, path }) => {
      const price = planPrice(account, path['id'] ?? '');
      return stored(planFromPrice(updatePrice(account, price.id, params, true)));
    },
  },
  { method: 'DELETE', path: '/v1/plans/:id', handler: remove },
  {
    method: 'GET',
    path: '/v1/plans',
    handler: ({ account, params }) => {
      const active = params.bool('active');
      const product = params.string('product');
      const created = createdFilter(params);
      const plans = account
        .list<Stored<Stripe.Price>>('price')
        .filter(
          (p) =>
            p.type === 'recurring' &&
            (active === undefined || p.active === active) &&
            (product === undefined || p.product === product) &&
            created(p.created),
        )
        .map((p) => stored(planFromPrice(p)));
      const list = paginate(plans, params, '/v1/plans');
      params.done();
      return list;
    },
  },
];

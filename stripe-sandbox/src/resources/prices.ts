import type Stripe from 'stripe';
import type { SandboxAccount } from '../core/account';
import { createdFilter, paginate } from '../core/list';
import { invalidParam, missingParam } from '../core/errors';
import { Params, type RawParams } from '../core/params';
import type { Route, RouteContext } from '../core/routes';
import {
  buildProduct,
  decimal,
  decimalValue,
  findTyped,
  getProduct,
  mergeMetadata,
  readCurrency,
  readMetadata,
  roundAmount,
  stored,
  type Stored,
} from './products';

const INTERVALS = ['day', 'week', 'month', 'year'] as const;

export function readTiers(params: Params, key = 'tiers'): Stripe.Price.Tier[] | undefined {
  const tiers = params.objects(key);
  if (!tiers) return undefined;
  return tiers.map((tier) => {
    const upTo = tier.string('up_to', { required: true });
    const unit = tier.int('unit_amount');
    const unitDecimal = tier.decimal('unit_amount_decimal') ?? unit;
    const flat = tier.int('flat_amount');
    const flatDecimal = tier.decimal('flat_amount_decimal') ?? flat;
    tier.done();
    return {
      flat_amount: flat ?? null,
      flat_amount_decimal: flatDecimal !== undefined ? decimal(flatDecimal) : null,
      unit_amount: unit ?? null,
      unit_amount_decimal: unitDecimal !== undefined ? decimal(unitDecimal) : null,
      up_to: upTo === 'inf' ? null : Number(upTo),
    };
  });
}

export function readTransform(params: Params, key: string): Stripe.Price.TransformQuantity | null {
  const transform = params.object(key);
  if (!transform) return null;
  const out = {
    divide_by: transform.int('divide_by', { required: true, min: 1 }),
    round: transform.enum('round', ['up', 'down'] as const, { required: true }),
  };
  transform.done();
  return out;
}

/** Reads `unit_amount` / `unit_amount_decimal` as a (possibly fractional) minor-unit amount. */
function readUnitAmount(
  params: Params,
  prefix = '',
): { unit_amount: number | null; unit_amount_decimal: Stripe.Decimal | null } | null {
  const unit = params.int('unit_amount', { min: 0 });
  const unitDecimal = params.decimal('unit_amount_decimal');
  if (unit !== undefined && unitDecimal !== undefined)
    throw invalidParam(
      `${prefix}unit_amount`,
      'You may only specify one of these parameters: unit_amount, unit_amount_decimal.',
    );
  if (unit !== undefined) return { unit_amount: unit, unit_amount_decimal: decimal(unit) };
  if (unitDecimal !== undefined)
    return {
      unit_amount: Number.isInteger(unitDecimal) ? unitDecimal : null,
      unit_amount_decimal: decimal(unitDecimal),
    };
  return null;
}

/**
 * Creates and stores a price from create-price parameters (or `price_data` hashes) and emits price.created
 * (and plan.created for recurring prices, which are also plans). `product` overrides the parameter.
 */
export function createPrice(
  account: SandboxAccount,
  params: Params,
  options: { product?: string; id?: string; inline?: boolean } = {},
): Stripe.Price {
  const currency = readCurrency(params, 'currency', true);
  let productId = options.product;
  if (!productId) {
    const productParam = params.string('product');
    const productData = params.object('product_data');
    if (productParam && productData)
      throw invalidParam('product', 'You may only specify one of these parameters: product, product_data.');
    if (productParam) productId = getProduct(account, productParam).id;
    else if (productData) {
      const product = buildProduct(account, productData);
      productData.done();
      account.emit('product.created', stored(product));
      productId = product.id;
    } else throw missingParam('product');
  }
  const recurringParams = params.object('recurring');
  let recurring: Stripe.Price.Recurring | null = null;
  if (recurringParams) {
    recurring = {
      interval: recurringParams.enum('interval', INTERVALS, { required: true }),
      interval_count: recurringParams.int('interval_count', { min: 1 }) ?? 1,
      meter: recurringParams.string('meter') ?? null,
      trial_period_days: recurringParams.int('trial_period_days', { min: 0 }) ?? null,
      usage_type: recurringParams.enum('usage_type', ['licensed', 'metered'] as const) ?? 'licensed',
    };
    recurringParams.done();
  }
  const billingScheme = params.enum('billing_scheme', ['per_unit', 'tiered'] as const) ?? 'per_unit';
  const tiers = readTiers(params);
  const tiersMode = params.enum('tiers_mode', ['graduated', 'volume'] as const) ?? null;
  const unit = readUnitAmount(params);
  const custom = params.object('custom_unit_amount');
  let customUnitAmount: Stripe.Price.CustomUnitAmount | null = null;
  if (custom) {
    custom.bool('enabled');
    customUnitAmount = {
      maximum: custom.int('maximum') ?? null,
      minimum: custom.int('minimum') ?? null,
      preset: custom.int('preset') ?? null,
    };
    custom.done();
  }
  if (billingScheme === 'tiered') {
    if (!tiers || !tiersMode) throw missingParam(tiers ? 'tiers_mode' : 'tiers');
  } else if (!unit && !customUnitAmount) {
    throw missingParam('unit_amount');
  }
  params.ignore('currency_options', 'transfer_lookup_key');
  const price: Stripe.Price = {
    id: options.id ?? account.ids.next('price'),
    object: 'price',
    active: options.inline ? false : (params.bool('active') ?? true),
    billing_scheme: billingScheme,
    created: account.now(),
    currency,
    custom_unit_amount: customUnitAmount,
    livemode: false,
    lookup_key: params.string('lookup_key') ?? null,
    metadata: readMetadata(params),
    nickname: params.string('nickname') ?? null,
    product: productId,
    recurring,
    tax_behavior: params.enum('tax_behavior', ['exclusive', 'inclusive', 'unspecified'] as const) ?? 'unspecified',
    tiers_mode: billingScheme === 'tiered' ? tiersMode : null,
    transform_quantity: readTransform(params, 'transform_quantity'),
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: unit?.unit_amount ?? null,
    unit_amount_decimal: unit?.unit_amount_decimal ?? null,
  };
  if (billingScheme === 'tiered' && tiers) price.tiers = tiers;
  if (account.find(price.id)) throw invalidParam('id', 'Plan already exists.', 'resource_already_exists');
  account.put(stored(price));
  // Inline prices (price_data) are created without events.
  if (!options.inline) {
    account.emit('price.created', stored(price));
    if (price.type === 'recurring') account.emit('plan.created', stored(planFromPrice(price)));
  }
  return price;
}

/**
 * An inline price from a `price_data` hash, created without events. The hash's `product` must exist (the 404
 * names `productParam`); `product`, when given, is used instead once that is checked.
 */
export function createInlinePrice(
  account: SandboxAccount,
  priceData: Params,
  productParam: string,
  product?: string,
): Stripe.Price {
  const given = priceData.string('product', { required: true });
  getProduct(account, given, productParam);
  const price = createPrice(account, priceData, { product: product ?? given, inline: true });
  priceData.done();
  return price;
}

/** A price by ID (plans are prices with the same ID), with Stripe's 404 naming the parameter. */
export function getPrice(account: SandboxAccount, id: string, param = 'price'): Stripe.Price {
  const price = findTyped<Stripe.Price>(account, id, 'price');
  if (!price) throw invalidParam(param, `No such ${param === 'plan' ? 'plan' : 'price'}: '${id}'`, 'resource_missing');
  return price;
}

/** The legacy Plan view of a recurring price. */
export function planFromPrice(price: Stripe.Price): Stripe.Plan {
  const recurring = price.recurring ?? {
    interval: 'month',
    interval_count: 1,
    meter: null,
    trial_period_days: null,
    usage_type: 'licensed',
  };
  const plan: Stripe.Plan = {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: false,
    metadata: price.metadata,
    meter: recurring.meter,
    nickname: price.nickname,
    product: typeof price.product === 'string' ? price.product : price.product.id,
    tiers_mode: price.tiers_mode,
    transform_usage: price.transform_quantity,
    trial_period_days: recurring.trial_period_days,
    usage_type: recurring.usage_type,
  };
  if (price.tiers) plan.tiers = price.tiers;
  return plan;
}

export function productId(price: Stripe.Price | Stripe.Plan): string {
  const product = price.product;
  if (product === null) return '';
  return typeof product === 'string' ? product : product.id;
}

/** The amount a price charges for `quantity` units (per-unit, volume or graduated tiers). */
export function priceAmount(price: Stripe.Price, quantity: number): number {
  let units = quantity;
  if (price.transform_quantity) {
    const divided = units / price.transform_quantity.divide_by;
    units = price.transform_quantity.round === 'up' ? Math.ceil(divided) : Math.floor(divided);
  }
  if (price.billing_scheme === 'tiered' && price.tiers) {
    const tierUnit = (tier: Stripe.Price.Tier): number =>
      decimalValue(tier.unit_amount_decimal) ?? tier.unit_amount ?? 0;
    const tierFlat = (tier: Stripe.Price.Tier): number =>
      decimalValue(tier.flat_amount_decimal) ?? tier.flat_amount ?? 0;
    if (price.tiers_mode === 'volume') {
      const tier = price.tiers.find((t) => t.up_to === null || units <= t.up_to) ?? price.tiers[price.tiers.length - 1];
      return tier ? roundAmount(tierUnit(tier) * units + tierFlat(tier)) : 0;
    }
    let total = 0;
    let previous = 0;
    for (const tier of price.tiers) {
      if (units <= previous) break;
      const upper = tier.up_to === null ? units : Math.min(units, tier.up_to);
      total += tierUnit(tier) * (upper - previous) + tierFlat(tier);
      previous = upper;
    }
    return roundAmount(total);
  }
  const unit = decimalValue(price.unit_amount_decimal) ?? price.unit_amount;
  if (unit === null) throw invalidParam('price', `Price ${price.id} has no unit amount and cannot be invoiced.`);
  return roundAmount(unit * units);
}

/** Applies price-update parameters and emits price.updated (and plan.updated for recurring prices). */
export function updatePrice(account: SandboxAccount, id: string, params: Params, asPlan = false): Stripe.Price {
  const current = getPrice(account, id, asPlan ? 'plan' : 'price');
  const changes: Partial<Stored<Stripe.Price>> = {};
  const active = params.bool('active');
  if (active !== undefined) changes.active = active;
  if (params.has('metadata')) changes.metadata = mergeMetadata(current.metadata, params.metadata());
  const nickname = params.nullableString('nickname');
  if (nickname !== undefined) changes.nickname = nickname;
  if (asPlan) {
    const product = params.string('product');
    if (product !== undefined) changes.product = getProduct(account, product).id;
    const trialDays = params.int('trial_period_days', { min: 0 });
    if (trialDays !== undefined && current.recurring)
      changes.recurring = { ...current.recurring, trial_period_days: trialDays };
  } else {
    const lookupKey = params.nullableString('lookup_key');
    if (lookupKey !== undefined) changes.lookup_key = lookupKey;
    const taxBehavior = params.enum('tax_behavior', ['exclusive', 'inclusive', 'unspecified'] as const);
    if (taxBehavior !== undefined) changes.tax_behavior = taxBehavior;
    params.ignore('currency_options', 'transfer_lookup_key');
  }
  params.done();
  const { object, previous } = account.update<Stored<Stripe.Price>>(current.id, 'price', changes);
  if (Object.keys(previous).length > 0) {
    account.emit('price.updated', object, previous);
    if (object.type === 'recurring') {
      const planPrevious: Record<string, unknown> = { ...previous };
      if ('recurring' in planPrevious) {
        planPrevious['trial_period_days'] = current.recurring?.trial_period_days ?? null;
        delete planPrevious['recurring'];
      }
      account.emit('plan.updated', stored(planFromPrice(object)), planPrevious);
    }
  }
  return object;
}

function create({ account, params }: RouteContext): Stored<Stripe.Price> {
  // The CLI's fixtures send `recurring[interval]` as a literal key when not form-decoded.
  const raw: RawParams = {};
  for (const [key, value] of Object.entries(params.raw)) {
    const match = /^(\w+)\[(\w+)\]$/.exec(key);
    if (match && match[1] && match[2]) {
      const nested = raw[match[1]] ?? params.raw[match[1]];
      raw[match[1]] = {
        ...(nested && typeof nested === 'object' && !Array.isArray(nested) ? nested : {}),
        [match[2]]: value,
      };
    } else if (raw[key] === undefined) raw[key] = value;
  }
  params.ignore(...Object.keys(params.raw));
  params.done();
  const normalized = new Params(raw);
  const price = createPrice(account, normalized);
  normalized.done();
  return stored(price);
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/prices', handler: create },
  {
    method: 'GET',
    path: '/v1/prices/:id',
    handler: ({ account, params, path }) => {
      params.done();
      return account.get<Stored<Stripe.Price>>(path['id'] ?? '', 'price');
    },
  },
  {
    method: 'POST',
    path: '/v1/prices/:id',
    handler: ({ account, params, path }) => stored(updatePrice(account, path['id'] ?? '', params)),
  },
  {
    method: 'GET',
    path: '/v1/prices',
    handler: ({ account, params }) => {
      const active = params.bool('active');
      const currency = readCurrency(params, 'currency');
      const lookupKeys = params.strings('lookup_keys');
      const product = params.string('product');
      const type = params.enum('type', ['one_time', 'recurring'] as const);
      const recurring = params.object('recurring');
      const interval = recurring?.enum('interval', INTERVALS);
      const usageType = recurring?.enum('usage_type', ['licensed', 'metered'] as const);
      recurring?.ignore('meter');
      recurring?.done();
      const created = createdFilter(params);
      const items = account
        .list<Stored<Stripe.Price>>('price')
        .filter(
          (p) =>
            (active === undefined || p.active === active) &&
            (currency === undefined || p.currency === currency) &&
            (!lookupKeys || (p.lookup_key !== null && lookupKeys.includes(p.lookup_key))) &&
            (product === undefined || p.product === product) &&
            (type === undefined || p.type === type) &&
            (interval === undefined || p.recurring?.interval === interval) &&
            (usageType === undefined || p.recurring?.usage_type === usageType) &&
            created(p.created),
        );
      const list = paginate(items, params, '/v1/prices');
      params.done();
      return list;
    },
  },
];

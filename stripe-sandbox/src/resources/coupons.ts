import type Stripe from 'stripe';
import type { SandboxAccount } from '../core/account';
import { createdFilter, paginate } from '../core/list';
import { invalidParam, invalidState, missingParam } from '../core/errors';
import type { Params } from '../core/params';
import type { Route, RouteContext } from '../core/routes';
import { findTyped, mergeMetadata, readCurrency, readMetadata, stored, type Stored } from './products';

/** Deleted coupons, kept so discounts that already use them keep computing (Stripe's behaviour). */
const deletedCoupons = new WeakMap<SandboxAccount, Map<string, Stripe.Coupon>>();

export function findCoupon(account: SandboxAccount, id: string): Stripe.Coupon | undefined {
  return findTyped<Stripe.Coupon>(account, id, 'coupon') ?? deletedCoupons.get(account)?.get(id);
}

function readCurrencyOptions(params: Params): Record<string, Stripe.Coupon.CurrencyOptions> | undefined {
  const options = params.object('currency_options');
  if (!options) return undefined;
  const out: Record<string, Stripe.Coupon.CurrencyOptions> = {};
  for (const currency of Object.keys(options.raw)) {
    const entry = options.object(currency);
    if (!entry) continue;
    out[currency.toLowerCase()] = { amount_off: entry.int('amount_off', { required: true, min: 1 }) };
    entry.done();
  }
  options.done();
  return out;
}

function addMonths(timestamp: number, months: number): number {
  const date = new Date(timestamp * 1000);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return Math.floor(date.getTime() / 1000);
}

export { addMonths };

function create({ account, params }: RouteContext): Stored<Stripe.Coupon> {
  const percentOff = params.decimal('percent_off');
  const amountOff = params.int('amount_off', { min: 1 });
  const currency = readCurrency(params, 'currency');
  if (percentOff === undefined && amountOff === undefined) throw missingParam('percent_off');
  if (percentOff !== undefined && amountOff !== undefined)
    throw invalidParam('percent_off', 'You may only specify one of these parameters: amount_off, percent_off.');
  if (percentOff !== undefined && (percentOff <= 0 || percentOff > 100))
    throw invalidParam('percent_off', 'Invalid percent_off: must be greater than 0 and at most 100');
  if (amountOff !== undefined && !currency) throw missingParam('currency');
  const duration = params.enum('duration', ['forever', 'once', 'repeating'] as const) ?? 'once';
  const months = params.int('duration_in_months', { min: 1 });
  if (duration === 'repeating' && months === undefined) throw missingParam('duration_in_months');
  const appliesTo = params.object('applies_to');
  const products = appliesTo?.strings('products');
  appliesTo?.done();
  const id =
    params.string('id') ??
    account.ids
      .next('x', 8)
      .slice(2)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '0');
  if (account.find(id)) throw invalidParam('id', 'Coupon already exists.', 'resource_already_exists');
  const currencyOptions = readCurrencyOptions(params);
  const coupon: Stripe.Coupon = {
    id,
    object: 'coupon',
    amount_off: amountOff ?? null,
    created: account.now(),
    currency: amountOff !== undefined ? (currency ?? null) : null,
    duration,
    duration_in_months: duration === 'repeating' ? (months ?? null) : null,
    livemode: false,
    max_redemptions: params.int('max_redemptions', { min: 1 }) ?? null,
    metadata: readMetadata(params),
    name: params.string('name') ?? null,
    percent_off: percentOff ?? null,
    redeem_by: params.int('redeem_by') ?? null,
    times_redeemed: 0,
    valid: true,
  };
  if (products) coupon.applies_to = { products };
  if (currencyOptions) coupon.currency_options = currencyOptions;
  params.done();
  account.put(stored(coupon));
  account.emit('coupon.created', stored(coupon));
  return stored(coupon);
}

function update({ account, params, path }: RouteContext): Stored<Stripe.Coupon> {
  const current = account.get<Stored<Stripe.Coupon>>(path['id'] ?? '', 'coupon');
  const changes: Partial<Stored<Stripe.Coupon>> = {};
  if (params.has('metadata')) changes.metadata = mergeMetadata(current.metadata, params.metadata());
  const name = params.nullableString('name');
  if (name !== undefined) changes.name = name;
  const currencyOptions = readCurrencyOptions(params);
  if (currencyOptions) changes.currency_options = { ...(current.currency_options ?? {}), ...currencyOptions };
  params.done();
  const { object, previous } = account.update<Stored<Stripe.Coupon>>(current.id, 'coupon', changes);
  if (Object.keys(previous).length > 0) account.emit('coupon.updated', object, previous);
  return object;
}

function remove({ account, params, path }: RouteContext): Stored<Stripe.Coupon> {
  params.done();
  const coupon = account.get<Stored<Stripe.Coupon>>(path['id'] ?? '', 'coupon');
  const kept = deletedCoupons.get(account) ?? new Map<string, Stripe.Coupon>();
  kept.set(coupon.id, { ...coupon, valid: false });
  deletedCoupons.set(account, kept);
  account.delete(coupon.id);
  account.emit('coupon.deleted', { ...coupon, valid: false });
  return { id: coupon.id, object: 'coupon', deleted: true } as unknown as Stored<Stripe.Coupon>;
}

/** Whether the coupon can still be redeemed now. */
function isRedeemable(account: SandboxAccount, coupon: Stripe.Coupon): boolean {
  if (!coupon.valid) return false;
  if (coupon.redeem_by !== null && account.now() > coupon.redeem_by) return false;
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions) return false;
  return true;
}

/** The amount off a coupon gives in `currency`, or null when it is a percentage coupon. */
export function amountOffFor(coupon: Stripe.Coupon, currency: string, param = 'discounts'): number | null {
  if (coupon.amount_off === null) return null;
  if (coupon.currency === currency) return coupon.amount_off;
  const option = coupon.currency_options?.[currency];
  if (option) return option.amount_off;
  throw invalidParam(
    param,
    `The coupon ${coupon.id} is in ${coupon.currency ?? 'another currency'}, which does not match the currency ${currency}.`,
  );
}

export interface DiscountTarget {
  customer: string | null;
  invoice?: string | null;
  invoiceItem?: string | null;
  subscription?: string | null;
  subscriptionItem?: string | null;
}

/** Redeems a coupon: a new Discount object (`di_…`), stored, and the coupon's redemption count. */
export function createDiscount(
  account: SandboxAccount,
  couponId: string,
  target: DiscountTarget,
  param = 'coupon',
  promotionCode: string | null = null,
): Stripe.Discount {
  const coupon = findTyped<Stripe.Coupon>(account, couponId, 'coupon');
  if (!coupon) throw invalidParam(param, `No such coupon: '${couponId}'`, 'resource_missing');
  if (!isRedeemable(account, coupon)) throw invalidParam(param, `Coupon expired: ${couponId}`, 'coupon_expired');
  const start = account.now();
  const discount: Stripe.Discount = {
    id: account.ids.next('di'),
    object: 'discount',
    checkout_session: null,
    customer: target.customer,
    customer_account: null,
    end:
      coupon.duration === 'repeating' && coupon.duration_in_months ? addMonths(start, coupon.duration_in_months) : null,
    invoice: target.invoice ?? null,
    invoice_item: target.invoiceItem ?? null,
    promotion_code: promotionCode,
    source: { coupon: coupon.id, type: 'coupon' },
    start,
    subscription: target.subscription ?? null,
    subscription_item: target.subscriptionItem ?? null,
  };
  account.put(stored(discount));
  const timesRedeemed = coupon.times_redeemed + 1;
  const exhausted = coupon.max_redemptions !== null && timesRedeemed >= coupon.max_redemptions;
  account.update<Stored<Stripe.Coupon>>(coupon.id, 'coupon', {
    times_redeemed: timesRedeemed,
    ...(exhausted ? { valid: false } : {}),
  });
  return discount;
}

/**
 * Reads a `discounts` array (`[{coupon}|{discount}|{promotion_code}]`, or '' to clear) and returns the
 * Discount IDs; undefined when it was not sent. The singular `coupon` and `promotion_code` parameters of
 * customers and subscriptions are gone since 2025-03-31.basil (changelog "Removes coupon and promotion code
 * parameters with stackable discounts", docs.stripe.com/changelog/basil/2025-03-31/deprecate-singular-coupon-promotion-code):
 * left unread, `params.done()` refuses them with `parameter_unknown` as Stripe does.
 */
export function readDiscounts(account: SandboxAccount, params: Params, target: DiscountTarget): string[] | undefined {
  if (params.raw['discounts'] === '') {
    params.ignore('discounts');
    return [];
  }
  const entries = params.objects('discounts');
  if (!entries) return undefined;
  const out: string[] = [];
  entries.forEach((entry, index) => {
    const coupon = entry.string('coupon');
    const existing = entry.string('discount');
    const promotion = entry.string('promotion_code');
    entry.done();
    if (coupon) out.push(createDiscount(account, coupon, target, `discounts[${index}][coupon]`).id);
    else if (existing) {
      if (!findTyped<Stripe.Discount>(account, existing, 'discount'))
        throw invalidParam(`discounts[${index}][discount]`, `No such discount: '${existing}'`, 'resource_missing');
      out.push(existing);
    } else if (promotion) {
      const code = account.find<{ id: string; object: string; coupon?: unknown; promotion?: unknown }>(promotion);
      const nested = code?.promotion as { coupon?: unknown } | undefined;
      const couponRef = code?.coupon ?? nested?.coupon;
      const couponId =
        typeof couponRef === 'string' ? couponRef : ((couponRef as { id?: string } | undefined)?.id ?? undefined);
      if (!code || code.object !== 'promotion_code' || !couponId)
        throw invalidParam(
          `discounts[${index}][promotion_code]`,
          `No such promotion code: '${promotion}'`,
          'resource_missing',
        );
      out.push(createDiscount(account, couponId, target, `discounts[${index}][promotion_code]`, promotion).id);
    } else throw invalidState(`discounts[${index}] must have one of coupon, discount or promotion_code.`);
  });
  return out;
}

/** The coupon behind a Discount ID. */
export function couponForDiscount(account: SandboxAccount, discountId: string): Stripe.Coupon | undefined {
  const discount = findTyped<Stripe.Discount>(account, discountId, 'discount');
  const couponRef = discount?.source.coupon;
  if (!couponRef) return undefined;
  return findCoupon(account, typeof couponRef === 'string' ? couponRef : couponRef.id);
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/coupons', handler: create },
  {
    method: 'GET',
    path: '/v1/coupons/:id',
    handler: ({ account, params, path }) => {
      params.done();
      return account.get<Stored<Stripe.Coupon>>(path['id'] ?? '', 'coupon');
    },
  },
  { method: 'POST', path: '/v1/coupons/:id', handler: update },
  { method: 'DELETE', path: '/v1/coupons/:id', handler: remove },
  {
    method: 'GET',
    path: '/v1/coupons',
    handler: ({ account, params }) => {
      const created = createdFilter(params);
      const list = paginate(
        account.list<Stored<Stripe.Coupon>>('coupon').filter((c) => created(c.created)),
        params,
        '/v1/coupons',
      );
      params.done();
      return list;
    },
  },
];

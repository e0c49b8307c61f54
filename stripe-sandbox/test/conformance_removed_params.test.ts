import type Stripe from 'stripe';
import { StripeSandbox } from '../src/sandbox';

// Parameters Stripe removed before the pinned API version (2026-10-28.endive) are refused as unknown:
// "The coupon and promotion_code parameters and fields are no longer available on Subscription, Subscription
// Schedule, Customer or Preview Invoice endpoints" (changelog 2025-03-31.basil, "Removes coupon and promotion
// code parameters with stackable discounts"; stripe-node's CHANGELOG: "Remove support for `coupon` on
// `CustomerCreateParams`, `CustomerUpdateParams`, …, `SubscriptionCreateParams`, … and `SubscriptionUpdateParams`").

const START = Date.UTC(2026, 2, 2, 10) / 1000;

function setup() {
  const sandbox = new StripeSandbox({ seed: 3, now: START });
  const ok = <T>(path: string, params: Parameters<StripeSandbox['request']>[2] = {}): T => {
    const result = sandbox.request('POST', path, params);
    if (result.status !== 200) throw new Error(`${path}: ${JSON.stringify(result.body)}`);
    return result.body as T;
  };
  const coupon = ok<Stripe.Coupon>('/v1/coupons', { percent_off: 10, duration: 'once' });
  const customer = ok<Stripe.Customer>('/v1/customers', { name: 'Ada' });
  const pm = ok<Stripe.PaymentMethod>('/v1/payment_methods/pm_card_visa/attach', { customer: customer.id });
  const product = ok<Stripe.Product>('/v1/products', { name: 'Plan' });
  const price = ok<Stripe.Price>('/v1/prices', {
    product: product.id,
    currency: 'usd',
    unit_amount: 1000,
    recurring: { interval: 'month' },
  });
  const subscribe = (extra: Parameters<StripeSandbox['request']>[2]) =>
    sandbox.request('POST', '/v1/subscriptions', {
      customer: customer.id,
      items: [{ price: price.id }],
      default_payment_method: pm.id,
      ...extra,
    });
  return { sandbox, ok, coupon, customer, subscribe };
}

/** Stripe's answer to a parameter it does not know. */
function unknown(param: string) {
  return {
    status: 400,
    body: {
      error: expect.objectContaining({
        type: 'invalid_request_error',
        code: 'parameter_unknown',
        param,
        message: `Received unknown parameter: ${param}`,
      }) as unknown,
    },
  };
}

describe('parameters removed before the pinned API version are refused with parameter_unknown', () => {
  test('POST /v1/customers coupon', () => {
    const { sandbox, coupon } = setup();
    expect(sandbox.request('POST', '/v1/customers', { name: 'Bo', coupon: coupon.id })).toMatchObject(
      unknown('coupon'),
    );
  });

  test('POST /v1/customers promotion_code', () => {
    const { sandbox } = setup();
    expect(sandbox.request('POST', '/v1/customers', { name: 'Bo', promotion_code: 'promo_1' })).toMatchObject(
      unknown('promotion_code'),
    );
  });

  test('POST /v1/customers/:id coupon', () => {
    const { sandbox, coupon, customer } = setup();
    expect(sandbox.request('POST', `/v1/customers/${customer.id}`, { coupon: coupon.id })).toMatchObject(
      unknown('coupon'),
    );
  });

  test('POST /v1/subscriptions coupon and promotion_code; discounts[][coupon] is the way', () => {
    const { coupon, subscribe } = setup();
    expect(subscribe({ coupon: coupon.id })).toMatchObject(unknown('coupon'));
    expect(subscribe({ promotion_code: 'promo_1' })).toMatchObject(unknown('promotion_code'));
    expect(subscribe({ discounts: [{ coupon: coupon.id }] }).status).toBe(200);
  });

  test('POST /v1/subscriptions/:id coupon', () => {
    const { sandbox, coupon, subscribe } = setup();
    const sub = subscribe({}).body as Stripe.Subscription;
    expect(sandbox.request('POST', `/v1/subscriptions/${sub.id}`, { coupon: coupon.id })).toMatchObject(
      unknown('coupon'),
    );
  });

  test('a refused request creates nothing (no customer.created)', () => {
    const { sandbox, coupon } = setup();
    const events: string[] = [];
    sandbox.account.onEvent((e) => events.push(e.type));
    sandbox.request('POST', '/v1/customers', { name: 'Bo', coupon: coupon.id });
    expect(events).toEqual([]);
  });
});

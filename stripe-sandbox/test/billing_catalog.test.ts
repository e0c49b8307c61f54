import type Stripe from 'stripe';
import { readdirSync, readFileSync } from 'node:fs';
import type { ListObject } from '../src/core/list';
import type { Params, ParamValue, RawParams } from '../src/core/params';
import type { HttpMethod, ResourceModule, Route } from '../src/core/routes';
import * as coupons from '../src/resources/coupons';
import * as creditNotes from '../src/resources/creditNotes';
import * as invoiceItems from '../src/resources/invoiceItems';
import * as invoicePayments from '../src/resources/invoicePayments';
import * as invoices from '../src/resources/invoices';
import * as legacy from '../src/resources/legacy';
import * as plans from '../src/resources/plans';
import * as prices from '../src/resources/prices';
import * as products from '../src/resources/products';
import type { Stored } from '../src/resources/products';
import * as subscriptions from '../src/resources/subscriptions';
import * as taxRates from '../src/resources/taxRates';
import { billingSandbox } from './helpers/billing';
import { compareShape } from './helpers/shape';

const MODULES: ResourceModule[] = [
  products,
  prices,
  plans,
  coupons,
  taxRates,
  invoiceItems,
  invoices,
  invoicePayments,
  creditNotes,
  subscriptions,
  legacy,
];

/** Just enough of /v1/customers and /v1/payment_methods for the CLI recipes (the real ones are another module). */
function fakeCustomerRoutes(): Route[] {
  const readPm = (params: Params): string | null => {
    const settings = params.object('invoice_settings');
    const pm = settings?.string('default_payment_method') ?? null;
    settings?.done();
    return pm;
  };
  return [
    {
      method: 'POST',
      path: '/v1/customers',
      handler: ({ account, params }) => {
        const customer = {
          id: account.ids.next('cus', 14),
          object: 'customer',
          balance: 0,
          created: account.now(),
          currency: null,
          default_source: null,
          description: params.string('description') ?? null,
          email: params.string('email') ?? null,
          invoice_settings: {
            custom_fields: null,
            default_payment_method: readPm(params),
            footer: null,
            rendering_options: null,
          },
          livemode: false,
          metadata: {},
          name: params.string('name') ?? null,
          shipping: null,
        };
        params.ignore('payment_method', 'coupon');
        params.done();
        return account.put(customer);
      },
    },
    {
      method: 'POST',
      path: '/v1/customers/:id',
      handler: ({ account, params, path }) => {
        const pm = readPm(params);
        params.done();
        const current = account.get<Stored<Stripe.Customer>>(path['id'] ?? '', 'customer');
        return account.update(current.id, 'customer', {
          invoice_settings: { ...current.invoice_settings, default_payment_method: pm },
        }).object;
      },
    },
    {
      method: 'POST',
      path: '/v1/payment_methods/:id/attach',
      handler: ({ params, path }) => {
        params.ignore('customer');
        return { id: path['id'] ?? '', object: 'payment_method' };
      },
    },
    {
      method: 'POST',
      path: '/v1/payment_methods',
      handler: ({ params }) => {
        const card = params.object('card');
        const token = card?.string('token') ?? 'tok_visa';
        params.ignore('type');
        return { id: `pm_${token.replace(/^tok_/, 'card_')}`, object: 'payment_method' };
      },
    },
  ];
}

/** A sandbox with my modules, fake customers and fake `pay`/`refund` services (payments are another module). */
const sandbox = () => billingSandbox(MODULES, { extraRoutes: fakeCustomerRoutes(), threeDSecure: true });

type Box = ReturnType<typeof sandbox>;

describe('catalog', () => {
  test('products: create, update with previous attributes, delete only without prices', () => {
    const s = sandbox();
    const prod = s.call<Stripe.Product>('POST', '/v1/products', {
      name: 'Widget',
      description: 'A widget',
      metadata: { sku: 'W1' },
    });
    expect(prod).toMatchObject({
      object: 'product',
      name: 'Widget',
      active: true,
      type: 'service',
      metadata: { sku: 'W1' },
    });
    expect(prod.id).toMatch(/^prod_/);
    s.call('POST', `/v1/products/${prod.id}`, { metadata: { foo: 'bar', sku: '' } });
    expect(s.events[1]?.type).toBe('product.updated');
    expect(s.events[1]?.data.previous_attributes).toEqual({ metadata: { sku: 'W1' } });
    expect(s.call<Stripe.Product>('GET', `/v1/products/${prod.id}`).metadata).toEqual({ foo: 'bar' });
    s.call('POST', '/v1/prices', { product: prod.id, currency: 'usd', unit_amount: '100' });
    expect(s.fails('DELETE', `/v1/products/${prod.id}`).message).toContain('prices');
    const bare = s.call<Stripe.Product>('POST', '/v1/products', { name: 'Bare', id: 'prod_custom' });
    expect(s.call('DELETE', '/v1/products/prod_custom')).toEqual({
      id: 'prod_custom',
      object: 'product',
      deleted: true,
    });
    expect(bare.id).toBe('prod_custom');
    expect(s.fails('GET', '/v1/products/prod_custom').statusCode).toBe(404);
    expect(s.since(0)).toEqual([
      'product.created',
      'product.updated',
      'price.created',
      'product.created',
      'product.deleted',
    ]);
  });

  test('prices: one-time and recurring (a recurring price is also a plan), product_data, updates', () => {
    const s = sandbox();
    const monthly = s.call<Stripe.Price>('POST', '/v1/prices', {
      product_data: { name: 'Gold' },
      currency: 'EUR',
      unit_amount: '1500',
      recurring: { interval: 'month' },
      metadata: { netsuite_service_sale_item_id: '42' },
    });
    expect(monthly).toMatchObject({
      type: 'recurring',
      currency: 'eur',
      unit_amount: 1500,
      unit_amount_decimal: '1500',
      billing_scheme: 'per_unit',
      recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed', meter: null, trial_period_days: null },
    });
    expect(s.since(0)).toEqual(['product.created', 'price.created', 'plan.created']);
    expect(s.call<Stripe.Plan>('GET', `/v1/plans/${monthly.id}`)).toMatchObject({
      amount: 1500,
      interval: 'month',
      object: 'plan',
    });
    const once = s.call<Stripe.Price>('POST', '/v1/prices', {
      product: String(monthly.product),
      currency: 'eur',
      unit_amount_decimal: '12.5',
    });
    expect(once).toMatchObject({ type: 'one_time', unit_amount: null, unit_amount_decimal: '12.5', recurring: null });
    expect(s.fails('GET', `/v1/plans/${once.id}`).statusCode).toBe(404);
    s.call('POST', `/v1/prices/${monthly.id}`, { nickname: 'Gold monthly' });
    expect(s.since(4)).toEqual(['price.updated', 'plan.updated']);
    expect(s.fails('POST', '/v1/prices', { product: String(monthly.product), currency: 'eur' }).extra.param).toBe(
      'unit_amount',
    );
    const listed = s.call<ListObject<Stripe.Price>>('GET', '/v1/prices', { type: 'recurring' });
    expect(listed.data.map((p) => p.id)).toEqual([monthly.id]);
  });

  test('tiered prices: volume and graduated amounts', () => {
    const s = sandbox();
    const prod = s.call<Stripe.Product>('POST', '/v1/products', { name: 'API calls' });
    const tiers: ParamValue = [
      { up_to: '10', unit_amount: '100' },
      { up_to: 'inf', unit_amount: '50', flat_amount: '200' },
    ];
    const volume = s.call<Stripe.Price>('POST', '/v1/prices', {
      product: prod.id,
      currency: 'usd',
      billing_scheme: 'tiered',
      tiers_mode: 'volume',
      tiers,
    });
    const graduated = s.call<Stripe.Price>('POST', '/v1/prices', {
      product: prod.id,
      currency: 'usd',
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      tiers,
    });
    const customer = s.customer();
    const amount = (price: string) =>
      s.call<Stripe.InvoiceItem>('POST', '/v1/invoiceitems', { customer, pricing: { price }, quantity: '12' }).amount;
    // Volume: all 12 units at the second tier, 12 × 50 + 200 = 800. Graduated: 10 × 100 + 2 × 50 + 200 = 1300.
    expect(amount(volume.id)).toBe(800);
    expect(amount(graduated.id)).toBe(1300);
  });

  test('plans: create with a product hash, update, delete (plan and price events)', () => {
    const s = sandbox();
    const plan = s.call<Stripe.Plan>('POST', '/v1/plans', {
      currency: 'usd',
      interval: 'month',
      amount: 2000,
      product: { name: 'myproduct' },
      id: 'gold',
    });
    expect(plan).toMatchObject({
      id: 'gold',
      object: 'plan',
      amount: 2000,
      amount_decimal: '2000',
      interval_count: 1,
      usage_type: 'licensed',
    });
    expect(s.since(0)).toEqual(['product.created', 'price.created', 'plan.created']);
    s.call('POST', '/v1/plans/gold', { metadata: { foo: 'bar' } });
    expect(s.since(3)).toEqual(['price.updated', 'plan.updated']);
    expect(s.call('DELETE', '/v1/plans/gold')).toEqual({ id: 'gold', object: 'plan', deleted: true });
    expect(s.since(5)).toEqual(['plan.deleted', 'price.deleted']);
    expect(s.fails('GET', '/v1/plans/gold').statusCode).toBe(404);
  });

  test('coupons: validation, given IDs, update, delete (existing discounts keep working)', () => {
    const s = sandbox();
    expect(s.fails('POST', '/v1/coupons', { amount_off: '500' }).extra.param).toBe('currency');
    expect(s.fails('POST', '/v1/coupons', { percent_off: '20', duration: 'repeating' }).extra.param).toBe(
      'duration_in_months',
    );
    expect(s.fails('POST', '/v1/coupons', {}).extra.param).toBe('percent_off');
    const c = s.call<Stripe.Coupon>('POST', '/v1/coupons', { percent_off: '20' });
    expect(c).toMatchObject({
      percent_off: 20,
      duration: 'once',
      valid: true,
      times_redeemed: 0,
      amount_off: null,
      currency: null,
    });
    expect(c.id).toMatch(/^[A-Z0-9]{8}$/);
    const r = s.call<Stripe.Coupon>('POST', '/v1/coupons', {
      id: 'SPRING',
      amount_off: '300',
      currency: 'usd',
      duration: 'repeating',
      duration_in_months: '3',
    });
    expect(r).toMatchObject({ id: 'SPRING', duration_in_months: 3 });
    s.call('POST', '/v1/coupons/SPRING', { metadata: { foo: 'bar' }, name: 'Spring' });
    const cus = s.customer();
    s.call('POST', '/v1/invoiceitems', { customer: cus, amount: '1000', currency: 'usd' });
    const inv = s.call<Stripe.Invoice>('POST', '/v1/invoices', {
      customer: cus,
      pending_invoice_items_behavior: 'include',
      discounts: [{ coupon: 'SPRING' }],
    });
    s.call('DELETE', '/v1/coupons/SPRING');
    expect(s.fails('GET', '/v1/coupons/SPRING').statusCode).toBe(404);
    expect(s.call<Stripe.Invoice>('POST', `/v1/invoices/${inv.id}/finalize`).total).toBe(700);
    expect(s.events.map((e) => e.type).filter((t) => t.startsWith('coupon.'))).toEqual([
      'coupon.created',
      'coupon.created',
      'coupon.updated',
      'coupon.deleted',
    ]);
    const discount = s.account.get<Stored<Stripe.Discount>>(String(inv.discounts[0]), 'discount');
    expect(discount).toMatchObject({
      customer: cus,
      invoice: inv.id,
      source: { coupon: 'SPRING', type: 'coupon' },
      end: Date.UTC(2026, 5, 2, 10) / 1000,
    });
  });

  test('tax rates: created and updated', () => {
    const s = sandbox();
    const rate = s.call<Stripe.TaxRate>('POST', '/v1/tax_rates', {
      display_name: 'test',
      inclusive: true,
      percentage: 10,
      description: 'CLI',
    });
    expect(rate).toMatchObject({
      display_name: 'test',
      inclusive: true,
      percentage: 10,
      active: true,
      rate_type: 'percentage',
    });
    s.call('POST', `/v1/tax_rates/${rate.id}`, { metadata: { foo: 'bar' } });
    expect(s.since(0)).toEqual(['tax_rate.created', 'tax_rate.updated']);
    expect(s.fails('POST', '/v1/tax_rates', { display_name: 'x', percentage: '5' }).extra.param).toBe('inclusive');
  });
});

describe('legacy orders, SKUs and recipients', () => {
  test('SKUs with package dimensions; orders paid with a charge and canceled; recipients', () => {
    const s = sandbox();
    const prod = s.call<Stripe.Product>('POST', '/v1/products', { name: 'T-shirt', type: 'good', shippable: 'true' });
    const sku = s.call<legacy.LegacySku>('POST', '/v1/skus', {
      product: prod.id,
      price: '1500',
      currency: 'usd',
      inventory: { type: 'finite', quantity: '50' },
      attributes: { size: 'M' },
      package_dimensions: { height: '1', length: '10', weight: '5.5', width: '8' },
    });
    expect(sku).toMatchObject({
      object: 'sku',
      price: 1500,
      package_dimensions: { height: 1, length: 10, weight: 5.5, width: 8 },
    });
    s.call('POST', `/v1/skus/${sku.id}`, { price: '1600' });
    const cus = s.customer();
    const order = s.call<legacy.LegacyOrder>('POST', '/v1/orders', {
      currency: 'usd',
      customer: cus,
      items: [{ type: 'sku', parent: sku.id, quantity: '2' }],
    });
    expect(order).toMatchObject({
      amount: 3200,
      status: 'created',
      items: [{ amount: 3200, description: 'T-shirt', parent: sku.id }],
    });
    const paid = s.call<legacy.LegacyOrder>('POST', `/v1/orders/${order.id}/pay`, {});
    expect(paid.status).toBe('paid');
    expect(paid.charge).toMatch(/^ch_/);
    expect(s.payments[0]).toMatchObject({ amount: 3200, customer: cus, paymentMethod: 'pm_card_visa' });
    const second = s.call<legacy.LegacyOrder>('POST', '/v1/orders', {
      currency: 'usd',
      items: [{ type: 'sku', parent: sku.id }],
    });
    const mark = s.events.length;
    s.call('POST', `/v1/orders/${second.id}`, { status: 'canceled' });
    expect(s.events[mark]?.type).toBe('order.updated');
    expect(s.events[mark]?.data.previous_attributes).toMatchObject({ status: 'created' });
    const rp = s.call<legacy.LegacyRecipient>('POST', '/v1/recipients', { name: 'Ann', type: 'individual' });
    s.call('POST', `/v1/recipients/${rp.id}`, { email: 'ann@example.com' });
    s.call('DELETE', `/v1/recipients/${rp.id}`);
    expect(s.events.map((e) => e.type).filter((t) => /^(sku|order|recipient)\./.test(t))).toEqual([
      'sku.created',
      'sku.updated',
      'order.created',
      'order.payment_succeeded',
      'order.created',
      'order.updated',
      'recipient.created',
      'recipient.updated',
      'recipient.deleted',
    ]);
  });
});

describe('Stripe CLI trigger recipes', () => {
  const dir = '/work/shared/stripe/cli-triggers';
  interface Step {
    name: string;
    path: string;
    method: string;
    params?: RawParams;
    expected_error_type?: string;
  }
  const recipes = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({
      file: f,
      steps: (JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as { fixtures: Step[] }).fixtures,
    }));
  const billingRoutes = MODULES.flatMap((m) => [...m.routes]);
  const allRoutes = [...billingRoutes, ...fakeCustomerRoutes()];
  const matches = (routes: Route[], step: Step) =>
    routes.some((route) => {
      const pattern = route.path.split('/');
      const segments = step.path.split('/');
      return (
        route.method === step.method.toUpperCase() &&
        pattern.length === segments.length &&
        pattern.every((part, i) => part.startsWith(':') || part === segments[i])
      );
    });
  // Recipes whose every call the billing modules (plus stand-in customers) serve, and that call billing;
  // customer.discount.* are the customers module's (a coupon on the customer).
  const mine = recipes.filter(
    (r) =>
      !r.file.startsWith('customer.discount.') &&
      r.steps.every((step) => matches(allRoutes, step)) &&
      r.steps.some((step) => matches(billingRoutes, step)),
  );

  test('the billing recipes are all covered', () => {
    const names = mine.map((r) => r.file.replace(/\.json$/, ''));
    for (const expected of [
      'invoice.paid',
      'invoice.payment_failed',
      'invoice.payment_action_required',
      'credit_note.voided',
      'customer.subscription.paused',
      'subscription.payment_failed',
      'plan.deleted',
      'coupon.updated',
      'tax_rate.updated',
      'invoiceitem.deleted',
    ])
      expect(names).toContain(expected);
  });

  test.each(mine.map((r) => [r.file, r.steps] as const))('%s runs and emits its event', (file, steps) => {
    const s = sandbox();
    const results: Record<string, unknown> = {};
    const resolve = (value: ParamValue): ParamValue => {
      if (typeof value === 'string')
        return value.replace(/\$\{(\w+):([\w.]+)\}/g, (_, name: string, field: string) => {
          let at: unknown = results[name];
          for (const part of field.split('.')) at = (at as Record<string, unknown> | undefined)?.[part];
          return String(at);
        });
      if (Array.isArray(value)) return value.map(resolve);
      if (value && typeof value === 'object')
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
      return value;
    };
    for (const step of steps) {
      const method = step.method.toUpperCase() as HttpMethod;
      const path = String(resolve(step.path));
      const params = resolve(step.params ?? {}) as RawParams;
      if (step.expected_error_type) {
        expect(s.fails(method, path, params).type).toBe(step.expected_error_type);
        continue;
      }
      results[step.name] = s.call(method, path, params);
    }
    const event = file.replace(/\.json$/, '');
    const aliases: Record<string, string> = {
      'subscription.payment_succeeded': 'invoice.payment_succeeded',
      'subscription.payment_failed': 'invoice.payment_failed',
    };
    expect(s.events.map((e) => e.type)).toContain(aliases[event] ?? event);
  });
});

describe("shapes match Stripe's examples (fixtures3.json)", () => {
  const fixtures = JSON.parse(readFileSync('/work/shared/stripe/openapi/fixtures3.json', 'utf8')) as {
    resources: Record<string, unknown>;
  };

  test('every billing object', () => {
    const s: Box = sandbox();
    const cus = s.customer();
    const coupon = s.call<Stripe.Coupon>('POST', '/v1/coupons', { percent_off: '25.5', duration: 'forever' });
    const tax = s.call<Stripe.TaxRate>('POST', '/v1/tax_rates', {
      display_name: 'VAT',
      percentage: '19',
      inclusive: 'false',
      country: 'DE',
    });
    const product = s.call<Stripe.Product>('POST', '/v1/products', { name: 'Pro' });
    const price = s.call<Stripe.Price>('POST', '/v1/prices', {
      product: product.id,
      currency: 'usd',
      unit_amount: '2000',
      recurring: { interval: 'month' },
    });
    const planObject = s.call<Stripe.Plan>('GET', `/v1/plans/${price.id}`);
    const ii = s.call<Stripe.InvoiceItem>('POST', '/v1/invoiceitems', {
      customer: cus,
      amount: '1000',
      currency: 'usd',
      tax_rates: [tax.id],
    });
    const draft = s.call<Stripe.Invoice>('POST', '/v1/invoices', {
      customer: cus,
      pending_invoice_items_behavior: 'include',
      discounts: [{ coupon: coupon.id }],
    });
    const paid = s.call<Stripe.Invoice>('POST', `/v1/invoices/${draft.id}/pay`);
    const payment = paid.payments?.data[0];
    const cn = s.call<Stripe.CreditNote>('POST', '/v1/credit_notes', {
      invoice: paid.id,
      lines: [{ type: 'invoice_line_item', invoice_line_item: paid.lines.data[0]?.id ?? '', quantity: '1' }],
      refund_amount: String(paid.total),
    });
    const sub = s.call<Stripe.Subscription>('POST', '/v1/subscriptions', {
      customer: cus,
      items: [{ price: price.id }],
    });
    const discount = s.account.get<Stored<Stripe.Discount>>(String(draft.discounts[0]), 'discount');
    const objects: [string, unknown, string[]][] = [
      // `subscription` on invoices and line items is the pre-2025 field the example still shows.
      ['invoice', paid, ['subscription']],
      ['line_item', paid.lines.data[0], []],
      ['invoiceitem', s.call('GET', `/v1/invoiceitems/${ii.id}`), []],
      ['invoice_payment', payment, []],
      ['credit_note', cn, []],
      ['credit_note_line_item', cn.lines.data[0], []],
      ['subscription', sub, []],
      ['subscription_item', sub.items.data[0], []],
      ['price', price, []],
      ['plan', planObject, []],
      ['product', product, []],
      ['coupon', s.call('GET', `/v1/coupons/${coupon.id}`), []],
      ['discount', discount, []],
      ['tax_rate', tax, []],
      [
        'deleted_invoiceitem',
        s.call(
          'DELETE',
          `/v1/invoiceitems/${s.call<Stripe.InvoiceItem>('POST', '/v1/invoiceitems', { customer: cus, amount: '5', currency: 'usd' }).id}`,
        ),
        [],
      ],
      ['deleted_coupon', s.call('DELETE', `/v1/coupons/${coupon.id}`), []],
      ['deleted_plan', s.call('DELETE', `/v1/plans/${price.id}`), []],
    ];
    for (const [name, object, ignore] of objects) {
      const mismatches = compareShape(object, fixtures.resources[name], '', new Set(ignore));
      expect({ name, mismatches }).toEqual({ name, mismatches: [] });
    }
  });
});

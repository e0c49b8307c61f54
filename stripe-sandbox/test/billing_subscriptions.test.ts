import type Stripe from 'stripe';
import type { ListObject } from '../src/core/list';
import type { RawParams } from '../src/core/params';
import type { ResourceModule } from '../src/core/routes';
import * as coupons from '../src/resources/coupons';
import * as creditNotes from '../src/resources/creditNotes';
import * as invoiceItems from '../src/resources/invoiceItems';
import * as invoicePayments from '../src/resources/invoicePayments';
import * as invoices from '../src/resources/invoices';
import * as plans from '../src/resources/plans';
import * as prices from '../src/resources/prices';
import * as products from '../src/resources/products';
import * as subscriptions from '../src/resources/subscriptions';
import * as taxRates from '../src/resources/taxRates';
import { billingSandbox, START } from './helpers/billing';

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
];
const DAY = 86400;
/** START is Monday 2 March 2026, 10:00 UTC; a month later is 2 April (31 days). */
const APRIL_2 = START + 31 * DAY;
const MAY_2 = START + 61 * DAY;

/** A sandbox with my modules, fake customers and fake `pay`/`refund` services (payments are another module). */
const sandbox = () => billingSandbox(MODULES);

type Box = ReturnType<typeof sandbox>;

function plan(s: Box, amount = 1500): Stripe.Price {
  const product = s.call<Stripe.Product>('POST', '/v1/products', { name: 'Pro' });
  return s.call<Stripe.Price>('POST', '/v1/prices', {
    product: product.id,
    currency: 'usd',
    unit_amount: String(amount),
    recurring: { interval: 'month' },
  });
}

function subscribe(s: Box, customer: string, price: string, raw: RawParams = {}): Stripe.Subscription {
  return s.call<Stripe.Subscription>('POST', '/v1/subscriptions', { customer, items: [{ price }], ...raw });
}

function invoicesOf(s: Box, sub: string): Stripe.Invoice[] {
  return s.call<ListObject<Stripe.Invoice>>('GET', '/v1/invoices', { subscription: sub }).data;
}

describe('subscription creation', () => {
  test('the first invoice is created, finalized and paid at once, events in order', () => {
    const s = sandbox();
    const cus = s.customer();
    const price = plan(s);
    const mark = s.events.length;
    const sub = subscribe(s, cus, price.id);
    expect(s.since(mark)).toEqual([
      'customer.subscription.created',
      'invoice.created',
      'invoice.finalized',
      'charge.succeeded',
      'payment_intent.succeeded',
      'invoice_payment.paid',
      'invoice.paid',
      'invoice.payment_succeeded',
      'invoice.updated',
    ]);
    expect(sub).toMatchObject({ status: 'active', currency: 'usd', start_date: START, billing_cycle_anchor: START });
    const [item] = sub.items.data;
    expect(item).toMatchObject({ quantity: 1, current_period_start: START, current_period_end: APRIL_2 });
    expect(item?.price.id).toBe(price.id);
    expect(item?.plan.id).toBe(price.id);
    const invoice = s.invoice(String(sub.latest_invoice));
    expect(invoice).toMatchObject({
      status: 'paid',
      billing_reason: 'subscription_create',
      amount_paid: 1500,
      total: 1500,
      parent: { type: 'subscription_details', subscription_details: { subscription: sub.id } },
    });
    expect(invoice.lines.data[0]).toMatchObject({
      amount: 1500,
      description: '1 × Pro (at $15.00 / month)',
      period: { start: START, end: APRIL_2 },
      parent: {
        type: 'subscription_item_details',
        subscription_item_details: { subscription_item: item?.id, proration: false },
      },
    });
    expect(s.payments[0]).toMatchObject({
      amount: 1500,
      paymentMethod: 'pm_card_visa',
      description: 'Subscription creation',
    });
  });

  test('renewal: a draft invoice for the next period at the period end, charged an hour later', () => {
    const s = sandbox();
    const cus = s.customer();
    const sub = subscribe(s, cus, plan(s).id);
    s.account.clock.set(APRIL_2 - 1);
    expect(invoicesOf(s, sub.id)).toHaveLength(1);
    const mark = s.events.length;
    s.account.clock.set(APRIL_2);
    expect(s.since(mark)).toEqual(['invoice.created', 'customer.subscription.updated']);
    const updated = s.events[s.events.length - 1];
    expect(updated?.data.previous_attributes).toHaveProperty('items');
    const renewed = s.call<Stripe.Subscription>('GET', `/v1/subscriptions/${sub.id}`);
    expect(renewed.items.data[0]).toMatchObject({ current_period_start: APRIL_2, current_period_end: MAY_2 });
    const draft = s.invoice(String(renewed.latest_invoice));
    expect(draft).toMatchObject({
      status: 'draft',
      billing_reason: 'subscription_cycle',
      auto_advance: true,
      period_start: START,
      period_end: APRIL_2,
      created: APRIL_2,
      total: 1500,
    });
    expect(draft.lines.data[0]?.period).toEqual({ start: APRIL_2, end: MAY_2 });
    s.account.clock.advance(3600);
    expect(s.invoice(draft.id)).toMatchObject({ status: 'paid', amount_paid: 1500 });
    expect(s.payments.map((p) => p.description)).toEqual(['Subscription creation', 'Subscription update']);
  });

  test('a failed renewal leaves the invoice open and the subscription past_due', () => {
    const s = sandbox();
    const cus = s.customer();
    const sub = subscribe(s, cus, plan(s).id);
    s.account.update(cus, 'customer', {
      invoice_settings: {
        custom_fields: null,
        default_payment_method: 'pm_card_chargeCustomerFail',
        footer: null,
        rendering_options: null,
      },
    });
    s.account.clock.set(APRIL_2 + 3600);
    const latest = s.call<Stripe.Subscription>('GET', `/v1/subscriptions/${sub.id}`);
    expect(latest.status).toBe('past_due');
    expect(s.invoice(String(latest.latest_invoice))).toMatchObject({
      status: 'open',
      attempt_count: 1,
      amount_paid: 0,
    });
    const types = s.events.map((e) => e.type);
    expect(types.slice(types.lastIndexOf('invoice.payment_failed'))).toEqual([
      'invoice.payment_failed',
      'invoice.updated',
      'customer.subscription.updated',
    ]);
    expect(s.events[s.events.length - 1]?.data.previous_attributes).toEqual({ status: 'active' });
  });

  test('a declined first payment: incomplete (no error with allow_incomplete), expired after 23 hours', () => {
    const s = sandbox();
    const cus = s.customer();
    const sub = subscribe(s, cus, plan(s).id, { default_payment_method: 'pm_card_chargeDeclined' });
    const latest = s.call<Stripe.Subscription>('GET', `/v1/subscriptions/${sub.id}`);
    expect(latest.status).toBe('incomplete');
    expect(s.invoice(String(latest.latest_invoice)).status).toBe('open');
    expect(
      s.fails('POST', '/v1/subscriptions', {
        customer: cus,
        items: [{ price: latest.items.data[0]?.price.id ?? '' }],
        default_payment_method: 'pm_card_chargeDeclined',
        payment_behavior: 'error_if_incomplete',
      }).statusCode,
    ).toBe(402);
    s.account.clock.advance(23 * 3600);
    const expired = s.call<Stripe.Subscription>('GET', `/v1/subscriptions/${sub.id}`);
    expect(expired.status).toBe('incomplete_expired');
    expect(s.invoice(String(expired.latest_invoice)).status).toBe('void');
  });

  test('a trial: $0 first invoice, trial_will_end three days before, then a paid invoice', () => {
    const s = sandbox();
    const cus = s.customer();
    const sub = subscribe(s, cus, plan(s).id, { trial_period_days: '7' });
    expect(sub).toMatchObject({ status: 'trialing', trial_start: START, trial_end: START + 7 * DAY });
    const first = s.invoice(String(sub.latest_invoice));
    expect(first).toMatchObject({ status: 'paid', total: 0, amount_paid: 0 });
    expect(first.lines.data[0]?.description).toBe('Trial period for Pro');
    expect(s.payments).toHaveLength(0);
    expect(s.events.map((e) => e.type)).not.toContain('customer.subscription.trial_will_end');
    s.account.clock.set(START + 4 * DAY);
    expect(s.since(s.events.length - 1)).toEqual(['customer.subscription.trial_will_end']);
    s.account.clock.set(START + 7 * DAY + 3600);
    const active = s.call<Stripe.Subscription>('GET', `/v1/subscriptions/${sub.id}`);
    expect(active.status).toBe('active');
    expect(active.items.data[0]).toMatchObject({
      current_period_start: START + 7 * DAY,
      current_period_end: START + 7 * DAY + 31 * DAY,
    });
    expect(s.invoice(String(active.latest_invoice))).toMatchObject({ status: 'paid', amount_paid: 1500 });
  });

  test('a future billing_cycle_anchor prorates the first period', () => {
    const s = sandbox();
    const cus = s.customer();
    const anchor = START + 10 * DAY;
    const sub = subscribe(s, cus, plan(s).id, { billing_cycle_anchor: String(anchor) });
    // 1500 × 10 days / 31 days = 483.87 → 484.
    const invoice = s.invoice(String(sub.latest_invoice));
    expect(invoice.total).toBe(484);
    expect(invoice.lines.data[0]?.parent?.subscription_item_details?.proration).toBe(true);
    expect(sub.items.data[0]).toMatchObject({ current_period_start: START, current_period_end: anchor });
    s.account.clock.set(anchor + 3600);
    const renewed = s.call<Stripe.Subscription>('GET', `/v1/subscriptions/${sub.id}`);
    expect(s.invoice(String(renewed.latest_invoice))).toMatchObject({ total: 1500, status: 'paid' });
  });

  test('a once coupon discounts the first invoice only; tax rates on the subscription apply per line', () => {
    const s = sandbox();
    const cus = s.customer();
    const coupon = s.call<Stripe.Coupon>('POST', '/v1/coupons', { percent_off: '50', duration: 'once' });
    const tax = s.call<Stripe.TaxRate>('POST', '/v1/tax_rates', {
      display_name: 'Tax',
      percentage: '10',
      inclusive: 'false',
    });
    const sub = subscribe(s, cus, plan(s).id, { discounts: [{ coupon: coupon.id }], default_tax_rates: [tax.id] });
    // 1500 − 750 = 750, tax 75.
    expect(s.invoice(String(sub.latest_invoice))).toMatchObject({ total: 825, amount_paid: 825 });
    s.account.clock.set(APRIL_2 + 3600);
    const renewed = s.call<Stripe.Subscription>('GET', `/v1/subscriptions/${sub.id}`);
    expect(renewed.discounts).toEqual([]);
    expect(s.invoice(String(renewed.latest_invoice))).toMatchObject({ total: 1650, amount_paid: 1650 });
  });
});

describe('subscription changes', () => {
  test('a quantity change mid-period creates proration items billed at renewal', () => {
    const s = sandbox();
    const cus = s.customer();
    const sub = subscribe(s, cus, plan(s).id);
    const itemId = sub.items.data[0]?.id ?? '';
    s.account.clock.set(START + 15 * DAY);
    const mark = s.events.length;
    const updated = s.call<Stripe.Subscription>('POST', `/v1/subscriptions/${sub.id}`, {
      items: [{ id: itemId, quantity: '2' }],
    });
    expect(updated.items.data[0]?.quantity).toBe(2);
    expect(s.since(mark)).toEqual(['invoiceitem.created', 'invoiceitem.created', 'customer.subscription.updated']);
    const pending = s
      .call<ListObject<Stripe.InvoiceItem>>('GET', '/v1/invoiceitems', { pending: 'true' })
      .data.reverse();
    // 16 of 31 days remain: −1500 × 16/31 = −774.19 → −774; 3000 × 16/31 = 1548.39 → 1548.
    expect(pending.map((i) => [i.amount, i.proration])).toEqual([
      [-774, true],
      [1548, true],
    ]);
    expect(pending[0]?.parent).toEqual({
      type: 'subscription_details',
      subscription_details: { subscription: sub.id, subscription_item: itemId },
    });
    expect(pending[0]?.period).toEqual({ start: START + 15 * DAY, end: APRIL_2 });
    s.account.clock.set(APRIL_2 + 3600);
    const renewal = s.invoice(String(s.call<Stripe.Subscription>('GET', `/v1/subscriptions/${sub.id}`).latest_invoice));
    expect(renewal.lines.data.map((l) => [l.amount, l.parent?.subscription_item_details?.proration])).toEqual([
      [-774, true],
      [1548, true],
      [3000, false],
    ]);
    expect(renewal).toMatchObject({ total: 3774, amount_paid: 3774 });
  });

  test('proration_behavior always_invoice bills the change immediately', () => {
    const s = sandbox();
    const cus = s.customer();
    const sub = subscribe(s, cus, plan(s).id);
    s.account.clock.set(START + 15 * DAY);
    s.call('POST', `/v1/subscriptions/${sub.id}`, {
      items: [{ id: sub.items.data[0]?.id ?? '', quantity: '2' }],
      proration_behavior: 'always_invoice',
    });
    const invoice = s.invoice(String(s.call<Stripe.Subscription>('GET', `/v1/subscriptions/${sub.id}`).latest_invoice));
    expect(invoice).toMatchObject({ billing_reason: 'subscription_update', total: 774, status: 'paid' });
  });

  test('cancel_at_period_end ends it at the period end without a new invoice; DELETE ends it now', () => {
    const s = sandbox();
    const cus = s.customer();
    const price = plan(s);
    const sub = subscribe(s, cus, price.id);
    const later = s.call<Stripe.Subscription>('POST', `/v1/subscriptions/${sub.id}`, { cancel_at_period_end: 'true' });
    expect(later).toMatchObject({ cancel_at_period_end: true, cancel_at: APRIL_2, status: 'active' });
    s.account.clock.set(APRIL_2 + 7200);
    const ended = s.call<Stripe.Subscription>('GET', `/v1/subscriptions/${sub.id}`);
    expect(ended).toMatchObject({ status: 'canceled', ended_at: APRIL_2 });
    expect(invoicesOf(s, sub.id)).toHaveLength(1);
    expect(s.events.filter((e) => e.type === 'customer.subscription.deleted')).toHaveLength(1);

    const now = subscribe(s, cus, price.id);
    const mark = s.events.length;
    const canceled = s.call<Stripe.Subscription>('DELETE', `/v1/subscriptions/${now.id}`, {
      cancellation_details: { comment: 'Too pricey' },
    });
    expect(canceled).toMatchObject({ status: 'canceled', canceled_at: APRIL_2 + 7200 });
    expect(canceled.cancellation_details).toMatchObject({ comment: 'Too pricey', reason: 'cancellation_requested' });
    expect(s.since(mark)).toEqual(['customer.subscription.deleted']);
    expect(s.call<ListObject<Stripe.Subscription>>('GET', '/v1/subscriptions', { customer: cus }).data).toEqual([]);
    expect(
      s.call<ListObject<Stripe.Subscription>>('GET', '/v1/subscriptions', { customer: cus, status: 'all' }).data,
    ).toHaveLength(2);
  });

  test('plans are usable as prices; metadata updates emit customer.subscription.updated', () => {
    const s = sandbox();
    const cus = s.customer();
    const legacy = s.call<Stripe.Plan>('POST', '/v1/plans', {
      currency: 'usd',
      interval: 'month',
      amount: '2000',
      product: { name: 'Legacy' },
    });
    const sub = s.call<Stripe.Subscription>('POST', '/v1/subscriptions', {
      customer: cus,
      items: [{ plan: legacy.id, quantity: '2' }],
    });
    expect(sub.items.data[0]?.plan).toMatchObject({ id: legacy.id, object: 'plan', amount: 2000, interval: 'month' });
    expect(s.invoice(String(sub.latest_invoice)).total).toBe(4000);
    const mark = s.events.length;
    s.call('POST', `/v1/subscriptions/${sub.id}`, { metadata: { foo: 'bar' } });
    expect(s.since(mark)).toEqual(['customer.subscription.updated']);
    expect(s.events[mark]?.data.previous_attributes).toEqual({ metadata: {} });
  });
});

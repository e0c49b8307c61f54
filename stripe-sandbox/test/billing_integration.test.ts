import type Stripe from 'stripe';
import { SandboxAccount } from '../src/core/account';
import type { ResourceModule } from '../src/core/routes';
import * as balanceTransactions from '../src/resources/balanceTransactions';
import * as charges from '../src/resources/charges';
import * as coupons from '../src/resources/coupons';
import * as creditNotes from '../src/resources/creditNotes';
import * as customers from '../src/resources/customers';
import * as invoiceItems from '../src/resources/invoiceItems';
import * as invoicePayments from '../src/resources/invoicePayments';
import * as invoices from '../src/resources/invoices';
import * as paymentIntents from '../src/resources/paymentIntents';
import * as paymentMethods from '../src/resources/paymentMethods';
import * as prices from '../src/resources/prices';
import * as products from '../src/resources/products';
import * as refunds from '../src/resources/refunds';
import * as subscriptions from '../src/resources/subscriptions';
import * as taxRates from '../src/resources/taxRates';
import { moduleSandbox } from './helpers/modules';

// Billing with the real payment modules (customers, payment methods, intents, charges, refunds).
const MODULES: ResourceModule[] = [
  balanceTransactions,
  customers,
  paymentMethods,
  paymentIntents,
  charges,
  refunds,
  products,
  prices,
  coupons,
  taxRates,
  invoiceItems,
  invoices,
  invoicePayments,
  creditNotes,
  subscriptions,
];
const START = Date.UTC(2026, 2, 2, 10) / 1000;

function sandbox() {
  const box = moduleSandbox(new SandboxAccount({ seed: 5, now: START }), MODULES);
  const { call } = box;
  function customer(card = 'pm_card_visa'): string {
    const cus = call<Stripe.Customer>('POST', '/v1/customers', { email: 'jenny@example.com' });
    const pm = call<Stripe.PaymentMethod>('POST', `/v1/payment_methods/${card}/attach`, { customer: cus.id });
    call('POST', `/v1/customers/${cus.id}`, { invoice_settings: { default_payment_method: pm.id } });
    return cus.id;
  }
  return { ...box, customer };
}

test('an invoice paid through the payments module, then refunded by a credit note', () => {
  const s = sandbox();
  const cus = s.customer();
  s.call('POST', '/v1/invoiceitems', { customer: cus, amount: '2000', currency: 'usd' });
  const inv = s.call<Stripe.Invoice>('POST', '/v1/invoices', {
    customer: cus,
    pending_invoice_items_behavior: 'include',
  });
  const paid = s.call<Stripe.Invoice>('POST', `/v1/invoices/${inv.id}/pay`);
  expect(paid).toMatchObject({ status: 'paid', amount_paid: 2000 });
  const intentId = String(paid.payments?.data[0]?.payment.payment_intent);
  const intent = s.call<Stripe.PaymentIntent>('GET', `/v1/payment_intents/${intentId}`);
  expect(intent).toMatchObject({ status: 'succeeded', amount: 2000, customer: cus });
  const cn = s.call<Stripe.CreditNote>('POST', '/v1/credit_notes', {
    invoice: inv.id,
    amount: '500',
    refund_amount: '500',
  });
  const refund = s.call<Stripe.Refund>('GET', `/v1/refunds/${String(cn.refunds[0]?.refund)}`);
  expect(refund).toMatchObject({ amount: 500, charge: intent.latest_charge });
  expect(s.events.map((e) => e.type)).toEqual(
    expect.arrayContaining(['charge.succeeded', 'invoice.paid', 'charge.refunded', 'credit_note.created']),
  );
});

test('declines and 3D Secure cards through the payments module', () => {
  const s = sandbox();
  for (const [card, event, code] of [
    ['pm_card_chargeDeclined', 'invoice.payment_failed', 'card_declined'],
    ['pm_card_threeDSecure2Required', 'invoice.payment_action_required', 'invoice_payment_intent_requires_action'],
  ] as const) {
    const cus = s.customer(card);
    s.call('POST', '/v1/invoiceitems', { customer: cus, amount: '2000', currency: 'usd' });
    const inv = s.call<Stripe.Invoice>('POST', '/v1/invoices', {
      customer: cus,
      pending_invoice_items_behavior: 'include',
    });
    const error = s.fails('POST', `/v1/invoices/${inv.id}/pay`);
    expect([error.statusCode, error.type, error.extra.code]).toEqual([402, 'card_error', code]);
    expect(s.events.map((e) => e.type)).toContain(event);
  }
});

test('a subscription renews and is charged through the payments module', () => {
  const s = sandbox();
  const cus = s.customer();
  const product = s.call<Stripe.Product>('POST', '/v1/products', { name: 'Pro' });
  const price = s.call<Stripe.Price>('POST', '/v1/prices', {
    product: product.id,
    currency: 'usd',
    unit_amount: '1500',
    recurring: { interval: 'month' },
  });
  const sub = s.call<Stripe.Subscription>('POST', '/v1/subscriptions', { customer: cus, items: [{ price: price.id }] });
  expect(sub.status).toBe('active');
  s.account.clock.set(START + 31 * 86400 + 3600);
  const renewed = s.call<Stripe.Subscription>('GET', `/v1/subscriptions/${sub.id}`);
  expect(s.call<Stripe.Invoice>('GET', `/v1/invoices/${String(renewed.latest_invoice)}`)).toMatchObject({
    status: 'paid',
    amount_paid: 1500,
  });
});

import type Stripe from 'stripe';
import type { ListObject } from '../src/core/list';
import type { RawParams } from '../src/core/params';
import type { ResourceModule } from '../src/core/routes';
import * as coupons from '../src/resources/coupons';
import * as creditNotes from '../src/resources/creditNotes';
import * as invoiceItems from '../src/resources/invoiceItems';
import * as invoicePayments from '../src/resources/invoicePayments';
import * as invoices from '../src/resources/invoices';
import * as prices from '../src/resources/prices';
import * as products from '../src/resources/products';
import type { Stored } from '../src/resources/products';
import * as taxRates from '../src/resources/taxRates';
import { billingSandbox, START } from './helpers/billing';

const MODULES: ResourceModule[] = [
  products,
  prices,
  coupons,
  taxRates,
  invoiceItems,
  invoices,
  invoicePayments,
  creditNotes,
];

/** A sandbox with my modules, fake customers and fake `pay`/`refund` services (payments are another module). */
const sandbox = () => billingSandbox(MODULES);

type Box = ReturnType<typeof sandbox>;

function item(s: Box, customer: string, raw: RawParams): Stripe.InvoiceItem {
  return s.call<Stripe.InvoiceItem>('POST', '/v1/invoiceitems', { customer, currency: 'usd', ...raw });
}

function draft(s: Box, customer: string, raw: RawParams = {}): Stripe.Invoice {
  return s.call<Stripe.Invoice>('POST', '/v1/invoices', {
    customer,
    pending_invoice_items_behavior: 'include',
    ...raw,
  });
}

describe('invoice items', () => {
  test('pending items join the next invoice with include, not with the default exclude', () => {
    const s = sandbox();
    const cus = s.customer();
    const ii = item(s, cus, { amount: '2000', description: 'Setup' });
    expect(ii).toMatchObject({ invoice: null, amount: 2000, quantity: 1, proration: false, discountable: true });
    const excluded = s.call<Stripe.Invoice>('POST', '/v1/invoices', { customer: cus });
    expect(excluded.lines.data).toHaveLength(0);
    const inv = draft(s, cus);
    expect(inv.lines.data.map((l) => l.amount)).toEqual([2000]);
    expect(inv.lines.data[0]?.parent).toMatchObject({
      type: 'invoice_item_details',
      invoice_item_details: { invoice_item: ii.id, proration: false },
    });
    expect(s.call<Stripe.InvoiceItem>('GET', `/v1/invoiceitems/${ii.id}`).invoice).toBe(inv.id);
    expect(s.since(0)).toEqual(['invoiceitem.created', 'invoice.created', 'invoice.created']);
  });

  test('price-based items: unit amount × quantity, one-time prices only, product name as description', () => {
    const s = sandbox();
    const cus = s.customer();
    const prod = s.call<Stripe.Product>('POST', '/v1/products', { name: 'Widget' });
    const once = s.call<Stripe.Price>('POST', '/v1/prices', { product: prod.id, currency: 'usd', unit_amount: '1250' });
    const monthly = s.call<Stripe.Price>('POST', '/v1/prices', {
      product: prod.id,
      currency: 'usd',
      unit_amount: '900',
      recurring: { interval: 'month' },
    });
    const ii = s.call<Stripe.InvoiceItem>('POST', '/v1/invoiceitems', {
      customer: cus,
      pricing: { price: once.id },
      quantity: '3',
    });
    expect(ii).toMatchObject({ amount: 3750, currency: 'usd', description: 'Widget', quantity: 3 });
    expect(ii.pricing).toEqual({
      type: 'price_details',
      price_details: { price: once.id, product: prod.id },
      unit_amount_decimal: '1250',
    });
    expect(s.fails('POST', '/v1/invoiceitems', { customer: cus, pricing: { price: monthly.id } }).message).toContain(
      'type=one_time',
    );
    expect(
      s.fails('POST', '/v1/invoiceitems', { customer: cus, amount: '1', currency: 'usd', bogus: 'x' }).extra.code,
    ).toBe('parameter_unknown');
  });

  test('update and delete only while pending or on a draft; events carry previous attributes', () => {
    const s = sandbox();
    const cus = s.customer();
    const ii = item(s, cus, { amount: '1000' });
    const inv = draft(s, cus);
    const before = s.events.length;
    s.call('POST', `/v1/invoiceitems/${ii.id}`, { amount: '1500', metadata: { k: 'v' } });
    const updated = s.events[before];
    expect(updated?.type).toBe('invoiceitem.updated');
    expect(updated?.data.previous_attributes).toMatchObject({ amount: 1000, metadata: {} });
    expect(s.invoice(inv.id).total).toBe(1500);
    s.call('POST', `/v1/invoices/${inv.id}/finalize`);
    expect(s.fails('POST', `/v1/invoiceitems/${ii.id}`, { amount: '1' }).extra.code).toBe('invoice_not_editable');
    expect(s.fails('DELETE', `/v1/invoiceitems/${ii.id}`).extra.code).toBe('invoice_not_editable');
    const other = item(s, cus, { amount: '300' });
    expect(s.call('DELETE', `/v1/invoiceitems/${other.id}`)).toEqual({
      id: other.id,
      object: 'invoiceitem',
      deleted: true,
    });
    expect(s.since(s.events.length - 1)).toEqual(['invoiceitem.deleted']);
  });
});

describe('invoice totals: discounts and tax rates', () => {
  test('percent coupon per line, exclusive tax per line on the discounted amount', () => {
    const s = sandbox();
    const cus = s.customer();
    const coupon = s.call<Stripe.Coupon>('POST', '/v1/coupons', { percent_off: '10', duration: 'once' });
    const salesTax = s.call<Stripe.TaxRate>('POST', '/v1/tax_rates', {
      display_name: 'Sales tax',
      percentage: '8.25',
      inclusive: 'false',
    });
    const gst = s.call<Stripe.TaxRate>('POST', '/v1/tax_rates', {
      display_name: 'GST',
      percentage: '5',
      inclusive: 'false',
    });
    const prod = s.call<Stripe.Product>('POST', '/v1/products', { name: 'Seat' });
    const price = s.call<Stripe.Price>('POST', '/v1/prices', {
      product: prod.id,
      currency: 'usd',
      unit_amount: '1500',
    });
    item(s, cus, { amount: '2000', tax_rates: [salesTax.id] });
    s.call('POST', '/v1/invoiceitems', { customer: cus, pricing: { price: price.id }, quantity: '3' });
    const inv = draft(s, cus, { discounts: [{ coupon: coupon.id }], default_tax_rates: [gst.id] });
    // Line 1: 2000 − 200 = 1800, 8.25% → 148.5 → 149. Line 2: 4500 − 450 = 4050, 5% → 202.5 → 203.
    const [first, second] = inv.lines.data;
    expect(first?.discount_amounts?.map((d) => d.amount)).toEqual([200]);
    expect(second?.discount_amounts?.map((d) => d.amount)).toEqual([450]);
    expect(first?.taxes).toEqual([
      {
        amount: 149,
        tax_behavior: 'exclusive',
        tax_rate_details: { tax_rate: salesTax.id },
        taxability_reason: 'standard_rated',
        taxable_amount: 1800,
        type: 'tax_rate_details',
      },
    ]);
    expect(second?.taxes?.map((t) => [t.amount, t.taxable_amount])).toEqual([[203, 4050]]);
    expect(inv).toMatchObject({
      subtotal: 6500,
      total_excluding_tax: 5850,
      total: 6202,
      amount_due: 6202,
      amount_remaining: 6202,
    });
    expect(inv.total_discount_amounts).toEqual([{ amount: 650, discount: inv.discounts[0] }]);
    expect(inv.total_taxes?.map((t) => [t.tax_rate_details?.tax_rate, t.amount, t.taxable_amount])).toEqual([
      [salesTax.id, 149, 1800],
      [gst.id, 203, 4050],
    ]);
    const discount = s.call<{ id: string }>('GET', '/v1/coupons/' + coupon.id);
    expect(discount).toMatchObject({ times_redeemed: 1 });
  });

  test('an amount_off coupon is spread over lines in proportion, the remainder to the largest fraction', () => {
    const s = sandbox();
    const cus = s.customer();
    const coupon = s.call<Stripe.Coupon>('POST', '/v1/coupons', { amount_off: '500', currency: 'usd', id: 'FIVE' });
    item(s, cus, { amount: '1000' });
    item(s, cus, { amount: '2000' });
    const inv = draft(s, cus, { discounts: [{ coupon: 'FIVE' }] });
    // 500 × 1000/3000 = 166.67, 500 × 2000/3000 = 333.33 → 166 + 333 = 499, the spare cent to the first line.
    expect(inv.lines.data.map((l) => l.discount_amounts?.[0]?.amount)).toEqual([167, 333]);
    expect(inv.total).toBe(2500);
    expect(coupon.id).toBe('FIVE');
    const eur = s.customer();
    s.call('POST', '/v1/invoiceitems', { customer: eur, amount: '1000', currency: 'eur' });
    expect(
      s.fails('POST', '/v1/invoices', {
        customer: eur,
        pending_invoice_items_behavior: 'include',
        discounts: [{ coupon: 'FIVE' }],
      }).message,
    ).toContain('does not match');
  });

  test('inclusive tax in a zero-decimal currency: the tax is inside the amount', () => {
    const s = sandbox();
    const cus = s.customer();
    const vat = s.call<Stripe.TaxRate>('POST', '/v1/tax_rates', {
      display_name: 'JCT',
      percentage: '10',
      inclusive: 'true',
    });
    s.call('POST', '/v1/invoiceitems', { customer: cus, amount: '1100', currency: 'jpy', tax_rates: [vat.id] });
    const inv = draft(s, cus);
    // ¥1,100 including 10%: tax = 1100 × 10/110 = ¥100 on a taxable ¥1,000.
    expect(inv.currency).toBe('jpy');
    expect(inv.lines.data[0]?.taxes?.map((t) => [t.amount, t.taxable_amount, t.tax_behavior])).toEqual([
      [100, 1000, 'inclusive'],
    ]);
    expect(inv).toMatchObject({ subtotal: 1100, total: 1100, total_excluding_tax: 1000, amount_due: 1100 });
  });
});

describe('invoice lifecycle', () => {
  test('finalize numbers the invoice and opens it; pay charges it with events in order', () => {
    const s = sandbox();
    const cus = s.customer();
    item(s, cus, { amount: '2000' });
    const inv = draft(s, cus);
    expect(inv).toMatchObject({ status: 'draft', number: null, auto_advance: false, billing_reason: 'manual' });
    const mark = s.events.length;
    const open = s.call<Stripe.Invoice>('POST', `/v1/invoices/${inv.id}/finalize`);
    expect(open.status).toBe('open');
    expect(open.number).toMatch(/^[A-Z0-9]{8}-0001$/);
    expect(open.status_transitions.finalized_at).toBe(START);
    expect(s.since(mark)).toEqual(['invoice.finalized']);
    const paid = s.call<Stripe.Invoice>('POST', `/v1/invoices/${inv.id}/pay`, { payment_method: 'pm_card_visa' });
    expect(s.since(mark + 1)).toEqual([
      'charge.succeeded',
      'payment_intent.succeeded',
      'invoice_payment.paid',
      'invoice.paid',
      'invoice.payment_succeeded',
      'invoice.updated',
    ]);
    expect(paid).toMatchObject({
      status: 'paid',
      amount_paid: 2000,
      amount_remaining: 0,
      attempt_count: 1,
      attempted: true,
    });
    expect(s.payments[0]).toMatchObject({
      amount: 2000,
      currency: 'usd',
      customer: cus,
      paymentMethod: 'pm_card_visa',
      invoice: inv.id,
    });
    const payment = paid.payments?.data[0];
    expect(payment).toMatchObject({
      object: 'invoice_payment',
      amount_paid: 2000,
      status: 'paid',
      invoice: inv.id,
      is_default: true,
    });
    const listed = s.call<ListObject<Stripe.InvoicePayment>>('GET', '/v1/invoice_payments', { invoice: inv.id });
    expect(listed.data.map((p) => p.id)).toEqual([payment?.id]);
    expect(listed.data[0]?.payment.payment_intent).toMatch(/^pi_/);
    const updated = s.events[s.events.length - 1];
    expect(updated?.data.previous_attributes).toMatchObject({ status: 'open', amount_paid: 0, amount_remaining: 2000 });
    expect(s.fails('POST', `/v1/invoices/${inv.id}/pay`).message).toContain('already paid');
    // A second invoice for the same customer takes the next number.
    item(s, cus, { amount: '10' });
    const next = s.call<Stripe.Invoice>('POST', `/v1/invoices/${draft(s, cus).id}/finalize`);
    expect(next.number?.slice(-4)).toBe('0002');
  });

  test('pay without a payment method uses the customer default; a decline is a 402 and invoice.payment_failed', () => {
    const s = sandbox();
    const cus = s.customer({
      invoice_settings: {
        custom_fields: null,
        default_payment_method: 'pm_card_chargeCustomerFail',
        footer: null,
        rendering_options: null,
      },
    });
    item(s, cus, { amount: '2000' });
    const inv = draft(s, cus);
    const mark = s.events.length;
    const error = s.fails('POST', `/v1/invoices/${inv.id}/pay`);
    expect(error.statusCode).toBe(402);
    expect(error.type).toBe('card_error');
    expect(error.extra).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });
    expect(s.since(mark)).toEqual([
      'invoice.finalized',
      'charge.failed',
      'payment_intent.payment_failed',
      'invoice.payment_failed',
      'invoice.updated',
    ]);
    expect(s.invoice(inv.id)).toMatchObject({ status: 'open', attempt_count: 1, attempted: true, amount_paid: 0 });
    expect(s.call<ListObject<Stripe.InvoicePayment>>('GET', '/v1/invoice_payments', { invoice: inv.id }).data).toEqual(
      [],
    );
  });

  test('paid out of band, void, mark uncollectible, send, delete', () => {
    const s = sandbox();
    const cus = s.customer();
    const make = (raw: RawParams = {}) => {
      item(s, cus, { amount: '700' });
      return draft(s, cus, raw);
    };
    const oob = make();
    const mark = s.events.length;
    expect(s.call<Stripe.Invoice>('POST', `/v1/invoices/${oob.id}/pay`, { paid_out_of_band: 'true' })).toMatchObject({
      status: 'paid',
      amount_paid: 700,
    });
    expect(s.since(mark)).toEqual(['invoice.finalized', 'invoice.paid', 'invoice.updated']);
    expect(s.payments).toHaveLength(0);

    const voided = make();
    expect(s.fails('POST', `/v1/invoices/${voided.id}/void`).message).toContain('open');
    s.call('POST', `/v1/invoices/${voided.id}/finalize`);
    const v = s.call<Stripe.Invoice>('POST', `/v1/invoices/${voided.id}/void`);
    expect(v).toMatchObject({ status: 'void', auto_advance: false });
    expect(v.status_transitions.voided_at).toBe(START);
    expect(s.since(s.events.length - 2)).toEqual(['invoice.voided', 'invoice.updated']);

    const bad = make();
    s.call('POST', `/v1/invoices/${bad.id}/finalize`);
    const u = s.call<Stripe.Invoice>('POST', `/v1/invoices/${bad.id}/mark_uncollectible`);
    expect(u.status).toBe('uncollectible');
    expect(s.since(s.events.length - 2)).toEqual(['invoice.marked_uncollectible', 'invoice.updated']);
    // An uncollectible invoice can still be paid.
    expect(s.call<Stripe.Invoice>('POST', `/v1/invoices/${bad.id}/pay`).status).toBe('paid');

    const sent = make({ collection_method: 'send_invoice', days_until_due: '7' });
    expect(sent.due_date).toBe(START + 7 * 86400);
    s.call('POST', `/v1/invoices/${sent.id}/send`);
    expect(s.since(s.events.length - 2)).toEqual(['invoice.finalized', 'invoice.sent']);
    expect(s.fails('POST', '/v1/invoices', { customer: cus, collection_method: 'send_invoice' }).extra.param).toBe(
      'days_until_due',
    );

    const gone = make();
    const items = gone.lines.data.length;
    expect(items).toBe(1);
    expect(s.call('DELETE', `/v1/invoices/${gone.id}`)).toEqual({ id: gone.id, object: 'invoice', deleted: true });
    expect(s.since(s.events.length - 1)).toEqual(['invoice.deleted']);
    expect(s.fails('GET', `/v1/invoices/${gone.id}`).statusCode).toBe(404);
  });

  test('after finalization only metadata-like fields change, with previous_attributes', () => {
    const s = sandbox();
    const cus = s.customer();
    item(s, cus, { amount: '700' });
    const inv = draft(s, cus);
    s.call('POST', `/v1/invoices/${inv.id}/finalize`);
    const mark = s.events.length;
    s.call('POST', `/v1/invoices/${inv.id}`, { metadata: { foo: 'bar' }, description: 'Thanks' });
    expect(s.events[mark]?.type).toBe('invoice.updated');
    expect(s.events[mark]?.data.previous_attributes).toEqual({ description: null, metadata: {} });
    expect(s.fails('POST', `/v1/invoices/${inv.id}`, { discounts: '' }).message).toContain("can't be updated");
  });

  test('auto_advance: finalized and charged an hour after creation; without it the draft stays', () => {
    const s = sandbox();
    const cus = s.customer();
    item(s, cus, { amount: '1200' });
    const auto = draft(s, cus, { auto_advance: 'true' });
    expect(auto.automatically_finalizes_at).toBe(START + 3600);
    item(s, cus, { amount: '1300' });
    const manual = draft(s, cus);
    s.account.clock.advance(3599);
    expect(s.invoice(auto.id).status).toBe('draft');
    s.account.clock.advance(1);
    expect(s.invoice(auto.id)).toMatchObject({ status: 'paid', amount_paid: 1200 });
    s.account.clock.advance(7200);
    expect(s.invoice(manual.id).status).toBe('draft');
  });

  test('lines list paginates and list filters by customer and status', () => {
    const s = sandbox();
    const cus = s.customer();
    for (let i = 1; i <= 3; i++) item(s, cus, { amount: String(i * 100) });
    const inv = draft(s, cus);
    const page = s.call<ListObject<Stripe.InvoiceLineItem>>('GET', `/v1/invoices/${inv.id}/lines`, { limit: '2' });
    expect(page.data.map((l) => l.amount)).toEqual([100, 200]);
    expect(page.has_more).toBe(true);
    const other = s.customer();
    draft(s, other);
    expect(s.call<ListObject<Stripe.Invoice>>('GET', '/v1/invoices', { customer: cus }).data.map((i) => i.id)).toEqual([
      inv.id,
    ]);
    expect(s.call<ListObject<Stripe.Invoice>>('GET', '/v1/invoices', { status: 'open' }).data).toEqual([]);
  });

  test('a customer credit balance is applied at finalization', () => {
    const s = sandbox();
    const cus = s.customer({ balance: -500 });
    item(s, cus, { amount: '2000' });
    const inv = s.call<Stripe.Invoice>('POST', `/v1/invoices/${draft(s, cus).id}/finalize`);
    expect(inv).toMatchObject({ total: 2000, starting_balance: -500, ending_balance: 0, amount_due: 1500 });
    expect(s.account.get<Stored<Stripe.Customer>>(cus, 'customer').balance).toBe(0);
  });
});

describe('credit notes', () => {
  function openInvoice(s: Box, cus: string, amount = 2000): Stripe.Invoice {
    item(s, cus, { amount: String(amount) });
    return s.call<Stripe.Invoice>('POST', `/v1/invoices/${draft(s, cus).id}/finalize`);
  }

  test('on an open invoice a credit note reduces what is due (pre-payment); voiding restores it', () => {
    const s = sandbox();
    const cus = s.customer();
    const inv = openInvoice(s, cus);
    const mark = s.events.length;
    const cn = s.call<Stripe.CreditNote>('POST', '/v1/credit_notes', {
      invoice: inv.id,
      lines: [{ type: 'custom_line_item', unit_amount: '1000', quantity: '1', description: 'Goodwill' }],
      reason: 'order_change',
      memo: 'Sorry',
    });
    expect(cn).toMatchObject({
      amount: 1000,
      total: 1000,
      subtotal: 1000,
      pre_payment_amount: 1000,
      post_payment_amount: 0,
      type: 'pre_payment',
      status: 'issued',
      number: `${inv.number}-CN-01`,
      reason: 'order_change',
      memo: 'Sorry',
    });
    expect(cn.lines.data[0]).toMatchObject({ type: 'custom_line_item', amount: 1000, unit_amount: 1000, quantity: 1 });
    expect(s.since(mark)).toEqual(['credit_note.created', 'invoice.updated']);
    expect(s.invoice(inv.id)).toMatchObject({
      status: 'open',
      amount_due: 1000,
      amount_remaining: 1000,
      pre_payment_credit_notes_amount: 1000,
      post_payment_credit_notes_amount: 0,
    });
    s.call('POST', `/v1/credit_notes/${cn.id}`, { metadata: { foo: 'bar' } });
    expect(s.events[s.events.length - 1]?.type).toBe('credit_note.updated');
    const voided = s.call<Stripe.CreditNote>('POST', `/v1/credit_notes/${cn.id}/void`);
    expect(voided).toMatchObject({ status: 'void', voided_at: START });
    expect(s.invoice(inv.id)).toMatchObject({
      amount_due: 2000,
      amount_remaining: 2000,
      pre_payment_credit_notes_amount: 0,
    });
    expect(s.since(s.events.length - 2)).toEqual(['credit_note.voided', 'invoice.updated']);
  });

  test('crediting the whole remaining amount marks the invoice paid', () => {
    const s = sandbox();
    const inv = openInvoice(s, s.customer());
    s.call('POST', '/v1/credit_notes', { invoice: inv.id, amount: '2000' });
    expect(s.invoice(inv.id)).toMatchObject({ status: 'paid', amount_paid: 0, amount_remaining: 0 });
  });

  test('on a paid invoice: refund, customer balance credit and out-of-band must add up (post-payment)', () => {
    const s = sandbox();
    const cus = s.customer();
    const inv = openInvoice(s, cus);
    s.call('POST', `/v1/invoices/${inv.id}/pay`);
    const lineId = inv.lines.data[0]?.id ?? '';
    const mismatch = s.fails('POST', '/v1/credit_notes', {
      invoice: inv.id,
      lines: [{ type: 'invoice_line_item', invoice_line_item: lineId, amount: '1000' }],
      refund_amount: '500',
    });
    expect(mismatch.message).toContain('must equal');
    const cn = s.call<Stripe.CreditNote>('POST', '/v1/credit_notes', {
      invoice: inv.id,
      lines: [{ type: 'invoice_line_item', invoice_line_item: lineId, amount: '1000' }],
      refund_amount: '500',
      credit_amount: '300',
      out_of_band_amount: '200',
      reason: 'duplicate',
    });
    expect(cn).toMatchObject({
      type: 'post_payment',
      pre_payment_amount: 0,
      post_payment_amount: 1000,
      out_of_band_amount: 200,
    });
    expect(cn.lines.data[0]).toMatchObject({ type: 'invoice_line_item', invoice_line_item: lineId, amount: 1000 });
    expect(s.refunds).toEqual([
      { charge: expect.stringMatching(/^ch_/), amount: 500, reason: 'duplicate', metadata: {} },
    ]);
    expect(cn.refunds).toEqual([
      { amount_refunded: 500, payment_record_refund: null, refund: expect.stringMatching(/^re_/), type: 'refund' },
    ]);
    expect(cn.customer_balance_transaction).toMatch(/^cbtxn_/);
    expect(s.account.get<Stored<Stripe.Customer>>(cus, 'customer').balance).toBe(-300);
    expect(s.invoice(inv.id)).toMatchObject({
      status: 'paid',
      post_payment_credit_notes_amount: 1000,
      amount_remaining: 0,
    });
    // Only 1000 of 2000 is left to credit.
    expect(
      s.fails('POST', '/v1/credit_notes', { invoice: inv.id, amount: '1500', out_of_band_amount: '1500' }).message,
    ).toContain('exceeds');
    expect(
      s.call<ListObject<Stripe.CreditNote>>('GET', '/v1/credit_notes', { invoice: inv.id }).data.map((c) => c.id),
    ).toEqual([cn.id]);
  });

  test('crediting a taxed, discounted line credits its share of the discount and tax; preview has no effects', () => {
    const s = sandbox();
    const cus = s.customer();
    const coupon = s.call<Stripe.Coupon>('POST', '/v1/coupons', { percent_off: '50' });
    const tax = s.call<Stripe.TaxRate>('POST', '/v1/tax_rates', {
      display_name: 'VAT',
      percentage: '20',
      inclusive: 'false',
    });
    item(s, cus, { amount: '1000', quantity: '4', tax_rates: [tax.id] });
    const inv = s.call<Stripe.Invoice>(
      'POST',
      `/v1/invoices/${draft(s, cus, { discounts: [{ coupon: coupon.id }] }).id}/finalize`,
    );
    // 1000 − 500 = 500, VAT 100 → total 600.
    expect(inv.total).toBe(600);
    const lineId = inv.lines.data[0]?.id ?? '';
    const raw = { invoice: inv.id, lines: [{ type: 'invoice_line_item', invoice_line_item: lineId, quantity: '1' }] };
    const preview = s.call<Stripe.CreditNote>('GET', '/v1/credit_notes/preview', raw);
    // A quarter of the line: 250 gross, 125 discount, 25 tax → 150.
    expect(preview).toMatchObject({ subtotal: 250, discount_amount: 125, total: 150, pre_payment_amount: 150 });
    expect(s.invoice(inv.id).amount_due).toBe(600);
    const cn = s.call<Stripe.CreditNote>('POST', '/v1/credit_notes', raw);
    expect(cn.total_taxes?.map((t) => t.amount)).toEqual([25]);
    expect(s.invoice(inv.id).amount_remaining).toBe(450);
  });
});

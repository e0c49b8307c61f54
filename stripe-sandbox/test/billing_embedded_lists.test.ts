import type Stripe from 'stripe';
import { StripeSandbox } from '../src/sandbox';

// Embedded lists show the first 10 items with has_more and a url that pages them all: API reference,
// "Retrieve an invoice's line items" ("the first handful of those items. There is also a URL where you can
// retrieve the full (paginated) list"); 10 per Stripe staff in stripe/stripe-php#1400.

const START = Date.UTC(2026, 2, 2, 10) / 1000;
type List<T> = { object: 'list'; data: T[]; has_more: boolean; url: string };

function setup() {
  const sandbox = new StripeSandbox({ seed: 5, now: START });
  const events: Stripe.Event[] = [];
  sandbox.account.onEvent((event) => events.push(event));
  const ok = <T>(method: 'GET' | 'POST', path: string, params: Parameters<StripeSandbox['request']>[2] = {}): T => {
    const result = sandbox.request(method, path, params);
    if (result.status !== 200) throw new Error(`${method} ${path}: ${JSON.stringify(result.body)}`);
    return result.body as T;
  };
  const customer = ok<Stripe.Customer>('POST', '/v1/customers', { name: 'Ada' });
  /** A draft invoice of `n` one-dollar-step items. */
  const invoiceOf = (n: number): Stripe.Invoice => {
    for (let i = 1; i <= n; i++)
      ok('POST', '/v1/invoiceitems', { customer: customer.id, amount: 100 * i, currency: 'usd', description: `#${i}` });
    return ok<Stripe.Invoice>('POST', '/v1/invoices', {
      customer: customer.id,
      pending_invoice_items_behavior: 'include',
      auto_advance: 'false',
    });
  };
  return { sandbox, events, ok, customer, invoiceOf };
}

describe('embedded lists hold 10 items with has_more; the url pages all', () => {
  test('invoice.lines of 12 lines: the first 10, has_more true, the lines url', () => {
    const { ok, invoiceOf } = setup();
    const invoice = invoiceOf(12);
    const fetched = ok<Stripe.Invoice>('GET', `/v1/invoices/${invoice.id}`);
    for (const shown of [invoice, fetched]) {
      expect(shown.lines.data).toHaveLength(10);
      expect(shown.lines.has_more).toBe(true);
      expect(shown.lines.url).toBe(`/v1/invoices/${invoice.id}/lines`);
    }
  });

  test('GET /v1/invoices/:id/lines pages all 12 lines', () => {
    const { ok, invoiceOf } = setup();
    const invoice = invoiceOf(12);
    const all = ok<List<Stripe.InvoiceLineItem>>('GET', `/v1/invoices/${invoice.id}/lines`, { limit: 100 });
    expect(all).toMatchObject({ has_more: false });
    expect(all.data.map((l) => l.amount).sort((a, b) => a - b)).toEqual([
      100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200,
    ]);
    const first = ok<List<Stripe.InvoiceLineItem>>('GET', `/v1/invoices/${invoice.id}/lines`);
    const rest = ok<List<Stripe.InvoiceLineItem>>('GET', `/v1/invoices/${invoice.id}/lines`, {
      starting_after: String(first.data.at(-1)?.id),
    });
    expect([first.data.length, first.has_more, rest.data.length, rest.has_more]).toEqual([10, true, 2, false]);
  });

  test('an invoice of 10 lines shows them all with has_more false', () => {
    const { ok, invoiceOf } = setup();
    const invoice = ok<Stripe.Invoice>('GET', `/v1/invoices/${invoiceOf(10).id}`);
    expect([invoice.lines.data.length, invoice.lines.has_more]).toEqual([10, false]);
  });

  test('event payloads carry the same 10 (invoice.created, invoice.finalized)', () => {
    const { ok, events, invoiceOf } = setup();
    const invoice = invoiceOf(12);
    ok('POST', `/v1/invoices/${invoice.id}/finalize`);
    const payloads = events
      .filter((e) => e.type === 'invoice.created' || e.type === 'invoice.finalized')
      .map((e) => (e.data.object as Stripe.Invoice).lines);
    expect(payloads.map((l) => [l.data.length, l.has_more])).toEqual([
      [10, true],
      [10, true],
    ]);
  });

  test('totals still count every line, not only the 10 shown', () => {
    const { invoiceOf } = setup();
    expect(invoiceOf(12).subtotal).toBe(7800); // 100 + 200 + … + 1200
  });

  test('credit_note.lines of 12 lines: 10 with has_more; /v1/credit_notes/:id/lines pages all', () => {
    const { ok, invoiceOf } = setup();
    const invoice = invoiceOf(12);
    const lines = ok<List<Stripe.InvoiceLineItem>>('GET', `/v1/invoices/${invoice.id}/lines`, { limit: 100 }).data;
    ok('POST', `/v1/invoices/${invoice.id}/finalize`);
    ok('POST', `/v1/invoices/${invoice.id}/pay`, { paid_out_of_band: 'true' });
    const note = ok<Stripe.CreditNote>('POST', '/v1/credit_notes', {
      invoice: invoice.id,
      out_of_band_amount: '7800',
      lines: lines.map((line) => ({ type: 'invoice_line_item', invoice_line_item: line.id, quantity: 1 })),
    });
    expect([note.lines.data.length, note.lines.has_more, note.lines.url]).toEqual([
      10,
      true,
      `/v1/credit_notes/${note.id}/lines`,
    ]);
    const all = ok<List<Stripe.CreditNoteLineItem>>('GET', `/v1/credit_notes/${note.id}/lines`, { limit: 100 });
    expect(all.data).toHaveLength(12);
  });

  test('subscription.items of 12 items: 10 with has_more; /v1/subscription_items pages all', () => {
    const { ok, customer } = setup();
    const pm = ok<Stripe.PaymentMethod>('POST', '/v1/payment_methods/pm_card_visa/attach', { customer: customer.id });
    const product = ok<Stripe.Product>('POST', '/v1/products', { name: 'Seat' });
    const items = Array.from({ length: 12 }, (_, i) => {
      const price = ok<Stripe.Price>('POST', '/v1/prices', {
        product: product.id,
        currency: 'usd',
        unit_amount: 100 + i,
        recurring: { interval: 'month' },
      });
      return { price: price.id };
    });
    const sub = ok<Stripe.Subscription>('POST', '/v1/subscriptions', {
      customer: customer.id,
      items,
      default_payment_method: pm.id,
    });
    expect([sub.items.data.length, sub.items.has_more]).toEqual([10, true]);
    const all = ok<List<Stripe.SubscriptionItem>>('GET', '/v1/subscription_items', {
      subscription: sub.id,
      limit: 100,
    });
    expect(all.data).toHaveLength(12);
    expect(all.url).toBe(sub.items.url);
  });
});

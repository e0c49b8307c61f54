import type Stripe from 'stripe';
import { StripeSandbox } from '../src/sandbox';
import { withoutIncludable } from '../src/core/includable';

// Stripe: an invoice's `payments` "is not included by default. To include it in the response, expand the
// payments field." Webhook payloads never carry it.
describe('includable fields', () => {
  function paidInvoice(): { sandbox: StripeSandbox; id: string } {
    const sandbox = new StripeSandbox();
    const ok = <T>(method: 'GET' | 'POST', path: string, params?: Parameters<StripeSandbox['request']>[2]): T => {
      const response = sandbox.request(method, path, params);
      expect(response.status).toBe(200);
      return response.body as T;
    };
    const customer = ok<Stripe.Customer>('POST', '/v1/customers', { name: 'Ada' });
    const pm = ok<Stripe.PaymentMethod>('POST', '/v1/payment_methods/pm_card_visa/attach', { customer: customer.id });
    ok('POST', '/v1/invoiceitems', { customer: customer.id, amount: 1500, currency: 'usd' });
    const invoice = ok<Stripe.Invoice>('POST', '/v1/invoices', {
      customer: customer.id,
      pending_invoice_items_behavior: 'include',
    });
    ok('POST', `/v1/invoices/${invoice.id}/pay`, { payment_method: pm.id });
    return { sandbox, id: invoice.id };
  }

  it('an invoice answers without payments unless expand[] asks, also in lists', () => {
    const { sandbox, id } = paidInvoice();
    expect(sandbox.request('GET', `/v1/invoices/${id}`).body).not.toHaveProperty('payments');
    const expanded = sandbox.request('GET', `/v1/invoices/${id}`, { expand: ['payments'] }).body as Stripe.Invoice;
    expect(expanded.payments?.data).toEqual([expect.objectContaining({ invoice: id, status: 'paid' })]);
    const list = sandbox.request('GET', '/v1/invoices', { expand: ['data.payments'] }).body as {
      data: Stripe.Invoice[];
    };
    expect(list.data[0]?.payments?.data).toHaveLength(1);
  });

  it('event payloads never carry them', () => {
    const { sandbox } = paidInvoice();
    const events = (sandbox.request('GET', '/v1/events', { limit: 100 }).body as { data: Stripe.Event[] }).data;
    const invoiceEvents = events.filter((e) => e.type.startsWith('invoice.'));
    expect(invoiceEvents.length).toBeGreaterThan(2);
    for (const event of invoiceEvents) expect(event.data.object).not.toHaveProperty('payments');
  });

  it('only the includable field of the named object type goes', () => {
    expect(
      withoutIncludable({ object: 'list', data: [{ object: 'invoice', id: 'in_1', payments: {}, total: 5 }] }, []),
    ).toEqual({ object: 'list', data: [{ object: 'invoice', id: 'in_1', total: 5 }] });
    expect(withoutIncludable({ object: 'charge', payments: 1 })).toEqual({ object: 'charge', payments: 1 });
  });
});

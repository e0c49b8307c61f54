import { stripeClient } from '../../../src/suitescript/booking/stripeClient';
import type { StripeReader } from '../../../src/suitescript/stripe/reader';

/** A reader that records what it was asked. */
function recordingReader(): StripeReader & { calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    calls,
    retrieve<T>(path: string, options?: { expand?: readonly string[] }): T {
      calls.push(options ? ['retrieve', path, options] : ['retrieve', path]);
      return { id: 'x' } as T;
    },
    list<T>(path: string, params?: Readonly<Record<string, string | number | readonly string[]>>): T[] {
      calls.push(['list', path, params]);
      return [];
    },
  };
}

describe('stripeClient: stripe-node style reads over the StripeReader port', () => {
  test('retrieve: the resource path, with expand passed on', () => {
    const reader = recordingReader();
    const stripe = stripeClient(reader);
    stripe.charges.retrieve('ch_1', { expand: ['balance_transaction'] });
    stripe.invoices.retrieve('in_1');
    stripe.customers.retrieve('cus_1');
    stripe.balanceTransactions.retrieve('txn_1');
    stripe.paymentIntents.retrieve('pi_1');
    stripe.refunds.retrieve('re_1');
    expect(reader.calls).toEqual([
      ['retrieve', '/v1/charges/ch_1', { expand: ['balance_transaction'] }],
      ['retrieve', '/v1/invoices/in_1'],
      ['retrieve', '/v1/customers/cus_1'],
      ['retrieve', '/v1/balance_transactions/txn_1'],
      ['retrieve', '/v1/payment_intents/pi_1'],
      ['retrieve', '/v1/refunds/re_1'],
    ]);
  });

  test('IDs are URL-encoded: a slash, a space or a query cannot reach another resource', () => {
    const reader = recordingReader();
    const stripe = stripeClient(reader);
    stripe.coupons.retrieve('10% off/x');
    stripe.prices.retrieve('price 1?expand[]=x');
    stripe.invoices.listLineItems('in_1/../cus_1');
    expect(reader.calls).toEqual([
      ['retrieve', '/v1/coupons/10%25%20off%2Fx'],
      ['retrieve', '/v1/prices/price%201%3Fexpand%5B%5D%3Dx'],
      ['list', '/v1/invoices/in_1%2F..%2Fcus_1/lines', { limit: 100 }],
    ]);
  });

  test('lists: refunds of a charge and invoice payments, with their parameters', () => {
    const reader = recordingReader();
    const stripe = stripeClient(reader);
    stripe.refunds.list({ charge: 'ch_1' });
    stripe.invoicePayments.list({ invoice: 'in_1', limit: 100 });
    expect(reader.calls).toEqual([
      ['list', '/v1/refunds', { limit: 100, charge: 'ch_1' }],
      ['list', '/v1/invoice_payments', { invoice: 'in_1', limit: 100 }],
    ]);
  });
});

describe('stripeClient: payouts', () => {
  test("a payout by ID, encoded, and a payout's balance transactions with their sources", () => {
    const reader = recordingReader();
    const stripe = stripeClient(reader);
    stripe.payouts.retrieve('po_1/x');
    stripe.balanceTransactions.list({ payout: 'po_1', expand: ['data.source'] }, { maxItems: 100_000 });
    expect(reader.calls).toEqual([
      ['retrieve', '/v1/payouts/po_1%2Fx'],
      ['list', '/v1/balance_transactions', { payout: 'po_1', expand: ['data.source'] }],
    ]);
  });
});

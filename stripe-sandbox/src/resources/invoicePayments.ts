import type Stripe from 'stripe';
import { createdFilter, paginate } from '../core/list';
import type { Route } from '../core/routes';
import type { Stored } from './products';

// InvoicePayment objects are created by invoices.ts when a payment succeeds; this module only reads them.

export const routes: Route[] = [
  {
    method: 'GET',
    path: '/v1/invoice_payments/:id',
    handler: ({ account, params, path }) => {
      params.done();
      return account.get<Stored<Stripe.InvoicePayment>>(path['id'] ?? '', 'invoice_payment');
    },
  },
  {
    method: 'GET',
    path: '/v1/invoice_payments',
    handler: ({ account, params }) => {
      const invoice = params.string('invoice');
      const status = params.enum('status', ['canceled', 'open', 'paid'] as const);
      const payment = params.object('payment');
      const type = payment?.enum('type', ['payment_intent', 'payment_record'] as const, { required: true });
      const paymentIntent = payment?.string('payment_intent');
      payment?.ignore('payment_record');
      payment?.done();
      const created = createdFilter(params);
      const items = account
        .list<Stored<Stripe.InvoicePayment>>('invoice_payment')
        .filter(
          (p) =>
            (invoice === undefined || p.invoice === invoice) &&
            (status === undefined || p.status === status) &&
            (type === undefined || p.payment.type === type) &&
            (paymentIntent === undefined || p.payment.payment_intent === paymentIntent) &&
            created(p.created),
        );
      const list = paginate(items, params, '/v1/invoice_payments');
      params.done();
      return list;
    },
  },
];

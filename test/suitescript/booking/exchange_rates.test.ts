import { bookingExchangeRate, needsSettlement } from '../../../src/suitescript/booking/exchangeRates';
import { bookCharge } from '../../../src/suitescript/booking/flows/charges';
import type { BookingContext } from '../../../src/suitescript/booking/flows/context';
import { bookInvoice } from '../../../src/suitescript/booking/flows/invoices';
import { bookRefunds } from '../../../src/suitescript/booking/flows/refunds';
import type { StripeCharge, StripeInvoice } from '../../../src/suitescript/booking/stripeShapes';
import { convertMinorUnits } from '../../../src/suitescript/money';
import type { StripeReader } from '../../../src/suitescript/stripe/reader';
import { BOOKING, FakeBooks, fakeStripe } from './fakes';

const txn = (amount: number, currency: string, exchange_rate: number | null) => ({
  id: 'txn_1',
  amount,
  currency,
  exchange_rate,
});

describe('bookingExchangeRate: NetSuite exchangerate from a balance transaction', () => {
  test('settled in the base currency: settled ÷ charged, so NetSuite converts to the settled amount', () => {
    // £100.00 settled $125.37 (Stripe's rate 1.2537).
    expect(bookingExchangeRate(10000, 'gbp', txn(12537, 'usd', 1.2537), 'USD')).toBe(1.2537);
    // Stripe's exchange_rate is rounded: ¥12,345 at 0.006712 would be $82.86, Stripe settled $82.87.
    const rate = bookingExchangeRate(12345, 'jpy', txn(8287, 'usd', 0.006712), 'usd');
    expect(rate).not.toBe(0.006712);
    expect(convertMinorUnits(12345, 'jpy', rate ?? 0, 'usd')).toBe(8287);
    expect(convertMinorUnits(12345, 'jpy', 0.006712, 'usd')).toBe(8286);
  });
  test('a refund (negative settled amount) takes the same direction', () => {
    expect(bookingExchangeRate(5000, 'eur', txn(-5476, 'usd', 1.0951), 'usd')).toBe(1.0952);
  });
  test('null (NetSuite default) in the base currency, settled in another currency, or without a transaction', () => {
    expect(bookingExchangeRate(5000, 'usd', txn(5000, 'usd', null), 'usd')).toBeNull();
    // A EUR payout in a USD subsidiary: Stripe gives GBP→EUR, nothing to USD.
    expect(bookingExchangeRate(10000, 'gbp', txn(11500, 'eur', 1.15), 'usd')).toBeNull();
    expect(bookingExchangeRate(10000, 'gbp', null, 'usd')).toBeNull();
    expect(bookingExchangeRate(10000, 'gbp', txn(12537, 'usd', 1.2537), null)).toBeNull();
  });
  test('needsSettlement: only a source outside the base currency', () => {
    expect(needsSettlement('GBP', 'usd')).toBe(true);
    expect(needsSettlement('usd', 'USD')).toBe(false);
    expect(needsSettlement('gbp', null)).toBe(false);
  });
});

function ctx(books: FakeBooks, stripe: StripeReader): BookingContext {
  return { booking: { ...BOOKING }, stripe, books };
}

const grace = { id: 'cus_G', object: 'customer' as const, name: 'Grace', currency: 'gbp', metadata: {} };

const gbpCharge: StripeCharge = {
  id: 'ch_gbp',
  object: 'charge',
  amount: 10000,
  currency: 'gbp',
  status: 'succeeded',
  captured: true,
  created: 1_790_000_000,
  customer: grace,
  balance_transaction: 'txn_gbp',
};

describe('charge and refund flows in a USD subsidiary', () => {
  test('a GBP charge settled in USD: one balance transaction read, the payment at settled ÷ charged', () => {
    const books = new FakeBooks();
    const stripe = fakeStripe({ '/v1/balance_transactions/txn_gbp': txn(12537, 'usd', 1.2537) });
    expect(bookCharge(gbpCharge, ctx(books, stripe)).records).toEqual([
      { stripeId: 'cus_G', recordType: 'customer', id: 100, how: 'created' },
      { stripeId: 'ch_gbp', recordType: 'customerpayment', id: 101, how: 'created', unapplied: true },
    ]);
    expect(stripe.calls).toEqual(['GET /v1/balance_transactions/txn_gbp']);
    expect(books.created[1]?.values).toMatchObject({ currency: 'gbp', amountMinor: 10000, exchangeRate: 1.2537 });
    // Created with GBP as its primary currency: nothing to add to its currency list.
    expect(books.customerCurrencies).toEqual([]);
  });

  test('a GBP charge.succeeded before Stripe settled it (automatic_async): read again, and it waits while unsettled', () => {
    const unsettled = { ...gbpCharge, balance_transaction: null };
    const books = new FakeBooks();
    const waiting = fakeStripe({ '/v1/charges/ch_gbp': unsettled });
    expect(() => bookCharge(unsettled, ctx(books, waiting))).toThrow(
      expect.objectContaining({ name: 'SNC_NOT_SETTLED' }),
    );
    expect(books.created.filter((c) => c.kind === 'customerpayment')).toEqual([]);
    const settled = fakeStripe({
      '/v1/charges/ch_gbp': { ...unsettled, balance_transaction: txn(12537, 'usd', 1.2537) },
    });
    bookCharge(unsettled, ctx(books, settled));
    expect(settled.calls).toEqual(['GET /v1/charges/ch_gbp']);
    expect(books.created.at(-1)?.values).toMatchObject({ currency: 'gbp', exchangeRate: 1.2537 });
  });

  test('a USD charge reads no balance transaction and sets no rate', () => {
    const books = new FakeBooks();
    const stripe = fakeStripe({});
    const usd = { ...gbpCharge, id: 'ch_usd', currency: 'usd', customer: { ...grace, currency: 'usd' } };
    bookCharge(usd as StripeCharge, ctx(books, stripe));
    expect(stripe.calls).toEqual([]);
    expect(books.created[1]?.values).toMatchObject({ exchangeRate: null });
  });

  test('a EUR charge of a GBP customer: EUR goes on its currency list before the payment', () => {
    const books = new FakeBooks();
    const stripe = fakeStripe({ '/v1/balance_transactions/txn_eur': txn(10842, 'usd', 1.0842) });
    bookCharge({ ...gbpCharge, id: 'ch_eur', currency: 'eur', balance_transaction: 'txn_eur' }, ctx(books, stripe));
    expect(books.customerCurrencies).toEqual([[100, 'eur']]);
    expect(books.created[1]?.values).toMatchObject({ currency: 'eur', exchangeRate: 1.0842 });
  });

  test('the global customer is asked to take the currency (its primary is not known here)', () => {
    const books = new FakeBooks();
    const stripe = fakeStripe({ '/v1/balance_transactions/txn_gbp': txn(12537, 'usd', 1.2537) });
    const flows = { ...ctx(books, stripe), booking: { ...BOOKING, globalCustomer: 3 } };
    bookCharge({ ...gbpCharge, customer: null }, flows);
    expect(books.customerCurrencies).toEqual([[3, 'gbp']]);
  });

  test("a partial refund at its own day's rate: refund and credit memo take the refund's rate", () => {
    const books = new FakeBooks();
    const invoice: StripeInvoice = {
      id: 'in_eur',
      object: 'invoice',
      number: 'INV-E',
      status: 'paid',
      currency: 'eur',
      customer: { id: 'cus_E', object: 'customer', name: 'Emmy', currency: 'eur', metadata: {} },
      created: 1_790_000_000,
      total: 20000,
      lines: { data: [{ id: 'il_1', amount: 20000, description: 'Plan' }] },
      payments: {
        data: [
          {
            id: 'inpay_1',
            status: 'paid',
            amount_paid: 20000,
            payment: { type: 'charge', charge: 'ch_eur' },
            status_transitions: { paid_at: 1_790_000_100 },
          },
        ],
      },
    };
    const eurCharge = { ...gbpCharge, id: 'ch_eur', amount: 20000, currency: 'eur', balance_transaction: 'txn_c' };
    const stripe = fakeStripe(
      {
        '/v1/charges/ch_eur': { ...eurCharge, balance_transaction: txn(21684, 'usd', 1.0842) },
        '/v1/balance_transactions/txn_r': { ...txn(-5476, 'usd', 1.0951), id: 'txn_r' },
      },
      // The refund is no credit note's.
      { '/v1/credit_notes?customer=cus_G&created[gte]=1790100000': [] },
    );
    const flows = { ...ctx(books, stripe), booking: { ...BOOKING, globalItem: 9, itemMode: 'global' as const } };
    // invoice.payment_succeeded: the charge is read with its balance transaction (one call).
    bookInvoice(invoice, flows, { withPayments: true });
    expect(stripe.calls).toEqual(['GET /v1/charges/ch_eur']);
    const [, invoiceMade, paymentMade] = books.created;
    expect(invoiceMade?.values).toMatchObject({ currency: 'eur', exchangeRate: 1.0842 });
    expect(paymentMade?.values).toMatchObject({ amountMinor: 20000, exchangeRate: 1.0842 });

    const refund = { id: 're_e', amount: 5000, currency: 'eur', status: 'succeeded', created: 1_790_100_000 };
    bookRefunds(
      { ...eurCharge, refunds: { data: [{ ...refund, balance_transaction: 'txn_r' }] } } as StripeCharge,
      flows,
    );
    const [memo, customerRefund] = books.created.slice(-2);
    expect(memo?.kind).toBe('creditmemo');
    // −$54.76 for €50.00: 1.0952, not the charge's 1.0842.
    expect(memo?.values).toMatchObject({ partialAmountMinor: 5000, exchangeRate: 1.0952 });
    expect(customerRefund?.values).toMatchObject({ amountMinor: 5000, exchangeRate: 1.0952 });
  });
});

import { bookCharge } from '../../../src/suitescript/booking/flows/charges';
import type { BookingContext } from '../../../src/suitescript/booking/flows/context';
import { bookCustomer } from '../../../src/suitescript/booking/flows/customers';
import { bookDispute } from '../../../src/suitescript/booking/flows/disputes';
import { bookInvoice } from '../../../src/suitescript/booking/flows/invoices';
import type { FlowOutcome, RecordHow, RecordOutcome } from '../../../src/suitescript/booking/flows/outcome';
import { bookPrice } from '../../../src/suitescript/booking/flows/prices';
import { bookRefunds } from '../../../src/suitescript/booking/flows/refunds';
import type {
  StripeCharge,
  StripeDispute,
  StripeEvent,
  StripeInvoice,
} from '../../../src/suitescript/booking/stripeShapes';
import type { BookingSettings } from '../../../src/suitescript/settings';
import type { StripeReader } from '../../../src/suitescript/stripe/reader';
import { bookingHandlers } from '../../../src/suitescript/events/handlers';
import { parseSettings } from '../../../src/suitescript/settings';
import { BOOKING, FakeBooks, fakeStripe, noStripe } from './fakes';

function ctx(
  books: FakeBooks,
  stripe: StripeReader = noStripe,
  booking: Partial<BookingSettings> = {},
): BookingContext {
  return { booking: { ...BOOKING, ...booking }, stripe, books };
}

const rec = (
  stripeId: string | null,
  recordType: string,
  id: number,
  how: RecordHow,
  more: Partial<RecordOutcome> = {},
): RecordOutcome => ({ stripeId, recordType, id, how, ...more });
const unapplied = (chargeId: string, id: number): RecordOutcome =>
  rec(chargeId, 'customerpayment', id, 'created', { unapplied: true });
const outcome = (stripeId: string, ...records: RecordOutcome[]): FlowOutcome => ({ stripeId, records });

const customer = {
  id: 'cus_A',
  object: 'customer' as const,
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  created: 1,
};

const invoice: StripeInvoice = {
  id: 'in_1',
  object: 'invoice',
  number: 'INV-1',
  status: 'paid',
  currency: 'usd',
  customer: 'cus_A',
  customer_name: 'Ada Lovelace',
  customer_email: 'ada@example.com',
  total: 1800,
  amount_paid: 1800,
  lines: { data: [{ id: 'il_1', amount: 2000, pricing: { price_details: { price: 'price_1' } } }] },
  total_discount_amounts: [{ amount: 200, discount: { id: 'di_1', source: { coupon: { id: 'TEN', name: '10%' } } } }],
  status_transitions: { finalized_at: 1_790_000_000, paid_at: 1_790_000_100 },
  payments: {
    data: [
      {
        id: 'inpay_1',
        amount_paid: 1800,
        status: 'paid',
        payment: { type: 'payment_intent', charge: 'ch_1', payment_intent: 'pi_1' },
      },
    ],
  },
};

const price = {
  id: 'price_1',
  currency: 'usd',
  unit_amount: 2000,
  nickname: 'Monthly',
  product: { id: 'prod_1', name: 'Pro' },
};

const charge: StripeCharge = {
  id: 'ch_9',
  object: 'charge',
  amount: 700,
  currency: 'usd',
  status: 'succeeded',
  captured: true,
  created: 1_790_000_000,
  customer: 'cus_A',
};

describe('customer flow', () => {
  it('per customer creates once; a second run finds it', () => {
    const books = new FakeBooks();
    expect(bookCustomer(customer, ctx(books))).toEqual(outcome('cus_A', rec('cus_A', 'customer', 100, 'created')));
    expect(bookCustomer(customer, ctx(books))).toEqual(outcome('cus_A', rec('cus_A', 'customer', 100, 'found')));
    expect(books.kinds()).toEqual(['customer']);
  });

  it('match links the first customer with the email through a cross-reference, else creates', () => {
    const books = new FakeBooks();
    books.customersByEmail.set('ada@example.com', 55);
    const match = { customerMode: 'match' as const, matchField: 'email' };
    expect(bookCustomer({ ...customer, email: ' ADA@example.com' }, ctx(books, noStripe, match))).toEqual(
      outcome('cus_A', rec('cus_A', 'customer', 55, 'matched', { detail: 'email' })),
    );
    expect(books.created).toEqual([
      { kind: 'xref', id: 55, values: { stripeId: 'cus_A', stripeType: 'customer', recordType: 'customer', id: 55 } },
    ]);
    expect(bookCustomer(customer, ctx(books, noStripe, match))).toEqual(
      outcome('cus_A', rec('cus_A', 'customer', 55, 'found')),
    );
    expect(bookCustomer({ ...customer, id: 'cus_B', email: 'b@x.io' }, ctx(books, noStripe, match))).toEqual(
      outcome('cus_B', rec('cus_B', 'customer', 100, 'created')),
    );
  });

  it('metadata links; global and pre-sync-start customers book nothing', () => {
    const books = new FakeBooks();
    books.targets.set(8, { type: 'customer', inactive: false });
    const meta = { ...customer, metadata: { netsuite_customer_id: '8' } };
    expect(bookCustomer(meta, ctx(books, noStripe, { customerMode: 'metadata' }))).toEqual(
      outcome('cus_A', rec('cus_A', 'customer', 8, 'linked', { detail: 'by metadata' })),
    );
    expect(bookCustomer(customer, ctx(books, noStripe, { customerMode: 'global', globalCustomer: 3 }))).toEqual({
      stripeId: 'cus_A',
      records: [],
      skipped: { reason: expect.stringMatching(/global/) as unknown },
    });
    expect(
      bookCustomer({ ...customer, id: 'cus_C' }, ctx(books, noStripe, { syncStart: 100 })).skipped?.reason,
    ).toMatch(/predates the sync start/);
    expect(books.kinds()).toEqual(['xref']);
  });

  it('a link NetSuite refuses is read again from Stripe: a retry after the admin corrected the metadata books it', () => {
    const books = new FakeBooks();
    books.targets.set(8, { type: 'customer', inactive: false });
    const sent = { ...customer, metadata: { netsuite_customer_id: '999' } };
    const corrected = { ...customer, metadata: { netsuite_customer_id: '8' } };
    const stripe = fakeStripe({ '/v1/customers/cus_A': corrected });
    expect(bookCustomer(sent, ctx(books, stripe))).toEqual(
      outcome('cus_A', rec('cus_A', 'customer', 8, 'linked', { detail: 'by metadata' })),
    );
    expect(stripe.calls).toEqual(['GET /v1/customers/cus_A']);
    // Not corrected yet: the event's error stands, naming the key.
    const unchanged = fakeStripe({ '/v1/customers/cus_A': sent });
    expect(() => bookCustomer(sent, ctx(new FakeBooks(), unchanged))).toThrow(
      /netsuite_customer_id 999.*correct the metadata/,
    );
  });

  it('a concurrent run that created the customer first is reused, not an error', () => {
    const books = new FakeBooks();
    books.raceOn = 'cus_A';
    expect(bookCustomer(customer, ctx(books))).toEqual(outcome('cus_A', rec('cus_A', 'customer', 100, 'found')));
    expect(books.created).toEqual([]);
  });
});

describe('customer links by metadata in every mode', () => {
  const meta = { ...customer, metadata: { netsuite_customer_id: '8' } };

  it('per customer: the named customer is linked, none is created', () => {
    const books = new FakeBooks();
    books.targets.set(8, { type: 'customer', inactive: false });
    expect(bookCustomer(meta, ctx(books))).toEqual(
      outcome('cus_A', rec('cus_A', 'customer', 8, 'linked', { detail: 'by metadata' })),
    );
    expect(books.kinds()).toEqual(['xref']);
    expect(books.linkTargets).toBe(1);
    // A charge later finds the link: no Stripe read, no second check.
    expect(bookCharge(charge, ctx(books)).records[0]).toEqual(rec('cus_A', 'customer', 8, 'found'));
    expect(books.linkTargets).toBe(1);
  });

  it('an invoice arriving before customer.created reads the customer and links, not a duplicate', () => {
    const books = new FakeBooks();
    books.targets.set(8, { type: 'customer', inactive: false });
    const stripe = fakeStripe({ '/v1/customers/cus_A': meta });
    expect(bookCharge(charge, ctx(books, stripe)).records[0]).toEqual(
      rec('cus_A', 'customer', 8, 'linked', { detail: 'by metadata' }),
    );
    expect(books.kinds()).toEqual(['xref', 'customerpayment']);
    expect(stripe.calls).toEqual(['GET /v1/customers/cus_A']);
  });

  it('match mode: the link wins over the match', () => {
    const books = new FakeBooks();
    books.targets.set(8, { type: 'customer', inactive: false });
    books.customersByEmail.set('ada@example.com', 55);
    expect(bookCustomer(meta, ctx(books, noStripe, { customerMode: 'match', matchField: 'email' }))).toEqual(
      outcome('cus_A', rec('cus_A', 'customer', 8, 'linked', { detail: 'by metadata' })),
    );
  });

  it('global mode: the link wins; an unlinked customer books to the global one, read from Stripe once', () => {
    const books = new FakeBooks();
    books.targets.set(8, { type: 'customer', inactive: false });
    const global = { customerMode: 'global' as const, globalCustomer: 3 };
    expect(bookCustomer(meta, ctx(books, noStripe, global))).toEqual(
      outcome('cus_A', rec('cus_A', 'customer', 8, 'linked', { detail: 'by metadata' })),
    );
    expect(bookCharge(charge, ctx(books, noStripe, global)).records[0]).toEqual(rec('cus_A', 'customer', 8, 'found'));
    const stripe = fakeStripe({ '/v1/customers/cus_B': { ...customer, id: 'cus_B', metadata: {} } });
    const other = { ...charge, customer: 'cus_B' };
    expect(bookCharge({ ...other, id: 'ch_20' }, ctx(books, stripe, global)).records[0]).toEqual(
      rec('cus_B', 'customer', 3, 'global'),
    );
    expect(bookCharge({ ...other, id: 'ch_21' }, ctx(books, stripe, global)).records[0]).toEqual(
      rec('cus_B', 'customer', 3, 'global'),
    );
    expect(stripe.calls).toEqual(['GET /v1/customers/cus_B']);
    expect(books.kinds()).toEqual(['xref', 'customerpayment', 'customerpayment', 'customerpayment']);
  });

  it.each([
    ['no such record', null, /NetSuite has no customer with internal ID 8/],
    ['an item', { type: 'Service', inactive: false }, /NetSuite has no customer with internal ID 8/],
    ['an inactive customer', { type: 'customer', inactive: true }, /that customer is inactive/],
  ] as const)('a link to %s is SNC_INVALID_LINK, and nothing is created', (_what, target, message) => {
    const books = new FakeBooks();
    if (target) books.targets.set(8, target);
    // Stripe still names the same record: the error stands.
    const stripe = fakeStripe({ '/v1/customers/cus_A': meta });
    expect(() => bookCustomer(meta, ctx(books, stripe))).toThrow(
      expect.objectContaining({ name: 'SNC_INVALID_LINK', message: expect.stringMatching(message) as unknown }),
    );
    expect(books.created).toEqual([]);
  });
});

describe('price links by metadata in every mode', () => {
  const linked = { ...price, product: 'prod_1', metadata: { netsuite_service_sale_item_id: '31' } };

  it('per price: the named service item is linked without reading the product; lines use it', () => {
    const books = new FakeBooks();
    books.targets.set(31, { type: 'Service', inactive: false });
    expect(bookPrice(linked, ctx(books))).toEqual(
      outcome('price_1', rec('price_1', 'item', 31, 'linked', { detail: 'by metadata netsuite_service_sale_item_id' })),
    );
    expect(books.kinds()).toEqual(['xref']);
  });

  it('global item mode: the link wins; an unlinked price keeps the global item', () => {
    const books = new FakeBooks();
    books.targets.set(31, { type: 'Service', inactive: false });
    const global = { itemMode: 'global' as const, globalItem: 5 };
    expect(bookPrice(linked, ctx(books, noStripe, global)).records).toEqual([
      rec('price_1', 'item', 31, 'linked', { detail: 'by metadata netsuite_service_sale_item_id' }),
    ]);
    expect(bookPrice({ ...price, id: 'price_2' }, ctx(books, noStripe, global)).skipped?.reason).toMatch(/global/);
  });

  it('a link to an item of another type is SNC_INVALID_LINK, and no item is created', () => {
    const books = new FakeBooks();
    books.targets.set(31, { type: 'NonInvtPart', inactive: false });
    expect(() => bookPrice(linked, ctx(books))).toThrow(
      expect.objectContaining({
        name: 'SNC_INVALID_LINK',
        message:
          'price_1 has netsuite_service_sale_item_id 31, but that record is a non-inventory item, not a service item: correct the metadata',
      }),
    );
    expect(books.created).toEqual([]);
  });
});

describe('price flow', () => {
  it('creates the service item, fetching the product when the payload has only its ID', () => {
    const books = new FakeBooks();
    const stripe = fakeStripe({ '/v1/products/prod_1': { id: 'prod_1', name: 'Pro' } });
    expect(bookPrice({ ...price, product: 'prod_1' }, ctx(books, stripe))).toEqual(
      outcome('price_1', rec('price_1', 'serviceitem', 100, 'created')),
    );
    expect(books.created[0]?.values).toMatchObject({ itemId: 'Pro - Monthly', externalId: 'price_1', account: 40 });
    expect(bookPrice(price, ctx(books))).toEqual(outcome('price_1', rec('price_1', 'serviceitem', 100, 'found')));
    expect(stripe.calls).toEqual(['GET /v1/products/prod_1']);
  });
});

describe('invoice flow', () => {
  it('customer, items, discount item, invoice and applied payment; replay changes nothing', () => {
    const books = new FakeBooks();
    const stripe = fakeStripe({ '/v1/prices/price_1': price, '/v1/customers/cus_A': customer });
    expect(bookInvoice(invoice, ctx(books, stripe), { withPayments: true })).toEqual(
      outcome(
        'in_1',
        rec('cus_A', 'customer', 100, 'created'),
        rec('in_1', 'invoice', 103, 'created'),
        rec('ch_1', 'customerpayment', 104, 'created'),
      ),
    );
    expect(books.kinds()).toEqual(['customer', 'serviceitem', 'discountitem', 'invoice', 'customerpayment']);
    expect(books.created[3]?.values).toEqual({
      externalId: 'in_1',
      customer: 100,
      subsidiary: 1,
      currency: 'usd',
      tranDate: '2026-09-21',
      memo: 'Stripe: INV-1',
      tranId: 'INV-1',
      exchangeRate: null,
      lines: [
        { item: 101, amountMinor: 2000, description: null, quantity: 1, rateMinor: 2000 },
        { item: 102, amountMinor: -200, description: 'Stripe: coupon 10%' },
      ],
    });
    expect(books.created[4]?.values).toMatchObject({ invoice: 103, externalId: 'ch_1', amountMinor: 1800 });
    const before = books.created.length;
    // Memory knows the invoice and what its booked payments total: nothing to list or book.
    expect(bookInvoice(invoice, ctx(books, stripe), { withPayments: true })).toEqual({
      ...outcome('in_1', rec('in_1', 'invoice', 103, 'found')),
      notes: ['its payments are booked'],
    });
    // Paid further in Stripe than memory knows: the payments are gone through again.
    expect(bookInvoice({ ...invoice, amount_paid: 1900 }, ctx(books, stripe), { withPayments: true })).toEqual(
      outcome('in_1', rec('in_1', 'invoice', 103, 'found'), rec('ch_1', 'customerpayment', 104, 'found')),
    );
    // Memory dropped: created first, refused, found.
    books.memory.clear();
    expect(bookInvoice(invoice, ctx(books, stripe), { withPayments: true })).toEqual(
      outcome(
        'in_1',
        rec('cus_A', 'customer', 100, 'found'),
        rec('in_1', 'invoice', 103, 'found'),
        rec('ch_1', 'customerpayment', 104, 'found'),
      ),
    );
    expect(books.created).toHaveLength(before);
  });

  it('payment failed books the open invoice only; drafts are not booked', () => {
    const books = new FakeBooks();
    books.hold('price_1', 5, 'serviceitem');
    const open = { ...invoice, status: 'open', total_discount_amounts: [], total: 2000, payments: null };
    const stripe = fakeStripe({ '/v1/customers/cus_A': customer });
    expect(bookInvoice(open, ctx(books, stripe), { withPayments: false }).records.at(-1)).toEqual(
      rec('in_1', 'invoice', 101, 'created'),
    );
    expect(
      bookInvoice({ ...open, id: 'in_2', status: 'draft', status_transitions: null }, ctx(books, stripe), {
        withPayments: false,
      }),
    ).toEqual({
      stripeId: 'in_2',
      records: [],
      skipped: { reason: 'invoice in_2 is draft (only finalized invoices are booked)' },
    });
    expect(books.kinds()).toEqual(['customer', 'invoice']);
  });

  it('tax needs a tax item', () => {
    const books = new FakeBooks();
    const taxed = { ...invoice, total: 1980, total_taxes: [{ amount: 180 }], payments: null };
    const stripe = fakeStripe({ '/v1/prices/price_1': price, '/v1/customers/cus_A': customer });
    expect(() => bookInvoice(taxed, ctx(books, stripe, { taxItem: null }), { withPayments: false })).toThrow(
      /tax item/,
    );
    bookInvoice(taxed, ctx(books, stripe), { withPayments: false });
    expect((books.created.at(-1)?.values as { lines: unknown[] }).lines.at(-1)).toEqual({
      item: 77,
      amountMinor: 180,
      description: 'Stripe: tax',
    });
  });
});

describe('charge flow', () => {
  it('an invoiced charge books its invoice and the payment applied to it', () => {
    const books = new FakeBooks();
    const stripe = fakeStripe(
      { '/v1/invoices/in_1': invoice, '/v1/prices/price_1': price, '/v1/customers/cus_A': customer },
      {
        '/v1/invoice_payments?payment[type]=payment_intent&payment[payment_intent]=pi_1': [
          {
            id: 'inpay_1',
            invoice: 'in_1',
            status: 'paid',
            payment: { type: 'payment_intent', payment_intent: 'pi_1' },
          },
        ],
      },
    );
    const paid = { ...charge, id: 'ch_1', amount: 1800, payment_intent: 'pi_1' };
    const first = bookCharge(paid, ctx(books, stripe));
    expect(first).toMatchObject({ stripeId: 'ch_1', records: [], paidInvoice: { stripeId: 'in_1' } });
    expect(first.paidInvoice?.records.at(-1)).toEqual(rec('ch_1', 'customerpayment', 104, 'created'));
    expect(bookCharge(paid, ctx(books, stripe))).toEqual(outcome('ch_1', rec('ch_1', 'customerpayment', 104, 'found')));
  });

  it('a charge with no invoice: unapplied payment to its customer, or the global customer', () => {
    const books = new FakeBooks();
    const stripe = fakeStripe({ '/v1/customers/cus_A': customer });
    expect(bookCharge(charge, ctx(books, stripe))).toEqual(
      outcome('ch_9', rec('cus_A', 'customer', 100, 'created'), unapplied('ch_9', 101)),
    );
    expect(bookCharge({ ...charge, id: 'ch_10', customer: null }, ctx(books, stripe, { globalCustomer: 3 }))).toEqual(
      outcome('ch_10', rec(null, 'customer', 3, 'global'), unapplied('ch_10', 102)),
    );
    expect(bookCharge({ ...charge, id: 'ch_11', captured: false }, ctx(books))).toEqual({
      stripeId: 'ch_11',
      records: [],
      skipped: { reason: 'charge ch_11 is not captured yet' },
    });
  });
});

describe('refund flow', () => {
  const refund = { id: 're_1', amount: 1800, currency: 'usd', status: 'succeeded', created: 1_790_000_500 };

  it('invoiced charge: credit memo and a customer refund applying it; replay changes nothing', () => {
    const books = new FakeBooks();
    bookInvoice(invoice, ctx(books, fakeStripe({ '/v1/prices/price_1': price, '/v1/customers/cus_A': customer })), {
      withPayments: true,
    });
    const refunded = {
      ...charge,
      id: 'ch_1',
      amount: 1800,
      refunds: { data: [refund, { ...refund, id: 're_2', status: 'pending' }] },
    };
    // The charge's credit notes are asked first: none made these refunds.
    const noNotes = fakeStripe({}, { '/v1/credit_notes?customer=cus_A&created[gte]=1790000500': [] });
    expect(bookRefunds(refunded, ctx(books, noNotes))).toEqual(
      outcome('ch_1', rec('re_1', 'creditmemo', 105, 'created'), rec('re_1', 'customerrefund', 106, 'created')),
    );
    expect(books.created.slice(-2).map((c) => [c.kind, c.values])).toEqual([
      [
        'creditmemo',
        expect.objectContaining({ externalId: 'ns_memo:re_1', fromInvoice: 103, partialAmountMinor: null }),
      ],
      [
        'customerrefund',
        expect.objectContaining({
          externalId: 're_1',
          customer: 100,
          applyTo: { id: 105, type: 'creditmemo' },
          amountMinor: 1800,
        }),
      ],
    ]);
    expect(bookRefunds(refunded, ctx(books, noNotes))).toEqual(
      outcome('ch_1', rec('re_1', 'creditmemo', 105, 'found'), rec('re_1', 'customerrefund', 106, 'found')),
    );
  });

  it('a released authorisation (uncaptured charge) books nothing and says why', () => {
    const books = new FakeBooks();
    const released = { ...charge, captured: false, refunds: { data: [{ ...refund, amount: 700 }] } };
    expect(bookRefunds(released, ctx(books))).toEqual({
      stripeId: 'ch_9',
      records: [],
      skipped: { reason: 'ch_9 was never captured: its authorisation was released, no money moved' },
    });
    expect(books.created).toEqual([]);
  });

  it('non-invoiced charge: books the payment if missing, then a refund applying it (refunds listed from Stripe)', () => {
    const books = new FakeBooks();
    const stripe = fakeStripe(
      { '/v1/customers/cus_A': customer },
      { '/v1/refunds?charge=ch_9': [{ ...refund, amount: 300 }] },
    );
    expect(bookRefunds(charge, ctx(books, stripe))).toEqual(
      outcome(
        'ch_9',
        rec('cus_A', 'customer', 100, 'created'),
        unapplied('ch_9', 101),
        rec('re_1', 'customerrefund', 102, 'created'),
      ),
    );
    expect(books.created.at(-1)?.values).toMatchObject({
      applyTo: { id: 101, type: 'customerpayment' },
      amountMinor: 300,
      account: 2,
    });
  });
});

describe('dispute flow', () => {
  const withdrawal = {
    id: 'txn_dp',
    amount: -700,
    currency: 'usd',
    fee: 1500,
    net: -2200,
    reporting_category: 'dispute',
  };
  const dispute: StripeDispute = {
    id: 'dp_1',
    object: 'dispute',
    amount: 700,
    currency: 'usd',
    charge: 'ch_9',
    created: 1_790_000_900,
    status: 'needs_response',
    reason: 'fraudulent',
    balance_transactions: [withdrawal],
  };
  const stripe = () => fakeStripe({ '/v1/customers/cus_A': customer, '/v1/charges/ch_9': charge });

  it('an inquiry that withdrew nothing books nothing, and says why', () => {
    const books = new FakeBooks();
    const inquiry = { ...dispute, status: 'warning_needs_response', balance_transactions: [] };
    expect(bookDispute(inquiry, ctx(books, stripe()))).toEqual({
      stripeId: 'dp_1',
      records: [],
      skipped: { reason: 'dp_1 (warning_needs_response) has withdrawn no funds' },
    });
    expect(books.created).toEqual([]);
  });

  it('one-off charge: books the payment if missing, then a customer refund dp_… applying it; replay finds it', () => {
    const books = new FakeBooks();
    expect(bookDispute(dispute, ctx(books, stripe()))).toEqual(
      outcome(
        'dp_1',
        rec('cus_A', 'customer', 100, 'created'),
        unapplied('ch_9', 101),
        rec('dp_1', 'customerrefund', 102, 'created'),
      ),
    );
    expect(books.created.at(-1)?.values).toMatchObject({
      externalId: 'dp_1',
      customer: 100,
      applyTo: { id: 101, type: 'customerpayment' },
      amountMinor: 700,
      currency: 'usd',
      account: 2,
      memo: 'Stripe: dispute dp_1 of ch_9 (fraudulent)',
    });
    // charge.dispute.funds_withdrawn after charge.dispute.created: the same refund, nothing new.
    expect(bookDispute(dispute, ctx(books, stripe())).records.at(-1)).toEqual(
      rec('dp_1', 'customerrefund', 102, 'found'),
    );
    expect(books.created).toHaveLength(3);
  });

  it('invoiced charge: a credit memo ns_memo:dp_… for the invoice and a customer refund applying it', () => {
    const books = new FakeBooks();
    bookInvoice(invoice, ctx(books, fakeStripe({ '/v1/prices/price_1': price, '/v1/customers/cus_A': customer })), {
      withPayments: true,
    });
    const paid = { ...charge, id: 'ch_1', amount: 1800 };
    const disputed = {
      ...dispute,
      amount: 1800,
      charge: paid,
      balance_transactions: [{ ...withdrawal, amount: -1800 }],
    };
    expect(bookDispute(disputed, ctx(books))).toEqual(
      outcome('dp_1', rec('dp_1', 'creditmemo', 105, 'created'), rec('dp_1', 'customerrefund', 106, 'created')),
    );
    expect(books.created.slice(-2).map((c) => [c.kind, c.values])).toEqual([
      [
        'creditmemo',
        expect.objectContaining({ externalId: 'ns_memo:dp_1', fromInvoice: 103, partialAmountMinor: null }),
      ],
      [
        'customerrefund',
        expect.objectContaining({ externalId: 'dp_1', applyTo: { id: 105, type: 'creditmemo' }, amountMinor: 1800 }),
      ],
    ]);
  });

  it("a converted dispute books at its withdrawal's rate", () => {
    const books = new FakeBooks();
    // Charged at 1.10, withdrawn at 1.09: the refund takes the withdrawal's.
    const eur = { ...charge, currency: 'eur', balance_transaction: { id: 'txn_ch', amount: 770, currency: 'usd' } };
    const converted = {
      ...dispute,
      charge: eur,
      currency: 'eur',
      balance_transactions: [{ ...withdrawal, amount: -763, exchange_rate: 1.09 }],
    };
    bookDispute(converted, ctx(books, stripe()));
    expect(books.created.at(-1)?.values).toMatchObject({ externalId: 'dp_1', currency: 'eur', exchangeRate: 1.09 });
  });
});

describe('memory (N/cache) before NetSuite', () => {
  it('a later event of a booked charge is answered from memory, with no query and no Stripe call', () => {
    const books = new FakeBooks();
    bookCustomer(customer, ctx(books));
    const finds = books.finds;
    // The customer came from memory: no query for it when the charge is booked.
    expect(bookCharge(charge, ctx(books), { firstEvent: true })).toEqual(
      outcome('ch_9', rec('cus_A', 'customer', 100, 'found'), unapplied('ch_9', 101)),
    );
    expect(books.finds).toBe(finds);
    expect(bookCharge(charge, ctx(books))).toEqual(outcome('ch_9', rec('ch_9', 'customerpayment', 101, 'found')));
    expect(books.finds).toBe(finds);
  });

  it('with memory dropped, the same events find what NetSuite holds and book nothing twice', () => {
    const books = new FakeBooks();
    bookCustomer(customer, ctx(books));
    bookCharge(charge, ctx(books), { firstEvent: true });
    const created = books.created.length;
    books.memory.clear();
    expect(bookCharge(charge, ctx(books))).toEqual(outcome('ch_9', rec('ch_9', 'customerpayment', 101, 'found')));
    // The first event again, as Stripe may redeliver it: created first, refused, then found.
    expect(bookCharge(charge, ctx(books), { firstEvent: true })).toEqual(
      outcome('ch_9', rec('ch_9', 'customerpayment', 101, 'found')),
    );
    expect(bookCustomer(customer, ctx(books))).toEqual(outcome('cus_A', rec('cus_A', 'customer', 100, 'found')));
    expect(books.created).toHaveLength(created);
  });

  it('memory holds only what was booked: a charge NetSuite refused leaves no trace', () => {
    const books = new FakeBooks();
    bookCustomer(customer, ctx(books));
    books.createUnappliedPayment = () => {
      throw Object.assign(new Error('Invalid customer reference'), { name: 'INVALID_KEY_OR_REF' });
    };
    expect(() => bookCharge(charge, ctx(books), { firstEvent: true })).toThrow('Invalid customer reference');
    expect(books.memory.has('CH_9')).toBe(false);
  });

  it('a failed flow forgets what memory gave it, so its retry asks NetSuite', () => {
    const books = new FakeBooks();
    // Memory says cus_A is customer 999, which has since been deleted in NetSuite.
    books.remember('cus_A', { ...emptyBooked, id: 999, recordType: 'customer' });
    books.createUnappliedPayment = () => {
      throw Object.assign(new Error('Invalid customer reference key 999'), { name: 'INVALID_KEY_OR_REF' });
    };
    const settings = {
      ...parseSettings(1, { custrecord_snc_set_account: 'acct_123', custrecord_snc_set_whsec: 'custsecret_x' }),
      booking: BOOKING,
    };
    const event = { id: 'evt_1', type: 'charge.succeeded', data: { object: charge } } as unknown as StripeEvent;
    expect(() => bookingHandlers(books).charge?.(event, { settings, stripe: noStripe })).toThrow('999');
    expect(books.memory.has('CUS_A')).toBe(false);
  });

  it('product events keep the product, so its prices are named without a Stripe call', () => {
    const kept = new Map<string, unknown>();
    const stripe: StripeReader = {
      ...noStripe,
      retrieve: <T>(path: string): T => {
        if (!kept.has(path)) throw new Error(`unexpected Stripe call GET ${path}`);
        return kept.get(path) as T;
      },
      remember: (path, object) => kept.set(path, object),
    };
    const books = new FakeBooks();
    const settings = {
      ...parseSettings(1, { custrecord_snc_set_account: 'acct_123', custrecord_snc_set_whsec: 'custsecret_x' }),
      booking: BOOKING,
    };
    const product = { id: 'prod_1', object: 'product', name: 'Pro plan' };
    bookingHandlers(books).product?.(
      { id: 'evt_p', type: 'product.created', data: { object: product } } as unknown as StripeEvent,
      { settings, stripe },
    );
    expect(books.created).toEqual([]);
    expect(bookPrice({ ...price, product: 'prod_1' }, ctx(books, stripe))).toEqual(
      outcome('price_1', rec('price_1', 'serviceitem', 100, 'created')),
    );
    expect(books.created[0]?.values).toMatchObject({ displayName: 'Pro plan' });
  });
});

const emptyBooked = {
  createdFrom: null,
  entity: null,
  totalMinor: null,
  createdFromTotalMinor: null,
  currency: null,
};

import { bookCancelledSubscription } from '../../../src/suitescript/booking/flows/cancelledSubscriptions';
import type { BookingContext } from '../../../src/suitescript/booking/flows/context';
import { bookInvoiceEvent } from '../../../src/suitescript/booking/flows/invoiceEvents';
import { noteOf } from '../../../src/suitescript/booking/flows/outcome';
import { paidOffStripe } from '../../../src/suitescript/booking/invoiceClosing';
import { prorate } from '../../../src/suitescript/booking/proRata';
import type { StripeInvoice, StripeSubscription } from '../../../src/suitescript/booking/stripeShapes';
import { parseSettings, type BookingSettings } from '../../../src/suitescript/settings';
import type { StripeReader } from '../../../src/suitescript/stripe/reader';
import { BOOKING, FakeBooks, fakeStripe, noStripe } from './fakes';

function ctx(
  books: FakeBooks,
  booking: Partial<BookingSettings> = {},
  stripe: StripeReader = noStripe,
): BookingContext {
  return { booking: { ...BOOKING, ...booking }, stripe, books };
}

/** An open invoice of 50.00, booked already (in NetSuite and in memory), with no payment. */
const open: StripeInvoice = {
  id: 'in_1',
  object: 'invoice',
  number: 'INV-1',
  status: 'open',
  currency: 'usd',
  customer: 'cus_A',
  total: 5000,
  amount_paid: 0,
  amount_remaining: 5000,
  lines: { data: [{ id: 'il_1', amount: 5000, pricing: { price_details: { price: 'price_1' } } }] },
  status_transitions: { finalized_at: 1_790_000_000 },
  payments: { data: [], has_more: false },
};

function booked(books: FakeBooks): number {
  const id = books.createInvoice({
    externalId: 'in_1',
    customer: 7,
    subsidiary: 1,
    currency: 'usd',
    tranDate: '2026-09-21',
    memo: 'Stripe: INV-1',
    tranId: 'INV-1',
    lines: [{ item: 9, amountMinor: 5000, description: null }],
    exchangeRate: null,
  });
  const invoice = books.byExternalId.get('IN_1');
  if (!invoice) throw new Error('the fake lost the invoice');
  books.remember('in_1', invoice);
  return id;
}

/** A customer payment of `amount` applied to the invoice, as the charge flow books one. */
function pay(books: FakeBooks, invoice: number, chargeId: string, amountMinor: number): void {
  books.createInvoicePayment(invoice, {
    externalId: chargeId,
    customer: 7,
    currency: 'usd',
    amountMinor,
    tranDate: '2026-09-22',
    memo: 'Stripe: INV-1',
    subsidiary: 1,
    exchangeRate: null,
  });
}

const voided = {
  ...open,
  status: 'void',
  status_transitions: { finalized_at: 1_790_000_000, voided_at: 1_790_100_000 },
};
const uncollectible = {
  ...open,
  status: 'uncollectible',
  status_transitions: { finalized_at: 1_790_000_000, marked_uncollectible_at: 1_790_200_000 },
};

describe('voided invoices', () => {
  it('an untouched invoice is voided in NetSuite, once', () => {
    const books = new FakeBooks();
    const id = booked(books);
    expect(noteOf(bookInvoiceEvent(voided, ctx(books), 'invoice.voided'))).toBe(
      `in_1: invoice ${id} found; invoice ${id} voided`,
    );
    expect(books.voided.has(id)).toBe(true);
    expect(noteOf(bookInvoiceEvent(voided, ctx(books), 'invoice.updated'))).toBe(
      `in_1: invoice ${id} found; voided already`,
    );
    expect(books.kinds()).toEqual(['invoice']);
  });

  it('an invoice with a payment applied is closed with a credit memo for what is open', () => {
    const books = new FakeBooks();
    const id = booked(books);
    pay(books, id, 'ch_1', 2000);
    bookInvoiceEvent(voided, ctx(books), 'invoice.voided');
    expect(books.voided.size).toBe(0);
    const memo = books.created.find((c) => c.kind === 'creditmemo');
    expect(memo?.values).toMatchObject({
      externalId: 'ns_void:in_1',
      invoice: id,
      amountMinor: 3000,
      tranDate: '2026-09-22',
    });
    expect(books.invoiceState(id)?.openMinor).toBe(0);
  });

  it('a void NetSuite refuses (a closed period, reversing journals) becomes a credit memo, naming the refusal', () => {
    const books = new FakeBooks();
    const id = booked(books);
    books.voidRefusal = 'PERIOD_CLOSED';
    const note = noteOf(bookInvoiceEvent(voided, ctx(books), 'invoice.voided'));
    expect(note).toMatch(
      /credit memo \d+ created; closed with a credit memo: NetSuite refused the void \(PERIOD_CLOSED\)/,
    );
    expect(books.invoiceState(id)?.openMinor).toBe(0);
  });

  it('"Void Handling: credit_memo" closes with a credit memo without voiding', () => {
    const books = new FakeBooks();
    const id = booked(books);
    bookInvoiceEvent(voided, ctx(books, { voidHandling: 'credit_memo' }), 'invoice.voided');
    expect(books.voided.size).toBe(0);
    expect(books.invoiceState(id)).toMatchObject({ voided: false, openMinor: 0 });
  });

  it('a void invoice never booked books nothing', () => {
    const books = new FakeBooks();
    expect(bookInvoiceEvent(voided, ctx(books), 'invoice.voided').skipped?.reason).toMatch(/never booked/);
    expect(books.created).toEqual([]);
  });
});

describe('uncollectible invoices', () => {
  it('closed with a credit memo for what is open; a redelivery makes nothing', () => {
    const books = new FakeBooks();
    const id = booked(books);
    bookInvoiceEvent(uncollectible, ctx(books), 'invoice.marked_uncollectible');
    expect(books.created.find((c) => c.kind === 'creditmemo')?.values).toMatchObject({
      externalId: 'ns_unc:in_1',
      amountMinor: 5000,
      tranDate: '2026-09-23',
    });
    expect(books.invoiceState(id)?.openMinor).toBe(0);
    bookInvoiceEvent(uncollectible, ctx(books), 'invoice.updated');
    expect(books.kinds()).toEqual(['invoice', 'creditmemo']);
  });

  it('"Uncollectible Invoices: keep_open" leaves it open', () => {
    const books = new FakeBooks();
    const id = booked(books);
    const outcome = bookInvoiceEvent(
      uncollectible,
      ctx(books, { uncollectibleHandling: 'keep_open' }),
      'invoice.updated',
    );
    expect(outcome.notes).toContain('uncollectible: kept open (Uncollectible Invoices: keep_open)');
    expect(books.invoiceState(id)?.openMinor).toBe(5000);
  });

  it('paid later: the credit memo is deleted and the payment applied to the reopened invoice', () => {
    const books = new FakeBooks();
    const id = booked(books);
    bookInvoiceEvent(uncollectible, ctx(books), 'invoice.marked_uncollectible');
    const memo = books.created.find((c) => c.kind === 'creditmemo')?.id;
    const paid: StripeInvoice = {
      ...uncollectible,
      status: 'paid',
      amount_paid: 5000,
      amount_remaining: 0,
      payments: {
        data: [{ id: 'inpay_1', amount_paid: 5000, status: 'paid', payment: { type: 'charge', charge: 'ch_late' } }],
      },
    };
    const outcome = bookInvoiceEvent(paid, ctx(books), 'invoice.paid');
    expect(outcome.notes?.[0]).toBe(`uncollectible credit memo ${memo} deleted: paid after all`);
    expect(books.deleted).toEqual([memo]);
    expect(books.created.find((c) => c.kind === 'customerpayment')?.values).toMatchObject({
      invoice: id,
      externalId: 'ch_late',
      amountMinor: 5000,
    });
    expect(books.invoiceState(id)?.openMinor).toBe(0);
  });
});

describe('invoices paid outside Stripe', () => {
  const outOfBand: StripeInvoice = {
    ...open,
    status: 'paid',
    amount_paid: 5000,
    amount_paid_off_stripe: 5000,
    amount_remaining: 0,
    status_transitions: { finalized_at: 1_790_000_000, paid_at: 1_790_300_000 },
  };

  it('reads amount_paid_off_stripe, or paid_out_of_band of older API versions', () => {
    expect(paidOffStripe(outOfBand)).toBe(5000);
    expect(paidOffStripe({ ...open, paid_out_of_band: true })).toBeNull();
    expect(paidOffStripe(open)).toBe(0);
  });

  it('closed with a credit memo by default', () => {
    const books = new FakeBooks();
    const id = booked(books);
    bookInvoiceEvent(outOfBand, ctx(books), 'invoice.paid');
    expect(books.created.find((c) => c.kind === 'creditmemo')?.values).toMatchObject({
      externalId: 'ns_oob:in_1',
      amountMinor: 5000,
    });
    expect(books.invoiceState(id)?.openMinor).toBe(0);
  });

  it('"Out-of-Band Payments: payment": a customer payment to the account, applied to the invoice', () => {
    const books = new FakeBooks();
    const id = booked(books);
    bookInvoiceEvent(outOfBand, ctx(books, { outOfBandHandling: 'payment', outOfBandAccount: 55 }), 'invoice.paid');
    expect(books.created.find((c) => c.kind === 'customerpayment')?.values).toMatchObject({
      invoice: id,
      account: 55,
      externalId: 'ns_oob:in_1',
      amountMinor: 5000,
      tranDate: '2026-09-25',
    });
    expect(books.invoiceState(id)?.openMinor).toBe(0);
    bookInvoiceEvent(outOfBand, ctx(books, { outOfBandHandling: 'payment', outOfBandAccount: 55 }), 'invoice.updated');
    expect(books.kinds()).toEqual(['invoice', 'customerpayment']);
  });

  it('payment mode needs the Out-of-Band Payment Account', () => {
    const raw = {
      custrecord_snc_set_account: 'acct_123',
      custrecord_snc_set_whsec: 'custsecret_x',
      custrecord_snc_set_oob_handling: 'payment',
    };
    expect(() => parseSettings(1, raw)).toThrow(/custrecord_snc_set_oob_account is required/);
    expect(parseSettings(1, { ...raw, custrecord_snc_set_oob_account: '55' }).booking.outOfBandAccount).toBe(55);
  });
});

describe('a subscription cancelled after a failed payment', () => {
  const subscription: StripeSubscription = {
    id: 'sub_1',
    object: 'subscription',
    status: 'canceled',
    customer: 'cus_A',
    cancellation_details: { reason: 'cancellation_requested' },
  };

  it('keep_open (default) reads and books nothing', () => {
    const books = new FakeBooks();
    const stripe = fakeStripe({});
    expect(bookCancelledSubscription(subscription, ctx(books, {}, stripe)).skipped?.reason).toMatch(/keep_open/);
    expect(stripe.calls).toEqual([]);
  });

  it('credit_memo: the open invoice whose payment failed is closed; one never attempted stays open', () => {
    const books = new FakeBooks();
    const id = booked(books);
    const untried = { ...open, id: 'in_2', attempt_count: 0 };
    const stripe = fakeStripe(
      {},
      { '/v1/invoices?subscription=sub_1&status=open': [{ ...open, attempt_count: 1 }, untried] },
    );
    const booking = { cancelledSubscriptionHandling: 'credit_memo' as const };
    bookCancelledSubscription(subscription, ctx(books, booking, stripe));
    expect(books.created.filter((c) => c.kind === 'creditmemo').map((c) => c.values)).toEqual([
      expect.objectContaining({ externalId: 'ns_cancel:in_1', invoice: id, amountMinor: 5000 }),
    ]);
    expect(books.invoiceState(id)?.openMinor).toBe(0);
  });
});

describe('prorate', () => {
  it('scales lines to the target, the remainder to the largest fractions, discounts included', () => {
    expect(prorate([1000, 333, 667], 1000)).toEqual([500, 167, 333]);
    expect(prorate([2000, -200, 180], 990)).toEqual([1000, -100, 90]);
    expect(prorate([100, 100, 100], 100)).toEqual([34, 33, 33]);
    expect(prorate([5000], 5000)).toEqual([5000]);
  });
});

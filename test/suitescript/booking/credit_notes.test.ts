import type { BookingContext } from '../../../src/suitescript/booking/flows/context';
import { bookCreditNote } from '../../../src/suitescript/booking/flows/creditNotes';
import { applyCustomerBalance, balanceUsed } from '../../../src/suitescript/booking/flows/customerBalance';
import { creditNoteParts, planCreditNoteLines } from '../../../src/suitescript/booking/creditNotes';
import type { Booked } from '../../../src/suitescript/booking/ports';
import type { StripeInvoice } from '../../../src/suitescript/booking/stripeShapes';
import type { StripeReader } from '../../../src/suitescript/stripe/reader';
import { BOOKING, FakeBooks, fakeStripe, noStripe, TAXED_CREDIT_NOTE } from './fakes';

const ctx = (books: FakeBooks, stripe: StripeReader = noStripe): BookingContext => ({
  booking: BOOKING,
  stripe,
  books,
});

/** NetSuite already holds the invoice in_1 (id 50) of customer 7, and the item of price_1 (id 60). */
function booksWithInvoice(): FakeBooks {
  const books = new FakeBooks();
  books.hold('in_1', 50, 'invoice', { entity: 7, totalMinor: 5500, currency: 'usd' });
  books.hold('price_1', 60, 'serviceitem');
  return books;
}

// A 10% taxed line of 20.00 credited before payment: 22.00.
const note = TAXED_CREDIT_NOTE;

const invoiceLines = {
  '/v1/invoices/in_1/lines?': [{ id: 'il_1', amount: 5000, pricing: { price_details: { price: 'price_1' } } }],
};

describe('credit note flow', () => {
  it("lines as on the note, net of discount and inclusive tax; all of the note's tax on one tax line", () => {
    const lines = planCreditNoteLines({ ...note, total: 1900 }, [
      {
        id: 'l',
        type: 'invoice_line_item',
        invoice_line_item: 'il_1',
        amount: 2000,
        discount_amount: 300,
        taxes: [{ amount: 200, tax_behavior: 'inclusive' }],
      },
      { id: 'm', type: 'custom_line_item', amount: 200, taxes: [] },
    ]);
    expect(lines).toEqual([
      { kind: 'line', invoiceLineItem: 'il_1', amountMinor: 1500, description: null },
      { kind: 'line', invoiceLineItem: null, amountMinor: 200, description: null },
      { kind: 'tax', amountMinor: 200 },
    ]);
  });

  it('before payment: a credit memo cn_… from the invoice, applied to it for the pre-payment part', () => {
    const books = booksWithInvoice();
    const outcome = bookCreditNote(note, ctx(books, fakeStripe({}, invoiceLines)));
    expect(outcome.records).toEqual([{ stripeId: 'cn_1', recordType: 'creditmemo', id: 100, how: 'created' }]);
    expect(books.created[0]?.values).toMatchObject({
      externalId: 'cn_1',
      fromInvoice: 50,
      applyToInvoiceMinor: 2200,
      lines: [
        { item: 60, amountMinor: 2000 },
        { item: 77, amountMinor: 200, description: 'Stripe: tax' },
      ],
    });
    expect(books.applications.get(100)?.get(50)).toBe(2200);
    // Redelivered: found, nothing new.
    expect(bookCreditNote(note, ctx(books, fakeStripe({}, invoiceLines))).records).toEqual([
      { stripeId: 'cn_1', recordType: 'creditmemo', id: 100, how: 'found' },
    ]);
    expect(books.created).toHaveLength(1);
  });

  it('to the balance: the memo is left unapplied, and the note says so', () => {
    const books = booksWithInvoice();
    const toBalance = { ...note, pre_payment_amount: 0, post_payment_amount: 2200 };
    expect(creditNoteParts(toBalance)).toEqual({ prePayment: 0, refunded: 0, outOfBand: 0, toBalance: 2200 });
    const outcome = bookCreditNote(toBalance, ctx(books, fakeStripe({}, invoiceLines)));
    expect(outcome.notes).toEqual(['22.00 USD left as credit on the customer (Stripe customer balance)']);
    expect(books.applications.size).toBe(0);
  });

  it('refunded outside Stripe: with an Out-of-Band Payment Account, a customer refund from it applies the memo', () => {
    const outOfBand = { ...note, pre_payment_amount: 0, post_payment_amount: 2200, out_of_band_amount: 2200 };
    const withAccount = booksWithInvoice();
    const booked = bookCreditNote(outOfBand, {
      ...ctx(withAccount, fakeStripe({}, invoiceLines)),
      booking: { ...BOOKING, outOfBandAccount: 95 },
    });
    expect(booked.records.map((r) => [r.recordType, r.how])).toEqual([
      ['creditmemo', 'created'],
      ['customerrefund', 'created'],
    ]);
    const refund = withAccount.created.find((c) => c.kind === 'customerrefund')?.values;
    expect(refund).toMatchObject({
      externalId: 'ns_oob:cn_1',
      amountMinor: 2200,
      account: 95,
      applyTo: { type: 'creditmemo' },
    });
    // Without the account the credit stays on the customer, and the note says how to book it.
    const without = booksWithInvoice();
    const left = bookCreditNote(outOfBand, ctx(without, fakeStripe({}, invoiceLines)));
    expect(without.kinds()).toEqual(['creditmemo']);
    expect(left.notes).toEqual([expect.stringContaining('22.00 USD refunded outside Stripe: left as credit')]);
  });

  it('voided: its credit memo deleted; one with refunds kept', () => {
    const books = booksWithInvoice();
    bookCreditNote(note, ctx(books, fakeStripe({}, invoiceLines)));
    const outcome = bookCreditNote({ ...note, status: 'void' }, ctx(books));
    expect(books.deleted).toEqual([100]);
    expect(outcome.notes).toEqual(['credit memo 100 deleted (credit note voided)']);
    expect(bookCreditNote({ ...note, status: 'void' }, ctx(books)).skipped?.reason).toMatch(/never booked/);
    const refunded = booksWithInvoice();
    const withRefund = { ...note, refunds: [{ refund: 're_1', amount_refunded: 2200 }] };
    refunded.byExternalId.set('CN_1', {
      ...(refunded.byExternalId.get('IN_1') as Booked),
      id: 90,
      recordType: 'creditmemo',
    });
    expect(bookCreditNote({ ...withRefund, status: 'void' }, ctx(refunded)).notes).toEqual([
      'voided in Stripe: the credit memo is kept, its refunds stand',
    ]);
    expect(refunded.deleted).toEqual([]);
  });
});

describe('customer balance', () => {
  const later: StripeInvoice = {
    id: 'in_1',
    object: 'invoice',
    status: 'paid',
    currency: 'usd',
    customer: 'cus_A',
    total: 5500,
    lines: { data: [] },
    starting_balance: -3000,
    ending_balance: 0,
  };

  it('what Stripe took from the balance: credit used, nothing for a debt or no balance', () => {
    expect(balanceUsed(later)).toBe(3000);
    expect(balanceUsed({ ...later, starting_balance: -9000, ending_balance: -3500 })).toBe(5500);
    expect(balanceUsed({ ...later, starting_balance: 400, ending_balance: 0 })).toBe(0);
    expect(balanceUsed({ ...later, starting_balance: null, ending_balance: null })).toBe(0);
  });

  it("applies the customer's open credit memos, oldest first, once", () => {
    const books = booksWithInvoice();
    books.hold('cn_old', 81, 'creditmemo', { createdFrom: 40, entity: 7, totalMinor: 1000, currency: 'usd' });
    books.hold('cn_new', 82, 'creditmemo', { createdFrom: 41, entity: 7, totalMinor: 5000, currency: 'usd' });
    const outcome = applyCustomerBalance(later, ctx(books));
    expect(books.applications.get(81)?.get(50)).toBe(1000);
    expect(books.applications.get(82)?.get(50)).toBe(2000);
    expect(outcome?.notes).toEqual(['30.00 USD of the customer balance applied']);
    expect(applyCustomerBalance(later, ctx(books))?.notes).toEqual(['its customer balance credit is applied']);
    expect(books.applications.get(82)?.get(50)).toBe(2000);
  });

  it('credit with no credit memo in NetSuite stays open on the invoice, and the note says how much', () => {
    const books = booksWithInvoice();
    expect(applyCustomerBalance(later, ctx(books))?.notes).toEqual([
      '0.00 USD of the customer balance applied',
      '30.00 USD of the balance has no credit memo in NetSuite: left open',
    ]);
  });
});

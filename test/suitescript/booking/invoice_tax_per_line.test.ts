import { parseSettings } from '../../../src/suitescript/settings';
import type { BookingContext } from '../../../src/suitescript/booking/flows/context';
import { bookCreditNote } from '../../../src/suitescript/booking/flows/creditNotes';
import { bookInvoice } from '../../../src/suitescript/booking/flows/invoices';
import { bookMoneyBack } from '../../../src/suitescript/booking/flows/moneyBack';
import { Lookup } from '../../../src/suitescript/booking/flows/recordLookup';
import { planCreditNoteLines } from '../../../src/suitescript/booking/creditNotes';
import { planInvoiceLines } from '../../../src/suitescript/booking/invoices';
import type { CreditNoteMemoValues, InvoiceValues } from '../../../src/suitescript/booking/ports';
import type { StripeCreditNote, StripeInvoice, StripeInvoiceLine } from '../../../src/suitescript/booking/stripeShapes';
import { BOOKING, FakeBooks, fakeStripe, noStripe, TAXED_CREDIT_NOTE } from './fakes';

/** Tax Mode per_line: each item line carries Stripe's tax of that line; no Tax Item line. */

const MAR_1 = 1_772_323_200;
const APR_1 = 1_775_001_600;

// 3 × 10.00 with 10% tax on top (3.00), and a 11.90 price including 19% tax (1.90).
const exclusive: StripeInvoiceLine = {
  id: 'il_1',
  amount: 3000,
  quantity: 3,
  pricing: { price_details: { price: 'price_seat' }, unit_amount_decimal: '1000' },
  period: { start: MAR_1, end: APR_1 },
  taxes: [{ amount: 300, tax_behavior: 'exclusive' }],
};
const inclusive: StripeInvoiceLine = {
  id: 'il_2',
  amount: 1190,
  quantity: 1,
  pricing: { price_details: { price: 'price_box' }, unit_amount_decimal: '1190' },
  period: { start: MAR_1, end: MAR_1 },
  taxes: [{ amount: 190, tax_behavior: 'inclusive' }],
};

function invoice(lines: StripeInvoiceLine[], extra: Partial<StripeInvoice> = {}): StripeInvoice {
  return {
    id: 'in_1',
    object: 'invoice',
    number: 'INV-1',
    status: 'open',
    currency: 'usd',
    customer: { id: 'cus_A', object: 'customer', name: 'Ada', email: 'ada@x.io', metadata: {} },
    total: 4490,
    total_taxes: [{ amount: 490 }],
    lines: { data: lines },
    status_transitions: { finalized_at: MAR_1 },
    ...extra,
  };
}

function ctx(books: FakeBooks, booking: Partial<typeof BOOKING> = {}): BookingContext {
  return { booking: { ...BOOKING, taxMode: 'per_line', taxCode: 5, ...booking }, stripe: noStripe, books };
}

function item(books: FakeBooks, priceId: string, id: number): void {
  books.hold(priceId, id, 'serviceitem');
}

describe('planned lines in tax mode per_line', () => {
  it('each line carries its own tax; an inclusive line is net of it; no tax line', () => {
    const inv = invoice([exclusive, inclusive]);
    expect(planInvoiceLines(inv, inv.lines.data, 'per_line')).toEqual([
      {
        kind: 'price',
        priceId: 'price_seat',
        amountMinor: 3000,
        description: null,
        quantity: 3,
        rateMinor: 1000,
        period: { start: '2026-03-01', end: '2026-03-31' },
        taxMinor: 300,
      },
      {
        kind: 'price',
        priceId: 'price_box',
        amountMinor: 1000,
        description: null,
        quantity: 1,
        rateMinor: 1000,
        period: { start: '2026-03-01', end: '2026-03-01' },
        taxMinor: 190,
      },
    ]);
  });

  it('a discount line carries no tax: the line tax Stripe reports is on the discounted amount', () => {
    // 20.00 less a 5.00 coupon, 10% tax on the 15.00 left: 1.50; total 16.50.
    const discounted: StripeInvoiceLine = {
      id: 'il_3',
      amount: 2000,
      quantity: 1,
      pricing: { price_details: { price: 'price_seat' }, unit_amount_decimal: '2000' },
      discounts: ['di_1'],
      discount_amounts: [{ amount: 500, discount: 'di_1' }],
      taxes: [{ amount: 150, tax_behavior: 'exclusive' }],
    };
    const inv = invoice([discounted], {
      total: 1650,
      total_taxes: [{ amount: 150 }],
      total_discount_amounts: [{ amount: 500, discount: 'di_1' }],
    });
    expect(planInvoiceLines(inv, inv.lines.data, 'per_line')).toEqual([
      expect.objectContaining({ kind: 'price', amountMinor: 2000, taxMinor: 150 }),
      { kind: 'discount', discountId: 'di_1', coupon: null, amountMinor: -500, period: null },
    ]);
  });

  it('shipping carries its own tax; an untaxed line has tax 0', () => {
    const untaxed: StripeInvoiceLine = { ...exclusive, taxes: [] };
    const inv = invoice([untaxed], {
      total: 3550,
      total_taxes: [],
      shipping_cost: { amount_subtotal: 500, amount_tax: 50, amount_total: 550 },
    });
    expect(planInvoiceLines(inv, inv.lines.data, 'per_line')).toEqual([
      expect.objectContaining({ kind: 'price', amountMinor: 3000, taxMinor: 0 }),
      { kind: 'shipping', amountMinor: 500, taxMinor: 50 },
    ]);
  });

  it('lines and their taxes must make the Stripe total', () => {
    const inv = invoice([exclusive], { total: 3301 });
    expect(() => planInvoiceLines(inv, inv.lines.data, 'per_line')).toThrow(
      "Invoice in_1: lines sum to 33.00 USD, Stripe's total is 33.01 USD",
    );
  });
});

describe('invoice flow in tax mode per_line', () => {
  it('taxed lines get the Tax Code and tax1amt, untaxed ones the Exempt Tax Code at 0', () => {
    const books = new FakeBooks();
    item(books, 'price_seat', 55);
    item(books, 'price_box', 56);
    const untaxed: StripeInvoiceLine = { ...inclusive, id: 'il_4', amount: 1000, taxes: [] };
    const inv = invoice([exclusive, untaxed], { total: 4300, total_taxes: [{ amount: 300 }] });
    bookInvoice(inv, ctx(books, { exemptTaxCode: 6 }), { withPayments: false });
    const made = books.created.find((c) => c.kind === 'invoice')?.values as InvoiceValues;
    expect(made.lines.map((l) => [l.item, l.amountMinor, l.taxCode, l.taxMinor])).toEqual([
      [55, 3000, 5, 300],
      [56, 1000, 6, 0],
    ]);
  });

  it('without an Exempt Tax Code an untaxed line has no tax code', () => {
    const books = new FakeBooks();
    item(books, 'price_box', 56);
    const untaxed: StripeInvoiceLine = { ...inclusive, amount: 1000, taxes: [] };
    bookInvoice(invoice([untaxed], { total: 1000, total_taxes: [] }), ctx(books), { withPayments: false });
    const made = books.created.find((c) => c.kind === 'invoice')?.values as InvoiceValues;
    expect(made.lines[0]).not.toHaveProperty('taxCode');
    expect(made.lines[0]).not.toHaveProperty('taxMinor');
  });

  it('a partial refund is booked: a credit memo for the refunded part of the invoice, nothing refused', () => {
    const books = new FakeBooks();
    const paid = {
      id: 300,
      recordType: 'customerpayment',
      createdFrom: 200,
      entity: 7,
      totalMinor: 4490,
      createdFromTotalMinor: 4490,
      currency: 'usd',
    };
    const back = { id: 're_1', amount: 1000, currency: 'usd', created: MAR_1, memo: 'Stripe: refund' };
    bookMoneyBack(back, paid, null, ctx(books, { partialRefundItem: 9 }), new Lookup(books));
    // The part (amounts and tax) is spread over the invoice's lines where NetSuite reads them
    // (booking/proRata.ts partialRefundLines, tested in pro_rata.test.ts).
    expect(books.created.map((c) => [c.kind, c.values])).toEqual([
      [
        'creditmemo',
        expect.objectContaining({ externalId: 'ns_memo:re_1', fromInvoice: 200, partialAmountMinor: 1000 }),
      ],
      ['customerrefund', expect.objectContaining({ externalId: 're_1', amountMinor: 1000 })],
    ]);
  });
});

describe('credit notes in tax mode per_line', () => {
  function booksWithInvoice(): FakeBooks {
    const books = new FakeBooks();
    books.hold('in_1', 50, 'invoice', { entity: 7, totalMinor: 5500, currency: 'usd' });
    item(books, 'price_1', 60);
    item(books, 'price_2', 61);
    return books;
  }
  const invoiceLines = {
    '/v1/invoices/in_1/lines?': [
      { id: 'il_1', amount: 5000, pricing: { price_details: { price: 'price_1' } } },
      { id: 'il_2', amount: 3001, pricing: { price_details: { price: 'price_2' } } },
    ],
  };

  it('planned per line: an inclusive line net of its tax, each line its own tax, no tax line', () => {
    const note: StripeCreditNote = {
      ...TAXED_CREDIT_NOTE,
      total: 3390,
      lines: {
        data: [
          ...TAXED_CREDIT_NOTE.lines.data,
          { id: 'cnli_2', type: 'custom_line_item', amount: 1190, taxes: [{ amount: 190, tax_behavior: 'inclusive' }] },
        ],
      },
    };
    expect(planCreditNoteLines(note, note.lines.data, 'per_line')).toEqual([
      { kind: 'line', invoiceLineItem: 'il_1', amountMinor: 2000, description: null, taxMinor: 200 },
      { kind: 'line', invoiceLineItem: null, amountMinor: 1000, description: null, taxMinor: 190 },
    ]);
    expect(() => planCreditNoteLines({ ...note, total: 3200 }, note.lines.data, 'per_line')).toThrow(
      "lines sum to 33.90 USD, Stripe's total is 32.00 USD",
    );
  });

  it("a taxed credit note: the line's tax on the memo line with the Tax Code, no tax line; total the note's", () => {
    const books = booksWithInvoice();
    const context = { ...ctx(books), stripe: fakeStripe({}, invoiceLines) };
    bookCreditNote(TAXED_CREDIT_NOTE, context);
    const memo = books.created.find((c) => c.kind === 'creditmemo')?.values as CreditNoteMemoValues;
    expect(memo.lines).toEqual([{ item: 60, amountMinor: 2000, description: null, taxCode: 5, taxMinor: 200 }]);
    expect(memo.applyToInvoiceMinor).toBe(2200);
    expect(books.find(['cn_1']).get('cn_1')?.totalMinor).toBe(2200);
  });

  it('an untaxed line gets the Exempt Tax Code at 0; a refund booked alone first leaves the rest, tax spread', () => {
    const books = booksWithInvoice();
    books.hold('ns_memo:re_1', 70, 'creditmemo', { createdFrom: 50, entity: 7, totalMinor: 1000, currency: 'usd' });
    books.hold('re_1', 71, 'customerrefund', { entity: 7, totalMinor: 1000, currency: 'usd' });
    // 20.00 + 2.00 tax and 7.77 untaxed: 29.77, of which 10.00 a refund charge.refunded booked on its own.
    const note: StripeCreditNote = {
      ...TAXED_CREDIT_NOTE,
      total: 2977,
      pre_payment_amount: 0,
      post_payment_amount: 2977,
      refunds: [{ refund: 're_1', amount_refunded: 1000 }],
      lines: {
        data: [
          ...TAXED_CREDIT_NOTE.lines.data,
          { id: 'cnli_2', type: 'invoice_line_item', invoice_line_item: 'il_2', amount: 777, taxes: [] },
        ],
      },
    };
    const context = { ...ctx(books, { exemptTaxCode: 6 }), stripe: fakeStripe({}, invoiceLines) };
    bookCreditNote(note, context);
    const memo = books.created.find((c) => c.kind === 'creditmemo')?.values as CreditNoteMemoValues;
    // The rest, 19.77 of 29.77: net 2777 × 1977 / 2977 = 1844.19 and tax 200 × 1977 / 2977 = 132.82 → 1844 +
    // 132, the unit left to the tax (.82): 1844 and 133. Amounts: 2000 × 1844 / 2777 = 1328.05 and
    // 777 × 1844 / 2777 = 515.95 → 1328 + 515, the unit to .95: 1328 and 516. Tax: all 133 on the taxed line.
    expect(memo.lines.map((l) => [l.item, l.amountMinor, l.taxCode, l.taxMinor])).toEqual([
      [60, 1328, 5, 133],
      [61, 516, 6, 0],
    ]);
    expect(books.find(['cn_1']).get('cn_1')?.totalMinor).toBe(1977);
  });
});

describe('tax mode settings', () => {
  const base = { custrecord_snc_set_account: 'acct_123', custrecord_snc_set_whsec: 'custsecret_snc_stripe_webhook' };

  it('defaults to the Tax Item; per_line takes the Tax Code and the optional Exempt Tax Code', () => {
    expect(parseSettings(1, base).booking).toMatchObject({ taxMode: 'tax_item', taxCode: null, exemptTaxCode: null });
    const set = parseSettings(1, {
      ...base,
      custrecord_snc_set_tax_mode: 'per_line',
      custrecord_snc_set_tax_code: 12,
      custrecord_snc_set_exempt_tax_code: '13',
    });
    expect(set.booking).toMatchObject({ taxMode: 'per_line', taxCode: 12, exemptTaxCode: 13 });
  });

  it('per_line without a Tax Code, or an unknown mode, is refused naming the setting', () => {
    expect(() => parseSettings(1, { ...base, custrecord_snc_set_tax_mode: 'per_line' })).toThrow(
      'Setting custrecord_snc_set_tax_code is required when the tax mode is per_line',
    );
    expect(() => parseSettings(1, { ...base, custrecord_snc_set_tax_mode: 'vat' })).toThrow(
      /custrecord_snc_set_tax_mode must be one of tax_item, per_line/,
    );
  });
});

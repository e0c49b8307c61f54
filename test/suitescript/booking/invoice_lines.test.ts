import { dispositionOf } from '../../../src/suitescript/events/eventTable';
import { parseSettings } from '../../../src/suitescript/settings';
import type { BookingContext } from '../../../src/suitescript/booking/flows/context';
import { bookInvoice } from '../../../src/suitescript/booking/flows/invoices';
import { planInvoiceLines, quantityAndRate, servicePeriod } from '../../../src/suitescript/booking/invoices';
import { decidePriceItem } from '../../../src/suitescript/booking/items';
import type { InvoiceValues } from '../../../src/suitescript/booking/ports';
import type { StripeInvoice, StripeInvoiceLine } from '../../../src/suitescript/booking/stripeShapes';
import { BOOKING, FakeBooks, noStripe } from './fakes';

// 2026-03-01T00:00:00Z and 2026-04-01T00:00:00Z: a month of service, Stripe's end exclusive.
const MAR_1 = 1_772_323_200;

/** An item NetSuite has under the price's external ID. */
function item(books: FakeBooks, priceId: string, id: number): void {
  books.hold(priceId, id, 'serviceitem');
}
const APR_1 = 1_775_001_600;

function line(extra: Partial<StripeInvoiceLine> = {}): StripeInvoiceLine {
  return {
    id: 'il_1',
    amount: 3000,
    quantity: 3,
    pricing: { price_details: { price: 'price_seat' }, unit_amount_decimal: '1000' },
    period: { start: MAR_1, end: APR_1 },
    ...extra,
  };
}

function invoice(extra: Partial<StripeInvoice> = {}): StripeInvoice {
  return {
    id: 'in_1',
    object: 'invoice',
    number: 'INV-1',
    status: 'open',
    currency: 'usd',
    customer: { id: 'cus_A', object: 'customer', name: 'Ada', email: 'ada@x.io', metadata: {} },
    total: 3000,
    lines: { data: [line()] },
    status_transitions: { finalized_at: MAR_1 },
    ...extra,
  };
}

describe('invoice lines as Stripe has them', () => {
  it('quantity and Stripe unit price as the rate when quantity × rate is the amount', () => {
    expect(quantityAndRate(line(), 3000)).toEqual({ quantity: 3, rateMinor: 1000 });
    // A unit price in fractions of a cent: 3 × 0.5 cents = 1.5 cents, which Stripe rounded to 2: the rate is
    // Stripe's unit price and the amount stays Stripe's 2 cents.
    const half = line({ amount: 2, pricing: { unit_amount_decimal: '0.5' } });
    expect(quantityAndRate(half, 2)).toEqual({ quantity: 3, rateMinor: 0.5 });
    // A proration: one unit at 20.00 prorated to 12.34: the rate follows the amount.
    const proration = line({ amount: 1234, quantity: 1, pricing: { unit_amount_decimal: '2000' } });
    expect(quantityAndRate(proration, 1234)).toEqual({ quantity: 1, rateMinor: 1234 });
  });

  it("service period: Stripe's exclusive end becomes NetSuite's inclusive last day (UTC days)", () => {
    expect(servicePeriod({ start: MAR_1, end: APR_1 })).toEqual({ start: '2026-03-01', end: '2026-03-31' });
    // Mid-day boundaries: 2026-03-05 14:00 to 2026-04-05 14:00 → 03-05 to 04-04.
    expect(servicePeriod({ start: MAR_1 + 4 * 86400 + 50400, end: APR_1 + 4 * 86400 + 50400 })).toEqual({
      start: '2026-03-05',
      end: '2026-04-04',
    });
    // A one-off line whose period is an instant: one day.
    expect(servicePeriod({ start: MAR_1 + 3600, end: MAR_1 + 3600 })).toEqual({
      start: '2026-03-01',
      end: '2026-03-01',
    });
    expect(servicePeriod(null)).toBeNull();
  });

  it('line-level discounts follow their line with its period; invoice-level ones come last; tax from total_taxes', () => {
    // Line 1: 3 × 10.00, 10% line coupon (3.00) and 2.70 of a 5.00 invoice coupon; line 2: 20.00 and the
    // invoice coupon's other 2.30; tax 8% exclusive on 24.30 + 17.70 = 42.00 → 3.36. Total 45.36.
    const inv = invoice({
      total: 4536,
      lines: {
        data: [
          line({
            discounts: ['di_line'],
            discount_amounts: [
              { amount: 300, discount: 'di_line' },
              { amount: 270, discount: 'di_inv' },
            ],
            taxes: [{ amount: 194, tax_behavior: 'exclusive' }],
          }),
          line({
            id: 'il_2',
            amount: 2000,
            quantity: 1,
            pricing: { price_details: { price: 'price_base' }, unit_amount_decimal: '2000' },
            discount_amounts: [{ amount: 230, discount: 'di_inv' }],
            taxes: [{ amount: 142, tax_behavior: 'exclusive' }],
          }),
        ],
      },
      total_discount_amounts: [
        { amount: 300, discount: { id: 'di_line', coupon: { id: 'TEN', name: '10%' } } },
        { amount: 500, discount: { id: 'di_inv', coupon: { id: 'FIVE', name: 'Five off' } } },
      ],
      total_taxes: [{ amount: 336 }],
    });
    const march = { start: '2026-03-01', end: '2026-03-31' };
    expect(planInvoiceLines(inv, inv.lines.data)).toEqual([
      {
        kind: 'price',
        priceId: 'price_seat',
        amountMinor: 3000,
        description: null,
        quantity: 3,
        rateMinor: 1000,
        period: march,
      },
      { kind: 'discount', discountId: 'di_line', coupon: { id: 'TEN', name: '10%' }, amountMinor: -300, period: march },
      {
        kind: 'price',
        priceId: 'price_base',
        amountMinor: 2000,
        description: null,
        quantity: 1,
        rateMinor: 2000,
        period: march,
      },
      {
        kind: 'discount',
        discountId: 'di_inv',
        coupon: { id: 'FIVE', name: 'Five off' },
        amountMinor: -500,
        period: null,
      },
      { kind: 'tax', amountMinor: 336 },
    ]);
  });

  it('shipping: its net amount on a shipping line, its tax on the tax line', () => {
    const inv = invoice({
      total: 3000 + 1080,
      shipping_cost: { amount_subtotal: 1000, amount_tax: 80, amount_total: 1080 },
    });
    expect(planInvoiceLines(inv, inv.lines.data).slice(1)).toEqual([
      { kind: 'shipping', amountMinor: 1000 },
      { kind: 'tax', amountMinor: 80 },
    ]);
  });
});

function ctx(books: FakeBooks, booking: Partial<typeof BOOKING> = {}): BookingContext {
  return { booking: { ...BOOKING, ...booking }, stripe: noStripe, books };
}

describe('invoice flow: what NetSuite gets', () => {
  it('invoice.finalized books the invoice (not its payments)', () => {
    expect(dispositionOf('invoice.finalized')).toEqual({ action: 'handle', handler: 'invoice' });
  });

  it('an invoice line carries quantity, rate and rev rec dates; shipping goes to the shipping item, else global', () => {
    const books = new FakeBooks();
    item(books, 'price_seat', 55);
    const inv = invoice({ total: 3500, shipping_cost: { amount_subtotal: 500, amount_tax: 0, amount_total: 500 } });
    bookInvoice(inv, ctx(books, { globalItem: 9, shippingItem: 12 }), { withPayments: false });
    const made = books.created.find((c) => c.kind === 'invoice')?.values as InvoiceValues;
    expect(made.lines).toEqual([
      {
        item: 55,
        amountMinor: 3000,
        description: null,
        quantity: 3,
        rateMinor: 1000,
        revRecStart: '2026-03-01',
        revRecEnd: '2026-03-31',
      },
      { item: 12, amountMinor: 500, description: 'Stripe: shipping' },
    ]);
    const other = new FakeBooks();
    item(other, 'price_seat', 55);
    bookInvoice({ ...inv, id: 'in_2' }, ctx(other, { globalItem: 9 }), { withPayments: false });
    const global = other.created.find((c) => c.kind === 'invoice')?.values as InvoiceValues;
    expect(global.lines[1]).toEqual({ item: 9, amountMinor: 500, description: 'Stripe: shipping' });
  });

  it('a negative invoice becomes a credit memo with the lines, signs turned, keyed by the invoice ID', () => {
    const books = new FakeBooks();
    item(books, 'price_seat', 55);
    item(books, 'price_base', 56);
    // Downgrade: unused time on 3 seats credited (−30.00), remaining time on 1 seat charged (10.00).
    const inv = invoice({
      total: -2000,
      lines: {
        data: [
          line({ amount: -3000, description: 'Unused time on 3 × Seat' }),
          line({
            id: 'il_2',
            amount: 1000,
            quantity: 1,
            pricing: { price_details: { price: 'price_base' }, unit_amount_decimal: '2000' },
            description: 'Remaining time on Base',
          }),
        ],
      },
    });
    const outcome = bookInvoice(inv, ctx(books), { withPayments: false });
    expect(books.created.map((c) => c.kind)).toEqual(['customer', 'creditmemo']);
    const memo = books.created[1]?.values as InvoiceValues;
    expect(memo.externalId).toBe('in_1');
    expect(memo.lines).toEqual([
      {
        item: 55,
        amountMinor: 3000,
        description: 'Unused time on 3 × Seat',
        quantity: 3,
        rateMinor: 1000,
        revRecStart: '2026-03-01',
        revRecEnd: '2026-03-31',
      },
      {
        item: 56,
        amountMinor: -1000,
        description: 'Remaining time on Base',
        quantity: 1,
        rateMinor: -1000,
        revRecStart: '2026-03-01',
        revRecEnd: '2026-03-31',
      },
    ]);
    expect(outcome.records.at(-1)).toMatchObject({ stripeId: 'in_1', recordType: 'creditmemo', how: 'created' });
    // A later event of the same invoice finds it and creates nothing.
    bookInvoice(inv, ctx(books), { withPayments: false });
    expect(books.created.map((c) => c.kind)).toEqual(['customer', 'creditmemo']);
  });

  it('items the connector creates carry the configured revenue recognition rule, and none when unset', () => {
    const price = { id: 'price_1', currency: 'usd', unit_amount: 1000, product: { id: 'prod_1', name: 'Pro' } };
    const withRule = decidePriceItem(price, price.product, { ...BOOKING, revenueRecognitionRule: 4 });
    expect(withRule.action === 'create' && withRule.values.revenueRecognitionRule).toBe(4);
    const without = decidePriceItem(price, price.product, BOOKING);
    expect(without.action === 'create' && 'revenueRecognitionRule' in without.values).toBe(false);
  });
});

describe('settings', () => {
  const base = {
    custrecord_snc_set_account: 'acct_123',
    custrecord_snc_set_whsec: 'custsecret_snc_stripe_webhook',
  };
  it('Shipping Item and Revenue Recognition Rule are optional internal IDs', () => {
    expect(parseSettings(1, base).booking).toMatchObject({ shippingItem: null, revenueRecognitionRule: null });
    const set = parseSettings(1, {
      ...base,
      custrecord_snc_set_shipping_item: [{ value: '31', text: 'Shipping' }],
      custrecord_snc_set_rev_rec_rule: '2',
    });
    expect(set.booking).toMatchObject({ shippingItem: 31, revenueRecognitionRule: 2 });
    expect(() => parseSettings(1, { ...base, custrecord_snc_set_rev_rec_rule: 'monthly' })).toThrow(
      /custrecord_snc_set_rev_rec_rule must be an internal ID/,
    );
  });
});

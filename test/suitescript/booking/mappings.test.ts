import { planAsPrice } from '../../../src/suitescript/booking/items';
import { customerValues, decideCustomer, normalizeEmail } from '../../../src/suitescript/booking/customers';
import {
  couponOf,
  invoiceHeader,
  invoiceIsFinalized,
  paidInvoiceCharges,
  planInvoiceLines,
} from '../../../src/suitescript/booking/invoices';
import { decideDiscountItem, decidePriceItem, itemIdFor } from '../../../src/suitescript/booking/items';
import { chargeIsBookable, unappliedPaymentValues } from '../../../src/suitescript/booking/payments';
import { creditMemoValues, customerRefundValues, refundsToBook } from '../../../src/suitescript/booking/refunds';
import type { StripeCharge, StripeInvoice, StripePrice } from '../../../src/suitescript/booking/stripeShapes';
import { BOOKING } from './fakes';

const ada = { id: 'cus_A', object: 'customer' as const, name: 'Ada King Lovelace', email: ' Ada@Example.com ' };

describe('customers', () => {
  it('per customer: company and person names from the name, email, subsidiary, Stripe memo', () => {
    expect(customerValues({ ...ada, currency: 'EUR' }, BOOKING)).toEqual({
      externalId: 'cus_A',
      companyName: 'Ada King Lovelace',
      firstName: 'Ada King',
      lastName: 'Lovelace',
      email: 'Ada@Example.com',
      subsidiary: 1,
      currency: 'eur',
      comments: 'Stripe: customer cus_A',
    });
    expect(customerValues({ id: 'cus_B', object: 'customer', email: 'b@x.io' }, BOOKING)).toMatchObject({
      companyName: 'b@x.io',
      firstName: null,
      lastName: null,
    });
  });

  it('decides by mode', () => {
    expect(decideCustomer(ada, { ...BOOKING, customerMode: 'global', globalCustomer: 9 })).toEqual({
      action: 'global',
      customer: 9,
    });
    expect(
      decideCustomer({ ...ada, metadata: { netsuite_customer_id: ' 42 ' } }, { ...BOOKING, customerMode: 'metadata' }),
    ).toEqual({ action: 'link', customer: 42, key: 'netsuite_customer_id' });
    expect(decideCustomer(ada, { ...BOOKING, customerMode: 'metadata' }).action).toBe('create');
    expect(() =>
      decideCustomer({ ...ada, metadata: { netsuite_customer_id: 'abc' } }, { ...BOOKING, customerMode: 'metadata' }),
    ).toThrow(/not a NetSuite internal ID/);
    expect(decideCustomer(ada, { ...BOOKING, customerMode: 'match', matchField: 'email' })).toMatchObject({
      action: 'match',
      field: 'email',
      value: 'ada@example.com',
    });
    expect(() => decideCustomer(ada, { ...BOOKING, subsidiary: null })).toThrow(/no subsidiary/);
    expect(normalizeEmail(' A da@X.COM\t')).toBe('ada@x.com');
  });
});

const price: StripePrice = {
  id: 'price_1',
  currency: 'jpy',
  unit_amount: 1500,
  recurring: { interval: 'month' },
  product: { id: 'prod_1', name: 'Pro plan', description: 'All features' },
};

describe('items', () => {
  it('names the item from product and nickname, else amount and interval in major units', () => {
    expect(itemIdFor({ ...price, nickname: 'Monthly' }, 'Pro plan')).toBe('Pro plan - Monthly');
    expect(itemIdFor(price, 'Pro plan')).toBe('Pro plan - 1500 JPY / month');
    expect(itemIdFor({ ...price, currency: 'usd', recurring: { interval: 'year', interval_count: 2 } }, 'P')).toBe(
      'P - 15.00 USD / 2 year',
    );
    expect(itemIdFor(price, 'x'.repeat(80))).toHaveLength(60);
  });

  it('per price: a service item with the income account; metadata links; global uses the global item', () => {
    expect(decidePriceItem(price, { id: 'prod_1', name: 'Pro plan', description: 'All features' }, BOOKING)).toEqual({
      action: 'create',
      values: {
        type: 'serviceitem',
        externalId: 'price_1',
        itemId: 'Pro plan - 1500 JPY / month',
        displayName: 'Pro plan',
        description: 'All features',
        account: 40,
        subsidiary: 1,
        rateMinor: 1500,
        currency: 'jpy',
      },
    });
    expect(
      decidePriceItem({ ...price, metadata: { netsuite_non_inventory_sale_item_id: '12' } }, null, {
        ...BOOKING,
        itemMode: 'metadata',
      }),
    ).toEqual({ action: 'link', item: 12, key: 'netsuite_non_inventory_sale_item_id', itemType: 'NonInvtPart' });
    expect(decidePriceItem(price, null, { ...BOOKING, itemMode: 'global', globalItem: 5 })).toEqual({
      action: 'use',
      item: 5,
    });
    expect(() => decidePriceItem(price, null, { ...BOOKING, incomeAccount: null })).toThrow(/income account/);
    expect(decideDiscountItem({ id: 'SPRING', name: 'Spring 10%' }, BOOKING)).toMatchObject({
      action: 'create',
      values: {
        type: 'discountitem',
        externalId: 'ns_discount:SPRING',
        itemId: 'Stripe coupon Spring 10%',
        account: 40,
      },
    });
  });
});

describe('metadata links in every mode (seed 000)', () => {
  const linked = { ...ada, metadata: { netsuite_customer_id: '42' } };

  it.each([
    ['per_customer', {}],
    ['metadata', {}],
    ['match', { matchField: 'email' }],
    ['global', { globalCustomer: 9 }],
  ] as const)('customer mode %s: netsuite_customer_id links', (customerMode, more) => {
    expect(decideCustomer(linked, { ...BOOKING, customerMode, ...more })).toEqual({
      action: 'link',
      customer: 42,
      key: 'netsuite_customer_id',
    });
  });

  it.each(['abc', '0', '12.5', '-3'])('netsuite_customer_id "%s" is no internal ID: SNC_INVALID_LINK', (value) => {
    expect(() => decideCustomer({ ...ada, metadata: { netsuite_customer_id: value } }, BOOKING)).toThrow(
      expect.objectContaining({ name: 'SNC_INVALID_LINK', message: expect.stringContaining(`"${value}"`) as unknown }),
    );
  });

  it('an empty netsuite_customer_id is no link', () => {
    expect(decideCustomer({ ...ada, metadata: { netsuite_customer_id: ' ' } }, BOOKING).action).toBe('create');
  });

  it.each([
    ['per_price', 'netsuite_service_sale_item_id', 'Service'],
    ['metadata', 'netsuite_service_resale_item_id', 'Service'],
    ['global', 'netsuite_non_inventory_resale_item_id', 'NonInvtPart'],
  ] as const)('item mode %s: %s links a %s item', (itemMode, key, itemType) => {
    expect(
      decidePriceItem({ ...price, metadata: { [key]: '31' } }, null, { ...BOOKING, itemMode, globalItem: 5 }),
    ).toEqual({ action: 'link', item: 31, key, itemType });
  });

  it('a price link key that is no internal ID: SNC_INVALID_LINK', () => {
    expect(() =>
      decidePriceItem({ ...price, metadata: { netsuite_service_sale_item_id: 'SKU-1' } }, null, BOOKING),
    ).toThrow(expect.objectContaining({ name: 'SNC_INVALID_LINK' }));
  });
});

function invoice(extra: Partial<StripeInvoice> = {}): StripeInvoice {
  return {
    id: 'in_1',
    object: 'invoice',
    number: 'INV-0001',
    status: 'paid',
    currency: 'usd',
    customer: 'cus_A',
    total: 2000,
    lines: { data: [{ id: 'il_1', amount: 2000, pricing: { price_details: { price: 'price_1' } } }] },
    status_transitions: { finalized_at: 1_790_000_000, paid_at: 1_790_000_100 },
    ...extra,
  };
}

describe('invoices', () => {
  it('books only finalized invoices', () => {
    expect(invoiceIsFinalized(invoice({ status: 'draft', status_transitions: { finalized_at: null } }))).toBe(false);
    expect(invoiceIsFinalized(invoice({ status: 'open' }))).toBe(true);
  });

  it('lines: items net of inclusive tax, a negative line per discount, one tax line; sum = total', () => {
    // 30.00 + 12.00 (incl. 2.00 tax) − 5.00 coupon + 2.50 exclusive tax = 39.50 … plus the inclusive 2.00
    const inv = invoice({
      total: 3950,
      lines: {
        data: [
          {
            id: 'il_1',
            amount: 3000,
            price: 'price_old',
            description: 'Seat',
            taxes: [{ amount: 250, tax_behavior: 'exclusive' }],
          },
          {
            id: 'il_2',
            amount: 1200,
            pricing: { price_details: { price: 'price_2' } },
            taxes: [{ amount: 200, tax_behavior: 'inclusive' }],
          },
        ],
      },
      total_discount_amounts: [
        { amount: 500, discount: { id: 'di_1', source: { coupon: { id: 'FIVE', name: 'Five off' } } } },
      ],
      total_taxes: [{ amount: 250 }, { amount: 200 }],
    });
    expect(planInvoiceLines(inv, inv.lines.data)).toEqual([
      // No quantity and no unit price in the payload: quantity 1 at the line's amount.
      {
        kind: 'price',
        priceId: 'price_old',
        amountMinor: 3000,
        description: 'Seat',
        quantity: 1,
        rateMinor: 3000,
        period: null,
      },
      {
        kind: 'price',
        priceId: 'price_2',
        amountMinor: 1000,
        description: null,
        quantity: 1,
        rateMinor: 1000,
        period: null,
      },
      {
        kind: 'discount',
        discountId: 'di_1',
        coupon: { id: 'FIVE', name: 'Five off' },
        amountMinor: -500,
        period: null,
      },
      { kind: 'tax', amountMinor: 450 },
    ]);
    expect(couponOf(invoice({ discounts: [{ id: 'di_9', coupon: 'OLD' }] }), 'di_9')).toEqual({ id: 'OLD' });
    expect(couponOf(inv, 'di_unknown')).toBeNull();
  });

  it('refuses an invoice whose lines do not add up to the total', () => {
    expect(() => planInvoiceLines(invoice({ total: 2001 }), invoice().lines.data)).toThrow(
      "Invoice in_1: lines sum to 20.00 USD, Stripe's total is 20.01 USD",
    );
  });

  it('header: date from finalization (UTC day), memo from the number', () => {
    expect(invoiceHeader(invoice({ currency: 'EUR' }), 7, BOOKING)).toEqual({
      externalId: 'in_1',
      customer: 7,
      subsidiary: 1,
      currency: 'eur',
      tranDate: '2026-09-21',
      memo: 'Stripe: INV-0001',
      tranId: 'INV-0001',
      exchangeRate: null,
    });
  });

  it('paid invoice payments: charge or payment intent, amount paid', () => {
    expect(
      paidInvoiceCharges([
        {
          id: 'inpay_1',
          amount_paid: 2000,
          status: 'paid',
          payment: { type: 'payment_intent', charge: 'ch_1', payment_intent: 'pi_1' },
        },
        {
          id: 'inpay_2',
          amount_paid: 500,
          status: 'paid',
          payment: { type: 'payment_intent', payment_intent: { id: 'pi_2' } },
          status_transitions: { paid_at: 5 },
        },
        { id: 'inpay_3', amount_paid: 0, status: 'open', payment: { type: 'payment_intent', payment_intent: 'pi_3' } },
      ]),
    ).toEqual([
      { chargeId: 'ch_1', paymentIntentId: 'pi_1', amountMinor: 2000, paidAt: null },
      { chargeId: null, paymentIntentId: 'pi_2', amountMinor: 500, paidAt: 5 },
    ]);
  });
});

const charge: StripeCharge = {
  id: 'ch_1',
  object: 'charge',
  amount: 1234,
  currency: 'EUR',
  status: 'succeeded',
  captured: true,
  created: 1_790_000_000,
  description: 'Order 17',
};

describe('payments and refunds', () => {
  it('books succeeded captured charges only, gross in the charge currency', () => {
    expect(chargeIsBookable(charge)).toEqual({ book: true });
    expect(chargeIsBookable({ ...charge, captured: false })).toEqual({
      book: false,
      reason: 'charge ch_1 is not captured yet',
    });
    expect(chargeIsBookable({ ...charge, status: 'pending' }).book).toBe(false);
    expect(unappliedPaymentValues(charge, 3, BOOKING)).toEqual({
      externalId: 'ch_1',
      customer: 3,
      currency: 'eur',
      amountMinor: 1234,
      tranDate: '2026-09-21',
      memo: 'Stripe: Order 17',
      subsidiary: 1,
      exchangeRate: null,
    });
  });

  it('refunds: succeeded only; credit memo prefixed, partial when less than the invoice', () => {
    const refund = {
      id: 're_1',
      amount: 500,
      currency: 'usd',
      created: 1_790_000_000,
      status: 'succeeded',
      reason: 'requested_by_customer',
    };
    expect(
      refundsToBook([
        refund,
        { ...refund, id: 're_2', status: 'pending' },
        { ...refund, id: 're_3', status: 'failed' },
      ]),
    ).toEqual([refund]);
    expect(creditMemoValues(refund, 'ch_1', 11, 2000)).toEqual({
      externalId: 'ns_memo:re_1',
      fromInvoice: 11,
      partialAmountMinor: 500,
      taxItem: null,
      partialRefundItem: null,
      currency: 'usd',
      tranDate: '2026-09-21',
      memo: 'Stripe: refund re_1 of ch_1 (requested_by_customer)',
      exchangeRate: null,
    });
    expect(creditMemoValues(refund, 'ch_1', 11, 500).partialAmountMinor).toBeNull();
    expect(customerRefundValues(refund, 'ch_1', 3, { id: 12, type: 'creditmemo' }, BOOKING)).toMatchObject({
      externalId: 're_1',
      customer: 3,
      amountMinor: 500,
      applyTo: { id: 12, type: 'creditmemo' },
      account: 2,
    });
  });
});

describe('plans (legacy) book as the price they stand for', () => {
  it('maps amount, interval and product onto a price', () => {
    expect(
      planAsPrice({
        id: 'plan_1',
        nickname: 'Gold',
        currency: 'usd',
        amount: 2500,
        interval: 'month',
        interval_count: 1,
        product: 'prod_1',
      }),
    ).toEqual({
      id: 'plan_1',
      object: 'price',
      nickname: 'Gold',
      currency: 'usd',
      unit_amount: 2500,
      recurring: { interval: 'month', interval_count: 1 },
      product: 'prod_1',
    });
  });
});

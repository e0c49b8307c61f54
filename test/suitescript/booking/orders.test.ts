import { bookChargeEvent, bookRefundEvent } from '../../../src/suitescript/booking/flows/chargeEvents';
import type { BookingContext } from '../../../src/suitescript/booking/flows/context';
import { bookDispute } from '../../../src/suitescript/booking/flows/disputes';
import { bookOrderEvent } from '../../../src/suitescript/booking/flows/orders';
import { bookSku } from '../../../src/suitescript/booking/flows/skus';
import type {
  CustomerDepositValues,
  DepositApplicationValues,
  InvoiceValues,
  ItemValues,
  RefundValues,
} from '../../../src/suitescript/booking/ports';
import type {
  StripeCharge,
  StripeDispute,
  StripeOrder,
  StripeRefund,
  StripeSku,
} from '../../../src/suitescript/booking/stripeShapes';
import type { BookingSettings } from '../../../src/suitescript/settings';
import type { StripeReader } from '../../../src/suitescript/stripe/reader';
import { BOOKING, FakeBooks, fakeStripe } from './fakes';

// Legacy Stripe orders and SKUs (issue 14, seed 001 rows sku.created, order.*, charges and refunds of orders).

const INVENTORY: Partial<BookingSettings> = { inventoryAssetAccount: 51, cogsAccount: 52, shippingItem: 60 };

function ctx(books: FakeBooks, stripe: StripeReader, booking: Partial<BookingSettings> = {}): BookingContext {
  return { booking: { ...BOOKING, ...INVENTORY, ...booking }, stripe, books };
}

const shirt = { id: 'prod_shirt', name: 'T-shirt', description: 'Cotton', shippable: true };
const ebook = { id: 'prod_ebook', name: 'E-book', shippable: false };

const sku = (id: string, product: string, price: number, attributes: Record<string, string> = {}): StripeSku => ({
  id,
  object: 'sku',
  price,
  currency: 'usd',
  product,
  attributes,
  created: 1_700_000_000,
});

const blueShirt = sku('sku_blue', 'prod_shirt', 1500, { color: 'blue', size: 'L' });
const book = sku('sku_book', 'prod_ebook', 999);

const charge: StripeCharge = {
  id: 'ch_or',
  object: 'charge',
  amount: 4300,
  amount_captured: 4300,
  currency: 'usd',
  status: 'succeeded',
  captured: true,
  created: 1_700_000_500,
  customer: 'cus_A',
  order: 'or_1',
};

// 2 × 15.00 shirt + 9.99 e-book + 5.00 shipping + 2.01 tax − 4.00 discount = 43.00
const order: StripeOrder = {
  id: 'or_1',
  object: 'order',
  amount: 4300,
  currency: 'usd',
  charge: 'ch_or',
  customer: 'cus_A',
  email: 'ada@example.com',
  status: 'paid',
  created: 1_700_000_400,
  status_transitions: { paid: 1_700_000_500 },
  items: [
    { type: 'sku', parent: 'sku_blue', quantity: 2, amount: 3000, currency: 'usd', description: 'T-shirt' },
    { type: 'sku', parent: 'sku_book', quantity: 1, amount: 999, currency: 'usd', description: 'E-book' },
    { type: 'shipping', amount: 500, currency: 'usd', description: 'Express' },
    { type: 'tax', amount: 201, currency: 'usd', description: 'Sales tax' },
    { type: 'discount', amount: -400, currency: 'usd', description: 'Coupon' },
  ],
};

const customer = { id: 'cus_A', object: 'customer', name: 'Ada', email: 'ada@example.com', metadata: {} };

function stripe(
  extra: Record<string, unknown> = {},
  lists: Record<string, unknown[]> = {},
): ReturnType<typeof fakeStripe> {
  return fakeStripe(
    {
      '/v1/skus/sku_blue': blueShirt,
      '/v1/skus/sku_book': book,
      '/v1/products/prod_shirt': shirt,
      '/v1/products/prod_ebook': ebook,
      '/v1/orders/or_1': order,
      '/v1/charges/ch_or': charge,
      '/v1/customers/cus_A': customer,
      ...extra,
    },
    lists,
  );
}

const valuesOf = <T>(books: FakeBooks, kind: string): T[] =>
  books.created.filter((c) => c.kind === kind).map((c) => c.values as T);

describe('sku.created', () => {
  it('a SKU of a shippable product is an inventory item with the asset and COGS accounts, at the SKU price', () => {
    const books = new FakeBooks();
    const outcome = bookSku(blueShirt, ctx(books, stripe()));
    expect(valuesOf<ItemValues>(books, 'inventoryitem')).toEqual([
      {
        type: 'inventoryitem',
        externalId: 'sku_blue',
        itemId: 'T-shirt - blue, L',
        displayName: 'T-shirt',
        description: 'Cotton',
        account: 40,
        subsidiary: 1,
        rateMinor: 1500,
        currency: 'usd',
        assetAccount: 51,
        cogsAccount: 52,
      },
    ]);
    expect(outcome.records).toEqual([{ stripeId: 'sku_blue', recordType: 'inventoryitem', id: 100, how: 'created' }]);
  });

  it('a SKU of a product that is not shippable is a non-inventory item for sale', () => {
    const books = new FakeBooks();
    bookSku(book, ctx(books, stripe()));
    expect(books.kinds()).toEqual(['noninventoryitem']);
    expect(valuesOf<ItemValues>(books, 'noninventoryitem')[0]).toMatchObject({
      externalId: 'sku_book',
      itemId: 'E-book - sku_book',
      rateMinor: 999,
      account: 40,
    });
  });

  it('an inventory item needs the Inventory Asset and COGS accounts', () => {
    const books = new FakeBooks();
    expect(() => bookSku(blueShirt, ctx(books, stripe(), { cogsAccount: null }))).toThrow(
      /custrecord_snc_set_asset_account.*custrecord_snc_set_cogs_account/,
    );
    expect(books.created).toEqual([]);
  });

  it('a metadata link wins, as for prices, without reading the product', () => {
    const books = new FakeBooks();
    books.targets.set(700, { type: 'NonInvtPart', inactive: false });
    const reader = stripe();
    const linked = { ...book, metadata: { netsuite_non_inventory_sale_item_id: '700' } };
    const outcome = bookSku(linked, ctx(books, reader, { itemMode: 'global', globalItem: 9 }));
    expect(outcome.records).toEqual([
      {
        stripeId: 'sku_book',
        recordType: 'item',
        id: 700,
        how: 'linked',
        detail: 'by metadata netsuite_non_inventory_sale_item_id',
      },
    ]);
    expect(reader.calls).toEqual([]);
  });

  it('item mode global: no item', () => {
    const books = new FakeBooks();
    const outcome = bookSku(book, ctx(books, stripe(), { itemMode: 'global', globalItem: 9 }));
    expect(outcome.skipped?.reason).toBe('item mode is global (no NetSuite item)');
    expect(books.created).toEqual([]);
  });
});

describe('order.payment_succeeded', () => {
  it('books the sales order (a line per SKU, shipping, tax, discount), the customer deposit and bills it', () => {
    const books = new FakeBooks();
    const outcome = bookOrderEvent(order, ctx(books, stripe(), { discountItem: 61 }), 'order.payment_succeeded');
    expect(books.kinds()).toEqual([
      'customer',
      'inventoryitem',
      'noninventoryitem',
      'salesorder',
      'customerdeposit',
      'invoice',
      'depositapplication',
    ]);
    const [salesOrder] = valuesOf<InvoiceValues>(books, 'salesorder');
    expect(salesOrder).toEqual({
      externalId: 'or_1',
      customer: 100,
      subsidiary: 1,
      currency: 'usd',
      tranDate: '2023-11-14',
      memo: 'Stripe: order or_1',
      tranId: 'or_1',
      exchangeRate: null,
      lines: [
        { item: 101, amountMinor: 3000, description: 'T-shirt', quantity: 2, rateMinor: 1500 },
        { item: 102, amountMinor: 999, description: 'E-book', quantity: 1, rateMinor: 999 },
        { item: 60, amountMinor: 500, description: 'Express' },
        { item: 77, amountMinor: 201, description: 'Sales tax' },
        { item: 61, amountMinor: -400, description: 'Coupon' },
      ],
    });
    expect(valuesOf<CustomerDepositValues>(books, 'customerdeposit')).toEqual([
      {
        externalId: 'ch_or',
        customer: 100,
        salesOrder: 103,
        currency: 'usd',
        amountMinor: 4300,
        tranDate: '2023-11-14',
        memo: 'Stripe: ch_or',
        subsidiary: 1,
        exchangeRate: null,
      },
    ]);
    expect(valuesOf<DepositApplicationValues>(books, 'depositapplication')).toEqual([
      {
        externalId: 'ns_depapp:ch_or',
        deposit: 104,
        invoice: 105,
        amountMinor: 4300,
        currency: 'usd',
        tranDate: '2023-11-14',
      },
    ]);
    expect(books.invoiceState(105)?.openMinor).toBe(0);
    expect(outcome.stripeId).toBe('or_1');
  });

  it('the charge event first books the same records; the order event then finds them all', () => {
    const books = new FakeBooks();
    const context = ctx(books, stripe(), { discountItem: 61 });
    const first = bookChargeEvent(charge, context, { firstEvent: true });
    expect(first.stripeId).toBe('ch_or');
    const made = books.created.length;
    const again = bookOrderEvent(order, context, 'order.payment_succeeded');
    expect(books.created.length).toBe(made);
    expect(again.records.map((r) => [r.recordType, r.how])).toEqual([
      ['salesorder', 'found'],
      ['customerdeposit', 'found'],
      ['invoice', 'found'],
      ['depositapplication', 'found'],
    ]);
  });

  it('NetSuite applying the deposit when billing: no deposit application', () => {
    const books = new FakeBooks();
    books.autoApplyDeposits = true;
    const outcome = bookOrderEvent(order, ctx(books, stripe(), { discountItem: 61 }), 'order.payment_succeeded');
    expect(books.kinds()).not.toContain('depositapplication');
    expect(outcome.notes).toEqual([
      'invoice 105 has nothing open: NetSuite applied the deposit when it billed the order',
    ]);
  });

  it('Order Billing leave_to_fulfilment: the sales order and deposit only', () => {
    const books = new FakeBooks();
    const booking = { discountItem: 61, orderBilling: 'leave_to_fulfilment' as const };
    bookOrderEvent(order, ctx(books, stripe(), booking), 'order.payment_succeeded');
    expect(books.kinds().slice(-2)).toEqual(['salesorder', 'customerdeposit']);
  });

  it('a discount line without a Discount Item nor a Global Item is a setup error', () => {
    const books = new FakeBooks();
    expect(() => bookOrderEvent(order, ctx(books, stripe()), 'order.payment_succeeded')).toThrow(
      /custrecord_snc_set_discount_item/,
    );
  });

  it('an order in another currency books at the rate Stripe settled its charge at', () => {
    const books = new FakeBooks();
    const eur = { ...order, currency: 'eur', items: order.items.slice(0, 1).map((i) => ({ ...i, currency: 'eur' })) };
    // 30.00 EUR settled as 33.00 USD: 1.1 USD per EUR.
    const settled = {
      ...charge,
      amount: 3000,
      amount_captured: 3000,
      currency: 'eur',
      balance_transaction: { id: 'txn_1', amount: 3300, currency: 'usd' },
    };
    bookChargeEvent(settled, ctx(books, stripe({ '/v1/orders/or_1': eur })), { firstEvent: true });
    expect(valuesOf<InvoiceValues>(books, 'salesorder')[0]?.exchangeRate).toBe(1.1);
    expect(valuesOf<CustomerDepositValues>(books, 'customerdeposit')[0]).toMatchObject({
      currency: 'eur',
      amountMinor: 3000,
      exchangeRate: 1.1,
    });
  });
});

describe('order.updated', () => {
  it('canceled: the sales order is closed', () => {
    const books = new FakeBooks();
    books.hold('or_1', 300, 'salesorder', { entity: 5 });
    const outcome = bookOrderEvent({ ...order, status: 'canceled' }, ctx(books, stripe()), 'order.updated');
    expect(books.closed).toEqual([300]);
    expect(outcome.notes).toEqual(['sales order closed']);
  });

  it('any other status: nothing', () => {
    const books = new FakeBooks();
    books.hold('or_1', 300, 'salesorder', { entity: 5 });
    const outcome = bookOrderEvent({ ...order, status: 'fulfilled' }, ctx(books, stripe()), 'order.updated');
    expect(books.closed).toEqual([]);
    expect(outcome.skipped?.reason).toBe('order or_1 is fulfilled: only a canceled order changes NetSuite');
  });
});

describe('charge.refunded of an order', () => {
  const refund = (id: string, amount: number): StripeRefund => ({
    id,
    amount,
    currency: 'usd',
    status: 'succeeded',
    created: 1_700_100_000,
    charge: 'ch_or',
  });

  it('billed: a partial refund is a credit memo for that part of the invoice and a customer refund of it', () => {
    const books = new FakeBooks();
    books.hold('or_1', 300, 'salesorder', { entity: 5, totalMinor: 4300, currency: 'usd' });
    books.hold('ch_or', 301, 'customerdeposit', { entity: 5, totalMinor: 4300, currency: 'usd', createdFrom: 300 });
    books.hold('ns_inv:or_1', 302, 'invoice', { entity: 5, totalMinor: 4300, currency: 'usd', createdFrom: 300 });
    books.hold('ns_depapp:ch_or', 303, 'depositapplication');
    const refunded = { ...charge, amount_refunded: 1000, refunds: { data: [refund('re_1', 1000)] } };
    bookRefundEvent(refunded, ctx(books, stripe()));
    expect(books.kinds()).toEqual(['creditmemo', 'customerrefund']);
    expect(books.created[0]?.values).toMatchObject({
      externalId: 'ns_memo:re_1',
      fromInvoice: 302,
      partialAmountMinor: 1000,
    });
    expect(valuesOf<RefundValues>(books, 'customerrefund')[0]).toMatchObject({
      externalId: 're_1',
      customer: 5,
      amountMinor: 1000,
      applyTo: { id: 100, type: 'creditmemo' },
      account: 2,
    });
  });

  it("booked: the refund finds the order's records by the charge's order, without reading the order", () => {
    const books = new FakeBooks();
    books.hold('or_1', 300, 'salesorder', { entity: 5, totalMinor: 4300, currency: 'usd' });
    books.hold('ch_or', 301, 'customerdeposit', { entity: 5, totalMinor: 4300, currency: 'usd', createdFrom: 300 });
    const reader = stripe();
    const refunded = { ...charge, amount_refunded: 4300, refunds: { data: [refund('re_3', 4300)] } };
    bookRefundEvent(refunded, ctx(books, reader, { orderBilling: 'leave_to_fulfilment' }));
    expect(reader.calls).toEqual([]);
    expect(books.kinds()).toEqual(['customerrefund']);
  });

  it('billed at payment but its invoice missing: the order is read and billed before the refund', () => {
    const books = new FakeBooks();
    books.hold('or_1', 300, 'salesorder', { entity: 5, totalMinor: 4300, currency: 'usd' });
    books.hold('ch_or', 301, 'customerdeposit', { entity: 5, totalMinor: 4300, currency: 'usd', createdFrom: 300 });
    const reader = stripe();
    const refunded = { ...charge, amount_refunded: 4300, refunds: { data: [refund('re_4', 4300)] } };
    bookRefundEvent(refunded, ctx(books, reader));
    expect(reader.calls).toEqual(['GET /v1/orders/or_1']);
    expect(books.kinds()).toEqual(['invoice', 'depositapplication', 'creditmemo', 'customerrefund']);
  });

  it('not billed: a customer refund of the customer deposit', () => {
    const books = new FakeBooks();
    books.hold('or_1', 300, 'salesorder', { entity: 5, totalMinor: 4300, currency: 'usd' });
    books.hold('ch_or', 301, 'customerdeposit', { entity: 5, totalMinor: 4300, currency: 'usd', createdFrom: 300 });
    const refunded = { ...charge, amount_refunded: 4300, refunds: { data: [refund('re_2', 4300)] } };
    const booking = { orderBilling: 'leave_to_fulfilment' as const };
    const outcome = bookRefundEvent(refunded, ctx(books, stripe(), booking));
    expect(valuesOf<RefundValues>(books, 'customerrefund')).toEqual([
      {
        externalId: 're_2',
        customer: 5,
        currency: 'usd',
        amountMinor: 4300,
        tranDate: '2023-11-16',
        memo: 'Stripe: refund re_2 of ch_or',
        applyTo: { id: 301, type: 'customerdeposit' },
        account: 2,
        exchangeRate: null,
      },
    ]);
    expect(outcome.records.at(-1)).toEqual({ stripeId: 're_2', recordType: 'customerrefund', id: 100, how: 'created' });
  });
});

describe("a dispute of an order's charge", () => {
  // The whole order's 43.00 disputed; Stripe took it on 2023-11-16.
  const dispute: StripeDispute = {
    id: 'dp_or',
    object: 'dispute',
    amount: 4300,
    currency: 'usd',
    charge: 'ch_or',
    created: 1_700_100_000,
    status: 'needs_response',
    reason: 'fraudulent',
    balance_transactions: [
      { id: 'txn_dp', amount: -4300, currency: 'usd', fee: 1500, net: -5800, reporting_category: 'dispute' },
    ],
  };

  function heldOrder(billed: boolean): FakeBooks {
    const books = new FakeBooks();
    books.hold('or_1', 300, 'salesorder', { entity: 5, totalMinor: 4300, currency: 'usd' });
    books.hold('ch_or', 301, 'customerdeposit', { entity: 5, totalMinor: 4300, currency: 'usd', createdFrom: 300 });
    if (billed) {
      books.hold('ns_inv:or_1', 302, 'invoice', { entity: 5, totalMinor: 4300, currency: 'usd', createdFrom: 300 });
      books.hold('ns_depapp:ch_or', 303, 'depositapplication');
    }
    return books;
  }

  it("billed: a credit memo for the order's invoice and a customer refund dp_… applying it", () => {
    const books = heldOrder(true);
    bookDispute(dispute, ctx(books, stripe()));
    expect(books.kinds()).toEqual(['creditmemo', 'customerrefund']);
    expect(books.created[0]?.values).toMatchObject({ externalId: 'ns_memo:dp_or', fromInvoice: 302 });
    expect(valuesOf<RefundValues>(books, 'customerrefund')).toEqual([
      expect.objectContaining({
        externalId: 'dp_or',
        customer: 5,
        amountMinor: 4300,
        applyTo: { id: 100, type: 'creditmemo' },
      }),
    ]);
  });

  it('not billed: a customer refund dp_… of the customer deposit, never a payment', () => {
    const books = heldOrder(false);
    const booking = { orderBilling: 'leave_to_fulfilment' as const };
    const outcome = bookDispute(dispute, ctx(books, stripe(), booking));
    expect(valuesOf<RefundValues>(books, 'customerrefund')).toEqual([
      {
        externalId: 'dp_or',
        customer: 5,
        currency: 'usd',
        amountMinor: 4300,
        tranDate: '2023-11-16',
        memo: 'Stripe: dispute dp_or of ch_or (fraudulent)',
        applyTo: { id: 301, type: 'customerdeposit' },
        account: 2,
        exchangeRate: null,
      },
    ]);
    expect(outcome.records.at(-1)).toEqual({
      stripeId: 'dp_or',
      recordType: 'customerrefund',
      id: 100,
      how: 'created',
    });
  });

  it('an order not booked yet: its sales order and deposit first, then the refund of the deposit', () => {
    const books = new FakeBooks();
    const booking = { orderBilling: 'leave_to_fulfilment' as const, discountItem: 61 };
    bookDispute(dispute, ctx(books, stripe(), booking));
    expect(books.kinds()).toEqual(expect.arrayContaining(['salesorder', 'customerdeposit', 'customerrefund']));
    expect(books.kinds()).not.toContain('customerpayment');
    const deposit = books.created.findIndex((c) => c.kind === 'customerdeposit');
    expect(valuesOf<RefundValues>(books, 'customerrefund')[0]?.applyTo).toEqual({
      id: 100 + deposit,
      type: 'customerdeposit',
    });
  });
});

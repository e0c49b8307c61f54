import { QUEUE_MR, type BookingSetup, type IngressPipeline } from '../../tools/localConnector';
import { holdEvents, orderSettings, paidOrder, requeueAll, statusOf, type OrderBooks } from './helpers/orders';
import { balanceOf, transactionsOf, useBookingPipeline } from './helpers/pipeline';

/**
 * Paid legacy orders billed at payment (Order Billing `bill_at_payment`) through the real path: the sales order,
 * the customer deposit for its charge, the invoice transformed from the order, the deposit applied to it — by
 * NetSuite on billing (the emulator's default, NetSuite Support Community "Customer Deposit Not Auto-applying to
 * Invoice"), or by the connector when NetSuite does not (`autoApplyOrderDeposits: false`).
 */
describe('orders billed at payment', () => {
  let pipeline: IngressPipeline;
  let setup: BookingSetup;
  let books: OrderBooks;
  const { drain, failures } = useBookingPipeline((p, b) => {
    pipeline = p;
    setup = b;
    books = orderSettings(pipeline, setup, 'bill_at_payment');
  });
  const balance = (account: number | string | undefined): number => balanceOf(pipeline, account ?? 0, 'USD');
  const base = (): Record<string, string> => pipeline.ns.base.accounts as unknown as Record<string, string>;

  // 2 × 9.99 + 5.00 shipping − 2.00 discount + 0.80 tax = 23.78
  const LINES = [
    { type: 'shipping', amount: 500, description: 'Standard shipping' },
    { type: 'discount', amount: -200, description: 'Welcome discount' },
    { type: 'tax', amount: 80, description: 'Sales tax' },
  ];

  function expectBilledLedger(): void {
    // Deposit: Dr Undeposited Funds 23.78 / Cr Customer Deposits 23.78. Invoice: Dr AR 23.78 / Cr revenue 19.98,
    // shipping 5.00, tax 0.80, Dr discount 2.00. Application: Dr Customer Deposits 23.78 / Cr AR 23.78.
    expect({
      undeposited: balance(setup.undepositedFunds),
      customerDeposits: balance(base()['customerDeposits']),
      receivable: balance(base()['accountsReceivable']),
      revenue: balance(setup.income),
      shipping: balance(books.shippingIncome),
      discount: balance(books.discounts),
      tax: balance(setup.taxPayable),
    }).toEqual({
      undeposited: 2378,
      customerDeposits: 0,
      receivable: 0,
      revenue: -1998,
      shipping: -500,
      discount: 200,
      tax: -80,
    });
  }

  function invoiceLines(order: string): Record<string, unknown>[] {
    return pipeline.ns.sql.query(
      `SELECT i.itemid AS item, l.quantity AS quantity, l.rate AS rate, l.foreignamount AS amount
       FROM transactionline l JOIN transaction t ON t.id = l.transaction JOIN item i ON i.id = l.item
       WHERE t.externalid = ? AND l.mainline = 'F' ORDER BY l.linesequencenumber`,
      [`ns_inv:${order}`],
    ).rows;
  }

  it('NetSuite applies the deposit on billing: order Billed, invoice paid in full, deposits liability back to 0', async () => {
    const { order, charge } = paidOrder(pipeline, LINES);
    await drain();
    expect(failures()).toEqual([]);
    expect(transactionsOf(pipeline)).toEqual([
      { recordtype: 'salesorder', externalid: order, total: 23.78, remaining: null },
      expect.objectContaining({ recordtype: 'customerdeposit', externalid: charge, total: 23.78 }),
      { recordtype: 'invoice', externalid: `ns_inv:${order}`, total: 23.78, remaining: 0 },
      // NetSuite's own application (no external ID): the connector found nothing left to apply.
      expect.objectContaining({ recordtype: 'depositapplication', externalid: null, total: 23.78 }),
    ]);
    expect(statusOf(pipeline, order)).toBe('G'); // SalesOrd:G, Billed
    expect(statusOf(pipeline, `ns_inv:${order}`)).toBe('B'); // CustInvc:B, Paid In Full
    // SuiteQL's transaction lines carry the GL sign: a sale's lines are credits (negative), the discount a debit.
    expect(invoiceLines(order)).toEqual([
      { item: expect.stringMatching(/^E-book - sku_/), quantity: -2, rate: 9.99, amount: -19.98 },
      { item: 'Shipping', quantity: -1, rate: 5, amount: -5 },
      { item: 'Discount', quantity: -1, rate: -2, amount: 2 },
      { item: 'Sales Tax', quantity: -1, rate: 0.8, amount: -0.8 },
    ]);
    expectBilledLedger();
  });

  it('NetSuite does not apply it (autoApplyOrderDeposits off): the connector applies the deposit itself', async () => {
    pipeline.ns.records.orders.autoApplyDeposits = false;
    const { order, charge } = paidOrder(pipeline, LINES);
    await drain();
    expect(failures()).toEqual([]);
    expect(transactionsOf(pipeline)).toEqual([
      { recordtype: 'salesorder', externalid: order, total: 23.78, remaining: null },
      expect.objectContaining({ recordtype: 'customerdeposit', externalid: charge, total: 23.78 }),
      { recordtype: 'invoice', externalid: `ns_inv:${order}`, total: 23.78, remaining: 0 },
      expect.objectContaining({ recordtype: 'depositapplication', externalid: `ns_depapp:${charge}`, total: 23.78 }),
    ]);
    expect(statusOf(pipeline, order)).toBe('G');
    expectBilledLedger();
  });

  it('charge events before order.payment_succeeded: one sales order, one deposit, one invoice', async () => {
    const { order, charge } = paidOrder(pipeline, LINES);
    await pipeline.stripe.deliverAll();
    const release = holdEvents(pipeline, ['order.payment_succeeded']);
    pipeline.ns.mapReduce(QUEUE_MR);
    // The charge events alone booked the order.
    expect(transactionsOf(pipeline).map((t) => [t['recordtype'], t['externalid']])).toEqual([
      ['salesorder', order],
      ['customerdeposit', charge],
      ['invoice', `ns_inv:${order}`],
      ['depositapplication', null],
    ]);
    release();
    pipeline.ns.mapReduce(QUEUE_MR);
    expect(failures()).toEqual([]);
    expect(transactionsOf(pipeline)).toHaveLength(4);
    expectBilledLedger();
  });

  it('order.payment_succeeded before the charge events: the same records once', async () => {
    const { order, charge } = paidOrder(pipeline, LINES);
    await pipeline.stripe.deliverAll();
    const release = holdEvents(pipeline, ['charge.succeeded', 'charge.captured', 'charge.updated']);
    pipeline.ns.mapReduce(QUEUE_MR);
    expect(transactionsOf(pipeline).map((t) => [t['recordtype'], t['externalid']])).toEqual([
      ['salesorder', order],
      ['customerdeposit', charge],
      ['invoice', `ns_inv:${order}`],
      ['depositapplication', null],
    ]);
    release();
    pipeline.ns.mapReduce(QUEUE_MR);
    expect(failures()).toEqual([]);
    expect(transactionsOf(pipeline)).toHaveLength(4);
    expectBilledLedger();
  });

  it('replays (every event again, the connector cache dropped) double nothing, with or without NetSuite applying', async () => {
    pipeline.ns.records.orders.autoApplyDeposits = false;
    paidOrder(pipeline, LINES);
    await drain();
    const before = { tx: transactionsOf(pipeline), tb: pipeline.ns.trialBalance() };
    pipeline.ns.evictCaches();
    expect(requeueAll(pipeline)).toBeGreaterThanOrEqual(2);
    pipeline.ns.mapReduce(QUEUE_MR);
    expect(failures()).toEqual([]);
    expect({ tx: transactionsOf(pipeline), tb: pipeline.ns.trialBalance() }).toEqual(before);
    expectBilledLedger();
  });
});

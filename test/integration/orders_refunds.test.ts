import type { BookingSetup, IngressPipeline } from '../../tools/localConnector';
import { orderSettings, paidOrder, statusOf } from './helpers/orders';
import { balanceOf, nsRecord, transactionsOf, useBookingPipeline } from './helpers/pipeline';

/**
 * Paid legacy orders left to fulfilment, cancelled and refunded, through the real path. The order of every test:
 * 2 × 9.99 (a non-inventory SKU) + 0.80 tax = 20.78, paid by card.
 */
describe('orders: fulfilment, cancellation and refunds', () => {
  let pipeline: IngressPipeline;
  let setup: BookingSetup;
  const { post, drain, failures } = useBookingPipeline((p, b) => {
    pipeline = p;
    setup = b;
  });
  const balance = (account: number | string | undefined): number => balanceOf(pipeline, account ?? 0, 'USD');
  const accounts = (): Record<string, string> => pipeline.ns.base.accounts as unknown as Record<string, string>;
  const ledger = (): Record<string, number> => ({
    undeposited: balance(setup.undepositedFunds),
    customerDeposits: balance(accounts()['customerDeposits']),
    receivable: balance(accounts()['accountsReceivable']),
    revenue: balance(setup.income),
    tax: balance(setup.taxPayable),
  });

  it('left to fulfilment: order Pending Billing, the deposit unapplied, the liability on Customer Deposits', async () => {
    orderSettings(pipeline, setup, 'leave_to_fulfilment');
    const { order, charge } = paidOrder(pipeline);
    await drain();
    expect(failures()).toEqual([]);
    expect(transactionsOf(pipeline)).toEqual([
      { recordtype: 'salesorder', externalid: order, total: 20.78, remaining: null },
      expect.objectContaining({ recordtype: 'customerdeposit', externalid: charge, total: 20.78 }),
    ]);
    // A non-inventory item for sale is billable at once: the order waits for billing only.
    expect(statusOf(pipeline, order)).toBe('F'); // SalesOrd:F, Pending Billing
    expect(statusOf(pipeline, charge)).toBe('A'); // CustDep:A, Not Deposited (nothing applied)
    expect(ledger()).toEqual({ undeposited: 2078, customerDeposits: -2078, receivable: 0, revenue: 0, tax: 0 });
  });

  it('a cancelled order: its sales order closed (status H), the deposit left for the admin', async () => {
    orderSettings(pipeline, setup, 'leave_to_fulfilment');
    const { order } = paidOrder(pipeline);
    await drain();
    post(`/v1/orders/${order}`, { status: 'canceled' });
    await drain();
    expect(failures()).toEqual([]);
    expect(statusOf(pipeline, order)).toBe('H'); // SalesOrd:H, Closed
    const id = Number(
      pipeline.ns.sql.query(`SELECT id FROM transaction WHERE externalid = ?`, [order]).rows[0]?.['id'],
    );
    const salesOrder = nsRecord(pipeline).load({ type: 'salesorder', id });
    const closed = [0, 1].map((line) => salesOrder.getSublistValue({ sublistId: 'item', fieldId: 'isclosed', line }));
    expect({ lines: salesOrder.getLineCount({ sublistId: 'item' }), closed }).toEqual({
      lines: 2,
      closed: [true, true],
    });
    expect(ledger()).toEqual({ undeposited: 2078, customerDeposits: -2078, receivable: 0, revenue: 0, tax: 0 });
  });

  it('billed, refunded in part: a credit memo for the invoice pro rata and a customer refund of it', async () => {
    orderSettings(pipeline, setup, 'bill_at_payment');
    const { charge } = paidOrder(pipeline);
    const refund = post<{ id: string }>('/v1/refunds', { charge, amount: 1039 });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactionsOf(pipeline).filter((t) => t['recordtype'] !== 'depositapplication')).toEqual([
      expect.objectContaining({ recordtype: 'salesorder' }),
      expect.objectContaining({ recordtype: 'customerdeposit', externalid: charge, total: 20.78 }),
      expect.objectContaining({ recordtype: 'invoice', total: 20.78, remaining: 0 }),
      expect.objectContaining({ recordtype: 'creditmemo', externalid: `ns_memo:${refund.id}`, total: 10.39 }),
      expect.objectContaining({ recordtype: 'customerrefund', externalid: refund.id, total: 10.39 }),
    ]);
    // 10.39 of 20.78 is half: 9.99 revenue and 0.40 tax back; the refund paid out of Undeposited Funds.
    expect(ledger()).toEqual({ undeposited: 1039, customerDeposits: 0, receivable: 0, revenue: -999, tax: -40 });
  });

  it('billed, refunded in full: the whole invoice credited and refunded', async () => {
    orderSettings(pipeline, setup, 'bill_at_payment');
    const { charge } = paidOrder(pipeline);
    const refund = post<{ id: string }>('/v1/refunds', { charge });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactionsOf(pipeline, [], `recordtype IN ('creditmemo', 'customerrefund')`)).toEqual([
      { recordtype: 'creditmemo', externalid: `ns_memo:${refund.id}`, total: 20.78, remaining: 0 },
      expect.objectContaining({ recordtype: 'customerrefund', externalid: refund.id, total: 20.78 }),
    ]);
    expect(ledger()).toEqual({ undeposited: 0, customerDeposits: 0, receivable: 0, revenue: 0, tax: 0 });
  });

  it('billed in part (an inventory line awaits fulfilment): refunds take the unbilled deposit first, then the invoice', async () => {
    orderSettings(pipeline, setup, 'bill_at_payment');
    const shirt = post<{ id: string }>('/v1/products', { name: 'T-shirt', shippable: 'true' });
    const shirtSku = post<{ id: string }>('/v1/skus', {
      product: shirt.id,
      price: 1500,
      currency: 'usd',
      inventory: { type: 'infinite' },
    });
    // 2 × 9.99 e-book + 0.80 tax billable at once; the 15.00 shirt (inventory) bills when fulfilled: 35.78 paid.
    const { charge } = paidOrder(pipeline, [
      { type: 'sku', parent: shirtSku.id, quantity: 1 },
      { type: 'tax', amount: 80 },
    ]);
    await drain();
    expect(failures()).toEqual([]);
    expect(transactionsOf(pipeline, [], `recordtype IN ('customerdeposit', 'invoice')`)).toEqual([
      expect.objectContaining({ recordtype: 'customerdeposit', externalid: charge, total: 35.78 }),
      expect.objectContaining({ recordtype: 'invoice', total: 20.78, remaining: 0 }),
    ]);
    expect(ledger()).toEqual({ undeposited: 3578, customerDeposits: -1500, receivable: 0, revenue: -1998, tax: -80 });

    // 5.00 back: all of it from the 15.00 no invoice took; the invoice untouched.
    const small = post<{ id: string }>('/v1/refunds', { charge, amount: 500 });
    await drain();
    expect(failures()).toEqual([]);
    expect(ledger()).toEqual({ undeposited: 3078, customerDeposits: -1000, receivable: 0, revenue: -1998, tax: -80 });

    // The remaining 30.78: 10.00 of deposit and the whole 20.78 invoice credited, in one customer refund.
    const rest = post<{ id: string }>('/v1/refunds', { charge });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactionsOf(pipeline, [], `recordtype IN ('creditmemo', 'customerrefund')`)).toEqual([
      expect.objectContaining({ recordtype: 'customerrefund', externalid: small.id, total: 5 }),
      { recordtype: 'creditmemo', externalid: `ns_memo:${rest.id}`, total: 20.78, remaining: 0 },
      expect.objectContaining({ recordtype: 'customerrefund', externalid: rest.id, total: 30.78 }),
    ]);
    expect(ledger()).toEqual({ undeposited: 0, customerDeposits: 0, receivable: 0, revenue: 0, tax: 0 });
  });

  it('not billed, refunded in part: a customer refund of the deposit, Customer Deposits debited', async () => {
    orderSettings(pipeline, setup, 'leave_to_fulfilment');
    const { charge } = paidOrder(pipeline);
    const refund = post<{ id: string }>('/v1/refunds', { charge, amount: 1000 });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactionsOf(pipeline, [], `recordtype IN ('creditmemo', 'customerrefund')`)).toEqual([
      expect.objectContaining({ recordtype: 'customerrefund', externalid: refund.id, total: 10 }),
    ]);
    // Refund: Dr Customer Deposits 10.00 / Cr Undeposited Funds 10.00; 10.78 still held for the order.
    expect(ledger()).toEqual({ undeposited: 1078, customerDeposits: -1078, receivable: 0, revenue: 0, tax: 0 });
  });

  it('not billed, refunded in full: the deposit refunded, nothing left on Customer Deposits', async () => {
    orderSettings(pipeline, setup, 'leave_to_fulfilment');
    const { charge } = paidOrder(pipeline);
    const refund = post<{ id: string }>('/v1/refunds', { charge });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactionsOf(pipeline, [], `recordtype = 'customerrefund'`)).toEqual([
      expect.objectContaining({ recordtype: 'customerrefund', externalid: refund.id, total: 20.78 }),
    ]);
    expect(statusOf(pipeline, charge)).toBe('C'); // CustDep:C, Fully Applied (to the refund)
    expect(ledger()).toEqual({ undeposited: 0, customerDeposits: 0, receivable: 0, revenue: 0, tax: 0 });
  });

  it("a disputed order's charge, billed: a credit memo for the order's invoice and a customer refund dp_…", async () => {
    orderSettings(pipeline, setup, 'bill_at_payment');
    const { order, charge } = paidOrder(pipeline, undefined, 'pm_card_createDispute');
    await drain();
    expect(failures()).toEqual([]);
    const disputes = pipeline.stripe.request('GET', '/v1/disputes', { charge }).body as { data: { id: string }[] };
    const dispute = disputes.data[0]?.id ?? '';
    expect(dispute).toMatch(/^dp_/);
    expect(transactionsOf(pipeline, [], `recordtype IN ('creditmemo', 'customerrefund', 'customerpayment')`)).toEqual([
      { recordtype: 'creditmemo', externalid: `ns_memo:${dispute}`, total: 20.78, remaining: 0 },
      expect.objectContaining({ recordtype: 'customerrefund', externalid: dispute, total: 20.78 }),
    ]);
    expect(statusOf(pipeline, order)).toBe('G');
    // The whole 20.78 withdrawn: revenue and tax credited back, the refund out of Undeposited Funds.
    expect(ledger()).toEqual({ undeposited: 0, customerDeposits: 0, receivable: 0, revenue: 0, tax: 0 });
  });
});

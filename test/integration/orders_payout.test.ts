import { queue, type BookingSetup, type IngressPipeline } from '../../tools/localConnector';
import { payoutStatusOf } from '../../tools/connectorStatuses';
import { orderSettings, paidOrder, statusOf } from './helpers/orders';
import { balanceOf, depositsOf, nsRecord, useBookingPipeline, withoutId } from './helpers/pipeline';

/**
 * The payout holding an order's charge (2 × 9.99 + 0.80 tax = 20.78, paid by card) through the real path: the
 * bank deposit ticks the order's customer deposit (and the refund's customer refund) as it ticks payments.
 */
describe("payout of an order's charge", () => {
  let pipeline: IngressPipeline;
  let setup: BookingSetup;
  const { post, get, drain, failures } = useBookingPipeline((p, b) => {
    pipeline = p;
    setup = b;
  });

  /**
   * Moves both clocks until the card funds are available and the daily payout has swept them, then until it
   * arrives (as dispute_deposit.test.ts does); the one payout made.
   */
  async function payOut(): Promise<{ id: string; amount: number }> {
    for (const days of [3, 2]) {
      pipeline.stripe.advanceClock(days * 86400);
      pipeline.ns.advance(days * 86400 * 1000);
      pipeline.stripe.runPayouts();
      await drain();
    }
    const list = get<{ data: { id: string; amount: number }[] }>('/v1/payouts', { limit: 100 });
    expect(list.data).toHaveLength(1);
    const [payout] = list.data;
    return { id: payout?.id ?? '', amount: payout?.amount ?? 0 };
  }

  function reconciliation(): unknown[] {
    return pipeline.ns.sql
      .query(`SELECT custrecord_snc_po_status AS status FROM customrecord_snc_payout`, [])
      .rows.map((r) => payoutStatusOf(pipeline.ns, r['status']));
  }

  /** Internal IDs of what the deposit ticked on its payment list. */
  function ticked(depositId: number): string[] {
    const deposit = nsRecord(pipeline).load({ type: 'deposit', id: depositId });
    const ids: string[] = [];
    for (let line = 0; line < deposit.getLineCount({ sublistId: 'payment' }); line++)
      if (deposit.getSublistValue({ sublistId: 'payment', fieldId: 'deposit', line }) === true)
        ids.push(String(deposit.getSublistValue({ sublistId: 'payment', fieldId: 'id', line })));
    return ids.sort();
  }

  const idOf = (externalId: string): string =>
    String(pipeline.ns.sql.query(`SELECT id FROM transaction WHERE externalid = ?`, [externalId]).rows[0]?.['id']);

  it('not billed: the deposit ticks the customer deposit, 20.78 less the 0.90 fee', async () => {
    orderSettings(pipeline, setup, 'leave_to_fulfilment');
    const { charge } = paidOrder(pipeline);
    await drain();
    const payout = await payOut();
    expect(failures()).toEqual([]);
    // Fee 2.9% of 20.78 (0.60) + 0.30 = 0.90.
    expect(payout.amount).toBe(2078 - 90);
    const [deposit] = depositsOf(pipeline);
    expect(depositsOf(pipeline).map(withoutId)).toEqual([{ externalid: payout.id, total: 19.88 }]);
    expect(ticked(deposit?.id ?? 0)).toEqual([idOf(charge)]);
    expect(statusOf(pipeline, charge)).toBe('B'); // CustDep:B, Deposited
    expect(balanceOf(pipeline, setup.banks['usd'] ?? 0)).toBe(1988);
    expect(balanceOf(pipeline, setup.stripeFees)).toBe(90);
    expect(balanceOf(pipeline, setup.undepositedFunds)).toBe(0);
    expect(reconciliation()).toEqual(['reconciled']);
  });

  it('billed and refunded in part: the deposit ticks the customer deposit and the refund, to the cent', async () => {
    orderSettings(pipeline, setup, 'bill_at_payment');
    const { charge } = paidOrder(pipeline);
    const refund = post<{ id: string }>('/v1/refunds', { charge, amount: 1039 });
    await drain();
    const payout = await payOut();
    expect(failures()).toEqual([]);
    // 20.78 − 10.39 refunded − 0.90 fee (Stripe keeps the fee of a refunded charge).
    expect(payout.amount).toBe(2078 - 1039 - 90);
    const [deposit] = depositsOf(pipeline);
    expect(depositsOf(pipeline).map(withoutId)).toEqual([{ externalid: payout.id, total: 9.49 }]);
    expect(ticked(deposit?.id ?? 0)).toEqual([idOf(charge), idOf(refund.id)].sort());
    expect(balanceOf(pipeline, setup.banks['usd'] ?? 0)).toBe(949);
    expect(balanceOf(pipeline, setup.stripeFees)).toBe(90);
    expect(balanceOf(pipeline, setup.undepositedFunds)).toBe(0);
    expect(balanceOf(pipeline, Number(pipeline.ns.base.accounts.customerDeposits))).toBe(0);
    expect(queue(pipeline.ns).find((e) => e['type'] === 'payout.paid')).toMatchObject({ status: 'done' });
    expect(reconciliation()).toEqual(['reconciled']);
  });
});

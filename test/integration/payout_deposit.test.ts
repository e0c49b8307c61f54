import type * as NRecord from 'N/record';
import { QUEUE_MR, queue, type BookingSetup, type IngressPipeline } from '../../tools/localConnector';
import {
  balanceOf,
  bookPayment,
  cardCharge,
  chargeWithPayment,
  depositsOf,
  drain,
  nsRecord,
  onlyPayoutEvents,
  stripePost,
  usdCustomer,
  useBookingPipeline,
} from './helpers/pipeline';
import { readableStatuses } from '../../tools/connectorStatuses';

/**
 * A payout through the real path: Stripe sandbox payout events → relay → RESTlet → queue Map/Reduce →
 * the payout flow reads the payout's balance transactions from Stripe (N/https) and makes the deposit.
 * The charges' payments are entered as the charge flow books them (its own tests cover it).
 */
describe('payout → deposit', () => {
  let pipeline: IngressPipeline;
  let books: BookingSetup;
  let record: typeof NRecord;
  let customer: number;

  useBookingPipeline((p, setup) => {
    pipeline = p;
    books = setup;
    record = nsRecord(pipeline);
    customer = usdCustomer(pipeline, books, 'Ada Ltd');
  });

  /** Card payments in Stripe, each with its customer payment in NetSuite as the charge flow books it. */
  const paidCharges = (...amounts: number[]): { chargeId: string; paymentId: number }[] =>
    amounts.map((amount) => chargeWithPayment(pipeline, customer, amount));

  function bookRefund(refundId: string, amount: number): number {
    // Dynamic mode with the customer as a default value: NetSuite lists what can be refunded at once.
    const refund = record.create({ type: 'customerrefund', isDynamic: true, defaultValues: { entity: customer } });
    refund.setValue({ fieldId: 'externalid', value: refundId });
    const line = refund.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'apply', value: false });
    refund.selectLine({ sublistId: 'apply', line });
    refund.setCurrentSublistValue({ sublistId: 'apply', fieldId: 'apply', value: true });
    refund.setCurrentSublistValue({ sublistId: 'apply', fieldId: 'amount', value: amount / 100 });
    refund.commitLine({ sublistId: 'apply' });
    return refund.save();
  }

  /**
   * Runs the automatic payout. With `whileInTransit`, payout.created and payout.reconciliation_completed are
   * processed first and the step runs before the payout arrives; otherwise all its events are processed
   * together once it is paid.
   */
  async function payOut(whileInTransit?: () => void): Promise<{ id: string; amount: number }> {
    const [payout] = pipeline.stripe.runPayouts();
    if (!payout) throw new Error('no payout');
    if (whileInTransit) {
      // Stripe reconciles the payout hours after creating it (the sandbox: 6 hours), before it arrives.
      pipeline.stripe.advanceClock(7 * 3600);
      pipeline.ns.advance(7 * 3600 * 1000);
      await drain(pipeline);
      whileInTransit();
    }
    // Past the arrival date: payout.paid.
    pipeline.stripe.advanceClock(2 * 86400);
    pipeline.ns.advance(2 * 86400 * 1000);
    await drain(pipeline);
    return { id: payout.id, amount: payout.amount };
  }

  it('deposits the payout to the cent: payments less refunds less Stripe fees, fees to the fee account', async () => {
    const [, second] = paidCharges(5000, 2599);
    const refund = stripePost<{ id: string }>(pipeline, '/v1/refunds', { charge: second?.chargeId ?? '', amount: 599 });
    bookRefund(refund.id, 599);
    const payout = await payOut();

    // 50.00 + 25.99 − 5.99 gross; fees 2.9% + 30¢: 1.75 and 1.05.
    expect(payout.amount).toBe(5000 + 2599 - 599 - 175 - 105);
    expect(depositsOf(pipeline)).toEqual([
      expect.objectContaining({ externalid: payout.id, total: payout.amount / 100 }),
    ]);
    expect(balanceOf(pipeline, books.banks['usd'] as number)).toBe(payout.amount);
    expect(balanceOf(pipeline, books.stripeFees)).toBe(175 + 105);
    expect(balanceOf(pipeline, books.undepositedFunds)).toBe(0);
    const paid = queue(pipeline.ns).find((e) => e['type'] === 'payout.paid');
    expect(paid).toMatchObject({ status: 'done', note: expect.stringContaining(`deposited: 67.20 USD`) });
    expect(
      readableStatuses(
        pipeline.ns,
        pipeline.ns.sql.query(`SELECT custrecord_snc_po_status AS status FROM customrecord_snc_payout`, []).rows,
        'payout',
      ),
    ).toEqual([{ status: 'reconciled' }]);

    // Stripe redelivers payout.paid: stored once, and a second run of the flow changes nothing.
    await drain(pipeline);
    expect(depositsOf(pipeline)).toHaveLength(1);
  });

  it('makes no deposit while a charge is not booked, records why, and deposits once it is', async () => {
    paidCharges(4000);
    const missing = cardCharge(pipeline, 1500);
    const payout = await payOut();
    expect(depositsOf(pipeline)).toEqual([]);
    const paid = queue(pipeline.ns).find((e) => e['type'] === 'payout.paid');
    expect(paid).toMatchObject({ status: 'queued', attempts: 1, error: expect.stringContaining(`not_synced`) });
    expect(
      readableStatuses(
        pipeline.ns,
        pipeline.ns.sql.query(
          `SELECT custrecord_snc_po_status AS status, custrecord_snc_po_problems AS problems FROM customrecord_snc_payout`,
          [],
        ).rows,
        'payout',
      ),
    ).toEqual([{ status: 'unreconciled', problems: expect.stringContaining(missing) }]);

    bookPayment(pipeline, customer, missing, 1500);
    pipeline.ns.advance(120_000);
    pipeline.ns.mapReduce(QUEUE_MR);
    expect(depositsOf(pipeline)).toEqual([
      expect.objectContaining({ externalid: payout.id, total: payout.amount / 100 }),
    ]);
  });

  it('books a charge NetSuite lacks through the charge flow, then deposits the payout', async () => {
    // Only payout events reach NetSuite: the charge is unknown to it when the payout is booked.
    onlyPayoutEvents(pipeline);
    const stripeCustomer = pipeline.stripe.request('POST', '/v1/customers', {
      name: 'Grace Hopper',
      email: 'grace@example.invalid',
    }).body as { id: string };
    const intent = pipeline.stripe.request('POST', '/v1/payment_intents', {
      amount: 3000,
      currency: 'usd',
      customer: stripeCustomer.id,
      payment_method: 'pm_card_bypassPending',
      confirm: 'true',
      description: 'Workshop seat',
    });
    const chargeId = (intent.body as { latest_charge: string }).latest_charge;
    const payout = await payOut();
    expect(depositsOf(pipeline)).toEqual([
      expect.objectContaining({ externalid: payout.id, total: payout.amount / 100 }),
    ]);
    const payment = pipeline.ns.sql.query(
      `SELECT recordtype, foreigntotal AS total, memo FROM transaction WHERE externalid = ?`,
      [chargeId],
    ).rows;
    expect(payment).toEqual([
      { recordtype: 'customerpayment', total: 30, memo: expect.stringContaining('Workshop seat') },
    ]);
    expect(
      pipeline.ns.sql.query(`SELECT companyname FROM customer WHERE externalid = ?`, [stripeCustomer.id]).rows,
    ).toHaveLength(1);
  });

  function reconciliation(): Record<string, unknown>[] {
    const { rows } = pipeline.ns.sql.query(
      `SELECT custrecord_snc_po_status AS status, custrecord_snc_po_plan AS plan, custrecord_snc_po_problems AS problems FROM customrecord_snc_payout`,
      [],
    );
    return readableStatuses(pipeline.ns, rows, 'payout');
  }

  it('reconciliation_completed keeps the validated plan; payout.paid deposits from it, whatever memory holds', async () => {
    const payments = paidCharges(5000, 2599).map((c) => c.paymentId);
    const payout = await payOut(() => {
      // payout.created came while Stripe was still reconciling: it read nothing.
      expect(queue(pipeline.ns).find((e) => e['type'] === 'payout.created')).toMatchObject({
        status: 'done',
        note: expect.stringContaining('Stripe is still reconciling it'),
      });
      const [kept] = reconciliation();
      expect(kept).toMatchObject({ status: 'validated' });
      const plan = JSON.parse(String(kept?.['plan'])) as { deposits: { payments: number[] }[] };
      expect(plan.deposits.map((d) => [...d.payments].sort())).toEqual([[...payments].sort()]);
      // NetSuite may drop its cache at any time: the plan on the record still serves.
      pipeline.ns.evictCaches();
    });
    expect(depositsOf(pipeline)).toEqual([
      expect.objectContaining({ externalid: payout.id, total: payout.amount / 100 }),
    ]);
    expect(queue(pipeline.ns).find((e) => e['type'] === 'payout.paid')).toMatchObject({
      status: 'done',
      note: expect.stringContaining('plan validated before it was paid'),
    });
    expect(reconciliation()).toEqual([expect.objectContaining({ status: 'reconciled' })]);
  });

  it('a kept plan NetSuite no longer fits (a payment deposited by hand meanwhile) is planned again', async () => {
    const [first] = paidCharges(5000, 2599).map((c) => c.paymentId);
    let manual = 0;
    await payOut(() => {
      const deposit = record.create({ type: 'deposit', isDynamic: true });
      deposit.setValue({ fieldId: 'account', value: books.banks['usd'] ?? 0 });
      const line = deposit.findSublistLineWithValue({ sublistId: 'payment', fieldId: 'id', value: String(first) });
      deposit.selectLine({ sublistId: 'payment', line });
      deposit.setCurrentSublistValue({ sublistId: 'payment', fieldId: 'deposit', value: true });
      deposit.commitLine({ sublistId: 'payment' });
      manual = deposit.save();
    });
    expect(depositsOf(pipeline).map((d) => d.id)).toEqual([manual]);
    expect(reconciliation()).toEqual([
      expect.objectContaining({ status: 'unreconciled', problems: expect.stringContaining('already_deposited') }),
    ]);
    expect(queue(pipeline.ns).find((e) => e['type'] === 'payout.paid')).toMatchObject({
      status: 'queued',
      error: expect.stringContaining('already_deposited'),
    });
  });

  it('a kept plan for a bank account the admin has since changed is planned again, into the new one', async () => {
    paidCharges(4200);
    let newBank = 0;
    const payout = await payOut(() => {
      newBank = record
        .create({ type: 'account' })
        .setValue({ fieldId: 'acctnumber', value: '1090' })
        .setValue({ fieldId: 'acctname', value: 'New Operating Bank USD' })
        .setValue({ fieldId: 'accttype', value: 'Bank' })
        .setValue({ fieldId: 'currency', value: pipeline.ns.base.currencies['USD'] ?? null })
        .setValue({ fieldId: 'subsidiary', value: [String(books.subsidiary)] })
        .save();
      const mapping = pipeline.ns.sql.query('SELECT id FROM customrecord_snc_bank', []).rows[0];
      record.submitFields({
        type: 'customrecord_snc_bank',
        id: Number(mapping?.['id']),
        values: { custrecord_snc_bank_account: String(newBank) },
      });
    });
    expect(depositsOf(pipeline)).toEqual([
      expect.objectContaining({ externalid: payout.id, total: payout.amount / 100 }),
    ]);
    expect({ newBank: balanceOf(pipeline, newBank), oldBank: balanceOf(pipeline, books.banks['usd'] ?? 0) }).toEqual({
      newBank: payout.amount,
      oldBank: 0,
    });
    expect(queue(pipeline.ns).find((e) => e['type'] === 'payout.paid')?.['note']).not.toContain('plan validated');
  });
});

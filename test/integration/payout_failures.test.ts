import { QUEUE_MR, type BookingSetup, type IngressPipeline } from '../../tools/localConnector';
import {
  balanceOf,
  chargeWithPayment,
  depositsOf,
  drain,
  failures,
  onlyPayoutEvents,
  stripePost,
  usdCustomer,
  useBookingPipeline,
} from './helpers/pipeline';
import { readableStatuses } from '../../tools/connectorStatuses';

interface Payout {
  id: string;
  amount: number;
  status: string;
}

/**
 * Payouts that fail, through the real path (sandbox → relay → RESTlet → queue → payout flow): the failed
 * payout's deposit is given back and the payout that carries its returned funds deposits them again.
 */
describe('failed payouts', () => {
  let pipeline: IngressPipeline;
  let books: BookingSetup;
  let customer: number;

  useBookingPipeline((p, setup) => {
    pipeline = p;
    books = setup;
    // The tests book the charges' payments themselves.
    onlyPayoutEvents(pipeline);
    customer = usdCustomer(pipeline, books, 'Ada Ltd');
  });

  /** A card payment in Stripe, and its customer payment in NetSuite as the charge flow books it. */
  const paidCharge = (amount: number): number => chargeWithPayment(pipeline, customer, amount).paymentId;

  function runPayout(): Payout {
    const [payout] = pipeline.stripe.runPayouts();
    if (!payout) throw new Error('no payout');
    return payout as Payout;
  }

  async function advanceDays(days: number): Promise<void> {
    pipeline.stripe.advanceClock(days * 86400);
    pipeline.ns.advance(days * 86400 * 1000);
    await drain(pipeline);
  }

  function reconciliation(payoutId: string): Record<string, unknown> | undefined {
    const { rows } = pipeline.ns.sql.query(
      `SELECT custrecord_snc_po_status AS status, custrecord_snc_po_problems AS problems FROM customrecord_snc_payout WHERE name = ?`,
      [payoutId],
    );
    return readableStatuses(pipeline.ns, rows, 'payout')[0];
  }

  function payouts(): Payout[] {
    return (pipeline.stripe.request('GET', '/v1/payouts').body as { data: Payout[] }).data.reverse();
  }

  it('a payout that fails on arrival deposits nothing; the next payout deposits its payments with its own', async () => {
    const first = [paidCharge(5000), paidCharge(2599)];
    const failed = runPayout();
    stripePost(pipeline, `/v1/payouts/${failed.id}`, { 'metadata[sandbox_fail]': 'true' });
    const later = paidCharge(1000);
    // Past the failed payout's arrival and the next day's automatic payout.
    await advanceDays(3);
    const [, next, ...others] = payouts();
    expect(others).toEqual([]);
    // 50.00 + 25.99 less fees 1.75 + 1.05 come back; 10.00 less 0.59 is new.
    expect({ failed: failed.amount, next: next?.amount, status: next?.status }).toEqual({
      failed: 7319,
      next: 7319 + 941,
      status: 'paid',
    });
    expect(reconciliation(failed.id)).toMatchObject({
      status: 'failed',
      problems: expect.stringContaining('No deposit had been made'),
    });
    expect(depositsOf(pipeline)).toEqual([expect.objectContaining({ externalid: next?.id, total: 82.6 })]);
    const deposited = pipeline.ns.sql.query(
      `SELECT id FROM transaction WHERE recordtype = 'customerpayment' AND status = 'C' ORDER BY id`,
      [],
    ).rows;
    expect(deposited.map((r) => r['id'])).toEqual([...first, later]);
    expect(balanceOf(pipeline, books.undepositedFunds)).toBe(0);
    expect(balanceOf(pipeline, books.banks['usd'] ?? 0)).toBe(7319 + 941);
    expect(balanceOf(pipeline, books.stripeFees)).toBe(175 + 105 + 59);
    expect(failures(pipeline)).toEqual([]);
  });

  it('a payout that fails after it was paid: its deposit is deleted, the next payout deposits the payments again', async () => {
    const first = [paidCharge(5000), paidCharge(2599)];
    const failing = runPayout();
    stripePost(pipeline, `/v1/payouts/${failing.id}`, { 'metadata[sandbox_fail_after_paid]': 'true' });
    await advanceDays(1);
    const [made] = depositsOf(pipeline);
    expect(made).toMatchObject({ externalid: failing.id, total: 73.19 });
    expect(reconciliation(failing.id)).toMatchObject({ status: 'reconciled' });

    // Stripe fails it three days after payout.paid; the funds return and leave with the next day's payout.
    await advanceDays(5);
    const [, next, ...others] = payouts();
    expect({ others, next: next?.amount, status: next?.status }).toEqual({ others: [], next: 7319, status: 'paid' });
    expect(reconciliation(failing.id)).toMatchObject({
      status: 'failed',
      problems: expect.stringContaining(`Deposit ${made?.id} deleted`),
    });
    expect(depositsOf(pipeline)).toEqual([expect.objectContaining({ externalid: next?.id, total: 73.19 })]);
    const deposited = pipeline.ns.sql.query(
      `SELECT id FROM transaction WHERE recordtype = 'customerpayment' AND status = 'C' ORDER BY id`,
      [],
    ).rows;
    expect(deposited.map((r) => r['id'])).toEqual(first);
    expect(balanceOf(pipeline, books.undepositedFunds)).toBe(0);
    expect(balanceOf(pipeline, books.banks['usd'] ?? 0)).toBe(7319);
    expect(balanceOf(pipeline, books.stripeFees)).toBe(175 + 105);
    expect(failures(pipeline)).toEqual([]);
  });

  it('a failed payout whose deposit was reconciled to the bank statement: reversed by journal entry, never deleted', async () => {
    paidCharge(5000);
    const failing = runPayout();
    stripePost(pipeline, `/v1/payouts/${failing.id}`, { 'metadata[sandbox_fail_after_paid]': 'true' });
    await advanceDays(1);
    const [made] = depositsOf(pipeline);
    expect(made).toMatchObject({ externalid: failing.id, total: 48.25 });
    pipeline.ns.reconcileToBankStatement(made?.id ?? 0);

    await advanceDays(5);
    // The next payout may be planned before the failure is booked (the queue runs payouts side by side): its
    // payout.paid then waits for the retry, which finds the failed payout's funds in Undeposited Funds.
    pipeline.ns.advance(120_000);
    pipeline.ns.mapReduce(QUEUE_MR);
    const [, next] = payouts();
    expect(reconciliation(failing.id)).toMatchObject({
      status: 'failed_reversed',
      problems: expect.stringContaining('reversed to Undeposited Funds by journal entry'),
    });
    const journals = pipeline.ns.sql.query(
      `SELECT externalid, memo FROM transaction WHERE recordtype = 'journalentry'`,
      [],
    ).rows;
    expect(journals).toEqual([
      { externalid: `${failing.id}:failed:${made?.id}`, memo: expect.stringContaining(`payout ${failing.id} failed`) },
    ]);
    // The reconciled deposit stays; the next payout deposits the returned funds from Undeposited Funds.
    expect(depositsOf(pipeline)).toEqual([
      expect.objectContaining({ externalid: failing.id, total: 48.25 }),
      expect.objectContaining({ externalid: next?.id, total: 48.25 }),
    ]);
    expect(balanceOf(pipeline, books.undepositedFunds)).toBe(0);
    expect(balanceOf(pipeline, books.banks['usd'] ?? 0)).toBe(4825);
    expect(failures(pipeline)).toEqual([]);
  });
});

import { createBalanceTransaction } from '../../stripe-sandbox/src/resources/balanceTransactions';
import { QUEUE_MR, queue, type BookingSetup, type IngressPipeline } from '../../tools/localConnector';
import {
  balanceOf,
  chargeWithPayment,
  depositsOf,
  drain,
  mapCategory,
  newAccount,
  onlyPayoutEvents,
  useBookingPipeline,
  usdCustomer,
} from './helpers/pipeline';
import { readableStatuses } from '../../tools/connectorStatuses';

/**
 * A payout holding a reporting category no account is mapped for: the reconciliation record names it and
 * its balance transaction, the admin is emailed once however often the payout is retried, and once the admin
 * maps the category the retry deposits the payout to the cent. The sandbox does not make adjustments or
 * Stripe's tax on fees by itself, so they are recorded here as Stripe's balance transactions.
 */
describe('payout → deposit: every reporting category has an account, or the admin is told', () => {
  let pipeline: IngressPipeline;
  let books: BookingSetup;
  useBookingPipeline((p, setup) => {
    pipeline = p;
    books = setup;
    // Only payout events reach NetSuite: the charge's payment is entered by hand below.
    onlyPayoutEvents(pipeline);
  });

  /** A balance transaction Stripe records outside any charge, available at once. */
  function stripeRecords(reportingCategory: string, amount: number, source: string): string {
    return createBalanceTransaction(pipeline.stripe.account, {
      amount,
      currency: 'usd',
      type: 'adjustment',
      reportingCategory,
      source,
      description: reportingCategory,
    }).id;
  }

  async function payOut(): Promise<{ id: string; amount: number }> {
    const [payout] = pipeline.stripe.runPayouts();
    if (!payout) throw new Error('no payout');
    pipeline.stripe.advanceClock(2 * 86400);
    pipeline.ns.advance(2 * 86400 * 1000);
    await drain(pipeline);
    return { id: payout.id, amount: payout.amount };
  }

  /** The queue's next attempt, past its backoff and the 5 minutes the category mapping is cached. */
  function retry(): void {
    pipeline.ns.advance(3600 * 1000);
    pipeline.ns.mapReduce(QUEUE_MR);
  }

  function reconciliation(): Record<string, unknown>[] {
    const { rows } = pipeline.ns.sql.query(
      `SELECT custrecord_snc_po_status AS status, custrecord_snc_po_problems AS problems,
              custrecord_snc_po_admin_told AS told FROM customrecord_snc_payout`,
      [],
    );
    return readableStatuses(pipeline.ns, rows, 'payout');
  }

  it('an unmapped other_adjustment: named on the record, the admin emailed once, deposited once mapped', async () => {
    chargeWithPayment(pipeline, usdCustomer(pipeline, books, 'Ada Ltd'), 5000);
    const adjustment = stripeRecords('other_adjustment', -300, 'adj_sandbox_1');
    stripeRecords('tax', -20, 'txn_fees_tax_1');
    const payout = await payOut();
    // 50.00 − 1.75 fee − 3.00 adjustment − 0.20 tax on Stripe's fees.
    expect(payout.amount).toBe(4505);

    expect(depositsOf(pipeline)).toEqual([]);
    expect(reconciliation()).toEqual([
      {
        status: 'unreconciled',
        problems: `account_missing: No account is mapped for other_adjustment (balance transactions ${adjustment})`,
        told: expect.anything(),
      },
    ]);
    expect(queue(pipeline.ns).find((e) => e['type'] === 'payout.paid')).toMatchObject({
      status: 'queued',
      error: expect.stringContaining('No account is mapped for other_adjustment'),
    });
    const emails = (): [string[], string, string][] =>
      pipeline.ns.services.emails.map((m) => [m.recipients, m.subject, m.body]);
    expect(emails()).toEqual([
      [
        ['finance-admin@example.invalid'],
        `Stripe connector: payout ${payout.id} needs an account mapped`,
        expect.stringContaining(
          `account_missing: No account is mapped for other_adjustment (balance transactions ${adjustment})`,
        ),
      ],
    ]);

    // The paid payout retries; the admin is not emailed again.
    retry();
    expect(reconciliation()).toEqual([expect.objectContaining({ status: 'unreconciled' })]);
    expect(emails()).toHaveLength(1);

    // The admin maps the category on the settings; the next retry deposits.
    const adjustments = newAccount(pipeline, books, { number: '6990', name: 'Stripe Adjustments', type: 'Expense' });
    mapCategory(pipeline, 'other_adjustment', adjustments);
    retry();
    expect(depositsOf(pipeline)).toEqual([{ id: expect.any(Number), externalid: payout.id, total: 45.05 }]);
    expect(reconciliation()).toEqual([expect.objectContaining({ status: 'reconciled' })]);
    expect({
      bank: balanceOf(pipeline, books.banks['usd'] ?? 0),
      fees: balanceOf(pipeline, books.stripeFees),
      adjustments: balanceOf(pipeline, adjustments),
      undepositedFunds: balanceOf(pipeline, books.undepositedFunds),
    }).toEqual({ bank: 4505, fees: 175 + 20, adjustments: 300, undepositedFunds: 0 });
    expect(emails()).toHaveLength(1);
  });
});

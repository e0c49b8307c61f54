import { type BookingSetup, type IngressPipeline } from '../../tools/localConnector';
import {
  balanceOf,
  depositsOf,
  drain,
  failures,
  mapCategory,
  newAccount,
  useBookingPipeline,
  withoutId,
} from './helpers/pipeline';

const DAY = 86_400;

/**
 * The other kinds of balance transactions a payout carries, through the real path (sandbox → relay →
 * RESTlet → queue → flows): a partial capture, a destination charge with an application fee (Connect on the
 * platform), a refund that fails, Stripe fees billed on their own with tax, and an adjustment. Each payout
 * deposits to the cent, each kind on its line.
 */
describe('payouts of every kind of balance transaction', () => {
  let pipeline: IngressPipeline;
  let books: BookingSetup;
  const { post } = useBookingPipeline((p, setup) => {
    pipeline = p;
    books = setup;
  });

  const account = (name: string, type: string): number => newAccount(pipeline, books, { name, type });

  /** Pays out what is available and lets every payout arrive, events booked as they come. */
  async function payOutAll(): Promise<{ id: string; amount: number }[]> {
    await drain(pipeline);
    pipeline.stripe.advanceClock(3 * DAY);
    pipeline.ns.advance(3 * DAY * 1000);
    await drain(pipeline);
    pipeline.stripe.runPayouts();
    pipeline.stripe.advanceClock(2 * DAY);
    pipeline.ns.advance(2 * DAY * 1000);
    await drain(pipeline);
    const list = pipeline.stripe.request('GET', '/v1/payouts').body as { data: { id: string; amount: number }[] };
    return list.data;
  }

  function paymentOf(chargeId: string): Record<string, unknown> | undefined {
    return pipeline.ns.sql.query(`SELECT recordtype, foreigntotal AS total FROM transaction WHERE externalid = ?`, [
      chargeId,
    ]).rows[0];
  }

  it('a partial capture: the payment is what was captured; the charge and its reversal deposit as one line', async () => {
    const customer = post<{ id: string }>('/v1/customers', { name: 'Grace Hopper' });
    const intent = post<{ id: string }>('/v1/payment_intents', {
      amount: 10000,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_visa',
      capture_method: 'manual',
      confirm: 'true',
    });
    const captured = post<{ latest_charge: string }>(`/v1/payment_intents/${intent.id}/capture`, {
      amount_to_capture: 6000,
    });
    const [payout, ...others] = await payOutAll();
    expect(failures(pipeline)).toEqual([]);
    expect(paymentOf(captured.latest_charge)).toEqual({ recordtype: 'customerpayment', total: 60 });
    const kinds = pipeline.stripe.request('GET', '/v1/balance_transactions', { payout: payout?.id ?? '' }).body as {
      data: { reporting_category: string; amount: number }[];
    };
    expect(kinds.data.map((bt) => [bt.reporting_category, bt.amount]).sort()).toEqual([
      ['charge', 10000],
      ['partial_capture_reversal', -4000],
      ['payout', -(payout?.amount ?? 0)],
    ]);
    // 60.00 captured less 2.9% + 30¢ of it (2.04).
    expect({ others, amount: payout?.amount }).toEqual({ others: [], amount: 6000 - 204 });
    expect(depositsOf(pipeline).map(withoutId)).toEqual([{ externalid: payout?.id, total: 57.96 }]);
    expect(balanceOf(pipeline, books.undepositedFunds)).toBe(0);
  });

  it('a destination charge with an application fee: the payment is the charge; transfer and fee on their lines', async () => {
    const transfers = account('Connect Transfers', 'Expense');
    const platformFees = account('Application Fee Income', 'Income');
    mapCategory(pipeline, 'transfer', transfers);
    mapCategory(pipeline, 'platform_earning', platformFees);
    const seller = post<{ id: string }>('/v1/accounts', { type: 'express', country: 'US' });
    const customer = post<{ id: string }>('/v1/customers', { name: 'Ada Lovelace' });
    const intent = post<{ latest_charge: string }>('/v1/payment_intents', {
      amount: 10000,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_visa',
      confirm: 'true',
      application_fee_amount: 1000,
      'transfer_data[destination]': seller.id,
    });
    const [payout] = await payOutAll();
    expect(failures(pipeline)).toEqual([]);
    expect(paymentOf(intent.latest_charge)).toEqual({ recordtype: 'customerpayment', total: 100 });
    // 100.00 less the 3.20 Stripe fee, less 100.00 transferred, plus the 10.00 application fee.
    expect(payout?.amount).toBe(10000 - 320 - 10000 + 1000);
    expect(depositsOf(pipeline).map(withoutId)).toEqual([{ externalid: payout?.id, total: 6.8 }]);
    expect({ transfers: balanceOf(pipeline, transfers), fees: balanceOf(pipeline, platformFees) }).toEqual({
      transfers: 10000,
      fees: -1000,
    });
    expect(balanceOf(pipeline, books.undepositedFunds)).toBe(0);
  });

  it('a refund that fails, Stripe fees billed on their own with tax, an adjustment: each on its line', async () => {
    const refundsOwed = account('Refunds Owed to Customers', 'OthCurrLiab');
    const adjustments = account('Stripe Adjustments', 'Expense');
    mapCategory(pipeline, 'refund_failure', refundsOwed);
    mapCategory(pipeline, 'other_adjustment', adjustments);
    const customer = post<{ id: string }>('/v1/customers', { name: 'Alan Turing' });
    const charge = post<{ latest_charge: string }>('/v1/payment_intents', {
      amount: 10000,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_visa',
      confirm: 'true',
    }).latest_charge;
    const refund = post<{ id: string }>('/v1/refunds', { charge, amount: 2500, 'metadata[sandbox_fail]': 'true' });
    const stripeAccount = pipeline.stripe.account;
    stripeAccount.service('stripeFee')({ amount: 500, currency: 'usd', description: 'Billing usage fee', tax: 40 });
    stripeAccount.service('adjustBalance')({ amount: -300, currency: 'usd', description: 'Correction' });
    const payouts = await payOutAll();
    expect(failures(pipeline)).toEqual([]);
    expect(pipeline.stripe.request('GET', `/v1/refunds/${refund.id}`).body).toMatchObject({ status: 'failed' });
    // 100.00 − 3.20 fee − 25.00 refunded + 25.00 back (failed) − 5.00 fee − 0.40 tax − 3.00 adjustment, in
    // as many daily payouts as the clock passed; each deposited to the cent.
    expect(payouts.reduce((sum, p) => sum + p.amount, 0)).toBe(10000 - 320 - 2500 + 2500 - 500 - 40 - 300);
    expect(depositsOf(pipeline).map(withoutId)).toEqual(
      expect.arrayContaining(payouts.map((p) => ({ externalid: p.id, total: p.amount / 100 }))),
    );
    expect(depositsOf(pipeline)).toHaveLength(payouts.length);
    expect({
      fees: balanceOf(pipeline, books.stripeFees),
      refundsOwed: balanceOf(pipeline, refundsOwed),
      adjustments: balanceOf(pipeline, adjustments),
    }).toEqual({ fees: 320 + 500 + 40, refundsOwed: -2500, adjustments: 300 });
    expect(balanceOf(pipeline, books.undepositedFunds)).toBe(0);
  });
});

import { type BookingSetup, type IngressPipeline } from '../../tools/localConnector';
import { finalizedInvoice, usdPrice } from './helpers/billing';
import { balanceOf, depositsOf, newAccount, saveSettings, useBookingPipeline, withoutId } from './helpers/pipeline';

const DAY = 86_400;

/**
 * Disputes through the real path: the sandbox's dispute test card → relay → RESTlet → queue Map/Reduce →
 * the dispute flow books a customer refund; the payouts holding the withdrawal and the reinstatement
 * deposit to the cent.
 */
describe('disputes → customer refund and deposits', () => {
  let pipeline: IngressPipeline;
  let setup: BookingSetup;
  let disputeFees: number;

  const { post, drain, failures } = useBookingPipeline((p, books) => {
    pipeline = p;
    setup = books;
    disputeFees = newAccount(pipeline, setup, { number: '6160', name: 'Dispute Fees', type: 'Expense' });
    saveSettings(pipeline, { custrecord_snc_set_dispute_fee_account: String(disputeFees) });
  });

  /** Moves both clocks; the sandbox pays out what became available, and the payouts arrive. */
  async function later(days: number): Promise<void> {
    pipeline.stripe.advanceClock(days * DAY);
    pipeline.ns.advance(days * DAY * 1000);
    pipeline.stripe.runPayouts();
    await drain();
    pipeline.stripe.advanceClock(2 * DAY);
    pipeline.ns.advance(2 * DAY * 1000);
    await drain();
  }

  function pay(customer: string, amount: number, card: string): string {
    const intent = post<{ latest_charge: string }>('/v1/payment_intents', {
      amount,
      currency: 'usd',
      customer,
      payment_method: card,
      confirm: 'true',
    });
    return intent.latest_charge;
  }

  function payouts(): { id: string; amount: number }[] {
    const list = pipeline.stripe.request('GET', '/v1/payouts', { limit: 100 }).body as {
      data: { id: string; amount: number }[];
    };
    return list.data.map(({ id, amount }) => ({ id, amount })).sort((a, b) => a.id.localeCompare(b.id));
  }

  it('a disputed one-off charge: refund dp_…, withdrawal and dispute fee deposited; won: reinstatement deposited', async () => {
    const customer = post<{ id: string }>('/v1/customers', { name: 'Grace Hopper', email: 'grace@example.invalid' });
    const disputed = pay(customer.id, 5000, 'pm_card_createDispute');
    pay(customer.id, 3000, 'pm_card_visa');
    await drain();
    expect(failures()).toEqual([]);
    const charge = pipeline.stripe.request('GET', `/v1/charges/${disputed}`).body as { dispute: string | null };
    const list = pipeline.stripe.request('GET', '/v1/disputes', { charge: disputed }).body as {
      data: { id: string }[];
    };
    const disputeId = charge.dispute ?? list.data[0]?.id ?? '';
    expect(disputeId).toMatch(/^dp_/);
    const refunds = pipeline.ns.sql.query(
      `SELECT externalid, foreigntotal AS total FROM transaction WHERE recordtype = 'customerrefund'`,
      [],
    ).rows;
    expect(refunds).toEqual([{ externalid: disputeId, total: expect.closeTo(50, 2) }]);

    await later(3);
    expect(failures()).toEqual([]);
    // 50.00 + 30.00 − 50.00 withdrawn; fees 2.9% + 30¢: 1.75 and 1.17; the $15.00 dispute fee.
    const [first] = payouts();
    expect(first?.amount).toBe(5000 + 3000 - 5000 - 175 - 117 - 1500);
    expect(depositsOf(pipeline).map(withoutId)).toEqual([{ externalid: first?.id, total: 12.08 }]);
    expect(balanceOf(pipeline, disputeFees)).toBe(1500);
    expect(balanceOf(pipeline, setup.stripeFees)).toBe(175 + 117);
    expect(balanceOf(pipeline, setup.undepositedFunds)).toBe(0);

    // Won: the funds come back (the dispute fee is kept) on a later payout, to the income account.
    post(`/v1/disputes/${disputeId}`, { evidence: { uncategorized_text: 'winning_evidence' } });
    await drain();
    await later(3);
    expect(failures()).toEqual([]);
    const all = payouts();
    expect(all).toHaveLength(2);
    const second = all.find((p) => p.id !== first?.id);
    expect(second?.amount).toBe(5000);
    expect(depositsOf(pipeline).map(withoutId)).toEqual(
      expect.arrayContaining([
        { externalid: first?.id, total: 12.08 },
        { externalid: second?.id, total: 50 },
      ]),
    );
    expect(balanceOf(pipeline, setup.banks['usd'] as number)).toBe(1208 + 5000);
    expect(balanceOf(pipeline, setup.income)).toBe(-5000);
    expect(balanceOf(pipeline, disputeFees)).toBe(1500);
    expect(balanceOf(pipeline, setup.undepositedFunds)).toBe(0);
    const rows = pipeline.ns.trialBalance();
    const net = rows.reduce((sum, r) => sum + Math.round(r.debit * 100) - Math.round(r.credit * 100), 0);
    expect(net).toBe(0);
  });

  it('a disputed invoice payment: credit memo ns_memo:dp_… and a customer refund applying it; the payout deposits', async () => {
    const customer = post<{ id: string }>('/v1/customers', { name: 'Ada Lovelace', email: 'ada@example.invalid' });
    const price = usdPrice(pipeline, 'Consulting', 4000);
    const draft = finalizedInvoice(pipeline, customer.id, [{ pricing: { price } }]);
    post(`/v1/invoices/${draft.id}/pay`, { payment_method: 'pm_card_createDispute' });
    pay(customer.id, 6000, 'pm_card_visa');
    await drain();
    expect(failures()).toEqual([]);
    const rows = pipeline.ns.sql.query(
      `SELECT recordtype, externalid, foreigntotal AS total FROM transaction
       WHERE recordtype IN ('creditmemo', 'customerrefund') ORDER BY id`,
      [],
    ).rows;
    expect(rows).toEqual([
      { recordtype: 'creditmemo', externalid: expect.stringMatching(/^ns_memo:dp_/), total: expect.closeTo(40, 2) },
      { recordtype: 'customerrefund', externalid: expect.stringMatching(/^dp_/), total: expect.closeTo(40, 2) },
    ]);

    await later(3);
    expect(failures()).toEqual([]);
    // 40.00 + 60.00 − 40.00 withdrawn; fees 1.46 and 2.04; the $15.00 dispute fee.
    const [payout] = payouts();
    expect(payout?.amount).toBe(4000 + 6000 - 4000 - 146 - 204 - 1500);
    expect(depositsOf(pipeline).map(withoutId)).toEqual([{ externalid: payout?.id, total: 41.5 }]);
    expect(balanceOf(pipeline, disputeFees)).toBe(1500);
    expect(balanceOf(pipeline, setup.undepositedFunds)).toBe(0);
  });

  function invoicePaidWith(customer: string, amount: number, card: string): string {
    const price = usdPrice(pipeline, 'Consulting', amount);
    const draft = finalizedInvoice(pipeline, customer, [{ pricing: { price } }]);
    post(`/v1/invoices/${draft.id}/pay`, { payment_method: card });
    return draft.id;
  }

  function moneyBack(): Record<string, unknown>[] {
    return pipeline.ns.sql.query(
      `SELECT recordtype, externalid, foreigntotal AS total FROM transaction
       WHERE recordtype IN ('creditmemo', 'customerrefund') ORDER BY id`,
      [],
    ).rows;
  }

  it('an inquiry moves no money: nothing is booked, and the payout deposits the charge whole', async () => {
    const customer = post<{ id: string }>('/v1/customers', { name: 'Alan Turing' });
    const charge = pay(customer.id, 2500, 'pm_card_createDisputeInquiry');
    await drain();
    expect(failures()).toEqual([]);
    const disputed = pipeline.ns.sql.query(`SELECT id FROM transaction WHERE externalid LIKE 'dp_%'`, []).rows;
    expect(disputed).toEqual([]);
    const created = pipeline.stripe.request('GET', '/v1/disputes', { charge }).body as {
      data: { id: string; status: string }[];
    };
    expect(created.data).toEqual([expect.objectContaining({ status: 'warning_needs_response' })]);

    await later(3);
    expect(failures()).toEqual([]);
    // 25.00 less 2.9% + 30¢ (1.03); an inquiry has no fee.
    expect(depositsOf(pipeline).map(withoutId)).toEqual([{ externalid: payouts()[0]?.id, total: 23.97 }]);
    expect(balanceOf(pipeline, disputeFees)).toBe(0);
    expect(balanceOf(pipeline, setup.undepositedFunds)).toBe(0);
  });

  it('a dispute lost on an invoice: credit memo and refund once withdrawn, nothing more when lost', async () => {
    const customer = post<{ id: string }>('/v1/customers', { name: 'Edsger Dijkstra' });
    const invoice = invoicePaidWith(customer.id, 8000, 'pm_card_createDispute');
    pay(customer.id, 6000, 'pm_card_visa');
    await drain();
    const before = moneyBack();
    expect(before).toEqual([
      { recordtype: 'creditmemo', externalid: expect.stringMatching(/^ns_memo:dp_/), total: 80 },
      { recordtype: 'customerrefund', externalid: expect.stringMatching(/^dp_/), total: 80 },
    ]);
    const dispute = String(before[1]?.['externalid']);
    post(`/v1/disputes/${dispute}`, { evidence: { uncategorized_text: 'losing_evidence' } });
    await drain();
    await later(3);
    expect(failures()).toEqual([]);
    const lost = pipeline.stripe.request('GET', `/v1/disputes/${dispute}`).body as { status: string };
    expect(lost.status).toBe('lost');
    expect(moneyBack()).toEqual(before);
    // The invoice stays paid (by the payment, less the credit memo for the disputed amount); nothing is owed.
    const status = pipeline.ns.sql.query(
      `SELECT BUILTIN.DF(status) AS status, foreignamountunpaid AS remaining FROM transaction WHERE externalid = ?`,
      [invoice],
    ).rows;
    expect(status).toEqual([{ status: 'Invoice : Paid In Full', remaining: 0 }]);
    // 80.00 + 60.00 − 80.00 withdrawn; fees 2.62 and 2.04; the 15.00 dispute fee and the 15.00 countered fee
    // (evidence was submitted; Stripe returns it only on a win). Lost: nothing comes back.
    const [payout, ...others] = payouts();
    expect(others).toEqual([]);
    expect(payout?.amount).toBe(8000 + 6000 - 8000 - 262 - 204 - 1500 - 1500);
    expect(depositsOf(pipeline).map(withoutId)).toEqual([{ externalid: payout?.id, total: 25.34 }]);
    expect(balanceOf(pipeline, disputeFees)).toBe(3000);
    expect(balanceOf(pipeline, setup.undepositedFunds)).toBe(0);
  });
});

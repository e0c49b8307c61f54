import { QUEUE_MR, queue, type BookingSetup, type IngressPipeline } from '../../tools/localConnector';
import { finalizedInvoice, payByCard, usdPrice } from './helpers/billing';
import { balanceOf, nsRecord, saveSettings, transactionsOf, useBookingPipeline } from './helpers/pipeline';
import { eventStatusId } from '../../tools/connectorStatuses';

/**
 * The booking flows through the real path: Stripe sandbox → relay → webhook RESTlet → queue Map/Reduce →
 * the compiled flows, reading Stripe over N/https, writing records in the emulated account.
 */
describe('booking flows end to end', () => {
  let pipeline: IngressPipeline;
  let setup: BookingSetup;
  const { post, drain, failures } = useBookingPipeline((p, books) => {
    pipeline = p;
    setup = books;
  });

  const transactions = (): Record<string, unknown>[] => transactionsOf(pipeline, ['entity', 'memo']);
  const balance = (account: number): number => balanceOf(pipeline, account, 'USD');

  it('customer, price, paid invoice with a coupon, a refund: records, ledger, and replay changes nothing', async () => {
    const customer = post<{ id: string }>('/v1/customers', { name: 'Ada Lovelace', email: 'ada@example.invalid' });
    const price = usdPrice(pipeline, 'Pro plan', 2500, { nickname: 'Monthly' });
    const coupon = post<{ id: string }>('/v1/coupons', {
      amount_off: 500,
      currency: 'usd',
      duration: 'once',
      name: 'Welcome',
    });
    post('/v1/payment_methods/pm_card_visa/attach', { customer: customer.id });
    const draft = finalizedInvoice(pipeline, customer.id, [{ pricing: { price } }], {
      discounts: [{ coupon: coupon.id }],
    });
    payByCard(pipeline, draft.id);
    await drain();
    expect(failures()).toEqual([]);

    // `payments` is includable: only there when asked for.
    const invoice = pipeline.stripe.request('GET', `/v1/invoices/${draft.id}`, { expand: ['payments'] }).body as {
      total: number;
      payments: { data: { payment: { charge?: string; payment_intent: string } }[] };
    };
    expect(invoice.total).toBe(2000);
    const intent = pipeline.stripe.request(
      'GET',
      `/v1/payment_intents/${invoice.payments.data[0]?.payment.payment_intent}`,
    ).body as { latest_charge: string };
    const chargeId = intent.latest_charge;

    const booked = transactions();
    expect(booked).toEqual([
      expect.objectContaining({ recordtype: 'invoice', externalid: draft.id, total: 20, remaining: 0 }),
      expect.objectContaining({ recordtype: 'customerpayment', externalid: chargeId, total: 20 }),
    ]);
    const entities = pipeline.ns.sql.query(`SELECT id, externalid, companyname, email FROM customer`, []).rows;
    expect(entities).toEqual([
      expect.objectContaining({ externalid: customer.id, companyname: 'Ada Lovelace', email: 'ada@example.invalid' }),
    ]);
    const items = pipeline.ns.sql.query(
      `SELECT itemid, externalid, itemtype FROM item WHERE externalid IS NOT NULL ORDER BY id`,
      [],
    ).rows;
    expect(items).toEqual([
      { itemid: 'Pro plan - Monthly', externalid: price, itemtype: 'Service' },
      { itemid: 'Stripe coupon Welcome', externalid: `ns_discount:${coupon.id}`, itemtype: 'Discount' },
    ]);
    // 25.00 income less the 5.00 coupon on the same account; the payment cleared receivables.
    expect(balance(setup.income)).toBe(-2000);
    expect(balance(setup.undepositedFunds)).toBe(2000);

    // A partial refund: a credit memo left open, and a customer refund applying it out of Undeposited Funds.
    const refund = post<{ id: string }>('/v1/refunds', { charge: chargeId, amount: 800 });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions().slice(2)).toEqual([
      expect.objectContaining({ recordtype: 'creditmemo', externalid: `ns_memo:${refund.id}`, total: 8, remaining: 0 }),
      expect.objectContaining({ recordtype: 'customerrefund', externalid: refund.id, total: 8 }),
    ]);
    expect(balance(setup.income)).toBe(-1200);
    expect(balance(setup.undepositedFunds)).toBe(1200);
    expect(balance(Number(pipeline.ns.base.accounts.accountsReceivable))).toBe(0);

    // Every flow runs again (as after a redelivery under a new event ID): nothing new in NetSuite.
    const before = { tx: transactions(), tb: pipeline.ns.trialBalance() };
    const done = pipeline.ns.sql.query(`SELECT id FROM customrecord_snc_event WHERE custrecord_snc_evt_status = ?`, [
      eventStatusId(pipeline.ns, 'done'),
    ]).rows;
    expect(done.length).toBeGreaterThanOrEqual(6);
    for (const row of done)
      nsRecord(pipeline).submitFields({
        type: 'customrecord_snc_event',
        id: Number(row['id']),
        values: { custrecord_snc_evt_status: eventStatusId(pipeline.ns, 'queued') },
      });
    pipeline.ns.mapReduce(QUEUE_MR);
    expect(failures()).toEqual([]);
    const notes = queue(pipeline.ns)
      .filter((e) => e['attempts'] === 2)
      .map((e) => String(e['note']));
    expect(notes).toHaveLength(done.length);
    expect(notes.every((n) => !/created/.test(n))).toBe(true);
    expect(transactions()).toEqual(before.tx);
    expect(pipeline.ns.trialBalance()).toEqual(before.tb);
  });

  it('a charge without an invoice: an unapplied payment, and a full refund applying it', async () => {
    const customer = post<{ id: string }>('/v1/customers', { name: 'Grace Hopper', email: 'grace@example.invalid' });
    const intent = post<{ latest_charge: string }>('/v1/payment_intents', {
      amount: 4200,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_visa',
      confirm: 'true',
      description: 'Workshop seat',
    });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions()).toEqual([
      expect.objectContaining({
        recordtype: 'customerpayment',
        externalid: intent.latest_charge,
        total: 42,
        memo: 'Stripe: Workshop seat',
      }),
    ]);
    const refund = post<{ id: string }>('/v1/refunds', { charge: intent.latest_charge });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions()[1]).toEqual(
      expect.objectContaining({ recordtype: 'customerrefund', externalid: refund.id, total: 42 }),
    );
    expect(balance(setup.undepositedFunds)).toBe(0);
    expect(balance(Number(pipeline.ns.base.accounts.accountsReceivable))).toBe(0);
  });

  it('"create invoices for payments": a charge without an invoice gets a one-line invoice, paid by its payment', async () => {
    saveSettings(pipeline, {
      custrecord_snc_set_charge_invoices: true,
      custrecord_snc_set_global_item: String(setup.taxItem),
    });
    const customer = post<{ id: string }>('/v1/customers', { name: 'Ada Lovelace' });
    const intent = post<{ latest_charge: string }>('/v1/payment_intents', {
      amount: 1999,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_visa',
      confirm: 'true',
      description: 'Consulting hour',
    });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions()).toEqual([
      expect.objectContaining({
        recordtype: 'invoice',
        externalid: `ns_inv:${intent.latest_charge}`,
        total: 19.99,
        remaining: 0,
      }),
      expect.objectContaining({ recordtype: 'customerpayment', externalid: intent.latest_charge, total: 19.99 }),
    ]);
    expect(balance(Number(pipeline.ns.base.accounts.accountsReceivable))).toBe(0);
    expect(balance(setup.undepositedFunds)).toBe(1999);
  });
});

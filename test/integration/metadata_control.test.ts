import type * as NRecord from 'N/record';
import { readableStatuses } from '../../tools/connectorStatuses';
import { QUEUE_MR, queue, type BookingSetup, type IngressPipeline } from '../../tools/localConnector';
import { finalizedInvoice, payByCard, usdPrice } from './helpers/billing';
import {
  depositsOf,
  drain,
  failures,
  nsRecord,
  saveSettings,
  stripePost,
  usdCustomer,
  useBookingPipeline,
} from './helpers/pipeline';

/**
 * Control from Stripe metadata through the whole path (sandbox → relay → queue → compiled flows → emulated
 * account), with the keys of Stripe's own connector (Stripe docs, "Custom payment application"):
 * `netsuite_block_integration`, `netsuite_invoice_id`, `netsuite_customer_id`, `netsuite_credit_memo_id`, and the
 * NetSuite IDs written back to Stripe metadata.
 */
describe('control from Stripe metadata end to end', () => {
  let pipeline: IngressPipeline;
  let setup: BookingSetup;
  const { post, get } = useBookingPipeline((p, books) => {
    pipeline = p;
    setup = books;
  });

  const save = (
    type: string,
    values: Record<string, NRecord.FieldValue>,
    lines: Record<string, NRecord.FieldValue>[] = [],
  ): number => {
    const created = nsRecord(pipeline).create({ type });
    for (const [fieldId, value] of Object.entries(values)) created.setValue({ fieldId, value });
    lines.forEach((line, index) => {
      created.insertLine({ sublistId: 'item', line: index });
      for (const [fieldId, value] of Object.entries(line))
        created.setSublistValue({ sublistId: 'item', fieldId, line: index, value });
    });
    return created.save();
  };
  const rows = (sql: string, params: unknown[] = []): Record<string, unknown>[] =>
    pipeline.ns.sql.query(sql, params).rows;
  const event = (type: string): Record<string, unknown> | undefined =>
    queue(pipeline.ns).find((e) => e['type'] === type);
  /** Write-backs by status, the Status list value read as its readable name. */
  const writeBackStatuses = (): Record<string, unknown>[] =>
    readableStatuses(
      pipeline.ns,
      rows(
        `SELECT custrecord_snc_wb_status AS status, COUNT(*) AS n FROM customrecord_snc_writeback GROUP BY custrecord_snc_wb_status`,
      ),
      'writeback',
    );
  /** A transaction made by hand in NetSuite for `customer`: one 100.00 line of a service item. */
  const handMade = (type: 'invoice' | 'creditmemo', customer: number): number => {
    const item = save('serviceitem', {
      itemid: `Consulting ${type}`,
      incomeaccount: String(setup.income),
      subsidiary: [String(setup.subsidiary)],
    });
    return save('invoice' === type ? 'invoice' : 'creditmemo', { entity: customer, subsidiary: setup.subsidiary }, [
      { item, amount: 100 },
    ]);
  };
  /** A USD card payment with this metadata (the PaymentIntent's metadata goes on its charge); the charge. */
  const chargeWith = (amount: number, metadata: Record<string, string>): string =>
    post<{ latest_charge: string }>('/v1/payment_intents', {
      amount,
      currency: 'usd',
      payment_method: 'pm_card_bypassPending',
      confirm: 'true',
      metadata,
    }).latest_charge;
  async function payOut(): Promise<{ id: string; amount: number }> {
    const [payout] = pipeline.stripe.runPayouts();
    if (!payout) throw new Error('no payout');
    pipeline.stripe.advanceClock(2 * 86400);
    pipeline.ns.advance(2 * 86400 * 1000);
    await drain(pipeline);
    return { id: payout.id, amount: payout.amount };
  }

  it('a blocked customer: its customer, invoice and charge finish no_action naming the key; the payout waits for it, then deposits', async () => {
    const customer = post<{ id: string }>('/v1/customers', {
      name: 'Blocked Ltd',
      email: 'ap@blocked.example',
      metadata: { netsuite_block_integration: 'true' },
    });
    post('/v1/payment_methods/pm_card_bypassPending/attach', { customer: customer.id });
    const invoice = finalizedInvoice(pipeline, customer.id, [{ pricing: { price: usdPrice(pipeline, 'Plan', 4000) } }]);
    stripePost(pipeline, `/v1/invoices/${invoice.id}/pay`, { payment_method: 'pm_card_bypassPending' });
    await drain(pipeline);

    expect(failures(pipeline)).toEqual([]);
    const blockedNote = `${customer.id} has metadata netsuite_block_integration=true: the connector skips it (remove the key in Stripe to book it)`;
    for (const type of ['customer.created', 'invoice.finalized', 'charge.succeeded'])
      expect(event(type)).toMatchObject({ status: 'no_action', note: `Not booked: ${blockedNote}` });
    expect(rows('SELECT id FROM customer WHERE externalid IS NOT NULL')).toEqual([]);
    expect(rows(`SELECT id FROM transaction`)).toEqual([]);

    // The payout holds a charge never booked: no deposit; the problem names the key (Stripe's connector: "the
    // deposit automation fails" until the record leaves the denylist).
    const payout = await payOut();
    expect(depositsOf(pipeline)).toEqual([]);
    expect(event('payout.paid')).toMatchObject({
      status: 'queued',
      error: expect.stringContaining('blocked_by_metadata'),
    });
    expect(rows(`SELECT custrecord_snc_po_problems AS problems FROM customrecord_snc_payout`)).toEqual([
      { problems: expect.stringContaining('netsuite_block_integration=true') },
    ]);

    // Released in Stripe ("replace true with nil"): the payout's retry books the charge, its invoice and customer.
    post(`/v1/customers/${customer.id}`, { metadata: { netsuite_block_integration: '' } });
    pipeline.ns.advance(10 * 60_000);
    await drain(pipeline);
    pipeline.ns.mapReduce(QUEUE_MR);
    expect(depositsOf(pipeline)).toEqual([
      expect.objectContaining({ externalid: payout.id, total: payout.amount / 100 }),
    ]);
    expect(
      rows(
        `SELECT recordtype, externalid FROM transaction WHERE recordtype IN ('invoice', 'customerpayment') ORDER BY id`,
      ),
    ).toEqual([
      { recordtype: 'invoice', externalid: invoice.id },
      { recordtype: 'customerpayment', externalid: expect.stringMatching(/^ch_/) },
    ]);
  });

  it('netsuite_invoice_id on a charge: a payment applied to the hand-made NetSuite invoice; a bad one parks with the reason', async () => {
    saveSettings(pipeline, { custrecord_snc_set_max_attempts: 1 });
    const customer = usdCustomer(pipeline, setup, 'Acme Ltd');
    const invoice = handMade('invoice', customer);
    const charge = chargeWith(6000, { netsuite_invoice_id: String(invoice) });
    const wrong = chargeWith(2500, { netsuite_invoice_id: '99999' });
    await drain(pipeline);

    expect(rows(`SELECT entity, foreignamountunpaid AS remaining FROM transaction WHERE id = ?`, [invoice])).toEqual([
      { entity: customer, remaining: 40 },
    ]);
    expect(rows(`SELECT entity, foreigntotal AS total FROM transaction WHERE externalid = ?`, [charge])).toEqual([
      { entity: customer, total: 60 },
    ]);
    expect(
      queue(pipeline.ns).find((e) => e['type'] === 'charge.succeeded' && String(e['note']).includes(charge)),
    ).toMatchObject({
      status: 'done',
      note: expect.stringContaining(`applied to invoice ${invoice} named by netsuite_invoice_id`),
    });
    // Parked after its one attempt (Attempts Before Parking 1) with the reason, and so is its charge.updated.
    const reason = `SNC_INVALID_LINK: ${wrong} has netsuite_invoice_id 99999, but NetSuite has no transaction with internal ID 99999: correct the metadata`;
    expect(failures(pipeline)).toEqual([
      expect.objectContaining({ type: 'charge.succeeded', status: 'parked', error: reason }),
      expect.objectContaining({ type: 'charge.updated', status: 'parked', error: reason }),
    ]);
    expect(rows(`SELECT id FROM transaction WHERE externalid = ?`, [wrong])).toEqual([]);
  });

  it('netsuite_customer_id on a charge and netsuite_credit_memo_id on its refund: booked to that customer and memo', async () => {
    const customer = usdCustomer(pipeline, setup, 'Grace Ltd');
    const memo = handMade('creditmemo', customer);
    const charge = chargeWith(5000, { netsuite_customer_id: String(customer) });
    post('/v1/refunds', { charge, amount: 3000, metadata: { netsuite_credit_memo_id: String(memo) } });
    await drain(pipeline);

    expect(failures(pipeline)).toEqual([]);
    expect(
      rows(
        `SELECT recordtype, entity, foreigntotal AS total, foreignamountunpaid AS remaining FROM transaction ORDER BY id`,
      ),
    ).toEqual([
      // 30.00 of the memo's 100.00 credit refunded.
      { recordtype: 'creditmemo', entity: customer, total: 100, remaining: 70 },
      { recordtype: 'customerpayment', entity: customer, total: 50, remaining: null },
      { recordtype: 'customerrefund', entity: customer, total: 30, remaining: null },
    ]);
    // No customer made for the charge, no credit memo made for the refund.
    expect(rows('SELECT id FROM customer WHERE externalid IS NOT NULL')).toEqual([]);
  });

  it('write-back on: the Stripe objects carry their NetSuite IDs after the run; replays write nothing twice', async () => {
    saveSettings(pipeline, { custrecord_snc_set_write_back: true });
    const customer = post<{ id: string }>('/v1/customers', { name: 'Ada', email: 'ada@example.invalid' });
    post('/v1/payment_methods/pm_card_visa/attach', { customer: customer.id });
    const invoice = finalizedInvoice(pipeline, customer.id, [{ pricing: { price: usdPrice(pipeline, 'Pro', 2500) } }]);
    payByCard(pipeline, invoice.id);
    await drain(pipeline);
    expect(failures(pipeline)).toEqual([]);

    const idOf = (externalId: string): string =>
      String(rows(`SELECT id FROM transaction WHERE externalid = ?`, [externalId])[0]?.['id']);
    const nsCustomer = String(rows(`SELECT id FROM customer WHERE externalid = ?`, [customer.id])[0]?.['id']);
    const payments = get<{ data: { payment: { charge?: string; payment_intent: string } }[] }>('/v1/invoice_payments', {
      invoice: invoice.id,
    });
    const intent = payments.data[0]?.payment.payment_intent ?? '';
    const charge = get<{ latest_charge: string }>(`/v1/payment_intents/${intent}`).latest_charge;
    expect(get<{ metadata: Record<string, string> }>(`/v1/customers/${customer.id}`).metadata).toEqual({
      netsuite_customer_id: nsCustomer,
    });
    expect(get<{ metadata: Record<string, string> }>(`/v1/invoices/${invoice.id}`).metadata).toEqual({
      netsuite_invoice_id: idOf(invoice.id),
    });
    expect(get<{ metadata: Record<string, string> }>(`/v1/charges/${charge}`).metadata).toEqual({
      netsuite_customer_payment_id: idOf(charge),
    });

    // The writes made customer/invoice/charge.updated events; they and redeliveries book and write nothing new.
    const updates = (): number =>
      get<{ data: { type: string }[] }>('/v1/events', { limit: 100 }).data.filter((e) => e.type.endsWith('.updated'))
        .length;
    const before = updates();
    await drain(pipeline);
    await drain(pipeline);
    expect(failures(pipeline)).toEqual([]);
    expect(updates()).toBe(before);
    expect(writeBackStatuses()).toEqual([{ status: 'done', n: 3 }]);
  });

  it('write-back on, a payout deposited: the Stripe payout carries netsuite_deposit_id after the run', async () => {
    saveSettings(pipeline, { custrecord_snc_set_write_back: true });
    const charge = chargeWith(4200, { netsuite_customer_id: String(usdCustomer(pipeline, setup, 'Ada Ltd')) });
    await drain(pipeline);
    const payout = await payOut();
    expect(failures(pipeline)).toEqual([]);

    const [deposit] = depositsOf(pipeline);
    expect(deposit).toMatchObject({ externalid: payout.id, total: payout.amount / 100 });
    expect(get<{ metadata: Record<string, string> }>(`/v1/payouts/${payout.id}`).metadata).toEqual({
      netsuite_deposit_id: String(deposit?.id),
    });
    // Queued once, by the payout's own key, and sent: a payout.updated or a replay queues nothing new.
    await drain(pipeline);
    expect(
      rows(`SELECT externalid FROM customrecord_snc_writeback WHERE custrecord_snc_wb_stripe_id = ?`, [payout.id]),
    ).toEqual([{ externalid: `${payout.id}:netsuite_deposit_id` }]);
    // The charge's payment and the payout's deposit.
    expect(
      rows(`SELECT custrecord_snc_wb_stripe_id AS object FROM customrecord_snc_writeback ORDER BY id`).map(
        (row) => row['object'],
      ),
    ).toEqual([charge, payout.id]);
    expect(writeBackStatuses()).toEqual([{ status: 'done', n: 2 }]);
  });

  it('write-back off (the default): nothing is queued or written', async () => {
    const customer = post<{ id: string }>('/v1/customers', { name: 'Lin', email: 'lin@example.invalid' });
    await drain(pipeline);
    expect(event('customer.created')).toMatchObject({ status: 'done' });
    expect(get<{ metadata: Record<string, string> }>(`/v1/customers/${customer.id}`).metadata).toEqual({});
    expect(rows('SELECT id FROM customrecord_snc_writeback')).toEqual([]);
  });
});

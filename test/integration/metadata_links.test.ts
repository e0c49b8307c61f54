import type * as NRecord from 'N/record';
import { queue, type BookingSetup, type IngressPipeline } from '../../tools/localConnector';
import { finalizedInvoice, payByCard, usdPrice } from './helpers/billing';
import { drain, failures, nsRecord, saveSettings, useBookingPipeline } from './helpers/pipeline';

/**
 * Seed 000's promise through the whole path (Stripe sandbox → relay → queue → compiled flows → emulated
 * account): a Stripe customer or price created with a `netsuite_*_id` metadata key links to that NetSuite
 * record whatever the mode, and customer matching finds the customer with the same email.
 */
describe('metadata links and customer matching end to end', () => {
  let pipeline: IngressPipeline;
  let setup: BookingSetup;
  const { post } = useBookingPipeline((p, books) => {
    pipeline = p;
    setup = books;
  });

  const save = (type: string, values: Record<string, NRecord.FieldValue>): number => {
    const created = nsRecord(pipeline).create({ type });
    for (const [fieldId, value] of Object.entries(values)) created.setValue({ fieldId, value });
    return created.save();
  };
  const settings = (values: Record<string, NRecord.FieldValue>): void => saveSettings(pipeline, values);
  const rows = (sql: string, params: unknown[] = []): Record<string, unknown>[] =>
    pipeline.ns.sql.query(sql, params).rows;
  const customers = (): Record<string, unknown>[] =>
    rows('SELECT id, externalid, companyname, email FROM customer ORDER BY id');
  const accountantsCustomer = (email: string): number =>
    save('customer', { companyname: 'Acme Ltd', email, subsidiary: String(setup.subsidiary) });

  /** A paid invoice for one line of `price`: the invoice's customer and items as NetSuite booked them. */
  async function paidInvoice(customer: string, price: string): Promise<{ entity: unknown; items: unknown[] }> {
    post('/v1/payment_methods/pm_card_visa/attach', { customer });
    const draft = finalizedInvoice(pipeline, customer, [{ pricing: { price } }]);
    payByCard(pipeline, draft.id);
    await drain(pipeline);
    expect(failures(pipeline)).toEqual([]);
    const [invoice] = rows(`SELECT id, entity FROM transaction WHERE externalid = ?`, [draft.id]);
    const lines = rows(`SELECT item FROM transactionline WHERE transaction = ? AND mainline = 'F' ORDER BY id`, [
      invoice?.['id'],
    ]);
    return { entity: invoice?.['entity'], items: lines.map((line) => line['item']) };
  }

  it('per_customer mode + netsuite_customer_id: linked to that customer, no new one, its invoice on it', async () => {
    const acme = accountantsCustomer('ap@acme.example');
    const customer = post<{ id: string }>('/v1/customers', {
      name: 'Acme',
      email: 'billing@acme.example',
      metadata: { netsuite_customer_id: String(acme) },
    });
    const booked = await paidInvoice(customer.id, usdPrice(pipeline, 'Pro plan', 2500));
    expect(customers()).toEqual([expect.objectContaining({ id: acme, externalid: null, companyname: 'Acme Ltd' })]);
    expect(booked.entity).toBe(acme);
    expect(queue(pipeline.ns).find((e) => e['type'] === 'customer.created')?.['note']).toBe(
      `${customer.id}: customer ${acme} linked by metadata`,
    );
  });

  it('per_price mode + netsuite_service_sale_item_id: linked to that item, none created, the line books to it', async () => {
    const item = save('serviceitem', {
      itemid: 'Consulting (existing)',
      incomeaccount: String(setup.income),
      subsidiary: [String(setup.subsidiary)],
    });
    const customer = post<{ id: string }>('/v1/customers', { name: 'Ada', email: 'ada@example.invalid' });
    const price = usdPrice(pipeline, 'Consulting', 9000, { metadata: { netsuite_service_sale_item_id: String(item) } });
    const booked = await paidInvoice(customer.id, price);
    expect(booked.items).toEqual([item]);
    expect(rows('SELECT id FROM item WHERE externalid IS NOT NULL')).toEqual([]);
  });

  it('match mode on email: case and spaces do not count; an email nobody has makes a new customer', async () => {
    settings({ custrecord_snc_set_customer_mode: 'match', custrecord_snc_set_match_field: 'email' });
    const acme = accountantsCustomer('ap@acme.example');
    const matched = post<{ id: string }>('/v1/customers', { name: 'Acme AP', email: ' AP@Acme.Example ' });
    const other = post<{ id: string }>('/v1/customers', { name: 'Grace', email: 'grace@example.invalid' });
    await drain(pipeline);
    expect(failures(pipeline)).toEqual([]);
    expect(customers()).toEqual([
      expect.objectContaining({ id: acme, externalid: null }),
      expect.objectContaining({ externalid: other.id, companyname: 'Grace', email: 'grace@example.invalid' }),
    ]);
    const notes = queue(pipeline.ns).map((e) => e['note']);
    expect(notes).toContain(`${matched.id}: customer ${acme} matched on email`);
    // The match is kept as a cross-reference: a charge later books to the matched customer.
    post('/v1/payment_methods/pm_card_visa/attach', { customer: matched.id });
    post('/v1/payment_intents', {
      amount: 1200,
      currency: 'usd',
      customer: matched.id,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    await drain(pipeline);
    expect(failures(pipeline)).toEqual([]);
    expect(rows(`SELECT entity FROM transaction WHERE recordtype = 'customerpayment'`)).toEqual([{ entity: acme }]);
  });

  it('a netsuite_customer_id naming no customer is parked with SNC_INVALID_LINK, and no customer is made', async () => {
    settings({ custrecord_snc_set_max_attempts: 1 });
    const item = save('serviceitem', {
      itemid: 'Not a customer',
      incomeaccount: String(setup.income),
      subsidiary: [String(setup.subsidiary)],
    });
    const customer = post<{ id: string }>('/v1/customers', {
      name: 'Acme',
      metadata: { netsuite_customer_id: String(item + 1000) },
    });
    await drain(pipeline);
    expect(queue(pipeline.ns)).toEqual([
      expect.objectContaining({
        type: 'customer.created',
        status: 'parked',
        error: `SNC_INVALID_LINK: ${customer.id} has netsuite_customer_id ${item + 1000}, but NetSuite has no customer with internal ID ${item + 1000}: correct the metadata`,
      }),
    ]);
    expect(customers()).toEqual([]);
  });
});

import { queue, type IngressPipeline } from '../../tools/localConnector';
import { drain, failures, nsRecord, saveSettings, useBookingPipeline } from './helpers/pipeline';

/**
 * SuiteSync's optional updates (seed 001, customer.updated and product.updated) through the whole path:
 * Stripe sandbox → relay → queue → compiled flows → emulated account, with the settings off (the default:
 * no NetSuite action, the seed's reason) and on.
 */
describe('optional updates: customer.updated and product.updated', () => {
  let pipeline: IngressPipeline;
  const { post } = useBookingPipeline((p) => {
    pipeline = p;
  });

  const customerFields = (id: number): Record<string, unknown> =>
    nsRecord(pipeline).load({ type: 'customer', id }).toJSON().fields as Record<string, unknown>;
  const addresses = (id: number): { billing: boolean; shipping: boolean; address: Record<string, unknown> }[] => {
    const customer = nsRecord(pipeline).load({ type: 'customer', id });
    const lines = customer.getLineCount({ sublistId: 'addressbook' });
    return Array.from({ length: lines }, (_, line) => {
      const address = customer.getSublistSubrecord({ sublistId: 'addressbook', fieldId: 'addressbookaddress', line });
      return {
        billing: customer.getSublistValue({ sublistId: 'addressbook', fieldId: 'defaultbilling', line }) === true,
        shipping: customer.getSublistValue({ sublistId: 'addressbook', fieldId: 'defaultshipping', line }) === true,
        address: Object.fromEntries(
          ['addressee', 'addr1', 'city', 'zip', 'country'].map((field) => [
            field,
            address.getValue({ fieldId: field }),
          ]),
        ),
      };
    });
  };
  const eventOf = (type: string): Record<string, unknown> | undefined =>
    queue(pipeline.ns)
      .filter((event) => event['type'] === type)
      .at(-1);
  const customerOf = (stripeId: string): number =>
    Number(pipeline.ns.sql.query('SELECT id FROM customer WHERE externalid = ?', [stripeId]).rows[0]?.['id']);

  async function bookedCustomer(): Promise<{ id: string; ns: number }> {
    const customer = post<{ id: string }>('/v1/customers', { name: 'Ada Lovelace', email: 'ada@old.example' });
    await drain(pipeline);
    return { id: customer.id, ns: customerOf(customer.id) };
  }

  it('off (the default): customer.updated changes nothing and is no_action with the seed reason', async () => {
    const { id, ns } = await bookedCustomer();
    post(`/v1/customers/${id}`, { email: 'ada@new.example', phone: '+44 20 7946 0000' });
    await drain(pipeline);
    expect(customerFields(ns)).toMatchObject({ email: 'ada@old.example' });
    expect(customerFields(ns)['phone'] ?? null).toBeNull();
    expect(eventOf('customer.updated')).toMatchObject({
      status: 'no_action',
      note: 'No NetSuite action: NetSuite customers are not updated from later Stripe changes.',
    });
  });

  it('on: name, email, phone and billing and shipping addresses updated; an email an admin changed is kept', async () => {
    saveSettings(pipeline, { custrecord_snc_set_update_customers: true });
    const { id, ns } = await bookedCustomer();
    post(`/v1/customers/${id}`, {
      name: 'Ada King',
      email: 'ada@new.example',
      phone: '+44 20 7946 0000',
      address: { line1: '12 St James Sq', city: 'London', postal_code: 'SW1Y 4LB', country: 'GB' },
      shipping: {
        name: 'Ada King',
        address: { line1: '1 Dock Rd', city: 'Leeds', postal_code: 'LS1 1AA', country: 'GB' },
      },
    });
    await drain(pipeline);
    expect(failures(pipeline)).toEqual([]);
    expect(customerFields(ns)).toMatchObject({
      companyname: 'Ada King',
      firstname: 'Ada',
      lastname: 'King',
      email: 'ada@new.example',
      phone: '+44 20 7946 0000',
    });
    expect(addresses(ns)).toEqual([
      {
        billing: true,
        shipping: false,
        address: { addressee: 'Ada King', addr1: '12 St James Sq', city: 'London', zip: 'SW1Y 4LB', country: 'GB' },
      },
      {
        billing: false,
        shipping: true,
        address: { addressee: 'Ada King', addr1: '1 Dock Rd', city: 'Leeds', zip: 'LS1 1AA', country: 'GB' },
      },
    ]);
    expect(eventOf('customer.updated')).toMatchObject({ status: 'done' });

    // An admin changes the email in NetSuite; Stripe then changes email and phone: only the phone follows.
    nsRecord(pipeline).submitFields({ type: 'customer', id: ns, values: { email: 'accounts@ada.example' } });
    post(`/v1/customers/${id}`, { email: 'ada@newer.example', phone: '+44 20 7946 0001' });
    await drain(pipeline);
    expect(customerFields(ns)).toMatchObject({ email: 'accounts@ada.example', phone: '+44 20 7946 0001' });
    expect(String(eventOf('customer.updated')?.['note'])).toContain(
      'kept as changed in NetSuite since the last sync: email',
    );
  });

  it("on: product.updated renames the price's item as the price flow names it", async () => {
    saveSettings(pipeline, { custrecord_snc_set_update_items: true });
    const product = post<{ id: string }>('/v1/products', { name: 'Pro plan' });
    const price = post<{ id: string }>('/v1/prices', {
      product: product.id,
      currency: 'usd',
      unit_amount: 2500,
      nickname: 'Monthly',
    });
    await drain(pipeline);
    const item = (): Record<string, unknown> | undefined =>
      pipeline.ns.sql.query('SELECT id, itemid, displayname, isinactive FROM item WHERE externalid = ?', [price.id])
        .rows[0];
    expect(item()).toMatchObject({ itemid: 'Pro plan - Monthly', displayname: 'Pro plan' });
    post(`/v1/products/${product.id}`, { name: 'Team plan', description: 'For teams' });
    await drain(pipeline);
    expect(failures(pipeline)).toEqual([]);
    expect(item()).toMatchObject({ itemid: 'Team plan - Monthly', displayname: 'Team plan', isinactive: 'F' });
    const record = nsRecord(pipeline).load({ type: 'serviceitem', id: Number(item()?.['id']) });
    expect(record.getValue({ fieldId: 'salesdescription' })).toBe('For teams');
    expect(eventOf('product.updated')).toMatchObject({ status: 'done' });
  });
});

import { installBooking, queue, RELAY_ROLE, startIngressPipeline } from '../../tools/localConnector';

/**
 * The relay's role decides what the webhook RESTlet may do: a RESTlet runs with its caller's role (Oracle help,
 * "Script Types That Support Execute as Role" lists no RESTlets). Store-only for high-volume mode, booking
 * permissions for realtime mode.
 */
describe('relay roles in realtime mode (Stripe sandbox → relay → RESTlet over HTTP)', () => {
  async function customerCreated(role: string) {
    const pipeline = await startIngressPipeline(
      { custrecord_snc_set_mode: 'realtime' },
      { webhooks: { autoDeliver: false } },
      role,
    );
    try {
      installBooking(pipeline, ['usd']);
      const answer = pipeline.stripe.request('POST', '/v1/customers', { name: 'Ada', email: 'ada@example.invalid' });
      expect(answer.status).toBe(200);
      await pipeline.stripe.deliverAll();
      return {
        events: queue(pipeline.ns),
        customers: pipeline.ns.sql.query('SELECT COUNT(*) AS n FROM customer', []).rows[0]?.['n'],
      };
    } finally {
      await pipeline.close();
    }
  }

  it('the realtime role books the customer inside the RESTlet call', async () => {
    const { events, customers } = await customerCreated(RELAY_ROLE.realtime);
    expect(events.map((e) => [e['type'], e['status']])).toEqual([['customer.created', 'done']]);
    expect(customers).toBe(1);
  });

  it('the store-only role stores the event; its booking fails with INSUFFICIENT_PERMISSION and stays queued', async () => {
    const { events, customers } = await customerCreated(RELAY_ROLE.highVolume);
    expect(events.map((e) => [e['type'], e['status']])).toEqual([['customer.created', 'queued']]);
    expect(String(events[0]?.['error'])).toContain('INSUFFICIENT_PERMISSION');
    expect(customers).toBe(0);
  });
});

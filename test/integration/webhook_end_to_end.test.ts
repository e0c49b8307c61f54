import type { NetSuiteEmulator } from '../../emulator/src/emulator';
import { QUEUE_MR, queue, startIngressPipeline, type IngressPipeline } from '../../tools/localConnector';

/**
 * Stripe sandbox → relay → RESTlet over HTTP with OAuth in the emulator → queue → Map/Reduce, with
 * duplicated and reordered deliveries and NetSuite refusing calls for lack of concurrency.
 */
describe('webhook ingress end to end', () => {
  let pipeline: IngressPipeline;
  let ns: NetSuiteEmulator;
  let stripe: IngressPipeline['stripe'];

  beforeAll(async () => {
    pipeline = await startIngressPipeline(
      {},
      { webhooks: { outOfOrder: true, duplicateRate: 0.5, autoDeliver: false } },
    );
    ({ ns, stripe } = pipeline);
  });

  afterAll(() => pipeline.close());

  it('stores every event once and applies each once, however Stripe delivers them', async () => {
    const customer = stripe.request('POST', '/v1/customers', { email: 'ada@example.invalid', name: 'Ada' }).body as {
      id: string;
    };
    for (const amount of [1200, 3400]) {
      const intent = stripe.request('POST', '/v1/payment_intents', {
        amount,
        currency: 'usd',
        customer: customer.id,
        payment_method: 'pm_card_visa',
        confirm: 'true',
      });
      expect(intent.status).toBe(200);
    }
    stripe.request('POST', '/v1/products', { name: 'Pro plan' });
    await stripe.deliverAll();

    const emitted = (
      stripe.request('GET', '/v1/events', { limit: 100 }).body as { data: { id: string; type: string }[] }
    ).data;
    const attempts = stripe.webhooks.attempts();
    expect(emitted.length).toBeGreaterThan(8);
    // Out of order and twice: the switches really acted.
    expect(attempts.some((a) => a.duplicate)).toBe(true);
    expect(attempts.every((a) => a.status === 'succeeded')).toBe(true);

    const stored = queue(ns);
    expect(stored.map((e) => e['event']).sort()).toEqual(emitted.map((e) => e.id).sort());

    ns.mapReduce(QUEUE_MR);
    const after = queue(ns);
    for (const event of after) {
      expect(['no_action', 'unhandled', 'queued']).toContain(event['status']);
      if (event['attempts'] === 1) continue;
      // Not attempted only when an earlier event of the same object failed first and holds it back.
      expect(event).toMatchObject({ attempts: 0, status: 'queued' });
      expect(
        after.some((e) => e['object'] === event['object'] && e['attempts'] === 1 && e['status'] === 'queued'),
      ).toBe(true);
    }
    expect(after.filter((e) => e['attempts'] === 1).length).toBeGreaterThan(emitted.length / 2);
    expect(queue(ns).filter((e) => e['type'] === 'product.created')).toEqual([
      expect.objectContaining({ status: 'no_action' }),
    ]);
  });

  it('when NetSuite answers SSS_REQUEST_LIMIT_EXCEEDED the relay answers non-2xx and Stripe redelivery lands the event', async () => {
    stripe.webhooks.configure({ duplicateRate: 0, outOfOrder: false });
    ns.faults.occupyConcurrency(1);
    const before = queue(ns).length;
    stripe.request('POST', '/v1/coupons', { percent_off: 10, duration: 'once' });
    await stripe.deliverAll();
    const coupon = stripe.webhooks.attempts().filter((a) => a.eventType === 'coupon.created' && !a.duplicate);
    expect(coupon.map((a) => [a.status, a.responseCode])).toEqual([['failed', 503]]);
    expect(queue(ns)).toHaveLength(before);

    const wait = (coupon[0]?.nextRetryAt ?? 0) - stripe.now();
    ns.advance(wait * 1000);
    stripe.advanceClock(wait);
    await stripe.deliverAll();
    expect(
      stripe.webhooks
        .attempts()
        .filter((a) => a.eventType === 'coupon.created' && !a.duplicate)
        .map((a) => a.status),
    ).toEqual(['failed', 'succeeded']);
    expect(queue(ns).filter((e) => e['type'] === 'coupon.created')).toHaveLength(1);
  });
});

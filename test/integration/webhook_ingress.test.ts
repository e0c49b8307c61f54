import {
  envelope,
  installConnector,
  QUEUE_MR,
  queue,
  stripeEvent,
  WEBHOOK_RESTLET,
  WEBHOOK_SECRET,
} from '../../tools/localConnector';
import Stripe from 'stripe';
import type { NetSuiteEmulator } from '../../emulator/src/emulator';

function post(ns: NetSuiteEmulator, body: string) {
  return ns.restlet({ ...WEBHOOK_RESTLET, method: 'POST', contentType: 'text/plain', body });
}

describe('webhook RESTlet (compiled, in the emulator)', () => {
  it('high-volume: stores each event once for at most 10 units, one custom-record write and no search', async () => {
    const { ns } = await installConnector();
    const delivery = stripeEvent(ns, 'customer.subscription.created', { id: 'sub_1', object: 'subscription' });
    const first = post(ns, envelope(delivery));
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({
      status: 'stored',
      eventId: delivery.event['id'],
      type: 'customer.subscription.created',
    });
    const usage = ns.usage().at(-1);
    expect(usage?.units).toBeLessThanOrEqual(10);
    expect(Object.keys(usage?.calls ?? {}).sort()).toEqual(['record.create', 'record.save', 'search.lookupFields']);
    expect(usage?.calls['record.save']?.count).toBe(1);

    const again = post(ns, envelope(delivery));
    expect(JSON.parse(again.body)).toMatchObject({ status: 'duplicate' });
    expect(queue(ns)).toEqual([
      expect.objectContaining({ event: delivery.event['id'], status: 'queued', attempts: 0, object: 'sub_1' }),
    ]);
  });

  it.each([
    [
      'a wrong signature',
      (d: { payload: string; signature: string }) => ({ ...d, signature: d.signature.replace(/v1=./, 'v1=0') }),
      'SNC_SIGNATURE_INVALID',
    ],
    [
      'a tampered payload',
      (d: { payload: string; signature: string }) => ({ ...d, payload: d.payload.replace('cus_1', 'cus_2') }),
      'SNC_SIGNATURE_INVALID',
    ],
  ])('refuses %s with a clear error and writes nothing', async (_name, tamper, code) => {
    const { ns } = await installConnector();
    const response = post(
      ns,
      envelope(tamper(stripeEvent(ns, 'customer.created', { id: 'cus_1', object: 'customer' }))),
    );
    expect(response.status).toBe(400);
    expect(response.error?.name).toBe(code);
    expect(queue(ns)).toEqual([]);
  });

  it('refuses a live-mode event on test settings, and a body that is not the envelope', async () => {
    const { ns } = await installConnector();
    const live = stripeEvent(ns, 'customer.created', { id: 'cus_1', object: 'customer' }, { livemode: true });
    expect(post(ns, envelope(live)).error?.name).toBe('SNC_LIVEMODE_MISMATCH');
    expect(post(ns, 'hello').error?.name).toBe('SNC_INVALID_ENVELOPE');
    expect(queue(ns)).toEqual([]);
  });

  it('refuses a validly signed `null` body and a non-integer `created` with SNC_INVALID_EVENT, storing nothing', async () => {
    const { ns } = await installConnector({ custrecord_snc_set_mode: 'realtime' });
    const signedNull = {
      payload: 'null',
      signature: new Stripe('sk_test_x').webhooks.generateTestHeaderString({
        payload: 'null',
        secret: WEBHOOK_SECRET,
        timestamp: Math.floor(ns.now().getTime() / 1000),
      }),
    };
    const fractional = stripeEvent(ns, 'customer.created', { id: 'cus_1', object: 'customer' }, { created: 1.5 });
    for (const delivery of [signedNull, fractional]) {
      const response = post(ns, envelope(delivery));
      expect(response.status).toBe(400);
      expect(response.error?.name).toBe('SNC_INVALID_EVENT');
    }
    expect(queue(ns)).toEqual([]);
  });

  it('realtime: applies the event at once; leaves it queued while an earlier event of the object waits', async () => {
    const { ns } = await installConnector({ custrecord_snc_set_mode: 'realtime' });
    const noAction = stripeEvent(ns, 'customer.updated', { id: 'cus_9', object: 'customer' });
    expect(JSON.parse(post(ns, envelope(noAction)).body)).toMatchObject({ status: 'stored', processing: 'no_action' });
    // Disputes have no booking flow yet: the event fails and stays queued.
    const handled = stripeEvent(ns, 'charge.dispute.created', { id: 'dp_1', object: 'dispute' });
    expect(JSON.parse(post(ns, envelope(handled)).body)).toMatchObject({ processing: 'retry' });
    const later = stripeEvent(ns, 'charge.dispute.updated', { id: 'dp_1', object: 'dispute' });
    expect(JSON.parse(post(ns, envelope(later)).body)).toMatchObject({ processing: 'queued' });
    expect(ns.scheduler.tasks.map((t) => [t.scriptId, t.deploymentId, t.status])).toEqual([
      [QUEUE_MR.scriptId, QUEUE_MR.deploymentId, 'PENDING'],
    ]);
    expect(queue(ns).map((e) => [e['type'], e['status'], e['attempts']])).toEqual([
      ['customer.updated', 'no_action', 1],
      ['charge.dispute.created', 'queued', 1],
      ['charge.dispute.updated', 'queued', 0],
    ]);
  });
});

describe('event queue Map/Reduce', () => {
  it('applies the table, keeps failures with backoff, holds later events of the object, parks and tells the admin', async () => {
    const { ns } = await installConnector();
    const deliveries = [
      stripeEvent(ns, 'order.updated', { id: 'or_1', object: 'order' }),
      stripeEvent(ns, 'product.created', { id: 'prod_1', object: 'product' }),
      stripeEvent(ns, 'issuing_card.created', { id: 'ic_1', object: 'issuing.card' }),
    ];
    ns.advance(1000);
    // Delivered last but created first: it must be applied before the order update above.
    const reordered = stripeEvent(
      ns,
      'order.payment_succeeded',
      // A paid order whose charge Stripe cannot answer for (no API key in this account): the flow fails.
      { id: 'or_1', object: 'order', status: 'paid', charge: 'ch_1', items: [] },
      { created: Math.floor(ns.now().getTime() / 1000) - 2000 },
    );
    for (const d of [...deliveries, reordered]) expect(post(ns, envelope(d)).status).toBe(200);

    expect(ns.mapReduce(QUEUE_MR).status).toBe('COMPLETE');
    const afterFirst = Object.fromEntries(queue(ns).map((e) => [e['type'], e]));
    expect(afterFirst['product.created']).toMatchObject({
      status: 'no_action',
      attempts: 1,
      note: expect.stringContaining('products are not synced'),
    });
    expect(afterFirst['issuing_card.created']).toMatchObject({ status: 'unhandled', attempts: 1 });
    // The earlier-created order event is tried first, fails (its charge cannot be read) and holds back the later one.
    expect(afterFirst['order.payment_succeeded']).toMatchObject({
      status: 'queued',
      attempts: 1,
      error: expect.stringContaining('name no Stripe API key'),
    });
    expect(afterFirst['order.updated']).toMatchObject({ status: 'queued', attempts: 0 });

    // Before its retry time nothing is tried again.
    ns.mapReduce(QUEUE_MR);
    expect(queue(ns).find((e) => e['type'] === 'order.payment_succeeded')).toMatchObject({ attempts: 1 });

    ns.advance(61_000);
    ns.mapReduce(QUEUE_MR);
    ns.advance(121_000);
    ns.mapReduce(QUEUE_MR);
    const parked = queue(ns).find((e) => e['type'] === 'order.payment_succeeded');
    expect(parked).toMatchObject({ status: 'parked', attempts: 3 });
    expect(ns.services.emails.map((m) => [m.recipients, m.subject])).toEqual([
      [['finance-admin@example.invalid'], expect.stringContaining(String(reordered.event['id']))],
    ]);
    expect(ns.services.logs.some((l) => l.level === 'ERROR' && l.title.includes('parked'))).toBe(true);

    // The admin's retry puts it back in the queue.
    ns.mapReduce({ ...QUEUE_MR, deploymentId: 'customdeploy_snc_event_queue_retry' });
    expect(queue(ns).find((e) => e['type'] === 'order.payment_succeeded')).toMatchObject({
      status: 'queued',
      attempts: 1,
    });
  });

  it('an event another invocation claimed first is left to it (RCRD_HAS_BEEN_CHANGED on the claim)', async () => {
    const { ns } = await installConnector();
    post(ns, envelope(stripeEvent(ns, 'product.created', { id: 'prod_1', object: 'product' })));
    ns.faults.failSave('customrecord_snc_event', 1, 'RCRD_HAS_BEEN_CHANGED');
    ns.mapReduce(QUEUE_MR);
    expect(queue(ns)[0]).toMatchObject({ status: 'queued', attempts: 0 });
    ns.mapReduce(QUEUE_MR);
    expect(queue(ns)[0]).toMatchObject({ status: 'no_action', attempts: 1 });
  });
});

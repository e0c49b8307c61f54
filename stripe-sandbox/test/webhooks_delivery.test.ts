import Stripe from 'stripe';
import { StripeSandbox } from '../src/sandbox';
import type { StripeObject } from '../src/core/account';
import * as events from '../src/resources/events';
import * as webhookEndpoints from '../src/resources/webhookEndpoints';
import { RETRY_SCHEDULES, type WebhookSettings } from '../src/webhooks/delivery';
import { widgets, type Widget } from './helpers/widgets';
import { startReceiver, type ReceivedWebhook } from './helpers/receiver';

const START = Math.floor(Date.now() / 1000);
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const sandboxes: StripeSandbox[] = [];
const receivers: Receiver[] = [];

function makeSandbox(webhooks: Partial<WebhookSettings> = {}, seed = 5): StripeSandbox {
  const sandbox = new StripeSandbox({ seed, now: START, modules: [widgets, events, webhookEndpoints], webhooks });
  sandboxes.push(sandbox);
  return sandbox;
}

async function receiver(respond?: (request: ReceivedWebhook) => number | 'hang'): Promise<Receiver> {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}

afterAll(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
  await Promise.all(receivers.map((r) => r.close()));
});

function eventOf(request: ReceivedWebhook): Stripe.Event {
  return JSON.parse(request.body) as Stripe.Event;
}

test('delivers signed events with Stripe headers; pending_webhooks drops to 0', async () => {
  const sandbox = makeSandbox();
  const hook = await receiver();
  const { secret, endpoint } = sandbox.createWebhookEndpoint(hook.url, ['widget.created']);
  const widget = sandbox.request('POST', '/v1/widgets', { name: 'w' }).body as Widget;
  const stored = sandbox.account.list<Stripe.Event & StripeObject>('event')[0];
  expect(stored?.pending_webhooks).toBe(1);
  await sandbox.deliverAll();
  expect(hook.received).toHaveLength(1);
  const request = hook.received[0] as ReceivedWebhook;
  expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(request.headers['user-agent']).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)');
  const header = request.headers['stripe-signature'] as string;
  expect(header).toMatch(new RegExp(`^t=${START},v1=[0-9a-f]{64}$`));
  const event = Stripe.webhooks.constructEvent(request.body, header, secret);
  expect(event.type).toBe('widget.created');
  expect((event.data.object as unknown as Widget).id).toBe(widget.id);
  expect(event.api_version).toBe('2026-10-28.endive');
  expect(() => Stripe.webhooks.constructEvent(request.body, header, 'whsec_wrong')).toThrow(
    Stripe.errors.StripeSignatureVerificationError,
  );
  expect(() => Stripe.webhooks.constructEvent(request.body.replace('"w"', '"x"'), header, secret)).toThrow();
  const after = sandbox.request('GET', `/v1/events/${event.id}`).body as Stripe.Event;
  expect(after.pending_webhooks).toBe(0);
  expect(sandbox.webhooks.attempts({ eventId: event.id })).toEqual([
    expect.objectContaining({
      endpointId: endpoint.id,
      attempt: 1,
      status: 'succeeded',
      responseCode: 200,
      timestamp: START,
    }),
  ]);
});

test('only enabled endpoints whose enabled_events match; each signs with its own secret', async () => {
  const sandbox = makeSandbox();
  const all = await receiver();
  const some = await receiver();
  const off = await receiver();
  const a = sandbox.createWebhookEndpoint(all.url, ['*']);
  const s = sandbox.createWebhookEndpoint(some.url, ['widget.updated']);
  const o = sandbox.createWebhookEndpoint(off.url, ['*']);
  sandbox.request('POST', `/v1/webhook_endpoints/${o.endpoint.id}`, { disabled: true });
  const w = sandbox.request('POST', '/v1/widgets', { name: 'w' }).body as Widget;
  sandbox.request('POST', `/v1/widgets/${w.id}`, { name: 'w2' });
  await sandbox.deliverAll();
  expect(all.received.map((r) => eventOf(r).type)).toEqual(['widget.created', 'widget.updated']);
  expect(some.received.map((r) => eventOf(r).type)).toEqual(['widget.updated']);
  expect(off.received).toHaveLength(0);
  for (const r of all.received)
    Stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'] as string, a.secret);
  const r0 = some.received[0] as ReceivedWebhook;
  Stripe.webhooks.constructEvent(r0.body, r0.headers['stripe-signature'] as string, s.secret);
});

test('failures (5xx, 3xx, timeouts) are retried on the sandbox clock with backoff, then given up', async () => {
  const sandbox = makeSandbox({ timeoutMs: 200 });
  let mode: number | 'hang' = 500;
  const hook = await receiver(() => mode);
  sandbox.createWebhookEndpoint(hook.url);
  sandbox.request('POST', '/v1/widgets', { name: 'w' });
  await sandbox.deliverAll();
  const [first] = sandbox.webhooks.attempts();
  expect(first).toMatchObject({ attempt: 1, status: 'failed', responseCode: 500, nextRetryAt: START + 600 });
  sandbox.advanceClock(599);
  await sandbox.deliverAll();
  expect(hook.received).toHaveLength(1);
  mode = 302;
  sandbox.advanceClock(1);
  await sandbox.deliverAll();
  expect(sandbox.webhooks.attempts()[1]).toMatchObject({ attempt: 2, status: 'failed', responseCode: 302 });
  mode = 'hang';
  sandbox.advanceClock(3600);
  await sandbox.deliverAll();
  expect(sandbox.webhooks.attempts()[2]).toMatchObject({ attempt: 3, status: 'failed', responseCode: null });
  expect(sandbox.webhooks.attempts()[2]?.error).toContain('timed out');
  mode = 500;
  sandbox.advanceClock(10_800);
  await sandbox.deliverAll();
  const attempts = sandbox.webhooks.attempts();
  expect(attempts).toHaveLength(4);
  expect(attempts[3]).toMatchObject({ attempt: 4, nextRetryAt: null });
  sandbox.advanceClock(7 * 86400);
  await sandbox.deliverAll();
  expect(sandbox.webhooks.attempts()).toHaveLength(4);
  const event = (sandbox.request('GET', '/v1/events').body as Stripe.ApiList<Stripe.Event>).data[0];
  expect(event?.pending_webhooks).toBe(1);
  // Each attempt is signed with the clock at the time of the attempt.
  expect(hook.received.map((r) => (r.headers['stripe-signature'] as string).split(',')[0])).toEqual([
    `t=${START}`,
    `t=${START + 600}`,
    `t=${START + 4200}`,
    `t=${START + 15_000}`,
  ]);
});

test('a retry that succeeds settles pending_webhooks', async () => {
  const sandbox = makeSandbox();
  let status = 503;
  const hook = await receiver(() => status);
  sandbox.createWebhookEndpoint(hook.url);
  sandbox.request('POST', '/v1/widgets', { name: 'w' });
  await sandbox.deliverAll();
  status = 204;
  sandbox.advanceClock(600);
  await sandbox.deliverAll();
  const event = (sandbox.request('GET', '/v1/events').body as Stripe.ApiList<Stripe.Event>).data[0];
  expect(event?.pending_webhooks).toBe(0);
  expect(sandbox.webhooks.attempts().map((a) => a.status)).toEqual(['failed', 'succeeded']);
});

test('the live-mode schedule spans about three days', () => {
  const total = RETRY_SCHEDULES.live.reduce((a, b) => a + b, 0);
  expect(total).toBeLessThanOrEqual(3 * 86400);
  expect(total).toBeGreaterThan(2 * 86400);
  expect(RETRY_SCHEDULES.test).toHaveLength(3);
});

async function deliveredOrder(seed: number, outOfOrder: boolean): Promise<string[]> {
  const sandbox = makeSandbox({ outOfOrder }, seed);
  const hook = await receiver();
  sandbox.createWebhookEndpoint(hook.url);
  sandbox.webhooks.configure({ autoDeliver: false });
  for (let i = 0; i < 12; i++) sandbox.request('POST', '/v1/widgets', { name: `w${i}` });
  await sandbox.deliverAll();
  return hook.received.map((r) => (eventOf(r).data.object as unknown as Widget).name);
}

test('out of order: a seeded shuffle within a batch', async () => {
  const inOrder = await deliveredOrder(9, false);
  expect(inOrder).toEqual(Array.from({ length: 12 }, (_, i) => `w${i}`));
  const shuffled = await deliveredOrder(9, true);
  expect(shuffled).not.toEqual(inOrder);
  expect([...shuffled].sort()).toEqual([...inOrder].sort());
  expect(await deliveredOrder(9, true)).toEqual(shuffled);
});

test('twice: every delivery is duplicated, pending_webhooks still counts endpoints', async () => {
  const sandbox = makeSandbox({ duplicateRate: 1 });
  const hook = await receiver();
  sandbox.createWebhookEndpoint(hook.url);
  sandbox.request('POST', '/v1/widgets', { name: 'a' });
  sandbox.request('POST', '/v1/widgets', { name: 'b' });
  await sandbox.deliverAll();
  const ids = hook.received.map((r) => eventOf(r).id);
  expect(ids).toHaveLength(4);
  expect(new Set(ids).size).toBe(2);
  expect(sandbox.webhooks.attempts().filter((a) => a.duplicate)).toHaveLength(2);
  const events = (sandbox.request('GET', '/v1/events').body as Stripe.ApiList<Stripe.Event>).data;
  expect(events.map((e) => e.pending_webhooks)).toEqual([0, 0]);
});

test('late: held back until the clock has moved N seconds', async () => {
  const sandbox = makeSandbox({ lateSeconds: 120 });
  const hook = await receiver();
  const { secret } = sandbox.createWebhookEndpoint(hook.url);
  sandbox.request('POST', '/v1/widgets', { name: 'a' });
  await sandbox.deliverAll();
  expect(hook.received).toHaveLength(0);
  expect(sandbox.webhooks.queued()).toHaveLength(1);
  sandbox.advanceClock(119);
  await sandbox.deliverAll();
  expect(hook.received).toHaveLength(0);
  sandbox.advanceClock(1);
  await sandbox.deliverAll();
  expect(hook.received).toHaveLength(1);
  const r = hook.received[0] as ReceivedWebhook;
  // Signed at delivery time; the event itself keeps its creation time.
  const event = Stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'] as string, secret);
  expect(event.created).toBe(START);
  expect(r.headers['stripe-signature']).toContain(`t=${START + 120}`);
});

test('autoDeliver: deliveries start without being asked and never block requests', async () => {
  const sandbox = makeSandbox({ timeoutMs: 300, concurrency: 5 });
  const hook = await receiver(() => 'hang');
  sandbox.createWebhookEndpoint(hook.url);
  const t0 = Date.now();
  for (let i = 0; i < 5; i++) sandbox.request('POST', '/v1/widgets', { name: `w${i}` });
  expect(Date.now() - t0).toBeLessThan(500);
  // Nobody calls deliverAll(): a delivery arrives by itself (polled, so a loaded machine does not fail it).
  for (let waited = 0; waited < 5000 && hook.received.length === 0; waited += 20)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(hook.received.length).toBeGreaterThanOrEqual(1);
  sandbox.webhooks.configure({ timeoutMs: 50 });
  await sandbox.idle();
});

test('deleting an endpoint stops its retries', async () => {
  const sandbox = makeSandbox();
  const hook = await receiver(() => 500);
  const { endpoint } = sandbox.createWebhookEndpoint(hook.url);
  sandbox.request('POST', '/v1/widgets', { name: 'a' });
  await sandbox.deliverAll();
  sandbox.request('DELETE', `/v1/webhook_endpoints/${endpoint.id}`);
  sandbox.advanceClock(86400);
  await sandbox.deliverAll();
  expect(hook.received).toHaveLength(1);
  const event = (sandbox.request('GET', '/v1/events').body as Stripe.ApiList<Stripe.Event>).data[0];
  expect(event?.pending_webhooks).toBe(0);
});

import Stripe from 'stripe';
import type { StripeObject } from '../src/core/account';
import { StripeSandbox } from '../src/sandbox';
import { loadFixtureFile, runFixtures, sandboxTarget } from '../src/scenarios/fixtures';
import { generateScenario } from '../src/scenarios/generator';
import { startReceiver } from './helpers/receiver';
import { TRIGGERS, triggerFile } from './helpers/triggers';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const sandbox = new StripeSandbox({ seed: 13 });
let all: Receiver;
let charges: Receiver;
let allSecret = '';
let chargeSecret = '';

beforeAll(async () => {
  all = await startReceiver();
  charges = await startReceiver();
  allSecret = sandbox.createWebhookEndpoint(all.url, ['*']).secret;
  chargeSecret = sandbox.createWebhookEndpoint(charges.url, ['charge.succeeded', 'charge.refunded']).secret;
  const target = sandboxTarget(sandbox);
  for (const trigger of Object.keys(TRIGGERS)) {
    await runFixtures(loadFixtureFile(triggerFile(trigger)), target).catch(() => undefined);
  }
  await runFixtures(generateScenario({ seed: 13, customers: 5, months: 2 }), target).catch(() => undefined);
  await sandbox.deliverAll();
});

afterAll(async () => {
  await sandbox.close();
  await all.close();
  await charges.close();
});

test('every event reaches the * endpoint exactly once, and every delivery verifies with constructEvent', () => {
  const events = sandbox.account.list<Stripe.Event & StripeObject>('event');
  expect(events.length).toBeGreaterThan(100);
  const delivered = all.received.map(
    (r) => Stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'] as string, allSecret).id,
  );
  expect(new Set(delivered).size).toBe(delivered.length);
  expect([...delivered].sort()).toEqual(events.map((e) => e.id).sort());
  expect(events.every((e) => e.pending_webhooks === 0)).toBe(true);
});

test('a wrong secret, or another endpoint’s secret, fails verification', () => {
  const sample = all.received[0];
  expect(sample).toBeDefined();
  if (!sample) return;
  const header = sample.headers['stripe-signature'] as string;
  expect(() => Stripe.webhooks.constructEvent(sample.body, header, chargeSecret, 0)).toThrow(
    Stripe.errors.StripeSignatureVerificationError,
  );
  expect(() => Stripe.webhooks.constructEvent(sample.body, header, 'whsec_not_the_secret', 0)).toThrow(
    Stripe.errors.StripeSignatureVerificationError,
  );
});

test('a filtered endpoint gets only its event types, each verifiable', () => {
  const types = charges.received.map(
    (r) => Stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'] as string, chargeSecret, 0).type,
  );
  expect(new Set(types)).toEqual(new Set(['charge.succeeded', 'charge.refunded']));
});

test('signatures are taken at the sandbox clock and bodies are the event JSON', () => {
  const sample = all.received[all.received.length - 1];
  if (!sample) throw new Error('no delivery');
  const t = Number(/t=(\d+)/.exec(sample.headers['stripe-signature'] as string)?.[1]);
  expect(t).toBe(sandbox.now());
  const event = JSON.parse(sample.body) as Stripe.Event;
  expect(event).toMatchObject({ object: 'event', api_version: '2026-10-28.endive', livemode: false });
  expect(sample.headers['content-type']).toBe('application/json; charset=utf-8');
});

import type * as NSearch from 'N/search';
import { installBooking, queue, startIngressPipeline, type IngressPipeline } from '../../tools/localConnector';
import { RETRY_SCHEDULES } from '../../stripe-sandbox/src/webhooks/delivery';
import { drain, failures, stripeGet, stripePost, transactionsOf } from './helpers/pipeline';

/**
 * The catch-up of missed webhooks through the whole path: the Stripe sandbox keeps making events while the relay
 * is unreachable, the catch-up scheduled script lists `GET /v1/events` over N/https and queues what is missing,
 * the queue Map/Reduce books it; Stripe's retries of the missed webhooks arrive afterwards.
 */
const CATCH_UP = { scriptId: 'customscript_snc_catchup_ss', deploymentId: 'customdeploy_snc_catchup_now' };
const HOUR = 3600;

let open: IngressPipeline[] = [];

async function newPipeline(): Promise<IngressPipeline> {
  const pipeline = await startIngressPipeline({}, { webhooks: { autoDeliver: false } });
  installBooking(pipeline, ['usd']);
  open.push(pipeline);
  return pipeline;
}

afterEach(async () => {
  await Promise.all(open.map((p) => p.close()));
  open = [];
});

/** Moves Stripe's and NetSuite's clocks together. */
function advance(pipeline: IngressPipeline, seconds: number): void {
  pipeline.stripe.advanceClock(seconds);
  pipeline.ns.advance(seconds * 1000);
}

/** Points the account's webhook endpoint at `url` (a closed port: the relay is down). */
function endpointUrl(pipeline: IngressPipeline, url: string): string {
  const endpoints = stripeGet<{ data: { id: string; url: string }[] }>(pipeline, '/v1/webhook_endpoints');
  const [endpoint] = endpoints.data;
  if (!endpoint) throw new Error('no webhook endpoint');
  stripePost(pipeline, `/v1/webhook_endpoints/${endpoint.id}`, { url });
  return endpoint.url;
}

/** Every event Stripe made, newest first (the sandbox keeps them all; fewer than 100 here). */
function stripeEvents(pipeline: IngressPipeline): { id: string; type: string }[] {
  return stripeGet<{ data: { id: string; type: string }[] }>(pipeline, '/v1/events', { limit: 100 }).data;
}

/** A day of business: a customer, two card payments, a partial refund and the payout that deposits them. */
async function aDayOfBusiness(pipeline: IngressPipeline, deliver: () => Promise<void>): Promise<void> {
  const customer = stripePost<{ id: string }>(pipeline, '/v1/customers', {
    name: 'Ada Ltd',
    email: 'ada@example.invalid',
  });
  const charges: string[] = [];
  for (const amount of [5000, 2599]) {
    charges.push(
      stripePost<{ latest_charge: string }>(pipeline, '/v1/payment_intents', {
        amount,
        currency: 'usd',
        customer: customer.id,
        payment_method: 'pm_card_bypassPending',
        confirm: 'true',
      }).latest_charge,
    );
    await deliver();
    advance(pipeline, 3 * HOUR);
  }
  stripePost(pipeline, '/v1/refunds', { charge: charges[1] ?? '', amount: 599 });
  await deliver();
  advance(pipeline, 3 * HOUR);
  const [payout] = pipeline.stripe.runPayouts();
  if (!payout) throw new Error('no payout');
  await deliver();
  // Reconciled after 6 hours, paid the next day (the sandbox's schedule).
  advance(pipeline, 7 * HOUR);
  await deliver();
  advance(pipeline, 17 * HOUR);
  await deliver();
}

/** What the books say: transactions and the trial balance (internal IDs of a same-seeded account are equal). */
function books(pipeline: IngressPipeline): unknown {
  return { transactions: transactionsOf(pipeline), trialBalance: pipeline.ns.trialBalance() };
}

function catchUpFields(pipeline: IngressPipeline): Record<string, unknown> {
  const search = pipeline.ns.testModules().modules['N/search'] as typeof NSearch;
  return search.lookupFields({
    type: 'customrecord_snc_settings',
    id: pipeline.settingsId,
    columns: ['custrecord_snc_set_catchup_through', 'custrecord_snc_set_catchup_run'],
  });
}

describe('catch-up of webhooks missed while the relay was down', () => {
  it('a day without webhooks: every event queued once and booked, late webhooks change nothing, books as if none was missed', async () => {
    // The same day with every webhook delivered: what the books must look like.
    const control = await newPipeline();
    await aDayOfBusiness(control, () => drain(control));
    expect(failures(control)).toEqual([]);
    const expected = books(control);
    expect(transactionsOf(control).map((t) => t['recordtype'])).toEqual(
      expect.arrayContaining(['customerpayment', 'customerrefund', 'deposit']),
    );

    const pipeline = await newPipeline();
    // Live mode's schedule: Stripe retries a failed webhook for up to three days.
    pipeline.stripe.webhooks.configure({ retrySchedule: RETRY_SCHEDULES.live });
    const relayUrl = endpointUrl(pipeline, 'http://127.0.0.1:9/relay-down');
    await aDayOfBusiness(pipeline, () => pipeline.stripe.deliverAll());
    const emitted = stripeEvents(pipeline);
    expect(queue(pipeline.ns)).toEqual([]);
    expect(pipeline.stripe.webhooks.attempts().every((a) => a.status === 'failed')).toBe(true);

    // The relay is back; the hourly catch-up runs before Stripe's next retry.
    endpointUrl(pipeline, relayUrl);
    advance(pipeline, HOUR);
    const ran = pipeline.ns.scheduler.tick();
    expect(ran.filter((t) => t.scriptId === CATCH_UP.scriptId).map((t) => [t.deploymentId, t.status])).toEqual([
      ['customdeploy_snc_catchup', 'COMPLETE'],
    ]);
    expect(ran.some((t) => t.scriptId === 'customscript_snc_event_queue_mr' && t.status === 'COMPLETE')).toBe(true);
    const queued = queue(pipeline.ns);
    expect(queued.map((e) => e['event']).sort()).toEqual(emitted.map((e) => e.id).sort());
    expect(failures(pipeline)).toEqual([]);
    expect(catchUpFields(pipeline)).toEqual({
      custrecord_snc_set_catchup_through: String(pipeline.stripe.now()),
      custrecord_snc_set_catchup_run: '',
    });
    expect(books(pipeline)).toEqual(expected);

    // Stripe retries the missed webhooks for days: each is a duplicate of the caught-up event.
    expect(new Set(pipeline.stripe.webhooks.queued().map((d) => d.eventId))).toEqual(new Set(emitted.map((e) => e.id)));
    advance(pipeline, 3 * 86_400);
    await drain(pipeline);
    const late = pipeline.stripe.webhooks.attempts().filter((a) => a.status === 'succeeded');
    expect(late.map((a) => a.eventId).sort()).toEqual(emitted.map((e) => e.id).sort());
    expect(queue(pipeline.ns)).toEqual(queued.map((e) => ({ ...e })));
    expect(books(pipeline)).toEqual(expected);
  });

  it('more events than one run can afford: the run saves its cursor and continues itself on demand', async () => {
    const pipeline = await newPipeline();
    endpointUrl(pipeline, 'http://127.0.0.1:9/relay-down');
    for (let i = 0; i < 230; i++) stripePost(pipeline, '/v1/products', { name: `Plan ${i}` });
    const emitted = stripeGet<{ data: { id: string }[]; has_more: boolean }>(pipeline, '/v1/events', { limit: 100 });
    expect(emitted.has_more).toBe(true);

    // Units enough for one page of 100 and the end of the run, not for a second page.
    pipeline.ns.faults.exhaustGovernance(720);
    const first = pipeline.ns.scheduled({ ...CATCH_UP, type: 'ON_DEMAND' });
    expect(first.status).toBe('COMPLETE');
    expect(queue(pipeline.ns)).toHaveLength(100);
    const cursor = JSON.parse(String(catchUpFields(pipeline)['custrecord_snc_set_catchup_run'])) as Record<
      string,
      unknown
    >;
    expect(cursor).toMatchObject({ pages: 1, stored: 100, duplicates: 0 });
    expect(catchUpFields(pipeline)['custrecord_snc_set_catchup_through']).toBe('');
    expect(pipeline.ns.scheduler.pending().map((t) => [t.scriptId, t.deploymentId])).toEqual(
      expect.arrayContaining([
        ['customscript_snc_event_queue_mr', 'customdeploy_snc_event_queue_now'],
        [CATCH_UP.scriptId, CATCH_UP.deploymentId],
      ]),
    );

    const ran = pipeline.ns.scheduler.runQueued();
    expect(ran.every((t) => t.status === 'COMPLETE')).toBe(true);
    const all = queue(pipeline.ns);
    expect(all).toHaveLength(230);
    expect(new Set(all.map((e) => e['event'])).size).toBe(230);
    expect(all.every((e) => e['status'] === 'no_action')).toBe(true);
    expect(catchUpFields(pipeline)['custrecord_snc_set_catchup_run']).toBe('');

    // A run now finds nothing missing: one page query each, no write.
    const again = pipeline.ns.scheduled({ ...CATCH_UP, type: 'ON_DEMAND' });
    expect(again.status).toBe('COMPLETE');
    expect(queue(pipeline.ns)).toHaveLength(230);
  });
});

import type * as NSearch from 'N/search';
import { SAVED_SEARCH_IDS } from '../../src/suitescript/searches/savedSearchDefinitions';
import type { HttpFront } from '../../emulator/src/http/server';
import { UI_SESSION_COOKIE } from '../../emulator/src/http/server';
import { installBooking, queue, startIngressPipeline, type IngressPipeline } from '../../tools/localConnector';
import { eventStatusId } from '../../tools/connectorStatuses';
import { nsRecord, stripePost } from './helpers/pipeline';

/**
 * The admin's console (customscript_snc_console_sl) through the emulator's HTTP front, as a logged-in
 * administrator's browser would use it: GET renders the page, POST retries, syncs and starts a catch-up.
 */
const CONSOLE = { scriptId: 'customscript_snc_console_sl', deploymentId: 'customdeploy_snc_console_sl' };

let pipeline: IngressPipeline;
let front: HttpFront;

beforeEach(async () => {
  pipeline = await startIngressPipeline({}, { webhooks: { autoDeliver: false } });
  installBooking(pipeline, ['usd']);
  front = await pipeline.ns.startHttp({
    integrations: [],
    tokens: [],
    uiSessions: [{ id: 'admin-session', user: pipeline.ns.services.user }],
  });
});

afterEach(async () => {
  await front.close();
  await pipeline.close();
});

async function consolePage(form?: Record<string, string>): Promise<string> {
  const res = await fetch(front.suiteletUrl(CONSOLE.scriptId, CONSOLE.deploymentId), {
    method: form ? 'POST' : 'GET',
    headers: {
      cookie: `${UI_SESSION_COOKIE}=admin-session`,
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`console answered ${res.status}: ${html}`);
  return html;
}

function inlineValue(html: string, id: string): string {
  return new RegExp(`<span id="${id}" class="inline">([^<]*)</span>`).exec(html)?.[1] ?? '';
}

function customersByExternalId(externalId: string): unknown[] {
  return pipeline.ns.sql.query('SELECT id FROM customer WHERE externalid = ?', [externalId]).rows;
}

describe('the console Suitelet', () => {
  it('is refused without a NetSuite session', async () => {
    const res = await fetch(front.suiteletUrl(CONSOLE.scriptId, CONSOLE.deploymentId));
    expect(res.status).toBe(401);
  });

  it('GET renders health, the parked events, payouts, the settings check and the actions', async () => {
    const html = await consolePage();
    expect(inlineValue(html, 'custpage_snc_queued')).toBe('0');
    expect(inlineValue(html, 'custpage_snc_last_event')).toBe('none yet');
    expect(html).toContain('<caption>Parked events (0)</caption>');
    expect(html).toContain('<caption>Payouts and their deposits (0)</caption>');
    expect(html).toContain('Settings check: everything is in order');
    expect(html).toContain('<option value="catch_up">Run catch-up now</option>');
    expect(html).toContain('name="custpage_snc_stripe_id"');
  });

  it('Sync now queues a synthetic event that books the customer, once however often it is pressed', async () => {
    const customer = stripePost<{ id: string }>(pipeline, '/v1/customers', {
      name: 'Ada Ltd',
      email: 'ada@example.invalid',
    });
    const first = await consolePage({ custpage_snc_action: 'sync', custpage_snc_stripe_id: customer.id });
    expect(first).toMatch(new RegExp(`Queued evt_sync_${customer.id}_[0-9a-f]{8} \\(customer.created\\)`));
    const again = await consolePage({ custpage_snc_action: 'sync', custpage_snc_stripe_id: customer.id });
    expect(again).toContain('was already synced as evt_sync_');
    expect(queue(pipeline.ns).map((e) => [e['type'], e['status']])).toEqual([['customer.created', 'queued']]);
    pipeline.ns.scheduler.runQueued();
    expect(queue(pipeline.ns).map((e) => e['status'])).toEqual(['done']);
    expect(customersByExternalId(customer.id)).toHaveLength(1);
  });

  it('Sync now refuses what it does not take, naming the prefixes', async () => {
    const html = await consolePage({ custpage_snc_action: 'sync', custpage_snc_stripe_id: 'txn_123' });
    expect(html).toContain('&#34;txn_123&#34; is not a Stripe ID Sync now takes');
    expect(queue(pipeline.ns)).toEqual([]);
  });

  it('shows a parked event with its reason and Retry of the selected one queues it and starts the Map/Reduce', async () => {
    const customer = stripePost<{ id: string }>(pipeline, '/v1/customers', { name: 'Bo', email: 'bo@example.invalid' });
    await consolePage({ custpage_snc_action: 'sync', custpage_snc_stripe_id: customer.id });
    pipeline.ns.scheduler.runQueued();
    const [row] = pipeline.ns.sql.query('SELECT id FROM customrecord_snc_event', []).rows;
    const queueId = String(row?.['id']);
    nsRecord(pipeline).submitFields({
      type: 'customrecord_snc_event',
      id: Number(queueId),
      values: {
        custrecord_snc_evt_status: eventStatusId(pipeline.ns, 'parked'),
        custrecord_snc_evt_attempts: 8,
        custrecord_snc_evt_error: 'SNC_TEST: parked for the test',
      },
    });
    const shown = await consolePage();
    expect(shown).toContain('<caption>Parked events (1)</caption>');
    expect(shown).toContain('SNC_TEST: parked for the test');
    expect(inlineValue(shown, 'custpage_snc_parked_count')).toBe('1');
    const retried = await consolePage({
      custpage_snc_action: 'retry_selected',
      'custpage_snc_parked:custpage_snc_select:0': 'T',
      'custpage_snc_parked:custpage_snc_queue_id:0': queueId,
    });
    expect(retried).toContain('1 parked event(s) queued again; the queue Map/Reduce was started.');
    expect(retried).toContain('<caption>Parked events (0)</caption>');
    pipeline.ns.scheduler.runQueued();
    expect(queue(pipeline.ns).map((e) => e['status'])).toEqual(['done']);
    expect(inlineValue(await consolePage(), 'custpage_snc_last_run')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  });

  it('Retry of the selected with nothing ticked says what to do and changes nothing', async () => {
    const html = await consolePage({ custpage_snc_action: 'retry_selected' });
    expect(html).toContain('Tick the parked events to retry first.');
  });

  it('Install saved searches queues their script, which creates the four searches', async () => {
    const html = await consolePage({ custpage_snc_action: 'install_searches' });
    expect(html).toContain('Saved searches queued');
    expect(await consolePage({ custpage_snc_action: 'install_searches' })).toContain('already queued or running');
    pipeline.ns.scheduler.runQueued();
    const nsSearch = pipeline.ns.testModules().modules['N/search'] as typeof NSearch;
    const titles = Object.values(SAVED_SEARCH_IDS).map((id) => nsSearch.load({ id }).title);
    expect(titles).toHaveLength(4);
    expect(titles.every((title) => /^Stripe Connector/.test(String(title)))).toBe(true);
  });

  it('Run catch-up now queues the catch-up, which queues the events the relay never delivered', async () => {
    const customer = stripePost<{ id: string }>(pipeline, '/v1/customers', { name: 'Cy', email: 'cy@example.invalid' });
    expect(queue(pipeline.ns)).toEqual([]);
    const html = await consolePage({ custpage_snc_action: 'catch_up' });
    expect(html).toContain('Catch-up queued');
    expect(await consolePage({ custpage_snc_action: 'catch_up' })).toContain('A catch-up is already queued or running');
    pipeline.ns.scheduler.runQueued();
    expect(queue(pipeline.ns).map((e) => [e['type'], e['object'], e['status']])).toEqual([
      ['customer.created', customer.id, 'done'],
    ]);
  });
});

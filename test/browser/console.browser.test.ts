import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HttpFront } from '../../emulator/src/http/server';
import { UI_SESSION_COOKIE } from '../../emulator/src/http/server';
import {
  installBooking,
  QUEUE_MR,
  queue,
  startIngressPipeline,
  type IngressPipeline,
} from '../../tools/localConnector';
import { drain, failures, stripeGet, stripePost, transactionsOf } from '../integration/helpers/pipeline';

/**
 * The admin's console (customscript_snc_console_sl) in a real browser: Debian's Chromium, headless, driven by
 * playwright-core, against the emulator's HTTP front on 127.0.0.1. The admin retries a parked event, syncs one
 * Stripe object and runs a catch-up after the relay was down for a day, by ticking, typing and pressing Run.
 *
 * Screenshots go to a temporary directory, or to SNC_SCREENSHOT_DIR when set (`npm run docs:screenshots` sets it
 * to docs/, the README's pictures): the test checks they were written, never what they look like.
 */
const CHROMIUM = '/usr/bin/chromium';
const CONSOLE = { scriptId: 'customscript_snc_console_sl', deploymentId: 'customdeploy_snc_console_sl' };
const SESSION = 'admin-session';
const HOUR = 3600;

const screenshotDir = process.env['SNC_SCREENSHOT_DIR'];
let shots: string;
let browser: Browser;
let pipeline: IngressPipeline;
let front: HttpFront;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The console's browser test needs Debian's chromium at ${CHROMIUM}: ` +
        'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium',
    );
  }
  shots = screenshotDir ?? mkdtempSync(join(tmpdir(), 'snc-console-'));
  mkdirSync(shots, { recursive: true });
  // No network but loopback: no proxy, and the background fetches Chromium makes on its own are off.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-proxy-server'] });
});

afterAll(async () => {
  await browser?.close();
  if (!screenshotDir && shots) rmSync(shots, { recursive: true, force: true });
});

beforeEach(async () => {
  pipeline = await startIngressPipeline({}, { webhooks: { autoDeliver: false } });
  installBooking(pipeline, ['usd']);
  front = await pipeline.ns.startHttp({
    integrations: [],
    tokens: [],
    uiSessions: [{ id: SESSION, user: pipeline.ns.services.user }],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: UI_SESSION_COOKIE, value: SESSION, url: consoleUrl() }]);
  page = await context.newPage();
});

afterEach(async () => {
  await page?.context().close();
  await front?.close();
  await pipeline?.close();
});

function consoleUrl(): string {
  return front.suiteletUrl(CONSOLE.scriptId, CONSOLE.deploymentId);
}

async function openConsole(): Promise<void> {
  const response = await page.goto(consoleUrl());
  expect(response?.status()).toBe(200);
}

/** Chooses an action and presses Run; resolves once the page the POST answered with has loaded. */
async function run(action: string): Promise<void> {
  await page.selectOption('#custpage_snc_action', action);
  const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await page.click('#submitter');
  await navigated;
  await page.waitForLoadState('load');
}

async function text(id: string): Promise<string> {
  return (await page.locator(`#${id}`).textContent()) ?? '';
}

async function screenshot(name: string): Promise<void> {
  const path = join(shots, name);
  await page.screenshot({ path, fullPage: true });
  // A PNG was written (its signature); what it shows is the README's business, not the test's.
  expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
}

function advance(seconds: number): void {
  pipeline.stripe.advanceClock(seconds);
  pipeline.ns.advance(seconds * 1000);
}

function customersByExternalId(externalId: string): unknown[] {
  return pipeline.ns.sql.query('SELECT id FROM customer WHERE externalid = ?', [externalId]).rows;
}

describe('the console in headless Chromium', () => {
  it('shows a parked event with its reason; ticking it and Retry queues it, and the queue books it', async () => {
    // NetSuite refuses the customer's save on each of the 3 attempts the settings allow: the event parks.
    const customer = stripePost<{ id: string }>(pipeline, '/v1/customers', {
      name: 'Ada Ltd',
      email: 'ada@example.invalid',
    });
    for (let i = 0; i < 3; i++) pipeline.ns.faults.failSave('customer', 1, 'UNEXPECTED_ERROR');
    await drain(pipeline);
    for (const wait of [61, 121]) {
      pipeline.ns.advance(wait * 1000);
      pipeline.ns.mapReduce(QUEUE_MR);
    }
    expect(queue(pipeline.ns).map((e) => e['status'])).toEqual(['parked']);
    const [parked] = queue(pipeline.ns);
    const eventId = String(parked?.['event']);

    await openConsole();
    expect(await text('custpage_snc_parked_count')).toBe('1');
    const row = page.locator('#custpage_snc_parked tbody tr', { hasText: eventId });
    await expect(row.textContent()).resolves.toContain('UNEXPECTED_ERROR: Injected fault: UNEXPECTED_ERROR');
    await row.locator('input[type=checkbox]').check();
    await screenshot('console-parked.png');

    // The lock is gone by the time the admin looks: Retry books it.
    await run('retry_selected');
    expect(await text('custpage_snc_message')).toBe(
      '1 parked event(s) queued again; the queue Map/Reduce was started.',
    );
    expect(await page.locator('#custpage_snc_parked caption').textContent()).toBe('Parked events (0)');
    expect(await text('custpage_snc_parked_count')).toBe('0');
    expect(await text('custpage_snc_queued')).toBe('1');
    expect(queue(pipeline.ns).map((e) => [e['event'], e['status']])).toEqual([[eventId, 'queued']]);

    pipeline.ns.scheduler.runQueued();
    await openConsole();
    expect(await text('custpage_snc_queued')).toBe('0');
    expect(await text('custpage_snc_last_run')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(queue(pipeline.ns).map((e) => e['status'])).toEqual(['done']);
    expect(customersByExternalId(customer.id)).toHaveLength(1);
  });

  it('Sync now books a payment whose webhook never came, once however often it is pressed', async () => {
    const customer = stripePost<{ id: string }>(pipeline, '/v1/customers', {
      name: 'Bo Industries',
      email: 'bo@example.invalid',
    });
    const charge = stripePost<{ latest_charge: string }>(pipeline, '/v1/payment_intents', {
      amount: 4200,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_bypassPending',
      confirm: 'true',
    }).latest_charge;

    await openConsole();
    await page.fill('#custpage_snc_stripe_id', charge);
    await run('sync');
    expect(await text('custpage_snc_message')).toMatch(
      new RegExp(`^Queued evt_sync_${charge}_[0-9a-f]{8} \\(charge\\.succeeded\\)`),
    );
    await screenshot('console-sync.png');
    const pressAgain = async (): Promise<void> => {
      await page.fill('#custpage_snc_stripe_id', charge);
      await run('sync');
      expect(await text('custpage_snc_message')).toContain(`${charge} was already synced as evt_sync_${charge}_`);
    };
    await pressAgain();
    expect(queue(pipeline.ns).map((e) => [e['type'], e['status']])).toEqual([['charge.succeeded', 'queued']]);

    pipeline.ns.scheduler.runQueued();
    expect(failures(pipeline)).toEqual([]);
    const payments = () => transactionsOf(pipeline).filter((t) => t['recordtype'] === 'customerpayment');
    expect(payments()).toEqual([expect.objectContaining({ externalid: expect.stringContaining(charge), total: 42 })]);
    await pressAgain();
    pipeline.ns.scheduler.runQueued();
    expect(queue(pipeline.ns).map((e) => e['status'])).toEqual(['done']);
    expect(payments()).toHaveLength(1);
    expect(customersByExternalId(customer.id)).toHaveLength(1);
  });

  it('Run catch-up now after a day without webhooks: every missed event queued once and booked, late ones change nothing', async () => {
    const relayUrl = endpointUrl('http://127.0.0.1:9/relay-down');
    await aDayOfBusiness();
    const emitted = stripeGet<{ data: { id: string }[] }>(pipeline, '/v1/events', { limit: 100 }).data.map((e) => e.id);
    expect(pipeline.stripe.webhooks.attempts().every((a) => a.status === 'failed')).toBe(true);
    expect(queue(pipeline.ns)).toEqual([]);

    endpointUrl(relayUrl);
    await openConsole();
    expect(await text('custpage_snc_last_event')).toBe('none yet');
    await run('catch_up');
    expect(await text('custpage_snc_message')).toMatch(/^Catch-up queued/);
    pipeline.ns.scheduler.runQueued();

    const queued = queue(pipeline.ns);
    expect(queued.map((e) => e['event']).sort()).toEqual([...emitted].sort());
    expect(failures(pipeline)).toEqual([]);
    expect(transactionsOf(pipeline).map((t) => t['recordtype'])).toEqual(
      expect.arrayContaining(['customerpayment', 'customerrefund', 'deposit']),
    );
    await openConsole();
    expect(await text('custpage_snc_queued')).toBe('0');
    expect(await text('custpage_snc_parked_count')).toBe('0');
    expect(await page.locator('#custpage_snc_payouts tbody tr').count()).toBe(1);
    await expect(page.locator('#custpage_snc_payouts tbody tr').textContent()).resolves.toContain('Reconciled');
    await screenshot('console-catch-up.png');

    // Stripe's retries of the missed webhooks arrive later: each is a duplicate of a caught-up event.
    advance(3 * 86_400);
    await drain(pipeline);
    expect(queue(pipeline.ns)).toEqual(queued);
  });
});

/** Points the account's webhook endpoint at `url` (a closed port: the relay is down); answers the old URL. */
function endpointUrl(url: string): string {
  const [endpoint] = stripeGet<{ data: { id: string; url: string }[] }>(pipeline, '/v1/webhook_endpoints').data;
  if (!endpoint) throw new Error('no webhook endpoint');
  stripePost(pipeline, `/v1/webhook_endpoints/${endpoint.id}`, { url });
  return endpoint.url;
}

/** A day of business while every webhook fails: a customer, a payment, a partial refund, the payout paid. */
async function aDayOfBusiness(): Promise<void> {
  const customer = stripePost<{ id: string }>(pipeline, '/v1/customers', {
    name: 'Cy Traders',
    email: 'cy@example.invalid',
  });
  const charge = stripePost<{ latest_charge: string }>(pipeline, '/v1/payment_intents', {
    amount: 7599,
    currency: 'usd',
    customer: customer.id,
    payment_method: 'pm_card_bypassPending',
    confirm: 'true',
  }).latest_charge;
  await pipeline.stripe.deliverAll();
  advance(3 * HOUR);
  stripePost(pipeline, '/v1/refunds', { charge, amount: 599 });
  await pipeline.stripe.deliverAll();
  advance(3 * HOUR);
  pipeline.stripe.runPayouts();
  await pipeline.stripe.deliverAll();
  // Reconciled after 6 hours, paid the next day (the sandbox's schedule).
  advance(7 * HOUR);
  await pipeline.stripe.deliverAll();
  advance(11 * HOUR);
  await pipeline.stripe.deliverAll();
}

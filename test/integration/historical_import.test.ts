import type * as NSearch from 'N/search';
import type { HttpFront } from '../../emulator/src/http/server';
import { UI_SESSION_COOKIE } from '../../emulator/src/http/server';
import { installBooking, queue, startIngressPipeline, type IngressPipeline } from '../../tools/localConnector';
import { customerWithCard, finalizedInvoice, NET_30, usdPrice } from './helpers/billing';
import { depositsOf, drain, failures, stripeGet, stripePost, transactionsOf } from './helpers/pipeline';

/**
 * The historical import through the whole path: a Stripe account's history from before the connector, older than
 * the 30 days of events Stripe keeps, imported for a date range from the console; the import scheduled script
 * lists Stripe's list APIs over N/https and queues synthetic events, the queue Map/Reduce books them.
 */
const IMPORT = { scriptId: 'customscript_snc_import_ss', deploymentId: 'customdeploy_snc_import_now' };
const CONSOLE = { scriptId: 'customscript_snc_console_sl', deploymentId: 'customdeploy_snc_console_sl' };
const HOUR = 3600;
const DAY = 86_400;

let open: { close(): Promise<void> }[] = [];

async function newPipeline(): Promise<IngressPipeline> {
  const pipeline = await startIngressPipeline({}, { webhooks: { autoDeliver: false } });
  installBooking(pipeline, ['usd']);
  open.push(pipeline);
  return pipeline;
}

afterEach(async () => {
  for (const o of open.reverse()) await o.close();
  open = [];
});

/** Moves Stripe's and NetSuite's clocks together. */
function advance(pipeline: IngressPipeline, seconds: number): void {
  pipeline.stripe.advanceClock(seconds);
  pipeline.ns.advance(seconds * 1000);
}

/**
 * Two days of business: a net-30 invoice paid by card, a customer's two card payments, a partial refund, and the
 * payout that deposits them; `deliver` after each step (the control delivers its webhooks, the import's account
 * had no connector yet).
 */
async function history(pipeline: IngressPipeline, deliver: () => Promise<void>): Promise<void> {
  const billed = customerWithCard(pipeline, { name: 'Babbage Co', email: 'babbage@example.invalid' });
  const price = usdPrice(pipeline, 'Setup', 12_000);
  const invoice = finalizedInvoice(pipeline, billed, [{ pricing: { price } }], { ...NET_30 });
  await deliver();
  advance(pipeline, 2 * HOUR);
  // Funds available at once (as the card payments below), so the one payout of the history holds everything and
  // no automatic payout of leftover funds follows in the 40 days after.
  stripePost(pipeline, `/v1/invoices/${invoice.id}/pay`, { payment_method: 'pm_card_bypassPending' });
  await deliver();
  advance(pipeline, 2 * HOUR);
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
  // Two refunds of one charge: one `charge.refunded` of the charge books both.
  stripePost(pipeline, '/v1/refunds', { charge: charges[1] ?? '', amount: 599 });
  await deliver();
  advance(pipeline, HOUR);
  stripePost(pipeline, '/v1/refunds', { charge: charges[1] ?? '', amount: 300 });
  await deliver();
  advance(pipeline, 3 * HOUR);
  if (pipeline.stripe.runPayouts().length !== 1) throw new Error('expected one payout');
  await deliver();
  advance(pipeline, 7 * HOUR);
  await deliver();
  advance(pipeline, 17 * HOUR);
  await deliver();
}

/** What the books say, independent of the order records were made: transactions by external ID, trial balance. */
function books(pipeline: IngressPipeline): unknown {
  const transactions = transactionsOf(pipeline).sort((a, b) =>
    `${String(a['recordtype'])}:${String(a['externalid'])}`.localeCompare(
      `${String(b['recordtype'])}:${String(b['externalid'])}`,
    ),
  );
  const trialBalance = pipeline.ns.trialBalance().map((row) => ({ ...row }));
  return { transactions, trialBalance };
}

function importRun(pipeline: IngressPipeline): Record<string, unknown> | null {
  const search = pipeline.ns.testModules().modules['N/search'] as typeof NSearch;
  const text = search.lookupFields({
    type: 'customrecord_snc_settings',
    id: pipeline.settingsId,
    columns: ['custrecord_snc_set_import_run'],
  })['custrecord_snc_set_import_run'];
  return typeof text === 'string' && text !== '' ? (JSON.parse(text) as Record<string, unknown>) : null;
}

/** A day as the emulator's date preference writes it (M/D/YYYY), from Unix seconds (UTC). */
function dateField(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
}

async function consoleFront(pipeline: IngressPipeline): Promise<HttpFront> {
  const front = await pipeline.ns.startHttp({
    integrations: [],
    tokens: [],
    uiSessions: [{ id: 'admin-session', user: pipeline.ns.services.user }],
  });
  open.push(front);
  return front;
}

async function consolePage(front: HttpFront, form?: Record<string, string>): Promise<string> {
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

describe('historical import of Stripe history older than its 30 days of events', () => {
  it('books the range once, as the webhooks would have, deposits the payout to the cent; a second import changes nothing', async () => {
    const control = await newPipeline();
    await history(control, () => drain(control));
    expect(failures(control)).toEqual([]);
    const expected = books(control);
    expect(transactionsOf(control).map((t) => t['recordtype'])).toEqual(
      expect.arrayContaining(['invoice', 'customerpayment', 'customerrefund', 'deposit']),
    );
    expect(transactionsOf(control).filter((t) => t['recordtype'] === 'customerrefund')).toHaveLength(2);

    const pipeline = await newPipeline();
    const started = pipeline.stripe.now();
    await history(pipeline, () => Promise.resolve());
    const ended = pipeline.stripe.now();
    advance(pipeline, 40 * DAY);
    // Stripe keeps 30 days of events: the catch-up could not find these.
    expect(stripeGet<{ data: unknown[] }>(pipeline, '/v1/events', { limit: 100 }).data).toEqual([]);
    expect(queue(pipeline.ns)).toEqual([]);

    const front = await consoleFront(pipeline);
    expect(inlineValue(await consolePage(front), 'custpage_snc_import_status')).toBe(
      'Not started: pick the From and To dates and Start below.',
    );
    const range = { custpage_snc_import_from: dateField(started - DAY), custpage_snc_import_to: dateField(ended) };
    const start = await consolePage(front, { custpage_snc_action: 'import_start', ...range });
    expect(inlineValue(start, 'custpage_snc_message')).toMatch(/^Historical import started/);
    expect(pipeline.ns.scheduler.pending().map((t) => [t.scriptId, t.deploymentId])).toEqual([
      [IMPORT.scriptId, IMPORT.deploymentId],
    ]);

    const ran = pipeline.ns.scheduler.runQueued();
    expect(ran.map((t) => [t.scriptId, t.status])).toEqual([
      [IMPORT.scriptId, 'COMPLETE'],
      ['customscript_snc_event_queue_mr', 'COMPLETE'],
    ]);
    expect(failures(pipeline)).toEqual([]);
    const queued = queue(pipeline.ns);
    // Two customers, the paid invoice, three charges (the invoice's and two), the refunded charge (once for its two
    // refunds), the payout.
    expect(queued.map((e) => e['type']).sort()).toEqual(
      [
        'customer.created',
        'customer.created',
        'invoice.paid',
        'charge.succeeded',
        'charge.succeeded',
        'charge.succeeded',
        'charge.refunded',
        'payout.paid',
      ].sort(),
    );
    expect(books(pipeline)).toEqual(expected);
    const [payout] = stripeGet<{ data: { id: string; amount: number }[] }>(pipeline, '/v1/payouts').data;
    expect(depositsOf(pipeline).map((d) => [d.externalid, Math.round(d.total * 100)])).toEqual([
      [payout?.id, payout?.amount],
    ]);
    expect(importRun(pipeline)).toMatchObject({
      resource: 6,
      finished: pipeline.stripe.now(),
      counts: { listed: 9, queued: 8, duplicates: 1, skipped: 0 },
      listedBy: { customers: 2, invoices: 1, charges: 3, refunds: 2, disputes: 0, payouts: 1 },
    });
    const page = await consolePage(front);
    expect(inlineValue(page, 'custpage_snc_import_status')).toBe(
      'Finished: the queue Map/Reduce books what was queued.',
    );
    expect(inlineValue(page, 'custpage_snc_import_counts')).toMatch(/^9 listed, 8 queued, 1 already queued/);

    // The same range again: every object is in the state it was imported in, so every event is already queued.
    advance(pipeline, HOUR);
    await consolePage(front, { custpage_snc_action: 'import_start', ...range });
    expect(pipeline.ns.scheduler.runQueued().map((t) => t.scriptId)).toEqual([IMPORT.scriptId]);
    expect(importRun(pipeline)).toMatchObject({ counts: { listed: 9, queued: 0, duplicates: 9, skipped: 0 } });
    expect(queue(pipeline.ns)).toEqual(queued);
    expect(books(pipeline)).toEqual(expected);
  });

  it('stops for governance with its cursor saved, continues itself, and queues each object once', async () => {
    const pipeline = await newPipeline();
    const started = pipeline.stripe.now();
    for (let i = 0; i < 150; i++) stripePost(pipeline, '/v1/customers', { name: `Customer ${i}` });
    advance(pipeline, 40 * DAY);
    const front = await consoleFront(pipeline);
    await consolePage(front, {
      custpage_snc_action: 'import_start',
      custpage_snc_import_from: dateField(started),
      custpage_snc_import_to: dateField(started),
    });

    // A page needs 662 units free (622 for a page of 100 queued, 40 to end the run). With 850: the seek's newest
    // page (12 units: listing only) and its oldest page (50 queued: 322 units), then too few for a third.
    pipeline.ns.faults.exhaustGovernance(850);
    const first = pipeline.ns.scheduled({ ...IMPORT, type: 'ON_DEMAND' });
    expect(first.status).toBe('COMPLETE');
    const saved = importRun(pipeline);
    expect(saved).toMatchObject({ resource: 0, phase: 'import', pages: 2, finished: null });
    expect(saved?.['counts']).toEqual({ listed: 50, queued: 50, duplicates: 0, skipped: 0 });
    expect(queue(pipeline.ns)).toHaveLength(50);
    expect(pipeline.ns.scheduler.pending().map((t) => [t.scriptId, t.deploymentId])).toEqual(
      expect.arrayContaining([
        ['customscript_snc_event_queue_mr', 'customdeploy_snc_event_queue_now'],
        [IMPORT.scriptId, IMPORT.deploymentId],
      ]),
    );
    const page = await consolePage(front);
    expect(inlineValue(page, 'custpage_snc_import_resource')).toBe('customers');
    expect(inlineValue(page, 'custpage_snc_import_cursor')).toBe(String(saved?.['cursor']));

    const ran = pipeline.ns.scheduler.runQueued();
    expect(ran.every((t) => t.status === 'COMPLETE')).toBe(true);
    expect(importRun(pipeline)).toMatchObject({
      resource: 6,
      counts: { listed: 150, queued: 150, duplicates: 0, skipped: 0 },
    });
    const all = queue(pipeline.ns);
    expect(all).toHaveLength(150);
    expect(new Set(all.map((e) => e['object'])).size).toBe(150);
    expect(failures(pipeline)).toEqual([]);
    // Oldest first: the queue holds the customers in the order Stripe made them.
    const made = stripeGet<{ data: { id: string }[] }>(pipeline, '/v1/customers', { limit: 100 }).data;
    expect(all.slice(100).map((e) => e['object'])).toEqual(
      made
        .slice(0, 50)
        .reverse()
        .map((c) => c.id),
    );
    expect(pipeline.ns.sql.query(`SELECT COUNT(*) AS n FROM customer WHERE externalid LIKE 'cus_%'`, []).rows).toEqual([
      { n: 150 },
    ]);
  });
});

import type * as NSearch from 'N/search';
import { SAVED_SEARCH_IDS } from '../../src/suitescript/searches/savedSearchDefinitions';
import {
  installBooking,
  installSavedSearches,
  QUEUE_MR,
  startIngressPipeline,
  type IngressPipeline,
} from '../../tools/localConnector';
import { payoutStatusId, readableStatuses } from '../../tools/connectorStatuses';
import { nsRecord } from './helpers/pipeline';

/**
 * The shipped saved searches, created in the emulator by their installer (customscript_snc_searches_ss),
 * then loaded and run as a dashboard reminder would: each lists exactly the records it is named after.
 */
const HOUR = 3600;

let pipeline: IngressPipeline;

beforeEach(async () => {
  pipeline = await startIngressPipeline({}, { webhooks: { autoDeliver: false } });
  installBooking(pipeline, ['usd']);
});
afterEach(() => pipeline.close());

function nsSearch(): typeof NSearch {
  return pipeline.ns.testModules().modules['N/search'] as typeof NSearch;
}

/** A saved search's rows, as search.load(…).run().getRange(…) gives them. */
function run(id: string): NSearch.Result[] {
  return nsSearch().load({ id }).run().getRange({ start: 0, end: 1000 });
}

function newCustomer(params: Record<string, string>): string {
  const answer = pipeline.stripe.request('POST', '/v1/customers', { email: 'x@example.invalid', ...params });
  return (answer.body as { id: string }).id;
}

/** Queue record internal IDs by the Stripe object they carry, with their readable status. */
function eventsByObject(): Map<string, { id: string; status: string }> {
  const rows = pipeline.ns.sql.query(
    'SELECT id, custrecord_snc_evt_object AS object, custrecord_snc_evt_status AS status FROM customrecord_snc_event',
    [],
  ).rows;
  return new Map(
    readableStatuses(pipeline.ns, rows, 'event').map((r) => [
      String(r['object']),
      { id: String(r['id']), status: String(r['status']) },
    ]),
  );
}

function payout(name: string, status: 'unreconciled' | 'reconciled' | 'validated', amount: number): number {
  return nsRecord(pipeline)
    .create({ type: 'customrecord_snc_payout' })
    .setValue({ fieldId: 'name', value: name })
    .setValue({ fieldId: 'externalid', value: name })
    .setValue({ fieldId: 'custrecord_snc_po_status', value: payoutStatusId(pipeline.ns, status) })
    .setValue({ fieldId: 'custrecord_snc_po_amount', value: amount })
    .setValue({ fieldId: 'custrecord_snc_po_currency', value: 'usd' })
    .save();
}

/** A parked event, one queued for two hours, one queued for a minute, and payouts in three statuses. */
async function scenario(): Promise<{ parked: string; stale: string; fresh: string; stuckPayout: number }> {
  // A link to a customer NetSuite does not have fails every attempt; the settings allow 3, then it parks.
  const broken = newCustomer({ name: 'Broken', 'metadata[netsuite_customer_id]': '999999' });
  await pipeline.stripe.deliverAll();
  for (const wait of [0, 61, 121]) {
    pipeline.ns.advance(wait * 1000);
    pipeline.ns.mapReduce(QUEUE_MR);
  }
  const stale = newCustomer({ name: 'Waiting long' });
  await pipeline.stripe.deliverAll();
  pipeline.stripe.advanceClock(2 * HOUR);
  pipeline.ns.advance(2 * HOUR * 1000);
  const fresh = newCustomer({ name: 'Just arrived' });
  await pipeline.stripe.deliverAll();
  pipeline.ns.advance(60 * 1000);
  const stuckPayout = payout('po_stuck', 'unreconciled', 120);
  payout('po_done', 'reconciled', 80);
  payout('po_done_too', 'reconciled', 20);
  payout('po_checked', 'validated', 50);
  const events = eventsByObject();
  const of = (object: string) => events.get(object)?.id ?? `no event for ${object}`;
  // The scenario itself: the statuses the searches must tell apart.
  expect([broken, stale, fresh].map((o) => events.get(o)?.status)).toEqual(['parked', 'queued', 'queued']);
  return { parked: of(broken), stale: of(stale), fresh: of(fresh), stuckPayout };
}

/** What each installer run did to each search, from its audit log entry. */
function installerActions(): string[][] {
  return pipeline.ns.services.logs
    .filter((entry) => entry.title === 'Stripe saved searches')
    .map((entry) => (JSON.parse(entry.details) as { results: { action: string }[] }).results.map((r) => r.action));
}

it('a search whose title another saved search already has fails alone; the others are installed', async () => {
  nsSearch()
    .create({ type: 'customer', title: 'Stripe Connector: Parked Events', id: 'customsearch_admin_own' })
    .save();
  installSavedSearches(pipeline.ns);
  expect(installerActions()).toEqual([['failed', 'created', 'created', 'created']]);
  expect(pipeline.ns.services.logs.filter((e) => e.level === 'ERROR').map((e) => e.details)).toEqual([
    expect.stringContaining('NAME_ALREADY_IN_USE'),
  ]);
});

describe('saved searches shipped with the project', () => {
  it('parked events, events queued over an hour and unreconciled payouts each list exactly those', async () => {
    const { parked, stale, stuckPayout } = await scenario();
    installSavedSearches(pipeline.ns);
    expect(run(SAVED_SEARCH_IDS.parkedEvents).map((r) => r.id)).toEqual([parked]);
    expect(run(SAVED_SEARCH_IDS.eventsQueuedOverAnHour).map((r) => r.id)).toEqual([stale]);
    expect(run(SAVED_SEARCH_IDS.unreconciledPayouts).map((r) => r.id)).toEqual([String(stuckPayout)]);
  });

  it('the fresh event joins "queued over an hour" once it has waited an hour, without reinstalling', async () => {
    const { stale, fresh } = await scenario();
    installSavedSearches(pipeline.ns);
    pipeline.ns.advance(HOUR * 1000);
    expect(run(SAVED_SEARCH_IDS.eventsQueuedOverAnHour).map((r) => r.id)).toEqual([stale, fresh]);
  });

  it('payouts by status: one row per status and currency with the count and the total', async () => {
    await scenario();
    installSavedSearches(pipeline.ns);
    const rows = run(SAVED_SEARCH_IDS.payoutsByStatus).map((r) => r.toJSON().values as Record<string, unknown>);
    const summary = rows
      .map((v) => ({
        status: (v['GROUP(custrecord_snc_po_status)'] as { text: string }).text,
        currency: v['GROUP(custrecord_snc_po_currency)'],
        payouts: v['COUNT(internalid)'],
        amount: v['SUM(custrecord_snc_po_amount)'],
      }))
      .sort((a, b) => a.status.localeCompare(b.status));
    expect(summary).toEqual([
      { status: 'Reconciled', currency: 'usd', payouts: '2', amount: '100.00' },
      { status: 'Unreconciled', currency: 'usd', payouts: '1', amount: '120.00' },
      { status: 'Validated', currency: 'usd', payouts: '1', amount: '50.00' },
    ]);
  });

  it('running the installer again updates the searches in place: same internal IDs, same results', async () => {
    const { parked } = await scenario();
    installSavedSearches(pipeline.ns);
    const first = Object.values(SAVED_SEARCH_IDS).map((id) => nsSearch().load({ id }).searchId);
    installSavedSearches(pipeline.ns);
    const second = Object.values(SAVED_SEARCH_IDS).map((id) => nsSearch().load({ id }).searchId);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(4);
    expect(installerActions()).toEqual([
      ['created', 'created', 'created', 'created'],
      ['updated', 'updated', 'updated', 'updated'],
    ]);
    expect(run(SAVED_SEARCH_IDS.parkedEvents).map((r) => r.id)).toEqual([parked]);
  });
});

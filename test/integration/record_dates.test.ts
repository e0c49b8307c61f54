import type * as NSearch from 'N/search';
import { SAVED_SEARCH_IDS } from '../../src/suitescript/searches/savedSearchDefinitions';
import {
  installBooking,
  installSavedSearches,
  QUEUE_MR,
  startIngressPipeline,
  type IngressPipeline,
} from '../../tools/localConnector';
import { payoutStatusId } from '../../tools/connectorStatuses';
import { nsRecord } from './helpers/pipeline';

/**
 * The event and payout records show their times as Date/Time fields (issue 15, "Records that read well"),
 * beside the integer seconds that order the queue and time the alerts exactly.
 */
const UPKEEP = {
  scriptId: 'customscript_snc_upkeep_ss',
  deploymentId: 'customdeploy_snc_upkeep',
  type: 'SCHEDULED',
} as const;

let pipeline: IngressPipeline;

beforeEach(async () => {
  pipeline = await startIngressPipeline({}, { webhooks: { autoDeliver: false } });
});
afterEach(() => pipeline.close());

interface StoredTimes {
  id: number;
  created: number;
  received: number;
}

/** The one stored event's internal ID and integer times, as SuiteQL returns them. */
function storedEvent(): StoredTimes {
  const rows = pipeline.ns.sql.query(
    'SELECT id, custrecord_snc_evt_created AS created, custrecord_snc_evt_received AS received FROM customrecord_snc_event',
    [],
  ).rows;
  expect(rows).toHaveLength(1);
  const [row] = rows as { id: number; created: number; received: number }[];
  return { id: Number(row?.id), created: Number(row?.created), received: Number(row?.received) };
}

it('stores Created in Stripe and Received as dates: the same instants as the integer seconds', async () => {
  const customer = pipeline.stripe.request('POST', '/v1/customers', { email: 'dates@example.invalid' }).body as {
    id: string;
  };
  await pipeline.stripe.deliverAll();
  const events = pipeline.stripe.request('GET', '/v1/events', { limit: 10 }).body as {
    data: { id: string; created: number; data: { object: { id: string } } }[];
  };
  const sent = events.data.find((e) => e.data.object.id === customer.id);
  expect(sent).toBeDefined();

  const stored = storedEvent();
  expect(stored.created).toBe(sent?.created);
  const event = nsRecord(pipeline).load({ type: 'customrecord_snc_event', id: stored.id });
  const createdAt = event.getValue({ fieldId: 'custrecord_snc_evt_created_at' });
  const receivedAt = event.getValue({ fieldId: 'custrecord_snc_evt_received_at' });
  expect(Object.prototype.toString.call(createdAt)).toBe('[object Date]');
  expect(Object.prototype.toString.call(receivedAt)).toBe('[object Date]');
  expect((createdAt as Date).getTime()).toBe((sent?.created ?? 0) * 1000);
  expect((receivedAt as Date).getTime()).toBe(stored.received * 1000);
  // SuiteQL hands a Date/Time column back in the user's date format (M/D/YYYY here), without the time.
  const day = new Date(stored.received * 1000);
  expect(
    pipeline.ns.sql.query('SELECT custrecord_snc_evt_received_at AS received FROM customrecord_snc_event', []).rows,
  ).toEqual([{ received: `${day.getMonth() + 1}/${day.getDate()}/${day.getFullYear()}` }]);
});

it('the saved searches show Received as a date and time in the user’s format', async () => {
  pipeline.stripe.request('POST', '/v1/customers', { email: 'dates@example.invalid' });
  await pipeline.stripe.deliverAll();
  installSavedSearches(pipeline.ns);
  pipeline.ns.advance(2 * 3600 * 1000);
  const search = pipeline.ns.testModules().modules['N/search'] as typeof NSearch;
  const loaded = search.load({ id: SAVED_SEARCH_IDS.eventsQueuedOverAnHour });
  const names = loaded.columns.map((c) => (typeof c === 'string' ? c : c.name));
  expect(names).toContain('custrecord_snc_evt_received_at');
  expect(names).not.toContain('custrecord_snc_evt_received');
  const rows = loaded.run().getRange({ start: 0, end: 10 });
  expect(rows).toHaveLength(1);
  const received = new Date(storedEvent().received * 1000);
  const day = `${received.getMonth() + 1}/${received.getDate()}/${received.getFullYear()}`;
  expect(String(rows[0]?.getValue({ name: 'custrecord_snc_evt_received_at' }))).toMatch(
    new RegExp(`^${day} \\d{1,2}:\\d{2}(:\\d{2})? [ap]m$`),
  );
});

it('a payout left unreconciled shows Unreconciled Since and Admin Told At as dates', () => {
  installBooking(pipeline, ['usd']);
  const id = nsRecord(pipeline)
    .create({ type: 'customrecord_snc_payout' })
    .setValue({ fieldId: 'name', value: 'po_dates' })
    .setValue({ fieldId: 'externalid', value: 'po_dates' })
    .setValue({ fieldId: 'custrecord_snc_po_status', value: payoutStatusId(pipeline.ns, 'unreconciled') })
    .setValue({ fieldId: 'custrecord_snc_po_problems', value: 'source_missing: ch_1 is not booked in NetSuite' })
    .save();
  expect(pipeline.ns.scheduled(UPKEEP).status).toBe('COMPLETE');
  pipeline.ns.advance(25 * 3600 * 1000);
  expect(pipeline.ns.scheduled(UPKEEP).status).toBe('COMPLETE');

  const payout = nsRecord(pipeline).load({ type: 'customrecord_snc_payout', id });
  const since = Number(payout.getValue({ fieldId: 'custrecord_snc_po_problem_since' }));
  const told = Number(payout.getValue({ fieldId: 'custrecord_snc_po_admin_told' }));
  expect(told - since).toBe(25 * 3600);
  const sinceAt = payout.getValue({ fieldId: 'custrecord_snc_po_problem_since_at' });
  const toldAt = payout.getValue({ fieldId: 'custrecord_snc_po_admin_told_at' });
  expect(Object.prototype.toString.call(sinceAt)).toBe('[object Date]');
  expect((sinceAt as Date).getTime()).toBe(since * 1000);
  expect((toldAt as Date).getTime()).toBe(told * 1000);
});

it('the settings show Queue Last Run and Silence Alert Sent For as dates', async () => {
  installBooking(pipeline, ['usd']);
  pipeline.stripe.request('POST', '/v1/customers', { email: 'dates@example.invalid' });
  await pipeline.stripe.deliverAll();
  pipeline.ns.mapReduce(QUEUE_MR);
  pipeline.ns.advance(25 * 3600 * 1000);
  expect(pipeline.ns.scheduled(UPKEEP).status).toBe('COMPLETE');

  const rows = pipeline.ns.sql.query("SELECT id FROM customrecord_snc_settings WHERE isinactive = 'F'", []).rows;
  expect(rows).toHaveLength(1);
  const settings = nsRecord(pipeline).load({ type: 'customrecord_snc_settings', id: Number(rows[0]?.['id']) });
  const pairs = [
    ['custrecord_snc_set_queue_last_run', 'custrecord_snc_set_queue_last_run_at'],
    ['custrecord_snc_set_silence_told', 'custrecord_snc_set_silence_told_at'],
  ];
  for (const [seconds, date] of pairs) {
    const value = Number(settings.getValue({ fieldId: seconds ?? '' }));
    expect(value).toBeGreaterThan(0);
    const shown = settings.getValue({ fieldId: date ?? '' });
    expect([date, Object.prototype.toString.call(shown)]).toEqual([date, '[object Date]']);
    expect([date, (shown as Date).getTime()]).toEqual([date, value * 1000]);
  }
  expect(Number(settings.getValue({ fieldId: 'custrecord_snc_set_silence_told' }))).toBe(storedEvent().created);
});

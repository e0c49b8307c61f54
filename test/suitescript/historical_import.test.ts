import {
  advance,
  IMPORT_FINISH_UNITS,
  IMPORT_PAGE_UNITS,
  IMPORT_RESOURCES,
  importEvent,
  importHistory,
  importPageParams,
  importRange,
  importRunFromText,
  importRunToText,
  newImportRun,
  type ImportDeps,
  type ImportRun,
  type ListedObject,
} from '../../src/suitescript/backfill/historicalImport';
import { importFields, pageModel, parseAction } from '../../src/suitescript/console/consoleModel';
import { syntheticEvent } from '../../src/suitescript/events/syntheticEvents';
import type { FormParams } from '../../src/suitescript/stripe/apiRequest';
import type { ReceivedEvent, StoreResult } from '../../src/suitescript/webhooks/intake';

/** A Stripe account's objects per list path, in creation order (oldest first). */
type Account = Record<string, ListedObject[]>;

/**
 * Stripe's list semantics, written from the API reference ("Pagination"): newest first, `created` range,
 * `starting_after` (older than the cursor) and `ending_before` (the `limit` objects just newer than it).
 */
function listPage(objects: readonly ListedObject[], params: FormParams) {
  const created = params['created'] as { gte: number; lte: number };
  const limit = params['limit'] as number;
  const items = objects
    .filter((o) => (o['created'] as number) >= created.gte && (o['created'] as number) <= created.lte)
    .reverse();
  const after = params['starting_after'] as string | undefined;
  const before = params['ending_before'] as string | undefined;
  if (before !== undefined) {
    const index = items.findIndex((o) => o.id === before);
    const start = Math.max(0, index - limit);
    return { data: items.slice(start, index), has_more: start > 0 };
  }
  const start = after === undefined ? 0 : items.findIndex((o) => o.id === after) + 1;
  return { data: items.slice(start, start + limit), has_more: start + limit < items.length };
}

interface Harness {
  deps: ImportDeps;
  /** Event IDs and types stored, in store order. */
  stored: { id: string; type: string; objectId: string }[];
  fetched: string[];
  saved: ImportRun[];
}

function harness(account: Account, units: number[] = [], stored: Harness['stored'] = []): Harness {
  const h: Harness = { stored, fetched: [], saved: [], deps: undefined as unknown as ImportDeps };
  h.deps = {
    remainingUnits: () => units.shift() ?? 10_000,
    now: () => 5_000_000,
    fetchPage: (path, params) => {
      h.fetched.push(path);
      return listPage(account[path] ?? [], params);
    },
    storedIds: (ids) => new Set(ids.filter((id) => h.stored.some((s) => s.id === id))),
    store: (event: ReceivedEvent): StoreResult => {
      if (h.stored.some((s) => s.id === event.eventId)) return { status: 'duplicate' };
      h.stored.push({ id: event.eventId, type: event.type, objectId: event.objectId });
      return { status: 'stored', queueId: h.stored.length };
    },
    describe: (payload) => {
      const e = JSON.parse(payload) as { id: string; type: string; data: { object: { id: string } } };
      return { eventId: e.id, type: e.type, objectId: e.data.object.id } as ReceivedEvent;
    },
    saveRun: (run) => h.saved.push(run),
    livemode: false,
  };
  return h;
}

const obj = (id: string, created: number, extra: Record<string, unknown> = {}): ListedObject => ({
  id,
  created,
  livemode: false,
  ...extra,
});

/** `n` customers created one a second from `start`. */
const customers = (n: number, start = 1000): ListedObject[] =>
  Array.from({ length: n }, (_, i) => obj(`cus_${String(i).padStart(4, '0')}`, start + i, { object: 'customer' }));

describe('historical import: planning', () => {
  it('goes customers, invoices, charges, refunds, disputes, payouts', () => {
    expect(IMPORT_RESOURCES.map((r) => r.name)).toEqual([
      'customers',
      'invoices',
      'charges',
      'refunds',
      'disputes',
      'payouts',
    ]);
    const account: Account = {
      '/v1/payouts': [obj('po_1', 1000, { status: 'paid' })],
      '/v1/customers': [obj('cus_1', 1001)],
      '/v1/charges': [obj('ch_1', 1002, { status: 'succeeded' })],
      '/v1/invoices': [obj('in_1', 1003, { status: 'paid' })],
    };
    const h = harness(account);
    const outcome = importHistory(newImportRun(0, 2000, 10), h.deps);
    expect(outcome.status).toBe('complete');
    expect(h.fetched).toEqual([
      '/v1/customers',
      '/v1/invoices',
      '/v1/charges',
      '/v1/refunds',
      '/v1/disputes',
      '/v1/payouts',
    ]);
    expect(h.stored.map((s) => s.type)).toEqual([
      'customer.created',
      'invoice.paid',
      'charge.succeeded',
      'payout.paid',
    ]);
  });

  it('queues a resource oldest first across pages: seeks down with starting_after, then up with ending_before', () => {
    const all = customers(250);
    const h = harness({ '/v1/customers': all });
    const outcome = importHistory(newImportRun(0, 9999, 10), h.deps);
    expect(outcome.run.finished).toBe(5_000_000);
    expect(h.stored.map((s) => s.objectId)).toEqual(all.map((c) => c.id));
    // Seek: newest page, middle page, oldest page (queued); import: two pages up; five empty resources.
    expect(outcome.run.pages).toBe(3 + 2 + 5);
    expect(outcome.run.counts).toEqual({ listed: 250, queued: 250, duplicates: 0, skipped: 0 });
    expect(outcome.run.listedBy).toEqual({
      customers: 250,
      invoices: 0,
      charges: 0,
      refunds: 0,
      disputes: 0,
      payouts: 0,
    });
  });

  it('lists only the range: created[gte] and created[lte]', () => {
    const all = customers(10);
    const h = harness({ '/v1/customers': all });
    importHistory(newImportRun(1003, 1005, 10), h.deps);
    expect(h.stored.map((s) => s.objectId)).toEqual(['cus_0003', 'cus_0004', 'cus_0005']);
  });

  it('advances the cursor: seek moves to the oldest object of a full page, then imports from the newest of the last', () => {
    const run = newImportRun(0, 10, 1);
    const seeking = advance(run, { data: [{ id: 'cus_c' }, { id: 'cus_b' }], has_more: true }, 2);
    expect(seeking).toMatchObject({ phase: 'seek', cursor: 'cus_b', resource: 0, pages: 1 });
    expect(importPageParams(seeking)).toMatchObject({ starting_after: 'cus_b' });
    const importing = advance(seeking, { data: [{ id: 'cus_a' }], has_more: false }, 3);
    expect(importing).toMatchObject({ phase: 'import', cursor: 'cus_a', resource: 0 });
    expect(importPageParams(importing)).toMatchObject({ ending_before: 'cus_a' });
    expect(importPageParams(importing)).not.toHaveProperty('starting_after');
    const up = advance(importing, { data: [{ id: 'cus_e' }, { id: 'cus_d' }], has_more: true }, 4);
    expect(up).toMatchObject({ phase: 'import', cursor: 'cus_e' });
    const next = advance(up, { data: [{ id: 'cus_f' }], has_more: false }, 5);
    expect(next).toMatchObject({ phase: 'seek', cursor: null, resource: 1, finished: null });
    // One page only: straight to the next resource.
    expect(advance(run, { data: [{ id: 'cus_a' }], has_more: false }, 2)).toMatchObject({ resource: 1, cursor: null });
    const last = { ...run, resource: IMPORT_RESOURCES.length - 1 };
    expect(advance(last, { data: [], has_more: false }, 9).finished).toBe(9);
  });

  it('seeks again when the page after "more" is empty, rather than leave the pages above unqueued', () => {
    const run = { ...newImportRun(0, 10, 1), cursor: 'cus_b' };
    expect(advance(run, { data: [], has_more: false }, 2)).toMatchObject({ phase: 'seek', cursor: null, resource: 0 });
  });

  it('refuses a server that says "more" without moving the cursor', () => {
    const run = { ...newImportRun(0, 10, 1), phase: 'import' as const, cursor: 'cus_b' };
    expect(() => advance(run, { data: [{ id: 'cus_b' }], has_more: true }, 2)).toThrow(/has_more/);
  });

  it('stops for governance with the run saved, and resumes from the saved text to the same result', () => {
    const all = customers(250);
    const whole = harness({ '/v1/customers': all });
    importHistory(newImportRun(0, 9999, 10), whole.deps);

    const enough = IMPORT_PAGE_UNITS + IMPORT_FINISH_UNITS;
    // Four pages, then too few units for the fifth.
    const h = harness({ '/v1/customers': all }, [enough, enough, enough, enough, enough - 1]);
    const first = importHistory(newImportRun(0, 9999, 10), h.deps);
    expect(first.status).toBe('continue');
    expect(first.run).toMatchObject({ phase: 'import', resource: 0, pages: 4 });
    expect(h.stored).toHaveLength(150);
    expect(h.saved[h.saved.length - 1]).toEqual(first.run);

    const resumed = importRunFromText(importRunToText(first.run));
    expect(resumed).toEqual(first.run);
    const second = importHistory(resumed as ImportRun, harness({ '/v1/customers': all }, [], h.stored).deps);
    expect(second.status).toBe('complete');
    expect(h.stored.map((s) => s.id)).toEqual(whole.stored.map((s) => s.id));
    expect(second.run.counts).toEqual({ listed: 250, queued: 250, duplicates: 0, skipped: 0 });
  });

  it('queues nothing when run again over the same objects: same state, same event IDs', () => {
    const account: Account = { '/v1/customers': customers(30), '/v1/payouts': [obj('po_1', 1000, { status: 'paid' })] };
    const h = harness(account);
    importHistory(newImportRun(0, 9999, 10), h.deps);
    const again = importHistory(newImportRun(0, 9999, 20), harness(account, [], h.stored).deps);
    expect(h.stored).toHaveLength(31);
    expect(again.run.counts).toEqual({ listed: 31, queued: 0, duplicates: 31, skipped: 0 });
    expect(again.queuedNow).toBe(0);
  });

  it('does nothing for a finished run', () => {
    const h = harness({ '/v1/customers': customers(3) });
    const finished = { ...newImportRun(0, 9999, 10), resource: IMPORT_RESOURCES.length, finished: 11 };
    expect(importHistory(finished, h.deps).status).toBe('complete');
    expect(h.fetched).toEqual([]);
  });
});

describe('historical import: what each object is queued as', () => {
  it("books a refund as its charge's charge.refunded, once for two refunds of one charge", () => {
    const charge = obj('ch_1', 1000, { object: 'charge', status: 'succeeded', amount_refunded: 300 });
    const refunds = [obj('re_1', 1001, { charge }), obj('re_2', 1002, { charge })];
    const h = harness({ '/v1/charges': [charge], '/v1/refunds': refunds });
    const outcome = importHistory(newImportRun(0, 9999, 10), h.deps);
    expect(h.stored.map((s) => [s.type, s.objectId])).toEqual([
      ['charge.succeeded', 'ch_1'],
      ['charge.refunded', 'ch_1'],
    ]);
    expect(outcome.run.counts).toMatchObject({ listed: 3, queued: 2, duplicates: 1 });
  });

  it('gives one charge in one state two events: its payment and its refunds', () => {
    const charge = { id: 'ch_1', object: 'charge', status: 'succeeded', livemode: false };
    const paid = JSON.parse(syntheticEvent('charge.succeeded', charge, 1)) as { id: string };
    const refunded = JSON.parse(syntheticEvent('charge.refunded', charge, 1)) as { id: string };
    expect(paid.id).not.toBe(refunded.id);
  });

  it('asks for refunds with their charge expanded', () => {
    const run = { ...newImportRun(0, 10, 1), resource: 3 };
    expect(importPageParams(run)).toEqual({ limit: 100, created: { gte: 0, lte: 10 }, expand: ['data.charge'] });
  });

  it('skips what has nothing to book: draft invoices, failed charges, objects of the other mode', () => {
    expect(importEvent('invoice', obj('in_1', 1, { status: 'draft' }), false, 1)).toHaveProperty('skipped');
    expect(importEvent('charge', obj('ch_1', 1, { status: 'failed' }), false, 1)).toHaveProperty('skipped');
    expect(importEvent('customer', obj('cus_1', 1, { livemode: true }), false, 1)).toHaveProperty('skipped');
    expect(importEvent('refund', obj('re_1', 1, { charge: 'ch_1' }), false, 1)).toHaveProperty('skipped');
  });

  it('marks the event as the import’s, and gives the same object the same ID at another time', () => {
    const a = importEvent('customer', obj('cus_1', 1), false, 100);
    const b = importEvent('customer', obj('cus_1', 1), false, 200);
    if (!('payload' in a) || !('payload' in b)) throw new Error('expected events');
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^evt_sync_cus_1_[0-9a-f]{8}$/);
    expect(JSON.parse(a.payload)).toMatchObject({
      type: 'customer.created',
      created: 100,
      request: { idempotency_key: 'netsuite-historical-import' },
      data: { object: { id: 'cus_1' } },
    });
  });
});

describe('historical import: range and saved run', () => {
  const NOW = Date.UTC(2026, 5, 1, 12) / 1000;

  it('takes two calendar days as UTC bounds, the last second of the To day included', () => {
    expect(importRange({ year: 2025, month: 1, day: 1 }, { year: 2025, month: 1, day: 31 }, NOW)).toEqual({
      from: Date.UTC(2025, 0, 1) / 1000,
      to: Date.UTC(2025, 0, 31, 23, 59, 59) / 1000,
    });
  });

  it('refuses a missing, reversed or future range, and ends a range reaching today now', () => {
    expect(importRange(null, { year: 2025, month: 1, day: 1 }, NOW)).toHaveProperty('error');
    expect(importRange({ year: 2025, month: 2, day: 1 }, { year: 2025, month: 1, day: 1 }, NOW)).toHaveProperty(
      'error',
    );
    expect(importRange({ year: 2026, month: 7, day: 1 }, { year: 2026, month: 7, day: 2 }, NOW)).toHaveProperty(
      'error',
    );
    expect(importRange({ year: 2026, month: 5, day: 1 }, { year: 2026, month: 6, day: 1 }, NOW)).toMatchObject({
      to: NOW,
    });
  });

  it('reads back only a well-formed run', () => {
    expect(importRunFromText('')).toBeNull();
    expect(importRunFromText('not json')).toBeNull();
    expect(importRunFromText(JSON.stringify({ ...newImportRun(0, 1, 1), phase: 'sideways' }))).toBeNull();
    expect(importRunFromText(JSON.stringify({ ...newImportRun(0, 1, 1), cursor: 'x y' }))).toBeNull();
    expect(importRunFromText(JSON.stringify({ ...newImportRun(0, 1, 1), resource: 7 }))).toBeNull();
  });
});

describe('historical import on the console', () => {
  const DAY = { year: 2025, month: 3, day: 1 };

  it('Start takes the two dates; without them it says what is missing', () => {
    const now = Date.UTC(2026, 0, 1) / 1000;
    expect(parseAction('import_start', [], '', { from: DAY, to: DAY, now })).toEqual({
      kind: 'importStart',
      from: Date.UTC(2025, 2, 1) / 1000,
      to: Date.UTC(2025, 2, 1, 23, 59, 59) / 1000,
    });
    expect(parseAction('import_start', [], '', { from: DAY, to: null, now })).toEqual({
      kind: 'invalid',
      message: 'Historical import: enter both dates (From and To).',
    });
  });

  it('shows the run: resource, counts, cursor, started and finished', () => {
    const run: ImportRun = {
      ...newImportRun(Date.UTC(2025, 0, 1) / 1000, Date.UTC(2025, 0, 31, 23, 59, 59) / 1000, 1000),
      resource: 2,
      phase: 'import',
      cursor: 'ch_9',
      pages: 7,
      counts: { listed: 120, queued: 110, duplicates: 4, skipped: 6 },
      listedBy: { customers: 20, invoices: 60, charges: 40 },
    };
    const fields = Object.fromEntries(importFields(run, 1060).map((f) => [f.id, f.value]));
    expect(fields).toEqual({
      custpage_snc_import_status: 'Under way: Charges (queuing oldest first), step 3 of 6',
      custpage_snc_import_range: '2025-01-01 to 2025-01-31',
      custpage_snc_import_resource: 'charges',
      custpage_snc_import_counts:
        '120 listed, 110 queued, 4 already queued, 6 with nothing to book; Customers 20, Invoices 60, Charges 40, Refunds 0, Disputes 0, Payouts 0; 7 pages',
      custpage_snc_import_cursor: 'ch_9',
      custpage_snc_import_started: '1970-01-01 00:16:40 UTC (60 s ago)',
      custpage_snc_import_finished: '—',
    });
    const done = Object.fromEntries(
      importFields({ ...run, resource: 6, cursor: null, finished: 1030 }, 1060).map((f) => [f.id, f.value]),
    );
    expect(done['custpage_snc_import_status']).toBe('Finished: the queue Map/Reduce books what was queued.');
    expect(done['custpage_snc_import_finished']).toBe('1970-01-01 00:17:10 UTC (30 s ago)');
  });

  it('puts the group after Health, and the Start action last', () => {
    const model = pageModel({
      now: 1,
      settingsId: 1,
      health: {
        lastEvent: null,
        queued: 0,
        oldestQueued: null,
        parked: 0,
        lastQueueRun: null,
        signatureFailures: { count: 0, lastAt: null },
        receiveDelaySeconds: null,
      },
      parked: [],
      payouts: [],
      settingsProblems: [],
      message: null,
    });
    expect(model.groups.map((g) => g.id)).toEqual(['custpage_snc_health', 'custpage_snc_import']);
    expect(model.groups[1]?.fields.map((f) => f.value)).toEqual([
      'Not started: pick the From and To dates and Start below.',
    ]);
    expect(model.actions[model.actions.length - 1]).toEqual({
      value: 'import_start',
      text: 'Historical import: start for the dates below',
    });
  });
});

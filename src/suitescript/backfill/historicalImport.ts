/**
 * The historical import, pure: Stripe objects created in a date range older than the 30 days of events Stripe
 * keeps, listed from the list APIs and queued as the synthetic events that book them (events/syntheticEvents.ts,
 * as the console's Sync now queues them), resource after resource, page by page, with a cursor saved after each
 * page. No N/ modules: netsuite/historicalImportRun.ts does the I/O.
 *
 * Order. Resources go customers, invoices, charges, refunds, disputes, payouts: what a later resource books
 * leans on the earlier ones (an invoice's customer, a charge's invoice, a refund's charge, a payout's deposit
 * ticks the payments, refunds and disputes it holds). Within a resource, objects go oldest first, so NetSuite
 * numbers documents in the order Stripe made them. Stripe lists newest first (API reference, "Pagination":
 * both cursors "return objects in reverse chronological order"), so each resource is walked twice: `seek`
 * pages down with `starting_after` to the oldest page (listing only: 10 units a page), which is queued
 * reversed; `import` then pages up with `ending_before` (the page just newer than the cursor), each page
 * reversed, until `has_more` is false.
 */
import { refundedChargeId, syncEventType, syntheticEvent, SyncRefused, type SyncKind } from '../events/syntheticEvents';
import type { FormParams } from '../stripe/apiRequest';
import type { ListPage } from '../stripe/pagination';
import type { ReceivedEvent, StoreResult } from '../webhooks/intake';

export interface ImportResource {
  /** The list API: `GET /v1/<name>`. */
  name: 'customers' | 'invoices' | 'charges' | 'refunds' | 'disputes' | 'payouts';
  kind: SyncKind;
  /** A refund books as its charge's `charge.refunded`: the charge comes expanded with it, no call per refund. */
  expand?: readonly string[];
}

/** The resources in booking order (see the module comment). */
export const IMPORT_RESOURCES: readonly ImportResource[] = [
  { name: 'customers', kind: 'customer' },
  { name: 'invoices', kind: 'invoice' },
  { name: 'charges', kind: 'charge' },
  { name: 'refunds', kind: 'refund', expand: ['data.charge'] },
  { name: 'disputes', kind: 'dispute' },
  { name: 'payouts', kind: 'payout' },
];

/** Stripe's page ceiling for list endpoints (API reference, "Pagination": `limit` 1 to 100). */
export const IMPORT_PAGE_SIZE = 100;

/**
 * Governance one page needs at most (REFERENCE: https 10, SuiteQL 10, queue record create 2 + save 4 per object,
 * submitFields 2 for the checkpoint), and the task submits that end a run (20 each: the queue Map/Reduce and
 * this script's own continuation).
 */
export const IMPORT_PAGE_UNITS = 10 + 10 + IMPORT_PAGE_SIZE * (2 + 4) + 2;
export const IMPORT_FINISH_UNITS = 20 + 20;

export interface ImportCounts {
  /** Objects listed in the range. */
  listed: number;
  /** Synthetic events stored in the queue. */
  queued: number;
  /** Already in the queue (an earlier import, Sync now, or another refund of the same charge). */
  duplicates: number;
  /** Nothing to book: draft invoices, failed charges, objects of the other mode. */
  skipped: number;
}

/** An import under way or done, as the settings record keeps it (custrecord_snc_set_import_run). */
export interface ImportRun {
  /** `created[gte]` and `created[lte]`, Unix seconds. */
  from: number;
  to: number;
  /** Index in IMPORT_RESOURCES; IMPORT_RESOURCES.length once every resource is done. */
  resource: number;
  phase: 'seek' | 'import';
  /** `starting_after` while seeking, `ending_before` while importing; null at a resource's first page. */
  cursor: string | null;
  pages: number;
  counts: ImportCounts;
  /** Per resource name: objects listed. */
  listedBy: Partial<Record<ImportResource['name'], number>>;
  started: number;
  finished: number | null;
}

export function newImportRun(from: number, to: number, now: number): ImportRun {
  return {
    from,
    to,
    resource: 0,
    phase: 'seek',
    cursor: null,
    pages: 0,
    counts: { listed: 0, queued: 0, duplicates: 0, skipped: 0 },
    listedBy: {},
    started: now,
    finished: null,
  };
}

export interface CalendarDay {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
}

/**
 * The range of two calendar days as Stripe's `created` bounds: from the first second of `from` to the last of
 * `to`, in UTC (Stripe's times are UTC). An error message for a missing or reversed range, or one in the future.
 */
export function importRange(
  from: CalendarDay | null,
  to: CalendarDay | null,
  now: number,
): { from: number; to: number } | { error: string } {
  if (from === null || to === null) return { error: 'Historical import: enter both dates (From and To).' };
  const start = Date.UTC(from.year, from.month - 1, from.day) / 1000;
  const end = Date.UTC(to.year, to.month - 1, to.day) / 1000 + 86_399;
  if (end < start) return { error: 'Historical import: the From date is after the To date.' };
  if (start > now) return { error: 'Historical import: the From date is in the future.' };
  return { from: start, to: Math.min(end, now) };
}

/** The query of the run's next page. */
export function importPageParams(run: ImportRun): FormParams {
  const resource = IMPORT_RESOURCES[run.resource];
  const params: { [key: string]: FormParams[string] } = {
    limit: IMPORT_PAGE_SIZE,
    created: { gte: run.from, lte: run.to },
  };
  if (resource?.expand) params['expand'] = [...resource.expand];
  if (run.cursor !== null) params[run.phase === 'seek' ? 'starting_after' : 'ending_before'] = run.cursor;
  return params;
}

/** A listed object as the import sees it. */
export type ListedObject = { id: string } & Record<string, unknown>;

/**
 * One object's synthetic event, or why it has none. The mode is checked on the event's object (a refund's charge:
 * Stripe's refunds carry no `livemode`); the API key lists one mode, so a mismatch is a key of the other mode.
 */
export function importEvent(
  kind: SyncKind,
  object: ListedObject,
  livemode: boolean,
  now: number,
): { payload: string; id: string } | { skipped: string } {
  try {
    const type = syncEventType(kind, object);
    const chargeId = refundedChargeId(kind, object);
    const charge = object['charge'];
    const target = chargeId === null ? object : typeof charge === 'object' && charge !== null ? charge : null;
    if (target === null) return { skipped: `${object.id}: its charge ${chargeId} was not expanded` };
    if (((target as ListedObject)['livemode'] === true) !== livemode) {
      return { skipped: `${object.id} is of the other mode` };
    }
    const payload = syntheticEvent(type, target as ListedObject, now, 'netsuite-historical-import');
    return { payload, id: (JSON.parse(payload) as { id: string }).id };
  } catch (error) {
    if (error instanceof SyncRefused) return { skipped: error.message };
    throw error;
  }
}

/**
 * Where the run goes after a page: seeking stays down until the last (oldest) page, which is queued and turns
 * to importing upwards from its newest object (unless the first page was the only one); importing moves up to
 * the page's newest object until Stripe has no more; then the next resource.
 */
export function advance(run: ImportRun, page: ListPage<{ id: string }>, now: number): ImportRun {
  const next: ImportRun = { ...run, pages: run.pages + 1 };
  const oldest = page.data[page.data.length - 1];
  const newest = page.data[0];
  if (run.phase === 'seek' && page.has_more && oldest !== undefined) {
    if (oldest.id === run.cursor) throw new Error(`Stripe said has_more without a new last object`);
    return { ...next, cursor: oldest.id };
  }
  // A seek whose last page is empty after Stripe said "more" (an object deleted meanwhile): the objects above
  // were never queued, so seek this resource again from its newest page.
  if (run.phase === 'seek' && newest === undefined && run.cursor !== null) return { ...next, cursor: null };
  const moreAbove = run.phase === 'seek' ? run.cursor !== null : page.has_more;
  if (moreAbove && newest !== undefined) {
    if (run.phase === 'import' && newest.id === run.cursor) {
      throw new Error(`Stripe said has_more without a new first object`);
    }
    return { ...next, phase: 'import', cursor: newest.id };
  }
  const resource = run.resource + 1;
  return {
    ...next,
    resource,
    phase: 'seek',
    cursor: null,
    finished: resource >= IMPORT_RESOURCES.length ? now : null,
  };
}

/** Whether a page's objects are queued: every import page, and the last page of a seek (the oldest objects). */
export function queuesPage(run: ImportRun, page: ListPage<{ id: string }>): boolean {
  return run.phase === 'import' || !page.has_more;
}

export interface ImportDeps {
  /** Units the script has left (N/runtime). */
  remainingUnits(): number;
  now(): number;
  /** One page of `GET /v1/<resource>`. */
  fetchPage(path: string, params: FormParams): ListPage<ListedObject>;
  /** Of these event IDs, the ones already in the queue (one query). */
  storedIds(ids: readonly string[]): ReadonlySet<string>;
  /** Webhook intake's own store: one queue record per event ID. */
  store(event: ReceivedEvent): StoreResult;
  /** Turns a synthetic event's payload into what intake stores. */
  describe(payload: string): ReceivedEvent;
  /** Writes the run after each page, so a stopped run resumes there. */
  saveRun(run: ImportRun): void;
  livemode: boolean;
}

export type ImportOutcome =
  | { status: 'complete'; run: ImportRun; queuedNow: number }
  /** Out of units for another page: the run is saved, the script must run again. */
  | { status: 'continue'; run: ImportRun; queuedNow: number };

/** Queues one page's objects, oldest first; returns the counts it adds. */
function queuePage(kind: SyncKind, objects: readonly ListedObject[], deps: ImportDeps): ImportCounts {
  const counts: ImportCounts = { listed: objects.length, queued: 0, duplicates: 0, skipped: 0 };
  const now = deps.now();
  const events = [...objects].reverse().map((object) => importEvent(kind, object, deps.livemode, now));
  const ids = events.flatMap((e) => ('id' in e ? [e.id] : []));
  const stored = new Set(ids.length > 0 ? deps.storedIds(ids) : []);
  for (const event of events) {
    if (!('id' in event)) counts.skipped++;
    else if (stored.has(event.id)) counts.duplicates++;
    else {
      const result = deps.store(deps.describe(event.payload));
      stored.add(event.id);
      if (result.status === 'stored') counts.queued++;
      else counts.duplicates++;
    }
  }
  return counts;
}

function added(run: ImportRun, name: ImportResource['name'], counts: ImportCounts): ImportRun {
  const c = run.counts;
  return {
    ...run,
    counts: {
      listed: c.listed + counts.listed,
      queued: c.queued + counts.queued,
      duplicates: c.duplicates + counts.duplicates,
      skipped: c.skipped + counts.skipped,
    },
    listedBy: { ...run.listedBy, [name]: (run.listedBy[name] ?? 0) + counts.listed },
  };
}

/**
 * Runs the import from where `start` stands, page by page, saving the run after each, until every resource is
 * done or the units left could not pay for another page and the end of the run. A finished run does nothing.
 */
export function importHistory(start: ImportRun, deps: ImportDeps): ImportOutcome {
  let run = start;
  let queuedNow = 0;
  while (run.finished === null) {
    if (deps.remainingUnits() < IMPORT_PAGE_UNITS + IMPORT_FINISH_UNITS) {
      deps.saveRun(run);
      return { status: 'continue', run, queuedNow };
    }
    const resource = IMPORT_RESOURCES[run.resource];
    if (resource === undefined) throw new Error(`Historical import: no resource ${run.resource}`);
    const page = deps.fetchPage(`/v1/${resource.name}`, importPageParams(run));
    const counts = queuesPage(run, page)
      ? queuePage(resource.kind, page.data, deps)
      : { listed: 0, queued: 0, duplicates: 0, skipped: 0 };
    queuedNow += counts.queued;
    run = advance(added(run, resource.name, counts), page, deps.now());
    deps.saveRun(run);
  }
  return { status: 'complete', run, queuedNow };
}

/** The run as the settings record keeps it (a Text Area). */
export function importRunToText(run: ImportRun): string {
  return JSON.stringify(run);
}

const count = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * The run read back; null for an empty field and for text that is no run (an admin's edit): the console then
 * offers a new import, and re-importing the range doubles nothing (same objects, same event IDs).
 */
export function importRunFromText(text: string): ImportRun | null {
  if (text.trim() === '') return null;
  let value: Partial<Record<keyof ImportRun, unknown>>;
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const { from, to, resource, phase, cursor, pages, counts, listedBy, started, finished } = value;
  if (![from, to, resource, pages, started].every(count)) return null;
  if ((resource as number) > IMPORT_RESOURCES.length || (phase !== 'seek' && phase !== 'import')) return null;
  if (cursor !== null && (typeof cursor !== 'string' || !/^[a-z]+_[A-Za-z0-9]+$/.test(cursor))) return null;
  if (finished !== null && !count(finished)) return null;
  const c = counts as Partial<Record<keyof ImportCounts, unknown>> | null;
  if (c === null || typeof c !== 'object' || ![c.listed, c.queued, c.duplicates, c.skipped].every(count)) return null;
  if (listedBy === null || typeof listedBy !== 'object' || !Object.values(listedBy).every(count)) return null;
  return {
    from: from as number,
    to: to as number,
    resource: resource as number,
    phase,
    cursor,
    pages: pages as number,
    counts: c as ImportCounts,
    listedBy: listedBy as ImportRun['listedBy'],
    started: started as number,
    finished,
  };
}

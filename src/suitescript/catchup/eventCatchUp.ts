/**
 * The catch-up of missed webhooks, pure: which events to list from Stripe's `GET /v1/events`, which of them the
 * queue lacks, and where a run stopped. No N/ modules: netsuite/eventCatchUpRun.ts does the I/O.
 */
import type { FormParams } from '../stripe/apiRequest';
import type { ListPage } from '../stripe/pagination';
import type { ReceivedEvent, StoreResult } from '../webhooks/intake';

/** Stripe's API reference, "List all events": "List events, going back up to 30 days." */
export const STRIPE_EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;
/**
 * Each run lists again the last minutes before where the previous one ended: an event Stripe created in the
 * second a listing ran (`created` is whole seconds) or made listable a little late is still seen. The overlap
 * costs a dedupe query, never a second queue record.
 */
export const CATCH_UP_OVERLAP_SECONDS = 5 * 60;
/** How far back the first run looks when the settings say nothing. */
export const DEFAULT_LOOKBACK_DAYS = 3;
/** Stripe's page ceiling for list endpoints. */
export const EVENTS_PAGE_SIZE = 100;

/**
 * Governance one page needs at most (REFERENCE: https 10, SuiteQL 10, custom record create 2 + save 4 per
 * event, submitFields 2 for the checkpoint), plus the task submits that end a run (20 each: the queue
 * Map/Reduce and this script's own reschedule).
 */
export const PAGE_UNITS = 10 + 10 + EVENTS_PAGE_SIZE * (2 + 4) + 2;
export const FINISH_UNITS = 20 + 20;

/** A listing under way: the window it lists and the last event seen (Stripe lists newest first). */
export interface CatchUpRun {
  /** `created[gte]`: Unix seconds. */
  from: number;
  /** `created[lte]`: when the run started; later events are the next run's. */
  until: number;
  /** `starting_after`: the last (oldest) event of the last page done; null before the first page. */
  after: string | null;
  pages: number;
  stored: number;
  duplicates: number;
  /** Events of the other mode (live vs test): refused, as webhook intake refuses them. */
  skipped: number;
}

/** What the settings record keeps between runs. */
export interface CatchUpState {
  /** Every event created up to this time (Unix seconds) has been listed; null before the first run ends. */
  through: number | null;
  /** The run to resume, when the last one stopped for governance. */
  run: CatchUpRun | null;
}

/**
 * The run to do now: the unfinished one, else from where the last one ended (less the overlap), else the
 * lookback. Never before what Stripe still keeps: older events cannot be listed, and asking for them is not
 * an error but an empty answer.
 */
export function nextRun(state: CatchUpState, now: number, lookbackDays: number): CatchUpRun {
  if (state.run) return state.run;
  const wanted = state.through === null ? now - lookbackDays * 86_400 : state.through - CATCH_UP_OVERLAP_SECONDS;
  const from = Math.max(wanted, now - STRIPE_EVENT_RETENTION_SECONDS);
  return { from, until: now, after: null, pages: 0, stored: 0, duplicates: 0, skipped: 0 };
}

/** Whether events may have been lost for good: the last complete listing is older than Stripe keeps events. */
export function gapBeyondRetention(state: CatchUpState, now: number): boolean {
  return (
    state.run === null &&
    state.through !== null &&
    state.through - CATCH_UP_OVERLAP_SECONDS < now - STRIPE_EVENT_RETENTION_SECONDS
  );
}

/** The query of the run's next page. */
export function pageParams(run: CatchUpRun): FormParams {
  const params: { [key: string]: FormParams[string] } = {
    limit: EVENTS_PAGE_SIZE,
    created: { gte: run.from, lte: run.until },
  };
  if (run.after !== null) params['starting_after'] = run.after;
  return params;
}

/** A listed event as catch-up sees it. */
export interface ListedEvent {
  id: string;
  livemode?: unknown;
}

/**
 * The page's events the queue lacks, oldest first: Stripe lists newest first, and events of one object created
 * in the same second are applied in the order they were stored.
 */
export function missingEvents<T extends ListedEvent>(page: readonly T[], stored: ReadonlySet<string>): T[] {
  return page.filter((event) => !stored.has(event.id)).reverse();
}

export interface CatchUpDeps {
  /** Units the script has left (N/runtime). */
  remainingUnits(): number;
  /** One page of `GET /v1/events`. */
  fetchPage(params: FormParams): ListPage<ListedEvent & Record<string, unknown>>;
  /** Of these event IDs, the ones already in the queue (one query). */
  storedIds(ids: readonly string[]): ReadonlySet<string>;
  /** Webhook intake's own store: one queue record per event ID. */
  store(event: ReceivedEvent): StoreResult;
  /** Turns a listed event into what intake stores (its checks included). */
  describe(payload: string): ReceivedEvent;
  /** Writes the cursor after each page, so a stopped run resumes there. */
  saveRun(run: CatchUpRun): void;
  /** Records the listing complete through `until`, and no run under way. */
  complete(run: CatchUpRun): void;
  livemode: boolean;
}

export type CatchUpOutcome =
  | { status: 'complete'; run: CatchUpRun }
  /** Out of units for another page: the cursor is saved, the script must run again. */
  | { status: 'continue'; run: CatchUpRun };

/** Stores one page's missing events; counts them on `run`. */
function storePage(page: readonly (ListedEvent & Record<string, unknown>)[], run: CatchUpRun, deps: CatchUpDeps): void {
  const ids = page.map((event) => event.id);
  const stored = ids.length > 0 ? deps.storedIds(ids) : new Set<string>();
  run.duplicates += ids.length - missingEvents(page, stored).length;
  for (const event of missingEvents(page, stored)) {
    if (event.livemode !== deps.livemode) {
      run.skipped++;
      continue;
    }
    const result = deps.store(deps.describe(JSON.stringify(event)));
    if (result.status === 'stored') run.stored++;
    else run.duplicates++;
  }
}

/**
 * Lists the run's window page by page and queues what is missing, checkpointing after each page, until the
 * window is done or the units left could not pay for another page and the end of the run.
 */
export function catchUp(start: CatchUpRun, deps: CatchUpDeps): CatchUpOutcome {
  const run: CatchUpRun = { ...start };
  for (;;) {
    if (deps.remainingUnits() < PAGE_UNITS + FINISH_UNITS) {
      deps.saveRun(run);
      return { status: 'continue', run };
    }
    const page = deps.fetchPage(pageParams(run));
    storePage(page.data, run, deps);
    run.pages++;
    const last = page.data[page.data.length - 1];
    if (!page.has_more || last === undefined) {
      deps.complete(run);
      return { status: 'complete', run };
    }
    // A server that says "more" without moving the cursor would page forever.
    if (last.id === run.after) throw new Error(`Stripe GET /v1/events said has_more without a new last event`);
    run.after = last.id;
    deps.saveRun(run);
  }
}

/** The cursor as the settings record keeps it (a Text Area: a few hundred characters). */
export function runToText(run: CatchUpRun): string {
  return JSON.stringify(run);
}

function count(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * The cursor read back; null for an empty field, and for text that is no cursor (an admin's edit): the run then
 * starts again from where the last complete one ended, and the dedupe keeps that from doubling anything.
 */
export function runFromText(text: string): CatchUpRun | null {
  if (text.trim() === '') return null;
  let value: Partial<Record<keyof CatchUpRun, unknown>>;
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const { from, until, after, pages, stored, duplicates, skipped } = value;
  if (![from, until, pages, stored, duplicates, skipped].every(count)) return null;
  if (after !== null && (typeof after !== 'string' || !/^evt_[A-Za-z0-9]+$/.test(after))) return null;
  return {
    from: from as number,
    until: until as number,
    after,
    pages: pages as number,
    stored: stored as number,
    duplicates: duplicates as number,
    skipped: skipped as number,
  };
}

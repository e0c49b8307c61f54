import {
  catchUp,
  gapBeyondRetention,
  missingEvents,
  nextRun,
  pageParams,
  runFromText,
  runToText,
  type CatchUpDeps,
  type CatchUpRun,
  type ListedEvent,
} from '../../src/suitescript/catchup/eventCatchUp';
import { parseCatchUpSettings } from '../../src/suitescript/settings';
import { receivedEventOf, type ReceivedEvent, type StoreResult } from '../../src/suitescript/webhooks/intake';

const NOW = 1_800_000_000;
const DAY = 86_400;

function run(fields: Partial<CatchUpRun> = {}): CatchUpRun {
  return { from: NOW - DAY, until: NOW, after: null, pages: 0, stored: 0, duplicates: 0, skipped: 0, ...fields };
}

describe('which window a catch-up run lists', () => {
  it('first run: the lookback in days before now', () => {
    expect(nextRun({ through: null, run: null }, NOW, 3)).toEqual(run({ from: NOW - 3 * DAY }));
  });

  it('later runs: from five minutes before where the last complete listing ended, up to now', () => {
    expect(nextRun({ through: NOW - 3600, run: null }, NOW, 3)).toEqual(run({ from: NOW - 3600 - 300 }));
  });

  it('never further back than the 30 days Stripe keeps events', () => {
    expect(nextRun({ through: NOW - 45 * DAY, run: null }, NOW, 3).from).toBe(NOW - 30 * DAY);
    expect(gapBeyondRetention({ through: NOW - 45 * DAY, run: null }, NOW)).toBe(true);
    expect(gapBeyondRetention({ through: NOW - 29 * DAY, run: null }, NOW)).toBe(false);
  });

  it('a run that stopped resumes as it was, whatever the time now', () => {
    const stopped = run({ from: 100, until: 200, after: 'evt_9', pages: 3, stored: 250 });
    expect(nextRun({ through: 50, run: stopped }, NOW, 3)).toBe(stopped);
  });

  it('asks Stripe for 100 events created in the window, after the cursor once there is one', () => {
    expect(pageParams(run())).toEqual({ limit: 100, created: { gte: NOW - DAY, lte: NOW } });
    expect(pageParams(run({ after: 'evt_5' }))).toEqual({
      limit: 100,
      created: { gte: NOW - DAY, lte: NOW },
      starting_after: 'evt_5',
    });
  });
});

describe('what a page lacks', () => {
  it('the events not in the queue, oldest first (Stripe lists newest first)', () => {
    const page = [{ id: 'evt_3' }, { id: 'evt_2' }, { id: 'evt_1' }];
    expect(missingEvents(page, new Set(['evt_2']))).toEqual([{ id: 'evt_1' }, { id: 'evt_3' }]);
    expect(missingEvents(page, new Set(['evt_1', 'evt_2', 'evt_3']))).toEqual([]);
  });
});

describe('the cursor on the settings record', () => {
  it('reads back what it wrote', () => {
    const stopped = run({ after: 'evt_1Abc', pages: 2, stored: 150, duplicates: 40, skipped: 1 });
    expect(runFromText(runToText(stopped))).toEqual(stopped);
  });

  it('an empty field or text that is no cursor means no run under way', () => {
    expect(runFromText('')).toBeNull();
    expect(runFromText('not json')).toBeNull();
    expect(
      runFromText('{"from":1,"until":2,"after":"x; drop","pages":0,"stored":0,"duplicates":0,"skipped":0}'),
    ).toBeNull();
    expect(
      runFromText('{"from":-1,"until":2,"after":null,"pages":0,"stored":0,"duplicates":0,"skipped":0}'),
    ).toBeNull();
  });

  it('settings: lookback 1 to 30 days, 3 when empty; the state fields as written', () => {
    expect(parseCatchUpSettings({}, 3)).toEqual({ lookbackDays: 3, through: null, runText: '' });
    expect(
      parseCatchUpSettings(
        {
          custrecord_snc_set_catchup_days: '7',
          custrecord_snc_set_catchup_through: '1700',
          custrecord_snc_set_catchup_run: ' {} ',
        },
        3,
      ),
    ).toEqual({ lookbackDays: 7, through: 1700, runText: '{}' });
    expect(() => parseCatchUpSettings({ custrecord_snc_set_catchup_days: '31' }, 3)).toThrow(
      'custrecord_snc_set_catchup_days must be a whole number from 1 to 30',
    );
  });
});

type Listed = ListedEvent & Record<string, unknown>;

function stripeEvent(n: number, livemode = false): Listed {
  return {
    id: `evt_${n}`,
    object: 'event',
    type: 'customer.created',
    created: NOW - 10_000 + n,
    livemode,
    data: { object: { id: `cus_${n}`, object: 'customer' } },
  };
}

/** Stripe's list of events 1..count, newest first, pages of `limit`, with the queue and settings as fakes. */
function fakes(
  count: number,
  options: { queued?: string[]; units?: number[]; livemode?: (n: number) => boolean } = {},
) {
  const events = Array.from({ length: count }, (_, i) => stripeEvent(count - i, options.livemode?.(count - i)));
  const queue = new Map<string, ReceivedEvent>((options.queued ?? []).map((id) => [id, {} as ReceivedEvent]));
  const requests: Record<string, unknown>[] = [];
  const saved: CatchUpRun[] = [];
  const completed: CatchUpRun[] = [];
  const units = [...(options.units ?? [])];
  const deps: CatchUpDeps = {
    remainingUnits: () => units.shift() ?? 10_000,
    fetchPage: (params) => {
      requests.push(params);
      const after = params['starting_after'];
      const start = after === undefined ? 0 : events.findIndex((e) => e.id === after) + 1;
      const limit = Number(params['limit']);
      return { data: events.slice(start, start + limit), has_more: start + limit < events.length };
    },
    storedIds: (ids) => new Set(ids.filter((id) => queue.has(id))),
    store: (event): StoreResult => {
      if (queue.has(event.eventId)) return { status: 'duplicate' };
      queue.set(event.eventId, event);
      return { status: 'stored', queueId: queue.size };
    },
    describe: receivedEventOf,
    saveRun: (r) => saved.push({ ...r }),
    complete: (r) => completed.push({ ...r }),
    livemode: false,
  };
  return { deps, queue, requests, saved, completed };
}

describe('a catch-up run', () => {
  it('pages through the window and queues each missing event once, as intake describes it', () => {
    const f = fakes(250, { queued: ['evt_7', 'evt_200'] });
    const outcome = catchUp(run(), f.deps);
    expect(outcome).toEqual({
      status: 'complete',
      run: run({ after: 'evt_51', pages: 3, stored: 248, duplicates: 2 }),
    });
    expect(f.requests.map((r) => r['starting_after'])).toEqual([undefined, 'evt_151', 'evt_51']);
    expect(f.queue.size).toBe(250);
    expect(f.queue.get('evt_3')).toMatchObject({ eventId: 'evt_3', type: 'customer.created', objectId: 'cus_3' });
    expect(f.saved.map((r) => r.after)).toEqual(['evt_151', 'evt_51']);
    expect(f.completed).toHaveLength(1);
  });

  it('stops before a page it could not pay for, with the cursor saved, and the next run resumes there', () => {
    const first = fakes(250, { units: [10_000, 10_000, 500] });
    const stopped = catchUp(run(), first.deps);
    expect(stopped).toEqual({ status: 'continue', run: run({ after: 'evt_51', pages: 2, stored: 200 }) });
    expect(first.saved.at(-1)).toEqual(stopped.run);
    expect(first.completed).toEqual([]);

    const resumed = catchUp(stopped.run, { ...first.deps, remainingUnits: () => 10_000 });
    expect(resumed).toEqual({ status: 'complete', run: run({ after: 'evt_51', pages: 3, stored: 250 }) });
    expect(first.requests.at(-1)?.['starting_after']).toBe('evt_51');
    expect(first.queue.size).toBe(250);
  });

  it('a late webhook stored between the lookup and the write is a duplicate, not a second record', () => {
    const f = fakes(3);
    const store = f.deps.store;
    f.deps.store = (event) => (event.eventId === 'evt_2' ? { status: 'duplicate' } : store(event));
    expect(catchUp(run(), f.deps).run).toMatchObject({ stored: 2, duplicates: 1 });
  });

  it('events of the other mode are refused as intake refuses them', () => {
    const f = fakes(4, { livemode: (n) => n === 4 });
    expect(catchUp(run(), f.deps).run).toMatchObject({ stored: 3, skipped: 1 });
    expect(f.queue.has('evt_4')).toBe(false);
  });

  it('an empty window completes after one request', () => {
    const f = fakes(0);
    expect(catchUp(run(), f.deps)).toEqual({ status: 'complete', run: run({ pages: 1 }) });
  });
});

import type { ModuleContext } from '../src/context';
import { createSearchModule, type SearchModule, type SearchResult } from '../src/modules/search';
import { type Account, makeAccount, makeContext } from './suiteql_fixture';
import { errorOf } from './helpers/errors';

/**
 * Saved searches (Search.save, search.load) and numeric formula filters. Sources: Oracle help "Search.save()",
 * "search.load(options)", "Search.id", "Search.searchId", "search.createFilter(options)"; Oracle Database SQL
 * Language Reference for the formula arithmetic. Guesses are named as such (emulator/README.md).
 */
let account: Account;
let context: ModuleContext;
let search: SearchModule;
beforeEach(async () => {
  account = await makeAccount();
  context = makeContext(account, 10_000);
  search = createSearchModule(context);
});

function ids(s: { run(): { getRange(o: { start: number; end: number }): SearchResult[] } }): string[] {
  return s
    .run()
    .getRange({ start: 0, end: 100 })
    .map((r) => r.id);
}

function eventSearch(options: { title?: string; id?: string } = {}) {
  return search.create({
    type: 'customrecord_snc_event',
    filters: [['custrecord_snc_status', 'is', 'pending']],
    columns: [{ name: 'name', sort: 'DESC' }],
    ...options,
  });
}

describe('Search.save()', () => {
  test('returns the internal ID as a number and costs 5 units (Oracle help, "Search.save()")', () => {
    const before = context.invocation.used;
    const searchId = eventSearch({ title: 'Pending events', id: 'customsearch_pending' }).save();
    expect(typeof searchId).toBe('number');
    expect(searchId).toBeGreaterThan(0);
    expect(context.invocation.used - before).toBe(5);
  });

  test('a new search needs a title: SSS_MISSING_REQD_ARGUMENT (Oracle help, "Search.save()")', () => {
    expect(errorOf(() => eventSearch({ id: 'customsearch_untitled' }).save()).name).toBe('SSS_MISSING_REQD_ARGUMENT');
  });

  test('without an ID NetSuite generates a customsearch script ID (Oracle help, "Search.id")', () => {
    const s = eventSearch({ title: 'No ID' });
    const searchId = s.save();
    expect(s.id).toBe(`customsearch${searchId}`);
    expect(s.searchId).toBe(searchId);
  });

  test('a script ID already saved: SSS_DUPLICATE_SEARCH_SCRIPT_ID (Oracle help, "Search.save()")', () => {
    eventSearch({ title: 'First', id: 'customsearch_same' }).save();
    const error = errorOf(() => eventSearch({ title: 'Second', id: 'customsearch_same' }).save());
    expect(error.name).toBe('SSS_DUPLICATE_SEARCH_SCRIPT_ID');
    expect(error.message).toContain('use search.load()');
  });

  test('a title already saved: NAME_ALREADY_IN_USE (Oracle help, "Search.save()")', () => {
    eventSearch({ title: 'Same title', id: 'customsearch_one' }).save();
    expect(errorOf(() => eventSearch({ title: 'Same title', id: 'customsearch_two' }).save()).name).toBe(
      'NAME_ALREADY_IN_USE',
    );
  });

  test('guess: a script ID not starting with customsearch is refused (SSS_INVALID_SRCH_ID)', () => {
    expect(errorOf(() => eventSearch({ title: 'Bad ID', id: 'mysearch' }).save()).name).toBe('SSS_INVALID_SRCH_ID');
  });

  test('Search.save takes no options (Oracle help, "Search.save()": set title and id on the search)', () => {
    const s = eventSearch();
    expect(errorOf(() => (s.save as (o: object) => number)({ title: 'x', id: 'customsearch_x' })).name).toBe(
      'EMULATOR_UNSUPPORTED',
    );
  });
});

describe('search.load(options)', () => {
  test('loads by script ID or internal ID; runs as the saved definition; 5 units (Oracle help, "search.load(options)")', () => {
    const searchId = eventSearch({ title: 'Pending', id: 'customsearch_pending' }).save();
    const before = context.invocation.used;
    const byScriptId = search.load({ id: 'customsearch_pending' });
    expect(context.invocation.used - before).toBe(5);
    const byInternalId = search.load({ id: searchId });
    const expected = [String(account.ids.ev3), String(account.ids.ev1)]; // name DESC: EVT_3 before evt_1
    expect(ids(byScriptId)).toEqual(expected);
    expect(ids(byInternalId)).toEqual(expected);
    expect(byScriptId.searchId).toBe(searchId);
    expect(byScriptId.title).toBe('Pending');
    expect(byScriptId.id).toBe('customsearch_pending');
  });

  test('a loaded search saved again updates the saved search, keeping its internal ID (Oracle help, "Search.save()")', () => {
    const searchId = eventSearch({ title: 'Pending', id: 'customsearch_pending' }).save();
    const loaded = search.load({ id: 'customsearch_pending' });
    loaded.filters = [search.createFilter({ name: 'custrecord_snc_processed', operator: 'is', values: 'T' })];
    loaded.title = 'Processed';
    expect(loaded.save()).toBe(searchId);
    const again = search.load({ id: searchId });
    expect(again.title).toBe('Processed');
    expect(ids(again)).toEqual([String(account.ids.ev2)]);
  });

  test('changes to a search after saving stay out of the saved search until it is saved again', () => {
    const s = eventSearch({ title: 'Pending', id: 'customsearch_pending' });
    s.save();
    s.filters = [search.createFilter({ name: 'custrecord_snc_processed', operator: 'is', values: 'T' })];
    expect(ids(search.load({ id: 'customsearch_pending' }))).toEqual([
      String(account.ids.ev3),
      String(account.ids.ev1),
    ]);
  });

  test('guess: a missing saved search is INVALID_SEARCH "That search or mass update does not exist."', () => {
    const error = errorOf(() => search.load({ id: 'customsearch_missing' }));
    expect(error.name).toBe('INVALID_SEARCH');
    expect(error.message).toBe('That search or mass update does not exist.');
  });

  test('summary columns survive save and load', () => {
    search
      .create({
        type: 'customrecord_snc_event',
        title: 'By status',
        id: 'customsearch_by_status',
        columns: [
          { name: 'custrecord_snc_status', summary: 'GROUP' },
          { name: 'internalid', summary: 'COUNT' },
        ],
      })
      .save();
    const rows = search
      .load({ id: 'customsearch_by_status' })
      .run()
      .getRange({ start: 0, end: 10 })
      .map((r) => r.toJSON().values);
    expect(rows).toEqual([
      { 'GROUP(custrecord_snc_status)': 'pending', 'COUNT(internalid)': '2' },
      { 'GROUP(custrecord_snc_status)': 'done', 'COUNT(internalid)': '1' },
    ]);
  });
});

describe('formulanumeric filters (Oracle help, "search.createFilter(options)": options.formula)', () => {
  const names = (filters: unknown[]): string[] =>
    search
      .create({ type: 'customrecord_snc_event', filters, columns: ['name'] })
      .run()
      .getRange({ start: 0, end: 10 })
      .map((r) => String(r.getValue('name')));

  test('a formula over a number field, as a Filter object and as a filter expression', () => {
    const filter = search.createFilter({
      name: 'formulanumeric',
      formula: '{custrecord_snc_amount} * 2',
      operator: 'greaterthan',
      values: 20,
    });
    expect(names([filter])).toEqual(['evt_1']);
    expect(names([['formulanumeric: {custrecord_snc_amount} * 2', 'greaterthan', 20]])).toEqual(['evt_1']);
  });

  test('date − date is days (Oracle SQL, "Datetime/Interval Arithmetic"); an empty field makes the formula NULL', () => {
    // now 2024-06-15 12:00; evt_1 received 06-01 09:30:05 (338.5 h ago), evt_2 06-02 18:00 (306 h), EVT_3 none.
    expect(names([['formulanumeric: (SYSTIMESTAMP - {custrecord_snc_received}) * 24', 'greaterthan', 320]])).toEqual([
      'evt_1',
    ]);
  });

  test('Unix seconds now: ROUND((CAST(SYS_EXTRACT_UTC(SYSTIMESTAMP) AS DATE) - TO_DATE(…)) * 86400)', () => {
    const nowSeconds = Math.round(context.services.now().getTime() / 1000);
    const formula =
      "formulanumeric: ROUND((CAST(SYS_EXTRACT_UTC(SYSTIMESTAMP) AS DATE) - TO_DATE('1970-01-01', 'YYYY-MM-DD')) * 86400)";
    expect(names([[formula, 'equalto', nowSeconds]])).toEqual(['evt_1', 'evt_2', 'EVT_3']);
  });

  test('formula filters survive save and load', () => {
    search
      .create({
        type: 'customrecord_snc_event',
        title: 'Big',
        id: 'customsearch_big',
        filters: [['formulanumeric: {custrecord_snc_amount} * 2', 'greaterthan', 20]],
      })
      .save();
    expect(ids(search.load({ id: 'customsearch_big' }))).toEqual([String(account.ids.ev1)]);
  });

  test('an unknown {field} is SSS_INVALID_SRCH_FILTER; a formula filter without a formula SSS_MISSING_REQD_ARGUMENT', () => {
    expect(errorOf(() => names([['formulanumeric: {nope} + 1', 'greaterthan', 0]])).name).toBe(
      'SSS_INVALID_SRCH_FILTER',
    );
    expect(
      errorOf(() => search.createFilter({ name: 'formulanumeric', operator: 'greaterthan', values: 1 })).name,
    ).toBe('SSS_MISSING_REQD_ARGUMENT');
  });

  test('not modelled, failing loudly: {now}, other formula types, other functions', () => {
    for (const filter of [
      ['formulanumeric: {now} - {custrecord_snc_received}', 'greaterthan', 0],
      ['formulatext: {name}', 'is', 'evt_1'],
      ['formulanumeric: LENGTH({name})', 'greaterthan', 0],
    ]) {
      expect(errorOf(() => names([filter])).name).toBe('EMULATOR_UNSUPPORTED');
    }
  });
});

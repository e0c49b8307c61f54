import { MAP_REDUCE_INPUT, type ModuleContext } from '../src/context';
import { createSearchModule, type SearchModule, type SearchResult } from '../src/modules/search';
import { type Account, makeAccount, makeContext } from './suiteql_fixture';
import { errorOf } from './helpers/errors';

let account: Account;
let context: ModuleContext;
let search: SearchModule;
beforeEach(async () => {
  account = await makeAccount();
  context = makeContext(account);
  search = createSearchModule(context);
});

function all(s: ReturnType<SearchModule['create']>): SearchResult[] {
  const out: SearchResult[] = [];
  s.run().each((result) => {
    out.push(result);
    return true;
  });
  return out;
}

describe('search.create and filters', () => {
  test('filter expression with externalid anyof, AND, OR, NOT and nesting', () => {
    const s = search.create({
      type: 'customrecord_snc_event',
      filters: [
        ['externalid', 'anyof', ['evt_1', 'evt_2', 'evt_3']],
        'AND',
        [['custrecord_snc_status', 'is', 'PENDING'], 'OR', ['custrecord_snc_processed', 'is', 'T']],
        'AND',
        ['NOT', ['isinactive', 'is', 'T']],
      ],
      columns: ['name'],
    });
    expect(all(s).map((r) => r.getValue('name'))).toEqual(['evt_1', 'evt_2']);
  });

  test('createFilter objects are ANDed', () => {
    const s = search.create({
      type: search.Type['CUSTOMER'] as string,
      filters: [
        search.createFilter({ name: 'isinactive', operator: search.Operator['IS'] as string, values: false }),
        search.createFilter({ name: 'email', operator: 'isnotempty' }),
      ],
      columns: ['entityid'],
    });
    expect(all(s).map((r) => r.id)).toEqual([String(account.ids.acme)]);
  });

  test('internalid anyof / noneof, @NONE@ for empty selects', () => {
    const { ids } = account;
    const byId = search.create({ type: 'customer', filters: [['internalid', 'anyof', ids.globex, ids.inactive]] });
    expect(all(byId).map((r) => r.id)).toEqual([String(ids.globex), String(ids.inactive)]);
    const none = search.create({
      type: 'customrecord_snc_event',
      filters: [['custrecord_snc_customer', 'anyof', '@NONE@']],
    });
    expect(all(none).map((r) => r.id)).toEqual([String(ids.ev3)]);
    const notAcme = search.create({
      type: 'customrecord_snc_event',
      filters: [['custrecord_snc_customer', 'noneof', ids.acme]],
    });
    expect(all(notAcme).map((r) => r.id)).toEqual([String(ids.ev2), String(ids.ev3)]);
  });

  test('text operators are case-insensitive: contains, startswith, is, isnot, isempty', () => {
    const names = (filters: unknown[]) =>
      all(search.create({ type: 'customrecord_snc_event', filters, columns: ['name'] })).map((r) => r.getValue('name'));
    expect(names([['name', 'startswith', 'EVT_']])).toEqual(['evt_1', 'evt_2', 'EVT_3']);
    expect(names([['name', 'contains', '_2']])).toEqual(['evt_2']);
    expect(names([['name', 'isnot', 'evt_1']])).toEqual(['evt_2', 'EVT_3']);
    expect(names([['custrecord_snc_received', 'isempty', '']])).toEqual(['EVT_3']);
  });

  test('number and date operators', () => {
    const names = (filters: unknown[]) =>
      all(search.create({ type: 'customrecord_snc_event', filters, columns: ['name'] })).map((r) => r.getValue('name'));
    expect(names([['custrecord_snc_amount', 'greaterthan', 10]])).toEqual(['evt_1']);
    expect(names([['custrecord_snc_amount', 'lessthan', 10]])).toEqual(['evt_2']);
    expect(names([['custrecord_snc_amount', 'equalto', 7]])).toEqual(['evt_2']);
    expect(names([['custrecord_snc_received', 'onorafter', '6/2/2024']])).toEqual(['evt_2']);
    expect(names([['custrecord_snc_received', 'onorbefore', '6/1/2024']])).toEqual(['evt_1']);
    expect(names([['custrecord_snc_received', 'within', '6/1/2024', '6/30/2024']])).toEqual(['evt_1', 'evt_2']);
    // the emulator clock says 6/15/2024
    expect(names([['custrecord_snc_received', 'within', 'thismonth']])).toEqual(['evt_1', 'evt_2']);
    expect(names([['custrecord_snc_received', 'before', 'daysago13']])).toEqual(['evt_1']);
  });

  test('unknown fields, operators and joins fail loudly at create', () => {
    expect(errorOf(() => search.create({ type: 'customer', filters: [['nope', 'is', 'x']] })).name).toBe(
      'SSS_INVALID_SRCH_FILTER',
    );
    expect(errorOf(() => search.create({ type: 'customer', filters: [['email', 'sortof', 'x']] })).name).toBe(
      'SSS_INVALID_SRCH_OPERATOR',
    );
    expect(errorOf(() => search.create({ type: 'customer', filters: [['email', 'greaterthan', 1]] })).name).toBe(
      'SSS_INVALID_SRCH_OPERATOR',
    );
    expect(errorOf(() => search.create({ type: 'customer', columns: ['nope'] })).name).toBe('SSS_INVALID_SRCH_COL');
    expect(errorOf(() => search.create({ type: 'invoice', columns: [{ name: 'email', join: 'nope' }] })).name).toBe(
      'SSS_INVALID_SRCH_COL_JOIN',
    );
    expect(errorOf(() => search.create({ type: 'customrecord_nope' })).name).toBe('SSS_INVALID_RECORD_TYPE');
    expect(
      errorOf(() =>
        search.create({
          type: 'customer',
          filters: [
            ['email', 'is', 'x'],
            ['email', 'is', 'y'],
          ],
        }),
      ).name,
    ).toBe('SSS_INVALID_SRCH_FILTER_EXPR');
    expect(errorOf(() => search.createColumn({ name: 'formulatext', formula: '{email}' })).name).toBe(
      'EMULATOR_UNSUPPORTED',
    );
    expect(errorOf(() => search.create({ type: 'customer', filters: [['email', 'haskeywords', 'x']] })).name).toBe(
      'EMULATOR_UNSUPPORTED',
    );
  });
});

describe('transaction searches', () => {
  test("type 'transaction' spans all transaction types; mainline is T gives one row per transaction", () => {
    const s = search.create({
      type: search.Type['TRANSACTION'] as string,
      filters: [['mainline', 'is', 'T'], 'AND', ['externalid', 'anyof', ['in_1', 'ns_memo:re_1', 'ch_1']]],
      columns: ['tranid', 'type', 'entity', 'amount'],
    });
    const results = all(s);
    expect(
      results.map((r) => [r.recordType, r.id, r.getValue('tranid'), r.getValue('type'), r.getText('type')]),
    ).toEqual([
      ['invoice', String(account.ids.inv1), 'INV1', 'CustInvc', 'Invoice'],
      ['creditmemo', String(account.ids.memo1), 'CM1', 'CustCred', 'Credit Memo'],
      ['customerpayment', String(account.ids.pay1), 'PYMT1', 'CustPymt', 'Payment'],
    ]);
    expect(results[0]?.getValue('amount')).toBe('30.00');
    expect(results[0]?.getValue('entity')).toBe(String(account.ids.acme));
    expect(results[0]?.getText('entity')).toBe('CUST1 Acme');
  });

  test('without a mainline filter a transaction search returns a row per line', () => {
    const s = search.create({
      type: 'invoice',
      filters: [['internalid', 'anyof', account.ids.inv1]],
      columns: ['line', 'item', 'quantity', 'amount', search.createColumn({ name: 'mainline' })],
    });
    expect(
      all(s).map((r) => [r.getValue('line'), r.getValue('item'), r.getValue('quantity'), r.getValue('amount')]),
    ).toEqual([
      ['0', '', '', '30.00'],
      ['1', String(account.ids.service), '2', '20.00'],
      ['2', String(account.ids.service), '1', '10.00'],
    ]);
    const lines = search.create({
      type: 'invoice',
      filters: [['mainline', 'is', 'F'], 'AND', ['type', 'anyof', 'CustInvc']],
    });
    expect(all(lines)).toHaveLength(3);
  });

  test('joined columns and filters read the referenced record', () => {
    const s = search.create({
      type: 'invoice',
      filters: [['mainline', 'is', 'T'], 'AND', ['customer.email', 'is', 'billing@acme.test']],
      columns: [search.createColumn({ name: 'email', join: 'customer' }), 'tranid'],
    });
    const results = all(s);
    expect(results.map((r) => r.getValue({ name: 'email', join: 'customer' }))).toEqual(['billing@acme.test']);
    expect(results[0]?.toJSON()).toEqual({
      recordType: 'invoice',
      id: String(account.ids.inv1),
      values: { 'email.customer': 'billing@acme.test', tranid: 'INV1' },
    });
  });

  test('summary columns group and aggregate', () => {
    const s = search.create({
      type: 'transaction',
      filters: [['mainline', 'is', 'T']],
      columns: [
        search.createColumn({ name: 'type', summary: 'GROUP' }),
        search.createColumn({ name: 'internalid', summary: 'COUNT' }),
        search.createColumn({ name: 'amount', summary: 'SUM' }),
      ],
    });
    const rows = all(s).map((r) => [
      r.getValue({ name: 'type', summary: 'group' }),
      r.getValue({ name: 'internalid', summary: 'count' }),
      r.getValue({ name: 'amount', summary: 'sum' }),
    ]);
    expect(rows).toEqual([
      ['CustInvc', '2', '130.00'],
      ['CustCred', '1', '10.00'],
      ['CustPymt', '1', '100.00'],
    ]);
    expect(
      errorOf(() => search.create({ type: 'transaction', columns: [{ name: 'type', summary: 'group' }, 'tranid'] }))
        .name,
    ).toBe('SSS_INVALID_SRCH_COLUMN_SUM');
  });

  test('sorted columns order the results', () => {
    const s = search.create({
      type: 'customrecord_snc_event',
      columns: [search.createColumn({ name: 'custrecord_snc_amount', sort: search.Sort.DESC }), 'name'],
    });
    expect(all(s).map((r) => r.getValue('name'))).toEqual(['evt_1', 'evt_2', 'EVT_3']);
  });
});

describe('result values', () => {
  test('getValue: checkboxes booleans, selects IDs, dates M/D/YYYY, currency two decimals; getText for selects', () => {
    const s = search.create({
      type: 'customrecord_snc_event',
      filters: [['internalid', 'anyof', account.ids.ev1]],
      columns: [
        'custrecord_snc_processed',
        'custrecord_snc_customer',
        'custrecord_snc_received',
        'custrecord_snc_amount',
        'name',
      ],
    });
    const [result] = all(s);
    expect(result?.getValue('custrecord_snc_processed')).toBe(false);
    expect(result?.getValue('custrecord_snc_customer')).toBe(String(account.ids.acme));
    expect(result?.getText('custrecord_snc_customer')).toBe('CUST1 Acme');
    expect(result?.getValue('custrecord_snc_received')).toBe('6/1/2024 9:30 am');
    expect(result?.getValue('custrecord_snc_amount')).toBe('12.50');
    expect(result?.getText('name')).toBeNull();
    expect(result?.getValue('email')).toBeNull();
  });

  test('map/reduce input: key = internal ID, value = NetSuite JSON of the result', () => {
    const s = search.create({
      type: 'customrecord_snc_event',
      filters: [['isinactive', 'is', 'F']],
      columns: ['name', 'custrecord_snc_processed', 'custrecord_snc_customer'],
    });
    const pairs = s[MAP_REDUCE_INPUT]();
    expect(pairs.map((p) => p.key)).toEqual([String(account.ids.ev1), String(account.ids.ev2)]);
    expect(JSON.parse(pairs[0]?.value ?? '')).toEqual({
      recordType: 'customrecord_snc_event',
      id: String(account.ids.ev1),
      values: {
        name: 'evt_1',
        custrecord_snc_processed: 'F',
        custrecord_snc_customer: { value: String(account.ids.acme), text: 'CUST1 Acme' },
      },
    });
    expect(context.invocation.used).toBe(0);
  });
});

describe('limits and governance', () => {
  function bulk(n: number): void {
    for (let i = 0; i < n; i++)
      account.store.insert('customrecord_snc_event', { fields: { name: `bulk_${i}` }, sublists: {} });
  }

  test('each: 10 units per call, stops when the callback does not return true', () => {
    const s = search.create({ type: 'customrecord_snc_event' });
    let seen = 0;
    s.run().each(() => {
      seen++;
      return false;
    });
    expect(seen).toBe(1);
    expect(context.invocation.summary()).toEqual({ 'ResultSet.each': { count: 1, units: 10 } });
  });

  test('each fails past 4,000 results', () => {
    bulk(4000);
    const s = search.create({ type: 'customrecord_snc_event' });
    let seen = 0;
    const error = errorOf(() =>
      s.run().each(() => {
        seen++;
        return true;
      }),
    );
    expect(error.name).toBe('SSS_SEARCH_FOR_EACH_LIMIT_EXCEEDED');
    expect(seen).toBe(4000);
  });

  test('getRange: at most 1,000 results per call, 10 units', () => {
    bulk(1200);
    const resultSet = search.create({ type: 'customrecord_snc_event' }).run();
    expect(resultSet.getRange({ start: 1000, end: 2000 })).toHaveLength(203);
    expect(errorOf(() => resultSet.getRange({ start: 0, end: 1001 })).name).toBe('SSS_SEARCH_RESULT_LIMIT_EXCEEDED');
    expect(context.invocation.used).toBe(10);
  });

  test('runPaged: 5 units, fetch 5 units each, pageSize 5..1000', () => {
    bulk(12);
    const paged = search.create({ type: 'customrecord_snc_event' }).runPaged({ pageSize: 5 });
    expect(paged.count).toBe(15);
    expect(paged.pageRanges.map((r) => r.index)).toEqual([0, 1, 2]);
    const last = paged.fetch({ index: 2 });
    expect(last.isLast).toBe(true);
    expect(last.data).toHaveLength(5);
    expect(last.prev().pageRange.index).toBe(1);
    expect(context.invocation.summary()).toEqual({
      'Search.runPaged': { count: 1, units: 5 },
      'PagedData.fetch': { count: 2, units: 10 },
    });
    expect(errorOf(() => paged.fetch({ index: 3 })).name).toBe('INVALID_PAGE_RANGE');
    const s = search.create({ type: 'customrecord_snc_event' });
    expect(errorOf(() => s.runPaged({ pageSize: 1001 })).name).toBe('INVALID_PAGE_SIZE');
    expect(errorOf(() => s.runPaged({ pageSize: 4 })).name).toBe('INVALID_PAGE_SIZE');
  });

  test('a 1,000-unit script dies on the 101st each', () => {
    const limited = makeContext(account, 1000);
    const module = createSearchModule(limited);
    const s = module.create({ type: 'currency' });
    for (let i = 0; i < 100; i++) s.run().each(() => true);
    expect(errorOf(() => s.run().each(() => true)).name).toBe('SSS_USAGE_LIMIT_EXCEEDED');
  });
});

describe('search.lookupFields', () => {
  test('selects as [{value, text}], checkboxes as booleans, text as strings; 1 unit', () => {
    const values = search.lookupFields({
      type: 'customrecord_snc_event',
      id: account.ids.ev2,
      columns: [
        'name',
        'custrecord_snc_processed',
        'custrecord_snc_customer',
        'custrecord_snc_amount',
        'custrecord_snc_customer.email',
      ],
    });
    expect(values).toEqual({
      name: 'evt_2',
      custrecord_snc_processed: true,
      custrecord_snc_customer: [{ value: String(account.ids.globex), text: 'CUST2 Globex' }],
      custrecord_snc_amount: '7.00',
      'custrecord_snc_customer.email': '',
    });
    expect(context.invocation.used).toBe(1);
  });

  test('empty selects are [] and unknown columns fail', () => {
    expect(
      search.lookupFields({ type: 'customrecord_snc_event', id: account.ids.ev3, columns: 'custrecord_snc_customer' }),
    ).toEqual({ custrecord_snc_customer: [] });
    expect(errorOf(() => search.lookupFields({ type: 'customer', id: account.ids.acme, columns: ['nope'] })).name).toBe(
      'SSS_INVALID_SRCH_COL',
    );
  });

  test('transaction body fields and a join through the entity', () => {
    expect(
      search.lookupFields({
        type: 'invoice',
        id: account.ids.inv1,
        columns: ['tranid', 'entity', 'customer.companyname', 'amount'],
      }),
    ).toEqual({
      tranid: 'INV1',
      entity: [{ value: String(account.ids.acme), text: 'CUST1 Acme' }],
      'customer.companyname': 'Acme Inc',
      amount: '30.00',
    });
  });
});

import { MAP_REDUCE_INPUT } from '../src/context';
import { createQueryModule, suiteQLReference } from '../src/modules/query';
import { type Account, makeAccount, makeContext } from './suiteql_fixture';
import { errorOf } from './helpers/errors';

let account: Account;
beforeEach(async () => {
  account = await makeAccount();
});

const rows = (sql: string, params: unknown[] = []) => account.engine.query(sql, params).rows;

describe('SuiteQL engine: tables', () => {
  test('transaction spans every transaction type, with NetSuite codes and analytics column names', () => {
    const { ids } = account;
    expect(rows('SELECT id, type, recordtype, tranid, entity, foreigntotal FROM transaction ORDER BY id')).toEqual([
      { id: ids.inv1, type: 'CustInvc', recordtype: 'invoice', tranid: 'INV1', entity: ids.acme, foreigntotal: 30 },
      { id: ids.inv2, type: 'CustInvc', recordtype: 'invoice', tranid: 'INV2', entity: ids.globex, foreigntotal: 100 },
      { id: ids.memo1, type: 'CustCred', recordtype: 'creditmemo', tranid: 'CM1', entity: ids.acme, foreigntotal: 10 },
      // a payment's customer is the transaction's entity; its payment amount the total
      {
        id: ids.pay1,
        type: 'CustPymt',
        recordtype: 'customerpayment',
        tranid: 'PYMT1',
        entity: ids.globex,
        foreigntotal: 100,
      },
    ]);
  });

  test('record field names NetSuite exposes under another name are unknown identifiers', () => {
    const error = errorOf(() => rows('SELECT total FROM transaction'));
    expect(error.name).toBe('SSS_SEARCH_ERROR_OCCURRED');
    expect(error.message).toBe(
      "Search error occurred: Unknown identifier 'total'. Available identifiers are: {transaction=transaction}.",
    );
  });

  test('dates come back in the user date format, datetimes without time', () => {
    expect(rows('SELECT trandate FROM transaction WHERE id = ?', [account.ids.inv2])).toEqual([
      { trandate: '2/29/2024' },
    ]);
    expect(rows('SELECT custrecord_snc_received FROM customrecord_snc_event WHERE id = ?', [account.ids.ev1])).toEqual([
      { custrecord_snc_received: '6/1/2024' },
    ]);
  });

  test('TO_CHAR formats dates and TO_DATE compares them', () => {
    expect(
      rows(
        "SELECT TO_CHAR(custrecord_snc_received, 'YYYY-MM-DD HH24:MI:SS') AS received FROM customrecord_snc_event WHERE id = ?",
        [account.ids.ev1],
      ),
    ).toEqual([{ received: '2024-06-01 09:30:05' }]);
    expect(
      rows(
        "SELECT tranid FROM transaction WHERE trandate >= TO_DATE(?, 'YYYY-MM-DD') AND trandate < DATE '2024-03-02' ORDER BY trandate",
        ['2024-02-29'],
      ),
    ).toEqual([{ tranid: 'INV2' }, { tranid: 'CM1' }]);
  });

  test("checkboxes are 'T'/'F', select fields internal IDs, multi-selects a list of IDs", () => {
    const { ids } = account;
    expect(
      rows(
        'SELECT id, custrecord_snc_processed, custrecord_snc_customer, custrecord_snc_tags, isinactive FROM customrecord_snc_event ORDER BY id',
      ),
    ).toEqual([
      {
        id: ids.ev1,
        custrecord_snc_processed: 'F',
        custrecord_snc_customer: ids.acme,
        custrecord_snc_tags: `${ids.acme}, ${ids.globex}`,
        isinactive: 'F',
      },
      {
        id: ids.ev2,
        custrecord_snc_processed: 'T',
        custrecord_snc_customer: ids.globex,
        custrecord_snc_tags: null,
        isinactive: 'F',
      },
      {
        id: ids.ev3,
        custrecord_snc_processed: 'F',
        custrecord_snc_customer: null,
        custrecord_snc_tags: null,
        isinactive: 'T',
      },
    ]);
  });

  test('custom record tables have id, name, externalid, isinactive, created and lastmodified', () => {
    expect(account.engine.columnsOf('customrecord_snc_event')).toEqual(
      expect.arrayContaining([
        'id',
        'name',
        'externalid',
        'isinactive',
        'created',
        'lastmodified',
        'custrecord_snc_status',
      ]),
    );
    expect(account.engine.columnsOf('customer')).toEqual(
      expect.arrayContaining(['id', 'entityid', 'datecreated', 'lastmodifieddate', 'isinactive']),
    );
  });

  test('transactionline: a main line (id 0) plus the item lines, sales lines with the revenue sign', () => {
    const { ids } = account;
    expect(
      rows(
        'SELECT id, mainline, item, quantity, rate, foreignamount, memo FROM transactionline WHERE transaction = ? ORDER BY id',
        [ids.inv1],
      ),
    ).toEqual([
      { id: 0, mainline: 'T', item: null, quantity: null, rate: null, foreignamount: 30, memo: 'Stripe: in_1' },
      { id: 1, mainline: 'F', item: ids.service, quantity: -2, rate: 10, foreignamount: -20, memo: 'Basic plan x2' },
      { id: 2, mainline: 'F', item: ids.service, quantity: -1, rate: 10, foreignamount: -10, memo: 'Basic plan' },
    ]);
    // a credit memo's lines keep their sign; a payment's apply sublist is not transaction lines
    expect(
      rows("SELECT foreignamount FROM transactionline WHERE transaction = ? AND mainline = 'F'", [ids.memo1]),
    ).toEqual([{ foreignamount: 10 }]);
    expect(rows('SELECT id FROM transactionline WHERE transaction = ?', [ids.pay1])).toEqual([{ id: 0 }]);
  });

  test('transactionaccountingline comes from the GL, in base currency, debit/credit NULL when zero', () => {
    const { ids } = account;
    expect(
      rows(
        'SELECT account, debit, credit, amount, posting FROM transactionaccountingline WHERE transaction = ? ORDER BY transactionline',
        [ids.inv2],
      ),
    ).toEqual([
      { account: ids.ar, debit: 110, credit: null, amount: 110, posting: 'T' },
      { account: ids.revenue, debit: null, credit: 110, amount: -110, posting: 'T' },
    ]);
  });

  test('item spans every item type with itemtype; entity spans entities', () => {
    expect(rows('SELECT id, itemtype, itemid FROM item ORDER BY id')).toEqual([
      { id: account.ids.service, itemtype: 'Service', itemid: 'price_basic' },
      { id: account.ids.discount, itemtype: 'Discount', itemid: 'coupon_10' },
    ]);
    expect(rows("SELECT COUNT(*) AS n FROM entity WHERE type = 'CustJob'")).toEqual([{ n: 3 }]);
  });
});

describe('SuiteQL engine: syntax', () => {
  test('joins, IN lists and ? parameters (booleans as T/F)', () => {
    expect(
      rows(
        'SELECT t.tranid, c.companyname FROM transaction t INNER JOIN customer c ON c.id = t.entity WHERE t.externalid IN (?, ?) AND c.isinactive = ? ORDER BY t.id',
        ['in_1', 'ch_1', false],
      ),
    ).toEqual([
      { tranid: 'INV1', companyname: 'Acme Inc' },
      { tranid: 'PYMT1', companyname: 'Globex' },
    ]);
  });

  test('BUILTIN.DF gives display names of select columns and the transaction type', () => {
    expect(
      rows(
        'SELECT BUILTIN.DF(t.entity) AS customer, BUILTIN.DF(type) AS kind, BUILTIN.DF(currency) AS cur FROM transaction t WHERE id = ?',
        [account.ids.inv1],
      ),
    ).toEqual([{ customer: 'CUST1 Acme', kind: 'Invoice', cur: 'US Dollar' }]);
  });

  test('unaliased expressions are labelled expr1, expr2…; NVL works', () => {
    const result = account.engine.query(
      "SELECT id, NVL(memo, 'none'), COUNT(*) OVER () FROM transaction WHERE id = ?",
      [account.ids.inv1],
    );
    expect(result.columns).toEqual(['id', 'expr1', 'expr2']);
    expect(result.rows).toEqual([{ id: account.ids.inv1, expr1: 'Stripe: in_1', expr2: 1 }]);
  });

  test('FETCH FIRST n ROWS ONLY, ROWNUM and TOP limit rows', () => {
    expect(rows('SELECT id FROM transaction ORDER BY id DESC FETCH FIRST 2 ROWS ONLY')).toHaveLength(2);
    expect(rows('SELECT id FROM transaction ORDER BY id FETCH NEXT ? ROWS ONLY', [1])).toEqual([
      { id: account.ids.inv1 },
    ]);
    expect(rows("SELECT id FROM transaction WHERE type = 'CustInvc' AND ROWNUM <= 1")).toHaveLength(1);
    expect(rows('SELECT id FROM transaction WHERE ROWNUM < ? AND type = ?', [3, 'CustInvc'])).toHaveLength(2);
    expect(rows('SELECT TOP 3 id FROM transaction ORDER BY id')).toHaveLength(3);
    expect(
      rows(
        'SELECT * FROM (SELECT ROWNUM AS rn, id FROM (SELECT id FROM transaction ORDER BY id)) WHERE rn BETWEEN 2 AND 3',
      ),
    ).toEqual([
      { rn: 2, id: account.ids.inv2 },
      { rn: 3, id: account.ids.memo1 },
    ]);
  });

  test("LIKE is case-sensitive and '' is NULL, as in Oracle", () => {
    expect(rows("SELECT name FROM customrecord_snc_event WHERE name LIKE 'evt%' ORDER BY id")).toEqual([
      { name: 'evt_1' },
      { name: 'evt_2' },
    ]);
    expect(rows("SELECT id FROM customer WHERE email = ''")).toEqual([]);
    expect(rows('SELECT id FROM customer WHERE email IS NULL ORDER BY id')).toHaveLength(2);
  });

  // Oracle Database SQL Language Reference, "REPLACE": a null or omitted replacement removes every
  // occurrence; a null search string returns the text.
  test('REPLACE with a null or omitted replacement removes the search string', () => {
    expect(rows("SELECT REPLACE(' a b ', ' ', '') AS r FROM dual")).toEqual([{ r: 'ab' }]);
    expect(rows("SELECT REPLACE('a-b-c', '-') AS r FROM dual")).toEqual([{ r: 'abc' }]);
    expect(rows("SELECT REPLACE('JACK and JUE', 'J', 'BL') AS r FROM dual")).toEqual([{ r: 'BLACK and BLUE' }]);
    expect(rows("SELECT REPLACE('abc', '', 'x') AS r FROM dual")).toEqual([{ r: 'abc' }]);
    expect(rows("SELECT REPLACE('  ', ' ', '') AS r FROM dual")).toEqual([{ r: null }]);
  });

  test('unknown tables fail naming the table', () => {
    const error = errorOf(() => rows('SELECT id FROM customrecord_nope'));
    expect(error.name).toBe('SSS_SEARCH_ERROR_OCCURRED');
    expect(error.message).toBe("Search error occurred: Record 'customrecord_nope' was not found.");
  });

  test('unknown columns fail naming the column', () => {
    const error = errorOf(() => rows('SELECT c.nope FROM customer c'));
    expect(error.name).toBe('SSS_SEARCH_ERROR_OCCURRED');
    expect(error.message).toContain("Unknown identifier 'c.nope'");
  });

  test.each([
    ['SELECT id FROM transaction LIMIT 1', 'LIMIT'],
    ['SELECT id FROM transaction ORDER BY id OFFSET 1 ROWS', 'OFFSET'],
    ['SELECT IFNULL(memo, 1) FROM transaction', 'IFNULL'],
    ["SELECT strftime('%Y', 'now') FROM dual", 'STRFTIME'],
    ['SELECT id FROM transaction WHERE memo GLOB ?', 'GLOB'],
    ['SELECT id FROM transaction WHERE 1 == 1', "'=='"],
    ['SELECT id FROM transaction; SELECT 1 FROM dual', "';'"],
    ['DELETE FROM transaction', 'DELETE'],
    ['WITH x AS (SELECT id FROM transaction) SELECT id FROM x', 'WITH'],
    ['SELECT BUILTIN.CF(entity) FROM transaction', 'BUILTIN.CF'],
    ['SELECT id FROM transaction WHERE ROWNUM > 1', 'ROWNUM'],
    ['SELECT id FROM customer WHERE isinactive = TRUE', 'TRUE'],
  ])('rejects SQL SuiteQL lacks: %s', (sql, named) => {
    const error = errorOf(() => rows(sql));
    expect(error.name).toBe('SSS_SEARCH_ERROR_OCCURRED');
    expect(error.message).toContain(named);
  });

  test('parameters must be strings, numbers or booleans, one per placeholder', () => {
    expect(errorOf(() => rows('SELECT id FROM transaction WHERE id = ?', [null])).name).toBe('SSS_INVALID_TYPE_ARG');
    expect(errorOf(() => rows('SELECT id FROM transaction WHERE id = ?', [])).message).toContain("1 '?' placeholders");
  });
});

describe('SuiteQL engine: keeping up with the store', () => {
  test('queries after inserts, updates and deletes see the writes', () => {
    const { store, engine } = account;
    const count = () => engine.query('SELECT COUNT(*) AS n FROM customrecord_snc_event', []).rows[0];
    expect(count()).toEqual({ n: 3 });
    const id = store.insert('customrecord_snc_event', {
      fields: { name: 'evt_4', custrecord_snc_status: 'pending' },
      sublists: {},
    });
    expect(count()).toEqual({ n: 4 });
    const record = store.get('customrecord_snc_event', id);
    if (!record) throw new Error('missing');
    record.fields['custrecord_snc_status'] = 'done';
    store.update(record, record.version);
    expect(rows('SELECT custrecord_snc_status AS s FROM customrecord_snc_event WHERE id = ?', [id])).toEqual([
      { s: 'done' },
    ]);
    store.remove('customrecord_snc_event', id);
    expect(count()).toEqual({ n: 3 });
  });

  test('GL lines of a transaction written with it are visible', () => {
    const { store, ids } = account;
    const id = store.insert('invoice', {
      fields: { tranid: 'INV9', entity: String(ids.acme), total: 5, trandate: new Date(2024, 0, 1) },
      sublists: { item: [{ item: String(ids.service), quantity: 1, rate: 5, amount: 5 }] },
    });
    store.setGlLines(id, [
      {
        transactionId: id,
        transactionType: 'invoice',
        line: 0,
        account: String(ids.ar),
        currency: '1',
        debit: 500,
        credit: 0,
        entity: null,
        memo: null,
      },
    ]);
    expect(rows('SELECT debit FROM transactionaccountingline WHERE transaction = ?', [id])).toEqual([{ debit: 5 }]);
    expect(rows('SELECT COUNT(*) AS n FROM transactionline WHERE transaction = ?', [id])).toEqual([{ n: 2 }]);
  });

  test('record types added to the registry later become tables', () => {
    const { store, engine } = account;
    store.schemas.add({ type: 'customrecord_late', kind: 'custom', label: 'Late', fields: {}, sublists: {} });
    store.insert('customrecord_late', { fields: { name: 'x' }, sublists: {} });
    expect(engine.query('SELECT name FROM customrecord_late', []).rows).toEqual([{ name: 'x' }]);
  });
});

describe('N/query module', () => {
  test('runSuiteQL: results, values, asMap, asMappedResults, columns and types; 10 units', () => {
    const context = makeContext(account);
    const query = createQueryModule(context);
    const resultSet = query.runSuiteQL({
      query: 'SELECT id, tranid, foreigntotal FROM transaction WHERE type = ? ORDER BY id',
      params: ['CustInvc'],
    });
    expect(resultSet.results.map((r) => r.values)).toEqual([
      [account.ids.inv1, 'INV1', 30],
      [account.ids.inv2, 'INV2', 100],
    ]);
    expect(resultSet.results[0]?.asMap()).toEqual({ id: account.ids.inv1, tranid: 'INV1', foreigntotal: 30 });
    expect(resultSet.asMappedResults()).toHaveLength(2);
    expect(resultSet.columns.map((c) => c.fieldId)).toEqual(['id', 'tranid', 'foreigntotal']);
    expect(resultSet.types).toEqual(['INTEGER', 'STRING', 'INTEGER']);
    expect(context.invocation.used).toBe(10);
    // a plain string is accepted too
    expect(query.runSuiteQL({ query: 'SELECT id FROM currency' }).results).toHaveLength(2);
    expect(context.invocation.summary()).toEqual({ 'query.runSuiteQL': { count: 2, units: 20 } });
  });

  test('values keep every column when labels repeat', () => {
    const query = createQueryModule(makeContext(account));
    const result = query.runSuiteQL({
      query: 'SELECT t.id, c.id FROM transaction t JOIN customer c ON c.id = t.entity WHERE t.id = ?',
      params: [account.ids.inv1],
    });
    expect(result.results[0]?.values).toEqual([account.ids.inv1, account.ids.acme]);
  });

  test('runSuiteQL returns at most 5,000 rows', () => {
    const { store } = account;
    for (let i = 0; i < 5003; i++)
      store.insert('customrecord_snc_event', { fields: { name: `bulk_${i}` }, sublists: {} });
    const query = createQueryModule(makeContext(account));
    expect(query.runSuiteQL({ query: 'SELECT id FROM customrecord_snc_event' }).results).toHaveLength(5000);
    const paged = query.runSuiteQLPaged({ query: 'SELECT id FROM customrecord_snc_event ORDER BY id', pageSize: 1000 });
    expect(paged.count).toBe(5006);
    expect(paged.pageRanges.map((r) => r.size)).toEqual([1000, 1000, 1000, 1000, 1000, 6]);
  });

  test('runSuiteQLPaged: pages, fetch (no units), iterator; 10 units for the call', () => {
    const context = makeContext(account);
    const query = createQueryModule(context);
    const paged = query.runSuiteQLPaged({ query: 'SELECT id FROM transaction ORDER BY id', pageSize: 5 });
    expect(paged.count).toBe(4);
    expect(paged.pageSize).toBe(5);
    expect(paged.pageRanges).toEqual([{ index: 0, size: 4 }]);
    const page = paged.fetch({ index: 0 });
    expect(page.isFirst && page.isLast).toBe(true);
    expect(page.data.results.map((r) => r.values[0])).toEqual([
      account.ids.inv1,
      account.ids.inv2,
      account.ids.memo1,
      account.ids.pay1,
    ]);
    let pages = 0;
    paged.iterator().each(() => {
      pages++;
      return true;
    });
    expect(pages).toBe(1);
    expect(context.invocation.used).toBe(10);
    expect(errorOf(() => paged.fetch({ index: 1 })).name).toBe('INVALID_PAGE_RANGE');
  });

  test('fetch re-runs the query: writes between pages shift them', () => {
    const query = createQueryModule(makeContext(account));
    const sql = "SELECT id FROM customrecord_snc_event WHERE custrecord_snc_status = 'pending' ORDER BY id";
    for (let i = 0; i < 8; i++)
      account.store.insert('customrecord_snc_event', { fields: { custrecord_snc_status: 'pending' }, sublists: {} });
    const paged = query.runSuiteQLPaged({ query: sql, pageSize: 5 });
    expect(paged.count).toBe(10);
    const first = paged.fetch({ index: 0 }).data.results.map((r) => r.values[0] as number);
    for (const id of first) {
      const record = account.store.get('customrecord_snc_event', id);
      if (!record) throw new Error('missing');
      record.fields['custrecord_snc_status'] = 'done';
      account.store.update(record, record.version);
    }
    // the second page now starts past the five remaining pending events: they are skipped
    expect(paged.fetch({ index: 1 }).data.results).toHaveLength(0);
  });

  test.each([4, 1001, 2.5])('pageSize %p is outside 5..1000', (pageSize) => {
    const query = createQueryModule(makeContext(account));
    expect(errorOf(() => query.runSuiteQLPaged({ query: 'SELECT id FROM transaction', pageSize })).name).toBe(
      'INVALID_PAGE_SIZE',
    );
  });

  test('governance: past 1,000 units the script dies with SSS_USAGE_LIMIT_EXCEEDED', () => {
    const context = makeContext(account, 1000);
    const query = createQueryModule(context);
    for (let i = 0; i < 100; i++) query.runSuiteQL({ query: 'SELECT dummy FROM dual' });
    expect(context.invocation.used).toBe(1000);
    expect(errorOf(() => query.runSuiteQL({ query: 'SELECT dummy FROM dual' })).name).toBe('SSS_USAGE_LIMIT_EXCEEDED');
  });

  test('options are checked: missing query, unknown options, bad params', () => {
    const query = createQueryModule(makeContext(account));
    expect(errorOf(() => query.runSuiteQL({ query: '' })).name).toBe('MISSING_REQD_ARGUMENT');
    expect(errorOf(() => query.runSuiteQL({ query: 'SELECT 1 FROM dual', foo: 1 } as never)).name).toBe(
      'EMULATOR_UNSUPPORTED',
    );
    expect(
      errorOf(() => query.runSuiteQL({ query: 'SELECT 1 FROM dual WHERE 1 = ?', params: [{}] as never })).name,
    ).toBe('SSS_INVALID_TYPE_ARG');
    expect(errorOf(() => query.create({ type: 'customer' })).name).toBe('EMULATOR_UNSUPPORTED');
  });

  test('map/reduce input of { type: "suiteql" }: key = row index, value = JSON with the row values', () => {
    const context = makeContext(account);
    const source = suiteQLReference({
      type: 'suiteql',
      query: 'SELECT id, tranid FROM transaction WHERE type = ? ORDER BY id',
      params: ['CustInvc'],
    });
    if (!source) throw new Error('not recognised');
    const pairs = source[MAP_REDUCE_INPUT](context);
    expect(pairs.map((p) => p.key)).toEqual(['0', '1']);
    expect(JSON.parse(pairs[0]?.value ?? '').values).toEqual([account.ids.inv1, 'INV1']);
    expect(suiteQLReference(['a', 'b'])).toBeUndefined();
    expect(suiteQLReference({ type: 'file', id: 1 })).toBeUndefined();
  });
});

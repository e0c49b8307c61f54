/**
 * SuiteQL as NetSuite answers: status letters, documented columns only, NetSuite's error texts.
 * Each test names its source; emulator/src/suiteql/catalog.ts and statusCodes.ts hold the full citations.
 */
import { SuiteQLEngine } from '../src/suiteql';
import { CUSTOM_RECORD_COLUMNS, SUITEQL_CATALOG } from '../src/suiteql/catalog';
import { type Account, makeAccount } from './suiteql_fixture';
import { errorOf } from './helpers/errors';

let account: Account;
beforeEach(async () => {
  account = await makeAccount();
});

const rows = (sql: string, params: unknown[] = []) => account.engine.query(sql, params).rows;

/** Writes the status text the records engine keeps (what NetSuite shows on the form). */
function setStatus(id: number, type: string, status: string): void {
  const stored = account.store.get(type, id);
  if (!stored) throw new Error(`no ${type} ${id}`);
  account.store.update({ ...stored, fields: { ...stored.fields, status } }, stored.version);
}

describe('transaction.status: one letter per transaction type', () => {
  // blog.prolecto.com, "NetSuite SearchFilter Transaction Internal Status List": CustInvc:A Open, :B Paid In Full;
  // timdietrich.me, "NetSuite SuiteQL: Transaction Statuses": SuiteQL returns the letter alone.
  test('invoice: A = Open, B = Paid In Full', () => {
    const { ids } = account;
    expect(rows('SELECT id, status FROM transaction WHERE type = ? ORDER BY id', ['CustInvc'])).toEqual([
      { id: ids.inv1, status: 'A' },
      { id: ids.inv2, status: 'B' },
    ]);
  });

  // Same list: CustPymt:A Unapproved Payment, :B Not Deposited, :C Deposited.
  test('customer payment: B = Not Deposited, C = Deposited', () => {
    const { ids } = account;
    setStatus(ids.pay1, 'customerpayment', 'Not Deposited');
    expect(rows('SELECT status FROM transaction WHERE id = ?', [ids.pay1])).toEqual([{ status: 'B' }]);
    setStatus(ids.pay1, 'customerpayment', 'Deposited');
    expect(rows('SELECT status FROM transaction WHERE id = ?', [ids.pay1])).toEqual([{ status: 'C' }]);
  });

  // Same list: CustCred:A Open, :B Fully Applied.
  test('credit memo: A = Open, B = Fully Applied', () => {
    const { ids } = account;
    setStatus(ids.memo1, 'creditmemo', 'Fully Applied');
    expect(rows("SELECT status FROM transaction WHERE status = 'B' AND type = 'CustCred'")).toEqual([{ status: 'B' }]);
  });

  // Public SuiteQL code: BUILTIN.DF(t.status) "comes back prefixed with the record type ("Invoice : Paid In Full")".
  test('BUILTIN.DF(status) gives "<type> : <status>"', () => {
    const { ids } = account;
    setStatus(ids.pay1, 'customerpayment', 'Deposited');
    setStatus(ids.memo1, 'creditmemo', 'Open');
    expect(
      rows('SELECT t.id, BUILTIN.DF(t.status) AS s FROM transaction t ORDER BY t.id', []).map((r) => r['s']),
    ).toEqual(['Invoice : Open', 'Invoice : Paid In Full', 'Credit Memo : Open', 'Payment : Deposited']);
    expect(rows('SELECT BUILTIN.DF(status) AS s FROM transaction WHERE id = ?', [ids.inv2])).toEqual([
      { s: 'Invoice : Paid In Full' },
    ]);
  });

  test('the status text is not a value of the column', () => {
    expect(rows("SELECT id FROM transaction WHERE status = 'Paid In Full'")).toEqual([]);
  });
});

describe('only documented columns', () => {
  // Public SuiteQL notes "02 - SuiteQL data model…": "Does not exist: … foreignamountremaining (use foreignamountunpaid)".
  test('foreignamountunpaid is served; foreignamountremaining is not a column', () => {
    expect(rows('SELECT foreignamountunpaid AS unpaid FROM transaction WHERE id = ?', [account.ids.inv1])).toEqual([
      { unpaid: 30 },
    ]);
    const error = errorOf(() => rows('SELECT foreignamountremaining FROM transaction'));
    expect(error.name).toBe('SSS_SEARCH_ERROR_OCCURRED');
  });

  // Public error text: "Search error occurred: Field 'subsidiary' for record 'transaction' was not found.
  // Reason: NOT_EXPOSED".
  test("a record field SuiteQL does not expose fails with NetSuite's 'Field … was not found' text", () => {
    const error = errorOf(() => rows('SELECT t.undepfunds FROM transaction t'));
    expect(error.name).toBe('SSS_SEARCH_ERROR_OCCURRED');
    expect(error.message).toBe(
      "Search error occurred: Field 'undepfunds' for record 'transaction' was not found. Reason: NOT_EXPOSED",
    );
  });

  // Public SuiteQL: "transaction.createdfrom does not exist … use transactionline.createdfrom" (mainline 'T').
  test('createdfrom is a column of transactionline, not of transaction', () => {
    const { ids, store } = account;
    const memo = store.get('creditmemo', ids.memo1);
    if (!memo) throw new Error('no memo');
    store.update({ ...memo, fields: { ...memo.fields, createdfrom: String(ids.inv1) } }, memo.version);
    expect(
      rows("SELECT createdfrom FROM transactionline WHERE transaction = ? AND mainline = 'T'", [ids.memo1]),
    ).toEqual([{ createdfrom: ids.inv1 }]);
    const error = errorOf(() => rows('SELECT createdfrom FROM transaction'));
    expect(error.name).toBe('SSS_SEARCH_ERROR_OCCURRED');
    expect(error.message).toContain("'createdfrom'");
  });

  // Oracle help, "generic_customrecordothercustomfield_field": a custom record's standard fields; the custom
  // fields come from the SDF object.
  test('custom record tables: system columns plus the SDF custom fields', () => {
    expect(rows('SELECT id, name, isinactive FROM customrecord_snc_event WHERE id = ?', [account.ids.ev1])).toEqual([
      { id: account.ids.ev1, name: 'evt_1', isinactive: 'F' },
    ]);
    expect(Object.keys(CUSTOM_RECORD_COLUMNS)).toEqual(
      expect.arrayContaining(['id', 'externalid', 'name', 'isinactive', 'created', 'lastmodified']),
    );
  });

  test('every catalogued column names its source', () => {
    for (const [table, columns] of Object.entries(SUITEQL_CATALOG)) {
      for (const [column, source] of Object.entries(columns)) {
        expect({ table, column, source: source.length > 10 }).toEqual({ table, column, source: true });
      }
    }
  });

  test('the switch suiteqlUndocumentedColumns serves every record field, for experiments', async () => {
    const open = await SuiteQLEngine.create(account.store, { undocumentedColumns: true });
    expect(open.query('SELECT undepfunds FROM transaction WHERE id = ?', [account.ids.pay1]).rows).toEqual([
      { undepfunds: 'T' },
    ]);
    open.close();
  });
});

describe('values as NetSuite returns them', () => {
  // Public SuiteQL notes: "Boolean fields are 'T' / 'F' strings"; "raw dates come back as M/D/YYYY strings".
  test("checkboxes 'T'/'F', dates in the user's date format M/D/YYYY, lower-case labels", () => {
    const result = account.engine.query('SELECT ID, TranDate, Memo FROM transaction', []);
    expect(result.columns).toEqual(['id', 'trandate', 'memo']);
    expect(rows('SELECT TranDate FROM transaction WHERE id = ?', [account.ids.inv2])).toEqual([
      { trandate: '2/29/2024' },
    ]);
    expect(rows('SELECT isinactive FROM customer WHERE id = ?', [account.ids.inactive])).toEqual([{ isinactive: 'T' }]);
  });
});

describe("dates in the user's date format", () => {
  // Public SuiteQL notes "02 - SuiteQL data model, syntax and error handling": dates come back as text in
  // the user's date format (M/D/YYYY is the US default; Set Preferences > General > Date Format), the
  // preference N/format follows too. Other formats: a documented guess (emulator README).
  test.each([
    ['M/D/YYYY', '2/29/2024'],
    ['D/M/YYYY', '29/2/2024'],
    ['DD.MM.YYYY', '29.02.2024'],
  ])('with %s a date column reads %s', async (format, shown) => {
    const other = await makeAccount(undefined, format);
    expect(other.engine.query('SELECT trandate FROM transaction WHERE id = ?', [other.ids.inv2]).rows).toEqual([
      { trandate: shown },
    ]);
  });
});

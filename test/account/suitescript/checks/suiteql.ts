// SuiteQL as the connector reads it: the tables and columns its queries name, and values in NetSuite's form.
import query = require('N/query');
import { expectThat, type Check } from '../check';
import type { Fixtures } from '../fixtures';

const SUITEQL = 'Oracle help, "SuiteQL" and the Records Catalog (Setup > Records Catalog)';

/**
 * Every standard table and column the connector's SuiteQL names (src/suitescript/netsuite/*.ts); a test in
 * the connector's suite keeps this list equal to what its queries use.
 */
export const CONNECTOR_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  transaction: ['id', 'externalid', 'recordtype', 'entity', 'foreigntotal', 'currency', 'status'],
  transactionline: ['transaction', 'mainline', 'createdfrom'],
  transactionaccountingline: ['transaction', 'account', 'posting'],
  currency: ['id', 'symbol'],
  customer: ['id', 'externalid', 'isinactive', 'email'],
  item: ['id', 'externalid', 'itemtype'],
};

function one(sql: string, params: (string | number)[] = []): Record<string, unknown> | undefined {
  return query.runSuiteQL({ query: sql, params }).asMappedResults()[0];
}

export function suiteqlChecks(fixtures: Fixtures): Check[] {
  let invoice: number | null = null;
  const openInvoice = (): number => {
    if (invoice === null) invoice = fixtures.document('invoice', fixtures.customer(), fixtures.item(), 10);
    return invoice;
  };
  const columnChecks: Check[] = Object.entries(CONNECTOR_COLUMNS).map(([table, columns]) => ({
    name: `table ${table} has the columns ${columns.join(', ')}`,
    source: SUITEQL,
    run() {
      one(`SELECT ${columns.join(', ')} FROM ${table} FETCH FIRST 1 ROWS ONLY`);
      return 'query ran';
    },
  }));
  return [
    ...columnChecks,
    {
      name: "transaction.status is the letter code ('A' for an open invoice); BUILTIN.DF gives its text",
      source: `${SUITEQL}; "BUILTIN.DF"`,
      run() {
        const row = one(`SELECT status, BUILTIN.DF(status) AS text FROM transaction WHERE id = ?`, [openInvoice()]);
        expectThat(row?.['status'] === 'A', `status is ${JSON.stringify(row?.['status'])}`);
        expectThat(/open/i.test(String(row?.['text'])), `BUILTIN.DF(status) is ${JSON.stringify(row?.['text'])}`);
        return `status 'A', text ${JSON.stringify(row?.['text'])}`;
      },
    },
    {
      name: "checkboxes answer 'T' or 'F'",
      source: SUITEQL,
      run() {
        const row = one(`SELECT isinactive FROM transaction t JOIN customer c ON c.id = t.entity WHERE t.id = ?`, [
          openInvoice(),
        ]);
        expectThat(row?.['isinactive'] === 'F', `isinactive is ${JSON.stringify(row?.['isinactive'])}`);
        return "'F'";
      },
    },
    {
      name: "REPLACE follows Oracle: '' or an omitted replacement removes the search string, '' as search changes nothing",
      source: `${SUITEQL}; Oracle Database SQL Language Reference, "REPLACE"`,
      run() {
        const row = one(
          `SELECT REPLACE('a-b-c', '-', '') AS emptied, REPLACE('a-b-c', '-') AS omitted,
                  REPLACE('abc', '', 'x') AS nosearch, REPLACE('--', '-', '') AS nothingleft
           FROM transaction WHERE id = ?`,
          [openInvoice()],
        );
        const seen = JSON.stringify(row);
        expectThat(
          row?.['emptied'] === 'abc' && row['omitted'] === 'abc' && row['nosearch'] === 'abc',
          `REPLACE answered ${seen}`,
        );
        expectThat(row?.['nothingleft'] === null, `REPLACE('--', '-', '') answered ${seen}, not NULL`);
        return seen;
      },
    },
    {
      name: 'column names come back in lower case',
      source: SUITEQL,
      run() {
        const row = one(`SELECT ID, ExternalID FROM transaction WHERE id = ?`, [openInvoice()]);
        const keys = Object.keys(row ?? {});
        expectThat(keys.join(',') === 'id,externalid', `columns came back as ${keys.join(', ')}`);
        return keys.join(', ');
      },
    },
  ];
}

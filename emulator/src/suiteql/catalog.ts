/**
 * The SuiteQL columns the emulator serves, each with where it is documented. A column that is neither
 * here nor a custom field of the SDF project fails as NetSuite fails for a field it does not expose
 * (see `columnNotFound`), unless the emulator runs with `suiteqlUndocumentedColumns`.
 *
 * Oracle's Records Catalog is only readable inside an account, so most sources are public pages and
 * public queries that ran against real accounts. The source strings name them; emulator/README.md lists
 * what is confirmed and what is guessed.
 */

/** Where a column is documented. */
export type ColumnSource = string;

const NOTES =
  'public SuiteQL notes "02 - SuiteQL data model, syntax and error handling" (fields verified with ns_getSuiteQLMetadata)';
const TIM = 'timdietrich.me, "NetSuite SuiteQL: Transaction Statuses" (status is a character; type codes)';
const DIAG = 'netsuitediagnostics.com, "SuiteQL: Transactions" (tranid, trandate, createddate, type)';
const PROLECTO = 'meir.prolecto.com, "SQL A/R and A/P fields"';
const MOZART = 'goodrsunglasses/mozartdata mozartdata/transforms/dim/transactions.sql';
const LINE_CREATEDFROM =
  'public queries "JOIN transactionline tl … WHERE tl.createdfrom = … AND tl.mainline = \'T\'" (transaction.createdfrom does not exist)';
const SURVIVOR = 'softwaresurvivor.com, "Find Partially Fulfilled Sales Orders in NetSuite with SuiteQL"';
const CUSTOM_RECORD_FIELDS =
  'Oracle help, "generic_customrecordothercustomfield_field" (CREATED, ISINACTIVE, LASTMODIFIED, NAME, OWNER, RECORDID)';
/** Column = the record's field ID in the Records Browser: not confirmed for SuiteQL (README, guesses). */
const GUESS_FIELD = "GUESS: the field ID of the record in Oracle's Records Browser";
const CONNECT_CUSTOM = 'Oracle help, "Custom Record Types" (SuiteAnalytics Connect: ID and External ID columns)';

/** Columns by table (lower case). */
export const SUITEQL_CATALOG: Readonly<Record<string, Readonly<Record<string, ColumnSource>>>> = {
  transaction: {
    id: NOTES,
    tranid: `${NOTES}; ${DIAG}`,
    type: `${NOTES}; ${TIM}`,
    status: `${NOTES}; ${TIM}`,
    trandate: `${NOTES}; ${DIAG}`,
    duedate: NOTES,
    entity: `${NOTES}; ${MOZART}`,
    currency: NOTES,
    exchangerate: NOTES,
    foreigntotal: NOTES,
    foreignamountpaid: `${NOTES}; ${PROLECTO}`,
    foreignamountunpaid: `${NOTES}; ${PROLECTO} (foreignamountremaining does not exist)`,
    foreignpaymentamountused: PROLECTO,
    foreignpaymentamountunused: `${NOTES}; ${PROLECTO}`,
    memo: NOTES,
    createddate: `${NOTES}; ${DIAG}`,
    lastmodifieddate: NOTES,
    recordtype: MOZART,
    externalid: 'public SuiteQL "SELECT … NT.externalId … FROM NextTransactionLineLink … JOIN Transaction AS NT"',
  },
  transactionline: {
    transaction: NOTES,
    id: NOTES,
    mainline: NOTES,
    taxline: NOTES,
    subsidiary: `${NOTES} (the header has none)`,
    entity: NOTES,
    netamount: NOTES,
    foreignamount: `${NOTES}; ${PROLECTO}`,
    memo: NOTES,
    createdfrom: LINE_CREATEDFROM,
    item: SURVIVOR,
    linesequencenumber: 'public SuiteQL "tl.linesequencenumber = 1" (first line of a transaction)',
    quantity: 'public SuiteQL "ABS(tl.quantity) AS quantity" (sales lines are negative)',
    rate: MOZART,
  },
  transactionaccountingline: {
    transaction: NOTES,
    transactionline: NOTES,
    accountingbook: NOTES,
    account: NOTES,
    amount: `${NOTES}; ${PROLECTO}`,
    debit: NOTES,
    credit: NOTES,
    netamount: NOTES,
    exchangerate:
      'public SuiteQL check "ABS(tal.amount - (tl.foreignamount * tal.exchangerate)) <= 0.01" (amounts in base currency)',
    posting: NOTES,
  },
  account: {
    id: NOTES,
    acctnumber: NOTES,
    accttype: NOTES,
    currency: NOTES,
    subsidiary: NOTES,
    isinactive: NOTES,
  },
  subsidiary: {
    id: NOTES,
    name: NOTES,
    currency: NOTES,
    country: NOTES,
    isinactive: NOTES,
  },
  currency: {
    id: 'public SuiteQL "SELECT id, symbol FROM currency" (yemming/netsuite_mid_platform_v02 NetSuite_實際欄位對照表.md lists currency.id)',
    symbol: 'public SuiteQL "SELECT id, symbol FROM currency"',
    name: GUESS_FIELD,
    exchangerate: GUESS_FIELD,
    isbasecurrency: 'cdata.com, "SuiteQL table depositapplication" (isbasecurrency, on another table: GUESS here)',
    isinactive: 'yemming/netsuite_mid_platform_v02 NetSuite_實際欄位對照表.md',
  },
  customer: {
    id: NOTES,
    entityid: 'public SuiteQL "cust.entityid as BillingCustomerEntityID"',
    companyname: 'public SuiteQL "SELECT t.id, … c.companyname FROM transaction t JOIN customer c ON t.entity = c.id"',
    email: 'public SuiteQL "… c.companyname, c.email FROM transaction t JOIN customer c"',
    firstname: GUESS_FIELD,
    lastname: GUESS_FIELD,
    isperson: GUESS_FIELD,
    phone: GUESS_FIELD,
    subsidiary: GUESS_FIELD,
    currency: GUESS_FIELD,
    externalid: GUESS_FIELD,
    isinactive: GUESS_FIELD,
    datecreated: GUESS_FIELD,
    lastmodifieddate: GUESS_FIELD,
  },
  entity: {
    id: 'public SuiteQL "BUILTIN.DF(t.entity)" / "JOIN entity … ON … = t.entity"',
    entityid: GUESS_FIELD,
    type: GUESS_FIELD,
    externalid: GUESS_FIELD,
    isinactive: GUESS_FIELD,
    datecreated: GUESS_FIELD,
    lastmodifieddate: GUESS_FIELD,
  },
  item: {
    id: NOTES,
    itemid: 'public SuiteQL item.itemid (SKU)',
    displayname: 'public SuiteQL "first line\'s item.displayname (joins item i ON i.id = tl.item)"',
    itemtype: 'public searches ["item.type", "anyof", "InvtPart", "Discount", "Service", "NonInvtPart"]',
    externalid: 'public searches ["item.externalid", "anyof", …]',
    isinactive: GUESS_FIELD,
  },
  dual: { dummy: 'Oracle SQL: DUAL has one column, DUMMY' },
};

/** System columns of every custom record table (`customrecord_*`); its custom fields come from the SDF objects. */
export const CUSTOM_RECORD_COLUMNS: Readonly<Record<string, ColumnSource>> = {
  id: CONNECT_CUSTOM,
  externalid: CONNECT_CUSTOM,
  name: CUSTOM_RECORD_FIELDS,
  isinactive: CUSTOM_RECORD_FIELDS,
  created: CUSTOM_RECORD_FIELDS,
  lastmodified: CUSTOM_RECORD_FIELDS,
  owner: CUSTOM_RECORD_FIELDS,
  recordid: CUSTOM_RECORD_FIELDS,
};

const CUSTOM_LIST_QUERIES =
  'netsuite.smash-ict.com, "Learn To Write Custom List Code That Works In All NetSuite Environments" (SELECT id, scriptid FROM customlist_…); public queries SELECT id, name, isinactive FROM customlist_…';

/** Columns of every custom list table (`customlist_*`): one row per list value. */
export const CUSTOM_LIST_COLUMNS: Readonly<Record<string, ColumnSource>> = {
  id: CUSTOM_LIST_QUERIES,
  name: CUSTOM_LIST_QUERIES,
  scriptid: CUSTOM_LIST_QUERIES,
  isinactive: CUSTOM_LIST_QUERIES,
};
const CUSTOM_LIST_TABLE = /^customlist[a-z0-9_]*$/;

/** Custom fields (custbody, custcol, custentity, custitem, custrecord, custevent) are the account's own. */
const CUSTOM_FIELD = /^cust(body|col|entity|item|record|event)[a-z0-9_]*$/;

/**
 * Where a column of `table` is documented, or undefined. `custom` tables take the custom record system
 * columns; custom fields that exist in the account (the SDF project defines them) are always served.
 */
export function columnSource(table: string, column: string, custom: boolean): ColumnSource | undefined {
  if (CUSTOM_FIELD.test(column)) return 'the SDF object that defines the custom field';
  if (custom) return CUSTOM_RECORD_COLUMNS[column];
  if (CUSTOM_LIST_TABLE.test(table)) return CUSTOM_LIST_COLUMNS[column];
  return SUITEQL_CATALOG[table]?.[column];
}

/** Whether SuiteQL can read `table` at all (custom record types always can). */
export function tableDocumented(table: string, custom: boolean): boolean {
  return custom || CUSTOM_LIST_TABLE.test(table) || table in SUITEQL_CATALOG;
}

/**
 * SuiteQL's analytics tables, derived generically from the record type definitions:
 * one table per entity / custom / other record type, union tables `transaction`, `transactionline`,
 * `entity`, `item`, and `transactionaccountingline` from the general ledger.
 */
import type { FieldDef, FieldValue, RecordKind, RecordTypeDef, SchemaRegistry } from '../schema';
import type { GlLine, Line, StoredRecord } from '../store';
import { columnSource, tableDocumented } from './catalog';
import { statusLetter } from './statusCodes';
import { STATUS_SELECT_TYPE } from './translate';
import { idCell, type SqlCell, sqlTypeOf, toSqlCell } from './values';

export interface ColumnSpec {
  name: string;
  sqlType: 'INTEGER' | 'REAL' | 'TEXT';
  /** For select columns: the record type or group the IDs point at (used by BUILTIN.DF). */
  selectType?: string;
}

export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  /** Column holding the source record's internal ID: rows of one record are replaced through it. */
  key: string;
  /** Record types whose records feed the table (empty for static tables). */
  sourceTypes: string[];
  /** Rows for one source record, values in `columns` order. */
  rows(record: StoredRecord, def: RecordTypeDef, gl: (transactionId: number) => readonly GlLine[]): SqlCell[][];
  /** Rows that exist without any source record (dual). */
  staticRows?: SqlCell[][];
  /** Record fields of the table that SuiteQL does not expose (not in the catalog): they fail by name. */
  hidden?: ReadonlySet<string>;
}

/**
 * Where NetSuite's analytics column names differ from the record field IDs: column → record fields that
 * feed it, first present wins (a payment's `customer` is the transaction's `entity`). The listed field IDs
 * are not columns of their own.
 */
const COLUMN_SOURCES: Record<RecordKind, Readonly<Record<string, readonly string[]>>> = {
  transaction: {
    createddate: ['created'],
    lastmodifieddate: ['lastmodified'],
    entity: ['entity', 'customer'],
    foreigntotal: ['total', 'payment'],
    foreignamountunpaid: ['amountremaining'],
    foreignamountpaid: ['amountpaid'],
    foreignpaymentamountused: ['applied'],
    foreignpaymentamountunused: ['unapplied'],
  },
  entity: { datecreated: ['created'], lastmodifieddate: ['lastmodified'] },
  item: { createddate: ['created'], lastmodifieddate: ['lastmodified'] },
  custom: {},
  other: {},
};

/** SuiteQL `entity.type` codes. */
const ENTITY_CODES: Readonly<Record<string, string>> = {
  customer: 'CustJob',
  vendor: 'Vendor',
  employee: 'Employee',
  contact: 'Contact',
  partner: 'Partner',
  othername: 'OtherName',
  job: 'Job',
};

/** SuiteQL `item.itemtype` codes by N/record item type. */
const ITEM_CODES: Readonly<Record<string, string>> = {
  serviceitem: 'Service',
  noninventoryitem: 'NonInvtPart',
  inventoryitem: 'InvtPart',
  discountitem: 'Discount',
  otherchargeitem: 'OthCharge',
  subtotalitem: 'Subtotal',
  descriptionitem: 'Description',
  paymentitem: 'Payment',
  markupitem: 'Markup',
  itemgroup: 'Group',
  kititem: 'Kit',
  assemblyitem: 'Assembly',
  salestaxitem: 'TaxItem',
  giftcertificateitem: 'GiftCert',
};

/**
 * Transaction codes whose item lines carry the revenue sign in `transactionline` (quantity and amounts
 * negative), as NetSuite stores sales lines. Guess, see the README.
 */
const NEGATIVE_LINE_CODES: ReadonlySet<string> = new Set(['CustInvc', 'CashSale', 'SalesOrd', 'Estimate']);

interface BoundColumn {
  spec: ColumnSpec;
  value: (record: StoredRecord, def: RecordTypeDef) => SqlCell;
}

/** A column fed by a record field: which field depends on the record's type (see COLUMN_SOURCES). */
function fieldColumn(name: string, candidates: readonly string[], first: FieldDef): BoundColumn {
  const spec: ColumnSpec = { name, sqlType: name === 'id' ? 'INTEGER' : sqlTypeOf(first) };
  if (first.type === 'select' && first.selectType) spec.selectType = first.selectType;
  const byType = new Map<string, string | undefined>();
  return {
    spec,
    value: (record, def) => {
      if (name === 'id') return record.id;
      let fieldId = byType.get(def.type);
      if (!byType.has(def.type)) {
        fieldId = candidates.find((id) => id in def.fields);
        byType.set(def.type, fieldId);
      }
      return fieldId === undefined ? null : toSqlCell(record.fields[fieldId], def.fields[fieldId]);
    },
  };
}

/** Columns of a one-row-per-record table over `defs` (all of one kind). */
function recordColumns(defs: RecordTypeDef[], kind: RecordKind): BoundColumn[] {
  const columns = new Map<string, BoundColumn>();
  const add = (column: BoundColumn): void => {
    if (!columns.has(column.spec.name)) columns.set(column.spec.name, column);
  };
  // Codes NetSuite derives from the record type win over any field of the same name.
  if (kind === 'transaction') {
    add({
      spec: { name: 'type', sqlType: 'TEXT', selectType: '__trantype' },
      value: (_r, d) => d.transactionCode ?? null,
    });
    add({ spec: { name: 'recordtype', sqlType: 'TEXT' }, value: (_r, d) => d.type });
    // One letter per transaction type (statusCodes.ts); the text only through BUILTIN.DF.
    add({
      spec: { name: 'status', sqlType: 'TEXT', selectType: STATUS_SELECT_TYPE },
      value: (r, d) => statusLetter(d.transactionCode, r.fields['status'] ?? r.fields['orderstatus']),
    });
  }
  if (kind === 'entity') {
    add({ spec: { name: 'type', sqlType: 'TEXT' }, value: (_r, d) => ENTITY_CODES[d.type] ?? d.label });
  }
  if (kind === 'item') {
    add({ spec: { name: 'itemtype', sqlType: 'TEXT' }, value: (_r, d) => ITEM_CODES[d.type] ?? d.label });
  }
  const sources = COLUMN_SOURCES[kind];
  const columnOf = new Map<string, string>();
  for (const [column, fieldIds] of Object.entries(sources)) for (const id of fieldIds) columnOf.set(id, column);
  for (const def of defs) {
    for (const [fieldId, field] of Object.entries(def.fields)) {
      const name = (columnOf.get(fieldId) ?? fieldId).toLowerCase();
      add(fieldColumn(name, sources[name] ?? [fieldId], field));
    }
  }
  if (kind === 'custom') {
    add({ spec: { name: 'name', sqlType: 'TEXT' }, value: (r) => toSqlCell(r.fields['name'], undefined) });
  }
  if (kind !== 'transaction') {
    add({
      spec: { name: 'isinactive', sqlType: 'TEXT' },
      value: (r) => toSqlCell(r.fields['isinactive'] ?? false, { id: 'isinactive', type: 'checkbox' }),
    });
  }
  return [...columns.values()];
}

function recordTable(name: string, defs: RecordTypeDef[], kind: RecordKind): TableSpec {
  const columns = recordColumns(defs, kind);
  return {
    name,
    columns: columns.map((c) => c.spec),
    key: 'id',
    sourceTypes: defs.map((d) => d.type),
    rows: (record, def) => [columns.map((c) => c.value(record, def))],
  };
}

function num(value: FieldValue | undefined): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** Sublists whose lines are transaction lines: the ones scripts fill (item, expense, line, other, cashback…). */
function lineSublists(def: RecordTypeDef): string[] {
  return Object.values(def.sublists)
    .filter((s) => !s.systemFilled)
    .map((s) => s.id);
}

const LINE_FIXED: ColumnSpec[] = [
  { name: 'transaction', sqlType: 'INTEGER', selectType: 'transaction' },
  { name: 'id', sqlType: 'INTEGER' },
  { name: 'linesequencenumber', sqlType: 'INTEGER' },
  { name: 'mainline', sqlType: 'TEXT' },
  { name: 'taxline', sqlType: 'TEXT' },
  { name: 'foreignamount', sqlType: 'REAL' },
  { name: 'netamount', sqlType: 'REAL' },
  { name: 'quantity', sqlType: 'REAL' },
  { name: 'rate', sqlType: 'REAL' },
  { name: 'item', sqlType: 'INTEGER', selectType: 'item' },
  { name: 'memo', sqlType: 'TEXT' },
  { name: 'entity', sqlType: 'INTEGER', selectType: 'entity' },
  { name: 'createdfrom', sqlType: 'INTEGER', selectType: 'transaction' },
  { name: 'subsidiary', sqlType: 'INTEGER', selectType: 'subsidiary' },
];
/** Line field IDs that feed the fixed columns instead of a column of their own. */
const LINE_ABSORBED = new Set([
  'amount',
  'description',
  'quantity',
  'rate',
  'item',
  'memo',
  'entity',
  'debit',
  'credit',
  'createdfrom',
  'subsidiary',
]);

function transactionLineTable(defs: RecordTypeDef[]): TableSpec {
  const extra = new Map<string, { spec: ColumnSpec; fieldId: string }>();
  const fixedNames = new Set(LINE_FIXED.map((c) => c.name));
  for (const def of defs) {
    for (const sublistId of lineSublists(def)) {
      const sublist = def.sublists[sublistId];
      for (const [fieldId, field] of Object.entries(sublist?.fields ?? {})) {
        const name = fieldId.toLowerCase();
        if (LINE_ABSORBED.has(name) || fixedNames.has(name) || extra.has(name)) continue;
        const spec: ColumnSpec = { name, sqlType: sqlTypeOf(field) };
        if (field.type === 'select' && field.selectType) spec.selectType = field.selectType;
        extra.set(name, { spec, fieldId });
      }
    }
  }
  const extras = [...extra.values()];
  return {
    name: 'transactionline',
    columns: [...LINE_FIXED, ...extras.map((e) => e.spec)],
    key: 'transaction',
    sourceTypes: defs.map((d) => d.type),
    rows: (record, def) => {
      const bodyEntity = idCell(record.fields['entity'] ?? record.fields['customer'] ?? null);
      // A transformed transaction's source shows on its lines (the header has no createdfrom column).
      const body = [idCell(record.fields['createdfrom'] ?? null), idCell(record.fields['subsidiary'] ?? null)];
      const total = num(record.fields['total']);
      const main: SqlCell[] = [
        record.id,
        0,
        0,
        'T',
        'F',
        total,
        total,
        null,
        null,
        null,
        toSqlCell(record.fields['memo'], undefined),
        bodyEntity,
        ...body,
        ...extras.map(() => null),
      ];
      const rows: SqlCell[][] = [main];
      const sign = NEGATIVE_LINE_CODES.has(def.transactionCode ?? '') ? -1 : 1;
      let sequence = 0;
      for (const sublistId of lineSublists(def)) {
        const fields = def.sublists[sublistId]?.fields ?? {};
        for (const line of record.sublists[sublistId] ?? []) {
          sequence++;
          rows.push([
            ...lineRow(record.id, sequence, line, sign, bodyEntity),
            ...body,
            ...lineExtras(line, fields, extras),
          ]);
        }
      }
      return rows;
    },
  };
}

function lineRow(transactionId: number, sequence: number, line: Line, sign: number, bodyEntity: SqlCell): SqlCell[] {
  const quantity = num(line['quantity']);
  const rate = num(line['rate']);
  let amount = num(line['amount']);
  if (amount === null && ('debit' in line || 'credit' in line))
    amount = (num(line['debit']) ?? 0) - (num(line['credit']) ?? 0);
  if (amount === null && quantity !== null && rate !== null) amount = quantity * rate;
  const signed = (value: number | null): number | null => (value === null ? null : value === 0 ? 0 : sign * value);
  const memo = line['memo'] ?? line['description'] ?? null;
  return [
    transactionId,
    sequence,
    sequence,
    'F',
    'F',
    signed(amount),
    signed(amount),
    signed(quantity),
    rate,
    idCell(line['item'] ?? null),
    toSqlCell(memo, undefined),
    line['entity'] !== undefined && line['entity'] !== null && line['entity'] !== ''
      ? idCell(line['entity'])
      : bodyEntity,
  ];
}

function lineExtras(
  line: Line,
  fields: Readonly<Record<string, FieldDef>>,
  extras: { spec: ColumnSpec; fieldId: string }[],
): SqlCell[] {
  return extras.map((e) => (e.fieldId in fields ? toSqlCell(line[e.fieldId], fields[e.fieldId]) : null));
}

function accountingLineTable(defs: RecordTypeDef[]): TableSpec {
  return {
    name: 'transactionaccountingline',
    columns: [
      { name: 'transaction', sqlType: 'INTEGER', selectType: 'transaction' },
      { name: 'transactionline', sqlType: 'INTEGER' },
      { name: 'accountingbook', sqlType: 'INTEGER' },
      { name: 'account', sqlType: 'INTEGER', selectType: 'account' },
      { name: 'debit', sqlType: 'REAL' },
      { name: 'credit', sqlType: 'REAL' },
      { name: 'amount', sqlType: 'REAL' },
      { name: 'netamount', sqlType: 'REAL' },
      { name: 'exchangerate', sqlType: 'REAL' },
      { name: 'posting', sqlType: 'TEXT' },
    ],
    key: 'transaction',
    sourceTypes: defs.map((d) => d.type),
    rows: (record, _def, gl) => {
      // Analytics amounts are in the base currency (a public check compares tal.amount with tl.foreignamount ×
      // tal.exchangerate). Lines written without base amounts count at the transaction's rate.
      const rate = num(record.fields['exchangerate']) ?? 1;
      const major = (hundredths: number): number => Math.round(hundredths) / 100;
      return gl(record.id).map((line) => {
        const debit = major(line.baseDebit ?? line.debit * rate);
        const credit = major(line.baseCredit ?? line.credit * rate);
        const amount = Math.round((debit - credit) * 100) / 100;
        return [
          record.id,
          line.line,
          1,
          idCell(line.account),
          debit || null,
          credit || null,
          amount,
          amount,
          rate,
          'T',
        ];
      });
    },
  };
}

/**
 * The table as NetSuite exposes it: only catalogued columns (catalog.ts); the record's other fields are
 * remembered as hidden so a query naming one fails as NetSuite fails.
 */
function documentedOnly(spec: TableSpec, custom: boolean): TableSpec {
  const keep = spec.columns.map((c) => columnSource(spec.name, c.name, custom) !== undefined);
  if (keep.every(Boolean)) return spec;
  const pick = (row: SqlCell[]): SqlCell[] => row.filter((_, i) => keep[i]);
  return {
    ...spec,
    columns: spec.columns.filter((_, i) => keep[i]),
    rows: (record, def, gl) => spec.rows(record, def, gl).map(pick),
    ...(spec.staticRows ? { staticRows: spec.staticRows.map(pick) } : {}),
    hidden: new Set(spec.columns.filter((_, i) => !keep[i]).map((c) => c.name)),
  };
}

/**
 * Every table SuiteQL can see for the registry, by lower-case name. Strict (the default): only
 * catalogued tables and columns; `undocumented` serves every record field as a column, for experiments.
 */
export function buildTables(schemas: SchemaRegistry, undocumented = false): Map<string, TableSpec> {
  const all = allTables(schemas);
  if (undocumented) return all;
  const custom = new Set(
    schemas
      .all()
      .filter((d) => d.kind === 'custom')
      .map((d) => d.type.toLowerCase()),
  );
  const tables = new Map<string, TableSpec>();
  for (const [name, spec] of all) {
    if (tableDocumented(name, custom.has(name))) tables.set(name, documentedOnly(spec, custom.has(name)));
  }
  return tables;
}

function allTables(schemas: SchemaRegistry): Map<string, TableSpec> {
  const tables = new Map<string, TableSpec>();
  const byKind = new Map<RecordKind, RecordTypeDef[]>();
  for (const def of schemas.all()) {
    const list = byKind.get(def.kind) ?? [];
    list.push(def);
    byKind.set(def.kind, list);
  }
  const transactions = byKind.get('transaction') ?? [];
  if (transactions.length) {
    tables.set('transaction', recordTable('transaction', transactions, 'transaction'));
    tables.set('transactionline', transactionLineTable(transactions));
    tables.set('transactionaccountingline', accountingLineTable(transactions));
  }
  const entities = byKind.get('entity') ?? [];
  if (entities.length) tables.set('entity', recordTable('entity', entities, 'entity'));
  const items = byKind.get('item') ?? [];
  if (items.length) tables.set('item', recordTable('item', items, 'item'));
  for (const kind of ['entity', 'custom', 'other'] as const) {
    for (const def of byKind.get(kind) ?? []) {
      const name = def.type.toLowerCase();
      if (!tables.has(name)) tables.set(name, recordTable(name, [def], kind));
    }
  }
  tables.set('dual', {
    name: 'dual',
    columns: [{ name: 'dummy', sqlType: 'TEXT' }],
    key: 'dummy',
    sourceTypes: [],
    rows: () => [],
    staticRows: [['X']],
  });
  return tables;
}

/** Changes when the registry gains types or fields: the engine then rebuilds its tables. */
export function schemaSignature(schemas: SchemaRegistry): string {
  return schemas
    .all()
    .map(
      (d) =>
        `${d.type}:${d.kind}:${Object.keys(d.fields).length}:` +
        Object.values(d.sublists)
          .map((s) => `${s.id}/${Object.keys(s.fields).length}`)
          .join(','),
    )
    .join('|');
}

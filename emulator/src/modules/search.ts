/**
 * N/search over the store: search.create with filters (objects or filter expressions), columns (joins and
 * summaries), run().each / getRange, runPaged, lookupFields; Search.save and search.load over the account's saved
 * searches (savedSearches.ts); numeric formula filters (searchFormula.ts).
 *
 * NetSuite's .d.ts declares Operator, Summary, Sort and Type as numeric enums; NetSuite's values are
 * strings, so the objects here are typed with their own string-valued interfaces.
 */
import { isDate } from '../records/values';
import { DEFAULT_FORMAT_PREFERENCES, formatPreferences, renderDay } from './format';
import type * as nsSearch from 'N/search';
import { MAP_REDUCE_INPUT, type MapReduceInputSource, type ModuleContext, type ModuleFactory } from '../context';
import { nsError, unsupported } from '../errors';
import { UNITS } from '../governance';
import type { FieldDef, FieldValue, RecordKind, RecordTypeDef } from '../schema';
import type { Line, StoredRecord } from '../store';
import { displayName } from '../suiteql/display';
import { savedSearchesOf } from './savedSearches';
import { compileFormula, formulaFields, type FormulaValue } from './searchFormula';

export const EACH_MAX_RESULTS = 4000;
export const GET_RANGE_MAX = 1000;
export const PAGE_SIZE_DEFAULT = 50;
export const PAGE_SIZE_MIN = 5;
export const PAGE_SIZE_MAX = 1000;

const OPERATOR_NAMES = [
  'after', 'allof', 'any', 'anyof', 'before', 'between', 'contains', 'doesnotcontain', 'doesnotstartwith',
  'equalto', 'greaterthan', 'greaterthanorequalto', 'haskeywords', 'is', 'isempty', 'isnot', 'isnotempty',
  'lessthan', 'lessthanorequalto', 'noneof', 'notafter', 'notallof', 'notbefore', 'notbetween', 'notequalto',
  'notgreaterthan', 'notgreaterthanorequalto', 'notlessthan', 'notlessthanorequalto', 'noton', 'notonorafter',
  'notonorbefore', 'notwithin', 'on', 'onorafter', 'onorbefore', 'startswith', 'within',
] as const; // prettier-ignore
type OperatorName = (typeof OPERATOR_NAMES)[number];
const NOT_MODELLED_OPERATORS = new Set<string>(['allof', 'notallof', 'any', 'haskeywords']);

const SUMMARIES = ['group', 'count', 'sum', 'avg', 'min', 'max'] as const;
type SummaryName = (typeof SUMMARIES)[number];

function enumOf<T extends string>(names: readonly T[], value: (name: T) => string = (n) => n): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) out[name.toUpperCase()] = value(name);
  return out;
}

export const Operator = enumOf(OPERATOR_NAMES);
export const Summary = enumOf(SUMMARIES);
export const Sort = { ASC: 'ASC', DESC: 'DESC', NONE: 'NONE' } as const;

/** search.Type: NetSuite's values are the record type ids (the enum key without underscores, lower-case). */
const TYPE_KEYS = [
  'ACCOUNT', 'CASH_SALE', 'CLASSIFICATION', 'CONTACT', 'CREDIT_MEMO', 'CURRENCY', 'CUSTOMER', 'CUSTOMER_DEPOSIT',
  'CUSTOMER_PAYMENT', 'CUSTOMER_REFUND', 'CUSTOM_RECORD', 'DEPARTMENT', 'DEPOSIT', 'DESCRIPTION_ITEM',
  'DISCOUNT_ITEM', 'EMPLOYEE', 'ENTITY', 'INVENTORY_ITEM', 'INVOICE', 'ITEM', 'JOURNAL_ENTRY', 'LOCATION',
  'NON_INVENTORY_ITEM', 'OTHER_CHARGE_ITEM', 'PAYMENT_ITEM', 'SALES_ORDER', 'SALES_TAX_ITEM', 'SERVICE_ITEM',
  'SUBSIDIARY', 'SUBTOTAL_ITEM', 'TERM', 'TRANSACTION', 'VENDOR', 'VENDOR_BILL', 'VENDOR_PAYMENT',
] as const; // prettier-ignore
export const Type: Record<string, string> = Object.fromEntries(
  TYPE_KEYS.map((k) => [k, k.replace(/_/g, '').toLowerCase()]),
);

// ---------------------------------------------------------------------------------------------------------
// Scope and fields

type Category = 'text' | 'select' | 'multiselect' | 'number' | 'date' | 'checkbox' | 'code';

interface Scope {
  searchType: string;
  defs: RecordTypeDef[];
  kind: RecordKind;
}

interface Row {
  record: StoredRecord;
  def: RecordTypeDef;
  /** Transaction line (null on the main line and for non-transactions). */
  line: Line | null;
  lineFields: Readonly<Record<string, FieldDef>>;
  lineNo: number;
}

/** A resolved search field: how to read it from a row, its category and, for selects, what it points at. */
interface FieldRef {
  key: string;
  category: Category;
  fieldType?: FieldDef['type'];
  selectType?: string;
  read(row: Row): FieldValue;
}

const LINE_BOOLEANS = new Set(['taxline', 'cogs', 'shipping']);

function categoryOf(field: FieldDef): Category {
  switch (field.type) {
    case 'select':
      return 'select';
    case 'multiselect':
      return 'multiselect';
    case 'checkbox':
      return 'checkbox';
    case 'integer':
    case 'currency':
    case 'float':
    case 'percent':
      return 'number';
    case 'date':
    case 'datetime':
      return 'date';
    default:
      return 'text';
  }
}

function resolveScope(context: ModuleContext, type: unknown): Scope {
  if (typeof type !== 'string' || type === '')
    throw nsError('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: type');
  const lower = type.toLowerCase();
  const all = context.services.store.schemas.all();
  if (lower === 'transaction' || lower === 'entity' || lower === 'item') {
    const defs = all.filter((d) => d.kind === lower);
    if (defs.length) return { searchType: lower, defs, kind: lower };
  }
  const def = context.services.store.schemas.find(lower);
  if (!def) throw nsError('SSS_INVALID_RECORD_TYPE', `The record type [${type}] is invalid.`);
  return { searchType: def.type, defs: [def], kind: def.kind };
}

function lineSublists(def: RecordTypeDef): { id: string; fields: Readonly<Record<string, FieldDef>> }[] {
  return Object.values(def.sublists).filter((s) => !s.systemFilled);
}

/** Resolves a field name of the scope (no join). Undefined when the scope has no such field. */
function resolveOwnField(scope: Scope, name: string): FieldRef | undefined {
  const key = name.toLowerCase();
  const isTransaction = scope.kind === 'transaction';
  const custom = scope.kind === 'custom';
  switch (key) {
    case 'internalid':
      return { key, category: 'select', selectType: scope.searchType, read: (r) => String(r.record.id) };
    case 'internalidnumber':
      return { key, category: 'number', read: (r) => r.record.id };
    case 'externalid':
      return { key, category: 'text', read: (r) => r.record.fields['externalid'] ?? null };
  }
  if (key === (custom ? 'created' : 'datecreated')) {
    return { key, category: 'date', fieldType: 'datetime', read: (r) => r.record.fields['created'] ?? null };
  }
  if (key === (custom ? 'lastmodified' : 'lastmodifieddate')) {
    return { key, category: 'date', fieldType: 'datetime', read: (r) => r.record.fields['lastmodified'] ?? null };
  }
  if (isTransaction) {
    if (key === 'mainline') return { key, category: 'checkbox', read: (r) => r.line === null };
    if (LINE_BOOLEANS.has(key)) return { key, category: 'checkbox', read: () => false };
    if (key === 'type') return { key, category: 'code', read: (r) => r.def.transactionCode ?? null };
    if (key === 'recordtype') return { key, category: 'code', read: (r) => r.def.type };
    if (key === 'line') return { key, category: 'number', fieldType: 'integer', read: (r) => r.lineNo };
    if (key === 'amount') {
      return {
        key,
        category: 'number',
        fieldType: 'currency',
        read: (r) =>
          r.line ? (r.line['amount'] ?? null) : (r.record.fields['total'] ?? r.record.fields['payment'] ?? null),
      };
    }
  }
  if (key === 'id' || key === 'created' || key === 'lastmodified') return undefined;
  const defined = scope.defs.some((d) => key in d.fields);
  // Every non-transaction record has isinactive, and custom records a name, whether or not the type lists them.
  if (!defined && key === 'isinactive' && !isTransaction) {
    return { key, category: 'checkbox', read: (r) => r.record.fields['isinactive'] ?? false };
  }
  if (!defined && key === 'name' && custom) {
    return { key, category: 'text', read: (r) => r.record.fields['name'] ?? null };
  }
  let field: FieldDef | undefined;
  for (const def of scope.defs) {
    field = def.fields[key];
    if (field) break;
    if (isTransaction) {
      for (const sublist of lineSublists(def)) {
        field = sublist.fields[key];
        if (field) break;
      }
      if (field) break;
    }
  }
  if (!field) return undefined;
  const ref: FieldRef = {
    key,
    category: categoryOf(field),
    fieldType: field.type,
    read: (r) => {
      if (r.line && key in r.lineFields) return r.line[key] ?? null;
      return key in r.def.fields ? (r.record.fields[key] ?? null) : null;
    },
  };
  if (field.selectType) ref.selectType = field.selectType;
  return ref;
}

/** Join ids NetSuite names after the target rather than after the field. */
const JOIN_ALIASES: Readonly<Record<string, string>> = {
  customer: 'entity',
  customermain: 'entity',
  vendor: 'entity',
  employee: 'entity',
  createdfrom: 'createdfrom',
};

function resolveField(
  context: ModuleContext,
  scope: Scope,
  name: string,
  join: string | undefined,
  errors: { field: string; join: string },
): FieldRef {
  if (!join) {
    const own = resolveOwnField(scope, name);
    if (!own) throw nsError(errors.field, `${errorText(errors.field)}: ${name}.`);
    return own;
  }
  const joinKey = join.toLowerCase();
  const base = resolveOwnField(scope, joinKey) ?? resolveOwnField(scope, JOIN_ALIASES[joinKey] ?? '');
  const target = base?.selectType;
  if (!base || base.category !== 'select' || !target) {
    throw nsError(errors.join, `${errorText(errors.join)}: ${join}.`);
  }
  const store = context.services.store;
  const targetKind = ['entity', 'item', 'transaction'].includes(target) ? (target as RecordKind) : undefined;
  const targetScope: Scope | undefined = targetKind
    ? { searchType: target, defs: store.schemas.all().filter((d) => d.kind === targetKind), kind: targetKind }
    : store.schemas.has(target)
      ? resolveScope(context, target)
      : undefined;
  if (!targetScope) throw nsError(errors.join, `${errorText(errors.join)}: ${join}.`);
  const inner = resolveOwnField(targetScope, name);
  if (!inner) throw nsError(errors.field, `${errorText(errors.field)}: ${name} (join ${join}).`);
  const ref: FieldRef = {
    key: `${name.toLowerCase()}.${joinKey}`,
    category: inner.category,
    read: (row) => {
      const id = base.read(row);
      if (id === null || id === '' || Array.isArray(id)) return null;
      const record = targetKind ? store.findInKind(targetKind, Number(id)) : store.get(target, Number(id));
      if (!record) return null;
      const def = store.schema(record.type);
      return inner.read({ record, def, line: null, lineFields: {}, lineNo: 0 });
    },
  };
  if (inner.fieldType) ref.fieldType = inner.fieldType;
  if (inner.selectType) ref.selectType = inner.selectType;
  return ref;
}

function errorText(code: string): string {
  switch (code) {
    case 'SSS_INVALID_SRCH_COL':
      return 'An nlobjSearchColumn contains an invalid column, or is not in proper syntax';
    case 'SSS_INVALID_SRCH_COL_JOIN':
      return 'An nlobjSearchColumn contains an invalid column join ID, or is not in proper syntax';
    case 'SSS_INVALID_SRCH_FILTER_JOIN':
      return 'An nlobjSearchFilter contains an invalid join ID, or is not in proper syntax';
    default:
      return 'An nlobjSearchFilter contains invalid search criteria';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Values as searches show them

const pad = (n: number): string => String(n).padStart(2, '0');

/** Dates as the user's date format preference shows them (M/D/YYYY unless the account says otherwise). */
function formatDate(value: Date, withTime: boolean, dateFormat = DEFAULT_FORMAT_PREFERENCES.dateFormat): string {
  const day = renderDay(dateFormat, value);
  if (!withTime) return day;
  const hours = value.getHours() % 12 || 12;
  return `${day} ${hours}:${pad(value.getMinutes())} ${value.getHours() < 12 ? 'am' : 'pm'}`;
}

function isEmpty(value: FieldValue): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function asNumber(value: FieldValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** getValue's string for a field value ('' when empty); checkboxes are handled by the caller. */
function formatValue(ref: FieldRef, value: FieldValue, dateFormat?: string): string {
  if (isEmpty(value)) return '';
  if (value instanceof Date) return formatDate(value, ref.fieldType === 'datetime', dateFormat);
  if (Array.isArray(value)) return value.join(',');
  if (ref.fieldType === 'currency') {
    const number = asNumber(value);
    return number === null ? String(value) : number.toFixed(2);
  }
  return String(value);
}

function checkboxValue(value: FieldValue): boolean {
  return value === true || value === 'T';
}

function textOf(context: ModuleContext, ref: FieldRef, value: FieldValue): string {
  const store = context.services.store;
  if (ref.key === 'type') {
    const def = store.schemas.all().find((d) => d.transactionCode === value);
    return def?.label ?? String(value ?? '');
  }
  if (!ref.selectType || isEmpty(value)) return '';
  const ids = Array.isArray(value) ? value : [String(value)];
  return ids.map((id) => displayName(store, ref.selectType as string, id) ?? id).join(',');
}

// ---------------------------------------------------------------------------------------------------------
// Filters

interface FilterOptions {
  name: string;
  join?: string;
  operator: string;
  values?: unknown;
  formula?: string;
  summary?: string;
}

const FORMULA_NUMERIC = 'formulanumeric';

/**
 * The formula of a formula filter: `{name: 'formulanumeric', formula}` or the filter-expression form
 * `'formulanumeric: <formula>'` (Oracle help, "search.createFilter(options)" and "Filter Expression").
 * Only numeric formulas are modelled; text, date, currency and percent formulas fail loudly.
 */
function formulaOf(options: FilterOptions): string | undefined {
  const [head, ...rest] = options.name.split(':');
  const kind = (head as string).trim().toLowerCase();
  if (!kind.startsWith('formula')) {
    if (options.formula !== undefined) throw unsupported(`a formula on the filter ${options.name}`);
    return undefined;
  }
  if (kind !== FORMULA_NUMERIC) throw unsupported(`formula search filters of type ${kind}`);
  const formula = rest.length ? rest.join(':').trim() : options.formula;
  if (typeof formula !== 'string' || formula.trim() === '') {
    throw nsError('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: formula');
  }
  return formula;
}

export class SearchFilter {
  readonly name: string;
  readonly join: string | undefined;
  readonly operator: OperatorName;
  readonly summary: string | undefined;
  readonly formula: string | undefined;
  readonly values: unknown[];
  isor = false;
  isnot = false;
  leftparens = 0;
  rightparens = 0;

  constructor(options: FilterOptions) {
    if (!options || typeof options.name !== 'string' || options.name === '') {
      throw nsError('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: name');
    }
    const operator = typeof options.operator === 'string' ? options.operator.toLowerCase() : '';
    if (!(OPERATOR_NAMES as readonly string[]).includes(operator)) {
      throw nsError(
        'SSS_INVALID_SRCH_OPERATOR',
        `An nlobjSearchFilter contains an invalid operator, or is not in proper syntax: ${String(options.operator)}.`,
      );
    }
    if (NOT_MODELLED_OPERATORS.has(operator)) throw unsupported(`the search operator ${operator}`);
    const formula = formulaOf(options);
    if (options.summary !== undefined) throw unsupported(`summary search filters (${options.name})`);
    for (const key of Object.keys(options)) {
      if (!['name', 'join', 'operator', 'values', 'formula', 'summary'].includes(key)) {
        throw unsupported(`the search filter option "${key}"`);
      }
    }
    const name = formula === undefined ? options.name : FORMULA_NUMERIC;
    const dot = options.join === undefined && formula === undefined ? name.indexOf('.') : -1;
    this.name = (dot > 0 ? name.slice(dot + 1) : name).toLowerCase();
    this.join = dot > 0 ? name.slice(0, dot).toLowerCase() : options.join?.toLowerCase();
    this.operator = operator as OperatorName;
    this.summary = undefined;
    this.formula = formula;
    const values = options.values;
    this.values = values === undefined || values === null ? [] : Array.isArray(values) ? [...values] : [values];
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      join: this.join ?? null,
      operator: this.operator,
      summary: null,
      formula: this.formula ?? null,
      values: this.values.map((v) => (isDate(v) ? formatDate(new Date(v.getTime()), false) : String(v))),
      isor: this.isor,
      isnot: this.isnot,
      leftparens: this.leftparens,
      rightparens: this.rightparens,
    };
  }
}

type FilterNode =
  | { kind: 'leaf'; filter: SearchFilter }
  | { kind: 'and' | 'or'; children: FilterNode[] }
  | { kind: 'not'; child: FilterNode };

function expressionError(detail: string): Error {
  return nsError('SSS_INVALID_SRCH_FILTER_EXPR', `Malformed search filter expression: ${detail}.`);
}

function isFilterLike(value: unknown): value is SearchFilter | FilterOptions {
  return (
    value instanceof SearchFilter ||
    (value !== null && typeof value === 'object' && !Array.isArray(value) && 'operator' in value && 'name' in value)
  );
}

function toFilter(value: SearchFilter | FilterOptions): SearchFilter {
  return value instanceof SearchFilter ? value : new SearchFilter(value);
}

function isLogical(value: unknown, word: string): boolean {
  return typeof value === 'string' && value.toUpperCase() === word;
}

/** [name, operator, ...values] */
function isTriple(value: unknown[]): boolean {
  return (
    typeof value[0] === 'string' &&
    typeof value[1] === 'string' &&
    !isLogical(value[0], 'NOT') &&
    !isLogical(value[1], 'AND') &&
    !isLogical(value[1], 'OR')
  );
}

function parseExpression(expression: unknown[]): FilterNode {
  if (isTriple(expression)) {
    const [name, operator, ...rest] = expression as [string, string, ...unknown[]];
    const values = rest.length === 1 && Array.isArray(rest[0]) ? (rest[0] as unknown[]) : rest;
    return { kind: 'leaf', filter: new SearchFilter({ name, operator, values }) };
  }
  // term (AND|OR term)*, AND binding tighter than OR.
  let index = 0;
  const term = (): FilterNode => {
    const element = expression[index++];
    if (isLogical(element, 'NOT')) return { kind: 'not', child: term() };
    if (Array.isArray(element)) return parseExpression(element);
    if (isFilterLike(element)) return { kind: 'leaf', filter: toFilter(element) };
    throw expressionError(`expected a filter or a nested expression, got ${JSON.stringify(element)}`);
  };
  const orParts: FilterNode[] = [];
  let andParts: FilterNode[] = [term()];
  while (index < expression.length) {
    const op = expression[index++];
    if (isLogical(op, 'AND')) andParts.push(term());
    else if (isLogical(op, 'OR')) {
      orParts.push(andParts.length === 1 ? (andParts[0] as FilterNode) : { kind: 'and', children: andParts });
      andParts = [term()];
    } else throw expressionError(`expected AND or OR, got ${JSON.stringify(op)}`);
  }
  const last = andParts.length === 1 ? (andParts[0] as FilterNode) : { kind: 'and' as const, children: andParts };
  return orParts.length ? { kind: 'or', children: [...orParts, last] } : last;
}

function leaves(node: FilterNode | null): SearchFilter[] {
  if (!node) return [];
  if (node.kind === 'leaf') return [node.filter];
  if (node.kind === 'not') return leaves(node.child);
  return node.children.flatMap(leaves);
}

/** A compiled filter: checks one row. */
type Predicate = (row: Row) => boolean;

const OPERATOR_CATEGORIES: Readonly<Record<string, readonly Category[]>> = {
  anyof: ['select', 'multiselect', 'code', 'text'],
  noneof: ['select', 'multiselect', 'code', 'text'],
  is: ['text', 'checkbox', 'code'],
  isnot: ['text', 'checkbox', 'code'],
  contains: ['text'],
  doesnotcontain: ['text'],
  startswith: ['text'],
  doesnotstartwith: ['text'],
  isempty: ['text', 'select', 'multiselect', 'number', 'date', 'code'],
  isnotempty: ['text', 'select', 'multiselect', 'number', 'date', 'code'],
};
const NUMBER_OPS = new Set([
  'equalto', 'notequalto', 'greaterthan', 'greaterthanorequalto', 'lessthan', 'lessthanorequalto', 'notgreaterthan',
  'notgreaterthanorequalto', 'notlessthan', 'notlessthanorequalto', 'between', 'notbetween',
]); // prettier-ignore
const DATE_OPS = new Set([
  'on', 'noton', 'before', 'after', 'onorbefore', 'onorafter', 'notbefore', 'notafter', 'notonorbefore',
  'notonorafter', 'within', 'notwithin',
]); // prettier-ignore

function dayKey(date: Date): number {
  return date.getFullYear() * 10000 + (date.getMonth() + 1) * 100 + date.getDate();
}

/** A filter date value as a [first, last] day range: M/D/YYYY, a Date, or a relative keyword. */
function dateRange(value: unknown, now: Date): [number, number] {
  if (isDate(value)) return [dayKey(new Date(value.getTime())), dayKey(new Date(value.getTime()))];
  const text = String(value).trim().toLowerCase();
  const shift = (days: number): number => dayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() + days));
  const explicit = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(\s.*)?$/.exec(text);
  if (explicit) {
    const key = Number(explicit[3]) * 10000 + Number(explicit[1]) * 100 + Number(explicit[2]);
    return [key, key];
  }
  const relative = /^(daysago|daysfromnow)(\d+)$/.exec(text);
  if (relative) {
    const key = shift((relative[1] === 'daysago' ? -1 : 1) * Number(relative[2]));
    return [key, key];
  }
  const month = (offset: number): [number, number] => {
    const first = new Date(now.getFullYear(), now.getMonth() + offset, 1);
    const last = new Date(now.getFullYear(), now.getMonth() + offset + 1, 0);
    return [dayKey(first), dayKey(last)];
  };
  switch (text) {
    case 'today':
      return [shift(0), shift(0)];
    case 'yesterday':
      return [shift(-1), shift(-1)];
    case 'tomorrow':
      return [shift(1), shift(1)];
    case 'thismonth':
      return month(0);
    case 'lastmonth':
      return month(-1);
    case 'thisyear':
      return [now.getFullYear() * 10000 + 101, now.getFullYear() * 10000 + 1231];
    case 'lastyear':
      return [(now.getFullYear() - 1) * 10000 + 101, (now.getFullYear() - 1) * 10000 + 1231];
    default:
      throw nsError(
        'SSS_INVALID_SRCH_FILTER',
        `An nlobjSearchFilter contains invalid search criteria: date value ${JSON.stringify(value)} (the emulator reads M/D/YYYY, Date objects and today/yesterday/tomorrow/daysagoN/daysfromnowN/thismonth/lastmonth/thisyear/lastyear).`,
      );
  }
}

/** A numeric formula as a search field: each row's value is the formula evaluated on that row. */
function formulaRef(context: ModuleContext, scope: Scope, formula: string): FieldRef {
  const compiled = compileFormula(formula); // what is not modelled fails first, whatever the fields
  const refs = new Map<string, FieldRef>();
  for (const name of formulaFields(formula)) {
    const ref = resolveOwnField(scope, name);
    if (!ref)
      throw nsError('SSS_INVALID_SRCH_FILTER', `${errorText('SSS_INVALID_SRCH_FILTER')}: {${name}} in ${formula}.`);
    refs.set(name, ref);
  }
  const now = (): Date => context.services.now();
  return {
    key: FORMULA_NUMERIC,
    category: 'number',
    read: (row) => {
      const value = compiled({ field: (name) => formulaInput(context, refs.get(name) as FieldRef, row), now });
      return value instanceof Date ? null : value;
    },
  };
}

/** A field as formulas see it: numbers and dates as such, selects as their text, checkboxes 'T'/'F'. */
function formulaInput(context: ModuleContext, ref: FieldRef, row: Row): FormulaValue {
  const value = ref.read(row);
  if (isEmpty(value)) return null;
  if (ref.category === 'checkbox') return checkboxValue(value) ? 'T' : 'F';
  if (ref.category === 'select' || ref.category === 'multiselect') return textOf(context, ref, value);
  if (ref.category === 'number') return asNumber(value);
  if (value instanceof Date) return value;
  return Array.isArray(value) ? value.join(',') : typeof value === 'boolean' ? (value ? 'T' : 'F') : value;
}

function compile(context: ModuleContext, scope: Scope, filter: SearchFilter): Predicate {
  const ref = filter.formula
    ? formulaRef(context, scope, filter.formula)
    : resolveField(context, scope, filter.name, filter.join, {
        field: 'SSS_INVALID_SRCH_FILTER',
        join: 'SSS_INVALID_SRCH_FILTER_JOIN',
      });
  const op = filter.operator;
  const invalidOperator = (): Error =>
    nsError(
      'SSS_INVALID_SRCH_OPERATOR',
      `An nlobjSearchFilter contains an invalid operator, or is not in proper syntax: ${op} (field ${filter.name}).`,
    );
  const values = filter.values;
  if (NUMBER_OPS.has(op)) {
    if (ref.category !== 'number') throw invalidOperator();
    const [a, b] = values.map((v) => Number(v));
    if (
      a === undefined ||
      Number.isNaN(a) ||
      ((op === 'between' || op === 'notbetween') && (b === undefined || Number.isNaN(b)))
    ) {
      throw nsError(
        'SSS_INVALID_SRCH_FILTER',
        `An nlobjSearchFilter contains invalid search criteria: ${filter.name} ${op} ${JSON.stringify(values)}.`,
      );
    }
    const test = (n: number): boolean => {
      switch (op) {
        case 'equalto':
          return n === a;
        case 'notequalto':
          return n !== a;
        case 'greaterthan':
        case 'notlessthanorequalto':
          return n > a;
        case 'greaterthanorequalto':
        case 'notlessthan':
          return n >= a;
        case 'lessthan':
        case 'notgreaterthanorequalto':
          return n < a;
        case 'lessthanorequalto':
        case 'notgreaterthan':
          return n <= a;
        case 'between':
          return n >= a && n <= (b as number);
        default:
          return !(n >= a && n <= (b as number));
      }
    };
    return (row) => {
      const n = asNumber(ref.read(row));
      return n !== null && test(n);
    };
  }
  if (DATE_OPS.has(op)) {
    if (ref.category !== 'date') throw invalidOperator();
    const now = context.services.now();
    let range: [number, number];
    if (op === 'within' || op === 'notwithin') {
      range =
        values.length >= 2 ? [dateRange(values[0], now)[0], dateRange(values[1], now)[1]] : dateRange(values[0], now);
    } else {
      if (values.length !== 1)
        throw nsError(
          'SSS_INVALID_SRCH_FILTER',
          `An nlobjSearchFilter contains invalid search criteria: ${filter.name} ${op} needs one date.`,
        );
      range = dateRange(values[0], now);
    }
    const [from, to] = range;
    const test = (day: number): boolean => {
      switch (op) {
        case 'on':
        case 'within':
          return day >= from && day <= to;
        case 'noton':
        case 'notwithin':
          return day < from || day > to;
        case 'before':
        case 'notonorafter':
          return day < from;
        case 'after':
        case 'notonorbefore':
          return day > to;
        case 'onorbefore':
        case 'notafter':
          return day <= to;
        default: // onorafter, notbefore
          return day >= from;
      }
    };
    return (row) => {
      const value = ref.read(row);
      return value instanceof Date && test(dayKey(value));
    };
  }
  const allowed = OPERATOR_CATEGORIES[op];
  if (!allowed?.includes(ref.category)) throw invalidOperator();
  // Text matching in searches is case-insensitive.
  const lowerText = (value: FieldValue): string => (isEmpty(value) ? '' : formatValue(ref, value).toLowerCase());
  switch (op) {
    case 'isempty':
      return (row) => isEmpty(ref.read(row));
    case 'isnotempty':
      return (row) => !isEmpty(ref.read(row));
    case 'anyof':
    case 'noneof': {
      if (ref.category === 'text' && ref.key !== 'externalid') throw invalidOperator();
      const wanted = new Set(values.map((v) => String(v).toLowerCase()));
      const none = wanted.has('@none@');
      const all = wanted.has('@all@');
      const match = (row: Row): boolean => {
        if (all) return true;
        const value = ref.read(row);
        if (isEmpty(value)) return none;
        const ids = Array.isArray(value) ? value : [value];
        return ids.some((id) => wanted.has(String(id).toLowerCase()));
      };
      return op === 'anyof' ? match : (row) => !match(row);
    }
    case 'is':
    case 'isnot': {
      if (values.length !== 1)
        throw nsError(
          'SSS_INVALID_SRCH_FILTER',
          `An nlobjSearchFilter contains invalid search criteria: ${filter.name} ${op} needs one value.`,
        );
      const wanted = values[0];
      const match: Predicate =
        ref.category === 'checkbox'
          ? (row) => checkboxValue(ref.read(row)) === (wanted === true || String(wanted).toUpperCase() === 'T')
          : (row) => lowerText(ref.read(row)) === String(wanted ?? '').toLowerCase();
      return op === 'is' ? match : (row) => !match(row);
    }
    default: {
      const needle = String(values[0] ?? '').toLowerCase();
      const match: Predicate =
        op === 'contains' || op === 'doesnotcontain'
          ? (row) => lowerText(ref.read(row)).includes(needle)
          : (row) => lowerText(ref.read(row)).startsWith(needle);
      return op === 'contains' || op === 'startswith' ? match : (row) => !match(row);
    }
  }
}

function compileTree(context: ModuleContext, scope: Scope, node: FilterNode | null): Predicate {
  if (!node) return () => true;
  switch (node.kind) {
    case 'leaf':
      return compile(context, scope, node.filter);
    case 'not': {
      const child = compileTree(context, scope, node.child);
      return (row) => !child(row);
    }
    case 'and': {
      const children = node.children.map((c) => compileTree(context, scope, c));
      return (row) => children.every((c) => c(row));
    }
    default: {
      const children = node.children.map((c) => compileTree(context, scope, c));
      return (row) => children.some((c) => c(row));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Columns

interface ColumnOptions {
  name: string;
  join?: string;
  summary?: string;
  formula?: string;
  function?: string;
  label?: string;
  sort?: string;
}

export class SearchColumn {
  readonly name: string;
  readonly join: string | undefined;
  readonly summary: SummaryName | undefined;
  readonly label: string | undefined;
  sort: 'ASC' | 'DESC' | 'NONE';

  constructor(options: ColumnOptions) {
    if (!options || typeof options.name !== 'string' || options.name === '') {
      throw nsError('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: name');
    }
    if (options.formula !== undefined || options.name.toLowerCase().startsWith('formula')) {
      throw unsupported(`formula search columns (${options.name})`);
    }
    if (options.function !== undefined) throw unsupported(`search column functions (${options.function})`);
    for (const key of Object.keys(options)) {
      if (!['name', 'join', 'summary', 'formula', 'function', 'label', 'sort'].includes(key)) {
        throw unsupported(`the search column option "${key}"`);
      }
    }
    const dot = options.join === undefined ? options.name.indexOf('.') : -1;
    this.name = (dot > 0 ? options.name.slice(dot + 1) : options.name).toLowerCase();
    this.join = dot > 0 ? options.name.slice(0, dot).toLowerCase() : options.join?.toLowerCase();
    if (options.summary !== undefined) {
      const summary = String(options.summary).toLowerCase();
      if (!(SUMMARIES as readonly string[]).includes(summary)) {
        throw nsError(
          'SSS_INVALID_SRCH_COLUMN_SUM',
          `An nlobjSearchColumn contains an invalid column summary type: ${options.summary}.`,
        );
      }
      this.summary = summary as SummaryName;
    }
    this.label = options.label;
    const sort = (options.sort ?? 'NONE').toUpperCase();
    if (sort !== 'ASC' && sort !== 'DESC' && sort !== 'NONE') {
      throw nsError('SSS_INVALID_SRCH_SORT', `Invalid search column sort: ${options.sort}.`);
    }
    this.sort = sort;
  }

  /** Key in result JSON: `name`, `name.join`, `SUM(name)`. */
  get key(): string {
    const base = this.join ? `${this.name}.${this.join}` : this.name;
    return this.summary ? `${this.summary.toUpperCase()}(${base})` : base;
  }

  setWhenOrderedBy(): SearchColumn {
    throw unsupported('Column.setWhenOrderedBy');
  }

  toString(): string {
    return this.key;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      join: this.join ?? null,
      summary: this.summary ?? null,
      label: this.label ?? null,
      sortdir: this.sort,
    };
  }
}

function toColumn(value: unknown): SearchColumn {
  if (value instanceof SearchColumn) return value;
  if (typeof value === 'string') return new SearchColumn({ name: value });
  if (value !== null && typeof value === 'object' && 'name' in value) return new SearchColumn(value as ColumnOptions);
  throw nsError(
    'SSS_INVALID_SRCH_COL',
    `An nlobjSearchColumn contains an invalid column, or is not in proper syntax: ${JSON.stringify(value)}.`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Results

interface Cell {
  value: string | boolean;
  text: string | null;
  ref: FieldRef;
}

export class SearchResult {
  constructor(
    readonly recordType: string,
    readonly id: string,
    readonly columns: SearchColumn[],
    private readonly cells: Cell[],
  ) {}

  private find(column: SearchColumn | string): Cell | undefined {
    if (typeof column === 'string') {
      const dot = column.indexOf('.');
      const name = (dot > 0 ? column.slice(dot + 1) : column).toLowerCase();
      const join = dot > 0 ? column.slice(0, dot).toLowerCase() : undefined;
      const index = this.columns.findIndex((c) => c.name === name && c.join === join && !c.summary);
      return this.cells[index];
    }
    const name = column.name.toLowerCase();
    const join = column.join?.toLowerCase();
    const summary = column.summary?.toLowerCase();
    const index = this.columns.findIndex((c) => c.name === name && c.join === join && c.summary === summary);
    return this.cells[index];
  }

  getValue(column: SearchColumn | string | ColumnOptions): string | boolean | null {
    const cell = this.find(column instanceof SearchColumn || typeof column === 'string' ? column : toColumn(column));
    return cell ? cell.value : null;
  }

  getText(column: SearchColumn | string | ColumnOptions): string | null {
    const cell = this.find(column instanceof SearchColumn || typeof column === 'string' ? column : toColumn(column));
    return cell ? cell.text : null;
  }

  getAllValues(): Record<string, string | boolean | { value: string; text: string }[]> {
    const out: Record<string, string | boolean | { value: string; text: string }[]> = {};
    this.columns.forEach((column, index) => {
      const cell = this.cells[index] as Cell;
      out[column.key] = cell.text !== null ? [{ value: String(cell.value), text: cell.text }] : cell.value;
    });
    return out;
  }

  /** NetSuite's JSON of a result (also the map/reduce value): selects as {value, text}, checkboxes 'T'/'F'. */
  toJSON(): { recordType?: string; id?: string; values: Record<string, unknown> } {
    const values: Record<string, unknown> = {};
    this.columns.forEach((column, index) => {
      const cell = this.cells[index] as Cell;
      if (typeof cell.value === 'boolean') values[column.key] = cell.value ? 'T' : 'F';
      else if (cell.ref.category === 'multiselect' && cell.text !== null) {
        const ids = cell.value === '' ? [] : cell.value.split(',');
        const texts = cell.text === '' ? [] : cell.text.split(',');
        values[column.key] = ids.map((value, i) => ({ value, text: texts[i] ?? value }));
      } else if (cell.text !== null) values[column.key] = { value: cell.value, text: cell.text };
      else values[column.key] = cell.value;
    });
    return this.id === '' ? { values } : { recordType: this.recordType, id: this.id, values };
  }
}

function cellFor(context: ModuleContext, ref: FieldRef, value: FieldValue): Cell {
  if (ref.category === 'checkbox') return { value: checkboxValue(value), text: null, ref };
  if (ref.key === 'mainline') return { value: value ? '*' : '', text: null, ref };
  const hasText = ref.category === 'select' || ref.category === 'multiselect' || ref.key === 'type';
  const dateFormat = formatPreferences(context.services).dateFormat;
  return { value: formatValue(ref, value, dateFormat), text: hasText ? textOf(context, ref, value) : null, ref };
}

function compareValues(a: FieldValue, b: FieldValue): number {
  if (isEmpty(a) || isEmpty(b)) return isEmpty(a) === isEmpty(b) ? 0 : isEmpty(a) ? -1 : 1;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== null && nb !== null) return na - nb;
  return String(a).toLowerCase().localeCompare(String(b).toLowerCase());
}

// ---------------------------------------------------------------------------------------------------------
// The search object

interface CreateOptions {
  type: string;
  filters?: unknown[];
  filterExpression?: unknown[];
  columns?: unknown[];
  title?: string;
  id?: string;
  isPublic?: boolean;
  settings?: unknown;
  packageId?: string;
}

export class SearchImpl implements MapReduceInputSource {
  readonly searchType: string;
  /** Internal ID: -1 until saved, or the loaded saved search's (Oracle help, "Search.searchId"). */
  searchId = -1;
  title: string;
  id: string;
  isPublic: boolean;
  private filterList: SearchFilter[] | null = null;
  private expression: FilterNode | null = null;
  private expressionSource: unknown[] = [];
  private columnList: SearchColumn[] = [];
  private readonly scope: Scope;

  constructor(
    private readonly context: ModuleContext,
    options: CreateOptions,
  ) {
    if (!options || typeof options !== 'object')
      throw nsError('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: options');
    for (const key of Object.keys(options)) {
      if (!['type', 'filters', 'filterExpression', 'columns', 'title', 'id', 'isPublic'].includes(key)) {
        throw unsupported(`the search.create option "${key}"`);
      }
    }
    this.scope = resolveScope(context, options.type);
    this.searchType = this.scope.searchType;
    this.title = options.title ?? '';
    this.id = options.id ?? '';
    this.isPublic = options.isPublic ?? false;
    if (options.filterExpression !== undefined) this.filterExpression = options.filterExpression;
    else this.filters = options.filters ?? [];
    this.columns = options.columns ?? [];
  }

  get filters(): SearchFilter[] {
    if (this.filterList) return this.filterList;
    // Leaves of an expression: read-only, so a push cannot be silently ignored.
    return Object.freeze(leaves(this.expression)) as SearchFilter[];
  }

  set filters(value: unknown[]) {
    if (!Array.isArray(value))
      throw nsError('WRONG_PARAMETER_TYPE', 'Wrong parameter type: filters is expected as Array.');
    if (value.every(isFilterLike)) {
      this.filterList = value.map(toFilter);
      this.expression = null;
      this.expressionSource = [];
    } else {
      this.filterExpression = value;
    }
    this.compiled();
  }

  get filterExpression(): unknown[] {
    if (this.filterList) {
      const out: unknown[] = [];
      this.filterList.forEach((f, index) => {
        if (index) out.push('AND');
        const name = f.formula ? `${f.name}: ${f.formula}` : f.join ? `${f.join}.${f.name}` : f.name;
        out.push([name, f.operator, ...f.values]);
      });
      return out;
    }
    return this.expressionSource;
  }

  set filterExpression(value: unknown[]) {
    if (!Array.isArray(value)) throw expressionError('expected an array');
    this.filterList = null;
    this.expression = value.length ? parseExpression(value) : null;
    this.expressionSource = value;
    this.compiled();
  }

  get columns(): SearchColumn[] {
    return this.columnList;
  }

  set columns(value: unknown[]) {
    if (!Array.isArray(value))
      throw nsError('WRONG_PARAMETER_TYPE', 'Wrong parameter type: columns is expected as Array.');
    const columns = value.map(toColumn);
    for (const column of columns) this.columnRef(column); // unknown columns fail at create, as in NetSuite
    const summarised = columns.filter((c) => c.summary).length;
    if (summarised && summarised !== columns.length) {
      throw nsError(
        'SSS_INVALID_SRCH_COLUMN_SUM',
        'A search with summary columns needs a summary type on every column (GROUP for the ones to group by).',
      );
    }
    this.columnList = columns;
  }

  private columnRef(column: SearchColumn): FieldRef {
    return resolveField(this.context, this.scope, column.name, column.join, {
      field: 'SSS_INVALID_SRCH_COL',
      join: 'SSS_INVALID_SRCH_COL_JOIN',
    });
  }

  private tree(): FilterNode | null {
    if (this.filterList)
      return this.filterList.length
        ? { kind: 'and', children: this.filterList.map((filter) => ({ kind: 'leaf' as const, filter })) }
        : null;
    return this.expression;
  }

  private compiled(): Predicate {
    return compileTree(this.context, this.scope, this.tree());
  }

  /** Records the filters can be answered from without a scan (internalid / externalid ANDed at the top). */
  private candidates(): StoredRecord[] | undefined {
    const tree = this.tree();
    const top = tree?.kind === 'and' ? tree.children : tree ? [tree] : [];
    const store = this.context.services.store;
    for (const node of top) {
      if (node.kind !== 'leaf' || node.filter.join) continue;
      const { name, operator, values } = node.filter;
      if (name === 'internalid' && operator === 'anyof' && !values.some((v) => String(v).startsWith('@'))) {
        const out: StoredRecord[] = [];
        for (const value of values) {
          for (const def of this.scope.defs) {
            const record = store.get(def.type, Number(value));
            if (record) out.push(record);
          }
        }
        return out;
      }
      if (
        name === 'externalid' &&
        (operator === 'anyof' || operator === 'is') &&
        !values.some((v) => String(v).startsWith('@'))
      ) {
        const out: StoredRecord[] = [];
        for (const value of values) {
          for (const def of this.scope.defs) {
            const record = store.findByExternalId(def.type, String(value));
            if (record) out.push(record);
          }
        }
        return out;
      }
    }
    return undefined;
  }

  /** Every result of the search, in order (re-read from the store each time, as each run is a new query). */
  results(): SearchResult[] {
    const predicate = this.compiled();
    const store = this.context.services.store;
    const records = this.candidates() ?? this.scope.defs.flatMap((def) => store.list(def.type) as StoredRecord[]);
    const sorted = [...new Map(records.map((r) => [r.id, r])).values()].sort((a, b) => a.id - b.id);
    const rows: Row[] = [];
    for (const record of sorted) {
      const def = store.schema(record.type);
      const main: Row = { record, def, line: null, lineFields: {}, lineNo: 0 };
      if (predicate(main)) rows.push(main);
      if (def.kind !== 'transaction') continue;
      let lineNo = 0;
      for (const sublist of lineSublists(def)) {
        for (const line of record.sublists[sublist.id] ?? []) {
          const row: Row = { record, def, line, lineFields: sublist.fields, lineNo: ++lineNo };
          if (predicate(row)) rows.push(row);
        }
      }
    }
    const columns = this.columnList;
    const refs = columns.map((c) => this.columnRef(c));
    if (columns.some((c) => c.summary)) return this.summarise(rows, columns, refs);
    const sortKeys = columns.map((c, i) => ({ c, ref: refs[i] as FieldRef })).filter(({ c }) => c.sort !== 'NONE');
    if (sortKeys.length) {
      rows.sort((a, b) => {
        for (const { c, ref } of sortKeys) {
          const order = compareValues(ref.read(a), ref.read(b));
          if (order) return c.sort === 'DESC' ? -order : order;
        }
        return 0;
      });
    }
    return rows.map(
      (row) =>
        new SearchResult(
          row.def.type,
          String(row.record.id),
          columns,
          refs.map((ref) => cellFor(this.context, ref, ref.read(row))),
        ),
    );
  }

  private summarise(rows: Row[], columns: SearchColumn[], refs: FieldRef[]): SearchResult[] {
    const groups = new Map<string, Row[]>();
    const groupIndexes = columns.flatMap((c, i) => (c.summary === 'group' ? [i] : []));
    for (const row of rows) {
      const key = JSON.stringify(
        groupIndexes.map((i) => formatValue(refs[i] as FieldRef, (refs[i] as FieldRef).read(row))),
      );
      const list = groups.get(key) ?? [];
      list.push(row);
      groups.set(key, list);
    }
    const results: SearchResult[] = [];
    for (const group of groups.values()) {
      const cells = columns.map((column, index): Cell => {
        const ref = refs[index] as FieldRef;
        const values = group.map((row) => ref.read(row)).filter((v) => !isEmpty(v));
        switch (column.summary) {
          case 'group':
            return cellFor(this.context, ref, ref.read(group[0] as Row));
          case 'count':
            return { value: String(values.length), text: null, ref };
          case 'sum':
          case 'avg': {
            if (ref.category !== 'number')
              throw nsError('SSS_INVALID_SRCH_COLUMN_SUM', `Cannot ${column.summary} the column ${column.name}.`);
            const numbers = values.map((v) => asNumber(v) ?? 0);
            const sum = numbers.reduce((a, b) => a + b, 0);
            const result = column.summary === 'sum' ? sum : numbers.length ? sum / numbers.length : null;
            return { value: result === null ? '' : formatValue(ref, Math.round(result * 1e6) / 1e6), text: null, ref };
          }
          default: {
            const sorted = [...values].sort(compareValues);
            const pick = column.summary === 'min' ? sorted[0] : sorted[sorted.length - 1];
            return cellFor(this.context, ref, pick ?? null);
          }
        }
      });
      results.push(new SearchResult(this.searchType, '', columns, cells));
    }
    return results;
  }

  run(): SearchResultSet {
    this.context.invocation.charge('Search.run', UNITS['Search.run']);
    return new SearchResultSet(this.context, this);
  }

  runPaged = withPromise((options?: { pageSize?: number }): SearchPagedData => {
    const pageSize = options?.pageSize ?? PAGE_SIZE_DEFAULT;
    if (
      typeof pageSize !== 'number' ||
      !Number.isInteger(pageSize) ||
      pageSize < PAGE_SIZE_MIN ||
      pageSize > PAGE_SIZE_MAX
    ) {
      throw nsError(
        'INVALID_PAGE_SIZE',
        `Invalid page size: ${String(pageSize)}. The page size must be between ${PAGE_SIZE_MIN} and ${PAGE_SIZE_MAX}.`,
      );
    }
    this.context.invocation.charge('Search.runPaged', UNITS['Search.runPaged']);
    return new SearchPagedData(this.context, this, pageSize);
  });

  /** Oracle help, "Search.save()": stores the definition as a saved search; returns its internal ID (5 units). */
  save(...args: unknown[]): number {
    if (args.length && args[0] !== undefined) throw unsupported('Search.save options (set title and id on the search)');
    this.context.invocation.charge('Search.save', UNITS['Search.save']);
    this.compiled(); // a definition that cannot run is not saved
    const searchId = savedSearchesOf(this.context.services).save({
      searchId: this.searchId,
      id: this.id,
      title: this.title,
      type: this.searchType,
      isPublic: this.isPublic,
      filters: this.filterList
        ? { list: this.filterList.map(filterOptions), expression: [] }
        : { list: null, expression: cloneExpression(this.expressionSource) },
      columns: this.columnList.map(columnOptions),
    });
    this.searchId = searchId;
    this.id = savedSearchesOf(this.context.services).load(searchId).id;
    return searchId;
  }

  /** Map/reduce input: every result (no each/getRange limits), key = internal ID, value = the result's JSON. */
  [MAP_REDUCE_INPUT](): { key: string; value: string }[] {
    return this.results().map((result) => ({ key: result.id, value: JSON.stringify(result) }));
  }

  toJSON(): Record<string, unknown> {
    return { type: this.searchType, id: this.id, title: this.title, filters: this.filters, columns: this.columnList };
  }
}

function filterOptions(filter: SearchFilter): Record<string, unknown> {
  const out: Record<string, unknown> = { name: filter.name, operator: filter.operator, values: [...filter.values] };
  if (filter.join) out['join'] = filter.join;
  if (filter.formula) out['formula'] = filter.formula;
  return out;
}

function cloneExpression(expression: unknown[]): unknown[] {
  return expression.map((element) =>
    element instanceof SearchFilter
      ? filterOptions(element)
      : Array.isArray(element)
        ? cloneExpression(element)
        : element,
  );
}

function columnOptions(column: SearchColumn): Record<string, unknown> {
  const out: Record<string, unknown> = { name: column.name, sort: column.sort };
  if (column.join) out['join'] = column.join;
  if (column.summary) out['summary'] = column.summary;
  if (column.label !== undefined) out['label'] = column.label;
  return out;
}

/** Oracle help, "search.load(options)": a saved search by internal ID or script ID, as a search.Search. */
function loadSearch(context: ModuleContext, options: { id: string | number; type?: string }): SearchImpl {
  if (!options || options.id === undefined || options.id === null || options.id === '') {
    throw nsError('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: id');
  }
  context.invocation.charge('search.load', UNITS['search.load']);
  const saved = savedSearchesOf(context.services).load(options.id);
  const create: CreateOptions = {
    type: saved.type,
    title: saved.title,
    id: saved.id,
    isPublic: saved.isPublic,
    columns: saved.columns,
  };
  if (saved.filters.list) create.filters = saved.filters.list;
  else create.filterExpression = saved.filters.expression;
  const search = new SearchImpl(context, create);
  search.searchId = saved.searchId;
  return search;
}

export class SearchResultSet {
  constructor(
    private readonly context: ModuleContext,
    private readonly search: SearchImpl,
  ) {}

  get columns(): SearchColumn[] {
    return this.search.columns;
  }

  each = withPromise((callback: (result: SearchResult) => boolean): void => {
    if (typeof callback !== 'function')
      throw nsError('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: callback');
    this.context.invocation.charge('ResultSet.each', UNITS['ResultSet.each']);
    const results = this.search.results();
    for (let index = 0; index < results.length; index++) {
      if (index >= EACH_MAX_RESULTS) {
        throw nsError(
          'SSS_SEARCH_FOR_EACH_LIMIT_EXCEEDED',
          'No more than 4000 search results may be returned at one time from nlobjSearchResultSet.forEachResult(callback). Please revise your search criteria or modify the callback logic so that no more than 4000 results are returned.',
        );
      }
      if (callback(results[index] as SearchResult) !== true) return;
    }
  });

  getRange = withPromise((options: { start: number; end: number }): SearchResult[] => {
    const start = options?.start;
    const end = options?.end;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
      throw nsError(
        'SSS_INVALID_SEARCH_RESULT_INDEX',
        `Invalid search result index: start ${String(start)}, end ${String(end)}.`,
      );
    }
    if (end - start > GET_RANGE_MAX) {
      throw nsError(
        'SSS_SEARCH_RESULT_LIMIT_EXCEEDED',
        `No more than ${GET_RANGE_MAX} search results may be requested at one time from getRange (asked ${end - start}).`,
      );
    }
    this.context.invocation.charge('ResultSet.getRange', UNITS['ResultSet.getRange']);
    return this.search.results().slice(start, end);
  });
}

export class SearchPagedData {
  readonly count: number;
  readonly pageRanges: { index: number; compoundLabel: string }[];

  constructor(
    private readonly context: ModuleContext,
    readonly searchDefinition: SearchImpl,
    readonly pageSize: number,
  ) {
    this.count = searchDefinition.results().length;
    const pages = Math.ceil(this.count / pageSize);
    this.pageRanges = Array.from({ length: pages }, (_, index) => ({
      index,
      compoundLabel: `${index * pageSize + 1} – ${Math.min((index + 1) * pageSize, this.count)}`,
    }));
  }

  fetch = withPromise((options: { index: number } | number): SearchPage => {
    const index = typeof options === 'number' ? options : options?.index;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= this.pageRanges.length) {
      throw nsError('INVALID_PAGE_RANGE', 'Invalid page range.');
    }
    this.context.invocation.charge('PagedData.fetch', UNITS['PagedData.fetch']);
    // Each fetch re-runs the search: writes between fetches shift later pages, as in NetSuite.
    const data = this.searchDefinition.results().slice(index * this.pageSize, (index + 1) * this.pageSize);
    return new SearchPage(this, index, data);
  });
}

export class SearchPage {
  readonly isFirst: boolean;
  readonly isLast: boolean;
  readonly pageRange: { index: number; compoundLabel: string };

  constructor(
    readonly pagedData: SearchPagedData,
    index: number,
    readonly data: SearchResult[],
  ) {
    this.isFirst = index === 0;
    this.isLast = index === pagedData.pageRanges.length - 1;
    this.pageRange = pagedData.pageRanges[index] as { index: number; compoundLabel: string };
  }

  next = withPromise((): SearchPage => this.pagedData.fetch({ index: this.pageRange.index + 1 }));
  prev = withPromise((): SearchPage => this.pagedData.fetch({ index: this.pageRange.index - 1 }));
}

function withPromise<A extends unknown[], R>(
  fn: (...args: A) => R,
): ((...args: A) => R) & { promise: (...args: A) => Promise<R> } {
  return Object.assign(fn, { promise: (...args: A) => new Promise<R>((resolve) => resolve(fn(...args))) });
}

// ---------------------------------------------------------------------------------------------------------
// lookupFields and the module

type LookupValue = string | boolean | nsSearch.LookupValueObject[];

function lookupFields(
  context: ModuleContext,
  options: { type: string; id: unknown; columns: string | string[] },
): Record<string, LookupValue> {
  if (!options || typeof options !== 'object')
    throw nsError('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: options');
  const scope = resolveScope(context, options.type);
  if (scope.defs.length !== 1)
    throw nsError('SSS_INVALID_RECORD_TYPE', `The record type [${options.type}] is invalid for lookupFields.`);
  const id = Number(options.id);
  if (!Number.isInteger(id)) throw nsError('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: id');
  const columns = typeof options.columns === 'string' ? [options.columns] : options.columns;
  if (!Array.isArray(columns) || !columns.length)
    throw nsError('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: columns');
  const refs = columns.map((name) => {
    const dot = name.indexOf('.');
    return resolveField(
      context,
      scope,
      dot > 0 ? name.slice(dot + 1) : name,
      dot > 0 ? name.slice(0, dot) : undefined,
      {
        field: 'SSS_INVALID_SRCH_COL',
        join: 'SSS_INVALID_SRCH_COL_JOIN',
      },
    );
  });
  context.invocation.charge('search.lookupFields', UNITS['search.lookupFields']);
  const def = scope.defs[0] as RecordTypeDef;
  const record = context.services.store.get(def.type, id);
  if (!record) return {};
  const row: Row = { record, def, line: null, lineFields: {}, lineNo: 0 };
  const out: Record<string, LookupValue> = {};
  columns.forEach((name, index) => {
    const ref = refs[index] as FieldRef;
    const cell = cellFor(context, ref, ref.read(row));
    if (typeof cell.value === 'boolean') out[name] = cell.value;
    else if (cell.text !== null) out[name] = cell.value === '' ? [] : [{ value: cell.value, text: cell.text }];
    else out[name] = cell.value;
  });
  return out;
}

export interface SearchModule {
  create: ((options: CreateOptions) => SearchImpl) & { promise: (options: CreateOptions) => Promise<SearchImpl> };
  createFilter(options: FilterOptions): SearchFilter;
  createColumn(options: ColumnOptions): SearchColumn;
  lookupFields: Pick<typeof nsSearch, 'lookupFields'>['lookupFields'];
  load: ((options: { id: string | number; type?: string }) => SearchImpl) & {
    promise: (options: { id: string | number; type?: string }) => Promise<SearchImpl>;
  };
  Type: Record<string, string>;
  Operator: Record<string, string>;
  Summary: Record<string, string>;
  Sort: typeof Sort;
}

export const createSearchModule: ModuleFactory<SearchModule> = (context) => {
  const create = (options: CreateOptions): SearchImpl => {
    context.invocation.charge('search.create', UNITS['search.create']);
    return new SearchImpl(context, options);
  };
  const lookup = withPromise((options: { type: string; id: unknown; columns: string | string[] }) =>
    lookupFields(context, options),
  ) as SearchModule['lookupFields'];
  const module: SearchModule = {
    create: withPromise(create),
    createFilter: (options) => new SearchFilter(options),
    createColumn: (options) => new SearchColumn(options),
    lookupFields: lookup,
    load: withPromise((options: { id: string | number; type?: string }) => loadSearch(context, options)),
    Type,
    Operator,
    Summary,
    Sort,
  };
  return module;
};

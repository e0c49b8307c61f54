/**
 * N/query: SuiteQL through the account's SQL engine (runSuiteQL, runSuiteQLPaged). The query.Query object
 * API (query.create / load) is not modelled and fails loudly.
 */
import type * as query from 'N/query';
import {
  MAP_REDUCE_INPUT,
  type MapReduceInputSource,
  type ModuleContext,
  type ModuleFactory,
  type SqlEngine,
} from '../context';
import { nsError, unsupported } from '../errors';
import { UNITS } from '../governance';
import { ROW_VALUES } from '../suiteql/engine';

/** runSuiteQL returns at most this many rows (Oracle help: use runSuiteQLPaged for more). */
export const RUN_SUITEQL_MAX_ROWS = 5000;
/** Paged SuiteQL without SuiteAnalytics Connect: at most 100,000 results over all pages. */
export const PAGED_MAX_ROWS = 100_000;
export const PAGE_SIZE_DEFAULT = 50;
export const PAGE_SIZE_MIN = 5;
export const PAGE_SIZE_MAX = 1000;

type Param = string | number | boolean;
type QueryValue = query.QueryResultValue;

interface NormalisedQuery {
  query: string;
  params: Param[];
}

export type QueryModule = Pick<typeof query, 'runSuiteQL' | 'runSuiteQLPaged' | 'create' | 'load'>;

const ALLOWED_KEYS = new Set(['query', 'params', 'customScriptId', 'pageSize']);

function normalise(options: unknown, paged: boolean): NormalisedQuery & { pageSize?: number } {
  if (typeof options === 'string') return { query: options, params: [] };
  if (options === null || typeof options !== 'object') {
    throw nsError('MISSING_REQD_ARGUMENT', 'Missing a required argument: options.query');
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!ALLOWED_KEYS.has(key) || (key === 'pageSize' && !paged)) throw unsupported(`the N/query option "${key}"`);
  }
  if (typeof record['query'] !== 'string' || record['query'].trim() === '') {
    throw nsError('MISSING_REQD_ARGUMENT', 'Missing a required argument: options.query');
  }
  const params = record['params'] ?? [];
  if (!Array.isArray(params))
    throw nsError('WRONG_PARAMETER_TYPE', 'Wrong parameter type: options.params is expected as Array.');
  for (const [index, value] of params.entries()) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw nsError(
        'SSS_INVALID_TYPE_ARG',
        `You have entered an invalid type argument: params[${index}] must be a string, number or boolean.`,
      );
    }
  }
  const out: NormalisedQuery & { pageSize?: number } = { query: record['query'], params: params as Param[] };
  if (record['pageSize'] !== undefined) {
    const pageSize = record['pageSize'];
    if (typeof pageSize !== 'number' && typeof pageSize !== 'string') {
      throw nsError('WRONG_PARAMETER_TYPE', 'Wrong parameter type: options.pageSize is expected as number.');
    }
    out.pageSize = Number(pageSize);
  }
  return out;
}

function toQueryValue(value: unknown): QueryValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** Rows of the engine as positional values (labels may repeat, so the object keys are not enough). */
function runRows(engine: SqlEngine, normalised: NormalisedQuery): { columns: string[]; values: QueryValue[][] } {
  const { columns, rows } = engine.query(normalised.query, normalised.params);
  const values = rows.map((row) => {
    const positional = (row as { [ROW_VALUES]?: unknown[] })[ROW_VALUES];
    return (positional ?? columns.map((column) => row[column])).map(toQueryValue);
  });
  return { columns, values };
}

/** ReturnType per column, from the values (the engine does not report declared types). */
function columnTypes(columns: string[], values: QueryValue[][]): string[] {
  return columns.map((_, index) => {
    for (const row of values) {
      const value = row[index];
      if (value === null || value === undefined) continue;
      if (typeof value === 'number') return Number.isInteger(value) ? 'INTEGER' : 'FLOAT';
      if (typeof value === 'boolean') return 'BOOLEAN';
      return 'STRING';
    }
    return 'UNKNOWN';
  });
}

function makeResult(columns: string[], values: QueryValue[]): query.Result {
  const asMap = (): query.QueryResultMap => {
    const map: query.QueryResultMap = {};
    columns.forEach((column, index) => {
      map[column] = values[index] ?? null;
    });
    return map;
  };
  return { values, asMap: asMap as query.Result['asMap'] };
}

function makeResultSet(
  columns: string[],
  values: QueryValue[][],
  types = columnTypes(columns, values),
): query.ResultSet {
  const results = values.map((row) => makeResult(columns, row));
  const columnObjects: query.Column[] = columns.map((name) => ({ fieldId: name, label: name }));
  const asMappedResults = (): query.QueryResultMap[] => results.map((result) => result.asMap());
  return {
    results,
    types,
    columns: columnObjects,
    iterator: () => ({
      each(callback) {
        for (const value of results) if (callback({ value }) !== true) return;
      },
    }),
    asMappedResults: asMappedResults as query.ResultSet['asMappedResults'],
  };
}

function withPromise<A extends unknown[], R>(
  fn: (...args: A) => R,
): ((...args: A) => R) & { promise: (...args: A) => Promise<R> } {
  return Object.assign(fn, { promise: (...args: A) => new Promise<R>((resolve) => resolve(fn(...args))) });
}

function makePagedData(context: ModuleContext, normalised: NormalisedQuery, pageSize: number): query.PagedData {
  const total = Math.min(runRows(context.services.sql, normalised).values.length, PAGED_MAX_ROWS);
  const pageCount = Math.ceil(total / pageSize);
  const pageRanges: query.PageRange[] = Array.from({ length: pageCount }, (_, index) => ({
    index,
    size: Math.min(pageSize, total - index * pageSize),
  }));
  const fetch = (options: { index: number }): query.Page => {
    const index = typeof options === 'object' && options !== null ? options.index : undefined;
    if (typeof index !== 'number' || !Number.isInteger(index)) {
      throw nsError('INVALID_PAGE_INDEX', 'Invalid page index: options.index must be a number.');
    }
    if (index < 0 || index >= pageCount) throw nsError('INVALID_PAGE_RANGE', 'Invalid page range.');
    context.invocation.charge('PagedData.fetch.query', UNITS['PagedData.fetch.query']);
    // Each page re-runs the query, as NetSuite does: writes between fetches shift later pages.
    const { columns, values } = runRows(context.services.sql, normalised);
    const slice = values.slice(index * pageSize, Math.min((index + 1) * pageSize, PAGED_MAX_ROWS));
    const pageRange = pageRanges[index] as query.PageRange;
    return {
      data: makeResultSet(columns, slice, columnTypes(columns, values)),
      isFirst: index === 0,
      isLast: index === pageCount - 1,
      pagedData,
      pageRange,
    };
  };
  const pagedData: query.PagedData = {
    count: total,
    pageRanges,
    pageSize,
    iterator: () => ({
      each(callback) {
        for (let index = 0; index < pageCount; index++) if (callback({ value: fetch({ index }) }) !== true) return;
      },
    }),
    fetch: withPromise(fetch),
  };
  return pagedData;
}

/**
 * The map/reduce input of a SuiteQL query: one pair per row, key = row index, value = JSON with the row's
 * `values` (and `types`), as the getInputData help shows (`JSON.parse(context.value).values`). No row cap.
 */
export function suiteQLMapReduceInput(
  context: ModuleContext,
  input: { query: string; params?: readonly Param[] },
): {
  key: string;
  value: string;
}[] {
  const normalised = normalise({ query: input.query, params: input.params ?? [] }, false);
  const { columns, values } = runRows(context.services.sql, normalised);
  const types = columnTypes(columns, values);
  return values.map((row, index) => ({ key: String(index), value: JSON.stringify({ types, values: row }) }));
}

/**
 * What getInputData may return that refers to a SuiteQL query: `{ type: 'suiteql', query, params }`.
 * Returns a MapReduceInputSource for it, or undefined when the value is not such a reference.
 */
export function suiteQLReference(value: unknown): MapReduceInputSource | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (record['type'] === 'query') throw unsupported('map/reduce input { type: "query", id } (saved workbook queries)');
  if (record['type'] !== 'suiteql') return undefined;
  const queryText = record['query'];
  const params = record['params'];
  if (typeof queryText !== 'string') throw nsError('MISSING_REQD_ARGUMENT', 'Missing a required argument: query');
  return {
    [MAP_REDUCE_INPUT]: (context: ModuleContext) =>
      suiteQLMapReduceInput(context, { query: queryText, params: Array.isArray(params) ? (params as Param[]) : [] }),
  };
}

export const createQueryModule: ModuleFactory<QueryModule> = (context) => {
  const runSuiteQL = (options: query.RunSuiteQLOptions | string): query.ResultSet => {
    const normalised = normalise(options, false);
    context.invocation.charge('query.runSuiteQL', UNITS['query.runSuiteQL']);
    const { columns, values } = runRows(context.services.sql, normalised);
    return makeResultSet(columns, values.slice(0, RUN_SUITEQL_MAX_ROWS));
  };
  const runSuiteQLPaged = (options: query.RunSuiteQLPagedOptions): query.PagedData => {
    const normalised = normalise(options, true);
    const pageSize = normalised.pageSize ?? PAGE_SIZE_DEFAULT;
    if (!Number.isInteger(pageSize) || pageSize < PAGE_SIZE_MIN || pageSize > PAGE_SIZE_MAX) {
      throw nsError(
        'INVALID_PAGE_SIZE',
        `Invalid page size: ${String(normalised.pageSize)}. The page size must be between ${PAGE_SIZE_MIN} and ${PAGE_SIZE_MAX}.`,
      );
    }
    context.invocation.charge('query.runSuiteQLPaged', UNITS['query.runSuiteQLPaged']);
    return makePagedData(context, normalised, pageSize);
  };
  const notModelled = (what: string) => (): never => {
    throw unsupported(`query.${what} (the query.Query object API; use SuiteQL)`);
  };
  const module = {
    runSuiteQL: withPromise(runSuiteQL),
    runSuiteQLPaged: withPromise(runSuiteQLPaged),
    create: notModelled('create'),
    load: withPromise(notModelled('load')),
  } satisfies QueryModule;
  return module;
};

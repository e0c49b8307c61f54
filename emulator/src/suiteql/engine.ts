/**
 * SuiteQL over the store: SQLite (sql.js) tables named and shaped like NetSuite's analytics tables.
 * Tables are built the first time a query reads them and then kept in step with the store through its
 * change events: only the records written since the last query are re-read, and only for tables the
 * query uses, so large stores are not rebuilt on every query.
 */
import initSqlJs, { type Database, type SqlValue, type Statement } from 'sql.js';
import type { SqlEngine } from '../context';
import { nsError } from '../errors';
import type { RecordTypeDef } from '../schema';
import type { GlLine, Store, StoreChange, StoredRecord } from '../store';
import { registerFunctions } from './functions';
import { buildTables, schemaSignature, type TableSpec } from './tables';
import { SEARCH_ERROR, translate, type TranslatedQuery, unsupportedSql } from './translate';
import { displayDate, isSqlDate } from './values';

/** Positional values of a result row (rows are keyed by label, and labels may repeat). */
export const ROW_VALUES = Symbol.for('netsuite-emulator.suiteql.rowValues');

export interface SuiteQLResult {
  columns: string[];
  rows: Record<string, unknown>[];
}

export interface SuiteQLEngineOptions {
  /** The emulator clock, for SYSDATE / CURRENT_DATE. */
  now?: () => Date;
  /** Serve every record field as a column, not only the catalogued ones (catalog.ts): for experiments. */
  undocumentedColumns?: boolean;
  /** The user's date format preference, which SuiteQL renders dates in. Default M/D/YYYY. */
  dateFormat?: () => string;
}

interface TableState {
  spec: TableSpec;
  /** Internal IDs of source records written since the table was last refreshed. */
  dirty: Set<number>;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export class SuiteQLEngine implements SqlEngine {
  private catalog = new Map<string, TableSpec>();
  private signature = '';
  /** Materialised tables by name. */
  private readonly built = new Map<string, TableState>();
  private readonly aliasesByType = new Map<string, string[]>();

  private constructor(
    private readonly db: Database,
    private readonly store: Store,
    private readonly undocumentedColumns: boolean,
    private readonly dateFormat: () => string,
  ) {
    store.onChange((change) => this.onChange(change));
  }

  static async create(store: Store, options: SuiteQLEngineOptions = {}): Promise<SuiteQLEngine> {
    // useOldExtensionFunctions: false → SQLite's own math functions (floor, ceil, mod, …).
    const SQL = await initSqlJs({ useOldExtensionFunctions: false } as Parameters<typeof initSqlJs>[0]);
    const db = new SQL.Database();
    db.exec('PRAGMA case_sensitive_like = true'); // Oracle's LIKE is case-sensitive
    registerFunctions(db, store, options.now ?? (() => new Date()));
    return new SuiteQLEngine(db, store, options.undocumentedColumns ?? false, options.dateFormat ?? (() => 'M/D/YYYY'));
  }

  /** Names of the tables SuiteQL can read, for diagnostics. */
  tableNames(): string[] {
    this.ensureSchema();
    return [...this.catalog.keys()].sort();
  }

  /** Column names of a table, or undefined when there is no such table. */
  columnsOf(table: string): string[] | undefined {
    this.ensureSchema();
    return this.catalog.get(table.toLowerCase())?.columns.map((c) => c.name);
  }

  query(sql: string, params: readonly unknown[]): SuiteQLResult {
    if (typeof sql !== 'string' || sql.trim() === '')
      throw nsError('MISSING_REQD_ARGUMENT', 'Missing a required argument: query');
    this.ensureSchema();
    const translated = translate(sql, this.catalog);
    if (params.length !== translated.paramCount) {
      throw unsupportedSql(
        `a query with ${translated.paramCount} '?' placeholders run with ${params.length} parameters`,
      );
    }
    const bound = translated.paramOrder.map((index) => bindValue(params[index], index));
    for (const table of translated.tables) this.refresh(table);
    let statement: Statement;
    try {
      statement = this.db.prepare(translated.sql);
    } catch (error) {
      throw this.mapError(error, translated);
    }
    try {
      statement.bind(bound);
      const columns = statement.getColumnNames().map((c) => c.toLowerCase());
      const rows: Record<string, unknown>[] = [];
      while (statement.step()) {
        const pattern = this.dateFormat();
        const values = statement.get().map((value) => outputValue(value, pattern));
        const row: Record<string, unknown> = {};
        columns.forEach((column, index) => {
          row[column] = values[index];
        });
        Object.defineProperty(row, ROW_VALUES, { value: values, enumerable: false });
        rows.push(row);
      }
      return { columns, rows };
    } catch (error) {
      throw this.mapError(error, translated);
    } finally {
      statement.free();
    }
  }

  close(): void {
    this.db.close();
  }

  private onChange(change: StoreChange): void {
    for (const table of this.aliasesByType.get(change.type.toLowerCase()) ?? []) {
      this.built.get(table)?.dirty.add(change.id);
    }
  }

  /** Rebuilds the catalog when record types or fields were added; drops tables built from the old one. */
  private ensureSchema(): void {
    const signature = schemaSignature(this.store.schemas);
    if (signature === this.signature) return;
    for (const name of this.built.keys()) this.db.exec(`DROP TABLE IF EXISTS ${quote(name)}`);
    this.built.clear();
    this.catalog = buildTables(this.store.schemas, this.undocumentedColumns);
    this.aliasesByType.clear();
    for (const spec of this.catalog.values()) {
      for (const type of spec.sourceTypes) {
        const key = type.toLowerCase();
        this.aliasesByType.set(key, [...(this.aliasesByType.get(key) ?? []), spec.name]);
      }
    }
    this.signature = signature;
  }

  private glIndex(ids?: ReadonlySet<number>): (transactionId: number) => readonly GlLine[] {
    const index = new Map<number, GlLine[]>();
    for (const line of this.store.glLines()) {
      if (ids && !ids.has(line.transactionId)) continue;
      const list = index.get(line.transactionId) ?? [];
      list.push(line);
      index.set(line.transactionId, list);
    }
    return (id) => index.get(id) ?? [];
  }

  private usesGl(spec: TableSpec): boolean {
    return spec.name === 'transactionaccountingline';
  }

  /** Makes the table current: builds it on first use, then re-reads the records written since. */
  private refresh(name: string): void {
    const spec = this.catalog.get(name);
    if (!spec) throw nsError(SEARCH_ERROR, `Search error occurred: Record '${name}' was not found.`);
    let state = this.built.get(name);
    if (!state) {
      this.db.exec(
        `CREATE TABLE ${quote(name)} (${spec.columns.map((c) => `${quote(c.name)} ${c.sqlType}`).join(', ')})`,
      );
      // Lookups a connector makes by value (external IDs, custom fields holding Stripe IDs, foreign keys)
      // stay fast on large tables.
      const indexed = spec.columns.filter(
        (c) => c.name === spec.key || c.name === 'externalid' || c.selectType !== undefined || /^cust/.test(c.name),
      );
      for (const column of indexed) {
        this.db.exec(`CREATE INDEX ${quote(`${name}__${column.name}`)} ON ${quote(name)} (${quote(column.name)})`);
      }
      state = { spec, dirty: new Set() };
      this.built.set(name, state);
      const gl = this.usesGl(spec) ? this.glIndex() : () => [];
      this.insertRows(spec, (emit) => {
        for (const row of spec.staticRows ?? []) emit(row);
        for (const type of spec.sourceTypes) {
          const def = this.store.schema(type);
          for (const record of this.store.list(type)) for (const row of spec.rows(record, def, gl)) emit(row);
        }
      });
      return;
    }
    if (state.dirty.size === 0) return;
    const ids = state.dirty;
    state.dirty = new Set();
    const gl = this.usesGl(spec) ? this.glIndex(ids) : () => [];
    const remove = this.db.prepare(`DELETE FROM ${quote(name)} WHERE ${quote(spec.key)} = ?`);
    try {
      for (const id of ids) remove.run([id]);
    } finally {
      remove.free();
    }
    this.insertRows(spec, (emit) => {
      for (const id of ids) {
        const found = this.findSource(spec, id);
        if (found) for (const row of spec.rows(found.record, found.def, gl)) emit(row);
      }
    });
  }

  private findSource(spec: TableSpec, id: number): { record: StoredRecord; def: RecordTypeDef } | undefined {
    for (const type of spec.sourceTypes) {
      const record = this.store.get(type, id);
      if (record) return { record, def: this.store.schema(type) };
    }
    return undefined;
  }

  private insertRows(spec: TableSpec, produce: (emit: (row: SqlValue[]) => void) => void): void {
    const placeholders = spec.columns.map(() => '?').join(', ');
    const insert = this.db.prepare(`INSERT INTO ${quote(spec.name)} VALUES (${placeholders})`);
    this.db.exec('BEGIN');
    try {
      produce((row) => insert.run(row));
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    } finally {
      insert.free();
    }
  }

  /** The table whose record has `column` (`alias.field` or `field`) as a field SuiteQL does not expose. */
  private hiddenField(column: string, translated: TranslatedQuery): { table: string; field: string } | undefined {
    const dot = column.lastIndexOf('.');
    const field = column.slice(dot + 1).toLowerCase();
    const alias = dot < 0 ? undefined : column.slice(0, dot).toLowerCase();
    const tables = alias ? [translated.aliases.get(alias) ?? undefined] : [...translated.tables];
    for (const table of tables) {
      if (table && this.catalog.get(table)?.hidden?.has(field)) return { table, field };
    }
    return undefined;
  }

  private mapError(error: unknown, translated: TranslatedQuery): Error {
    if (error instanceof Error && error.name !== 'Error') return error; // already a SuiteScriptError
    const message = error instanceof Error ? error.message : String(error);
    const column = /no such column: (\S+)/.exec(message)?.[1];
    const hidden = column ? this.hiddenField(column.replace(/`/g, ''), translated) : undefined;
    if (hidden) {
      // Public SuiteQL error texts: "Search error occurred: Field 'subsidiary' for record 'transaction' was
      // not found. Reason: NOT_EXPOSED" (a record field SuiteQL does not expose).
      return nsError(
        SEARCH_ERROR,
        `Search error occurred: Field '${hidden.field}' for record '${hidden.table}' was not found. Reason: NOT_EXPOSED`,
      );
    }
    if (column) {
      const scope = [...translated.aliases.entries()]
        .filter(([, table]) => table !== null)
        .map(([alias, table]) => `${alias}=${table}`)
        .join(', ');
      return nsError(
        SEARCH_ERROR,
        `Search error occurred: Unknown identifier '${column.replace(/`/g, '')}'. Available identifiers are: {${scope}}.`,
      );
    }
    const ambiguous = /ambiguous column name: (\S+)/.exec(message)?.[1];
    if (ambiguous) return nsError(SEARCH_ERROR, `Search error occurred: Ambiguous identifier '${ambiguous}'.`);
    return nsError(
      SEARCH_ERROR,
      `Search error occurred: Invalid or unsupported search. (NetSuite emulator: ${message})`,
    );
  }
}

/** SuiteQL parameters are strings, numbers or booleans (booleans as 'T'/'F'). */
function bindValue(value: unknown, index: number): SqlValue {
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw nsError(
    'SSS_INVALID_TYPE_ARG',
    `You have entered an invalid type argument: params[${index}] must be a string, number or boolean, got ${
      value === null ? 'null' : typeof value
    }`,
  );
}

function outputValue(value: SqlValue, datePattern: string): unknown {
  if (isSqlDate(value)) return displayDate(value, datePattern);
  if (value instanceof Uint8Array) return null;
  return value;
}

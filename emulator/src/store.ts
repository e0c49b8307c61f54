import { nsError } from './errors';
import type { FieldValue, RecordKind, RecordTypeDef, SchemaRegistry } from './schema';

export type Line = Record<string, FieldValue>;

/** A record as the account holds it. Always copied in and out: scripts never hold the live object. */
export interface StoredRecord {
  type: string;
  id: number;
  /** Bumped by every write; a stale copy's save fails with RCRD_HAS_BEEN_CHANGED. */
  version: number;
  fields: Record<string, FieldValue>;
  sublists: Record<string, Line[]>;
}

/**
 * One posting line of the general ledger: the amount in the transaction's currency and in the base
 * currency of its subsidiary, both in hundredths (integers; NetSuite keeps at most two decimals).
 */
export interface GlLine {
  transactionId: number;
  transactionType: string;
  line: number;
  /** Internal ID of the account. */
  account: string;
  /** Currency internal ID: the transaction's currency. */
  currency: string;
  debit: number;
  credit: number;
  /**
   * Base-currency amounts and currency. The ledger always writes them; lines written without them (an
   * account snapshot from before base amounts were kept, test fixtures) count at the transaction's rate.
   */
  baseDebit?: number;
  baseCredit?: number;
  baseCurrency?: string;
  entity: string | null;
  memo: string | null;
}

export type StoreChange = {
  kind: 'insert' | 'update' | 'delete';
  type: string;
  id: number;
  /** The record as it was before an update or delete (the replaced object: do not mutate). */
  previous?: StoredRecord;
};

/** External IDs are unique per group: all transactions, all entities, all items; else per type. */
export function externalIdGroup(def: RecordTypeDef): string {
  return def.kind === 'transaction' || def.kind === 'entity' || def.kind === 'item' ? def.kind : def.type;
}

/** Internal IDs come from one sequence per group, as in NetSuite (transactions share one, …). */
function idSequence(def: RecordTypeDef): string {
  return externalIdGroup(def);
}

export function cloneValue(value: FieldValue): FieldValue {
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return [...value];
  return value;
}

export function cloneRecord(record: StoredRecord): StoredRecord {
  const fields: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(record.fields)) fields[key] = cloneValue(value);
  const sublists: Record<string, Line[]> = {};
  for (const [key, lines] of Object.entries(record.sublists)) {
    sublists[key] = lines.map((line) => {
      const copy: Line = {};
      for (const [field, value] of Object.entries(line)) copy[field] = cloneValue(value);
      return copy;
    });
  }
  return { type: record.type, id: record.id, version: record.version, fields, sublists };
}

/**
 * The account's data: records by type and internal ID, the external ID index and the general ledger.
 * It enforces only what NetSuite enforces at the database: ID uniqueness and optimistic locking.
 */
export class Store {
  private readonly records = new Map<string, Map<number, StoredRecord>>();
  private readonly externalIds = new Map<string, Map<string, { type: string; id: number }>>();
  private readonly sequences = new Map<string, number>();
  private readonly gl = new Map<number, GlLine[]>();
  private readonly listeners: ((change: StoreChange) => void)[] = [];
  /** Secondary indexes built on first use: `type|field` → value → internal IDs. */
  private readonly fieldIndexes = new Map<string, Map<string, Set<number>>>();
  /** Incremented by every write; readers (SuiteQL) use it to know when to refresh. */
  revision = 0;

  constructor(readonly schemas: SchemaRegistry) {}

  schema(type: string): RecordTypeDef {
    const def = this.schemas.find(type);
    if (!def) throw nsError('INVALID_RCRD_TYPE', `Invalid record type: ${type}`);
    return def;
  }

  kindOf(type: string): RecordKind {
    return this.schema(type).kind;
  }

  /** Calls `listener` after every change; returns a function that stops it. */
  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  private emit(change: StoreChange): void {
    this.revision++;
    if (change.type === '*') this.fieldIndexes.clear();
    for (const listener of this.listeners) listener(change);
  }

  private table(type: string): Map<number, StoredRecord> {
    const key = this.schema(type).type;
    let table = this.records.get(key);
    if (!table) this.records.set(key, (table = new Map()));
    return table;
  }

  /** A copy of the record, or undefined. */
  get(type: string, id: number): StoredRecord | undefined {
    const record = this.table(type).get(id);
    return record ? cloneRecord(record) : undefined;
  }

  /** Read-only view of every record of a type, in internal ID order. Do not mutate. */
  list(type: string): readonly StoredRecord[] {
    return [...this.table(type).values()];
  }

  /** Every record of a kind (e.g. all transactions), whatever its type. */
  listKind(kind: RecordKind): readonly StoredRecord[] {
    const out: StoredRecord[] = [];
    for (const def of this.schemas.all()) if (def.kind === kind) out.push(...this.list(def.type));
    return out.sort((a, b) => a.id - b.id);
  }

  /** Finds the type of an internal ID within a kind (transaction IDs are unique across types). */
  findInKind(kind: RecordKind, id: number): StoredRecord | undefined {
    for (const def of this.schemas.all()) {
      if (def.kind !== kind) continue;
      const record = this.table(def.type).get(id);
      if (record) return cloneRecord(record);
    }
    return undefined;
  }

  findByExternalId(type: string, externalId: string): StoredRecord | undefined {
    const def = this.schema(type);
    const hit = this.externalIds.get(externalIdGroup(def))?.get(externalId.toLowerCase());
    return hit && hit.type === def.type ? this.get(hit.type, hit.id) : undefined;
  }

  private checkExternalId(def: RecordTypeDef, externalId: FieldValue, selfId?: number): void {
    if (typeof externalId !== 'string' || externalId === '') return;
    const hit = this.externalIds.get(externalIdGroup(def))?.get(externalId.toLowerCase());
    if (hit && hit.id !== selfId) {
      throw nsError(
        'DUP_RCRD',
        `A record with external ID "${externalId}" already exists (${hit.type} ${hit.id}); external IDs must be unique.`,
      );
    }
  }

  private indexExternalId(def: RecordTypeDef, record: StoredRecord, previous?: FieldValue): void {
    const group = externalIdGroup(def);
    let index = this.externalIds.get(group);
    if (!index) this.externalIds.set(group, (index = new Map()));
    if (typeof previous === 'string' && previous !== '') index.delete(previous.toLowerCase());
    const externalId = record.fields['externalid'];
    if (typeof externalId === 'string' && externalId !== '') {
      index.set(externalId.toLowerCase(), { type: def.type, id: record.id });
    }
  }

  /** Inserts a new record and returns its internal ID. */
  insert(type: string, data: { fields: Record<string, FieldValue>; sublists: Record<string, Line[]> }): number {
    const def = this.schema(type);
    this.checkExternalId(def, data.fields['externalid'] ?? null);
    const sequence = idSequence(def);
    const id = (this.sequences.get(sequence) ?? 0) + 1;
    this.sequences.set(sequence, id);
    const now = new Date();
    const record: StoredRecord = cloneRecord({
      type: def.type,
      id,
      version: 1,
      fields: { ...data.fields, id: String(id), created: now, lastmodified: now },
      sublists: data.sublists,
    });
    this.table(type).set(id, record);
    this.indexExternalId(def, record);
    this.reindexFields(def.type, undefined, record);
    this.emit({ kind: 'insert', type: def.type, id });
    return id;
  }

  /** Replaces a record; fails if someone saved it since `expectedVersion` was read. */
  update(record: StoredRecord, expectedVersion: number): void {
    const def = this.schema(record.type);
    const current = this.table(record.type).get(record.id);
    if (!current) throw nsError('RCRD_DSNT_EXIST', `That record does not exist: ${record.type} ${record.id}`);
    if (current.version !== expectedVersion) {
      throw nsError(
        'RCRD_HAS_BEEN_CHANGED',
        'Record has been changed since you loaded it. Reload the record and try again.',
      );
    }
    this.checkExternalId(def, record.fields['externalid'] ?? null, record.id);
    const next = cloneRecord({ ...record, version: current.version + 1 });
    next.fields['lastmodified'] = new Date();
    this.table(record.type).set(record.id, next);
    this.indexExternalId(def, next, current.fields['externalid']);
    this.reindexFields(def.type, current, next);
    this.emit({ kind: 'update', type: def.type, id: record.id, previous: current });
  }

  remove(type: string, id: number): void {
    const def = this.schema(type);
    const current = this.table(type).get(id);
    if (!current) throw nsError('RCRD_DSNT_EXIST', `That record does not exist: ${type} ${id}`);
    this.table(type).delete(id);
    this.reindexFields(def.type, current, undefined);
    const externalId = current.fields['externalid'];
    if (typeof externalId === 'string') this.externalIds.get(externalIdGroup(def))?.delete(externalId.toLowerCase());
    this.gl.delete(id);
    this.emit({ kind: 'delete', type: def.type, id, previous: current });
  }

  /** Copies of the records of `type` whose body field equals `value` (an index kept up to date). */
  findBy(type: string, fieldId: string, value: string): StoredRecord[] {
    const def = this.schema(type);
    const key = `${def.type}|${fieldId}`;
    let index = this.fieldIndexes.get(key);
    if (!index) {
      index = new Map();
      for (const record of this.table(def.type).values()) addToIndex(index, record.fields[fieldId], record.id);
      this.fieldIndexes.set(key, index);
    }
    const table = this.table(def.type);
    return [...(index.get(value) ?? [])]
      .sort((a, b) => a - b)
      .map((id) => table.get(id))
      .filter((record): record is StoredRecord => record !== undefined)
      .map(cloneRecord);
  }

  private reindexFields(type: string, before: StoredRecord | undefined, after: StoredRecord | undefined): void {
    for (const [key, index] of this.fieldIndexes) {
      const [indexType, fieldId] = key.split('|') as [string, string];
      if (indexType !== type) continue;
      if (before) index.get(indexKey(before.fields[fieldId]))?.delete(before.id);
      if (after) addToIndex(index, after.fields[fieldId], after.id);
    }
  }

  setGlLines(transactionId: number, lines: GlLine[]): void {
    if (lines.length === 0) this.gl.delete(transactionId);
    else
      this.gl.set(
        transactionId,
        lines.map((line) => ({ ...line })),
      );
  }

  glLinesOf(transactionId: number): readonly GlLine[] {
    return this.gl.get(transactionId) ?? [];
  }

  glLines(): readonly GlLine[] {
    return [...this.gl.values()].flat();
  }

  /** Everything the account holds, as JSON-safe data (dates as ISO strings with a marker). */
  snapshot(): StoreSnapshot {
    const records: StoredRecord[] = [];
    for (const table of this.records.values()) records.push(...[...table.values()].map(cloneRecord));
    return {
      version: 1,
      records: JSON.parse(JSON.stringify(records, dateReplacer)) as unknown[],
      sequences: Object.fromEntries(this.sequences),
      gl: this.glLines().map((line) => ({ ...line })),
    };
  }

  /** Replaces the contents with a snapshot's. */
  restore(snapshot: StoreSnapshot): void {
    if (snapshot.version !== 1) throw new Error(`Unknown store snapshot version ${String(snapshot.version)}`);
    this.records.clear();
    this.externalIds.clear();
    this.fieldIndexes.clear();
    this.gl.clear();
    this.sequences.clear();
    for (const raw of JSON.parse(JSON.stringify(snapshot.records), dateReviver) as StoredRecord[]) {
      const def = this.schema(raw.type);
      this.table(raw.type).set(raw.id, raw);
      this.indexExternalId(def, raw);
    }
    for (const [key, value] of Object.entries(snapshot.sequences)) this.sequences.set(key, value);
    for (const line of snapshot.gl) {
      const lines = this.gl.get(line.transactionId) ?? [];
      lines.push({ ...line });
      this.gl.set(line.transactionId, lines);
    }
    this.emit({ kind: 'update', type: '*', id: 0 });
  }
}

function indexKey(value: FieldValue | undefined): string {
  return value instanceof Date ? value.toISOString() : String(value ?? '');
}

function addToIndex(index: Map<string, Set<number>>, value: FieldValue | undefined, id: number): void {
  const key = indexKey(value);
  let ids = index.get(key);
  if (!ids) index.set(key, (ids = new Set()));
  ids.add(id);
}

export interface StoreSnapshot {
  version: number;
  records: unknown[];
  sequences: Record<string, number>;
  gl: GlLine[];
}

const DATE_MARK = '__date__:';

function dateReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Date ? `${DATE_MARK}${raw.toISOString()}` : value;
}

function dateReviver(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.startsWith(DATE_MARK) ? new Date(value.slice(DATE_MARK.length)) : value;
}

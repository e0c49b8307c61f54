/** Display text of a referenced record: what BUILTIN.DF in SuiteQL and getText in searches show. */
import type { RecordKind } from '../schema';
import type { Store, StoredRecord } from '../store';

const GROUPS: ReadonlySet<string> = new Set<RecordKind>(['entity', 'item', 'transaction']);

/** Fields that name a record, in the order NetSuite prefers them. */
const NAME_FIELDS = ['entityid', 'companyname', 'altname', 'itemid', 'displayname', 'name', 'acctname', 'symbol'];

export function recordDisplayName(store: Store, record: StoredRecord): string {
  const def = store.schemas.find(record.type);
  if (def?.kind === 'transaction') {
    const tranid = record.fields['tranid'];
    return `${def.label} #${typeof tranid === 'string' && tranid !== '' ? tranid : record.id}`;
  }
  for (const field of NAME_FIELDS) {
    const value = record.fields[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  const first = record.fields['firstname'];
  const last = record.fields['lastname'];
  if (typeof first === 'string' || typeof last === 'string') return [first, last].filter(Boolean).join(' ');
  return String(record.id);
}

/**
 * Display text of the record `id` of `target` (a record type, or a group: entity, item, transaction).
 * Null when the record does not exist or the target is unknown.
 */
export function displayName(store: Store, target: string, id: string | number): string | null {
  const numericId = Number(id);
  if (!Number.isInteger(numericId)) return null;
  const lower = target.toLowerCase();
  let record: StoredRecord | undefined;
  if (GROUPS.has(lower)) record = store.findInKind(lower as RecordKind, numericId);
  else if (store.schemas.has(lower)) record = store.get(lower, numericId);
  return record ? recordDisplayName(store, record) : null;
}

import type { RecordTypeDef } from '../schema';
import type { Store } from '../store';
import type { CustomListDef } from './types';

/**
 * Custom lists (SDF `customlist`, Oracle help "customlist" and "customvalue": a list's values each with a
 * script ID) as the account holds them: each list is a record type of its own, named after its script ID,
 * whose records are the list's values. A SELECT field whose `selectrecordtype` is `[scriptid=customlist_x]`
 * stores a value's internal ID as any select does, and its text is the value's name. Internal IDs differ per
 * account, so scripts map values by script ID with SuiteQL on the list's table (`SELECT id, scriptid FROM
 * customlist_x`: netsuite.smash-ict.com, "Learn To Write Custom List Code That Works In All NetSuite
 * Environments", and public SuiteScript doing the same).
 */
export const CUSTOM_LIST_TABLE = /^customlist[a-z0-9_]*$/;

export function isCustomListType(type: string): boolean {
  return CUSTOM_LIST_TABLE.test(type.toLowerCase());
}

export function customListRecordType(list: CustomListDef): RecordTypeDef {
  return {
    type: list.scriptId,
    kind: 'other',
    label: list.name,
    fields: {
      name: { id: 'name', type: 'text', label: 'Value', mandatory: true },
      scriptid: { id: 'scriptid', type: 'text', label: 'ID', readOnly: true },
      isinactive: { id: 'isinactive', type: 'checkbox', label: 'Inactive', defaultValue: false },
    },
    sublists: {},
  };
}

/**
 * Deploying a list creates its values in XML order; internal IDs count from 1 within each list (a guess:
 * see emulator/README.md). A store restored from a snapshot keeps the values it has and gains new ones.
 */
export function seedCustomLists(store: Store, lists: Iterable<CustomListDef>): void {
  for (const list of lists) {
    const present = new Set(store.list(list.scriptId).map((r) => String(r.fields['scriptid'] ?? '').toLowerCase()));
    for (const value of list.values) {
      const scriptId = value.scriptId ?? '';
      if (scriptId !== '' && present.has(scriptId.toLowerCase())) continue;
      store.insert(list.scriptId, {
        fields: { name: value.value, scriptid: scriptId, isinactive: value.isInactive },
        sublists: {},
      });
    }
  }
}

/**
 * Fields whose SDF `defaultselection` names a list value (`customlist_x.val_y`) get that value's internal ID
 * as their default, as a new record shows it selected. An unknown value fails loudly.
 */
export function withDefaultSelections(def: RecordTypeDef, store: Store): RecordTypeDef {
  const fields = { ...def.fields };
  for (const [id, field] of Object.entries(fields)) {
    if (!field.defaultSelection) continue;
    const [list, value] = field.defaultSelection.toLowerCase().split('.');
    const hit =
      list && value ? store.list(list).find((r) => String(r.fields['scriptid']).toLowerCase() === value) : undefined;
    if (!hit)
      throw new Error(
        `${def.type}.${id}: defaultselection ${field.defaultSelection} is not a value of the project's lists`,
      );
    fields[id] = { ...field, defaultValue: String(hit.id) };
  }
  return { ...def, fields };
}

import { valueId } from '../src/suitescript/connectorLists';
import { SETTINGS_FIELDS, SETTINGS_MODE_LISTS } from '../src/suitescript/settings';
import { listValueIdsOf, type SqlReader } from './connectorStatuses';

/** Settings field ID → the custom list its mode is a value of. */
const MODE_FIELDS: ReadonlyMap<string, string> = new Map(
  Object.entries(SETTINGS_MODE_LISTS).map(([setting, list]) => [
    SETTINGS_FIELDS[setting as keyof typeof SETTINGS_MODE_LISTS],
    list,
  ]),
);

/**
 * Settings values as tests and tools write them, with readable modes (`custrecord_snc_set_tax_mode:
 * 'per_line'`, `custrecord_snc_set_mode: 'high_volume'`), turned into what the settings record holds: the
 * custom list value's internal ID (the processing mode's checkbox). Other
 * fields, and mode values already given as internal IDs, pass unchanged; an unknown mode fails naming the list.
 */
export function settingsValues<T>(
  ns: SqlReader,
  values: Readonly<Record<string, T>>,
): Record<string, T | string | boolean> {
  let ids: ReturnType<typeof listValueIdsOf> | null = null;
  const out: Record<string, T | string | boolean> = {};
  for (const [fieldId, value] of Object.entries(values)) {
    // The processing mode is a checkbox ("High Volume (Store Only)"): tests name it realtime or high_volume.
    if (fieldId === SETTINGS_FIELDS.processingMode && (value === 'realtime' || value === 'high_volume')) {
      out[fieldId] = value === 'high_volume';
      continue;
    }
    const list = MODE_FIELDS.get(fieldId);
    if (list === undefined || typeof value !== 'string' || /^\d+$/.test(value) || value === '') {
      out[fieldId] = value;
      continue;
    }
    ids ??= listValueIdsOf(ns);
    out[fieldId] = valueId(ids, list, value);
  }
  return out;
}

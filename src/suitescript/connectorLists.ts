/**
 * The connector's custom lists (src/Objects/customlist_snc_*.xml): the readable status or mode the code
 * uses, and the script ID of the list value that stands for it. Fields on the connector's records hold
 * a list value's internal ID, which differs per account: netsuite/listValues.ts maps both ways.
 */
export const EVENT_STATUS_LIST = 'customlist_snc_event_status';
export const PAYOUT_STATUS_LIST = 'customlist_snc_payout_status';

export const EVENT_STATUS_VALUES = {
  queued: 'val_snc_queued',
  processing: 'val_snc_processing',
  done: 'val_snc_done',
  no_action: 'val_snc_no_action',
  unhandled: 'val_snc_unhandled',
  parked: 'val_snc_parked',
} as const;

export const PAYOUT_STATUS_VALUES = {
  reconciled: 'val_snc_po_reconciled',
  unreconciled: 'val_snc_po_unreconciled',
  validated: 'val_snc_po_validated',
  failed: 'val_snc_po_failed',
  failed_reversed: 'val_snc_po_failed_reversed',
} as const;

export type EventStatus = keyof typeof EVENT_STATUS_VALUES;
export type PayoutStatusKey = keyof typeof PAYOUT_STATUS_VALUES;

/** Every list the code maps, by list script ID: readable key → value script ID. */
export const CONNECTOR_LISTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [EVENT_STATUS_LIST]: EVENT_STATUS_VALUES,
  [PAYOUT_STATUS_LIST]: PAYOUT_STATUS_VALUES,
};

/** Internal IDs by list and value script ID (lower case), as the account holds them. */
export type ListValueIds = Record<string, Record<string, string>>;

/** The internal ID of `key` in `list`; throws naming the list when the account lacks the value. */
export function valueId(ids: ListValueIds, list: string, key: string): string {
  const scriptId = CONNECTOR_LISTS[list]?.[key];
  const id = scriptId === undefined ? undefined : ids[list]?.[scriptId];
  if (id === undefined) throw new Error(`Custom list ${list} has no value for "${key}" (${scriptId ?? 'unknown'})`);
  return id;
}

/** The readable key of an internal ID of `list`, or null (empty field, or a value the code does not know). */
export function valueKey(ids: ListValueIds, list: string, id: unknown): string | null {
  if (id === null || id === undefined || id === '') return null;
  const byScriptId = ids[list] ?? {};
  const scriptId = Object.keys(byScriptId).find((s) => byScriptId[s] === String(id));
  if (scriptId === undefined) return null;
  const values = CONNECTOR_LISTS[list] ?? {};
  return Object.keys(values).find((k) => values[k] === scriptId) ?? null;
}

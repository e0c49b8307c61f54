/**
 * The connector's custom lists (src/Objects/customlist_snc_*.xml): the readable status or mode the code
 * uses, and the script ID of the list value that stands for it. Fields on the connector's records hold
 * a list value's internal ID, which differs per account: netsuite/listValues.ts maps both ways.
 */
export const EVENT_STATUS_LIST = 'customlist_snc_event_status';
export const PAYOUT_STATUS_LIST = 'customlist_snc_payout_status';
export const WRITE_BACK_STATUS_LIST = 'customlist_snc_writeback_status';

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

/** A write-back of a NetSuite ID to Stripe metadata (netsuite/writeBackQueue.ts). */
export const WRITE_BACK_STATUS_VALUES = {
  pending: 'val_snc_wb_pending',
  done: 'val_snc_wb_done',
  failed: 'val_snc_wb_failed',
} as const;

export type EventStatus = keyof typeof EVENT_STATUS_VALUES;
export type PayoutStatusKey = keyof typeof PAYOUT_STATUS_VALUES;
export type WriteBackStatus = keyof typeof WRITE_BACK_STATUS_VALUES;

/**
 * The settings' modes (customlist_snc_*_mode and the like): each readable mode key (what settings.ts
 * names the mode) → the script ID of its list value. Uncollectible invoices and invoices of cancelled
 * subscriptions share one list: both choose between a credit memo and keeping the invoice open.
 */
export const SETTINGS_MODE_VALUES = {
  customlist_snc_customer_mode: {
    per_customer: 'val_snc_cm_per_customer',
    metadata: 'val_snc_cm_metadata',
    match: 'val_snc_cm_match',
    global: 'val_snc_cm_global',
  },
  customlist_snc_item_mode: {
    per_price: 'val_snc_im_per_price',
    global: 'val_snc_im_global',
    metadata: 'val_snc_im_metadata',
  },
  customlist_snc_tax_mode: { tax_item: 'val_snc_tm_tax_item', per_line: 'val_snc_tm_per_line' },
  customlist_snc_void_handling: { void: 'val_snc_vh_void', credit_memo: 'val_snc_vh_credit_memo' },
  customlist_snc_invoice_closing: { credit_memo: 'val_snc_ic_credit_memo', keep_open: 'val_snc_ic_keep_open' },
  customlist_snc_oob_handling: { credit_memo: 'val_snc_oob_credit_memo', payment: 'val_snc_oob_payment' },
  customlist_snc_order_billing: {
    bill_at_payment: 'val_snc_ob_bill_at_payment',
    leave_to_fulfilment: 'val_snc_ob_leave_to_fulfilment',
  },
} as const;

export type SettingsModeList = keyof typeof SETTINGS_MODE_VALUES;

/** Every list the code maps, by list script ID: readable key → value script ID. */
export const CONNECTOR_LISTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [EVENT_STATUS_LIST]: EVENT_STATUS_VALUES,
  [PAYOUT_STATUS_LIST]: PAYOUT_STATUS_VALUES,
  [WRITE_BACK_STATUS_LIST]: WRITE_BACK_STATUS_VALUES,
  ...SETTINGS_MODE_VALUES,
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

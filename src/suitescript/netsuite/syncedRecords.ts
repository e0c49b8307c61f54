import query = require('N/query');
import record = require('N/record');
import search = require('N/search');
import { isDuplicate } from '../netsuiteErrors';
import {
  syncKey,
  type AddressValues,
  type CustomerAddresses,
  type NetSuiteBooks,
  type SyncedRecord,
  type SyncState,
} from '../booking/ports';
import { parseSyncedText, syncedText } from '../booking/syncedFields';
import { XREF_FIELDS, XREF_RECORD } from './crossReferences';

const XREF_SYNCED_FIELD = XREF_FIELDS.synced;

/** IDs per query, as `find` chunks them. */
const CHUNK = 200;

type Row = Record<string, string | number | boolean | null>;

/** One query per 200 Stripe IDs (10 units): the sync cross-references `<stripe id>:sync`. */
function syncStates(stripeIds: readonly string[]): Map<string, SyncState> {
  const states = new Map<string, SyncState>();
  for (let start = 0; start < stripeIds.length; start += CHUNK) {
    const chunk = stripeIds.slice(start, start + CHUNK);
    const keys = chunk.map((id) => syncKey(id).toUpperCase());
    const rows = query
      .runSuiteQL({
        query: `SELECT x.id AS id, x.externalid AS externalid, x.${XREF_SYNCED_FIELD} AS synced FROM ${XREF_RECORD} x
          WHERE UPPER(x.externalid) IN (${keys.map(() => '?').join(', ')}) AND x.isinactive = 'F'`,
        params: keys,
      })
      .asMappedResults() as Row[];
    const asked = new Map(chunk.map((id) => [syncKey(id).toUpperCase(), id]));
    for (const row of rows) {
      const stripeId = asked.get(String(row['externalid']).toUpperCase());
      if (stripeId === undefined) continue;
      const text = row['synced'] === null ? null : String(row['synced']);
      states.set(stripeId, { id: Number(row['id']), values: parseSyncedText(text) ?? {} });
    }
  }
  return states;
}

/** A new sync cross-reference (create 2 + save 4 units), or the known one's field (submitFields, 2 units). */
function saveSyncState(
  synced: SyncedRecord,
  state: SyncState | null,
  values: Readonly<Record<string, string | null>>,
): void {
  const text = syncedText(values);
  if (state !== null) {
    record.submitFields({ type: XREF_RECORD, id: state.id, values: { [XREF_SYNCED_FIELD]: text } });
    return;
  }
  const xref = record.create({ type: XREF_RECORD });
  xref.setValue({ fieldId: 'name', value: `${synced.stripeId} synced to ${synced.recordType} ${synced.id}` });
  xref.setValue({ fieldId: 'externalid', value: syncKey(synced.stripeId) });
  xref.setValue({ fieldId: XREF_FIELDS.stripeId, value: synced.stripeId });
  xref.setValue({ fieldId: XREF_FIELDS.stripeType, value: synced.stripeType });
  xref.setValue({ fieldId: XREF_FIELDS.recordType, value: synced.recordType });
  xref.setValue({ fieldId: XREF_FIELDS.id, value: synced.id });
  xref.setValue({ fieldId: XREF_SYNCED_FIELD, value: text });
  try {
    xref.save();
  } catch (error) {
    // A concurrent run made it first: write ours onto it.
    if (!isDuplicate(error)) throw error;
    const made = syncStates([synced.stripeId]).get(synced.stripeId);
    if (!made) throw error;
    record.submitFields({ type: XREF_RECORD, id: made.id, values: { [XREF_SYNCED_FIELD]: text } });
  }
}

/** A lookupFields value as text: checkboxes `T`/`F`, selects their internal ID, empty as null. */
function asText(value: unknown): string | null {
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (Array.isArray(value)) return asText((value[0] as { value?: unknown } | undefined)?.value ?? null);
  if (value === null || value === undefined || value === '') return null;
  return String(value);
}

/** search.lookupFields: 1 unit for every field of one record. */
function currentValues(recordType: string, id: number, fields: readonly string[]): Record<string, string | null> {
  const raw = search.lookupFields({ type: recordType, id, columns: [...fields] });
  const values: Record<string, string | null> = {};
  for (const field of fields) values[field] = asText(raw[field]);
  return values;
}

/** Checkbox fields the updates write (`T`/`F` in the flows, booleans for N/record). */
const CHECKBOXES = new Set(['isinactive']);

function fieldValue(field: string, value: string | null): string | boolean {
  return CHECKBOXES.has(field) ? value === 'T' : (value ?? '');
}

/** record.submitFields (entities and items: 5 units): body fields without loading the record. */
function submitValues(recordType: string, id: number, values: Readonly<Record<string, string | null>>): void {
  const fields: Record<string, string | boolean> = {};
  for (const [field, value] of Object.entries(values)) fields[field] = fieldValue(field, value);
  record.submitFields({ type: recordType, id, values: fields, options: { ignoreMandatoryFields: true } });
}

// Customer addresses: the Address subtab's `addressbook` sublist, each line's address in the subrecord field
// `addressbookaddress` (Oracle help, "Using SuiteScript 2.x to Edit a Subrecord that Occurs in a Sublist
// Field": in dynamic mode select the line, then Record.getCurrentSublistSubrecord; "Creating an Address
// Sublist Subrecord Example": selectNewLine, the line's fields, the subrecord's, commitLine).
const ADDRESSBOOK = 'addressbook';
const ADDRESS_FIELD = 'addressbookaddress';
const ADDRESS_FIELDS = ['addressee', 'addr1', 'addr2', 'city', 'state', 'zip', 'country', 'addrphone'] as const;
const FLAGS = { billing: 'defaultbilling', shipping: 'defaultshipping' } as const;

function readAddress(customer: record.Record, line: number): AddressValues {
  customer.selectLine({ sublistId: ADDRESSBOOK, line });
  const address = customer.getCurrentSublistSubrecord({ sublistId: ADDRESSBOOK, fieldId: ADDRESS_FIELD });
  const values = {} as Record<(typeof ADDRESS_FIELDS)[number], string | null>;
  for (const field of ADDRESS_FIELDS) values[field] = asText(address.getValue({ fieldId: field }));
  customer.cancelLine({ sublistId: ADDRESSBOOK });
  return values;
}

/** The line holding the default billing or shipping flag, or -1. */
function flaggedLine(customer: record.Record, flag: string): number {
  const count = customer.getLineCount({ sublistId: ADDRESSBOOK });
  for (let line = 0; line < count; line++)
    if (customer.getSublistValue({ sublistId: ADDRESSBOOK, fieldId: flag, line }) === true) return line;
  return -1;
}

function setLineFlag(customer: record.Record, line: number, flag: string, value: boolean): void {
  customer.selectLine({ sublistId: ADDRESSBOOK, line });
  customer.setCurrentSublistValue({ sublistId: ADDRESSBOOK, fieldId: flag, value });
  customer.commitLine({ sublistId: ADDRESSBOOK });
}

/** Writes the selected line's address; the country first (Oracle help, "About the Address Subrecord"). */
function writeCurrentAddress(customer: record.Record, values: AddressValues): void {
  const address = customer.getCurrentSublistSubrecord({ sublistId: ADDRESSBOOK, fieldId: ADDRESS_FIELD });
  if (values.country !== null) address.setValue({ fieldId: 'country', value: values.country });
  for (const field of ADDRESS_FIELDS)
    if (field !== 'country') address.setValue({ fieldId: field, value: values[field] ?? '' });
}

/**
 * The default address of `kind` becomes `values`: its line edited in place, or a new line taking the
 * default flag when there is none or the line is also the other kind's default and that keeps another
 * address (`otherAfter`).
 */
function putAddress(
  customer: record.Record,
  kind: keyof typeof FLAGS,
  values: AddressValues,
  otherAfter: AddressValues | null,
): void {
  const flag = FLAGS[kind];
  const otherFlag = FLAGS[kind === 'billing' ? 'shipping' : 'billing'];
  const line = flaggedLine(customer, flag);
  const shared = line >= 0 && customer.getSublistValue({ sublistId: ADDRESSBOOK, fieldId: otherFlag, line }) === true;
  if (line >= 0 && !(shared && JSON.stringify(otherAfter) !== JSON.stringify(values))) {
    customer.selectLine({ sublistId: ADDRESSBOOK, line });
    writeCurrentAddress(customer, values);
    customer.commitLine({ sublistId: ADDRESSBOOK });
    return;
  }
  if (line >= 0) setLineFlag(customer, line, flag, false);
  customer.selectNewLine({ sublistId: ADDRESSBOOK });
  customer.setCurrentSublistValue({ sublistId: ADDRESSBOOK, fieldId: flag, value: true });
  customer.setCurrentSublistValue({ sublistId: ADDRESSBOOK, fieldId: 'label', value: `Stripe ${kind}` });
  writeCurrentAddress(customer, values);
  customer.commitLine({ sublistId: ADDRESSBOOK });
}

/** One load (5 units) and one save (10) of the customer: body fields and default addresses. */
function editCustomer(
  id: number,
  body: Readonly<Record<string, string | null>>,
  edit: (current: CustomerAddresses) => Partial<CustomerAddresses>,
): void {
  const customer = record.load({ type: record.Type.CUSTOMER, id, isDynamic: true });
  for (const [field, value] of Object.entries(body))
    customer.setValue({ fieldId: field, value: fieldValue(field, value) });
  const billingLine = flaggedLine(customer, FLAGS.billing);
  const shippingLine = flaggedLine(customer, FLAGS.shipping);
  const current: CustomerAddresses = {
    billing: billingLine >= 0 ? readAddress(customer, billingLine) : null,
    shipping: shippingLine >= 0 ? readAddress(customer, shippingLine) : null,
  };
  const wanted = edit(current);
  if (wanted.billing) putAddress(customer, 'billing', wanted.billing, wanted.shipping ?? current.shipping);
  if (wanted.shipping) putAddress(customer, 'shipping', wanted.shipping, wanted.billing ?? current.billing);
  customer.save({ ignoreMandatoryFields: true });
}

/** The optional updates' part of the NetSuiteBooks port (booking/flows/customerUpdates.ts, itemUpdates.ts). */
export const syncedRecordsBooks: Pick<
  NetSuiteBooks,
  'syncStates' | 'saveSyncState' | 'currentValues' | 'submitValues' | 'editCustomer'
> = { syncStates, saveSyncState, currentValues, submitValues, editCustomer };

/**
 * The address subrecord of an entity's Address subtab (sublist `addressbook`, subrecord field
 * `addressbookaddress`). Oracle help, "About the Address Subrecord", "Using SuiteScript 2.x to Edit a
 * Subrecord that Occurs in a Sublist Field", "Using SuiteScript 2.x to Retrieve a Sublist Subrecord",
 * "Creating an Address Sublist Subrecord Example": a script reaches it through the parent record only, with
 * Record.getSublistSubrecord (standard mode) or Record.getCurrentSublistSubrecord on the selected line
 * (dynamic mode); its changes are saved with the parent. Fields as in those examples and the Records
 * Browser's address subrecord: country, addressee, addr1, addr2, addr3, city, state, zip, addrphone, attention.
 */
import { nsError } from '../errors';
import type { FieldDef, FieldValue, RecordTypeDef } from '../schema';
import type { Line } from '../store';

function text(id: string): FieldDef {
  return { id, type: 'text' };
}

export const ADDRESS_SUBRECORD: RecordTypeDef = {
  type: 'address',
  kind: 'other',
  label: 'Address',
  fields: Object.fromEntries(
    ['country', 'attention', 'addressee', 'addr1', 'addr2', 'addr3', 'city', 'state', 'zip', 'addrphone'].map((id) => [
      id,
      text(id),
    ]),
  ),
  sublists: {},
};

/** Sublist fields that hold a subrecord, by `<sublist>.<field>`. */
export const SUBLIST_SUBRECORDS: Readonly<Record<string, RecordTypeDef>> = {
  'addressbook.addressbookaddress': ADDRESS_SUBRECORD,
};

/** The subrecord's fields as the line keeps them (a JSON text in the summary field). */
export function subrecordFields(line: Line, fieldId: string): Record<string, FieldValue> {
  const stored = line[fieldId];
  return typeof stored === 'string' && stored !== '' ? (JSON.parse(stored) as Record<string, FieldValue>) : {};
}

/** The subrecord definition of a sublist field, or the error NetSuite gives for a field that holds none. */
export function sublistSubrecordDef(sublistId: string, fieldId: string): RecordTypeDef {
  const def = SUBLIST_SUBRECORDS[`${sublistId}.${fieldId}`];
  if (!def)
    throw nsError('SSS_INVALID_SUBRECORD_FIELD', `Field ${fieldId} of sublist ${sublistId} does not hold a subrecord`);
  return def;
}

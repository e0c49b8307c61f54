import format = require('N/format');
import query = require('N/query');
import search = require('N/search');
import {
  parseIngressSettings,
  parseSettings,
  SETTINGS_FIELDS,
  type ConnectorSettings,
  type DateReader,
  type IngressSettings,
  type ModeReader,
} from '../settings';
import { listKey } from './listValues';

export const SETTINGS_RECORD = 'customrecord_snc_settings';

/** One settings record by internal ID: one lookupFields call (1 unit), never a record load. */
export function loadSettings(id: number): ConnectorSettings {
  return readSettings(id).full();
}

/**
 * A settings record's fields (one lookupFields call): the ingress settings parsed at once, the booking ones
 * (whose modes need the custom lists' value IDs) only when asked for, so receiving a webhook reads no list.
 */
export function readSettings(id: number): { ingress: IngressSettings; full(): ConnectorSettings } {
  const raw = search.lookupFields({ type: SETTINGS_RECORD, id, columns: Object.values(SETTINGS_FIELDS) });
  if (Object.keys(raw).length === 0) throw new Error(`Settings record ${id} (${SETTINGS_RECORD}) does not exist`);
  const values = raw as Record<string, unknown>;
  return {
    ingress: parseIngressSettings(id, values),
    full: () => parseSettings(id, values, accountDate, listMode),
  };
}

/**
 * A mode field holds a custom list value's internal ID; its mode is the key of the value's script ID
 * (listValues.ts: one SuiteQL query per cache lifetime, then 1 unit per script run at most).
 */
export const listMode: ModeReader = (list, value) => listKey(list, value);

/**
 * A DATE field's text in the user's date format (Setup > Company > General Preferences, or the user's
 * own): N/format parses it as NetSuite shows it, where a fixed M/D/YYYY would misread 1/11/2026.
 */
export const accountDate: DateReader = (text) => {
  try {
    const parsed: unknown = format.parse({ value: text, type: format.Type.DATE });
    return Object.prototype.toString.call(parsed) === '[object Date]' ? (parsed as Date) : null;
  } catch {
    return null;
  }
};

/**
 * The settings record a deployment serves: its parameter when set (the cheap path), else the account's
 * only active settings record (one SuiteQL query).
 */
export function resolveSettingsId(parameter: unknown): number {
  const id = Number(parameter);
  if (Number.isInteger(id) && id > 0) return id;
  const rows = query
    .runSuiteQL({ query: `SELECT id FROM ${SETTINGS_RECORD} WHERE isinactive = 'F' ORDER BY id` })
    .asMappedResults();
  if (rows.length !== 1) {
    throw Object.assign(
      new Error(
        `Set the deployment's settings parameter: the account has ${rows.length} active ${SETTINGS_RECORD} records`,
      ),
      {
        code: 'SNC_INVALID_SETTING',
      },
    );
  }
  return Number(rows[0]?.['id']);
}

/** The settings records a scheduled run serves: its deployment's Settings parameter, else every active one. */
export function settingsIdsToServe(parameter: unknown): number[] {
  const id = Number(parameter);
  if (Number.isInteger(id) && id > 0) return [id];
  return query
    .runSuiteQL({ query: `SELECT id FROM ${SETTINGS_RECORD} WHERE isinactive = 'F' ORDER BY id` })
    .asMappedResults()
    .map((row) => Number(row['id']));
}

import format = require('N/format');
import query = require('N/query');
import search = require('N/search');
import { parseSettings, SETTINGS_FIELDS, type ConnectorSettings, type DateReader } from '../settings';

export const SETTINGS_RECORD = 'customrecord_snc_settings';

/** One settings record by internal ID: one lookupFields call (1 unit), never a record load. */
export function loadSettings(id: number): ConnectorSettings {
  const raw = search.lookupFields({ type: SETTINGS_RECORD, id, columns: Object.values(SETTINGS_FIELDS) });
  if (Object.keys(raw).length === 0) throw new Error(`Settings record ${id} (${SETTINGS_RECORD}) does not exist`);
  return parseSettings(id, raw as Record<string, unknown>, accountDate);
}

/**
 * A DATE field's text in the user's date format (Setup > Company > General Preferences, or the user's
 * own): N/format parses it as NetSuite shows it, where a fixed M/D/YYYY would misread 1/11/2026.
 */
const accountDate: DateReader = (text) => {
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

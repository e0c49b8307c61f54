import query = require('N/query');
import { CONNECTOR_LISTS, valueId, valueKey, type ListValueIds } from '../connectorLists';
import { cacheGet, cachePut } from './connectorCache';

/**
 * Internal IDs of the connector's custom list values. They differ per account, so they are looked up by
 * script ID, never hard-coded (netsuite.smash-ict.com, "Learn To Write Custom List Code That Works In All
 * NetSuite Environments": `SELECT id, scriptid FROM customlist_…`). Text (setText/getText) would depend on
 * names an admin may edit, and getText is limited in standard mode (Oracle help, "Record.getText(options)").
 * One SuiteQL query (10 units) reads every list; the answer is kept in N/cache (a hit costs 1 unit) and for
 * the rest of the script run in memory.
 */
const CACHE_KEY = 'lists:v1';
let resolved: ListValueIds | null = null;

function listQuery(): string {
  return Object.keys(CONNECTOR_LISTS)
    .map((list) => `SELECT '${list}' AS list, id, scriptid FROM ${list}`)
    .join(' UNION ALL ');
}

function readLists(): ListValueIds {
  const ids: ListValueIds = {};
  for (const list of Object.keys(CONNECTOR_LISTS)) ids[list] = {};
  for (const row of query.runSuiteQL({ query: listQuery() }).asMappedResults()) {
    const byScriptId = ids[String(row['list'])];
    // Script IDs compared in lower case: NetSuite may answer them in upper case.
    if (byScriptId) byScriptId[String(row['scriptid']).toLowerCase()] = String(row['id']);
  }
  return ids;
}

export function listValueIds(): ListValueIds {
  if (resolved) return resolved;
  let ids = cacheGet<ListValueIds>(CACHE_KEY);
  // An entry kept by an earlier version may lack a list added since (the settings' modes): read them again.
  if (!ids || Object.keys(CONNECTOR_LISTS).some((list) => ids?.[list] === undefined)) {
    ids = readLists();
    cachePut(CACHE_KEY, ids);
  }
  resolved = ids;
  return ids;
}

/** The internal ID to write for a readable status or mode. */
export function listValue(list: string, key: string): string {
  return valueId(listValueIds(), list, key);
}

/** The readable status or mode of a list field's value (internal ID), or null. */
export function listKey(list: string, id: unknown): string | null {
  return valueKey(listValueIds(), list, id);
}

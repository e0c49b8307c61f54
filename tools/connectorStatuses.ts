import {
  CONNECTOR_LISTS,
  EVENT_STATUS_LIST,
  PAYOUT_STATUS_LIST,
  WRITE_BACK_STATUS_LIST,
  valueId,
  valueKey,
  type EventStatus,
  type ListValueIds,
  type PayoutStatusKey,
  type WriteBackStatus,
} from '../src/suitescript/connectorLists';

/** What reads the emulator's SuiteQL: a NetSuiteEmulator (its `sql`). */
export interface SqlReader {
  sql: { query(sql: string, params: readonly unknown[]): { rows: Record<string, unknown>[] } };
}

/**
 * The connector's status fields hold custom list values' internal IDs. Tests and tools read and write
 * statuses by their readable names through these helpers, with the same mapping the scripts use
 * (src/suitescript/connectorLists.ts).
 */
export function listValueIdsOf(ns: SqlReader): ListValueIds {
  const ids: ListValueIds = {};
  for (const list of Object.keys(CONNECTOR_LISTS)) {
    const byScriptId: Record<string, string> = {};
    for (const row of ns.sql.query(`SELECT id, scriptid FROM ${list}`, []).rows) {
      byScriptId[String(row['scriptid']).toLowerCase()] = String(row['id']);
    }
    ids[list] = byScriptId;
  }
  return ids;
}

export function eventStatusId(ns: SqlReader, status: EventStatus): string {
  return valueId(listValueIdsOf(ns), EVENT_STATUS_LIST, status);
}

export function payoutStatusId(ns: SqlReader, status: PayoutStatusKey): string {
  return valueId(listValueIdsOf(ns), PAYOUT_STATUS_LIST, status);
}

export function eventStatusOf(ns: SqlReader, value: unknown): string | null {
  return valueKey(listValueIdsOf(ns), EVENT_STATUS_LIST, value);
}

export function payoutStatusOf(ns: SqlReader, value: unknown): string | null {
  return valueKey(listValueIdsOf(ns), PAYOUT_STATUS_LIST, value);
}

export function writeBackStatusId(ns: SqlReader, status: WriteBackStatus): string {
  return valueId(listValueIdsOf(ns), WRITE_BACK_STATUS_LIST, status);
}

export function writeBackStatusOf(ns: SqlReader, value: unknown): string | null {
  return valueKey(listValueIdsOf(ns), WRITE_BACK_STATUS_LIST, value);
}

const STATUS_LISTS = {
  event: EVENT_STATUS_LIST,
  payout: PAYOUT_STATUS_LIST,
  writeback: WRITE_BACK_STATUS_LIST,
} as const;

/** Rows with their `column` (a status field's internal ID) replaced by the readable status. */
export function readableStatuses<T extends Record<string, unknown>>(
  ns: SqlReader,
  rows: T[],
  kind: keyof typeof STATUS_LISTS,
  column = 'status',
): T[] {
  const ids = listValueIdsOf(ns);
  const list = STATUS_LISTS[kind];
  return rows.map((row) => ({ ...row, [column]: valueKey(ids, list, row[column]) }));
}

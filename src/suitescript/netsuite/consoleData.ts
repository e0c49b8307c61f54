import format = require('N/format');
import query = require('N/query');
import record = require('N/record');
import search = require('N/search');
import type { ConsoleHealth, ParkedEvent, PayoutRow, SettingsProblem } from '../console/consoleModel';
import {
  bankReferences,
  referenceProblems,
  settingsProblems,
  settingsReferences,
  type BankMapping,
  type FoundRecords,
  type Reference,
} from '../console/settingsCheck';
import { syncTarget } from '../console/stripeSync';
import { refundedChargeId, syncEventType, syntheticEvent, SyncRefused } from '../events/syntheticEvents';
import { SETTINGS_FIELDS, type ConnectorSettings } from '../settings';
import { receivedEventOf } from '../webhooks/intake';
import { requestQueueRun } from './eventProcessing';
import { eventStatusOf, eventStatusValue, QUEUE_FIELDS, QUEUE_RECORD, storeEvent } from './eventQueue';
import { PAYOUT_RECORD, payoutStatusOf } from './payoutDeposits';
import { listMode, SETTINGS_RECORD } from './settingsStore';
import { hmacWithSecret } from './signingSecret';
import { createStripeClient } from './stripeApi';
import { cacheGet, cachePut } from './connectorCache';
import type { ImportRun } from '../backfill/historicalImport';
import { importRunOf } from './historicalImportRun';

/** The console's field of the settings record, written by the queue Map/Reduce. */
export const CONSOLE_FIELDS = {
  queueLastRun: 'custrecord_snc_set_queue_last_run',
  /** The same instant as a Date/Time field, for people. */
  queueLastRunAt: 'custrecord_snc_set_queue_last_run_at',
} as const;

/** Refused deliveries, per settings record, in the connector's N/cache (see countSignatureFailure). */
const signatureKey = (settingsId: number) => `console:sigfail:${settingsId}`;
interface SignatureFailures {
  count: number;
  lastAt: number | null;
}

const F = QUEUE_FIELDS;
const rows = (sql: string, params: unknown[] = []) =>
  query.runSuiteQL({ query: sql, params: params as (string | number | boolean)[] }).asMappedResults();
const num = (value: unknown): number | null =>
  value === null || value === undefined || value === '' ? null : Number(value);

/** Health: three SuiteQL queries and one lookupFields (31 units). */
export function consoleHealth(settingsId: number | null): ConsoleHealth {
  const counts = new Map<string, number>();
  for (const row of rows(`SELECT ${F.status} AS status, COUNT(*) AS n FROM ${QUEUE_RECORD} GROUP BY ${F.status}`)) {
    const status = eventStatusOf(row['status']) ?? '';
    counts.set(status, (counts.get(status) ?? 0) + Number(row['n']));
  }
  const oldest = rows(
    `SELECT name, ${F.created} AS created FROM ${QUEUE_RECORD} WHERE id = (SELECT MIN(id) FROM ${QUEUE_RECORD} WHERE ${F.status} = ?)`,
    [eventStatusValue('queued')],
  )[0];
  // The last 20 events stored: the newest is "last received", the smallest delay estimates delay + skew.
  const recent = rows(
    `SELECT name, ${F.type} AS type, ${F.created} AS created, ${F.received} AS received FROM ${QUEUE_RECORD} WHERE id > (SELECT MAX(id) - 20 FROM ${QUEUE_RECORD}) ORDER BY id DESC`,
  );
  const delays = recent
    .filter((r) => num(r['received']) !== null && !String(r['name']).startsWith('evt_sync_'))
    .map((r) => Number(r['received']) - Number(r['created']));
  const last = recent[0];
  const marks = settingsId === null ? {} : settingsMarks(settingsId);
  return {
    lastEvent: last
      ? {
          eventId: String(last['name']),
          type: String(last['type']),
          created: Number(last['created']),
          received: num(last['received']),
        }
      : null,
    queued: (counts.get('queued') ?? 0) + (counts.get('processing') ?? 0),
    oldestQueued: oldest ? { eventId: String(oldest['name']), created: Number(oldest['created']) } : null,
    parked: counts.get('parked') ?? 0,
    lastQueueRun: num(marks[CONSOLE_FIELDS.queueLastRun]),
    signatureFailures: (settingsId === null ? null : cacheGet<SignatureFailures>(signatureKey(settingsId))) ?? {
      count: 0,
      lastAt: null,
    },
    receiveDelaySeconds: delays.length === 0 ? null : Math.min(...delays),
  };
}

function settingsMarks(settingsId: number): Record<string, unknown> {
  return search.lookupFields({ type: SETTINGS_RECORD, id: settingsId, columns: Object.values(CONSOLE_FIELDS) });
}

/** The parked events, oldest first (at most 200 on the page). */
export function parkedEvents(): ParkedEvent[] {
  return rows(
    `SELECT id, name, ${F.type} AS type, ${F.objectId} AS objectid, ${F.attempts} AS attempts, ${F.error} AS error FROM ${QUEUE_RECORD} WHERE ${F.status} = ? ORDER BY id`,
    [eventStatusValue('parked')],
  )
    .slice(0, 200)
    .map((r) => ({
      queueId: Number(r['id']),
      eventId: String(r['name']),
      type: String(r['type']),
      objectId: String(r['objectid']),
      attempts: Number(r['attempts'] ?? 0),
      error: String(r['error'] ?? ''),
    }));
}

/** The 50 newest payout reconciliations with their deposits (one query). */
export function payoutRows(): PayoutRow[] {
  return rows(
    `SELECT p.name AS payout, p.custrecord_snc_po_status AS status, p.custrecord_snc_po_amount AS amount,
            p.custrecord_snc_po_currency AS currency, p.custrecord_snc_po_deposit AS deposit,
            t.tranid AS depositname, p.custrecord_snc_po_problems AS problems
     FROM ${PAYOUT_RECORD} p LEFT JOIN transaction t ON t.id = p.custrecord_snc_po_deposit
     ORDER BY p.id DESC`,
  )
    .slice(0, 50)
    .map((r) => ({
      payoutId: String(r['payout']),
      status: payoutStatusOf(r['status']) ?? '',
      amount: String(r['amount'] ?? ''),
      currency: String(r['currency'] ?? ''),
      depositId:
        r['deposit'] === null || r['deposit'] === undefined || r['deposit'] === '' ? null : String(r['deposit']),
      depositName: String(r['depositname'] ?? ''),
      problems: String(r['problems'] ?? ''),
    }));
}

const accountDate = (text: string): Date | null => {
  try {
    const parsed: unknown = format.parse({ value: text, type: format.Type.DATE });
    return Object.prototype.toString.call(parsed) === '[object Date]' ? (parsed as Date) : null;
  } catch {
    return null;
  }
};

/** Which referenced records exist: one SuiteQL query over every table named (10 units). */
function foundRecords(refs: readonly Reference[]): FoundRecords {
  const found = new Map<string, { type: string; inactive: boolean }>();
  const tables = [...new Set(refs.map((r) => r.table))];
  if (tables.length === 0) return found;
  const parts = tables.map((table) => {
    const ids = refs.filter((r) => r.table === table).map((r) => r.id);
    const type = table === 'account' ? 'accttype' : "''";
    return `SELECT '${table}' AS tbl, id, ${type} AS kind, isinactive FROM ${table} WHERE id IN (${ids.join(', ')})`;
  });
  for (const r of rows(parts.join(' UNION ALL '))) {
    found.set(`${String(r['tbl'])}:${String(r['id'])}`, {
      type: String(r['kind'] ?? ''),
      inactive: r['isinactive'] === 'T' || r['isinactive'] === true,
    });
  }
  return found;
}

/** Whether an API Secret can be used by this script (an unknown one fails to load). */
function secretProblem(setting: string, secretName: string | null): SettingsProblem[] {
  if (secretName === null) return [];
  try {
    hmacWithSecret(secretName)('check');
    return [];
  } catch (error) {
    return [
      {
        setting,
        fix: `API Secret ${secretName} cannot be used (${(error as { name?: string }).name ?? 'error'}): create it under Setup > Company > API Secrets and allow this script.`,
      },
    ];
  }
}

/** The settings check: every setting, the secrets, the referenced records and the bank-account mappings. */
export function checkSettings(settingsId: number | null): SettingsProblem[] {
  if (settingsId === null) {
    return [
      {
        setting: SETTINGS_RECORD,
        fix: 'Create a Stripe Connector Settings record, or set the console deployment parameter.',
      },
    ];
  }
  const raw = search.lookupFields({ type: SETTINGS_RECORD, id: settingsId, columns: Object.values(SETTINGS_FIELDS) });
  const { problems, settings } = settingsProblems(settingsId, raw as Record<string, unknown>, accountDate, listMode);
  const banks: BankMapping[] = rows(
    `SELECT id, custrecord_snc_bank_currency AS currency, custrecord_snc_bank_account AS account FROM customrecord_snc_bank WHERE custrecord_snc_bank_settings = ? AND isinactive = 'F'`,
    [settingsId],
  ).map((r) => ({ id: Number(r['id']), currency: String(r['currency'] ?? ''), account: num(r['account']) }));
  const bank = bankReferences(banks);
  const refs = [...(settings ? settingsReferences(settings) : []), ...bank.refs];
  return [
    ...problems,
    ...bank.problems,
    ...referenceProblems(refs, foundRecords(refs)),
    ...(settings ? secretProblem(SETTINGS_FIELDS.webhookSecretName, settings.webhookSecretName) : []),
    ...(settings ? secretProblem(SETTINGS_FIELDS.apiKeySecretName, settings.booking.apiKeySecretName) : []),
    ...(settings && settings.booking.apiKeySecretName === null
      ? [
          {
            setting: SETTINGS_FIELDS.apiKeySecretName,
            fix: 'Name the API Secret holding the Stripe API key: flows read Stripe with it.',
          },
        ]
      : []),
  ];
}

/**
 * Sync now: reads the object from Stripe and queues a synthetic event for it through the queue (storeEvent),
 * then asks the queue Map/Reduce to run. Returns what happened, for the page.
 */
export function syncNow(settings: ConnectorSettings, stripeId: string, now: number): string {
  const target = syncTarget(stripeId);
  const apiKey = settings.booking.apiKeySecretName;
  if (!target) return `${stripeId} is not a Stripe ID Sync now takes.`;
  if (!apiKey) return `Settings ${settings.id} name no Stripe API key (${SETTINGS_FIELDS.apiKeySecretName}).`;
  const client = createStripeClient({ apiKeySecretName: apiKey });
  try {
    let object = client.retrieve<Record<string, unknown>>(target.path);
    const type = syncEventType(target.kind, object);
    const charge = refundedChargeId(target.kind, object);
    if (charge !== null) object = client.retrieve<Record<string, unknown>>(`/v1/charges/${encodeURIComponent(charge)}`);
    if ((object['livemode'] === true) !== settings.livemode) {
      return `${stripeId} is a ${object['livemode'] === true ? 'live' : 'test'} mode object; these settings book the other mode.`;
    }
    const event = receivedEventOf(syntheticEvent(type, object, now));
    const stored = storeEvent(event, settings.id);
    if (stored.status === 'duplicate') {
      // Not "queued": the stored event may be queued, booked or parked; the page's sections say which.
      return `${stripeId} was already synced as ${event.eventId} (${type}) and is unchanged since: nothing new to book.`;
    }
    requestQueueRun();
    return `Queued ${event.eventId} (${type}) for ${stripeId}; the queue Map/Reduce books it.`;
  } catch (error) {
    if (error instanceof SyncRefused) return error.message;
    const e = error as { name?: string; message?: string };
    return `Could not read ${stripeId} from Stripe: ${e.name ?? 'error'}: ${e.message ?? String(error)}`;
  }
}

/** The queue Map/Reduce's mark of its last run, on every active settings record (2 units each). */
export function markQueueRun(now: number): void {
  for (const row of rows(`SELECT id FROM ${SETTINGS_RECORD} WHERE isinactive = 'F'`)) {
    record.submitFields({
      type: SETTINGS_RECORD,
      id: Number(row['id']),
      values: { [CONSOLE_FIELDS.queueLastRun]: now, [CONSOLE_FIELDS.queueLastRunAt]: new Date(now * 1000) },
    });
  }
}

/**
 * Counts a delivery refused for its signature (2 units). Kept in the connector's N/cache, not on a record: the
 * RESTlet runs as the relay's role, which may only view the settings, and a refused delivery must not write
 * records. The cache may drop it (at most a day's count, and concurrent refusals may count once): it is for an
 * admin's eye, not an audit; the relay's own logs count every refusal.
 */
export function countSignatureFailure(settingsId: number, now: number): void {
  const current = cacheGet<SignatureFailures>(signatureKey(settingsId)) ?? { count: 0, lastAt: null };
  cachePut(signatureKey(settingsId), { count: current.count + 1, lastAt: now });
}

/** The historical import under way or last done, for the console (1 unit); null when none was started. */
export function historicalImportProgress(settingsId: number | null): ImportRun | null {
  return settingsId === null ? null : importRunOf(settingsId);
}

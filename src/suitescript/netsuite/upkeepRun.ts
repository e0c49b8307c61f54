import log = require('N/log');
import query = require('N/query');
import record = require('N/record');
import runtime = require('N/runtime');
import search = require('N/search');
import type { Email } from '../alerts/parkedDigest';
import { payoutDigest, payoutsToTell, type StuckPayout } from '../alerts/payoutDigest';
import { silenceAlert } from '../alerts/silence';
import { auditPayload } from '../retention/auditView';
import { parseUpkeepSettings, UPKEEP_FIELDS, type ConnectorSettings, type UpkeepSettings } from '../settings';
import { PAYOUT_STATUS_LIST } from '../connectorLists';
import { eventStatusValue, QUEUE_FIELDS, QUEUE_RECORD } from './eventQueue';
import { listValue } from './listValues';
import { tellAdmin } from './notify';
import { PAYOUT_RECORD } from './payoutDeposits';
import { SETTINGS_RECORD } from './settingsStore';
import { submitScheduledScript } from './scheduledTasks';

export const UPKEEP_SCRIPT = 'customscript_snc_upkeep_ss';
/** The on-demand deployment: a run that stopped for governance continues through it. */
export const UPKEEP_ON_DEMAND_DEPLOYMENT = 'customdeploy_snc_upkeep_now';
/** Units kept in hand when trimming: below them the run stops and queues its continuation. */
export const TRIM_RESERVE_UNITS = 100;

const PAYOUT_FIELDS = {
  status: 'custrecord_snc_po_status',
  problems: 'custrecord_snc_po_problems',
  adminTold: 'custrecord_snc_po_admin_told',
  adminToldAt: 'custrecord_snc_po_admin_told_at',
  since: 'custrecord_snc_po_problem_since',
  sinceAt: 'custrecord_snc_po_problem_since_at',
} as const;

/** Silence Alert Sent For as a Date/Time field, for people: written beside the integer, never read. */
const SILENCE_TOLD_AT_FIELD = 'custrecord_snc_set_silence_told_at';

/** The upkeep fields of one settings record (1 unit). */
export function upkeepSettings(settingsId: number): UpkeepSettings {
  const raw = search.lookupFields({ type: SETTINGS_RECORD, id: settingsId, columns: Object.values(UPKEEP_FIELDS) });
  return parseUpkeepSettings(raw as Record<string, unknown>);
}

function logAndTell(settings: ConnectorSettings, message: Email): void {
  log.error({ title: message.subject, details: message.body });
  tellAdmin(settings, message);
}

/** Tells the admin once per silence when no event has arrived for the setting's hours. True when told. */
export function checkSilence(settings: ConnectorSettings, upkeep: UpkeepSettings, now: number): boolean {
  const rows = query
    .runSuiteQL({
      query: `SELECT MAX(${QUEUE_FIELDS.created}) AS newest FROM ${QUEUE_RECORD} WHERE ${QUEUE_FIELDS.settings} = ?`,
      params: [settings.id],
    })
    .asMappedResults();
  const newest = rows[0]?.['newest'];
  const state = {
    newestEvent: newest === null || newest === undefined || newest === '' ? null : Number(newest),
    alertAfterHours: upkeep.alertAfterHours,
    toldFor: upkeep.silenceToldFor,
  };
  const message = silenceAlert(state, now, settings.stripeAccountId);
  if (!message || state.newestEvent === null) return false;
  logAndTell(settings, message);
  record.submitFields({
    type: SETTINGS_RECORD,
    id: settings.id,
    values: {
      [UPKEEP_FIELDS.silenceToldFor]: state.newestEvent,
      [SILENCE_TOLD_AT_FIELD]: new Date(state.newestEvent * 1000),
    },
  });
  return true;
}

/**
 * Payouts still unreconciled: the first check that sees one stamps Unreconciled Since; once it is older than
 * the setting's hours the admin is told, once (Admin Told At, which the mapping alert also sets). Payout
 * records name no settings record, so every Notify Email of the run's settings is told. Returns those told.
 */
export function checkPayouts(recipients: readonly ConnectorSettings[], afterHours: number, now: number): string[] {
  const rows = query
    .runSuiteQL({
      query: `SELECT id, name, ${PAYOUT_FIELDS.problems} AS problems, ${PAYOUT_FIELDS.since} AS since FROM ${PAYOUT_RECORD}
              WHERE ${PAYOUT_FIELDS.status} = ? AND ${PAYOUT_FIELDS.adminTold} IS NULL ORDER BY id`,
      params: [listValue(PAYOUT_STATUS_LIST, 'unreconciled')],
    })
    .asMappedResults();
  const known: (StuckPayout & { id: number })[] = [];
  for (const row of rows) {
    const id = Number(row['id']);
    if (row['since'] === null || row['since'] === undefined || row['since'] === '') {
      record.submitFields({
        type: PAYOUT_RECORD,
        id,
        values: { [PAYOUT_FIELDS.since]: now, [PAYOUT_FIELDS.sinceAt]: new Date(now * 1000) },
      });
      continue;
    }
    known.push({
      id,
      payoutId: String(row['name']),
      since: Number(row['since']),
      problems: String(row['problems'] ?? ''),
    });
  }
  const stuck = payoutsToTell(known, now, afterHours) as (StuckPayout & { id: number })[];
  const message = payoutDigest(stuck, afterHours);
  if (!message) return [];
  log.error({ title: message.subject, details: message.body });
  const told = new Set<string>();
  for (const settings of recipients) {
    const address = `${settings.notifyAuthor ?? ''}:${settings.notifyEmail ?? ''}`;
    if (!told.has(address) && tellAdmin(settings, message)) told.add(address);
  }
  for (const payout of stuck) {
    record.submitFields({
      type: PAYOUT_RECORD,
      id: payout.id,
      values: { [PAYOUT_FIELDS.adminTold]: now, [PAYOUT_FIELDS.adminToldAt]: new Date(now * 1000) },
    });
  }
  return stuck.map((p) => p.payoutId);
}

export interface TrimOutcome {
  status: 'complete' | 'continue';
  trimmed: number;
}

/**
 * Trims the payloads of one settings record's processed events (done, no_action) older than the retention to
 * their audit view, marking each Payload Trimmed At so no run rewrites it: one SuiteQL (10 units), then a
 * submitFields (2 units) per event while units last. Queued, processing and parked events keep their payload.
 */
export function trimPayloads(settingsId: number, retentionDays: number, now: number): TrimOutcome {
  const rows = query
    .runSuiteQL({
      query: `SELECT id, ${QUEUE_FIELDS.payload} AS payload FROM ${QUEUE_RECORD}
              WHERE ${QUEUE_FIELDS.settings} = ? AND ${QUEUE_FIELDS.status} IN (?, ?)
                AND ${QUEUE_FIELDS.trimmedAt} IS NULL AND ${QUEUE_FIELDS.created} < ? ORDER BY id`,
      params: [settingsId, eventStatusValue('done'), eventStatusValue('no_action'), now - retentionDays * 86_400],
    })
    .asMappedResults();
  let trimmed = 0;
  for (const row of rows) {
    if (runtime.getCurrentScript().getRemainingUsage() < TRIM_RESERVE_UNITS) return { status: 'continue', trimmed };
    record.submitFields({
      type: QUEUE_RECORD,
      id: Number(row['id']),
      values: { [QUEUE_FIELDS.payload]: auditPayload(String(row['payload'] ?? '')), [QUEUE_FIELDS.trimmedAt]: now },
    });
    trimmed += 1;
  }
  return { status: 'complete', trimmed };
}

/** Queues the rest of a run that stopped for governance; false when a run is already queued or running. */
export function continueUpkeep(): boolean {
  return submitScheduledScript(UPKEEP_SCRIPT, UPKEEP_ON_DEMAND_DEPLOYMENT);
}

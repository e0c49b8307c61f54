import log = require('N/log');
import query = require('N/query');
import record = require('N/record');
import runtime = require('N/runtime');
import search = require('N/search');
import {
  catchUp,
  DEFAULT_LOOKBACK_DAYS,
  gapBeyondRetention,
  nextRun,
  runFromText,
  runToText,
  type CatchUpOutcome,
  type CatchUpRun,
  type ListedEvent,
} from '../catchup/eventCatchUp';
import { CATCH_UP_FIELDS, parseCatchUpSettings, type ConnectorSettings } from '../settings';
import { receivedEventOf } from '../webhooks/intake';
import { QUEUE_RECORD, storeEvent } from './eventQueue';
import { nowSeconds, requestQueueRun } from './eventProcessing';
import { SETTINGS_RECORD } from './settingsStore';
import { createStripeClient } from './stripeApi';
import { submitScheduledScript } from './scheduledTasks';

export const CATCH_UP_SCRIPT = 'customscript_snc_catchup_ss';
/** The hourly deployment (status SCHEDULED). */
export const CATCH_UP_SCHEDULED_DEPLOYMENT = 'customdeploy_snc_catchup';
/** The on-demand deployment: the only kind N/task can submit, so runs that continue and "run now" use it. */
export const CATCH_UP_ON_DEMAND_DEPLOYMENT = 'customdeploy_snc_catchup_now';

/**
 * Queues a catch-up run now (the console's "Catch up now"). False when one is already queued or running:
 * that run picks up from the saved cursor, so nothing is lost by not queuing another.
 */
export function requestCatchUp(): boolean {
  return submitScheduledScript(CATCH_UP_SCRIPT, CATCH_UP_ON_DEMAND_DEPLOYMENT);
}

/** Of these event IDs, the ones with a queue record: one SuiteQL query (10 units) for a page of 100. */
export function queuedEventIds(ids: readonly string[]): Set<string> {
  const marks = ids.map(() => '?').join(', ');
  const rows = query
    .runSuiteQL({ query: `SELECT externalid FROM ${QUEUE_RECORD} WHERE externalid IN (${marks})`, params: [...ids] })
    .asMappedResults();
  // External IDs compare without case in NetSuite; Stripe's event IDs are never two that differ only in case.
  const queued = new Set(rows.map((row) => String(row['externalid']).toLowerCase()));
  return new Set(ids.filter((id) => queued.has(id.toLowerCase())));
}

/** The catch-up fields of one settings record (1 unit). */
function catchUpState(settingsId: number): { lookbackDays: number; through: number | null; run: CatchUpRun | null } {
  const raw = search.lookupFields({ type: SETTINGS_RECORD, id: settingsId, columns: Object.values(CATCH_UP_FIELDS) });
  const parsed = parseCatchUpSettings(raw as Record<string, unknown>, DEFAULT_LOOKBACK_DAYS);
  return { lookbackDays: parsed.lookbackDays, through: parsed.through, run: runFromText(parsed.runText) };
}

function saveState(settingsId: number, values: Record<string, string | number>): void {
  record.submitFields({ type: SETTINGS_RECORD, id: settingsId, values });
}

/** Lists and queues the events of one settings record's Stripe account that the queue lacks. */
export function catchUpSettings(settings: ConnectorSettings): CatchUpOutcome {
  const apiKey = settings.booking.apiKeySecretName;
  if (!apiKey) {
    throw Object.assign(new Error(`Settings ${settings.id} name no Stripe API key (custrecord_snc_set_api_key)`), {
      code: 'SNC_INVALID_SETTING',
    });
  }
  const state = catchUpState(settings.id);
  const now = nowSeconds();
  if (gapBeyondRetention(state, now)) {
    log.error({
      title: 'Stripe catch-up: events may be lost',
      details: `Settings ${settings.id} last listed events through ${state.through}, more than 30 days ago: Stripe no longer lists what came before ${now - 30 * 86_400}.`,
    });
  }
  const client = createStripeClient({ apiKeySecretName: apiKey });
  return catchUp(nextRun(state, now, state.lookbackDays), {
    remainingUnits: () => runtime.getCurrentScript().getRemainingUsage(),
    fetchPage: (params) => client.page<ListedEvent & Record<string, unknown>>('/v1/events', params),
    storedIds: queuedEventIds,
    store: (event) => storeEvent(event, settings.id),
    describe: receivedEventOf,
    saveRun: (run) => saveState(settings.id, { [CATCH_UP_FIELDS.run]: runToText(run) }),
    complete: (run) => saveState(settings.id, { [CATCH_UP_FIELDS.through]: run.until, [CATCH_UP_FIELDS.run]: '' }),
    livemode: settings.livemode,
  });
}

/**
 * After the runs: the queue Map/Reduce is asked to apply what was stored (as webhook intake does), and a run
 * that stopped for governance is continued by the on-demand deployment.
 */
export function finishCatchUp(outcomes: readonly CatchUpOutcome[]): { queueRun: boolean; continued: boolean } {
  const stored = outcomes.reduce((sum, outcome) => sum + outcome.run.stored, 0);
  const queueRun = stored > 0 ? requestQueueRun() : false;
  const continued = outcomes.some((outcome) => outcome.status === 'continue') ? requestCatchUp() : false;
  return { queueRun, continued };
}

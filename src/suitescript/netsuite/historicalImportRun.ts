import record = require('N/record');
import runtime = require('N/runtime');
import search = require('N/search');
import task = require('N/task');
import {
  importHistory,
  importRunFromText,
  importRunToText,
  newImportRun,
  type ImportOutcome,
  type ImportRun,
  type ListedObject,
} from '../backfill/historicalImport';
import { errorName } from '../netsuiteErrors';
import { IMPORT_FIELDS, type ConnectorSettings } from '../settings';
import { receivedEventOf } from '../webhooks/intake';
import { queuedEventIds } from './eventCatchUpRun';
import { nowSeconds, requestQueueRun } from './eventProcessing';
import { storeEvent } from './eventQueue';
import { SETTINGS_RECORD } from './settingsStore';
import { createStripeClient } from './stripeApi';

export const IMPORT_SCRIPT = 'customscript_snc_import_ss';
/** The one deployment, on demand: the console's Start and the runs that continue submit it. */
export const IMPORT_DEPLOYMENT = 'customdeploy_snc_import_now';

/** Queues an import run. False when one is already queued or running: it goes on from the saved run. */
export function requestImport(): boolean {
  try {
    task
      .create({ taskType: task.TaskType.SCHEDULED_SCRIPT, scriptId: IMPORT_SCRIPT, deploymentId: IMPORT_DEPLOYMENT })
      .submit();
    return true;
  } catch (error) {
    // Oracle help, "ScheduledScriptTask.submit()": a deployment already queued or running is not queued again.
    if (['FAILED_TO_SUBMIT_JOB_REQUEST_1', 'NO_DEPLOYMENTS_AVAILABLE'].includes(errorName(error))) return false;
    throw error;
  }
}

/** The import run kept on a settings record (1 unit); null when none was started or the field is no run. */
export function importRunOf(settingsId: number): ImportRun | null {
  const raw = search.lookupFields({ type: SETTINGS_RECORD, id: settingsId, columns: [IMPORT_FIELDS.run] });
  const text = raw[IMPORT_FIELDS.run];
  return importRunFromText(typeof text === 'string' ? text : '');
}

function saveRun(settingsId: number, run: ImportRun): void {
  record.submitFields({ type: SETTINGS_RECORD, id: settingsId, values: { [IMPORT_FIELDS.run]: importRunToText(run) } });
}

/**
 * The console's Start: a new run for the range, unless one is under way (then it is only asked to go on). The
 * run is written before the script is queued, so the script always finds it.
 */
export function startImport(
  settingsId: number,
  range: { from: number; to: number },
  now: number,
): { started: boolean; queued: boolean; run: ImportRun } {
  const current = importRunOf(settingsId);
  if (current !== null && current.finished === null) return { started: false, queued: requestImport(), run: current };
  const run = newImportRun(range.from, range.to, now);
  saveRun(settingsId, run);
  return { started: true, queued: requestImport(), run };
}

/** Goes on with one settings record's import (nothing when none is under way). */
export function importSettings(settings: ConnectorSettings): ImportOutcome | null {
  const run = importRunOf(settings.id);
  if (run === null || run.finished !== null) return null;
  const apiKey = settings.booking.apiKeySecretName;
  if (!apiKey) {
    throw Object.assign(new Error(`Settings ${settings.id} name no Stripe API key (custrecord_snc_set_api_key)`), {
      code: 'SNC_INVALID_SETTING',
    });
  }
  const client = createStripeClient({ apiKeySecretName: apiKey });
  return importHistory(run, {
    remainingUnits: () => runtime.getCurrentScript().getRemainingUsage(),
    now: nowSeconds,
    fetchPage: (path, params) => client.page<ListedObject>(path, params),
    storedIds: queuedEventIds,
    store: (event) => storeEvent(event, settings.id),
    describe: receivedEventOf,
    saveRun: (next) => saveRun(settings.id, next),
    livemode: settings.livemode,
  });
}

/**
 * After the runs: the queue Map/Reduce books what was queued (as for a delivered webhook), and a run that
 * stopped for governance is continued by this script's deployment.
 */
export function finishImport(outcomes: readonly ImportOutcome[]): { queueRun: boolean; continued: boolean } {
  const queued = outcomes.reduce((sum, outcome) => sum + outcome.queuedNow, 0);
  const queueRun = queued > 0 ? requestQueueRun() : false;
  const continued = outcomes.some((outcome) => outcome.status === 'continue') ? requestImport() : false;
  return { queueRun, continued };
}

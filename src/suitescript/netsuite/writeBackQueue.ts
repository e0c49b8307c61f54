import log = require('N/log');
import query = require('N/query');
import record = require('N/record');
import runtime = require('N/runtime');
import { afterWriteFailure, byStripeObject, spacingMs, stripeObjectType, type WriteBack } from '../booking/writeBacks';
import { WRITE_BACK_STATUS_LIST, type WriteBackStatus } from '../connectorLists';
import { isDuplicate } from '../netsuiteErrors';
import type { ConnectorSettings } from '../settings';
import { resourcePath, StripeApiError } from '../stripe/apiRequest';
import { listValue } from './listValues';
import { busyWait, createStripeClient, type StripeClient } from './stripeApi';

/**
 * The write-backs of NetSuite IDs to Stripe metadata (booking/writeBacks.ts): queued on a Stripe Write-Back
 * record when an event is booked, sent later by the queue Map/Reduce's summarize stage. Never part of the
 * booking: a write that fails is kept and tried again by the next run, and the event stays done.
 */
export const WRITE_BACK_RECORD = 'customrecord_snc_writeback';
/**
 * Settings is a SELECT of the settings record (`selectrecordtype` `[scriptid=customrecord_snc_settings]`: it
 * "accepts references to" custom types, Oracle help, "customrecordcustomfield" of the customrecordtype SDF
 * object); Status a SELECT of customlist_snc_writeback_status. Both hold internal IDs.
 */
export const WRITE_BACK_FIELDS = {
  settings: 'custrecord_snc_wb_settings',
  stripeId: 'custrecord_snc_wb_stripe_id',
  key: 'custrecord_snc_wb_key',
  value: 'custrecord_snc_wb_value',
  status: 'custrecord_snc_wb_status',
  attempts: 'custrecord_snc_wb_attempts',
  error: 'custrecord_snc_wb_error',
} as const;

/** The Status field holds a customlist_snc_writeback_status value's internal ID, looked up by script ID. */
export function writeBackStatusValue(status: WriteBackStatus): string {
  return listValue(WRITE_BACK_STATUS_LIST, status);
}

/**
 * Queues write-backs, once each: the record's external ID `<stripe id>:<key>` makes a replay's queueing a
 * refused duplicate (6 units per new write-back). A failure to queue is logged, never thrown: the booking
 * is done.
 */
export function queueWriteBacks(settingsId: number, items: readonly WriteBack[]): void {
  for (const item of items) {
    try {
      const queued = record.create({ type: WRITE_BACK_RECORD });
      queued.setValue({ fieldId: 'externalid', value: `${item.stripeId}:${item.key}` });
      queued.setValue({ fieldId: WRITE_BACK_FIELDS.settings, value: settingsId });
      queued.setValue({ fieldId: WRITE_BACK_FIELDS.stripeId, value: item.stripeId });
      queued.setValue({ fieldId: WRITE_BACK_FIELDS.key, value: item.key });
      queued.setValue({ fieldId: WRITE_BACK_FIELDS.value, value: item.value });
      queued.setValue({ fieldId: WRITE_BACK_FIELDS.status, value: writeBackStatusValue('pending') });
      queued.setValue({ fieldId: WRITE_BACK_FIELDS.attempts, value: 0 });
      queued.save();
    } catch (error) {
      if (!isDuplicate(error))
        log.error({ title: `Write-back of ${item.key} to ${item.stripeId} not queued`, details: String(error) });
    }
  }
}

interface Queued extends WriteBack {
  id: number;
  attempts: number;
}

/** At most this many queued write-backs are read per run (one SuiteQL page). */
const READ_LIMIT = 1000;
/** Units kept for the rest of the summarize stage. */
const RESERVE_UNITS = 200;

function pending(settingsId: number): Queued[] {
  const f = WRITE_BACK_FIELDS;
  const rows = query
    .runSuiteQL({
      query: `SELECT id, ${f.stripeId} AS stripe_id, ${f.key} AS wb_key, ${f.value} AS wb_value, ${f.attempts} AS attempts
        FROM ${WRITE_BACK_RECORD} WHERE ${f.settings} = ? AND ${f.status} = ? ORDER BY id`,
      params: [settingsId, writeBackStatusValue('pending')],
    })
    .asMappedResults()
    .slice(0, READ_LIMIT);
  return rows.map((row) => ({
    id: Number(row['id']),
    stripeId: String(row['stripe_id']),
    key: String(row['wb_key']),
    value: String(row['wb_value']),
    attempts: Number(row['attempts'] ?? 0),
  }));
}

function mark(items: readonly Queued[], values: (item: Queued) => Record<string, string | number>): void {
  for (const item of items) record.submitFields({ type: WRITE_BACK_RECORD, id: item.id, values: values(item) });
}

export interface FlushResult {
  written: number;
  failed: number;
  /** Why the run stopped before the queue was empty: Stripe's rate limit, or governance. */
  stoppedBy: 'rate_limit' | 'governance' | null;
}

export interface FlushOptions {
  client?: StripeClient;
  /** How to wait between requests (default: a bounded busy-wait). */
  wait?: (ms: number) => void;
}

/**
 * Sends the settings' pending write-backs, one `POST /v1/<type>/<id>` with `metadata[key]=value` per Stripe
 * object (form-encoded, IDs encoded), at most _Stripe Writes per Second_ requests a second. A 429 that
 * outlasts the client's own retries ends the run and leaves the rest pending; any other refusal counts an
 * attempt (the write is given up after 5, logged and kept as `failed`).
 */
export function flushWriteBacks(settings: ConnectorSettings, options: FlushOptions = {}): FlushResult {
  const result: FlushResult = { written: 0, failed: 0, stoppedBy: null };
  const secret = settings.booking.apiKeySecretName;
  if (!settings.booking.writeBackIds || secret === null) return result;
  const queued = pending(settings.id);
  if (queued.length === 0) return result;
  const client = options.client ?? createStripeClient({ apiKeySecretName: secret });
  const wait = options.wait ?? busyWait;
  const spacing = spacingMs(settings.booking.writeBackRate);
  let last = 0;
  for (const [stripeId, items] of byStripeObject(queued)) {
    if (runtime.getCurrentScript().getRemainingUsage() < RESERVE_UNITS) {
      result.stoppedBy = 'governance';
      break;
    }
    const type = stripeObjectType(stripeId);
    const since = Date.now() - last;
    if (last > 0 && since < spacing) wait(spacing - since);
    last = Date.now();
    try {
      if (type === null) throw new Error(`${stripeId} is no Stripe object the connector writes to`);
      const metadata = Object.fromEntries(items.map((item) => [item.key, item.value]));
      client.post(
        resourcePath(type, stripeId),
        { metadata },
        { idempotencyKey: `snc-write-back:${stripeId}:${items.map((i) => `${i.key}=${i.value}`).join(',')}` },
      );
      mark(items, () => ({ [WRITE_BACK_FIELDS.status]: writeBackStatusValue('done'), [WRITE_BACK_FIELDS.error]: '' }));
      result.written += items.length;
    } catch (error) {
      if (error instanceof StripeApiError && error.status === 429) {
        result.stoppedBy = 'rate_limit';
        break;
      }
      const text = error instanceof Error ? error.message : String(error);
      mark(items, (item) => ({
        [WRITE_BACK_FIELDS.attempts]: item.attempts + 1,
        [WRITE_BACK_FIELDS.status]: writeBackStatusValue(afterWriteFailure(item.attempts + 1)),
        [WRITE_BACK_FIELDS.error]: text.slice(0, 3900),
      }));
      if (items.some((item) => afterWriteFailure(item.attempts + 1) === 'failed')) {
        result.failed += items.length;
        log.error({ title: `Write-back to ${stripeId} given up`, details: text });
      }
    }
  }
  return result;
}

/** The settings records with write-backs pending (one query), for the summarize stage. */
export function settingsWithPendingWriteBacks(): number[] {
  const f = WRITE_BACK_FIELDS;
  return query
    .runSuiteQL({
      query: `SELECT DISTINCT ${f.settings} AS settings FROM ${WRITE_BACK_RECORD} WHERE ${f.status} = ?`,
      params: [writeBackStatusValue('pending')],
    })
    .asMappedResults()
    .map((row) => Number(row['settings']));
}

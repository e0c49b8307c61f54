import query = require('N/query');
import record = require('N/record');
import { errorName, isDuplicate } from '../netsuiteErrors';
import type { ReceivedEvent, StoreResult } from '../webhooks/intake';
import { interruptedText, type ClaimedEvent, type FinalStatus, type QueueOutcomes } from '../events/processor';
import { fitText } from '../text';
import { EVENT_STATUS_LIST, type EventStatus } from '../connectorLists';
import { listKey, listValue } from './listValues';
import { PROCESSING_LEASE_SECONDS } from '../events/leases';

export const QUEUE_RECORD = 'customrecord_snc_event';

export const QUEUE_FIELDS = {
  type: 'custrecord_snc_evt_type',
  objectId: 'custrecord_snc_evt_object',
  objectType: 'custrecord_snc_evt_object_type',
  created: 'custrecord_snc_evt_created',
  createdAt: 'custrecord_snc_evt_created_at',
  livemode: 'custrecord_snc_evt_livemode',
  payload: 'custrecord_snc_evt_payload',
  settings: 'custrecord_snc_evt_settings',
  status: 'custrecord_snc_evt_status',
  attempts: 'custrecord_snc_evt_attempts',
  nextAttempt: 'custrecord_snc_evt_next_attempt',
  claimedAt: 'custrecord_snc_evt_claimed_at',
  error: 'custrecord_snc_evt_error',
  errorFull: 'custrecord_snc_evt_error_full',
  note: 'custrecord_snc_evt_note',
  received: 'custrecord_snc_evt_received',
  receivedAt: 'custrecord_snc_evt_received_at',
  adminTold: 'custrecord_snc_evt_admin_told',
  trimmedAt: 'custrecord_snc_evt_trimmed_at',
} as const;

/** The Status field's value (a list value's internal ID) for a readable status. */
export function eventStatusValue(status: EventStatus): string {
  return listValue(EVENT_STATUS_LIST, status);
}

/** The readable status of a Status field's value, or null. */
export function eventStatusOf(value: unknown): EventStatus | null {
  return listKey(EVENT_STATUS_LIST, value) as EventStatus | null;
}

/** Bytes the text fields hold: Last Error and Note are Text Areas, Full Error a Long Text. */
export const TEXT_AREA_BYTES = 4000;
export const LONG_TEXT_BYTES = 1_000_000;

/** A claim older than this is taken to belong to an invocation that died (usage or time limit). */
export const STALE_CLAIM_SECONDS = PROCESSING_LEASE_SECONDS;

/**
 * Stores a received event as a queue record keyed by the event ID as external ID: one custom-record
 * create and save (6 units), no search. A redelivery fails NetSuite's uniqueness check: a duplicate.
 */
export function storeEvent(event: ReceivedEvent, settingsId: number): StoreResult {
  const queued = record.create({ type: QUEUE_RECORD });
  queued.setValue({ fieldId: 'name', value: event.eventId });
  queued.setValue({ fieldId: 'externalid', value: event.eventId });
  queued.setValue({ fieldId: QUEUE_FIELDS.type, value: event.type });
  queued.setValue({ fieldId: QUEUE_FIELDS.objectId, value: event.objectId });
  queued.setValue({ fieldId: QUEUE_FIELDS.objectType, value: event.objectType });
  queued.setValue({ fieldId: QUEUE_FIELDS.created, value: event.created });
  // The same instants as Date/Time fields for people (the integers order and compare exactly).
  queued.setValue({ fieldId: QUEUE_FIELDS.createdAt, value: new Date(event.created * 1000) });
  queued.setValue({ fieldId: QUEUE_FIELDS.livemode, value: event.livemode });
  queued.setValue({ fieldId: QUEUE_FIELDS.payload, value: event.payload });
  queued.setValue({ fieldId: QUEUE_FIELDS.settings, value: settingsId });
  // Status: the field's default selection, Queued (src/Objects): no list lookup on the intake path.
  queued.setValue({ fieldId: QUEUE_FIELDS.attempts, value: 0 });
  // When NetSuite stored it (the console's "last event received" and delivery delay).
  const receivedSeconds = Math.floor(Date.now() / 1000);
  queued.setValue({ fieldId: QUEUE_FIELDS.received, value: receivedSeconds });
  queued.setValue({ fieldId: QUEUE_FIELDS.receivedAt, value: new Date(receivedSeconds * 1000) });
  try {
    return { status: 'stored', queueId: queued.save() };
  } catch (error) {
    if (isDuplicate(error)) return { status: 'duplicate' };
    throw error;
  }
}

/**
 * Takes an event for processing: load, check it is still waiting, mark it processing, count the attempt
 * and save. The attempt counts before the work starts, so an attempt that dies without recording its
 * outcome (usage or time limit) still counts, and the event is parked after its last one. Two invocations
 * racing for one event both load it; the second save fails with RCRD_HAS_BEEN_CHANGED and that invocation
 * leaves the event alone.
 */
export function claimEvent(queueId: number, now: number): ClaimedEvent | null {
  const queued = record.load({ type: QUEUE_RECORD, id: queueId });
  const status = eventStatusOf(queued.getValue({ fieldId: QUEUE_FIELDS.status }));
  const claimedAt = Number(queued.getValue({ fieldId: QUEUE_FIELDS.claimedAt }) ?? 0);
  const stale = status === 'processing' && now - claimedAt > STALE_CLAIM_SECONDS;
  if (status !== 'queued' && !stale) return null;
  const attempts = Number(queued.getValue({ fieldId: QUEUE_FIELDS.attempts }) ?? 0);
  queued.setValue({ fieldId: QUEUE_FIELDS.status, value: eventStatusValue('processing') });
  queued.setValue({ fieldId: QUEUE_FIELDS.claimedAt, value: now });
  queued.setValue({ fieldId: QUEUE_FIELDS.attempts, value: attempts + 1 });
  if (stale)
    queued.setValue({ fieldId: QUEUE_FIELDS.error, value: fitText(interruptedText(attempts), TEXT_AREA_BYTES).text });
  try {
    queued.save();
  } catch (error) {
    if (errorName(error) === 'RCRD_HAS_BEEN_CHANGED') return null;
    throw error;
  }
  return {
    queueId,
    eventId: String(queued.getValue({ fieldId: 'name' })),
    type: String(queued.getValue({ fieldId: QUEUE_FIELDS.type })),
    payload: String(queued.getValue({ fieldId: QUEUE_FIELDS.payload })),
    attempts,
    interrupted: stale,
  };
}

/** Last Error and Full Error for a failure: the start that fits, and the whole text when it was cut. */
function failureFields(error: string): Record<string, string> {
  const short = fitText(error, TEXT_AREA_BYTES);
  return {
    [QUEUE_FIELDS.error]: short.text,
    [QUEUE_FIELDS.errorFull]: short.cut ? fitText(error, LONG_TEXT_BYTES).text : '',
  };
}

/**
 * Writes a failed attempt's outcome. Recording it must not fail, or the event would stay `processing`:
 * should the write with the error be refused, the outcome is written again with only the error's name.
 */
function recordFailure(queueId: number, values: Record<string, string | number>, error: string): void {
  try {
    record.submitFields({ type: QUEUE_RECORD, id: queueId, values: { ...values, ...failureFields(error) } });
  } catch (writeError) {
    const fallback = `${error.slice(0, 200)} … [the full error could not be recorded: ${errorName(writeError)}]`;
    record.submitFields({ type: QUEUE_RECORD, id: queueId, values: { ...values, ...failureFields(fallback) } });
  }
}

/** Outcomes written with submitFields (2 units each), no load. */
export const queueOutcomes: QueueOutcomes = {
  finish(queueId: number, status: FinalStatus, note: string, attempts: number): void {
    record.submitFields({
      type: QUEUE_RECORD,
      id: queueId,
      values: {
        [QUEUE_FIELDS.status]: eventStatusValue(status),
        [QUEUE_FIELDS.note]: fitText(note, TEXT_AREA_BYTES).text,
        [QUEUE_FIELDS.attempts]: attempts,
        [QUEUE_FIELDS.error]: '',
        [QUEUE_FIELDS.errorFull]: '',
      },
    });
  },
  retryLater(queueId: number, attempts: number, nextAttemptAt: number, error: string): void {
    const values = {
      [QUEUE_FIELDS.status]: eventStatusValue('queued'),
      [QUEUE_FIELDS.attempts]: attempts,
      [QUEUE_FIELDS.nextAttempt]: nextAttemptAt,
    };
    recordFailure(queueId, values, error);
  },
  park(queueId: number, attempts: number, error: string): void {
    // Admin Told At cleared: the next queue run's email names the event (again, if it was parked before).
    const values = {
      [QUEUE_FIELDS.status]: eventStatusValue('parked'),
      [QUEUE_FIELDS.attempts]: attempts,
      [QUEUE_FIELDS.adminTold]: '',
    };
    recordFailure(queueId, values, error);
  },
};

export interface PendingEvent {
  queueId: number;
  eventId: string;
  objectId: string;
  created: number;
  settingsId: number;
  /** Unix seconds before which a failed event is not retried (0: due now). */
  nextAttempt: number;
}

/**
 * SuiteQL for every event still to apply (queued, or claimed by an invocation that died). Parameters:
 * pendingEventsParams.
 */
export const PENDING_EVENTS_QUERY = `
  SELECT id, name AS eventid, ${QUEUE_FIELDS.objectId} AS objectid, ${QUEUE_FIELDS.created} AS created,
         ${QUEUE_FIELDS.settings} AS settings, NVL(${QUEUE_FIELDS.nextAttempt}, 0) AS nextattempt
  FROM ${QUEUE_RECORD}
  WHERE ${QUEUE_FIELDS.status} = ?
     OR (${QUEUE_FIELDS.status} = ? AND NVL(${QUEUE_FIELDS.claimedAt}, 0) < ?)
  ORDER BY id`;

export function pendingEventsParams(staleBefore: number): (string | number)[] {
  return [eventStatusValue('queued'), eventStatusValue('processing'), staleBefore];
}

/** Parses one row of PENDING_EVENTS_QUERY as Map/Reduce hands it over (`{values:[…]}`). */
export function pendingFromRow(values: readonly unknown[]): PendingEvent {
  const [queueId, eventId, objectId, created, settingsId, nextAttempt] = values;
  return {
    queueId: Number(queueId),
    eventId: String(eventId),
    objectId: String(objectId),
    created: Number(created),
    settingsId: Number(settingsId),
    nextAttempt: Number(nextAttempt ?? 0),
  };
}

/** Whether an earlier event of the same Stripe object still waits: it must be applied first. */
export function hasEarlierPending(objectId: string, queueId: number): boolean {
  const rows = query
    .runSuiteQL({
      query: `SELECT COUNT(*) AS waiting FROM ${QUEUE_RECORD} WHERE ${QUEUE_FIELDS.objectId} = ? AND id < ? AND ${QUEUE_FIELDS.status} IN (?, ?)`,
      params: [objectId, queueId, eventStatusValue('queued'), eventStatusValue('processing')],
    })
    .asMappedResults();
  return Number(rows[0]?.['waiting'] ?? 0) > 0;
}

/** Puts parked events back in the queue (an admin's "retry"). */
export function requeueParked(): number {
  return requeueParkedWhere('', []);
}

/** Puts the given parked events back in the queue (the console's Retry); returns how many were parked. */
export function requeueEvents(queueIds: readonly number[]): number {
  if (queueIds.length === 0) return 0;
  return requeueParkedWhere(` AND id IN (${queueIds.map(() => '?').join(', ')})`, queueIds);
}

/** Parked events (those `andWhere` selects) queued again with their attempts reset: one query, 2 units each. */
function requeueParkedWhere(andWhere: string, params: readonly number[]): number {
  const rows = query
    .runSuiteQL({
      query: `SELECT id FROM ${QUEUE_RECORD} WHERE ${QUEUE_FIELDS.status} = ?${andWhere}`,
      params: [eventStatusValue('parked'), ...params],
    })
    .asMappedResults();
  for (const row of rows) {
    record.submitFields({
      type: QUEUE_RECORD,
      id: Number(row['id']),
      values: {
        [QUEUE_FIELDS.status]: eventStatusValue('queued'),
        [QUEUE_FIELDS.attempts]: 0,
        [QUEUE_FIELDS.nextAttempt]: 0,
      },
    });
  }
  return rows.length;
}

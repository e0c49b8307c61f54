import log = require('N/log');
import query = require('N/query');
import record = require('N/record');
import { parkedDigest, type ParkedEvent } from '../alerts/parkedDigest';
import { leaseDecision } from '../events/leases';
import { interruptedText } from '../events/processor';
import type { ConnectorSettings } from '../settings';
import { fitText } from '../text';
import { eventStatusValue, QUEUE_FIELDS, QUEUE_RECORD, TEXT_AREA_BYTES } from './eventQueue';
import { tellAdmin } from './notify';
import { loadSettings } from './settingsStore';

/** Parked events named in one run's emails: beyond this they are counted and named by the next run. */
export const PARKED_PER_RUN = 200;
const DEFAULT_MAX_ATTEMPTS = 8;

function settingsOf(cache: Map<number, ConnectorSettings | null>, id: number): ConnectorSettings | null {
  if (!cache.has(id)) {
    try {
      cache.set(id, loadSettings(id));
    } catch (error) {
      // An invalid settings record must not keep an event stuck: the defaults apply, and the log says why.
      log.error({ title: `Stripe settings ${id} unreadable`, details: error });
      cache.set(id, null);
    }
  }
  return cache.get(id) ?? null;
}

/**
 * Events left `processing` past their lease (their invocation died) go back to the queue with a note, or are
 * parked after their last attempt (events/leases.ts): one SuiteQL, a submitFields (2 units) per event.
 * Returns how many of each.
 */
export function requeueExpiredLeases(now: number): { requeued: number; parked: number } {
  const rows = query
    .runSuiteQL({
      query: `SELECT id, ${QUEUE_FIELDS.settings} AS settings, NVL(${QUEUE_FIELDS.attempts}, 0) AS attempts,
                     NVL(${QUEUE_FIELDS.claimedAt}, 0) AS claimedat
              FROM ${QUEUE_RECORD} WHERE ${QUEUE_FIELDS.status} = ? ORDER BY id`,
      params: [eventStatusValue('processing')],
    })
    .asMappedResults();
  const settings = new Map<number, ConnectorSettings | null>();
  const counts = { requeued: 0, parked: 0 };
  for (const row of rows) {
    const attempts = Number(row['attempts']);
    const max = settingsOf(settings, Number(row['settings']))?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const decision = leaseDecision({ claimedAt: Number(row['claimedat']), attempts }, now, max);
    if (decision.action === 'keep') continue;
    const values =
      decision.action === 'requeue'
        ? {
            [QUEUE_FIELDS.status]: eventStatusValue('queued'),
            [QUEUE_FIELDS.nextAttempt]: 0,
            [QUEUE_FIELDS.note]: fitText(decision.note, TEXT_AREA_BYTES).text,
            [QUEUE_FIELDS.error]: fitText(interruptedText(attempts), TEXT_AREA_BYTES).text,
          }
        : {
            [QUEUE_FIELDS.status]: eventStatusValue('parked'),
            [QUEUE_FIELDS.adminTold]: '',
            [QUEUE_FIELDS.error]: fitText(decision.error, TEXT_AREA_BYTES).text,
          };
    record.submitFields({ type: QUEUE_RECORD, id: Number(row['id']), values });
    counts[decision.action === 'requeue' ? 'requeued' : 'parked'] += 1;
  }
  return counts;
}

/**
 * Tells the admin about every parked event not told yet: one email per settings record (its Notify Email)
 * naming them all, then Admin Told At on each, so an event is named once per parking. One SuiteQL, 20 units
 * per email, 2 per event. Returns the events named.
 */
export function tellParkedEvents(now: number): number {
  const rows = query
    .runSuiteQL({
      query: `SELECT id, name AS eventid, ${QUEUE_FIELDS.type} AS type, ${QUEUE_FIELDS.settings} AS settings,
                     ${QUEUE_FIELDS.error} AS error
              FROM ${QUEUE_RECORD}
              WHERE ${QUEUE_FIELDS.status} = ? AND ${QUEUE_FIELDS.adminTold} IS NULL ORDER BY id`,
      params: [eventStatusValue('parked')],
    })
    .asMappedResults();
  const bySettings = new Map<number, { ids: number[]; parked: ParkedEvent[] }>();
  for (const row of rows.slice(0, PARKED_PER_RUN)) {
    const settingsId = Number(row['settings']);
    const group = bySettings.get(settingsId) ?? { ids: [], parked: [] };
    group.ids.push(Number(row['id']));
    group.parked.push({
      eventId: String(row['eventid']),
      type: String(row['type']),
      reason: String(row['error'] ?? ''),
    });
    bySettings.set(settingsId, group);
  }
  const more = Math.max(0, rows.length - PARKED_PER_RUN);
  const settings = new Map<number, ConnectorSettings | null>();
  for (const [settingsId, group] of bySettings) {
    const message = parkedDigest(group.parked, more);
    const forAccount = settingsOf(settings, settingsId);
    if (message && forAccount) tellAdmin(forAccount, message);
    for (const id of group.ids) {
      record.submitFields({ type: QUEUE_RECORD, id, values: { [QUEUE_FIELDS.adminTold]: now } });
    }
  }
  return rows.length - more;
}

/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */

import log = require('N/log');
import runtime = require('N/runtime');
import type { EntryPoints } from 'N/types';
import { inApplyOrder } from '../events/ordering';
import {
  PENDING_EVENTS_QUERY,
  pendingEventsParams,
  STALE_CLAIM_SECONDS,
  pendingFromRow,
  requeueParked,
  type PendingEvent,
} from '../netsuite/eventQueue';
import { applyQueuedEvent, nowSeconds, REALTIME_RESERVE_UNITS, requestQueueRun } from '../netsuite/eventProcessing';
import { requeueExpiredLeases, tellParkedEvents } from '../netsuite/eventAlerts';
import { loadSettings } from '../netsuite/settingsStore';
import { markQueueRun } from '../netsuite/consoleData';
import type { ConnectorSettings } from '../settings';
import { flushWriteBacks, settingsWithPendingWriteBacks } from '../netsuite/writeBackQueue';

/** Drains the event queue: one reduce key per Stripe object, so one object's events apply in order. */
export const getInputData: EntryPoints.MapReduce.getInputData = () => {
  if (runtime.getCurrentScript().getParameter({ name: 'custscript_snc_queue_retry_parked' }) === true) {
    log.audit({ title: 'Requeued parked events', details: String(requeueParked()) });
  }
  const leases = requeueExpiredLeases(nowSeconds());
  if (leases.requeued + leases.parked > 0)
    log.audit({ title: 'Expired processing leases', details: JSON.stringify(leases) });
  return {
    type: 'suiteql',
    query: PENDING_EVENTS_QUERY,
    params: pendingEventsParams(nowSeconds() - STALE_CLAIM_SECONDS),
  };
};

export const map: EntryPoints.MapReduce.map = (context) => {
  const pending = pendingFromRow((JSON.parse(context.value) as { values: unknown[] }).values);
  context.write({ key: pending.objectId, value: JSON.stringify(pending) });
};

export const reduce: EntryPoints.MapReduce.reduce = (context) => {
  const events = inApplyOrder(context.values.map((value) => JSON.parse(value) as PendingEvent));
  const settings = new Map<number, ConnectorSettings>();
  const now = nowSeconds();
  for (const pending of events) {
    // An earlier event waiting for its retry holds back the later ones of the same object.
    if (pending.nextAttempt > now) break;
    if (runtime.getCurrentScript().getRemainingUsage() < REALTIME_RESERVE_UNITS) {
      context.write({ key: 'deferred', value: pending.eventId });
      break;
    }
    let forEvent = settings.get(pending.settingsId);
    if (!forEvent) settings.set(pending.settingsId, (forEvent = loadSettings(pending.settingsId)));
    const outcome = applyQueuedEvent(pending.queueId, forEvent);
    // Claimed by another invocation: it applies this one and the ones after it.
    if (outcome === null) break;
    context.write({ key: outcome.status, value: pending.eventId });
    if (outcome.status === 'retry') break;
  }
};

/**
 * NetSuite IDs queued for Stripe metadata while events were booked, sent after the bookings were saved; a
 * failure is logged and left for the next run, never undoing a booking.
 */
function sendWriteBacks(): void {
  try {
    for (const settingsId of settingsWithPendingWriteBacks()) {
      const sent = flushWriteBacks(loadSettings(settingsId));
      if (sent.written + sent.failed > 0 || sent.stoppedBy !== null)
        log.audit({ title: 'Stripe metadata write-backs', details: JSON.stringify({ settingsId, ...sent }) });
    }
  } catch (error) {
    log.error({ title: 'Stripe metadata write-backs failed', details: String(error) });
  }
}

export const summarize: EntryPoints.MapReduce.summarize = (summary) => {
  const counts: Record<string, number> = {};
  summary.output.iterator().each((key) => {
    counts[key] = (counts[key] ?? 0) + 1;
    return true;
  });
  summary.reduceSummary.errors.iterator().each((key, error) => {
    log.error({ title: `Queue processing failed for ${key}`, details: error });
    return true;
  });
  log.audit({ title: 'Stripe event queue', details: JSON.stringify(counts) });
  sendWriteBacks();
  // The console's "last Map/Reduce run" (SuiteQL's scheduledscriptinstance is not modelled by the emulator).
  markQueueRun(nowSeconds());
  // One email for the run, naming every event parked in it (and any parked elsewhere since the last run).
  tellParkedEvents(nowSeconds());
  // Events left for lack of governance: run again rather than wait for the schedule.
  if ((counts['deferred'] ?? 0) > 0) requestQueueRun();
};

import runtime = require('N/runtime');
import task = require('N/task');
import { bookingHandlers } from '../events/handlers';
import { processEvent, type ProcessOutcome } from '../events/processor';
import { errorName } from '../netsuiteErrors';
import type { ConnectorSettings } from '../settings';
import type { Envelope } from '../webhooks/envelope';
import { receiveEvent, type StoreResult } from '../webhooks/intake';
import { claimEvent, hasEarlierPending, queueOutcomes, storeEvent } from './eventQueue';
import { logParked } from './notify';
import { netSuiteBooks } from './bookingRecords';
import { payoutHandler } from './payoutDeposits';
import { readSettings } from './settingsStore';
import { stripeReaderFor } from './stripeReader';
import { hmacWithSecret } from './signingSecret';
import { queueWriteBacks } from './writeBackQueue';

/**
 * The booking flows installed, by the handler key the event table names. Until a flow is here its events
 * stay queued with the reason and are retried, then parked for an admin.
 */
const HANDLERS = { ...bookingHandlers(netSuiteBooks), payout: payoutHandler };

export const QUEUE_SCRIPT = 'customscript_snc_event_queue_mr';
/** The on-demand deployment (NOTSCHEDULED: only those can be submitted by N/task). */
export const QUEUE_ON_DEMAND_DEPLOYMENT = 'customdeploy_snc_event_queue_now';
/** Units a realtime RESTlet keeps in hand before it processes an event itself (a booking flow's budget). */
export const REALTIME_RESERVE_UNITS = 1000;

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Claims and applies one queued event; parks it after its last attempt (the admin is told by the next queue run). */
export function applyQueuedEvent(queueId: number, settings: ConnectorSettings): ProcessOutcome | null {
  const now = nowSeconds();
  const claimed = claimEvent(queueId, now);
  if (!claimed) return null;
  const outcome = processEvent(claimed, {
    handlers: HANDLERS,
    outcomes: queueOutcomes,
    context: {
      settings,
      stripe: stripeReaderFor(settings),
      queueWriteBacks: (items) => queueWriteBacks(settings.id, items),
    },
    now,
  });
  if (outcome.status === 'parked') logParked(claimed.eventId, claimed.type, outcome.error);
  return outcome;
}

/** Asks the queue Map/Reduce to run now; an instance already queued or running will pick the event up. */
export function requestQueueRun(): boolean {
  try {
    task
      .create({ taskType: task.TaskType.MAP_REDUCE, scriptId: QUEUE_SCRIPT, deploymentId: QUEUE_ON_DEMAND_DEPLOYMENT })
      .submit();
    return true;
  } catch (error) {
    if (
      ['MAP_REDUCE_ALREADY_RUNNING', 'FAILED_TO_SUBMIT_JOB_REQUEST_1', 'NO_DEPLOYMENTS_AVAILABLE'].includes(
        errorName(error),
      )
    )
      return false;
    throw error;
  }
}

export interface DeliveryResult {
  status: StoreResult['status'];
  eventId: string;
  type: string;
  /** Realtime mode: what processing did ('queued' when left to the Map/Reduce). */
  processing?: string;
}

/**
 * A webhook delivery as the RESTlet and the Suitelet receive it: verify, store once, and in realtime
 * mode apply it at once when governance allows and no earlier event of the same object waits.
 */
export function acceptDelivery(envelope: Envelope, settingsId: number): DeliveryResult {
  const read = readSettings(settingsId);
  const settings = read.ingress;
  const { result, event } = receiveEvent(envelope, {
    settings,
    hmacHex: hmacWithSecret(settings.webhookSecretName),
    now: nowSeconds,
    store: (received) => storeEvent(received, settings.id),
  });
  const answer: DeliveryResult = { status: result.status, eventId: event.eventId, type: event.type };
  if (result.status !== 'stored' || settings.processingMode !== 'realtime') return answer;
  const remaining = runtime.getCurrentScript().getRemainingUsage();
  if (remaining < REALTIME_RESERVE_UNITS || hasEarlierPending(event.objectId, result.queueId)) {
    requestQueueRun();
    answer.processing = 'queued';
    return answer;
  }
  const outcome = applyQueuedEvent(result.queueId, read.full());
  answer.processing = outcome?.status ?? 'queued';
  return answer;
}

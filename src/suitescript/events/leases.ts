import { interruptedText } from './processor';

/**
 * How long a claim on a queue event holds. The longest invocation that can hold one is a Map/Reduce reduce,
 * stopped by NetSuite after 900 s (a RESTlet after about 300 s), and each event is claimed afresh inside it:
 * a claim older than this belongs to an invocation that died (usage or time limit, a restart).
 */
export const PROCESSING_LEASE_SECONDS = 15 * 60;

/** A queue event left `processing`: its claim time and the attempts it has counted. */
export interface ClaimedRow {
  claimedAt: number;
  attempts: number;
}

export type LeaseDecision =
  { action: 'keep' } | { action: 'requeue'; note: string } | { action: 'park'; error: string };

function when(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * What the next queue run does with an event left `processing`: nothing while its lease holds; after it, the
 * event goes back to the queue with a note, unless it has used its attempts (each lease that ran out counted
 * one): then it is parked with the reason, so an event that kills its invocation every time is never retried
 * forever nor stuck silently.
 */
export function leaseDecision(
  row: ClaimedRow,
  now: number,
  maxAttempts: number,
  leaseSeconds = PROCESSING_LEASE_SECONDS,
): LeaseDecision {
  if (now - row.claimedAt <= leaseSeconds) return { action: 'keep' };
  const minutes = Math.round(leaseSeconds / 60);
  const lost = `attempt ${row.attempts} was claimed at ${when(row.claimedAt)} and never finished within the ${minutes}-minute lease (its script was stopped: usually NetSuite's usage limit, SSS_USAGE_LIMIT_EXCEEDED, or time limit)`;
  if (row.attempts >= maxAttempts) {
    return {
      action: 'park',
      error: `SNC_LEASE_EXPIRED: ${interruptedText(row.attempts)} Parked after ${row.attempts} attempts, the last of which ${lost.replace(/^attempt \d+ /, '')}. Find what stops it in the queue script's execution log, then set the event back to queued.`,
    };
  }
  return { action: 'requeue', note: `Requeued at ${when(now)}: ${lost}.` };
}

/** A queued event as the queue processor sees it. */
export interface QueuedEventRef {
  /** Internal ID of the queue record. */
  queueId: number;
  eventId: string;
  /** Stripe's `created` (whole seconds: ties happen). */
  created: number;
}

/**
 * The order in which one Stripe object's events are applied: by Stripe's `created`, then by the order
 * NetSuite stored them (internal ID) for events created in the same second.
 */
export function inApplyOrder<T extends QueuedEventRef>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => a.created - b.created || a.queueId - b.queueId);
}

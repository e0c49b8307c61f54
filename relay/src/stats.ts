import type { Outcome } from './core';

/** What an outcome counts as: the counts the health endpoint and the periodic summary show. */
export type CountKey = 'delivered' | 'refused' | 'retried' | 'rejected' | 'failed';

const KIND: Partial<Record<Outcome, CountKey>> = {
  forwarded: 'delivered',
  // Signature refusals: nothing was forwarded.
  missing_signature: 'refused',
  invalid_signature: 'refused',
  stale_signature: 'refused',
  // Answered 503: Stripe redelivers later.
  queue_timeout: 'retried',
  netsuite_busy: 'retried',
  netsuite_timeout: 'retried',
  netsuite_unreachable: 'retried',
  netsuite_auth_failed: 'retried',
  netsuite_error: 'retried',
  // Answered 502: Stripe redelivers, but an administrator has to fix the NetSuite side first.
  restlet_rejected: 'rejected',
  restlet_unexpected: 'rejected',
  body_too_large: 'failed',
  relay_error: 'failed',
};

export type Level = 'info' | 'warn' | 'error';

/** A short human text and a level for each outcome's log line. */
export const DESCRIPTIONS: Record<Outcome, { level: Level; msg: string }> = {
  forwarded: { level: 'info', msg: 'delivered to NetSuite' },
  health: { level: 'info', msg: 'health check' },
  not_found: { level: 'warn', msg: 'unknown path' },
  method_not_allowed: { level: 'warn', msg: 'method not allowed' },
  body_too_large: { level: 'warn', msg: 'body over RELAY_MAX_BODY_BYTES, refused' },
  missing_signature: { level: 'warn', msg: 'refused: no Stripe-Signature header' },
  invalid_signature: { level: 'warn', msg: 'refused: Stripe-Signature does not match any configured secret' },
  stale_signature: { level: 'warn', msg: 'refused: Stripe-Signature timestamp outside the tolerance' },
  queue_timeout: { level: 'warn', msg: 'no free NetSuite slot in time; Stripe will retry' },
  netsuite_busy: { level: 'warn', msg: 'NetSuite concurrency limit; Stripe will retry' },
  netsuite_timeout: { level: 'warn', msg: 'NetSuite did not answer in time; Stripe will retry' },
  netsuite_unreachable: { level: 'warn', msg: 'NetSuite unreachable; Stripe will retry' },
  netsuite_auth_failed: { level: 'error', msg: 'no NetSuite access token; Stripe will retry' },
  netsuite_error: { level: 'warn', msg: 'NetSuite server error; Stripe will retry' },
  restlet_rejected: { level: 'error', msg: 'the RESTlet refused the call; fix the NetSuite side' },
  restlet_unexpected: { level: 'error', msg: 'unexpected RESTlet answer' },
  relay_error: { level: 'error', msg: 'relay bug' },
};

export type Counts = Record<CountKey, number>;

export interface StatsSnapshot {
  counts: Counts;
  /** ISO time of the last event NetSuite stored (or reported a duplicate); null before the first. */
  lastDeliveryAt: string | null;
}

/** Counts by kind since start, and the time of the last delivery. Lives in memory only. */
export class DeliveryStats {
  private readonly counts: Counts = { delivered: 0, refused: 0, retried: 0, rejected: 0, failed: 0 };
  private lastDelivery: number | null = null;

  record(outcome: Outcome, atMs: number): void {
    const kind = KIND[outcome];
    if (kind) this.counts[kind]++;
    if (kind === 'delivered') this.lastDelivery = atMs;
  }

  snapshot(): StatsSnapshot {
    return {
      counts: { ...this.counts },
      lastDeliveryAt: this.lastDelivery === null ? null : new Date(this.lastDelivery).toISOString(),
    };
  }
}

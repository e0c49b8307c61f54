import type { StripeEvent } from '../booking/stripeShapes';
import type { ConnectorSettings } from '../settings';
import type { StripeReader } from '../stripe/reader';
import { blockedObjectId, blockedText } from '../booking/metadataControl';
import type { WriteBack } from '../booking/writeBacks';
import { dispositionOf, type HandlerKey } from './eventTable';
import { afterFailure, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';

/** A queue record claimed for processing. */
export interface ClaimedEvent {
  queueId: number;
  eventId: string;
  type: string;
  payload: string;
  /** Attempts before this one. */
  attempts: number;
  /** The previous attempt was claimed but never recorded an outcome (its invocation died). */
  interrupted?: boolean;
}

/** Why an attempt left no outcome: what NetSuite does to an invocation that runs out of units or time. */
export function interruptedText(attempts: number): string {
  return (
    `Attempt ${attempts} did not finish: its script was stopped before it recorded an outcome ` +
    "(usually NetSuite's usage limit, SSS_USAGE_LIMIT_EXCEEDED, or time limit)."
  );
}

export interface HandlerContext {
  settings: ConnectorSettings;
  /** Stripe's API, for the current state of the objects an event names. */
  stripe: StripeReader;
  /** Queues NetSuite IDs to write to Stripe metadata after booking (setting "Write NetSuite IDs to Stripe"). */
  queueWriteBacks?: (items: readonly WriteBack[]) => void;
}

/** Books one event; returns a short note for the queue record (what it created or found). */
export type EventHandler = (event: StripeEvent, context: HandlerContext) => string;
export type HandlerRegistry = Partial<Record<HandlerKey, EventHandler>>;

export type FinalStatus = 'done' | 'no_action' | 'unhandled';

/** Writes outcomes to the queue record. */
export interface QueueOutcomes {
  finish(queueId: number, status: FinalStatus, note: string, attempts: number): void;
  retryLater(queueId: number, attempts: number, nextAttemptAt: number, error: string): void;
  park(queueId: number, attempts: number, error: string): void;
}

export type ProcessOutcome =
  | { status: FinalStatus; note: string }
  | { status: 'retry'; error: string; nextAttemptAt: number }
  | { status: 'parked'; error: string };

export class HandlerMissingError extends Error {
  readonly code = 'SNC_HANDLER_NOT_AVAILABLE';
}

function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const name = 'name' in error && typeof error.name === 'string' ? `${error.name}: ` : '';
    return `${name}${String((error as { message: unknown }).message)}`;
  }
  return String(error);
}

/**
 * A failure that is an answer: the event needs no NetSuite action (a Stripe object blocked by metadata, found
 * while booking). The event finishes `no_action` with its message instead of being retried.
 */
function isNoAction(error: unknown): error is Error {
  return error instanceof Error && (error as { noAction?: unknown }).noAction === true;
}

/** The connected account a Connect event belongs to, when it is not the settings' own account. */
function connectedAccountOf(payload: string, ownAccount: string): string | null {
  const account = (JSON.parse(payload) as { account?: unknown }).account;
  return typeof account === 'string' && account !== ownAccount ? account : null;
}

/**
 * Applies one claimed event: the event table decides; a handler books it. A failure is kept on the record
 * with its attempt count and next retry time, or parks the event after the last attempt.
 */
export function processEvent(
  claimed: ClaimedEvent,
  deps: {
    handlers: HandlerRegistry;
    outcomes: QueueOutcomes;
    context: HandlerContext;
    now: number;
    policy?: RetryPolicy;
  },
): ProcessOutcome {
  const maxAttempts = deps.context.settings.maxAttempts;
  // Attempts that died unrecorded count too: after the last one the event is parked, not run again.
  if (claimed.interrupted && claimed.attempts >= maxAttempts) {
    const text = interruptedText(claimed.attempts);
    deps.outcomes.park(claimed.queueId, claimed.attempts, text);
    return { status: 'parked', error: text };
  }
  const attempts = claimed.attempts + 1;
  const connected = connectedAccountOf(claimed.payload, deps.context.settings.stripeAccountId);
  if (connected !== null) {
    const note = `Connected account ${connected}: not booked. The connector books its own account's events; connected accounts' payouts are not translated (seed tables, payout.created).`;
    deps.outcomes.finish(claimed.queueId, 'no_action', note, attempts);
    return { status: 'no_action', note };
  }
  const disposition = dispositionOf(claimed.type, deps.context.settings.booking);
  if (disposition.action !== 'handle') {
    const observer = disposition.action === 'none' && disposition.observer ? deps.handlers[disposition.observer] : null;
    if (observer) {
      try {
        observer(JSON.parse(claimed.payload) as StripeEvent, deps.context);
      } catch {
        // Only a saving for later events is lost.
      }
    }
    const status = disposition.action === 'none' ? 'no_action' : 'unhandled';
    deps.outcomes.finish(claimed.queueId, status, disposition.reason, attempts);
    return { status, note: disposition.reason };
  }
  // netsuite_block_integration on the event's own object (Stripe docs, "Custom payment application").
  const blocked = blockedObjectId((JSON.parse(claimed.payload) as Partial<StripeEvent>).data?.object);
  if (blocked !== null) {
    const note = `Not booked: ${blockedText(blocked)}`;
    deps.outcomes.finish(claimed.queueId, 'no_action', note, attempts);
    return { status: 'no_action', note };
  }
  try {
    const handler = deps.handlers[disposition.handler];
    if (!handler) {
      throw new HandlerMissingError(
        `The ${disposition.handler} booking flow is not installed in this version of the connector`,
      );
    }
    const note = handler(JSON.parse(claimed.payload) as StripeEvent, deps.context);
    deps.outcomes.finish(claimed.queueId, 'done', note, attempts);
    return { status: 'done', note };
  } catch (error) {
    if (isNoAction(error)) {
      const note = `Not booked: ${error.message}`;
      deps.outcomes.finish(claimed.queueId, 'no_action', note, attempts);
      return { status: 'no_action', note };
    }
    const text = errorText(error);
    const policy = { ...(deps.policy ?? DEFAULT_RETRY_POLICY), maxAttempts };
    const next = afterFailure(attempts, deps.now, policy);
    if (next.park) {
      deps.outcomes.park(claimed.queueId, attempts, text);
      return { status: 'parked', error: text };
    }
    deps.outcomes.retryLater(claimed.queueId, attempts, next.nextAttemptAt, text);
    return { status: 'retry', error: text, nextAttemptAt: next.nextAttemptAt };
  }
}

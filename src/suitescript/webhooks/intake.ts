import type { StripeEvent } from '../booking/stripeShapes';
import type { IngressSettings } from '../settings';
import type { Envelope } from './envelope';
import { withoutCardDetails } from './cardDetails';
import { verifyStripeSignature } from './signature';

/** What the queue record of a received event holds. */
export interface ReceivedEvent {
  eventId: string;
  type: string;
  /** The ID of the Stripe object the event is about (its events are applied in order). */
  objectId: string;
  objectType: string;
  created: number;
  livemode: boolean;
  payload: string;
}

export type StoreResult = { status: 'stored'; queueId: number } | { status: 'duplicate' };

export interface IntakeDeps {
  settings: IngressSettings;
  /** Lower-case hex HMAC-SHA256 with the endpoint secret (N/crypto in NetSuite). */
  hmacHex: (signedPayload: string) => string;
  /** Unix seconds. */
  now: () => number;
  store: (event: ReceivedEvent) => StoreResult;
}

export class IntakeError extends Error {
  constructor(
    readonly code: 'SNC_SIGNATURE_INVALID' | 'SNC_INVALID_EVENT' | 'SNC_LIVEMODE_MISMATCH',
    message: string,
  ) {
    super(message);
  }
}

function describe(payload: string): { event: ReceivedEvent } {
  let event: Partial<StripeEvent>;
  try {
    event = JSON.parse(payload) as typeof event;
  } catch {
    throw new IntakeError('SNC_INVALID_EVENT', 'The signed payload is not JSON');
  }
  // `null` and other JSON that is no object are not events (and have no fields to read).
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw new IntakeError('SNC_INVALID_EVENT', 'The signed payload is not a Stripe event (not a JSON object)');
  }
  const data = event.data as { object?: { id?: unknown; object?: unknown } | null } | null | undefined;
  const object = data !== null && typeof data === 'object' ? data.object : undefined;
  if (
    typeof event.id !== 'string' ||
    !event.id.startsWith('evt_') ||
    typeof event.type !== 'string' ||
    // Stripe's `created` is whole Unix seconds; the queue keeps it in an Integer field.
    typeof event.created !== 'number' ||
    !Number.isSafeInteger(event.created) ||
    event.created < 0 ||
    typeof event.livemode !== 'boolean' ||
    object === null ||
    typeof object !== 'object' ||
    typeof object.object !== 'string'
  ) {
    throw new IntakeError(
      'SNC_INVALID_EVENT',
      'The signed payload is not a Stripe event (id, type, created in whole seconds, livemode, data.object)',
    );
  }
  // Some objects (balance) have no ID: they are ordered as one stream per object type.
  const objectId = typeof object.id === 'string' ? object.id : object.object;
  return {
    event: {
      eventId: event.id,
      type: event.type,
      objectId,
      objectType: object.object,
      created: event.created,
      livemode: event.livemode,
      // Card details are never stored (cardDetails.ts); anything else is kept as signed.
      payload: withoutCardDetails(payload),
    },
  };
}

/**
 * The queue record of an event read from Stripe's API rather than delivered (the catch-up of missed webhooks):
 * the same checks and fields as a delivery, so both store one record per event ID.
 */
export function receivedEventOf(payload: string): ReceivedEvent {
  return describe(payload).event;
}

/**
 * Verifies a delivered event and stores it once: the signature (with the account's endpoint secret),
 * then livemode against the settings. Nothing is written unless every check passes. Events of connected
 * accounts (a Connect endpoint's `account`) are stored too, and left alone by the queue (events/processor.ts).
 */
export function receiveEvent(envelope: Envelope, deps: IntakeDeps): { result: StoreResult; event: ReceivedEvent } {
  const check = verifyStripeSignature({
    payload: envelope.payload,
    header: envelope.signature,
    hmacHex: deps.hmacHex,
    now: deps.now(),
    toleranceSeconds: deps.settings.signatureToleranceSeconds,
  });
  if (!check.ok) throw new IntakeError('SNC_SIGNATURE_INVALID', `Stripe signature check failed: ${check.reason}`);
  const { event } = describe(envelope.payload);
  if (event.livemode !== deps.settings.livemode) {
    throw new IntakeError(
      'SNC_LIVEMODE_MISMATCH',
      `A ${event.livemode ? 'live' : 'test'} mode event reached settings ${deps.settings.id}, which books ${deps.settings.livemode ? 'live' : 'test'} mode`,
    );
  }
  return { result: deps.store(event), event };
}

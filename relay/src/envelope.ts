/**
 * The relay → RESTlet body. A RESTlet sees no headers and no raw body unless it is sent as text, so the relay
 * posts `Content-Type: text/plain` with exactly `JSON.stringify({ v: 1, signature, payload })`: `signature` is
 * Stripe's `Stripe-Signature` header, `payload` the raw webhook body as a UTF-8 string (byte-for-byte what
 * Stripe signed, so the RESTlet can verify the signature again).
 */
export interface Envelope {
  v: 1;
  signature: string;
  payload: string;
}

export const ENVELOPE_VERSION = 1;

export class EnvelopeError extends Error {
  readonly code = 'SNC_INVALID_ENVELOPE';
}

/** Serialises the envelope; key order is fixed (v, signature, payload). */
export function buildEnvelope(signature: string, payload: string): string {
  const envelope: Envelope = { v: ENVELOPE_VERSION, signature, payload };
  return JSON.stringify(envelope);
}

/** Parses an envelope the way the RESTlet does: `v` must be 1, `signature` and `payload` strings. */
export function parseEnvelope(text: string): Envelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EnvelopeError('The envelope is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new EnvelopeError('The envelope must be a JSON object');
  }
  const { v, signature, payload } = parsed as Record<string, unknown>;
  if (v !== ENVELOPE_VERSION) throw new EnvelopeError(`Unsupported envelope version ${JSON.stringify(v)} (expected 1)`);
  if (typeof signature !== 'string') throw new EnvelopeError('The envelope has no signature string');
  if (typeof payload !== 'string') throw new EnvelopeError('The envelope has no payload string');
  return { v: ENVELOPE_VERSION, signature, payload };
}

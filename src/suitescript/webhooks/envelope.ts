/**
 * The relay's envelope: a RESTlet sees no headers, so the relay sends `Content-Type: text/plain` with the
 * body `{"v":1,"signature":"<Stripe-Signature>","payload":"<raw body>"}` (relay/src/envelope.ts writes it).
 */
export interface Envelope {
  signature: string;
  payload: string;
}

export class EnvelopeError extends Error {
  readonly code = 'SNC_INVALID_ENVELOPE';
}

export function parseEnvelope(body: unknown): Envelope {
  if (typeof body !== 'string')
    throw new EnvelopeError('The request body must be the relay envelope sent as text/plain');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new EnvelopeError('The request body is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object') throw new EnvelopeError('The envelope must be a JSON object');
  const { v, signature, payload } = parsed as Record<string, unknown>;
  if (v !== 1) throw new EnvelopeError(`Unsupported envelope version ${JSON.stringify(v)} (expected 1)`);
  if (typeof signature !== 'string') throw new EnvelopeError('The envelope has no signature string');
  if (typeof payload !== 'string') throw new EnvelopeError('The envelope has no payload string');
  return { signature, payload };
}

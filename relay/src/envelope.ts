/**
 * The relay → RESTlet body. A RESTlet sees no headers and no raw body unless it is sent as text, so the relay
 * posts `Content-Type: text/plain` with exactly `JSON.stringify({ v: 1, signature, payload })`: `signature` is
 * Stripe's `Stripe-Signature` header, `payload` the raw webhook body as a UTF-8 string (byte-for-byte what
 * Stripe signed, so the RESTlet can verify the signature again). The RESTlet's parser is
 * src/suitescript/webhooks/envelope.ts; the relay's tests check its output with it.
 */
export interface Envelope {
  v: 1;
  signature: string;
  payload: string;
}

export const ENVELOPE_VERSION = 1;

/** Serialises the envelope; key order is fixed (v, signature, payload). */
export function buildEnvelope(signature: string, payload: string): string {
  const envelope: Envelope = { v: ENVELOPE_VERSION, signature, payload };
  return JSON.stringify(envelope);
}

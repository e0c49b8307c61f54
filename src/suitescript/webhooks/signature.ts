/**
 * Stripe webhook signatures (https://docs.stripe.com/webhooks/signature): header `t=<unix>,v1=<hex>[,v1=…]`,
 * signed string `${t}.${rawBody}`, HMAC-SHA256 keyed by the endpoint secret. Pure: the HMAC is computed by
 * the caller (N/crypto inside NetSuite), so this runs the same in tests and in the account.
 */

export interface SignatureHeader {
  timestamp: number;
  signatures: string[];
}

export type SignatureCheck =
  | { ok: true; timestamp: number }
  | {
      ok: false;
      reason:
        | 'missing_header'
        | 'malformed_header'
        | 'no_v1_signature'
        | 'no_matching_signature'
        | 'timestamp_too_old'
        | 'missing_payload';
    };

/** Parses the header as Stripe's libraries do: comma-separated `key=value` items, keys case-sensitive. */
export function parseSignatureHeader(header: string): SignatureHeader | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const item of header.split(',')) {
    const [key, value] = item.split('=');
    if (key === 't') timestamp = value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
    if (key === 'v1' && value !== undefined) signatures.push(value);
  }
  return timestamp === null ? null : { timestamp, signatures };
}

/** Compares in time independent of where the strings differ. */
export function constantTimeEquals(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export interface VerifyOptions {
  payload: string;
  header: string | null | undefined;
  /** Lower-case hex HMAC-SHA256 of the given string with the endpoint secret. */
  hmacHex: (signedPayload: string) => string;
  /** Current time, Unix seconds. */
  now: number;
  /** Maximum age of the signature in seconds (Stripe's default 300); 0 turns the check off. */
  toleranceSeconds: number;
}

/** Accepts exactly what `stripe.webhooks.constructEvent` accepts (future timestamps included, as it does). */
export function verifyStripeSignature(options: VerifyOptions): SignatureCheck {
  if (!options.payload) return { ok: false, reason: 'missing_payload' };
  if (!options.header) return { ok: false, reason: 'missing_header' };
  const parsed = parseSignatureHeader(options.header);
  if (!parsed) return { ok: false, reason: 'malformed_header' };
  if (parsed.signatures.length === 0) return { ok: false, reason: 'no_v1_signature' };
  const expected = options.hmacHex(`${parsed.timestamp}.${options.payload}`).toLowerCase();
  if (!parsed.signatures.some((signature) => constantTimeEquals(signature, expected))) {
    return { ok: false, reason: 'no_matching_signature' };
  }
  if (options.toleranceSeconds > 0 && options.now - parsed.timestamp > options.toleranceSeconds) {
    return { ok: false, reason: 'timestamp_too_old' };
  }
  return { ok: true, timestamp: parsed.timestamp };
}

/**
 * Estimates how far the relay's clock is off, from what it sees anyway:
 * - Stripe's `Stripe-Signature` `t=`: Stripe signs each delivery attempt when it sends it, so
 *   `now - t` = skew + network delay. The smallest of the recent samples has the least delay in it.
 *   Only timestamps of signatures that matched a secret are used, so a forged header cannot move the estimate.
 * - The HTTP `Date` header of NetSuite's answers (RFC 9110 §6.6.1, one-second resolution): the server stamped it
 *   between sending and receiving, so `midpoint - Date` is the skew within half the round trip and a second.
 * Positive = the relay's clock is ahead. stripe-node refuses a signature older than the tolerance
 * (`Timestamp outside the tolerance zone`), so a clock ahead by more than the tolerance refuses every delivery.
 */

/** Above this, the relay says loudly that its clock is off (issue 15: "more than a minute off"). */
export const CLOCK_SKEW_WARN_SECONDS = 60;
/** Samples kept per source. */
const WINDOW = 10;

export type SkewSource = 'stripe_signature' | 'netsuite_date';

export interface ClockReport {
  /** The larger (in magnitude) of the two estimates, whole seconds; null before any sample. */
  skewSeconds: number | null;
  source: SkewSource | null;
  stripeSkewSeconds: number | null;
  netsuiteSkewSeconds: number | null;
  warnAboveSeconds: number;
  off: boolean;
}

export class ClockWatch {
  private readonly stripe: number[] = [];
  private readonly netsuite: number[] = [];

  /** `t` of a signature that matched (Unix seconds), seen at `nowMs`. */
  observeSignature(t: number, nowMs: number): void {
    push(this.stripe, nowMs / 1000 - t);
  }

  /** A `Date` header answered to a request sent at `sentMs` and answered at `receivedMs`. */
  observeServerDate(date: string | undefined, sentMs: number, receivedMs: number): void {
    const server = date === undefined ? NaN : Date.parse(date);
    if (!Number.isFinite(server)) return;
    push(this.netsuite, (sentMs + receivedMs) / 2 / 1000 - server / 1000);
  }

  report(): ClockReport {
    const stripe = this.stripe.length > 0 ? Math.round(Math.min(...this.stripe)) : null;
    const netsuite = this.netsuite.length > 0 ? Math.round(this.netsuite[this.netsuite.length - 1] ?? 0) : null;
    let skewSeconds: number | null = null;
    let source: SkewSource | null = null;
    if (stripe !== null) [skewSeconds, source] = [stripe, 'stripe_signature'];
    if (netsuite !== null && (skewSeconds === null || Math.abs(netsuite) > Math.abs(skewSeconds))) {
      [skewSeconds, source] = [netsuite, 'netsuite_date'];
    }
    return {
      skewSeconds,
      source,
      stripeSkewSeconds: stripe,
      netsuiteSkewSeconds: netsuite,
      warnAboveSeconds: CLOCK_SKEW_WARN_SECONDS,
      off: skewSeconds !== null && Math.abs(skewSeconds) > CLOCK_SKEW_WARN_SECONDS,
    };
  }
}

function push(samples: number[], value: number): void {
  samples.push(value);
  if (samples.length > WINDOW) samples.shift();
}

/** The `t=` of a `Stripe-Signature` header (`t=…,v1=…`), or undefined. */
export function signatureTimestamp(header: string): number | undefined {
  for (const part of header.split(',')) {
    const [key, value] = part.split('=');
    if (key?.trim() === 't' && value !== undefined && /^\d{1,12}$/.test(value.trim())) return Number(value.trim());
  }
  return undefined;
}

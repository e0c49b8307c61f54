/**
 * What booking flows need from Stripe's API: read objects as they are now (events may be stale or out
 * of order, so flows converge on the current object). Implemented over N/https in netsuite/stripeApi.ts;
 * tests may pass a fake.
 */
export interface StripeReader {
  /** GET one object, e.g. `/v1/customers/cus_123`, with optional `expand`. */
  retrieve<T>(path: string, options?: { expand?: readonly string[] }): T;
  /** GET every item of a list, following `has_more`. */
  list<T>(
    path: string,
    params?: Readonly<Record<string, string | number | readonly string[]>>,
    options?: { maxItems?: number },
  ): T[];
  /** Keeps an object an event brought, for later `retrieve`s of `path` (readers without memory ignore it). */
  remember?(path: string, object: unknown): void;
}

/**
 * "Sync now" for one Stripe object: which object to read. The event it is booked as, and the synthetic event
 * queued for it, are shared with the historical import (events/syntheticEvents.ts).
 */
import type { SyncKind } from '../events/syntheticEvents';

export { fingerprint, syncEventType, syntheticEvent, SyncRefused, type SyncKind } from '../events/syntheticEvents';

export interface SyncTarget {
  kind: SyncKind;
  /** The API path of the object (`/v1/customers/cus_…`). */
  path: string;
}

const BY_PREFIX: Readonly<Record<string, { kind: SyncKind; resource: string }>> = {
  cus: { kind: 'customer', resource: 'customers' },
  in: { kind: 'invoice', resource: 'invoices' },
  ch: { kind: 'charge', resource: 'charges' },
  py: { kind: 'charge', resource: 'charges' },
  re: { kind: 'refund', resource: 'refunds' },
  dp: { kind: 'dispute', resource: 'disputes' },
  du: { kind: 'dispute', resource: 'disputes' },
  po: { kind: 'payout', resource: 'payouts' },
};

export function syncTarget(stripeId: string): SyncTarget | null {
  const found = BY_PREFIX[stripeId.split('_')[0] ?? ''];
  return found ? { kind: found.kind, path: `/v1/${found.resource}/${encodeURIComponent(stripeId)}` } : null;
}

/**
 * "Sync now" for one Stripe object: which object to read and the event it is booked as. The console queues
 * a synthetic event through the same queue and flows as a delivered one, so it books exactly as the event
 * would; flows read the current object from Stripe anyway, so the synthetic payload only routes it.
 */

export type SyncKind = 'customer' | 'invoice' | 'charge' | 'refund' | 'dispute' | 'payout';

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

export class SyncRefused extends Error {}

interface StripeObjectish {
  id?: unknown;
  object?: unknown;
  status?: unknown;
  livemode?: unknown;
}

/**
 * The event type a synthetic event of `object` gets: the event that books it in its current state.
 * Refunds are booked from their charge (`charge.refunded`), so a refund is synced as its charge's event.
 */
export function syncEventType(kind: SyncKind, object: StripeObjectish): string {
  const status = typeof object.status === 'string' ? object.status : '';
  switch (kind) {
    case 'customer':
      return 'customer.created';
    case 'invoice': {
      const byStatus: Record<string, string> = {
        open: 'invoice.finalized',
        paid: 'invoice.paid',
        void: 'invoice.voided',
        uncollectible: 'invoice.marked_uncollectible',
      };
      const type = byStatus[status];
      if (!type)
        throw new SyncRefused(
          `Invoice ${String(object.id)} is ${status || 'a draft'}: Stripe has not finalized it, nothing to book yet.`,
        );
      return type;
    }
    case 'charge':
      if (status !== 'succeeded') {
        throw new SyncRefused(`Charge ${String(object.id)} is ${status}: only successful payments are booked.`);
      }
      return 'charge.succeeded';
    case 'refund':
      return 'charge.refunded';
    case 'dispute':
      return 'charge.dispute.created';
    case 'payout':
      return status === 'paid' ? 'payout.paid' : status === 'failed' ? 'payout.failed' : 'payout.created';
  }
}

/** FNV-1a, 32 bits, hex: a short fingerprint of the object's state. */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The synthetic event's payload. Its ID is `evt_sync_<object>_<fingerprint of the object>`: pressing Sync now
 * twice on an unchanged object gives the same ID, which the queue stores once (external ID); a changed object
 * gives a new event, and the flows' external IDs keep what was booked from being booked again.
 */
export function syntheticEvent(type: string, object: StripeObjectish & Record<string, unknown>, now: number): string {
  const body = JSON.stringify(object);
  return JSON.stringify({
    id: `evt_sync_${String(object.id)}_${fingerprint(body)}`,
    object: 'event',
    type,
    created: now,
    livemode: object.livemode === true,
    // Marks the event as the console's, for whoever reads the queue record.
    request: { id: null, idempotency_key: 'netsuite-console-sync' },
    data: { object },
  });
}

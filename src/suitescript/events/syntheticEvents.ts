/**
 * Synthetic events: a Stripe object queued as the event that books it in its current state. The console's
 * "Sync now" and the historical import (backfill/historicalImport.ts) both queue them through the same queue
 * and flows as a delivered event, so an object books exactly as its event would; flows read the current object
 * from Stripe anyway, so the synthetic payload only routes it.
 */

export type SyncKind = 'customer' | 'invoice' | 'charge' | 'refund' | 'dispute' | 'payout';

export class SyncRefused extends Error {}

export interface StripeObjectish {
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

/**
 * The charge whose `charge.refunded` event books a refund (its `charge`, an ID or the expanded object); other
 * kinds are their own event's object (null).
 */
export function refundedChargeId(kind: SyncKind, object: Record<string, unknown>): string | null {
  if (kind !== 'refund') return null;
  const charge = object['charge'];
  const id = typeof charge === 'string' ? charge : (charge as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || id === '')
    throw new SyncRefused(`Refund ${String(object['id'])} has no charge: nothing to book.`);
  return id;
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

/** Who queued a synthetic event, for whoever reads the queue record (its `request.idempotency_key`). */
export type SyntheticOrigin = 'netsuite-console-sync' | 'netsuite-historical-import';

/**
 * The synthetic event's payload. Its ID is `evt_sync_<object>_<fingerprint of the event type and object>`:
 * the same object in the same state, queued as the same event (Sync now pressed twice, an import run again),
 * gives the same ID, which the queue stores once (external ID); a changed object gives a new event, and the
 * flows' external IDs keep what was booked from being booked again. The type is in the fingerprint because one
 * charge in one state is two events: `charge.succeeded` for its payment and `charge.refunded` for its refunds.
 */
export function syntheticEvent(
  type: string,
  object: StripeObjectish & Record<string, unknown>,
  now: number,
  origin: SyntheticOrigin = 'netsuite-console-sync',
): string {
  const body = JSON.stringify(object);
  return JSON.stringify({
    id: `evt_sync_${String(object.id)}_${fingerprint(`${type}\n${body}`)}`,
    object: 'event',
    type,
    created: now,
    livemode: object.livemode === true,
    request: { id: null, idempotency_key: origin },
    data: { object },
  });
}

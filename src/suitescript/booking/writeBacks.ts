import { recordsOf, type FlowOutcome, type RecordOutcome } from './flows/outcome';

/**
 * The NetSuite internal IDs written back to the Stripe objects' metadata (setting "Write NetSuite IDs to
 * Stripe"). Stripe's connector does the same: "When a Stripe record successfully syncs to NetSuite, the
 * NetSuite internal ID for the new record saves to the metadata of the Stripe record" (Stripe docs, "Stripe
 * and NetSuite fields and references"), with the keys of its table "Connector metadata keys" (Stripe docs,
 * "Custom payment application"): Customer `netsuite_customer_id`, Invoice `netsuite_invoice_id`, Price
 * `netsuite_service_sale_item_id` (and the other item keys by item type), Charge `netsuite_customer_payment_id`,
 * Refund `netsuite_customer_refund_id` and `netsuite_credit_memo_id`, Dispute `netsuite_customer_refund_id`,
 * Payout `netsuite_deposit_id`. Pure: netsuite/writeBackQueue.ts queues and sends them.
 */
export interface WriteBack {
  stripeId: string;
  key: string;
  /** The NetSuite internal ID, as text (metadata values are strings). */
  value: string;
}

/** Stripe ID prefix → the API path of its object type (the objects whose metadata Stripe lets us update). */
const PATHS: readonly (readonly [RegExp, string])[] = [
  [/^cus_/, 'customers'],
  [/^in_/, 'invoices'],
  [/^(ch|py)_/, 'charges'],
  [/^(re|pyr)_/, 'refunds'],
  [/^(dp|du)_/, 'disputes'],
  [/^price_/, 'prices'],
  [/^plan_/, 'plans'],
  [/^po_/, 'payouts'],
];

/** `POST /v1/<type>/<id>` updates an object's metadata; null for objects the connector does not write. */
export function stripeObjectType(stripeId: string): string | null {
  return PATHS.find(([prefix]) => prefix.test(stripeId))?.[1] ?? null;
}

/** The documented key for a record booked for a Stripe object of `type`; null when the table has none. */
const KEYS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  customers: { customer: 'netsuite_customer_id' },
  invoices: { invoice: 'netsuite_invoice_id' },
  charges: { customerpayment: 'netsuite_customer_payment_id' },
  refunds: { customerrefund: 'netsuite_customer_refund_id', creditmemo: 'netsuite_credit_memo_id' },
  disputes: { customerrefund: 'netsuite_customer_refund_id' },
  prices: {
    serviceitem: 'netsuite_service_sale_item_id',
    noninventoryitem: 'netsuite_non_inventory_sale_item_id',
    discountitem: 'netsuite_discount_item_id',
  },
  plans: { serviceitem: 'netsuite_service_sale_item_id' },
  payouts: { deposit: 'netsuite_deposit_id' },
};

export function writeBackKey(stripeId: string, recordType: string): string | null {
  const type = stripeObjectType(stripeId);
  return type === null ? null : (KEYS[type]?.[recordType] ?? null);
}

/**
 * Only records this run made or found by matching: a record `found` was written back when it was made (a
 * replay writes nothing twice); a `linked` one is what the object's own metadata already names; a `global`
 * one stands for no Stripe object.
 */
const WRITTEN_BACK: ReadonlySet<RecordOutcome['how']> = new Set(['created', 'matched']);

/** What to write back for a flow's outcome, once per Stripe object and key. */
export function writeBacksOf(outcome: FlowOutcome): WriteBack[] {
  const byKey = new Map<string, WriteBack>();
  for (const record of recordsOf(outcome)) {
    if (record.stripeId === null || !WRITTEN_BACK.has(record.how)) continue;
    const key = writeBackKey(record.stripeId, record.recordType);
    if (key === null) continue;
    byKey.set(`${record.stripeId}:${key}`, { stripeId: record.stripeId, key, value: String(record.id) });
  }
  return [...byKey.values()];
}

/**
 * The payout's deposit, written back when the deposit is made (the payout flow answers with text, not a
 * FlowOutcome): Stripe's table gives Payout `netsuite_deposit_id`, one key, so a payout split over several
 * deposits carries its first one's ID (the others share its external ID `<payout id>:<n>` and memo).
 */
export function depositWriteBack(payoutId: string, depositId: number, partIndex: number): WriteBack | null {
  const key = writeBackKey(payoutId, 'deposit');
  return key === null || partIndex !== 0 ? null : { stripeId: payoutId, key, value: String(depositId) };
}

/** One metadata update per Stripe object: its keys together, in the order queued. */
export function byStripeObject<T extends WriteBack>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.stripeId, [...(groups.get(item.stripeId) ?? []), item]);
  return groups;
}

/** Milliseconds between two requests so that at most `perSecond` start in any second. */
export function spacingMs(perSecond: number): number {
  return Math.ceil(1000 / Math.max(1, perSecond));
}

/** A write-back that failed this many times is given up (logged, kept as `failed` for an admin). */
export const WRITE_BACK_MAX_ATTEMPTS = 5;

/** Status of a queued write-back after a failed attempt (customlist_snc_writeback_status). */
export function afterWriteFailure(attempts: number): 'pending' | 'failed' {
  return attempts >= WRITE_BACK_MAX_ATTEMPTS ? 'failed' : 'pending';
}

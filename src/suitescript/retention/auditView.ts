/**
 * What an audit needs of a processed event, kept after the retention period: which event it was, about which
 * Stripe object, when, in which mode, for how much and with what status. Everything else of the payload goes:
 * names, emails, addresses, phone numbers, descriptions, metadata, payment method details, line items, and
 * `previous_attributes` (an update's old values, often an old email or address).
 */

/** The event's own keys kept: its identity, never the request (idempotency key) or delivery state. */
export const AUDIT_EVENT_KEYS: readonly string[] = [
  'id',
  'object',
  'api_version',
  'account',
  'created',
  'livemode',
  'type',
];

/** Keys of `data.object` kept when their value is a scalar: identity, time, mode, money and status. */
export const AUDIT_OBJECT_KEYS: readonly string[] = [
  'id',
  'object',
  'created',
  'livemode',
  'currency',
  'status',
  'paid',
  'refunded',
  'captured',
  'amount',
  'amount_captured',
  'amount_refunded',
  'amount_paid',
  'amount_due',
  'amount_remaining',
  'amount_received',
  'subtotal',
  'subtotal_excluding_tax',
  'total',
  'total_excluding_tax',
  'tax',
  'fee',
  'net',
  'application_fee_amount',
  'arrival_date',
  'reason',
  'reporting_category',
  'exchange_rate',
];

/** References to other Stripe objects, kept as their ID only (an expanded object is cut to its `id`). */
export const AUDIT_REFERENCE_KEYS: readonly string[] = [
  'customer',
  'invoice',
  'charge',
  'payment_intent',
  'subscription',
  'balance_transaction',
  'payout',
  'refund',
  'dispute',
  'credit_note',
  'price',
  'product',
  'order',
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isScalar(value: unknown): value is null | boolean | number | string {
  return value === null || ['boolean', 'number', 'string'].includes(typeof value);
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, Json> {
  const kept: Record<string, Json> = {};
  for (const key of keys) {
    const value = source[key];
    if (Object.prototype.hasOwnProperty.call(source, key) && isScalar(value)) kept[key] = value;
  }
  return kept;
}

function references(source: Record<string, unknown>): Record<string, Json> {
  const kept: Record<string, Json> = {};
  for (const key of AUDIT_REFERENCE_KEYS) {
    const value = source[key];
    if (typeof value === 'string' || value === null) kept[key] = value;
    else if (isObject(value) && typeof value['id'] === 'string') kept[key] = value['id'];
  }
  return kept;
}

/** The audit view of a Stripe event (parsed JSON): its identity, and of `data.object` the keys above only. */
export function auditView(event: unknown): Record<string, Json> {
  if (!isObject(event)) return {};
  const view = pick(event, AUDIT_EVENT_KEYS);
  const object = isObject(event['data']) ? event['data']['object'] : undefined;
  view['data'] = { object: isObject(object) ? { ...pick(object, AUDIT_OBJECT_KEYS), ...references(object) } : {} };
  return view;
}

/** The stored payload trimmed to its audit view; a payload that is no JSON is replaced by `{}`. */
export function auditPayload(payload: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    parsed = null;
  }
  return JSON.stringify(auditView(parsed));
}

/**
 * Lists Stripe embeds in an object only in part: the first 10 items, `has_more: true` and the `url` that pages
 * the rest. "When retrieving an invoice, you'll get a lines property containing the total count of line items
 * and the first handful of those items. There is also a URL where you can retrieve the full (paginated) list
 * of line items" (API reference, "Retrieve an invoice's line items"); the handful is 10 ("When you retrieve an
 * Invoice you only get 10 lines at most in `lines` by default", Stripe staff, stripe/stripe-php#1400).
 * Credit notes' `lines` and subscriptions' `items` are the same kind of list (their `url` pages them).
 */
export const EMBEDDED_LISTS: Readonly<Record<string, readonly string[]>> = {
  invoice: ['lines'],
  credit_note: ['lines'],
  subscription: ['items'],
};

/** How many items an embedded list shows. */
export const EMBEDDED_LIST_LIMIT = 10;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function capList(list: unknown): unknown {
  if (!isRecord(list) || list['object'] !== 'list' || !Array.isArray(list['data'])) return list;
  const data = list['data'] as unknown[];
  if (data.length <= EMBEDDED_LIST_LIMIT) return list;
  return { ...list, data: data.slice(0, EMBEDDED_LIST_LIMIT), has_more: true };
}

/**
 * A copy of `value` (a response or an event's object) whose embedded lists show what Stripe's do. `owner`
 * names the object type of `value` when it has no `object` of its own (an event's `previous_attributes`).
 */
export function capEmbeddedLists(value: unknown, owner?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => capEmbeddedLists(item));
  if (!isRecord(value)) return value;
  const capped = EMBEDDED_LISTS[String(value['object'] ?? owner)] ?? [];
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value))
    out[key] = capped.includes(key) ? capEmbeddedLists(capList(field)) : capEmbeddedLists(field);
  return out;
}

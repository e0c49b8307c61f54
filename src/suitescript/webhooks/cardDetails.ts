/**
 * Card details are never stored. A charge's `payment_method_details` (card brand, last four digits, expiry,
 * fingerprint, wallet, 3-D Secure outcome), a legacy `source` card and an expanded payment method carry them;
 * no booking flow reads them (a charge is booked from its amounts, customer and balance transaction), so the
 * queue keeps only the payment method's type. Other events' payloads are stored byte for byte as signed.
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value with card details removed, and whether anything was. */
function strip(value: unknown): { value: unknown; changed: boolean } {
  if (Array.isArray(value)) {
    const items = value.map(strip);
    return { value: items.map((i) => i.value), changed: items.some((i) => i.changed) };
  }
  if (!isObject(value)) return { value, changed: false };
  if (value['object'] === 'card') return { value: { id: value['id'] ?? null, object: 'card' }, changed: true };
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'payment_method_details' && isObject(inner)) {
      out[key] = { type: inner['type'] ?? null };
      changed = true;
    } else if (value['object'] === 'payment_method' && key !== 'type' && isObject(inner)) {
      // A payment method's per-type details (`card`, …) and `billing_details`.
      changed = true;
    } else {
      const stripped = strip(inner);
      out[key] = stripped.value;
      changed ||= stripped.changed;
    }
  }
  return { value: out, changed };
}

/** The payload to store: unchanged (the signed bytes) unless it held card details. */
export function withoutCardDetails(payload: string): string {
  const parsed: unknown = JSON.parse(payload);
  const stripped = strip(parsed);
  return stripped.changed ? JSON.stringify(stripped.value) : payload;
}

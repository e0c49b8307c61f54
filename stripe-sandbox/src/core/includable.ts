/**
 * Fields Stripe leaves out of an object unless a request asks for them with `expand[]` ("This field is not
 * included by default"), by object type. Webhook payloads never carry them.
 */
export const INCLUDABLE: Readonly<Record<string, readonly string[]>> = {
  invoice: ['payments'],
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of `value` without its includable fields, except where an `expand` path asks for one. */
export function withoutIncludable(value: unknown, expand: readonly string[] = [], at: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutIncludable(item, expand, at));
  if (!isRecord(value)) return value;
  const omit = INCLUDABLE[String(value['object'])] ?? [];
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const path = [...at, key];
    if (omit.includes(key) && !expand.includes(path.join('.'))) continue;
    out[key] = withoutIncludable(field, expand, path);
  }
  return out;
}

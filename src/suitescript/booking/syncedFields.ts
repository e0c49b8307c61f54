import type { AddressValues } from './ports';

/**
 * The optional updates (SuiteSync's `customer.updated` and `product.updated`): which NetSuite fields the
 * connector may overwrite with Stripe's values. A field is the connector's while NetSuite still holds what
 * the connector last wrote to it (or it never wrote it and the field is empty); once an admin changes it in
 * NetSuite it is the admin's and is left alone. Pure: the shell reads the current values and the values last
 * synced, and writes what this decides.
 */

/** Field ID → value as text (null: empty). Checkboxes are `T` / `F`; addresses their `addressKey`. */
export type FieldValues = Readonly<Record<string, string | null>>;

export interface FieldUpdate {
  /** What to write now (field ID → Stripe's value). */
  write: Record<string, string | null>;
  /** Fields an admin changed in NetSuite since the last sync: left as NetSuite has them. */
  kept: string[];
  /** What to remember as last synced: the fields the connector now knows NetSuite holds its value for. */
  synced: Record<string, string | null>;
}

/** Empty text and null are both an empty field. */
function norm(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

/**
 * Per field of `desired` (Stripe's values): write it when NetSuite still holds what the connector last wrote
 * (`synced`), or when the connector never wrote it and NetSuite's field is empty; a field already holding
 * Stripe's value needs no write (and counts as synced again, which also heals a sync record a failed run did
 * not write); anything else is the admin's and is kept. Fields synced before but no longer desired stay
 * remembered as they were.
 */
export function decideFieldUpdates(
  desired: FieldValues,
  current: FieldValues,
  synced: FieldValues | null,
): FieldUpdate {
  const update: FieldUpdate = { write: {}, kept: [], synced: { ...(synced ?? {}) } };
  for (const [field, wanted] of Object.entries(desired)) {
    const want = norm(wanted);
    const now = norm(current[field]);
    const last =
      synced !== null && Object.prototype.hasOwnProperty.call(synced, field) ? norm(synced[field]) : undefined;
    if (now === want) {
      update.synced[field] = want;
    } else if (last === undefined ? now === null : now === last) {
      update.write[field] = want;
      update.synced[field] = want;
    } else {
      update.kept.push(field);
    }
  }
  return update;
}

/** Whether an update changes NetSuite. */
export function writesAnything(update: FieldUpdate): boolean {
  return Object.keys(update.write).length > 0;
}

/** Whether the values to remember differ from those remembered (a sync record write is due). */
export function syncedChanged(update: FieldUpdate, synced: FieldValues | null): boolean {
  const before = synced ?? {};
  const has = (values: FieldValues, key: string): boolean => Object.prototype.hasOwnProperty.call(values, key);
  return Object.keys(update.synced).some((key) => !has(before, key) || norm(before[key]) !== norm(update.synced[key]));
}

/** The sync record's text: field values in a fixed order, so equal states are equal text. */
export function syncedText(values: FieldValues): string {
  const sorted: Record<string, string | null> = {};
  for (const key of Object.keys(values).sort()) sorted[key] = norm(values[key]);
  return JSON.stringify(sorted);
}

/** A sync record's text as values; anything unreadable counts as never synced (null). */
export function parseSyncedText(text: string | null): FieldValues | null {
  if (text === null || text.trim() === '') return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const values: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>))
      values[key] = typeof value === 'string' ? value : null;
    return values;
  } catch {
    return null;
  }
}

/** An address as one field value: its fields in a fixed order; null when there is none. */
export function addressKey(address: AddressValues | null): string | null {
  if (address === null) return null;
  return JSON.stringify([
    address.addressee,
    address.addr1,
    address.addr2,
    address.city,
    address.state,
    address.zip,
    address.country,
    address.addrphone,
  ]);
}

/**
 * The sync state of a record the connector created but never updated (no sync record yet): the fields its
 * create wrote count as last written with what NetSuite holds now, since the connector wrote them and no
 * record says an admin changed them. A record the connector only linked (metadata, match) is the admin's:
 * it has no such baseline, so only its empty fields are filled until a sync record exists.
 */
export function createdBaseline(current: FieldValues, createdFields: readonly string[]): FieldValues {
  const baseline: Record<string, string | null> = {};
  for (const field of createdFields) if (field in current) baseline[field] = norm(current[field]);
  return baseline;
}

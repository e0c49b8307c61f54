import type { Booked, InvoiceValues, NetSuiteBooks, PaymentValues } from '../ports';

/** A Booked value for a record this run made. */
export function booked(
  id: number,
  recordType: string,
  fields: Partial<Omit<Booked, 'id' | 'recordType'>> = {},
): Booked {
  return {
    id,
    recordType,
    createdFrom: null,
    entity: null,
    totalMinor: null,
    createdFromTotalMinor: null,
    currency: null,
    ...fields,
  };
}

/**
 * Records known in this run, by external ID. Memory (`recall`, 1 unit) answers first; a query answers
 * the rest in one go. Memory holds only records that exist, so a miss is never taken as "not booked":
 * flows then either query or create and let NetSuite's external-ID uniqueness refuse a duplicate.
 */
export class Lookup {
  private readonly known = new Map<string, Booked | null>();
  constructor(private readonly books: NetSuiteBooks) {}

  /** From memory only, no query: null says nothing about NetSuite. */
  recall(key: string): Booked | null {
    const known = this.known.get(key);
    if (known !== undefined) return known;
    const hit = this.books.recall(key);
    if (hit) this.known.set(key, hit);
    return hit;
  }

  /**
   * The record of each group of keys (a Stripe object's own external ID first, then its cross-reference
   * keys): from memory, else all in one query; what the query finds is remembered under the first key.
   */
  prefetch(groups: readonly (readonly string[])[], options: { together?: number } = {}): void {
    const ask = new Set<string>();
    const queried: (readonly string[])[] = [];
    // `together`: the first groups are records one run makes together (a paid order's). When memory misses the
    // first, it is not asked for the others: the query runs anyway and answers them (2 units a group saved).
    let skipMemory = 0;
    for (const [index, group] of groups.entries()) {
      const [first] = group;
      if (first === undefined || this.firstOf(group) || group.every((key) => this.known.has(key))) continue;
      const askMemory = index >= skipMemory;
      if (askMemory && this.recall(first)) continue;
      // Remembered when found: only groups memory was asked for (the others may well be there).
      if (askMemory) queried.push(group);
      if (index === 0) skipMemory = options.together ?? 0;
      for (const key of group) if (!this.known.has(key)) ask.add(key);
    }
    if (ask.size === 0) return;
    const found = this.books.find([...ask]);
    for (const key of ask) this.known.set(key, found.get(key) ?? null);
    for (const group of queried) {
      const record = this.firstOf(group);
      if (record && group[0] !== undefined) this.books.remember(group[0], record);
    }
  }

  resolve(group: readonly string[]): Booked | null {
    this.prefetch([group]);
    return this.firstOf(group);
  }

  /** A record this run made or linked: known now, and remembered for later runs. */
  made(key: string, record: Booked): void {
    this.known.set(key, record);
    this.books.remember(key, record);
  }

  forget(key: string): void {
    this.known.delete(key);
  }

  private firstOf(group: readonly string[]): Booked | null {
    for (const key of group) {
      const record = this.known.get(key);
      if (record) return record;
    }
    return null;
  }
}

/**
 * Creates a record keyed by external ID without asking first: when it exists already (a redelivery, or a
 * concurrent run saved it first) NetSuite refuses it and the existing record is used. Asking only after a
 * refusal keeps the common case (a new record) free of lookups.
 */
export function createOnce(
  lookup: Lookup,
  externalId: string,
  create: () => number,
  describe: (id: number) => Booked,
  remember = true,
): { record: Booked; how: 'created' | 'found' } {
  try {
    const record = describe(create());
    if (remember) lookup.made(externalId, record);
    else lookup.forget(externalId);
    return { record, how: 'created' };
  } catch (error) {
    // A duplicate external ID, or a refusal that an existing record explains (its invoice is paid by it
    // already): either way the record there is the one wanted.
    lookup.forget(externalId);
    const existing = lookup.resolve([externalId]);
    if (!existing) throw error;
    return { record: existing, how: 'found' };
  }
}

export const customerRecord = (id: number, currency: string | null = null): Booked =>
  booked(id, 'customer', { currency });

/** NetSuite's total: the lines' amounts and, with Tax Mode per_line, their tax (`taxtotal`). */
function sumMinor(lines: InvoiceValues['lines']): number {
  return lines.reduce((total, line) => total + line.amountMinor + (line.taxMinor ?? 0), 0);
}

export const invoiceRecord = (id: number, values: InvoiceValues): Booked =>
  booked(id, 'invoice', { entity: values.customer, totalMinor: sumMinor(values.lines), currency: values.currency });

export const paymentRecord = (id: number, values: PaymentValues, createdFrom: Booked | null = null): Booked =>
  booked(id, 'customerpayment', {
    createdFrom: createdFrom?.id ?? null,
    entity: values.customer,
    totalMinor: values.amountMinor,
    createdFromTotalMinor: createdFrom?.totalMinor ?? null,
    currency: values.currency,
  });

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Entry {
  fingerprint: string;
  response: StoredResponse;
  requestId: string;
  createdAt: number;
}

/** Canonical JSON (sorted keys) so the same parameters in another order compare equal. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Saved results of POST requests sent with an `Idempotency-Key`, per API key, kept `ttlSeconds` on the
 * sandbox clock (Stripe keeps them at least 24 hours).
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ttlSeconds: number) {}

  private prune(now: number): void {
    for (const [key, entry] of this.entries) if (now - entry.createdAt >= this.ttlSeconds) this.entries.delete(key);
  }

  lookup(scope: string, key: string, now: number): Entry | undefined {
    this.prune(now);
    return this.entries.get(`${scope}\u0000${key}`);
  }

  save(scope: string, key: string, entry: Entry): void {
    this.entries.set(`${scope}\u0000${key}`, entry);
  }

  get size(): number {
    return this.entries.size;
  }
}

import cache = require('N/cache');
import { utf8Bytes } from '../text';

/**
 * The connector's N/cache: what later events would otherwise query for (a Stripe object's NetSuite
 * record, currency IDs, Stripe products). A hit costs 1 unit where a SuiteQL costs 10 and an API call 10.
 * NetSuite may drop entries at any time, so only facts that stay true are kept, and every reader falls
 * back to the query it replaces.
 */
const CACHE_NAME = 'snc_connector';
/** A day: long enough to span an invoice's or a payout's events, short enough to heal a stale entry. */
const TTL_SECONDS = 86_400;
/**
 * N/cache holds values up to 500KB (Oracle help, "Cache.get(options)"), counted here in UTF-8 bytes with a
 * margin; a larger one (a huge payout's plan) is simply not kept.
 */
const MAX_VALUE_BYTES = 400_000;

function connectorCache(): cache.Cache {
  return cache.getCache({ name: CACHE_NAME, scope: cache.Scope.PROTECTED });
}

export function cacheGet<T>(key: string): T | null {
  const text = connectorCache().get({ key });
  if (text === null || text === undefined || text === '') return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export function cachePut(key: string, value: unknown, ttlSeconds = TTL_SECONDS): void {
  const text = JSON.stringify(value);
  if (utf8Bytes(text) > MAX_VALUE_BYTES) return;
  connectorCache().put({ key, value: text, ttl: ttlSeconds });
}

export function cacheRemove(key: string): void {
  connectorCache().remove({ key });
}

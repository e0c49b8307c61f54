import type { ConnectorSettings } from '../settings';
import type { StripeReader } from '../stripe/reader';
import { cacheGet, cachePut } from './connectorCache';
import { createStripeClient } from './stripeApi';

/** Objects read often and rarely changed, kept in the connector's cache (products name their prices' items). */
const REMEMBERED_PATH = /^\/v1\/products\/[A-Za-z0-9_]+$/;
const cacheKey = (path: string): string => `stripe:${path}`;

/**
 * The Stripe API as booking flows see it, for one settings record. The client is made on first use:
 * most events never call Stripe, and those that do fail clearly when no API key is configured.
 */
export function stripeReaderFor(settings: ConnectorSettings): StripeReader {
  let client: StripeReader | null = null;
  const get = (): StripeReader => {
    const secret = settings.booking.apiKeySecretName;
    if (!secret) {
      throw Object.assign(new Error(`Settings ${settings.id} name no Stripe API key (custrecord_snc_set_api_key)`), {
        code: 'SNC_INVALID_SETTING',
      });
    }
    return (client ??= createStripeClient({ apiKeySecretName: secret }));
  };
  return {
    retrieve<T>(path: string, options?: { expand?: readonly string[] }): T {
      if (options?.expand?.length || !REMEMBERED_PATH.test(path)) return get().retrieve<T>(path, options);
      const kept = cacheGet<T>(cacheKey(path));
      if (kept !== null) return kept;
      const object = get().retrieve<T>(path);
      cachePut(cacheKey(path), object);
      return object;
    },
    list: (path, params, options) => get().list(path, params, options),
    remember(path: string, object: unknown): void {
      if (REMEMBERED_PATH.test(path)) cachePut(cacheKey(path), object);
    },
  };
}

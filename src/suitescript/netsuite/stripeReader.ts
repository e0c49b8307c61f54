import type { ConnectorSettings } from '../settings';
import type { StripeReader } from '../stripe/reader';

/**
 * The Stripe API as booking flows see it, for one settings record. Created lazily: most events never
 * call Stripe, and those that do fail clearly when no API key is configured.
 */
export function stripeReaderFor(settings: ConnectorSettings): StripeReader {
  const missing = (): never => {
    throw Object.assign(new Error(`Settings ${settings.id} name no Stripe API key (custrecord_snc_set_api_key)`), {
      code: 'SNC_INVALID_SETTING',
    });
  };
  return { retrieve: missing, list: missing };
}

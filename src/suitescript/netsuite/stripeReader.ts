import type { ConnectorSettings } from '../settings';
import type { StripeReader } from '../stripe/reader';
import { createStripeClient } from './stripeApi';

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
    retrieve: (path, options) => get().retrieve(path, options),
    list: (path, params, options) => get().list(path, params, options),
  };
}

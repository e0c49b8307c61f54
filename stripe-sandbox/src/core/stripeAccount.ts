import type { SandboxAccount, StripeObject } from './account';
import { StripeApiError } from './errors';

/** `sk_test_abc…wxyz` → `sk_test_***…wxyz`, as Stripe masks keys in its error messages. */
function masked(key: string): string {
  const prefix = /^(sk|rk)_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}${'*'.repeat(Math.max(0, key.length - prefix.length - 4))}${key.slice(-4)}`;
}

/**
 * The `Stripe-Account` header (acting as a connected account). The platform's own ID is the platform; a
 * connected account this platform created (`POST /v1/accounts`) exists but acting as it is not modelled (400);
 * any other ID gets Stripe's 403 for an account the key cannot reach, code `account_invalid` (the wording
 * Stripe's API returns, as quoted in public integrations' tests and error handlers).
 */
export function checkStripeAccount(account: SandboxAccount, value: string | undefined, apiKey: string): void {
  if (value === undefined || value === '' || value === account.settings.accountId) return;
  const found = account.find<StripeObject>(value);
  if (found?.object === 'account')
    throw new StripeApiError(
      400,
      'invalid_request_error',
      `The sandbox does not model requests made as a connected account (Stripe-Account: ${value}): it models the platform only (destination charges and application fees). Leave the header out.`,
      { param: 'Stripe-Account' },
    );
  throw new StripeApiError(
    403,
    'invalid_request_error',
    `The provided key '${masked(apiKey)}' does not have access to account '${value}' (or that account does not exist). Application access may have been revoked.`,
    { code: 'account_invalid' },
  );
}

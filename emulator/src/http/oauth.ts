import { createHmac, timingSafeEqual } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import type { ScriptUser } from '../context';

/** An integration record (Setup > Integration > Manage Integrations) with Token-based Authentication. */
export interface Integration {
  consumerKey: string;
  consumerSecret: string;
  /** State "Blocked" refuses every call (consumer_key_refused). Default true. */
  enabled?: boolean;
}

/** An access token: one user and role, issued for one integration. */
export interface AccessToken {
  tokenId: string;
  tokenSecret: string;
  consumerKey: string;
  user: ScriptUser;
}

export interface TbaSettings {
  /** Realm must equal this exactly: NetSuite's account ID form, e.g. `1234567` or `1234567_SB1`. */
  accountId: string;
  integrations: readonly Integration[];
  tokens: readonly AccessToken[];
  /** How far oauth_timestamp may be from the clock, in seconds (guess: 300, the usual OAuth window). */
  timestampToleranceSeconds: number;
  now: () => Date;
}

/** Why a login failed, in the terms of NetSuite's Login Audit Trail. The client only sees INVALID_LOGIN_ATTEMPT. */
export type LoginFailure =
  | 'MissingTokenPassportRequiredFields'
  | 'InvalidRealm'
  | 'InvalidSignatureMethod'
  | 'InvalidVersion'
  | 'consumer_key_unknown'
  | 'consumer_key_refused'
  | 'token_rejected'
  | 'nonce_rejected'
  | 'nonce_used'
  | 'timestamp_refused'
  | 'InvalidSignature';

export type LoginResult = { ok: true; token: AccessToken } | { ok: false; reason: LoginFailure };

/** Parses `Authorization: OAuth k="v", …` (values percent-decoded). */
export function parseOAuthHeader(header: string | undefined): Record<string, string> | null {
  if (!header) return null;
  const match = /^OAuth\s+(.*)$/is.exec(header.trim());
  if (!match) return null;
  const params: Record<string, string> = {};
  const re = /([A-Za-z0-9_]+)\s*=\s*"([^"]*)"/g;
  for (const part of (match[1] ?? '').matchAll(re)) {
    const [, key, value] = part;
    if (key === undefined || value === undefined) continue;
    try {
      params[key] = decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  return params;
}

function hmacSha256(base: string, key: string): string {
  return createHmac('sha256', key).update(base).digest('base64');
}

/** The RFC 5849 signature of a request, computed by the oauth-1.0a package. */
export function oauthSignature(
  method: string,
  url: string,
  consumer: { key: string; secret: string },
  tokenSecret: string,
  oauthParams: Record<string, string>,
  hash: (base: string, key: string) => string = hmacSha256,
  signatureMethod = 'HMAC-SHA256',
): string {
  const oauth = new OAuth({ consumer, signature_method: signatureMethod, hash_function: hash });
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(oauthParams)) {
    if (key !== 'realm' && key !== 'oauth_signature') data[key] = value;
  }
  return oauth.getSignature({ method, url, data: {} }, tokenSecret, data as unknown as OAuth.Data);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Verifies token-based authentication (OAuth 1.0a, HMAC-SHA256) and remembers nonces to refuse replays. */
export class TbaVerifier {
  private readonly used = new Map<string, number>();

  constructor(private readonly settings: TbaSettings) {}

  verify(method: string, url: string, authorization: string | undefined): LoginResult {
    const p = parseOAuthHeader(authorization);
    const required = [
      'realm',
      'oauth_consumer_key',
      'oauth_token',
      'oauth_signature_method',
      'oauth_timestamp',
      'oauth_nonce',
      'oauth_signature',
    ];
    if (!p || required.some((key) => !p[key])) return { ok: false, reason: 'MissingTokenPassportRequiredFields' };
    const get = (key: string) => p[key] ?? '';
    if (get('realm') !== this.settings.accountId) return { ok: false, reason: 'InvalidRealm' };
    // HMAC-SHA1 support ended with 2023.1.
    if (get('oauth_signature_method') !== 'HMAC-SHA256') return { ok: false, reason: 'InvalidSignatureMethod' };
    if (p.oauth_version !== undefined && p.oauth_version !== '1.0') return { ok: false, reason: 'InvalidVersion' };

    const integration = this.settings.integrations.find((i) => i.consumerKey === get('oauth_consumer_key'));
    if (!integration) return { ok: false, reason: 'consumer_key_unknown' };
    if (integration.enabled === false) return { ok: false, reason: 'consumer_key_refused' };
    const token = this.settings.tokens.find(
      (t) => t.tokenId === get('oauth_token') && t.consumerKey === integration.consumerKey,
    );
    if (!token) return { ok: false, reason: 'token_rejected' };

    // Oracle help, "Required Parameters for Creating the Token Password": "a unique, randomly generated
    // alphanumeric string of 6–64 characters"; "Error Messages for RESTlets…": nonce_rejected below six.
    const nonce = get('oauth_nonce');
    if (nonce.length < 6 || nonce.length > 64) return { ok: false, reason: 'nonce_rejected' };
    const timestamp = Number(get('oauth_timestamp'));
    const nowSeconds = Math.floor(this.settings.now().getTime() / 1000);
    const tolerance = this.settings.timestampToleranceSeconds;
    if (!/^\d+$/.test(get('oauth_timestamp')) || Math.abs(nowSeconds - timestamp) > tolerance) {
      return { ok: false, reason: 'timestamp_refused' };
    }

    const expected = oauthSignature(
      method,
      url,
      { key: integration.consumerKey, secret: integration.consumerSecret },
      token.tokenSecret,
      p,
    );
    if (!sameText(expected, get('oauth_signature'))) return { ok: false, reason: 'InvalidSignature' };

    // NetSuite: "The combination of nonce and timestamp has already been used by this user."
    for (const [key, at] of this.used) if (at < nowSeconds - 2 * tolerance) this.used.delete(key);
    const nonceKey = `${token.tokenId}\u0000${nonce}\u0000${timestamp}`;
    if (this.used.has(nonceKey)) return { ok: false, reason: 'nonce_used' };
    this.used.set(nonceKey, timestamp);
    return { ok: true, token };
  }
}

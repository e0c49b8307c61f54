import { createHmac, randomBytes } from 'node:crypto';
import OAuth from 'oauth-1.0a';

/** NetSuite token-based authentication: an integration record's consumer and a user's access token. */
export interface TbaCredentials {
  /** The OAuth realm: NetSuite's account ID, e.g. `1234567` or `1234567_SB1` (upper case). */
  accountId: string;
  consumerKey: string;
  consumerSecret: string;
  tokenId: string;
  tokenSecret: string;
}

export type SignatureMethod = 'HMAC-SHA256' | 'HMAC-SHA1';

export interface SignOptions {
  method: string;
  /** The full URL as requested; its query parameters (script, deploy) go into the base string. */
  url: string;
  credentials: TbaCredentials;
  /** Unix seconds. */
  timestamp: number;
  nonce: string;
  /** NetSuite requires HMAC-SHA256 (HMAC-SHA1 only serves the RFC test vector). */
  signatureMethod?: SignatureMethod;
  /** `oauth_version`; null leaves it out, as RFC 5849's own example does. Default `1.0`. */
  version?: string | null;
}

export interface SignedRequest {
  /** The `Authorization` header value. */
  authorization: string;
  /** The oauth_* parameters sent, signature included. */
  params: Record<string, string>;
}

function hashFor(signatureMethod: SignatureMethod): (base: string, key: string) => string {
  const algorithm = signatureMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256';
  return (base, key) => createHmac(algorithm, key).update(base).digest('base64');
}

/** Signs a request (OAuth 1.0a, RFC 5849) with the oauth-1.0a package; realm = the account ID. */
export function signRequest(options: SignOptions): SignedRequest {
  const signatureMethod = options.signatureMethod ?? 'HMAC-SHA256';
  const { credentials } = options;
  const oauth = new OAuth({
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    signature_method: signatureMethod,
    hash_function: hashFor(signatureMethod),
    realm: credentials.accountId,
  });
  const params: Record<string, string> = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_token: credentials.tokenId,
    oauth_signature_method: signatureMethod,
    oauth_timestamp: String(options.timestamp),
    oauth_nonce: options.nonce,
  };
  const version = options.version === undefined ? '1.0' : options.version;
  if (version !== null) params.oauth_version = version;
  // authorize() would pick its own nonce, timestamp and version; getSignature() signs exactly these.
  const data = params as unknown as OAuth.Data;
  params.oauth_signature = oauth.getSignature(
    { method: options.method.toUpperCase(), url: options.url, data: {} },
    credentials.tokenSecret,
    data,
  );
  return { authorization: oauth.toHeader(data as OAuth.Authorization).Authorization, params };
}

/** 32 hex characters from the system CSPRNG (NetSuite wants at least 6, unique per token and timestamp). */
export function randomNonce(): string {
  return randomBytes(16).toString('hex');
}

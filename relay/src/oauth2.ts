import { constants, createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';

/**
 * NetSuite OAuth 2.0 client credentials (machine to machine): a JWT signed with the private key of the
 * certificate mapped to the integration is exchanged at the token endpoint for an access token, sent as
 * `Authorization: Bearer …`. Oracle help, "OAuth 2.0 Client Credentials (M2M) Setup and Flow", "The Request
 * Token Structure", "POST Request to the Token Endpoint and the Access Token Response".
 */

/** The algorithms NetSuite accepts for the client assertion (RS256 is not among them). */
export const JWT_ALGORITHMS = ['PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export const TOKEN_PATH = '/services/rest/auth/oauth2/v1/token';
/** How long a client assertion is valid: NetSuite allows up to 60 minutes; it is used at once. */
export const ASSERTION_SECONDS = 300;
/** Fetch a new access token this long before the current one expires. */
export const REFRESH_MARGIN_SECONDS = 60;

export interface M2MCredentials {
  /** The account ID as NetSuite writes it (1234567_SB1). */
  accountId: string;
  /** The integration record's client ID (the JWT `iss`). */
  clientId: string;
  /** The certificate ID NetSuite shows for the mapping (the JWT `kid`). */
  certificateId: string;
  /** The certificate's private key, PEM. */
  privateKey: string;
  algorithm: JwtAlgorithm;
  /** The token endpoint (the JWT `aud`). */
  tokenUrl: string;
}

/** https://<account ID, lower case, _ → ->.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token */
export function defaultTokenUrl(accountId: string): string {
  return `https://${accountId.toLowerCase().replace(/_/g, '-')}.suitetalk.api.netsuite.com${TOKEN_PATH}`;
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The signing key, or why it does not fit the algorithm (RSA for PS*, EC for ES*). */
export function signingKey(pem: string, algorithm: JwtAlgorithm): KeyObject {
  const key = createPrivateKey(pem);
  const wanted = algorithm.startsWith('PS') ? ['rsa', 'rsa-pss'] : ['ec'];
  if (!wanted.includes(key.asymmetricKeyType ?? '')) {
    throw new Error(`a ${algorithm} assertion needs an ${wanted[0]?.toUpperCase()} key, not ${key.asymmetricKeyType}`);
  }
  return key;
}

/** The signed client assertion: header typ/alg/kid, claims iss, scope restlets, aud, iat, exp. */
export function clientAssertion(credentials: M2MCredentials, nowSeconds: number, key?: KeyObject): string {
  const header = { typ: 'JWT', alg: credentials.algorithm, kid: credentials.certificateId };
  const claims = {
    iss: credentials.clientId,
    scope: 'restlets',
    aud: credentials.tokenUrl,
    iat: nowSeconds,
    exp: nowSeconds + ASSERTION_SECONDS,
    jti: randomUUID(),
  };
  const signingInput = `${encode(header)}.${encode(claims)}`;
  const hash = `sha${credentials.algorithm.slice(2)}`;
  const privateKey = key ?? signingKey(credentials.privateKey, credentials.algorithm);
  // RFC 7518: PS* = RSASSA-PSS, MGF1, salt as long as the hash; ES* = R || S, not DER.
  const signature = credentials.algorithm.startsWith('PS')
    ? sign(hash, Buffer.from(signingInput), {
        key: privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: Number(credentials.algorithm.slice(2)) / 8,
      })
    : sign(hash, Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** The token request body (application/x-www-form-urlencoded). */
export function tokenRequestBody(assertion: string): string {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  }).toString();
}

export class TokenRequestFailed extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(`NetSuite token endpoint answered ${status}${code ? ` ${code}` : ''}`);
    this.name = 'TokenRequestFailed';
  }
}

/** Posts the token request; resolves the answer's status and body. */
export type TokenTransport = (url: string, body: string) => Promise<{ status: number; body: string }>;

/**
 * Keeps one access token: fetched on first use, reused until shortly before it expires, and dropped when a
 * RESTlet call answers 401 (revoked, or NetSuite ended it early). Concurrent callers share one fetch.
 */
export class AccessTokenCache {
  private token: { value: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;
  private readonly key: KeyObject;

  constructor(
    private readonly credentials: M2MCredentials,
    private readonly post: TokenTransport,
    private readonly now: () => number,
  ) {
    this.key = signingKey(credentials.privateKey, credentials.algorithm);
  }

  async get(): Promise<string> {
    const nowSeconds = Math.floor(this.now() / 1000);
    if (this.token && nowSeconds < this.token.expiresAt - REFRESH_MARGIN_SECONDS) return this.token.value;
    this.pending ??= this.fetch().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Forgets `value` if it is the cached token, so the next call fetches a new one. */
  invalidate(value: string): void {
    if (this.token?.value === value) this.token = null;
  }

  private async fetch(): Promise<string> {
    const issuedAt = Math.floor(this.now() / 1000);
    const answer = await this.post(
      this.credentials.tokenUrl,
      tokenRequestBody(clientAssertion(this.credentials, issuedAt, this.key)),
    );
    let parsed: { access_token?: unknown; expires_in?: unknown; error?: unknown } = {};
    try {
      parsed = JSON.parse(answer.body) as typeof parsed;
    } catch {
      // left empty: reported below
    }
    if (answer.status !== 200 || typeof parsed.access_token !== 'string') {
      throw new TokenRequestFailed(answer.status, typeof parsed.error === 'string' ? parsed.error : undefined);
    }
    const lifetime = Number(parsed.expires_in);
    const expiresIn = Number.isFinite(lifetime) && lifetime > 0 ? lifetime : 3600;
    this.token = { value: parsed.access_token, expiresAt: issuedAt + expiresIn };
    return parsed.access_token;
  }
}

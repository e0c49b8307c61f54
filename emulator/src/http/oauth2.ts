import { constants, createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import type { ScriptUser } from '../context';

/**
 * OAuth 2.0 client credentials (machine to machine), as Oracle help documents it: "OAuth 2.0 Client
 * Credentials (M2M) Setup and Flow", "POST Request to the Token Endpoint and the Access Token Response",
 * "The Request Token Structure".
 */

/** NetSuite's token endpoint path (https://<accountID>.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token). */
export const TOKEN_PATH = '/services/rest/auth/oauth2/v1/token';
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Access tokens of the client credentials flow are valid for 60 minutes (guess from Oracle's "valid during one hour"). */
export const ACCESS_TOKEN_SECONDS = 3600;
/** "The value must be less than 60 minutes greater than the value of the iat parameter." */
export const MAX_ASSERTION_SECONDS = 3600;

/**
 * A certificate mapped in "OAuth 2.0 Client Credentials Setup": the integration (client ID), the public
 * certificate (its ID is the JWT `kid`) and the entity and role the tokens act as.
 */
export interface M2MMapping {
  clientId: string;
  certificateId: string;
  /** The certificate or public key, PEM. */
  publicKey: string;
  user: ScriptUser;
  /** A revoked mapping issues no tokens. Default false. */
  revoked?: boolean;
}

/** "The value of the alg parameter is PS256, PS384, PS512, ES256, ES384, or ES512." (RS256 is not listed.) */
const ALGORITHMS: Readonly<Record<string, { hash: string; pss: boolean }>> = {
  PS256: { hash: 'sha256', pss: true },
  PS384: { hash: 'sha384', pss: true },
  PS512: { hash: 'sha512', pss: true },
  ES256: { hash: 'sha256', pss: false },
  ES384: { hash: 'sha384', pss: false },
  ES512: { hash: 'sha512', pss: false },
};

/** Why a token request failed: the OAuth error code (RFC 6749 §5.2) and, for the emulator's audit header, the detail. */
export interface TokenError {
  error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_scope';
  detail: string;
}

export type TokenResult =
  | { ok: true; body: { access_token: string; token_type: 'bearer'; expires_in: number } }
  | { ok: false; failure: TokenError };

interface Issued {
  user: ScriptUser;
  scopes: string[];
  expiresAt: number;
}

function decodePart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `scope` is "restlets, rest_webservices, suite_analytics, or all of them, separated by a comma". */
function scopesOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[,\s]+/) : [];
  return list.map((s) => s.trim()).filter((s) => s !== '');
}

const fail = (error: TokenError['error'], detail: string): TokenResult => ({ ok: false, failure: { error, detail } });

export interface ClientCredentialsSettings {
  mappings: readonly M2MMapping[];
  /** Token endpoint URLs accepted as `aud` (NetSuite's own and the emulator's). */
  audiences: () => readonly string[];
  now: () => Date;
}

/** Issues access tokens for signed client assertions and checks them on RESTlet calls. */
export class ClientCredentialsIssuer {
  private readonly issued = new Map<string, Issued>();
  private readonly keys = new Map<string, KeyObject>();

  constructor(private readonly settings: ClientCredentialsSettings) {}

  /** The token endpoint: form fields of the POST request. */
  token(form: URLSearchParams): TokenResult {
    if (form.get('grant_type') !== 'client_credentials') {
      return fail('unsupported_grant_type', `grant_type ${form.get('grant_type') ?? '(none)'}`);
    }
    if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
      return fail('invalid_request', 'client_assertion_type must be the JWT bearer type');
    }
    const assertion = form.get('client_assertion') ?? '';
    const parts = assertion.split('.');
    if (parts.length !== 3) return fail('invalid_request', 'client_assertion is not a JWT');
    const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
    const header = record(decodePart(headerPart));
    const claims = record(decodePart(payloadPart));
    if (!header || !claims) return fail('invalid_request', 'client_assertion header or payload is not JSON');
    if (header.typ !== undefined && header.typ !== 'JWT') return fail('invalid_request', 'typ must be JWT');
    const alg = ALGORITHMS[String(header.alg)];
    if (!alg) return fail('invalid_client', `alg ${String(header.alg)} is not accepted`);
    const mapping = this.settings.mappings.find((m) => m.certificateId === header.kid);
    if (!mapping || mapping.revoked === true) return fail('invalid_client', `kid ${String(header.kid)} is not mapped`);
    if (claims.iss !== mapping.clientId) return fail('invalid_client', 'iss is not the mapped client ID');
    const signed = Buffer.from(`${headerPart}.${payloadPart}`);
    if (!this.signatureValid(mapping, alg, signed, Buffer.from(signaturePart, 'base64url'))) {
      return fail('invalid_client', 'signature does not verify');
    }
    return this.checkClaims(claims, mapping);
  }

  private checkClaims(claims: Record<string, unknown>, mapping: M2MMapping): TokenResult {
    const audiences = Array.isArray(claims.aud) ? claims.aud.map(String) : [String(claims.aud)];
    if (!audiences.some((a) => this.settings.audiences().includes(a))) {
      return fail('invalid_grant', 'aud is not the token endpoint');
    }
    const now = Math.floor(this.settings.now().getTime() / 1000);
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || typeof exp !== 'number') return fail('invalid_grant', 'iat and exp are required');
    if (exp <= now) return fail('invalid_grant', 'the assertion has expired');
    if (exp - iat > MAX_ASSERTION_SECONDS || exp <= iat) {
      return fail('invalid_grant', 'exp must be later than iat, by less than 60 minutes');
    }
    if (iat > now + 300) return fail('invalid_grant', 'iat is in the future');
    const scopes = scopesOf(claims.scope);
    const known = ['restlets', 'rest_webservices', 'suite_analytics'];
    if (scopes.length === 0 || scopes.some((s) => !known.includes(s))) {
      return fail('invalid_scope', `scope ${JSON.stringify(claims.scope)}`);
    }
    const accessToken = randomBytes(32).toString('base64url');
    this.issued.set(accessToken, { user: mapping.user, scopes, expiresAt: now + ACCESS_TOKEN_SECONDS });
    return { ok: true, body: { access_token: accessToken, token_type: 'bearer', expires_in: ACCESS_TOKEN_SECONDS } };
  }

  private signatureValid(
    mapping: M2MMapping,
    alg: { hash: string; pss: boolean },
    data: Buffer,
    signature: Buffer,
  ): boolean {
    let key = this.keys.get(mapping.certificateId);
    if (!key) {
      key = createPublicKey(mapping.publicKey);
      this.keys.set(mapping.certificateId, key);
    }
    try {
      // RFC 7518: PS* use RSASSA-PSS with MGF1 and a salt as long as the hash; ES* signatures are R || S.
      return alg.pss
        ? verify(
            alg.hash,
            data,
            { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.hash.slice(3)) / 8 },
            signature,
          )
        : verify(alg.hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    } catch {
      return false;
    }
  }

  /** The user of a bearer token valid for RESTlets, or why not. */
  verifyBearer(authorization: string | undefined): { ok: true; user: ScriptUser } | { ok: false; reason: string } {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!match) return { ok: false, reason: 'not a bearer token' };
    const issued = this.issued.get(match[1] ?? '');
    if (!issued) return { ok: false, reason: 'unknown token' };
    if (issued.expiresAt <= Math.floor(this.settings.now().getTime() / 1000)) return { ok: false, reason: 'expired' };
    if (!issued.scopes.includes('restlets')) return { ok: false, reason: 'token not issued for the restlets scope' };
    return { ok: true, user: issued.user };
  }

  /** Ends every token issued so far (an admin revoking, or tests forcing a refresh). */
  revokeAll(): void {
    this.issued.clear();
  }
}

import * as fs from 'node:fs';
import type { TbaCredentials } from './oauth';
import { defaultTokenUrl, JWT_ALGORITHMS, signingKey, type JwtAlgorithm, type M2MCredentials } from './oauth2';

/** How the relay logs in to NetSuite: OAuth 2.0 client credentials, or token-based authentication (OAuth 1.0a). */
export type NetSuiteAuth = ({ method: 'oauth2' } & M2MCredentials) | ({ method: 'tba' } & TbaCredentials);

export interface RelayConfig {
  /** Interface to listen on (server.ts only). */
  host: string;
  /** Port to listen on (server.ts only); 0 picks a free one. */
  port: number;
  /** Path Stripe posts to. */
  path: string;
  /** Stripe endpoint signing secrets (`whsec_…`); any one may match, for secret rolls. */
  stripeWebhookSecrets: string[];
  signatureToleranceSeconds: number;
  /** The RESTlet's external URL, script and deploy parameters included. */
  restletUrl: string;
  netsuite: NetSuiteAuth;
  /** RESTlet calls in flight at once. */
  maxConcurrency: number;
  /** How long a request may wait for a free slot. */
  queueTimeoutMs: number;
  /** How long a RESTlet call may take, response body included. */
  netsuiteTimeoutMs: number;
  maxBodyBytes: number;
  /** `Retry-After` sent with 503 answers. */
  retryAfterSeconds: number;
  /** How often the server logs a summary line with the counts (server.ts only); 0 = never. */
  summaryIntervalSeconds: number;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  path: '/stripe/webhook',
  signatureToleranceSeconds: 300,
  maxConcurrency: 2,
  queueTimeoutMs: 10_000,
  netsuiteTimeoutMs: 30_000,
  maxBodyBytes: 1024 * 1024,
  retryAfterSeconds: 60,
  summaryIntervalSeconds: 300,
} as const;

/** The envelope escapes quotes and backslashes, so keep the raw body well under the RESTlet's 10 MB input limit. */
export const MAX_BODY_BYTES_LIMIT = 4 * 1024 * 1024;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid relay configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Reads the configuration from environment variables; every problem is reported at once, by variable name. */
export function loadConfig(env: Env): RelayConfig {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const required = (name: string): string => {
    const value = text(name);
    if (value === undefined) problems.push(`${name} is required`);
    return value ?? '';
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const value = text(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return Number(value);
  };

  const host = text('RELAY_HOST') ?? DEFAULTS.host;
  const port = integer('RELAY_PORT', DEFAULTS.port, 0, 65535);
  const path = text('RELAY_PATH') ?? DEFAULTS.path;
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(path) || path === '/health' || path === '/healthz') {
    problems.push(
      `RELAY_PATH must be a URL path starting with "/" (not /health or /healthz), without query (got "${path}")`,
    );
  }

  const secrets = (text('STRIPE_WEBHOOK_SECRETS') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (secrets.length === 0) {
    problems.push('STRIPE_WEBHOOK_SECRETS is required (comma-separated whsec_… signing secrets)');
  } else if (secrets.some((s) => !s.startsWith('whsec_'))) {
    problems.push('STRIPE_WEBHOOK_SECRETS: every secret must start with "whsec_"');
  }
  const signatureToleranceSeconds = integer(
    'STRIPE_SIGNATURE_TOLERANCE_SECONDS',
    DEFAULTS.signatureToleranceSeconds,
    1,
    86_400,
  );

  const accountId = required('NETSUITE_ACCOUNT_ID');
  if (accountId !== '' && !/^[0-9A-Z]+(?:_[0-9A-Z]+)?$/.test(accountId)) {
    problems.push(
      `NETSUITE_ACCOUNT_ID must be the account ID as NetSuite writes it, e.g. 1234567 or 1234567_SB1 (got "${accountId}"; ` +
        `the URL form 1234567-sb1 becomes 1234567_SB1)`,
    );
  }
  const restletUrl = required('NETSUITE_RESTLET_URL');
  let normalizedUrl = restletUrl;
  if (restletUrl !== '') {
    let url: URL | null = null;
    try {
      url = new URL(restletUrl);
    } catch {
      problems.push(`NETSUITE_RESTLET_URL is not a URL (got "${restletUrl}")`);
    }
    if (url) {
      normalizedUrl = url.href;
      const local = LOCAL_HOSTS.has(url.hostname);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
        problems.push('NETSUITE_RESTLET_URL must use https (plain http only for 127.0.0.1/localhost)');
      }
      if (!url.searchParams.get('script') || !url.searchParams.get('deploy')) {
        problems.push('NETSUITE_RESTLET_URL must carry the script and deploy query parameters');
      }
      if (url.hash !== '' || url.username !== '' || url.password !== '') {
        problems.push('NETSUITE_RESTLET_URL must have no #fragment and no user:password');
      }
    }
  }
  const netsuite = netsuiteAuth(env, accountId, text, required, problems);

  const config: RelayConfig = {
    host,
    port,
    path,
    stripeWebhookSecrets: secrets,
    signatureToleranceSeconds,
    restletUrl: normalizedUrl,
    netsuite,
    maxConcurrency: integer('RELAY_MAX_CONCURRENCY', DEFAULTS.maxConcurrency, 1, 100),
    queueTimeoutMs: integer('RELAY_QUEUE_TIMEOUT_MS', DEFAULTS.queueTimeoutMs, 0, 600_000),
    netsuiteTimeoutMs: integer('RELAY_NETSUITE_TIMEOUT_MS', DEFAULTS.netsuiteTimeoutMs, 1, 600_000),
    maxBodyBytes: integer('RELAY_MAX_BODY_BYTES', DEFAULTS.maxBodyBytes, 1, MAX_BODY_BYTES_LIMIT),
    retryAfterSeconds: integer('RELAY_RETRY_AFTER_SECONDS', DEFAULTS.retryAfterSeconds, 0, 86_400),
    summaryIntervalSeconds: integer('RELAY_SUMMARY_INTERVAL_SECONDS', DEFAULTS.summaryIntervalSeconds, 0, 86_400),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * NETSUITE_AUTH picks the login: `oauth2` (client credentials, a certificate-signed JWT) or `tba` (token-based
 * authentication). Default: `tba` when NETSUITE_TOKEN_ID is set (earlier set-ups), else `oauth2`.
 */
function netsuiteAuth(
  env: Env,
  accountId: string,
  text: (name: string) => string | undefined,
  required: (name: string) => string,
  problems: string[],
): NetSuiteAuth {
  const method = text('NETSUITE_AUTH') ?? (text('NETSUITE_TOKEN_ID') !== undefined ? 'tba' : 'oauth2');
  if (method === 'tba') {
    return {
      method,
      accountId,
      consumerKey: required('NETSUITE_CONSUMER_KEY'),
      consumerSecret: required('NETSUITE_CONSUMER_SECRET'),
      tokenId: required('NETSUITE_TOKEN_ID'),
      tokenSecret: required('NETSUITE_TOKEN_SECRET'),
    };
  }
  if (method !== 'oauth2') problems.push(`NETSUITE_AUTH must be oauth2 or tba (got "${method}")`);
  const algorithm = (text('NETSUITE_JWT_ALGORITHM') ?? 'PS256') as JwtAlgorithm;
  if (!JWT_ALGORITHMS.includes(algorithm)) {
    problems.push(`NETSUITE_JWT_ALGORITHM must be one of ${JWT_ALGORITHMS.join(', ')} (got "${algorithm}")`);
  }
  const privateKey = privateKeyFrom(env, text, problems);
  if (privateKey !== '' && JWT_ALGORITHMS.includes(algorithm)) {
    try {
      signingKey(privateKey, algorithm);
    } catch (e) {
      problems.push(`NETSUITE_PRIVATE_KEY: ${(e as Error).message.split('\n')[0] ?? 'not a private key'}`);
    }
  }
  const tokenUrl = text('NETSUITE_TOKEN_URL') ?? (accountId === '' ? '' : defaultTokenUrl(accountId));
  if (tokenUrl !== '' && !/^https:\/\/|^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(tokenUrl)) {
    problems.push('NETSUITE_TOKEN_URL must use https (plain http only for 127.0.0.1/localhost)');
  }
  return {
    method: 'oauth2',
    accountId,
    clientId: required('NETSUITE_CLIENT_ID'),
    certificateId: required('NETSUITE_CERTIFICATE_ID'),
    privateKey,
    algorithm,
    tokenUrl,
  };
}

/** The certificate's private key: NETSUITE_PRIVATE_KEY (PEM text) or NETSUITE_PRIVATE_KEY_FILE (a path). */
function privateKeyFrom(env: Env, text: (name: string) => string | undefined, problems: string[]): string {
  const inline = env['NETSUITE_PRIVATE_KEY'];
  const file = text('NETSUITE_PRIVATE_KEY_FILE');
  if (inline !== undefined && inline.trim() !== '') return inline.replace(/\\n/g, '\n');
  if (file === undefined) {
    problems.push('NETSUITE_PRIVATE_KEY or NETSUITE_PRIVATE_KEY_FILE is required for NETSUITE_AUTH=oauth2');
    return '';
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    problems.push(`NETSUITE_PRIVATE_KEY_FILE cannot be read (${file})`);
    return '';
  }
}

import type { TbaCredentials } from './oauth';

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
  netsuite: TbaCredentials;
  /** RESTlet calls in flight at once. */
  maxConcurrency: number;
  /** How long a request may wait for a free slot. */
  queueTimeoutMs: number;
  /** How long a RESTlet call may take, response body included. */
  netsuiteTimeoutMs: number;
  maxBodyBytes: number;
  /** `Retry-After` sent with 503 answers. */
  retryAfterSeconds: number;
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
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(path) || path === '/health') {
    problems.push(`RELAY_PATH must be a URL path starting with "/" (not /health), without query (got "${path}")`);
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
  const consumerKey = required('NETSUITE_CONSUMER_KEY');
  const consumerSecret = required('NETSUITE_CONSUMER_SECRET');
  const tokenId = required('NETSUITE_TOKEN_ID');
  const tokenSecret = required('NETSUITE_TOKEN_SECRET');

  const config: RelayConfig = {
    host,
    port,
    path,
    stripeWebhookSecrets: secrets,
    signatureToleranceSeconds,
    restletUrl: normalizedUrl,
    netsuite: { accountId, consumerKey, consumerSecret, tokenId, tokenSecret },
    maxConcurrency: integer('RELAY_MAX_CONCURRENCY', DEFAULTS.maxConcurrency, 1, 100),
    queueTimeoutMs: integer('RELAY_QUEUE_TIMEOUT_MS', DEFAULTS.queueTimeoutMs, 0, 600_000),
    netsuiteTimeoutMs: integer('RELAY_NETSUITE_TIMEOUT_MS', DEFAULTS.netsuiteTimeoutMs, 1, 600_000),
    maxBodyBytes: integer('RELAY_MAX_BODY_BYTES', DEFAULTS.maxBodyBytes, 1, MAX_BODY_BYTES_LIMIT),
    retryAfterSeconds: integer('RELAY_RETRY_AFTER_SECONDS', DEFAULTS.retryAfterSeconds, 0, 86_400),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

import Stripe from 'stripe';
import { ClockWatch, signatureTimestamp, type ClockReport } from './clock';
import type { RelayConfig } from './config';
import { buildEnvelope } from './envelope';
import { Limiter } from './limiter';
import { randomNonce, signRequest } from './oauth';
import { AccessTokenCache, TokenRequestFailed, type TokenTransport } from './oauth2';
import { DESCRIPTIONS, DeliveryStats, type StatsSnapshot } from './stats';
import { packageVersion } from './version';

export interface RelayRequest {
  method: string;
  /** Path as received; a query string is ignored. */
  path: string;
  /** Header names in any case. */
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
  /** Set by a host that stopped reading a body over `maxBodyBytes` (then `body` is partial or empty). */
  tooLarge?: boolean;
}

export interface RelayResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface OutboundRequest {
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface OutboundResponse {
  status: number;
  body: string;
  /** The HTTP `Date` header, if any: one of the relay's clock checks. */
  date?: string;
}

/** Makes the RESTlet call; should stop when `signal` aborts. Throws on network failures. */
export type Transport = (request: OutboundRequest, signal: AbortSignal) => Promise<OutboundResponse>;

export interface RelayDeps {
  send?: Transport;
  /** Milliseconds since the epoch: Stripe signature age, oauth_timestamp, durations. */
  now?: () => number;
  /** One JSON line per request. Default: stdout. */
  log?: (line: string) => void;
  nonce?: () => string;
  /** Reported on the health endpoint. Default: relay/package.json's version. */
  version?: string;
}

export type Outcome =
  | 'forwarded'
  | 'health'
  | 'not_found'
  | 'method_not_allowed'
  | 'body_too_large'
  | 'missing_signature'
  | 'invalid_signature'
  | 'stale_signature'
  | 'queue_timeout'
  | 'netsuite_busy'
  | 'netsuite_timeout'
  | 'netsuite_unreachable'
  | 'netsuite_auth_failed'
  | 'netsuite_error'
  | 'restlet_rejected'
  | 'restlet_unexpected'
  | 'relay_error';

export interface RelayHandler {
  (request: RelayRequest): Promise<RelayResponse>;
  readonly inFlight: number;
  readonly queued: number;
  /** What GET /health answers. */
  health(): HealthReport;
  /** Logs one summary line with the counts (the server calls it periodically). */
  logSummary(): void;
}

export interface HealthReport extends StatsSnapshot {
  /** `degraded` while the clock looks more than a minute off. */
  status: 'ok' | 'degraded';
  version: string;
  startedAt: string;
  uptimeSeconds: number;
  clock: ClockReport & { signatureToleranceSeconds: number };
  inFlight: number;
  queued: number;
  maxConcurrency: number;
}

/** RESTlet answers that mean NetSuite holds the event. Anything else keeps Stripe retrying. */
export const ACCEPTED_STATUSES: readonly string[] = ['stored', 'duplicate'];

/** RESTlet error codes worth a retry: the account-wide concurrency limit. */
const BUSY_CODES = new Set(['SSS_REQUEST_LIMIT_EXCEEDED']);

export const HEALTH_PATH = '/health';
/** The same answer under the name container platforms usually probe. */
export const HEALTHZ_PATH = '/healthz';
/** While the clock stays off, the warning is repeated at most this often. */
const CLOCK_WARNING_REPEAT_MS = 5 * 60_000;

interface LogFields {
  event_id?: string;
  event_type?: string;
  restlet_status?: number;
  restlet_code?: string;
  error_code?: string;
  /** Why a signature was refused: `timestamp_outside_tolerance`, `no_matching_signature`, `unreadable_header`. */
  reason?: string;
  /** The refused signature's `t=` (ISO) and its age against the relay's clock. */
  signature_timestamp?: string;
  signature_age_s?: number;
  tolerance_s?: number;
}

interface Answer {
  outcome: Outcome;
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  log?: LogFields;
}

/** Node's fetch, aborted through `signal`; redirects are answers, not followed (a RESTlet never redirects). */
export const fetchTransport: Transport = async (request, signal) => {
  const res = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal,
    redirect: 'manual',
  });
  return { status: res.status, body: await res.text(), date: res.headers.get('date') ?? undefined };
};

function header(headers: RelayRequest['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** A short identifier-like string from untrusted text, or undefined. */
function token(value: unknown, pattern = /^[A-Za-z0-9_.:-]{1,100}$/): string | undefined {
  return typeof value === 'string' && pattern.test(value) ? value : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** NetSuite's error code: `{"error":{"code":…}}` for JSON, `error code: …` lines for text/plain requests. */
export function restletErrorCode(body: string): string | undefined {
  const fromJson = token(field(field(parseJson(body), 'error'), 'code'));
  if (fromJson) return fromJson;
  return token(/^error code:\s*(\S+)/m.exec(body)?.[1]);
}

function errorCodeOf(error: unknown): string | undefined {
  const cause = field(error, 'cause');
  return token(field(cause, 'code'), /^E[A-Z_]{1,40}$/) ?? token(field(error, 'code'), /^E[A-Z_]{1,40}$/);
}

/** Builds the relay as a plain function of a request, for Node's http server or a serverless host. */
export function createRelay(config: RelayConfig, deps: RelayDeps = {}): RelayHandler {
  const send = deps.send ?? fetchTransport;
  const now = deps.now ?? Date.now;
  const log = deps.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const nonce = deps.nonce ?? randomNonce;
  const limiter = new Limiter(config.maxConcurrency);
  const verifier = Stripe.webhooks.signature;
  if (!verifier) throw new Error('stripe: webhook signature verification is unavailable');
  const version = deps.version ?? packageVersion();
  const startedMs = now();
  const stats = new DeliveryStats();
  const clock = new ClockWatch();
  let clockWarnedAt: number | null = null;

  /** One JSON line: `time`, `level`, `msg` first, then the fields. */
  const writeLog = (fields: Record<string, unknown>) =>
    log(JSON.stringify({ time: new Date(now()).toISOString(), ...fields }));

  /** The loud part: an error line when the clock is more than a minute off, repeated while it stays off. */
  function checkClock(): void {
    const report = clock.report();
    const at = now();
    if (report.off && report.skewSeconds !== null) {
      if (clockWarnedAt !== null && at - clockWarnedAt < CLOCK_WARNING_REPEAT_MS) return;
      clockWarnedAt = at;
      writeLog({
        level: 'error',
        msg: clockOffMessage(report.skewSeconds, report.source, config.signatureToleranceSeconds),
        event: 'clock_skew',
        skew_s: report.skewSeconds,
        skew_source: report.source,
        tolerance_s: config.signatureToleranceSeconds,
      });
    } else if (!report.off && clockWarnedAt !== null) {
      clockWarnedAt = null;
      writeLog({
        level: 'info',
        msg: 'clock back within a minute of Stripe/NetSuite',
        event: 'clock_ok',
        skew_s: report.skewSeconds,
      });
    }
  }

  function observeSignature(signature: string): number | undefined {
    const t = signatureTimestamp(signature);
    if (t !== undefined) clock.observeSignature(t, now());
    checkClock();
    return t;
  }

  const retry = (outcome: Outcome, log?: LogFields): Answer => ({
    outcome,
    status: 503,
    body: { error: outcome, retryable: true },
    headers: { 'Retry-After': String(config.retryAfterSeconds) },
    log,
  });

  /**
   * Stripe's check, once per configured secret. stripe-node (Webhooks.js, validateComputedSignature) compares
   * the signature first and the age only then, so `Timestamp outside the tolerance zone` means a right secret
   * and an old `t=`; a wrong secret is `No signatures found matching the expected signature for payload`.
   * Only a signature that matched a secret feeds the clock estimate.
   */
  function verify(payload: string, signature: string): Answer | null {
    let reason: SignatureRefusal = 'unreadable_header';
    for (const secret of config.stripeWebhookSecrets) {
      try {
        verifier?.verifyHeader(payload, signature, secret, config.signatureToleranceSeconds, undefined, now());
        observeSignature(signature);
        return null;
      } catch (e) {
        reason = moreSpecific(reason, refusalOf(e));
      }
    }
    if (reason !== 'timestamp_outside_tolerance') {
      return { outcome: 'invalid_signature', status: 400, body: { error: 'invalid_signature' }, log: { reason } };
    }
    const t = observeSignature(signature) ?? 0;
    const log: LogFields = {
      reason,
      signature_timestamp: new Date(t * 1000).toISOString(),
      signature_age_s: Math.floor(now() / 1000) - t,
      tolerance_s: config.signatureToleranceSeconds,
    };
    return { outcome: 'stale_signature', status: 400, body: { error: 'stale_signature' }, log };
  }

  /** Sends one request within the NetSuite timeout; a network failure or timeout becomes a retry answer. */
  async function sendTimed(request: OutboundRequest, event: LogFields): Promise<OutboundResponse | Answer> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
        reject(new Error('timeout'));
      }, config.netsuiteTimeoutMs);
    });
    const sent = now();
    try {
      // The race also ends a transport that ignores the signal.
      const response = await Promise.race([send(request, controller.signal), timeout]);
      clock.observeServerDate(response.date, sent, now());
      checkClock();
      return response;
    } catch (e) {
      if (timedOut) return retry('netsuite_timeout', event);
      return retry('netsuite_unreachable', { ...event, error_code: errorCodeOf(e) });
    } finally {
      clearTimeout(timer);
    }
  }

  const postToken: TokenTransport = async (url, body) => {
    const answer = await sendTimed(
      {
        method: 'POST',
        url,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body,
      },
      {},
    );
    if ('outcome' in answer) throw new TokenRequestFailed(0, answer.outcome);
    return answer;
  };
  const tokens = config.netsuite.method === 'oauth2' ? new AccessTokenCache(config.netsuite, postToken, now) : null;

  /** A TBA signature, made per call. */
  function tbaHeader(url: string): string {
    const credentials = config.netsuite as Extract<RelayConfig['netsuite'], { method: 'tba' }>;
    return signRequest({ method: 'POST', url, credentials, timestamp: Math.floor(now() / 1000), nonce: nonce() })
      .authorization;
  }

  /** One RESTlet call; with OAuth 2.0 a 401 drops the token and the call is made once more with a new one. */
  async function callRestlet(body: string, event: LogFields, mayRefresh: boolean): Promise<OutboundResponse | Answer> {
    const url = config.restletUrl;
    let auth: { header: string; bearer?: string };
    if (tokens) {
      try {
        const bearer = await tokens.get();
        auth = { header: `Bearer ${bearer}`, bearer };
      } catch (e) {
        // No token (endpoint down or refusing the assertion): Stripe retries later.
        const code = e instanceof TokenRequestFailed ? (e.code ?? `http_${e.status}`) : errorCodeOf(e);
        return retry('netsuite_auth_failed', { ...event, error_code: token(code) });
      }
    } else auth = { header: tbaHeader(url) };
    const request: OutboundRequest = {
      method: 'POST',
      url,
      headers: {
        Authorization: auth.header,
        'Content-Type': 'text/plain; charset=utf-8',
        Accept: 'application/json',
        'User-Agent': 'stripe-netsuite-relay/1',
      },
      body,
    };
    const response = await sendTimed(request, event);
    if (!('outcome' in response) && response.status === 401 && auth.bearer !== undefined && tokens && mayRefresh) {
      tokens.invalidate(auth.bearer);
      return callRestlet(body, event, false);
    }
    return response;
  }

  async function forward(signature: string, payload: string, event: LogFields): Promise<Answer> {
    const release = await limiter.acquire(config.queueTimeoutMs);
    if (!release) return retry('queue_timeout', event);
    try {
      const response = await callRestlet(buildEnvelope(signature, payload), event, true);
      return 'outcome' in response ? response : interpret(response, event);
    } finally {
      release();
    }
  }

  function interpret(response: OutboundResponse, event: LogFields): Answer {
    const code = restletErrorCode(response.body);
    const fields: LogFields = { ...event, restlet_status: response.status, restlet_code: code };
    if (response.status === 200) {
      const status = field(parseJson(response.body), 'status');
      if (typeof status === 'string' && ACCEPTED_STATUSES.includes(status)) {
        return { outcome: 'forwarded', status: 200, body: { received: true, status }, log: fields };
      }
      return {
        outcome: 'restlet_unexpected',
        status: 502,
        body: { error: 'restlet_unexpected', restletStatus: 200, status: token(status), code },
        log: fields,
      };
    }
    if ((code !== undefined && BUSY_CODES.has(code)) || response.status === 429) return retry('netsuite_busy', fields);
    if (response.status >= 500 || response.status === 408) return retry('netsuite_error', fields);
    if (response.status >= 400) {
      return {
        outcome: 'restlet_rejected',
        status: 502,
        body: { error: 'restlet_rejected', restletStatus: response.status, code },
        log: fields,
      };
    }
    return {
      outcome: 'restlet_unexpected',
      status: 502,
      body: { error: 'restlet_unexpected', restletStatus: response.status, code },
      log: fields,
    };
  }

  async function route(request: RelayRequest, pathname: string): Promise<Answer> {
    const method = request.method.toUpperCase();
    if (pathname === HEALTH_PATH || pathname === HEALTHZ_PATH) {
      if (method !== 'GET') {
        return {
          outcome: 'method_not_allowed',
          status: 405,
          body: { error: 'method_not_allowed' },
          headers: { Allow: 'GET' },
        };
      }
      return { outcome: 'health', status: 200, body: { ...health() } };
    }
    if (pathname !== config.path) return { outcome: 'not_found', status: 404, body: { error: 'not_found' } };
    if (method !== 'POST') {
      return {
        outcome: 'method_not_allowed',
        status: 405,
        body: { error: 'method_not_allowed' },
        headers: { Allow: 'POST' },
      };
    }
    if (request.tooLarge || request.body.length > config.maxBodyBytes) {
      return { outcome: 'body_too_large', status: 413, body: { error: 'body_too_large', limit: config.maxBodyBytes } };
    }
    const signature = header(request.headers, 'stripe-signature');
    if (!signature) return { outcome: 'missing_signature', status: 400, body: { error: 'missing_signature' } };
    // Stripe signs the UTF-8 text; the RESTlet receives the same string, so verify exactly that.
    const payload = request.body.toString('utf8');
    const refused = verify(payload, signature);
    if (refused) return refused;
    const parsed = parseJson(payload);
    const event: LogFields = {
      event_id: token(field(parsed, 'id'), /^evt_[A-Za-z0-9_]{1,100}$/),
      event_type: token(field(parsed, 'type'), /^[a-z0-9_.]{1,100}$/),
    };
    return forward(signature, payload, event);
  }

  const handler = async (request: RelayRequest): Promise<RelayResponse> => {
    const started = now();
    let pathname = '';
    let answer: Answer;
    try {
      pathname = new URL(request.path, 'http://relay.invalid').pathname;
      answer = await route(request, pathname);
    } catch {
      // A bug must still answer non-2xx so Stripe redelivers.
      answer = { outcome: 'relay_error', status: 500, body: { error: 'relay_error' } };
    }
    stats.record(answer.outcome, now());
    writeLog({
      ...DESCRIPTIONS[answer.outcome],
      method: token(request.method, /^[A-Za-z]{1,20}$/),
      path: pathname.slice(0, 200),
      ...answer.log,
      outcome: answer.outcome,
      status: answer.status,
      ms: Math.max(0, now() - started),
    });
    return {
      status: answer.status,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...answer.headers },
      body: JSON.stringify(answer.body),
    };
  };
  function health(): HealthReport {
    const report = clock.report();
    return {
      status: report.off ? 'degraded' : 'ok',
      version,
      startedAt: new Date(startedMs).toISOString(),
      uptimeSeconds: Math.max(0, Math.floor((now() - startedMs) / 1000)),
      ...stats.snapshot(),
      clock: { ...report, signatureToleranceSeconds: config.signatureToleranceSeconds },
      inFlight: limiter.inFlight,
      queued: limiter.waiting,
      maxConcurrency: config.maxConcurrency,
    };
  }

  const logSummary = () => {
    const { status, counts, lastDeliveryAt, clock: c, uptimeSeconds } = health();
    writeLog({
      level: status === 'ok' ? 'info' : 'error',
      msg: 'summary',
      event: 'summary',
      status,
      counts,
      last_delivery_at: lastDeliveryAt,
      skew_s: c.skewSeconds,
      uptime_s: uptimeSeconds,
    });
  };

  Object.defineProperties(handler, {
    inFlight: { get: () => limiter.inFlight },
    queued: { get: () => limiter.waiting },
    health: { value: health },
    logSummary: { value: logSummary },
  });
  return handler as RelayHandler;
}

type SignatureRefusal = 'no_matching_signature' | 'unreadable_header' | 'timestamp_outside_tolerance';

/** stripe-node's messages (Webhooks.js): the header's shape, the HMAC, then the age. */
function refusalOf(error: unknown): SignatureRefusal {
  const message = error instanceof Error ? error.message : '';
  if (/tolerance zone/i.test(message)) return 'timestamp_outside_tolerance';
  if (/Unable to extract timestamp|expected scheme|No stripe-signature header/i.test(message))
    return 'unreadable_header';
  return 'no_matching_signature';
}

/** With several secrets, a stale match with one of them says more than a mismatch with the others. */
function moreSpecific(a: SignatureRefusal, b: SignatureRefusal): SignatureRefusal {
  const rank: Record<SignatureRefusal, number> = {
    unreadable_header: 0,
    no_matching_signature: 1,
    timestamp_outside_tolerance: 2,
  };
  return rank[b] > rank[a] ? b : a;
}

/** The clock warning's text: how far, which way, and what it does to deliveries. */
export function clockOffMessage(skewSeconds: number, source: string | null, toleranceSeconds: number): string {
  const way = skewSeconds > 0 ? 'ahead of' : 'behind';
  const effect =
    skewSeconds > toleranceSeconds
      ? `every Stripe delivery is being refused (signature timestamp older than the ${toleranceSeconds} s tolerance)`
      : skewSeconds > 0
        ? `deliveries will be refused once it passes the ${toleranceSeconds} s signature tolerance`
        : "NetSuite may refuse the relay's OAuth timestamps and tokens";
  return `CLOCK OFF: the relay's clock is off by ${Math.abs(skewSeconds)} s (${way} ${source === 'netsuite_date' ? 'NetSuite' : 'Stripe'}); ${effect}. Sync it with NTP.`;
}

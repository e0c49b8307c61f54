/**
 * The pure half of the Stripe API client: building requests, reading responses and deciding retries.
 * No N/ modules here, so it runs the same in Jest and in NetSuite; netsuite/stripeApi.ts does the I/O.
 */

import { errorName } from '../netsuiteErrors';

/** Pinned: the connector's object shapes follow this version, whatever the account's default is. */
export const STRIPE_API_VERSION = '2026-10-28.endive';
export const DEFAULT_STRIPE_BASE_URL = 'https://api.stripe.com';

export type FormValue =
  string | number | boolean | null | undefined | readonly FormValue[] | { readonly [key: string]: FormValue };
export type FormParams = { readonly [key: string]: FormValue };

export type StripeMethod = 'GET' | 'POST';

/** Errors of the client itself (not answers from Stripe); `code` follows the connector's SNC_ codes. */
export type StripeClientErrorCode =
  | 'SNC_STRIPE_INVALID_REQUEST'
  | 'SNC_STRIPE_BAD_RESPONSE'
  | 'SNC_STRIPE_UNREACHABLE'
  | 'SNC_STRIPE_OUT_OF_GOVERNANCE'
  | 'SNC_STRIPE_LIST_TOO_LARGE'
  | 'SNC_INVALID_SETTING';

export class StripeClientError extends Error {
  override readonly name = 'StripeClientError';
  constructor(
    readonly code: StripeClientErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An error object Stripe answered with (`{"error": {type, code, param, message, …}}`), with its HTTP status. */
export class StripeApiError extends Error {
  override readonly name = 'StripeApiError';
  readonly status: number;
  /** `invalid_request_error`, `card_error`, `api_error`, `idempotency_error`, … */
  readonly type: string;
  /** Stripe's error code (`resource_missing`, `rate_limit`, `lock_timeout`, …), null when absent. */
  readonly code: string | null;
  readonly param: string | null;
  readonly declineCode: string | null;
  readonly requestId: string | null;
  /** Stripe's own message, verbatim; `message` adds the request and status around it. */
  readonly stripeMessage: string;
  /** Whether trying again later may succeed (the caller can leave the event queued). */
  readonly retryable: boolean;

  constructor(fields: {
    method: StripeMethod;
    path: string;
    status: number;
    type: string;
    code: string | null;
    param: string | null;
    declineCode: string | null;
    requestId: string | null;
    stripeMessage: string;
    retryable: boolean;
  }) {
    const code = fields.code ? ` (${fields.code})` : '';
    const param = fields.param ? ` [param: ${fields.param}]` : '';
    const request = fields.requestId ? ` [request: ${fields.requestId}]` : '';
    super(
      `Stripe ${fields.method} ${fields.path} answered ${fields.status} ${fields.type}${code}: ${fields.stripeMessage}${param}${request}`,
    );
    this.status = fields.status;
    this.type = fields.type;
    this.code = fields.code;
    this.param = fields.param;
    this.declineCode = fields.declineCode;
    this.requestId = fields.requestId;
    this.stripeMessage = fields.stripeMessage;
    this.retryable = fields.retryable;
  }
}

function invalidRequest(message: string): StripeClientError {
  return new StripeClientError('SNC_STRIPE_INVALID_REQUEST', message);
}

// ---------------------------------------------------------------------------------------------------------
// Requests

function encodeKey(key: string): string {
  // Brackets stay literal, as Stripe's clients send them; qs decodes both forms.
  return encodeURIComponent(key).replace(/%5B/gi, '[').replace(/%5D/gi, ']');
}

function isHash(value: FormValue): value is { readonly [key: string]: FormValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Stripe's bracket notation: `a[b]=…` for hashes, `a[]=…` for lists of scalars, `a[0][b]=…` for lists of
 * hashes (with `[]` qs would merge their keys into one item). `null` is sent as `a=` (Stripe's "unset"),
 * an empty list as `a=` (Stripe's "clear"); `undefined` is left out.
 */
export function encodeForm(params: FormParams): string {
  const pairs: string[] = [];
  const walk = (key: string, value: FormValue): void => {
    if (value === undefined) return;
    if (value === null) {
      pairs.push(`${encodeKey(key)}=`);
      return;
    }
    if (Array.isArray(value)) {
      const items = value as readonly FormValue[];
      if (items.length === 0) pairs.push(`${encodeKey(key)}=`);
      items.forEach((item, index) => walk(isHash(item) || Array.isArray(item) ? `${key}[${index}]` : `${key}[]`, item));
      return;
    }
    if (isHash(value)) {
      for (const [child, childValue] of Object.entries(value)) walk(`${key}[${child}]`, childValue);
      return;
    }
    if (typeof value === 'number' && !Number.isFinite(value)) throw invalidRequest(`Parameter ${key} is not a number`);
    pairs.push(`${encodeKey(key)}=${encodeURIComponent(String(value))}`);
  };
  for (const [key, value] of Object.entries(params)) walk(key, value);
  return pairs.join('&');
}

const PATH = /^\/v[12]\/[A-Za-z0-9_\-.~/]+$/;

/** `/v1/<segment>/<segment>…` with each segment URL-encoded: `resourcePath('customers', id)`. */
export function resourcePath(...segments: readonly string[]): string {
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..')
      throw invalidRequest(`Invalid path segment "${segment}"`);
  }
  return `/v1/${segments.map(encodeURIComponent).join('/')}`;
}

function checkPath(path: string): void {
  if (!PATH.test(path) || path.split('/').some((s) => s === '..' || s === '.')) {
    throw invalidRequest(`Invalid Stripe API path "${path}": expected /v1/… without a query (use params)`);
  }
}

/** `https://host[:port]` without a trailing slash; settings may give another origin (e.g. a sandbox). */
export function normalizeBaseUrl(baseUrl: string | undefined): string {
  const url = (baseUrl ?? DEFAULT_STRIPE_BASE_URL).trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[A-Za-z0-9.\-[\]:]+$/.test(url)) {
    throw new StripeClientError(
      'SNC_INVALID_SETTING',
      `The Stripe API base URL must be an origin such as ${DEFAULT_STRIPE_BASE_URL}, not "${url}"`,
    );
  }
  return url;
}

export interface RequestSpec {
  method: StripeMethod;
  /** `/v1/customers/cus_…`, no query string. */
  path: string;
  params?: FormParams;
  expand?: readonly string[];
  /** POST only. */
  idempotencyKey?: string;
}

/** A request ready for N/https; `A` is the Authorization value (an https.SecureString in NetSuite). */
export interface BuiltRequest<A> {
  method: StripeMethod;
  url: string;
  headers: Record<string, string | A>;
  /** Form body for POST; null for GET (its parameters are in the URL). */
  body: string | null;
}

/** Builds the request; `authorization` is the whole header value (`Bearer sk_…`), opaque here. */
export function buildRequest<A>(spec: RequestSpec, authorization: A, baseUrl?: string): BuiltRequest<A> {
  checkPath(spec.path);
  const params: FormParams =
    spec.expand && spec.expand.length > 0 ? { ...spec.params, expand: [...spec.expand] } : (spec.params ?? {});
  const form = encodeForm(params);
  const headers: Record<string, string | A> = {
    Authorization: authorization,
    'Stripe-Version': STRIPE_API_VERSION,
    Accept: 'application/json',
  };
  if (spec.idempotencyKey !== undefined) {
    if (spec.method !== 'POST') throw invalidRequest('An idempotency key applies to POST requests only');
    if (!/^[\x21-\x7e]{1,255}$/.test(spec.idempotencyKey)) {
      throw invalidRequest('An idempotency key must be 1 to 255 printable ASCII characters without spaces');
    }
    headers['Idempotency-Key'] = spec.idempotencyKey;
  }
  const origin = normalizeBaseUrl(baseUrl);
  if (spec.method === 'GET') {
    return { method: 'GET', url: `${origin}${spec.path}${form ? `?${form}` : ''}`, headers, body: null };
  }
  headers['Content-Type'] = 'application/x-www-form-urlencoded';
  return { method: 'POST', url: `${origin}${spec.path}`, headers, body: form };
}

/** GETs are safe to repeat; a POST only with an idempotency key (Stripe replays the first result). */
export function isIdempotent(spec: Pick<RequestSpec, 'method' | 'idempotencyKey'>): boolean {
  return spec.method === 'GET' || spec.idempotencyKey !== undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Responses

export interface RawResponse {
  code: number;
  headers: Readonly<Record<string, unknown>>;
  body: string;
}

/** Header lookup ignoring case (N/https does not promise a case). */
export function headerValue(headers: Readonly<Record<string, unknown>>, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined || value === null) continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    return first === undefined || first === null ? null : String(first);
  }
  return null;
}

/**
 * Whether an answer may succeed if sent again. `Stripe-Should-Retry` decides when present. 429 means Stripe
 * refused before doing anything (rate limit, `lock_timeout`), so it is retried even for a POST without a
 * key; 409 and 5xx may have executed, so only idempotent requests are retried.
 */
export function isRetryableResponse(
  status: number,
  headers: Readonly<Record<string, unknown>>,
  idempotent: boolean,
): boolean {
  const advice = headerValue(headers, 'Stripe-Should-Retry')?.trim().toLowerCase();
  if (advice === 'false') return false;
  if (advice === 'true') return true;
  if (status === 429) return true;
  if (status === 409 || status >= 500) return idempotent;
  return false;
}

/** N/https errors that mean the network failed, not the request: worth another attempt. */
export const TRANSIENT_HTTPS_ERRORS: readonly string[] = [
  'SSS_REQUEST_TIME_EXCEEDED',
  'SSS_CONNECTION_TIME_OUT',
  'SSS_CONNECTION_CLOSED',
  'SSS_CONNECTION_RESET',
];

export function errorMessage(error: unknown): string {
  return error && typeof error === 'object' && 'message' in error ? String(error.message) : String(error);
}

export function isTransientTransportError(error: unknown): boolean {
  return TRANSIENT_HTTPS_ERRORS.includes(errorName(error));
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The parsed JSON of a 2xx answer; anything else throws a StripeApiError carrying Stripe's error object
 * (or, for a body that is not Stripe's, an `api_error` quoting the start of it).
 */
export function parseResponse(
  response: RawResponse,
  request: { method: StripeMethod; path: string; idempotent: boolean },
): unknown {
  let parsed: unknown;
  let json = true;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    json = false;
  }
  const status = response.code;
  const requestId = headerValue(response.headers, 'Request-Id');
  if (status >= 200 && status < 300) {
    if (!json || parsed === null || typeof parsed !== 'object') {
      throw new StripeClientError(
        'SNC_STRIPE_BAD_RESPONSE',
        `Stripe ${request.method} ${request.path} answered ${status} with a body that is not a JSON object`,
      );
    }
    return parsed;
  }
  const retryable = isRetryableResponse(status, response.headers, request.idempotent);
  const error: unknown =
    json && parsed !== null && typeof parsed === 'object' && 'error' in parsed ? parsed.error : undefined;
  if (error === null || typeof error !== 'object') {
    const snippet = response.body.replace(/\s+/g, ' ').trim().slice(0, 200);
    return throwApiError(request, status, requestId, retryable, {
      type: 'api_error',
      message: `HTTP ${status} without a Stripe error object${snippet ? `: ${snippet}` : ''}`,
    });
  }
  const fields = error as Record<string, unknown>;
  return throwApiError(request, status, requestId, retryable, {
    type: text(fields['type']) ?? 'api_error',
    message: text(fields['message']) ?? '(Stripe gave no message)',
    code: text(fields['code']),
    param: text(fields['param']),
    declineCode: text(fields['decline_code']),
  });
}

function throwApiError(
  request: { method: StripeMethod; path: string },
  status: number,
  requestId: string | null,
  retryable: boolean,
  error: { type: string; message: string; code?: string | null; param?: string | null; declineCode?: string | null },
): never {
  throw new StripeApiError({
    method: request.method,
    path: request.path,
    status,
    type: error.type,
    code: error.code ?? null,
    param: error.param ?? null,
    declineCode: error.declineCode ?? null,
    requestId,
    stripeMessage: error.message,
    retryable,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Retries

export interface RetryPolicy {
  /** Attempts after the first. */
  maxRetries: number;
  /** Delay before the first retry, before jitter; doubles each retry. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Total waiting allowed for one call; past it the caller's queue backoff takes over. */
  maxTotalWaitMs: number;
}

/**
 * Short on purpose: SuiteScript has no timers, so a wait holds the script (and its time limit). Two quick
 * retries clear a brief rate limit or lock; anything longer is the event queue's job (minutes, not seconds).
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 2_000,
  maxTotalWaitMs: 4_000,
};

/**
 * Jittered exponential backoff for retry `retry` (1 for the first): the exponential delay capped at
 * `maxDelayMs`, then a random point in its upper half, so callers that failed together spread out.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, retry - 1));
  const unit = Math.min(1, Math.max(0, random()));
  return Math.round(base * (0.5 + unit / 2));
}

export type RetryPlan = { retry: true; delayMs: number } | { retry: false; reason: string };

/** After a failed attempt: whether to try again, and after how long. */
export function planRetry(
  state: { retryable: boolean; retriesSoFar: number; waitedMs: number; retryAfterSeconds?: number | null },
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryPlan {
  if (!state.retryable) return { retry: false, reason: 'not retryable' };
  if (state.retriesSoFar >= policy.maxRetries)
    return { retry: false, reason: `gave up after ${policy.maxRetries} retries` };
  let delayMs = backoffDelayMs(state.retriesSoFar + 1, policy, random);
  const after = state.retryAfterSeconds;
  if (after !== null && after !== undefined && Number.isFinite(after) && after > 0) {
    if (after * 1000 > policy.maxDelayMs) return { retry: false, reason: `Stripe asked to wait ${after} s` };
    delayMs = Math.max(delayMs, Math.ceil(after * 1000));
  }
  if (state.waitedMs + delayMs > policy.maxTotalWaitMs) {
    return { retry: false, reason: `waiting would exceed ${policy.maxTotalWaitMs} ms` };
  }
  return { retry: true, delayMs };
}

/** `Retry-After` in seconds when it is a number (Stripe sends none today; proxies may). */
export function retryAfterSeconds(headers: Readonly<Record<string, unknown>>): number | null {
  const value = headerValue(headers, 'Retry-After');
  if (value === null || !/^\d+(\.\d+)?$/.test(value.trim())) return null;
  return Number(value);
}

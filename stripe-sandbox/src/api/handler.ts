import { API_VERSION, type RequestInfo, type SandboxAccount } from '../core/account';
import { IdGenerator } from '../core/clock';
import { StripeApiError } from '../core/errors';
import { Params, type RawParams } from '../core/params';
import type { Route } from '../core/routes';
import { capEmbeddedLists } from '../core/embeddedLists';
import { withoutIncludable } from '../core/includable';
import { checkStripeAccount } from '../core/stripeAccount';
import { applyExpand } from './expand';
import { decodeForm, splitPath } from './form';
import { canonical, IdempotencyStore, type StoredResponse } from './idempotency';
import { Router } from './router';

/** A request as the HTTP server (or an in-process caller) hands it over. */
export interface ApiRequest {
  method: string;
  /** Path with its query string: `/v1/customers?limit=3`. */
  path: string;
  headers: Record<string, string | readonly string[] | undefined>;
  /** Raw body (form-encoded for POST). */
  body: string;
}

export type ApiResponse = StoredResponse;

export interface RateLimitSettings {
  /** Requests allowed per wall-clock second before 429 (0 = no limit). Stripe test mode allows 25/s. */
  requestsPerSecond: number;
}

export interface ApiSettings {
  /** Secret keys the sandbox accepts. */
  secretKeys: readonly string[];
  /** Largest body accepted, in bytes (413 above it). */
  maxBodyBytes: number;
  /** How long an idempotency key's result is replayed, in sandbox-clock seconds. */
  idempotencyTtlSeconds: number;
  rateLimit: RateLimitSettings;
  /** Called with every non-Stripe error a route throws (the caller gets a 500 api_error). */
  onInternalError: (error: unknown, request: ApiRequest) => void;
}

export const DEFAULT_API_SETTINGS: Omit<ApiSettings, 'secretKeys'> = {
  maxBodyBytes: 1024 * 1024,
  idempotencyTtlSeconds: 24 * 60 * 60,
  rateLimit: { requestsPerSecond: 0 },
  onInternalError: () => undefined,
};

const VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}(\.[a-z_]+)?$/;

/** Error codes that fail before an endpoint executes: Stripe saves no idempotent result for them. */
function savedForIdempotency(status: number, body: string): boolean {
  if (status === 401 || status === 429) return false;
  if (status !== 400) return true;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string; type?: string } };
    const code = parsed.error?.code ?? '';
    return !code.startsWith('parameter_') && parsed.error?.type !== 'idempotency_error';
  } catch {
    return true;
  }
}

function header(headers: ApiRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value[0];
  }
  return undefined;
}

function maskKey(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  const tail = key.length > prefix.length + 4 ? key.slice(-4) : '';
  return `${prefix}${'*'.repeat(Math.max(0, key.length - prefix.length - tail.length))}${tail}`;
}

const NO_KEY =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/**
 * The sandbox's request layer: authentication, versioning, routing, parameters, idempotency, `expand[]`
 * and errors, all synchronous so tests can call it in-process. Never throws: every failure becomes
 * Stripe's error JSON.
 */
export class ApiHandler {
  readonly settings: ApiSettings;
  private readonly router: Router;
  private readonly idempotency: IdempotencyStore;
  private readonly requestIds: IdGenerator;
  private window = { second: 0, count: 0 };
  private forced: { kind: 'rate_limit' | 'lock_timeout'; remaining: number } | null = null;

  constructor(
    readonly account: SandboxAccount,
    routes: readonly Route[],
    settings: Partial<ApiSettings> & { secretKeys: readonly string[] },
    seed = 42,
  ) {
    this.settings = { ...DEFAULT_API_SETTINGS, ...settings };
    this.router = new Router(routes);
    this.idempotency = new IdempotencyStore(this.settings.idempotencyTtlSeconds);
    this.requestIds = new IdGenerator(seed ^ 0x7e9);
  }

  /** Answers the next `count` requests with 429 (`rate_limit` or `lock_timeout`), for retry tests. */
  failNext(count: number, kind: 'rate_limit' | 'lock_timeout' = 'rate_limit'): void {
    this.forced = count > 0 ? { kind, remaining: count } : null;
  }

  setRateLimit(requestsPerSecond: number): void {
    this.settings.rateLimit = { requestsPerSecond };
  }

  handle(request: ApiRequest): ApiResponse {
    const requestId = this.requestIds.next('req', 14);
    const baseHeaders: Record<string, string> = {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, no-store',
      'Request-Id': requestId,
      'Stripe-Version': API_VERSION,
    };
    try {
      return this.handleInner(request, requestId, baseHeaders);
    } catch (error) {
      return this.errorResponse(error, request, requestId, baseHeaders);
    } finally {
      this.account.currentRequest = null;
    }
  }

  private errorResponse(
    error: unknown,
    request: ApiRequest,
    requestId: string,
    headers: Record<string, string>,
  ): ApiResponse {
    let apiError: StripeApiError;
    if (error instanceof StripeApiError) {
      apiError = error;
    } else {
      try {
        this.settings.onInternalError(error, request);
      } catch {
        // A failing error hook must not turn a 500 into a crash.
      }
      const detail = error instanceof Error ? error.message : String(error);
      apiError = new StripeApiError(
        500,
        'api_error',
        `An unexpected error occurred in the Stripe sandbox (${detail}). Stripe would answer this with a 500; please report it.`,
      );
    }
    const body = apiError.toJSON();
    body.error['request_log_url'] = `https://dashboard.stripe.com/test/logs/${requestId}`;
    const out = { ...headers };
    // Stripe marks lock timeouts as safe to retry; stripe-node retries only on this header (or 409/5xx).
    if (apiError.extra.code === 'lock_timeout') out['Stripe-Should-Retry'] = 'true';
    return { status: apiError.statusCode, headers: out, body: JSON.stringify(body, null, 2) + '\n' };
  }

  private authenticate(request: ApiRequest): string {
    const authorization = header(request.headers, 'authorization')?.trim();
    if (!authorization) throw new StripeApiError(401, 'invalid_request_error', NO_KEY);
    let key: string;
    const bearer = /^Bearer\s+(.*)$/i.exec(authorization);
    const basic = /^Basic\s+(.*)$/i.exec(authorization);
    if (bearer) {
      key = (bearer[1] ?? '').trim();
    } else if (basic) {
      const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
      key = decoded.split(':')[0] ?? '';
    } else {
      throw new StripeApiError(
        401,
        'invalid_request_error',
        `Invalid Authorization header. Use Bearer auth: 'Authorization: Bearer YOUR_SECRET_KEY'.`,
      );
    }
    if (key === '') {
      throw new StripeApiError(
        401,
        'invalid_request_error',
        `You did not provide an API key, though you did set your Authorization header to "${authorization}". Using Bearer auth, your Authorization header should look something like 'Authorization: Bearer YOUR_SECRET_KEY'.`,
      );
    }
    if (key.startsWith('sk_live_') || key.startsWith('rk_live_')) {
      throw new StripeApiError(
        401,
        'invalid_request_error',
        `This is a local Stripe sandbox in test mode: live mode keys (${maskKey(key)}) are refused. Use the sandbox's sk_test_ key.`,
      );
    }
    if (key.startsWith('pk_')) {
      throw new StripeApiError(
        401,
        'invalid_request_error',
        'This API call cannot be made with a publishable API key. Please use a secret API key.',
      );
    }
    if (!this.settings.secretKeys.includes(key)) {
      throw new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${maskKey(key)}`);
    }
    return key;
  }

  private checkRateLimit(): void {
    if (this.forced) {
      const kind = this.forced.kind;
      this.forced.remaining -= 1;
      if (this.forced.remaining <= 0) this.forced = null;
      throw kind === 'lock_timeout'
        ? new StripeApiError(
            429,
            'invalid_request_error',
            'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. If you see this error frequently and are making multiple concurrent requests to a single object, make your requests serially or at a lower rate.',
            { code: 'lock_timeout' },
          )
        : rateLimited();
    }
    const limit = this.settings.rateLimit.requestsPerSecond;
    if (limit <= 0) return;
    const second = Math.floor(Date.now() / 1000);
    if (this.window.second !== second) this.window = { second, count: 0 };
    this.window.count += 1;
    if (this.window.count > limit) throw rateLimited();
  }

  private handleInner(request: ApiRequest, requestId: string, headers: Record<string, string>): ApiResponse {
    const method = request.method.toUpperCase();
    const apiKey = this.authenticate(request);
    this.checkRateLimit();
    if (Buffer.byteLength(request.body, 'utf8') > this.settings.maxBodyBytes) throw bodyTooLarge(this.settings);

    const version = header(request.headers, 'stripe-version')?.trim();
    if (version && version !== API_VERSION) {
      if (!VERSION_PATTERN.test(version)) {
        throw new StripeApiError(400, 'invalid_request_error', `Invalid Stripe API version: ${version}`, {
          param: 'Stripe-Version',
        });
      }
      // One version is modelled: objects render in it whatever was asked for; the header says so.
      headers['Stripe-Sandbox-Version-Note'] =
        `Requested ${version}; the sandbox renders ${API_VERSION} (the only version it models).`;
    }

    checkStripeAccount(this.account, header(request.headers, 'stripe-account')?.trim(), apiKey);

    const { path, query } = splitPath(request.path);
    const match = method === 'GET' || method === 'POST' || method === 'DELETE' ? this.router.match(method, path) : null;
    if (!match) {
      throw new StripeApiError(
        404,
        'invalid_request_error',
        `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      );
    }

    const raw: RawParams =
      method === 'POST' ? { ...decodeForm(query), ...decodeForm(request.body) } : decodeForm(query);
    const expand = readExpand(raw);
    delete raw['expand'];

    const idempotencyKey = method === 'POST' ? (header(request.headers, 'idempotency-key') ?? null) : null;
    let fingerprint = '';
    if (idempotencyKey !== null) {
      if (idempotencyKey.length > 255) {
        throw new StripeApiError(400, 'invalid_request_error', 'Idempotency-Key must be at most 255 characters long.', {
          param: 'Idempotency-Key',
        });
      }
      headers['Idempotency-Key'] = idempotencyKey;
      fingerprint = canonical({ method, path, params: raw, expand });
      const saved = this.idempotency.lookup(apiKey, idempotencyKey, this.account.now());
      if (saved) {
        if (saved.fingerprint !== fingerprint) {
          throw new StripeApiError(
            400,
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          );
        }
        return {
          status: saved.response.status,
          headers: {
            ...saved.response.headers,
            'Request-Id': requestId,
            'Idempotent-Replayed': 'true',
            'Original-Request': saved.requestId,
          },
          body: saved.response.body,
        };
      }
      headers['Original-Request'] = requestId;
    }

    const info: RequestInfo = { id: requestId, idempotencyKey };
    this.account.currentRequest = info;
    let response: ApiResponse;
    try {
      const result = match.route.handler({ account: this.account, params: new Params(raw), path: match.path });
      const rendered = capEmbeddedLists(
        withoutIncludable(expand.length > 0 ? applyExpand(this.account, result, expand) : result, expand),
      );
      response = { status: 200, headers: { ...headers }, body: JSON.stringify(rendered, null, 2) + '\n' };
    } catch (error) {
      response = this.errorResponse(error, request, requestId, headers);
    } finally {
      this.account.currentRequest = null;
    }
    if (idempotencyKey !== null && savedForIdempotency(response.status, response.body)) {
      this.idempotency.save(apiKey, idempotencyKey, {
        fingerprint,
        response,
        requestId,
        createdAt: this.account.now(),
      });
    }
    return response;
  }
}

function readExpand(raw: RawParams): string[] {
  const value = raw['expand'];
  if (value === undefined || value === '') return [];
  const items = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null
      ? Object.values(value)
      : null;
  if (!items) throw new StripeApiError(400, 'invalid_request_error', 'Invalid array', { param: 'expand' });
  return items.map((item, index) => {
    if (typeof item !== 'string') {
      throw new StripeApiError(400, 'invalid_request_error', 'Invalid string', { param: `expand[${index}]` });
    }
    return item;
  });
}

function rateLimited(): StripeApiError {
  return new StripeApiError(
    429,
    'rate_limit_error',
    'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
    { code: 'rate_limit' },
  );
}

export function bodyTooLarge(settings: Pick<ApiSettings, 'maxBodyBytes'>): StripeApiError {
  return new StripeApiError(
    413,
    'invalid_request_error',
    `Request body too large: the sandbox accepts at most ${settings.maxBodyBytes} bytes.`,
  );
}

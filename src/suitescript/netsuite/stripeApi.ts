import https = require('N/https');
import log = require('N/log');
import runtime = require('N/runtime');
import { errorName } from '../netsuiteErrors';
import {
  buildRequest,
  DEFAULT_RETRY_POLICY,
  errorMessage,
  type FormParams,
  isIdempotent,
  isTransientTransportError,
  normalizeBaseUrl,
  parseResponse,
  planRetry,
  type RawResponse,
  type RequestSpec,
  retryAfterSeconds,
  type RetryPolicy,
  StripeApiError,
  StripeClientError,
} from '../stripe/apiRequest';
import { asListPage, collectList, type ListPage, MAX_PAGE_SIZE } from '../stripe/pagination';

/** N/https: 10 units per request, whatever the answer. */
export const HTTPS_UNITS = 10;
/** Units left untouched for the caller to record the outcome (e.g. keep the event queued with its error). */
export const DEFAULT_GOVERNANCE_RESERVE_UNITS = 100;
/** 10 pages of 100: 100 units. Larger lists need an explicit `maxItems`. */
export const DEFAULT_MAX_LIST_ITEMS = 1_000;
/** No single wait is longer than this, whatever the policy says (the script's time limit runs meanwhile). */
export const MAX_WAIT_MS = 5_000;

/** From the connector's settings: the API Secret holding the `sk_…`/`rk_…` key, and an optional origin. */
export interface StripeApiSettings {
  /** Script ID of the API Secret (`custsecret_…`); the key itself never enters script memory. */
  apiKeySecretName: string;
  /** `https://api.stripe.com` unless set (a local sandbox, a proxy). */
  baseUrl?: string | null;
}

export interface StripeClientOptions {
  retry?: Partial<RetryPolicy>;
  /** A request is not sent unless this many units remain after it (default 100). */
  governanceReserveUnits?: number;
  /** Default `maxItems` of `list` (default 1,000). */
  maxListItems?: number;
  /** How to wait between retries (default: a bounded busy-wait); tests may record instead. */
  wait?: (ms: number) => void;
  random?: () => number;
}

export interface StripeClient {
  /** GET one object: `retrieve<StripeCharge>(resourcePath('charges', id), { expand: ['balance_transaction'] })`. */
  retrieve<T = unknown>(path: string, options?: { expand?: readonly string[] }): T;
  /** GET every item of a list, following `has_more`; fails past `maxItems`. `limit` is the page size (≤ 100). */
  list<T = { id: string }>(path: string, params?: FormParams, options?: { maxItems?: number }): T[];
  /**
   * GET one page of a list (`limit`, `starting_after` and filters in `params`), for callers that checkpoint
   * between pages (the catch-up of missed webhooks).
   */
  page<T extends { id: string } = { id: string }>(path: string, params?: FormParams): ListPage<T>;
  /** POST form parameters; pass an idempotency key derived from the event so a retried event is applied once. */
  post<T = unknown>(
    path: string,
    params?: FormParams,
    options?: { idempotencyKey?: string; expand?: readonly string[] },
  ): T;
}

const SECRET_NAME = /^custsecret_[a-z0-9_]+$/;
/** A clock that has not moved in this many reads is frozen (a test clock): stop waiting rather than hang. */
const FROZEN_CLOCK_READS = 1_000_000;

/**
 * SuiteScript has no timers, so waiting means spinning. It costs no governance, only wall time against the
 * script's time limit, which is why the policy keeps waits to a few seconds and leaves longer backoff to
 * the event queue.
 */
export function busyWait(ms: number): void {
  const until = Date.now() + Math.min(Math.max(0, ms), MAX_WAIT_MS);
  let last = Date.now();
  let unchanged = 0;
  for (;;) {
    const now = Date.now();
    if (now >= until) return;
    if (now !== last) {
      last = now;
      unchanged = 0;
    } else if (++unchanged > FROZEN_CLOCK_READS) {
      return;
    }
  }
}

function nonNegativeInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new StripeClientError('SNC_INVALID_SETTING', `${name} must be a whole number ≥ 0, not ${value}`);
  }
  return value;
}

/** A Stripe API client over N/https that authenticates with an API Secret. */
export function createStripeClient(settings: StripeApiSettings, options: StripeClientOptions = {}): StripeClient {
  const secretName = settings.apiKeySecretName.trim();
  if (!SECRET_NAME.test(secretName)) {
    throw new StripeClientError(
      'SNC_INVALID_SETTING',
      `The Stripe API key must be named by an API Secret script ID (custsecret_…), not "${secretName}"`,
    );
  }
  const baseUrl = normalizeBaseUrl(settings.baseUrl ?? undefined);
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const reserve = nonNegativeInteger(options.governanceReserveUnits, DEFAULT_GOVERNANCE_RESERVE_UNITS, 'reserve');
  const defaultMaxItems = nonNegativeInteger(options.maxListItems, DEFAULT_MAX_LIST_ITEMS, 'maxListItems');
  const wait = options.wait ?? busyWait;
  const random = options.random ?? Math.random;

  const checkGovernance = (spec: RequestSpec, lastFailure: string | null): void => {
    const remaining = runtime.getCurrentScript().getRemainingUsage();
    if (remaining - HTTPS_UNITS >= reserve) return;
    throw new StripeClientError(
      'SNC_STRIPE_OUT_OF_GOVERNANCE',
      `Out of governance: Stripe ${spec.method} ${spec.path} needs ${HTTPS_UNITS} units and ${reserve} stay in reserve, ` +
        `but ${remaining} remain${lastFailure ? ` (last attempt: ${lastFailure})` : ''}. Try again in a new script run.`,
    );
  };

  const retryLater = (spec: RequestSpec, retry: number, delayMs: number, why: string): void => {
    // Method, path and status only: the URL's query and the headers stay out of the log.
    log.audit({
      title: 'Stripe API retry',
      details: `${spec.method} ${spec.path}: ${why}; retry ${retry} of ${policy.maxRetries} in ${delayMs} ms`,
    });
    wait(delayMs);
  };

  const send = (spec: RequestSpec): unknown => {
    const idempotent = isIdempotent(spec);
    // The key is filled in by NetSuite when the header is sent; this script never sees it.
    const authorization = https.createSecureString({ input: `Bearer {${secretName}}` });
    const request = buildRequest(spec, authorization, baseUrl);
    let retries = 0;
    let waitedMs = 0;
    let lastFailure: string | null = null;
    for (;;) {
      checkGovernance(spec, lastFailure);
      let response: RawResponse;
      try {
        const raw =
          request.method === 'GET'
            ? https.get({ url: request.url, headers: request.headers })
            : https.post({ url: request.url, headers: request.headers, body: request.body ?? '' });
        response = { code: raw.code, headers: raw.headers as Record<string, unknown>, body: raw.body };
      } catch (error) {
        if (!isTransientTransportError(error)) throw error;
        lastFailure = `${errorName(error)}: ${errorMessage(error)}`;
        const plan = planRetry({ retryable: idempotent, retriesSoFar: retries, waitedMs }, policy, random);
        if (!plan.retry) {
          const unknownOutcome = idempotent
            ? ''
            : ' The request may have been applied: send it with an idempotency key.';
          throw new StripeClientError(
            'SNC_STRIPE_UNREACHABLE',
            `Stripe ${spec.method} ${spec.path} failed after ${retries + 1} attempt(s) (${lastFailure}).${unknownOutcome}`,
            { cause: error },
          );
        }
        retries++;
        retryLater(spec, retries, plan.delayMs, errorName(error));
        waitedMs += plan.delayMs;
        continue;
      }
      try {
        return parseResponse(response, { method: spec.method, path: spec.path, idempotent });
      } catch (error) {
        if (!(error instanceof StripeApiError) || !error.retryable) throw error;
        lastFailure = error.message;
        const plan = planRetry(
          { retryable: true, retriesSoFar: retries, waitedMs, retryAfterSeconds: retryAfterSeconds(response.headers) },
          policy,
          random,
        );
        if (!plan.retry) throw error;
        retries++;
        retryLater(spec, retries, plan.delayMs, `${error.status} ${error.code ?? error.type}`);
        waitedMs += plan.delayMs;
      }
    }
  };

  return {
    retrieve<T = unknown>(path: string, options: { expand?: readonly string[] } = {}): T {
      return send({ method: 'GET', path, expand: options.expand }) as T;
    },

    list<T = { id: string }>(path: string, params: FormParams = {}, options: { maxItems?: number } = {}): T[] {
      if (params['ending_before'] !== undefined) {
        throw new StripeClientError('SNC_STRIPE_INVALID_REQUEST', 'list pages forward only: use starting_after');
      }
      const maxItems = nonNegativeInteger(options.maxItems, defaultMaxItems, 'maxItems');
      // One item past the guard is enough to know the list is too large.
      const pageParams: FormParams = { limit: Math.min(MAX_PAGE_SIZE, maxItems + 1), ...params };
      const pages = collectList(
        (cursor) => {
          const page = send({
            method: 'GET',
            path,
            params: cursor ? { ...pageParams, starting_after: cursor } : pageParams,
          });
          return asListPage(page, path);
        },
        { maxItems, path },
      );
      return pages as T[];
    },

    page<T extends { id: string } = { id: string }>(path: string, params: FormParams = {}): ListPage<T> {
      return asListPage(send({ method: 'GET', path, params }), path) as ListPage<T>;
    },

    post<T = unknown>(
      path: string,
      params: FormParams = {},
      options: { idempotencyKey?: string; expand?: readonly string[] } = {},
    ): T {
      return send({
        method: 'POST',
        path,
        params,
        expand: options.expand,
        idempotencyKey: options.idempotencyKey,
      }) as T;
    },
  };
}

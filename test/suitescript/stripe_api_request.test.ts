import { decodeForm } from '../../stripe-sandbox/src/api/form';
import { StripeSandbox } from '../../stripe-sandbox/src/sandbox';
import {
  backoffDelayMs,
  buildRequest,
  DEFAULT_RETRY_POLICY,
  encodeForm,
  type FormParams,
  isIdempotent,
  isRetryableResponse,
  isTransientTransportError,
  normalizeBaseUrl,
  parseResponse,
  planRetry,
  resourcePath,
  retryAfterSeconds,
  STRIPE_API_VERSION,
  StripeApiError,
  StripeClientError,
} from '../../src/suitescript/stripe/apiRequest';
import { asListPage, collectList, type ListPage } from '../../src/suitescript/stripe/pagination';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('form encoding: what the qs-based sandbox decodes is what was meant', () => {
  const cases: [string, FormParams, unknown][] = [
    [
      'scalars',
      { amount: 1999, currency: 'usd', confirm: true, off: false },
      {
        amount: '1999',
        currency: 'usd',
        confirm: 'true',
        off: 'false',
      },
    ],
    [
      'nested hashes',
      { metadata: { order: 'A-1', 'snc event': 'evt_1' }, address: { line1: '1 Main St', city: 'Zürich' } },
      {
        metadata: { order: 'A-1', 'snc event': 'evt_1' },
        address: { line1: '1 Main St', city: 'Zürich' },
      },
    ],
    [
      'expand[] and lists of scalars',
      { expand: ['data.customer', 'data.latest_charge'], default_tax_rates: ['txr_1'] },
      {
        expand: ['data.customer', 'data.latest_charge'],
        default_tax_rates: ['txr_1'],
      },
    ],
    [
      'lists of hashes five levels deep',
      {
        line_items: [
          { price_data: { currency: 'eur', unit_amount: 500, product_data: { name: 'A & B', metadata: { k: 'v' } } } },
          { price: 'price_2', quantity: 3 },
        ],
      },
      {
        line_items: [
          {
            price_data: { currency: 'eur', unit_amount: '500', product_data: { name: 'A & B', metadata: { k: 'v' } } },
          },
          { price: 'price_2', quantity: '3' },
        ],
      },
    ],
    [
      'characters that need escaping',
      { description: 'a=b&c+d %e [f] #g? ü 😀', 'metadata[x]': undefined },
      {
        description: 'a=b&c+d %e [f] #g? ü 😀',
      },
    ],
    [
      'null unsets, an empty list clears, undefined is left out',
      { description: null, default_tax_rates: [], email: undefined },
      {
        description: '',
        default_tax_rates: '',
      },
    ],
    [
      'more than 20 list items',
      { expand: Array.from({ length: 25 }, (_, i) => `f${i}`) },
      {
        expand: Array.from({ length: 25 }, (_, i) => `f${i}`),
      },
    ],
  ];

  it.each(cases)('%s', (_name, params, decoded) => {
    expect(decodeForm(encodeForm(params))).toEqual(decoded);
  });

  it('keeps brackets literal and writes expand as expand[]', () => {
    expect(encodeForm({ expand: ['customer'], metadata: { a: 'b c' } })).toBe('expand[]=customer&metadata[a]=b%20c');
  });

  it('refuses numbers that are not finite', () => {
    expect(thrown(() => encodeForm({ amount: Number.NaN }))).toMatchObject({ code: 'SNC_STRIPE_INVALID_REQUEST' });
  });
});

describe('building requests', () => {
  const AUTH = { opaque: 'secure string' };

  it('GET: parameters and expand[] in the query, pinned version, the Authorization value as given', () => {
    const request = buildRequest(
      {
        method: 'GET',
        path: '/v1/customers',
        params: { limit: 100, email: 'a+b@example.com' },
        expand: ['data.test_clock'],
      },
      AUTH,
    );
    expect(request).toEqual({
      method: 'GET',
      url: 'https://api.stripe.com/v1/customers?limit=100&email=a%2Bb%40example.com&expand[]=data.test_clock',
      headers: { Authorization: AUTH, 'Stripe-Version': STRIPE_API_VERSION, Accept: 'application/json' },
      body: null,
    });
    expect(STRIPE_API_VERSION).toBe('2026-10-28.endive');
    const query = request.url.slice(request.url.indexOf('?') + 1);
    expect(decodeForm(query)).toEqual({ limit: '100', email: 'a+b@example.com', expand: ['data.test_clock'] });
  });

  it('POST: a form body and the idempotency key', () => {
    const request = buildRequest(
      {
        method: 'POST',
        path: '/v1/refunds',
        params: { charge: 'ch_1', amount: 500 },
        idempotencyKey: 'snc-evt_1-refund',
      },
      'Bearer x',
      'http://127.0.0.1:12111/',
    );
    expect(request).toEqual({
      method: 'POST',
      url: 'http://127.0.0.1:12111/v1/refunds',
      headers: {
        Authorization: 'Bearer x',
        'Stripe-Version': STRIPE_API_VERSION,
        Accept: 'application/json',
        'Idempotency-Key': 'snc-evt_1-refund',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'charge=ch_1&amount=500',
    });
  });

  it.each([
    ['a query in the path', { method: 'GET' as const, path: '/v1/customers?limit=1' }],
    ['a path outside the API', { method: 'GET' as const, path: '/v1/../admin' }],
    ['a relative path', { method: 'GET' as const, path: 'v1/customers' }],
    ['an idempotency key on a GET', { method: 'GET' as const, path: '/v1/customers', idempotencyKey: 'k' }],
    ['an idempotency key with spaces', { method: 'POST' as const, path: '/v1/customers', idempotencyKey: 'a b' }],
    [
      'an idempotency key over 255 characters',
      { method: 'POST' as const, path: '/v1/customers', idempotencyKey: 'k'.repeat(256) },
    ],
  ])('refuses %s', (_name, spec) => {
    const error = thrown(() => buildRequest(spec, 'Bearer x'));
    expect(error).toBeInstanceOf(StripeClientError);
    expect(error).toMatchObject({ code: 'SNC_STRIPE_INVALID_REQUEST' });
  });

  it('resourcePath encodes each segment', () => {
    expect(resourcePath('customers', 'cus_1')).toBe('/v1/customers/cus_1');
    expect(resourcePath('customers', 'a/b?c')).toBe('/v1/customers/a%2Fb%3Fc');
    expect(thrown(() => resourcePath('customers', '..'))).toMatchObject({ code: 'SNC_STRIPE_INVALID_REQUEST' });
  });

  it('accepts an origin as base URL, nothing more', () => {
    expect(normalizeBaseUrl(undefined)).toBe('https://api.stripe.com');
    expect(normalizeBaseUrl('http://127.0.0.1:12111/')).toBe('http://127.0.0.1:12111');
    expect(thrown(() => normalizeBaseUrl('https://api.stripe.com/v1'))).toMatchObject({ code: 'SNC_INVALID_SETTING' });
    expect(thrown(() => normalizeBaseUrl('ftp://x'))).toMatchObject({ code: 'SNC_INVALID_SETTING' });
  });

  it('idempotent requests: GETs, and POSTs with a key', () => {
    expect(isIdempotent({ method: 'GET' })).toBe(true);
    expect(isIdempotent({ method: 'POST' })).toBe(false);
    expect(isIdempotent({ method: 'POST', idempotencyKey: 'k' })).toBe(true);
  });
});

describe('parsing responses', () => {
  const sandbox = new StripeSandbox({ seed: 3, secretKey: 'sk_test_parse_tests' });
  const call = (method: 'GET' | 'POST', path: string, body = '') => {
    const r = sandbox.handle({ method, path, headers: { Authorization: 'Bearer sk_test_parse_tests' }, body });
    return { code: r.status, headers: r.headers, body: r.body };
  };
  const context = { method: 'GET' as const, path: '/v1/customers/cus_missing', idempotent: true };

  it('returns the JSON of a 2xx answer', () => {
    const created = call('POST', '/v1/customers', 'email=a%40example.com');
    expect(parseResponse(created, { ...context, method: 'POST' })).toMatchObject({
      object: 'customer',
      email: 'a@example.com',
    });
  });

  it("turns Stripe's error object into a StripeApiError with type, code, param, message, status", () => {
    const error = thrown(() => parseResponse(call('GET', '/v1/customers/cus_missing'), context));
    expect(error).toBeInstanceOf(StripeApiError);
    expect(error).toMatchObject({
      name: 'StripeApiError',
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
      stripeMessage: "No such customer: 'cus_missing'",
      retryable: false,
    });
    const apiError = error as StripeApiError;
    expect(apiError.requestId).toMatch(/^req_/);
    expect(apiError.message).toContain("404 invalid_request_error (resource_missing): No such customer: 'cus_missing'");
  });

  it('names the parameter Stripe refused', () => {
    const error = thrown(() => parseResponse(call('POST', '/v1/customers', 'bogus=1'), { ...context, method: 'POST' }));
    expect(error).toMatchObject({ status: 400, code: 'parameter_unknown', param: 'bogus', retryable: false });
  });

  it('a card decline keeps its decline code', () => {
    const body = 'amount=500&currency=usd&payment_method=pm_card_visa_chargeDeclined&confirm=true';
    const error = thrown(() =>
      parseResponse(call('POST', '/v1/payment_intents', body), { ...context, method: 'POST' }),
    );
    expect(error).toMatchObject({
      status: 402,
      type: 'card_error',
      code: 'card_declined',
      declineCode: 'generic_decline',
    });
  });

  it('rate limits and lock timeouts are retryable, even for a POST without a key', () => {
    sandbox.api.failNext(1, 'rate_limit');
    const limited = thrown(() => parseResponse(call('GET', '/v1/customers'), context));
    expect(limited).toMatchObject({ status: 429, code: 'rate_limit', retryable: true });
    sandbox.api.failNext(1, 'lock_timeout');
    const locked = call('POST', '/v1/customers', '');
    expect(locked.headers['Stripe-Should-Retry']).toBe('true');
    expect(thrown(() => parseResponse(locked, { ...context, method: 'POST', idempotent: false }))).toMatchObject({
      status: 429,
      code: 'lock_timeout',
      retryable: true,
    });
  });

  it('a body that is not Stripe JSON: api_error quoting it for errors, SNC_STRIPE_BAD_RESPONSE for 2xx', () => {
    const gateway = { code: 502, headers: {}, body: '<html>\n<h1>Bad Gateway</h1></html>' };
    expect(thrown(() => parseResponse(gateway, context))).toMatchObject({
      status: 502,
      type: 'api_error',
      code: null,
      stripeMessage: 'HTTP 502 without a Stripe error object: <html> <h1>Bad Gateway</h1></html>',
      retryable: true,
    });
    expect(thrown(() => parseResponse({ code: 200, headers: {}, body: 'ok' }, context))).toMatchObject({
      code: 'SNC_STRIPE_BAD_RESPONSE',
    });
  });
});

describe('retry decisions', () => {
  it.each([
    [429, {}, false, true],
    [429, { 'stripe-should-retry': 'false' }, true, false],
    [400, { 'Stripe-Should-Retry': 'true' }, false, true],
    [409, {}, true, true],
    [409, {}, false, false],
    [500, {}, true, true],
    [503, {}, false, false],
    [500, { 'Stripe-Should-Retry': 'false' }, true, false],
    [400, {}, true, false],
    [401, {}, true, false],
    [402, {}, true, false],
    [404, {}, true, false],
  ])('status %d with %j, idempotent %s → %s', (status, headers, idempotent, expected) => {
    expect(isRetryableResponse(status, headers, idempotent)).toBe(expected);
  });

  it('network failures from N/https are transient, configuration errors are not', () => {
    expect(isTransientTransportError({ name: 'SSS_REQUEST_TIME_EXCEEDED', message: '' })).toBe(true);
    expect(isTransientTransportError({ name: 'SSS_CONNECTION_TIME_OUT', message: '' })).toBe(true);
    expect(isTransientTransportError({ name: 'SSS_INVALID_HOST_CERT', message: '' })).toBe(false);
    expect(isTransientTransportError({ name: 'SSS_USAGE_LIMIT_EXCEEDED', message: '' })).toBe(false);
    expect(isTransientTransportError(new Error('x'))).toBe(false);
  });

  it('backoff: doubles from the initial delay up to the cap, jittered within the upper half', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, initialDelayMs: 500, maxDelayMs: 2000 };
    for (const [retry, base] of [
      [1, 500],
      [2, 1000],
      [3, 2000],
      [4, 2000],
      [10, 2000],
    ] as const) {
      expect(backoffDelayMs(retry, policy, () => 0)).toBe(base / 2);
      expect(backoffDelayMs(retry, policy, () => 1)).toBe(base);
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelayMs(retry, policy);
        expect(delay).toBeGreaterThanOrEqual(base / 2);
        expect(delay).toBeLessThanOrEqual(base);
      }
    }
    // Randoms outside [0, 1] cannot push a delay out of bounds.
    expect(backoffDelayMs(1, policy, () => 7)).toBe(500);
    expect(backoffDelayMs(1, policy, () => -1)).toBe(250);
  });

  it('plans a retry only while retries and total waiting remain, and respects a short Retry-After', () => {
    const policy = { maxRetries: 2, initialDelayMs: 500, maxDelayMs: 2000, maxTotalWaitMs: 1500 };
    const half = () => 0.5;
    expect(planRetry({ retryable: false, retriesSoFar: 0, waitedMs: 0 }, policy, half)).toEqual({
      retry: false,
      reason: 'not retryable',
    });
    expect(planRetry({ retryable: true, retriesSoFar: 0, waitedMs: 0 }, policy, half)).toEqual({
      retry: true,
      delayMs: 375,
    });
    expect(planRetry({ retryable: true, retriesSoFar: 1, waitedMs: 375 }, policy, half)).toEqual({
      retry: true,
      delayMs: 750,
    });
    expect(planRetry({ retryable: true, retriesSoFar: 2, waitedMs: 1125 }, policy, half)).toMatchObject({
      retry: false,
    });
    expect(planRetry({ retryable: true, retriesSoFar: 1, waitedMs: 1000 }, policy, half)).toMatchObject({
      retry: false,
      reason: 'waiting would exceed 1500 ms',
    });
    expect(planRetry({ retryable: true, retriesSoFar: 0, waitedMs: 0, retryAfterSeconds: 1 }, policy, half)).toEqual({
      retry: true,
      delayMs: 1000,
    });
    expect(
      planRetry({ retryable: true, retriesSoFar: 0, waitedMs: 0, retryAfterSeconds: 30 }, policy, half),
    ).toMatchObject({
      retry: false,
    });
    expect(retryAfterSeconds({ 'retry-after': '2' })).toBe(2);
    expect(retryAfterSeconds({ 'Retry-After': 'Wed, 21 Oct 2026 07:28:00 GMT' })).toBeNull();
  });
});

describe('pagination', () => {
  const items = Array.from({ length: 25 }, (_, i) => ({ id: `cus_${i}` }));
  const pager =
    (pageSize: number, calls: (string | null)[]) =>
    (cursor: string | null): ListPage<{ id: string }> => {
      calls.push(cursor);
      const start = cursor === null ? 0 : items.findIndex((item) => item.id === cursor) + 1;
      return { data: items.slice(start, start + pageSize), has_more: start + pageSize < items.length };
    };

  it('follows has_more with starting_after = the last ID', () => {
    const calls: (string | null)[] = [];
    expect(collectList(pager(10, calls), { maxItems: 100 })).toEqual(items);
    expect(calls).toEqual([null, 'cus_9', 'cus_19']);
  });

  it('fails past maxItems instead of returning part of the list, without fetching further', () => {
    const calls: (string | null)[] = [];
    expect(thrown(() => collectList(pager(10, calls), { maxItems: 20, path: '/v1/customers' }))).toMatchObject({
      code: 'SNC_STRIPE_LIST_TOO_LARGE',
      message: expect.stringContaining('Stripe list /v1/customers has more than 20 items'),
    });
    expect(calls).toEqual([null, 'cus_9']);
    expect(collectList(pager(10, []), { maxItems: 25 })).toHaveLength(25);
  });

  it('stops a server that says has_more without moving on', () => {
    const stuck = () => ({ data: [{ id: 'cus_1' }], has_more: true });
    expect(thrown(() => collectList(stuck, { maxItems: 100 }))).toMatchObject({ code: 'SNC_STRIPE_BAD_RESPONSE' });
    expect(thrown(() => collectList(() => ({ data: [], has_more: true }), { maxItems: 100 }))).toMatchObject({
      code: 'SNC_STRIPE_BAD_RESPONSE',
    });
  });

  it('checks the answer is a list of objects with IDs', () => {
    expect(asListPage({ object: 'list', data: [{ id: 'a' }], has_more: false, url: '/v1/x' }, '/v1/x')).toEqual({
      data: [{ id: 'a' }],
      has_more: false,
    });
    expect(thrown(() => asListPage({ object: 'customer', id: 'cus_1' }, '/v1/x'))).toMatchObject({
      code: 'SNC_STRIPE_BAD_RESPONSE',
    });
    expect(thrown(() => asListPage({ object: 'list', data: [{}], has_more: false }, '/v1/x'))).toMatchObject({
      code: 'SNC_STRIPE_BAD_RESPONSE',
    });
  });
});

import type Stripe from 'stripe';
import type { HttpRequest } from '../../emulator/src/context';
import { NetSuiteEmulator } from '../../emulator/src/emulator';
import { newTestInvocation, useEmulator } from '../../emulator/src/jest-bridge';
import { StripeSandbox } from '../../stripe-sandbox/src/sandbox';
import { serveStripeInProcess } from '../../tools/localConnector';
import { createStripeClient, type StripeClientOptions } from '../../src/suitescript/netsuite/stripeApi';
import { resourcePath, STRIPE_API_VERSION, StripeApiError } from '../../src/suitescript/stripe/apiRequest';

const KEY = 'sk_test_51SncClientTestsOnly0000000000';
const SECRET = 'custsecret_snc_stripe_key';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('Stripe API client over N/https (emulator) against the Stripe sandbox', () => {
  let ns: NetSuiteEmulator;
  let sandbox: StripeSandbox;
  let requests: HttpRequest[];
  let waits: number[];

  beforeAll(async () => {
    ns = await NetSuiteEmulator.create({
      projectDir: 'src',
      secrets: { [SECRET]: KEY, custsecret_snc_other_key: 'sk_test_wrong0000000000000000' },
    });
    useEmulator(ns);
  });
  afterAll(() => useEmulator(null));

  beforeEach(() => {
    sandbox = new StripeSandbox({ seed: 11, secretKey: KEY });
    requests = [];
    waits = [];
    // The real Stripe origin, served in-process: the client runs with its default base URL.
    serveStripeInProcess(ns, sandbox, (request) => requests.push(request));
  });

  const client = (options: StripeClientOptions = {}) =>
    createStripeClient({ apiKeySecretName: SECRET }, { wait: (ms) => waits.push(ms), ...options });

  it('post, then retrieve with expand; the key is filled in by N/https, the version pinned; 10 units per call', () => {
    const invocation = newTestInvocation();
    const stripe = client();
    const customer = stripe.post<Stripe.Customer>(
      '/v1/customers',
      { email: 'ada@example.com', metadata: { netsuite_id: '42' }, address: { city: 'London', country: 'GB' } },
      { idempotencyKey: 'snc-test-customer-1' },
    );
    expect(customer).toMatchObject({
      object: 'customer',
      metadata: { netsuite_id: '42' },
      address: { city: 'London' },
    });
    const intent = stripe.post<Stripe.PaymentIntent>('/v1/payment_intents', {
      amount: 2000,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const retrieved = stripe.retrieve<Stripe.PaymentIntent>(resourcePath('payment_intents', intent.id), {
      expand: ['customer', 'latest_charge.balance_transaction'],
    });
    expect(retrieved.customer).toMatchObject({ id: customer.id, email: 'ada@example.com' });
    expect(retrieved.latest_charge).toMatchObject({ object: 'charge', amount: 2000 });

    expect(requests.map((r) => [r.method, r.url])).toEqual([
      ['POST', 'https://api.stripe.com/v1/customers'],
      ['POST', 'https://api.stripe.com/v1/payment_intents'],
      [
        'GET',
        `https://api.stripe.com/v1/payment_intents/${intent.id}?expand[]=customer&expand[]=latest_charge.balance_transaction`,
      ],
    ]);
    for (const request of requests) {
      expect(request.headers['Authorization']).toBe(`Bearer ${KEY}`);
      expect(request.headers['Stripe-Version']).toBe(STRIPE_API_VERSION);
    }
    expect(requests[0]?.headers['Idempotency-Key']).toBe('snc-test-customer-1');
    expect(invocation.used).toBe(30);
    expect(invocation.summary()).toEqual({ https: { count: 3, units: 30 } });

    // The same key replays the first answer: no second customer.
    const again = stripe.post<Stripe.Customer>(
      '/v1/customers',
      { email: 'ada@example.com', metadata: { netsuite_id: '42' }, address: { city: 'London', country: 'GB' } },
      { idempotencyKey: 'snc-test-customer-1' },
    );
    expect(again.id).toBe(customer.id);
  });

  it('lists 250 customers across pages of 100, and refuses a list past maxItems', () => {
    for (let i = 0; i < 250; i++) sandbox.request('POST', '/v1/customers', { email: `c${i}@example.com` });
    const invocation = newTestInvocation();
    const customers = client().list<Stripe.Customer>('/v1/customers', {}, { maxItems: 1000 });
    expect(customers).toHaveLength(250);
    expect(new Set(customers.map((c) => c.id)).size).toBe(250);
    expect(customers.every((c) => c.object === 'customer')).toBe(true);
    expect(requests.map((r) => new URL(r.url).search)).toEqual([
      '?limit=100',
      `?limit=100&starting_after=${customers[99]?.id}`,
      `?limit=100&starting_after=${customers[199]?.id}`,
    ]);
    expect(invocation.used).toBe(30);

    const small = thrown(() => client().list('/v1/customers', { limit: 50 }, { maxItems: 120 }));
    expect(small).toMatchObject({ code: 'SNC_STRIPE_LIST_TOO_LARGE' });
    expect(requests.slice(3).length).toBe(3);
  });

  it("a missing object surfaces Stripe's message and resource_missing, without retrying", () => {
    const invocation = newTestInvocation();
    const error = thrown(() => client().retrieve(resourcePath('customers', 'cus_missing')));
    expect(error).toBeInstanceOf(StripeApiError);
    expect(error).toMatchObject({
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      stripeMessage: "No such customer: 'cus_missing'",
      retryable: false,
    });
    expect((error as Error).message).toContain("No such customer: 'cus_missing'");
    expect(requests).toHaveLength(1);
    expect(invocation.used).toBe(10);
  });

  it('a 429 is retried after a jittered wait and then succeeds; each attempt costs 10 units', () => {
    const created = sandbox.request('POST', '/v1/customers', { email: 'r@example.com' }).body as Stripe.Customer;
    sandbox.api.failNext(1, 'rate_limit');
    const invocation = newTestInvocation();
    const customer = client().retrieve<Stripe.Customer>(resourcePath('customers', created.id));
    expect(customer.id).toBe(created.id);
    expect(requests).toHaveLength(2);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(250);
    expect(waits[0]).toBeLessThanOrEqual(500);
    expect(invocation.used).toBe(20);
    expect(ns.services.logs.at(-1)).toMatchObject({ level: 'AUDIT', title: 'Stripe API retry' });
    expect(ns.services.logs.at(-1)?.details).toContain(`GET /v1/customers/${created.id}: 429 rate_limit; retry 1 of 2`);
  });

  it('a lock timeout on a POST without a key is retried (Stripe-Should-Retry); persistent 429s give up', () => {
    sandbox.api.failNext(1, 'lock_timeout');
    expect(client().post<Stripe.Customer>('/v1/customers', { email: 'l@example.com' }).object).toBe('customer');
    expect(requests).toHaveLength(2);

    requests = [];
    sandbox.api.failNext(10, 'rate_limit');
    const error = thrown(() => client().retrieve('/v1/balance'));
    expect(error).toMatchObject({ status: 429, code: 'rate_limit', retryable: true });
    expect(requests).toHaveLength(3);
  });

  it('really waits between retries with the default busy-wait', () => {
    sandbox.api.failNext(1, 'rate_limit');
    const started = Date.now();
    createStripeClient({ apiKeySecretName: SECRET }, { random: () => 0 }).retrieve('/v1/balance');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('does not retry past the governance reserve: fails with a clear out-of-governance error', () => {
    const invocation = newTestInvocation(119);
    sandbox.api.failNext(1, 'rate_limit');
    const error = thrown(() => client({ governanceReserveUnits: 100 }).retrieve('/v1/balance'));
    expect(error).toMatchObject({ code: 'SNC_STRIPE_OUT_OF_GOVERNANCE' });
    expect((error as Error).message).toMatch(
      /^Out of governance: Stripe GET \/v1\/balance needs 10 units and 100 stay in reserve, but 109 remain \(last attempt: .*429 rate_limit_error \(rate_limit\)/,
    );
    expect(requests).toHaveLength(1);
    expect(invocation.used).toBe(10);
    expect(invocation.remaining()).toBe(109);
  });

  it('network failures: a GET is retried; a POST without an idempotency key is not (its outcome is unknown)', () => {
    ns.faults.failHttps('api.stripe.com', 1, 'SSS_REQUEST_TIME_EXCEEDED');
    const invocation = newTestInvocation();
    expect(client().retrieve<{ object: string }>('/v1/balance').object).toBe('balance');
    expect(invocation.used).toBe(20);

    ns.faults.failHttps('api.stripe.com', 1, 'SSS_REQUEST_TIME_EXCEEDED');
    const error = thrown(() => client().post('/v1/customers', { email: 'n@example.com' }));
    expect(error).toMatchObject({ code: 'SNC_STRIPE_UNREACHABLE' });
    expect((error as Error).message).toContain('may have been applied');

    ns.faults.failHttps('api.stripe.com', 1, 'SSS_REQUEST_TIME_EXCEEDED');
    expect(client().post<Stripe.Customer>('/v1/customers', {}, { idempotencyKey: 'snc-net-1' }).object).toBe(
      'customer',
    );
  });

  it("a wrong key is refused with Stripe's 401 message, masked; a bad secret name is a setting error", () => {
    const error = thrown(() =>
      createStripeClient({ apiKeySecretName: 'custsecret_snc_other_key' }).retrieve('/v1/balance'),
    );
    expect(error).toMatchObject({ status: 401, type: 'invalid_request_error', retryable: false });
    expect((error as Error).message).toContain('Invalid API Key provided: sk_test_');
    expect((error as Error).message).not.toContain('sk_test_wrong0000000000000000');
    expect(thrown(() => createStripeClient({ apiKeySecretName: 'sk_test_abc' }))).toMatchObject({
      code: 'SNC_INVALID_SETTING',
    });
  });

  it('the compiled client runs in a script realm; with the clock stopped, waiting gives up instead of hanging', () => {
    const { modules, invocation } = ns.testModules();
    ns.setNow(new Date('2026-11-02T09:00:00Z'));
    const realm = ns.host.loader.createRealm({ modules, now: () => ns.now(), timeoutMs: 30_000 });
    const compiled = realm.load('/SuiteScripts/stripe-netsuite-connector/netsuite/stripeApi.js') as {
      createStripeClient: typeof createStripeClient;
    };
    sandbox.api.failNext(1, 'lock_timeout');
    const stripe = compiled.createStripeClient({ apiKeySecretName: SECRET });
    const customer = realm.call(stripe.post, stripe, ['/v1/customers', { email: 'realm@example.com' }]);
    expect(customer).toMatchObject({ object: 'customer', email: 'realm@example.com' });
    expect(requests).toHaveLength(2);
    expect(invocation.used).toBe(20);
    const missing = thrown(() => realm.call(stripe.retrieve, stripe, ['/v1/customers/cus_missing']));
    expect(missing).toMatchObject({ name: 'StripeApiError', status: 404, code: 'resource_missing' });
  });

  it('the key is in no log entry', () => {
    sandbox.api.failNext(2, 'rate_limit');
    client().retrieve('/v1/balance');
    expect(ns.services.logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(ns.services.logs)).not.toContain(KEY);
    expect(JSON.stringify(ns.services.logs)).not.toContain(KEY.slice(8));
  });
});

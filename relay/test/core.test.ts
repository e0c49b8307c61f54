import {
  createRelay,
  restletErrorCode,
  type OutboundRequest,
  type OutboundResponse,
  type RelayDeps,
  type RelayRequest,
} from '../src/core';
import { parseEnvelope } from '../../src/suitescript/webhooks/envelope';
import {
  ACCOUNT,
  CREDENTIALS,
  eventPayload,
  OLD_SECRET,
  parseAuthorization,
  recomputeSignature,
  signed,
  testConfig,
} from './helpers/fixtures';

const NOW = 1_763_750_000_000;

function webhook(payload: string, signature: string | undefined, path = '/stripe/webhook'): RelayRequest {
  return { method: 'POST', path, headers: { 'Stripe-Signature': signature }, body: Buffer.from(payload, 'utf8') };
}

function setup(answer: (r: OutboundRequest) => Promise<OutboundResponse>, overrides = {}, deps: RelayDeps = {}) {
  const sent: OutboundRequest[] = [];
  const lines: string[] = [];
  const relay = createRelay(testConfig(overrides), {
    send: (r) => {
      sent.push(r);
      return answer(r);
    },
    now: () => NOW,
    log: (line) => lines.push(line),
    ...deps,
  });
  const logs = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { relay, sent, logs };
}

const stored = async () => ({ status: 200, body: '{"status":"stored","eventId":"evt_1TestRelay"}' });
const ts = Math.floor(NOW / 1000);

describe('Stripe signature check', () => {
  it('accepts a payload signed by Stripe’s test helper and forwards it', async () => {
    const { relay, sent } = setup(stored);
    const payload = eventPayload();
    const res = await relay(webhook(payload, signed(payload, { timestamp: ts })));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ received: true, status: 'stored' });
    expect(sent).toHaveLength(1);
  });

  it('accepts the previous secret during a roll', async () => {
    const { relay } = setup(stored);
    const payload = eventPayload();
    expect((await relay(webhook(payload, signed(payload, { secret: OLD_SECRET, timestamp: ts })))).status).toBe(200);
  });

  it.each([
    [
      'a tampered payload',
      (p: string) => webhook(p.replace('1250', '9999'), signed(p, { timestamp: ts })),
      'invalid_signature',
      'no_matching_signature',
    ],
    [
      'a wrong secret',
      (p: string) => webhook(p, signed(p, { secret: 'whsec_other', timestamp: ts })),
      'invalid_signature',
      'no_matching_signature',
    ],
    [
      'a stale timestamp',
      (p: string) => webhook(p, signed(p, { timestamp: ts - 301 })),
      'stale_signature',
      'timestamp_outside_tolerance',
    ],
    ['a garbage header', (p: string) => webhook(p, 'v1=abc'), 'invalid_signature', 'unreadable_header'],
    ['no header', (p: string) => webhook(p, undefined), 'missing_signature', undefined],
  ])('rejects %s with 400 and forwards nothing', async (_, make, outcome, reason) => {
    const { relay, sent, logs } = setup(stored);
    const res = await relay(make(eventPayload()));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: outcome });
    expect(sent).toHaveLength(0);
    // The request's own line is the last one (a stale signature may come after a clock warning).
    const line = logs().at(-1);
    expect(line).toMatchObject({ outcome, status: 400, level: 'warn' });
    expect(line?.reason).toBe(reason);
  });

  it('honours a configured tolerance', async () => {
    const { relay } = setup(stored, { signatureToleranceSeconds: 600 });
    const payload = eventPayload();
    expect((await relay(webhook(payload, signed(payload, { timestamp: ts - 500 })))).status).toBe(200);
  });
});

describe('the forwarded request', () => {
  it('posts the envelope as text/plain with a TBA header NetSuite accepts', async () => {
    const { relay, sent } = setup(stored);
    const payload = eventPayload();
    const signature = signed(payload, { timestamp: ts });
    await relay(webhook(payload, signature));
    const request = sent[0];
    if (!request) throw new Error('nothing sent');
    expect(request.method).toBe('POST');
    expect(request.url).toBe(testConfig().restletUrl);
    expect(request.headers['Content-Type']).toMatch(/^text\/plain(;|$)/);
    expect(request.body).toBe(JSON.stringify({ v: 1, signature, payload }));
    expect(parseEnvelope(request.body)).toEqual({ signature, payload });

    const p = parseAuthorization(request.headers.Authorization);
    expect(p).toMatchObject({
      realm: ACCOUNT,
      oauth_consumer_key: CREDENTIALS.consumerKey,
      oauth_token: CREDENTIALS.tokenId,
      oauth_signature_method: 'HMAC-SHA256',
      oauth_timestamp: String(ts),
      oauth_version: '1.0',
    });
    expect(p.oauth_nonce).toMatch(/^[0-9a-f]{32}$/);
    // Recomputed with the package from the request as sent, outside the code under test.
    expect(recomputeSignature(request.method, request.url, p)).toBe(p.oauth_signature);
  });

  it('uses a new nonce every call', async () => {
    const { relay, sent } = setup(stored);
    const payload = eventPayload();
    for (let i = 0; i < 3; i++) await relay(webhook(payload, signed(payload, { timestamp: ts })));
    const nonces = sent.map((r) => parseAuthorization(r.headers.Authorization).oauth_nonce);
    expect(new Set(nonces).size).toBe(3);
  });
});

describe('RESTlet answer → relay answer', () => {
  const payload = eventPayload();
  const call = async (answer: () => Promise<OutboundResponse>, overrides = {}) => {
    const { relay, logs } = setup(answer, overrides);
    const res = await relay(webhook(payload, signed(payload, { timestamp: ts })));
    return { res, body: JSON.parse(res.body) as Record<string, unknown>, log: logs()[0] };
  };

  it.each(['stored', 'duplicate'])('200 %s → 200', async (status) => {
    const { res, body, log } = await call(async () => ({ status: 200, body: JSON.stringify({ status }) }));
    expect(res.status).toBe(200);
    expect(body).toEqual({ received: true, status });
    expect(log).toMatchObject({ outcome: 'forwarded', status: 200, restlet_status: 200 });
  });

  it.each([
    ['an unknown status', '{"status":"failed"}'],
    ['no JSON', 'OK'],
    ['an error object', '{"error":{"code":"X","message":"y"}}'],
  ])('200 with %s → 502', async (_, text) => {
    const { res } = await call(async () => ({ status: 200, body: text }));
    expect(res.status).toBe(502);
  });

  it.each([
    [
      'SSS_REQUEST_LIMIT_EXCEEDED as JSON',
      400,
      '{"error" : {"code" : "SSS_REQUEST_LIMIT_EXCEEDED", "message" : "Request limit exceeded."}}',
      'netsuite_busy',
    ],
    [
      'SSS_REQUEST_LIMIT_EXCEEDED as text',
      400,
      'error code: SSS_REQUEST_LIMIT_EXCEEDED\nerror message: Request limit exceeded.',
      'netsuite_busy',
    ],
    ['429', 429, '', 'netsuite_busy'],
    ['500', 500, '{"error":{"code":"UNEXPECTED_ERROR","message":"x"}}', 'netsuite_error'],
    ['503', 503, '<html>maintenance</html>', 'netsuite_error'],
  ])('%s → 503 with Retry-After', async (_, status, text, outcome) => {
    const { res, body, log } = await call(async () => ({ status, body: text }));
    expect(res.status).toBe(503);
    expect(res.headers['Retry-After']).toBe('60');
    expect(body).toEqual({ error: outcome, retryable: true });
    expect(log).toMatchObject({ outcome, status: 503, restlet_status: status });
  });

  it('a thrown connection error → 503', async () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
    });
    const { res, log } = await call(() => Promise.reject(error));
    expect(res.status).toBe(503);
    expect(log).toMatchObject({ outcome: 'netsuite_unreachable', error_code: 'ECONNREFUSED' });
  });

  it('a RESTlet slower than the timeout → 503, even if the transport ignores the abort', async () => {
    const { res, log } = await call(() => new Promise(() => undefined), { netsuiteTimeoutMs: 30 });
    expect(res.status).toBe(503);
    expect(log).toMatchObject({ outcome: 'netsuite_timeout' });
  });

  it.each([
    [
      401,
      '{"error" : {"code" : "INVALID_LOGIN_ATTEMPT", "message" : "Invalid login attempt."}}',
      'INVALID_LOGIN_ATTEMPT',
    ],
    [
      400,
      'error code: SNC_INVALID_SIGNATURE\nerror message: The Stripe signature does not match',
      'SNC_INVALID_SIGNATURE',
    ],
    [403, '{"error":{"code":"INSUFFICIENT_PERMISSION","message":"x"}}', 'INSUFFICIENT_PERMISSION'],
    [404, 'not json at all', undefined],
  ])('%s → 502 with the RESTlet’s code', async (status, text, code) => {
    const { res, body } = await call(async () => ({ status, body: text }));
    expect(res.status).toBe(502);
    expect(body).toEqual({ error: 'restlet_rejected', restletStatus: status, ...(code ? { code } : {}) });
  });

  it('a redirect or other 2xx → 502', async () => {
    expect((await call(async () => ({ status: 302, body: '' }))).res.status).toBe(502);
    expect((await call(async () => ({ status: 204, body: '' }))).res.status).toBe(502);
  });

  it('reads NetSuite error codes in both shapes', () => {
    expect(restletErrorCode('{"error":{"code":"A_B"}}')).toBe('A_B');
    expect(restletErrorCode('error code: C_D\nerror message: x')).toBe('C_D');
    expect(restletErrorCode('{"error":{"code":"<script>"}}')).toBeUndefined();
  });
});

describe('concurrency cap', () => {
  const payload = eventPayload();

  it('never has more than N RESTlet calls in flight; the rest wait in FIFO order', async () => {
    let active = 0;
    let peak = 0;
    const pending: (() => void)[] = [];
    const order: number[] = [];
    const { relay } = setup(
      (r) => {
        active++;
        peak = Math.max(peak, active);
        order.push(Number(JSON.parse(parseEnvelope(r.body).payload).n));
        return new Promise((resolve) =>
          pending.push(() => {
            active--;
            resolve({ status: 200, body: '{"status":"stored"}' });
          }),
        );
      },
      { maxConcurrency: 2, queueTimeoutMs: 5000 },
    );
    const bodies = Array.from({ length: 6 }, (_, n) => JSON.stringify({ id: `evt_${n}`, n }));
    const answers = bodies.map((b) => relay(webhook(b, signed(b, { timestamp: ts }))));
    const tick = () => new Promise((r) => setImmediate(r));
    // Each request verifies and queues before it calls NetSuite; how many event-loop turns that takes is not
    // the point (one turn was flaky on a loaded machine), only that no more than two ever call at once.
    for (let turn = 0; turn < 100 && active < 2; turn++) await tick();
    expect(active).toBe(2);
    expect(relay.inFlight).toBe(2);
    expect(relay.queued).toBe(4);
    while (pending.length > 0 || active > 0) {
      pending.shift()?.();
      await tick();
      expect(active).toBeLessThanOrEqual(2);
    }
    const statuses = (await Promise.all(answers)).map((a) => a.status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(relay.inFlight).toBe(0);
  });

  it('answers 503 to a request that waited longer than the queue timeout', async () => {
    let release: () => void = () => undefined;
    const { relay, sent, logs } = setup(
      () => new Promise((resolve) => (release = () => resolve({ status: 200, body: '{"status":"stored"}' }))),
      { maxConcurrency: 1, queueTimeoutMs: 30 },
    );
    const first = relay(webhook(payload, signed(payload, { timestamp: ts })));
    const second = await relay(webhook(payload, signed(payload, { timestamp: ts })));
    expect(second.status).toBe(503);
    expect(second.headers['Retry-After']).toBe('60');
    expect(logs()[0]).toMatchObject({ outcome: 'queue_timeout', status: 503 });
    release();
    expect((await first).status).toBe(200);
    expect(sent).toHaveLength(1);
    expect(relay.queued).toBe(0);
  });

  it('frees the slot after a failure', async () => {
    const { relay } = setup(async () => ({ status: 500, body: '' }), { maxConcurrency: 1, queueTimeoutMs: 0 });
    for (let i = 0; i < 3; i++)
      expect((await relay(webhook(payload, signed(payload, { timestamp: ts })))).status).toBe(503);
    expect(relay.inFlight).toBe(0);
  });
});

describe('routes and limits', () => {
  it('serves health without secrets', async () => {
    const { relay, sent } = setup(stored);
    const res = await relay({ method: 'GET', path: '/health', headers: {}, body: Buffer.alloc(0) });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', inFlight: 0, queued: 0, maxConcurrency: 2 });
    expect(res.body).not.toMatch(/whsec|cs_test|ts_test|tk_test|ck_test|1234567/);
    expect(sent).toHaveLength(0);
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const { relay } = setup(stored);
    const empty = Buffer.alloc(0);
    expect((await relay({ method: 'POST', path: '/other', headers: {}, body: empty })).status).toBe(404);
    const get = await relay({ method: 'GET', path: '/stripe/webhook', headers: {}, body: empty });
    expect(get.status).toBe(405);
    expect(get.headers.Allow).toBe('POST');
    expect((await relay({ method: 'POST', path: '/health', headers: {}, body: empty })).status).toBe(405);
  });

  it('serves a configured path, ignoring a query string', async () => {
    const { relay } = setup(stored, { path: '/hooks/stripe' });
    const payload = eventPayload();
    expect((await relay(webhook(payload, signed(payload, { timestamp: ts }), '/hooks/stripe?x=1'))).status).toBe(200);
    expect((await relay(webhook(payload, signed(payload, { timestamp: ts })))).status).toBe(404);
  });

  it('answers 413 over the body limit before checking anything', async () => {
    const { relay, sent } = setup(stored, { maxBodyBytes: 100 });
    const payload = eventPayload();
    const res = await relay(webhook(payload, signed(payload, { timestamp: ts })));
    expect(res.status).toBe(413);
    expect(sent).toHaveLength(0);
  });

  it('answers 500, never 2xx, if something inside throws', async () => {
    const { relay } = setup(
      stored,
      {},
      {
        nonce: () => {
          throw new Error('boom');
        },
      },
    );
    const payload = eventPayload();
    expect((await relay(webhook(payload, signed(payload, { timestamp: ts })))).status).toBe(500);
    expect(relay.inFlight).toBe(0);
  });
});

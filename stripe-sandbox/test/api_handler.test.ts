import { StripeSandbox } from '../src/sandbox';
import { widgets, type Widget } from './helpers/widgets';
import * as events from '../src/resources/events';
import * as webhookEndpoints from '../src/resources/webhookEndpoints';
import type { ApiRequest } from '../src/api/handler';

interface ErrorBody {
  error: { type: string; message: string; code?: string; param?: string };
}

function makeSandbox(onInternalError?: (error: unknown) => void): StripeSandbox {
  return new StripeSandbox({
    seed: 1,
    now: 1_760_000_000,
    modules: [widgets, events, webhookEndpoints],
    api: onInternalError ? { onInternalError } : {},
    webhooks: { autoDeliver: false },
  });
}

function call(sandbox: StripeSandbox, request: Partial<ApiRequest>) {
  const response = sandbox.handle({
    method: 'GET',
    path: '/v1/widgets',
    headers: { Authorization: `Bearer ${sandbox.secretKey}` },
    body: '',
    ...request,
  });
  return { ...response, json: JSON.parse(response.body) as unknown };
}

describe('authentication', () => {
  const sandbox = makeSandbox();

  test('missing key → 401 with Stripe wording', () => {
    const r = call(sandbox, { headers: {} });
    expect(r.status).toBe(401);
    const body = r.json as ErrorBody;
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^You did not provide an API key/);
  });

  test('wrong key → 401 naming a masked key', () => {
    const r = call(sandbox, { headers: { authorization: 'Bearer sk_test_wrongwrongwrong1234' } });
    expect(r.status).toBe(401);
    expect((r.json as ErrorBody).error.message).toMatch(/^Invalid API Key provided: sk_test_\*+1234$/);
  });

  test('live keys and publishable keys are refused', () => {
    expect(call(sandbox, { headers: { Authorization: 'Bearer sk_live_abcdefghijkl' } }).status).toBe(401);
    expect(call(sandbox, { headers: { Authorization: 'Bearer pk_test_abcdefghijkl' } }).status).toBe(401);
  });

  test('Basic auth with the key as user is accepted', () => {
    const basic = Buffer.from(`${sandbox.secretKey}:`).toString('base64');
    expect(call(sandbox, { headers: { Authorization: `Basic ${basic}` } }).status).toBe(200);
  });

  test('the key is sk_test_ and stable for a seed', () => {
    expect(sandbox.secretKey).toMatch(/^sk_test_[A-Za-z0-9]{24}$/);
    expect(makeSandbox().secretKey).toBe(sandbox.secretKey);
  });
});

describe('routing, params and errors', () => {
  const sandbox = makeSandbox();

  test('unknown path or method → 404 Unrecognized request URL', () => {
    for (const [method, path] of [
      ['GET', '/v1/nothing'],
      ['PUT', '/v1/widgets'],
      ['GET', '/v1/widgets/'],
      ['POST', '/v2/widgets'],
    ] as const) {
      const r = call(sandbox, { method, path });
      expect(r.status).toBe(404);
      expect((r.json as ErrorBody).error.message).toContain(`Unrecognized request URL (${method}: `);
      expect((r.json as ErrorBody).error.type).toBe('invalid_request_error');
    }
  });

  test('nested form params and static routes before :id', () => {
    const r = call(sandbox, { method: 'POST', body: 'name=A&metadata[color]=blue&metadata[size]=L' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ object: 'widget', name: 'A', metadata: { color: 'blue', size: 'L' } });
    expect(call(sandbox, { path: '/v1/widgets/search' }).status).toBe(200);
    expect(r.headers['Request-Id']).toMatch(/^req_[A-Za-z0-9]{14}$/);
    expect(r.headers['Stripe-Version']).toBe('2026-10-28.endive');
  });

  test('unknown parameter, wrong type, missing param → 400 naming the param', () => {
    const unknown = call(sandbox, { method: 'POST', body: 'name=A&colour=red' }).json as ErrorBody;
    expect(unknown.error).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
    const wrongType = call(sandbox, { method: 'POST', body: 'name[x]=1' }).json as ErrorBody;
    expect(wrongType.error).toMatchObject({ type: 'invalid_request_error', param: 'name' });
    const missing = call(sandbox, { method: 'POST', body: '' }).json as ErrorBody;
    expect(missing.error).toMatchObject({ code: 'parameter_missing', param: 'name' });
  });

  test('404 resource_missing for an unknown ID', () => {
    const r = call(sandbox, { path: '/v1/widgets/wid_nope' });
    expect(r.status).toBe(404);
    expect((r.json as ErrorBody).error).toMatchObject({
      code: 'resource_missing',
      message: "No such widget: 'wid_nope'",
    });
  });

  test('a non-Stripe error → 500 api_error, reported to the hook, and the sandbox keeps serving', () => {
    const seen: unknown[] = [];
    const local = makeSandbox((error) => seen.push(error));
    const created = local.request('POST', '/v1/widgets', { name: 'x' }).body as Widget;
    const r = call(local, { method: 'POST', path: `/v1/widgets/${created.id}/explode` });
    expect(r.status).toBe(500);
    expect((r.json as ErrorBody).error.type).toBe('api_error');
    expect(seen).toHaveLength(1);
    expect(local.account.currentRequest).toBeNull();
    expect(call(local, {}).status).toBe(200);
  });

  test('GET params come from the query string; pagination', () => {
    const local = makeSandbox();
    for (let i = 0; i < 5; i++) local.request('POST', '/v1/widgets', { name: `w${i}` });
    const first = call(local, { path: '/v1/widgets?limit=2' }).json as { data: Widget[]; has_more: boolean };
    expect(first.data.map((w) => w.name)).toEqual(['w4', 'w3']);
    expect(first.has_more).toBe(true);
    const next = call(local, { path: `/v1/widgets?limit=2&starting_after=${first.data[1]?.id}` }).json as {
      data: Widget[];
    };
    expect(next.data.map((w) => w.name)).toEqual(['w2', 'w1']);
    expect(call(local, { path: '/v1/widgets?limit=1000' }).status).toBe(400);
  });
});

describe('Stripe-Version', () => {
  const sandbox = makeSandbox();
  test('pinned version or none: plain response', () => {
    const r = call(sandbox, {
      headers: { Authorization: `Bearer ${sandbox.secretKey}`, 'Stripe-Version': '2026-10-28.endive' },
    });
    expect(r.status).toBe(200);
    expect(r.headers['Stripe-Sandbox-Version-Note']).toBeUndefined();
  });
  test('another well-formed version renders the pinned one and says so', () => {
    const r = call(sandbox, {
      headers: { Authorization: `Bearer ${sandbox.secretKey}`, 'stripe-version': '2024-06-20' },
    });
    expect(r.status).toBe(200);
    expect(r.headers['Stripe-Version']).toBe('2026-10-28.endive');
    expect(r.headers['Stripe-Sandbox-Version-Note']).toContain('2024-06-20');
  });
  test('a malformed version → 400', () => {
    const r = call(sandbox, { headers: { Authorization: `Bearer ${sandbox.secretKey}`, 'Stripe-Version': 'latest' } });
    expect(r.status).toBe(400);
  });
});

describe('expand', () => {
  const sandbox = makeSandbox();
  const root = sandbox.request('POST', '/v1/widgets', { name: 'root' }).body as Widget;
  const mid = sandbox.request('POST', '/v1/widgets', { name: 'mid', parent: root.id }).body as Widget;
  const leaf = sandbox.request('POST', '/v1/widgets', { name: 'leaf', parent: mid.id }).body as Widget;

  test('one level, nested levels, and on list items via data.', () => {
    const one = sandbox.request('GET', `/v1/widgets/${leaf.id}`, { expand: ['parent'] }).body as { parent: Widget };
    expect(one.parent).toMatchObject({ id: mid.id, parent: root.id });
    const two = sandbox.request('GET', `/v1/widgets/${leaf.id}`, { expand: ['parent.parent'] }).body as {
      parent: { parent: Widget };
    };
    expect(two.parent.parent).toMatchObject({ id: root.id, name: 'root' });
    const list = sandbox.request('GET', '/v1/widgets', { expand: ['data.parent'] }).body as {
      data: { parent: Widget | null }[];
    };
    expect(list.data[0]?.parent).toMatchObject({ id: mid.id });
    expect(list.data[2]?.parent).toBeNull();
  });

  test('expand works on POST responses too (stripe-node sends expand[0]=…)', () => {
    const r = call(sandbox, { method: 'POST', body: `name=x&parent=${root.id}&expand[0]=parent` });
    expect((r.json as { parent: Widget }).parent.id).toBe(root.id);
  });

  test('unknown or non-expandable paths → 400 naming the property and the param', () => {
    const r = sandbox.request('GET', `/v1/widgets/${leaf.id}`, { expand: ['parent', 'name'] });
    expect(r.status).toBe(400);
    expect((r.body as ErrorBody).error).toMatchObject({
      message: 'This property cannot be expanded (name).',
      param: 'expand[1]',
    });
    const onList = sandbox.request('GET', '/v1/widgets', { expand: ['parent'] }).body as ErrorBody;
    expect(onList.error.message).toContain("You may want to try expanding 'data.parent' instead.");
    const missing = sandbox.request('GET', `/v1/widgets/${leaf.id}`, { expand: ['nope'] });
    expect(missing.status).toBe(400);
    const deep = sandbox.request('GET', `/v1/widgets/${leaf.id}`, { expand: ['a.b.c.d.e'] }).body as ErrorBody;
    expect(deep.error.message).toContain('more than 4 levels');
    expect(call(sandbox, { path: `/v1/widgets/${leaf.id}?expand=parent` }).status).toBe(400);
  });
});

describe('idempotency', () => {
  test('same key + same params → stored response replayed, no second object or event', () => {
    const sandbox = makeSandbox();
    const headers = { Authorization: `Bearer ${sandbox.secretKey}`, 'Idempotency-Key': 'key-1' };
    const first = call(sandbox, { method: 'POST', body: 'name=A&metadata[x]=1', headers });
    const second = call(sandbox, { method: 'POST', body: 'metadata[x]=1&name=A', headers });
    expect(second.body).toBe(first.body);
    expect(second.headers['Idempotent-Replayed']).toBe('true');
    expect(second.headers['Original-Request']).toBe(first.headers['Request-Id']);
    expect(sandbox.account.list('widget')).toHaveLength(1);
    const evts = sandbox.account.list<
      { request: { id: string; idempotency_key: string } } & { id: string; object: string }
    >('event');
    expect(evts).toHaveLength(1);
    expect(evts[0]?.request).toEqual({ id: first.headers['Request-Id'], idempotency_key: 'key-1' });
  });

  test('same key + different params → 400 idempotency_error', () => {
    const sandbox = makeSandbox();
    const headers = { Authorization: `Bearer ${sandbox.secretKey}`, 'Idempotency-Key': 'key-2' };
    call(sandbox, { method: 'POST', body: 'name=A', headers });
    const r = call(sandbox, { method: 'POST', body: 'name=B', headers });
    expect(r.status).toBe(400);
    expect((r.json as ErrorBody).error.type).toBe('idempotency_error');
  });

  test('keys expire after 24 hours of sandbox time', () => {
    const sandbox = makeSandbox();
    const headers = { Authorization: `Bearer ${sandbox.secretKey}`, 'Idempotency-Key': 'key-3' };
    const first = call(sandbox, { method: 'POST', body: 'name=A', headers });
    sandbox.advanceClock(24 * 3600);
    const again = call(sandbox, { method: 'POST', body: 'name=A', headers });
    expect(again.headers['Idempotent-Replayed']).toBeUndefined();
    expect((again.json as Widget).id).not.toBe((first.json as Widget).id);
  });

  test('parameter validation failures are not saved; errors after execution started are', () => {
    const sandbox = makeSandbox();
    const headers = { Authorization: `Bearer ${sandbox.secretKey}`, 'Idempotency-Key': 'key-4' };
    expect(call(sandbox, { method: 'POST', body: 'colour=red', headers }).status).toBe(400);
    const ok = call(sandbox, { method: 'POST', body: 'name=A', headers });
    expect(ok.status).toBe(200);
    const boom = { ...headers, 'Idempotency-Key': 'key-5' };
    const w = ok.json as Widget;
    const e1 = call(sandbox, { method: 'POST', path: `/v1/widgets/${w.id}/explode`, headers: boom });
    const e2 = call(sandbox, { method: 'POST', path: `/v1/widgets/${w.id}/explode`, headers: boom });
    expect(e1.status).toBe(500);
    expect(e2.headers['Idempotent-Replayed']).toBe('true');
  });

  test('GET requests ignore the key', () => {
    const sandbox = makeSandbox();
    const headers = { Authorization: `Bearer ${sandbox.secretKey}`, 'Idempotency-Key': 'key-6' };
    call(sandbox, { headers });
    expect(call(sandbox, { headers }).headers['Idempotent-Replayed']).toBeUndefined();
  });
});

describe('rate limiting', () => {
  test('failNext → 429 rate_limit_error, then lock_timeout, then normal service', () => {
    const sandbox = makeSandbox();
    sandbox.api.failNext(1);
    const limited = call(sandbox, {});
    expect(limited.status).toBe(429);
    expect((limited.json as ErrorBody).error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit' });
    sandbox.api.failNext(1, 'lock_timeout');
    const locked = call(sandbox, {});
    expect(locked.status).toBe(429);
    expect((locked.json as ErrorBody).error.code).toBe('lock_timeout');
    expect(call(sandbox, {}).status).toBe(200);
  });

  test('requests per second switch', () => {
    const sandbox = makeSandbox();
    sandbox.api.setRateLimit(3);
    const statuses = Array.from({ length: 6 }, () => call(sandbox, {}).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    sandbox.api.setRateLimit(0);
    expect(call(sandbox, {}).status).toBe(200);
  });
});

test('bodies over the limit → 413 invalid_request_error', () => {
  const sandbox = new StripeSandbox({ seed: 1, modules: [widgets], api: { maxBodyBytes: 100 } });
  const r = call(sandbox, { method: 'POST', body: `name=${'x'.repeat(200)}` });
  expect(r.status).toBe(413);
  expect((r.json as ErrorBody).error.type).toBe('invalid_request_error');
});

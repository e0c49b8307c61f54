import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { HttpRequest } from '../src/context';
import { createHttpsModule } from '../src/modules/https';
import { platformFixture, thrown } from './helpers/platform';

const SECRET = 'sk_test_51abc';

function setup() {
  const fixture = platformFixture({ secrets: { custsecret_snc_stripe_key: SECRET } });
  const seen: HttpRequest[] = [];
  fixture.services.httpHandlers.set('http://127.0.0.1:9', (request) => {
    seen.push(request);
    return { code: 201, headers: { 'x-handled': 'yes' }, body: `echo:${request.body}` };
  });
  return { ...fixture, https: createHttpsModule(fixture.context), seen };
}

describe('N/https with in-process handlers', () => {
  it('routes requests by origin, charges 10 units each and returns code, headers and body', () => {
    const { https, seen, invocation } = setup();
    const response = https.post({ url: 'http://127.0.0.1:9/v1/things?a=1', body: 'hello', headers: { 'X-Id': '1' } });
    expect(response).toEqual({ code: 201, headers: { 'x-handled': 'yes' }, body: 'echo:hello' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:9/v1/things?a=1', body: 'hello' });
    expect(seen[0]?.headers['X-Id']).toBe('1');
    https.get({ url: 'http://127.0.0.1:9/x' });
    https.request({ method: https.Method.DELETE as never, url: 'http://127.0.0.1:9/x' });
    expect(invocation.used).toBe(30);
    expect(invocation.summary()).toEqual({ https: { count: 3, units: 30 } });
  });

  it('fills {custsecret_…} placeholders of SecureStrings in headers and URL only', () => {
    const { https, seen } = setup();
    const auth = https.createSecureString({ input: 'Bearer {custsecret_snc_stripe_key}' });
    expect(String(auth)).not.toContain(SECRET);
    const url = https.createSecureString({ input: 'http://127.0.0.1:9/k/{custsecret_snc_stripe_key}' });
    https.get({ url: url as never, headers: { Authorization: auth, Plain: '{custsecret_snc_stripe_key}' } });
    expect(seen[0]?.headers.Authorization).toBe(`Bearer ${SECRET}`);
    expect(seen[0]?.url).toBe(`http://127.0.0.1:9/k/${SECRET}`);
    expect(seen[0]?.headers.Plain).toBe('{custsecret_snc_stripe_key}');
    expect(thrown(() => https.post({ url: 'http://127.0.0.1:9/', body: auth })).name).toBe('SSS_INVALID_TYPE_ARG');
    const appended = https
      .createSecureString({ input: 'Basic ' })
      .appendString({ input: '{custsecret_snc_stripe_key}' });
    https.get({ url: 'http://127.0.0.1:9/', headers: { Authorization: appended } });
    expect(seen[1]?.headers.Authorization).toBe(`Basic ${SECRET}`);
    const missing = https.createSecureString({ input: '{custsecret_nope}' });
    expect(thrown(() => https.get({ url: 'http://127.0.0.1:9/', headers: { A: missing } })).name).toBe(
      'INVALID_SECRET_KEY',
    );
  });

  it('form-encodes object bodies', () => {
    const { https, seen } = setup();
    https.post({ url: 'http://127.0.0.1:9/', body: { amount: 100, currency: 'usd' } });
    expect(seen[0]?.body).toBe('amount=100&currency=usd');
    expect(seen[0]?.headers['Content-Type']).toBe('application/x-www-form-urlencoded; charset=UTF-8');
  });

  it('fails like NetSuite on bad arguments and unreachable hosts, without charging', () => {
    const { https, invocation } = setup();
    expect(thrown(() => https.get({} as never)).name).toBe('SSS_MISSING_REQD_ARGUMENT');
    expect(thrown(() => https.post({ url: 'http://127.0.0.1:9/' } as never)).name).toBe('SSS_MISSING_REQD_ARGUMENT');
    expect(thrown(() => https.get({ url: 'api.stripe.com/v1' })).name).toBe('SSS_INVALID_URL');
    expect(invocation.used).toBe(0);
    expect(thrown(() => https.get({ url: 'https://api.stripe.com/v1/charges' })).name).toBe('SSS_INVALID_HOST_CERT');
    expect(thrown(() => (https as unknown as Record<string, unknown>).requestRestlet).name).toBe(
      'EMULATOR_UNSUPPORTED',
    );
  });

  it('stops at the usage limit', () => {
    const fixture = platformFixture({ limit: 15 });
    fixture.services.httpHandlers.set('http://127.0.0.1:9', () => ({ code: 200, headers: {}, body: '' }));
    const https = createHttpsModule(fixture.context);
    https.get({ url: 'http://127.0.0.1:9/' });
    expect(thrown(() => https.get({ url: 'http://127.0.0.1:9/' })).name).toBe('SSS_USAGE_LIMIT_EXCEEDED');
  });
});

describe('N/https over loopback', () => {
  let child: ChildProcess;
  let port = 0;

  beforeAll(async () => {
    // The server must live in another process: N/https blocks this one while it waits.
    const server = `
      const http = require('http');
      const s = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          res.writeHead(req.url === '/missing' ? 404 : 200, { 'Content-Type': 'application/json', 'X-Echo': 'yes' });
          res.end(JSON.stringify({ method: req.method, url: req.url, auth: req.headers.authorization || null, body }));
        });
      });
      s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
    child = spawn(process.execPath, ['-e', server], { stdio: ['ignore', 'pipe', 'inherit'] });
    port = await new Promise<number>((resolve) =>
      child.stdout?.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
    );
  });

  afterAll(() => {
    if (child.pid !== undefined) process.kill(child.pid);
  });

  it('really fetches loopback URLs synchronously', () => {
    const { https } = setup();
    const auth = https.createSecureString({ input: 'Bearer {custsecret_snc_stripe_key}' });
    const response = https.put({
      url: `http://127.0.0.1:${port}/v1/x?y=1`,
      body: '{"a":1}',
      headers: { Authorization: auth },
    });
    expect(response.code).toBe(200);
    expect((response.headers as Record<string, string>)['X-Echo']).toBe('yes');
    expect(JSON.parse(response.body)).toEqual({
      method: 'PUT',
      url: '/v1/x?y=1',
      auth: `Bearer ${SECRET}`,
      body: '{"a":1}',
    });
    const missing = https.get({ url: `http://localhost:${port}/missing` });
    expect(missing.code).toBe(404);
  });

  it('reports a refused connection as SSS_CONNECTION_CLOSED', async () => {
    const free = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    const { https } = setup();
    expect(thrown(() => https.get({ url: `http://127.0.0.1:${free}/` })).name).toBe('SSS_CONNECTION_CLOSED');
  });
});

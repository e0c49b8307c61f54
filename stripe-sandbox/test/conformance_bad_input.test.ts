import http from 'node:http';
import net from 'node:net';
import { startServer, type SandboxServer } from '../src/http/server';
import { StripeSandbox } from '../src/sandbox';

// Bad input over HTTP: always Stripe's error shape and status, never a crash.
const sandbox = new StripeSandbox({ seed: 19, api: { maxBodyBytes: 64 * 1024 } });
let server: SandboxServer;

beforeAll(async () => {
  server = await startServer(sandbox);
});

afterAll(async () => {
  await server.close();
  await sandbox.close();
});

interface Reply {
  status: number;
  json: { error?: { type: string; message: string; param?: string; code?: string } } & Record<string, unknown>;
}

function send(method: string, path: string, body = '', headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}${path}`,
      {
        method,
        headers: {
          Authorization: `Bearer ${sandbox.secretKey}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Reply['json'] });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function expectStripeError(reply: Reply, status: number, type = 'invalid_request_error'): void {
  expect(reply.status).toBe(status);
  expect(reply.json.error?.type).toBe(type);
  expect(typeof reply.json.error?.message).toBe('string');
}

test('malformed bodies', async () => {
  const bodies = [
    '%%%',
    'a[b=1',
    'name[]]=x',
    '\u0000\u0001binary',
    '{"name":"json"}',
    'metadata[a][b][c][d][e][f][g][h][i][j][k][l][m]=1',
    'name=%E0%A4%A',
  ];
  for (const body of bodies) {
    const reply = await send('POST', '/v1/customers', body);
    expect({ body, status: reply.status }).toEqual({ body, status: body === 'name=%E0%A4%A' ? 200 : 400 });
    if (reply.status === 400) expectStripeError(reply, 400);
  }
  // Empty pairs decode to no parameters: a valid (empty) create, as on Stripe.
  for (const body of ['=', '&&&']) expect((await send('POST', '/v1/customers', body)).status).toBe(200);
});

test('unknown parameters and wrong types name the parameter', async () => {
  expect((await send('POST', '/v1/customers', 'nmae=x')).json.error).toMatchObject({
    param: 'nmae',
    code: 'parameter_unknown',
  });
  expect((await send('POST', '/v1/customers', 'metadata=notahash')).json.error).toMatchObject({ param: 'metadata' });
  expect((await send('POST', '/v1/customers', 'name[a]=b')).json.error).toMatchObject({ param: 'name' });
  expect((await send('POST', '/v1/customers', 'balance=ten')).json.error).toMatchObject({ param: 'balance' });
  expect((await send('GET', '/v1/customers?limit=-1')).json.error).toMatchObject({ param: 'limit' });
  expect((await send('GET', '/v1/customers?limit[x]=1')).json.error).toMatchObject({ param: 'limit' });
  expect((await send('POST', '/v1/payment_intents', 'amount=1.5&currency=usd')).json.error).toMatchObject({
    param: 'amount',
  });
  expect((await send('GET', '/v1/customers?expand=data.x')).json.error).toMatchObject({ param: 'expand' });
});

test('unknown routes and methods', async () => {
  expectStripeError(await send('GET', '/v1/nope'), 404);
  expectStripeError(await send('PUT', '/v1/customers'), 404);
  expectStripeError(await send('PATCH', '/v1/customers/cus_1'), 404);
  expectStripeError(await send('GET', '/'), 404);
  expectStripeError(await send('GET', '/v1/customers/%E0%A4%A'), 404);
  expectStripeError(await send('GET', '/_sandbox/nothing'), 404);
});

test('huge bodies → 413, declared or not', async () => {
  expectStripeError(await send('POST', '/v1/customers', `name=${'x'.repeat(100 * 1024)}`), 413);
  const chunked = await new Promise<Reply>((resolve, reject) => {
    const req = http.request(
      `${server.url}/v1/customers`,
      { method: 'POST', headers: { Authorization: `Bearer ${sandbox.secretKey}`, 'Transfer-Encoding': 'chunked' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) as Reply['json'] }),
        );
      },
    );
    req.on('error', reject);
    for (let i = 0; i < 20; i++) req.write('x'.repeat(8 * 1024));
    req.end();
  });
  expectStripeError(chunked, 413);
});

test('bad auth headers', async () => {
  expectStripeError(await send('GET', '/v1/customers', '', { Authorization: '' }), 401);
  expectStripeError(await send('GET', '/v1/customers', '', { Authorization: 'Bearer' }), 401);
  expectStripeError(await send('GET', '/v1/customers', '', { Authorization: 'Token abc' }), 401);
  expectStripeError(await send('GET', '/v1/customers', '', { Authorization: 'Basic !!!' }), 401);
});

test('garbage on the socket does not take the server down', async () => {
  await new Promise<void>((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1', () => {
      socket.end('NOT HTTP AT ALL\r\n\r\n');
    });
    socket.on('data', () => undefined);
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
  const reply = await send('GET', '/v1/customers?limit=1');
  expect(reply.status).toBe(200);
  expect(reply.json['object']).toBe('list');
});

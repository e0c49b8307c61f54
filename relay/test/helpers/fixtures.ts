import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import OAuth from 'oauth-1.0a';
import Stripe from 'stripe';
import { ConfigError, loadConfig, type RelayConfig } from '../../src/config';

// Test-only values: none is a real credential.
export const ACCOUNT = '1234567_SB1';
export const SECRET = 'whsec_test_relay_current';
export const OLD_SECRET = 'whsec_test_relay_previous';
export const CREDENTIALS = {
  consumerKey: 'ck_test_relay_consumer',
  consumerSecret: 'cs_test_relay_consumer_secret',
  tokenId: 'tk_test_relay_token',
  tokenSecret: 'ts_test_relay_token_secret',
};

export const ENV = {
  STRIPE_WEBHOOK_SECRETS: `${SECRET}, ${OLD_SECRET}`,
  NETSUITE_ACCOUNT_ID: ACCOUNT,
  NETSUITE_RESTLET_URL: 'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=17&deploy=1',
  NETSUITE_CONSUMER_KEY: CREDENTIALS.consumerKey,
  NETSUITE_CONSUMER_SECRET: CREDENTIALS.consumerSecret,
  NETSUITE_TOKEN_ID: CREDENTIALS.tokenId,
  NETSUITE_TOKEN_SECRET: CREDENTIALS.tokenSecret,
};

export function testConfig(overrides: Partial<RelayConfig> = {}): RelayConfig {
  return { ...loadConfig(ENV), port: 0, ...overrides };
}

export function eventPayload(id = 'evt_1TestRelay', type = 'charge.succeeded'): string {
  return JSON.stringify(
    {
      id,
      object: 'event',
      type,
      created: 1763750000,
      data: { object: { id: 'ch_1Test', object: 'charge', amount: 1250, description: 'Café ☕ order' } },
    },
    null,
    2,
  );
}

export function signed(payload: string, options: { secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? SECRET,
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
  });
}

export interface Captured {
  method: string;
  /** The URL as the client addressed it, for OAuth checks. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeRestlet {
  url: string;
  requests: Captured[];
  /** Answer to give; `hang` never answers. */
  answer: (req: Captured) => { status: number; body: string } | 'hang';
  close(): Promise<void>;
}

/** A stand-in RESTlet on 127.0.0.1 that records what arrives. */
export async function startFakeRestlet(): Promise<FakeRestlet> {
  const hanging: ServerResponse[] = [];
  const fake: FakeRestlet = {
    url: '',
    requests: [],
    answer: () => ({ status: 200, body: '{"status":"stored"}' }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const captured: Captured = {
        method: req.method ?? '',
        url: `http://${req.headers.host ?? ''}${req.url ?? ''}`,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      fake.requests.push(captured);
      const answer = fake.answer(captured);
      if (answer === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/app/site/hosting/restlet.nl?script=17&deploy=1`;
  return fake;
}

/** Parses `OAuth k="v", …` independently of the code under test. */
export function parseAuthorization(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header?.startsWith('OAuth ')) return out;
  for (const m of header.slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)) {
    if (m[1] !== undefined && m[2] !== undefined) out[m[1]] = decodeURIComponent(m[2]);
  }
  return out;
}

/** Collects everything written to stdout while `run` runs (and still writes it through, silenced). */
export async function captureStdout(run: () => Promise<void>): Promise<string> {
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return out;
}

/** Recomputes a TBA signature from a parsed header and the request as sent, with oauth-1.0a directly. */
export function recomputeSignature(
  method: string,
  url: string,
  header: Record<string, string>,
  consumer = { key: CREDENTIALS.consumerKey, secret: CREDENTIALS.consumerSecret },
  tokenSecret = CREDENTIALS.tokenSecret,
): string {
  const data: Record<string, string> = { ...header };
  delete data.realm;
  delete data.oauth_signature;
  const oauth = new OAuth({
    consumer,
    signature_method: 'HMAC-SHA256',
    hash_function: (b, k) => createHmac('sha256', k).update(b).digest('base64'),
  });
  return oauth.getSignature({ method, url, data: {} }, tokenSecret, data as unknown as OAuth.Data);
}

/** The problems loadConfig reports for `env` (none when it loads). */
export function configProblems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import type { DeploymentInfo, RestletRequest, ScriptHost, ScriptOutcome } from '../../emulator/src/http/host';
import { startHttpFront } from '../../emulator/src/http/server';
import { parseEnvelope } from '../../src/suitescript/webhooks/envelope';
import { startRelayServer, type RelayServer } from '../src/server';
import {
  ACCOUNT,
  captureStdout,
  CREDENTIALS,
  eventPayload,
  type FakeRestlet,
  OLD_SECRET,
  parseAuthorization,
  recomputeSignature,
  SECRET,
  signed,
  startFakeRestlet,
  testConfig,
} from './helpers/fixtures';

const quiet = { log: () => undefined };

async function post(server: RelayServer, payload: string, signature = signed(payload)) {
  const res = await fetch(server.webhookUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Stripe-Signature': signature },
    body: payload,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('relay over HTTP', () => {
  let restlet: FakeRestlet;
  let relay: RelayServer;

  beforeEach(async () => {
    restlet = await startFakeRestlet();
    relay = await startRelayServer(testConfig({ restletUrl: restlet.url, netsuiteTimeoutMs: 300 }), quiet);
  });
  afterEach(async () => {
    await relay.close();
    await restlet.close();
  });

  it('listens on 127.0.0.1 and forwards the raw body and signature, signed with TBA', async () => {
    expect(relay.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const payload = eventPayload();
    const signature = signed(payload);
    const started = Math.floor(Date.now() / 1000);
    const res = await post(relay, payload, signature);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, status: 'stored' });

    const got = restlet.requests[0];
    if (!got) throw new Error('nothing forwarded');
    expect(got.method).toBe('POST');
    expect(got.headers['content-type']).toMatch(/^text\/plain/);
    expect(got.body).toBe(JSON.stringify({ v: 1, signature, payload }));
    expect(parseEnvelope(got.body).payload).toBe(payload);

    const p = parseAuthorization(got.headers.authorization);
    expect(p.realm).toBe(ACCOUNT);
    expect(p.oauth_signature_method).toBe('HMAC-SHA256');
    expect(p.oauth_consumer_key).toBe(CREDENTIALS.consumerKey);
    expect(p.oauth_token).toBe(CREDENTIALS.tokenId);
    expect(p.oauth_nonce?.length).toBeGreaterThanOrEqual(6);
    expect(Math.abs(Number(p.oauth_timestamp) - started)).toBeLessThanOrEqual(2);
    expect(recomputeSignature(got.method, got.url, p)).toBe(p.oauth_signature);
  });

  it('relays a duplicate as 200 and SSS_REQUEST_LIMIT_EXCEEDED as 503', async () => {
    const payload = eventPayload();
    restlet.answer = () => ({ status: 200, body: '{"status":"duplicate"}' });
    expect((await post(relay, payload)).status).toBe(200);
    restlet.answer = () => ({
      status: 400,
      body: '{"error" : {"code" : "SSS_REQUEST_LIMIT_EXCEEDED", "message" : "Request limit exceeded."}}',
    });
    const busy = await post(relay, payload);
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('60');
    restlet.answer = () => ({ status: 502, body: 'bad gateway' });
    expect((await post(relay, payload)).status).toBe(503);
    restlet.answer = () => ({ status: 401, body: '{"error":{"code":"INVALID_LOGIN_ATTEMPT","message":"x"}}' });
    expect(await post(relay, payload)).toMatchObject({ status: 502, body: { code: 'INVALID_LOGIN_ATTEMPT' } });
  });

  it('answers 503 when the RESTlet does not answer in time', async () => {
    restlet.answer = () => 'hang';
    const started = Date.now();
    expect((await post(relay, eventPayload())).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('answers 503 when the connection is refused', async () => {
    const port = await closedPort();
    const refused = await startRelayServer(
      testConfig({ restletUrl: `http://127.0.0.1:${port}/app/site/hosting/restlet.nl?script=17&deploy=1` }),
      quiet,
    );
    try {
      expect((await post(refused, eventPayload())).status).toBe(503);
    } finally {
      await refused.close();
    }
  });

  it('answers 400 to a bad signature without calling NetSuite', async () => {
    const payload = eventPayload();
    expect((await post(relay, payload, signed(payload, { secret: 'whsec_wrong' }))).status).toBe(400);
    expect(restlet.requests).toHaveLength(0);
  });

  it('answers 413 to a body over the limit, streamed or declared', async () => {
    const small = await startRelayServer(testConfig({ restletUrl: restlet.url, maxBodyBytes: 1024 }), quiet);
    try {
      const big = 'x'.repeat(64 * 1024);
      const res = await fetch(small.webhookUrl, {
        method: 'POST',
        headers: { 'Stripe-Signature': signed(big) },
        body: big,
      });
      expect(res.status).toBe(413);
      // Chunked, without Content-Length.
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(small.webhookUrl, { method: 'POST', headers: { 'Stripe-Signature': 'x' } }, (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        });
        req.on('error', reject);
        for (let i = 0; i < 8; i++) req.write('y'.repeat(512));
        req.end();
      });
      expect(status).toBe(413);
      expect(restlet.requests).toHaveLength(0);
    } finally {
      await small.close();
    }
  });

  it('serves /health, 404 and 405', async () => {
    const health = await fetch(`${relay.origin}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect((await fetch(`${relay.origin}/nope`)).status).toBe(404);
    expect((await fetch(relay.webhookUrl)).status).toBe(405);
    expect((await fetch(`${relay.origin}/health`, { method: 'DELETE' })).status).toBe(405);
  });

  it('logs one JSON line per request to stdout, with no payload, signature, token or secret', async () => {
    const payload = eventPayload('evt_1LogCheck', 'invoice.paid');
    const signature = signed(payload);
    const logged = await startRelayServer(testConfig({ restletUrl: restlet.url }));
    const out = await captureStdout(async () => {
      await post(logged, payload, signature);
      await post(logged, payload, signed(payload, { secret: 'whsec_wrong' }));
      restlet.answer = () => ({ status: 401, body: '{"error":{"code":"INVALID_LOGIN_ATTEMPT","message":"x"}}' });
      await post(logged, payload, signature);
      await fetch(`${logged.origin}/health`);
    });
    await logged.close();
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(4);
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries[0]).toMatchObject({
      event_id: 'evt_1LogCheck',
      event_type: 'invoice.paid',
      outcome: 'forwarded',
      status: 200,
    });
    expect(typeof entries[0]?.ms).toBe('number');
    expect(entries[1]).toMatchObject({ outcome: 'invalid_signature', status: 400 });
    expect(entries[2]).toMatchObject({
      outcome: 'restlet_rejected',
      status: 502,
      restlet_code: 'INVALID_LOGIN_ATTEMPT',
    });
    expect(entries[3]).toMatchObject({ outcome: 'health', status: 200 });
    for (const secret of [
      SECRET,
      OLD_SECRET,
      'whsec_',
      CREDENTIALS.consumerKey,
      CREDENTIALS.consumerSecret,
      CREDENTIALS.tokenId,
      CREDENTIALS.tokenSecret,
      signature,
      signature.split(',v1=')[1] ?? 'unused',
      'ch_1Test',
      'Café',
      'oauth_',
    ]) {
      expect(out).not.toContain(secret);
    }
  });
});

describe('relay against the NetSuite emulator’s HTTP front', () => {
  const deployment: DeploymentInfo = {
    kind: 'restlet',
    scriptId: 'customscript_snc_webhook_rl',
    deploymentId: 'customdeploy_snc_webhook_rl',
    availableWithoutLogin: false,
    audienceRoles: ['customrole_snc_relay'],
  };
  const calls: RestletRequest[] = [];
  const host: ScriptHost = {
    findDeployment: (script, deploy) =>
      script === deployment.scriptId && deploy === deployment.deploymentId ? deployment : undefined,
    runRestlet: async (request): Promise<ScriptOutcome<unknown>> => {
      calls.push(request);
      const envelope = parseEnvelope(String(request.body));
      return { ok: true, value: JSON.stringify({ status: envelope.payload.length > 0 ? 'stored' : 'empty' }) };
    },
    runSuitelet: async () => ({ ok: false, error: { name: 'UNUSED', message: 'unused' } }),
  };

  it('passes the emulator’s token-based authentication check and is stored', async () => {
    const front = await startHttpFront({
      host,
      accountId: ACCOUNT,
      concurrencyLimit: 1,
      integrations: [{ consumerKey: CREDENTIALS.consumerKey, consumerSecret: CREDENTIALS.consumerSecret }],
      tokens: [
        {
          tokenId: CREDENTIALS.tokenId,
          tokenSecret: CREDENTIALS.tokenSecret,
          consumerKey: CREDENTIALS.consumerKey,
          user: {
            id: 7,
            name: 'Relay',
            email: 'relay@example.com',
            role: '1001',
            roleId: 'customrole_snc_relay',
            subsidiary: 1,
          },
        },
      ],
    });
    const relay = await startRelayServer(
      testConfig({ restletUrl: front.restletUrl(deployment.scriptId, deployment.deploymentId) }),
      quiet,
    );
    try {
      const payload = eventPayload();
      const signature = signed(payload);
      const res = await post(relay, payload, signature);
      expect(res).toMatchObject({ status: 200, body: { received: true, status: 'stored' } });
      expect(calls[0]?.contentType).toBe('text/plain');
      expect(parseEnvelope(String(calls[0]?.body))).toEqual({ signature, payload });
      // Ten at once against a limit of one: the relay's own cap is 2, so some hit SSS_REQUEST_LIMIT_EXCEEDED → 503.
      const many = await Promise.all(Array.from({ length: 10 }, () => post(relay, payload, signature)));
      for (const r of many) expect([200, 503]).toContain(r.status);
    } finally {
      await relay.close();
      await front.close();
    }
  });
});

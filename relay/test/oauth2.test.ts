import { constants, generateKeyPairSync, verify } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RestletRequest, ScriptHost, ScriptOutcome } from '../../emulator/src/http/host';
import { startHttpFront, type HttpFront } from '../../emulator/src/http/server';
import { loadConfig, type RelayConfig } from '../src/config';
import { createRelay, fetchTransport, type Transport } from '../src/core';
import { clientAssertion, defaultTokenUrl, type M2MCredentials } from '../src/oauth2';
import { ACCOUNT, configProblems, ENV, eventPayload, signed } from './helpers/fixtures';

// Test-only keys, made here: none is a real credential.
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const RSA_PRIVATE = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const RSA_PUBLIC = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const EC_PRIVATE = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const EC_PUBLIC = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const OAUTH2_ENV = {
  ...ENV,
  NETSUITE_CONSUMER_KEY: undefined,
  NETSUITE_CONSUMER_SECRET: undefined,
  NETSUITE_TOKEN_ID: undefined,
  NETSUITE_TOKEN_SECRET: undefined,
  NETSUITE_CLIENT_ID: 'client_test_relay',
  NETSUITE_CERTIFICATE_ID: 'cert_test_relay',
  NETSUITE_PRIVATE_KEY: RSA_PRIVATE,
};

function decode(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('relay OAuth 2.0 configuration', () => {
  it('uses client credentials without TBA variables, with the token URL NetSuite documents and PS256', () => {
    const config = loadConfig(OAUTH2_ENV);
    expect(config.netsuite).toMatchObject({
      method: 'oauth2',
      clientId: 'client_test_relay',
      certificateId: 'cert_test_relay',
      algorithm: 'PS256',
      // Oracle help, "POST Request to the Token Endpoint…": https://<accountID>.suitetalk.api.netsuite.com/…
      tokenUrl: 'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token',
    });
  });

  it('keeps token-based authentication when NETSUITE_TOKEN_ID is set, or when NETSUITE_AUTH=tba', () => {
    expect(loadConfig(ENV).netsuite.method).toBe('tba');
    expect(configProblems({ ...OAUTH2_ENV, NETSUITE_AUTH: 'tba' })).toContain('NETSUITE_TOKEN_ID is required');
  });

  it('names the OAuth 2.0 variables that are missing', () => {
    const found = configProblems({ NETSUITE_ACCOUNT_ID: ACCOUNT });
    for (const name of ['NETSUITE_CLIENT_ID', 'NETSUITE_CERTIFICATE_ID', 'NETSUITE_PRIVATE_KEY']) {
      expect(found.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it('reads the key from NETSUITE_PRIVATE_KEY_FILE and refuses a key of the wrong kind or an unknown algorithm', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-key-'));
    const file = path.join(dir, 'key.pem');
    fs.writeFileSync(file, EC_PRIVATE);
    try {
      const env = { ...OAUTH2_ENV, NETSUITE_PRIVATE_KEY: undefined, NETSUITE_PRIVATE_KEY_FILE: file };
      expect(loadConfig({ ...env, NETSUITE_JWT_ALGORITHM: 'ES256' }).netsuite).toMatchObject({
        privateKey: EC_PRIVATE,
      });
      expect(configProblems({ ...env, NETSUITE_JWT_ALGORITHM: 'PS256' }).join()).toMatch(
        /NETSUITE_PRIVATE_KEY: a PS256/,
      );
      // RS256 is not among the algorithms Oracle lists for the client assertion.
      expect(configProblems({ ...env, NETSUITE_JWT_ALGORITHM: 'RS256' }).join()).toMatch(/NETSUITE_JWT_ALGORITHM/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('client assertion (Oracle help, "The Request Token Structure")', () => {
  const credentials: M2MCredentials = {
    accountId: ACCOUNT,
    clientId: 'client_x',
    certificateId: 'cert_x',
    privateKey: RSA_PRIVATE,
    algorithm: 'PS256',
    tokenUrl: defaultTokenUrl(ACCOUNT),
  };

  it('has typ JWT, alg, kid = certificate ID; iss = client ID, scope restlets, aud = token URL, exp within 60 min', () => {
    const [header, payload] = clientAssertion(credentials, 1_700_000_000).split('.');
    expect(decode(header)).toEqual({ typ: 'JWT', alg: 'PS256', kid: 'cert_x' });
    const claims = decode(payload);
    expect(claims).toMatchObject({ iss: 'client_x', scope: 'restlets', aud: credentials.tokenUrl, iat: 1_700_000_000 });
    expect(Number(claims.exp) - Number(claims.iat)).toBeLessThanOrEqual(3600);
  });

  it('is signed RSASSA-PSS/SHA-256 (PS256) or ECDSA P-256 as R||S (ES256), verifiable with the public key', () => {
    const ps = clientAssertion(credentials, 1_700_000_000).split('.');
    expect(
      verify(
        'sha256',
        Buffer.from(`${ps[0]}.${ps[1]}`),
        { key: RSA_PUBLIC, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
        Buffer.from(ps[2] ?? '', 'base64url'),
      ),
    ).toBe(true);
    const es = clientAssertion({ ...credentials, privateKey: EC_PRIVATE, algorithm: 'ES256' }, 1_700_000_000).split(
      '.',
    );
    expect(Buffer.from(es[2] ?? '', 'base64url')).toHaveLength(64);
    expect(
      verify(
        'sha256',
        Buffer.from(`${es[0]}.${es[1]}`),
        { key: EC_PUBLIC, dsaEncoding: 'ieee-p1363' },
        Buffer.from(es[2] ?? '', 'base64url'),
      ),
    ).toBe(true);
  });
});

describe('relay → emulator HTTP front with OAuth 2.0 client credentials', () => {
  const deployment = {
    kind: 'restlet' as const,
    scriptId: 'customscript_snc_webhook_rl',
    deploymentId: 'customdeploy_snc_webhook_rl',
    availableWithoutLogin: false,
    audienceRoles: ['customrole_snc_relay'],
  };
  const user = {
    id: 7,
    name: 'Relay',
    email: 'relay@example.com',
    role: '1001',
    roleId: 'customrole_snc_relay',
    subsidiary: 1,
  };
  let front: HttpFront;
  let clock = Date.UTC(2026, 0, 5, 12);
  const calls: RestletRequest[] = [];
  const host: ScriptHost = {
    findDeployment: (script, deploy) =>
      script === deployment.scriptId && deploy === deployment.deploymentId ? deployment : undefined,
    runRestlet: async (request): Promise<ScriptOutcome<unknown>> => {
      calls.push(request);
      return { ok: true, value: JSON.stringify({ status: 'stored' }) };
    },
    runSuitelet: async () => ({ ok: false, error: { name: 'UNUSED', message: 'unused' } }),
  };

  beforeAll(async () => {
    front = await startHttpFront({
      host,
      accountId: ACCOUNT,
      concurrencyLimit: 5,
      integrations: [],
      tokens: [],
      m2m: [{ clientId: 'client_test_relay', certificateId: 'cert_test_relay', publicKey: RSA_PUBLIC, user }],
      now: () => new Date(clock),
    });
  });
  afterAll(() => front.close());

  function relayWithCounter(): { relay: ReturnType<typeof createRelay>; tokenRequests: () => number } {
    let count = 0;
    const send: Transport = (request, signal) => {
      if (request.url === front.tokenUrl) count++;
      return fetchTransport(request, signal);
    };
    const config: RelayConfig = {
      ...loadConfig({ ...OAUTH2_ENV, NETSUITE_TOKEN_URL: front.tokenUrl }),
      restletUrl: front.restletUrl(deployment.scriptId, deployment.deploymentId),
    };
    const relay = createRelay(config, { send, now: () => clock, log: () => undefined });
    return { relay, tokenRequests: () => count };
  }

  const deliver = async (relay: ReturnType<typeof createRelay>) => {
    const payload = eventPayload();
    return relay({
      method: 'POST',
      path: '/stripe/webhook',
      headers: { 'stripe-signature': signed(payload, { timestamp: Math.floor(clock / 1000) }) },
      body: Buffer.from(payload),
    });
  };

  it('gets a token from the token endpoint, calls the RESTlet as the mapped user, and reuses the token', async () => {
    const { relay, tokenRequests } = relayWithCounter();
    expect((await deliver(relay)).status).toBe(200);
    expect((await deliver(relay)).status).toBe(200);
    expect(tokenRequests()).toBe(1);
    expect(calls.at(-1)?.user).toEqual(user);
  });

  it('fetches a new token shortly before the old one expires', async () => {
    const { relay, tokenRequests } = relayWithCounter();
    expect((await deliver(relay)).status).toBe(200);
    clock += 3550 * 1000; // 50 s before the 3600 s token ends
    expect((await deliver(relay)).status).toBe(200);
    expect(tokenRequests()).toBe(2);
  });

  it('fetches a new token and calls again once when the RESTlet answers 401 (token revoked)', async () => {
    const { relay, tokenRequests } = relayWithCounter();
    expect((await deliver(relay)).status).toBe(200);
    front.revokeAccessTokens();
    expect((await deliver(relay)).status).toBe(200);
    expect(tokenRequests()).toBe(2);
  });

  it('answers Stripe 503 (retry later) when the token endpoint refuses the assertion', async () => {
    const config: RelayConfig = {
      ...loadConfig({ ...OAUTH2_ENV, NETSUITE_TOKEN_URL: front.tokenUrl, NETSUITE_CERTIFICATE_ID: 'cert_unknown' }),
      restletUrl: front.restletUrl(deployment.scriptId, deployment.deploymentId),
    };
    const relay = createRelay(config, { now: () => clock, log: () => undefined });
    const answer = await deliver(relay);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'netsuite_auth_failed', retryable: true });
  });
});

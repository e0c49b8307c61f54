import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import type { ScriptUser } from '../src/context';
import type {
  DeploymentInfo,
  RestletRequest,
  ScriptHost,
  ScriptOutcome,
  SuiteletRequest,
  SuiteletResponse,
} from '../src/http/host';
import { type HttpFront, startHttpFront } from '../src/http/server';

const ACCOUNT = '1234567_SB1';
const CONSUMER = { key: 'ck_relay', secret: 'cs_relay_secret' };
const TOKEN = { key: 'tk_relay', secret: 'ts_relay_secret' };
const USER: ScriptUser = {
  id: 42,
  name: 'Relay',
  email: 'relay@example.com',
  role: '1001',
  roleId: 'customrole_snc_relay',
  subsidiary: 1,
};

const DEPLOYMENTS: DeploymentInfo[] = [
  {
    kind: 'restlet',
    scriptId: 'customscript_snc_rl',
    deploymentId: 'customdeploy_snc_rl',
    availableWithoutLogin: false,
    audienceRoles: ['customrole_snc_relay'],
  },
  {
    kind: 'restlet',
    scriptId: 'customscript_admin_rl',
    deploymentId: 'customdeploy_admin_rl',
    availableWithoutLogin: false,
    audienceRoles: ['administrator'],
  },
  {
    kind: 'suitelet',
    scriptId: 'customscript_snc_sl',
    deploymentId: 'customdeploy_snc_sl',
    availableWithoutLogin: true,
    audienceRoles: 'all',
  },
  {
    kind: 'suitelet',
    scriptId: 'customscript_int_sl',
    deploymentId: 'customdeploy_int_sl',
    availableWithoutLogin: false,
    audienceRoles: 'all',
  },
];

class FakeHost implements ScriptHost {
  restletCalls: RestletRequest[] = [];
  suiteletCalls: SuiteletRequest[] = [];
  restletAnswer: (r: RestletRequest) => Promise<ScriptOutcome<unknown>> = async (r) => ({
    ok: true,
    value: { got: r.body ?? r.params },
  });
  suiteletAnswer: (r: SuiteletRequest) => Promise<ScriptOutcome<SuiteletResponse>> = async (r) => ({
    ok: true,
    value: {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sig: r.headers['stripe-signature'], raw: r.body, p: r.parameters }),
    },
  });

  findDeployment(script: string, deploy: string) {
    return DEPLOYMENTS.find(
      (d) => (d.scriptId === script || script === '17') && (d.deploymentId === deploy || deploy === '1'),
    );
  }
  runRestlet(request: RestletRequest) {
    this.restletCalls.push(request);
    return this.restletAnswer(request);
  }
  runSuitelet(request: SuiteletRequest) {
    this.suiteletCalls.push(request);
    return this.suiteletAnswer(request);
  }
}

const client = (signatureMethod = 'HMAC-SHA256', consumer = CONSUMER) =>
  new OAuth({
    consumer,
    signature_method: signatureMethod,
    hash_function: (base, key) =>
      createHmac(signatureMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256', key)
        .update(base)
        .digest('base64'),
    realm: ACCOUNT,
  });

function authHeader(
  method: string,
  url: string,
  options: { realm?: string; oauth?: OAuth; token?: typeof TOKEN; data?: Partial<OAuth.Data> } = {},
) {
  const oauth = options.oauth ?? client();
  const data = { ...oauth.authorize({ url, method }, options.token ?? TOKEN) };
  if (options.data) {
    Object.assign(data, options.data);
    data.oauth_signature = oauth.getSignature({ url, method, data: {} }, (options.token ?? TOKEN).secret, {
      ...data,
      oauth_signature: undefined,
    } as never);
  }
  const header = oauth.toHeader(data).Authorization;
  return options.realm === undefined ? header : header.replace(`realm="${ACCOUNT}"`, `realm="${options.realm}"`);
}

describe('HTTP front: RESTlets', () => {
  let host: FakeHost;
  let front: HttpFront;

  beforeEach(async () => {
    host = new FakeHost();
    front = await startHttpFront({
      host,
      accountId: ACCOUNT,
      concurrencyLimit: 2,
      integrations: [
        { consumerKey: CONSUMER.key, consumerSecret: CONSUMER.secret },
        { consumerKey: 'ck_blocked', consumerSecret: 's', enabled: false },
      ],
      tokens: [{ tokenId: TOKEN.key, tokenSecret: TOKEN.secret, consumerKey: CONSUMER.key, user: USER }],
    });
  });
  afterEach(() => front.close());

  const call = (
    method: string,
    url: string,
    body?: string,
    contentType = 'application/json',
    auth = authHeader(method, url),
  ) => fetch(url, { method, body, headers: { Authorization: auth, 'Content-Type': contentType } });

  it('serves a signed POST with a JSON body as a parsed object, answering JSON', async () => {
    const url = front.restletUrl('customscript_snc_rl', 'customdeploy_snc_rl');
    const res = await call('POST', url, '{"events":[1,2]}');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ got: { events: [1, 2] } });
    expect(host.restletCalls[0]).toMatchObject({
      method: 'POST',
      body: { events: [1, 2] },
      params: {},
      user: USER,
      contentType: 'application/json',
    });
    expect(host.restletCalls[0]?.deployment.scriptId).toBe('customscript_snc_rl');
  });

  it('passes a text/plain body through as the raw string and answers text', async () => {
    host.restletAnswer = async (r) => ({ ok: true, value: `len=${String(r.body).length}` });
    const raw = 't=1763750000,v1=abc\n{"id": "evt_1"}';
    const res = await call('POST', front.restletUrl('17', '1'), raw, 'text/plain; charset=utf-8');
    expect(await res.text()).toBe(`len=${raw.length}`);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(host.restletCalls[0]?.body).toBe(raw);
  });

  it('gives GET the query parameters minus script and deploy', async () => {
    const url = front.restletUrl('customscript_snc_rl', 'customdeploy_snc_rl', { since: '2026-11-01', q: 'a b' });
    const res = await call('GET', url);
    expect(await res.json()).toEqual({ got: { since: '2026-11-01', q: 'a b' } });
    expect(host.restletCalls[0]?.body).toBeUndefined();
  });

  const expectLoginFailure = async (res: Response, reason: string) => {
    expect(res.status).toBe(401);
    expect(res.headers.get('x-netsuite-emulator-login-audit')).toBe(reason);
    expect(await res.json()).toEqual({ error: { code: 'INVALID_LOGIN_ATTEMPT', message: 'Invalid login attempt.' } });
  };

  it('answers 401 INVALID_LOGIN_ATTEMPT for missing, tampered or foreign credentials', async () => {
    const url = front.restletUrl('customscript_snc_rl', 'customdeploy_snc_rl');
    await expectLoginFailure(
      await fetch(url, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }),
      'MissingTokenPassportRequiredFields',
    );
    await expectLoginFailure(
      await call('POST', url, '{}', 'application/json', authHeader('POST', `${url}&x=1`)),
      'InvalidSignature',
    );
    await expectLoginFailure(
      await call('POST', url, '{}', 'application/json', authHeader('POST', url, { realm: '1234567_sb1' })),
      'InvalidRealm',
    );
    await expectLoginFailure(
      await call('POST', url, '{}', 'application/json', authHeader('POST', url, { oauth: client('HMAC-SHA1') })),
      'InvalidSignatureMethod',
    );
    await expectLoginFailure(
      await call(
        'POST',
        url,
        '{}',
        'application/json',
        authHeader('POST', url, { token: { key: TOKEN.key, secret: 'wrong' } }),
      ),
      'InvalidSignature',
    );
    await expectLoginFailure(
      await call(
        'POST',
        url,
        '{}',
        'application/json',
        authHeader('POST', url, { oauth: client('HMAC-SHA256', { key: 'ck_blocked', secret: 's' }) }),
      ),
      'consumer_key_refused',
    );
    await expectLoginFailure(
      await call('POST', url, '{}', 'application/json', authHeader('POST', url, { data: { oauth_nonce: 'abc' } })),
      'nonce_rejected',
    );
    const stale = Math.floor(Date.now() / 1000) - 3600;
    await expectLoginFailure(
      await call('POST', url, '{}', 'application/json', authHeader('POST', url, { data: { oauth_timestamp: stale } })),
      'timestamp_refused',
    );
    expect(host.restletCalls).toHaveLength(0);
  });

  it('refuses a replayed nonce and timestamp', async () => {
    const url = front.restletUrl('customscript_snc_rl', 'customdeploy_snc_rl');
    const auth = authHeader('POST', url);
    expect((await call('POST', url, '{}', 'application/json', auth)).status).toBe(200);
    await expectLoginFailure(await call('POST', url, '{}', 'application/json', auth), 'nonce_used');
  });

  it('reports script errors as HTTP 400 with NetSuite’s error body', async () => {
    host.restletAnswer = async () => ({
      ok: false,
      error: { name: 'SNC_BAD_SIGNATURE', message: 'No matching v1 signature' },
    });
    const res = await call('POST', front.restletUrl('customscript_snc_rl', 'customdeploy_snc_rl'), '{}');
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text.startsWith('{"error" : {"code" : "SNC_BAD_SIGNATURE", "message" : ')).toBe(true);
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    expect(JSON.parse(body.error.message)).toMatchObject({
      type: 'error.SuiteScriptError',
      name: 'SNC_BAD_SIGNATURE',
      message: 'No matching v1 signature',
    });

    const plain = await call('POST', front.restletUrl('customscript_snc_rl', 'customdeploy_snc_rl'), 'x', 'text/plain');
    expect(await plain.text()).toMatch(/^error code: SNC_BAD_SIGNATURE\nerror message: \{/);
  });

  it('rejects invalid JSON, unsupported content types and unknown deployments', async () => {
    const url = front.restletUrl('customscript_snc_rl', 'customdeploy_snc_rl');
    const bad = await call('POST', url, '{"a":');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('SYNTAX_ERROR');
    const form = await call('POST', url, 'a=1', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
    const missing = front.restletUrl('customscript_nope', 'customdeploy_nope');
    const res = await call('GET', missing);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SSS_INVALID_SCRIPTLET_ID');
    expect(host.restletCalls).toHaveLength(0);
  });

  it('answers 403 when the token role is not in the deployment audience', async () => {
    const res = await call('GET', front.restletUrl('customscript_admin_rl', 'customdeploy_admin_rl'));
    expect(res.status).toBe(403);
    expect(host.restletCalls).toHaveLength(0);
  });

  it('answers 400 SSS_REQUEST_LIMIT_EXCEEDED beyond the concurrency limit', async () => {
    const release: (() => void)[] = [];
    host.restletAnswer = () => new Promise((resolve) => release.push(() => resolve({ ok: true, value: 'done' })));
    const url = front.restletUrl('customscript_snc_rl', 'customdeploy_snc_rl');
    const first = call('GET', url);
    const second = call('GET', url);
    while (release.length < 2) await new Promise((r) => setTimeout(r, 5));
    const third = await call('GET', url);
    expect(third.status).toBe(400);
    expect(await third.json()).toEqual({
      error: { code: 'SSS_REQUEST_LIMIT_EXCEEDED', message: 'Request limit exceeded.' },
    });
    release.forEach((r) => r());
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    host.restletAnswer = async () => ({ ok: true, value: 'again' });
    expect((await call('GET', url)).status).toBe(200);
  });
});

describe('HTTP front: Suitelets', () => {
  let host: FakeHost;
  let front: HttpFront;

  beforeEach(async () => {
    host = new FakeHost();
    front = await startHttpFront({ host, accountId: ACCOUNT, concurrencyLimit: 1, integrations: [], tokens: [] });
  });
  afterEach(() => front.close());

  it('gives a public Suitelet the headers, raw body and parameters, and returns what it wrote', async () => {
    const raw = '{"id":"evt_1",  "type":"charge.succeeded"}';
    const url = front.suiteletUrl('customscript_snc_sl', 'customdeploy_snc_sl', {
      compid: ACCOUNT,
      'ns-at': 'AAEJ7tMQ',
    });
    const res = await fetch(url, {
      method: 'POST',
      body: raw,
      headers: { 'Stripe-Signature': 't=1,v1=ab', 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      sig: 't=1,v1=ab',
      raw,
      p: { script: 'customscript_snc_sl', deploy: 'customdeploy_snc_sl', compid: ACCOUNT, 'ns-at': 'AAEJ7tMQ' },
    });
    expect(host.suiteletCalls[0]).toMatchObject({ method: 'POST', user: null });
  });

  it('answers a Suitelet error with 500 and refuses internal Suitelets without a session', async () => {
    host.suiteletAnswer = async () => ({
      ok: false,
      error: { name: 'SSS_USAGE_LIMIT_EXCEEDED', message: 'Script Execution Usage Limit Exceeded' },
    });
    const res = await fetch(front.suiteletUrl('customscript_snc_sl', 'customdeploy_snc_sl'));
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('SSS_USAGE_LIMIT_EXCEEDED');
    const internal = await fetch(front.suiteletUrl('customscript_int_sl', 'customdeploy_int_sl'));
    expect(internal.status).toBe(401);
    expect(host.suiteletCalls).toHaveLength(1);
  });

  it('answers 404 for other paths and closes cleanly', async () => {
    expect((await fetch(`${front.origin}/app/other.nl`)).status).toBe(404);
    await front.close();
    await expect(fetch(`${front.origin}/app/other.nl`)).rejects.toThrow();
    front = await startHttpFront({ host, accountId: ACCOUNT, concurrencyLimit: 1, integrations: [], tokens: [] });
  });
});

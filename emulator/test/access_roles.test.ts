import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { NetSuiteEmulator } from '../src/emulator';
import { oauthSignature, TbaVerifier } from '../src/http/oauth';
import { TOKEN_PATH } from '../src/http/oauth2';
import { scriptXml, tempProject } from './fixtures/fakes';

// Conformance tests for who may run what: each names the Oracle help page it follows.

const RESTLET_FILE =
  "/**\n * @NApiVersion 2.1\n * @NScriptType Restlet\n */\ndefine(['N/record'], (record) => ({\n" +
  '  post: (body) => {\n' +
  '    const r = record.create({ type: body.type });\n' +
  '    for (const [k, v] of Object.entries(body.values)) r.setValue({ fieldId: k, value: v });\n' +
  '    return String(r.save());\n' +
  '  },\n' +
  "  get: (p) => { record.load({ type: p.type, id: p.id }); return 'loaded'; },\n" +
  '}));\n';

function role(scriptId: string, permissions: [string, string][], webServicesOnly = false): string {
  const perms = permissions
    .map(([key, level]) => `<permission><permkey>${key}</permkey><permlevel>${level}</permlevel></permission>`)
    .join('');
  return `<role scriptid="${scriptId}"><name>${scriptId}</name><iswebserviceonlyrole>${webServicesOnly ? 'T' : 'F'}</iswebserviceonlyrole><permissions>${perms}</permissions></role>`;
}

const deployment = (id: string, status: string, audience: string) =>
  `<scriptdeployment scriptid="${id}"><status>${status}</status><title>d</title>${audience}</scriptdeployment>`;

async function account(): Promise<NetSuiteEmulator> {
  const dir = tempProject({
    'Objects/customrole_t_clerk.xml': role('customrole_t_clerk', [
      ['LIST_CUSTJOB', 'VIEW'],
      ['[scriptid=customrecord_t_log]', 'CREATE'],
      ['ADMI_LOGIN_OAUTH', 'FULL'],
      ['ADMI_LOGIN_OAUTH2', 'FULL'],
    ]),
    'Objects/customrole_t_ws.xml': role('customrole_t_ws', [['ADMI_LOGIN_OAUTH', 'FULL']], true),
    'Objects/customrole_t_nologin.xml': role('customrole_t_nologin', [['LIST_CUSTJOB', 'FULL']]),
    'Objects/customrecord_t_log.xml':
      '<customrecordtype scriptid="customrecord_t_log"><recordname>Log</recordname><accesstype>USEPERMISSIONLIST</accesstype>' +
      '<customrecordcustomfields><customrecordcustomfield scriptid="custrecord_t_log_note"><fieldtype>TEXT</fieldtype><label>Note</label></customrecordcustomfield></customrecordcustomfields></customrecordtype>',
    'Objects/customscript_t_rl.xml': scriptXml('restlet', 'customscript_t_rl', '/SuiteScripts/rl.js', [
      deployment('customdeploy_t_released', 'RELEASED', '<allroles>T</allroles>'),
      deployment('customdeploy_t_testing', 'TESTING', '<allroles>T</allroles>'),
      deployment('customdeploy_t_clerks', 'RELEASED', '<audslctrole>[scriptid=customrole_t_clerk]</audslctrole>'),
      deployment('customdeploy_t_nobody', 'RELEASED', ''),
    ]),
    'FileCabinet/SuiteScripts/rl.js': RESTLET_FILE,
  });
  return NetSuiteEmulator.create({ projectDir: dir });
}

const post = (ns: NetSuiteEmulator, deploymentId: string, body: unknown, role?: string) =>
  ns.restlet({
    scriptId: 'customscript_t_rl',
    deploymentId,
    method: 'POST',
    contentType: 'application/json',
    body: JSON.stringify(body),
    ...(role === undefined ? {} : { role }),
  });

const customer = { type: 'customer', values: { companyname: 'Acme', subsidiary: '1' } };
const log = { type: 'customrecord_t_log', values: { name: 'x', custrecord_t_log_note: 'n' } };

describe('deployments: status and audience', () => {
  it('a Testing deployment runs only for the script owner (Oracle help, "Setting Script Deployment Status")', async () => {
    const ns = await account();
    expect(post(ns, 'customdeploy_t_testing', log).status).toBe(200); // the account's user owns the scripts
    expect(post(ns, 'customdeploy_t_testing', log, 'customrole_t_clerk')).toMatchObject({
      status: 403,
      error: { name: 'INSUFFICIENT_PERMISSION' },
    });
    expect(post(ns, 'customdeploy_t_released', log, 'customrole_t_clerk').status).toBe(200);
  });

  it('a Released deployment runs for its selected roles only (Oracle help, "Defining Script Audience")', async () => {
    const ns = await account();
    expect(post(ns, 'customdeploy_t_clerks', log, 'customrole_t_clerk').status).toBe(200);
    expect(post(ns, 'customdeploy_t_clerks', log, 'customrole_t_nologin').status).toBe(403);
  });

  it('with no audience a Released deployment runs for the owner only (Oracle help, "Defining Script Audience")', async () => {
    const ns = await account();
    expect(post(ns, 'customdeploy_t_nobody', log).status).toBe(200);
    expect(post(ns, 'customdeploy_t_nobody', log, 'administrator').status).toBe(403);
  });

  it('a Web Services Only role cannot call a RESTlet: INVALID_LOGIN_CREDENTIALS (Oracle help, "RESTlet Authentication")', async () => {
    const ns = await account();
    expect(post(ns, 'customdeploy_t_released', log, 'customrole_t_ws')).toMatchObject({
      status: 401,
      error: { name: 'INVALID_LOGIN_CREDENTIALS' },
    });
  });
});

describe('permissions of the running role (N/record)', () => {
  it('a RESTlet runs with the caller’s role: creating a record below Create level fails with INSUFFICIENT_PERMISSION (Oracle help, "Script Types That Support Execute as Role": not RESTlets)', async () => {
    const ns = await account();
    const res = post(ns, 'customdeploy_t_released', customer, 'customrole_t_clerk');
    expect(res.status).toBe(400);
    expect(res.error?.name).toBe('INSUFFICIENT_PERMISSION');
    expect(res.error?.message).toContain("'Customers' permission");
    expect(ns.sql.query('SELECT COUNT(*) AS n FROM customer', []).rows[0]?.n).toBe(0);
  });

  it('a custom record of access type USEPERMISSIONLIST follows the role’s level for it (Oracle help, "Custom Record Access Types")', async () => {
    const ns = await account();
    expect(post(ns, 'customdeploy_t_released', log, 'customrole_t_clerk').status).toBe(200);
    expect(post(ns, 'customdeploy_t_released', log, 'customrole_t_nologin').error?.name).toBe(
      'INSUFFICIENT_PERMISSION',
    );
  });

  it('View level allows load but not create (Oracle help, "NetSuite Permissions Overview": View < Create < Edit < Full)', async () => {
    const ns = await account();
    const id = post(ns, 'customdeploy_t_released', customer).body; // the owner, as Administrator
    const load = ns.restlet({
      scriptId: 'customscript_t_rl',
      deploymentId: 'customdeploy_t_released',
      method: 'GET',
      params: { type: 'customer', id },
      role: 'customrole_t_clerk',
    });
    expect(load.status).toBe(200);
  });

  it('the Administrator role may do anything; calls without a role run as the account’s Administrator', async () => {
    const ns = await account();
    expect(post(ns, 'customdeploy_t_released', customer).status).toBe(200);
    expect(post(ns, 'customdeploy_t_released', customer, 'ADMINISTRATOR').status).toBe(200);
  });
});

describe('HTTP front logins', () => {
  const clerk = {
    id: 9,
    name: 'Clerk',
    email: 'c@example.com',
    role: '1002',
    roleId: 'customrole_t_clerk',
    subsidiary: 1,
  };

  it('OAuth 1.0a nonces longer than 64 characters are refused (Oracle help, "Required Parameters for Creating the Token Password": 6–64)', async () => {
    const now = new Date('2026-01-05T12:00:00Z');
    const verifier = new TbaVerifier({
      accountId: 'TSTDRV1',
      integrations: [{ consumerKey: 'ck', consumerSecret: 'cs' }],
      tokens: [{ tokenId: 'tk', tokenSecret: 'ts', consumerKey: 'ck', user: clerk }],
      timestampToleranceSeconds: 300,
      now: () => now,
    });
    const header = (nonce: string) => {
      const params: Record<string, string> = {
        oauth_consumer_key: 'ck',
        oauth_token: 'tk',
        oauth_signature_method: 'HMAC-SHA256',
        oauth_timestamp: String(now.getTime() / 1000),
        oauth_nonce: nonce,
        oauth_version: '1.0',
      };
      params.oauth_signature = oauthSignature('POST', 'http://h/x', { key: 'ck', secret: 'cs' }, 'ts', params);
      return `OAuth realm="TSTDRV1", ${Object.entries(params)
        .map(([k, v]) => `${k}="${encodeURIComponent(v)}"`)
        .join(', ')}`;
    };
    expect(verifier.verify('POST', 'http://h/x', header('a'.repeat(64)))).toMatchObject({ ok: true });
    expect(verifier.verify('POST', 'http://h/x', header('b'.repeat(65)))).toEqual({
      ok: false,
      reason: 'nonce_rejected',
    });
  });

  it('runs the RESTlet with the token’s role and refuses a role without the login permission (Oracle help, "Set Up OAuth 2.0 Roles")', async () => {
    const ns = await account();
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicKey = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const front = await ns.startHttp({
      integrations: [],
      tokens: [],
      m2m: [
        { clientId: 'cid', certificateId: 'kid1', publicKey, user: clerk },
        { clientId: 'cid', certificateId: 'kid2', publicKey, user: { ...clerk, roleId: 'customrole_t_nologin' } },
      ],
    });
    try {
      const nowSeconds = Math.floor(Date.now() / 1000);
      const assertion = (kid: string, claims: Record<string, unknown> = {}, alg = 'PS256') => {
        const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
        const input = `${part({ typ: 'JWT', alg, kid })}.${part({
          iss: 'cid',
          scope: 'restlets',
          aud: front.tokenUrl,
          iat: nowSeconds,
          exp: nowSeconds + 300,
          ...claims,
        })}`;
        const signature = sign('sha256', Buffer.from(input), {
          key: keys.privateKey,
          padding: alg === 'PS256' ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING,
          saltLength: 32,
        });
        return `${input}.${signature.toString('base64url')}`;
      };
      const token = async (jwt: string) => {
        const res = await fetch(front.tokenUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: jwt,
          }).toString(),
        });
        return { status: res.status, body: (await res.json()) as { access_token?: string; error?: string } };
      };
      const call = async (accessToken: string | undefined) => {
        const res = await fetch(front.restletUrl('customscript_t_rl', 'customdeploy_t_released'), {
          method: 'POST',
          headers: { Authorization: `Bearer ${accessToken ?? ''}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(customer),
        });
        return { status: res.status, text: await res.text() };
      };
      expect(front.tokenUrl).toContain(TOKEN_PATH);
      // Oracle help, "The Request Token Structure": exp less than 60 minutes after iat; alg PS/ES only.
      expect((await token(assertion('kid1', { exp: nowSeconds + 3601 }))).body.error).toBe('invalid_grant');
      expect((await token(assertion('kid1', {}, 'RS256'))).status).toBe(401);
      expect((await token(assertion('kid1', { aud: 'https://elsewhere/token' }))).body.error).toBe('invalid_grant');
      const clerkToken = await token(assertion('kid1'));
      expect(clerkToken.status).toBe(200);
      // The clerk may view customers only: the script, running with the token's role, may not create one.
      const created = await call(clerkToken.body.access_token);
      expect(created.status).toBe(400);
      expect(created.text).toContain('INSUFFICIENT_PERMISSION');
      const noLogin = await token(assertion('kid2'));
      expect((await call(noLogin.body.access_token)).status).toBe(401);
      expect((await call('not-a-token')).status).toBe(401);
    } finally {
      await front.close();
    }
  });
});

import * as path from 'node:path';
import { USAGE_LIMITS } from '../src/governance';
import { ScriptHost, runRestlet, runSuitelet } from '../src/runtimes';
import { loadSdfProject } from '../src/sdf';
import { BASIC_PROJECT, fakeModules, fakeServices, scriptXml, tempProject } from './fixtures/fakes';

function basicHost() {
  const services = fakeServices();
  const host = new ScriptHost({ project: loadSdfProject(BASIC_PROJECT), services, createModules: fakeModules() });
  return { host, services };
}

const RL = { scriptId: 'customscript_t_rl', deploymentId: 'customdeploy_t_rl' };

describe('RESTlet runtime', () => {
  it('passes query parameters to get, with the deployment parameters and the emulator clock', () => {
    const { host, services } = basicHost();
    services.clock.now = new Date('2026-03-04T05:06:07Z');
    const res = runRestlet(host, { ...RL, method: 'GET', params: { script: '1', deploy: '1', q: 'x' } });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('text/plain');
    expect(JSON.parse(res.body)).toEqual({
      params: { script: '1', deploy: '1', q: 'x' },
      greeting: 'hello',
      limit: 25,
      flag: true,
      count: 1,
      now: '2026-03-04T05:06:07.000Z',
    });
  });

  it('runs a fresh script instance per call', () => {
    const { host } = basicHost();
    const counts = [1, 2, 3].map(() => JSON.parse(runRestlet(host, { ...RL, method: 'GET' }).body).count);
    expect(counts).toEqual([1, 1, 1]);
  });

  it('gives post a string for text/plain and a parsed object for application/json', () => {
    const { host } = basicHost();
    const text = runRestlet(host, { ...RL, method: 'POST', contentType: 'text/plain; charset=utf-8', body: '{"a":1}' });
    expect(text).toMatchObject({ status: 200, body: 'text:{"a":1}', contentType: 'text/plain' });
    const json = runRestlet(host, { ...RL, method: 'POST', contentType: 'application/json', body: '{"list":[1,2]}' });
    expect(json.status).toBe(200);
    expect(json.contentType).toBe('application/json');
    expect(JSON.parse(json.body)).toEqual({ echo: { list: [1, 2] }, isObject: true, isArray: true });
    // A string returned to a JSON caller is sent as is.
    const put = runRestlet(host, { ...RL, method: 'PUT', contentType: 'application/json', body: '"plain"' });
    expect(put).toMatchObject({ status: 200, body: 'plain' });
  });

  it('rejects an object returned for text/plain with INVALID_RETURN_DATA_FORMAT', () => {
    const { host } = basicHost();
    const res = runRestlet(host, { ...RL, method: 'PUT', contentType: 'text/plain', body: 'x' });
    expect(res.status).toBe(200);
    const bad = runRestlet(host, { ...RL, method: 'GET' });
    expect(bad.status).toBe(200);
    const project = tempProject({
      'Objects/customscript_x.xml': scriptXml('restlet', 'customscript_x', '/SuiteScripts/x.js'),
      'FileCabinet/SuiteScripts/x.js':
        '/**\n * @NApiVersion 2.1\n * @NScriptType Restlet\n */\ndefine([], () => ({ get: () => ({ a: 1 }), post: () => undefined }));\n',
    });
    const other = new ScriptHost({
      project: loadSdfProject(project),
      services: fakeServices(),
      createModules: fakeModules(),
    });
    const obj = runRestlet(other, { scriptId: 'customscript_x', deploymentId: 'customdeploy_x', method: 'GET' });
    expect(obj).toMatchObject({
      status: 400,
      error: { name: 'INVALID_RETURN_DATA_FORMAT', message: 'Invalid data format. You should return text.' },
      body: 'error code: INVALID_RETURN_DATA_FORMAT\nerror message: Invalid data format. You should return text.',
    });
    const json = runRestlet(other, {
      scriptId: 'customscript_x',
      deploymentId: 'customdeploy_x',
      method: 'GET',
      contentType: 'application/json',
    });
    expect(json).toMatchObject({ status: 200, body: '{"a":1}' });
    const empty = runRestlet(other, {
      scriptId: 'customscript_x',
      deploymentId: 'customdeploy_x',
      method: 'POST',
      contentType: 'application/json',
      body: '{}',
    });
    expect(empty).toMatchObject({ status: 200, body: '' });
  });

  it('answers a method without an entry point with an error', () => {
    const { host } = basicHost();
    const res = runRestlet(host, { ...RL, method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.error?.name).toBe('SSS_INVALID_HTTP_METHOD');
  });

  it('fails the call when usage passes the limit even if the script caught the error', () => {
    const { host } = basicHost();
    const spend = USAGE_LIMITS.restlet / 2 + 1; // custom record create = 2 units
    const res = runRestlet(host, {
      ...RL,
      method: 'POST',
      contentType: 'application/json',
      body: JSON.stringify({ spend }),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'SSS_USAGE_LIMIT_EXCEEDED', message: 'Script Execution Usage Limit Exceeded (limit 5000 units)' },
    });
    const usage = host.usage.at(-1);
    expect(usage).toMatchObject({
      scriptId: 'customscript_t_rl',
      stage: 'post',
      exceeded: true,
      error: 'SSS_USAGE_LIMIT_EXCEEDED',
    });
    expect(usage?.units).toBe(5002);
  });

  it('records the usage of every invocation', () => {
    const { host } = basicHost();
    runRestlet(host, { ...RL, method: 'POST', contentType: 'application/json', body: '{"spend":3}' });
    expect(host.usage).toHaveLength(1);
    expect(host.usage[0]).toMatchObject({
      scriptId: 'customscript_t_rl',
      deploymentId: 'customdeploy_t_rl',
      scriptType: 'restlet',
      stage: 'post',
      units: 6,
      limit: 5000,
      exceeded: false,
      calls: { 'record.create': { count: 3, units: 6 } },
    });
  });

  it('turns uncaught errors into NetSuite error bodies and logs them', () => {
    const { host, services } = basicHost();
    const res = runRestlet(host, { ...RL, method: 'POST', contentType: 'application/json', body: '{"fail":true}' });
    expect(res).toMatchObject({ status: 400, body: '{"error":{"code":"Error","message":"boom"}}' });
    expect(services.logs.at(-1)).toMatchObject({
      level: 'ERROR',
      title: 'Error',
      details: 'boom',
      scriptId: 'customscript_t_rl',
    });
  });

  it('refuses undeployed deployments, bodies without Content-Type and roles outside the audience', () => {
    const { host } = basicHost();
    expect(runRestlet(host, { ...RL, deploymentId: 'customdeploy_t_rl_off', method: 'GET' }).error?.name).toBe(
      'SSS_INVALID_SCRIPTLET_ID',
    );
    expect(runRestlet(host, { ...RL, deploymentId: 'customdeploy_nope', method: 'GET' }).error?.name).toBe(
      'SSS_INVALID_DEPLOYMENT_ID',
    );
    expect(runRestlet(host, { ...RL, method: 'POST', body: 'x' }).status).toBe(415);
    expect(runRestlet(host, { ...RL, method: 'GET', role: 'customrole_t_integration' }).status).toBe(200);
    expect(runRestlet(host, { ...RL, method: 'GET', role: 'customrole_other' })).toMatchObject({
      status: 403,
      error: { name: 'INSUFFICIENT_PERMISSION' },
    });
    expect(runRestlet(host, { ...RL, method: 'POST', contentType: 'application/json', body: '{bad' }).status).toBe(400);
  });

  it('checks the script header against the script object', () => {
    const project = tempProject({
      'Objects/customscript_x.xml': scriptXml('restlet', 'customscript_x', '/SuiteScripts/x.js'),
      'FileCabinet/SuiteScripts/x.js':
        '/**\n * @NApiVersion 2.1\n * @NScriptType Suitelet\n */\ndefine([], () => ({ get: () => "x" }));\n',
    });
    const host = new ScriptHost({
      project: loadSdfProject(project),
      services: fakeServices(),
      createModules: fakeModules(),
    });
    expect(() =>
      runRestlet(host, { scriptId: 'customscript_x', deploymentId: 'customdeploy_x', method: 'GET' }),
    ).toThrow(/@NScriptType Suitelet does not match the restlet object customscript_x/);
  });

  it("runs the connector's info RESTlet from src/", () => {
    const project = loadSdfProject(path.join(__dirname, '..', '..', 'src'));
    const host = new ScriptHost({ project, services: fakeServices(), createModules: fakeModules() });
    const res = runRestlet(host, {
      scriptId: 'customscript_snc_info_rl',
      deploymentId: 'customdeploy_snc_info_rl',
      method: 'GET',
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      name: 'Stripe NetSuite Connector',
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
    });
    const json = runRestlet(host, {
      scriptId: 'customscript_snc_info_rl',
      deploymentId: 'customdeploy_snc_info_rl',
      method: 'GET',
      contentType: 'application/json',
    });
    // A string answer is sent as is to a JSON caller too.
    expect(JSON.parse(json.body)).toMatchObject({ name: 'Stripe NetSuite Connector' });
  });
});

describe('Suitelet runtime', () => {
  const SL = { scriptId: 'customscript_t_sl', deploymentId: 'customdeploy_t_sl_public' };

  it('gives onRequest the raw body, headers and parameters and answers 200', () => {
    const { host, services } = basicHost();
    const res = runSuitelet(host, {
      ...SL,
      method: 'post',
      headers: { 'Stripe-Signature': 't=1,v1=abc', 'Content-Type': 'application/json' },
      body: '{"id":"evt_1"}',
      parameters: { a: '1' },
      authenticated: false,
    });
    expect(res.status).toBe(200);
    expect(res.headers).toEqual({ 'X-Test': 'yes', 'Content-Type': 'text/html; charset=utf-8' });
    expect(JSON.parse(res.body)).toEqual({
      method: 'POST',
      body: '{"id":"evt_1"}',
      signature: 't=1,v1=abc',
      parameters: { a: '1' },
    });
    expect(services.logs.at(-1)).toMatchObject({ level: 'AUDIT', title: 'request', details: 'POST' });
  });

  it('adds form fields of urlencoded posts to the parameters', () => {
    const { host } = basicHost();
    const res = runSuitelet(host, {
      ...SL,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'b=2&c=3',
      parameters: { a: '1' },
      authenticated: true,
    });
    expect(JSON.parse(res.body).parameters).toEqual({ a: '1', b: '2', c: '3' });
  });

  it('answers an error page when the script throws or uses an unmodelled API', () => {
    const { host } = basicHost();
    const failed = runSuitelet(host, { ...SL, method: 'GET', parameters: { fail: '1' }, authenticated: true });
    expect(failed.status).toBe(500);
    expect(failed.error).toEqual({ name: 'Error', message: 'suitelet failed' });
    const page = runSuitelet(host, { ...SL, method: 'GET', parameters: { page: '1' }, authenticated: true });
    expect(page.error?.name).toBe('EMULATOR_UNSUPPORTED');
  });

  it('requires a login unless the deployment is available without login', () => {
    const { host } = basicHost();
    const res = runSuitelet(host, {
      ...SL,
      deploymentId: 'customdeploy_t_sl_private',
      method: 'GET',
      authenticated: false,
    });
    expect(res.status).toBe(401);
    expect(
      runSuitelet(host, { ...SL, deploymentId: 'customdeploy_t_sl_private', method: 'GET', authenticated: true })
        .status,
    ).toBe(200);
  });
});

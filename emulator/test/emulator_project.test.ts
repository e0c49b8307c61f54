import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OAuth from 'oauth-1.0a';
import record = require('N/record');
import query = require('N/query');
import type * as NCache from 'N/cache';
import type * as NHttps from 'N/https';
import { NetSuiteEmulator } from '../src/emulator';
import { newTestInvocation, useEmulator } from '../src/jest-bridge';

// The real SDF project in src/, built by `npm test` before Jest runs.
const projectDir = path.join(__dirname, '../../src');
const INFO = { scriptId: 'customscript_snc_info_rl', deploymentId: 'customdeploy_snc_info_rl' };
const version = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string })
  .version;

function newCustomer(name: string): number {
  const customer = record.create({ type: record.Type.CUSTOMER });
  customer.setValue({ fieldId: 'companyname', value: name });
  customer.setValue({ fieldId: 'subsidiary', value: 1 });
  return customer.save();
}

describe('the emulator loaded with the connector project', () => {
  let emulator: NetSuiteEmulator;
  beforeEach(async () => {
    emulator = await NetSuiteEmulator.create({ projectDir });
    useEmulator(emulator);
  });
  afterEach(() => useEmulator(null));

  it('evictCaches drops every N/cache entry, as NetSuite may at any time', () => {
    const cache = emulator.testModules().modules['N/cache'] as typeof NCache;
    const handle = cache.getCache({ name: 'snc_connector', scope: cache.Scope.PROTECTED });
    handle.put({ key: 'k', value: 'v' });
    expect(handle.get({ key: 'k' })).toBe('v');
    emulator.evictCaches();
    expect(handle.get({ key: 'k' })).toBeNull();
  });

  it('runs the compiled info RESTlet', () => {
    const response = emulator.restlet({ ...INFO, method: 'GET' });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ name: 'Stripe NetSuite Connector', version });
    const usage = emulator.usage().at(-1);
    expect(usage).toMatchObject({ scriptId: INFO.scriptId, scriptType: 'restlet', units: 0, limit: 5000 });
  });

  it('serves it over HTTP behind token-based OAuth 1.0a', async () => {
    const consumer = { key: 'ck_test', secret: 'cs_test' };
    const token = { key: 'tk_test', secret: 'ts_test' };
    const front = await emulator.startHttp({
      integrations: [{ consumerKey: consumer.key, consumerSecret: consumer.secret }],
      tokens: [
        { tokenId: token.key, tokenSecret: token.secret, consumerKey: consumer.key, user: emulator.services.user },
      ],
    });
    try {
      const url = front.restletUrl(INFO.scriptId, INFO.deploymentId);
      const oauth = new OAuth({
        consumer,
        signature_method: 'HMAC-SHA256',
        hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
        realm: emulator.services.options.accountId,
      });
      const signed = await fetch(url, {
        headers: {
          ...oauth.toHeader(oauth.authorize({ url, method: 'GET' }, token)),
          'Content-Type': 'application/json',
        },
      });
      expect(signed.status).toBe(200);
      expect(JSON.parse(await signed.text())).toEqual({ name: 'Stripe NetSuite Connector', version });
      const unsigned = await fetch(url, { headers: { 'Content-Type': 'application/json' } });
      expect(unsigned.status).toBe(401);
    } finally {
      await front.close();
    }
  });

  it('gives code under test real N/ modules through the Jest customStubs', () => {
    const invocation = newTestInvocation(1000);
    const id = newCustomer('Through the stub');
    expect(invocation.used).toBe(15);
    const rows = query
      .runSuiteQL({ query: 'SELECT id, companyname FROM customer WHERE id = ?', params: [id] })
      .asMappedResults();
    expect(rows).toEqual([{ id, companyname: 'Through the stub' }]);
    expect(invocation.used).toBe(25);
  });

  it('keeps an account across restarts through a snapshot file', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ns-snapshot-')), 'account.json');
    const first = await NetSuiteEmulator.create({ projectDir, snapshotFile: file });
    useEmulator(first);
    const id = newCustomer('Persisted');
    first.saveSnapshot();
    const second = await NetSuiteEmulator.create({ projectDir, snapshotFile: file });
    expect(second.store.get('customer', id)?.fields['companyname']).toBe('Persisted');
    expect(second.sql.query('SELECT companyname FROM customer', []).rows).toEqual([{ companyname: 'Persisted' }]);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  describe('fault injection', () => {
    it('fails the Nth save of a type with a given error', () => {
      emulator.faults.failSave('customer', 2, 'UNEXPECTED_ERROR');
      newCustomer('first');
      expect(() => newCustomer('second')).toThrow(expect.objectContaining({ name: 'UNEXPECTED_ERROR' }));
      expect(newCustomer('third')).toBeGreaterThan(0);
    });

    it('lets a concurrent writer take an external ID just before a save', () => {
      emulator.faults.takeExternalIdBeforeSave('customer', 'cus_race');
      const customer = record.create({ type: 'customer' });
      customer.setValue({ fieldId: 'companyname', value: 'Racer' });
      customer.setValue({ fieldId: 'subsidiary', value: 1 });
      customer.setValue({ fieldId: 'externalid', value: 'cus_race' });
      expect(() => customer.save()).toThrow(expect.objectContaining({ name: 'DUP_RCRD' }));
      expect(emulator.store.list('customer')).toHaveLength(1);
    });

    it('exhausts governance: the next invocation starts nearly spent and ends with SSS_USAGE_LIMIT_EXCEEDED', () => {
      emulator.faults.exhaustGovernance(5);
      const { modules, invocation } = emulator.testModules(1000);
      expect(invocation.remaining()).toBe(5);
      const records = modules['N/record'] as typeof record;
      const customer = records.create({ type: 'customer' });
      customer.setValue({ fieldId: 'companyname', value: 'Too late' });
      customer.setValue({ fieldId: 'subsidiary', value: 1 });
      expect(() => customer.save()).toThrow(expect.objectContaining({ name: 'SSS_USAGE_LIMIT_EXCEEDED' }));
      expect(emulator.store.list('customer')).toHaveLength(0);
      // Scripts run by the runtime start spent the same way.
      emulator.faults.exhaustGovernance(7);
      emulator.restlet({ ...INFO, method: 'GET' });
      expect(emulator.usage().at(-1)?.units).toBe(4993);
    });

    it('fails an https call', () => {
      const { modules } = emulator.testModules();
      const https = modules['N/https'] as typeof NHttps;
      emulator.services.httpHandlers.set('http://127.0.0.1:9', () => ({ code: 200, headers: {}, body: 'ok' }));
      emulator.faults.failHttps('127.0.0.1:9');
      expect(() => https.get({ url: 'http://127.0.0.1:9/x' })).toThrow(
        expect.objectContaining({ name: 'SSS_CONNECTION_TIME_OUT' }),
      );
      expect(https.get({ url: 'http://127.0.0.1:9/x' }).body).toBe('ok');
    });
  });
});

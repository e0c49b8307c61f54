import type { SqlEngine } from '../src/context';
import { ScriptHost, runMapReduce, runScheduled, seededShuffle, type MapReduceRunOptions } from '../src/runtimes';
import { loadSdfProject } from '../src/sdf';
import { BASIC_PROJECT, fakeModules, fakeSearch, fakeServices, mrFile, scriptXml, tempProject } from './fixtures/fakes';

interface Setup {
  seed?: number | null;
  sql?: SqlEngine;
  searches?: Parameters<typeof fakeModules>[0];
}

function mr(body: string, setup: Setup = {}, options: Partial<MapReduceRunOptions> = {}) {
  const project = tempProject({
    'Objects/customscript_mr.xml': scriptXml('mapreducescript', 'customscript_mr', '/SuiteScripts/mr.js'),
    'FileCabinet/SuiteScripts/mr.js': mrFile(body),
  });
  const services = fakeServices({ shuffleSeed: setup.seed ?? null, ...(setup.sql ? { sql: setup.sql } : {}) });
  const host = new ScriptHost({
    project: loadSdfProject(project),
    services,
    createModules: fakeModules(setup.searches),
  });
  const result = runMapReduce(host, { scriptId: 'customscript_mr', deploymentId: 'customdeploy_mr', ...options });
  const logs = (title: string) => services.logs.filter((l) => l.title === title).map((l) => l.details);
  return { result, host, services, logs };
}

const SUMMARY = `
  const summarize = (s) => {
    const errors = [];
    s.mapSummary.errors.iterator().each((key, error, executionNo) => { errors.push({ stage: 'map', key, name: JSON.parse(error).name, executionNo }); return true; });
    s.reduceSummary.errors.iterator().each((key, error, executionNo) => { errors.push({ stage: 'reduce', key, name: JSON.parse(error).name, executionNo }); return true; });
    const keys = [];
    s.mapSummary.keys.iterator().each((key, count, state) => { keys.push(key + ':' + count + ':' + state); return true; });
    const output = [];
    s.output.iterator().each((key, value) => { output.push([key, value]); return true; });
    log.audit({ title: 'summary', details: JSON.stringify({ input: s.inputSummary.error ? JSON.parse(s.inputSummary.error).name : null, errors, keys, output, usage: s.usage, concurrency: s.concurrency, restarted: s.isRestarted }) });
  };`;

function summary(logs: (title: string) => string[]) {
  const [first] = logs('summary');
  return JSON.parse(first ?? 'null');
}

describe('Map/Reduce runtime', () => {
  it('runs getInputData → map → shuffle → reduce → summarize with keys and values sorted', () => {
    const { result, logs } = mr(`
      const getInputData = () => ['the cat', 'a dog', 'the end', 'the ant'];
      const map = (c) => c.value.split(' ').forEach((w) => c.write(w, c.value));
      const reduce = (c) => c.write(c.key, c.values.join('|'));
      ${SUMMARY}
      return { getInputData, map, reduce, summarize };`);
    expect(result.status).toBe('COMPLETE');
    expect(result.output).toEqual([
      { key: 'a', value: 'a dog' },
      { key: 'ant', value: 'the ant' },
      { key: 'cat', value: 'the cat' },
      { key: 'dog', value: 'a dog' },
      { key: 'end', value: 'the end' },
      // Values of a key arrive in lexicographical order, not in write order.
      { key: 'the', value: 'the ant|the cat|the end' },
    ]);
    expect(summary(logs)).toMatchObject({
      input: null,
      errors: [],
      keys: ['0:1:COMPLETE', '1:1:COMPLETE', '2:1:COMPLETE', '3:1:COMPLETE'],
      output: result.output.map((p) => [p.key, p.value]),
      concurrency: 1,
      restarted: false,
    });
  });

  it('serialises written keys and values like NetSuite and sends input straight to reduce without map', () => {
    const { result } = mr(`
      const getInputData = () => ({ k1: 'v1', k2: { a: 1 }, k3: 7 });
      const reduce = (c) => c.write({ key: { k: c.key }, value: c.values });
      return { getInputData, reduce };`);
    expect(result.output).toEqual([
      { key: '{"k":"k1"}', value: '["v1"]' },
      { key: '{"k":"k2"}', value: '["{\\"a\\":1}"]' },
      { key: '{"k":"k3"}', value: '["7"]' },
    ]);
  });

  it('reads search references without charging the script, search objects and SuiteQL input', () => {
    const searches = { customsearch_x: fakeSearch([{ id: '7', values: { entityid: 'Acme' } }]) };
    const byRef = mr(
      `return { getInputData: () => ({ type: 'search', id: 'customsearch_x' }), map: (c) => c.write(c.key, JSON.parse(c.value).values.entityid) };`,
      { searches },
    );
    expect(byRef.result.output).toEqual([{ key: '7', value: 'Acme' }]);
    expect(byRef.result.input.usage).toBe(0);
    const byObject = mr(
      `return { getInputData: () => require('N/search').load({ id: 'customsearch_x' }), map: (c) => c.write(c.key, c.value) };`,
      { searches },
    );
    expect(byObject.result.input.usage).toBe(5);
    expect(byObject.result.output[0]?.key).toBe('7');
    const sql: SqlEngine = {
      query: (text, params) => {
        expect(text).toBe('SELECT id, email FROM employee WHERE currency = ?');
        expect(params).toEqual([1]);
        return { columns: ['id', 'email'], rows: [{ id: 123, email: 'john@example.com' }] };
      },
    };
    const byQl = mr(
      `return { getInputData: () => ({ type: 'suiteql', query: 'SELECT id, email FROM employee WHERE currency = ?', params: [1] }), map: (c) => c.write(c.key, JSON.stringify(JSON.parse(c.value).values)) };`,
      { sql },
    );
    expect(byQl.result.output).toEqual([{ key: '0', value: '[123,"john@example.com"]' }]);
  });

  it('records map errors per key and goes on with the other keys by default', () => {
    const { result, logs } = mr(`
      const getInputData = () => ['a', 'b', 'c'];
      const map = (c) => { c.write(c.value, 'partial'); if (c.value === 'b') throw new Error('bad ' + c.value); };
      const reduce = (c) => c.write(c.key, c.values.length);
      ${SUMMARY}
      return { getInputData, map, reduce, summarize };`);
    expect(result.output).toEqual([
      { key: 'a', value: '1' },
      { key: 'c', value: '1' },
    ]);
    expect(summary(logs)).toMatchObject({
      errors: [{ stage: 'map', key: '1', name: 'Error', executionNo: 1 }],
      keys: ['0:1:COMPLETE', '1:1:FAILED', '2:1:COMPLETE'],
    });
    expect(result.map.errors[0]?.error).toBe('{"type":"error.SuiteScriptError","name":"Error","message":"bad b"}');
  });

  it('retries a failing key up to retryCount times with isRestarted, executionNo and earlier errors', () => {
    const { result, logs } = mr(`
      const config = { retryCount: 2 };
      const getInputData = () => ['x'];
      const map = (c) => {
        const seen = [];
        c.errors.iterator().each((key, error, no) => { seen.push(no); return true; });
        log.audit({ title: 'attempt', details: JSON.stringify({ no: c.executionNo, restarted: c.isRestarted, seen }) });
        c.write('k', 'attempt ' + c.executionNo);
        if (c.executionNo < 3) throw new Error('try again');
      };
      const reduce = (c) => c.write(c.key, c.values.join(','));
      return { config, getInputData, map, reduce };`);
    expect(logs('attempt').map((d) => JSON.parse(d))).toEqual([
      { no: 1, restarted: false, seen: [] },
      { no: 2, restarted: true, seen: [1] },
      { no: 3, restarted: true, seen: [1, 2] },
    ]);
    // Writes of failed attempts are discarded.
    expect(result.output).toEqual([{ key: 'k', value: 'attempt 3' }]);
    expect(result.map.keys).toEqual([{ key: '0', executionCount: 3, completionState: 'COMPLETE' }]);
  });

  it('with exitOnError, leaves the stage at the first failed key and goes to summarize', () => {
    const { result, logs } = mr(`
      const config = { exitOnError: true };
      const getInputData = () => ['a', 'b', 'c'];
      const map = (c) => { if (c.value === 'b') throw new Error('stop'); c.write(c.value, 1); };
      const reduce = (c) => c.write(c.key, 1);
      ${SUMMARY}
      return { config, getInputData, map, reduce, summarize };`);
    expect(result.output).toEqual([]);
    expect(result.reduce.keys).toEqual([]);
    expect(summary(logs).keys).toEqual(['0:1:COMPLETE', '1:1:FAILED']);
  });

  it('fails a map invocation that passes 1,000 units even if the script caught the error', () => {
    const { result, host } = mr(`
      const getInputData = () => ['a'];
      const map = (c) => { for (let i = 0; i < 600; i++) { try { record.create({ type: 'customrecord_x' }); } catch (e) {} } c.write('k', 'v'); };
      const reduce = (c) => c.write(c.key, 1);
      return { getInputData, map, reduce };`);
    expect(JSON.parse(result.map.errors[0]?.error ?? '{}').name).toBe('SSS_USAGE_LIMIT_EXCEEDED');
    expect(result.output).toEqual([]);
    expect(host.usage.find((u) => u.stage === 'map')).toMatchObject({ limit: 1000, exceeded: true, units: 1002 });
  });

  it('goes to summarize with inputSummary.error when getInputData throws', () => {
    const { result, logs } = mr(`
      const getInputData = () => { throw new Error('no input'); };
      const map = (c) => c.write(c.key, c.value);
      ${SUMMARY}
      return { getInputData, map, summarize };`);
    expect(result.input.error).toBe('{"type":"error.SuiteScriptError","name":"Error","message":"no input"}');
    expect(summary(logs)).toMatchObject({ input: 'Error', keys: [] });
  });

  it('enforces the key length limit on write', () => {
    const { result } = mr(`
      const getInputData = () => ['a'];
      const map = (c) => c.write('k'.repeat(3001), 'v');
      const reduce = (c) => c.write(c.key, 1);
      return { getInputData, map, reduce };`);
    expect(JSON.parse(result.map.errors[0]?.error ?? '{}').name).toBe('KEY_LENGTH_IS_OVER_3000_BYTES');
  });

  it('runs every map and reduce invocation with a fresh module instance', () => {
    const { result } = mr(`
      let calls = 0;
      const getInputData = () => ['a', 'b', 'c'];
      const map = (c) => { calls += 1; c.write('calls', calls); };
      const reduce = (c) => c.write(c.key, c.values.join(','));
      return { getInputData, map, reduce };`);
    expect(result.output).toEqual([{ key: 'calls', value: '1,1,1' }]);
  });

  it('shuffles the map order with a seed, reproducibly', () => {
    const body = `
      const getInputData = () => ['0', '1', '2', '3', '4', '5', '6', '7'];
      const map = (c) => log.audit({ title: 'order', details: c.value });
      return { getInputData, map };`;
    expect(mr(body).logs('order')).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    const seeded = mr(body, { seed: 42 }).logs('order');
    expect(seeded).toEqual(seededShuffle(['0', '1', '2', '3', '4', '5', '6', '7'], 42));
    expect(seeded).not.toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(mr(body, { seed: 42 }).logs('order')).toEqual(seeded);
  });

  it('simulates an application-server restart: the key runs again and its first writes are discarded', () => {
    const { result, logs } = mr(
      `
      const getInputData = () => ['a'];
      const map = (c) => {
        const seen = [];
        c.errors.iterator().each((key, error) => { seen.push(JSON.parse(error).name); return true; });
        log.audit({ title: 'run', details: JSON.stringify({ restarted: c.isRestarted, seen }) });
        c.write('k', 'v');
      };
      const reduce = (c) => c.write(c.key, c.values.length);
      return { getInputData, map, reduce };`,
      {},
      { interruptions: [{ stage: 'map', key: '0' }] },
    );
    expect(logs('run').map((d) => JSON.parse(d))).toEqual([
      { restarted: false, seen: [] },
      { restarted: true, seen: ['SSS_APP_SERVER_RESTART'] },
    ]);
    expect(result.output).toEqual([{ key: 'k', value: '1' }]);
  });

  it('reports FAILED when summarize throws and rejects invalid config', () => {
    const failed = mr(`return { getInputData: () => [], map: () => {}, summarize: () => { throw new Error('x'); } };`);
    expect(failed.result.status).toBe('FAILED');
    expect(failed.result.summarizeError?.message).toBe('x');
    expect(() => mr(`return { config: { retryCount: 5 }, getInputData: () => [], map: () => {} };`)).toThrow(
      /config.retryCount must be 0, 1, 2 or 3/,
    );
    expect(() => mr(`return { getInputData: () => [] };`)).toThrow(/at least one of map and reduce/);
  });
});

describe('scheduled runtime', () => {
  it('calls execute with the invocation type', () => {
    const services = fakeServices();
    const host = new ScriptHost({ project: loadSdfProject(BASIC_PROJECT), services, createModules: fakeModules() });
    const run = runScheduled(host, {
      scriptId: 'customscript_t_ss',
      deploymentId: 'customdeploy_t_ss_ondemand',
      type: 'ON_DEMAND',
    });
    expect(run.status).toBe('COMPLETE');
    expect(run.usage).toMatchObject({ scriptType: 'scheduled', limit: 10000, stage: 'execute' });
    expect(services.logs.at(-1)).toMatchObject({ title: 'ran', details: 'ON_DEMAND customdeploy_t_ss_ondemand' });
  });
});

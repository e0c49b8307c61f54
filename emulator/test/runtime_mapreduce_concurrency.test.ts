import type * as NRecord from 'N/record';
import { NetSuiteEmulator } from '../src/emulator';
import type { MapReduceRunOptions, MapReduceRunResult } from '../src/runtimes';
import { scriptXml, tempProject } from './fixtures/fakes';

// Map/Reduce concurrency, yielding and restarts, written from Oracle's help pages named in each test.

const PARAM = `<scriptcustomfields><scriptcustomfield scriptid="custscript_target"><fieldtype>INTEGER</fieldtype><label>t</label></scriptcustomfield></scriptcustomfields>`;

function deployment(settings: string): string {
  return `<scriptdeployment scriptid="customdeploy_mr"><status>NOTSCHEDULED</status><title>d</title>${settings}</scriptdeployment>`;
}

function script(body: string): string {
  return `/**\n * @NApiVersion 2.1\n * @NScriptType MapReduceScript\n */\ndefine(['N/log', 'N/runtime', 'N/record', 'N/https'], (log, runtime, record, https) => {\n${body}\n});\n`;
}

async function account(body: string, settings = ''): Promise<{ ns: NetSuiteEmulator; customer: number }> {
  const projectDir = tempProject({
    'Objects/customscript_mr.xml': scriptXml(
      'mapreducescript',
      'customscript_mr',
      '/SuiteScripts/mr.js',
      [deployment(settings)],
      PARAM,
    ),
    'FileCabinet/SuiteScripts/mr.js': script(body),
  });
  const ns = await NetSuiteEmulator.create({ projectDir, now: new Date('2026-03-02T10:00:00Z') });
  const record = ns.testModules().modules['N/record'] as typeof NRecord;
  const customer = record.create({ type: 'customer' });
  customer.setValue({ fieldId: 'companyname', value: 'Acme' });
  customer.setValue({ fieldId: 'subsidiary', value: ns.base.subsidiary });
  const id = customer.save();
  ns.setDeploymentParameter('customscript_mr', 'customdeploy_mr', 'custscript_target', id);
  return { ns, customer: id };
}

const run = (ns: NetSuiteEmulator, options: Partial<MapReduceRunOptions> = {}): MapReduceRunResult =>
  ns.mapReduce({ scriptId: 'customscript_mr', deploymentId: 'customdeploy_mr', ...options });

const errorNames = (result: MapReduceRunResult, stage: 'map' | 'reduce' = 'map'): string[] =>
  result[stage].errors.map((e) => (JSON.parse(e.error) as { name: string }).name);

/** Two keys that each load the same customer, add their key to its comments and save it. */
const APPEND_TO_CUSTOMER = `
  const target = () => runtime.getCurrentScript().getParameter({ name: 'custscript_target' });
  const getInputData = () => ({ a: 'a', b: 'b' });
  const map = (c) => {
    const customer = record.load({ type: 'customer', id: target() });
    const text = customer.getValue('comments') || '';
    log.audit({ title: 'read', details: c.key + ':' + text });
    customer.setValue({ fieldId: 'comments', value: text + c.key });
    customer.save();
  };`;

function comments(ns: NetSuiteEmulator, id: number): string {
  return String(ns.store.get('customer', id)?.fields['comments'] ?? '');
}

describe('Map/Reduce concurrency (Oracle help: "SuiteCloud Processors", "Map/Reduce Script Deployment Record")', () => {
  it('runs keys one at a time with the SDF default concurrency limit of 1 (SDF scriptdeployment: concurrencylimit default 1)', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { ns, customer } = await account(`${APPEND_TO_CUSTOMER}\nreturn { getInputData, map };`);
      const result = run(ns, { interleavingSeed: seed });
      expect(errorNames(result)).toEqual([]);
      expect(result.map.concurrency).toBe(1);
      expect(comments(ns, customer)).toBe('ab');
    }
  });

  it('runs up to the concurrency limit at once: a key that loaded a record before another key saved it fails with RCRD_HAS_BEEN_CHANGED, per seed and reproducibly', async () => {
    const outcomes: string[][] = [];
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) {
      const { ns } = await account(
        `${APPEND_TO_CUSTOMER}\nreturn { getInputData, map };`,
        '<concurrencylimit>2</concurrencylimit>',
      );
      const result = run(ns, { interleavingSeed: seed });
      expect(result.map.concurrency).toBe(2);
      outcomes.push(errorNames(result));
    }
    expect(outcomes).toContainEqual(['RCRD_HAS_BEEN_CHANGED']);
    expect(outcomes).toContainEqual([]);
    const again = await account(
      `${APPEND_TO_CUSTOMER}\nreturn { getInputData, map };`,
      '<concurrencylimit>2</concurrencylimit>',
    );
    const seed = outcomes.findIndex((o) => o.length === 1) + 1;
    expect(errorNames(run(again.ns, { interleavingSeed: seed }))).toEqual(['RCRD_HAS_BEEN_CHANGED']);
  });

  it('gives the key that loaded first the record as it was before the other key saved it', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const { ns, customer } = await account(
        `${APPEND_TO_CUSTOMER}\nreturn { getInputData, map };`,
        '<concurrencylimit>2</concurrencylimit>',
      );
      const result = run(ns, { interleavingSeed: seed });
      const reads = ns.services.logs.filter((l) => l.title === 'read').map((l) => l.details);
      if (errorNames(result).length === 0) {
        // Serialised: the second key read the first key's save.
        expect(reads.sort()).toEqual(expect.arrayContaining([expect.stringMatching(/^(a:b|b:a)$/)]));
        expect(['ab', 'ba']).toContain(comments(ns, customer));
      } else {
        // Both read the comments before either save; only the first save stands.
        expect(reads.sort()).toEqual(['a:', 'b:']);
        expect(['a', 'b']).toContain(comments(ns, customer));
      }
    }
  });

  it('retries a key that hit RCRD_HAS_BEEN_CHANGED with retryCount, and the retry reads the saved record (Oracle help, "Configuration Options for Handling Map/Reduce Interruptions")', async () => {
    const retried: string[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const { ns, customer } = await account(
        `${APPEND_TO_CUSTOMER}\nreturn { config: { retryCount: 1 }, getInputData, map };`,
        '<concurrencylimit>2</concurrencylimit>',
      );
      const result = run(ns, { interleavingSeed: seed });
      expect(result.map.keys.every((k) => k.completionState === 'COMPLETE')).toBe(true);
      expect(['ab', 'ba']).toContain(comments(ns, customer));
      retried.push(...errorNames(result));
    }
    expect(retried).toContain('RCRD_HAS_BEEN_CHANGED');
  });
});

describe('Map/Reduce yielding (Oracle help, "Map/Reduce Yielding")', () => {
  it('yields a job after a function invocation once the job has used more than 10,000 units', async () => {
    // 190 customer loads = 950 units per key: the eleventh key takes the job past 10,000.
    const { ns } = await account(`
      const getInputData = () => Array.from({ length: 12 }, (_, i) => String(i));
      const map = () => {
        const id = runtime.getCurrentScript().getParameter({ name: 'custscript_target' });
        for (let i = 0; i < 190; i++) record.load({ type: 'customer', id });
      };
      const summarize = (s) => log.audit({ title: 'yields', details: JSON.stringify([s.yields, s.mapSummary.yields]) });
      return { getInputData, map, summarize };`);
    const result = run(ns);
    expect(result.map.keys).toHaveLength(12);
    expect(ns.services.logs.find((l) => l.title === 'yields')?.details).toBe('[1,1]');
  });

  it('yields a job after a function invocation once it has run longer than Yield After Minutes', async () => {
    const { ns } = await account(
      `
      const getInputData = () => ['0', '1', '2', '3'];
      const map = () => { https.get({ url: 'http://127.0.0.1:9/slow' }); };
      const summarize = (s) => log.audit({ title: 'yields', details: String(s.mapSummary.yields) });
      return { getInputData, map, summarize };`,
      '<yieldaftermins>3</yieldaftermins>',
    );
    // Each call takes two minutes of the emulator's clock: the job passes 3 minutes after every second key.
    ns.services.httpHandlers.set('http://127.0.0.1:9', () => {
      ns.advance(120_000);
      return { code: 200, headers: {}, body: '' };
    });
    run(ns);
    expect(ns.services.logs.find((l) => l.title === 'yields')?.details).toBe('2');
  });
});

describe('Map/Reduce restarts (Oracle help, "System Response After a Map/Reduce Interruption", "Execution of Restarted Map/Reduce Stages")', () => {
  const CREATE_THEN_WRITE = `
    const getInputData = () => ['a'];
    const map = (c) => {
      log.audit({ title: 'run', details: JSON.stringify({ no: c.executionNo, restarted: c.isRestarted }) });
      if (!c.isRestarted) {
        const customer = record.create({ type: 'customer' });
        customer.setValue({ fieldId: 'companyname', value: 'Made by map' });
        customer.setValue({ fieldId: 'subsidiary', value: 1 });
        customer.save();
      }
      record.load({ type: 'customer', id: runtime.getCurrentScript().getParameter({ name: 'custscript_target' }) });
      c.write('k', String(c.executionNo));
    };
    const reduce = (c) => c.write(c.key, c.values.join(','));`;

  it('stops an invocation mid-function: records it saved stay, its context.write pairs are discarded, it runs again restarted', async () => {
    const { ns } = await account(`${CREATE_THEN_WRITE}\nreturn { getInputData, map, reduce };`);
    const before = ns.store.list('customer').length;
    // create + save, then killed at the load.
    const result = run(ns, { interruptions: [{ stage: 'map', afterCalls: 2 }] });
    expect(ns.services.logs.filter((l) => l.title === 'run').map((l) => JSON.parse(l.details))).toEqual([
      { no: 1, restarted: false },
      { no: 2, restarted: true },
    ]);
    expect(ns.store.list('customer').length).toBe(before + 1);
    expect(result.output).toEqual([{ key: 'k', value: '2' }]);
    expect(errorNames(result)).toEqual(['SSS_APP_SERVER_RESTART']);
  });

  it('does not run a restarted key again when retryCount is 0', async () => {
    const { ns } = await account(
      `${CREATE_THEN_WRITE}\nreturn { config: { retryCount: 0 }, getInputData, map, reduce };`,
    );
    const result = run(ns, { interruptions: [{ stage: 'map', afterCalls: 2 }] });
    expect(result.map.keys).toEqual([{ key: '0', executionCount: 1, completionState: 'FAILED' }]);
    expect(result.output).toEqual([]);
  });

  it('counts restarts against retryCount, and retries them without limit when retryCount is not set', async () => {
    const body = `
      const getInputData = () => ['a'];
      const map = (c) => c.write('k', String(c.executionNo));
      const reduce = (c) => c.write(c.key, c.values.join(','));`;
    const twice = [{ stage: 'map' as const }, { stage: 'map' as const }];
    const limited = await account(`${body}\nreturn { config: { retryCount: 1 }, getInputData, map, reduce };`);
    expect(run(limited.ns, { interruptions: twice }).map.keys).toEqual([
      { key: '0', executionCount: 2, completionState: 'FAILED' },
    ]);
    const unset = await account(`${body}\nreturn { getInputData, map, reduce };`);
    const result = run(unset.ns, { interruptions: twice });
    expect(result.map.keys).toEqual([{ key: '0', executionCount: 3, completionState: 'COMPLETE' }]);
    expect(result.output).toEqual([{ key: 'k', value: '3' }]);
  });

  it('restarts getInputData and summarize stopped mid-function with isRestarted', async () => {
    const { ns } = await account(`
      const getInputData = (c) => {
        log.audit({ title: 'input', details: String(c.isRestarted) });
        record.load({ type: 'customer', id: runtime.getCurrentScript().getParameter({ name: 'custscript_target' }) });
        return ['a'];
      };
      const map = () => {};
      const summarize = (s) => {
        log.audit({ title: 'summary', details: String(s.isRestarted) });
        record.load({ type: 'customer', id: runtime.getCurrentScript().getParameter({ name: 'custscript_target' }) });
      };
      return { getInputData, map, summarize };`);
    const result = run(ns, {
      interruptions: [
        { stage: 'getInputData', afterCalls: 0 },
        { stage: 'summarize', afterCalls: 0 },
      ],
    });
    expect(result.status).toBe('COMPLETE');
    const details = (title: string): string[] =>
      ns.services.logs.filter((l) => l.title === title).map((l) => l.details);
    expect(details('input')).toEqual(['false', 'true']);
    expect(details('summary')).toEqual(['false', 'true']);
  });
});

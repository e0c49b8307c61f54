import { ScriptHost, TaskScheduler, runScheduled, type MapReduceRunResult } from '../src/runtimes';
import { loadSdfProject } from '../src/sdf';
import { BASIC_PROJECT, fakeModules, fakeServices, mrFile, scriptXml, tempProject } from './fixtures/fakes';

const SS_HEADER = '/**\n * @NApiVersion 2.1\n * @NScriptType ScheduledScript\n */\n';

/** A project with a scheduled "submitter" script whose execute body is given, and the basic fixture's scripts. */
function setup(submitterBody: string, extraObjects: Record<string, string> = {}) {
  const project = tempProject({
    'Objects/customscript_submitter.xml': scriptXml(
      'scheduledscript',
      'customscript_submitter',
      '/SuiteScripts/submitter.js',
    ),
    'FileCabinet/SuiteScripts/submitter.js': `${SS_HEADER}define(['N/task', 'N/log'], (task, log) => ({ execute: () => {\n${submitterBody}\n} }));\n`,
    'Objects/customscript_mr.xml': scriptXml(
      'mapreducescript',
      'customscript_mr',
      '/SuiteScripts/mr.js',
      [
        '<scriptdeployment scriptid="customdeploy_mr_1"><status>NOTSCHEDULED</status><title>1</title></scriptdeployment>',
        '<scriptdeployment scriptid="customdeploy_mr_2"><status>NOTSCHEDULED</status><title>2</title></scriptdeployment>',
        '<scriptdeployment scriptid="customdeploy_mr_off"><status>NOTSCHEDULED</status><isdeployed>F</isdeployed><title>off</title></scriptdeployment>',
      ],
      '<scriptcustomfields><scriptcustomfield scriptid="custscript_mr_n"><fieldtype>INTEGER</fieldtype><label>n</label></scriptcustomfield></scriptcustomfields>',
    ),
    'FileCabinet/SuiteScripts/mr.js': mrFile(`
      const getInputData = () => [runtime.getCurrentScript().getParameter({ name: 'custscript_mr_n' })];
      const map = (c) => c.write('n', c.value);
      const summarize = (s) => log.audit({ title: 'mr done', details: runtime.getCurrentScript().deploymentId });
      return { getInputData, map, summarize };`),
    ...extraObjects,
  });
  const services = fakeServices();
  const host = new ScriptHost({ project: loadSdfProject(project), services, createModules: fakeModules() });
  const scheduler = new TaskScheduler(host);
  const run = () =>
    runScheduled(host, {
      scriptId: 'customscript_submitter',
      deploymentId: 'customdeploy_submitter',
      type: 'ON_DEMAND',
    });
  const logs = (title: string) => services.logs.filter((l) => l.title === title).map((l) => l.details);
  return { host, services, scheduler, run, logs };
}

const SUBMIT = (extra = '') => `
  const results = [];
  for (let i = 0; i < 3; i++) {
    try {
      results.push(task.create({ taskType: task.TaskType.MAP_REDUCE, scriptId: 'customscript_mr', params: { custscript_mr_n: i } ${extra} }).submit());
    } catch (e) {
      results.push(e.name);
    }
  }
  log.audit({ title: 'submitted', details: JSON.stringify(results) });`;

describe('N/task and the scheduler', () => {
  it('picks an available deployment when none is named, one unfinished instance per deployment', () => {
    const { scheduler, run, logs, host } = setup(SUBMIT());
    expect(run().status).toBe('COMPLETE');
    const [ids] = logs('submitted').map((d) => JSON.parse(d) as string[]);
    expect(ids?.[0]).toMatch(/^MAPREDUCETASK_/);
    expect(ids?.[2]).toBe('NO_DEPLOYMENTS_AVAILABLE');
    expect(scheduler.tasks.map((t) => [t.deploymentId, t.status, t.params])).toEqual([
      ['customdeploy_mr_1', 'PENDING', { custscript_mr_n: 0 }],
      ['customdeploy_mr_2', 'PENDING', { custscript_mr_n: 1 }],
    ]);
    // Three submits at 20 units each, charged even when the submit fails.
    expect(host.usage[0]?.calls['task.submit']).toEqual({ count: 3, units: 60 });
  });

  it('fails a second submit of a busy deployment with MAP_REDUCE_ALREADY_RUNNING', () => {
    const { run, logs } = setup(SUBMIT(", deploymentId: 'customdeploy_mr_1'"));
    run();
    const [ids] = logs('submitted').map((d) => JSON.parse(d) as string[]);
    expect(ids?.slice(1)).toEqual(['MAP_REDUCE_ALREADY_RUNNING', 'MAP_REDUCE_ALREADY_RUNNING']);
  });

  it('refuses deployments that are not deployed or not NOTSCHEDULED, and unknown parameters', () => {
    const one = (options: string) =>
      setup(
        `try { task.create({ taskType: task.TaskType.MAP_REDUCE, scriptId: 'customscript_mr', ${options} }).submit(); log.audit({ title: 'r', details: 'ok' }); } catch (e) { log.audit({ title: 'r', details: e.name }); }`,
      );
    for (const [options, expected] of [
      ["deploymentId: 'customdeploy_mr_off'", 'FAILED_TO_SUBMIT_JOB_REQUEST_1'],
      ["deploymentId: 'customdeploy_nope'", 'SSS_INVALID_DEPLOYMENT_ID'],
      ['params: { custscript_other: 1 }', 'SSS_INVALID_SCRIPT_PARAMETER'],
    ] as const) {
      const { run, logs } = one(options);
      run();
      expect(logs('r')).toEqual([expected]);
    }
  });

  it('runs queued tasks when driven and reports their status through task.checkStatus', () => {
    const { scheduler, run, logs, host } = setup(`
      const id = task.create({ taskType: task.TaskType.MAP_REDUCE, scriptId: 'customscript_mr', deploymentId: 'customdeploy_mr_2', params: { custscript_mr_n: 9 } }).submit();
      const status = task.checkStatus({ taskId: id });
      log.audit({ title: 'status', details: status.status + ' ' + status.stage + ' ' + status.deploymentId });`);
    run();
    expect(logs('status')).toEqual(['PENDING null customdeploy_mr_2']);
    const [task] = scheduler.runQueued();
    expect(task).toMatchObject({
      status: 'COMPLETE',
      stage: 'SUMMARIZE',
      deploymentId: 'customdeploy_mr_2',
      reason: 'ON_DEMAND',
    });
    expect((task?.result as MapReduceRunResult).output).toEqual([{ key: 'n', value: '9' }]);
    expect(logs('mr done')).toEqual(['customdeploy_mr_2']);
    expect(scheduler.runQueued()).toEqual([]);
    // checkStatus from a later script sees the final state.
    const script = host.script('customscript_submitter');
    const taskModule = host.systemModules(script, host.deployment(script, 'customdeploy_submitter')).modules[
      'N/task'
    ] as {
      checkStatus: (o: { taskId: string }) => { status: string; getPercentageCompleted: () => number };
    };
    const status = taskModule.checkStatus({ taskId: task?.taskId ?? '' });
    expect(status.status).toBe('COMPLETE');
    expect(status.getPercentageCompleted()).toBe(100);
  });

  it('queues a deployment that resubmits itself after the current run, without a task ID', () => {
    const project = tempProject({
      'Objects/customscript_again.xml': scriptXml(
        'mapreducescript',
        'customscript_again',
        '/SuiteScripts/again.js',
        [
          '<scriptdeployment scriptid="customdeploy_again"><status>NOTSCHEDULED</status><title>a</title></scriptdeployment>',
        ],
        '<scriptcustomfields><scriptcustomfield scriptid="custscript_round"><fieldtype>INTEGER</fieldtype><label>r</label></scriptcustomfield></scriptcustomfields>',
      ),
      'FileCabinet/SuiteScripts/again.js': mrFile(`
        const task = require('N/task');
        const round = () => runtime.getCurrentScript().getParameter({ name: 'custscript_round' }) || 0;
        const getInputData = () => [round()];
        const map = (c) => c.write('r', c.value);
        const summarize = () => {
          if (round() >= 2) return;
          const id = task.create({ taskType: task.TaskType.MAP_REDUCE, scriptId: 'customscript_again', deploymentId: 'customdeploy_again', params: { custscript_round: round() + 1 } }).submit();
          log.audit({ title: 'resubmitted', details: String(id) });
        };
        return { getInputData, map, summarize };`),
    });
    const services = fakeServices();
    const host = new ScriptHost({ project: loadSdfProject(project), services, createModules: fakeModules() });
    const sched = new TaskScheduler(host);
    expect(
      sched.submit({ taskType: 'MAP_REDUCE', scriptId: 'customscript_again', deploymentId: 'customdeploy_again' }),
    ).toMatch(/^MAPREDUCETASK_/);
    const ran = sched.runQueued();
    expect(ran.map((t) => [t.status, t.params])).toEqual([
      ['COMPLETE', {}],
      ['COMPLETE', { custscript_round: 1 }],
      ['COMPLETE', { custscript_round: 2 }],
    ]);
    expect(services.logs.filter((l) => l.title === 'resubmitted').map((l) => l.details)).toEqual(['null', 'null']);
  });

  it('runs SCHEDULED deployments when the clock passes a recurrence time, once per tick', () => {
    const services = fakeServices({ now: new Date('2026-01-05T07:00:00Z') });
    const host = new ScriptHost({ project: loadSdfProject(BASIC_PROJECT), services, createModules: fakeModules() });
    const scheduler = new TaskScheduler(host);
    const ran = (iso: string) => {
      services.clock.now = new Date(iso);
      return scheduler.tick().map((t) => `${t.deploymentId}:${t.reason}:${t.status}`);
    };
    expect(ran('2026-01-05T07:59:00Z')).toEqual([]);
    // 08:00 and 08:15 both passed: one run.
    expect(ran('2026-01-05T08:20:00Z')).toEqual(['customdeploy_t_ss_every15:SCHEDULED:COMPLETE']);
    expect(ran('2026-01-05T08:29:59Z')).toEqual([]);
    expect(ran('2026-01-05T08:30:00Z')).toEqual(['customdeploy_t_ss_every15:SCHEDULED:COMPLETE']);
    expect(services.logs.filter((l) => l.title === 'ran').map((l) => l.details)).toEqual([
      'SCHEDULED customdeploy_t_ss_every15',
      'SCHEDULED customdeploy_t_ss_every15',
    ]);
    // Thursday 8 January 02:30: the weekly Map/Reduce deployment is due too.
    expect(ran('2026-01-08T02:30:00Z')).toEqual([
      'customdeploy_t_ss_every15:SCHEDULED:COMPLETE',
      'customdeploy_t_mr_weekly:SCHEDULED:COMPLETE',
    ]);
    // A scheduled deployment cannot be submitted on demand.
    expect(() =>
      scheduler.submit({
        taskType: 'SCHEDULED_SCRIPT',
        scriptId: 'customscript_t_ss',
        deploymentId: 'customdeploy_t_ss_every15',
      }),
    ).toThrow(/must be deployed with status NOTSCHEDULED/);
    expect(
      scheduler.submit({
        taskType: 'SCHEDULED_SCRIPT',
        scriptId: 'customscript_t_ss',
        deploymentId: 'customdeploy_t_ss_ondemand',
      }),
    ).toMatch(/^SCHEDSCRIPT_/);
    expect(() =>
      scheduler.submit({
        taskType: 'SCHEDULED_SCRIPT',
        scriptId: 'customscript_t_ss',
        deploymentId: 'customdeploy_t_ss_ondemand',
      }),
    ).toThrow(expect.objectContaining({ name: 'FAILED_TO_SUBMIT_JOB_REQUEST_1' }));
    expect(() => scheduler.submit({ taskType: 'MAP_REDUCE', scriptId: 'customscript_t_ss' })).toThrow(
      /not a Map\/Reduce script/,
    );
  });

  it('fails loudly on task types it does not model and without a scheduler', () => {
    const services = fakeServices();
    const host = new ScriptHost({ project: loadSdfProject(BASIC_PROJECT), services, createModules: fakeModules() });
    const modules = host.systemModules(
      host.script('customscript_t_ss'),
      host.deployment(host.script('customscript_t_ss'), 'customdeploy_t_ss_ondemand'),
    ).modules;
    const task = modules['N/task'] as { create: (o: object) => { submit: () => string } };
    expect(() => task.create({ taskType: 'CSV_IMPORT' })).toThrow(
      expect.objectContaining({ name: 'EMULATOR_UNSUPPORTED' }),
    );
    expect(() => task.create({ taskType: 'MAP_REDUCE', scriptId: 'customscript_t_mr' }).submit()).toThrow(
      /without a TaskScheduler/,
    );
    expect(() => task.create({})).toThrow(expect.objectContaining({ name: 'SSS_MISSING_REQD_ARGUMENT' }));
  });
});

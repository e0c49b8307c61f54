import type { ModuleContext, ModuleFactory } from '../context';
import { nsError, unsupported } from '../errors';
import { UNITS } from '../governance';
import { schedulerFor, type TaskKind, type TaskRecord } from '../runtimes/scheduler';
import type { MapReduceRunResult } from '../runtimes/mapreduce';
import type { ParamValue } from '../sdf/types';
import { missingArgument, optionsObject, strict } from './strict-module';

const TaskType = Object.freeze({
  SCHEDULED_SCRIPT: 'SCHEDULED_SCRIPT',
  MAP_REDUCE: 'MAP_REDUCE',
  CSV_IMPORT: 'CSV_IMPORT',
  ENTITY_DEDUPLICATION: 'ENTITY_DEDUPLICATION',
  WORKFLOW_TRIGGER: 'WORKFLOW_TRIGGER',
  SEARCH: 'SEARCH',
  RECORD_ACTION: 'RECORD_ACTION',
  SUITE_QL: 'SUITE_QL',
  QUERY: 'QUERY',
  DOCUMENT_CAPTURE: 'DOCUMENT_CAPTURE',
});
const TaskStatus = Object.freeze({
  PENDING: 'PENDING',
  PROCESSING: 'PROCESSING',
  COMPLETE: 'COMPLETE',
  FAILED: 'FAILED',
});
const MapReduceStage = Object.freeze({
  GET_INPUT: 'GET_INPUT',
  MAP: 'MAP',
  SHUFFLE: 'SHUFFLE',
  REDUCE: 'REDUCE',
  SUMMARIZE: 'SUMMARIZE',
});

const TYPE_NAMES: Readonly<Record<TaskKind, string>> = {
  MAP_REDUCE: 'task.MapReduceScriptTask',
  SCHEDULED_SCRIPT: 'task.ScheduledScriptTask',
};

function paramsOf(value: unknown): Record<string, ParamValue> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw nsError('SSS_INVALID_TYPE_ARG', 'params must be an object');
  const out: Record<string, ParamValue> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = v;
    else throw nsError('SSS_INVALID_TYPE_ARG', `params.${key} must be a string, number or boolean`);
  }
  return out;
}

interface ScriptTaskFields {
  scriptId?: unknown;
  deploymentId?: unknown;
  params?: unknown;
}

function makeTask(context: ModuleContext, taskType: TaskKind, fields: ScriptTaskFields): object {
  const task = {
    scriptId: fields.scriptId,
    deploymentId: fields.deploymentId,
    params: fields.params,
    /** Queues the deployment (20 units) and returns its task ID. */
    submit(): string | null {
      context.invocation.charge('task.submit', UNITS['task.submit']);
      if (typeof task.scriptId !== 'string' || task.scriptId === '') {
        if (typeof task.scriptId === 'number') throw unsupported('task scriptId as an internal ID (use the script ID)');
        throw missingArgument('scriptId');
      }
      const deploymentId = task.deploymentId;
      if (deploymentId !== undefined && deploymentId !== null && typeof deploymentId !== 'string') {
        throw unsupported('task deploymentId as an internal ID (use the deployment script ID)');
      }
      const options = {
        taskType,
        scriptId: task.scriptId,
        params: paramsOf(task.params),
        submitter: { scriptId: context.script.scriptId, deploymentId: context.script.deploymentId },
      };
      return schedulerFor(context.services).submit(
        typeof deploymentId === 'string' && deploymentId !== '' ? { ...options, deploymentId } : options,
      );
    },
    toString: () => TYPE_NAMES[taskType],
  };
  return strict(TYPE_NAMES[taskType], task);
}

function statusObject(task: TaskRecord): object {
  if (task.taskType === 'SCHEDULED_SCRIPT') {
    return strict('task.ScheduledScriptTaskStatus', {
      taskId: task.taskId,
      scriptId: task.scriptId,
      deploymentId: task.deploymentId,
      status: task.status,
      toString: () => 'task.ScheduledScriptTaskStatus',
    });
  }
  const result = task.result as MapReduceRunResult | undefined;
  const done = task.status === 'COMPLETE' || task.status === 'FAILED';
  const mapTotal = result?.input.pairs ?? 0;
  const reduceTotal = result?.reduce.keys.length ?? 0;
  const outputTotal = result?.output.length ?? 0;
  return strict('task.MapReduceScriptTaskStatus', {
    taskId: task.taskId,
    scriptId: task.scriptId,
    deploymentId: task.deploymentId,
    status: task.status,
    stage: task.stage,
    getPercentageCompleted: () => (done ? 100 : 0),
    getTotalMapCount: () => mapTotal,
    getTotalReduceCount: () => reduceTotal,
    getTotalOutputCount: () => outputTotal,
    getPendingMapCount: () => (done ? 0 : mapTotal),
    getPendingReduceCount: () => (done ? 0 : reduceTotal),
    getPendingOutputCount: () => (done ? 0 : outputTotal),
    toString: () => 'task.MapReduceScriptTaskStatus',
  });
}

/** N/task: Map/Reduce and scheduled script tasks, run by the emulator's TaskScheduler. */
export const createTaskModule: ModuleFactory = (context) =>
  strict('N/task', {
    TaskType,
    TaskStatus,
    MapReduceStage,
    create(options: unknown) {
      const opts = optionsObject(options);
      const taskType = opts['taskType'];
      if (taskType === undefined) throw missingArgument('taskType');
      if (taskType !== 'MAP_REDUCE' && taskType !== 'SCHEDULED_SCRIPT') {
        throw unsupported(`task.create with taskType ${String(taskType)}`);
      }
      return makeTask(context, taskType, opts);
    },
    checkStatus(options: unknown) {
      // Oracle's own samples pass the ID directly; the documented form is { taskId }.
      const taskId = typeof options === 'string' ? options : optionsObject(options)['taskId'];
      if (typeof taskId !== 'string') throw missingArgument('taskId');
      return statusObject(schedulerFor(context.services).status(taskId));
    },
  });

import type { EmulatorServices } from '../context';
import { nsError, unsupported, type SuiteScriptError } from '../errors';
import { occurrences } from '../sdf/recurrence';
import type { DeploymentDef, ParamValue, ScriptDef } from '../sdf/types';
import { serializeError, type ScriptHost, type SerializedError } from './host';
import { runMapReduce, type MapReduceRunResult, type MapReduceTaskStage } from './mapreduce';
import { runScheduled, type ScheduledInvocationType, type ScheduledRunResult } from './scheduled';

export type TaskKind = 'MAP_REDUCE' | 'SCHEDULED_SCRIPT';
export type TaskState = 'PENDING' | 'PROCESSING' | 'COMPLETE' | 'FAILED';

export interface TaskRecord {
  taskId: string;
  taskType: TaskKind;
  scriptId: string;
  deploymentId: string;
  params: Readonly<Record<string, ParamValue>>;
  status: TaskState;
  /** Map/Reduce: the stage the instance is in (null before it starts). */
  stage: MapReduceTaskStage | null;
  /** Why it runs: ON_DEMAND (task.submit) or SCHEDULED (the deployment's recurrence). */
  reason: ScheduledInvocationType;
  submittedAt: Date;
  result?: MapReduceRunResult | ScheduledRunResult;
  /** Set when the runtime itself failed (bad script file, …). */
  error?: SerializedError;
}

export interface SubmitOptions {
  taskType: TaskKind;
  scriptId: string;
  /** Omitted: NetSuite picks an available deployment (here: the first deployed, NOTSCHEDULED, idle one). */
  deploymentId?: string;
  params?: Readonly<Record<string, ParamValue>>;
  /** The script calling task.submit(), to recognise a deployment resubmitting itself. */
  submitter?: { scriptId: string; deploymentId: string };
}

const schedulers = new WeakMap<EmulatorServices, TaskScheduler>();

/** The scheduler serving an emulator's N/task module. */
export function schedulerFor(services: EmulatorServices): TaskScheduler {
  const scheduler = schedulers.get(services);
  if (!scheduler) throw unsupported('N/task without a TaskScheduler (create one for the ScriptHost)');
  return scheduler;
}

function unfinished(task: TaskRecord): boolean {
  return task.status === 'PENDING' || task.status === 'PROCESSING';
}

/**
 * NetSuite's processing queue for scheduled and Map/Reduce scripts. Submitted tasks wait until the
 * test or emulator drives them (`runQueued`, `tick`); deployments with status SCHEDULED run when
 * `tick` moves past one of their recurrence times.
 */
export class TaskScheduler {
  readonly tasks: TaskRecord[] = [];
  private readonly byId = new Map<string, TaskRecord>();
  private counter = 0;
  private lastTick: Date;
  private running: TaskRecord | undefined;

  constructor(
    readonly host: ScriptHost,
    options: { since?: Date } = {},
  ) {
    this.lastTick = options.since ?? host.services.now();
    schedulers.set(host.services, this);
  }

  private deploymentsOf(script: ScriptDef, taskType: TaskKind): void {
    const expected = taskType === 'MAP_REDUCE' ? 'mapreduce' : 'scheduled';
    if (script.type !== expected) {
      throw nsError(
        'SSS_INVALID_SCRIPT_ID',
        `${script.scriptId} is not a ${expected === 'mapreduce' ? 'Map/Reduce' : 'scheduled'} script`,
      );
    }
  }

  private busy(scriptId: string, deploymentId: string): TaskRecord | undefined {
    return this.tasks.find((t) => t.scriptId === scriptId && t.deploymentId === deploymentId && unfinished(t));
  }

  private alreadyQueued(taskType: TaskKind, deploymentId: string): SuiteScriptError {
    return taskType === 'MAP_REDUCE'
      ? nsError('MAP_REDUCE_ALREADY_RUNNING', `Deployment ${deploymentId} already has an unfinished instance`)
      : nsError(
          'FAILED_TO_SUBMIT_JOB_REQUEST_1',
          `Failed to submit job request: deployment ${deploymentId} is INQUEUE`,
        );
  }

  /**
   * task.submit(): queues one instance and returns its task ID. One unfinished instance per
   * deployment; a deployment resubmitting itself is queued to run after the current run and gets
   * no task ID (null), as Oracle documents.
   */
  submit(options: SubmitOptions): string | null {
    const script = this.host.script(options.scriptId);
    this.deploymentsOf(script, options.taskType);
    let deployment: DeploymentDef;
    if (options.deploymentId === undefined) {
      const idle = script.deployments.find(
        (d) => d.isDeployed && d.status === 'NOTSCHEDULED' && !this.busy(script.scriptId, d.scriptId),
      );
      if (!idle) throw nsError('NO_DEPLOYMENTS_AVAILABLE', `No available deployment of ${script.scriptId}`);
      deployment = idle;
    } else {
      deployment = this.host.deployment(script, options.deploymentId);
    }
    if (script.isInactive || !deployment.isDeployed || deployment.status !== 'NOTSCHEDULED') {
      throw nsError(
        'FAILED_TO_SUBMIT_JOB_REQUEST_1',
        `Deployment ${deployment.scriptId} cannot be submitted (status ${deployment.status}, deployed ${deployment.isDeployed}): it must be deployed with status NOTSCHEDULED`,
      );
    }
    const params = { ...(options.params ?? {}) };
    this.host.paramValues(script, deployment, params); // validates parameter IDs now, like NetSuite
    const current = this.running;
    const selfResubmit =
      current !== undefined &&
      options.submitter !== undefined &&
      current.scriptId === options.submitter.scriptId &&
      current.deploymentId === options.submitter.deploymentId &&
      current.scriptId === script.scriptId &&
      current.deploymentId === deployment.scriptId;
    const conflicts = this.tasks.filter(
      (t) =>
        t.scriptId === script.scriptId &&
        t.deploymentId === deployment.scriptId &&
        unfinished(t) &&
        !(selfResubmit && t === current),
    );
    if (conflicts.length > 0) throw this.alreadyQueued(options.taskType, deployment.scriptId);
    const task = this.enqueue(options.taskType, script, deployment, params, 'ON_DEMAND');
    return selfResubmit ? null : task.taskId;
  }

  private enqueue(
    taskType: TaskKind,
    script: ScriptDef,
    deployment: DeploymentDef,
    params: Readonly<Record<string, ParamValue>>,
    reason: ScheduledInvocationType,
  ): TaskRecord {
    this.counter++;
    const prefix = taskType === 'MAP_REDUCE' ? 'MAPREDUCETASK_' : 'SCHEDSCRIPT_';
    const task: TaskRecord = {
      taskId: `${prefix}${this.counter.toString(16).padStart(8, '0')}`,
      taskType,
      scriptId: script.scriptId,
      deploymentId: deployment.scriptId,
      params,
      status: 'PENDING',
      stage: null,
      reason,
      submittedAt: this.host.services.now(),
    };
    this.tasks.push(task);
    this.byId.set(task.taskId, task);
    return task;
  }

  /** task.checkStatus(): the task, or an error for an unknown ID. */
  status(taskId: string): TaskRecord {
    const task = this.byId.get(taskId);
    if (!task) throw nsError('SSS_INVALID_TASK_ID', `No task with ID ${taskId}`);
    return task;
  }

  pending(): TaskRecord[] {
    return this.tasks.filter((t) => t.status === 'PENDING');
  }

  /** Runs the oldest pending task to its end. */
  runNext(): TaskRecord | undefined {
    const task = this.tasks.find((t) => t.status === 'PENDING');
    if (!task) return undefined;
    task.status = 'PROCESSING';
    this.running = task;
    try {
      if (task.taskType === 'MAP_REDUCE') {
        const result = runMapReduce(this.host, {
          scriptId: task.scriptId,
          deploymentId: task.deploymentId,
          params: task.params,
          onStage: (stage) => {
            task.stage = stage;
          },
        });
        task.result = result;
        task.status = result.status;
      } else {
        const result = runScheduled(this.host, {
          scriptId: task.scriptId,
          deploymentId: task.deploymentId,
          type: task.reason,
          params: task.params,
        });
        task.result = result;
        task.status = result.status;
      }
    } catch (error) {
      task.status = 'FAILED';
      task.error = serializeError(error);
    } finally {
      this.running = undefined;
    }
    return task;
  }

  /** Runs pending tasks, including ones they submit, until the queue is idle. */
  runQueued(maxTasks = 10_000): TaskRecord[] {
    const done: TaskRecord[] = [];
    for (let task = this.runNext(); task; task = this.runNext()) {
      done.push(task);
      if (done.length >= maxTasks)
        throw nsError('EMULATOR_QUEUE_RUNAWAY', `More than ${maxTasks} tasks ran in one runQueued()`);
    }
    return done;
  }

  /**
   * Queues every SCHEDULED deployment with a recurrence time in (last tick, now] — once, however
   * many times it was due, and not while it has an unfinished instance.
   */
  enqueueDue(now: Date): TaskRecord[] {
    const due: { at: number; script: ScriptDef; deployment: DeploymentDef }[] = [];
    for (const script of this.host.project.scripts.values()) {
      if (script.isInactive || (script.type !== 'scheduled' && script.type !== 'mapreduce')) continue;
      for (const deployment of script.deployments) {
        if (deployment.status !== 'SCHEDULED' || !deployment.isDeployed || !deployment.recurrence) continue;
        const [first] = occurrences(deployment.recurrence, this.lastTick, now, 1);
        if (first && !this.busy(script.scriptId, deployment.scriptId))
          due.push({ at: first.getTime(), script, deployment });
      }
    }
    if (now.getTime() > this.lastTick.getTime()) this.lastTick = now;
    // Earliest due first, as the processors would have picked them up.
    return due
      .sort((a, b) => a.at - b.at)
      .map(({ script, deployment }) =>
        this.enqueue(
          script.type === 'mapreduce' ? 'MAP_REDUCE' : 'SCHEDULED_SCRIPT',
          script,
          deployment,
          {},
          'SCHEDULED',
        ),
      );
  }

  /** Moves the scheduler's clock to `now`: queues due scheduled deployments, then runs the queue. */
  tick(now: Date = this.host.services.now()): TaskRecord[] {
    this.enqueueDue(now);
    return this.runQueued();
  }
}

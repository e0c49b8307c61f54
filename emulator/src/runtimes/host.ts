import { ADMINISTRATOR, runningRole, type EffectiveRole } from '../access';
import type { EmulatorServices, ModuleContext, ScriptInfo } from '../context';
import { SuiteScriptError, UsageLimitExceeded, nsError, unsupported } from '../errors';
import { Invocation, USAGE_LIMITS, type MapReduceStage, type ScriptType } from '../governance';
import { AmdLoader, type ScriptRealm } from '../loader/amd';
import { NSCRIPTTYPE_OF, type DeploymentDef, type ParamValue, type ScriptDef, type SdfProject } from '../sdf/types';

/** What one invocation cost, for benchmarks (ScriptHost.usage keeps them in order). */
export interface UsageRecord {
  scriptId: string;
  deploymentId: string;
  scriptType: ScriptType;
  /** Entry point or Map/Reduce stage: 'get', 'onRequest', 'execute', 'map', … */
  stage: string;
  /** Map/Reduce map/reduce key. */
  key?: string;
  units: number;
  limit: number;
  exceeded: boolean;
  calls: Record<string, { count: number; units: number }>;
  /** Error name when the invocation ended with an error. */
  error?: string;
  at: Date;
}

/** Limits on one synchronous entry-point run, in ms (NetSuite: RESTlet ~300 s, map 300 s, reduce 900 s). */
export const TIME_LIMITS_MS: Readonly<Record<string, number>> = {
  restlet: 300_000,
  suitelet: 300_000,
  scheduled: 3_600_000,
  'mapreduce.getInputData': 3_600_000,
  'mapreduce.map': 300_000,
  'mapreduce.reduce': 900_000,
  'mapreduce.summarize': 3_600_000,
};

export interface ScriptHostOptions {
  project: SdfProject;
  services: EmulatorServices;
  /** Fresh N/ module objects for one invocation, keyed by id ('N/record', …). */
  createModules: (context: ModuleContext) => Record<string, unknown>;
  /** Shared loader (compiled-code cache); made from the project's FileCabinet when absent. */
  loader?: AmdLoader;
  /** Overrides of TIME_LIMITS_MS. */
  timeLimitsMs?: Readonly<Record<string, number>>;
}

export interface BeginOptions {
  script: ScriptDef;
  deployment: DeploymentDef;
  /** Entry point or stage name, recorded in the usage list. */
  stage: string;
  key?: string;
  /** Task-submitted parameter values (custscript_… → value) over the deployment's. */
  params?: Readonly<Record<string, ParamValue>>;
  /** The role the script runs with; default: the deployment's execute-as role, else Administrator. */
  role?: EffectiveRole;
}

/** JSON NetSuite gives for an error (what `JSON.stringify(e)` of a SuiteScriptError shows). */
export interface SerializedError {
  type: string;
  name: string;
  message: string;
}

/** Serialises anything a script threw the way N/error does. Non-errors become UNEXPECTED_ERROR. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof SuiteScriptError) return error.toJSON();
  if (error !== null && typeof error === 'object' && 'message' in error) {
    const e = error as { name?: unknown; message?: unknown };
    return { type: 'error.SuiteScriptError', name: String(e.name ?? 'Error'), message: String(e.message) };
  }
  return { type: 'error.SuiteScriptError', name: 'UNEXPECTED_ERROR', message: String(error) };
}

/** One running invocation: its meter, its modules and its own instance of the script. */
export class ActiveInvocation {
  constructor(
    readonly host: ScriptHost,
    readonly invocation: Invocation,
    readonly context: ModuleContext,
    readonly modules: Record<string, unknown>,
    readonly realm: ScriptRealm,
    readonly exports: Record<string, unknown>,
    private readonly record: UsageRecord,
  ) {}

  has(entry: string): boolean {
    return typeof this.exports[entry] === 'function';
  }

  /**
   * Calls an exported entry point. Usage past the limit ends the invocation with
   * SSS_USAGE_LIMIT_EXCEEDED even if the script caught the error; promises are not modelled.
   */
  call(entry: string, args: readonly unknown[]): unknown {
    let result: unknown;
    try {
      result = this.realm.call(this.exports[entry], this.exports, args);
    } catch (error) {
      if (this.invocation.exceeded) throw new UsageLimitExceeded(this.invocation.limit);
      throw error;
    }
    if (this.invocation.exceeded) throw new UsageLimitExceeded(this.invocation.limit);
    if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
      throw unsupported(`a Promise returned by the ${entry} entry point (keep entry points synchronous)`);
    }
    return result;
  }

  /** Records the invocation's usage; logs an uncaught error like NetSuite's execution log. */
  finish(error?: unknown): UsageRecord {
    this.record.units = this.invocation.used;
    this.record.exceeded = this.invocation.exceeded;
    this.record.calls = this.invocation.summary();
    if (error !== undefined) {
      const serialized = serializeError(error);
      this.record.error = serialized.name;
      this.host.services.logs.push({
        level: 'ERROR',
        title: serialized.name,
        details: serialized.message,
        scriptId: this.record.scriptId,
        at: this.host.services.now(),
      });
    }
    return this.record;
  }
}

/**
 * Runs the SDF project's scripts: finds scripts and deployments, and starts invocations with a
 * fresh governance meter, fresh N/ modules and a fresh script instance each time.
 */
export class ScriptHost {
  readonly usage: UsageRecord[] = [];
  readonly loader: AmdLoader;
  readonly project: SdfProject;
  readonly services: EmulatorServices;
  private readonly createModules: ScriptHostOptions['createModules'];
  private readonly timeLimits: Readonly<Record<string, number>>;

  constructor(options: ScriptHostOptions) {
    this.project = options.project;
    this.services = options.services;
    this.createModules = options.createModules;
    this.loader = options.loader ?? new AmdLoader(options.project.fileCabinetDir);
    this.timeLimits = { ...TIME_LIMITS_MS, ...options.timeLimitsMs };
  }

  /** The script record, or SSS_INVALID_SCRIPT_ID. */
  script(scriptId: string): ScriptDef {
    const script = this.project.scripts.get(scriptId);
    if (!script) throw nsError('SSS_INVALID_SCRIPT_ID', `No script with ID ${scriptId} in the project`);
    return script;
  }

  /** The deployment of `script`, or SSS_INVALID_DEPLOYMENT_ID. */
  deployment(script: ScriptDef, deploymentId: string): DeploymentDef {
    const deployment = script.deployments.find((d) => d.scriptId === deploymentId);
    if (!deployment) {
      throw nsError('SSS_INVALID_DEPLOYMENT_ID', `Script ${script.scriptId} has no deployment ${deploymentId}`);
    }
    return deployment;
  }

  /** Parameter values an invocation sees: defaults, then the deployment's values, then task params. */
  paramValues(
    script: ScriptDef,
    deployment: DeploymentDef,
    overrides: Readonly<Record<string, ParamValue>> = {},
  ): Record<string, ParamValue> {
    const values: Record<string, ParamValue> = {};
    for (const p of script.parameters.values()) values[p.id] = p.defaultValue;
    Object.assign(values, deployment.params);
    for (const [id, value] of Object.entries(overrides)) {
      if (!script.parameters.has(id)) {
        throw nsError('SSS_INVALID_SCRIPT_PARAMETER', `${id} is not a parameter of script ${script.scriptId}`);
      }
      values[id] = value;
    }
    return values;
  }

  /** Usage limit key for a script type and Map/Reduce stage. */
  static limitKey(type: ScriptType, stage?: MapReduceStage): keyof typeof USAGE_LIMITS {
    return type === 'mapreduce' && stage ? `mapreduce.${stage}` : type;
  }

  begin(options: BeginOptions): ActiveInvocation {
    const { script, deployment } = options;
    const stage = script.type === 'mapreduce' ? (options.stage as MapReduceStage) : undefined;
    const limitKey = ScriptHost.limitKey(script.type, stage);
    const limit = USAGE_LIMITS[limitKey];
    const params = this.paramValues(script, deployment, options.params);
    const invocation = new Invocation(script.type, limit, script.scriptId, deployment.scriptId, params);
    invocation.used = this.services.faults?.startingUsage(limit) ?? 0;
    const role = options.role ?? runningRole(this.project, script.type, deployment, null);
    const context = this.contextFor(deployment, invocation, role);
    const modules = this.createModules(context);
    const compiled = this.loader.compile(script.scriptFile);
    this.checkHeader(script, compiled.header.apiVersion, compiled.header.scriptType);
    const realm = this.loader.createRealm({
      modules,
      now: () => this.services.now(),
      timeoutMs: this.timeLimits[limitKey] ?? this.timeLimits[script.type],
    });
    const value = realm.load(script.scriptFile);
    if (value === null || typeof value !== 'object') {
      throw nsError('SSS_INVALID_SCRIPT_FILE', `${script.scriptFile}: the entry module must return its entry points`);
    }
    const record: UsageRecord = {
      scriptId: script.scriptId,
      deploymentId: deployment.scriptId,
      scriptType: script.type,
      stage: options.stage,
      units: 0,
      limit,
      exceeded: false,
      calls: {},
      at: this.services.now(),
    };
    if (options.key !== undefined) record.key = options.key;
    this.usage.push(record);
    return new ActiveInvocation(this, invocation, context, modules, realm, value as Record<string, unknown>, record);
  }

  /**
   * Modules for work NetSuite does on a script's behalf without charging it (e.g. running the
   * search a Map/Reduce getInputData returned): a generous meter that still records calls.
   */
  systemModules(
    script: ScriptDef,
    deployment: DeploymentDef,
  ): { context: ModuleContext; modules: Record<string, unknown> } {
    const params = this.paramValues(script, deployment);
    const invocation = new Invocation('test', USAGE_LIMITS.test, script.scriptId, deployment.scriptId, params);
    const context = this.contextFor(deployment, invocation, ADMINISTRATOR);
    return { context, modules: this.createModules(context) };
  }

  private contextFor(deployment: DeploymentDef, invocation: Invocation, role: EffectiveRole): ModuleContext {
    const script: ScriptInfo = {
      scriptId: invocation.scriptId,
      deploymentId: deployment.scriptId,
      params: invocation.params as ScriptInfo['params'],
      logLevel: deployment.logLevel,
    };
    return { services: this.services, invocation, script, role };
  }

  private checkHeader(script: ScriptDef, apiVersion: string | undefined, scriptType: string | undefined): void {
    if (apiVersion !== '2.1') {
      throw nsError(
        'SSS_INVALID_SCRIPT_FILE',
        `${script.scriptFile}: @NApiVersion must be 2.1 (the emulator runs SuiteScript 2.1), got ${apiVersion ?? 'none'}`,
      );
    }
    const expected = NSCRIPTTYPE_OF[script.type];
    if (scriptType?.toLowerCase() !== expected.toLowerCase()) {
      throw nsError(
        'SSS_INVALID_SCRIPT_FILE',
        `${script.scriptFile}: @NScriptType ${scriptType ?? 'missing'} does not match the ${script.objectType} object ${script.scriptId} (${expected})`,
      );
    }
  }
}

import { suiteQLReference } from '../modules/query';
import { MAP_REDUCE_INPUT, type MapReduceInputSource } from '../context';
import { nsError, unsupported } from '../errors';
import type { MapReduceStage } from '../governance';
import type { DeploymentDef, ParamValue, ScriptDef } from '../sdf/types';
import { serializeError, type ActiveInvocation, type ScriptHost, type SerializedError } from './host';
import { DEFAULT_INTERLEAVING_SEED, InterleavedRound, roundsOf, seededUnit } from './interleaving';

/** task.MapReduceStage values, for status reporting. */
export type MapReduceTaskStage = 'GET_INPUT' | 'MAP' | 'SHUFFLE' | 'REDUCE' | 'SUMMARIZE';

export const MAX_KEY_LENGTH = 3000;
export const MAX_VALUE_BYTES = 10 * 1024 * 1024;
export const MAX_PERSISTED_BYTES = 200 * 1024 * 1024;

export interface MapReduceRunOptions {
  scriptId: string;
  deploymentId: string;
  params?: Readonly<Record<string, ParamValue>>;
  /**
   * Simulated application-server restarts (Oracle help, "System Response After a Map/Reduce
   * Interruption"): the named invocation is stopped at its governed call number `afterCalls` + 1 (what
   * it wrote to records before stays), or, without `afterCalls` or if it makes fewer calls, right after
   * it returns, before it is marked complete. Its context.write pairs are discarded and it runs again
   * with isRestarted (map/reduce: SSS_APP_SERVER_RESTART in errors; retried unless retryCount says no).
   */
  interruptions?: readonly Interruption[];
  /** Overrides the deployment's concurrency limit (SDF `concurrencylimit`, default 1). */
  concurrency?: number;
  /** Overrides the emulator's interleavingSeed for this run. */
  interleavingSeed?: number;
  /** Told when the instance enters a stage (N/task status). */
  onStage?: (stage: MapReduceTaskStage) => void;
}

export interface Interruption {
  stage: MapReduceStage;
  key?: string;
  afterCalls?: number;
}

export interface KeyError {
  key: string;
  /** JSON of the error, as NetSuite serialises it. */
  error: string;
  executionNo: number;
}

export interface KeySummary {
  key: string;
  executionCount: number;
  completionState: 'COMPLETE' | 'FAILED';
}

export interface StageSummary {
  dateCreated: Date;
  usage: number;
  /** Most keys that ran at once (min of the concurrency limit and the keys). */
  concurrency: number;
  /** Times a job gave up its processor (Oracle help, "Map/Reduce Yielding"). */
  yields: number;
  keys: KeySummary[];
  errors: KeyError[];
}

export interface MapReduceRunResult {
  /** FAILED only when summarize itself fails; map/reduce errors are reported in the summaries. */
  status: 'COMPLETE' | 'FAILED';
  dateCreated: Date;
  input: { dateCreated: Date; usage: number; error?: string; pairs: number };
  map: StageSummary;
  reduce: StageSummary;
  output: { key: string; value: string }[];
  summarizeError?: SerializedError;
  /** Total units of every stage. */
  usage: number;
}

interface Pair {
  key: string;
  value: string;
}

type StageItem = Pair | { key: string; values: string[] };

interface KeyOutcome {
  writes: Pair[];
  exitStage: boolean;
}

/** Usage units after which a map or reduce job yields (Oracle help, "Map/Reduce Yielding"). */
export const JOB_YIELD_UNITS = 10_000;

/**
 * The jobs of a stage, one per concurrency slot, and when each yields: after a function invocation, if
 * the job has used more than 10,000 units or run longer than the deployment's Yield After Minutes, it
 * ends and a new job takes over (Oracle help, "Map/Reduce Yielding"). Yielding never stops a function.
 */
class JobClock {
  yields = 0;
  private readonly jobs: { units: number; startedAt: number }[];
  private readonly yieldAfterMs: number;

  constructor(
    private readonly host: ScriptHost,
    deployment: DeploymentDef,
    concurrency: number,
  ) {
    const now = host.services.now().getTime();
    this.jobs = Array.from({ length: concurrency }, () => ({ units: 0, startedAt: now }));
    this.yieldAfterMs = (deployment.yieldAfterMins ?? 60) * 60_000;
  }

  finished(job: number, units: number): void {
    const state = this.jobs[job];
    if (!state) return;
    state.units += units;
    const now = this.host.services.now().getTime();
    if (state.units <= JOB_YIELD_UNITS && now - state.startedAt < this.yieldAfterMs) return;
    this.yields++;
    state.units = 0;
    state.startedAt = now;
  }
}

interface Config {
  retryCount: number | undefined;
  exitOnError: boolean;
}

class StageExit extends Error {}

/** Deterministic shuffle (mulberry32) so a seed reproduces an order. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Map/Reduce values are strings; anything else is JSON-serialised, as NetSuite does. */
function serialize(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  const json = value === undefined ? undefined : JSON.stringify(value);
  if (json === undefined) throw nsError('SSS_MISSING_REQD_ARGUMENT', `Missing a required argument: ${what}`);
  return json;
}

function errorIterator(errors: readonly KeyError[]): object {
  return Object.freeze({
    iterator: () =>
      Object.freeze({
        each(callback: (key: string, error: string, executionNo: number) => unknown): void {
          for (const e of errors) if (callback(e.key, e.error, e.executionNo) !== true) return;
        },
      }),
  });
}

function keyIterator(keys: readonly KeySummary[]): object {
  return Object.freeze({
    iterator: () =>
      Object.freeze({
        each(callback: (key: string, executionCount: number, completionState: string) => unknown): void {
          for (const k of keys) if (callback(k.key, k.executionCount, k.completionState) !== true) return;
        },
      }),
  });
}

/** One Map/Reduce deployment instance, run to the end. */
class MapReduceRun {
  private readonly script: ScriptDef;
  private readonly deployment: DeploymentDef;
  private readonly interruptions: Interruption[];
  private config: Config = { retryCount: undefined, exitOnError: false };
  private persisted = 0;
  private persistedExceeded = false;
  private summarizeUsage = 0;
  private entries = { map: false, reduce: false, summarize: false };
  readonly result: MapReduceRunResult;

  constructor(
    private readonly host: ScriptHost,
    private readonly options: MapReduceRunOptions,
  ) {
    this.script = host.script(options.scriptId);
    if (this.script.type !== 'mapreduce') {
      throw nsError('SSS_INVALID_SCRIPT_ID', `${this.script.scriptId} is not a Map/Reduce script`);
    }
    this.deployment = host.deployment(this.script, options.deploymentId);
    this.interruptions = [...(options.interruptions ?? [])];
    const now = host.services.now();
    const stage = (): StageSummary => ({ dateCreated: now, usage: 0, concurrency: 0, yields: 0, keys: [], errors: [] });
    this.result = {
      status: 'COMPLETE',
      dateCreated: now,
      input: { dateCreated: now, usage: 0, pairs: 0 },
      map: stage(),
      reduce: stage(),
      output: [],
      usage: 0,
    };
  }

  private begin(stage: MapReduceStage, key?: string): ActiveInvocation {
    const base = { script: this.script, deployment: this.deployment, stage };
    const withKey = key === undefined ? base : { ...base, key };
    return this.host.begin(this.options.params ? { ...withKey, params: this.options.params } : withKey);
  }

  /** Takes the interruption planned for this invocation and arms it on the invocation's meter. */
  private interruption(stage: MapReduceStage, active: ActiveInvocation, key?: string): Interruption | undefined {
    const index = this.interruptions.findIndex((i) => i.stage === stage && (i.key === undefined || i.key === key));
    if (index < 0) return undefined;
    const [taken] = this.interruptions.splice(index, 1);
    active.invocation.killAfterCalls = taken?.afterCalls ?? null;
    return taken;
  }

  /** Checks NetSuite's size limits for one pair about to be persisted. */
  private persist(pair: Pair): void {
    if (pair.key.length > MAX_KEY_LENGTH) {
      throw nsError('KEY_LENGTH_IS_OVER_3000_BYTES', `Key is longer than ${MAX_KEY_LENGTH} characters`);
    }
    const size = Buffer.byteLength(pair.value, 'utf8');
    if (size > MAX_VALUE_BYTES) throw nsError('VALUE_LENGTH_IS_OVER_10_MB', 'Value is larger than 10 MB');
    this.persisted += Buffer.byteLength(pair.key, 'utf8') + size;
    if (this.persisted > MAX_PERSISTED_BYTES) {
      this.persistedExceeded = true;
      throw nsError(
        'PERSISTED_DATA_LIMIT_FOR_MAPREDUCE_SCRIPT_EXCEEDED',
        'The map/reduce script used more than 200 MB of persisted data',
      );
    }
  }

  private readConfig(active: ActiveInvocation): void {
    const config = active.exports['config'];
    if (config === undefined) return;
    if (config === null || typeof config !== 'object') {
      throw nsError('SSS_INVALID_SCRIPT_FILE', `${this.script.scriptFile}: config must be an object`);
    }
    const { retryCount, exitOnError } = config as Record<string, unknown>;
    if (
      retryCount !== undefined &&
      !(Number.isInteger(retryCount) && (retryCount as number) >= 0 && (retryCount as number) <= 3)
    ) {
      throw nsError('SSS_INVALID_SCRIPT_FILE', `${this.script.scriptFile}: config.retryCount must be 0, 1, 2 or 3`);
    }
    if (exitOnError !== undefined && typeof exitOnError !== 'boolean') {
      throw nsError('SSS_INVALID_SCRIPT_FILE', `${this.script.scriptFile}: config.exitOnError must be a boolean`);
    }
    this.config = { retryCount: retryCount as number | undefined, exitOnError: exitOnError === true };
  }

  run(): MapReduceRunResult {
    const pairs = this.getInput();
    if (pairs !== undefined) {
      try {
        let reduceInput: Map<string, string[]>;
        if (this.entries.map) {
          this.options.onStage?.('MAP');
          const written = this.stage('map', pairs);
          if (!this.entries.reduce) this.result.output = written;
          this.options.onStage?.('SHUFFLE');
          reduceInput = this.shuffle(written);
        } else reduceInput = this.shuffle(pairs);
        if (this.entries.reduce) {
          this.options.onStage?.('REDUCE');
          const keys = this.order([...reduceInput.keys()].sort());
          this.result.output = this.stage(
            'reduce',
            keys.map((key) => ({ key, values: reduceInput.get(key) ?? [] })),
          );
        }
      } catch (error) {
        if (!(error instanceof StageExit)) throw error;
      }
    }
    this.options.onStage?.('SUMMARIZE');
    if (this.entries.summarize) this.summarize();
    const r = this.result;
    r.usage = r.input.usage + r.map.usage + r.reduce.usage + this.summarizeUsage;
    return r;
  }

  /** With a shuffle seed, map and reduce keys run in a seeded random order (exposes order dependence). */
  private order<T>(items: T[]): T[] {
    const seed = this.host.services.options.shuffleSeed;
    return seed === null ? items : seededShuffle(items, seed);
  }

  /** Groups pairs by key; values of a key in lexicographical order (Oracle: reduceContext.values). */
  private shuffle(pairs: readonly Pair[]): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const { key, value } of pairs) {
      const list = groups.get(key);
      if (list) list.push(value);
      else groups.set(key, [value]);
    }
    for (const list of groups.values()) list.sort();
    return groups;
  }

  private getInput(): Pair[] | undefined {
    this.options.onStage?.('GET_INPUT');
    for (let restarted = false; ; restarted = true) {
      const active = this.begin('getInputData');
      this.readConfig(active);
      this.entries = { map: active.has('map'), reduce: active.has('reduce'), summarize: active.has('summarize') };
      if (!active.has('getInputData') || (!this.entries.map && !this.entries.reduce)) {
        const error = nsError(
          'SSS_INVALID_SCRIPT_FILE',
          `${this.script.scriptFile} must export getInputData and at least one of map and reduce`,
        );
        active.finish(error);
        throw error;
      }
      const interruption = this.interruption('getInputData', active);
      let pairs: Pair[];
      try {
        pairs = this.normalizeInput(
          active.call('getInputData', [Object.freeze({ isRestarted: restarted, ObjectRef: {} })]),
        );
        this.persisted = 0;
        for (const pair of pairs) this.persist(pair);
      } catch (error) {
        if (interruption) {
          this.result.input.usage += active.finish().units;
          continue;
        }
        this.result.input.usage += active.finish(error).units;
        this.result.input.error = JSON.stringify(serializeError(error));
        return undefined;
      }
      this.result.input.usage += active.finish().units;
      if (interruption) continue;
      this.result.input.pairs = pairs.length;
      return this.order(pairs);
    }
  }

  /** Every form getInputData may return → key/value pairs (strings). */
  private normalizeInput(returned: unknown): Pair[] {
    if (returned === undefined || returned === null) return [];
    if (Array.isArray(returned)) return returned.map((v, i) => ({ key: String(i), value: serialize(v, 'value') }));
    if (typeof returned !== 'object') throw unsupported(`getInputData returning a ${typeof returned}`);
    if (MAP_REDUCE_INPUT in returned) return this.fromSource(returned as MapReduceInputSource);
    const ref = returned as Record<string, unknown>;
    if (typeof ref['then'] === 'function') throw unsupported('getInputData returning a Promise');
    const { modules, context } = this.host.systemModules(this.script, this.deployment);
    if (ref['type'] === 'search' && ref['id'] !== undefined && Object.keys(ref).length === 2) {
      const search = modules['N/search'] as { load?: (o: object) => unknown } | undefined;
      if (!search?.load) throw unsupported('getInputData search references without N/search');
      return this.fromSource(search.load({ id: ref['id'] }) as MapReduceInputSource, context);
    }
    if (ref['type'] === 'query' && ref['id'] !== undefined && Object.keys(ref).length === 2) {
      const query = modules['N/query'] as { load?: (o: object) => unknown } | undefined;
      if (!query?.load) throw unsupported('getInputData query references without N/query');
      return this.fromSource(query.load({ id: ref['id'] }) as MapReduceInputSource, context);
    }
    const suiteql = suiteQLReference(ref);
    if (suiteql) return this.fromSource(suiteql, context);
    if (ref['type'] === 'file') throw unsupported('getInputData file references');
    return Object.entries(ref).map(([key, value]) => ({ key, value: serialize(value, 'value') }));
  }

  private fromSource(
    source: MapReduceInputSource,
    context = this.host.systemModules(this.script, this.deployment).context,
  ): Pair[] {
    if (typeof source[MAP_REDUCE_INPUT] !== 'function') throw unsupported('this getInputData source');
    return source[MAP_REDUCE_INPUT](context).map(({ key, value }) => ({ key, value }));
  }

  /** Keys that run at once: the deployment's concurrency limit (SDF `concurrencylimit`, default 1). */
  private concurrency(): number {
    return Math.max(1, this.options.concurrency ?? this.deployment.concurrencyLimit ?? 1);
  }

  private interleavingSeed(): number {
    return this.options.interleavingSeed ?? this.host.services.options.interleavingSeed ?? DEFAULT_INTERLEAVING_SEED;
  }

  /**
   * Runs the map or reduce function for every key, `concurrency` keys at a time (Oracle help,
   * "SuiteCloud Processors": the concurrency limit is the number of jobs submitted for the map and
   * reduce stages). Keys of a round run one after another in a seeded order; an InterleavedRound
   * decides which loads came before another key's saves. Concurrency 1 is plain sequential order.
   */
  private stage(stage: 'map', items: readonly Pair[]): Pair[];
  private stage(stage: 'reduce', items: readonly { key: string; values: string[] }[]): Pair[];
  private stage(stage: 'map' | 'reduce', items: readonly StageItem[]): Pair[] {
    const concurrency = this.concurrency();
    const seed = this.interleavingSeed();
    const jobs = new JobClock(this.host, this.deployment, concurrency);
    this.result[stage].concurrency = Math.min(concurrency, items.length);
    const committed: Pair[] = [];
    try {
      for (const [index, round] of roundsOf(items, concurrency).entries()) {
        const roundId = `${stage}:${index}`;
        const slots = round.map((item, job) => ({ item, job }));
        const parallel = round.length > 1 ? new InterleavedRound(this.host.services, seed, roundId) : null;
        const runOrder = parallel ? seededShuffle(slots, Math.floor(seededUnit(seed, roundId) * 2 ** 32)) : slots;
        try {
          for (const { item, job } of runOrder) {
            const run = (): KeyOutcome =>
              this.runKey(stage, item, {
                afterInvocation: (units) => jobs.finished(job, units),
                beforeRetry: () => parallel?.retrying(),
              });
            const outcome = parallel ? parallel.during(item.key, run) : run();
            committed.push(...outcome.writes);
            if (outcome.exitStage) throw new StageExit();
          }
        } finally {
          parallel?.close();
        }
      }
    } finally {
      this.result[stage].yields = jobs.yields;
    }
    return committed;
  }

  /**
   * One key to the end: retries after an uncaught error only with retryCount; after an application-server
   * restart unless retryCount is 0, each up to retryCount retries (Oracle help, "Configuration Options for
   * Handling Map/Reduce Interruptions", "System Response After a Map/Reduce Interruption").
   */
  private runKey(
    stage: 'map' | 'reduce',
    item: StageItem,
    hooks: { afterInvocation: (units: number) => void; beforeRetry: () => void },
  ): KeyOutcome {
    const summary = this.result[stage];
    const keyErrors: KeyError[] = [];
    for (let attempts = 1; ; attempts++) {
      const active = this.begin(stage, item.key);
      const interruption = this.interruption(stage, active, item.key);
      const writes: Pair[] = [];
      let thrown: { error: unknown } | null = null;
      try {
        active.call(stage, [this.keyContext(item, attempts, keyErrors, writes)]);
      } catch (error) {
        thrown = { error };
      }
      const units = active.finish(interruption || !thrown ? undefined : thrown.error).units;
      summary.usage += units;
      hooks.afterInvocation(units);
      if (!interruption && !thrown) {
        summary.keys.push({ key: item.key, executionCount: attempts, completionState: 'COMPLETE' });
        return { writes, exitStage: false };
      }
      const error = interruption ? restartError() : serializeError(thrown?.error);
      const entry = { key: item.key, error: JSON.stringify(error), executionNo: attempts };
      keyErrors.push(entry);
      summary.errors.push(entry);
      const retryCount = this.config.retryCount;
      const allowed = interruption && retryCount === undefined ? Infinity : (retryCount ?? 0);
      if (!this.persistedExceeded && attempts <= allowed) {
        hooks.beforeRetry();
        continue;
      }
      summary.keys.push({ key: item.key, executionCount: attempts, completionState: 'FAILED' });
      // exitOnError concerns uncaught errors only, not restarts.
      return { writes: [], exitStage: this.persistedExceeded || (!interruption && this.config.exitOnError) };
    }
  }

  /** mapContext / reduceContext for one invocation. */
  private keyContext(item: StageItem, attempts: number, keyErrors: readonly KeyError[], writes: Pair[]): object {
    const write = (...args: unknown[]): void => {
      const options = args.length === 1 ? (args[0] as Record<string, unknown> | null) : null;
      const [k, v] = options && typeof options === 'object' ? [options['key'], options['value']] : [args[0], args[1]];
      if (k === undefined || k === null) throw nsError('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: key');
      const pair = { key: serialize(k, 'key'), value: serialize(v, 'value') };
      this.persist(pair);
      writes.push(pair);
    };
    return Object.freeze({
      isRestarted: attempts > 1,
      executionNo: attempts,
      errors: errorIterator([...keyErrors]),
      key: item.key,
      ...('values' in item ? { values: [...item.values] } : { value: item.value }),
      write,
    });
  }

  private summarize(): void {
    const r = this.result;
    const concurrency = Math.max(r.map.concurrency, r.reduce.concurrency);
    const seconds = (from: Date): number => Math.max(0, (this.host.services.now().getTime() - from.getTime()) / 1000);
    const output = [...r.output];
    for (let restarted = false; ; restarted = true) {
      const active = this.begin('summarize');
      const inputSummary: Record<string, unknown> = {
        dateCreated: r.input.dateCreated,
        seconds: seconds(r.input.dateCreated),
        usage: r.input.usage,
        error: r.input.error,
      };
      const stageSummary = (s: StageSummary): object =>
        Object.freeze({
          dateCreated: s.dateCreated,
          seconds: seconds(s.dateCreated),
          usage: s.usage,
          concurrency: s.concurrency,
          yields: s.yields,
          keys: keyIterator([...s.keys]),
          errors: errorIterator([...s.errors]),
        });
      const context = Object.freeze({
        isRestarted: restarted,
        dateCreated: r.dateCreated,
        seconds: seconds(r.dateCreated),
        usage: r.input.usage + r.map.usage + r.reduce.usage,
        concurrency,
        yields: r.map.yields + r.reduce.yields,
        inputSummary: Object.freeze(inputSummary),
        mapSummary: stageSummary(r.map),
        reduceSummary: stageSummary(r.reduce),
        output: Object.freeze({
          iterator: () =>
            Object.freeze({
              each(callback: (key: string, value: string) => unknown): void {
                for (const p of output) if (callback(p.key, p.value) !== true) return;
              },
            }),
        }),
      });
      const interruption = this.interruption('summarize', active);
      try {
        active.call('summarize', [context]);
        this.summarizeUsage += active.finish().units;
        if (interruption) continue;
        return;
      } catch (error) {
        if (interruption) {
          this.summarizeUsage += active.finish().units;
          continue;
        }
        this.summarizeUsage += active.finish(error).units;
        r.status = 'FAILED';
        r.summarizeError = serializeError(error);
        return;
      }
    }
  }
}

function restartError(): SerializedError {
  return { type: 'error.SuiteScriptError', name: 'SSS_APP_SERVER_RESTART', message: 'Application server restarted' };
}

/**
 * Runs one Map/Reduce instance with NetSuite's documented semantics: getInputData → map (per key,
 * 1,000 units) → shuffle (grouped by key, keys and values sorted) → reduce (per key, 5,000 units)
 * → summarize; retryCount/exitOnError; errors per key visible in summarize.
 */
export function runMapReduce(host: ScriptHost, options: MapReduceRunOptions): MapReduceRunResult {
  return new MapReduceRun(host, options).run();
}

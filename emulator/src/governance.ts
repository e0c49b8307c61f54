import { AppServerRestart, UsageLimitExceeded } from './errors';

/** Script types the emulator runs, with NetSuite's usage limits (REFERENCE.md §2). */
export type ScriptType = 'restlet' | 'suitelet' | 'scheduled' | 'mapreduce' | 'test';
export type MapReduceStage = 'getInputData' | 'map' | 'reduce' | 'summarize';

export const USAGE_LIMITS: Readonly<Record<ScriptType | `mapreduce.${MapReduceStage}`, number>> = {
  restlet: 5000,
  suitelet: 1000,
  scheduled: 10000,
  mapreduce: 10000,
  'mapreduce.getInputData': 10000,
  'mapreduce.map': 1000,
  'mapreduce.reduce': 5000,
  'mapreduce.summarize': 10000,
  // Direct calls from Jest tests: no NetSuite script, so a generous limit that still counts.
  test: 1_000_000,
};

/** How NetSuite classifies a record type for record-call costs. */
export type CostClass = 'transaction' | 'custom' | 'other';

/** Units per call (REFERENCE.md §2), keyed by the call. Record calls are [transaction, custom, other]. */
export const RECORD_UNITS = {
  create: [10, 2, 5],
  load: [10, 2, 5],
  copy: [10, 2, 5],
  transform: [10, 2, 5],
  submitFields: [10, 2, 5],
  save: [20, 4, 10],
  delete: [20, 4, 10],
} as const;

export const UNITS = {
  attach: 10,
  detach: 10,
  'search.create': 0,
  'Search.run': 0,
  'search.load': 5,
  'Search.save': 5,
  'Search.runPaged': 5,
  'PagedData.fetch': 5,
  'ResultSet.each': 10,
  'ResultSet.getRange': 10,
  'search.lookupFields': 1,
  'query.runSuiteQL': 10,
  'query.runSuiteQLPaged': 10,
  'PagedData.fetch.query': 0,
  https: 10,
  'task.submit': 20,
  'cache.get.hit': 1,
  'cache.get.miss': 2,
  'cache.put': 1,
  'cache.remove': 1,
  'email.send': 20,
} as const;

export function recordUnits(call: keyof typeof RECORD_UNITS, costClass: CostClass): number {
  const [transaction, custom, other] = RECORD_UNITS[call];
  return costClass === 'transaction' ? transaction : costClass === 'custom' ? custom : other;
}

export interface UsageEntry {
  call: string;
  units: number;
}

/**
 * One script invocation's governance meter. Once the limit is passed the invocation is dead:
 * every later charge throws again and the runtime fails the invocation even if the script caught it.
 */
export class Invocation {
  used = 0;
  exceeded = false;
  readonly calls: UsageEntry[] = [];
  /**
   * Simulated application-server restart (Map/Reduce): after this many governed calls the next one
   * stops the invocation, and every call after it too, whatever the script catches. Null: never.
   */
  killAfterCalls: number | null = null;
  killed = false;
  private callCount = 0;

  constructor(
    readonly scriptType: ScriptType,
    readonly limit: number,
    readonly scriptId: string = '',
    readonly deploymentId: string = '',
    readonly params: Readonly<Record<string, unknown>> = {},
  ) {}

  charge(call: string, units: number): void {
    if (this.exceeded) throw new UsageLimitExceeded(this.limit);
    if (this.killAfterCalls !== null && this.callCount >= this.killAfterCalls) {
      this.killed = true;
      throw new AppServerRestart();
    }
    this.callCount++;
    if (units > 0) {
      this.used += units;
      this.calls.push({ call, units });
    }
    if (this.used > this.limit) {
      this.exceeded = true;
      throw new UsageLimitExceeded(this.limit);
    }
  }

  remaining(): number {
    return Math.max(0, this.limit - this.used);
  }

  /** Units per call name, for benchmarks. */
  summary(): Record<string, { count: number; units: number }> {
    const out: Record<string, { count: number; units: number }> = {};
    for (const { call, units } of this.calls) {
      const entry = (out[call] ??= { count: 0, units: 0 });
      entry.count++;
      entry.units += units;
    }
    return out;
  }
}

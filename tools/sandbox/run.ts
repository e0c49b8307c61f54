import type * as NRecord from 'N/record';
import {
  FixtureError,
  runFixtures,
  sandboxTarget,
  type FixtureFile,
  type ScenarioTarget,
  type StepResult,
} from '../../stripe-sandbox/src/scenarios/fixtures';
import {
  installBooking,
  QUEUE_MR,
  startIngressPipeline,
  type BookingSetup,
  type IngressPipeline,
} from '../localConnector';
import {
  accountsOut,
  bookedRecords,
  eventsOut,
  governanceOut,
  payoutsOut,
  problemsOf,
  receivablesOut,
  recordKeys,
  payingOutOf,
  trialBalanceOut,
  type PayingOut,
  type Problem,
  type SandboxResult,
} from './result';
import { eventStatusId, readableStatuses } from '../connectorStatuses';

export interface Scenario {
  name: string;
  file: FixtureFile;
}

export interface QueueCounts {
  [status: string]: number;
}

export interface Progress {
  phase: 'setup' | 'scenario' | 'settle' | 'done';
  scenario: string | null;
  /** Steps run so far in the current scenario, and its step count. */
  step: number;
  steps: number;
  /** The shared clock (ISO). */
  clock: string;
  delivered: number;
  queue: QueueCounts;
  queueRuns: number;
}

export interface SandboxRunOptions {
  scenarios: readonly Scenario[];
  /** Attempts before an event is parked (the settings' default is 8). */
  maxAttempts?: number;
  /**
   * How long after the last scenario the clock may move so every balance is paid out, payouts arrive and
   * reconcile and retries run (default 14 days; the run stops as soon as nothing is left).
   */
  settleSeconds?: number;
  /** Stop when the scenarios end, without moving the clock to pay out (the CLI's `--no-payouts`). */
  noPayouts?: boolean;
  onProgress?: (progress: Progress) => void;
  /** After setup, before the scenarios (tests inject emulator faults here). */
  prepare?: (pipeline: IngressPipeline, setup: BookingSetup) => void;
}

/** Map/Reduce runs in one drain at most: each run applies what is due, so more means no progress. */
const MAX_RUNS_PER_DRAIN = 20;
const MAX_SETTLE_ROUNDS = 500;
const DAY = 86_400;
const SETTLE_STEP_SECONDS = 3600;
/** The queue's own rule (eventQueue.ts): a claim this old belongs to an invocation that died. */
const STALE_CLAIM_SECONDS = 3600;

/**
 * Runs scenarios through the whole local setup: Stripe sandbox → relay → RESTlet → queue → Map/Reduce
 * in the emulator, with one clock for both sides, then lets payouts arrive and the queue drain, and reads
 * the account back.
 */
export async function runSandbox(options: SandboxRunOptions): Promise<SandboxResult> {
  const pipeline = await startIngressPipeline(
    { custrecord_snc_set_max_attempts: options.maxAttempts ?? 8 },
    { webhooks: { autoDeliver: false } },
  );
  try {
    const setup = installBooking(pipeline);
    installFallbacks(pipeline, setup);
    const engine = new Engine(pipeline, options.onProgress);
    const before = recordKeys(pipeline.ns);
    options.prepare?.(pipeline, setup);
    const startedAt = pipeline.ns.now().toISOString();
    const scenarioProblems: Problem[] = [];
    for (const scenario of options.scenarios) {
      try {
        await engine.runScenario(scenario);
      } catch (error) {
        if (!(error instanceof FixtureError)) throw error;
        // A failing step stops that scenario; what it did so far is still booked and reported.
        scenarioProblems.push({ kind: 'scenario_failed', scenario: scenario.name, message: error.message });
      }
    }
    const payingOut = options.noPayouts
      ? await engine.stopWithoutPayouts()
      : await engine.settle(options.settleSeconds ?? 14 * DAY);
    const { ns, stripe } = pipeline;
    const events = eventsOut(ns);
    const payouts = payoutsOut(ns, stripe);
    const receivables = receivablesOut(ns, stripe);
    const attempts = stripe.webhooks.attempts();
    return {
      scenarios: options.scenarios.map((s) => s.name),
      startedAt,
      endedAt: ns.now().toISOString(),
      accounts: accountsOut(ns, setup),
      records: bookedRecords(ns, before),
      trialBalance: trialBalanceOut(ns),
      events,
      payouts,
      receivables,
      payingOut,
      webhooks: {
        delivered: attempts.filter((a) => a.status === 'succeeded' && !a.duplicate).length,
        failedAttempts: attempts.filter((a) => a.status === 'failed').length,
        pending: stripe.webhooks.queued().length,
      },
      governance: governanceOut(ns),
      problems: [...scenarioProblems, ...engine.failures, ...problemsOf(events, payouts, receivables)],
    };
  } finally {
    await pipeline.close();
  }
}

/**
 * What an admin adds for Stripe activity without a customer or a price (guest charges, invoice items
 * with a bare amount): a catch-all customer and item the settings name.
 */
function installFallbacks(pipeline: IngressPipeline, setup: BookingSetup): void {
  const record = pipeline.ns.testModules().modules['N/record'] as typeof NRecord;
  const save = (type: string, values: Record<string, NRecord.FieldValue>): number => {
    const created = record.create({ type });
    for (const [fieldId, value] of Object.entries(values)) created.setValue({ fieldId, value });
    return created.save();
  };
  const customer = save('customer', {
    companyname: 'Stripe Guest Customers',
    subsidiary: String(setup.subsidiary),
  });
  const item = save('serviceitem', {
    itemid: 'Stripe Sales',
    displayname: 'Stripe sales without a price',
    incomeaccount: String(setup.income),
    subsidiary: [String(setup.subsidiary)],
  });
  record.submitFields({
    type: 'customrecord_snc_settings',
    id: pipeline.settingsId,
    values: { custrecord_snc_set_global_customer: String(customer), custrecord_snc_set_global_item: String(item) },
  });
}

class Engine {
  private scenario: string | null = null;
  private step = 0;
  private steps = 0;
  private queueRuns = 0;
  private phase: Progress['phase'] = 'setup';
  readonly failures: Problem[] = [];

  constructor(
    private readonly pipeline: IngressPipeline,
    private readonly onProgress?: (progress: Progress) => void,
  ) {
    this.syncClocks();
  }

  async runScenario(scenario: Scenario): Promise<void> {
    this.phase = 'scenario';
    this.scenario = scenario.name;
    this.step = 0;
    this.steps = scenario.file.fixtures.length;
    this.report();
    const inner = sandboxTarget(this.pipeline.stripe);
    // Webhooks go out after every API call, the queue runs before the clock moves (as the 15-minute
    // schedule would), and both clocks move together.
    const target: ScenarioTarget = {
      request: async (method, path, form, headers) => {
        const response = await inner.request(method, path, form, headers);
        await this.deliver();
        return response;
      },
      advanceClock: (seconds) => this.advance(seconds),
      runPayouts: async () => {
        const payouts = await inner.runPayouts();
        await this.deliver();
        this.drain();
        return payouts;
      },
      deliverWebhooks: async () => {
        await this.deliver();
        this.drain();
      },
    };
    await runFixtures(scenario.file, target, {
      env: {},
      onStep: (result: StepResult) => {
        this.step++;
        if (result.kind === 'sandbox') this.report();
      },
    });
    await this.deliver();
    this.drain();
    this.report();
  }

  /**
   * After the scenarios, as Stripe's automatic payouts would: the clock moves to each next thing due — a
   * daily sweep while a balance is left, a payout's reconciliation, arrival or late failure, a webhook retry,
   * an event retry — until nothing is (every balance paid out, every payout settled, every event applied),
   * or the bound is reached.
   */
  async settle(maxSeconds: number): Promise<PayingOut> {
    this.phase = 'settle';
    this.scenario = null;
    const { stripe } = this.pipeline;
    await this.deliver();
    const end = stripe.now() + maxSeconds;
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      this.drain();
      const next = this.nextDue();
      if (next === null || next > end) break;
      // An hour at least: retries due close together run together (later than scheduled, which is harmless).
      await this.advance(Math.max(SETTLE_STEP_SECONDS, next - stripe.now()));
    }
    this.phase = 'done';
    this.report();
    return payingOutOf(stripe, stripe.nextPayoutWork() === null ? 'complete' : 'bound_reached');
  }

  /** `--no-payouts`: what the scenarios sent is delivered and applied; the clock stays where they left it. */
  async stopWithoutPayouts(): Promise<PayingOut> {
    this.phase = 'settle';
    this.scenario = null;
    await this.deliver();
    this.drain();
    this.phase = 'done';
    this.report();
    return payingOutOf(this.pipeline.stripe, 'skipped');
  }

  private nextDue(): number | null {
    const { stripe, ns } = this.pipeline;
    const times: number[] = [];
    const payoutWork = stripe.nextPayoutWork();
    if (payoutWork !== null) times.push(payoutWork);
    for (const delivery of stripe.webhooks.queued()) times.push(delivery.dueAt);
    const now = stripe.now();
    const retry = ns.sql.query(
      `SELECT MIN(custrecord_snc_evt_next_attempt) AS next FROM customrecord_snc_event
       WHERE custrecord_snc_evt_status = ? AND custrecord_snc_evt_next_attempt > ?`,
      [eventStatusId(ns, 'queued'), now],
    ).rows[0]?.['next'];
    if (retry !== null && retry !== undefined) times.push(Number(retry));
    const future = times.filter((t) => t > now);
    // Something due now that did not run would loop: only future times move the clock.
    return future.length === 0 ? null : Math.min(...future);
  }

  private async advance(seconds: number): Promise<void> {
    const { stripe } = this.pipeline;
    await this.deliver();
    this.drain();
    let remaining = seconds;
    while (remaining > 0) {
      // A day at most at a time, so daily payouts and the queue see every day. What the move emitted is
      // delivered now and applied by the queue run before the next move.
      const chunk = Math.min(remaining, DAY);
      stripe.advanceClock(chunk);
      this.syncClocks();
      remaining -= chunk;
      await this.deliver();
      if (remaining > 0) this.drain();
      this.report();
    }
  }

  private syncClocks(): void {
    this.pipeline.ns.setNow(new Date(this.pipeline.stripe.now() * 1000));
  }

  private async deliver(): Promise<void> {
    await this.pipeline.stripe.deliverAll();
  }

  /** Runs the queue Map/Reduce (and anything it submitted) until a run applies nothing. */
  private drain(): void {
    const { ns } = this.pipeline;
    for (let run = 0; run < MAX_RUNS_PER_DRAIN; run++) {
      if (!this.anythingDue()) return;
      let processed: number;
      try {
        processed = ns.mapReduce(QUEUE_MR).output.length;
        ns.scheduler.runQueued();
      } catch (error) {
        // E.g. a script that does not load: the events stay queued; report it once per message.
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (!this.failures.some((f) => f.kind === 'queue_run_failed' && f.message === message))
          this.failures.push({ kind: 'queue_run_failed', message });
        return;
      } finally {
        this.queueRuns++;
      }
      if (processed === 0) break;
    }
  }

  /**
   * Whether a queue run would apply anything: an event due now whose Stripe object has no earlier event
   * waiting for a later retry (those hold it back). Every run maps the whole queue, so empty runs cost.
   */
  private anythingDue(): boolean {
    const now = Math.floor(this.pipeline.ns.now().getTime() / 1000);
    const queued = eventStatusId(this.pipeline.ns, 'queued');
    const rows = this.pipeline.ns.sql.query(
      `SELECT COUNT(*) AS n FROM customrecord_snc_event
       WHERE ((custrecord_snc_evt_status = ? AND NVL(custrecord_snc_evt_next_attempt, 0) <= ?)
              OR (custrecord_snc_evt_status = ? AND NVL(custrecord_snc_evt_claimed_at, 0) < ?))
         AND custrecord_snc_evt_object NOT IN (
           SELECT custrecord_snc_evt_object FROM customrecord_snc_event
           WHERE custrecord_snc_evt_status = ? AND custrecord_snc_evt_next_attempt > ?)`,
      [queued, now, eventStatusId(this.pipeline.ns, 'processing'), now - STALE_CLAIM_SECONDS, queued, now],
    ).rows;
    return Number(rows[0]?.['n'] ?? 0) > 0;
  }

  private queueCounts(): QueueCounts {
    const counts: QueueCounts = {};
    const rows = this.pipeline.ns.sql.query(
      `SELECT custrecord_snc_evt_status AS status, COUNT(*) AS n FROM customrecord_snc_event GROUP BY custrecord_snc_evt_status`,
      [],
    ).rows;
    for (const row of readableStatuses(this.pipeline.ns, rows, 'event'))
      counts[String(row['status'])] = Number(row['n']);
    return counts;
  }

  private report(): void {
    if (!this.onProgress) return;
    const { stripe, ns } = this.pipeline;
    this.onProgress({
      phase: this.phase,
      scenario: this.scenario,
      step: this.step,
      steps: this.steps,
      clock: ns.now().toISOString(),
      delivered: stripe.webhooks.attempts().filter((a) => a.status === 'succeeded' && !a.duplicate).length,
      queue: this.queueCounts(),
      queueRuns: this.queueRuns,
    });
  }
}

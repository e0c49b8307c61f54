import Stripe from 'stripe';
import { API_VERSION, type SandboxAccount, type StripeObject } from '../core/account';
import { Random } from '../core/clock';
import { endpointWants, webhookEndpointSecret } from '../resources/webhookEndpoints';
import { httpTransport, type Transport } from './transport';

/**
 * Retry delays in seconds after each failed attempt (its length is the number of retries). Stripe
 * documents "up to 3 days with exponential backoff" in live mode and "three times over a few hours" in
 * test mode; the exact intervals are not published, so these are guesses with those envelopes.
 */
export const RETRY_SCHEDULES = {
  /** 3 retries: +10 min, +1 h, +3 h (about 4 h in all). */
  test: [600, 3600, 10_800],
  /** 8 retries: +5 min … +24 h (about 2.9 days in all). */
  live: [300, 1800, 3600, 10_800, 21_600, 43_200, 86_400, 86_400],
} as const;

export interface WebhookSettings {
  /** Seconds to wait after attempt n fails before attempt n+1 (sandbox clock). */
  retrySchedule: readonly number[];
  /** Per-attempt timeout (wall clock); a timeout is a failure. */
  timeoutMs: number;
  /** Deliveries in flight at once. 1 keeps the order the queue (or the shuffle) gives. */
  concurrency: number;
  /** Shuffle each batch of due deliveries (seeded), as Stripe does not guarantee order. */
  outOfOrder: boolean;
  /** Fraction (0–1) of deliveries sent a second time (same event, separate attempt). */
  duplicateRate: number;
  /** Hold deliveries back until the sandbox clock has moved this many seconds past the event. */
  lateSeconds: number;
  /** Fraction (0–1) of deliveries held back when lateSeconds > 0. */
  lateRate: number;
  /** Start deliveries on their own (after each event and clock move); off = only on deliverAll(). */
  autoDeliver: boolean;
  seed: number;
  transport: Transport;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  retrySchedule: RETRY_SCHEDULES.test,
  timeoutMs: 10_000,
  concurrency: 1,
  outOfOrder: false,
  duplicateRate: 0,
  lateSeconds: 0,
  lateRate: 1,
  autoDeliver: true,
  seed: 7,
  transport: httpTransport,
};

export const WEBHOOK_USER_AGENT = 'Stripe/1.0 (+https://stripe.com/docs/webhooks)';

interface QueuedDelivery {
  seq: number;
  eventId: string;
  endpointId: string;
  /** 1 for the first attempt. */
  attempt: number;
  dueAt: number;
  duplicate: boolean;
}

export interface DeliveryAttempt {
  eventId: string;
  eventType: string;
  endpointId: string;
  url: string;
  attempt: number;
  duplicate: boolean;
  /** Sandbox-clock time of the attempt (also the signature's `t`). */
  timestamp: number;
  status: 'succeeded' | 'failed';
  responseCode: number | null;
  error: string | null;
  /** When the next retry is due, or null (delivered, duplicate, or retries exhausted). */
  nextRetryAt: number | null;
}

type StoredEvent = Stripe.Event & StripeObject;
type StoredEndpoint = Stripe.WebhookEndpoint & StripeObject;

/** The event as sent to an endpoint: rendered in the pinned version whatever the endpoint asks for. */
export function renderEventForEndpoint(event: StoredEvent, _endpoint: StoredEndpoint): string {
  return JSON.stringify({ ...event, api_version: API_VERSION }, null, 2);
}

/**
 * Delivers every event to every enabled endpoint subscribed to it, asynchronously (a queue keyed on the
 * sandbox clock), with retries, attempt records and `pending_webhooks` upkeep, and optional faults.
 */
export class WebhookDelivery {
  readonly settings: WebhookSettings;
  private readonly queue: QueuedDelivery[] = [];
  private readonly log: DeliveryAttempt[] = [];
  /** `${event} ${endpoint}` pairs still owed a successful delivery. */
  private readonly owed = new Map<string, Set<string>>();
  private readonly random: Random;
  private seq = 0;
  private running: Promise<void> | null = null;
  private rerun = false;
  private scheduled = false;
  private closed = false;

  constructor(
    readonly account: SandboxAccount,
    settings: Partial<WebhookSettings> = {},
  ) {
    this.settings = { ...DEFAULT_WEBHOOK_SETTINGS, ...settings };
    this.random = new Random(this.settings.seed);
    account.onEvent((event) => this.enqueueEvent(event));
    account.clock.onAdvance(() => {
      if (this.settings.autoDeliver) this.schedule();
    });
  }

  /** Changes fault switches or the schedule at run time. */
  configure(settings: Partial<WebhookSettings>): void {
    Object.assign(this.settings, settings);
  }

  private enqueueEvent(event: Stripe.Event): void {
    if (this.closed) return;
    const endpoints = this.account
      .list<StoredEndpoint>('webhook_endpoint')
      .filter((endpoint) => endpoint.status === 'enabled' && endpointWants(endpoint.enabled_events, event.type))
      .reverse(); // oldest endpoint first
    if (endpoints.length === 0) return;
    this.owed.set(event.id, new Set(endpoints.map((e) => e.id)));
    this.updatePending(event.id);
    const now = this.account.now();
    for (const endpoint of endpoints) {
      const late =
        this.settings.lateSeconds > 0 && (this.settings.lateRate >= 1 || this.random.next() < this.settings.lateRate);
      const dueAt = now + (late ? this.settings.lateSeconds : 0);
      this.push({ eventId: event.id, endpointId: endpoint.id, attempt: 1, dueAt, duplicate: false });
      if (
        this.settings.duplicateRate > 0 &&
        (this.settings.duplicateRate >= 1 || this.random.next() < this.settings.duplicateRate)
      ) {
        this.push({ eventId: event.id, endpointId: endpoint.id, attempt: 1, dueAt, duplicate: true });
      }
    }
    if (this.settings.autoDeliver) this.schedule();
  }

  private push(delivery: Omit<QueuedDelivery, 'seq'>): void {
    this.queue.push({ ...delivery, seq: this.seq++ });
  }

  private updatePending(eventId: string): void {
    const event = this.account.find<StoredEvent>(eventId);
    if (!event) return;
    const pending = this.owed.get(eventId)?.size ?? 0;
    if (event.pending_webhooks !== pending) this.account.put({ ...event, pending_webhooks: pending });
  }

  /** Starts a delivery pass soon (coalesced), without waiting for it. */
  schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.pump();
    });
  }

  /** Attempts every delivery that is due now (and any that become due meanwhile); resolves when done. */
  async deliverAll(): Promise<void> {
    await this.pump();
    await this.idle();
  }

  /** Resolves once no delivery pass is running or scheduled. */
  async idle(): Promise<void> {
    while (this.running || this.scheduled) {
      if (this.running) await this.running;
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Deliveries waiting (due now or later), oldest first. */
  queued(): readonly Readonly<QueuedDelivery>[] {
    return [...this.queue].sort((a, b) => a.seq - b.seq);
  }

  /** Attempts made so far, optionally for one event and/or endpoint. */
  attempts(filter: { eventId?: string; endpointId?: string } = {}): DeliveryAttempt[] {
    return this.log
      .filter(
        (a) =>
          (filter.eventId === undefined || a.eventId === filter.eventId) &&
          (filter.endpointId === undefined || a.endpointId === filter.endpointId),
      )
      .map((a) => ({ ...a }));
  }

  /** Stops taking new work; waits for attempts in flight. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private pump(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    // `finally` runs after `running` is assigned, even when the loop finishes synchronously.
    const run: Promise<void> = this.loop().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async loop(): Promise<void> {
    do {
      this.rerun = false;
      for (;;) {
        const batch = this.takeDue();
        if (batch.length === 0) break;
        await this.sendBatch(batch);
      }
    } while (this.rerun);
  }

  private takeDue(): QueuedDelivery[] {
    const now = this.account.now();
    const due = this.queue.filter((d) => d.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
    if (due.length === 0) return due;
    const taken = new Set(due);
    for (let i = this.queue.length - 1; i >= 0; i--)
      if (taken.has(this.queue[i] as QueuedDelivery)) this.queue.splice(i, 1);
    if (this.settings.outOfOrder) {
      for (let i = due.length - 1; i > 0; i--) {
        const j = Math.floor(this.random.next() * (i + 1));
        [due[i], due[j]] = [due[j] as QueuedDelivery, due[i] as QueuedDelivery];
      }
    }
    return due;
  }

  private async sendBatch(batch: QueuedDelivery[]): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batch.length) {
        const delivery = batch[next++] as QueuedDelivery;
        await this.attempt(delivery);
      }
    };
    const workers = Math.max(1, Math.min(this.settings.concurrency, batch.length));
    await Promise.all(Array.from({ length: workers }, worker));
  }

  private async attempt(delivery: QueuedDelivery): Promise<void> {
    const endpoint = this.account.find<StoredEndpoint>(delivery.endpointId);
    const event = this.account.find<StoredEvent>(delivery.eventId);
    const secret = webhookEndpointSecret(this.account, delivery.endpointId);
    // Stripe stops retrying for endpoints that are deleted or disabled meanwhile.
    if (!endpoint || endpoint.object !== 'webhook_endpoint' || endpoint.status !== 'enabled' || !event || !secret) {
      this.owed.get(delivery.eventId)?.delete(delivery.endpointId);
      this.updatePending(delivery.eventId);
      return;
    }
    const payload = renderEventForEndpoint(event, endpoint);
    const timestamp = this.account.now();
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
    const result = await this.settings.transport({
      url: endpoint.url,
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Stripe-Signature': signature,
        'User-Agent': WEBHOOK_USER_AGENT,
        Accept: '*/*; q=0.5, application/xml',
        'Cache-Control': 'no-cache',
      },
      body: payload,
      timeoutMs: this.settings.timeoutMs,
    });
    const responseCode = 'status' in result ? result.status : null;
    const ok = responseCode !== null && responseCode >= 200 && responseCode < 300;
    let nextRetryAt: number | null = null;
    if (ok) {
      this.owed.get(delivery.eventId)?.delete(delivery.endpointId);
      this.updatePending(delivery.eventId);
    } else if (!delivery.duplicate && delivery.attempt <= this.settings.retrySchedule.length) {
      const delay = this.settings.retrySchedule[delivery.attempt - 1] as number;
      nextRetryAt = this.account.now() + delay;
      this.push({ ...delivery, attempt: delivery.attempt + 1, dueAt: nextRetryAt });
    }
    this.log.push({
      eventId: event.id,
      eventType: event.type,
      endpointId: endpoint.id,
      url: endpoint.url,
      attempt: delivery.attempt,
      duplicate: delivery.duplicate,
      timestamp,
      status: ok ? 'succeeded' : 'failed',
      responseCode,
      error: ok ? null : 'error' in result ? result.error : `HTTP ${responseCode}`,
      nextRetryAt,
    });
  }
}

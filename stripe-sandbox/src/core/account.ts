import type Stripe from 'stripe';
import { IdGenerator, Random, SandboxClock } from './clock';
import { resourceMissing } from './errors';
import { capEmbeddedLists } from './embeddedLists';
import { withoutIncludable } from './includable';

/** The API version the sandbox renders objects in: the one pinned by the `stripe` package. */
export const API_VERSION = '2026-10-28.endive';

/** Any stored Stripe object. */
export interface StripeObject {
  id: string;
  object: string;
  [key: string]: unknown;
}

export interface RequestInfo {
  id: string;
  idempotencyKey: string | null;
}

/** Cross-resource operations, registered by the module that owns them (see README "Resources"). */
export interface SandboxServices {
  /** Creates and confirms a PaymentIntent (and its Charge) — used by invoices and subscriptions. */
  pay(request: PaymentRequest): PaymentOutcome;
  /** Refunds part or all of a charge — used by credit notes. */
  refund(request: RefundRequest): Stripe.Refund;
  /** Runs automatic payouts for every currency with an available balance; returns the payouts made. */
  runPayouts(): Stripe.Payout[];
  /** Sandbox-only: a Stripe fee billed on its own (`stripe_fee`, category `fee`), with tax on it if asked. */
  stripeFee(request: StripeFeeRequest): Stripe.BalanceTransaction[];
  /** Sandbox-only: an adjustment of the balance (`adjustment`, category `other_adjustment`). */
  adjustBalance(request: AdjustmentRequest): Stripe.BalanceTransaction;
  /** Fails a paid payout now, as Stripe may after `payout.paid` (see resources/payouts.ts). */
  failPaidPayout(payoutId: string): Stripe.Payout;
  /** When the payouts module next has something to do (sweep, reconciliation, arrival, late failure), or null. */
  nextPayoutWork(): number | null;
}

export interface StripeFeeRequest {
  /** The fee, positive, minor units of `currency` (a settlement currency). */
  amount: number;
  currency: string;
  description: string;
  /** Tax on the fee, positive minor units: a separate `tax_fee` transaction (category `tax`) when > 0. */
  tax?: number;
}

export interface AdjustmentRequest {
  /** Signed minor units: positive credits the balance, negative debits it. */
  amount: number;
  currency: string;
  description: string;
}

export interface PaymentRequest {
  amount: number;
  currency: string;
  customer: string | null;
  paymentMethod: string;
  description: string | null;
  metadata: Record<string, string>;
  /** The invoice being paid, if any (for descriptions and events; not a Charge field in this API version). */
  invoice: string | null;
  captureMethod: 'automatic' | 'manual';
}

export interface PaymentOutcome {
  paymentIntent: Stripe.PaymentIntent;
  charge: Stripe.Charge | null;
  /** A decline: the PaymentIntent is left requiring a payment method. */
  declined: { code: string; declineCode: string; message: string } | null;
}

export interface RefundRequest {
  charge: string;
  amount: number | null;
  reason: Stripe.RefundCreateParams.Reason | null;
  metadata: Record<string, string>;
}

export interface SandboxSettings {
  /** Stripe account ID (`acct_…`), as events' `account` is absent for direct accounts but endpoints show it. */
  accountId: string;
  /** The account's default currency: charges in other currencies convert to it. */
  defaultCurrency: string;
  /** Currencies the account has a bank account in: charges in them settle and pay out unconverted. */
  settlementCurrencies: string[];
  /** Days from a charge until its funds are available (Stripe's US card default is 2). */
  availabilityDays: number;
  /** Hour of day (UTC) at which automatic daily payouts run. */
  payoutHourUtc: number;
  /**
   * How far (a fraction: 0.02 = ±2%) seeded exchange rates move around the anchor table during the days;
   * 0 = the fixed anchor table (see resources/exchangeRates.ts).
   */
  exchangeRateDrift: number;
  /** Currency conversion fee in basis points: 100 (1%, US accounts); 200 for UK/EEA accounts. */
  currencyConversionFeeBps: number;
  /**
   * A partial capture's Stripe fee: on the `captured` amount (default, a guess) or on the full `authorized`
   * amount (README, "Guesses").
   */
  partialCaptureFeeOn: 'captured' | 'authorized';
  /**
   * The dispute countered fee in USD cents (converted for other settlement currencies), charged when evidence
   * is first submitted on a chargeback opened on or after 2025-06-17 and returned when the dispute is won
   * (support.stripe.com, "June 2025 pricing updates for disputes"). 1500 in the US; 0 where Stripe charges
   * none (Mexico and Japan: support.stripe.com, "Disputes" topic).
   */
  disputeCounteredFeeUsd: number;
  /** Whether a won dispute returns the dispute (received) fee: false for US pricing since June 2025. */
  disputeFeeReturnedOnWin: boolean;
  /**
   * Which reporting category carries the countered fee and its return: `dispute` / `dispute_reversal`
   * (adjustments of amount 0 on the dispute, the default guess) or `fee` (type `stripe_fee`).
   */
  disputeCounteredFeeCategory: 'dispute' | 'fee';
  /** Seconds after a refund that is bound to fail (test card refundFail) until it fails. */
  refundFailureDelaySeconds: number;
  /**
   * `type` of a failed refund's balance transaction (reporting category `refund_failure` either way):
   * `refund_failure` (the type Stripe's enum has, default) or `adjustment` (what the reporting-categories page
   * describes for failed refunds).
   */
  refundFailureType: 'refund_failure' | 'adjustment';
  /**
   * Seconds from an automatic payout's creation until its `reconciliation_status` completes (capped at its
   * arrival date). Stripe does not document the delay: a guess (README "Guesses").
   */
  reconciliationDelaySeconds: number;
  /**
   * While an automatic payout's reconciliation is `in_progress`, `GET /v1/balance_transactions?payout=` lists
   * nothing (false, strict: a guess at the worst Stripe allows) or every transaction at once (true).
   */
  listPayoutTransactionsInProgress: boolean;
  /** Seconds after `payout.paid` at which a payout marked to fail after being paid fails (a guess). */
  failAfterPaidSeconds: number;
}

export const DEFAULT_SETTINGS: SandboxSettings = {
  accountId: 'acct_1SandboxLocal000000',
  defaultCurrency: 'usd',
  settlementCurrencies: ['usd', 'eur'],
  availabilityDays: 2,
  payoutHourUtc: 0,
  exchangeRateDrift: 0.02,
  currencyConversionFeeBps: 100,
  partialCaptureFeeOn: 'captured',
  disputeCounteredFeeUsd: 1500,
  disputeFeeReturnedOnWin: false,
  disputeCounteredFeeCategory: 'dispute',
  refundFailureDelaySeconds: 3600,
  refundFailureType: 'refund_failure',
  reconciliationDelaySeconds: 6 * 3600,
  listPayoutTransactionsInProgress: false,
  failAfterPaidSeconds: 3 * 86400,
};

export type EventListener = (event: Stripe.Event) => void;

function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * One Stripe account in test mode: its objects, events, clock and settings. Resource modules keep
 * their objects here and emit events through `emit`; nothing in here knows about HTTP.
 */
export class SandboxAccount {
  readonly clock: SandboxClock;
  /** The sandbox seed: IDs, generated data and exchange rates derive from it. */
  readonly seed: number;
  readonly ids: IdGenerator;
  readonly random: Random;
  readonly settings: SandboxSettings;
  readonly services: Partial<SandboxServices> = {};
  private readonly objects = new Map<string, StripeObject>();
  private readonly byType = new Map<string, string[]>();
  private readonly eventListeners: EventListener[] = [];
  /** The API request being served, stamped on the events it causes. */
  currentRequest: RequestInfo | null = null;

  constructor(options: { seed?: number; now?: number; settings?: Partial<SandboxSettings> } = {}) {
    const seed = options.seed ?? 42;
    this.seed = seed;
    this.clock = new SandboxClock(options.now);
    this.ids = new IdGenerator(seed);
    this.random = new Random(seed ^ 0x5eed);
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
  }

  now(): number {
    return this.clock.now();
  }

  service<K extends keyof SandboxServices>(name: K): SandboxServices[K] {
    const service = this.services[name];
    if (!service) throw new Error(`Sandbox service ${name} is not registered`);
    return service;
  }

  /** Stores a new object (or replaces one with the same ID). */
  put<T extends StripeObject>(object: T): T {
    if (!this.objects.has(object.id)) {
      const ids = this.byType.get(object.object) ?? [];
      ids.push(object.id);
      this.byType.set(object.object, ids);
    }
    this.objects.set(object.id, clone(object));
    return clone(object);
  }

  /** A copy of the object, or 404 resource_missing naming it. */
  get<T extends StripeObject>(id: string, objectType: string, kind = objectType.replace(/_/g, ' ')): T {
    const found = this.objects.get(id);
    if (!found || found.object !== objectType) throw resourceMissing(kind, id);
    return clone(found) as T;
  }

  find<T extends StripeObject>(id: string): T | undefined {
    const found = this.objects.get(id);
    return found ? (clone(found) as T) : undefined;
  }

  /** Every object of a type, newest first (Stripe's list order). */
  list<T extends StripeObject>(objectType: string): T[] {
    const ids = this.byType.get(objectType) ?? [];
    const out: T[] = [];
    for (let i = ids.length - 1; i >= 0; i--) {
      const object = this.objects.get(ids[i] as string);
      if (object) out.push(clone(object) as T);
    }
    return out;
  }

  delete(id: string): void {
    const object = this.objects.get(id);
    if (!object) return;
    this.objects.delete(id);
    this.byType.set(
      object.object,
      (this.byType.get(object.object) ?? []).filter((x) => x !== id),
    );
  }

  /**
   * Applies changes to a stored object and returns the new copy plus `previous_attributes` for the
   * top-level keys whose values changed (what an `*.updated` event carries).
   */
  update<T extends StripeObject>(
    id: string,
    objectType: string,
    changes: Partial<T>,
  ): { object: T; previous: Partial<T> } {
    const current = this.get<T>(id, objectType);
    const previous: Partial<T> = {};
    for (const [key, value] of Object.entries(changes) as [keyof T, T[keyof T]][]) {
      if (JSON.stringify(current[key]) !== JSON.stringify(value)) previous[key] = current[key];
    }
    const next = { ...current, ...changes };
    this.put(next);
    return { object: clone(next), previous };
  }

  onEvent(listener: EventListener): void {
    this.eventListeners.push(listener);
  }

  /** Records an event with a snapshot of `object` as it is now, and hands it to the listeners. */
  emit(type: string, object: StripeObject, previousAttributes?: Record<string, unknown>): Stripe.Event {
    const data: Record<string, unknown> = { object: capEmbeddedLists(withoutIncludable(clone(object))) };
    if (previousAttributes && Object.keys(previousAttributes).length > 0)
      data['previous_attributes'] = capEmbeddedLists(clone(previousAttributes), object.object);
    const event = {
      id: this.ids.next('evt'),
      object: 'event',
      api_version: API_VERSION,
      context: undefined,
      created: this.now(),
      data,
      livemode: false,
      pending_webhooks: 0,
      request: { id: this.currentRequest?.id ?? null, idempotency_key: this.currentRequest?.idempotencyKey ?? null },
      type,
    } as unknown as Stripe.Event;
    delete (event as unknown as Record<string, unknown>)['context'];
    this.put(event as unknown as StripeObject);
    for (const listener of this.eventListeners) listener(clone(event));
    return clone(event);
  }
}

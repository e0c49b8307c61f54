import type Stripe from 'stripe';
import { SandboxAccount, type SandboxSettings } from './core/account';
import { IdGenerator } from './core/clock';
import type { ResourceModule, Route } from './core/routes';
import { ApiHandler, type ApiRequest, type ApiResponse, type ApiSettings } from './api/handler';
import { encodeForm, type FormValue } from './api/form';
import { WebhookDelivery, type WebhookSettings } from './webhooks/delivery';
import { webhookEndpointSecret } from './resources/webhookEndpoints';
// Resource modules, in registration order. The one place to add a module: import it and list it below.
import * as balanceAdjustments from './resources/balanceAdjustments';
import * as balanceTransactions from './resources/balanceTransactions';
import * as charges from './resources/charges';
import * as connect from './resources/connect';
import * as coupons from './resources/coupons';
import * as creditNotes from './resources/creditNotes';
import * as customers from './resources/customers';
import * as disputes from './resources/disputes';
import * as events from './resources/events';
import * as invoiceItems from './resources/invoiceItems';
import * as invoicePayments from './resources/invoicePayments';
import * as invoices from './resources/invoices';
import * as legacy from './resources/legacy';
import * as paymentIntents from './resources/paymentIntents';
import * as paymentMethods from './resources/paymentMethods';
import * as payouts from './resources/payouts';
import * as plans from './resources/plans';
import * as prices from './resources/prices';
import * as products from './resources/products';
import * as refunds from './resources/refunds';
import * as subscriptions from './resources/subscriptions';
import * as taxRates from './resources/taxRates';
import * as webhookEndpoints from './resources/webhookEndpoints';

/** Every resource module the sandbox serves (fees.ts holds helpers only and has no routes). */
export const RESOURCE_MODULES: readonly { name: string; module: ResourceModule }[] = [
  // Payments side.
  { name: 'customers', module: customers },
  { name: 'paymentMethods', module: paymentMethods },
  { name: 'paymentIntents', module: paymentIntents },
  { name: 'charges', module: charges },
  { name: 'refunds', module: refunds },
  { name: 'disputes', module: disputes },
  { name: 'balanceTransactions', module: balanceTransactions },
  { name: 'balanceAdjustments', module: balanceAdjustments },
  { name: 'connect', module: connect },
  { name: 'payouts', module: payouts },
  // Billing side.
  { name: 'products', module: products },
  { name: 'prices', module: prices },
  { name: 'plans', module: plans },
  { name: 'coupons', module: coupons },
  { name: 'taxRates', module: taxRates },
  { name: 'invoiceItems', module: invoiceItems },
  { name: 'invoices', module: invoices },
  { name: 'invoicePayments', module: invoicePayments },
  { name: 'creditNotes', module: creditNotes },
  { name: 'subscriptions', module: subscriptions },
  { name: 'legacy', module: legacy },
  // Events and webhook endpoints.
  { name: 'events', module: events },
  { name: 'webhookEndpoints', module: webhookEndpoints },
];

export interface StripeSandboxOptions {
  /** Seeds object IDs, the secret key and generated data (same seed + same requests → same IDs). */
  seed?: number;
  /** Sandbox clock start (Unix seconds); defaults to now. */
  now?: number;
  settings?: Partial<SandboxSettings>;
  /** The `sk_test_…` key requests must carry; derived from the seed by default. */
  secretKey?: string;
  /** Modules to serve instead of RESOURCE_MODULES (tests). */
  modules?: readonly ResourceModule[];
  api?: Partial<Omit<ApiSettings, 'secretKeys'>>;
  webhooks?: Partial<WebhookSettings>;
}

export interface SandboxResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * A Stripe account in test mode, in-process: the account store, every resource module, the request layer
 * (`handle`, synchronous) and webhook delivery (asynchronous). Serve it over HTTP with `startServer`.
 */
export class StripeSandbox {
  readonly account: SandboxAccount;
  readonly secretKey: string;
  readonly api: ApiHandler;
  readonly webhooks: WebhookDelivery;
  readonly routes: readonly Route[];

  constructor(options: StripeSandboxOptions = {}) {
    const seed = options.seed ?? 42;
    this.account = new SandboxAccount({ seed, now: options.now, settings: options.settings });
    this.secretKey = options.secretKey ?? new IdGenerator(seed ^ 0x5ec7e7).next('sk_test', 24);
    const modules = options.modules ?? RESOURCE_MODULES.map((m) => m.module);
    for (const module of modules) module.register?.(this.account);
    this.routes = modules.flatMap((module) => module.routes);
    this.api = new ApiHandler(this.account, this.routes, { ...options.api, secretKeys: [this.secretKey] }, seed);
    this.webhooks = new WebhookDelivery(this.account, { seed, ...options.webhooks });
  }

  /** Serves one API request (synchronously); see ApiHandler. */
  handle(request: ApiRequest): ApiResponse {
    return this.api.handle(request);
  }

  /**
   * In-process convenience: sends `params` form-encoded (query string for GET/DELETE) with the sandbox's
   * key and returns the parsed JSON.
   */
  request(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params: { [key: string]: FormValue } = {},
    headers: Record<string, string> = {},
  ): SandboxResult {
    const form = encodeForm(params);
    const target = method === 'POST' || form === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${form}`;
    const response = this.handle({
      method,
      path: target,
      headers: { Authorization: `Bearer ${this.secretKey}`, ...headers },
      body: method === 'POST' ? form : '',
    });
    return { status: response.status, headers: response.headers, body: JSON.parse(response.body) as unknown };
  }

  now(): number {
    return this.account.now();
  }

  /** Moves the sandbox clock forward; payouts, dunning and webhook retries key off it. */
  advanceClock(seconds: number): number {
    return this.account.clock.advance(seconds);
  }

  /** Runs automatic payouts now (the payouts module's service). */
  runPayouts(): Stripe.Payout[] {
    return this.account.service('runPayouts')();
  }

  /**
   * Fails a paid payout now, as Stripe may after `payout.paid` ("Some payouts that fail might initially show
   * as paid, then change to failed", API reference, "The Payout object"): `payout.failed` and a
   * `payout_failure` balance transaction returning its amount to the balance.
   */
  failPaidPayout(payoutId: string): Stripe.Payout {
    return this.account.service('failPaidPayout')(payoutId);
  }

  /** When automatic payouts next have something to do (sweep, reconciliation, arrival, late failure), or null. */
  nextPayoutWork(): number | null {
    return this.account.service('nextPayoutWork')();
  }

  /** Creates a webhook endpoint through the API and returns it with its signing secret. */
  createWebhookEndpoint(
    url: string,
    enabledEvents: readonly string[] = ['*'],
    extra: { [key: string]: FormValue } = {},
  ): { endpoint: Stripe.WebhookEndpoint; secret: string } {
    const result = this.request('POST', '/v1/webhook_endpoints', {
      url,
      enabled_events: [...enabledEvents],
      ...extra,
    });
    if (result.status !== 200) throw new Error(`Creating a webhook endpoint failed: ${JSON.stringify(result.body)}`);
    const endpoint = result.body as Stripe.WebhookEndpoint;
    const secret = webhookEndpointSecret(this.account, endpoint.id);
    if (!secret) throw new Error('Webhook endpoint has no secret');
    return { endpoint, secret };
  }

  /** Attempts every webhook delivery that is due; resolves when all have been attempted. */
  deliverAll(): Promise<void> {
    return this.webhooks.deliverAll();
  }

  /** Resolves once no webhook delivery pass is running or scheduled. */
  idle(): Promise<void> {
    return this.webhooks.idle();
  }

  /** Stops webhook delivery (waits for attempts in flight). */
  close(): Promise<void> {
    return this.webhooks.close();
  }
}

import type * as NRecord from 'N/record';
import {
  installBooking,
  QUEUE_MR,
  queue,
  startIngressPipeline,
  type BookingSetup,
  type IngressPipeline,
} from '../../../tools/localConnector';
import { settingsValues } from '../../../tools/settingsModes';

export type StripeParams = Parameters<IngressPipeline['stripe']['request']>[2];

/** The calls most tests make, on the pipeline of the test running. */
export interface PipelineCalls {
  post<T>(path: string, params?: StripeParams): T;
  get<T>(path: string, params?: StripeParams): T;
  drain(): Promise<void>;
  failures(): Record<string, unknown>[];
}

/**
 * Each test of the describe block gets a new pipeline with booking installed (USD payouts, webhooks delivered
 * only when the test drains), handed to `ready` before the test runs, and closed after it.
 */
export function useBookingPipeline(ready: (pipeline: IngressPipeline, books: BookingSetup) => void): PipelineCalls {
  let current: IngressPipeline | undefined;
  const pipeline = (): IngressPipeline => {
    if (!current) throw new Error('no pipeline: called outside a test');
    return current;
  };
  beforeEach(async () => {
    current = await startIngressPipeline({}, { webhooks: { autoDeliver: false } });
    ready(current, installBooking(current, ['usd']));
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    post: <T>(path: string, params: StripeParams = {}): T => stripePost<T>(pipeline(), path, params),
    get: <T>(path: string, params: StripeParams = {}): T => stripeGet<T>(pipeline(), path, params),
    drain: (): Promise<void> => drain(pipeline()),
    failures: (): Record<string, unknown>[] => failures(pipeline()),
  };
}

/** A POST to the Stripe sandbox that must succeed: its body, or an error naming the call and Stripe's answer. */
export function stripePost<T>(pipeline: IngressPipeline, path: string, params: StripeParams = {}): T {
  const answer = pipeline.stripe.request('POST', path, params);
  if (answer.status !== 200) throw new Error(`${path}: ${JSON.stringify(answer.body)}`);
  return answer.body as T;
}

/** The body of a GET to the Stripe sandbox, whatever its status. */
export function stripeGet<T>(pipeline: IngressPipeline, path: string, params: StripeParams = {}): T {
  return pipeline.stripe.request('GET', path, params).body as T;
}

/** Delivers every pending webhook through the relay, then runs the queue Map/Reduce once. */
export async function drain(pipeline: IngressPipeline): Promise<void> {
  await pipeline.stripe.deliverAll();
  pipeline.ns.mapReduce(QUEUE_MR);
}

/** Queued events that are neither booked nor deliberately left alone: what a test expects to be none. */
export function failures(pipeline: IngressPipeline): Record<string, unknown>[] {
  return queue(pipeline.ns).filter((e) => !['done', 'no_action', 'unhandled'].includes(String(e['status'])));
}

/**
 * Net base-currency balance of an account (debit − credit), in cents: 0 for an account nothing was booked to.
 * With `currency` (an ISO code), only the trial balance row of that currency counts.
 */
export function balanceOf(pipeline: IngressPipeline, account: number | string, currency?: string): number {
  const currencyId = currency === undefined ? undefined : pipeline.ns.base.currencies[currency];
  const row = pipeline.ns
    .trialBalance()
    .find((r) => r.account === String(account) && (currency === undefined || r.currency === currencyId));
  return row ? Math.round((row.debit - row.credit) * 100) : 0;
}

/**
 * Transactions in the order they were made: their type, external ID, total and amount unpaid (in the
 * transaction's currency), the `more` columns, and only those matching `where` if given.
 */
export function transactionsOf(
  pipeline: IngressPipeline,
  more: readonly string[] = [],
  where?: string,
): Record<string, unknown>[] {
  const columns = ['recordtype', 'externalid', 'foreigntotal AS total', 'foreignamountunpaid AS remaining', ...more];
  return pipeline.ns.sql.query(
    `SELECT ${columns.join(', ')} FROM transaction ${where ? `WHERE ${where} ` : ''}ORDER BY id`,
    [],
  ).rows;
}

// A type literal, not an interface: SuiteQL rows (Record<string, unknown>) convert to it.
export type Deposit = { id: number; externalid: string; total: number };

/** Every deposit in NetSuite, in the order it was made; `total` in the deposit's (the bank's) currency. */
export function depositsOf(pipeline: IngressPipeline): Deposit[] {
  return pipeline.ns.sql.query(
    `SELECT id, externalid, foreigntotal AS total FROM transaction WHERE recordtype = 'deposit' ORDER BY id`,
    [],
  ).rows as Deposit[];
}

/** A deposit as a test that does not know internal IDs asserts it: `depositsOf(pipeline).map(withoutId)`. */
export function withoutId({ externalid, total }: Deposit): Omit<Deposit, 'id'> {
  return { externalid, total };
}

/** The events the payout flow handles. */
export const PAYOUT_EVENTS = [
  'payout.created',
  'payout.reconciliation_completed',
  'payout.paid',
  'payout.updated',
  'payout.failed',
] as const;

/** Lets only payout events reach NetSuite, for tests that book the charges' payments themselves. */
export function onlyPayoutEvents(pipeline: IngressPipeline): void {
  const endpoints = pipeline.stripe.request('GET', '/v1/webhook_endpoints').body as { data: { id: string }[] };
  for (const endpoint of endpoints.data) {
    stripePost(pipeline, `/v1/webhook_endpoints/${endpoint.id}`, { enabled_events: [...PAYOUT_EVENTS] });
  }
}

/** The emulated account's N/record, for records a test enters by hand. */
export function nsRecord(pipeline: IngressPipeline): typeof NRecord {
  return pipeline.ns.testModules().modules['N/record'] as typeof NRecord;
}

/** Changes the connector's settings as an admin would on the settings record (modes by their readable key). */
export function saveSettings(pipeline: IngressPipeline, values: Record<string, NRecord.FieldValue>): void {
  nsRecord(pipeline).submitFields({
    type: 'customrecord_snc_settings',
    id: pipeline.settingsId,
    values: settingsValues(pipeline.ns, values),
  });
}

/** An account of the booking subsidiary, made by hand (`number` its account number, if any); its internal ID. */
export function newAccount(
  pipeline: IngressPipeline,
  books: BookingSetup,
  account: { name: string; type: string; number?: string },
): number {
  const made = nsRecord(pipeline).create({ type: 'account' });
  if (account.number !== undefined) made.setValue({ fieldId: 'acctnumber', value: account.number });
  return made
    .setValue({ fieldId: 'acctname', value: account.name })
    .setValue({ fieldId: 'accttype', value: account.type })
    .setValue({ fieldId: 'subsidiary', value: [String(books.subsidiary)] })
    .save();
}

/** A Stripe Reporting Category Account record, as an admin adds one. */
export function mapCategory(pipeline: IngressPipeline, category: string, account: number): void {
  nsRecord(pipeline)
    .create({ type: 'customrecord_snc_category' })
    .setValue({ fieldId: 'custrecord_snc_cat_settings', value: String(pipeline.settingsId) })
    .setValue({ fieldId: 'custrecord_snc_cat_category', value: category })
    .setValue({ fieldId: 'custrecord_snc_cat_account', value: String(account) })
    .save();
}

/** A USD customer of the booking subsidiary, made in NetSuite by hand; its internal ID. */
export function usdCustomer(pipeline: IngressPipeline, books: BookingSetup, name: string): number {
  return nsRecord(pipeline)
    .create({ type: 'customer' })
    .setValue({ fieldId: 'companyname', value: name })
    .setValue({ fieldId: 'subsidiary', value: books.subsidiary })
    .setValue({ fieldId: 'currency', value: pipeline.ns.base.currencies['USD'] ?? null })
    .save();
}

/** A USD card payment in Stripe, available at once (test card bypassPending); its charge ID. */
export function cardCharge(pipeline: IngressPipeline, amount: number): string {
  return stripePost<{ latest_charge: string }>(pipeline, '/v1/payment_intents', {
    amount,
    currency: 'usd',
    payment_method: 'pm_card_bypassPending',
    confirm: 'true',
  }).latest_charge;
}

/** The customer payment of a charge, entered by hand as the charge flow books it; its internal ID. */
export function bookPayment(pipeline: IngressPipeline, customer: number, chargeId: string, amount: number): number {
  return nsRecord(pipeline)
    .create({ type: 'customerpayment' })
    .setValue({ fieldId: 'customer', value: customer })
    .setValue({ fieldId: 'payment', value: amount / 100 })
    .setValue({ fieldId: 'externalid', value: chargeId })
    .save();
}

/** A card payment in Stripe and its customer payment in NetSuite, booked by hand. */
export function chargeWithPayment(
  pipeline: IngressPipeline,
  customer: number,
  amount: number,
): { chargeId: string; paymentId: number } {
  const chargeId = cardCharge(pipeline, amount);
  return { chargeId, paymentId: bookPayment(pipeline, customer, chargeId, amount) };
}

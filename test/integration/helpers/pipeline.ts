import type * as NRecord from 'N/record';
import { QUEUE_MR, queue, type BookingSetup, type IngressPipeline } from '../../../tools/localConnector';

type StripeParams = Parameters<IngressPipeline['stripe']['request']>[2];

/** A POST to the Stripe sandbox that must succeed: its body, or an error naming the call and Stripe's answer. */
export function stripePost<T>(pipeline: IngressPipeline, path: string, params: StripeParams = {}): T {
  const answer = pipeline.stripe.request('POST', path, params);
  if (answer.status !== 200) throw new Error(`${path}: ${JSON.stringify(answer.body)}`);
  return answer.body as T;
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

/** Net base-currency balance of an account (debit − credit), in cents: 0 for an account nothing was booked to. */
export function balanceOf(pipeline: IngressPipeline, account: number | string): number {
  const row = pipeline.ns.trialBalance().find((r) => r.account === String(account));
  return row ? Math.round((row.debit - row.credit) * 100) : 0;
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

function nsRecord(pipeline: IngressPipeline): typeof NRecord {
  return pipeline.ns.testModules().modules['N/record'] as typeof NRecord;
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

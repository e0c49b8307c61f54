import type { IngressPipeline } from '../../../tools/localConnector';
import { stripeGet, stripePost, type StripeParams } from './pipeline';

/** Invoice parameters for an invoice sent to the customer, due in 30 days (not charged automatically). */
export const NET_30 = { collection_method: 'send_invoice', days_until_due: 30 } as const;

/**
 * A Stripe customer made with `params` and pm_card_visa attached; with `asDefault`, the card is also the
 * customer's default payment method for invoices. Its ID.
 */
export function customerWithCard(pipeline: IngressPipeline, params: StripeParams, asDefault = false): string {
  const customer = stripePost<{ id: string }>(pipeline, '/v1/customers', params);
  const card = stripePost<{ id: string }>(pipeline, '/v1/payment_methods/pm_card_visa/attach', {
    customer: customer.id,
  });
  if (asDefault)
    stripePost(pipeline, `/v1/customers/${customer.id}`, { invoice_settings: { default_payment_method: card.id } });
  return customer.id;
}

/** A USD price of `amount` cents for a new product named `product`, with the `more` price parameters; its ID. */
export function usdPrice(pipeline: IngressPipeline, product: string, amount: number, more: StripeParams = {}): string {
  const made = stripePost<{ id: string }>(pipeline, '/v1/products', { name: product });
  return stripePost<{ id: string }>(pipeline, '/v1/prices', {
    product: made.id,
    unit_amount: amount,
    currency: 'usd',
    ...more,
  }).id;
}

/**
 * An invoice item for `customer` per entry of `items` (invoice item parameters), then an invoice including
 * them with the `invoice` parameters, finalized: the invoice as finalizing it answered.
 */
export function finalizedInvoice<T extends { id: string } = { id: string }>(
  pipeline: IngressPipeline,
  customer: string,
  items: StripeParams[],
  invoice: StripeParams = {},
): T {
  for (const item of items) stripePost(pipeline, '/v1/invoiceitems', { customer, ...item });
  const draft = stripePost<{ id: string }>(pipeline, '/v1/invoices', {
    customer,
    pending_invoice_items_behavior: 'include',
    ...invoice,
  });
  return stripePost<T>(pipeline, `/v1/invoices/${draft.id}/finalize`);
}

/** Stripe charges pm_card_visa for the invoice. */
export function payByCard(pipeline: IngressPipeline, invoice: string): void {
  stripePost(pipeline, `/v1/invoices/${invoice}/pay`, { payment_method: 'pm_card_visa' });
}

/** The charge that paid the invoice (its first payment's). */
export function chargeOfInvoice(pipeline: IngressPipeline, invoice: string): string {
  const payments = stripeGet<{ data: { payment: { payment_intent: string } }[] }>(pipeline, '/v1/invoice_payments', {
    invoice,
  });
  const intent = payments.data[0]?.payment.payment_intent ?? '';
  return stripeGet<{ latest_charge: string }>(pipeline, `/v1/payment_intents/${intent}`).latest_charge;
}

/** Open invoices less unapplied credit memos of the NetSuite customer booked for Stripe's `customer`, in cents. */
export function netSuiteOpen(pipeline: IngressPipeline, customer: string): number {
  const rows = pipeline.ns.sql.query(
    `SELECT t.recordtype AS kind, t.foreignamountunpaid AS remaining FROM transaction t
     JOIN customer c ON c.id = t.entity WHERE c.externalid = ? AND t.recordtype IN ('invoice', 'creditmemo')`,
    [customer],
  ).rows;
  return rows.reduce(
    (sum, r) => sum + (r['kind'] === 'invoice' ? 1 : -1) * Math.round(Number(r['remaining'] ?? 0) * 100),
    0,
  );
}

/** What Stripe says the customer owes, in cents: amount remaining on open invoices plus the customer balance. */
export function stripeOpen(pipeline: IngressPipeline, customer: string): number {
  const invoices = stripeGet<{ data: { status: string; amount_remaining: number }[] }>(pipeline, '/v1/invoices', {
    customer,
  });
  const open = invoices.data.filter((i) => i.status === 'open').reduce((s, i) => s + i.amount_remaining, 0);
  return open + (stripeGet<{ balance: number }>(pipeline, `/v1/customers/${customer}`).balance ?? 0);
}

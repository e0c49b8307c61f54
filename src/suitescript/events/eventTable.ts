/**
 * What the connector does with each Stripe event type: every row of the source tables (seeds 000 and
 * 001) is here, either with the handler that books it or with the seed's reason for taking no NetSuite
 * action. Event types in neither table are stored as unhandled.
 */

/** The booking flows; each is implemented by a handler module (see events/handlers.ts). */
export type HandlerKey =
  | 'customer'
  | 'product'
  | 'price'
  | 'plan'
  | 'sku'
  | 'invoice'
  | 'charge'
  | 'refund'
  | 'dispute'
  | 'payout'
  | 'order'
  | 'creditNote'
  | 'subscription'
  | 'customerUpdate'
  | 'itemUpdate';

export type EventDisposition =
  | { action: 'handle'; handler: HandlerKey }
  | { action: 'none'; reason: string; observer?: HandlerKey }
  | { action: 'unhandled'; reason: string };

const NOTHING = 'No NetSuite action.';
const NO_DELETES = 'No NetSuite action: the connector does not mark records inactive or delete records in NetSuite.';

const NO_ACTION: Readonly<Record<string, string>> = {
  'account.updated': NOTHING,
  'account.application.deauthorized': NOTHING,
  'account.external_account.created': NOTHING,
  'account.external_account.deleted': NOTHING,
  'account.external_account.updated': NOTHING,
  'application_fee.created': NOTHING,
  'application_fee.refunded': NOTHING,
  'application_fee.refund.updated': NOTHING,
  'balance.available': NOTHING,
  'charge.failed': 'No NetSuite action: only successful payments are synced.',
  'charge.dispute.closed':
    "No NetSuite action: disputed funds appear as a line item on the payout they're included in.",
  'charge.dispute.funds_reinstated':
    "No NetSuite action: reinstated funds appear as a line item on the payout they're included in.",
  'coupon.created': 'No NetSuite action: coupons are synced only when used on an invoice, as a DiscountItem.',
  'coupon.updated': 'No NetSuite action: coupons are synced only when used on an invoice, as a DiscountItem.',
  'coupon.deleted': NO_DELETES,
  'customer.deleted': NO_DELETES,
  'customer.updated': 'No NetSuite action: NetSuite customers are not updated from later Stripe changes.',
  'customer.discount.created': NOTHING,
  'customer.discount.deleted': NOTHING,
  'customer.discount.updated': NOTHING,
  'customer.source.created': 'No NetSuite action: customer payment sources are not represented in NetSuite.',
  'customer.source.deleted': 'No NetSuite action: customer payment sources are not represented in NetSuite.',
  'customer.source.updated': 'No NetSuite action: customer payment sources are not represented in NetSuite.',
  'customer.subscription.created':
    'No NetSuite action: subscriptions are not represented in NetSuite; the invoices they create are synced.',
  'customer.subscription.trial_will_end': NOTHING,
  'customer.subscription.updated': NOTHING,
  'invoice.created': 'No NetSuite action: only finalized invoices are synced.',
  // Seed 000 spells it invoice.item.*; Stripe's events are invoiceitem.* (seed 001).
  'invoice.item.created': NOTHING,
  'invoice.item.deleted': NOTHING,
  'invoice.item.updated': NOTHING,
  'invoiceitem.created': NOTHING,
  'invoiceitem.deleted': NOTHING,
  'invoiceitem.updated': NOTHING,
  'order.created': 'No NetSuite action: orders are synced once they are paid.',
  'order.payment_failed': NOTHING,
  'plan.deleted': 'No NetSuite action: item status is not changed, to avoid upsetting business logic in the account.',
  'plan.updated': NOTHING,
  'product.created': 'No NetSuite action: products are not synced, only their prices (and SKUs).',
  'product.updated': 'No NetSuite action: NetSuite items are not updated from later Stripe product changes.',
  'price.deleted': 'No NetSuite action: item status is not changed, to avoid upsetting business logic in the account.',
  'price.updated': NOTHING,
  'recipient.created': 'No NetSuite action: recipients are deprecated.',
  'recipient.deleted': 'No NetSuite action: recipients are deprecated.',
  'recipient.updated': 'No NetSuite action: recipients are deprecated.',
  'sku.updated': 'No NetSuite action: NetSuite items are not updated from later Stripe SKU changes.',
  'payout.reversed': NOTHING,
  ping: NOTHING,
};

const HANDLED: Readonly<Record<string, HandlerKey>> = {
  'customer.created': 'customer',
  'price.created': 'price',
  'plan.created': 'plan',
  'sku.created': 'sku',
  // Not in the seeds' tables: booked when Stripe finalizes it, so a net-30 invoice is in Accounts Receivable
  // from its first day; later events find it by its external ID.
  'invoice.finalized': 'invoice',
  'invoice.payment_succeeded': 'invoice',
  'invoice.payment_failed': 'invoice',
  'invoice.updated': 'invoice',
  'charge.succeeded': 'charge',
  'charge.captured': 'charge',
  'charge.updated': 'charge',
  'charge.refunded': 'refund',
  'charge.dispute.created': 'dispute',
  'charge.dispute.funds_withdrawn': 'dispute',
  'charge.dispute.updated': 'dispute',
  'order.payment_succeeded': 'order',
  'order.updated': 'order',
  'payout.created': 'payout',
  'payout.paid': 'payout',
  'payout.updated': 'payout',
  // The seeds ignore failed payouts; a payout that fails after it was paid must give its deposit back.
  'payout.failed': 'payout',
  // Not in the seeds' tables: Stripe's signal that a payout's balance transactions can be listed.
  'payout.reconciliation_completed': 'payout',
  // Not in the seeds' tables (issue 13; the billing document promises credit notes are synced): a credit
  // memo per note, its refunds, and a voided note undone (booking/flows/creditNotes.ts).
  'credit_note.created': 'creditNote',
  'credit_note.updated': 'creditNote',
  'credit_note.voided': 'creditNote',
  // Not in the seeds' tables (seed 002, the billing document, promises them): a voided invoice, one written
  // off, and one paid (also outside Stripe, or after it was written off) close or reopen the NetSuite invoice.
  'invoice.voided': 'invoice',
  'invoice.marked_uncollectible': 'invoice',
  'invoice.paid': 'invoice',
  // Seed 000 says "No NetSuite action"; the billing document (seed 002) has a failed payment that cancels the
  // subscription close the invoice "or whatever action you configure": with the default (keep_open) it books
  // nothing, as seed 000 says.
  'customer.subscription.deleted': 'subscription',
};

/**
 * Events that book nothing but whose object later flows use: an observer keeps it (products name their
 * prices' items, saving an API call per price).
 */
const OBSERVED: Readonly<Record<string, HandlerKey>> = {
  'product.created': 'product',
  'product.updated': 'product',
};

/** The settings that turn the optional updates on (BookingSettings' checkboxes). */
export interface OptionalUpdates {
  updateCustomers: boolean;
  updateItems: boolean;
}

/**
 * SuiteSync's optional updates (seed 001: "There is optional functionality available to update NetSuite
 * customers / items with the latest Stripe data"): booked by their handler when the setting is on; off (the
 * default, as the newer connector does nothing), the row's no-action reason stands.
 */
const OPTIONAL: Readonly<Record<string, { handler: HandlerKey; setting: keyof OptionalUpdates }>> = {
  'customer.updated': { handler: 'customerUpdate', setting: 'updateCustomers' },
  'product.updated': { handler: 'itemUpdate', setting: 'updateItems' },
};

export function dispositionOf(eventType: string, optional?: OptionalUpdates): EventDisposition {
  const update = OPTIONAL[eventType];
  if (update && optional?.[update.setting] === true) return { action: 'handle', handler: update.handler };
  const handler = HANDLED[eventType];
  if (handler) return { action: 'handle', handler };
  const reason = NO_ACTION[eventType];
  const observer = OBSERVED[eventType];
  if (reason !== undefined) return observer ? { action: 'none', reason, observer } : { action: 'none', reason };
  return {
    action: 'unhandled',
    reason: `Stored unhandled: ${eventType} is in neither of the connector's event tables.`,
  };
}

/** Every event type the tables name (for tests and the README). */
export function knownEventTypes(): string[] {
  return [...Object.keys(HANDLED), ...Object.keys(NO_ACTION)].sort();
}

import path from 'node:path';

export const CLI_TRIGGERS_DIR = '/work/shared/stripe/cli-triggers';
export const OPENAPI_FIXTURES = '/work/shared/stripe/openapi/fixtures3.json';

export function triggerFile(trigger: string): string {
  return path.join(CLI_TRIGGERS_DIR, `${trigger}.json`);
}

/**
 * The Stripe CLI triggers the sandbox supports, each with the events Stripe documents alongside the named
 * one (all must be emitted by one run of the trigger's fixture).
 */
export const TRIGGERS: Record<string, readonly string[]> = {
  'customer.created': ['customer.created'],
  'price.created': ['product.created', 'price.created', 'plan.created'],
  'product.created': ['product.created'],
  'plan.created': ['product.created', 'plan.created', 'price.created'],
  'coupon.created': ['coupon.created'],
  'charge.succeeded': ['payment_intent.created', 'payment_intent.succeeded', 'charge.succeeded'],
  'charge.captured': [
    'payment_intent.created',
    'payment_intent.amount_capturable_updated',
    'charge.succeeded',
    'charge.captured',
    'payment_intent.succeeded',
  ],
  'charge.failed': ['payment_intent.created', 'payment_intent.payment_failed', 'charge.failed'],
  'charge.refunded': ['charge.succeeded', 'charge.refunded', 'refund.created'],
  'charge.refund.updated': ['refund.created', 'charge.refund.updated', 'refund.updated'],
  'charge.dispute.created': ['charge.succeeded', 'charge.dispute.created'],
  'charge.dispute.closed': ['charge.dispute.created', 'charge.dispute.closed'],
  'invoice.created': ['customer.created', 'invoiceitem.created', 'invoice.created'],
  'invoice.finalized': ['invoice.created', 'invoice.finalized'],
  'invoice.paid': [
    'payment_method.attached',
    'invoice.finalized',
    'charge.succeeded',
    'payment_intent.succeeded',
    'invoice.paid',
    'invoice.payment_succeeded',
  ],
  'invoice.payment_failed': [
    'invoice.finalized',
    'charge.failed',
    'payment_intent.payment_failed',
    'invoice.payment_failed',
  ],
  'invoice.marked_uncollectible': ['invoice.finalized', 'invoice.marked_uncollectible'],
  'invoice.voided': ['invoice.finalized', 'invoice.voided'],
  'invoice.updated': ['invoice.created', 'invoice.updated'],
  'credit_note.created': ['invoice.finalized', 'credit_note.created'],
  'credit_note.voided': ['credit_note.created', 'credit_note.voided'],
  'customer.subscription.created': [
    'customer.created',
    'product.created',
    'price.created',
    'customer.subscription.created',
    'invoice.created',
    'invoice.paid',
  ],
  'payout.created': ['charge.succeeded', 'payout.created'],
};

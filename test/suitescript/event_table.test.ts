import * as fs from 'node:fs';
import * as path from 'node:path';
import { dispositionOf, knownEventTypes } from '../../src/suitescript/events/eventTable';

const seeds = path.join(__dirname, '../fixtures/seeds');
const connectorTable = fs.readFileSync(path.join(seeds, 'stripe-connector-events.txt'), 'utf8');
const suiteSyncTable = fs.readFileSync(path.join(seeds, 'suitesync-events.txt'), 'utf8');

// Seed 000's table lost its cell boundaries when it was copied; these are its rows as read.
const CONNECTOR_ROWS = `account.updated account.application.deauthorized account.external_account.created
account.external_account.deleted account.external_account.updated application_fee.created application_fee.refunded
application_fee.refund.updated balance.available charge.captured charge.failed charge.refunded charge.succeeded
charge.updated charge.dispute.closed charge.dispute.created charge.dispute.funds_reinstated
charge.dispute.funds_withdrawn charge.dispute.updated coupon.created coupon.deleted coupon.updated customer.created
customer.deleted customer.updated customer.discount.created customer.discount.deleted customer.discount.updated
customer.source.created customer.source.deleted customer.source.updated customer.subscription.created
customer.subscription.deleted customer.subscription.trial_will_end customer.subscription.updated invoice.created
invoice.payment_succeeded invoice.payment_failed invoice.updated invoice.item.created invoice.item.deleted
invoice.item.updated price.created price.deleted price.updated product.created product.updated payout.created
payout.failed payout.paid payout.reversed payout.updated`.split(/\s+/);

/** Seed 001 is a Markdown table: `| type | action |`. */
function suiteSyncRows(): { type: string; action: string }[] {
  return suiteSyncTable
    .split('\n')
    .map((line) => /^([a-z_.]+) \| (.*)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ type: m[1] as string, action: (m[2] as string).trim() }));
}

describe('the event table covers every event row of the seeds', () => {
  it('reads 62 rows from seed 001 and 52 from seed 000', () => {
    expect(suiteSyncRows()).toHaveLength(62);
    expect(CONNECTOR_ROWS).toHaveLength(52);
    for (const type of CONNECTOR_ROWS) expect(connectorTable).toContain(type);
  });

  it.each([...new Set([...CONNECTOR_ROWS, ...suiteSyncRows().map((r) => r.type)])])('%s has an entry', (type) => {
    expect(dispositionOf(type).action).not.toBe('unhandled');
    expect(knownEventTypes()).toContain(type);
  });

  // Beyond the seeds: a payout that fails after it was paid gives its deposit back (issue "Disputes and every
  // payout"); one that fails before still books nothing (payout_failures.test.ts).
  // A failed payment that cancels the subscription closes its open invoice when the settings ask (seed 002, the
  // billing document; issue "Invoice lifecycle and credit notes"); by default it books nothing.
  const BEYOND_THE_SEEDS = new Set(['payout.failed', 'customer.subscription.deleted']);

  it('rows whose action is "Nothing" in seed 001 take no NetSuite action, with a reason', () => {
    for (const row of suiteSyncRows().filter((r) => /^Nothing/.test(r.action) && !BEYOND_THE_SEEDS.has(r.type))) {
      const disposition = dispositionOf(row.type);
      expect({ type: row.type, action: disposition.action }).toEqual({ type: row.type, action: 'none' });
      expect(disposition.action === 'none' && disposition.reason.length > 0).toBe(true);
    }
  });

  it('product events book nothing; an observer keeps the product for its prices', () => {
    expect(dispositionOf('product.created')).toMatchObject({ action: 'none', observer: 'product' });
    expect(dispositionOf('product.updated')).toMatchObject({ action: 'none', observer: 'product' });
    expect(dispositionOf('coupon.created')).not.toHaveProperty('observer');
  });

  it('the booking rows go to their flows', () => {
    expect(dispositionOf('invoice.payment_succeeded')).toEqual({ action: 'handle', handler: 'invoice' });
    expect(dispositionOf('charge.refunded')).toEqual({ action: 'handle', handler: 'refund' });
    expect(dispositionOf('charge.dispute.funds_withdrawn')).toEqual({ action: 'handle', handler: 'dispute' });
    expect(dispositionOf('payout.paid')).toEqual({ action: 'handle', handler: 'payout' });
    expect(dispositionOf('payout.failed')).toEqual({ action: 'handle', handler: 'payout' });
    expect(dispositionOf('payout.reconciliation_completed')).toEqual({ action: 'handle', handler: 'payout' });
    expect(dispositionOf('sku.created')).toEqual({ action: 'handle', handler: 'sku' });
    expect(dispositionOf('order.payment_succeeded')).toEqual({ action: 'handle', handler: 'order' });
  });

  it('invoice voids, write-offs and payments, in neither seed table, go to the invoice flow', () => {
    for (const type of ['invoice.voided', 'invoice.marked_uncollectible', 'invoice.paid'])
      expect(dispositionOf(type)).toEqual({ action: 'handle', handler: 'invoice' });
    expect(dispositionOf('customer.subscription.deleted')).toEqual({ action: 'handle', handler: 'subscription' });
  });

  it('an event type in neither seed is unhandled, not an error', () => {
    expect(dispositionOf('issuing_card.created')).toMatchObject({ action: 'unhandled' });
  });
});

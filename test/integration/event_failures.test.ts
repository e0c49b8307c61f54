import { STALE_CLAIM_SECONDS } from '../../src/suitescript/netsuite/eventQueue';
import { installBooking, QUEUE_MR, startIngressPipeline, type IngressPipeline } from '../../tools/localConnector';
import { eventStatusOf } from '../../tools/connectorStatuses';

const STALE_CLAIM_MS = STALE_CLAIM_SECONDS * 1000;

/** Failures that leave no ordinary outcome: a flow out of governance, an error longer than its field. */
describe('event queue: failures are always counted and recorded', () => {
  let pipeline: IngressPipeline;

  beforeEach(async () => {
    pipeline = await startIngressPipeline({}, { webhooks: { autoDeliver: false } });
    installBooking(pipeline, ['usd']);
  });
  afterEach(() => pipeline.close());

  async function deliverCustomerCreated(): Promise<string> {
    const answer = pipeline.stripe.request('POST', '/v1/customers', { name: 'Ada', email: 'ada@example.invalid' });
    await pipeline.stripe.deliverAll();
    return (answer.body as { id: string }).id;
  }

  function eventRow(type: string): Record<string, unknown> | undefined {
    return pipeline.ns.sql
      .query(
        `SELECT custrecord_snc_evt_status AS status, custrecord_snc_evt_attempts AS attempts,
                custrecord_snc_evt_error AS error, custrecord_snc_evt_error_full AS errorfull
         FROM customrecord_snc_event WHERE custrecord_snc_evt_type = ?`,
        [type],
      )
      .rows.map((row) => ({ ...row, status: eventStatusOf(pipeline.ns, row['status']) }))
      .at(0);
  }

  it('a flow that runs out of governance on every attempt counts each attempt, is parked after the last, and the admin is told', async () => {
    const { ns } = pipeline;
    await deliverCustomerCreated();
    ns.faults.exhaustGovernanceOnSave('customer', 10);
    // The settings allow 3 attempts; each dies in the flow without recording an outcome.
    for (let attempt = 1; attempt <= 3; attempt++) {
      ns.mapReduce(QUEUE_MR);
      expect(eventRow('customer.created')).toMatchObject({ status: 'processing', attempts: attempt });
      ns.advance(STALE_CLAIM_MS + 1000);
    }
    expect(ns.usage().filter((u) => u.stage === 'reduce' && u.exceeded)).toHaveLength(3);
    ns.mapReduce(QUEUE_MR);
    expect(eventRow('customer.created')).toMatchObject({
      status: 'parked',
      attempts: 3,
      error: expect.stringContaining('SSS_USAGE_LIMIT_EXCEEDED'),
    });
    expect(ns.services.emails.map((m) => [m.recipients, m.body])).toEqual([
      [['finance-admin@example.invalid'], expect.stringContaining('Attempt 3 did not finish')],
    ]);
    expect(ns.sql.query('SELECT id FROM customer WHERE externalid LIKE ?', ['cus_%']).rows).toEqual([]);
  });

  it('an error longer than Last Error (a 4,000-byte Text Area) is cut there and kept whole in Full Error', async () => {
    const { ns } = pipeline;
    await deliverCustomerCreated();
    const message = `${'é'.repeat(2500)} the end`;
    ns.faults.failSave('customer', 1, 'UNEXPECTED_ERROR', message);
    ns.mapReduce(QUEUE_MR);
    const row = eventRow('customer.created');
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    const error = String(row?.['error']);
    expect(error.startsWith(`UNEXPECTED_ERROR: ${'é'.repeat(100)}`)).toBe(true);
    expect(error).toMatch(/\[cut: \d+ characters in all\]$/);
    expect(new TextEncoder().encode(error).length).toBeLessThanOrEqual(4000);
    expect(row?.['errorfull']).toBe(`UNEXPECTED_ERROR: ${message}`);
  });
});

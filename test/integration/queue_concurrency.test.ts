import {
  installBooking,
  QUEUE_MR,
  queue,
  startIngressPipeline,
  type IngressPipeline,
} from '../../tools/localConnector';

/**
 * The queue Map/Reduce under its deployment's concurrency (customdeploy_snc_event_queue_now declares 2):
 * reduce keys of different Stripe objects run at once, in an interleaving each seed decides, while their
 * events touch the same NetSuite records (an invoice's key and its charge's key both book the payment
 * applied to the same invoice, and both need the same customer).
 */
describe('queue Map/Reduce under concurrency', () => {
  let pipeline: IngressPipeline;

  afterEach(() => pipeline.close());

  function post<T>(path: string, params: Parameters<IngressPipeline['stripe']['request']>[2] = {}): T {
    const answer = pipeline.stripe.request('POST', path, params);
    if (answer.status !== 200) throw new Error(`${path}: ${JSON.stringify(answer.body)}`);
    return answer.body as T;
  }

  /** One customer, two prices, `count` paid invoices: every event is delivered before the queue runs. */
  async function paidInvoices(count: number): Promise<string[]> {
    const customer = post<{ id: string }>('/v1/customers', { name: 'Grace Hopper', email: 'grace@example.invalid' });
    const product = post<{ id: string }>('/v1/products', { name: 'Compiler' });
    const price = post<{ id: string }>('/v1/prices', { product: product.id, unit_amount: 1500, currency: 'usd' });
    post('/v1/payment_methods/pm_card_visa/attach', { customer: customer.id });
    const invoices: string[] = [];
    for (let i = 0; i < count; i++) {
      post('/v1/invoiceitems', { customer: customer.id, pricing: { price: price.id } });
      const draft = post<{ id: string }>('/v1/invoices', {
        customer: customer.id,
        pending_invoice_items_behavior: 'include',
      });
      post(`/v1/invoices/${draft.id}/finalize`);
      post(`/v1/invoices/${draft.id}/pay`, { payment_method: 'pm_card_visa' });
      invoices.push(draft.id);
    }
    await pipeline.stripe.deliverAll();
    return invoices;
  }

  function transactions(): { recordtype: string; externalid: string; total: number; remaining: number }[] {
    return pipeline.ns.sql.query(
      `SELECT recordtype, externalid, foreigntotal AS total, foreignamountunpaid AS remaining FROM transaction ORDER BY id`,
      [],
    ).rows as { recordtype: string; externalid: string; total: number; remaining: number }[];
  }

  const settled = (): boolean =>
    queue(pipeline.ns).every((e) => ['done', 'no_action', 'unhandled'].includes(String(e['status'])));

  /** Runs the queue until every event is settled, moving the clock past each retry time. */
  function drain(seed: number): void {
    for (let run = 0; run < 6 && !settled(); run++) {
      const result = pipeline.ns.mapReduce({ ...QUEUE_MR, interleavingSeed: seed + run });
      expect(result.reduce.errors).toEqual([]);
      pipeline.ns.advance(3600_000);
    }
  }

  it.each([1, 2, 3, 4])('books every invoice and payment once with seed %i', async (seed) => {
    pipeline = await startIngressPipeline({}, { webhooks: { autoDeliver: false } });
    installBooking(pipeline, ['usd']);
    const invoices = await paidInvoices(3);
    const first = pipeline.ns.mapReduce({ ...QUEUE_MR, interleavingSeed: seed });
    expect(first.reduce.concurrency).toBe(2);
    drain(seed);
    expect(settled()).toBe(true);
    const booked = transactions();
    expect(
      booked
        .filter((t) => t.recordtype === 'invoice')
        .map((t) => t.externalid)
        .sort(),
    ).toEqual([...invoices].sort());
    expect(booked.filter((t) => t.recordtype === 'invoice').every((t) => t.total === 15 && t.remaining === 0)).toBe(
      true,
    );
    const payments = booked.filter((t) => t.recordtype === 'customerpayment');
    expect(payments).toHaveLength(3);
    expect(new Set(payments.map((p) => p.externalid)).size).toBe(3);
    expect(pipeline.ns.sql.query(`SELECT COUNT(*) AS n FROM customer`, []).rows).toEqual([{ n: 1 }]);
  });

  it('keeps an event whose save hit RCRD_HAS_BEEN_CHANGED queued with the reason, then books it on the retry', async () => {
    pipeline = await startIngressPipeline({}, { webhooks: { autoDeliver: false } });
    installBooking(pipeline, ['usd']);
    await paidInvoices(1);
    // Another writer changed the record between the flow's read and its save (NetSuite's optimistic locking).
    pipeline.ns.faults.failSave(
      'customerpayment',
      1,
      'RCRD_HAS_BEEN_CHANGED',
      'Record has been changed since you loaded it. Reload the record and try again.',
    );
    pipeline.ns.mapReduce({ ...QUEUE_MR, interleavingSeed: 1 });
    const queued = queue(pipeline.ns).filter((e) => e['status'] === 'queued');
    const waiting = queued.filter((e) => e['error'] !== null);
    // Later events of the same Stripe object wait behind it, untouched.
    expect(queued.every((e) => e['object'] === waiting[0]?.['object'])).toBe(true);
    expect(waiting).toEqual([
      expect.objectContaining({ attempts: 1, error: expect.stringContaining('RCRD_HAS_BEEN_CHANGED') }),
    ]);
    drain(1);
    expect(settled()).toBe(true);
    const retried = queue(pipeline.ns).find((e) => e['event'] === waiting[0]?.['event']);
    expect(retried).toEqual(expect.objectContaining({ status: 'done', attempts: 2 }));
    expect(transactions().filter((t) => t.recordtype === 'customerpayment')).toHaveLength(1);
  });
});

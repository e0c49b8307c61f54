import { queue, type IngressPipeline } from '../../tools/localConnector';
import { customerWithCard, finalizedInvoice, NET_30, payByCard, usdPrice } from './helpers/billing';
import { balanceOf, transactionsOf, useBookingPipeline } from './helpers/pipeline';

/**
 * Invoices as Stripe has them, through the real path (sandbox → relay → RESTlet → queue → compiled flows →
 * emulated account): booked at finalization, lines at Stripe's quantity and rate with their service period,
 * discounts, and a downgrade's negative invoice as a credit memo.
 */
describe('invoice lines and finalization end to end', () => {
  let pipeline: IngressPipeline;
  const { post, drain, failures } = useBookingPipeline((p) => {
    pipeline = p;
  });

  const transactions = (): Record<string, unknown>[] => transactionsOf(pipeline);

  /** The item lines of the transaction with this external ID, as stored. */
  function lines(type: string, externalId: string): Record<string, unknown>[] {
    const stored = pipeline.ns.store.findByExternalId(type, externalId);
    if (!stored) throw new Error(`no ${type} ${externalId}`);
    return (stored.sublists['item'] ?? []).map((l) => ({
      item: Number(l['item']),
      quantity: l['quantity'],
      rate: l['rate'],
      amount: l['amount'],
      start: dayOf(l['revrecstartdate']),
      end: dayOf(l['revrecenddate']),
    }));
  }

  function dayOf(value: unknown): string | null {
    if (!(value instanceof Date)) return value === null || value === undefined ? null : String(value);
    const pad = (n: number): string => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }

  function itemOf(stripeId: string): number {
    const row = pipeline.ns.sql.query(`SELECT id FROM item WHERE externalid = ?`, [stripeId]).rows[0];
    return Number(row?.['id']);
  }

  const customer = (): string =>
    customerWithCard(pipeline, { name: 'Grace Hopper', email: 'grace@example.invalid' }, true);

  const seatPrice = (amount = 1000, recurring = false): string =>
    usdPrice(pipeline, 'Seat', amount, {
      nickname: 'Seat',
      ...(recurring ? { recurring: { interval: 'month' } } : {}),
    });

  const today = (): string => new Date(pipeline.stripe.account.now() * 1000).toISOString().slice(0, 10);

  it('a net-30 invoice is booked, open, when Stripe finalizes it; its later payment applies to it', async () => {
    const cus = customer();
    const price = seatPrice();
    const draft = finalizedInvoice(pipeline, cus, [{ pricing: { price }, quantity: 3 }], NET_30);
    await drain();
    expect(failures()).toEqual([]);
    // invoice.finalized booked it: Accounts Receivable holds 30.00 from the first day.
    const finalizedEvents = queue(pipeline.ns).filter((e) => e['type'] === 'invoice.finalized');
    expect(finalizedEvents).toEqual([expect.objectContaining({ status: 'done' })]);
    expect(String(finalizedEvents[0]?.['note'])).toContain('invoice');
    expect(transactions()).toEqual([{ recordtype: 'invoice', externalid: draft.id, total: 30, remaining: 30 }]);
    // 3 × 10.00; an invoice item's period is an instant: one day of service.
    expect(lines('invoice', draft.id)).toEqual([
      { item: itemOf(price), quantity: 3, rate: 10, amount: 30, start: today(), end: today() },
    ]);

    payByCard(pipeline, draft.id);
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions()).toEqual([
      { recordtype: 'invoice', externalid: draft.id, total: 30, remaining: 0 },
      expect.objectContaining({ recordtype: 'customerpayment', total: 30 }),
    ]);
  });

  it('a subscription line: quantity, unit rate and its month of service as rev rec dates', async () => {
    const cus = customer();
    const price = seatPrice(1000, true);
    const sub = post<{ latest_invoice: string; current_period_start?: number }>('/v1/subscriptions', {
      customer: cus,
      items: [{ price, quantity: 4 }],
    });
    await drain();
    expect(failures()).toEqual([]);
    const invoice = pipeline.stripe.request('GET', `/v1/invoices/${sub.latest_invoice}`).body as {
      lines: { data: { period: { start: number; end: number } }[] };
    };
    const period = invoice.lines.data[0]?.period;
    if (!period) throw new Error('no line period');
    const day = (s: number): string => new Date(s * 1000).toISOString().slice(0, 10);
    const [booked] = lines('invoice', sub.latest_invoice);
    // Stripe's end is exclusive: the last day of service is the day before it.
    expect(booked).toEqual({
      item: itemOf(price),
      quantity: 4,
      rate: 10,
      amount: 40,
      start: day(period.start),
      end: day(period.end - 86400),
    });
    expect(day(period.end - 86400) > day(period.start)).toBe(true);
  });

  it('a line-level discount follows its line; an invoice-level coupon is its own line; the total is Stripe\u2019s', async () => {
    const cus = customer();
    const price = seatPrice(1000);
    const tenPercent = post<{ id: string }>('/v1/coupons', { percent_off: 10, duration: 'once', name: 'Ten' });
    const fiveOff = post<{ id: string }>('/v1/coupons', {
      amount_off: 500,
      currency: 'usd',
      duration: 'once',
      name: 'Five',
    });
    const draft = finalizedInvoice<{ id: string; total: number }>(
      pipeline,
      cus,
      [{ pricing: { price }, quantity: 3, discounts: [{ coupon: tenPercent.id }] }],
      { ...NET_30, discounts: [{ coupon: fiveOff.id }] },
    );
    await drain();
    expect(failures()).toEqual([]);
    // 30.00 − 3.00 (10% on the line) − 5.00 (on the invoice) = 22.00.
    expect(draft.total).toBe(2200);
    const discountItem = (coupon: string): number => itemOf(`ns_discount:${coupon}`);
    expect(lines('invoice', draft.id)).toEqual([
      { item: itemOf(price), quantity: 3, rate: 10, amount: 30, start: today(), end: today() },
      { item: discountItem(tenPercent.id), quantity: 1, rate: -3, amount: -3, start: today(), end: today() },
      { item: discountItem(fiveOff.id), quantity: 1, rate: -5, amount: -5, start: null, end: null },
    ]);
    expect(transactions()).toEqual([{ recordtype: 'invoice', externalid: draft.id, total: 22, remaining: 22 }]);
  });

  it('a downgrade whose proration credit exceeds the charge: a credit memo left on the customer, never a negative invoice', async () => {
    const cus = customer();
    const price = seatPrice(1000, true);
    const sub = post<{ id: string; latest_invoice: string; items: { data: { id: string }[] } }>('/v1/subscriptions', {
      customer: cus,
      items: [{ price, quantity: 3 }],
    });
    await drain();
    // Down to one seat at once, billed now: 3 seats' unused time back (−30.00), one seat's remaining (10.00).
    post(`/v1/subscriptions/${sub.id}`, {
      items: [{ id: sub.items.data[0]?.id ?? '', quantity: 1 }],
      proration_behavior: 'always_invoice',
    });
    const latest = pipeline.stripe.request('GET', `/v1/subscriptions/${sub.id}`).body as { latest_invoice: string };
    const proration = pipeline.stripe.request('GET', `/v1/invoices/${latest.latest_invoice}`).body as {
      total: number;
    };
    expect(proration.total).toBe(-2000);
    await drain();
    expect(failures()).toEqual([]);
    const booked = transactions().filter((t) => t['externalid'] === latest.latest_invoice);
    expect(booked).toEqual([{ recordtype: 'creditmemo', externalid: latest.latest_invoice, total: 20, remaining: 20 }]);
    expect(lines('creditmemo', latest.latest_invoice).map((l) => [l['item'], l['quantity'], l['amount']])).toEqual([
      [itemOf(price), 3, 30],
      [itemOf(price), 1, -10],
    ]);
    // The first invoice was paid; receivables hold the unapplied 20.00 credit only.
    expect(balanceOf(pipeline, pipeline.ns.base.accounts.accountsReceivable, 'USD')).toBe(-2000);
  });
});

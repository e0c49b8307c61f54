import {
  installBooking,
  queue,
  startIngressPipeline,
  type BookingSetup,
  type IngressPipeline,
} from '../../tools/localConnector';
import { drain as drainPipeline, failures as queueFailures, stripePost } from './helpers/pipeline';

/**
 * Credit notes, the customer balance, partial refunds of taxed invoices and released authorisations through
 * the real path (sandbox → relay → RESTlet → queue Map/Reduce → compiled flows → emulated account). Each case
 * ends with the customer's open balance in NetSuite (open invoices less unapplied credit) against Stripe's
 * (amount remaining on open invoices plus the customer balance, negative when in credit).
 */
describe('credit notes and the customer balance end to end', () => {
  let pipeline: IngressPipeline;
  let setup: BookingSetup;

  beforeEach(async () => {
    pipeline = await startIngressPipeline({}, { webhooks: { autoDeliver: false } });
    setup = installBooking(pipeline, ['usd']);
  });
  afterEach(() => pipeline.close());

  const post = <T>(path: string, params: Parameters<typeof stripePost>[2] = {}): T =>
    stripePost<T>(pipeline, path, params);
  const get = <T>(path: string, params: Parameters<IngressPipeline['stripe']['request']>[2] = {}): T =>
    pipeline.stripe.request('GET', path, params).body as T;
  const drain = (): Promise<void> => drainPipeline(pipeline);
  const failures = (): Record<string, unknown>[] => queueFailures(pipeline);

  function transactions(): Record<string, unknown>[] {
    return pipeline.ns.sql.query(
      `SELECT id, recordtype, externalid, foreigntotal AS total, foreignamountunpaid AS remaining
       FROM transaction WHERE recordtype <> 'currencyrevaluation' ORDER BY id`,
      [],
    ).rows;
  }

  function balance(account: number): number {
    const row = pipeline.ns
      .trialBalance()
      .find((r) => r.account === String(account) && r.currency === pipeline.ns.base.currencies['USD']);
    return row ? Math.round((row.debit - row.credit) * 100) : 0;
  }

  /** Open invoices less unapplied credit memos of the NetSuite customer booked for `customer`, in cents. */
  function netSuiteOpen(customer: string): number {
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

  /** What Stripe says the customer owes: amount remaining on open invoices plus the balance. */
  function stripeOpen(customer: string): number {
    const invoices = get<{ data: { status: string; amount_remaining: number }[] }>('/v1/invoices', { customer });
    const open = invoices.data.filter((i) => i.status === 'open').reduce((s, i) => s + i.amount_remaining, 0);
    return open + (get<{ balance: number }>(`/v1/customers/${customer}`).balance ?? 0);
  }

  interface Invoice {
    id: string;
    total: number;
    amount_remaining: number;
    lines: { data: { id: string; amount: number }[] };
  }

  function customerWithCard(name: string): string {
    const customer = post<{ id: string }>('/v1/customers', { name });
    post('/v1/payment_methods/pm_card_visa/attach', { customer: customer.id });
    return customer.id;
  }

  function price(amount: number, name: string): string {
    const product = post<{ id: string }>('/v1/products', { name });
    return post<{ id: string }>('/v1/prices', { product: product.id, unit_amount: amount, currency: 'usd' }).id;
  }

  /** A finalized invoice of the prices, each with `taxRate` if given; open (net 30) unless `pay`. */
  function invoice(customer: string, prices: string[], options: { pay?: boolean; taxRate?: string } = {}): Invoice {
    for (const id of prices)
      post('/v1/invoiceitems', {
        customer,
        pricing: { price: id },
        ...(options.taxRate ? { tax_rates: [options.taxRate] } : {}),
      });
    const draft = post<{ id: string }>('/v1/invoices', {
      customer,
      pending_invoice_items_behavior: 'include',
      collection_method: 'send_invoice',
      days_until_due: 30,
    });
    post(`/v1/invoices/${draft.id}/finalize`);
    if (options.pay) post(`/v1/invoices/${draft.id}/pay`, { payment_method: 'pm_card_visa' });
    return get<Invoice>(`/v1/invoices/${draft.id}`);
  }

  function chargeOf(invoiceId: string): string {
    const payments = get<{ data: { payment: { payment_intent: string } }[] }>('/v1/invoice_payments', {
      invoice: invoiceId,
    });
    const intent = payments.data[0]?.payment.payment_intent ?? '';
    return get<{ latest_charge: string }>(`/v1/payment_intents/${intent}`).latest_charge;
  }

  it('before payment: a credit memo applied to the open invoice; the payment then closes the rest', async () => {
    const customer = customerWithCard('Ada');
    const open = invoice(customer, [price(2500, 'Pro')]);
    const note = post<{ id: string }>('/v1/credit_notes', { invoice: open.id, amount: 500, reason: 'order_change' });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions()).toEqual([
      expect.objectContaining({ recordtype: 'invoice', externalid: open.id, total: 25, remaining: 20 }),
      expect.objectContaining({ recordtype: 'creditmemo', externalid: note.id, total: 5, remaining: 0 }),
    ]);
    expect(stripeOpen(customer)).toBe(2000);
    expect(netSuiteOpen(customer)).toBe(2000);
    expect(balance(setup.income)).toBe(-2000);

    post(`/v1/invoices/${open.id}/pay`, { payment_method: 'pm_card_visa' });
    await drain();
    expect(failures()).toEqual([]);
    expect(stripeOpen(customer)).toBe(0);
    expect(netSuiteOpen(customer)).toBe(0);
    expect(balance(setup.undepositedFunds)).toBe(2000);
  });

  it("after payment with a refund: the note's memo and one customer refund, whichever event books it", async () => {
    const customer = customerWithCard('Grace');
    const paid = invoice(customer, [price(3000, 'Team')], { pay: true });
    await drain();
    const note = post<{ id: string; refunds: { refund: string }[] }>('/v1/credit_notes', {
      invoice: paid.id,
      lines: [{ type: 'invoice_line_item', invoice_line_item: paid.lines.data[0]?.id ?? '', amount: 1200 }],
      refund_amount: 1200,
    });
    const refund = note.refunds[0]?.refund ?? '';
    // Both charge.refunded and credit_note.created are delivered: the first books, the second finds.
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions().map((t) => [t['recordtype'], t['externalid'], t['total']])).toEqual([
      ['invoice', paid.id, 30],
      ['customerpayment', chargeOf(paid.id), 30],
      ['creditmemo', note.id, 12],
      ['customerrefund', refund, 12],
    ]);
    expect(balance(setup.income)).toBe(-1800);
    expect(balance(setup.undepositedFunds)).toBe(1800);
    expect(netSuiteOpen(customer)).toBe(0);
    expect(stripeOpen(customer)).toBe(0);
    const notes = queue(pipeline.ns)
      .filter((e) => e['type'] === 'charge.refunded' || e['type'] === 'credit_note.created')
      .map((e) => String(e['note']));
    expect(notes).toHaveLength(2);
  });

  it('a refund booked alone first, then named by a credit note: nothing is booked twice', async () => {
    const customer = customerWithCard('Katherine');
    const paid = invoice(customer, [price(3000, 'Team')], { pay: true });
    const refund = post<{ id: string }>('/v1/refunds', { charge: chargeOf(paid.id), amount: 800 });
    await drain();
    const note = post<{ id: string }>('/v1/credit_notes', {
      invoice: paid.id,
      amount: 800,
      refunds: [{ refund: refund.id, amount_refunded: 800 }],
    });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions().map((t) => [t['recordtype'], t['externalid'], t['total']])).toEqual([
      ['invoice', paid.id, 30],
      ['customerpayment', chargeOf(paid.id), 30],
      ['creditmemo', `ns_memo:${refund.id}`, 8],
      ['customerrefund', refund.id, 8],
    ]);
    expect(queue(pipeline.ns).find((e) => e['object'] === note.id)?.['note']).toMatch(/refund \d+ found/);
    expect(balance(setup.income)).toBe(-2200);
    expect(netSuiteOpen(customer)).toBe(0);
    expect(stripeOpen(customer)).toBe(0);
  });

  it('to the customer balance: a credit memo left on the customer, applied when the next invoice uses it', async () => {
    const customer = customerWithCard('Edsger');
    const pro = price(2500, 'Pro');
    const first = invoice(customer, [pro], { pay: true });
    const note = post<{ id: string }>('/v1/credit_notes', { invoice: first.id, amount: 1000, credit_amount: 1000 });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions().at(-1)).toEqual(
      expect.objectContaining({ recordtype: 'creditmemo', externalid: note.id, total: 10, remaining: 10 }),
    );
    expect(stripeOpen(customer)).toBe(-1000);
    expect(netSuiteOpen(customer)).toBe(-1000);

    // The next invoice: 25.00, 10.00 of it from the balance, 15.00 charged.
    const second = invoice(customer, [pro], { pay: true });
    await drain();
    expect(failures()).toEqual([]);
    expect(get<{ amount_paid: number }>(`/v1/invoices/${second.id}`).amount_paid).toBe(1500);
    expect(transactions().filter((t) => t['externalid'] === second.id || t['externalid'] === note.id)).toEqual([
      expect.objectContaining({ recordtype: 'creditmemo', externalid: note.id, remaining: 0 }),
      expect.objectContaining({ recordtype: 'invoice', externalid: second.id, total: 25, remaining: 0 }),
    ]);
    expect(stripeOpen(customer)).toBe(0);
    expect(netSuiteOpen(customer)).toBe(0);
    // Two invoices less the credit: 40.00 income; 25.00 + 15.00 charged.
    expect(balance(setup.income)).toBe(-4000);
    expect(balance(setup.undepositedFunds)).toBe(4000);
  });

  it('voided: the credit memo is deleted and the invoice is open again for the whole amount', async () => {
    const customer = customerWithCard('Barbara');
    const open = invoice(customer, [price(4000, 'Scale')]);
    const note = post<{ id: string }>('/v1/credit_notes', { invoice: open.id, amount: 1500 });
    await drain();
    expect(netSuiteOpen(customer)).toBe(2500);
    post(`/v1/credit_notes/${note.id}/void`);
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions()).toEqual([
      expect.objectContaining({ recordtype: 'invoice', externalid: open.id, total: 40, remaining: 40 }),
    ]);
    expect(stripeOpen(customer)).toBe(4000);
    expect(netSuiteOpen(customer)).toBe(4000);
    expect(balance(setup.income)).toBe(-4000);
  });

  it('a partial refund of a taxed two-line invoice: each income line by its share, tax by the refunded tax', async () => {
    const customer = customerWithCard('Alan');
    const tax = post<{ id: string }>('/v1/tax_rates', {
      display_name: 'Sales tax',
      percentage: 10,
      inclusive: 'false',
    });
    const [a, b] = [price(6000, 'Seats'), price(4000, 'Storage')];
    const paid = invoice(customer, [a, b], { pay: true, taxRate: tax.id });
    expect(paid.total).toBe(11000);
    await drain();
    expect(balance(setup.taxPayable)).toBe(-1000);
    const refund = post<{ id: string }>('/v1/refunds', { charge: chargeOf(paid.id), amount: 5500 });
    await drain();
    expect(failures()).toEqual([]);
    const memoLines = pipeline.ns.sql.query(
      `SELECT i.externalid AS item, tl.foreignamount AS amount FROM transactionline tl
       JOIN transaction t ON t.id = tl.transaction LEFT JOIN item i ON i.id = tl.item
       WHERE t.externalid = ? AND tl.mainline = 'F' ORDER BY tl.linesequencenumber`,
      [`ns_memo:${refund.id}`],
    ).rows;
    expect(memoLines.map((l) => [l['item'] ?? 'tax', Math.abs(Number(l['amount']))])).toEqual([
      [a, 30],
      [b, 20],
      ['tax', 5],
    ]);
    // Each income line's share keeps its invoice line's service period (revenue recognition).
    const periods = (type: string, externalId: string): unknown[] =>
      (pipeline.ns.store.findByExternalId(type, externalId)?.sublists['item'] ?? [])
        .filter((l) => l['revrecstartdate'] instanceof Date)
        .map((l) => [Number(l['item']), String(l['revrecstartdate']), String(l['revrecenddate'])]);
    const invoicePeriods = periods('invoice', paid.id);
    expect(invoicePeriods).toHaveLength(2);
    expect(periods('creditmemo', `ns_memo:${refund.id}`)).toEqual(invoicePeriods);
    expect(balance(setup.taxPayable)).toBe(-500);
    expect(balance(setup.income)).toBe(-5000);
    expect(netSuiteOpen(customer)).toBe(0);
    expect(stripeOpen(customer)).toBe(0);
  });

  it('a released authorisation books nothing and is not parked', async () => {
    const customer = customerWithCard('Margaret');
    const intent = post<{ id: string }>('/v1/payment_intents', {
      amount: 5000,
      currency: 'usd',
      customer,
      payment_method: 'pm_card_visa',
      capture_method: 'manual',
      confirm: 'true',
    });
    post(`/v1/payment_intents/${intent.id}/cancel`);
    await drain();
    expect(failures()).toEqual([]);
    const refunded = queue(pipeline.ns).find((e) => e['type'] === 'charge.refunded');
    expect(refunded).toEqual(
      expect.objectContaining({
        status: 'done',
        note: expect.stringMatching(/Not booked: .*authorisation was released/),
      }),
    );
    expect(transactions()).toEqual([]);
    expect(stripeOpen(customer)).toBe(0);
    expect(netSuiteOpen(customer)).toBe(0);
  });
});

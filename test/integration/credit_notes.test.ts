import { queue, type BookingSetup, type IngressPipeline } from '../../tools/localConnector';
import {
  chargeOfInvoice,
  customerWithCard,
  finalizedInvoice,
  NET_30,
  netSuiteOpen,
  payByCard,
  stripeOpen,
  usdPrice,
} from './helpers/billing';
import { balanceOf, newAccount, saveSettings, transactionsOf, useBookingPipeline } from './helpers/pipeline';

/**
 * Credit notes, the customer balance, partial refunds of taxed invoices and released authorisations through
 * the real path (sandbox → relay → RESTlet → queue Map/Reduce → compiled flows → emulated account). Each case
 * ends with the customer's open balance in NetSuite (open invoices less unapplied credit) against Stripe's
 * (amount remaining on open invoices plus the customer balance, negative when in credit).
 */
describe('credit notes and the customer balance end to end', () => {
  let pipeline: IngressPipeline;
  let setup: BookingSetup;
  const { post, get, drain, failures } = useBookingPipeline((p, books) => {
    pipeline = p;
    setup = books;
  });

  const transactions = (): Record<string, unknown>[] =>
    transactionsOf(pipeline, [], `recordtype <> 'currencyrevaluation'`);
  const balance = (account: number): number => balanceOf(pipeline, account, 'USD');

  interface Invoice {
    id: string;
    total: number;
    amount_remaining: number;
    lines: { data: { id: string; amount: number }[] };
  }

  /** A finalized invoice of the prices, each with `taxRate` if given; open (net 30) unless `pay`. */
  function invoice(customer: string, prices: string[], options: { pay?: boolean; taxRate?: string } = {}): Invoice {
    const tax = options.taxRate ? { tax_rates: [options.taxRate] } : {};
    const { id } = finalizedInvoice(
      pipeline,
      customer,
      prices.map((price) => ({ pricing: { price }, ...tax })),
      NET_30,
    );
    if (options.pay) payByCard(pipeline, id);
    return get<Invoice>(`/v1/invoices/${id}`);
  }

  it('before payment: a credit memo applied to the open invoice; the payment then closes the rest', async () => {
    const customer = customerWithCard(pipeline, { name: 'Ada' });
    const open = invoice(customer, [usdPrice(pipeline, 'Pro', 2500)]);
    const note = post<{ id: string }>('/v1/credit_notes', { invoice: open.id, amount: 500, reason: 'order_change' });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions()).toEqual([
      expect.objectContaining({ recordtype: 'invoice', externalid: open.id, total: 25, remaining: 20 }),
      expect.objectContaining({ recordtype: 'creditmemo', externalid: note.id, total: 5, remaining: 0 }),
    ]);
    expect(stripeOpen(pipeline, customer)).toBe(2000);
    expect(netSuiteOpen(pipeline, customer)).toBe(2000);
    expect(balance(setup.income)).toBe(-2000);

    payByCard(pipeline, open.id);
    await drain();
    expect(failures()).toEqual([]);
    expect(stripeOpen(pipeline, customer)).toBe(0);
    expect(netSuiteOpen(pipeline, customer)).toBe(0);
    expect(balance(setup.undepositedFunds)).toBe(2000);
  });

  it("after payment with a refund: the note's memo and one customer refund, whichever event books it", async () => {
    const customer = customerWithCard(pipeline, { name: 'Grace' });
    const paid = invoice(customer, [usdPrice(pipeline, 'Team', 3000)], { pay: true });
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
      ['customerpayment', chargeOfInvoice(pipeline, paid.id), 30],
      ['creditmemo', note.id, 12],
      ['customerrefund', refund, 12],
    ]);
    expect(balance(setup.income)).toBe(-1800);
    expect(balance(setup.undepositedFunds)).toBe(1800);
    expect(netSuiteOpen(pipeline, customer)).toBe(0);
    expect(stripeOpen(pipeline, customer)).toBe(0);
    const notes = queue(pipeline.ns)
      .filter((e) => e['type'] === 'charge.refunded' || e['type'] === 'credit_note.created')
      .map((e) => String(e['note']));
    expect(notes).toHaveLength(2);
  });

  it('a refund booked alone first, then named by a credit note: nothing is booked twice', async () => {
    const customer = customerWithCard(pipeline, { name: 'Katherine' });
    const paid = invoice(customer, [usdPrice(pipeline, 'Team', 3000)], { pay: true });
    const refund = post<{ id: string }>('/v1/refunds', { charge: chargeOfInvoice(pipeline, paid.id), amount: 800 });
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
      ['customerpayment', chargeOfInvoice(pipeline, paid.id), 30],
      ['creditmemo', `ns_memo:${refund.id}`, 8],
      ['customerrefund', refund.id, 8],
    ]);
    expect(queue(pipeline.ns).find((e) => e['object'] === note.id)?.['note']).toMatch(/refund \d+ found/);
    expect(balance(setup.income)).toBe(-2200);
    expect(netSuiteOpen(pipeline, customer)).toBe(0);
    expect(stripeOpen(pipeline, customer)).toBe(0);
  });

  it('to the customer balance: a credit memo left on the customer, applied when the next invoice uses it', async () => {
    const customer = customerWithCard(pipeline, { name: 'Edsger' });
    const pro = usdPrice(pipeline, 'Pro', 2500);
    const first = invoice(customer, [pro], { pay: true });
    const note = post<{ id: string }>('/v1/credit_notes', { invoice: first.id, amount: 1000, credit_amount: 1000 });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions().at(-1)).toEqual(
      expect.objectContaining({ recordtype: 'creditmemo', externalid: note.id, total: 10, remaining: 10 }),
    );
    expect(stripeOpen(pipeline, customer)).toBe(-1000);
    expect(netSuiteOpen(pipeline, customer)).toBe(-1000);

    // The next invoice: 25.00, 10.00 of it from the balance, 15.00 charged.
    const second = invoice(customer, [pro], { pay: true });
    await drain();
    expect(failures()).toEqual([]);
    expect(get<{ amount_paid: number }>(`/v1/invoices/${second.id}`).amount_paid).toBe(1500);
    expect(transactions().filter((t) => t['externalid'] === second.id || t['externalid'] === note.id)).toEqual([
      expect.objectContaining({ recordtype: 'creditmemo', externalid: note.id, remaining: 0 }),
      expect.objectContaining({ recordtype: 'invoice', externalid: second.id, total: 25, remaining: 0 }),
    ]);
    expect(stripeOpen(pipeline, customer)).toBe(0);
    expect(netSuiteOpen(pipeline, customer)).toBe(0);
    // Two invoices less the credit: 40.00 income; 25.00 + 15.00 charged.
    expect(balance(setup.income)).toBe(-4000);
    expect(balance(setup.undepositedFunds)).toBe(4000);
  });

  it('refunded outside Stripe: the memo and a customer refund from the Out-of-Band Payment Account', async () => {
    const cash = newAccount(pipeline, setup, { name: 'Cash Refunds', type: 'Bank' });
    saveSettings(pipeline, { custrecord_snc_set_oob_account: String(cash) });
    const customer = customerWithCard(pipeline, { name: 'Kathleen' });
    const paid = invoice(customer, [usdPrice(pipeline, 'Pro', 2500)], { pay: true });
    const note = post<{ id: string }>('/v1/credit_notes', { invoice: paid.id, amount: 800, out_of_band_amount: 800 });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions().slice(-2)).toEqual([
      expect.objectContaining({ recordtype: 'creditmemo', externalid: note.id, total: 8, remaining: 0 }),
      expect.objectContaining({ recordtype: 'customerrefund', externalid: `ns_oob:${note.id}`, total: 8 }),
    ]);
    // Nothing owed either way, as in Stripe; the money left from the account it was paid from.
    expect(stripeOpen(pipeline, customer)).toBe(0);
    expect(netSuiteOpen(pipeline, customer)).toBe(0);
    expect(balance(cash)).toBe(-800);
    expect(balance(setup.income)).toBe(-2500 + 800);
  });

  it('voided: the credit memo is deleted and the invoice is open again for the whole amount', async () => {
    const customer = customerWithCard(pipeline, { name: 'Barbara' });
    const open = invoice(customer, [usdPrice(pipeline, 'Scale', 4000)]);
    const note = post<{ id: string }>('/v1/credit_notes', { invoice: open.id, amount: 1500 });
    await drain();
    expect(netSuiteOpen(pipeline, customer)).toBe(2500);
    post(`/v1/credit_notes/${note.id}/void`);
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions()).toEqual([
      expect.objectContaining({ recordtype: 'invoice', externalid: open.id, total: 40, remaining: 40 }),
    ]);
    expect(stripeOpen(pipeline, customer)).toBe(4000);
    expect(netSuiteOpen(pipeline, customer)).toBe(4000);
    expect(balance(setup.income)).toBe(-4000);
  });

  it('a partial refund of a taxed two-line invoice: each income line by its share, tax by the refunded tax', async () => {
    const customer = customerWithCard(pipeline, { name: 'Alan' });
    const tax = post<{ id: string }>('/v1/tax_rates', {
      display_name: 'Sales tax',
      percentage: 10,
      inclusive: 'false',
    });
    const [a, b] = [usdPrice(pipeline, 'Seats', 6000), usdPrice(pipeline, 'Storage', 4000)];
    const paid = invoice(customer, [a, b], { pay: true, taxRate: tax.id });
    expect(paid.total).toBe(11000);
    await drain();
    expect(balance(setup.taxPayable)).toBe(-1000);
    const refund = post<{ id: string }>('/v1/refunds', { charge: chargeOfInvoice(pipeline, paid.id), amount: 5500 });
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
    expect(netSuiteOpen(pipeline, customer)).toBe(0);
    expect(stripeOpen(pipeline, customer)).toBe(0);
  });

  it('a released authorisation books nothing and is not parked', async () => {
    const customer = customerWithCard(pipeline, { name: 'Margaret' });
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
    expect(stripeOpen(pipeline, customer)).toBe(0);
    expect(netSuiteOpen(pipeline, customer)).toBe(0);
  });
});

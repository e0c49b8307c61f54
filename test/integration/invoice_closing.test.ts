import { type BookingSetup, type IngressPipeline } from '../../tools/localConnector';
import { customerWithCard, finalizedInvoice, NET_30, payByCard, usdPrice } from './helpers/billing';
import { balanceOf, nsRecord, saveSettings, transactionsOf, useBookingPipeline } from './helpers/pipeline';

/**
 * Booked invoices Stripe stops collecting, through the whole path (sandbox → relay → queue → flows): voided,
 * written off (and paid after all), paid outside Stripe. Each ends with Accounts Receivable equal to what
 * Stripe says is owed: the amount remaining on its open invoices.
 */
describe('closing booked invoices end to end', () => {
  let pipeline: IngressPipeline;
  let setup: BookingSetup;
  const { post, drain, failures } = useBookingPipeline((p, books) => {
    pipeline = p;
    setup = books;
  });

  const settings = (values: Record<string, string | boolean>): void => saveSettings(pipeline, values);
  const transactions = (): Record<string, unknown>[] => transactionsOf(pipeline, ['BUILTIN.DF(status) AS status']);
  const balance = (account: number): number => balanceOf(pipeline, account, 'USD');
  const receivables = (): number => balance(Number(pipeline.ns.base.accounts.accountsReceivable));

  /** What Stripe says the customers owe: the amount remaining on its open invoices (cents). */
  function stripeOwed(): number {
    const list = pipeline.stripe.request('GET', '/v1/invoices', { status: 'open', limit: 100 }).body as {
      data: { amount_remaining: number }[];
    };
    return list.data.reduce((sum, invoice) => sum + invoice.amount_remaining, 0);
  }

  /** What the booked invoice with this external ID must look like once nothing is left to pay on it. */
  const paidInFull = (invoice: string): unknown =>
    expect.objectContaining({
      recordtype: 'invoice',
      externalid: invoice,
      status: 'Invoice : Paid In Full',
      remaining: 0,
    });

  /** A 50.00 invoice sent for payment in 30 days, booked open in NetSuite (by the invoice.updated it gets). */
  async function openInvoice(withCard = false): Promise<{ customer: string; invoice: string }> {
    const person = { name: 'Ada Lovelace', email: 'ada@example.invalid' };
    const customer = withCard ? customerWithCard(pipeline, person) : post<{ id: string }>('/v1/customers', person).id;
    const price = usdPrice(pipeline, 'Support', 5000);
    const invoice = finalizedInvoice(pipeline, customer, [{ pricing: { price } }], { ...NET_30, auto_advance: false });
    post(`/v1/invoices/${invoice.id}`, { metadata: { po: 'PO-1' } });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions()).toEqual([
      expect.objectContaining({
        recordtype: 'invoice',
        externalid: invoice.id,
        status: 'Invoice : Open',
        remaining: 50,
      }),
    ]);
    expect(receivables()).toBe(5000);
    return { customer, invoice: invoice.id };
  }

  it('a voided invoice is voided in NetSuite: no GL impact left, receivables back to zero', async () => {
    const { invoice } = await openInvoice();
    post(`/v1/invoices/${invoice}/void`);
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions()).toEqual([
      expect.objectContaining({ recordtype: 'invoice', externalid: invoice, status: 'Invoice : Voided', total: 0 }),
    ]);
    expect(receivables()).toBe(stripeOwed());
    expect(receivables()).toBe(0);
    expect(balance(setup.income)).toBe(0);
  });

  it('a voided invoice with a payment applied is closed with a credit memo for what is open', async () => {
    const { invoice } = await openInvoice();
    // The customer paid 20.00 by check, recorded in NetSuite by the accountant.
    const id = pipeline.ns.sql.query(`SELECT id FROM transaction WHERE externalid = ?`, [invoice]).rows[0]?.['id'];
    const check = nsRecord(pipeline).transform({ fromType: 'invoice', fromId: Number(id), toType: 'customerpayment' });
    check.setValue({ fieldId: 'payment', value: 20 });
    const line = check.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(id) });
    check.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line, value: 20 });
    check.save();
    post(`/v1/invoices/${invoice}/void`);
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions()).toEqual([
      paidInFull(invoice),
      expect.objectContaining({ recordtype: 'customerpayment', total: 20 }),
      expect.objectContaining({ recordtype: 'creditmemo', externalid: `ns_void:${invoice}`, total: 30 }),
    ]);
    expect(receivables()).toBe(stripeOwed());
    expect(balance(setup.income)).toBe(-2000);
  });

  it('an uncollectible invoice is closed with a credit memo; paid later, the memo goes and the payment applies', async () => {
    const { invoice } = await openInvoice(true);
    post(`/v1/invoices/${invoice}/mark_uncollectible`);
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions()).toEqual([
      paidInFull(invoice),
      expect.objectContaining({ recordtype: 'creditmemo', externalid: `ns_unc:${invoice}`, total: 50 }),
    ]);
    expect(receivables()).toBe(stripeOwed());
    expect(balance(setup.income)).toBe(0);

    // The customer pays after all: Stripe charges the card.
    payByCard(pipeline, invoice);
    await drain();
    expect(failures()).toEqual([]);
    const after = transactions();
    expect(after.filter((t) => t['recordtype'] === 'creditmemo')).toEqual([]);
    expect(after).toEqual([paidInFull(invoice), expect.objectContaining({ recordtype: 'customerpayment', total: 50 })]);
    expect(receivables()).toBe(stripeOwed());
    expect(balance(setup.income)).toBe(-5000);
    expect(balance(setup.undepositedFunds)).toBe(5000);
  });

  it('paid outside Stripe, "Out-of-Band Payments: credit_memo" (default): closed with a credit memo', async () => {
    const { invoice } = await openInvoice();
    post(`/v1/invoices/${invoice}/pay`, { paid_out_of_band: 'true' });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions()).toEqual([
      expect.objectContaining({ recordtype: 'invoice', externalid: invoice, remaining: 0 }),
      expect.objectContaining({ recordtype: 'creditmemo', externalid: `ns_oob:${invoice}`, total: 50 }),
    ]);
    expect(receivables()).toBe(stripeOwed());
  });

  it('paid outside Stripe, "Out-of-Band Payments: payment": a customer payment to the configured account', async () => {
    const bank = setup.banks['usd'] as number;
    settings({ custrecord_snc_set_oob_handling: 'payment', custrecord_snc_set_oob_account: String(bank) });
    const { invoice } = await openInvoice();
    post(`/v1/invoices/${invoice}/pay`, { paid_out_of_band: 'true' });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions()).toEqual([
      expect.objectContaining({ recordtype: 'invoice', externalid: invoice, remaining: 0 }),
      expect.objectContaining({ recordtype: 'customerpayment', externalid: `ns_oob:${invoice}`, total: 50 }),
    ]);
    expect(receivables()).toBe(stripeOwed());
    expect(balance(bank)).toBe(5000);
    expect(balance(setup.undepositedFunds)).toBe(0);
    expect(balance(setup.income)).toBe(-5000);
  });

  /** A monthly subscription of 50.00 whose first payment fails: its invoice is booked open. */
  async function failedSubscription(): Promise<{ subscription: string; invoice: string }> {
    const customer = post<{ id: string }>('/v1/customers', { name: 'Grace Hopper', email: 'grace@example.invalid' });
    const card = post<{ id: string }>('/v1/payment_methods/pm_card_chargeCustomerFail/attach', {
      customer: customer.id,
    });
    post(`/v1/customers/${customer.id}`, { invoice_settings: { default_payment_method: card.id } });
    const price = usdPrice(pipeline, 'Pro plan', 5000, { recurring: { interval: 'month' } });
    const subscription = post<{ id: string; latest_invoice: string }>('/v1/subscriptions', {
      customer: customer.id,
      items: [{ price }],
    });
    await drain();
    expect(failures()).toEqual([]);
    expect(transactions()).toEqual([
      expect.objectContaining({ recordtype: 'invoice', externalid: subscription.latest_invoice, remaining: 50 }),
    ]);
    expect(receivables()).toBe(stripeOwed());
    const cancelled = pipeline.stripe.request('DELETE', `/v1/subscriptions/${subscription.id}`);
    expect(cancelled.status).toBe(200);
    await drain();
    expect(failures()).toEqual([]);
    return { subscription: subscription.id, invoice: subscription.latest_invoice };
  }

  it('a subscription cancelled after a failed payment leaves its invoice open by default', async () => {
    const { invoice } = await failedSubscription();
    expect(transactions()).toEqual([
      expect.objectContaining({ recordtype: 'invoice', externalid: invoice, status: 'Invoice : Open', remaining: 50 }),
    ]);
    expect(receivables()).toBe(stripeOwed());
    expect(receivables()).toBe(5000);
  });

  it('"Invoices of Cancelled Subscriptions: credit_memo" closes the invoice the failed payment left open', async () => {
    settings({ custrecord_snc_set_cancelled_subs: 'credit_memo' });
    const { invoice } = await failedSubscription();
    expect(transactions()).toEqual([
      expect.objectContaining({ recordtype: 'invoice', externalid: invoice, remaining: 0 }),
      expect.objectContaining({ recordtype: 'creditmemo', externalid: `ns_cancel:${invoice}`, total: 50 }),
    ]);
    // Written off as configured: Stripe still lists the invoice open, NetSuite no longer counts it owed.
    expect(receivables()).toBe(0);
    expect(balance(setup.income)).toBe(0);
  });
});

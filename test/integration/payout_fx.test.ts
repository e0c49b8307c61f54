import {
  installBooking,
  startIngressPipeline,
  type BookingSetup,
  type IngressPipeline,
} from '../../tools/localConnector';
import {
  balanceOf,
  depositsOf,
  drain as drainPipeline,
  failures as queueFailures,
  stripePost,
  withoutId,
} from './helpers/pipeline';

interface BalanceTransaction {
  id: string;
  amount: number;
  fee: number;
  currency: string;
  exchange_rate: number | null;
}

/**
 * Charges in other currencies than the payout's, through the real path, on a Stripe account that pays out
 * USD only (so GBP, EUR and JPY are converted, each at the rate of its own time) and a NetSuite subsidiary
 * whose base currency is USD: each payout becomes a deposit equal to it, and the books in base currency say
 * what Stripe says.
 */
describe('payouts of charges in other currencies', () => {
  let pipeline: IngressPipeline;
  let books: BookingSetup;

  beforeEach(async () => {
    pipeline = await startIngressPipeline(
      {},
      { webhooks: { autoDeliver: false }, settings: { settlementCurrencies: ['usd'], defaultCurrency: 'usd' } },
    );
    books = installBooking(pipeline, ['usd']);
  });
  afterEach(() => pipeline.close());

  const post = <T>(path: string, params: Parameters<typeof stripePost>[2] = {}): T =>
    stripePost<T>(pipeline, path, params);

  function get<T>(path: string): T {
    return pipeline.stripe.request('GET', path).body as T;
  }

  const drain = (): Promise<void> => drainPipeline(pipeline);

  /** The sandbox and NetSuite clocks move together. */
  function advance(seconds: number): void {
    pipeline.stripe.advanceClock(seconds);
    pipeline.ns.advance(seconds * 1000);
  }

  async function payOut(): Promise<{ id: string; amount: number }> {
    const [payout] = pipeline.stripe.runPayouts();
    if (!payout) throw new Error('no payout');
    advance(2 * 86400);
    await drain();
    return { id: payout.id, amount: payout.amount };
  }

  function chargeOf(intentId: string): { id: string; bt: BalanceTransaction } {
    const intent = get<{ latest_charge: string }>(`/v1/payment_intents/${intentId}`);
    const charge = get<{ balance_transaction: string }>(`/v1/charges/${intent.latest_charge}`);
    return {
      id: intent.latest_charge,
      bt: get<BalanceTransaction>(`/v1/balance_transactions/${charge.balance_transaction}`),
    };
  }

  const failures = (): Record<string, unknown>[] => queueFailures(pipeline);

  function expectBalanced(): void {
    const rows = pipeline.ns.trialBalance();
    const cents = (n: number): number => Math.round(n * 100);
    expect(rows.reduce((sum, r) => sum + cents(r.debit) - cents(r.credit), 0)).toBe(0);
    // One base currency: the trial balance an accountant reads.
    expect(new Set(rows.map((r) => r.currency))).toEqual(new Set([pipeline.ns.base.currencies['USD']]));
  }

  /** A customer paying a one-off charge in `currency`, available at once (test card bypassPending). */
  function oneOffCharge(name: string, currency: string, amount: number): { id: string } {
    const customer = post<{ id: string }>('/v1/customers', { name });
    return post<{ id: string }>('/v1/payment_intents', {
      amount,
      currency,
      customer: customer.id,
      payment_method: 'pm_card_bypassPending',
      confirm: 'true',
      description: 'One-off purchase',
    });
  }

  function payInvoice(customer: string, amount: number, currency: string): { invoice: string; intent: string } {
    const product = post<{ id: string }>('/v1/products', { name: `Consulting (${currency.toUpperCase()})` });
    const price = post<{ id: string }>('/v1/prices', { product: product.id, unit_amount: amount, currency });
    post('/v1/invoiceitems', { customer, pricing: { price: price.id } });
    const draft = post<{ id: string }>('/v1/invoices', {
      customer,
      currency,
      pending_invoice_items_behavior: 'include',
    });
    post(`/v1/invoices/${draft.id}/finalize`);
    post(`/v1/invoices/${draft.id}/pay`, { payment_method: 'pm_card_bypassPending' });
    const paid = pipeline.stripe.request('GET', `/v1/invoices/${draft.id}`, { expand: ['payments'] }).body as {
      payments: { data: { payment: { payment_intent: string } }[] };
    };
    return { invoice: draft.id, intent: paid.payments.data[0]?.payment.payment_intent ?? '' };
  }

  it('a GBP charge settled in USD: the payment at Stripe’s rate, a deposit equal to the payout', async () => {
    const intent = oneOffCharge('Ada Ltd', 'gbp', 8100);
    await drain();
    expect(failures()).toEqual([]);
    const { id: chargeId, bt } = chargeOf(intent.id);
    expect(bt).toMatchObject({ currency: 'usd', exchange_rate: expect.any(Number) });

    const payment = pipeline.ns.sql.query(
      `SELECT t.foreigntotal AS total, t.exchangerate AS rate, c.symbol AS currency FROM transaction t
       JOIN currency c ON c.id = t.currency WHERE t.externalid = ?`,
      [chargeId],
    ).rows[0];
    expect(payment).toMatchObject({ total: 81, currency: 'GBP' });
    // NetSuite's converted amount is Stripe's settled amount, to the cent.
    expect(Math.round(81 * Number(payment?.['rate']) * 100)).toBe(bt.amount);

    const payout = await payOut();
    expect(payout.amount).toBe(bt.amount - bt.fee);
    expect(depositsOf(pipeline).map(withoutId)).toEqual([{ externalid: payout.id, total: payout.amount / 100 }]);
    expect(balanceOf(pipeline, books.banks['usd'] as number)).toBe(payout.amount);
    expect(balanceOf(pipeline, books.undepositedFunds)).toBe(0);
    // Stripe's fees, the currency conversion fee among them, to the fee account.
    expect(balanceOf(pipeline, books.stripeFees)).toBe(bt.fee);
    // An unapplied payment: a credit on the customer, at what Stripe settled.
    expect(balanceOf(pipeline, pipeline.ns.base.accounts.accountsReceivable)).toBe(-bt.amount);
    expectBalanced();
  });

  it('a EUR invoice paid, then partly refunded at another rate: both converted at their own rate', async () => {
    const customer = post<{ id: string }>('/v1/customers', { name: 'Société Anonyme' });
    const { invoice, intent } = payInvoice(customer.id, 5000, 'eur');
    await drain();
    const { id: chargeId, bt: paid } = chargeOf(intent);
    advance(6 * 3600); // Stripe's rate moves during the day
    const refund = post<{ id: string; balance_transaction: string }>('/v1/refunds', { charge: chargeId, amount: 2000 });
    await drain();
    expect(failures()).toEqual([]);
    const refunded = get<BalanceTransaction>(`/v1/balance_transactions/${refund.balance_transaction}`);
    expect(refunded.exchange_rate).not.toBe(paid.exchange_rate);

    const booked = pipeline.ns.sql.query(
      `SELECT t.recordtype AS type, t.foreigntotal AS total, t.exchangerate AS rate FROM transaction t
       WHERE t.externalid IN (?, ?, ?, ?) ORDER BY t.id`,
      [invoice, chargeId, `ns_memo:${refund.id}`, refund.id],
    ).rows;
    expect(booked.map((r) => [r['type'], r['total']])).toEqual([
      ['invoice', 50],
      ['customerpayment', 50],
      ['creditmemo', 20],
      ['customerrefund', 20],
    ]);
    const base = (row: Record<string, unknown> | undefined): number =>
      Math.round(Number(row?.['total']) * Number(row?.['rate']) * 100);
    expect(base(booked[1])).toBe(paid.amount);
    expect(base(booked[3])).toBe(-refunded.amount);

    const payout = await payOut();
    expect(payout.amount).toBe(paid.amount - paid.fee + refunded.amount);
    expect(depositsOf(pipeline).map(withoutId)).toEqual([{ externalid: payout.id, total: payout.amount / 100 }]);
    expect(balanceOf(pipeline, books.banks['usd'] as number)).toBe(payout.amount);
    expect(balanceOf(pipeline, books.undepositedFunds)).toBe(0);
    // The invoice is paid and the credit memo refunded: nothing is owed.
    expect(balanceOf(pipeline, pipeline.ns.base.accounts.accountsReceivable)).toBe(0);
    expectBalanced();
  });

  it('a GBP charge Stripe settles in EUR, paid out into a EUR bank of a USD subsidiary: deposited to the cent', async () => {
    await pipeline.close();
    pipeline = await startIngressPipeline(
      {},
      {
        webhooks: { autoDeliver: false },
        settings: { settlementCurrencies: ['usd', 'eur'], defaultCurrency: 'eur' },
      },
    );
    books = installBooking(pipeline, ['usd', 'eur']);
    const intent = oneOffCharge('Ada Ltd', 'gbp', 8100);
    await drain();
    expect(failures()).toEqual([]);
    const { bt } = chargeOf(intent.id);
    expect(bt.currency).toBe('eur');

    const payout = await payOut();
    expect(payout.amount).toBe(bt.amount - bt.fee);
    expect(failures()).toEqual([]);
    expect(depositsOf(pipeline).map(withoutId)).toEqual([{ externalid: payout.id, total: payout.amount / 100 }]);
    // NetSuite's GBP and EUR table rates are not Stripe's GBP → EUR rate: the difference is booked to FX
    // gain/loss on the deposit, so the EUR bank receives exactly the payout.
    const eur = pipeline.ns.base.currencies['EUR'];
    const bank = pipeline.ns
      .trialBalanceByCurrency()
      .find((r) => r.account === String(books.banks['eur']) && r.currency === eur);
    expect(Math.round(((bank?.debit ?? 0) - (bank?.credit ?? 0)) * 100)).toBe(payout.amount);
    expect(balanceOf(pipeline, books.undepositedFunds)).toBe(0);
    expectBalanced();
  });

  it.each([
    ['KWD (three decimals, the last 0)', 'kwd', 12340],
    ['ISK (whole krónur, sent with two decimals)', 'isk', 500000],
    ['HUF', 'huf', 1250050],
  ])('a %s charge settled in USD is deposited to the cent', async (_name, currency, amount) => {
    const intent = oneOffCharge(`${currency.toUpperCase()} customer`, currency, amount);
    await drain();
    expect(failures()).toEqual([]);
    const { bt } = chargeOf(intent.id);
    const payout = await payOut();
    expect(payout.amount).toBe(bt.amount - bt.fee);
    expect(depositsOf(pipeline).map(withoutId)).toEqual([{ externalid: payout.id, total: payout.amount / 100 }]);
    expect(balanceOf(pipeline, books.undepositedFunds)).toBe(0);
    expect(balanceOf(pipeline, pipeline.ns.base.accounts.accountsReceivable)).toBe(-bt.amount);
    expectBalanced();
  });

  it('a HUF payout (whole forints): the fraction Stripe keeps stays in Undeposited Funds', async () => {
    await pipeline.close();
    pipeline = await startIngressPipeline(
      {},
      { webhooks: { autoDeliver: false }, settings: { settlementCurrencies: ['usd', 'huf'], defaultCurrency: 'usd' } },
    );
    books = installBooking(pipeline, ['usd', 'huf']);
    const intent = oneOffCharge('Magyar Kft', 'huf', 1250050);
    await drain();
    const { bt } = chargeOf(intent.id);
    const payout = await payOut();
    expect(failures()).toEqual([]);
    const carried = bt.amount - bt.fee - payout.amount;
    expect(payout.amount % 100).toBe(0);
    expect(carried).toBeGreaterThan(0);
    expect(depositsOf(pipeline).map(withoutId)).toEqual([{ externalid: payout.id, total: payout.amount / 100 }]);
    const huf = pipeline.ns.base.currencies['HUF'];
    const undeposited = pipeline.ns
      .trialBalanceByCurrency()
      .find((r) => r.account === String(books.undepositedFunds) && r.currency === huf);
    expect(Math.round(((undeposited?.debit ?? 0) - (undeposited?.credit ?? 0)) * 100)).toBe(carried);
    expectBalanced();
  });

  it('a JPY invoice (no decimals) paid and deposited in USD', async () => {
    const customer = post<{ id: string }>('/v1/customers', { name: 'Kabushiki Kaisha' });
    const { invoice, intent } = payInvoice(customer.id, 42100, 'jpy');
    await drain();
    expect(failures()).toEqual([]);
    const { bt } = chargeOf(intent);
    const booked = pipeline.ns.sql.query(
      `SELECT t.recordtype AS type, t.foreigntotal AS total, c.symbol AS currency FROM transaction t
       JOIN currency c ON c.id = t.currency WHERE t.externalid = ?`,
      [invoice],
    ).rows;
    expect(booked).toEqual([{ type: 'invoice', total: 42100, currency: 'JPY' }]);

    const payout = await payOut();
    expect(payout.amount).toBe(bt.amount - bt.fee);
    expect(depositsOf(pipeline).map(withoutId)).toEqual([{ externalid: payout.id, total: payout.amount / 100 }]);
    expect(balanceOf(pipeline, books.banks['usd'] as number)).toBe(payout.amount);
    expect(balanceOf(pipeline, books.undepositedFunds)).toBe(0);
    expect(balanceOf(pipeline, pipeline.ns.base.accounts.accountsReceivable)).toBe(0);
    expectBalanced();
  });
});

import type * as NRecord from 'N/record';
import type Stripe from 'stripe';
import { generateScenario } from '../../stripe-sandbox/src/scenarios/generator';
import { runSandbox } from '../../tools/sandbox/run';
import { exitCodeOf, receivablesOut, type SandboxResult } from '../../tools/sandbox/result';
import { formatSummary } from '../../tools/sandbox/summary';
import { QUEUE_MR, type BookingSetup, type IngressPipeline } from '../../tools/localConnector';
import { eventStatusId } from '../../tools/connectorStatuses';

/**
 * Invariants over generated scenarios run through the whole path (Stripe → relay → NetSuite): a USD and EUR
 * month (both are payout currencies), and a month with GBP and JPY customers too, whose charges Stripe
 * converts to USD at moving rates (refunds hours later, at another rate).
 */
describe.each([
  { name: 'USD and EUR', currencies: ['usd', 'eur'], refundsLater: false },
  { name: 'USD, EUR, GBP and JPY', currencies: ['usd', 'eur', 'gbp', 'jpy'], refundsLater: true },
])('booking invariants over a generated month in $name', ({ currencies, refundsLater }) => {
  let pipeline: IngressPipeline;
  let books: BookingSetup;
  let result: SandboxResult;

  beforeAll(async () => {
    const file = generateScenario({ seed: 11, customers: 8, months: 1, currencies, refundsLater, disputes: true });
    result = await runSandbox({
      scenarios: [{ name: 'generated', file }],
      prepare: (p, setup) => {
        pipeline = p;
        books = setup;
      },
    });
  }, 120_000);

  const stripeList = <T>(path: string): T[] => {
    const out: T[] = [];
    let after: string | undefined;
    for (;;) {
      const page = pipeline.stripe.request('GET', path, { limit: 100, ...(after ? { starting_after: after } : {}) })
        .body as { data: (T & { id: string })[]; has_more: boolean };
      out.push(...page.data);
      if (!page.has_more) return out;
      after = page.data.at(-1)?.id;
    }
  };
  const minor = (major: unknown): number => Math.round(Number(major) * 100);
  /** Stripe's minor units of a NetSuite amount: yen are whole (Stripe's zero-decimal currencies). */
  const stripeUnits = (major: unknown, currency: string): number =>
    currency.toLowerCase() === 'jpy' ? Math.round(Number(major)) : minor(major);
  const balance = (account: number, currency: string): number => {
    const id = pipeline.ns.base.currencies[currency.toUpperCase()];
    const row = pipeline.ns.trialBalanceByCurrency().find((r) => r.account === String(account) && r.currency === id);
    return row ? minor(row.debit) - minor(row.credit) : 0;
  };

  const baseBalance = (account: number): number => {
    const row = pipeline.ns.trialBalance().find((r) => r.account === String(account));
    return row ? minor(row.debit) - minor(row.credit) : 0;
  };

  it('reconciles: nothing parked, every payout deposited', () => {
    expect(result.problems).toEqual([]);
    expect(exitCodeOf(result)).toBe(0);
    expect(result.payouts.length).toBeGreaterThan(0);
  });

  it('each succeeded, captured Stripe charge is exactly one customer payment', () => {
    const charges = stripeList<Stripe.Charge>('/v1/charges').filter((c) => c.status === 'succeeded' && c.captured);
    expect(charges.length).toBeGreaterThan(5);
    const payments = pipeline.ns.sql
      .query(`SELECT externalid FROM transaction WHERE recordtype = 'customerpayment'`, [])
      .rows.map((r) => String(r['externalid']));
    for (const charge of charges)
      expect(payments.filter((p) => p.toLowerCase() === charge.id.toLowerCase())).toHaveLength(1);
  });

  it('each deposit equals its payout', () => {
    const deposits = new Map(
      pipeline.ns.sql
        .query(`SELECT externalid, foreigntotal AS total FROM transaction WHERE recordtype = 'deposit'`, [])
        .rows.map((r) => [String(r['externalid']), minor(r['total'])]),
    );
    for (const payout of stripeList<Stripe.Payout>('/v1/payouts').filter((p) => p.status === 'paid')) {
      expect({ payout: payout.id, deposit: deposits.get(payout.id) }).toEqual({
        payout: payout.id,
        deposit: payout.amount,
      });
    }
  });

  const MOVING = ['charge', 'refund', 'dispute'];

  it('undeposited funds hold exactly what Stripe has not paid out yet, in base currency; fees booked equal Stripe fees', () => {
    const transactions = stripeList<Stripe.BalanceTransaction>('/v1/balance_transactions');
    const paidOut = new Set<string>();
    for (const payout of stripeList<Stripe.Payout>('/v1/payouts').filter((p) => p.status === 'paid')) {
      for (const bt of stripeList<Stripe.BalanceTransaction>(`/v1/balance_transactions?payout=${payout.id}`))
        paidOut.add(bt.id);
    }
    // A dispute's withdrawal is its customer refund, in Undeposited Funds until paid out like a refund.
    const moving = transactions.filter((bt) => MOVING.includes(bt.reporting_category));
    expect(moving.filter((bt) => bt.reporting_category === 'dispute').length).toBeGreaterThan(0);
    // Settled in the base currency (USD): exactly Stripe's amount; in EUR: at NetSuite's EUR rate.
    const eurRate = pipeline.ns.exchangeRate('EUR', 'USD');
    const inBase = (bt: Stripe.BalanceTransaction): number =>
      bt.currency === 'usd' ? bt.amount : Math.round(bt.amount * eurRate);
    const notPaidOut = moving.filter((bt) => !paidOut.has(bt.id)).reduce((sum, bt) => sum + inBase(bt), 0);
    expect(baseBalance(books.undepositedFunds)).toBe(notPaidOut);
    for (const currency of ['usd', 'eur']) {
      // Fees are cash back on the deposit, in the payout's currency; dispute fees too (the Dispute Fee Account
      // defaults to the fee account), a won dispute's reversal included.
      const fees = transactions
        .filter((bt) => [...MOVING, 'dispute_reversal'].includes(bt.reporting_category))
        .filter((bt) => bt.currency === currency && paidOut.has(bt.id))
        .reduce((sum, bt) => sum + bt.fee, 0);
      expect({ currency, fees: balance(books.stripeFees, currency) }).toEqual({ currency, fees });
    }
  });

  it('books each charge in its own currency, the ones Stripe converts among them', () => {
    const booked = pipeline.ns.sql
      .query(
        `SELECT DISTINCT LOWER(c.symbol) AS currency FROM transaction t JOIN currency c ON c.id = t.currency
         WHERE t.recordtype = 'customerpayment'`,
        [],
      )
      .rows.map((r) => String(r['currency']))
      .sort();
    expect(booked).toEqual([...currencies].sort());
  });

  /** NetSuite's invoices and credit memos of Stripe customers: what is left open on each, in its currency. */
  function openDocuments(): { externalid: string; kind: string; customer: string; remaining: number }[] {
    return pipeline.ns.sql
      .query(
        `SELECT t.externalid, t.recordtype AS kind, c.externalid AS customer, t.foreignamountunpaid AS remaining,
           cur.symbol AS currency
         FROM transaction t JOIN customer c ON c.id = t.entity JOIN currency cur ON cur.id = t.currency
         WHERE t.recordtype IN ('invoice', 'creditmemo')`,
        [],
      )
      .rows.map((r) => ({
        externalid: String(r['externalid']),
        kind: String(r['kind']),
        customer: String(r['customer']),
        remaining: stripeUnits(r['remaining'] ?? 0, String(r['currency'])),
      }));
  }

  it("each finalized Stripe invoice is open in NetSuite for exactly Stripe's amount remaining, else closed", () => {
    const invoices = stripeList<Stripe.Invoice>('/v1/invoices').filter((i) => i.status !== 'draft' && i.total > 0);
    const statuses = new Set(invoices.map((i) => i.status));
    // The month has them all: open (one partly credited), paid, voided, written off.
    expect([...statuses].sort()).toEqual(['open', 'paid', 'uncollectible', 'void']);
    const booked = new Map(openDocuments().map((d) => [`${d.kind}:${d.externalid.toLowerCase()}`, d.remaining]));
    for (const invoice of invoices) {
      const expected = invoice.status === 'open' ? invoice.amount_remaining : 0;
      expect({
        invoice: invoice.id,
        status: invoice.status,
        remaining: booked.get(`invoice:${invoice.id.toLowerCase()}`),
      }).toEqual({ invoice: invoice.id, status: invoice.status, remaining: expected });
    }
  });

  it("each Stripe customer's open invoices and unapplied credit in NetSuite equal Stripe's", () => {
    const invoices = stripeList<Stripe.Invoice>('/v1/invoices').filter((i) => i.status === 'open');
    const notes = stripeList<Stripe.CreditNote>('/v1/credit_notes').filter((n) => n.status === 'issued');
    const documents = openDocuments();
    const customers = stripeList<Stripe.Customer>('/v1/customers');
    expect(notes.some((n) => n.out_of_band_amount)).toBe(true);
    for (const customer of customers) {
      const mine = (d: { customer: string }): boolean => d.customer.toLowerCase() === customer.id.toLowerCase();
      const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
      // Credit Stripe owes the customer: its balance when negative, and what a credit note says was paid back
      // outside Stripe, which the connector leaves as credit on the customer for the accountant's refund.
      const outOfBand = sum(notes.filter((n) => n.customer === customer.id).map((n) => n.out_of_band_amount ?? 0));
      expect({
        customer: customer.id,
        open: sum(documents.filter((d) => mine(d) && d.kind === 'invoice').map((d) => d.remaining)),
        credit: sum(documents.filter((d) => mine(d) && d.kind === 'creditmemo').map((d) => d.remaining)),
      }).toEqual({
        customer: customer.id,
        open: sum(invoices.filter((i) => i.customer === customer.id).map((i) => i.amount_remaining)),
        credit: Math.max(0, -customer.balance) + outOfBand,
      });
    }
  });

  it("the tax liability equals Stripe's tax collected less tax refunded, in each invoice currency", () => {
    const taxOf = (taxes: { amount: number }[] | null | undefined): number =>
      (taxes ?? []).reduce((sum, t) => sum + t.amount, 0);
    // Collected: finalized invoices Stripe still collects or has (a downgrade's negative one gives tax back);
    // voided and written-off invoices are closed in NetSuite with their tax.
    const invoices = stripeList<Stripe.Invoice>('/v1/invoices').filter(
      (i) => i.status === 'open' || i.status === 'paid',
    );
    const notes = stripeList<Stripe.CreditNote>('/v1/credit_notes').filter((n) => n.status === 'issued');
    const noteRefunds = new Set(
      notes.flatMap((n) => n.refunds.map((r) => (typeof r.refund === 'string' ? r.refund : r.refund.id))),
    );
    // Refunded without a credit note: the refund's share of the invoice's tax (the generated one is exact).
    const refundedTax = (invoice: Stripe.Invoice): number => {
      const tax = taxOf(invoice.total_taxes);
      if (tax === 0 || invoice.status !== 'paid') return 0;
      const payments = stripeList<{ payment: { payment_intent: string } }>(
        `/v1/invoice_payments?invoice=${invoice.id}`,
      );
      return payments
        .flatMap((p) => stripeList<Stripe.Refund>(`/v1/refunds?payment_intent=${p.payment.payment_intent}`))
        .filter((r) => r.status === 'succeeded' && !noteRefunds.has(r.id))
        .reduce((sum, r) => sum + Math.round((r.amount * tax) / invoice.total), 0);
    };
    expect(invoices.some((i) => refundedTax(i) > 0)).toBe(true);
    expect(invoices.some((i) => taxOf(i.total_taxes) < 0)).toBe(true);
    for (const currency of currencies) {
      const collected = invoices.filter((i) => i.currency === currency).reduce((s, i) => s + taxOf(i.total_taxes), 0);
      const credited = notes.filter((n) => n.currency === currency).reduce((s, n) => s + taxOf(n.total_taxes), 0);
      const refunded = invoices.filter((i) => i.currency === currency).reduce((s, i) => s + refundedTax(i), 0);
      // A liability: a credit balance on the Tax Item's account, in the invoices' own currency.
      const taxBooked = (0 - balance(books.taxPayable, currency)) / (currency === 'jpy' ? 100 : 1);
      expect({ currency, tax: taxBooked }).toEqual({
        currency,
        tax: collected - credited - refunded,
      });
    }
  });

  it('the trial balance in base currency balances', () => {
    const rows = pipeline.ns.trialBalance();
    expect(new Set(rows.map((r) => r.currency))).toEqual(new Set([pipeline.ns.base.currencies['USD']]));
    expect(rows.reduce((sum, r) => sum + minor(r.debit) - minor(r.credit), 0)).toBe(0);
  });

  it('replaying every event changes nothing, with the connector cache dropped', () => {
    // Memory answers replays first; NetSuite may evict it, so the replay runs without it.
    pipeline.ns.evictCaches();
    const before = {
      tb: pipeline.ns.trialBalance(),
      count: pipeline.ns.sql.query('SELECT COUNT(*) AS n FROM transaction', []).rows,
    };
    const record = pipeline.ns.testModules().modules['N/record'] as typeof NRecord;
    for (const row of pipeline.ns.sql.query(
      `SELECT id FROM customrecord_snc_event WHERE custrecord_snc_evt_status IN (?, ?)`,
      [eventStatusId(pipeline.ns, 'done'), eventStatusId(pipeline.ns, 'no_action')],
    ).rows) {
      record.submitFields({
        type: 'customrecord_snc_event',
        id: Number(row['id']),
        values: { custrecord_snc_evt_status: eventStatusId(pipeline.ns, 'queued') },
      });
    }
    pipeline.ns.mapReduce(QUEUE_MR);
    expect(
      pipeline.ns.sql.query(`SELECT COUNT(*) AS n FROM customrecord_snc_event WHERE custrecord_snc_evt_status = ?`, [
        eventStatusId(pipeline.ns, 'queued'),
      ]).rows,
    ).toEqual([{ n: 0 }]);
    expect({
      tb: pipeline.ns.trialBalance(),
      count: pipeline.ns.sql.query('SELECT COUNT(*) AS n FROM transaction', []).rows,
    }).toEqual(before);
  });

  it("the run's receivables match Stripe per currency, and a credit note NetSuite has not seen shows as a difference", () => {
    expect(result.receivables.length).toBeGreaterThan(0);
    expect(result.receivables.every((r) => r.matched)).toBe(true);
    expect(result.receivables.some((r) => r.stripeOpen > 0)).toBe(true);
    const summary = formatSummary(result, null);
    expect(summary).toContain("Accounts Receivable against Stripe's open invoices and customer credit:");
    for (const r of result.receivables)
      expect(summary).toMatch(new RegExp(`^  ${r.currency}(\\s+[\\d,.]+){4}\\s+yes$`, 'm'));
    const open = stripeList<Stripe.Invoice>('/v1/invoices').find(
      (i) => i.status === 'open' && i.amount_remaining > 100,
    );
    const customer = String(open?.customer);
    // Issued in Stripe, its webhook never delivered: Stripe is owed less than NetSuite still shows.
    pipeline.stripe.request('POST', '/v1/credit_notes', { invoice: open?.id ?? '', amount: 100 });
    const off = receivablesOut(pipeline.ns, pipeline.stripe).find((r) => !r.matched);
    expect(off?.customersOff).toEqual([customer.toLowerCase()]);
    expect(Math.round(((off?.netsuiteOpen ?? 0) - (off?.stripeOpen ?? 0)) * 100)).toBe(
      open?.currency === 'jpy' ? 10_000 : 100,
    );
  });
});

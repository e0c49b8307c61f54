import type * as NRecord from 'N/record';
import type Stripe from 'stripe';
import { generateScenario } from '../../stripe-sandbox/src/scenarios/generator';
import { runSandbox } from '../../tools/sandbox/run';
import { exitCodeOf, type SandboxResult } from '../../tools/sandbox/result';
import { QUEUE_MR, type BookingSetup, type IngressPipeline } from '../../tools/localConnector';

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
      `SELECT id FROM customrecord_snc_event WHERE custrecord_snc_evt_status IN ('done', 'no_action')`,
      [],
    ).rows) {
      record.submitFields({
        type: 'customrecord_snc_event',
        id: Number(row['id']),
        values: { custrecord_snc_evt_status: 'queued' },
      });
    }
    pipeline.ns.mapReduce(QUEUE_MR);
    expect(
      pipeline.ns.sql.query(
        `SELECT COUNT(*) AS n FROM customrecord_snc_event WHERE custrecord_snc_evt_status = 'queued'`,
        [],
      ).rows,
    ).toEqual([{ n: 0 }]);
    expect({
      tb: pipeline.ns.trialBalance(),
      count: pipeline.ns.sql.query('SELECT COUNT(*) AS n FROM transaction', []).rows,
    }).toEqual(before);
  });
});

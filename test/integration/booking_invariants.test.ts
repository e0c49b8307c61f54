import type * as NRecord from 'N/record';
import type Stripe from 'stripe';
import { generateScenario } from '../../stripe-sandbox/src/scenarios/generator';
import { runSandbox } from '../../tools/sandbox/run';
import { exitCodeOf, type SandboxResult } from '../../tools/sandbox/result';
import { QUEUE_MR, type BookingSetup, type IngressPipeline } from '../../tools/localConnector';

/** Invariants over a generated scenario run through the whole path (Stripe → relay → NetSuite). */
describe('booking invariants over a generated month', () => {
  let pipeline: IngressPipeline;
  let books: BookingSetup;
  let result: SandboxResult;

  beforeAll(async () => {
    const file = generateScenario({ seed: 11, customers: 8, months: 1, currencies: ['usd', 'eur'], disputes: false });
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

  it('undeposited funds hold exactly what Stripe has not paid out yet, and fees booked equal Stripe fees', () => {
    const transactions = stripeList<Stripe.BalanceTransaction>('/v1/balance_transactions');
    const paidOut = new Set<string>();
    for (const payout of stripeList<Stripe.Payout>('/v1/payouts').filter((p) => p.status === 'paid')) {
      for (const bt of stripeList<Stripe.BalanceTransaction>(`/v1/balance_transactions?payout=${payout.id}`))
        paidOut.add(bt.id);
    }
    for (const currency of ['usd', 'eur']) {
      const inCurrency = transactions.filter(
        (bt) => bt.currency === currency && ['charge', 'refund'].includes(bt.reporting_category),
      );
      const notPaidOut = inCurrency.filter((bt) => !paidOut.has(bt.id)).reduce((sum, bt) => sum + bt.amount, 0);
      expect({ currency, undeposited: balance(books.undepositedFunds, currency) }).toEqual({
        currency,
        undeposited: notPaidOut,
      });
      const fees = inCurrency.filter((bt) => paidOut.has(bt.id)).reduce((sum, bt) => sum + bt.fee, 0);
      expect({ currency, fees: balance(books.stripeFees, currency) }).toEqual({ currency, fees });
    }
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

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFixtureFile } from '../../stripe-sandbox/src/scenarios/fixtures';
import { exitCodeOf, type SandboxResult } from '../../tools/sandbox/result';
import { writeResult } from '../../tools/sandbox/progress';
import { runSandbox, type Progress, type Scenario } from '../../tools/sandbox/run';
import { formatProblems, formatSummary } from '../../tools/sandbox/summary';

jest.setTimeout(60_000);

const SMALL: Scenario = {
  name: 'small_business.json',
  file: loadFixtureFile(path.join(__dirname, '../fixtures/scenarios/small_business.json')),
};

describe('npm run sandbox engine', () => {
  let result: SandboxResult;
  const progress: Progress[] = [];

  beforeAll(async () => {
    result = await runSandbox({ scenarios: [SMALL], maxAttempts: 3, onProgress: (p) => progress.push(p) });
  });

  it('writes the result in the documented shape, with names and major units', () => {
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining(['accounts', 'records', 'trialBalance', 'events', 'payouts', 'governance']),
    );
    expect(result.accounts).toMatchObject({
      undepositedFunds: 'Undeposited Funds',
      stripeFees: 'Stripe Fees',
      bank: { USD: 'Operating Bank USD', EUR: 'Operating Bank EUR' },
    });
    for (const row of result.trialBalance) {
      expect(row).toEqual({
        account: expect.any(String),
        currency: expect.stringMatching(/^[A-Z]{3}$/),
        debit: expect.any(Number),
        credit: expect.any(Number),
      });
      expect(row.account).not.toMatch(/^\d+$/);
    }
    // The trial balance balances per currency.
    const net = new Map<string, number>();
    for (const row of result.trialBalance)
      net.set(row.currency, (net.get(row.currency) ?? 0) + Math.round(row.debit * 100) - Math.round(row.credit * 100));
    for (const cents of net.values()) expect(cents).toBe(0);
    for (const [type, records] of Object.entries(result.records)) {
      expect(type).not.toBe('customrecord_snc_event');
      for (const r of records) expect(r).toEqual(expect.objectContaining({ id: expect.any(Number) }));
    }
    expect(result.events.length).toBeGreaterThan(10);
    for (const e of result.events)
      expect(e).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(/^evt_/),
          type: expect.any(String),
          status: expect.any(String),
        }),
      );
    expect(result.payouts.length).toBeGreaterThan(0);
    const payout = result.payouts[0];
    expect(payout).toEqual(
      expect.objectContaining({ id: expect.stringMatching(/^po_/), currency: 'USD', status: expect.any(String) }),
    );
    // 2 × 250.00 + 120.00 − 40.00 refund, less Stripe's fees: a major-unit amount, not cents.
    expect(payout?.amount).toBeGreaterThan(500);
    expect(payout?.amount).toBeLessThan(580);
    expect(result.governance.invocations).toBeGreaterThan(0);
    expect(result.governance.byScript.map((g) => g.script)).toEqual(
      expect.arrayContaining(['customscript_snc_webhook_rl', 'customscript_snc_event_queue_mr']),
    );
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'snc-sandbox-')), 'result.json');
    writeResult(file, result);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(result)));
  });

  it('stores every Stripe event once and delivers each', () => {
    const ids = result.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(result.webhooks.delivered).toBe(ids.length);
    expect(result.webhooks.pending).toBe(0);
    expect(result.events.filter((e) => e.type === 'customer.created')).toHaveLength(1);
    expect(result.events.some((e) => e.type === 'payout.paid')).toBe(true);
  });

  it('keeps the two clocks together and reports progress', () => {
    expect(progress.some((p) => p.phase === 'scenario')).toBe(true);
    expect(progress[progress.length - 1]).toMatchObject({ phase: 'done' });
    // Three days of scenario, then payouts arriving: the emulator's clock moved with Stripe's.
    expect(Date.parse(result.endedAt) - Date.parse(result.startedAt)).toBeGreaterThanOrEqual(3 * 86_400_000);
  });

  it('the exit code is 0 exactly when nothing is parked and every payout matches its deposit', () => {
    const parked = result.events.filter((e) => e.status === 'parked');
    const unmatched = result.payouts.filter((p) => p.depositExpected && !p.matched);
    expect(exitCodeOf(result)).toBe(parked.length + unmatched.length === 0 ? 0 : 1);
    for (const p of result.payouts.filter((p) => p.matched)) {
      expect(p.deposit?.amount).toBe(p.amount);
      expect(p.deposit?.externalIds).toContain(p.id);
    }
    expect(formatSummary(result, 'result.json')).toContain('Stripe payouts and NetSuite deposits');
  });
});

describe('npm run sandbox exit status', () => {
  it('is non-zero and names the event when a fault makes it fail until parked', async () => {
    const result = await runSandbox({
      scenarios: [SMALL],
      maxAttempts: 2,
      prepare: ({ ns }) => {
        // Every customer save fails: customer.created can never be booked.
        for (let i = 0; i < 50; i++)
          ns.faults.failSave('customer', 1, 'UNEXPECTED_ERROR', 'Injected: NetSuite is down');
      },
    });
    expect(exitCodeOf(result)).toBe(1);
    const parked = result.problems.find((p) => p.kind === 'parked_event' && p.type === 'customer.created');
    expect(parked).toBeDefined();
    expect(formatProblems(result).join('\n')).toMatch(/parked event evt_\w+ \(customer\.created\)/);
    expect(formatSummary(result, null)).toMatch(/Not reconciled: \d+ parked event/);
  });

  it('is 0 when every event needs no NetSuite action and there is no payout', async () => {
    const result = await runSandbox({
      scenarios: [
        {
          name: 'catalog-only',
          file: {
            _meta: { template_version: 0 },
            fixtures: [
              { name: 'product', path: '/v1/products', method: 'post', params: { name: 'Docs' } },
              { name: 'coupon', path: '/v1/coupons', method: 'post', params: { percent_off: 10, duration: 'once' } },
            ],
          },
        },
      ],
    });
    expect(result.events.map((e) => [e.type, e.status])).toEqual([
      ['product.created', 'no_action'],
      ['coupon.created', 'no_action'],
    ]);
    expect(result.payouts).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(exitCodeOf(result)).toBe(0);
    expect(formatSummary(result, null)).toContain('Everything reconciled');
  });
});

import type { FixtureFile } from '../../stripe-sandbox/src/scenarios/fixtures';
import { parseArgs } from '../../tools/sandbox/cli';
import type { SandboxResult } from '../../tools/sandbox/result';
import { runSandbox } from '../../tools/sandbox/run';
import { formatSummary, payingOutLine } from '../../tools/sandbox/summary';

jest.setTimeout(60_000);

/** One card payment and nothing else: no payout step, as a person's first scenario would be. */
const ONE_PAYMENT: FixtureFile = {
  _meta: { template_version: 0 },
  fixtures: [
    {
      name: 'payment',
      path: '/v1/payment_intents',
      method: 'post',
      params: {
        amount: 5000,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        payment_method_types: ['card'],
        confirm: true,
      },
    },
  ],
};

describe('npm run sandbox pays out after the scenario, as Stripe automatic payouts would', () => {
  let result: SandboxResult;

  beforeAll(async () => {
    result = await runSandbox({ scenarios: [{ name: 'one-payment', file: ONE_PAYMENT }] });
  });

  it('a scenario without payout steps ends with its balance paid out: one paid payout, balance left 0', () => {
    // $50.00 less 2.9% + 30¢ (Stripe's US card pricing) = 48.25.
    expect(result.payouts.map((p) => [p.currency, p.amount, p.status])).toEqual([['USD', 48.25, 'paid']]);
    expect(result.payingOut).toEqual({ outcome: 'complete', balanceLeft: [{ currency: 'USD', amount: 0 }] });
  });

  it('waits for the payout to be reconciled and its webhooks delivered', () => {
    const types = result.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['payout.created', 'payout.reconciliation_completed', 'payout.paid']));
    expect(types.indexOf('payout.reconciliation_completed')).toBeLessThan(types.indexOf('payout.paid'));
    expect(result.webhooks.pending).toBe(0);
  });

  it('says so in its summary', () => {
    expect(formatSummary(result, null)).toContain('Paid out: 1 payout (1 paid), balance left USD 0.00.');
  });
});

describe('npm run sandbox -- --no-payouts', () => {
  it('stops when the scenario ends: no payout, the balance left, and the summary says why', async () => {
    const result = await runSandbox({ scenarios: [{ name: 'one-payment', file: ONE_PAYMENT }], noPayouts: true });
    expect(result.payouts).toEqual([]);
    expect(result.payingOut).toEqual({ outcome: 'skipped', balanceLeft: [{ currency: 'USD', amount: 48.25 }] });
    expect(payingOutLine(result)).toBe('Not paid out (--no-payouts): 0 payouts so far, balance left USD 48.25.');
  });

  it('is a CLI flag (off by default)', () => {
    expect(parseArgs(['--scenario', 'a.json']).noPayouts).toBe(false);
    expect(parseArgs(['--scenario', 'a.json', '--no-payouts']).noPayouts).toBe(true);
  });
});

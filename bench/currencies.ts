// Multi-currency month: USD, EUR, GBP and JPY customers on a Stripe account paying out USD and EUR (GBP and
// JPY converted to USD at rates that move during the day; refunds hours later; disputes), booked in a
// NetSuite subsidiary whose base currency is USD. Figures: payouts deposited, the base-currency trial
// balance, and the exchange results.
import { generateScenario } from '../stripe-sandbox/src/scenarios/generator';
import { runSandbox } from '../tools/sandbox/run';

export interface CurrencyMonth {
  summary: Record<string, string | number>;
  payouts: Record<string, string | number>[];
}

const cents = (amount: number): number => Math.round(amount * 100);

export async function benchCurrencyMonth(): Promise<CurrencyMonth> {
  const file = generateScenario({
    seed: 2026,
    customers: 30,
    months: 1,
    currencies: ['usd', 'eur', 'gbp', 'jpy'],
    refundsLater: true,
    disputes: true,
  });
  const result = await runSandbox({ scenarios: [{ name: 'currency-month', file }] });
  const due = result.payouts.filter((p) => p.depositExpected);
  const debit = result.trialBalance.reduce((sum, r) => sum + cents(r.debit), 0);
  const credit = result.trialBalance.reduce((sum, r) => sum + cents(r.credit), 0);
  const realized = result.trialBalance.find((r) => r.account === 'Realized Gain/Loss');
  const revaluations = result.records['currencyrevaluation']?.length ?? 0;
  const summary = {
    'payouts deposited': `${due.filter((p) => p.matched).length} / ${due.length}`,
    'trial balance currencies': [...new Set(result.trialBalance.map((r) => r.currency))].join(', '),
    'trial balance debit − credit': (debit - credit) / 100,
    'Realized Gain/Loss (base)': realized ? (cents(realized.debit) - cents(realized.credit)) / 100 : 0,
    'currency revaluations (payments applied at another rate)': revaluations,
    problems: result.problems.length,
  };
  const payouts = due.map((p) => ({
    payout: p.id,
    currency: p.currency,
    amount: p.amount,
    deposit: p.deposit?.amount ?? '—',
    converted: p.deposit?.converted ?? 0,
    'fx difference': p.deposit?.fxDifference ?? 0,
    why: explain(p.deposit?.converted ?? 0, p.deposit?.fxDifference ?? 0, p.currency),
  }));
  return { summary, payouts };
}

/** Why a payout's deposit has (or has no) exchange difference, in a sentence an accountant can check. */
function explain(converted: number, difference: number, currency: string): string {
  if (converted === 0) return `all in ${currency}: nothing to convert`;
  if (difference === 0)
    return `${converted} converted, each booked at Stripe's rate: NetSuite's amounts are what Stripe settled`;
  return `${converted} converted at NetSuite's table rate; Stripe settled ${difference > 0 ? 'more' : 'less'}`;
}

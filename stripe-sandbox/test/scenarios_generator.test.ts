import type Stripe from 'stripe';
import type { StripeObject } from '../src/core/account';
import { StripeSandbox } from '../src/sandbox';
import { isSandboxStep, runFixtures, sandboxTarget, type ApiStep } from '../src/scenarios/fixtures';
import { generateScenario } from '../src/scenarios/generator';

test('same seed → same file; another seed → another file', () => {
  const a = JSON.stringify(generateScenario({ seed: 11, customers: 10, months: 3 }));
  expect(JSON.stringify(generateScenario({ seed: 11, customers: 10, months: 3 }))).toBe(a);
  expect(JSON.stringify(generateScenario({ seed: 12, customers: 10, months: 3 }))).not.toBe(a);
});

test('the file covers the documented features and names every step uniquely', () => {
  const file = generateScenario({ seed: 11, customers: 10, months: 3 });
  const api = file.fixtures.filter((s): s is ApiStep => !isSandboxStep(s));
  const text = JSON.stringify(file);
  const names = api.map((s) => s.name);
  expect(new Set(names).size).toBe(names.length);
  for (const needle of [
    '"currency":"jpy"',
    '"currency":"eur"',
    'winning_evidence',
    'losing_evidence',
    '/v1/tax_rates',
    '/v1/coupons',
    '/v1/credit_notes',
    '/mark_uncollectible',
    'pm_card_chargeCustomerFail',
    '"sandbox":"run_payouts"',
    '"sandbox":"advance_clock"',
  ]) {
    expect(text).toContain(needle);
  }
  const refunds = api.filter((s) => s.path === '/v1/refunds');
  expect(refunds.some((s) => s.params?.['amount'] !== undefined)).toBe(true);
  expect(refunds.some((s) => s.params?.['amount'] === undefined)).toBe(true);
  expect(file.fixtures.filter((s) => isSandboxStep(s) && s.sandbox === 'run_payouts')).toHaveLength(3);
});

test('a generated scenario runs end to end against the sandbox', async () => {
  const sandbox = new StripeSandbox({ seed: 4 });
  const file = generateScenario({ seed: 4, customers: 8, months: 2 });
  await runFixtures(file, sandboxTarget(sandbox));
  const types = sandbox.account.list<Stripe.Event & StripeObject>('event').map((e) => e.type);
  for (const type of [
    'customer.subscription.created',
    'invoice.paid',
    'invoice.payment_failed',
    'charge.refunded',
    'charge.dispute.created',
    'charge.dispute.closed',
    'credit_note.created',
    'invoice.marked_uncollectible',
    'payout.created',
  ]) {
    expect(types).toContain(type);
  }
  const disputes = sandbox.account.list<Stripe.Dispute & StripeObject>('dispute').map((d) => d.status);
  expect(disputes).toEqual(expect.arrayContaining(['won', 'lost']));
  const currencies = new Set(sandbox.account.list<Stripe.Charge & StripeObject>('charge').map((c) => c.currency));
  expect(currencies).toEqual(new Set(['usd', 'eur', 'gbp', 'jpy']));
  // Two billing cycles: the subscriptions' renewal invoices exist.
  const renewals = sandbox.account
    .list<Stripe.Invoice & StripeObject>('invoice')
    .filter((i) => i.billing_reason === 'subscription_cycle');
  expect(renewals.length).toBeGreaterThanOrEqual(4);
  await sandbox.close();
});

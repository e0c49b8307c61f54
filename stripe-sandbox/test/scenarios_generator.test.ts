import type Stripe from 'stripe';
import type { StripeObject } from '../src/core/account';
import { StripeSandbox } from '../src/sandbox';
import { isSandboxStep, runFixtures, sandboxTarget, type ApiStep } from '../src/scenarios/fixtures';
import { generateScenario, sandboxSettingsFor } from '../src/scenarios/generator';

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

test('the first month has the invoice lifecycle: voids, write-offs, every kind of credit note, a downgrade', () => {
  const api = generateScenario({ seed: 11, customers: 10, months: 1 }).fixtures.filter(
    (s): s is ApiStep => !isSandboxStep(s),
  );
  const paths = api.map((s) => s.path.replace(/\$\{[^}]+\}/g, 'X'));
  for (const path of ['/v1/invoices/X/void', '/v1/invoices/X/mark_uncollectible', '/v1/credit_notes/X/void'])
    expect(paths).toContain(path);
  // Written off, then paid: the same invoice.
  const writtenOff = api.filter((s) => s.path.endsWith('/mark_uncollectible')).map((s) => s.path.split('/')[3]);
  const paid = api.filter((s) => s.path.endsWith('/pay')).map((s) => s.path.split('/')[3]);
  expect(writtenOff.some((invoice) => paid.includes(invoice))).toBe(true);
  const notes = api.filter((s) => s.path === '/v1/credit_notes').map((s) => Object.keys(s.params ?? {}));
  for (const kind of ['credit_amount', 'out_of_band_amount', 'refund_amount'])
    expect(notes.some((keys) => keys.includes(kind))).toBe(true);
  // Before payment: neither refunded nor credited to the balance nor out of band.
  expect(notes.some((keys) => !keys.some((k) => k.endsWith('_amount')))).toBe(true);
  const downgrade = api.find((s) => s.params?.['proration_behavior'] === 'always_invoice');
  expect(JSON.stringify(downgrade?.params)).toContain('price_basic_');
  const taxedItems = api.filter((s) => s.path === '/v1/invoiceitems' && s.params?.['tax_rates'] !== undefined);
  expect(taxedItems.length).toBeGreaterThanOrEqual(2);
});

test('without the invoice lifecycle, the other steps are as they were', () => {
  const steps = (lifecycle: boolean): string[] =>
    generateScenario({ seed: 11, customers: 10, months: 2, invoiceLifecycle: lifecycle })
      .fixtures.filter((s): s is ApiStep => !isSandboxStep(s))
      .map((s) => JSON.stringify({ ...s, name: '' }).replace(/_\d+:/g, ':'));
  const without = steps(false);
  const withIt = steps(true);
  expect(withIt.length).toBeGreaterThan(without.length);
  // Every step of the plain file is in the lifecycle file, in order, with the same amounts.
  let at = 0;
  for (const step of without) {
    at = withIt.indexOf(step, at);
    expect(at).toBeGreaterThanOrEqual(0);
    at++;
  }
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

describe('multi-currency months', () => {
  test('the account options are recorded and become sandbox settings', () => {
    const file = generateScenario({ seed: 3, customers: 4, months: 1, payoutCurrencies: ['usd', 'gbp'] });
    expect(file._meta['generator']).toMatchObject({
      account: { default_currency: 'usd', settlement_currencies: ['usd', 'gbp'] },
    });
    expect(sandboxSettingsFor(file)).toEqual({ defaultCurrency: 'usd', settlementCurrencies: ['usd', 'gbp'] });
    expect(sandboxSettingsFor({ _meta: { template_version: 0 }, fixtures: [] })).toEqual({});
  });

  test('refundsLater puts 1–6 hours between a charge and its refund and changes nothing else', () => {
    const plain = generateScenario({ seed: 11, customers: 10, months: 2 });
    const later = generateScenario({ seed: 11, customers: 10, months: 2, refundsLater: true });
    const waits = later.fixtures.filter((s) => isSandboxStep(s) && s.seconds !== undefined);
    const refunds = later.fixtures.filter((s) => !isSandboxStep(s) && s.path === '/v1/refunds');
    expect(waits).toHaveLength(refunds.length);
    for (const w of waits) expect(isSandboxStep(w) && (w.seconds ?? 0) / 3600).toBeGreaterThanOrEqual(1);
    expect(later.fixtures.filter((s) => !waits.includes(s))).toEqual(plain.fixtures);
  });

  test('USD, EUR, GBP and JPY customers on a USD + EUR account: GBP/JPY convert, refunds at their own rate', async () => {
    const file = generateScenario({ seed: 5, customers: 12, months: 1, refundsLater: true });
    const sandbox = new StripeSandbox({ seed: 5, settings: sandboxSettingsFor(file) });
    const run = await runFixtures(file, sandboxTarget(sandbox));
    const txns = sandbox.account.list<Stripe.BalanceTransaction & StripeObject>('balance_transaction');
    const charges = sandbox.account.list<Stripe.Charge & StripeObject>('charge').filter((c) => c.captured);
    const txnOf = (id: unknown) => txns.find((t) => t.id === id);
    for (const charge of charges) {
      const t = txnOf(charge.balance_transaction);
      const converted = charge.currency === 'gbp' || charge.currency === 'jpy';
      expect(t?.currency).toBe(converted ? 'usd' : charge.currency);
      expect(t?.fee_details.some((f) => f.description === 'Stripe currency conversion fee')).toBe(converted);
      expect(t?.exchange_rate === null).toBe(!converted);
    }
    const refunds = sandbox.account.list<Stripe.Refund & StripeObject>('refund');
    // The refund steps (a credit note refunds in the same second as its invoice's payment: same rate).
    const stepRefunds = new Set(
      Object.entries(run.responses)
        .filter(([name]) => name.startsWith('refund_'))
        .map(([, body]) => (body as { id: string }).id),
    );
    const convertedRefunds = refunds.filter((r) => ['gbp', 'jpy'].includes(r.currency) && stepRefunds.has(r.id));
    expect(convertedRefunds.length).toBeGreaterThan(0);
    for (const r of convertedRefunds) {
      const charge = charges.find((c) => c.id === r.charge);
      expect(r.created - (charge?.created ?? 0)).toBeGreaterThanOrEqual(3600);
      expect(txnOf(r.balance_transaction)?.exchange_rate).not.toBe(txnOf(charge?.balance_transaction)?.exchange_rate);
    }
    const payouts = sandbox.account.list<Stripe.Payout & StripeObject>('payout');
    expect(new Set(payouts.map((p) => p.currency))).toEqual(new Set(['usd', 'eur']));
    for (const p of payouts) {
      const listed = sandbox.request('GET', '/v1/balance_transactions', { payout: p.id, limit: '100' }).body as {
        data: Stripe.BalanceTransaction[];
      };
      expect(listed.data.reduce((sum, t) => sum + t.net, 0)).toBe(0); // the payout's own −amount included
    }
    await sandbox.close();
  });

  test('ISK, UGX and KWD customers: every generated amount is valid for its currency', async () => {
    const file = generateScenario({ seed: 9, customers: 6, months: 1, currencies: ['isk', 'ugx', 'kwd'] });
    const sandbox = new StripeSandbox({ seed: 9, settings: sandboxSettingsFor(file) });
    await runFixtures(file, sandboxTarget(sandbox));
    const charges = sandbox.account.list<Stripe.Charge & StripeObject>('charge');
    expect(new Set(charges.map((c) => c.currency))).toEqual(new Set(['isk', 'ugx', 'kwd']));
    for (const c of charges) expect(c.amount % (c.currency === 'kwd' ? 10 : 100)).toBe(0);
    await sandbox.close();
  });
});

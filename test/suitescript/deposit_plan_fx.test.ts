/**
 * Deposits of payouts holding charges Stripe converted into the payout currency. Figures worked by hand in
 * the comments; NetSuite's side as fx.md models it: a transaction's base amount = its amount × its
 * exchangerate, and a deposit shows a payment of another currency at base amount ÷ the deposit's rate.
 */
import {
  conversionFeeOf,
  planDeposit,
  shownOnDeposit,
  type DepositAccounts,
  type DepositPlan,
  type DepositPlanInput,
  type FeeDetail,
  type NetSuiteSource,
  type PayoutBalanceTransaction,
} from '../../src/suitescript/deposits/depositPlan';

const BANK_USD = 10;
const BANK_EUR = 11;
const FEES = 600;
const CONVERSION = 620;
const FX = 690;

const ACCOUNTS: DepositAccounts = { bank: BANK_USD, fees: FEES, byCategory: {}, fxGainLoss: FX };

const processing = (amount: number): FeeDetail => ({
  amount,
  type: 'stripe_fee',
  description: 'Stripe processing fees',
});
const conversion = (amount: number): FeeDetail => ({
  amount,
  type: 'stripe_fee',
  description: 'Stripe currency conversion fee',
});

function bt(
  id: string,
  category: string,
  source: PayoutBalanceTransaction['source'],
  amount: number,
  details: FeeDetail[],
  currency: string,
  exchange_rate: number | null,
): PayoutBalanceTransaction {
  const fee = details.reduce((s, d) => s + d.amount, 0);
  return {
    id,
    reporting_category: category,
    source,
    amount,
    fee,
    net: amount - fee,
    currency,
    exchange_rate,
    fee_details: details,
  };
}

function ns(
  transactionId: number,
  type: NetSuiteSource['type'],
  amountMinor: number,
  currency: string,
  exchangeRate: number,
  baseAmountMinor: number | null = null,
): NetSuiteSource {
  return {
    transactionId,
    type,
    amountMinor,
    currency,
    inUndepositedFunds: true,
    depositedIn: null,
    exchangeRate,
    baseAmountMinor,
  };
}

function plan(
  input: Partial<DepositPlanInput> & Pick<DepositPlanInput, 'payout' | 'balanceTransactions'>,
): DepositPlan {
  const result = planDeposit({ netsuite: new Map(), accounts: ACCOUNTS, ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}

const lines = (p: DepositPlan, side: 'cashback' | 'other'): [number, string, number][] =>
  (p.parts[0]?.[side] ?? []).map((l) => [l.account, l.category, l.amountMinor]);

// £100.00 at Stripe's 1.2537 → $125.37; processing fee $3.94, conversion fee $1.25: net $120.18.
const gbpCharge = bt('txn_gbp', 'charge', 'ch_gbp', 12537, [processing(394), conversion(125)], 'usd', 1.2537);
// A USD charge of $50.00, fee $1.75: net $48.25.
const usdCharge = bt('txn_usd', 'charge', 'ch_usd', 5000, [processing(175)], 'usd', null);
const usdPayment = ns(102, 'customerpayment', 5000, 'USD', 1, 5000);

/** What NetSuite holds for the GBP charge (as given) and the USD charge of the payout below. */
const withUsdPayment = (gbp: NetSuiteSource): Map<string, NetSuiteSource> =>
  new Map([
    ['ch_gbp', gbp],
    ['ch_usd', usdPayment],
  ]);

describe('a GBP charge settled in USD, USD payout, USD base currency', () => {
  const payout = { id: 'po_usd', amount: 12018 + 4825, currency: 'usd' };
  const balanceTransactions = [gbpCharge, usdCharge];

  test("booked at Stripe's rate: the payment shows its settled amount, no exchange difference", () => {
    const p = plan({
      payout,
      balanceTransactions,
      netsuite: withUsdPayment(ns(101, 'customerpayment', 10000, 'GBP', 1.2537, 12537)),
    });
    expect(p.parts[0]?.payments.map((l) => [l.transactionId, l.amountMinor, l.settledMinor])).toEqual([
      [101, 12537, 12537],
      [102, 5000, 5000],
    ]);
    // Processing fees 3.94 + 1.75 on one line; the conversion fee on its own line, to the fees account.
    expect(lines(p, 'cashback')).toEqual([
      [FEES, 'fee', 569],
      [FEES, 'conversion_fee', 125],
    ]);
    expect(lines(p, 'other')).toEqual([]);
    expect(p.proof.totalMinor).toBe(16843);
    expect(p.proof.exchangeDifferenceMinor).toBe(0);
  });

  test('the conversion fee goes to its own account when one is set', () => {
    const p = plan({
      payout,
      balanceTransactions,
      netsuite: withUsdPayment(ns(101, 'customerpayment', 10000, 'GBP', 1.2537)),
      accounts: { ...ACCOUNTS, conversionFees: CONVERSION },
    });
    expect(lines(p, 'cashback')).toEqual([
      [FEES, 'fee', 569],
      [CONVERSION, 'conversion_fee', 125],
    ]);
    expect(p.parts[0]?.cashback[1]?.memo).toBe('Stripe: currency conversion fees, po_usd (1 balance transactions)');
  });

  test("booked at NetSuite's own rate 1.25: Stripe settled $0.37 more, an FX gain as an other deposit", () => {
    const p = plan({
      payout,
      balanceTransactions,
      netsuite: withUsdPayment(ns(101, 'customerpayment', 10000, 'GBP', 1.25)),
    });
    expect(p.parts[0]?.payments[0]?.amountMinor).toBe(12500);
    expect(lines(p, 'other')).toEqual([[FX, 'fx_gain_loss', 37]]);
    expect(p.parts[0]?.other[0]?.balanceTransactions).toEqual(['txn_gbp']);
    expect(p.proof).toMatchObject({ exchangeDifferenceMinor: 37, totalMinor: 16843, otherMinor: 37 });
  });

  test('booked at 1.26: Stripe settled $0.63 less, an FX loss as cash back', () => {
    const p = plan({
      payout,
      balanceTransactions,
      netsuite: withUsdPayment(ns(101, 'customerpayment', 10000, 'GBP', 1.26)),
    });
    expect(lines(p, 'cashback')).toEqual([
      [FEES, 'fee', 569],
      [FEES, 'conversion_fee', 125],
      [FX, 'fx_gain_loss', 63],
    ]);
    expect(p.proof.exchangeDifferenceMinor).toBe(-63);
    expect(p.proof.totalMinor).toBe(16843);
  });

  test('the base amount NetSuite holds wins over amount × rate (its own rounding of the rate)', () => {
    const p = plan({
      payout,
      balanceTransactions,
      netsuite: withUsdPayment(ns(101, 'customerpayment', 10000, 'GBP', 1.2537, 12536)),
    });
    expect(lines(p, 'other')).toEqual([[FX, 'fx_gain_loss', 1]]);
  });

  test('account_missing: an exchange difference and no FX gain/loss account', () => {
    const result = planDeposit({
      payout,
      balanceTransactions,
      netsuite: withUsdPayment(ns(101, 'customerpayment', 10000, 'GBP', 1.25)),
      accounts: { ...ACCOUNTS, fxGainLoss: null },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      {
        code: 'account_missing',
        balanceTransaction: 'txn_gbp',
        detail: 'No account is mapped for FX gain/loss (balance transactions txn_gbp)',
      },
    ]);
  });

  test('no FX gain/loss account is needed when nothing differs', () => {
    const p = plan({
      payout,
      balanceTransactions,
      netsuite: withUsdPayment(ns(101, 'customerpayment', 10000, 'GBP', 1.2537)),
      accounts: { ...ACCOUNTS, fxGainLoss: null },
    });
    expect(p.proof.totalMinor).toBe(16843);
  });

  test('unequal_amounts: the expanded charge says £100.00, NetSuite holds £99.99', () => {
    const expanded = { ...gbpCharge, source: { id: 'ch_gbp', amount: 10000, amount_captured: 10000, currency: 'gbp' } };
    const result = planDeposit({
      payout,
      balanceTransactions: [expanded as PayoutBalanceTransaction, usdCharge],
      netsuite: withUsdPayment(ns(101, 'customerpayment', 9999, 'GBP', 1.2537)),
      accounts: ACCOUNTS,
    });
    expect(result.ok ? [] : result.problems.map((p) => [p.code, p.balanceTransaction, p.detail])).toEqual([
      ['unequal_amounts', 'txn_gbp', "customerpayment 101 is 99.99 GBP, Stripe's ch_gbp is 100.00 GBP"],
    ]);
  });

  test('a payment in another currency that Stripe did not convert is still refused', () => {
    const result = planDeposit({
      payout: { id: 'po_usd', amount: 4825, currency: 'usd' },
      balanceTransactions: [usdCharge],
      netsuite: new Map([['ch_usd', ns(102, 'customerpayment', 4600, 'EUR', 1.087)]]),
      accounts: ACCOUNTS,
    });
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(['unequal_amounts']);
  });
});

test('a EUR invoice paid, then partly refunded at another rate, in one USD payout', () => {
  // Charge €200.00 at 1.0842 → $216.84, fees $6.59 + conversion $2.17; refund €50.00 at 1.0951 → −$54.76
  // (not a quarter of $216.84: the rate moved). NetSuite: payment at 1.0842 (base $216.84), refund at
  // Stripe's refund rate 1.0951 (base $54.755 → $54.76), so no difference.
  const charge = bt('txn_c', 'charge', 'ch_eur', 21684, [processing(659), conversion(217)], 'usd', 1.0842);
  const refund = bt('txn_r', 'refund', 're_eur', -5476, [], 'usd', 1.0951);
  const payoutAmount = 21684 - 659 - 217 - 5476;
  const p = plan({
    payout: { id: 'po_mixed', amount: payoutAmount, currency: 'usd' },
    balanceTransactions: [charge, refund],
    netsuite: new Map([
      ['ch_eur', ns(201, 'customerpayment', 20000, 'EUR', 1.0842)],
      ['re_eur', ns(202, 'customerrefund', 5000, 'EUR', 1.0951)],
    ]),
  });
  expect(p.parts[0]?.payments.map((l) => [l.transactionId, l.amountMinor, l.depositMinor])).toEqual([
    [201, 21684, 21684],
    [202, 5476, -5476],
  ]);
  expect(p.proof.exchangeDifferenceMinor).toBe(0);
  expect(p.proof.totalMinor).toBe(payoutAmount);

  // Had the refund been booked at the charge's rate (base €50 × 1.0842 = $54.21), Stripe paid out $0.55
  // more to the customer than NetSuite shows: an FX loss.
  const atChargeRate = plan({
    payout: { id: 'po_mixed', amount: payoutAmount, currency: 'usd' },
    balanceTransactions: [charge, refund],
    netsuite: new Map([
      ['ch_eur', ns(201, 'customerpayment', 20000, 'EUR', 1.0842)],
      ['re_eur', ns(202, 'customerrefund', 5000, 'EUR', 1.0842)],
    ]),
  });
  expect(atChargeRate.parts[0]?.payments[1]?.depositMinor).toBe(-5421);
  expect(lines(atChargeRate, 'cashback')).toContainEqual([FX, 'fx_gain_loss', 55]);
  expect(atChargeRate.proof.totalMinor).toBe(payoutAmount);
});

test('a JPY charge settled in USD: ¥5,000 at 0.0067 → $33.50', () => {
  const p = plan({
    payout: { id: 'po_jpy', amount: 3350 - 127, currency: 'usd' },
    balanceTransactions: [bt('txn_j', 'charge', 'ch_jpy', 3350, [processing(127)], 'usd', 0.0067)],
    netsuite: new Map([['ch_jpy', ns(301, 'customerpayment', 5000, 'JPY', 0.0067)]]),
  });
  expect(p.parts[0]?.payments[0]?.amountMinor).toBe(3350);
  expect(p.proof.exchangeDifferenceMinor).toBe(0);
});

test('a EUR payout with a USD base currency: GBP charge shown at its base amount ÷ the deposit rate', () => {
  // £100.00 settled €115.00 (1.15), fee €3.00. NetSuite: the payment at its table rate 1.26 USD/GBP, base
  // $126.00; the EUR deposit at 1.09 USD/EUR shows $126.00 / 1.09 = €115.5963… → €115.60. Stripe settled
  // €0.60 less: an FX loss. The payout goes to the EUR bank account.
  const p = plan({
    payout: { id: 'po_eur', amount: 11200, currency: 'eur' },
    balanceTransactions: [bt('txn_g', 'charge', 'ch_g', 11500, [processing(300)], 'eur', 1.15)],
    netsuite: new Map([['ch_g', ns(401, 'customerpayment', 10000, 'GBP', 1.26)]]),
    accounts: { ...ACCOUNTS, bank: BANK_EUR },
    exchange: { baseCurrency: 'USD', depositRate: 1.09 },
  });
  expect(p.bankAccount).toBe(BANK_EUR);
  expect(p.currency).toBe('eur');
  expect(p.parts[0]?.payments[0]?.amountMinor).toBe(11560);
  expect(lines(p, 'cashback')).toEqual([
    [FEES, 'fee', 300],
    [FX, 'fx_gain_loss', 60],
  ]);
  expect(p.proof.totalMinor).toBe(11200);
});

describe('shownOnDeposit', () => {
  const usd = { baseCurrency: 'usd', depositRate: 1 };
  test('a transaction in the payout currency shows its own amount', () => {
    expect(shownOnDeposit(ns(1, 'customerpayment', 4321, 'EUR', 1.09), 'eur', usd)).toBe(4321);
  });
  test('KWD base: NetSuite keeps two decimals, so £100.00 × 0.38456 = 38.456 → 38.46 KWD', () => {
    const kwd = { baseCurrency: 'kwd', depositRate: 1 };
    expect(shownOnDeposit(ns(1, 'customerpayment', 10000, 'GBP', 0.38456), 'kwd', kwd)).toBe(38460);
  });
  test('JPY payout and base: whole yen', () => {
    const jpy = { baseCurrency: 'jpy', depositRate: 1 };
    expect(shownOnDeposit(ns(1, 'customerpayment', 1999, 'USD', 149.876), 'jpy', jpy)).toBe(2996);
  });
  test('neither base amount nor rate: null', () => {
    expect(shownOnDeposit({ ...ns(1, 'customerpayment', 100, 'GBP', 1), exchangeRate: null }, 'usd', usd)).toBeNull();
  });
});

describe('conversionFeeOf', () => {
  test("only stripe_fee entries described as Stripe's currency conversion fee", () => {
    const b = bt(
      't',
      'charge',
      'ch',
      1000,
      [processing(59), conversion(10), { amount: 7, type: 'tax', description: 'VAT' }],
      'usd',
      1.1,
    );
    expect(conversionFeeOf(b)).toBe(10);
    expect(
      conversionFeeOf({
        ...b,
        fee_details: [{ amount: 5, type: 'application_fee', description: 'currency conversion' }],
      }),
    ).toBe(0);
    expect(conversionFeeOf({ ...b, fee_details: undefined })).toBe(0);
  });
});

test('exchange_rate_missing: a EUR payout whose deposit rate to the USD base currency is unknown', () => {
  const result = planDeposit({
    payout: { id: 'po_eur', amount: 11200, currency: 'eur' },
    balanceTransactions: [bt('txn_g', 'charge', 'ch_g', 11500, [processing(300)], 'eur', 1.15)],
    netsuite: new Map([['ch_g', ns(401, 'customerpayment', 10000, 'GBP', 1.26)]]),
    accounts: { ...ACCOUNTS, bank: BANK_EUR },
    exchange: { baseCurrency: 'usd', depositRate: null },
  });
  expect(result.ok ? [] : result.problems.map((p) => [p.code, p.detail])).toEqual([
    ['exchange_rate_missing', 'No EUR → USD rate for the deposit of customerpayment 401'],
  ]);
});

describe('whole-unit payouts (HUF, TWD): Stripe carries the fraction of a unit to a later payout', () => {
  const UNDEPOSITED = 120;
  // A HUF charge of 12,500.50 Ft, fee 362.51 Ft: net 12,137.99 Ft; the payout takes 12,137 Ft.
  const hufCharge = bt('txn_huf', 'charge', 'ch_huf', 1250050, [processing(36251)], 'huf', null);
  const hufPayment = ns(301, 'customerpayment', 1250050, 'HUF', 0.0027);
  const accounts: DepositAccounts = { ...ACCOUNTS, bank: 12, undepositedFunds: UNDEPOSITED };

  it('leaves the fraction in Undeposited Funds, so the deposit is the payout', () => {
    const p = plan({
      payout: { id: 'po_huf', amount: 1213700, currency: 'huf' },
      balanceTransactions: [hufCharge],
      netsuite: new Map([['ch_huf', hufPayment]]),
      accounts,
    });
    expect(lines(p, 'cashback')).toEqual([
      [FEES, 'fee', 36251],
      [UNDEPOSITED, 'carried_balance', 99],
    ]);
    expect(p.proof.totalMinor).toBe(1213700);
  });

  it('takes a carried fraction out of Undeposited Funds when a later payout pays it', () => {
    const later = bt('txn_huf2', 'charge', 'ch_huf2', 100000, [processing(3050)], 'huf', null);
    const p = plan({
      // 969.50 Ft net plus the 0.99 Ft carried is 970.49 Ft: the payout takes 970 Ft, 0.50 of it carried.
      payout: { id: 'po_huf2', amount: 97000, currency: 'huf' },
      balanceTransactions: [later],
      netsuite: new Map([['ch_huf2', ns(302, 'customerpayment', 100000, 'HUF', 0.0027)]]),
      accounts,
    });
    expect(lines(p, 'other')).toEqual([[UNDEPOSITED, 'carried_balance', 50]]);
  });

  it('is no licence for other differences: a USD payout off by a cent is a problem', () => {
    const result = planDeposit({
      payout: { id: 'po_usd_off', amount: 4824, currency: 'usd' },
      balanceTransactions: [usdCharge],
      netsuite: new Map([['ch_usd', usdPayment]]),
      accounts: { ...ACCOUNTS, undepositedFunds: UNDEPOSITED },
    });
    expect(result.ok).toBe(false);
  });
});

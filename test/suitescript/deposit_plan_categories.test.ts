import {
  STRIPE_REPORTING_CATEGORIES,
  categoriesToMap,
  planDeposit,
  problemsForAdmin,
  sourcesToLookUp,
  type DepositAccounts,
  type DepositPlan,
  type DepositPlanInput,
  type DepositPlanResult,
  type NetSuiteSource,
  type PayoutBalanceTransaction,
} from '../../src/suitescript/deposits/depositPlan';

/**
 * How each of Stripe's reporting categories lands on a deposit (Stripe, "Reporting categories and types",
 * docs.stripe.com/reports/reporting-categories). Expected amounts are worked out by hand in the comments.
 */
const BANK = 10;
const FEES = 600;
const DISPUTE_FEES = 610;
const TAX = 620;
const TRANSFERS = 800;
const TRANSFER_REVERSALS = 801;
const PLATFORM = 810;
const PLATFORM_REFUNDS = 811;
const COLLECTIONS = 820;
const RESERVES = 830;

const ACCOUNTS: DepositAccounts = { bank: BANK, fees: FEES, disputeFees: DISPUTE_FEES, byCategory: {} };

type Source = PayoutBalanceTransaction['source'];

function bt(id: string, reporting_category: string, source: Source, amount: number, fee = 0): PayoutBalanceTransaction {
  return { id, reporting_category, source, amount, fee, net: amount - fee, currency: 'usd', exchange_rate: null };
}

function payment(transactionId: number, amountMinor: number): NetSuiteSource {
  return {
    transactionId,
    type: 'customerpayment',
    amountMinor,
    currency: 'USD',
    inUndepositedFunds: true,
    depositedIn: null,
  };
}

function run(
  input: Partial<DepositPlanInput> & Pick<DepositPlanInput, 'payout' | 'balanceTransactions'>,
): DepositPlanResult {
  return planDeposit({ netsuite: new Map(), accounts: ACCOUNTS, ...input });
}

function plan(
  input: Partial<DepositPlanInput> & Pick<DepositPlanInput, 'payout' | 'balanceTransactions'>,
): DepositPlan {
  const result = run(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}

function lines(p: DepositPlan, side: 'cashback' | 'other'): [number, string, number, string[]][] {
  return (p.parts[0]?.[side] ?? []).map((l) => [l.account, l.category, l.amountMinor, l.balanceTransactions]);
}

function payments(p: DepositPlan): [number, number, string[]][] {
  return (p.parts[0]?.payments ?? []).map((l) => [l.transactionId, l.depositMinor, l.balanceTransactions]);
}

describe('partial_capture_reversal: part of its charge, whose payment NetSuite booked at the captured amount', () => {
  // Authorised 100.00, captured 60.00: Stripe's charge transaction is the full 100.00 (fee 2.04 on 60.00:
  // 2.9% = 1.74, + 0.30), the reversal −40.00. Payout: 100.00 − 2.04 − 40.00 = 57.96.
  const payout = { id: 'po_pc', amount: 5796, currency: 'usd' };
  const netsuite = new Map([['ch_pc', payment(101, 6000)]]);

  test.each<[string, Source]>([
    ['the charge ID', 'ch_pc'],
    ['the charge, expanded', { id: 'ch_pc', object: 'charge', amount: 10000, amount_captured: 6000, currency: 'usd' }],
    ['a refund-like object naming the charge', { id: 'pcr_1', object: 'refund', charge: 'ch_pc' }],
    ['a refund-like object with the charge expanded', { id: 'pcr_2', object: 'refund', charge: { id: 'ch_pc' } }],
  ])('its source is %s: one payment line of 60.00', (_what, source) => {
    const balanceTransactions = [
      bt('txn_c', 'charge', 'ch_pc', 10000, 204),
      bt('txn_r', 'partial_capture_reversal', source, -4000),
    ];
    expect(sourcesToLookUp(balanceTransactions)).toEqual(['ch_pc']);
    const p = plan({ payout, balanceTransactions, netsuite });
    expect(payments(p)).toEqual([[101, 6000, ['txn_c', 'txn_r']]]);
    expect(lines(p, 'cashback')).toEqual([[FEES, 'fee', 204, ['txn_c']]]);
    expect(lines(p, 'other')).toEqual([]);
    expect(p.proof.totalMinor).toBe(5796);
  });

  test('a reversal whose source names no charge is not_synced, not a refund', () => {
    const result = run({
      payout,
      balanceTransactions: [
        bt('txn_c', 'charge', 'ch_pc', 10000, 204),
        bt('txn_r', 'partial_capture_reversal', 're_x', -4000),
      ],
      netsuite,
    });
    expect(result.ok ? [] : result.problems.map((p) => [p.code, p.balanceTransaction, p.detail])).toEqual([
      ['not_synced', 'txn_r', 'A partial_capture_reversal balance transaction without its charge'],
      // The charge alone is 100.00 where NetSuite holds 60.00.
      ['unequal_amounts', 'txn_c', "customerpayment 101 is 60.00 USD, Stripe's ch_pc is 100.00 USD"],
    ]);
  });
});

test('a dispute transaction of amount 0 with a fee (the countered fee) gives only a dispute fee line', () => {
  // Charge 50.00 (fee 1.75); later a dispute transaction of 0.00 carrying a 15.00 fee. 50.00 − 1.75 − 15.00 = 33.25.
  const balanceTransactions = [bt('txn_c', 'charge', 'ch_d', 5000, 175), bt('txn_dz', 'dispute', 'dp_d', 0, 1500)];
  expect(sourcesToLookUp(balanceTransactions)).toEqual(['ch_d']);
  const p = plan({
    payout: { id: 'po_dz', amount: 3325, currency: 'usd' },
    balanceTransactions,
    netsuite: new Map([['ch_d', payment(7, 5000)]]),
  });
  expect(payments(p)).toEqual([[7, 5000, ['txn_c']]]);
  expect(lines(p, 'cashback')).toEqual([
    [FEES, 'fee', 175, ['txn_c']],
    [DISPUTE_FEES, 'dispute_fee', 1500, ['txn_dz']],
  ]);
  expect(p.proof.totalMinor).toBe(3325);
});

describe('tax (tax Stripe charges on its fees)', () => {
  // Charge 20.00 (fee 0.88), VAT on Stripe's fees 0.18: 20.00 − 0.88 − 0.18 = 18.94.
  const input = {
    payout: { id: 'po_tax', amount: 1894, currency: 'usd' },
    balanceTransactions: [bt('txn_c', 'charge', 'ch_t', 2000, 88), bt('txn_tax', 'tax', 'txn_fees_x', -18)],
    netsuite: new Map([['ch_t', payment(8, 2000)]]),
  };

  test('defaults to the fee account, on its own line', () => {
    expect(lines(plan(input), 'cashback')).toEqual([
      [FEES, 'fee', 88, ['txn_c']],
      [FEES, 'tax', 18, ['txn_tax']],
    ]);
  });

  test('goes to the account mapped to tax when there is one', () => {
    const p = plan({ ...input, accounts: { ...ACCOUNTS, byCategory: { tax: TAX } } });
    expect(lines(p, 'cashback')).toEqual([
      [FEES, 'fee', 88, ['txn_c']],
      [TAX, 'tax', 18, ['txn_tax']],
    ]);
    expect(p.parts[0]?.cashback[1]?.memo).toBe('Stripe: tax on Stripe fees, po_tax (1 balance transactions)');
  });

  test('without a fee account or a tax mapping it is account_missing for tax', () => {
    const result = run({ ...input, accounts: { bank: BANK, fees: null, byCategory: {} } });
    expect(result.ok ? [] : result.problems.map((p) => p.detail)).toEqual([
      'No account is mapped for fees (balance transactions txn_c)',
      'No account is mapped for tax (balance transactions txn_tax)',
    ]);
  });
});

test('Connect on a platform: transfers, their reversals, platform earnings, collections and reserves to their accounts', () => {
  // Destination charge 100.00 (fee 3.20) transferred on: −80.00; 10.00 of it reversed back: +10.00.
  // Application fees earned +5.00, one refunded −1.00; collected from a connected account +7.00;
  // reserved for connected accounts' negative balances −6.00, released +2.00.
  // 100.00 − 3.20 − 80.00 + 10.00 + 5.00 − 1.00 + 7.00 − 6.00 + 2.00 = 33.80.
  const p = plan({
    payout: { id: 'po_connect', amount: 3380, currency: 'usd' },
    balanceTransactions: [
      bt('txn_c', 'charge', 'ch_x', 10000, 320),
      bt('txn_tr', 'transfer', 'tr_1', -8000),
      bt('txn_trr', 'transfer_reversal', 'trr_1', 1000),
      bt('txn_fee', 'platform_earning', 'fee_1', 500),
      bt('txn_fr', 'platform_earning_refund', 'fr_1', -100),
      bt('txn_col', 'connect_collection_transfer', 'cct_1', 700),
      bt('txn_res', 'connect_reserved_funds', 'rtx_1', -600),
      bt('txn_rel', 'connect_reserved_funds', 'rtx_2', 200),
    ],
    netsuite: new Map([['ch_x', payment(9, 10000)]]),
    accounts: {
      ...ACCOUNTS,
      byCategory: {
        transfer: TRANSFERS,
        transfer_reversal: TRANSFER_REVERSALS,
        platform_earning: PLATFORM,
        platform_earning_refund: PLATFORM_REFUNDS,
        connect_collection_transfer: COLLECTIONS,
        connect_reserved_funds: RESERVES,
      },
    },
  });
  expect(payments(p)).toEqual([[9, 10000, ['txn_c']]]);
  expect(lines(p, 'cashback')).toEqual([
    [FEES, 'fee', 320, ['txn_c']],
    [TRANSFERS, 'transfer', 8000, ['txn_tr']],
    [PLATFORM_REFUNDS, 'platform_earning_refund', 100, ['txn_fr']],
    [RESERVES, 'connect_reserved_funds', 600, ['txn_res']],
  ]);
  expect(lines(p, 'other')).toEqual([
    [TRANSFER_REVERSALS, 'transfer_reversal', 1000, ['txn_trr']],
    [PLATFORM, 'platform_earning', 500, ['txn_fee']],
    [COLLECTIONS, 'connect_collection_transfer', 700, ['txn_col']],
    [RESERVES, 'connect_reserved_funds', 200, ['txn_rel']],
  ]);
  expect(p.proof).toMatchObject({ paymentsMinor: 10000, otherMinor: 2400, cashbackMinor: 9020, totalMinor: 3380 });
});

test('every other category has no default: unmapped, each is account_missing naming itself and its transactions', () => {
  // 50.00 charge (fee 1.75) with a failed refund back +5.00, a failed charge −3.00, a top-up +20.00 and its
  // reversal −20.00, the returned funds of a failed payout +12.00 and two adjustments −1.00, +0.50.
  // 50.00 − 1.75 + 5.00 − 3.00 + 20.00 − 20.00 + 12.00 − 1.00 + 0.50 = 61.75.
  const result = run({
    payout: { id: 'po_u', amount: 6175, currency: 'usd' },
    balanceTransactions: [
      bt('txn_c', 'charge', 'ch_u', 5000, 175),
      bt('txn_rf', 'refund_failure', 're_f', 500),
      bt('txn_cf', 'charge_failure', 'ch_f', -300),
      bt('txn_tu', 'topup', 'tu_1', 2000),
      bt('txn_tur', 'topup_reversal', 'tu_1', -2000),
      bt('txn_pr', 'payout_reversal', 'po_old', 1200),
      bt('txn_a1', 'other_adjustment', 'adj_1', -100),
      bt('txn_a2', 'other_adjustment', 'adj_2', 50),
    ],
    netsuite: new Map([['ch_u', payment(11, 5000)]]),
  });
  if (result.ok) throw new Error('expected problems');
  expect(result.problems.map((p) => [p.code, p.balanceTransaction, p.detail])).toEqual([
    ['account_missing', 'txn_rf', 'No account is mapped for refund_failure (balance transactions txn_rf)'],
    ['account_missing', 'txn_cf', 'No account is mapped for charge_failure (balance transactions txn_cf)'],
    ['account_missing', 'txn_tu', 'No account is mapped for topup (balance transactions txn_tu)'],
    ['account_missing', 'txn_tur', 'No account is mapped for topup_reversal (balance transactions txn_tur)'],
    ['account_missing', 'txn_pr', 'No account is mapped for payout_reversal (balance transactions txn_pr)'],
    ['account_missing', 'txn_a1', 'No account is mapped for other_adjustment (balance transactions txn_a1, txn_a2)'],
  ]);
  expect(problemsForAdmin(result.problems)).toHaveLength(6);
});

test('mapped, the same categories land on their accounts and the deposit is the payout', () => {
  // 50.00 − 1.75 + 5.00 (refund_failure) + 12.00 (payout_reversal) − 1.00 (other_adjustment) = 64.25.
  const p = plan({
    payout: { id: 'po_m', amount: 6425, currency: 'usd' },
    balanceTransactions: [
      bt('txn_c', 'charge', 'ch_u', 5000, 175),
      bt('txn_rf', 'refund_failure', 're_f', 500),
      bt('txn_pr', 'payout_reversal', 'po_old', 1200),
      bt('txn_a1', 'other_adjustment', 'adj_1', -100),
    ],
    netsuite: new Map([['ch_u', payment(11, 5000)]]),
    accounts: { ...ACCOUNTS, byCategory: { refund_failure: 900, payout_reversal: 901, other_adjustment: 902 } },
  });
  expect(lines(p, 'other')).toEqual([
    [900, 'refund_failure', 500, ['txn_rf']],
    [901, 'payout_reversal', 1200, ['txn_pr']],
  ]);
  expect(lines(p, 'cashback')).toEqual([
    [FEES, 'fee', 175, ['txn_c']],
    [902, 'other_adjustment', 100, ['txn_a1']],
  ]);
  expect(p.proof.totalMinor).toBe(6425);
});

test('account_missing names the first ten balance transactions and counts the rest', () => {
  const adjustments = Array.from({ length: 12 }, (_, i) => bt(`txn_${i + 1}`, 'other_adjustment', `adj_${i}`, 100));
  const result = run({ payout: { id: 'po_many', amount: 1200, currency: 'usd' }, balanceTransactions: adjustments });
  expect(result.ok ? [] : result.problems.map((p) => p.detail)).toEqual([
    'No account is mapped for other_adjustment (balance transactions txn_1, txn_2, txn_3, txn_4, txn_5, txn_6, txn_7, txn_8, txn_9, txn_10 and 2 more)',
  ]);
});

describe('which categories read the Reporting Category Account records', () => {
  test('none for charges, refunds, disputes, partial captures, fees and reinstatements: the settings decide', () => {
    const bts = [
      bt('a', 'charge', 'ch_1', 100),
      bt('b', 'refund', 're_1', -10),
      bt('c', 'dispute', 'dp_1', -10),
      bt('d', 'dispute_reversal', 'dp_1', 10),
      bt('e', 'partial_capture_reversal', 'ch_1', -10),
      bt('f', 'fee', 'fee_1', -1),
      bt('g', 'payout', 'po_1', -79),
    ];
    expect(categoriesToMap(bts)).toEqual([]);
  });
  test('the others, once each, sorted', () => {
    const bts = [
      bt('a', 'topup', 'tu_1', 1),
      bt('b', 'tax', 'x', -1),
      bt('c', 'topup', 'tu_2', 1),
      bt('d', 'charge', 'ch_1', 1),
    ];
    expect(categoriesToMap(bts)).toEqual(['tax', 'topup']);
  });
});

test("Stripe's list holds the categories named on Stripe's reporting categories page", () => {
  for (const category of [
    'charge',
    'refund',
    'dispute',
    'dispute_reversal',
    'fee',
    'tax',
    'partial_capture_reversal',
  ]) {
    expect(STRIPE_REPORTING_CATEGORIES).toContain(category);
  }
  expect(STRIPE_REPORTING_CATEGORIES).toHaveLength(37);
  expect(STRIPE_REPORTING_CATEGORIES.every((c) => /^[a-z_]+$/.test(c))).toBe(true);
});

test('only missing mappings are for the admin: account_missing and bank_deposit_account_missing', () => {
  const problem = (code: Parameters<typeof problemsForAdmin>[0][number]['code']) => ({
    code,
    balanceTransaction: null,
    detail: code,
  });
  const all = [
    problem('not_synced'),
    problem('account_missing'),
    problem('unequal_amounts'),
    problem('bank_deposit_account_missing'),
    problem('already_deposited'),
  ];
  expect(problemsForAdmin(all).map((p) => p.code)).toEqual(['account_missing', 'bank_deposit_account_missing']);
});

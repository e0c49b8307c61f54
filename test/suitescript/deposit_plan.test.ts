import {
  NETSUITE_DEPOSIT_PAYMENT_LINE_LIMIT,
  planDeposit,
  sourcesToLookUp,
  type DepositAccounts,
  type DepositPlan,
  type DepositPlanInput,
  type DepositPlanResult,
  type NetSuiteSource,
  type PayoutBalanceTransaction,
} from '../../src/suitescript/deposits/depositPlan';
import { toMajorUnits, toMinorUnits } from '../../src/suitescript/money';

const BANK = 10;
const FEES = 600;
const DISPUTE_FEES = 610;
const DISPUTE_REVERSALS = 700;
const ADJUSTMENTS = 710;

const ACCOUNTS: DepositAccounts = {
  bank: BANK,
  fees: FEES,
  disputeFees: DISPUTE_FEES,
  byCategory: { dispute_reversal: DISPUTE_REVERSALS, other_adjustment: ADJUSTMENTS },
};

function bt(
  id: string,
  reporting_category: string,
  source: string | null,
  amount: number,
  fee: number,
  currency = 'usd',
  exchange_rate: number | null = null,
): PayoutBalanceTransaction {
  return { id, reporting_category, source, amount, fee, net: amount - fee, currency, exchange_rate };
}

function ns(
  transactionId: number,
  type: NetSuiteSource['type'],
  amountMinor: number,
  currency = 'USD',
): NetSuiteSource {
  return { transactionId, type, amountMinor, currency, inUndepositedFunds: true, depositedIn: null };
}

function plan(
  input: Partial<DepositPlanInput> & Pick<DepositPlanInput, 'payout' | 'balanceTransactions'>,
): DepositPlan {
  const result = planDeposit({ netsuite: new Map(), accounts: ACCOUNTS, ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}

function problemsOf(result: DepositPlanResult): { code: string; balanceTransaction: string | null }[] {
  if (result.ok) throw new Error('expected problems');
  return result.problems.map(({ code, balanceTransaction }) => ({ code, balanceTransaction }));
}

describe('a USD payout of two charges, a refund and a Stripe fee', () => {
  // Charges: 100.00 (fee 2.9% + 0.30 = 3.20) and 25.99 (fee 0.75 + 0.30 = 1.05); refund 20.00; Radar fee 2.00.
  // Net: 96.80 + 24.94 − 20.00 − 2.00 = 99.74.
  const payout = { id: 'po_usd', amount: 9974, currency: 'usd' };
  const balanceTransactions = [
    bt('txn_c1', 'charge', 'ch_1', 10000, 320),
    bt('txn_c2', 'charge', 'ch_2', 2599, 105),
    bt('txn_r1', 'refund', 're_1', -2000, 0),
    bt('txn_f1', 'fee', 'fee_x', -200, 0),
    bt('txn_po', 'payout', 'po_usd', -9974, 0),
  ];
  const netsuite = new Map([
    ['ch_1', ns(101, 'customerpayment', 10000)],
    ['ch_2', ns(102, 'customerpayment', 2599)],
    ['re_1', ns(201, 'customerrefund', 2000)],
  ]);

  test('only charges, refunds and disputes are looked up in NetSuite', () => {
    expect(sourcesToLookUp(balanceTransactions)).toEqual(['ch_1', 'ch_2', 're_1']);
  });

  test('payment lines, one summed fee line, and the proof', () => {
    const p = plan({ payout, balanceTransactions, netsuite });
    expect(p.bankAccount).toBe(BANK);
    expect(p.currency).toBe('usd');
    expect(p.parts).toHaveLength(1);
    const [part] = p.parts;
    expect(part?.payments.map((l) => [l.transactionId, l.type, l.amountMinor, l.depositMinor])).toEqual([
      [101, 'customerpayment', 10000, 10000],
      [102, 'customerpayment', 2599, 2599],
      [201, 'customerrefund', 2000, -2000],
    ]);
    expect(part?.cashback).toEqual([
      {
        account: FEES,
        amountMinor: 625,
        category: 'fee',
        memo: 'Stripe: fees, po_usd (3 balance transactions)',
        balanceTransactions: ['txn_c1', 'txn_c2', 'txn_f1'],
      },
    ]);
    expect(part?.other).toEqual([]);
    expect(part?.totalMinor).toBe(9974);
    expect(p.proof).toEqual({
      paymentsMinor: 12599,
      refundsMinor: 2000,
      otherMinor: 0,
      cashbackMinor: 625,
      totalMinor: 9974,
      payoutMinor: 9974,
      exchangeDifferenceMinor: 0,
    });
    expect(toMajorUnits(p.proof.totalMinor, p.currency)).toBe(99.74);
  });
});

test('JPY (zero-decimal): ¥5,000 and ¥1,200 charges, fees ¥180 and ¥43, payout ¥5,977', () => {
  const p = plan({
    payout: { id: 'po_jpy', amount: 5977, currency: 'jpy' },
    balanceTransactions: [
      bt('txn_j1', 'charge', 'ch_j1', 5000, 180, 'jpy'),
      bt('txn_j2', 'charge', 'ch_j2', 1200, 43, 'jpy'),
    ],
    netsuite: new Map([
      ['ch_j1', ns(1, 'customerpayment', 5000, 'JPY')],
      ['ch_j2', ns(2, 'customerpayment', 1200, 'JPY')],
    ]),
  });
  expect(p.parts[0]?.payments.map((l) => toMajorUnits(l.amountMinor, p.currency))).toEqual([5000, 1200]);
  expect(p.parts[0]?.cashback.map((l) => toMajorUnits(l.amountMinor, p.currency))).toEqual([223]);
  expect(p.proof.totalMinor).toBe(5977);
  expect(toMajorUnits(p.proof.totalMinor, p.currency)).toBe(5977);
});

test('KWD (three-decimal): 12.340 charge, fee 0.398, refund 1.230, payout 10.712', () => {
  const p = plan({
    payout: { id: 'po_kwd', amount: 10712, currency: 'kwd' },
    balanceTransactions: [
      bt('txn_k1', 'charge', 'ch_k1', 12340, 398, 'kwd'),
      bt('txn_k2', 'refund', 're_k1', -1230, 0, 'kwd'),
    ],
    netsuite: new Map([
      ['ch_k1', ns(1, 'customerpayment', 12340, 'KWD')],
      ['re_k1', ns(2, 'customerrefund', 1230, 'KWD')],
    ]),
  });
  expect(p.parts[0]?.payments.map((l) => toMajorUnits(l.amountMinor, p.currency))).toEqual([12.34, 1.23]);
  expect(p.parts[0]?.cashback.map((l) => toMajorUnits(l.amountMinor, p.currency))).toEqual([0.398]);
  expect(p.proof).toMatchObject({ paymentsMinor: 12340, refundsMinor: 1230, cashbackMinor: 398, totalMinor: 10712 });
  expect(toMajorUnits(p.proof.totalMinor, p.currency)).toBe(10.712);
});

test('a dispute and its won reversal: refund line, dispute fee cash back, reversal and fee refund as other deposits', () => {
  // Charge 50.00 (fee 1.75); dispute withdraws 30.00 + 15.00 fee; won: 30.00 back + 15.00 fee back.
  // Net: 48.25 − 45.00 + 45.00 = 48.25.
  const p = plan({
    payout: { id: 'po_d', amount: 4825, currency: 'usd' },
    balanceTransactions: [
      bt('txn_c3', 'charge', 'ch_3', 5000, 175),
      bt('txn_d1', 'dispute', 'dp_1', -3000, 1500),
      bt('txn_d2', 'dispute_reversal', 'dp_1', 3000, -1500),
    ],
    netsuite: new Map([
      ['ch_3', ns(103, 'customerpayment', 5000)],
      ['dp_1', ns(301, 'customerrefund', 3000)],
    ]),
  });
  const part = p.parts[0];
  expect(part?.payments.map((l) => [l.transactionId, l.depositMinor, l.balanceTransactions])).toEqual([
    [103, 5000, ['txn_c3']],
    [301, -3000, ['txn_d1']],
  ]);
  expect(part?.cashback.map((l) => [l.account, l.category, l.amountMinor])).toEqual([
    [FEES, 'fee', 175],
    [DISPUTE_FEES, 'dispute_fee', 1500],
  ]);
  expect(part?.other.map((l) => [l.account, l.category, l.amountMinor])).toEqual([
    [DISPUTE_FEES, 'dispute_fee_refund', 1500],
    [DISPUTE_REVERSALS, 'dispute_reversal', 3000],
  ]);
  expect(p.proof).toEqual({
    paymentsMinor: 5000,
    refundsMinor: 3000,
    otherMinor: 4500,
    cashbackMinor: 1675,
    totalMinor: 4825,
    payoutMinor: 4825,
    exchangeDifferenceMinor: 0,
  });
});

test('other adjustments: positive to other deposits, negative to cash back, on the mapped account', () => {
  // 10.00 charge (fee 0.59), +2.50 and −1.00 adjustments: 9.41 + 2.50 − 1.00 = 10.91.
  const p = plan({
    payout: { id: 'po_adj', amount: 1091, currency: 'usd' },
    balanceTransactions: [
      bt('txn_c', 'charge', 'ch_a', 1000, 59),
      bt('txn_a1', 'other_adjustment', 'adj_1', 250, 0),
      bt('txn_a2', 'other_adjustment', 'adj_2', -100, 0),
    ],
    netsuite: new Map([['ch_a', ns(1, 'customerpayment', 1000)]]),
  });
  expect(p.parts[0]?.other.map((l) => [l.account, l.amountMinor])).toEqual([[ADJUSTMENTS, 250]]);
  expect(p.parts[0]?.cashback.map((l) => [l.account, l.amountMinor])).toEqual([
    [FEES, 59],
    [ADJUSTMENTS, 100],
  ]);
  expect(p.proof.totalMinor).toBe(1091);
});

test('several balance transactions of one source make one payment line', () => {
  // A dispute withdrawn in two parts: −20.00 and −10.00; NetSuite holds one 30.00 refund. 70.00 − 30.00 = 40.00.
  const p = plan({
    payout: { id: 'po_2', amount: 4000, currency: 'usd' },
    balanceTransactions: [
      bt('txn_c', 'charge', 'ch_b', 7000, 0),
      bt('txn_d1', 'dispute', 'dp_2', -2000, 0),
      bt('txn_d2', 'dispute', 'dp_2', -1000, 0),
    ],
    netsuite: new Map([
      ['ch_b', ns(1, 'customerpayment', 7000)],
      ['dp_2', ns(2, 'customerrefund', 3000)],
    ]),
  });
  expect(p.parts[0]?.payments.map((l) => [l.transactionId, l.depositMinor, l.balanceTransactions])).toEqual([
    [1, 7000, ['txn_c']],
    [2, -3000, ['txn_d1', 'txn_d2']],
  ]);
});

describe('problems', () => {
  const payout = { id: 'po_p', amount: 9680, currency: 'usd' };
  const charge = bt('txn_c1', 'charge', 'ch_1', 10000, 320);
  const run = (netsuite: NetSuiteSource | undefined, extra: Partial<DepositPlanInput> = {}): DepositPlanResult =>
    planDeposit({
      payout,
      balanceTransactions: [charge],
      netsuite: new Map(netsuite === undefined ? [] : [['ch_1', netsuite]]),
      accounts: ACCOUNTS,
      ...extra,
    });
  const good = ns(101, 'customerpayment', 10000);

  test('the good case plans', () => {
    expect(run(good).ok).toBe(true);
  });
  test('not_synced: no NetSuite transaction for the source', () => {
    expect(problemsOf(run(undefined))).toEqual([{ code: 'not_synced', balanceTransaction: 'txn_c1' }]);
  });
  test('transaction_type_mismatch: a refund where a payment belongs', () => {
    expect(problemsOf(run({ ...good, type: 'customerrefund' }))).toEqual([
      { code: 'transaction_type_mismatch', balanceTransaction: 'txn_c1' },
    ]);
  });
  test('already_deposited', () => {
    expect(problemsOf(run({ ...good, inUndepositedFunds: false, depositedIn: 900 }))).toEqual([
      { code: 'already_deposited', balanceTransaction: 'txn_c1' },
    ]);
  });
  test('undep_funds_account_mismatch', () => {
    expect(problemsOf(run({ ...good, inUndepositedFunds: false }))).toEqual([
      { code: 'undep_funds_account_mismatch', balanceTransaction: 'txn_c1' },
    ]);
  });
  test('unequal_amounts: a different amount, or a different currency', () => {
    expect(problemsOf(run({ ...good, amountMinor: 9999 }))).toEqual([
      { code: 'unequal_amounts', balanceTransaction: 'txn_c1' },
    ]);
    expect(problemsOf(run({ ...good, currency: 'EUR' }))).toEqual([
      { code: 'unequal_amounts', balanceTransaction: 'txn_c1' },
    ]);
  });
  test('exchange_rate_missing: a converted charge whose NetSuite payment gives neither rate nor base amount', () => {
    const result = planDeposit({
      payout,
      balanceTransactions: [bt('txn_fx', 'charge', 'ch_1', 10000, 320, 'usd', 1.0842)],
      netsuite: new Map([['ch_1', ns(101, 'customerpayment', 9223, 'EUR')]]),
      accounts: ACCOUNTS,
    });
    expect(problemsOf(result)).toEqual([{ code: 'exchange_rate_missing', balanceTransaction: 'txn_fx' }]);
  });
  test('bank_deposit_account_missing', () => {
    expect(problemsOf(run(good, { accounts: { ...ACCOUNTS, bank: null } }))).toEqual([
      { code: 'bank_deposit_account_missing', balanceTransaction: null },
    ]);
  });
  test('account_missing: no fee account, no account for a category', () => {
    const result = planDeposit({
      payout: { id: 'po_p', amount: 9780, currency: 'usd' },
      balanceTransactions: [charge, bt('txn_t', 'topup', 'tu_1', 100, 0)],
      netsuite: new Map([['ch_1', good]]),
      accounts: { bank: BANK, fees: null, byCategory: {} },
    });
    expect(problemsOf(result)).toEqual([
      { code: 'account_missing', balanceTransaction: 'txn_c1' },
      { code: 'account_missing', balanceTransaction: 'txn_t' },
    ]);
  });
  test('account_missing: a category named like an Object property is not mapped', () => {
    const result = planDeposit({
      payout: { id: 'po_p', amount: 9780, currency: 'usd' },
      balanceTransactions: [charge, bt('txn_k', 'constructor', 'x_1', 100, 0)],
      netsuite: new Map([['ch_1', good]]),
      accounts: ACCOUNTS,
    });
    expect(problemsOf(result)).toEqual([{ code: 'account_missing', balanceTransaction: 'txn_k' }]);
  });
  test('payout_total_mismatch: the transactions do not net to the payout', () => {
    expect(problemsOf(run(good, { payout: { ...payout, amount: 9681 } }))).toEqual([
      { code: 'payout_total_mismatch', balanceTransaction: null },
    ]);
  });
  test('payout_total_mismatch: a transaction whose net is not amount − fee', () => {
    const result = planDeposit({
      payout,
      balanceTransactions: [{ ...charge, net: 9681 }],
      netsuite: new Map([['ch_1', good]]),
      accounts: ACCOUNTS,
    });
    expect(problemsOf(result)).toEqual([
      { code: 'payout_total_mismatch', balanceTransaction: 'txn_c1' },
      { code: 'payout_total_mismatch', balanceTransaction: null },
    ]);
  });
  test('payout_total_mismatch: a transaction in another currency, or another payout', () => {
    const result = planDeposit({
      payout,
      balanceTransactions: [
        charge,
        bt('txn_eur', 'other_adjustment', 'adj', 0, 0, 'eur'),
        bt('txn_po', 'payout', 'po_x', -1, 0),
      ],
      netsuite: new Map([['ch_1', good]]),
      accounts: ACCOUNTS,
    });
    expect(problemsOf(result)).toEqual([
      { code: 'payout_total_mismatch', balanceTransaction: 'txn_eur' },
      { code: 'payout_total_mismatch', balanceTransaction: 'txn_po' },
    ]);
  });
  test('every problem is reported, not just the first', () => {
    const result = planDeposit({
      payout: { id: 'po_p', amount: 1, currency: 'usd' },
      balanceTransactions: [charge, bt('txn_r', 'refund', 're_9', -500, 0)],
      netsuite: new Map([['ch_1', { ...good, depositedIn: 5 }]]),
      accounts: { ...ACCOUNTS, bank: null },
    });
    expect(problemsOf(result).map((p) => p.code)).toEqual([
      'bank_deposit_account_missing',
      'already_deposited',
      'not_synced',
      'payout_total_mismatch',
    ]);
  });
});

describe('the 10,000 payment lines of a NetSuite deposit', () => {
  test(`10,001 charges make two deposits: ${NETSUITE_DEPOSIT_PAYMENT_LINE_LIMIT.toLocaleString('en')} lines and 1`, () => {
    // Each charge 10.00, fee 0.59, net 9.41; 10,001 × 9.41 = 94,109.41.
    const balanceTransactions: PayoutBalanceTransaction[] = [];
    const netsuite = new Map<string, NetSuiteSource>();
    for (let i = 0; i < 10_001; i++) {
      balanceTransactions.push(bt(`txn_${i}`, 'charge', `ch_${i}`, 1000, 59));
      netsuite.set(`ch_${i}`, ns(i + 1, 'customerpayment', 1000));
    }
    const p = plan({ payout: { id: 'po_big', amount: 9_410_941, currency: 'usd' }, balanceTransactions, netsuite });
    expect(p.parts.map((part) => part.payments.length)).toEqual([10_000, 1]);
    // Fees ride on the first deposit: 10,000 × 10.00 − 10,001 × 0.59 = 94,099.41; the second is 10.00.
    expect(p.parts.map((part) => part.totalMinor)).toEqual([9_409_941, 1000]);
    expect(p.parts[1]?.cashback).toEqual([]);
    expect(p.proof.totalMinor).toBe(9_410_941);
  });

  test('deposit_total_not_positive: a split that leaves a deposit of refunds only', () => {
    const result = planDeposit({
      payout: { id: 'po_s', amount: 7680, currency: 'usd' },
      balanceTransactions: [bt('txn_c', 'charge', 'ch_1', 10000, 320), bt('txn_r', 'refund', 're_1', -2000, 0)],
      netsuite: new Map([
        ['ch_1', ns(1, 'customerpayment', 10000)],
        ['re_1', ns(2, 'customerrefund', 2000)],
      ]),
      accounts: ACCOUNTS,
      maxPaymentLines: 1,
    });
    expect(problemsOf(result)).toEqual([{ code: 'deposit_total_not_positive', balanceTransaction: null }]);
  });
});

/** Mulberry32: a small seeded generator, so the property test is repeatable. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each([
  ['usd', 1],
  ['jpy', 2],
  ['kwd', 3],
])('1,000 generated balance transactions in %s (seed %i)', (currency, seed) => {
  const random = seeded(seed);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const balanceTransactions: PayoutBalanceTransaction[] = [];
  const netsuite = new Map<string, NetSuiteSource>();
  let payments = 0;
  for (let i = 0; i < 1000; i++) {
    const roll = random();
    const id = `txn_${i}`;
    if (roll < 0.7) {
      const amount = int(50, 2_000_000);
      balanceTransactions.push(bt(id, 'charge', `ch_${i}`, amount, Math.round(amount * 0.029) + 30, currency));
      netsuite.set(`ch_${i}`, ns(i, 'customerpayment', amount, currency));
      payments++;
    } else if (roll < 0.82) {
      const amount = int(1, 300_000);
      const fee = random() < 0.2 ? -int(1, 30) : 0;
      balanceTransactions.push(bt(id, 'refund', `re_${i}`, -amount, fee, currency));
      netsuite.set(`re_${i}`, ns(i, 'customerrefund', amount, currency));
      payments++;
    } else if (roll < 0.86) {
      const amount = int(100, 100_000);
      balanceTransactions.push(bt(id, 'dispute', `dp_${i}`, -amount, 1500, currency));
      netsuite.set(`dp_${i}`, ns(i, 'customerrefund', amount, currency));
      payments++;
    } else if (roll < 0.9) {
      balanceTransactions.push(bt(id, 'dispute_reversal', `dp_old_${i}`, int(100, 100_000), -1500, currency));
    } else if (roll < 0.95) {
      balanceTransactions.push(bt(id, 'fee', `fee_${i}`, -int(1, 5000), 0, currency));
    } else {
      balanceTransactions.push(bt(id, 'other_adjustment', `adj_${i}`, int(-5000, 5000), 0, currency));
    }
  }
  // The payout amount, summed here independently of the plan.
  let payoutAmount = 0;
  for (const t of balanceTransactions) payoutAmount += t.net;
  const payout = { id: `po_gen_${currency}`, amount: payoutAmount, currency };

  test.each([[NETSUITE_DEPOSIT_PAYMENT_LINE_LIMIT], [97]])(
    'the deposit total is the payout amount (%i lines per deposit)',
    (max) => {
      const p = plan({ payout, balanceTransactions, netsuite, maxPaymentLines: max });
      expect(p.parts).toHaveLength(Math.ceil(payments / max));
      expect(p.proof.totalMinor).toBe(payoutAmount);
      expect(p.proof.paymentsMinor - p.proof.refundsMinor + p.proof.otherMinor - p.proof.cashbackMinor).toBe(
        payoutAmount,
      );

      // Recomputed from the lines, and again from each line converted to major units and read back.
      let fromLines = 0;
      let fromMajor = 0;
      let lines = 0;
      for (const part of p.parts) {
        expect(part.payments.length).toBeLessThanOrEqual(max);
        let partTotal = 0;
        for (const l of part.payments) {
          expect(l.amountMinor).toBeGreaterThan(0);
          partTotal += l.depositMinor;
          fromMajor += Math.sign(l.depositMinor) * toMinorUnits(toMajorUnits(l.amountMinor, currency), currency);
        }
        for (const l of part.other) {
          partTotal += l.amountMinor;
          fromMajor += toMinorUnits(toMajorUnits(l.amountMinor, currency), currency);
        }
        for (const l of part.cashback) {
          partTotal -= l.amountMinor;
          fromMajor -= toMinorUnits(toMajorUnits(l.amountMinor, currency), currency);
        }
        expect(part.totalMinor).toBe(partTotal);
        fromLines += partTotal;
        lines += part.payments.length;
      }
      expect(lines).toBe(payments);
      expect(fromLines).toBe(payoutAmount);
      expect(fromMajor).toBe(payoutAmount);
    },
  );
});

describe("a legacy order's charge (issue 14): its customer deposit is deposited like a payment", () => {
  // Order charge 43.00 (fee 2.9% + 0.30 = 1.55) and a plain charge 10.00 (fee 0.59): net 41.45 + 9.41 = 50.86.
  const payout = { id: 'po_or', amount: 5086, currency: 'usd' };
  const balanceTransactions = [
    bt('txn_or', 'charge', 'ch_or', 4300, 155),
    bt('txn_c', 'charge', 'ch_c', 1000, 59),
    bt('txn_po', 'payout', 'po_or', -5086, 0),
  ];

  test('the customer deposit is a payment line at its amount; the deposit totals the payout', () => {
    const netsuite = new Map([
      ['ch_or', ns(301, 'customerdeposit', 4300)],
      ['ch_c', ns(302, 'customerpayment', 1000)],
    ]);
    const planned = plan({ payout, balanceTransactions, netsuite });
    expect(planned.parts[0]?.payments.map((p) => [p.transactionId, p.type, p.depositMinor])).toEqual([
      [301, 'customerdeposit', 4300],
      [302, 'customerpayment', 1000],
    ]);
    expect(planned.parts[0]?.totalMinor).toBe(5086);
  });

  test('a refund is never matched to a customer deposit', () => {
    const refunds = [bt('txn_r', 'refund', 're_x', -1000, 0), bt('txn_po', 'payout', 'po_r', 1000, 0)];
    const result = planDeposit({
      payout: { id: 'po_r', amount: -1000, currency: 'usd' },
      balanceTransactions: refunds,
      netsuite: new Map([['re_x', ns(303, 'customerdeposit', 1000)]]),
      accounts: ACCOUNTS,
    });
    expect(problemsOf(result)).toContainEqual({ code: 'transaction_type_mismatch', balanceTransaction: 'txn_r' });
  });
});

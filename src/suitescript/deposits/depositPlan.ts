import type { StripeFeeDetail, StripePayout, StripePayoutBalanceTransaction } from '../booking/stripeShapes';
import { assertMinorUnits, convertMinorUnits, formatMinorUnits, minorUnitStep } from '../money';

/**
 * Payout → NetSuite deposit maths. Pure: the caller fetches the payout's balance transactions
 * (`GET /v1/balance_transactions?payout=po_…&expand[]=data.source`) and what NetSuite holds for their
 * sources, and gets back either a plan or every reason none can be made. All amounts are minor units of
 * the payout currency; convert with `toMajorUnits` only when writing a field.
 *
 * How each balance transaction lands (classified by `reporting_category`; Stripe, "Reporting categories and
 * types", docs.stripe.com/reports/reporting-categories; the full list in `STRIPE_REPORTING_CATEGORIES`):
 * - `charge`, `refund`, `dispute`: the gross `amount` ticks the NetSuite transaction booked for its source
 *   (a charge's customer payment; a refund's or dispute's customer refund). Several balance transactions of
 *   one source make one line. One with amount 0 (say, a dispute's countered fee alone) moves only its fee.
 * - `partial_capture_reversal`: Stripe records a partial capture as the full authorisation and a reversal of
 *   the uncaptured part, which "summing the two ... yields the captured portion" (same page): it joins its
 *   charge's payment line, which NetSuite booked at the captured amount.
 * - `fee` and every transaction's `fee`: the fees account, cash back when a cost, other deposit when a refund.
 * - `tax` (tax Stripe charges on its fees): the account mapped to `tax`, else the fees account.
 * - `payout`: this payout's own transaction; left out.
 * - anything else (`dispute_reversal`, `other_adjustment`, `refund_failure`, `payout_reversal`, `topup`, the
 *   Connect `transfer` and `platform_earning` kinds, …): the account the caller maps to that category; other
 *   deposit when positive, cash back when negative. Unmapped, it is an `account_missing` problem naming the
 *   category and its balance transactions.
 * Fee and account lines are summed per account and category (one line each, the ids kept on the line), so
 * the line count stays small whatever the payout size; payment lines are one per NetSuite transaction.
 *
 * Charges converted into the payout currency (`exchange_rate` set; also their refunds and disputes) tick
 * their NetSuite transaction, booked in the charge currency, like any other: a deposit lists undeposited
 * payments of every currency at their base amount converted at the deposit's exchange rate (the amount
 * `shownOnDeposit` predicts). What Stripe settled (`amount`, payout currency) and what NetSuite shows differ
 * by the rounding and the rate difference; that difference goes to the FX gain/loss account, as an other
 * deposit when Stripe settled more, cash back when less, so the deposit still equals the payout. Stripe's
 * currency conversion fee, when itemised (a `fee_details` entry of type `stripe_fee` described "Stripe
 * currency conversion fee"; the older fee-adjusted rate folds it into the rate instead, Stripe support,
 * "Understanding your currency conversion fees"), goes to its own account when set, else the fees account.
 *
 * More payment lines than NetSuite allows on a deposit (10,000) split the payout into several deposits, in
 * Stripe's order, with every fee and account line on the first; each must total more than zero
 * (`deposit_total_not_positive` otherwise), and together they total the payout.
 */

/** One entry of a balance transaction's `fee_details`. */
export type FeeDetail = StripeFeeDetail;

/** The fields of a Stripe balance transaction the plan reads. */
export type PayoutBalanceTransaction = StripePayoutBalanceTransaction;

export type PayoutForDeposit = Pick<StripePayout, 'id' | 'amount' | 'currency'>;

export type SourceTransactionType = 'customerpayment' | 'customerrefund';

/**
 * The NetSuite transaction a source is booked as: a charge's customer payment, or for a legacy order's charge
 * its customer deposit (in Undeposited Funds like a payment: Make Deposits lists both); a refund's customer refund.
 */
export type NetSuiteSourceType = SourceTransactionType | 'customerdeposit';

/** Whether a NetSuite transaction of type `ns` books a Stripe source of type `stripe`. */
function booksSource(ns: NetSuiteSourceType, stripe: SourceTransactionType): boolean {
  return ns === stripe || (ns === 'customerdeposit' && stripe === 'customerpayment');
}

/** What NetSuite holds for one Stripe source (a charge's payment, a refund's or dispute's refund). */
export interface NetSuiteSource {
  transactionId: number;
  type: NetSuiteSourceType;
  /** The transaction's own amount, positive, minor units of its currency. */
  amountMinor: number;
  /** ISO code, any case. */
  currency: string;
  inUndepositedFunds: boolean;
  /** The deposit that already holds it, if any. */
  depositedIn: number | null;
  /** NetSuite's `exchangerate`: base currency units per unit of `currency` (1 in the base currency). */
  exchangeRate?: number | null;
  /** What it holds in the base currency (its Undeposited Funds GL line), minor units; else amount × rate. */
  baseAmountMinor?: number | null;
}

/** The currencies a deposit converts between: the subsidiary's base currency and the deposit's rate. */
export interface DepositExchange {
  /** ISO code of the subsidiary's base currency, any case. */
  baseCurrency: string;
  /**
   * The deposit's `exchangerate`: base units per unit of the payout currency (1 when it is the base); null
   * when unknown, which leaves converted charges of a payout outside the base currency unplanned.
   */
  depositRate: number | null;
}

export interface DepositAccounts {
  /** Bank account mapped for the payout currency. */
  bank: number | null;
  /** Stripe fees (cash back) and fee refunds (other deposits). */
  fees: number | null;
  /** Dispute fees and their refunds; defaults to `fees`. */
  disputeFees?: number | null;
  /** Accounts for the other reporting categories, e.g. `dispute_reversal`, `other_adjustment`. */
  byCategory: Readonly<Record<string, number | undefined>>;
  /** Stripe's currency conversion fees; defaults to `fees`. */
  conversionFees?: number | null;
  /** The difference between what Stripe settled converted charges at and what NetSuite shows for them. */
  fxGainLoss?: number | null;
  /**
   * Undeposited Funds: where the fraction of a unit a whole-unit payout (HUF, TWD) leaves in Stripe stays
   * until a later payout carries it out.
   */
  undepositedFunds?: number | null;
}

export interface DepositPlanInput {
  payout: PayoutForDeposit;
  balanceTransactions: readonly PayoutBalanceTransaction[];
  /** Keyed by Stripe source ID (`ch_…`, `re_…`, `dp_…`); see `sourcesToLookUp`. */
  netsuite: ReadonlyMap<string, NetSuiteSource>;
  accounts: DepositAccounts;
  /** Payment lines per deposit; default NETSUITE_DEPOSIT_PAYMENT_LINE_LIMIT. */
  maxPaymentLines?: number;
  /** Needed only for converted charges; default: the payout currency is the base currency. */
  exchange?: DepositExchange;
}

/** NetSuite's ceiling of payment lines on one deposit. */
export const NETSUITE_DEPOSIT_PAYMENT_LINE_LIMIT = 10_000;

export interface PaymentLine {
  transactionId: number;
  type: NetSuiteSourceType;
  sourceId: string;
  /** What the deposit line shows (positive), payout currency: the transaction's amount, or converted. */
  amountMinor: number;
  /** Its effect on the deposit: + for a payment, − for a refund. */
  depositMinor: number;
  /** What Stripe settled for it, with the same sign; ≠ depositMinor only for converted charges. */
  settledMinor: number;
  balanceTransactions: string[];
}

export interface AccountLine {
  account: number;
  /** Positive; cash back lines lower the deposit, other deposit lines raise it. */
  amountMinor: number;
  /**
   * `fee`, `fee_refund`, `dispute_fee`, `dispute_fee_refund`, `conversion_fee`, `conversion_fee_refund`,
   * `fx_gain_loss`, or the reporting category.
   */
  category: string;
  memo: string;
  balanceTransactions: string[];
}

export interface DepositPart {
  /** 0 for the first (or only) deposit of the payout. */
  index: number;
  payments: PaymentLine[];
  cashback: AccountLine[];
  other: AccountLine[];
  totalMinor: number;
}

/** Σ payments − Σ refunds + Σ other − Σ cashback = totalMinor = payout amount. */
export interface DepositProof {
  paymentsMinor: number;
  refundsMinor: number;
  otherMinor: number;
  cashbackMinor: number;
  totalMinor: number;
  payoutMinor: number;
  /** Σ settled − Σ shown of converted charges: the FX gain (+) or loss (−) line, in the totals above. */
  exchangeDifferenceMinor: number;
}

export interface DepositPlan {
  payoutId: string;
  /** Payout currency, lower case: the bank account's currency and the deposits'. */
  currency: string;
  bankAccount: number;
  /** One deposit, or several when the payment lines exceed the limit. */
  parts: DepositPart[];
  proof: DepositProof;
}

export type DepositProblemCode =
  | 'not_synced'
  | 'transaction_type_mismatch'
  | 'already_deposited'
  | 'undep_funds_account_mismatch'
  | 'unequal_amounts'
  | 'exchange_rate_missing'
  | 'bank_deposit_account_missing'
  | 'account_missing'
  | 'payout_total_mismatch'
  | 'deposit_total_not_positive'
  /** A charge or refund of the payout carries `netsuite_block_integration`: never booked, so not depositable. */
  | 'blocked_by_metadata';

export interface DepositProblem {
  code: DepositProblemCode;
  /** The (first) balance transaction concerned; null for the payout as a whole. */
  balanceTransaction: string | null;
  detail: string;
}

export type DepositPlanResult = { ok: true; plan: DepositPlan } | { ok: false; problems: DepositProblem[] };

/** Categories whose amount ticks a NetSuite transaction, and which type that must be. */
const PAYMENT_CATEGORIES: Readonly<Record<string, SourceTransactionType>> = {
  charge: 'customerpayment',
  refund: 'customerrefund',
  dispute: 'customerrefund',
  partial_capture_reversal: 'customerpayment',
};

/**
 * Every `reporting_category` Stripe lists (the enum of `reporting_category` in Stripe's API for report runs,
 * e.g. stripe-java `ReportRunCreateParams.Parameters.ReportingCategory`, and "Reporting categories and
 * types"). Only documentation: the plan takes any category, and an unknown one needs a mapped account.
 */
export const STRIPE_REPORTING_CATEGORIES = [
  'advance',
  'advance_funding',
  'anticipation_repayment',
  'charge',
  'charge_failure',
  'climate_order_purchase',
  'climate_order_refund',
  'connect_collection_transfer',
  'connect_reserved_funds',
  'contribution',
  'dispute',
  'dispute_reversal',
  'fee',
  'financing_paydown',
  'financing_paydown_reversal',
  'financing_payout',
  'financing_payout_reversal',
  'issuing_authorization_hold',
  'issuing_authorization_release',
  'issuing_dispute',
  'issuing_transaction',
  'network_cost',
  'other_adjustment',
  'partial_capture_reversal',
  'payout',
  'payout_reversal',
  'platform_earning',
  'platform_earning_refund',
  'refund',
  'refund_failure',
  'risk_reserved_funds',
  'tax',
  'topup',
  'topup_reversal',
  'transfer',
  'transfer_reversal',
  'unreconciled_customer_funds',
] as const;

/**
 * Categories whose account comes from the settings record alone (payment lines, the fee account, the Dispute
 * Reinstatement Account): a payout holding only these never reads the Reporting Category Account records.
 */
/**
 * The connector's own category for the returned funds of a failed payout whose deposit was reversed by a
 * journal entry (booking/flows/payoutFailures.ts): they wait in Undeposited Funds as one amount.
 */
export const REVERSED_PAYOUT_CATEGORY = 'reversed_payout';

const SETTINGS_CATEGORIES: ReadonlySet<string> = new Set([
  ...Object.keys(PAYMENT_CATEGORIES),
  'fee',
  'payout',
  'dispute_reversal',
  REVERSED_PAYOUT_CATEGORY,
]);

/** The categories of a payout whose account may come from a Reporting Category Account record. */
export function categoriesToMap(balanceTransactions: readonly PayoutBalanceTransaction[]): string[] {
  const found = new Set<string>();
  for (const bt of balanceTransactions) {
    if (!SETTINGS_CATEGORIES.has(bt.reporting_category)) found.add(bt.reporting_category);
  }
  return [...found].sort();
}

/** Problems only an admin can fix (a mapping in the settings): they are told, once per payout. */
export const ADMIN_PROBLEM_CODES: ReadonlySet<DepositProblemCode> = new Set([
  'account_missing',
  'bank_deposit_account_missing',
  // Someone must release the object in Stripe (or book it by hand): the payout waits for it.
  'blocked_by_metadata',
]);

export function problemsForAdmin(problems: readonly DepositProblem[]): DepositProblem[] {
  return problems.filter((p) => ADMIN_PROBLEM_CODES.has(p.code));
}

/** Balance transaction IDs named in a problem's text: the first few, then how many more. */
const NAMED_IDS = 10;

const LINE_LABELS: Readonly<Record<string, string>> = {
  fee: 'fees',
  fee_refund: 'fee refunds',
  dispute_fee: 'dispute fees',
  dispute_fee_refund: 'dispute fee refunds',
  conversion_fee: 'currency conversion fees',
  conversion_fee_refund: 'currency conversion fee refunds',
  fx_gain_loss: 'exchange difference of converted charges',
  tax: 'tax on Stripe fees',
  carried_balance: 'fraction of a unit Stripe carries to another payout',
  reversed_payout: 'funds of a failed payout whose deposit was reversed',
};

/** What a missing account is called in a problem, by line category. */
function accountName(category: string): string {
  if (category.startsWith('dispute_fee')) return 'dispute fees';
  if (category.startsWith('conversion_fee')) return 'currency conversion fees';
  if (category.startsWith('fee')) return 'fees';
  if (category === 'fx_gain_loss') return 'FX gain/loss';
  if (category === 'carried_balance' || category === 'reversed_payout') return 'Undeposited Funds';
  return category;
}

/**
 * Stripe's currency conversion fee within a balance transaction's fee: the `stripe_fee` entries of
 * `fee_details` described as the currency conversion fee (a Stripe example shows
 * `{"type": "stripe_fee", "description": "Stripe currency conversion fee"}` beside "Stripe processing fees").
 */
export function conversionFeeOf(bt: PayoutBalanceTransaction): number {
  let total = 0;
  for (const detail of bt.fee_details ?? []) {
    if (detail.type === 'stripe_fee' && /currency conversion/i.test(detail.description ?? '')) total += detail.amount;
  }
  assertMinorUnits(total, `${bt.id} conversion fee`);
  return total;
}

/**
 * What NetSuite shows for a transaction on a deposit in `payoutCurrency`: its own amount in that currency,
 * else its base amount converted at the deposit's rate (null when NetSuite gave neither base amount nor rate).
 */
export function shownOnDeposit(ns: NetSuiteSource, payoutCurrency: string, exchange: DepositExchange): number | null {
  const payout = payoutCurrency.toLowerCase();
  if (ns.currency.toLowerCase() === payout) return ns.amountMinor;
  const base = exchange.baseCurrency.toLowerCase();
  let baseMinor = ns.baseAmountMinor ?? null;
  if (baseMinor === null && ns.exchangeRate !== undefined && ns.exchangeRate !== null) {
    baseMinor = convertMinorUnits(ns.amountMinor, ns.currency, ns.exchangeRate, base);
  }
  if (baseMinor === null) return null;
  if (base === payout) return baseMinor;
  return exchange.depositRate === null ? null : convertMinorUnits(baseMinor, base, 1 / exchange.depositRate, payout);
}

/** The account mapped to a category (own properties only: a category named `constructor` is not mapped). */
function mappedAccount(accounts: DepositAccounts, category: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(accounts.byCategory, category)
    ? accounts.byCategory[category]
    : undefined;
}

function paymentTypeOf(category: string): SourceTransactionType | undefined {
  return Object.prototype.hasOwnProperty.call(PAYMENT_CATEGORIES, category) ? PAYMENT_CATEGORIES[category] : undefined;
}

function sourceIdOf(bt: PayoutBalanceTransaction): string | null {
  if (bt.source === null) return null;
  return typeof bt.source === 'string' ? bt.source : bt.source.id;
}

/** Source IDs whose NetSuite transactions the plan needs (to look up by external ID in one query). */
export function sourcesToLookUp(balanceTransactions: readonly PayoutBalanceTransaction[]): string[] {
  const ids = new Set<string>();
  for (const bt of balanceTransactions) {
    const id = paymentSourceIdOf(bt);
    if (id !== null && bt.amount !== 0 && paymentTypeOf(bt.reporting_category) !== undefined) ids.add(id);
  }
  return [...ids];
}

/**
 * The Stripe ID whose NetSuite transaction a payment-category balance transaction ticks. A partial capture
 * reversal ticks its charge's payment: its source may be the charge (`ch_`, `py_`) or an object whose
 * `charge` names it (a refund-like object; Stripe gives the reversal `type=refund`).
 */
function paymentSourceIdOf(bt: PayoutBalanceTransaction): string | null {
  if (bt.reporting_category !== 'partial_capture_reversal') return sourceIdOf(bt);
  const source: unknown = bt.source;
  if (typeof source === 'string') return /^(ch|py)_/.test(source) ? source : null;
  if (source === null || typeof source !== 'object') return null;
  const { id, charge } = source as { id?: unknown; charge?: unknown };
  if (typeof id === 'string' && /^(ch|py)_/.test(id)) return id;
  if (typeof charge === 'string') return charge;
  if (charge !== null && typeof charge === 'object') {
    const chargeId = (charge as { id?: unknown }).id;
    return typeof chargeId === 'string' ? chargeId : null;
  }
  return null;
}

interface PaymentGroup {
  sourceId: string;
  type: SourceTransactionType;
  sumMinor: number;
  balanceTransactions: PayoutBalanceTransaction[];
  /** Stripe converted it into the payout currency (`exchange_rate` set). */
  converted: boolean;
}

/** Plans the deposit(s) for a payout, or lists every reason it cannot be made yet. */
export function planDeposit(input: DepositPlanInput): DepositPlanResult {
  const { payout, accounts } = input;
  const currency = payout.currency.toLowerCase();
  const exchange = input.exchange ?? { baseCurrency: currency, depositRate: 1 };
  if (exchange.depositRate !== null && (!Number.isFinite(exchange.depositRate) || exchange.depositRate <= 0)) {
    throw new RangeError(`depositRate: ${exchange.depositRate}`);
  }
  const maxLines = input.maxPaymentLines ?? NETSUITE_DEPOSIT_PAYMENT_LINE_LIMIT;
  if (!Number.isSafeInteger(maxLines) || maxLines < 1) throw new RangeError(`maxPaymentLines: ${maxLines}`);
  assertMinorUnits(payout.amount, `payout ${payout.id} amount`);

  const problems: DepositProblem[] = [];
  const problem = (code: DepositProblemCode, bt: string | null, detail: string): void => {
    problems.push({ code, balanceTransaction: bt, detail });
  };
  const money = (minor: number): string => formatMinorUnits(minor, currency);

  if (accounts.bank === null) {
    problem('bank_deposit_account_missing', null, `No bank account is mapped for ${currency.toUpperCase()}`);
  }

  const groups = new Map<string, PaymentGroup>();
  const accountLines = new Map<string, AccountLine & { side: 'cashback' | 'other' }>();
  const missingAccounts = new Map<string, string[]>();
  let netMinor = 0;

  /** Adds a signed amount (+ raises the deposit) to the summed line of an account and category. */
  const addToAccount = (account: number | null | undefined, category: string, signed: number, bt: string): void => {
    if (signed === 0) return;
    if (account === null || account === undefined) {
      const which = accountName(category);
      const ids = missingAccounts.get(which) ?? [];
      if (ids[ids.length - 1] !== bt) ids.push(bt);
      missingAccounts.set(which, ids);
      return;
    }
    const side = signed > 0 ? 'other' : 'cashback';
    const key = `${side}|${account}|${category}`;
    let line = accountLines.get(key);
    if (line === undefined) {
      line = { side, account, amountMinor: 0, category, memo: '', balanceTransactions: [] };
      accountLines.set(key, line);
    }
    line.amountMinor += Math.abs(signed);
    // A transaction's fee and amount can land on one line, one after the other.
    if (line.balanceTransactions[line.balanceTransactions.length - 1] !== bt) line.balanceTransactions.push(bt);
  };

  for (const bt of input.balanceTransactions) {
    for (const [what, value] of [
      ['amount', bt.amount],
      ['fee', bt.fee],
      ['net', bt.net],
    ] as const) {
      assertMinorUnits(value, `${bt.id} ${what}`);
    }
    const category = bt.reporting_category;
    const sourceId = sourceIdOf(bt);
    const paymentId = paymentSourceIdOf(bt);

    if (category === 'payout') {
      if (sourceId !== payout.id || bt.amount !== -payout.amount) {
        problem('payout_total_mismatch', bt.id, `Payout transaction of ${sourceId ?? 'no source'} in ${payout.id}`);
      }
      continue;
    }
    if (bt.currency.toLowerCase() !== currency) {
      problem(
        'payout_total_mismatch',
        bt.id,
        `In ${bt.currency.toUpperCase()}, the payout is ${currency.toUpperCase()}`,
      );
      continue;
    }
    if (bt.net !== bt.amount - bt.fee) {
      problem('payout_total_mismatch', bt.id, `net ${bt.net} ≠ amount ${bt.amount} − fee ${bt.fee}`);
      continue;
    }
    netMinor += bt.net;

    const dispute = category === 'dispute' || category === 'dispute_reversal';
    const feeAccount = dispute ? (accounts.disputeFees ?? accounts.fees) : accounts.fees;
    const feeCategory = dispute ? 'dispute_fee' : 'fee';
    const conversionFee = conversionFeeOf(bt);
    const otherFee = bt.fee - conversionFee;
    if (otherFee !== 0)
      addToAccount(feeAccount, otherFee > 0 ? feeCategory : `${feeCategory}_refund`, -otherFee, bt.id);
    if (conversionFee !== 0) {
      const category = conversionFee > 0 ? 'conversion_fee' : 'conversion_fee_refund';
      addToAccount(accounts.conversionFees ?? accounts.fees, category, -conversionFee, bt.id);
    }

    const type = paymentTypeOf(category);
    // Amount 0 (a dispute's countered fee alone): its fee is all it moves, and it ticks nothing.
    if (type !== undefined && bt.amount === 0) continue;
    if (type !== undefined) {
      if (paymentId === null) {
        const what = category === 'partial_capture_reversal' ? 'its charge' : 'a source';
        problem('not_synced', bt.id, `A ${category} balance transaction without ${what}`);
        continue;
      }
      let group = groups.get(paymentId);
      if (group === undefined) {
        group = { sourceId: paymentId, type, sumMinor: 0, balanceTransactions: [], converted: false };
        groups.set(paymentId, group);
      }
      group.sumMinor += bt.amount;
      if (bt.exchange_rate !== null && bt.exchange_rate !== undefined) group.converted = true;
      group.balanceTransactions.push(bt);
    } else if (category === 'fee') {
      addToAccount(accounts.fees, bt.amount < 0 ? 'fee' : 'fee_refund', bt.amount, bt.id);
    } else if (category === 'tax') {
      addToAccount(mappedAccount(accounts, 'tax') ?? accounts.fees, 'tax', bt.amount, bt.id);
    } else {
      addToAccount(mappedAccount(accounts, category), category, bt.amount, bt.id);
    }
  }

  const payments: PaymentLine[] = [];
  for (const group of groups.values()) {
    const line = checkSource(group, input.netsuite.get(group.sourceId), currency, exchange, problem, money);
    if (line !== null) payments.push(line);
  }
  // Converted charges: what Stripe settled beyond what NetSuite shows is an exchange gain, short of it a loss.
  const differing = payments.filter((p) => p.settledMinor !== p.depositMinor);
  const exchangeDifference = differing.reduce((sum, p) => sum + p.settledMinor - p.depositMinor, 0);
  if (exchangeDifference !== 0) {
    const bts = differing.flatMap((p) => p.balanceTransactions);
    addToAccount(accounts.fxGainLoss, 'fx_gain_loss', exchangeDifference, bts[0] ?? '');
    const line = accountLines.get(
      `${exchangeDifference > 0 ? 'other' : 'cashback'}|${accounts.fxGainLoss}|fx_gain_loss`,
    );
    if (line !== undefined) line.balanceTransactions = bts;
  }
  for (const [which, ids] of missingAccounts) {
    const named =
      ids.slice(0, NAMED_IDS).join(', ') + (ids.length > NAMED_IDS ? ` and ${ids.length - NAMED_IDS} more` : '');
    problem('account_missing', ids[0] ?? null, `No account is mapped for ${which} (balance transactions ${named})`);
  }

  // HUF and TWD payouts are whole units: Stripe keeps the fraction of the balance for a later payout
  // (docs.stripe.com/currencies, special cases). It stays in Undeposited Funds (cash back) until the payout
  // that carries it out takes it again (other deposit), so Undeposited Funds is what Stripe has not paid out.
  const carried = payout.amount - netMinor;
  if (carried !== 0 && minorUnitStep(currency, 'payout') > 1 && Math.abs(carried) < minorUnitStep(currency, 'payout')) {
    addToAccount(accounts.undepositedFunds, 'carried_balance', carried, input.balanceTransactions[0]?.id ?? '');
    netMinor += carried;
  }
  if (netMinor !== payout.amount) {
    problem(
      'payout_total_mismatch',
      null,
      `The balance transactions net ${money(netMinor)}, the payout is ${money(payout.amount)}`,
    );
  }
  if (problems.length > 0 || accounts.bank === null) return { ok: false, problems };

  const cashback: AccountLine[] = [];
  const other: AccountLine[] = [];
  for (const { side, ...line } of accountLines.values()) {
    const label = LINE_LABELS[line.category] ?? line.category.replace(/_/g, ' ');
    line.memo = `Stripe: ${label}, ${payout.id} (${line.balanceTransactions.length} balance transactions)`;
    (side === 'cashback' ? cashback : other).push(line);
  }

  const parts: DepositPart[] = [];
  for (let start = 0; start === 0 || start < payments.length; start += maxLines) {
    const index = parts.length;
    const chunk = payments.slice(start, start + maxLines);
    // Fees and adjustments go on the first deposit only.
    const part: DepositPart = {
      index,
      payments: chunk,
      cashback: index === 0 ? cashback : [],
      other: index === 0 ? other : [],
      totalMinor: 0,
    };
    part.totalMinor = partTotal(part);
    parts.push(part);
  }

  const sum = (lines: readonly { amountMinor: number }[]): number => lines.reduce((s, l) => s + l.amountMinor, 0);
  const proof: DepositProof = {
    paymentsMinor: sum(payments.filter((p) => p.type !== 'customerrefund')),
    refundsMinor: sum(payments.filter((p) => p.type === 'customerrefund')),
    otherMinor: sum(other),
    cashbackMinor: sum(cashback),
    totalMinor: 0,
    payoutMinor: payout.amount,
    exchangeDifferenceMinor: exchangeDifference,
  };
  proof.totalMinor = proof.paymentsMinor - proof.refundsMinor + proof.otherMinor - proof.cashbackMinor;
  assertMinorUnits(proof.totalMinor, 'deposit total');

  if (proof.totalMinor !== payout.amount) {
    // Unreachable while each balance transaction nets to its lines; kept as the final guard.
    return {
      ok: false,
      problems: [
        { code: 'payout_total_mismatch', balanceTransaction: null, detail: `Lines total ${money(proof.totalMinor)}` },
      ],
    };
  }
  const notPositive = parts.filter((p) => p.totalMinor <= 0);
  if (notPositive.length > 0) {
    return {
      ok: false,
      problems: notPositive.map((p) => ({
        code: 'deposit_total_not_positive' as const,
        balanceTransaction: null,
        detail: `Deposit ${p.index + 1} of ${parts.length} for ${payout.id} would total ${money(p.totalMinor)}`,
      })),
    };
  }

  return { ok: true, plan: { payoutId: payout.id, currency, bankAccount: accounts.bank, parts, proof } };
}

function partTotal(part: DepositPart): number {
  let total = 0;
  for (const p of part.payments) total += p.depositMinor;
  for (const o of part.other) total += o.amountMinor;
  for (const c of part.cashback) total -= c.amountMinor;
  return total;
}

/** The amount and currency Stripe's source object holds (when the list expanded it), for converted sources. */
function sourceAmountOf(group: PaymentGroup): { amountMinor: number; currency: string } | null {
  // A partial capture reversal's source may be a refund-like object: the charge's own transaction tells.
  const source = group.balanceTransactions.find((bt) => bt.reporting_category !== 'partial_capture_reversal')?.source;
  if (source === null || source === undefined || typeof source === 'string') return null;
  const fields = source as { amount?: unknown; amount_captured?: unknown; currency?: unknown };
  const amount = group.type === 'customerpayment' ? (fields.amount_captured ?? fields.amount) : fields.amount;
  if (typeof amount !== 'number' || typeof fields.currency !== 'string') return null;
  return { amountMinor: Math.abs(amount), currency: fields.currency.toLowerCase() };
}

type Problem = (code: DepositProblemCode, bt: string | null, detail: string) => void;

/** Checks the NetSuite transaction of one source against its balance transactions; a line, or null. */
function checkSource(
  group: PaymentGroup,
  ns: NetSuiteSource | undefined,
  currency: string,
  exchange: DepositExchange,
  problem: Problem,
  money: (minor: number) => string,
): PaymentLine | null {
  const first = group.balanceTransactions[0]?.id ?? null;
  const sign = group.type === 'customerpayment' ? 1 : -1;
  if (ns === undefined) {
    problem('not_synced', first, `No NetSuite ${group.type} for ${group.sourceId}`);
    return null;
  }
  if (!booksSource(ns.type, group.type)) {
    problem(
      'transaction_type_mismatch',
      first,
      `${group.sourceId} is a ${ns.type} ${ns.transactionId}, not a ${group.type}`,
    );
    return null;
  }
  if (ns.depositedIn !== null) {
    problem('already_deposited', first, `${ns.type} ${ns.transactionId} is already in deposit ${ns.depositedIn}`);
    return null;
  }
  if (!ns.inUndepositedFunds) {
    problem('undep_funds_account_mismatch', first, `${ns.type} ${ns.transactionId} is not in Undeposited Funds`);
    return null;
  }
  // A charge nets positive, a refund or dispute negative; NetSuite holds the magnitude.
  if (sign * group.sumMinor <= 0) {
    problem('unequal_amounts', first, `Stripe's ${group.sourceId} nets ${money(group.sumMinor)}`);
    return null;
  }
  const sameCurrency = ns.currency.toLowerCase() === currency;
  const shown =
    sameCurrency || !group.converted
      ? checkSameCurrency(group, ns, currency, problem, money)
      : checkConverted(group, ns, currency, exchange, problem);
  if (shown === null) return null;
  return {
    transactionId: ns.transactionId,
    type: ns.type,
    sourceId: group.sourceId,
    amountMinor: shown,
    depositMinor: sign * shown,
    settledMinor: group.sumMinor,
    balanceTransactions: group.balanceTransactions.map((bt) => bt.id),
  };
}

/** A transaction in the payout currency must hold what Stripe settled; what the line shows, or null. */
function checkSameCurrency(
  group: PaymentGroup,
  ns: NetSuiteSource,
  currency: string,
  problem: Problem,
  money: (minor: number) => string,
): number | null {
  const first = group.balanceTransactions[0]?.id ?? null;
  if (ns.currency.toLowerCase() !== currency) {
    problem(
      'unequal_amounts',
      first,
      `${ns.type} ${ns.transactionId} is in ${ns.currency.toUpperCase()}, the payout in ${currency.toUpperCase()} and Stripe converted nothing`,
    );
    return null;
  }
  if (ns.amountMinor !== Math.abs(group.sumMinor)) {
    problem(
      'unequal_amounts',
      first,
      `${ns.type} ${ns.transactionId} is ${money(ns.amountMinor)}, Stripe's ${group.sourceId} is ${money(group.sumMinor)}`,
    );
    return null;
  }
  return ns.amountMinor;
}

/**
 * A converted charge's transaction holds the charge's own amount and currency (checked against the expanded
 * source when the list brought it); the line shows NetSuite's conversion of it, or null.
 */
function checkConverted(
  group: PaymentGroup,
  ns: NetSuiteSource,
  currency: string,
  exchange: DepositExchange,
  problem: Problem,
): number | null {
  const first = group.balanceTransactions[0]?.id ?? null;
  const source = sourceAmountOf(group);
  if (source !== null && (source.currency !== ns.currency.toLowerCase() || source.amountMinor !== ns.amountMinor)) {
    problem(
      'unequal_amounts',
      first,
      `${ns.type} ${ns.transactionId} is ${formatMinorUnits(ns.amountMinor, ns.currency)}, Stripe's ${group.sourceId} is ${formatMinorUnits(source.amountMinor, source.currency)}`,
    );
    return null;
  }
  const shown = shownOnDeposit(ns, currency, exchange);
  if (shown === null) {
    problem(
      'exchange_rate_missing',
      first,
      exchange.depositRate === null && exchange.baseCurrency.toLowerCase() !== currency
        ? `No ${currency.toUpperCase()} → ${exchange.baseCurrency.toUpperCase()} rate for the deposit of ${ns.type} ${ns.transactionId}`
        : `${ns.type} ${ns.transactionId} (${ns.currency.toUpperCase()}) has neither a base amount nor an exchange rate`,
    );
  }
  return shown;
}

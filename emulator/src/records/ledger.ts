import { nsError } from '../errors';
import type { GlLine, Line, StoredRecord } from '../store';
import { fromCents, num, str, toCents } from './values';

/** The accounts NetSuite itself posts to. */
export interface SystemAccounts {
  accountsReceivable: string;
  undepositedFunds: string;
  customerDeposits: string;
  /**
   * The exchange gain/loss accounts NetSuite adds with Multiple Currencies (Oracle help, "Applied Payments
   * and Realized Gain/Loss", "Rounding Gain/Loss", "Currency Revaluation Transactions"; SuiteAnswers 14964
   * "Foreign Currency Revaluation" for Unrealized Matching Gain/Loss). Optional only so account snapshots
   * from before them still load.
   */
  realizedGainLoss?: string;
  unrealizedGainLoss?: string;
  roundingGainLoss?: string;
  unrealizedMatchingGainLoss?: string;
}

export interface LedgerLookups {
  accounts: SystemAccounts;
  /** The account an item line posts to (income account, or a discount item's account). */
  itemAccount(itemId: string): string;
  /** The account a tax code's tax posts to (records/lineTax.ts). */
  taxCodeAccount(taxCodeId: string): string;
  /** Internal ID of the base currency of a transaction's subsidiary. */
  baseCurrency(record: StoredRecord): string;
  /** Decimal places of a currency (NetSuite: 0 or 2). */
  precision(currencyId: string): number;
  /**
   * Base-currency hundredths a payment, customer deposit or refund left in Undeposited Funds (debit
   * positive): what a deposit takes out of it.
   */
  undepositedBase(transactionId: string): number;
}

type Posting = {
  account: string;
  debit: number;
  credit: number;
  entity: string | null;
  memo: string | null;
  /** Set where the base amount is not this line's amount at the transaction's rate (deposits). */
  base?: { debit: number; credit: number };
};

/** Rounds hundredths to a currency's precision (0 decimals: whole hundreds). */
export function roundToPrecision(hundredths: number, precision: number): number {
  if (precision >= 2) return Math.round(hundredths);
  const step = 10 ** (2 - precision);
  return Math.round(hundredths / step) * step;
}

function lineCents(line: Line): number {
  return toCents(num(line['amount']));
}

/**
 * Lines from the item sublist, credit side for sales (sign flips for credit memos). A line with a tax code
 * also posts its tax amount to the code's tax account, on the same side as its amount (Oracle help, "Tax
 * Types Overview": the tax type's Liability/Sales Tax Account is where sales tax is "collected"), so the
 * receivable (the total, tax included) balances.
 */
function itemPostings(record: StoredRecord, lookups: LedgerLookups, entity: string | null, sign: 1 | -1): Posting[] {
  return (record.sublists['item'] ?? []).flatMap((line) => {
    const memo = str(line['description']);
    const out = [sided(lookups.itemAccount(String(line['item'])), lineCents(line) * sign, entity, memo)];
    const code = str(line['taxcode']);
    const tax = toCents(num(line['tax1amt'])) * sign;
    if (code && tax !== 0) out.push(sided(lookups.taxCodeAccount(code), tax, entity, memo));
    return out;
  });
}

/** A credit of `cents` (a debit when negative). */
function sided(account: string, cents: number, entity: string | null, memo: string | null): Posting {
  return { account, debit: cents < 0 ? -cents : 0, credit: cents > 0 ? cents : 0, entity, memo };
}

function receivableAccount(record: StoredRecord, lookups: LedgerLookups): string {
  return str(record.fields['account']) ?? str(record.fields['aracct']) ?? lookups.accounts.accountsReceivable;
}

function cashAccount(record: StoredRecord, lookups: LedgerLookups): string {
  if (record.fields['undepfunds'] === true) return lookups.accounts.undepositedFunds;
  const account = str(record.fields['account']);
  if (!account) throw nsError('USER_ERROR', 'Please enter value(s) for: Account (or tick Undeposited Funds)');
  return account;
}

/** The general ledger lines a saved transaction posts; amounts in cents of its currency. */
export function postings(record: StoredRecord, lookups: LedgerLookups): Posting[] {
  const f = record.fields;
  const total = toCents(num(f['total']));
  switch (record.type) {
    case 'invoice': {
      const entity = str(f['entity']);
      return [
        { account: receivableAccount(record, lookups), debit: total, credit: 0, entity, memo: str(f['memo']) },
        ...itemPostings(record, lookups, entity, 1),
      ];
    }
    case 'creditmemo': {
      const entity = str(f['entity']);
      return [
        { account: receivableAccount(record, lookups), debit: 0, credit: total, entity, memo: str(f['memo']) },
        ...itemPostings(record, lookups, entity, -1),
      ];
    }
    case 'customerpayment': {
      const entity = str(f['customer']);
      const amount = toCents(num(f['payment']));
      return [
        { account: cashAccount(record, lookups), debit: amount, credit: 0, entity, memo: str(f['memo']) },
        {
          account: str(f['aracct']) ?? lookups.accounts.accountsReceivable,
          debit: 0,
          credit: amount,
          entity,
          memo: null,
        },
      ];
    }
    case 'customerrefund': {
      const entity = str(f['customer']);
      const from = str(f['account']) ?? lookups.accounts.undepositedFunds;
      return [
        {
          account: str(f['aracct']) ?? lookups.accounts.accountsReceivable,
          debit: total,
          credit: 0,
          entity,
          memo: null,
        },
        { account: from, debit: 0, credit: total, entity, memo: str(f['memo']) },
      ];
    }
    case 'customerdeposit': {
      const entity = str(f['customer']);
      const amount = toCents(num(f['payment']));
      return [
        { account: cashAccount(record, lookups), debit: amount, credit: 0, entity, memo: str(f['memo']) },
        { account: lookups.accounts.customerDeposits, debit: 0, credit: amount, entity, memo: null },
      ];
    }
    case 'depositapplication': {
      // Oracle help, "Customer Deposit": the deposit is "recorded in the general ledger as a liability … After
      // the order is filled, the deposit is applied against the invoice": applying it moves the amount from the
      // Customer Deposits liability to the customer's receivable (debit Customer Deposits, credit A/R).
      const entity = str(f['customer']);
      return [
        { account: lookups.accounts.customerDeposits, debit: total, credit: 0, entity, memo: str(f['memo']) },
        {
          account: str(f['aracct']) ?? lookups.accounts.accountsReceivable,
          debit: 0,
          credit: total,
          entity,
          memo: null,
        },
      ];
    }
    case 'deposit': {
      const out: Posting[] = [
        { account: String(f['account']), debit: total, credit: 0, entity: null, memo: str(f['memo']) },
      ];
      for (const line of record.sublists['payment'] ?? []) {
        if (line['deposit'] !== true) continue;
        const cents = toCents(num(line['paymentamount']));
        // Undeposited Funds gives up what the payment put in, in base currency, whatever the deposit's rate:
        // the difference is the deposit's Unrealized Matching Gain/Loss (see glLinesFor).
        const base = lookups.undepositedBase(String(line['id']));
        out.push({
          account: lookups.accounts.undepositedFunds,
          debit: cents < 0 ? -cents : 0,
          credit: cents > 0 ? cents : 0,
          entity: str(line['entity']),
          memo: str(line['memo']),
          base: { debit: base < 0 ? -base : 0, credit: base > 0 ? base : 0 },
        });
      }
      for (const line of record.sublists['other'] ?? []) {
        out.push({
          account: String(line['account']),
          debit: 0,
          credit: lineCents(line),
          entity: str(line['entity']),
          memo: str(line['memo']),
        });
      }
      for (const line of record.sublists['cashback'] ?? []) {
        out.push({
          account: String(line['account']),
          debit: lineCents(line),
          credit: 0,
          entity: null,
          memo: str(line['memo']),
        });
      }
      return out;
    }
    case 'journalentry':
    case 'currencyrevaluation':
      return (record.sublists['line'] ?? []).map((line) => ({
        account: String(line['account']),
        debit: toCents(num(line['debit'])),
        credit: toCents(num(line['credit'])),
        entity: str(line['entity']),
        memo: str(line['memo']),
      }));
    default:
      // Sales orders and other non-posting transactions.
      return [];
  }
}

function unbalanced(debit: number, credit: number, what = ''): Error {
  return nsError(
    'UNBALANCED_JOURNAL',
    `The transaction does not balance${what}: debits ${fromCents(debit).toFixed(2)} ≠ credits ${fromCents(credit).toFixed(2)}`,
  );
}

type BasePosting = Posting & { base: { debit: number; credit: number } };

/**
 * Base amounts: each line's amount × the transaction's exchange rate, rounded to the base currency's
 * precision (Oracle help, "Currency Decimal Precision": base amounts keep the base currency's decimals).
 * Rounding lines one by one can leave debits and credits a little apart; NetSuite then adjusts one line
 * (Oracle help, "GL Impact Rounding on Journal Entries": the first line of a journal entry). Other
 * transactions keep their first line (the total: receivables, cash, bank) exact and adjust the largest
 * other line (a guess, emulator README).
 */
function withBase(record: StoredRecord, lines: Posting[], precision: number): BasePosting[] {
  const rate = typeof record.fields['exchangerate'] === 'number' ? record.fields['exchangerate'] : 1;
  const convert = (cents: number): number => roundToPrecision(cents * rate, precision);
  const out = lines.map((p) => ({ ...p, base: p.base ?? { debit: convert(p.debit), credit: convert(p.credit) } }));
  if (record.type === 'deposit') return out;
  const gap = out.reduce((sum, p) => sum + p.base.debit - p.base.credit, 0);
  if (gap === 0 || out.length < 2) return out;
  let target = 0;
  if (record.type !== 'journalentry') {
    target = 1;
    for (let i = 2; i < out.length; i++) {
      const size = (p: BasePosting): number => p.base.debit + p.base.credit;
      if (size(out[i] as BasePosting) > size(out[target] as BasePosting)) target = i;
    }
  }
  const line = out[target] as BasePosting;
  if (line.base.debit > 0) line.base = { debit: line.base.debit - gap, credit: 0 };
  else line.base = { debit: 0, credit: line.base.credit + gap };
  return out;
}

/**
 * What a deposit leaves in base currency when it takes in payments booked at other rates than its own:
 * NetSuite posts it to Unrealized Matching Gain/Loss "as part of the bank deposit, regardless of the dates
 * of the customer payment and bank deposit" (SuiteAnswers 14964, "Foreign Currency Revaluation", quoted on
 * community.oracle.com "Calculate Unrealized Matching Gain or Loss").
 */
function matchingGainLoss(lines: BasePosting[], lookups: LedgerLookups): BasePosting[] {
  const gap = lines.reduce((sum, p) => sum + p.base.debit - p.base.credit, 0);
  if (gap === 0) return lines;
  const account = lookups.accounts.unrealizedMatchingGainLoss;
  if (!account)
    throw unbalanced(
      gap > 0 ? gap : 0,
      gap < 0 ? -gap : 0,
      ' in base currency (no Unrealized Matching Gain/Loss account)',
    );
  const gain = { debit: gap < 0 ? -gap : 0, credit: gap > 0 ? gap : 0 };
  return [...lines, { account, debit: 0, credit: 0, entity: null, memo: 'Unrealized Matching Gain/Loss', base: gain }];
}

/** GL lines for the store, or a NetSuite-style error if they do not balance. */
export function glLinesFor(record: StoredRecord, lookups: LedgerLookups): GlLine[] {
  const posted = postings(record, lookups).filter((p) => p.debit !== 0 || p.credit !== 0);
  const debit = posted.reduce((sum, p) => sum + p.debit, 0);
  const credit = posted.reduce((sum, p) => sum + p.credit, 0);
  if (debit !== credit) throw unbalanced(debit, credit);
  const currency = String(record.fields['currency']);
  const baseCurrency = lookups.baseCurrency(record);
  let lines = withBase(record, posted, lookups.precision(baseCurrency));
  if (record.type === 'deposit') lines = matchingGainLoss(lines, lookups);
  lines = lines.filter((p) => p.debit !== 0 || p.credit !== 0 || p.base.debit !== 0 || p.base.credit !== 0);
  return lines.map((p, index) => ({
    transactionId: record.id,
    transactionType: record.type,
    line: index,
    account: p.account,
    currency,
    debit: p.debit,
    credit: p.credit,
    baseDebit: p.base.debit,
    baseCredit: p.base.credit,
    baseCurrency,
    entity: p.entity,
    memo: p.memo,
  }));
}

export interface TrialBalanceRow {
  account: string;
  /** Currency internal ID: the base currency (trialBalance) or the transaction currency (trialBalanceByCurrency). */
  currency: string;
  /** Sums in major units (two decimals), as NetSuite shows them. */
  debit: number;
  credit: number;
}

function netted(
  rows: Iterable<{ account: string; currency: string; debit: number; credit: number }>,
): TrialBalanceRow[] {
  const sums = new Map<string, { account: string; currency: string; net: number }>();
  for (const line of rows) {
    const key = `${line.account}|${line.currency}`;
    const entry = sums.get(key) ?? { account: line.account, currency: line.currency, net: 0 };
    entry.net += line.debit - line.credit;
    sums.set(key, entry);
  }
  return [...sums.values()]
    .filter((e) => e.net !== 0)
    .sort((a, b) => Number(a.account) - Number(b.account) || Number(a.currency) - Number(b.currency))
    .map((e) => ({
      account: e.account,
      currency: e.currency,
      debit: e.net > 0 ? fromCents(e.net) : 0,
      credit: e.net < 0 ? fromCents(-e.net) : 0,
    }));
}

/** A line's base amounts; lines written without them count at their transaction's rate. */
export type BaseOf = (line: GlLine) => { currency: string; debit: number; credit: number };

/**
 * The trial balance an accountant reads: each account's net in the base currency (Oracle help, "Currency
 * Management": the general ledger is kept in the base currency of each subsidiary). One row per account and
 * base currency; `currency` is the base currency.
 */
export function trialBalance(lines: readonly GlLine[], baseOf: BaseOf): TrialBalanceRow[] {
  return netted(lines.map((line) => ({ account: line.account, ...baseOf(line) })));
}

/** Debit and credit totals per account and transaction currency (the foreign-currency view beside it). */
export function trialBalanceByCurrency(lines: readonly GlLine[]): TrialBalanceRow[] {
  return netted(lines);
}

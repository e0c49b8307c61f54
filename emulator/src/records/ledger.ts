import { nsError } from '../errors';
import type { GlLine, Line, StoredRecord } from '../store';
import { fromCents, num, str, toCents } from './values';

/** The accounts NetSuite itself posts to. */
export interface SystemAccounts {
  accountsReceivable: string;
  undepositedFunds: string;
  customerDeposits: string;
}

export interface LedgerLookups {
  accounts: SystemAccounts;
  /** The account an item line posts to (income account, or a discount item's account). */
  itemAccount(itemId: string): string;
}

type Posting = { account: string; debit: number; credit: number; entity: string | null; memo: string | null };

function lineCents(line: Line): number {
  return toCents(num(line['amount']));
}

/** Lines from the item sublist, credit side for sales (sign flips for credit memos). */
function itemPostings(record: StoredRecord, lookups: LedgerLookups, entity: string | null, sign: 1 | -1): Posting[] {
  return (record.sublists['item'] ?? []).map((line) => {
    const cents = lineCents(line) * sign;
    const account = lookups.itemAccount(String(line['item']));
    return {
      account,
      debit: cents < 0 ? -cents : 0,
      credit: cents > 0 ? cents : 0,
      entity,
      memo: str(line['description']),
    };
  });
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
    case 'deposit': {
      const out: Posting[] = [
        { account: String(f['account']), debit: total, credit: 0, entity: null, memo: str(f['memo']) },
      ];
      for (const line of record.sublists['payment'] ?? []) {
        if (line['deposit'] !== true) continue;
        const cents = toCents(num(line['paymentamount']));
        out.push({
          account: lookups.accounts.undepositedFunds,
          debit: cents < 0 ? -cents : 0,
          credit: cents > 0 ? cents : 0,
          entity: str(line['entity']),
          memo: str(line['memo']),
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

/** GL lines for the store, or a NetSuite-style error if they do not balance. */
export function glLinesFor(record: StoredRecord, lookups: LedgerLookups): GlLine[] {
  const lines = postings(record, lookups).filter((p) => p.debit !== 0 || p.credit !== 0);
  const debit = lines.reduce((sum, p) => sum + p.debit, 0);
  const credit = lines.reduce((sum, p) => sum + p.credit, 0);
  if (debit !== credit) {
    throw nsError(
      'UNBALANCED_JOURNAL',
      `The transaction does not balance: debits ${fromCents(debit).toFixed(2)} ≠ credits ${fromCents(credit).toFixed(2)}`,
    );
  }
  const currency = String(record.fields['currency']);
  return lines.map((p, index) => ({
    transactionId: record.id,
    transactionType: record.type,
    line: index,
    account: p.account,
    currency,
    debit: p.debit,
    credit: p.credit,
    entity: p.entity,
    memo: p.memo,
  }));
}

export interface TrialBalanceRow {
  account: string;
  currency: string;
  /** Sums in major units (two decimals), as NetSuite shows them. */
  debit: number;
  credit: number;
}

/** Debit and credit totals per account and currency, netted to one side as a trial balance shows them. */
export function trialBalance(lines: readonly GlLine[]): TrialBalanceRow[] {
  const sums = new Map<string, { account: string; currency: string; net: number }>();
  for (const line of lines) {
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

import nsCurrency = require('N/currency');
import query = require('N/query');
import record = require('N/record');
import search = require('N/search');
import {
  bookPayout,
  type DepositToMake,
  type PayoutBooks,
  type PayoutReconciliation,
  type StoredDepositPlan,
} from '../booking/payouts';
import { bookChargeEvent, bookRefundEvent } from '../booking/flows/chargeEvents';
import type { BookingContext } from '../booking/flows/context';
import type { StripeCharge, StripePayout } from '../booking/stripeShapes';
import { depositWriteBack } from '../booking/writeBacks';
import type { EventHandler, HandlerContext } from '../events/processor';
import { baseCurrencyOf, netSuiteBooks } from './bookingRecords';
import {
  problemsForAdmin,
  type DepositExchange,
  type NetSuiteSource,
  type NetSuiteSourceType,
} from '../deposits/depositPlan';
import { CATEGORY_FIELDS, CATEGORY_RECORD, parseCategoryAccounts, type ConnectorSettings } from '../settings';
import { notifyPayoutUnreconciled } from './notify';
import { toMajorUnits, toMinorUnits } from '../money';
import { errorName, isDuplicate } from '../netsuiteErrors';
import { PAYOUT_STATUS_LIST } from '../connectorLists';
import { listKey, listValue } from './listValues';
import { FAILED, FAILED_REVERSED } from '../booking/flows/payoutFailures';
import { cacheGet, cachePut } from './connectorCache';
import { stripeClient } from '../booking/stripeClient';

export const PAYOUT_RECORD = 'customrecord_snc_payout';

/** The readable status of a payout reconciliation's Status field (a custom list value), so readers never spell values. */
export function payoutStatusOf(value: unknown): string | null {
  return listKey(PAYOUT_STATUS_LIST, value);
}

/**
 * SuiteQL's `transaction.status` of a customer payment that is in a deposit: the letter of the saved-search
 * status `CustPymt:C` ("Payment:Deposited"; B is Not Deposited, A Unapproved Payment). SuiteQL returns the
 * letter alone. Sources: blog.prolecto.com, "NetSuite SearchFilter Transaction Internal Status List";
 * timdietrich.me, "NetSuite SuiteQL: Transaction Statuses".
 */
export const PAYMENT_DEPOSITED = 'C';
const BATCH = 500;

function placeholders(count: number): string {
  return new Array(count).fill('?').join(', ');
}

/**
 * The deposit's exchange rate: 1 when the payout currency is the base currency, else the Currency Exchange
 * Rates table's rate on the arrival day, the one the deposit itself defaults to (Oracle help,
 * "currency.exchangeRate(options)": 10 units, the target must be a base currency). Asked only for payouts
 * that hold converted charges.
 */
function depositExchange(subsidiary: number | null, currency: string, day: number): DepositExchange | null {
  const baseCurrency = baseCurrencyOf(subsidiary);
  if (baseCurrency === null) return null;
  if (baseCurrency === currency.toLowerCase()) return { baseCurrency, depositRate: 1 };
  const depositRate = nsCurrency.exchangeRate({
    source: currency.toUpperCase(),
    target: baseCurrency.toUpperCase(),
    date: new Date(day * 1000),
  });
  return { baseCurrency, depositRate };
}

/** NetSuite's side of the payout flow: one SuiteQL per 500 sources, deposits in dynamic mode. */
export function payoutBooks(
  undepositedFundsAccount: number | null,
  subsidiary: number | null = null,
): Omit<PayoutBooks, 'syncSource'> {
  return {
    depositExchange: (currency, day) => depositExchange(subsidiary, currency, day),

    existingDeposits(payoutId: string): number[] {
      return query
        .runSuiteQL({
          query: `SELECT id FROM transaction WHERE recordtype = 'deposit' AND (externalid = ? OR externalid LIKE ?) ORDER BY id`,
          params: [payoutId, `${payoutId}:%`],
        })
        .asMappedResults()
        .map((row) => Number(row['id']));
    },

    sources(stripeIds: readonly string[]): ReadonlyMap<string, NetSuiteSource> {
      const found = new Map<string, NetSuiteSource>();
      for (let start = 0; start < stripeIds.length; start += BATCH) {
        const ids = stripeIds.slice(start, start + BATCH);
        // Where the money sits comes from the GL (a payment debits, a refund credits its cash account):
        // SuiteQL exposes neither `undepfunds` nor a header `account` (emulator/src/suiteql/catalog.ts).
        const rows = query
          .runSuiteQL({
            query: `SELECT t.id, t.externalid, t.recordtype, t.foreigntotal, t.exchangerate, c.symbol AS currency, t.status, tal.account AS cash
                    FROM transaction t JOIN currency c ON c.id = t.currency
                    LEFT JOIN transactionaccountingline tal ON tal.transaction = t.id AND tal.posting = 'T'
                      AND ((t.recordtype IN ('customerpayment', 'customerdeposit') AND tal.debit > 0) OR (t.recordtype = 'customerrefund' AND tal.credit > 0))
                    WHERE t.externalid IN (${placeholders(ids.length)}) AND t.recordtype IN ('customerpayment', 'customerdeposit', 'customerrefund')`,
            params: [...ids],
          })
          .asMappedResults();
        for (const row of rows) addSource(found, row, undepositedFundsAccount);
      }
      return found;
    },

    bankAccount(settingsId: number, currency: string): number | null {
      const key = `bank:${settingsId}:${currency.toUpperCase()}`;
      const kept = cacheGet<number>(key);
      if (kept !== null) return kept;
      const rows = query
        .runSuiteQL({
          query: `SELECT custrecord_snc_bank_account AS account FROM customrecord_snc_bank
                  WHERE custrecord_snc_bank_settings = ? AND UPPER(custrecord_snc_bank_currency) = ? AND isinactive = 'F'`,
          params: [settingsId, currency.toUpperCase()],
        })
        .asMappedResults();
      const account = rows.length === 1 ? Number(rows[0]?.['account']) : null;
      // Short-lived: an admin's change of bank account shows within minutes.
      if (account !== null) cachePut(key, account, BANK_TTL_SECONDS);
      return account;
    },

    createDeposit(payout: StripePayout, part: DepositToMake, partCount: number, bankAccount: number): number {
      const deposit = record.create({ type: record.Type.DEPOSIT, isDynamic: true });
      deposit.setValue({ fieldId: 'account', value: bankAccount });
      deposit.setValue({ fieldId: 'trandate', value: new Date(payout.arrival_date * 1000) });
      deposit.setValue({
        fieldId: 'externalid',
        value: partCount === 1 ? payout.id : `${payout.id}:${part.index + 1}`,
      });
      deposit.setValue({
        fieldId: 'memo',
        value: `Stripe: payout ${payout.id}${partCount > 1 ? ` (${part.index + 1} of ${partCount})` : ''}`,
      });
      for (const transactionId of part.payments) {
        const index = deposit.findSublistLineWithValue({
          sublistId: 'payment',
          fieldId: 'id',
          value: String(transactionId),
        });
        if (index < 0)
          throw Object.assign(
            new Error(`Transaction ${transactionId} is not on the deposit's list of undeposited funds`),
            { name: 'SNC_NOT_UNDEPOSITED' },
          );
        deposit.selectLine({ sublistId: 'payment', line: index });
        deposit.setCurrentSublistValue({ sublistId: 'payment', fieldId: 'deposit', value: true });
        deposit.commitLine({ sublistId: 'payment' });
      }
      for (const [sublistId, lines] of [
        ['cashback', part.cashback],
        ['other', part.other],
      ] as const) {
        for (const line of lines) {
          deposit.selectNewLine({ sublistId });
          deposit.setCurrentSublistValue({ sublistId, fieldId: 'account', value: line.account });
          deposit.setCurrentSublistValue({
            sublistId,
            fieldId: 'amount',
            value: toMajorUnits(line.amountMinor, payout.currency),
          });
          deposit.setCurrentSublistValue({ sublistId, fieldId: 'memo', value: line.memo });
          deposit.commitLine({ sublistId });
        }
      }
      const id = deposit.save();
      // What NetSuite totalled must be what the plan proved; anything else is a bug to stop on.
      const saved = search.lookupFields({ type: record.Type.DEPOSIT, id, columns: ['total'] }) as { total?: unknown };
      if (toMinorUnits(Number(saved.total), payout.currency) !== part.totalMinor) {
        throw new Error(
          `Deposit ${id} totals ${String(saved.total)}, not the planned ${toMajorUnits(part.totalMinor, payout.currency)}`,
        );
      }
      return id;
    },

    undoDeposit: (payout, depositId) => undoDeposit(payout, depositId, undepositedFundsAccount),

    reconciliation: findReconciliation,

    recordReconciliation(payout, result, known): PayoutReconciliation {
      const plan = result.plan === null ? '' : JSON.stringify(result.plan);
      const values = {
        custrecord_snc_po_status: listValue(PAYOUT_STATUS_LIST, result.status),
        custrecord_snc_po_amount: toMajorUnits(payout.amount, payout.currency),
        custrecord_snc_po_currency: payout.currency.toUpperCase(),
        custrecord_snc_po_deposit: result.deposits[0] ?? null,
        custrecord_snc_po_transactions: result.transactions,
        custrecord_snc_po_problems: [
          ...(result.note ? [result.note] : []),
          ...result.problems.map((p) => `${p.code}: ${p.detail}`),
        ].join('\n'),
        custrecord_snc_po_plan: plan,
      };
      const update = (id: number): PayoutReconciliation => {
        record.submitFields({ type: PAYOUT_RECORD, id, values });
        return remember(payout.id, { id, status: result.status, plan: result.plan });
      };
      if (known) return update(known.id);
      const created = record.create({ type: PAYOUT_RECORD });
      created.setValue({ fieldId: 'name', value: payout.id });
      created.setValue({ fieldId: 'externalid', value: payout.id });
      for (const [fieldId, value] of Object.entries(values)) created.setValue({ fieldId, value });
      try {
        return remember(payout.id, { id: created.save(), status: result.status, plan: result.plan });
      } catch (error) {
        // Another event of the payout made it first: a deposit it recorded stands.
        if (!isDuplicate(error)) throw error;
        const existing = findReconciliation(payout.id);
        if (!existing) throw error;
        // A deposit it recorded, or a failure, stands.
        return FINAL_STATUSES.has(existing.status) ? existing : update(existing.id);
      }
    },
  };
}

/**
 * One GL row of a payment or refund into its source. A transaction with several cash lines counts as in
 * Undeposited Funds when any line is; without the account in settings, the connector's own bookings
 * (made without an account) are.
 */
function addSource(
  found: Map<string, NetSuiteSource>,
  row: Record<string, unknown>,
  undepositedFundsAccount: number | null,
): void {
  const externalId = String(row['externalid']);
  // A legacy order's charge is a customer deposit (booking/flows/orders.ts): deposited like a payment.
  const type: NetSuiteSourceType =
    row['recordtype'] === 'customerrefund'
      ? 'customerrefund'
      : row['recordtype'] === 'customerdeposit'
        ? 'customerdeposit'
        : 'customerpayment';
  const currency = String(row['currency']);
  const cash = row['cash'] === null || row['cash'] === undefined ? null : Number(row['cash']);
  const inUndepositedFunds =
    found.get(externalId)?.inUndepositedFunds === true ||
    undepositedFundsAccount === null ||
    cash === undepositedFundsAccount;
  const rate = Number(row['exchangerate']);
  found.set(externalId, {
    transactionId: Number(row['id']),
    type,
    amountMinor: toMinorUnits(Number(row['foreigntotal']), currency),
    currency,
    // Base units per unit of its currency: with the amount, what a deposit of another currency shows.
    exchangeRate: row['exchangerate'] === null || !Number.isFinite(rate) || rate <= 0 ? null : rate,
    inUndepositedFunds,
    // A refund has no documented "deposited" letter (only CustRfnd:V, Voided): one deposited by hand is
    // caught when the deposit cannot tick its line (SNC_NOT_UNDEPOSITED).
    depositedIn: type === 'customerpayment' && row['status'] === PAYMENT_DEPOSITED ? -1 : null,
  });
}

function findReconciliation(payoutId: string): PayoutReconciliation | null {
  const kept = cacheGet<PayoutReconciliation>(reconciliationKey(payoutId));
  if (kept !== null) return kept;
  const row = query
    .runSuiteQL({
      query: `SELECT id, custrecord_snc_po_status AS status, custrecord_snc_po_plan AS plan FROM ${PAYOUT_RECORD} WHERE externalid = ?`,
      params: [payoutId],
    })
    .asMappedResults()[0];
  return row ? reconciliationOf(row) : null;
}

const BANK_TTL_SECONDS = 300;

/** Statuses another run's write does not overwrite: the payout was deposited, or failed. */
const FINAL_STATUSES: ReadonlySet<string> = new Set(['reconciled', FAILED, FAILED_REVERSED]);

/**
 * A failed payout's deposit given back. Deleting it returns its payments to Undeposited Funds. NetSuite
 * refuses to delete a deposit already reconciled to a bank statement ("unreconcile first, then delete";
 * Oracle help, "Deleting Reconciled Statements": reconciled transactions stay matched), and the connector
 * must not unreconcile an accountant's work: such a deposit stays, and a journal entry in its currency and
 * rate moves its total from its bank account back to Undeposited Funds.
 */
function undoDeposit(payout: StripePayout, depositId: number, undepositedFunds: number | null): 'deleted' | 'reversed' {
  try {
    record.delete({ type: record.Type.DEPOSIT, id: depositId });
    return 'deleted';
  } catch (error) {
    if (errorName(error) === 'RCRD_DSNT_EXIST') return 'deleted';
    if (undepositedFunds === null)
      throw new Error(
        `Deposit ${depositId} of failed payout ${payout.id} cannot be deleted (${errorName(error)}) and no Undeposited Funds account is set to reverse it to`,
        { cause: error },
      );
  }
  const deposit = search.lookupFields({
    type: record.Type.DEPOSIT,
    id: depositId,
    columns: ['account', 'total', 'currency', 'exchangerate', 'subsidiary'],
  }) as Record<string, unknown>;
  const selected = (value: unknown): string | null =>
    Array.isArray(value) ? ((value[0] as { value?: string } | undefined)?.value ?? null) : null;
  const journal = record.create({ type: record.Type.JOURNAL_ENTRY });
  journal.setValue({ fieldId: 'externalid', value: `${payout.id}:failed:${depositId}` });
  const subsidiary = selected(deposit['subsidiary']);
  if (subsidiary !== null) journal.setValue({ fieldId: 'subsidiary', value: Number(subsidiary) });
  journal.setValue({ fieldId: 'currency', value: Number(selected(deposit['currency'])) });
  journal.setValue({ fieldId: 'exchangerate', value: Number(deposit['exchangerate']) });
  journal.setValue({ fieldId: 'trandate', value: new Date() });
  const memo = `Stripe: payout ${payout.id} failed; deposit ${depositId} reversed to Undeposited Funds`;
  journal.setValue({ fieldId: 'memo', value: memo });
  const total = Number(deposit['total']);
  const lines: [number, 'debit' | 'credit'][] = [
    [undepositedFunds, 'debit'],
    [Number(selected(deposit['account'])), 'credit'],
  ];
  lines.forEach(([account, side], line) => {
    journal.insertLine({ sublistId: 'line', line });
    journal.setSublistValue({ sublistId: 'line', fieldId: 'account', line, value: account });
    journal.setSublistValue({ sublistId: 'line', fieldId: side, line, value: total });
    journal.setSublistValue({ sublistId: 'line', fieldId: 'memo', line, value: memo });
  });
  try {
    journal.save();
  } catch (error) {
    // Reversed by an earlier run.
    if (!isDuplicate(error)) throw error;
  }
  return 'reversed';
}

function reconciliationKey(payoutId: string): string {
  return `payout:${payoutId}`;
}

function remember(payoutId: string, reconciliation: PayoutReconciliation): PayoutReconciliation {
  cachePut(reconciliationKey(payoutId), reconciliation);
  return reconciliation;
}

function reconciliationOf(row: Record<string, unknown>): PayoutReconciliation {
  const text = typeof row['plan'] === 'string' ? row['plan'] : '';
  let plan: StoredDepositPlan | null;
  try {
    plan = text ? (JSON.parse(text) as StoredDepositPlan) : null;
  } catch {
    // An unreadable plan is planned again.
    plan = null;
  }
  return { id: Number(row['id']), status: listKey(PAYOUT_STATUS_LIST, row['status']) ?? '', plan };
}

/** The payout flow with NetSuite's books (registered in eventProcessing.ts). */
export const payoutHandler: EventHandler = (event, context) => {
  const flows: BookingContext = { booking: context.settings.booking, stripe: context.stripe, books: netSuiteBooks };
  const syncSource = (source: unknown, category: string): void => {
    const id = typeof source === 'string' ? source : (source as { id?: string } | null)?.id;
    if (!id) throw new Error('the balance transaction has no source');
    if (category === 'charge') {
      bookChargeEvent(
        typeof source === 'object' && source !== null
          ? (source as StripeCharge)
          : stripeClient(context.stripe).charges.retrieve(id),
        flows,
      );
      return;
    }
    if (category === 'refund') {
      const refund =
        typeof source === 'object' && source !== null
          ? (source as { charge?: unknown })
          : stripeClient(context.stripe).refunds.retrieve(id);
      const chargeId =
        typeof refund.charge === 'string' ? refund.charge : (refund.charge as { id?: string } | null)?.id;
      if (!chargeId) throw new Error(`refund ${id} has no charge`);
      bookRefundEvent(stripeClient(context.stripe).charges.retrieve(chargeId), flows);
      return;
    }
    throw new Error(`${category} balance transactions are not booked by a flow yet`);
  };
  const { undepositedFundsAccount, subsidiary } = context.settings.booking;
  const books = { ...payoutBooks(undepositedFundsAccount, subsidiary), syncSource, categoryAccounts };
  return bookPayout(event, context, writingDepositsBack(tellingTheAdmin(books, context.settings), context));
};

/**
 * The payout books, queueing the deposit's internal ID for Stripe's payout metadata as the deposit is made
 * (setting "Write NetSuite IDs to Stripe"), through the same queue as the other write-backs. A deposit found
 * made by an earlier run was queued by that run.
 */
export function writingDepositsBack(books: PayoutBooks, context: HandlerContext): PayoutBooks {
  const queue = context.queueWriteBacks;
  if (!context.settings.booking.writeBackIds || !queue) return books;
  return {
    ...books,
    createDeposit(payout, part, partCount, bankAccount) {
      const id = books.createDeposit(payout, part, partCount, bankAccount);
      const item = depositWriteBack(payout.id, id, part.index);
      if (item) queue([item]);
      return id;
    },
  };
}

/**
 * The settings' Reporting Category Account records, one SuiteQL (10 units) kept 5 minutes in N/cache like
 * the bank mapping, so an admin's new mapping shows within minutes. Asked only for payouts that hold a
 * category the settings record alone does not decide.
 */
export function categoryAccounts(settingsId: number): Readonly<Record<string, number>> {
  const key = `categories:${settingsId}`;
  const kept = cacheGet<Record<string, number>>(key);
  if (kept !== null) return kept;
  const rows = query
    .runSuiteQL({
      query: `SELECT id, ${CATEGORY_FIELDS.category} AS category, ${CATEGORY_FIELDS.account} AS account FROM ${CATEGORY_RECORD}
              WHERE ${CATEGORY_FIELDS.settings} = ? AND isinactive = 'F' ORDER BY id`,
      params: [settingsId],
    })
    .asMappedResults();
  const accounts = parseCategoryAccounts(rows);
  cachePut(key, accounts, BANK_TTL_SECONDS);
  return accounts;
}

const ADMIN_TOLD_FIELD = 'custrecord_snc_po_admin_told';
/** The same instant as a Date/Time field, for people. */
const ADMIN_TOLD_AT_FIELD = 'custrecord_snc_po_admin_told_at';

/**
 * The payout books, telling the admin (log.error and an email) the first time a payout's reconciliation
 * record says it waits for a mapping only an admin can make; the record's Admin Told At keeps it to once
 * per payout while the event retries. A payout without such a problem costs nothing more.
 */
export function tellingTheAdmin(books: PayoutBooks, settings: ConnectorSettings): PayoutBooks {
  return {
    ...books,
    recordReconciliation(payout, result, known) {
      const recorded = books.recordReconciliation(payout, result, known);
      const forAdmin = result.status === 'unreconciled' ? problemsForAdmin(result.problems) : [];
      // Another run deposited the payout, or it failed: nothing waits for the admin.
      if (forAdmin.length === 0 || FINAL_STATUSES.has(recorded.status)) return recorded;
      const told = search.lookupFields({ type: PAYOUT_RECORD, id: recorded.id, columns: [ADMIN_TOLD_FIELD] }) as {
        [ADMIN_TOLD_FIELD]?: unknown;
      };
      if (told[ADMIN_TOLD_FIELD] !== '' && told[ADMIN_TOLD_FIELD] !== null && told[ADMIN_TOLD_FIELD] !== undefined) {
        return recorded;
      }
      notifyPayoutUnreconciled(
        settings,
        payout.id,
        forAdmin.map((p) => `${p.code}: ${p.detail}`),
      );
      const toldAt = Math.floor(Date.now() / 1000);
      record.submitFields({
        type: PAYOUT_RECORD,
        id: recorded.id,
        values: { [ADMIN_TOLD_FIELD]: toldAt, [ADMIN_TOLD_AT_FIELD]: new Date(toldAt * 1000) },
      });
      return recorded;
    },
  };
}

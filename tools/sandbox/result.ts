import type Stripe from 'stripe';
import type { NetSuiteEmulator } from '../../emulator/src/emulator';
import type { FieldDef, FieldValue, RecordTypeDef } from '../../emulator/src/schema';
import type { StoredRecord } from '../../emulator/src/store';
import { ZERO_DECIMAL_CURRENCIES } from '../../stripe-sandbox/src/resources/fees';
import type { StripeSandbox } from '../../stripe-sandbox/src/sandbox';
import type { BookingSetup } from '../localConnector';
import { eventStatusOf, payoutStatusOf } from '../connectorStatuses';

/** What `npm run sandbox` writes: the emulated account after the run, as a finance person reads it. */
export interface SandboxResult {
  scenarios: string[];
  startedAt: string;
  endedAt: string;
  accounts: {
    undepositedFunds: string;
    stripeFees: string;
    income: string;
    bank: Record<string, string>;
  };
  /** Records created during the run (not the setup), by record type. */
  records: Record<string, RecordOut[]>;
  trialBalance: TrialBalanceOut[];
  events: EventOut[];
  payouts: PayoutOut[];
  /** Accounts Receivable against Stripe's open invoices and customer credit, per currency. */
  receivables: ReceivablesOut[];
  /** Whether the run paid every balance out after the scenarios (see `payingOutOf`). */
  payingOut: PayingOut;
  webhooks: { delivered: number; failedAttempts: number; pending: number };
  governance: GovernanceOut;
  problems: Problem[];
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A select as NetSuite shows it: the internal ID and the name. */
export interface SelectOut {
  id: string;
  name: string;
}
export type RecordOut = { id: number; externalid: string | null } & { [field: string]: JsonValue };

export interface TrialBalanceOut {
  account: string;
  currency: string;
  debit: number;
  credit: number;
}

export interface EventOut {
  id: string;
  type: string;
  status: string;
  attempts: number;
  error: string | null;
  note: string | null;
}

export interface DepositOut {
  ids: number[];
  externalIds: string[];
  amount: number;
  currency: string;
  account: string;
  /** Payments and refunds ticked in another currency than the deposit's (converted charges). */
  converted: number;
  /** The exchange-difference lines (other deposits less cash back), in the deposit's currency. */
  fxDifference: number;
}

export interface PayoutOut {
  id: string;
  amount: number;
  currency: string;
  status: string;
  arrivalDate: string;
  deposit: DepositOut | null;
  /** The connector's Stripe Payout Reconciliation record, when it made one. */
  reconciliation: { id: number; status: string; problems: string | null } | null;
  /** False when Stripe says no money moves (failed, canceled): no deposit is due. */
  depositExpected: boolean;
  matched: boolean;
  reason: string | null;
}

/**
 * After the scenarios: `complete` when the clock moved until every balance was paid out and every payout
 * settled and reconciled; `skipped` with `--no-payouts`; `bound_reached` when the time bound ran out first.
 */
export interface PayingOut {
  outcome: 'complete' | 'skipped' | 'bound_reached';
  /** Each currency's Stripe balance (available and pending) left, in major units. */
  balanceLeft: { currency: string; amount: number }[];
}

export interface GovernanceOut {
  invocations: number;
  units: number;
  exceeded: number;
  byScript: {
    script: string;
    deployment: string;
    stage: string;
    invocations: number;
    units: number;
    maxUnits: number;
    limit: number;
    exceeded: number;
    errors: number;
  }[];
}

/**
 * One currency's receivables (major units): NetSuite's open invoices against the amount remaining on Stripe's
 * open invoices, and NetSuite's unapplied credit memos against the credit Stripe owes customers (a negative
 * customer balance, plus credit notes paid back outside Stripe, which the connector leaves as credit).
 */
export interface ReceivablesOut {
  currency: string;
  netsuiteOpen: number;
  stripeOpen: number;
  netsuiteCredit: number;
  stripeCredit: number;
  /** Stripe customers whose own figures differ (a difference can hide in a currency's total). */
  customersOff: string[];
  matched: boolean;
}

export type Problem =
  | { kind: 'parked_event'; id: string; type: string; error: string | null }
  | { kind: 'unreconciled_receivables'; currency: string; customers: string[] }
  | { kind: 'unreconciled_payout'; id: string; amount: number; currency: string; reason: string }
  | { kind: 'scenario_failed'; scenario: string; message: string }
  | { kind: 'queue_run_failed'; message: string };

/** Records that are the run's configuration, not what the connector booked. */
const NOT_BOOKED = new Set([
  'customrecord_snc_event',
  'customrecord_snc_settings',
  'customrecord_snc_bank',
  'customrecord_snc_category',
]);

export function toMajorUnits(amount: number, currency: string): number {
  return ZERO_DECIMAL_CURRENCIES.has(currency.toLowerCase()) ? amount : Math.round(amount) / 100;
}

/** Reads names of the emulated account's records (account, currency, …) for display. */
export class Names {
  constructor(private readonly ns: NetSuiteEmulator) {}

  account(id: string | number): string {
    const account = this.ns.store.get('account', Number(id));
    return typeof account?.fields['acctname'] === 'string' ? account.fields['acctname'] : `account ${id}`;
  }

  currency(id: string | number): string {
    const currency = this.ns.store.get('currency', Number(id));
    return typeof currency?.fields['symbol'] === 'string' ? currency.fields['symbol'] : `currency ${id}`;
  }

  select(def: FieldDef, id: string): SelectOut {
    if (def.selectType === 'account') return { id, name: this.account(id) };
    if (def.selectType === 'currency') return { id, name: this.currency(id) };
    return { id, name: this.ns.records.displayText(def, id) };
  }
}

/** `${type}:${id}` of every record that exists now: taken after setup, so the result shows only the run's. */
export function recordKeys(ns: NetSuiteEmulator): Set<string> {
  const keys = new Set<string>();
  for (const def of ns.store.schemas.all()) for (const r of ns.store.list(def.type)) keys.add(`${def.type}:${r.id}`);
  return keys;
}

function fieldOut(def: FieldDef | undefined, value: FieldValue, names: Names): JsonValue {
  if (value === null) return null;
  if (value instanceof Date) return def?.type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (def?.type === 'select' && typeof value === 'string') return { ...names.select(def, value) };
  if (def?.type === 'multiselect' && Array.isArray(value)) return value.map((id) => ({ ...names.select(def, id) }));
  return Array.isArray(value) ? [...value] : value;
}

/** Lists NetSuite fills itself hold every candidate; only the ticked lines say what the record did. */
function keptLines(sublist: string, lines: readonly Record<string, FieldValue>[]): Record<string, FieldValue>[] {
  if (sublist === 'apply') return lines.filter((l) => l['apply'] === true);
  if (sublist === 'payment') return lines.filter((l) => l['deposit'] === true);
  return [...lines];
}

function recordOut(def: RecordTypeDef, record: StoredRecord, names: Names): RecordOut {
  const externalid = record.fields['externalid'];
  const out: RecordOut = { id: record.id, externalid: typeof externalid === 'string' ? externalid : null };
  for (const [fieldId, value] of Object.entries(record.fields)) {
    if (fieldId === 'id' || fieldId === 'externalid' || value === null || value === '') continue;
    out[fieldId] = fieldOut(def.fields[fieldId], value, names);
  }
  for (const [sublistId, lines] of Object.entries(record.sublists)) {
    const fields = def.sublists[sublistId]?.fields ?? {};
    out[sublistId] = keptLines(sublistId, lines).map((line) => {
      const lineOut: { [key: string]: JsonValue } = {};
      for (const [fieldId, value] of Object.entries(line)) {
        if (value !== null && value !== '') lineOut[fieldId] = fieldOut(fields[fieldId], value, names);
      }
      return lineOut;
    });
  }
  return out;
}

export function bookedRecords(ns: NetSuiteEmulator, before: ReadonlySet<string>): Record<string, RecordOut[]> {
  const names = new Names(ns);
  const out: Record<string, RecordOut[]> = {};
  for (const def of ns.store.schemas.all()) {
    if (def.kind === 'other' || NOT_BOOKED.has(def.type)) continue;
    const created = ns.store.list(def.type).filter((r) => !before.has(`${def.type}:${r.id}`));
    if (created.length > 0) out[def.type] = created.map((r) => recordOut(def, r, names));
  }
  return out;
}

export function trialBalanceOut(ns: NetSuiteEmulator): TrialBalanceOut[] {
  const names = new Names(ns);
  return ns.trialBalance().map((row) => ({
    account: names.account(row.account),
    currency: names.currency(row.currency),
    debit: row.debit,
    credit: row.credit,
  }));
}

export function eventsOut(ns: NetSuiteEmulator): EventOut[] {
  const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
  return ns.sql
    .query(
      `SELECT name, custrecord_snc_evt_type AS type, custrecord_snc_evt_status AS status,
              custrecord_snc_evt_attempts AS attempts, custrecord_snc_evt_error AS error, custrecord_snc_evt_note AS note
       FROM customrecord_snc_event ORDER BY id`,
      [],
    )
    .rows.map((row): Record<string, unknown> => ({ ...row, status: eventStatusOf(ns, row['status']) }))
    .map((row) => ({
      id: String(row['name']),
      type: String(row['type']),
      status: String(row['status']),
      attempts: Number(row['attempts'] ?? 0),
      error: text(row['error']),
      note: text(row['note']),
    }));
}

/** Every payout of the Stripe account, oldest first, through the API as a client would page it. */
export function stripePayouts(stripe: StripeSandbox): Stripe.Payout[] {
  const all: Stripe.Payout[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const page = stripe.request('GET', '/v1/payouts', {
      limit: 100,
      ...(startingAfter ? { starting_after: startingAfter } : {}),
    });
    if (page.status !== 200) throw new Error(`Listing payouts failed: ${JSON.stringify(page.body)}`);
    const list = page.body as Stripe.ApiList<Stripe.Payout>;
    all.push(...list.data);
    const last = list.data[list.data.length - 1];
    if (!list.has_more || !last) break;
    startingAfter = last.id;
  }
  return all.reverse();
}

export function payingOutOf(stripe: StripeSandbox, outcome: PayingOut['outcome']): PayingOut {
  const balance = stripe.request('GET', '/v1/balance').body as Stripe.Balance;
  const balanceLeft = balance.available.map(({ currency, amount }) => {
    const pending = balance.pending.find((p) => p.currency === currency)?.amount ?? 0;
    return { currency: currency.toUpperCase(), amount: toMajorUnits(amount + pending, currency) };
  });
  return { outcome, balanceLeft };
}

function isPayoutDeposit(externalId: FieldValue | undefined, payoutId: string): boolean {
  if (typeof externalId !== 'string') return false;
  const id = externalId.toLowerCase();
  const payout = payoutId.toLowerCase();
  // A payout too large for one deposit is split into `po_…:1`, `po_…:2`, ….
  return id === payout || id.startsWith(`${payout}:`);
}

/** What a payout's deposits took in other currencies, and the exchange difference they booked. */
function exchangeOf(
  ns: NetSuiteEmulator,
  deposits: readonly StoredRecord[],
): { converted: number; fxDifference: number } {
  let converted = 0;
  let cents = 0;
  for (const deposit of deposits) {
    for (const line of deposit.sublists['payment'] ?? []) {
      if (line['deposit'] !== true) continue;
      const source = ns.store.findInKind('transaction', Number(line['id']));
      if (source && source.fields['currency'] !== deposit.fields['currency']) converted++;
    }
    // The deposit plan names its exchange-difference lines (depositPlan.ts, LINE_LABELS.fx_gain_loss).
    const isFx = (memo: unknown): boolean => typeof memo === 'string' && memo.includes('exchange difference');
    for (const line of deposit.sublists['other'] ?? [])
      if (isFx(line['memo'])) cents += Math.round(Number(line['amount']) * 100);
    for (const line of deposit.sublists['cashback'] ?? [])
      if (isFx(line['memo'])) cents -= Math.round(Number(line['amount']) * 100);
  }
  return { converted, fxDifference: cents / 100 };
}

export function payoutsOut(ns: NetSuiteEmulator, stripe: StripeSandbox): PayoutOut[] {
  const names = new Names(ns);
  const deposits = ns.store.list('deposit');
  const reconciliations = ns.store.schemas.has('customrecord_snc_payout')
    ? ns.store.list('customrecord_snc_payout')
    : [];
  return stripePayouts(stripe).map((payout) => {
    const amount = toMajorUnits(payout.amount, payout.currency);
    const currency = payout.currency.toUpperCase();
    const mine = deposits.filter((d) => isPayoutDeposit(d.fields['externalid'], payout.id));
    const deposit: DepositOut | null =
      mine.length === 0
        ? null
        : {
            ids: mine.map((d) => d.id),
            externalIds: mine.map((d) => String(d.fields['externalid'])),
            amount: Math.round(mine.reduce((sum, d) => sum + Number(d.fields['total'] ?? 0) * 100, 0)) / 100,
            currency: names.currency(String(mine[0]?.fields['currency'] ?? '')),
            account: names.account(String(mine[0]?.fields['account'] ?? '')),
            ...exchangeOf(ns, mine),
          };
    const rec = reconciliations.find(
      (r) =>
        String(r.fields['externalid'] ?? '').toLowerCase() === payout.id.toLowerCase() ||
        r.fields['name'] === payout.id,
    );
    const reconciliation = rec
      ? {
          id: rec.id,
          status: payoutStatusOf(ns, rec.fields['custrecord_snc_po_status']) ?? '',
          problems:
            typeof rec.fields['custrecord_snc_po_problems'] === 'string'
              ? rec.fields['custrecord_snc_po_problems']
              : null,
        }
      : null;
    const depositExpected = payout.status !== 'failed' && payout.status !== 'canceled';
    let reason: string | null = null;
    if (!depositExpected) reason = `${payout.status} in Stripe: no money reached the bank, no deposit is due`;
    else if (reconciliation && reconciliation.status !== 'reconciled')
      reason = `reconciliation ${reconciliation.status}: ${(reconciliation.problems ?? 'no reason given').replace(/\s*\n\s*/g, '; ')}`;
    else if (!deposit) reason = `no deposit with external ID ${payout.id}`;
    else if (deposit.currency !== currency) reason = `deposit is in ${deposit.currency}, payout in ${currency}`;
    else if (Math.round(deposit.amount * 100) !== Math.round(amount * 100))
      reason = `deposit total ${deposit.amount.toFixed(2)} differs from the payout by ${(deposit.amount - amount).toFixed(2)}`;
    return {
      id: payout.id,
      amount,
      currency,
      status: payout.status,
      arrivalDate: new Date(payout.arrival_date * 1000).toISOString().slice(0, 10),
      deposit,
      reconciliation,
      depositExpected,
      matched: depositExpected && reason === null,
      reason,
    };
  });
}

export function governanceOut(ns: NetSuiteEmulator): GovernanceOut {
  const groups = new Map<string, GovernanceOut['byScript'][number]>();
  let units = 0;
  let exceeded = 0;
  const usage = ns.usage();
  for (const u of usage) {
    units += u.units;
    if (u.exceeded) exceeded++;
    const key = `${u.scriptId}|${u.deploymentId}|${u.stage}`;
    const group = groups.get(key) ?? {
      script: u.scriptId,
      deployment: u.deploymentId,
      stage: u.stage,
      invocations: 0,
      units: 0,
      maxUnits: 0,
      limit: u.limit,
      exceeded: 0,
      errors: 0,
    };
    group.invocations++;
    group.units += u.units;
    group.maxUnits = Math.max(group.maxUnits, u.units);
    if (u.exceeded) group.exceeded++;
    if (u.error) group.errors++;
    groups.set(key, group);
  }
  return { invocations: usage.length, units, exceeded, byScript: [...groups.values()] };
}

export function accountsOut(ns: NetSuiteEmulator, setup: BookingSetup): SandboxResult['accounts'] {
  const names = new Names(ns);
  const bank: Record<string, string> = {};
  for (const [currency, id] of Object.entries(setup.banks)) bank[currency.toUpperCase()] = names.account(id);
  return {
    undepositedFunds: names.account(setup.undepositedFunds),
    stripeFees: names.account(setup.stripeFees),
    income: names.account(setup.income),
    bank,
  };
}

/** Every object of a Stripe list, as a client pages it. */
function stripeAll<T extends { id: string }>(stripe: StripeSandbox, path: string): T[] {
  const all: T[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const page = stripe.request('GET', path, {
      limit: 100,
      ...(startingAfter ? { starting_after: startingAfter } : {}),
    });
    if (page.status !== 200) throw new Error(`Listing ${path} failed: ${JSON.stringify(page.body)}`);
    const list = page.body as Stripe.ApiList<T>;
    all.push(...list.data);
    const last = list.data[list.data.length - 1];
    if (!list.has_more || !last) return all;
    startingAfter = last.id;
  }
}

/** Open and credit amounts, in minor units, by `currency|customer`. */
type Figures = Map<string, { open: number; credit: number }>;

function addFigure(figures: Figures, currency: string, customer: string, open: number, credit: number): void {
  const key = `${currency.toLowerCase()}|${customer.toLowerCase()}`;
  const now = figures.get(key) ?? { open: 0, credit: 0 };
  figures.set(key, { open: now.open + open, credit: now.credit + credit });
}

function minorUnits(major: number, currency: string): number {
  return ZERO_DECIMAL_CURRENCIES.has(currency.toLowerCase()) ? Math.round(major) : Math.round(major * 100);
}

/** What Stripe says: open invoices' amount remaining, credit owed (negative balance, out-of-band notes). */
function stripeReceivables(stripe: StripeSandbox): Figures {
  const figures: Figures = new Map();
  const invoices = stripeAll<Stripe.Invoice & { id: string }>(stripe, '/v1/invoices');
  for (const i of invoices)
    if (i.status === 'open') addFigure(figures, i.currency, String(i.customer), i.amount_remaining, 0);
  for (const n of stripeAll<Stripe.CreditNote>(stripe, '/v1/credit_notes'))
    if (n.status === 'issued' && n.out_of_band_amount)
      addFigure(figures, n.currency, String(n.customer), 0, n.out_of_band_amount);
  for (const c of stripeAll<Stripe.Customer>(stripe, '/v1/customers')) {
    if (c.balance >= 0) continue;
    const currency = c.currency ?? invoices.find((i) => i.customer === c.id)?.currency ?? 'usd';
    addFigure(figures, currency, c.id, 0, -c.balance);
  }
  return figures;
}

/** What NetSuite says: open invoices and unapplied credit memos, by their customer's external ID. */
function netSuiteReceivables(ns: NetSuiteEmulator): Figures {
  const figures: Figures = new Map();
  const rows = ns.sql.query(
    `SELECT t.recordtype AS kind, c.externalid AS customer, cur.symbol AS currency,
       t.foreignamountunpaid AS remaining
     FROM transaction t JOIN customer c ON c.id = t.entity JOIN currency cur ON cur.id = t.currency
     WHERE t.recordtype IN ('invoice', 'creditmemo')`,
    [],
  ).rows;
  for (const r of rows) {
    const currency = String(r['currency']);
    const amount = minorUnits(Number(r['remaining'] ?? 0), currency);
    if (amount === 0) continue;
    const customer = String(r['customer'] ?? '(no external ID)');
    if (r['kind'] === 'invoice') addFigure(figures, currency, customer, amount, 0);
    else addFigure(figures, currency, customer, 0, amount);
  }
  return figures;
}

export function receivablesOut(ns: NetSuiteEmulator, stripe: StripeSandbox): ReceivablesOut[] {
  const stripeFigures = stripeReceivables(stripe);
  const nsFigures = netSuiteReceivables(ns);
  const byCurrency = new Map<string, ReceivablesOut>();
  for (const key of new Set([...stripeFigures.keys(), ...nsFigures.keys()])) {
    const [currency = '', customer = ''] = key.split('|');
    const s = stripeFigures.get(key) ?? { open: 0, credit: 0 };
    const n = nsFigures.get(key) ?? { open: 0, credit: 0 };
    const out = byCurrency.get(currency) ?? {
      currency: currency.toUpperCase(),
      netsuiteOpen: 0,
      stripeOpen: 0,
      netsuiteCredit: 0,
      stripeCredit: 0,
      customersOff: [],
      matched: true,
    };
    out.netsuiteOpen += toMajorUnits(n.open, currency);
    out.stripeOpen += toMajorUnits(s.open, currency);
    out.netsuiteCredit += toMajorUnits(n.credit, currency);
    out.stripeCredit += toMajorUnits(s.credit, currency);
    if (s.open !== n.open || s.credit !== n.credit) {
      out.customersOff.push(customer);
      out.matched = false;
    }
    byCurrency.set(currency, out);
  }
  const rounded = (v: number): number => Math.round(v * 100) / 100;
  return [...byCurrency.values()]
    .map((r) => ({
      ...r,
      netsuiteOpen: rounded(r.netsuiteOpen),
      stripeOpen: rounded(r.stripeOpen),
      netsuiteCredit: rounded(r.netsuiteCredit),
      stripeCredit: rounded(r.stripeCredit),
    }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

/** Parked events, payouts due a deposit without a matching one, receivables off Stripe's: each fails the run. */
export function problemsOf(
  events: readonly EventOut[],
  payouts: readonly PayoutOut[],
  receivables: readonly ReceivablesOut[] = [],
): Problem[] {
  const problems: Problem[] = [];
  for (const r of receivables)
    if (!r.matched)
      problems.push({ kind: 'unreconciled_receivables', currency: r.currency, customers: r.customersOff });
  for (const e of events)
    if (e.status === 'parked') problems.push({ kind: 'parked_event', id: e.id, type: e.type, error: e.error });
  for (const p of payouts) {
    if (p.depositExpected && !p.matched) {
      problems.push({
        kind: 'unreconciled_payout',
        id: p.id,
        amount: p.amount,
        currency: p.currency,
        reason: p.reason ?? 'not reconciled',
      });
    }
  }
  return problems;
}

export function exitCodeOf(result: Pick<SandboxResult, 'problems'>): number {
  return result.problems.length > 0 ? 1 : 0;
}

/** A missing booking flow, as the queue processor words it. */
export function isFlowMissing(error: string | null): boolean {
  return error !== null && /booking flow is not installed|SNC_HANDLER_NOT_AVAILABLE/.test(error);
}

import { nsError } from '../errors';
import type { FaultInjector } from '../faults';
import type { FieldDef, FieldValue, RecordTypeDef } from '../schema';
import { cloneRecord, type Line, type Store, type StoredRecord } from '../store';
import { Currencies, realizedVariances } from './currencies';
import {
  glLinesFor,
  roundToPrecision,
  trialBalance,
  trialBalanceByCurrency,
  type SystemAccounts,
  type TrialBalanceRow,
} from './ledger';
import { completeLineTax, lineTaxTotals, type LineTaxAmountMode } from './lineTax';
import {
  billableLines,
  DEFAULT_ORDER_OPTIONS,
  fulfillableLines,
  notInitializable,
  orderProgress,
  orderStatus,
  refuseIneligibleOrder,
  type OrderOptions,
} from './orders';
import { EmulatedRecord, type RecordHost } from './record';
import { coerceValue, fromCents, isEmpty, num, str, toCents } from './values';

const APPLY_SOURCES = new Set(['customerpayment', 'creditmemo', 'customerrefund', 'depositapplication']);
/** Body fields whose change sources the exchange rate in dynamic mode. */
const RATE_SOURCES = new Set(['customer', 'entity', 'currency', 'account', 'subsidiary', 'trandate']);
/** Body fields whose change refills a deposit's payment list in dynamic mode. */
const DEPOSIT_LIST_SOURCES = new Set(['account', 'currency', 'subsidiary', 'exchangerate', 'trandate']);
const TRANSACTION_LABELS: Record<string, string> = {
  invoice: 'Invoice',
  creditmemo: 'Credit Memo',
  customerpayment: 'Payment',
  customerrefund: 'Customer Refund',
  customerdeposit: 'Customer Deposit',
  deposit: 'Deposit',
  journalentry: 'Journal',
  currencyrevaluation: 'Currency Revaluation',
  salesorder: 'Sales Order',
  depositapplication: 'Deposit Application',
};

/**
 * The record.transform pairs the emulator models, all from Oracle help "Supported Transformation Types"
 * (linked from "record.transform(options)"); public SuiteScript uses each of them, e.g. credit memo →
 * customer refund in dynamic mode to refund a credit. Any other pair fails with INVALID_RCRD_TRANSFORM.
 */
const TRANSFORMS = new Set([
  'invoice>customerpayment',
  'invoice>creditmemo',
  'creditmemo>customerrefund',
  'customerpayment>customerrefund',
  'customer>customerpayment',
  'salesorder>invoice',
  'salesorder>customerdeposit',
  'salesorder>itemfulfillment',
  // Customer deposit → deposit application and → customer refund: REST help "Deposit Application" ("you can
  // create a deposit application only by transformation", POST customerDeposit/<id>/!transform/depositApplication)
  // and "Transforming Records" ("All record transformations available in SuiteScript are available in REST web
  // services"); SDF transactionform_trantype CUSTOMER_DEPOSIT_CUSTOMER_REFUND_TRANSACTION. Public SuiteScript
  // transforms record.Type.CUSTOMER_DEPOSIT → DEPOSIT_APPLICATION and ticks the invoice on `apply`.
  'customerdeposit>depositapplication',
  'customerdeposit>customerrefund',
]);

/**
 * Record initialization defaults (`defaultValues` of record.create; Oracle help "Record Initialization
 * Defaults"): payments, refunds and customer deposits name their customer `entity` there, though the body
 * field is `customer`.
 */
const INITIALIZATION_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  customerpayment: { entity: 'customer' },
  customerrefund: { entity: 'customer' },
  customerdeposit: { entity: 'customer' },
};

export interface SaveOptions {
  ignoreMandatoryFields?: boolean;
  /** Standard mode only: source dependent fields left empty (Oracle help, "Record.save(options)"). */
  enableSourcing?: boolean;
}

/** Switches for sourcing where Oracle's help leaves the behaviour open (emulator README, "Guesses"). */
export interface SourcingOptions {
  /**
   * Whether `defaultValues` given to record.create in standard mode are sourced at once (like a
   * transform's initialization) rather than on save. Strict default: false, so only dynamic mode sources.
   */
  sourceDefaultValuesInStandardMode: boolean;
  /** Refuse a transaction in a currency its customer does not have (default true). */
  customerCurrencyLists?: boolean;
  /** A script-set tax amount on a line with a tax code: kept (default) or recomputed (records/lineTax.ts). */
  lineTaxAmount?: LineTaxAmountMode;
}

/** Account preferences and switches that decide what transaction.void does (emulator README, "Voids"). */
export interface VoidOptions {
  /**
   * Accounting preference "Void Transactions Using Reversing Journals" (Setup > Accounting > Accounting
   * Preferences, General). Oracle help, "Void Transactions Using Reversing Journals Preference": with it
   * enabled "you can no longer void the following transactions: sales order, estimate, cash sale, invoice,
   * return authorization, cash refund, and credit memo". Default off (direct voids).
   */
  reversingJournals: boolean;
  /**
   * A transaction others are applied to (an invoice with a payment or credit applied): 'refuse' (default, a
   * guess: emulator README) or 'unapply' (the applications are dropped and the payments left unapplied).
   */
  applied: 'refuse' | 'unapply';
  /** Transactions dated on or before this day (`YYYY-MM-DD`) lie in a closed period; null: none closed. */
  closedThrough: string | null;
}

/** Direct voids Oracle help lists for transaction.Type ("Supported Void Type": Direct Void). */
const DIRECT_VOID_TYPES = new Set(['invoice', 'creditmemo', 'customerpayment', 'customerdeposit', 'cashsale']);

/**
 * The account's record logic: sourcing, validation on save, what NetSuite derives on save (amounts
 * remaining, statuses, deposited state, totals) and the general ledger. Pure of governance: the
 * N/record module charges units and calls in here.
 */
export class RecordEngine implements RecordHost {
  /** docId → (applying transaction id → cents applied). */
  private readonly applied = new Map<number, Map<number, number>>();
  /** applying transaction id → the documents it applies to (reverse of `applied`). */
  private readonly appliesTo = new Map<number, Set<number>>();
  /** payment/refund id → deposit id. */
  private readonly depositedIn = new Map<number, number>();
  /** deposit id → the payments and refunds it deposits (reverse of `depositedIn`). */
  private readonly deposits = new Map<number, Set<number>>();
  /** Transactions an accountant reconciled to a bank statement (Match Bank Data / Reconcile Account Statement). */
  private readonly reconciled = new Set<number>();
  /** Base currencies, precisions and the exchange rate table. */
  readonly currencies: Currencies;
  /** What transaction.void does (set by the emulator from its options). */
  voiding: VoidOptions = { reversingJournals: false, applied: 'refuse', closedThrough: null };
  /** Sales order switches (records/orders.ts; set by the emulator from its options). */
  orders: OrderOptions = { ...DEFAULT_ORDER_OPTIONS };

  constructor(
    readonly store: Store,
    readonly accounts: SystemAccounts,
    readonly now: () => Date,
    readonly strictFields = true,
    readonly faults: FaultInjector | null = null,
    readonly sourcing: SourcingOptions = { sourceDefaultValuesInStandardMode: false },
  ) {
    this.currencies = new Currencies(store);
    for (const record of store.listKind('transaction')) this.index(record);
  }

  // ---- indexes of applications and deposits -------------------------------------------------

  private index(record: StoredRecord): void {
    if (APPLY_SOURCES.has(record.type)) {
      for (const line of record.sublists['apply'] ?? []) {
        if (line['apply'] !== true) continue;
        const doc = Number(line['doc']);
        const map = this.applied.get(doc) ?? new Map<number, number>();
        map.set(record.id, (map.get(record.id) ?? 0) + toCents(num(line['amount'])));
        this.applied.set(doc, map);
        const docs = this.appliesTo.get(record.id) ?? new Set<number>();
        docs.add(doc);
        this.appliesTo.set(record.id, docs);
      }
    }
    if (record.type === 'deposit') {
      for (const line of record.sublists['payment'] ?? []) {
        if (line['deposit'] !== true) continue;
        this.depositedIn.set(Number(line['id']), record.id);
        const ids = this.deposits.get(record.id) ?? new Set<number>();
        ids.add(Number(line['id']));
        this.deposits.set(record.id, ids);
      }
    }
  }

  private unindex(id: number): void {
    for (const doc of this.appliesTo.get(id) ?? []) this.applied.get(doc)?.delete(id);
    this.appliesTo.delete(id);
    for (const payment of this.deposits.get(id) ?? []) this.depositedIn.delete(payment);
    this.deposits.delete(id);
  }

  /** Documents a transaction applies to and payments it deposits: what its save or delete affects. */
  private related(id: number): Set<number> {
    return new Set([...(this.appliesTo.get(id) ?? []), ...(this.deposits.get(id) ?? [])]);
  }

  /** Cents applied to a document by other transactions, except `excluding`. */
  appliedTo(docId: number, excluding?: number): number {
    let sum = 0;
    for (const [source, cents] of this.applied.get(docId) ?? []) if (source !== excluding) sum += cents;
    return sum;
  }

  isDeposited(id: number, excludingDeposit?: number): boolean {
    const deposit = this.depositedIn.get(id);
    return deposit !== undefined && deposit !== excludingDeposit;
  }

  // ---- RecordHost: sourcing --------------------------------------------------------------------

  displayText(def: FieldDef, value: FieldValue): string {
    if (value === null) return '';
    if (def.type === 'checkbox') return value ? 'T' : 'F';
    if (def.type === 'select' && typeof value === 'string') return this.nameOf(def.selectType ?? '', Number(value));
    if (value instanceof Date) return `${value.getMonth() + 1}/${value.getDate()}/${value.getFullYear()}`;
    return String(value);
  }

  private nameOf(selectType: string, id: number): string {
    const record = this.findSelectTarget(selectType, id);
    if (!record) return String(id);
    const f = record.fields;
    const name =
      str(f['entityid']) ??
      str(f['companyname']) ??
      str(f['itemid']) ??
      str(f['acctname']) ??
      str(f['name']) ??
      str(f['symbol']) ??
      str(f['tranid']);
    return name ?? String(id);
  }

  private findSelectTarget(selectType: string, id: number): StoredRecord | undefined {
    if (selectType === 'transaction' || selectType === 'item' || selectType === 'entity') {
      return this.store.findInKind(selectType, id);
    }
    return this.store.schemas.has(selectType) ? this.store.get(selectType, id) : undefined;
  }

  sourceField(record: EmulatedRecord, fieldId: string): void {
    const f = record.fields;
    const entityField = record.def.fields['customer'] ? 'customer' : 'entity';
    if (fieldId === entityField) {
      const customer = this.store.get('customer', Number(f[fieldId]));
      if (customer) {
        if (isEmpty(f['subsidiary'])) f['subsidiary'] = customer.fields['subsidiary'] ?? null;
        if (isEmpty(f['currency']))
          f['currency'] = customer.fields['currency'] ?? this.subsidiaryCurrency(customer.fields['subsidiary']);
      }
    }
    if (record.type === 'deposit' && fieldId === 'account') {
      const account = this.store.get('account', Number(f['account']));
      if (account && !isEmpty(account.fields['currency'])) f['currency'] = account.fields['currency'] ?? null;
      const subsidiaries = account?.fields['subsidiary'];
      if (isEmpty(f['subsidiary'] ?? null) && Array.isArray(subsidiaries)) f['subsidiary'] = subsidiaries[0] ?? null;
    }
    const rateSource = RATE_SOURCES.has(fieldId) && (fieldId !== 'account' || record.type === 'deposit');
    if (record.def.kind === 'transaction' && rateSource && 'exchangerate' in record.def.fields) {
      // The rate follows the currency (and the date): Oracle help, "Currency Rate" (default rates for
      // transactions); that a new date sources it again is a guess (emulator README).
      const rate = this.currencies.transactionRate(f, this.now());
      if (rate !== null) f['exchangerate'] = rate;
    }
    if (record.type === 'deposit' && DEPOSIT_LIST_SOURCES.has(fieldId)) this.fillDepositPayments(record);
    if (APPLY_SOURCES.has(record.type) && (fieldId === entityField || fieldId === 'currency')) {
      this.fillApply(record);
      if (record.type === 'customerrefund') this.fillRefundDeposits(record);
    }
  }

  sourceLine(record: EmulatedRecord, sublistId: string, line: Line, fieldId: string): void {
    if (sublistId === 'item' && fieldId === 'item') {
      const item = this.store.findInKind('item', Number(line['item']));
      if (!item) throw nsError('INVALID_KEY_OR_REF', `Invalid item reference key ${String(line['item'])}.`);
      if (isEmpty(line['rate'] ?? null) && typeof item.fields['rate'] === 'number') line['rate'] = item.fields['rate'];
      if (isEmpty(line['description'] ?? null))
        line['description'] = item.fields['salesdescription'] ?? item.fields['description'] ?? null;
    }
    void record;
  }

  private sourceEmptyLines(record: EmulatedRecord): void {
    for (const line of record.sublists['item'] ?? []) {
      if (!isEmpty(line['item'] ?? null)) this.sourceLine(record, 'item', line, 'item');
    }
  }

  private subsidiaryCurrency(subsidiary: FieldValue | undefined): FieldValue {
    if (typeof subsidiary !== 'string') return null;
    return this.store.get('subsidiary', Number(subsidiary))?.fields['currency'] ?? null;
  }

  /** The apply list NetSuite shows: open documents of the customer in the transaction's currency. */
  fillApply(record: EmulatedRecord): void {
    const customer = str(record.fields[record.def.fields['customer'] ? 'customer' : 'entity']);
    const currency = str(record.fields['currency']);
    const previous = new Map((record.sublists['apply'] ?? []).map((line) => [String(line['doc']), line]));
    const lines: Line[] = [];
    if (customer) {
      const candidates =
        record.type === 'customerrefund'
          ? [
              ...this.store.findBy('creditmemo', 'entity', customer),
              ...this.store.findBy('customerpayment', 'customer', customer),
            ]
          : this.store.findBy('invoice', 'entity', customer).filter((doc) => this.depositMayApply(record, doc));
      for (const doc of candidates) {
        const entity = str(doc.fields['entity']) ?? str(doc.fields['customer']);
        if (entity !== customer || (currency && str(doc.fields['currency']) !== currency) || doc.id === record.id)
          continue;
        const due = this.openCents(doc, record.id ?? undefined);
        const prior = previous.get(String(doc.id));
        if (due <= 0 && prior?.['apply'] !== true) continue;
        lines.push({
          apply: prior?.['apply'] === true,
          doc: String(doc.id),
          internalid: String(doc.id),
          type: TRANSACTION_LABELS[doc.type] ?? doc.type,
          refnum: str(doc.fields['tranid']) ?? String(doc.id),
          applydate: doc.fields['trandate'] ?? null,
          total: num(doc.type === 'customerpayment' ? doc.fields['payment'] : doc.fields['total']),
          due: fromCents(due),
          amount: prior?.['apply'] === true ? (prior['amount'] ?? null) : null,
          currency: doc.fields['currency'] ?? null,
        });
      }
    }
    // A deposit application NetSuite made for a refund applies to that refund, which no invoice list holds.
    if (record.type === 'depositapplication') {
      const listed = new Set(lines.map((line) => String(line['doc'])));
      for (const [doc, line] of previous) if (line['apply'] === true && !listed.has(doc)) lines.push(line);
    }
    record.sublists['apply'] = lines;
  }

  /**
   * A deposit linked to a sales order applies only to invoices made from that order (blog.prolecto.com,
   * "Applying NetSuite Sales Order Customer Deposits on Independent Invoices": "By linking a customer deposit
   * to a sales order, only invoices generated from the respective sales order can participate in a deposit
   * application"). Unlinked deposits apply to any open invoice of the customer in their currency (Oracle help,
   * "Applying a Customer Deposit").
   */
  private depositMayApply(record: EmulatedRecord, invoice: StoredRecord): boolean {
    if (record.type !== 'depositapplication') return true;
    const deposit = this.store.get('customerdeposit', Number(record.fields['deposit']));
    const order = str(deposit?.fields['salesorder']);
    return !order || str(invoice.fields['createdfrom']) === order;
  }

  /**
   * A customer refund's `deposit` list: the customer's customer deposits with something left, in the refund's
   * currency (REST help, "Customer Refund": the deposit sublist; SOAP CustomerRefundDeposit `remaining`).
   */
  fillRefundDeposits(record: EmulatedRecord): void {
    const customer = str(record.fields['customer']);
    const currency = str(record.fields['currency']);
    const self = record.id ?? undefined;
    const previous = new Map((record.sublists['deposit'] ?? []).map((line) => [String(line['doc']), line]));
    const lines: Line[] = [];
    for (const deposit of customer ? this.store.findBy('customerdeposit', 'customer', customer) : []) {
      if (currency && str(deposit.fields['currency']) !== currency) continue;
      const remaining = this.openCents(deposit, self);
      const prior = previous.get(String(deposit.id));
      if (remaining <= 0 && prior?.['apply'] !== true) continue;
      lines.push({
        apply: prior?.['apply'] === true,
        doc: String(deposit.id),
        refnum: str(deposit.fields['tranid']) ?? String(deposit.id),
        depositdate: deposit.fields['trandate'] ?? null,
        total: num(deposit.fields['payment']),
        remaining: fromCents(remaining),
        currency: deposit.fields['currency'] ?? null,
        amount: prior?.['apply'] === true ? (prior['amount'] ?? null) : null,
      });
    }
    record.sublists['deposit'] = lines;
  }

  /**
   * Cents of a customer deposit taken by deposit applications (to invoices, or to refunds that paid it back),
   * not counting those `excluding` made: NetSuite's own for a refund carry the refund in `createdfrom`.
   */
  private depositApplied(depositId: number, excluding?: number): number {
    return this.store
      .findBy('depositapplication', 'deposit', String(depositId))
      .filter((app) => app.id !== excluding && str(app.fields['createdfrom']) !== String(excluding))
      .reduce((sum, app) => sum + this.ownApplied(app), 0);
  }

  /** Cents still open on a document, not counting what `excluding` applies to it. */
  private openCents(doc: StoredRecord, excluding?: number): number {
    const f = doc.fields;
    switch (doc.type) {
      case 'invoice':
        return toCents(num(f['total'])) - this.appliedTo(doc.id, excluding);
      case 'creditmemo':
        return toCents(num(f['total'])) - this.ownApplied(doc) - this.appliedTo(doc.id, excluding);
      case 'customerpayment':
        return toCents(num(f['payment'])) - this.ownApplied(doc) - this.appliedTo(doc.id, excluding);
      case 'customerdeposit':
        return toCents(num(f['payment'])) - this.depositApplied(doc.id, excluding);
      default:
        return 0;
    }
  }

  private ownApplied(record: { sublists: Record<string, Line[]> }): number {
    return (record.sublists['apply'] ?? []).reduce(
      (sum, l) => sum + (l['apply'] === true ? toCents(num(l['amount'])) : 0),
      0,
    );
  }

  /**
   * A deposit's payment list: undeposited payments, customer deposits and refunds of the deposit's
   * subsidiary in any currency. A bank account takes payments of other currencies through Make Deposits, the
   * difference going to Unrealized Matching Gain/Loss (SuiteAnswers 14964, "Foreign Currency Revaluation";
   * netsuiteblogs.curiousrubik.com, "Know how to record payment for an Invoice deposited in a Bank Account
   * with Different Currency"). `transactionamount` is the payment's amount in its currency, `paymentamount`
   * the amount in the deposit's currency (REST API deposit payment: transactionAmount "Payment Amount",
   * paymentAmount "Amount"): the same amount for a payment in the deposit's currency, else the payment's base
   * amount at the deposit's exchange rate, rounded to the deposit currency (the conversion is a guess).
   */
  fillDepositPayments(record: EmulatedRecord): void {
    const currency = str(record.fields['currency']);
    const previous = new Map((record.sublists['payment'] ?? []).map((line) => [String(line['id']), line]));
    const undep = this.accounts.undepositedFunds;
    const subsidiary = str(record.fields['subsidiary']);
    const lines: Line[] = [];
    if (currency) {
      const candidates = this.store.listKind('transaction').filter((t) => {
        if (subsidiary && str(t.fields['subsidiary']) && str(t.fields['subsidiary']) !== subsidiary) return false;
        if (t.type === 'customerpayment' || t.type === 'customerdeposit') return t.fields['undepfunds'] === true;
        if (t.type === 'customerrefund') return (str(t.fields['account']) ?? undep) === undep;
        return false;
      });
      for (const t of candidates) {
        const prior = previous.get(String(t.id));
        if (this.isDeposited(t.id, record.id ?? undefined)) continue;
        const amount = t.type === 'customerrefund' ? -num(t.fields['total']) : num(t.fields['payment']);
        const sameCurrency = str(t.fields['currency']) === currency;
        const converted = sameCurrency ? amount : this.convertedPayment(t, record.fields);
        const kept = !sameCurrency && prior?.['deposit'] === true && typeof prior['paymentamount'] === 'number';
        lines.push({
          deposit: prior?.['deposit'] === true,
          id: String(t.id),
          type: TRANSACTION_LABELS[t.type] ?? t.type,
          docnumber: str(t.fields['tranid']) ?? String(t.id),
          entity: t.fields['customer'] ?? null,
          currency: t.fields['currency'] ?? null,
          trandate: t.fields['trandate'] ?? null,
          paymentamount: kept ? (prior['paymentamount'] ?? null) : converted,
          transactionamount: amount,
          memo: prior?.['memo'] ?? t.fields['memo'] ?? null,
        });
      }
    }
    record.sublists['payment'] = lines;
  }

  /** A payment's base amount in Undeposited Funds, in a deposit's currency at the deposit's rate. */
  private convertedPayment(payment: StoredRecord, deposit: Record<string, FieldValue>): number {
    const rate =
      typeof deposit['exchangerate'] === 'number'
        ? deposit['exchangerate']
        : this.currencies.transactionRate(deposit, this.now());
    const base = this.undepositedBase(payment.id);
    return fromCents(
      roundToPrecision(base / (rate && rate > 0 ? rate : 1), this.currencies.precision(deposit['currency'])),
    );
  }

  /** Base hundredths a payment (debit, positive) or refund (credit, negative) left in Undeposited Funds. */
  undepositedBase(transactionId: number): number {
    const undep = this.accounts.undepositedFunds;
    const rate = (): number => {
      const t = this.store.findInKind('transaction', transactionId);
      return typeof t?.fields['exchangerate'] === 'number' ? t.fields['exchangerate'] : 1;
    };
    let sum = 0;
    for (const line of this.store.glLinesOf(transactionId)) {
      if (line.account !== undep) continue;
      sum +=
        (line.baseDebit ?? Math.round(line.debit * rate())) - (line.baseCredit ?? Math.round(line.credit * rate()));
    }
    return sum;
  }

  /**
   * Which system-filled line fields a script may still set: on a deposit, the amount of a payment in another
   * currency ("Under payments tab, enter the SGD amount and mark the payment": curiousrubik, above).
   */
  lineFieldWritable(record: EmulatedRecord, sublistId: string, line: Line, fieldId: string): boolean {
    return (
      record.type === 'deposit' &&
      sublistId === 'payment' &&
      fieldId === 'paymentamount' &&
      str(line['currency']) !== str(record.fields['currency'])
    );
  }

  // ---- create / load / transform -----------------------------------------------------------

  private newRecord(def: RecordTypeDef, isDynamic: boolean): EmulatedRecord {
    const fields: Record<string, FieldValue> = {};
    for (const field of Object.values(def.fields)) {
      if (field.defaultValue !== undefined) fields[field.id] = field.defaultValue;
    }
    if (def.fields['trandate']) fields['trandate'] = coerceValue(def.fields['trandate'], this.now());
    const sublists: Record<string, Line[]> = {};
    for (const id of Object.keys(def.sublists)) sublists[id] = [];
    return new EmulatedRecord(this, def, null, isDynamic, fields, sublists, null);
  }

  create(
    type: string,
    options: { isDynamic?: boolean; defaultValues?: Record<string, unknown> } = {},
    byTransform = false,
  ): EmulatedRecord {
    const def = this.store.schema(type);
    if (def.type === 'currencyrevaluation')
      throw nsError(
        'INVALID_RCRD_TYPE',
        'Currency revaluations are system-generated and cannot be created by a script.',
      );
    // Oracle help, "Deposit Application": "You do not use record.create(options) to create a deposit application
    // record" (transform a customer deposit instead). The error's name and wording are a guess (README).
    if (def.type === 'depositapplication' && !byTransform)
      throw nsError(
        'INVALID_RCRD_TYPE',
        'A deposit application cannot be created: transform a customer deposit into a deposit application.',
      );
    const record = this.newRecord(def, options.isDynamic === true);
    const aliases = INITIALIZATION_ALIASES[def.type] ?? {};
    for (const [key, value] of Object.entries(options.defaultValues ?? {})) {
      const fieldId = aliases[key] ?? key;
      record.setValue({ fieldId, value });
      // In dynamic mode setValue sourced already; standard mode waits for save unless the switch says otherwise.
      if (!record.isDynamic && this.sourcing.sourceDefaultValuesInStandardMode) this.sourceField(record, fieldId);
    }
    return record;
  }

  load(type: string, id: number, options: { isDynamic?: boolean } = {}): EmulatedRecord {
    const def = this.store.schema(type);
    const stored = this.store.get(def.type, Number(id));
    if (!stored) throw nsError('RCRD_DSNT_EXIST', `That record does not exist. path: ${def.type} ${id}`);
    const record = new EmulatedRecord(
      this,
      def,
      stored.id,
      options.isDynamic === true,
      stored.fields,
      stored.sublists,
      stored.version,
    );
    if (APPLY_SOURCES.has(def.type)) this.fillApply(record);
    if (def.type === 'customerrefund') this.fillRefundDeposits(record);
    if (def.type === 'deposit') this.fillDepositPayments(record);
    return record;
  }

  copy(type: string, id: number, options: { isDynamic?: boolean } = {}): EmulatedRecord {
    const source = this.load(type, id, options);
    const record = this.newRecord(source.def, source.isDynamic);
    for (const [fieldId, value] of Object.entries(source.fields)) {
      const def = source.def.fields[fieldId];
      if (def && !def.readOnly && fieldId !== 'externalid' && fieldId !== 'tranid') record.fields[fieldId] = value;
    }
    for (const [sublistId, lines] of Object.entries(source.sublists)) {
      if (!source.def.sublists[sublistId]?.systemFilled) record.sublists[sublistId] = lines.map((l) => ({ ...l }));
    }
    return record;
  }

  transform(
    fromType: string,
    fromId: number,
    toType: string,
    options: { isDynamic?: boolean; defaultValues?: Record<string, unknown> } = {},
  ): EmulatedRecord {
    const from = this.store.schema(fromType).type;
    const to = this.store.schema(toType).type;
    if (!TRANSFORMS.has(`${from}>${to}`)) {
      throw nsError(
        'INVALID_RCRD_TRANSFORM',
        `You have entered an invalid type argument: cannot transform ${from} into ${to}`,
      );
    }
    const source = this.store.get(from, Number(fromId));
    if (!source) throw nsError('RCRD_DSNT_EXIST', `That record does not exist. path: ${from} ${fromId}`);
    if (from === 'salesorder') refuseIneligibleOrder(source, to);
    if (from === 'customerdeposit' && this.openCents(source) <= 0) throw notInitializable(to, source.id);
    const record = this.create(to, options, true);
    const sf = source.fields;
    const copy = (fieldIds: string[]): void => {
      for (const fieldId of fieldIds) if (!isEmpty(sf[fieldId] ?? null)) record.fields[fieldId] = sf[fieldId] ?? null;
    };
    if (from === 'customer') {
      record.fields['customer'] = String(source.id);
      record.fields['subsidiary'] = sf['subsidiary'] ?? null;
      record.fields['currency'] = sf['currency'] ?? this.subsidiaryCurrency(sf['subsidiary']);
      if (record.isDynamic) record.fields['exchangerate'] = this.currencies.transactionRate(record.fields, this.now());
      this.fillApply(record);
      return record;
    }
    copy(['subsidiary', 'currency']);
    // Documents made from a document keep its rate; payments and refunds take the rate of their own date
    // (Oracle help, "Applied Payments and Realized Gain/Loss": the two rates differ). Both are guesses.
    if (to === 'creditmemo' || to === 'invoice' || to === 'customerdeposit' || to === 'depositapplication')
      copy(['exchangerate']);
    else if (record.isDynamic)
      record.fields['exchangerate'] = this.currencies.transactionRate(record.fields, this.now());
    if (to === 'customerrefund')
      return from === 'customerdeposit' ? this.depositRefundOf(record, source) : this.refundOf(record, source);
    if (to === 'depositapplication') return this.applicationOf(record, source);
    if (to === 'customerpayment' || to === 'customerdeposit') record.fields['customer'] = sf['entity'] ?? null;
    else copy(['entity']);
    record.fields['createdfrom'] = String(source.id);
    if (to === 'itemfulfillment') return this.fulfillmentOf(record, source);
    if (to === 'invoice') {
      record.sublists['item'] = billableLines(this.store, source, this.orders);
      if ((record.sublists['item'] ?? []).length === 0) throw notInitializable(to, source.id);
    }
    if (to === 'creditmemo') {
      record.sublists['item'] = (source.sublists['item'] ?? []).map((line) => ({
        item: line['item'] ?? null,
        description: line['description'] ?? null,
        quantity: line['quantity'] ?? null,
        rate: line['rate'] ?? null,
        amount: line['amount'] ?? null,
        revrecstartdate: line['revrecstartdate'] ?? null,
        revrecenddate: line['revrecenddate'] ?? null,
        // A credit memo made from a taxed invoice credits the same tax (records/lineTax.ts).
        ...(isEmpty(line['taxcode'] ?? null)
          ? {}
          : { taxcode: line['taxcode'] ?? null, tax1amt: line['tax1amt'] ?? null }),
      }));
    }
    if (to === 'customerdeposit') {
      record.fields['salesorder'] = String(source.id);
      record.fields['payment'] = sf['total'] ?? null;
    }
    if (to === 'customerpayment' || to === 'creditmemo') {
      this.fillApply(record);
      const due = fromCents(this.openCents(source));
      const line = (record.sublists['apply'] ?? []).find((l) => l['doc'] === String(source.id));
      if (line) {
        line['apply'] = true;
        line['amount'] = due;
      }
      if (to === 'customerpayment') record.fields['payment'] = due;
    }
    return record;
  }

  // ---- save ------------------------------------------------------------------------------------

  /**
   * A customer refund made from a credit memo or a payment: the customer's apply list with the source
   * ticked for what is left of it (public SuiteScript transforms credit memo → customer refund and reads
   * the ticked line; Oracle help "Supported Transformation Types").
   */
  private refundOf(record: EmulatedRecord, source: StoredRecord): EmulatedRecord {
    record.fields['customer'] = source.fields['entity'] ?? source.fields['customer'] ?? null;
    this.fillApply(record);
    const line = (record.sublists['apply'] ?? []).find((l) => l['doc'] === String(source.id));
    if (!line) {
      throw nsError(
        'USER_ERROR',
        `${TRANSACTION_LABELS[source.type] ?? source.type} ${source.id} has nothing left to refund.`,
      );
    }
    line['apply'] = true;
    line['amount'] = fromCents(this.openCents(source));
    // The refund lists the customer's unapplied deposits too, whatever it was made from, as one created for the
    // customer does (Oracle help, "Customer Refund": the `apply` and `deposit` sublists of one refund).
    this.fillRefundDeposits(record);
    return record;
  }

  /** An item fulfillment of a sales order: its open lines, each to be received for what is left of it. */
  private fulfillmentOf(record: EmulatedRecord, source: StoredRecord): EmulatedRecord {
    record.sublists['item'] = fulfillableLines(this.store, source);
    if ((record.sublists['item'] ?? []).length === 0) throw notInitializable('itemfulfillment', source.id);
    return record;
  }

  /**
   * A deposit application of a customer deposit (Oracle help, "Applying a Customer Deposit": "The Deposit
   * Application form opens with the customer information and To Apply amount auto-filled. A list of open
   * invoices for that customer appears … filtered to show only those in the same currency as the deposit").
   * None is ticked: the script ticks the invoice (public SuiteScript does so on `apply`).
   */
  private applicationOf(record: EmulatedRecord, source: StoredRecord): EmulatedRecord {
    record.fields['customer'] = source.fields['customer'] ?? null;
    record.fields['deposit'] = String(source.id);
    record.fields['depositdate'] = source.fields['trandate'] ?? null;
    record.fields['unapplied'] = fromCents(this.openCents(source));
    this.fillApply(record);
    return record;
  }

  /**
   * A customer refund of a customer deposit: the customer's deposits listed on `deposit`, this one ticked for
   * what is left of it (Oracle help, REST "Customer Refund": the deposit sublist; SDF
   * CUSTOMER_DEPOSIT_CUSTOMER_REFUND_TRANSACTION).
   */
  private depositRefundOf(record: EmulatedRecord, source: StoredRecord): EmulatedRecord {
    record.fields['customer'] = source.fields['customer'] ?? null;
    this.fillApply(record);
    this.fillRefundDeposits(record);
    const line = (record.sublists['deposit'] ?? []).find((l) => l['doc'] === String(source.id));
    if (line) {
      line['apply'] = true;
      line['amount'] = line['remaining'] ?? null;
    }
    return record;
  }

  save(record: EmulatedRecord, options: SaveOptions = {}): number {
    const def = record.def;
    this.faults?.beforeSave(this.store, def.type, record.fields, record.sublists);
    // Standard mode sources on save, and only fields left empty when asked to (Oracle help, "Record.save(options)").
    if (!record.isDynamic && options.enableSourcing === true) this.sourceEmptyLines(record);
    const data = cloneRecord({
      type: def.type,
      id: record.id ?? 0,
      version: record.version ?? 0,
      fields: record.fields,
      sublists: record.sublists,
    });
    this.defaultFromEntity(data);
    this.defaultExchangeRate(data);
    this.completeLines(data);
    completeLineTax(data, (code) => this.taxCodeRate(code), this.sourcing.lineTaxAmount ?? 'keep');
    this.roundToCurrency(def, data);
    this.completeDepositAmounts(data, record.id ?? undefined);
    this.computeTotals(data);
    if (!options.ignoreMandatoryFields) this.checkMandatory(def, data);
    this.checkReferences(def, data);
    this.validate(data, record.id);
    // Posting before writing: an unbalanced transaction must fail without touching the store.
    if (def.kind === 'transaction') glLinesFor({ ...data, id: record.id ?? 0 }, this.ledgerLookups());
    let id: number;
    if (record.id === null) {
      id = this.store.insert(def.type, { fields: data.fields, sublists: data.sublists });
    } else {
      id = record.id;
      this.store.update({ ...data, id }, record.version ?? 0);
    }
    if (def.kind === 'transaction') this.afterTransactionSave(this.store.get(def.type, id) as StoredRecord);
    record.id = id;
    record.version = (this.store.get(def.type, id) as StoredRecord).version;
    return id;
  }

  /**
   * A transaction's exchange rate when the script set none: the Currency Exchange Rates table on its date
   * (Oracle help, "Currency Rate"), 1 in the base currency. REST help, "Deposit": the Exchange Rate field
   * is "used to specify the initial exchange rate with respect to the base currency".
   */
  private defaultExchangeRate(data: StoredRecord): void {
    const def = this.store.schema(data.type);
    if (def.kind !== 'transaction' || !def.fields['exchangerate'] || typeof data.fields['exchangerate'] === 'number')
      return;
    data.fields['exchangerate'] = this.currencies.transactionRate(data.fields, this.now()) ?? 1;
  }

  /**
   * Amounts keep the currency's decimals: a zero-precision currency such as the yen has whole amounts (Oracle
   * help, "Currency Decimal Precision": "the line item amount displayed on an invoice to a Japanese customer
   * … is ¥115,408, not ¥115,408.10"). Every amount a script sets on a transaction is in its currency.
   */
  private roundToCurrency(def: RecordTypeDef, data: StoredRecord): void {
    if (def.kind !== 'transaction') return;
    const precision = this.currencies.precision(data.fields['currency']);
    if (precision >= 2) return;
    const round = (value: FieldValue | undefined): FieldValue =>
      typeof value === 'number' ? fromCents(roundToPrecision(toCents(value), precision)) : (value ?? null);
    for (const field of Object.values(def.fields))
      if (field.type === 'currency' && !field.readOnly) data.fields[field.id] = round(data.fields[field.id]);
    for (const [sublistId, sublist] of Object.entries(def.sublists)) {
      const amounts = Object.values(sublist.fields).filter((field) => field.type === 'currency' && !field.readOnly);
      for (const line of data.sublists[sublistId] ?? [])
        for (const field of amounts) line[field.id] = round(line[field.id]);
    }
  }

  private ledgerLookups(): Parameters<typeof glLinesFor>[1] {
    return {
      accounts: this.accounts,
      baseCurrency: (record) =>
        this.currencies.baseCurrency(record.fields['subsidiary']) ?? String(record.fields['currency']),
      precision: (currencyId) => this.currencies.precision(currencyId),
      undepositedBase: (id) => this.undepositedBase(Number(id)),
      taxCodeAccount: (taxCodeId: string): string => {
        const account = str(this.store.get('salestaxitem', Number(taxCodeId))?.fields['taxaccount']);
        if (!account) throw nsError('INVALID_KEY_OR_REF', `Tax code ${taxCodeId} has no tax account to post to.`);
        return account;
      },
      itemAccount: (itemId: string): string => {
        const item = this.store.findInKind('item', Number(itemId));
        const account = item ? (str(item.fields['incomeaccount']) ?? str(item.fields['account'])) : null;
        if (!account) throw nsError('INVALID_KEY_OR_REF', `Item ${itemId} has no income account to post to.`);
        return account;
      },
    };
  }

  /** A tax code's rate in percent; undefined when the code does not exist (refused by the reference check). */
  private taxCodeRate(taxCodeId: string): number | undefined {
    const code = this.store.schemas.has('salestaxitem') ? this.store.get('salestaxitem', Number(taxCodeId)) : undefined;
    return code ? num(code.fields['rate']) : undefined;
  }

  private defaultFromEntity(data: StoredRecord): void {
    const f = data.fields;
    if (data.type === 'deposit' && isEmpty(f['subsidiary'] ?? null)) {
      const subsidiaries = this.store.get('account', Number(f['account']))?.fields['subsidiary'];
      if (Array.isArray(subsidiaries)) f['subsidiary'] = subsidiaries[0] ?? null;
    }
    const entity = str(f['customer']) ?? str(f['entity']);
    if (!entity || data.type === 'customer') return;
    const customer = this.store.get('customer', Number(entity));
    if (!customer) return;
    if (isEmpty(f['subsidiary'] ?? null) && 'subsidiary' in this.store.schema(data.type).fields)
      f['subsidiary'] = customer.fields['subsidiary'] ?? null;
    if (isEmpty(f['currency'] ?? null) && 'currency' in this.store.schema(data.type).fields) {
      f['currency'] = customer.fields['currency'] ?? this.subsidiaryCurrency(customer.fields['subsidiary']);
    }
  }

  private completeLines(data: StoredRecord): void {
    if (!this.store.schema(data.type).sublists['item']?.fields['amount']) return;
    for (const [index, line] of (data.sublists['item'] ?? []).entries()) {
      if (isEmpty(line['amount'] ?? null)) {
        const quantity = typeof line['quantity'] === 'number' ? line['quantity'] : 1;
        line['amount'] = fromCents(Math.round(quantity * toCents(num(line['rate']))));
      }
      line['line'] = index + 1;
    }
  }

  /**
   * A ticked deposit application line without an amount takes what the invoice still owes, up to what is left
   * of the deposit; a ticked refund deposit line takes what is left of the deposit (Oracle help, "Applying a
   * Customer Deposit": "You can apply up to the total amount of the deposit").
   */
  private completeDepositAmounts(data: StoredRecord, self: number | undefined): void {
    if (data.type === 'depositapplication') {
      const deposit = this.store.get('customerdeposit', Number(data.fields['deposit']));
      let left = deposit ? this.openCents(deposit, self) : 0;
      for (const line of data.sublists['apply'] ?? []) {
        if (line['apply'] !== true) continue;
        if (isEmpty(line['amount'] ?? null)) {
          const doc = this.store.findInKind('transaction', Number(line['doc']));
          line['amount'] = fromCents(Math.max(0, Math.min(doc ? this.openCents(doc, self) : 0, left)));
        }
        left -= toCents(num(line['amount']));
      }
    }
    if (data.type === 'customerrefund') {
      for (const line of data.sublists['deposit'] ?? [])
        if (line['apply'] === true && isEmpty(line['amount'] ?? null)) line['amount'] = line['remaining'] ?? null;
    }
  }

  private computeTotals(data: StoredRecord): void {
    const f = data.fields;
    const lineSum = (sublistId: string, fieldId: string, onlyTicked?: string): number =>
      (data.sublists[sublistId] ?? []).reduce(
        (sum, l) => sum + (onlyTicked && l[onlyTicked] !== true ? 0 : toCents(num(l[fieldId]))),
        0,
      );
    switch (data.type) {
      case 'invoice':
      case 'creditmemo':
      case 'salesorder':
        f['subtotal'] = fromCents(lineSum('item', 'amount'));
        f['total'] = fromCents(lineSum('item', 'amount') + lineTaxTotals(data));
        break;
      case 'customerpayment':
      case 'customerdeposit':
        f['total'] = f['payment'] ?? null;
        break;
      case 'customerrefund':
        f['total'] = fromCents(lineSum('apply', 'amount', 'apply') + lineSum('deposit', 'amount', 'apply'));
        break;
      case 'depositapplication':
        f['applied'] = fromCents(lineSum('apply', 'amount', 'apply'));
        f['total'] = f['applied'];
        break;
      case 'deposit':
        f['total'] = fromCents(
          lineSum('payment', 'paymentamount', 'deposit') + lineSum('other', 'amount') - lineSum('cashback', 'amount'),
        );
        break;
      default:
        break;
    }
  }

  private checkMandatory(def: RecordTypeDef, data: StoredRecord): void {
    const missing = Object.values(def.fields)
      .filter((field) => field.mandatory && isEmpty(data.fields[field.id] ?? null))
      .map((field) => field.label ?? field.id);
    for (const [sublistId, sublist] of Object.entries(def.sublists)) {
      if (sublist.systemFilled) continue;
      for (const line of data.sublists[sublistId] ?? []) {
        for (const field of Object.values(sublist.fields)) {
          if (field.mandatory && isEmpty(line[field.id] ?? null)) missing.push(`${sublistId}.${field.id}`);
        }
      }
    }
    if (data.type === 'customer' && data.fields['isperson'] !== true && isEmpty(data.fields['companyname'] ?? null))
      missing.push('companyname');
    if (missing.length > 0)
      throw nsError('USER_ERROR', `Please enter value(s) for: ${[...new Set(missing)].join(', ')}`);
  }

  private checkReferences(def: RecordTypeDef, data: StoredRecord): void {
    const check = (field: FieldDef, value: FieldValue | undefined): void => {
      if (!field.selectType || value === null || value === undefined || field.readOnly) return;
      for (const id of Array.isArray(value) ? value : [value]) {
        if (!this.findSelectTarget(field.selectType, Number(id))) {
          throw nsError('INVALID_KEY_OR_REF', `Invalid ${field.id} reference key ${String(id)}.`);
        }
      }
    };
    for (const field of Object.values(def.fields)) check(field, data.fields[field.id]);
    for (const [sublistId, sublist] of Object.entries(def.sublists)) {
      for (const line of data.sublists[sublistId] ?? [])
        for (const field of Object.values(sublist.fields)) check(field, line[field.id]);
    }
  }

  /**
   * With Multiple Currencies per customer, a customer's transactions are in its primary currency (the
   * subsidiary's base when none is set) or one on its Currencies subtab (sublist `currency`; web services:
   * `currencyList` of `CustomerCurrency`). No help page stating the refusal was found here: a documented
   * guess with a switch (`customerCurrencyLists`), and its wording is ours (README).
   */
  private checkCustomerCurrency(data: StoredRecord): void {
    if (this.sourcing.customerCurrencyLists === false) return;
    const currency = str(data.fields['currency']);
    const entity = str(data.fields['customer']) ?? str(data.fields['entity']);
    const customer = entity ? this.store.get('customer', Number(entity)) : undefined;
    if (!currency || !customer) return;
    const primary = str(customer.fields['currency']) ?? this.currencies.baseCurrency(customer.fields['subsidiary']);
    const listed = (customer.sublists['currency'] ?? []).some((line) => str(line['currency']) === currency);
    if (currency !== primary && !listed) {
      throw nsError(
        'USER_ERROR',
        `The currency ${str(this.store.get('currency', Number(currency))?.fields['symbol']) ?? currency} is not one of customer ${customer.id}'s currencies.`,
      );
    }
  }

  private validate(data: StoredRecord, selfId: number | null): void {
    const f = data.fields;
    const self = selfId ?? undefined;
    if (this.store.schema(data.type).kind === 'transaction') this.checkCustomerCurrency(data);
    if (['invoice', 'creditmemo', 'salesorder'].includes(data.type) && (data.sublists['item'] ?? []).length === 0) {
      throw nsError('USER_ERROR', 'You must enter at least one line item for this transaction.');
    }
    // A line may be negative, the total may not (Oracle help, "Troubleshooting Negative Total Error": "The
    // total cannot be negative"); a negative invoice is a credit memo. The error name is a guess.
    if (['invoice', 'salesorder'].includes(data.type) && toCents(num(f['total'])) < 0) {
      throw nsError('USER_ERROR', 'The total cannot be negative.');
    }
    if (APPLY_SOURCES.has(data.type)) {
      for (const line of data.sublists['apply'] ?? []) {
        if (line['apply'] !== true) continue;
        const doc = this.store.findInKind('transaction', Number(line['doc']));
        if (!doc) throw nsError('INVALID_KEY_OR_REF', `Invalid apply reference key ${String(line['doc'])}.`);
        const due = this.openCents(doc, self);
        const amount = toCents(num(line['amount']));
        if (amount <= 0)
          throw nsError('USER_ERROR', `The amount applied to ${doc.type} ${doc.id} must be greater than zero.`);
        if (amount > due) {
          throw nsError(
            'USER_ERROR',
            `You cannot apply ${fromCents(amount)} to ${doc.type} ${doc.id}: only ${fromCents(due)} is due.`,
          );
        }
      }
    }
    if (data.type === 'customerpayment' || data.type === 'creditmemo') {
      const available =
        toCents(num(data.type === 'customerpayment' ? f['payment'] : f['total'])) - (self ? this.appliedTo(self) : 0);
      const applied = this.ownApplied(data);
      if (applied > available) {
        throw nsError(
          'USER_ERROR',
          `The total applied (${fromCents(applied)}) exceeds the amount available (${fromCents(available)}).`,
        );
      }
      if (data.type === 'customerpayment' && toCents(num(f['payment'])) <= 0)
        throw nsError('USER_ERROR', 'The payment amount must be greater than zero.');
    }
    if (data.type === 'depositapplication' || data.type === 'customerrefund') this.validateDepositUse(data, self);
    if (data.type === 'customerrefund' && toCents(num(f['total'])) <= 0) {
      throw nsError('USER_ERROR', 'A customer refund must apply at least one credit memo or payment.');
    }
    if (data.type === 'deposit') {
      const account = this.store.get('account', Number(f['account']));
      if (account && !isEmpty(account.fields['currency'] ?? null) && account.fields['currency'] !== f['currency']) {
        throw nsError('USER_ERROR', `The deposit currency must be the currency of bank account ${account.id}.`);
      }
      for (const line of data.sublists['payment'] ?? []) {
        if (line['deposit'] === true && this.isDeposited(Number(line['id']), self)) {
          throw nsError('USER_ERROR', `Transaction ${String(line['id'])} has already been deposited.`);
        }
      }
      if (toCents(num(f['total'])) < 0) throw nsError('USER_ERROR', 'The deposit total cannot be negative.');
    }
    if (
      self !== undefined &&
      (data.type === 'customerpayment' || data.type === 'customerrefund') &&
      this.isDeposited(self)
    ) {
      const stored = this.store.get(data.type, self);
      if (stored && toCents(num(stored.fields['total'])) !== toCents(num(f['total']))) {
        throw nsError('USER_ERROR', `Transaction ${self} has been deposited; its amount cannot change.`);
      }
    }
  }

  /**
   * What a deposit application or a refund takes from customer deposits must be left on them (Oracle help,
   * "Applying a Customer Deposit": "You can apply up to the total amount of the deposit"); wording ours.
   */
  private validateDepositUse(data: StoredRecord, self: number | undefined): void {
    const uses =
      data.type === 'depositapplication'
        ? [{ deposit: Number(data.fields['deposit']), cents: this.ownApplied(data) }]
        : (data.sublists['deposit'] ?? [])
            .filter((line) => line['apply'] === true)
            .map((line) => ({ deposit: Number(line['doc']), cents: toCents(num(line['amount'])) }));
    for (const use of uses) {
      const deposit = this.store.get('customerdeposit', use.deposit);
      if (!deposit) throw nsError('INVALID_KEY_OR_REF', `Invalid deposit reference key ${use.deposit}.`);
      const left = this.openCents(deposit, self);
      if (use.cents <= 0 && data.type === 'depositapplication')
        throw nsError('USER_ERROR', 'A deposit application must apply an amount greater than zero.');
      if (use.cents > left)
        throw nsError(
          'USER_ERROR',
          `You cannot use ${fromCents(use.cents)} of customer deposit ${deposit.id}: only ${fromCents(left)} is left.`,
        );
    }
  }

  /** Re-indexes, posts the GL and refreshes what NetSuite derives on related documents. */
  private afterTransactionSave(saved: StoredRecord): void {
    const before = this.related(saved.id);
    this.unindex(saved.id);
    this.index(saved);
    for (const id of this.related(saved.id)) before.add(id);
    this.store.setGlLines(saved.id, glLinesFor(saved, this.ledgerLookups()));
    if (APPLY_SOURCES.has(saved.type)) this.revalue(saved);
    if (saved.type === 'customerrefund') this.applyRefundedDeposits(saved);
    if (saved.type === 'invoice') this.applyOrderDeposits(saved);
    this.refreshDerived(saved.id);
    for (const id of [...before, ...this.linkedSources(saved)]) this.refreshDerived(id);
  }

  /** Orders and deposits a transaction draws on, whose derived state follows it. */
  private linkedSources(record: StoredRecord): number[] {
    return [str(record.fields['createdfrom']), str(record.fields['deposit'])]
      .filter((id): id is string => id !== null)
      .map(Number);
  }

  /**
   * Applies the open customer deposits of the invoice's sales order to it, as NetSuite does when an order with
   * deposits is billed (Oracle NetSuite Support Community, "NSC | Customer Deposit Not Auto-applying to
   * Invoice": "the Customer Deposit will automatically be applied to the Invoice upon billing the order";
   * blog.prolecto.com, "Use NetSuite SuiteScript to Automate Posting Customer Deposits to Invoices": NetSuite
   * "will automatically apply a customer deposit to a freshly generated (unpaid) invoice" linked to the same
   * sales order). One Deposit Application per deposit, oldest deposit first. Switch: `orders.autoApplyDeposits`.
   */
  private applyOrderDeposits(invoice: StoredRecord): void {
    const order = str(invoice.fields['createdfrom']);
    if (!this.orders.autoApplyDeposits || !order || invoice.fields['statusref'] === 'voided') return;
    if (!this.store.get('salesorder', Number(order))) return;
    let due = this.openCents(invoice);
    for (const deposit of this.store.findBy('customerdeposit', 'salesorder', order)) {
      if (due <= 0) return;
      if (str(deposit.fields['currency']) !== str(invoice.fields['currency'])) continue;
      const cents = Math.min(this.openCents(deposit), due);
      if (cents <= 0) continue;
      this.insertApplication(deposit, invoice.id, cents, invoice.fields['trandate'] ?? this.now(), null);
      due -= cents;
    }
  }

  /**
   * The deposit applications NetSuite makes for a refund's ticked deposits, applying each deposit to the refund
   * (Oracle help, REST "Customer Refund": "the applied deposit is represented by Deposit Application in apply
   * sublist"). They carry the refund in `createdfrom`; saving the refund again remakes them.
   */
  private applyRefundedDeposits(refund: StoredRecord): void {
    this.removeRefundApplications(refund.id);
    for (const line of refund.sublists['deposit'] ?? []) {
      if (line['apply'] !== true) continue;
      const deposit = this.store.get('customerdeposit', Number(line['doc']));
      const cents = toCents(num(line['amount']));
      if (deposit && cents > 0)
        this.insertApplication(deposit, refund.id, cents, refund.fields['trandate'] ?? this.now(), String(refund.id));
    }
  }

  private removeRefundApplications(refundId: number): void {
    for (const app of this.store.findBy('depositapplication', 'createdfrom', String(refundId))) {
      this.unindex(app.id);
      this.removeRevaluations(app.id);
      this.store.setGlLines(app.id, []);
      this.store.remove('depositapplication', app.id);
      this.refreshDerived(Number(app.fields['deposit']));
    }
  }

  /** A deposit application NetSuite writes itself: indexed, posted and revalued like a saved one. */
  private insertApplication(
    deposit: StoredRecord,
    docId: number,
    cents: number,
    trandate: FieldValue,
    createdfrom: string | null,
  ): void {
    const d = deposit.fields;
    const fields: Record<string, FieldValue> = {
      trandate,
      customer: d['customer'] ?? null,
      deposit: String(deposit.id),
      depositdate: d['trandate'] ?? null,
      subsidiary: d['subsidiary'] ?? null,
      currency: d['currency'] ?? null,
      exchangerate: d['exchangerate'] ?? null,
      memo: null,
      createdfrom,
      applied: fromCents(cents),
      total: fromCents(cents),
    };
    const doc = this.store.findInKind('transaction', docId);
    const line: Line = {
      apply: true,
      doc: String(docId),
      internalid: String(docId),
      type: doc ? (TRANSACTION_LABELS[doc.type] ?? doc.type) : null,
      refnum: str(doc?.fields['tranid']) ?? String(docId),
      applydate: doc?.fields['trandate'] ?? null,
      total: num(doc?.fields['total']),
      due: null,
      amount: fromCents(cents),
      currency: d['currency'] ?? null,
    };
    const id = this.store.insert('depositapplication', { fields, sublists: { apply: [line] } });
    const saved = this.store.get('depositapplication', id) as StoredRecord;
    this.index(saved);
    this.store.setGlLines(id, glLinesFor(saved, this.ledgerLookups()));
    this.revalue(saved);
    this.refreshDerived(id);
    this.refreshDerived(docId);
    this.refreshDerived(deposit.id);
  }

  /**
   * Realized exchange gain/loss of a payment, credit memo or refund: one Currency Revaluation per document it
   * applies to at another rate, linked to it (Oracle help, "Applied Payments and Realized Gain/Loss": "posted
   * using a currency revaluation transaction"; "By default, the variance … posts to the Realized Gain/Loss
   * account"). A gain debits receivables and credits Realized Gain/Loss; a loss the other way (Oracle help,
   * "Rounding Gain/Loss Using Different Exchange Rates" shows the same for payables). Saving the payment
   * again recomputes them; deleting it deletes them.
   */
  private revalue(applying: StoredRecord): void {
    this.removeRevaluations(applying.id);
    const account = this.accounts.realizedGainLoss;
    if (!account) return;
    const base = this.currencies.baseCurrency(applying.fields['subsidiary']);
    const variances = realizedVariances(
      applying,
      (id) => this.store.findInKind('transaction', id),
      this.currencies.precision(base),
      roundToPrecision,
    );
    for (const { source, variance } of variances) {
      const receivable =
        str(source.fields['aracct']) ?? str(source.fields['account']) ?? this.accounts.accountsReceivable;
      const entity = str(source.fields['entity']) ?? str(source.fields['customer']);
      const amount = fromCents(Math.abs(variance));
      const gain = variance > 0;
      const fields: Record<string, FieldValue> = {
        trandate: applying.fields['trandate'] ?? this.now(),
        subsidiary: applying.fields['subsidiary'] ?? null,
        currency: base,
        exchangerate: 1,
        memo: `Realized Gain/Loss: ${TRANSACTION_LABELS[applying.type] ?? applying.type} ${applying.id} applied to ${TRANSACTION_LABELS[source.type] ?? source.type} ${source.id}`,
        createdfrom: String(applying.id),
        appliedto: String(source.id),
        revaluationtype: 'realized',
      };
      const lines: Line[] = [
        { account: receivable, debit: gain ? amount : null, credit: gain ? null : amount, entity, memo: null },
        { account, debit: gain ? null : amount, credit: gain ? amount : null, entity, memo: null },
      ];
      const id = this.store.insert('currencyrevaluation', { fields, sublists: { line: lines } });
      const saved = this.store.get('currencyrevaluation', id) as StoredRecord;
      this.store.setGlLines(id, glLinesFor(saved, this.ledgerLookups()));
    }
  }

  private removeRevaluations(applyingId: number): void {
    for (const reval of this.store.findBy('currencyrevaluation', 'createdfrom', String(applyingId))) {
      this.store.setGlLines(reval.id, []);
      this.store.remove('currencyrevaluation', reval.id);
    }
  }

  /** Writes amount remaining, applied/unapplied and status of a transaction from the indexes. */
  refreshDerived(id: number): void {
    const stored = this.store.findInKind('transaction', id);
    if (!stored) return;
    const f = stored.fields;
    const next: Record<string, FieldValue> = {};
    const appliedByOthers = this.appliedTo(id);
    switch (stored.type) {
      case 'invoice': {
        if (f['statusref'] === 'voided') return;
        const remaining = toCents(num(f['total'])) - appliedByOthers;
        next['amountremaining'] = fromCents(remaining);
        next['amountpaid'] = fromCents(appliedByOthers);
        next['status'] = remaining === 0 ? 'Paid In Full' : 'Open';
        next['statusref'] = remaining === 0 ? 'paidInFull' : 'open';
        break;
      }
      case 'creditmemo': {
        if (f['statusref'] === 'voided') return;
        const applied = this.ownApplied(stored) + appliedByOthers;
        const remaining = toCents(num(f['total'])) - applied;
        next['applied'] = fromCents(applied);
        next['unapplied'] = fromCents(remaining);
        next['amountremaining'] = fromCents(remaining);
        next['status'] = remaining === 0 ? 'Fully Applied' : 'Open';
        next['statusref'] = remaining === 0 ? 'applied' : 'open';
        break;
      }
      case 'customerpayment': {
        const applied = this.ownApplied(stored);
        next['applied'] = fromCents(applied);
        next['unapplied'] = fromCents(toCents(num(f['payment'])) - applied - appliedByOthers);
        next['status'] = this.isDeposited(id) ? 'Deposited' : f['undepfunds'] === true ? 'Not Deposited' : 'Deposited';
        next['statusref'] = this.isDeposited(id) || f['undepfunds'] !== true ? 'deposited' : 'undeposited';
        break;
      }
      case 'customerrefund':
        next['status'] = this.isDeposited(id) ? 'Deposited' : 'Not Deposited';
        next['statusref'] = this.isDeposited(id) ? 'deposited' : 'undeposited';
        break;
      case 'customerdeposit': {
        // CustDep:A Not Deposited, B Deposited, C Fully Applied (suiteql/statusCodes.ts): a deposit used up by
        // deposit applications is Fully Applied whether or not it was banked; one paid into a bank account
        // directly (not Undeposited Funds) counts as deposited.
        const banked = this.isDeposited(id) || f['undepfunds'] !== true;
        const used = this.openCents(stored) <= 0;
        next['status'] = used ? 'Fully Applied' : banked ? 'Deposited' : 'Not Deposited';
        next['statusref'] = used ? 'fullyApplied' : banked ? 'deposited' : 'undeposited';
        break;
      }
      case 'depositapplication': {
        const deposit = this.store.get('customerdeposit', Number(f['deposit']));
        next['applied'] = fromCents(this.ownApplied(stored));
        next['unapplied'] = fromCents(deposit ? this.openCents(deposit) : 0);
        break;
      }
      case 'salesorder':
        this.refreshOrder(stored);
        return;
      case 'deposit':
        next['status'] = 'Deposited';
        break;
      default:
        return;
    }
    const changed = Object.entries(next).some(([key, value]) => f[key] !== value);
    if (!changed) return;
    this.store.update({ ...stored, fields: { ...f, ...next } }, stored.version);
  }

  /** A sales order's status and billed/fulfilled quantities per line, from its invoices and fulfillments. */
  private refreshOrder(stored: StoredRecord): void {
    const progress = orderProgress(this.store, stored);
    const { status, statusref } = orderStatus(this.store, stored, progress);
    const lines = (stored.sublists['item'] ?? []).map((line, i) => ({
      ...line,
      quantitybilled: progress.billed[i] ?? 0,
      quantityfulfilled: progress.fulfilled[i] ?? 0,
    }));
    const same =
      stored.fields['status'] === status &&
      lines.every(
        (l, i) =>
          l.quantitybilled === stored.sublists['item']?.[i]?.['quantitybilled'] &&
          l.quantityfulfilled === stored.sublists['item']?.[i]?.['quantityfulfilled'],
      );
    if (same) return;
    this.store.update(
      { ...stored, fields: { ...stored.fields, status, statusref }, sublists: { ...stored.sublists, item: lines } },
      stored.version,
    );
  }

  // ---- submitFields / delete --------------------------------------------------------------------

  submitFields(type: string, id: number, values: Record<string, unknown>): number {
    const record = this.load(type, id);
    for (const [fieldId, value] of Object.entries(values)) record.setValue({ fieldId, value, ignoreFieldChange: true });
    return this.save(record, { ignoreMandatoryFields: true });
  }

  /**
   * Whether other transactions apply to this one (payments, credits, deposit applications) or draw on it (a
   * customer deposit's applications); a refund's own deposit applications go with it.
   */
  private hasDependents(stored: StoredRecord): boolean {
    const own = new Set(this.store.findBy('depositapplication', 'createdfrom', String(stored.id)).map((a) => a.id));
    for (const [source, cents] of this.applied.get(stored.id) ?? []) if (!own.has(source) && cents > 0) return true;
    return this.store.findBy('depositapplication', 'deposit', String(stored.id)).length > 0;
  }

  /** Marks a transaction reconciled to a bank statement, as an accountant's reconciliation does. */
  markReconciled(id: number): void {
    this.reconciled.add(Number(id));
  }

  delete(type: string, id: number): number {
    const def = this.store.schema(type);
    const stored = this.store.get(def.type, Number(id));
    if (!stored) throw nsError('RCRD_DSNT_EXIST', `That record does not exist. path: ${def.type} ${id}`);
    if (def.kind === 'transaction') {
      // A reconciled transaction cannot be deleted until it is unreconciled (blueonion.ai help, "How to
      // Unreconcile and Delete Deposits in NetSuite"; Oracle help, "Deleting Reconciled Statements"). The
      // error's name and wording are a guess (emulator README).
      if (this.reconciled.has(stored.id)) {
        throw nsError(
          'TRANS_RECONCILED',
          'This transaction has been reconciled and cannot be deleted. Unreconcile it before you delete it.',
        );
      }
      if (this.isDeposited(stored.id) || this.hasDependents(stored)) {
        throw nsError(
          'THIS_RECORD_CANNOT_BE_DELETED_BECAUSE_IT_HAS_DEPENDENT_RECORDS',
          'This record cannot be deleted because it has dependent records.',
        );
      }
      if (stored.type === 'customerrefund') this.removeRefundApplications(stored.id);
      const related = this.related(stored.id);
      this.unindex(stored.id);
      this.removeRevaluations(stored.id);
      this.store.setGlLines(stored.id, []);
      this.store.remove(def.type, stored.id);
      for (const doc of [...related, ...this.linkedSources(stored)]) this.refreshDerived(doc);
    } else {
      this.store.remove(def.type, stored.id);
    }
    return stored.id;
  }

  /**
   * transaction.void (Oracle help, "N/transaction Module"): a direct void sets "the total and all the line
   * items for the transaction … to zero. The transaction is not removed from the system", so its general
   * ledger impact is gone; its status becomes Voided (Oracle help, "Void Transactions Using Reversing Journals
   * Preference": "sets the status of the original transaction to Voided"; SuiteQL status letter V,
   * "CustInvc:V"). Returns the voided record's ID (Oracle help, "transaction.void(options)": "If a direct void
   * is performed, returns the ID of the record voided").
   */
  voidTransaction(type: string, id: number): number {
    const def = this.store.schema(type);
    const stored = this.store.get(def.type, Number(id));
    if (!stored) throw nsError('THAT_RECORD_DOES_NOT_EXIST', `That record does not exist. path: ${def.type} ${id}`);
    // Oracle help, "transaction.void(options)": INVALID_RECORD_TYPE "The type argument passed is not valid or
    // the record type is not voidable". With reversing journals, invoices and credit memos are not voidable
    // (the error NetSuite then throws is not documented: this one is a guess, emulator README).
    if (!DIRECT_VOID_TYPES.has(def.type) || this.voiding.reversingJournals)
      throw nsError('INVALID_RECORD_TYPE', 'The type argument passed is not valid or the record type is not voidable.');
    if (stored.fields['statusref'] === 'voided') return stored.id;
    this.refuseClosedPeriod(stored);
    if (this.hasDependents(stored)) {
      if (this.voiding.applied === 'refuse')
        throw nsError(
          'VOID_HAS_APPLIED_TRANSACTIONS',
          'You cannot void this transaction because payments or credits are applied to it. Unapply them first.',
        );
      this.unapplyFrom(stored.id);
    }
    const lines = (stored.sublists['item'] ?? []).map((line) => ({
      ...line,
      rate: 0,
      amount: 0,
      ...(isEmpty(line['taxcode'] ?? null) ? {} : { tax1amt: 0, grossamt: 0 }),
    }));
    const fields = {
      ...stored.fields,
      total: 0,
      subtotal: 0,
      ...(typeof stored.fields['taxtotal'] === 'number' ? { taxtotal: 0 } : {}),
      amountremaining: 0,
      status: 'Voided',
      statusref: 'voided',
    };
    const related = this.related(stored.id);
    this.store.update({ ...stored, fields, sublists: { ...stored.sublists, item: lines } }, stored.version);
    this.unindex(stored.id);
    this.removeRevaluations(stored.id);
    this.store.setGlLines(stored.id, []);
    for (const doc of related) this.refreshDerived(doc);
    return stored.id;
  }

  /** A closed period takes no new GL impact (a guess of name and wording: emulator README). */
  private refuseClosedPeriod(stored: StoredRecord): void {
    const closed = this.voiding.closedThrough;
    const date = stored.fields['trandate'];
    if (closed === null || !(date instanceof Date)) return;
    const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
    if (day <= closed) throw nsError('PERIOD_CLOSED', `The accounting period of this transaction (${day}) is closed.`);
  }

  /** Drops every application to `docId` from the transactions applying it ('unapply' switch). */
  private unapplyFrom(docId: number): void {
    for (const [sourceId] of this.applied.get(docId) ?? []) {
      const source = this.store.findInKind('transaction', sourceId);
      if (!source) continue;
      const apply = (source.sublists['apply'] ?? []).map((line) =>
        Number(line['doc']) === docId ? { ...line, apply: false, amount: null } : line,
      );
      this.store.update({ ...source, sublists: { ...source.sublists, apply } }, source.version);
      this.unindex(sourceId);
      this.index(this.store.get(source.type, sourceId) as StoredRecord);
      this.removeRevaluations(sourceId);
      this.refreshDerived(sourceId);
    }
  }

  /** Net per account in base currency (`currency` = the base currency): what an accountant reads. */
  trialBalance(): TrialBalanceRow[] {
    const rates = new Map<number, number>();
    const rateOf = (id: number): number => {
      if (!rates.has(id)) {
        const rate = this.store.findInKind('transaction', id)?.fields['exchangerate'];
        rates.set(id, typeof rate === 'number' ? rate : 1);
      }
      return rates.get(id) as number;
    };
    return trialBalance(this.store.glLines(), (line) => ({
      currency: line.baseCurrency ?? this.currencies.rootCurrency() ?? line.currency,
      debit: line.baseDebit ?? Math.round(line.debit * rateOf(line.transactionId)),
      credit: line.baseCredit ?? Math.round(line.credit * rateOf(line.transactionId)),
    }));
  }

  /** Net per account and transaction currency, in that currency: the foreign-currency view. */
  trialBalanceByCurrency(): TrialBalanceRow[] {
    return trialBalanceByCurrency(this.store.glLines());
  }
}

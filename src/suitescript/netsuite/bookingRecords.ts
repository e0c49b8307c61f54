import query = require('N/query');
import record = require('N/record');
import search = require('N/search');
import transaction = require('N/transaction');
import { errorName, isDuplicate } from '../netsuiteErrors';
import {
  type Booked,
  type ClosingCreditMemoValues,
  type CreditMemoValues,
  type CreditNoteMemoValues,
  type OpenCredit,
  type CrossReference,
  type CustomerDepositValues,
  type CustomerValues,
  type Day,
  type DepositApplicationValues,
  type InvoiceState,
  type InvoiceValues,
  type ItemValues,
  type LinkTarget,
  type NetSuiteBooks,
  type OrderInvoiceValues,
  type PaymentValues,
  type RefundValues,
} from '../booking/ports';
import { currencyExponent, toMajorUnits, toMinorUnits } from '../money';
import { partialRefundLines, prorate, type CreditableLine } from '../booking/proRata';
import { cacheGet, cachePut, cacheRemove } from './connectorCache';

import { XREF_FIELDS, XREF_RECORD } from './crossReferences';
import { syncedRecordsBooks } from './syncedRecords';
import type { TransactionTarget } from '../booking/metadataControl';

export { XREF_FIELDS, XREF_RECORD };

/** IDs per query: 4 IN lists stay under NetSuite's 1,000 bind values. */
const FIND_CHUNK = 200;

/** SuiteQL item type codes → N/record types. */
const ITEM_RECORD_TYPES: Readonly<Record<string, string>> = {
  Service: 'serviceitem',
  Discount: 'discountitem',
  NonInvtPart: 'noninventoryitem',
  InvtPart: 'inventoryitem',
};

type Row = Record<string, string | number | boolean | null>;

function num(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A Stripe day as a date field value: midnight in the script's time zone keeps the day NetSuite shows. */
/** A date field's value as the day it names (its local date, as `dateOf` writes it). */
function dayOfDate(date: Date): Day {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function dateOf(day: Day): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

/**
 * What the flows need to know of NetSuite's currencies, kept in one cache entry so one read (1 unit) per
 * invocation answers both: ISO code (lower case) → internal ID, and subsidiary → base currency ISO code.
 */
interface CurrencyMemory {
  ids: [string, number][];
  bases: [number, string][];
}

const CURRENCIES_KEY = 'currencies:v2';
let currencies: Map<string, number> | null = null;
let bases: Map<number, string> | null = null;

function recallCurrencies(): void {
  if (currencies !== null && bases !== null) return;
  const remembered = cacheGet<CurrencyMemory>(CURRENCIES_KEY);
  currencies = new Map(remembered?.ids ?? []);
  bases = new Map(remembered?.bases ?? []);
}

function rememberCurrencies(): void {
  cachePut(CURRENCIES_KEY, { ids: [...(currencies ?? [])], bases: [...(bases ?? [])] } satisfies CurrencyMemory);
}

/** NetSuite currency internal ID for an ISO code: from memory, else one query per script invocation. */
function currencyId(iso: string): number {
  recallCurrencies();
  if (!currencies?.has(iso.toLowerCase())) {
    const rows = query.runSuiteQL({ query: 'SELECT id, symbol FROM currency' }).asMappedResults() as Row[];
    currencies = new Map(rows.map((r) => [String(r['symbol']).toLowerCase(), Number(r['id'])]));
    rememberCurrencies();
  }
  const id = currencies.get(iso.toLowerCase());
  if (id === undefined) {
    throw Object.assign(new Error(`Currency ${iso.toUpperCase()} is not set up in NetSuite`), {
      name: 'SNC_CURRENCY_MISSING',
    });
  }
  return id;
}

/**
 * ISO code (lower case) of a subsidiary's base currency: its `currency` (SuiteQL subsidiary.currency, see
 * emulator/src/suiteql/catalog.ts), from memory, else one query (10) kept for a day.
 */
export function baseCurrencyOf(subsidiary: number | null): string | null {
  if (subsidiary === null) return null;
  recallCurrencies();
  const kept = bases?.get(subsidiary);
  if (kept !== undefined) return kept;
  const rows = query
    .runSuiteQL({
      query: 'SELECT c.symbol AS symbol FROM subsidiary s JOIN currency c ON c.id = s.currency WHERE s.id = ?',
      params: [subsidiary],
    })
    .asMappedResults() as Row[];
  const symbol = rows[0]?.['symbol'];
  if (symbol === null || symbol === undefined) return null;
  const base = String(symbol).toLowerCase();
  bases?.set(subsidiary, base);
  rememberCurrencies();
  return base;
}

function find(externalIds: readonly string[]): Map<string, Booked> {
  const found = new Map<string, Booked>();
  for (let start = 0; start < externalIds.length; start += FIND_CHUNK) {
    const chunk = externalIds.slice(start, start + FIND_CHUNK);
    const marks = chunk.map(() => '?').join(', ');
    // External IDs are case-insensitive in NetSuite: compare in upper case.
    // `createdfrom` is a column of the main line, not of the transaction header (emulator/src/suiteql/catalog.ts).
    const sql = `SELECT t.id AS id, t.externalid AS externalid, t.recordtype AS kind, tl.createdfrom AS createdfrom,
         t.entity AS entity, t.foreigntotal AS total, cur.symbol AS currency, src.foreigntotal AS sourcetotal
       FROM transaction t LEFT JOIN transactionline tl ON tl.transaction = t.id AND tl.mainline = 'T'
       LEFT JOIN currency cur ON cur.id = t.currency LEFT JOIN transaction src ON src.id = tl.createdfrom
       WHERE UPPER(t.externalid) IN (${marks})
       UNION ALL SELECT c.id, c.externalid, 'customer', NULL, NULL, NULL, ccur.symbol, NULL FROM customer c
       LEFT JOIN currency ccur ON ccur.id = c.currency WHERE UPPER(c.externalid) IN (${marks})
       UNION ALL SELECT i.id, i.externalid, i.itemtype, NULL, NULL, NULL, NULL, NULL FROM item i
       WHERE UPPER(i.externalid) IN (${marks})
       UNION ALL SELECT x.${XREF_FIELDS.id}, x.externalid, x.${XREF_FIELDS.recordType}, NULL, NULL, NULL, NULL, NULL
       FROM ${XREF_RECORD} x WHERE UPPER(x.externalid) IN (${marks}) AND x.isinactive = 'F'`;
    const upper = chunk.map((id) => id.toUpperCase());
    const rows = query
      .runSuiteQL({ query: sql, params: [...upper, ...upper, ...upper, ...upper] })
      .asMappedResults() as Row[];
    const asked = new Map(chunk.map((id) => [id.toUpperCase(), id]));
    for (const row of rows) {
      const key = asked.get(String(row['externalid']).toUpperCase());
      if (key === undefined || found.has(key)) continue;
      const currency = row['currency'] === null ? null : String(row['currency']).toLowerCase();
      const total = num(row['total']);
      const sourceTotal = num(row['sourcetotal']);
      const kind = String(row['kind']);
      found.set(key, {
        id: Number(row['id']),
        recordType: ITEM_RECORD_TYPES[kind] ?? kind,
        createdFrom: num(row['createdfrom']),
        entity: num(row['entity']),
        totalMinor: total !== null && currency !== null ? toMinorUnits(total, currency) : null,
        createdFromTotalMinor: sourceTotal !== null && currency !== null ? toMinorUnits(sourceTotal, currency) : null,
        currency,
      });
    }
  }
  return found;
}

function findCustomerBy(field: string, value: string): number | null {
  // The field ID comes from settings: only a plain column name may reach the query text.
  if (!/^[a-z][a-z0-9_]*$/.test(field)) {
    throw Object.assign(new Error(`Match field "${field}" is not a customer field ID`), {
      name: 'SNC_INVALID_SETTING',
    });
  }
  const rows = query
    .runSuiteQL({
      query: `SELECT id FROM customer WHERE LOWER(REPLACE(TRIM(${field}), ' ', '')) = ? AND isinactive = 'F' ORDER BY id FETCH FIRST 1 ROWS ONLY`,
      params: [value],
    })
    .asMappedResults() as Row[];
  return rows[0] ? Number(rows[0]['id']) : null;
}

/** One query (10 units), made once per link: the record a `netsuite_*_id` metadata value names. */
function linkTarget(kind: 'customer' | 'item', id: number): LinkTarget | null {
  const rows = query
    .runSuiteQL({
      query:
        kind === 'customer'
          ? `SELECT 'customer' AS type, isinactive FROM customer WHERE id = ?`
          : `SELECT itemtype AS type, isinactive FROM item WHERE id = ?`,
      params: [id],
    })
    .asMappedResults() as Row[];
  const row = rows[0];
  return row ? { type: String(row['type']), inactive: row['isinactive'] === 'T' } : null;
}

function set(rec: record.Record, fieldId: string, value: record.FieldValue | null): void {
  if (value === null || value === '') return;
  rec.setValue({ fieldId, value });
}

/**
 * `exchangerate`: base units per unit of the transaction currency (Oracle help, "currency.exchangeRate(options)"
 * describes the same direction). Set last, after the currency, so nothing sourced later replaces it; null
 * leaves NetSuite's default from its Currency Exchange Rates table.
 */
function setExchangeRate(rec: record.Record, rate: number | null): void {
  if (rate !== null) rec.setValue({ fieldId: 'exchangerate', value: rate });
}

function createCustomer(values: CustomerValues): number {
  const customer = record.create({ type: record.Type.CUSTOMER });
  set(customer, 'externalid', values.externalId);
  set(customer, 'isperson', false);
  set(customer, 'companyname', values.companyName);
  set(customer, 'firstname', values.firstName);
  set(customer, 'lastname', values.lastName);
  set(customer, 'email', values.email);
  set(customer, 'subsidiary', values.subsidiary);
  if (values.currency !== null) set(customer, 'currency', currencyId(values.currency));
  set(customer, 'comments', values.comments);
  return customer.save();
}

function createItem(values: ItemValues): number {
  const item = record.create({ type: values.type });
  set(item, 'externalid', values.externalId);
  set(item, 'itemid', values.itemId);
  set(item, 'displayname', values.displayName);
  set(item, 'salesdescription', values.description);
  set(item, values.type === 'discountitem' ? 'account' : 'incomeaccount', values.account);
  if (values.subsidiary !== null) item.setValue({ fieldId: 'subsidiary', value: [String(values.subsidiary)] });
  if (values.rateMinor !== null && values.currency !== null)
    set(item, 'rate', toMajorUnits(values.rateMinor, values.currency));
  // Advanced Revenue Management's item field (Oracle help, "Item Configuration for Advanced Revenue
  // Management (Essentials) and (Revenue Allocation)": Revenue Recognition Rule); only set when configured.
  if (values.type === 'serviceitem' && values.revenueRecognitionRule)
    set(item, 'revenuerecognitionrule', values.revenueRecognitionRule);
  // An inventory item's asset and cost of goods sold accounts (SuiteScript Records Browser, inventoryitem:
  // `assetaccount`, `cogsaccount`, both required).
  if (values.type === 'inventoryitem') {
    set(item, 'assetaccount', values.assetAccount ?? null);
    set(item, 'cogsaccount', values.cogsAccount ?? null);
  }
  return item.save();
}

/**
 * Item lines as Stripe has them: quantity, rate and Stripe's amount (set last, so it stands even where
 * quantity × rate rounds to another cent), and the service period as rev rec dates (field IDs of the item
 * sublist in the SuiteScript Records Browser: `revrecstartdate`, `revrecenddate`, "Rev Rec Start Date" /
 * "Rev Rec End Date").
 */
function setItemLines(rec: record.Record, lines: InvoiceValues['lines'], currency: string): void {
  lines.forEach((line, index) => {
    const amount = toMajorUnits(line.amountMinor, currency);
    const value = (fieldId: string, v: record.FieldValue): void => {
      rec.setSublistValue({ sublistId: 'item', fieldId, line: index, value: v });
    };
    rec.insertLine({ sublistId: 'item', line: index });
    value('item', String(line.item));
    value('quantity', line.quantity ?? 1);
    // Rates keep fractions of a cent (a unit price of 0.5 cents); only amounts are whole cents.
    value('rate', line.rateMinor === undefined ? amount : minorToMajorUnrounded(line.rateMinor, currency));
    value('amount', amount);
    if (line.description) value('description', line.description);
    if (line.revRecStart) value('revrecstartdate', dateOf(line.revRecStart));
    if (line.revRecEnd) value('revrecenddate', dateOf(line.revRecEnd));
    // Tax per line (Oracle help, "Creating Tax Codes"): the code, then Stripe's tax as `tax1amt` (Records
    // Browser, item sublist), set after the amount so the code's rate does not replace it.
    if (line.taxCode !== undefined) value('taxcode', String(line.taxCode));
    if (line.taxCode !== undefined && line.taxMinor !== undefined)
      value('tax1amt', toMajorUnits(line.taxMinor, currency));
  });
}

function minorToMajorUnrounded(minor: number, currency: string): number {
  return Number((minor / 10 ** currencyExponent(currency)).toPrecision(15));
}

function createInvoice(values: InvoiceValues): number {
  const invoice = record.create({ type: record.Type.INVOICE });
  setTransactionHeader(invoice, values);
  set(invoice, 'otherrefnum', values.tranId);
  setItemLines(invoice, values.lines, values.currency);
  setExchangeRate(invoice, values.exchangeRate);
  return invoice.save();
}

function setTransactionHeader(rec: record.Record, values: InvoiceValues): void {
  set(rec, 'externalid', values.externalId);
  set(rec, 'entity', values.customer);
  set(rec, 'subsidiary', values.subsidiary);
  set(rec, 'currency', currencyId(values.currency));
  set(rec, 'trandate', dateOf(values.tranDate));
  set(rec, 'memo', values.memo);
}

/** A credit memo with its own lines, made from nothing and applied to nothing: a credit on the customer. */
function createInvoiceCreditMemo(values: InvoiceValues): number {
  const memo = record.create({ type: record.Type.CREDIT_MEMO });
  setTransactionHeader(memo, values);
  set(memo, 'otherrefnum', values.tranId);
  setItemLines(memo, values.lines, values.currency);
  applyNone(memo);
  setExchangeRate(memo, values.exchangeRate);
  return memo.save();
}

function paymentBody(payment: record.Record, values: PaymentValues): void {
  set(payment, 'externalid', values.externalId);
  set(payment, 'trandate', dateOf(values.tranDate));
  set(payment, 'memo', values.memo);
  set(payment, 'undepfunds', true);
  set(payment, 'payment', toMajorUnits(values.amountMinor, values.currency));
  setExchangeRate(payment, values.exchangeRate);
}

/** Unticks every line of the apply list. */
function applyNone(rec: record.Record): void {
  const count = rec.getLineCount({ sublistId: 'apply' });
  for (let line = 0; line < count; line++)
    rec.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line, value: false });
}

/** Ticks `doc` on the apply list with `amountMinor`, and unticks every other line. */
function applyOnly(rec: record.Record, doc: number, amountMinor: number, currency: string): void {
  applyNone(rec);
  const line = rec.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(doc) });
  if (line < 0) {
    throw Object.assign(new Error(`Transaction ${doc} is not open to apply on this ${rec.type}`), {
      name: 'SNC_NOTHING_TO_APPLY',
    });
  }
  rec.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line, value: true });
  rec.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line, value: toMajorUnits(amountMinor, currency) });
}

function createInvoicePayment(invoice: number, values: PaymentValues): number {
  const payment = record.transform({
    fromType: record.Type.INVOICE,
    fromId: invoice,
    toType: record.Type.CUSTOMER_PAYMENT,
  });
  paymentBody(payment, values);
  applyOnly(payment, invoice, values.amountMinor, values.currency);
  return payment.save();
}

function createUnappliedPayment(values: PaymentValues): number {
  // Made from the customer, so NetSuite lists the customer's open invoices now rather than on save
  // (standard mode sources nothing before save); a payment with no invoice applies none of them.
  const payment = record.transform({
    fromType: record.Type.CUSTOMER,
    fromId: values.customer,
    toType: record.Type.CUSTOMER_PAYMENT,
  });
  set(payment, 'subsidiary', values.subsidiary);
  set(payment, 'currency', currencyId(values.currency));
  paymentBody(payment, values);
  applyNone(payment);
  return payment.save();
}

/** The item lines of a transaction as item and amount (minor units). */
function itemLines(rec: record.Record, currency: string): CreditableLine[] {
  const lines: CreditableLine[] = [];
  for (let line = 0; line < rec.getLineCount({ sublistId: 'item' }); line++) {
    const item = num(rec.getSublistValue({ sublistId: 'item', fieldId: 'item', line }));
    const amount = num(rec.getSublistValue({ sublistId: 'item', fieldId: 'amount', line }));
    if (item === null || amount === null) continue;
    // The invoice's service period stays on the credit memo's share of the line.
    const day = (fieldId: string): Day | undefined => {
      const value = rec.getSublistValue({ sublistId: 'item', fieldId, line });
      return value instanceof Date ? dayOfDate(value) : undefined;
    };
    const [revRecStart, revRecEnd] = [day('revrecstartdate'), day('revrecenddate')];
    lines.push({
      item,
      amountMinor: toMinorUnits(amount, currency),
      ...(revRecStart ? { revRecStart } : {}),
      ...(revRecEnd ? { revRecEnd } : {}),
      ...lineTax(rec, line, currency),
    });
  }
  return lines;
}

/** Tax per line: the line's `taxcode` and its `tax1amt` (minor units), when it has a code. */
function lineTax(rec: record.Record, line: number, currency: string): Pick<CreditableLine, 'taxCode' | 'taxMinor'> {
  const taxCode = num(rec.getSublistValue({ sublistId: 'item', fieldId: 'taxcode', line }));
  if (taxCode === null) return {};
  const tax = num(rec.getSublistValue({ sublistId: 'item', fieldId: 'tax1amt', line })) ?? 0;
  return { taxCode, taxMinor: toMinorUnits(tax, currency) };
}

/** Replaces every item line with `lines`, each quantity 1 at its amount (and its tax code and tax, if any). */
function replaceItemLines(rec: record.Record, lines: readonly CreditableLine[], currency: string): void {
  for (let line = rec.getLineCount({ sublistId: 'item' }) - 1; line >= 0; line--)
    rec.removeLine({ sublistId: 'item', line });
  lines.forEach((values, line) => {
    const amount = toMajorUnits(values.amountMinor, currency);
    rec.insertLine({ sublistId: 'item', line });
    rec.setSublistValue({ sublistId: 'item', fieldId: 'item', line, value: String(values.item) });
    rec.setSublistValue({ sublistId: 'item', fieldId: 'quantity', line, value: 1 });
    rec.setSublistValue({ sublistId: 'item', fieldId: 'rate', line, value: amount });
    rec.setSublistValue({ sublistId: 'item', fieldId: 'amount', line, value: amount });
    if (values.description)
      rec.setSublistValue({ sublistId: 'item', fieldId: 'description', line, value: values.description });
    if (values.revRecStart)
      rec.setSublistValue({ sublistId: 'item', fieldId: 'revrecstartdate', line, value: dateOf(values.revRecStart) });
    if (values.revRecEnd)
      rec.setSublistValue({ sublistId: 'item', fieldId: 'revrecenddate', line, value: dateOf(values.revRecEnd) });
    // As on invoices (setItemLines): the code, then the tax, after the amount so the code's rate does not replace it.
    if (values.taxCode !== undefined)
      rec.setSublistValue({ sublistId: 'item', fieldId: 'taxcode', line, value: String(values.taxCode) });
    if (values.taxCode !== undefined && values.taxMinor !== undefined)
      rec.setSublistValue({
        sublistId: 'item',
        fieldId: 'tax1amt',
        line,
        value: toMajorUnits(values.taxMinor, currency),
      });
  });
}

/**
 * A credit memo transformed from the invoice it credits: the invoice's customer, currency, rate, lines and
 * rev rec dates, and the invoice on its apply list (Oracle help, "Supported Transformation Types").
 */
function creditMemoFromInvoice(
  invoice: number,
  header: { externalId: string; tranDate: Day; memo: string },
): record.Record {
  const memo = record.transform({ fromType: record.Type.INVOICE, fromId: invoice, toType: record.Type.CREDIT_MEMO });
  set(memo, 'externalid', header.externalId);
  set(memo, 'trandate', dateOf(header.tranDate));
  set(memo, 'memo', header.memo);
  return memo;
}

function createCreditMemo(values: CreditMemoValues): number {
  const memo = creditMemoFromInvoice(values.fromInvoice, values);
  if (values.partialAmountMinor !== null) {
    // A part of the invoice: its lines spread pro rata, tax to the tax item, or with tax per line each line's
    // tax share on its own tax code (booking/proRata.ts).
    const invoiceLines = itemLines(memo, values.currency);
    const lines = partialRefundLines(
      invoiceLines,
      values.partialAmountMinor,
      values.taxItem ?? null,
      values.partialRefundItem ?? null,
    );
    replaceItemLines(memo, lines, values.currency);
  }
  // Left open: the customer refund applies it (the invoice is already paid).
  applyNone(memo);
  setExchangeRate(memo, values.exchangeRate);
  return memo.save();
}

/**
 * A credit note's credit memo: made from the invoice (so it is the invoice's customer, currency and rate,
 * and NetSuite lists the invoice ticked on its apply list), its lines replaced by the note's, applied to the
 * invoice for the note's pre-payment part only; the rest stays as the customer's credit.
 */
function createCreditNoteMemo(values: CreditNoteMemoValues): number {
  const memo = creditMemoFromInvoice(values.fromInvoice, values);
  replaceItemLines(memo, values.lines, values.currency);
  if (values.applyToInvoiceMinor > 0) applyOnly(memo, values.fromInvoice, values.applyToInvoiceMinor, values.currency);
  else applyNone(memo);
  return memo.save();
}

/** Ticks the invoice on the credit memo's apply list for `amountMinor` more, leaving its other lines. */
function applyCreditMemo(memoId: number, invoice: number, amountMinor: number, currency: string): void {
  const memo = record.load({ type: record.Type.CREDIT_MEMO, id: memoId });
  const line = memo.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(invoice) });
  if (line < 0) {
    throw Object.assign(new Error(`Invoice ${invoice} is not open to apply credit memo ${memoId} to`), {
      name: 'SNC_NOTHING_TO_APPLY',
    });
  }
  const applied = memo.getSublistValue({ sublistId: 'apply', fieldId: 'apply', line }) === true;
  const before = applied
    ? toMinorUnits(num(memo.getSublistValue({ sublistId: 'apply', fieldId: 'amount', line })) ?? 0, currency)
    : 0;
  memo.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line, value: true });
  memo.setSublistValue({
    sublistId: 'apply',
    fieldId: 'amount',
    line,
    value: toMajorUnits(before + amountMinor, currency),
  });
  memo.save();
}

/**
 * The customer's credit memos in `currency` with credit left, oldest first: `foreignamountunpaid` (the
 * memo's amount remaining, see emulator/src/suiteql/catalog.ts), compared as an absolute value since
 * SuiteQL may sign credit memo amounts negative (a guess, emulator/README.md).
 */
function openCreditMemos(customer: number, currency: string): OpenCredit[] {
  const rows = query
    .runSuiteQL({
      query: `SELECT t.id AS id, t.foreignamountunpaid AS remaining FROM transaction t
        JOIN currency cur ON cur.id = t.currency
        WHERE t.recordtype = 'creditmemo' AND t.entity = ? AND UPPER(cur.symbol) = ? AND t.foreignamountunpaid <> 0
        ORDER BY t.trandate, t.id`,
      params: [customer, currency.toUpperCase()],
    })
    .asMappedResults() as Row[];
  return rows.map((row) => ({
    id: Number(row['id']),
    remainingMinor: toMinorUnits(Math.abs(num(row['remaining']) ?? 0), currency),
  }));
}

function deleteCreditMemo(id: number): void {
  record.delete({ type: record.Type.CREDIT_MEMO, id });
}

/**
 * A customer deposit's refund: made from the deposit (record.transform customerdeposit → customerrefund; REST
 * "Transform a Customer Deposit to a Customer Refund" is the same transformation), the deposit ticked on the
 * refund's `deposit` sublist for the amount (Oracle help, "Customer Refund": "The deposit sublist of the
 * CustomerRefundDepositLine subrecord"; its fields `apply`, `doc`, `amount` in the SOAP schema's
 * CustomerRefundDeposit), nothing on the `apply` list.
 */
function createDepositRefund(values: RefundValues): number {
  const refund = record.transform({
    fromType: record.Type.CUSTOMER_DEPOSIT,
    fromId: values.applyTo.id,
    toType: record.Type.CUSTOMER_REFUND,
  });
  set(refund, 'externalid', values.externalId);
  set(refund, 'trandate', dateOf(values.tranDate));
  set(refund, 'memo', values.memo);
  set(refund, 'account', values.account);
  applyNone(refund);
  tickDeposit(refund, values.applyTo.id, values.amountMinor, values.currency);
  setExchangeRate(refund, values.exchangeRate);
  return refund.save();
}

/** Ticks the customer deposit on the refund's `deposit` sublist for the amount. */
function tickDeposit(refund: record.Record, deposit: number, amountMinor: number, currency: string): void {
  const line = refund.findSublistLineWithValue({ sublistId: 'deposit', fieldId: 'doc', value: String(deposit) });
  if (line < 0) {
    throw Object.assign(new Error(`Customer deposit ${deposit} has nothing left to refund`), {
      name: 'SNC_NOTHING_TO_APPLY',
    });
  }
  refund.setSublistValue({ sublistId: 'deposit', fieldId: 'apply', line, value: true });
  refund.setSublistValue({
    sublistId: 'deposit',
    fieldId: 'amount',
    line,
    value: toMajorUnits(amountMinor, currency),
  });
}

function createCustomerRefund(values: RefundValues): number {
  if (values.applyTo.type === 'customerdeposit') return createDepositRefund(values);
  // Made from the credit memo or payment it refunds: NetSuite lists and ticks it on the apply list, which
  // a refund created in standard mode would not have before save.
  const refund = record.transform({
    fromType: values.applyTo.type === 'creditmemo' ? record.Type.CREDIT_MEMO : record.Type.CUSTOMER_PAYMENT,
    fromId: values.applyTo.id,
    toType: record.Type.CUSTOMER_REFUND,
  });
  set(refund, 'externalid', values.externalId);
  set(refund, 'trandate', dateOf(values.tranDate));
  set(refund, 'memo', values.memo);
  set(refund, 'account', values.account);
  const fromDeposit = values.fromDeposit;
  applyOnly(refund, values.applyTo.id, values.amountMinor - (fromDeposit?.amountMinor ?? 0), values.currency);
  if (fromDeposit) tickDeposit(refund, fromDeposit.id, fromDeposit.amountMinor, values.currency);
  setExchangeRate(refund, values.exchangeRate);
  return refund.save();
}

function link(reference: CrossReference): void {
  const xref = record.create({ type: XREF_RECORD });
  xref.setValue({ fieldId: 'name', value: `${reference.stripeId} → ${reference.recordType} ${reference.id}` });
  xref.setValue({ fieldId: 'externalid', value: `${reference.stripeId}:${reference.recordType}` });
  xref.setValue({ fieldId: XREF_FIELDS.stripeId, value: reference.stripeId });
  xref.setValue({ fieldId: XREF_FIELDS.stripeType, value: reference.stripeType });
  xref.setValue({ fieldId: XREF_FIELDS.recordType, value: reference.recordType });
  xref.setValue({ fieldId: XREF_FIELDS.id, value: reference.id });
  try {
    xref.save();
  } catch (error) {
    // A concurrent run made the same link.
    if (!isDuplicate(error)) throw error;
  }
}

const CUSTOMER_CURRENCY_PREFIX = 'customer-currency:';

/**
 * Whether the customer's currency list holds `id`. An account without the list (Multiple Currencies per
 * customer off: NetSuite answers SSS_INVALID_SUBLIST_ID) counts as holding it: nothing can be added, and
 * NetSuite itself refuses the transaction if the customer cannot take the currency.
 */
function listsCurrency(rec: record.Record, id: number): boolean {
  try {
    return rec.findSublistLineWithValue({ sublistId: 'currency', fieldId: 'currency', value: String(id) }) >= 0;
  } catch (error) {
    if (errorName(error) === 'SSS_INVALID_SUBLIST_ID') return true;
    throw error;
  }
}

/**
 * Adds `currency` to the customer's currency list (sublist `currency`, field `currency`: the Currencies
 * subtab of Multiple Currencies per customer; web services name it `currencyList` of `CustomerCurrency`)
 * unless it is the primary currency or listed. Known from memory (1 unit); else a dynamic load (5) and,
 * when a line is added, a save (10), once per customer and currency.
 */
function ensureCustomerCurrency(customer: number, currency: string): void {
  const key = `${CUSTOMER_CURRENCY_PREFIX}${customer}:${currency.toUpperCase()}`;
  if (cacheGet<boolean>(key) === true) return;
  const id = currencyId(currency);
  const rec = record.load({ type: record.Type.CUSTOMER, id: customer, isDynamic: true });
  // The primary currency needs no line (and the list is only read when it differs).
  // A customer saved without a currency has the subsidiary's base currency (NetSuite's default).
  const base = baseCurrencyOf(num(rec.getValue({ fieldId: 'subsidiary' })));
  const primary = num(rec.getValue({ fieldId: 'currency' })) ?? (base === null ? null : currencyId(base));
  if (primary !== id && !listsCurrency(rec, id)) {
    rec.selectNewLine({ sublistId: 'currency' });
    rec.setCurrentSublistValue({ sublistId: 'currency', fieldId: 'currency', value: id });
    rec.commitLine({ sublistId: 'currency' });
    rec.save();
  }
  cachePut(key, true);
}

const BOOKED_PREFIX = 'booked:';
let recalled: string[] = [];

function recall(key: string): Booked | null {
  const booked = cacheGet<Booked>(BOOKED_PREFIX + key.toUpperCase());
  if (booked !== null) recalled.push(key);
  return booked;
}

function remember(key: string, booked: Booked): void {
  cachePut(BOOKED_PREFIX + key.toUpperCase(), booked);
}

function forgetRecalled(): void {
  for (const key of new Set(recalled)) cacheRemove(BOOKED_PREFIX + key.toUpperCase());
  recalled = [];
}

/**
 * An invoice's status and what is open on it: SuiteQL `transaction.status` is a letter per type, V for a voided
 * invoice ("CustInvc:V", emulator/src/suiteql/statusCodes.ts); `foreignamountunpaid` what is still open.
 */
function invoiceState(invoice: number): InvoiceState | null {
  const rows = query
    .runSuiteQL({
      query: `SELECT t.status AS status, t.foreigntotal AS total, t.foreignamountunpaid AS unpaid, cur.symbol AS currency
        FROM transaction t LEFT JOIN currency cur ON cur.id = t.currency WHERE t.id = ? AND t.recordtype = 'invoice'`,
      params: [invoice],
    })
    .asMappedResults() as Row[];
  const row = rows[0];
  if (!row) return null;
  const currency = String(row['currency']).toLowerCase();
  return {
    voided: row['status'] === 'V',
    totalMinor: toMinorUnits(num(row['total']) ?? 0, currency),
    openMinor: toMinorUnits(num(row['unpaid']) ?? 0, currency),
    currency,
  };
}

/**
 * Any transaction by internal ID, for the metadata links of charges and refunds (booking/metadataControl.ts):
 * `foreignamountunpaid` is what an invoice still owes and what a credit memo has left to apply (negative on a
 * credit memo, as openCreditMemos reads it).
 */
function transactionTarget(id: number): TransactionTarget | null {
  const rows = query
    .runSuiteQL({
      query: `SELECT t.recordtype AS type, t.entity AS entity, t.status AS status, t.foreigntotal AS total,
        t.foreignamountunpaid AS unpaid, cur.symbol AS currency
        FROM transaction t LEFT JOIN currency cur ON cur.id = t.currency WHERE t.id = ?`,
      params: [id],
    })
    .asMappedResults() as Row[];
  const row = rows[0];
  if (!row) return null;
  const currency = String(row['currency'] ?? '').toLowerCase();
  const type = String(row['type']);
  return {
    recordType: type,
    entity: num(row['entity']),
    currency,
    totalMinor: toMinorUnits(Math.abs(num(row['total']) ?? 0), currency),
    openMinor: toMinorUnits(Math.abs(num(row['unpaid']) ?? 0), currency),
    voided: type === 'invoice' && row['status'] === 'V',
  };
}

/** Oracle help, "transaction.void(options)": a direct void, or NetSuite's refusal thrown to the caller. */
function voidInvoice(invoice: number): void {
  transaction.void({ type: transaction.Type.INVOICE, id: invoice });
}

/**
 * Scales the item lines (and their line tax) a credit memo copied from its invoice to `amountMinor`, pro rata
 * (quantity 1 each).
 */
function scaleLines(memo: record.Record, amountMinor: number, currency: string): void {
  const count = memo.getLineCount({ sublistId: 'item' });
  const minorOf = (fieldId: string, line: number): number =>
    toMinorUnits(Number(memo.getSublistValue({ sublistId: 'item', fieldId, line }) || 0), currency);
  // Each line's amount and, with tax per line, its tax (`tax1amt`): the memo's total is both, scaled together.
  const parts: number[] = [];
  for (let line = 0; line < count; line++) parts.push(minorOf('amount', line), minorOf('tax1amt', line));
  if (parts.reduce((sum, a) => sum + a, 0) === amountMinor) return;
  const scaled = prorate(parts, amountMinor);
  for (let line = 0; line < count; line++) {
    const amount = toMajorUnits(scaled[2 * line] ?? 0, currency);
    memo.setSublistValue({ sublistId: 'item', fieldId: 'quantity', line, value: 1 });
    memo.setSublistValue({ sublistId: 'item', fieldId: 'rate', line, value: amount });
    memo.setSublistValue({ sublistId: 'item', fieldId: 'amount', line, value: amount });
    if ((parts[2 * line + 1] ?? 0) !== 0)
      memo.setSublistValue({
        sublistId: 'item',
        fieldId: 'tax1amt',
        line,
        value: toMajorUnits(scaled[2 * line + 1] ?? 0, currency),
      });
  }
}

function createClosingCreditMemo(values: ClosingCreditMemoValues): number {
  // Made from the invoice: its lines, customer, currency and rate, so closing it realizes no exchange difference.
  const memo = creditMemoFromInvoice(values.invoice, values);
  scaleLines(memo, values.amountMinor, values.currency);
  applyOnly(memo, values.invoice, values.amountMinor, values.currency);
  return memo.save();
}

function deleteTransaction(type: 'creditmemo' | 'customerpayment', id: number): void {
  record.delete({ type: type === 'creditmemo' ? record.Type.CREDIT_MEMO : record.Type.CUSTOMER_PAYMENT, id });
}

function createInvoicePaymentToAccount(invoice: number, values: PaymentValues, account: number): number {
  const payment = record.transform({
    fromType: record.Type.INVOICE,
    fromId: invoice,
    toType: record.Type.CUSTOMER_PAYMENT,
  });
  paymentBody(payment, values);
  // Not Undeposited Funds: the money reached the account named in the settings outside Stripe.
  payment.setValue({ fieldId: 'undepfunds', value: false });
  payment.setValue({ fieldId: 'account', value: account });
  applyOnly(payment, invoice, values.amountMinor, values.currency);
  return payment.save();
}

/** A legacy Stripe order's sales order: the invoice's header and lines on record type `salesorder`. */
function createSalesOrder(values: InvoiceValues): number {
  const order = record.create({ type: record.Type.SALES_ORDER });
  setTransactionHeader(order, values);
  set(order, 'otherrefnum', values.tranId);
  setItemLines(order, values.lines, values.currency);
  setExchangeRate(order, values.exchangeRate);
  return order.save();
}

/**
 * A customer deposit for a sales order (SuiteScript Records Browser, customerdeposit: `customer`, `salesorder`,
 * `payment`, `undepfunds`, `currency`, `exchangerate`): in Undeposited Funds, so the payout's deposit takes it.
 */
function createCustomerDeposit(values: CustomerDepositValues): number {
  const deposit = record.create({ type: record.Type.CUSTOMER_DEPOSIT });
  set(deposit, 'externalid', values.externalId);
  set(deposit, 'customer', values.customer);
  set(deposit, 'subsidiary', values.subsidiary);
  set(deposit, 'currency', currencyId(values.currency));
  set(deposit, 'salesorder', values.salesOrder);
  set(deposit, 'trandate', dateOf(values.tranDate));
  set(deposit, 'memo', values.memo);
  set(deposit, 'undepfunds', true);
  set(deposit, 'payment', toMajorUnits(values.amountMinor, values.currency));
  setExchangeRate(deposit, values.exchangeRate);
  return deposit.save();
}

/** Bills a sales order: record.transform salesorder → invoice (Oracle help, "record.transform(options)"). */
function billSalesOrder(values: OrderInvoiceValues): { id: number; totalMinor: number; openMinor: number } {
  const invoice = record.transform({
    fromType: record.Type.SALES_ORDER,
    fromId: values.salesOrder,
    toType: record.Type.INVOICE,
  });
  set(invoice, 'externalid', values.externalId);
  set(invoice, 'trandate', dateOf(values.tranDate));
  set(invoice, 'memo', values.memo);
  // What NetSuite billed, from the lines the transform filled (0 units; a record in standard mode totals itself
  // only on save): the lines' amounts and, with per-line tax, their tax. It is what the deposit pays.
  let totalMinor = 0;
  for (let line = 0; line < invoice.getLineCount({ sublistId: 'item' }); line++) {
    for (const fieldId of ['amount', 'tax1amt']) {
      const value = invoice.getSublistValue({ sublistId: 'item', fieldId, line });
      if (value !== '' && value !== null) totalMinor += toMinorUnits(Number(value), values.currency);
    }
  }
  const id = invoice.save();
  return { id, totalMinor, openMinor: openAfterBilling(id, values.currency) };
}

/**
 * What is open on an invoice just billed: its `amountremaining` (transaction currency), less than its total
 * when NetSuite applied the order's deposits on save. One search.lookupFields (1 unit) rather than a SuiteQL
 * query (10): the booking knows the invoice's ID, so no query is needed to find it.
 */
function openAfterBilling(invoice: number, currency: string): number {
  const raw = search.lookupFields({ type: search.Type.INVOICE, id: invoice, columns: ['amountremaining'] });
  return toMinorUnits(Number(raw['amountremaining'] || 0), currency);
}

/**
 * A deposit application: transformed from the customer deposit (REST "Transform a Customer Deposit to a
 * Deposit Application"; record `depositapplication`, `deposit` and the `apply` sublist with `doc`, `apply`,
 * `amount`), ticking only the invoice.
 */
function applyCustomerDeposit(values: DepositApplicationValues): number {
  const application = record.transform({
    fromType: record.Type.CUSTOMER_DEPOSIT,
    fromId: values.deposit,
    toType: record.Type.DEPOSIT_APPLICATION,
  });
  set(application, 'externalid', values.externalId);
  set(application, 'trandate', dateOf(values.tranDate));
  applyOnly(application, values.invoice, values.amountMinor, values.currency);
  return application.save();
}

/**
 * Closes a sales order: NetSuite has no close field on the order; each item line's `isclosed` is set ("you
 * need to set is_closed field on each line item in the SalesOrder", mikebian.co, "How to Close a NetSuite
 * SalesOrder Using SuiteTalk"; SuiteScript Records Browser, salesorder item sublist `isclosed`). The load (10) is
 * part of the write's cost, like its save (20): record.submitFields cannot change sublist lines (Oracle help,
 * "record.submitFields(options)": "You cannot use this method to edit and submit ... Sublist line item fields").
 */
function closeSalesOrder(salesOrder: number): void {
  const order = record.load({ type: record.Type.SALES_ORDER, id: salesOrder });
  const count = order.getLineCount({ sublistId: 'item' });
  for (let line = 0; line < count; line++)
    order.setSublistValue({ sublistId: 'item', fieldId: 'isclosed', line, value: true });
  order.save();
}

/** The booking flows' NetSuite, through N/record, N/query and N/cache. */
export const netSuiteBooks: NetSuiteBooks = {
  find,
  recall,
  remember,
  forgetRecalled,
  findCustomerBy,
  createCustomer,
  createItem,
  createInvoice,
  createInvoiceCreditMemo,
  createInvoicePayment,
  createUnappliedPayment,
  createCreditMemo,
  createCustomerRefund,
  createCreditNoteMemo,
  applyCreditMemo,
  openCreditMemos,
  deleteCreditMemo,
  link,
  linkTarget,
  baseCurrency: baseCurrencyOf,
  ensureCustomerCurrency,
  invoiceState,
  voidInvoice,
  createClosingCreditMemo,
  deleteTransaction,
  createInvoicePaymentToAccount,
  ...syncedRecordsBooks,
  createSalesOrder,
  createCustomerDeposit,
  billSalesOrder,
  applyCustomerDeposit,
  closeSalesOrder,
  transactionTarget,
};

// Test records the checks make, and their removal afterwards (newest first, so nothing is deleted while
// another record depends on it). Names carry a run tag so an admin can tell them apart.
import query = require('N/query');
import record = require('N/record');
import search = require('N/search');

export interface FixtureOptions {
  /** Subsidiary for customers and items (OneWorld); null: the account's only one. */
  subsidiary: number | null;
  /** An income account for the test item; null: the first active income account. */
  incomeAccount: number | null;
  /** A bank account for the test deposit (in the subsidiary's currency); null: the first active bank account. */
  bankAccount: number | null;
  /** A Tax Code (legacy per-line tax) with a rate above zero; null: the first active one found. */
  taxCode?: number | null;
}

export class Fixtures {
  private readonly made: { type: string; id: number }[] = [];
  private readonly tag = `snc-check-${Date.now().toString(36)}`;
  private income: number | null;

  constructor(private readonly options: FixtureOptions) {
    this.income = options.incomeAccount;
  }

  track(type: string, id: number): number {
    this.made.push({ type, id });
    return id;
  }

  customer(): number {
    const customer = record.create({ type: record.Type.CUSTOMER });
    customer.setValue({ fieldId: 'companyname', value: `${this.tag} customer ${this.made.length + 1}` });
    if (this.options.subsidiary !== null) customer.setValue({ fieldId: 'subsidiary', value: this.options.subsidiary });
    return this.track(record.Type.CUSTOMER, customer.save());
  }

  item(): number {
    const item = record.create({ type: record.Type.SERVICE_ITEM });
    item.setValue({ fieldId: 'itemid', value: `${this.tag} item ${this.made.length + 1}` });
    item.setValue({ fieldId: 'incomeaccount', value: this.incomeAccount() });
    if (this.options.subsidiary !== null)
      item.setValue({ fieldId: 'subsidiary', value: [String(this.options.subsidiary)] });
    return this.track(record.Type.SERVICE_ITEM, item.save());
  }

  /** A standalone sales document (invoice or credit memo) of one line. */
  document(type: 'invoice' | 'creditmemo', customer: number, item: number, amount: number): number {
    const doc = record.create({ type });
    doc.setValue({ fieldId: 'entity', value: customer });
    doc.setValue({ fieldId: 'memo', value: this.tag });
    doc.insertLine({ sublistId: 'item', line: 0 });
    doc.setSublistValue({ sublistId: 'item', fieldId: 'item', line: 0, value: item });
    doc.setSublistValue({ sublistId: 'item', fieldId: 'quantity', line: 0, value: 1 });
    doc.setSublistValue({ sublistId: 'item', fieldId: 'rate', line: 0, value: amount });
    doc.setSublistValue({ sublistId: 'item', fieldId: 'amount', line: 0, value: amount });
    return this.track(type, doc.save());
  }

  /** A payment of the customer applied to nothing. */
  unappliedPayment(customer: number, amount: number): number {
    const payment = record.transform({
      fromType: record.Type.CUSTOMER,
      fromId: customer,
      toType: record.Type.CUSTOMER_PAYMENT,
    });
    payment.setValue({ fieldId: 'payment', value: amount });
    payment.setValue({ fieldId: 'memo', value: this.tag });
    for (let line = 0; line < payment.getLineCount({ sublistId: 'apply' }); line++)
      payment.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line, value: false });
    return this.track(record.Type.CUSTOMER_PAYMENT, payment.save());
  }

  /** Deletes one record the checks made now (a check observing the deletion); kept for cleanup if it fails. */
  remove(type: string, id: number): void {
    record.delete({ type, id });
    const index = this.made.findIndex((m) => m.type === type && m.id === id);
    if (index >= 0) this.made.splice(index, 1);
  }

  /** Deletes what the checks made, newest first; answers what could not be deleted. */
  cleanup(): string[] {
    const left: string[] = [];
    for (const { type, id } of this.made.splice(0).reverse()) {
      try {
        record.delete({ type, id });
      } catch (error) {
        left.push(`${type} ${id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return left;
  }

  /**
   * A Tax Code with a rate above zero: the one given, else the first active one whose rate (search.lookupFields,
   * as public SuiteScript reads it) is above zero. A search filters on `isinactive` only: web services'
   * SalesTaxItemSearchBasic lists no rate filter.
   */
  taxCode(): number {
    if (this.options.taxCode) return this.options.taxCode;
    const active = search
      .create({ type: search.Type.SALES_TAX_ITEM, filters: [['isinactive', 'is', 'F']] })
      .run()
      .getRange({ start: 0, end: 20 });
    const found = active.find((code) => taxRateOf(Number(code.id)) > 0);
    if (!found) throw new Error('No active Tax Code with a rate: pass taxCode in the request body (NS_CHECK_TAX_CODE)');
    return Number(found.id);
  }

  bankAccount(): number {
    return this.options.bankAccount ?? firstAccount('Bank', 'bankAccount');
  }

  private incomeAccount(): number {
    if (this.income === null) this.income = firstAccount('Income', 'incomeAccount');
    return this.income;
  }
}

function firstAccount(type: string, option: string): number {
  const row = query
    .runSuiteQL({
      query: `SELECT id FROM account WHERE accttype = ? AND isinactive = 'F' ORDER BY id FETCH FIRST 1 ROWS ONLY`,
      params: [type],
    })
    .asMappedResults()[0];
  if (!row) throw new Error(`No active ${type} account: pass ${option} in the request body`);
  return Number(row['id']);
}

/** A Tax Code's rate in percent (lookupFields gives a percent field as text such as "10.0%"). */
export function taxRateOf(taxCode: number): number {
  const rate = search.lookupFields({ type: search.Type.SALES_TAX_ITEM, id: taxCode, columns: ['rate'] })['rate'];
  return parseFloat(String(rate));
}

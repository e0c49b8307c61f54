import type * as NRecord from 'N/record';
import { Invocation } from '../../src/governance';
import type { ModuleContext } from '../../src/context';
import { createRecordModuleWith } from '../../src/modules/record';
import { seedBaseAccount, type BaseAccount } from '../../src/records/baseAccount';
import { RecordEngine, type SourcingOptions } from '../../src/records/engine';
import { STANDARD_RECORD_TYPES } from '../../src/records/standard';
import { SchemaRegistry, type RecordTypeDef } from '../../src/schema';
import { Store } from '../../src/store';

export interface TestAccount {
  store: Store;
  engine: RecordEngine;
  base: BaseAccount;
  invocation: Invocation;
  record: typeof NRecord;
  /** A fresh N/record bound to a new invocation with the given limit. */
  withLimit(limit: number): { record: typeof NRecord; invocation: Invocation };
  ids: { bank: string; eurBank: string; income: string; taxPayable: string; fees: string; discount: string };
}

/** A base account plus a bank, income, tax and fee account, as a connector's setup would make. */
export function makeAccount(extraTypes: RecordTypeDef[] = [], sourcing?: SourcingOptions): TestAccount {
  const store = new Store(new SchemaRegistry([...STANDARD_RECORD_TYPES, ...extraTypes]));
  const base = seedBaseAccount(store);
  const engine = new RecordEngine(store, base.accounts, () => new Date(2026, 10, 21), true, null, sourcing);
  const account = (acctname: string, accttype: string, currency?: string): string =>
    String(
      store.insert('account', {
        fields: { acctname, accttype, currency: currency ?? null, subsidiary: [base.subsidiary] },
        sublists: {},
      }),
    );
  const ids = {
    bank: account('Stripe USD Bank', 'Bank', base.currencies['USD']),
    eurBank: account('Stripe EUR Bank', 'Bank', base.currencies['EUR']),
    income: account('Subscription Revenue', 'Income'),
    taxPayable: account('Sales Tax Payable', 'OthCurrLiab'),
    fees: account('Stripe Fees', 'Expense'),
    discount: account('Discounts', 'Income'),
  };
  const withLimit = (limit: number): { record: typeof NRecord; invocation: Invocation } => {
    const invocation = new Invocation('test', limit);
    const context = { invocation } as unknown as ModuleContext;
    return { record: createRecordModuleWith(engine)(context), invocation };
  };
  const { record, invocation } = withLimit(1_000_000);
  return { store, engine, base, invocation, record, withLimit, ids };
}

export function createCustomer(account: TestAccount, name: string, currency = 'USD', externalid?: string): number {
  const customer = account.record.create({ type: 'customer' });
  customer.setValue({ fieldId: 'companyname', value: name });
  customer.setValue({ fieldId: 'subsidiary', value: account.base.subsidiary });
  customer.setValue({ fieldId: 'currency', value: account.base.currencies[currency] ?? null });
  if (externalid) customer.setValue({ fieldId: 'externalid', value: externalid });
  return customer.save();
}

export function createItem(account: TestAccount, itemid: string, incomeaccount = account.ids.income): number {
  const item = account.record.create({ type: 'serviceitem' });
  item.setValue({ fieldId: 'itemid', value: itemid });
  item.setValue({ fieldId: 'incomeaccount', value: incomeaccount });
  return item.save();
}

/** An invoice or a standalone credit memo of the customer, one item line per `lines` entry. */
function createSalesDocument(
  account: TestAccount,
  type: 'invoice' | 'creditmemo',
  customer: number,
  lines: { item: number; amount: number }[],
  externalid?: string,
): number {
  const doc = account.record.create({ type });
  doc.setValue({ fieldId: 'entity', value: customer });
  if (externalid) doc.setValue({ fieldId: 'externalid', value: externalid });
  lines.forEach((line, index) => {
    doc.insertLine({ sublistId: 'item', line: index });
    doc.setSublistValue({ sublistId: 'item', fieldId: 'item', line: index, value: line.item });
    doc.setSublistValue({ sublistId: 'item', fieldId: 'amount', line: index, value: line.amount });
  });
  return doc.save();
}

export function createInvoice(
  account: TestAccount,
  customer: number,
  lines: { item: number; amount: number }[],
  externalid?: string,
): number {
  return createSalesDocument(account, 'invoice', customer, lines, externalid);
}

export function createCreditMemo(
  account: TestAccount,
  customer: number,
  lines: { item: number; amount: number }[],
): number {
  return createSalesDocument(account, 'creditmemo', customer, lines);
}

/** A sales order of one line (non-posting until it is billed). */
export function createSalesOrder(
  account: TestAccount,
  customer: number,
  line: { item: number; amount: number; quantity?: number },
): number {
  const order = account.record.create({ type: 'salesorder' });
  order.setValue({ fieldId: 'entity', value: customer });
  order.insertLine({ sublistId: 'item', line: 0 });
  order.setSublistValue({ sublistId: 'item', fieldId: 'item', line: 0, value: line.item });
  if (line.quantity !== undefined)
    order.setSublistValue({ sublistId: 'item', fieldId: 'quantity', line: 0, value: line.quantity });
  order.setSublistValue({ sublistId: 'item', fieldId: 'amount', line: 0, value: line.amount });
  return order.save();
}

import type { StoredRecord } from '../../src/store';
import { createCustomer, createItem, type TestAccount } from './records';

/** A row of the Currency Exchange Rates table: `rate` USD per unit of `code` from `date`. */
export function setRate(account: TestAccount, code: string, rate: number, date: Date): void {
  account.store.insert('currencyrate', {
    fields: {
      basecurrency: account.base.currencies['USD'] ?? null,
      transactioncurrency: account.base.currencies[code] ?? null,
      exchangerate: rate,
      effectivedate: date,
    },
    sublists: {},
  });
}

/** Net base-currency balance of an account (debit positive), major units. */
export function baseBalance(account: TestAccount, accountId: string): number {
  const row = account.engine.trialBalance().find((r) => r.account === accountId);
  return row ? Math.round((row.debit - row.credit) * 100) / 100 : 0;
}

/** A customer in `code`, an item and an invoice of `amount` at `rate` on `date`. */
export function foreignInvoice(
  account: TestAccount,
  code: string,
  amount: number,
  rate: number,
  date = new Date(2026, 10, 1),
): { customer: number; invoice: number } {
  const customer = createCustomer(account, `${code} customer`, code);
  const item = createItem(account, `${code} plan`);
  const invoice = account.record.create({ type: 'invoice' });
  invoice.setValue({ fieldId: 'entity', value: customer });
  invoice.setValue({ fieldId: 'trandate', value: date });
  invoice.setValue({ fieldId: 'exchangerate', value: rate });
  invoice.insertLine({ sublistId: 'item', line: 0 });
  invoice.setSublistValue({ sublistId: 'item', fieldId: 'item', line: 0, value: item });
  invoice.setSublistValue({ sublistId: 'item', fieldId: 'amount', line: 0, value: amount });
  return { customer, invoice: invoice.save() };
}

/** A payment of the whole invoice at `rate`, into Undeposited Funds. */
export function payInvoice(account: TestAccount, invoice: number, rate: number): number {
  const payment = account.record.transform({ fromType: 'invoice', fromId: invoice, toType: 'customerpayment' });
  payment.setValue({ fieldId: 'exchangerate', value: rate });
  return payment.save();
}

/** The system's currency revaluations (realized gain/loss transactions). */
export function revaluations(account: TestAccount): readonly StoredRecord[] {
  return account.store.list('currencyrevaluation');
}

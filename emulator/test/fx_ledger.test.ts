// Conformance tests: the general ledger in transaction and base currency, and the trial balances.
import { SuiteQLEngine } from '../src/suiteql/engine';
import { createCustomer, createInvoice, createItem, makeAccount } from './helpers/records';
import { baseBalance, foreignInvoice } from './helpers/fx';

describe('GL lines in transaction and base currency (Oracle help, "Currency Management")', () => {
  it('every GL line carries the transaction amount and the base amount at the transaction rate', () => {
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'EUR', 100, 1.1);
    const lines = account.store.glLinesOf(invoice);
    const receivable = lines.find((l) => l.account === account.base.accounts.accountsReceivable);
    expect(receivable).toMatchObject({ debit: 10000, baseDebit: 11000, currency: account.base.currencies['EUR'] });
    expect(receivable?.baseCurrency).toBe(account.base.currencies['USD']);
  });

  it('base amounts of USD transactions equal their amounts', () => {
    const account = makeAccount();
    const customer = createCustomer(account, 'US Inc');
    const invoice = createInvoice(account, customer, [{ item: createItem(account, 'Plan'), amount: 108.25 }]);
    for (const line of account.store.glLinesOf(invoice)) {
      expect(line.baseDebit).toBe(line.debit);
      expect(line.baseCredit).toBe(line.credit);
    }
  });

  it('rounding each line leaves base debits = credits: the total line stays exact, another line absorbs the cent', () => {
    // Oracle help, "GL Impact Rounding on Journal Entries" (NetSuite adjusts a line so debits equal credits).
    const account = makeAccount();
    const customer = createCustomer(account, 'Euro GmbH', 'EUR');
    const item = createItem(account, 'Plan');
    const invoice = account.record.create({ type: 'invoice' });
    invoice.setValue({ fieldId: 'entity', value: customer });
    invoice.setValue({ fieldId: 'exchangerate', value: 1.115 });
    for (let i = 0; i < 3; i++) {
      invoice.insertLine({ sublistId: 'item', line: i });
      invoice.setSublistValue({ sublistId: 'item', fieldId: 'item', line: i, value: item });
      invoice.setSublistValue({ sublistId: 'item', fieldId: 'amount', line: i, value: 33.33 });
    }
    const id = invoice.save();
    const lines = account.store.glLinesOf(id);
    // 99.99 × 1.115 = 111.48885 → 111.49; each line 33.33 × 1.115 = 37.16295 → 37.16, one becomes 37.17.
    expect(lines[0]?.baseDebit).toBe(11149);
    expect(lines.reduce((s, l) => s + (l.baseDebit ?? 0), 0)).toBe(lines.reduce((s, l) => s + (l.baseCredit ?? 0), 0));
    expect(lines.slice(1).map((l) => l.baseCredit)).toEqual([3717, 3716, 3716]);
  });

  it('trialBalance() is in base currency; trialBalanceByCurrency() per transaction currency', () => {
    const account = makeAccount();
    foreignInvoice(account, 'EUR', 100, 1.1);
    foreignInvoice(account, 'GBP', 50, 1.3);
    const usd = account.base.currencies['USD'];
    const ar = account.base.accounts.accountsReceivable;
    expect(account.engine.trialBalance().filter((r) => r.account === ar)).toEqual([
      { account: ar, currency: usd, debit: 175, credit: 0 },
    ]);
    expect(account.engine.trialBalanceByCurrency().filter((r) => r.account === ar)).toEqual([
      { account: ar, currency: account.base.currencies['EUR'], debit: 100, credit: 0 },
      { account: ar, currency: account.base.currencies['GBP'], debit: 50, credit: 0 },
    ]);
    const net = account.engine
      .trialBalance()
      .reduce((s, r) => s + Math.round(r.debit * 100) - Math.round(r.credit * 100), 0);
    expect(net).toBe(0);
    expect(baseBalance(account, ar)).toBe(175);
  });

  it('SuiteQL transactionaccountingline: amounts in base currency, with the exchange rate', async () => {
    // Public SuiteQL check "ABS(tal.amount - (tl.foreignamount * tal.exchangerate)) <= 0.01".
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'EUR', 100, 1.1);
    const sql = await SuiteQLEngine.create(account.store, { now: () => new Date(2026, 10, 21) });
    const rows = sql.query(
      'SELECT debit, credit, amount, exchangerate FROM transactionaccountingline WHERE transaction = ? AND account = ?',
      [invoice, Number(account.base.accounts.accountsReceivable)],
    ).rows;
    expect(rows).toEqual([{ debit: 110, credit: null, amount: 110, exchangerate: 1.1 }]);
  });
});

// Conformance tests: realized exchange gain/loss (Oracle help, "Applied Payments and Realized Gain/Loss",
// "Variance Calculations for Realized Gain and Loss", "Currency Revaluation Transactions").
import { makeAccount } from './helpers/records';
import { baseBalance, foreignInvoice, payInvoice, revaluations } from './helpers/fx';
import { errorName } from './helpers/errors';

describe('realized gain/loss when a payment or credit is applied at another rate', () => {
  it('a payment at a higher rate than its invoice: gain to Realized Gain/Loss, receivables cleared in base', () => {
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'EUR', 100, 1.1);
    payInvoice(account, invoice, 1.15);
    // Variance = (1.15 − 1.10) × 100 = 5.00 gain.
    expect(baseBalance(account, account.base.accounts.realizedGainLoss as string)).toBe(-5);
    expect(baseBalance(account, account.base.accounts.accountsReceivable)).toBe(0);
    expect(baseBalance(account, account.base.accounts.undepositedFunds)).toBe(115);
  });

  it('a payment at a lower rate: loss', () => {
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'GBP', 200, 1.3);
    payInvoice(account, invoice, 1.27);
    expect(baseBalance(account, account.base.accounts.realizedGainLoss as string)).toBe(6);
    expect(baseBalance(account, account.base.accounts.accountsReceivable)).toBe(0);
  });

  it('the variance is its own Currency Revaluation transaction, not a line of the payment', () => {
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'EUR', 100, 1.1);
    const payment = payInvoice(account, invoice, 1.15);
    const [reval] = revaluations(account);
    expect(reval?.fields).toMatchObject({ createdfrom: String(payment), appliedto: String(invoice) });
    expect(reval?.fields['currency']).toBe(account.base.currencies['USD']);
    expect(account.store.glLinesOf(payment).map((l) => l.account)).toEqual([
      account.base.accounts.undepositedFunds,
      account.base.accounts.accountsReceivable,
    ]);
  });

  it('one variance per document applied, each at its own rate', () => {
    // Oracle's example: €1,000 applied to an invoice at 1.1 and €500 to one at 1.2, payment at 1.3: 200 + 50.
    const account = makeAccount();
    const first = foreignInvoice(account, 'EUR', 1000, 1.1);
    const item = account.store.get('invoice', first.invoice)?.sublists['item']?.[0]?.['item'];
    const second = account.record.create({ type: 'invoice' });
    second.setValue({ fieldId: 'entity', value: first.customer });
    second.setValue({ fieldId: 'exchangerate', value: 1.2 });
    second.insertLine({ sublistId: 'item', line: 0 });
    second.setSublistValue({ sublistId: 'item', fieldId: 'item', line: 0, value: item ?? null });
    second.setSublistValue({ sublistId: 'item', fieldId: 'amount', line: 0, value: 1000 });
    const secondId = second.save();
    const payment = account.record.create({ type: 'customerpayment', isDynamic: true });
    payment.setValue({ fieldId: 'customer', value: first.customer });
    payment.setValue({ fieldId: 'exchangerate', value: 1.3 });
    payment.setValue({ fieldId: 'payment', value: 1500 });
    for (const [doc, amount] of [
      [first.invoice, 1000],
      [secondId, 500],
    ] as const) {
      const line = payment.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(doc) });
      payment.selectLine({ sublistId: 'apply', line });
      payment.setCurrentSublistValue({ sublistId: 'apply', fieldId: 'apply', value: true });
      payment.setCurrentSublistValue({ sublistId: 'apply', fieldId: 'amount', value: amount });
      payment.commitLine({ sublistId: 'apply' });
    }
    payment.save();
    expect(revaluations(account).length).toBe(2);
    expect(baseBalance(account, account.base.accounts.realizedGainLoss as string)).toBe(-250);
  });

  it('a credit memo applied at another rate than its invoice books the variance too', () => {
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'EUR', 100, 1.1);
    const memo = account.record.transform({ fromType: 'invoice', fromId: invoice, toType: 'creditmemo' });
    memo.setValue({ fieldId: 'exchangerate', value: 1.05 });
    memo.save();
    // The credit takes 105 USD off receivables that held 110: a loss of 5.
    expect(baseBalance(account, account.base.accounts.realizedGainLoss as string)).toBe(5);
    expect(baseBalance(account, account.base.accounts.accountsReceivable)).toBe(0);
  });

  it('a refund paying out a credit at another rate than the credit (guess: same variance, other side)', () => {
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'EUR', 100, 1.1);
    payInvoice(account, invoice, 1.1);
    const memo = account.record.transform({ fromType: 'invoice', fromId: invoice, toType: 'creditmemo' });
    memo.setValue({ fieldId: 'exchangerate', value: 1.1 });
    const memoId = memo.save();
    expect(revaluations(account).length).toBe(0);
    const refund = account.record.transform({ fromType: 'creditmemo', fromId: memoId, toType: 'customerrefund' });
    refund.setValue({ fieldId: 'exchangerate', value: 1.12 });
    refund.save();
    // Paid out 112 USD for a credit worth 110: a loss of 2; receivables back to 0 in base.
    expect(baseBalance(account, account.base.accounts.realizedGainLoss as string)).toBe(2);
    expect(baseBalance(account, account.base.accounts.accountsReceivable)).toBe(0);
  });

  it('deleting the payment deletes its revaluation; scripts cannot create one', () => {
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'EUR', 100, 1.1);
    const payment = payInvoice(account, invoice, 1.15);
    account.record.delete({ type: 'customerpayment', id: payment });
    expect(revaluations(account)).toEqual([]);
    expect(baseBalance(account, account.base.accounts.realizedGainLoss as string)).toBe(0);
    expect(errorName(() => account.record.create({ type: 'currencyrevaluation' }))).toBe('INVALID_RCRD_TYPE');
  });

  it('no variance when the rates are equal (every single-currency flow)', () => {
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'EUR', 100, 1.1);
    payInvoice(account, invoice, 1.1);
    expect(revaluations(account)).toEqual([]);
  });
});

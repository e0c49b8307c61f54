// Conformance tests: deposits taking in payments of other currencies or booked at other rates
// (SuiteAnswers 14964 "Foreign Currency Revaluation": Unrealized Matching Gain/Loss; REST API deposit payment
// fields transactionAmount "Payment Amount" and paymentAmount "Amount").
import type { TestAccount } from './helpers/records';
import { makeAccount } from './helpers/records';
import { baseBalance, foreignInvoice, payInvoice } from './helpers/fx';
import { errorName } from './helpers/errors';

function depositTo(account: TestAccount, bank: string, rate?: number): ReturnType<TestAccount['record']['create']> {
  const deposit = account.record.create({ type: 'deposit', isDynamic: true });
  deposit.setValue({ fieldId: 'account', value: bank });
  if (rate !== undefined) deposit.setValue({ fieldId: 'exchangerate', value: rate });
  return deposit;
}

function tick(deposit: ReturnType<TestAccount['record']['create']>, payment: number, amount?: number): void {
  const line = deposit.findSublistLineWithValue({ sublistId: 'payment', fieldId: 'id', value: String(payment) });
  deposit.selectLine({ sublistId: 'payment', line });
  deposit.setCurrentSublistValue({ sublistId: 'payment', fieldId: 'deposit', value: true });
  if (amount !== undefined)
    deposit.setCurrentSublistValue({ sublistId: 'payment', fieldId: 'paymentamount', value: amount });
  deposit.commitLine({ sublistId: 'payment' });
}

const matching = (account: TestAccount): number =>
  baseBalance(account, account.base.accounts.unrealizedMatchingGainLoss as string);

describe('deposits across currencies', () => {
  it("a USD deposit lists a GBP payment at its converted amount: base amount / the deposit's rate", () => {
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'GBP', 200, 1.2718);
    const payment = payInvoice(account, invoice, 1.2718);
    const deposit = depositTo(account, account.ids.bank);
    const line = deposit.findSublistLineWithValue({ sublistId: 'payment', fieldId: 'id', value: String(payment) });
    expect(line).toBeGreaterThanOrEqual(0);
    expect(deposit.getSublistValue({ sublistId: 'payment', fieldId: 'currency', line })).toBe(
      account.base.currencies['GBP'],
    );
    expect(deposit.getSublistValue({ sublistId: 'payment', fieldId: 'transactionamount', line })).toBe(200);
    // 200 × 1.2718 = 254.36 USD in undeposited funds; the deposit's rate is 1.
    expect(deposit.getSublistValue({ sublistId: 'payment', fieldId: 'paymentamount', line })).toBe(254.36);
  });

  it('a EUR deposit converts a GBP payment through the base currency at its own rate', () => {
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'GBP', 100, 1.3);
    const payment = payInvoice(account, invoice, 1.3);
    const deposit = depositTo(account, account.ids.eurBank, 1.25);
    const line = deposit.findSublistLineWithValue({ sublistId: 'payment', fieldId: 'id', value: String(payment) });
    // 130 USD / 1.25 = 104 EUR.
    expect(deposit.getSublistValue({ sublistId: 'payment', fieldId: 'paymentamount', line })).toBe(104);
  });

  it('at the converted amount nothing is left over; Undeposited Funds gives up the base amount', () => {
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'GBP', 200, 1.2718);
    const payment = payInvoice(account, invoice, 1.2718);
    const deposit = depositTo(account, account.ids.bank);
    tick(deposit, payment);
    const id = deposit.save();
    expect(account.record.load({ type: 'deposit', id }).getValue('total')).toBe(254.36);
    expect(baseBalance(account, account.ids.bank)).toBe(254.36);
    expect(baseBalance(account, account.base.accounts.undepositedFunds)).toBe(0);
    expect(matching(account)).toBe(0);
  });

  it('a converted amount changed to what the bank received: the difference to Unrealized Matching Gain/Loss', () => {
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'GBP', 200, 1.2718);
    const payment = payInvoice(account, invoice, 1.2718);
    const deposit = depositTo(account, account.ids.bank);
    tick(deposit, payment, 253.9);
    deposit.save();
    expect(baseBalance(account, account.ids.bank)).toBe(253.9);
    expect(baseBalance(account, account.base.accounts.undepositedFunds)).toBe(0);
    expect(matching(account)).toBe(0.46);
  });

  it("a payment in the deposit's currency booked at another rate: the base difference is matching gain/loss", () => {
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'EUR', 100, 1.1);
    const payment = payInvoice(account, invoice, 1.1);
    const deposit = depositTo(account, account.ids.eurBank, 1.12);
    tick(deposit, payment);
    const id = deposit.save();
    expect(account.record.load({ type: 'deposit', id }).getValue('total')).toBe(100);
    expect(baseBalance(account, account.ids.eurBank)).toBe(112);
    expect(baseBalance(account, account.base.accounts.undepositedFunds)).toBe(0);
    expect(matching(account)).toBe(-2);
    const net = account.engine
      .trialBalance()
      .reduce((s, r) => s + Math.round(r.debit * 100) - Math.round(r.credit * 100), 0);
    expect(net).toBe(0);
  });

  it("the amount of a payment in the deposit's own currency stays NetSuite's", () => {
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'EUR', 100, 1.1);
    const payment = payInvoice(account, invoice, 1.1);
    const deposit = depositTo(account, account.ids.eurBank);
    expect(errorName(() => tick(deposit, payment, 99))).toBe('INVALID_FLD_VALUE');
  });

  it("the deposit's rate defaults from the table on its date and the list follows it", () => {
    const account = makeAccount();
    const { invoice } = foreignInvoice(account, 'GBP', 100, 1.3);
    const payment = payInvoice(account, invoice, 1.3);
    account.store.insert('currencyrate', {
      fields: {
        basecurrency: account.base.currencies['USD'] ?? null,
        transactioncurrency: account.base.currencies['EUR'] ?? null,
        exchangerate: 1.3,
        effectivedate: new Date(2026, 10, 20),
      },
      sublists: {},
    });
    const deposit = depositTo(account, account.ids.eurBank);
    expect(deposit.getValue('exchangerate')).toBe(1.3);
    const line = deposit.findSublistLineWithValue({ sublistId: 'payment', fieldId: 'id', value: String(payment) });
    expect(deposit.getSublistValue({ sublistId: 'payment', fieldId: 'paymentamount', line })).toBe(100);
  });
});

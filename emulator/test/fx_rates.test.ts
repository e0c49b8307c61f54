// Conformance tests: currencies and exchange rates. Each test names the Oracle help page it follows.
import { NetSuiteEmulator } from '../src/emulator';
import { createCustomer, createInvoice, createItem, makeAccount } from './helpers/records';
import { setRate } from './helpers/fx';

function eurInvoice(
  account: ReturnType<typeof makeAccount>,
  date: Date,
  amount = 100,
): ReturnType<ReturnType<typeof makeAccount>['record']['create']> {
  const customer = createCustomer(account, 'Euro GmbH', 'EUR');
  const item = createItem(account, 'Plan');
  const invoice = account.record.create({ type: 'invoice' });
  invoice.setValue({ fieldId: 'entity', value: customer });
  invoice.setValue({ fieldId: 'trandate', value: date });
  invoice.insertLine({ sublistId: 'item', line: 0 });
  invoice.setSublistValue({ sublistId: 'item', fieldId: 'item', line: 0, value: item });
  invoice.setSublistValue({ sublistId: 'item', fieldId: 'amount', line: 0, value: amount });
  return invoice;
}

describe('exchange rates (Oracle help, "Currency Rate"; Records Browser, currency)', () => {
  it('a transaction saved without a rate takes the table rate effective on its date', () => {
    const account = makeAccount();
    setRate(account, 'EUR', 1.1, new Date(2026, 9, 1));
    setRate(account, 'EUR', 1.2, new Date(2026, 10, 15));
    const id = eurInvoice(account, new Date(2026, 10, 10)).save();
    expect(account.record.load({ type: 'invoice', id }).getValue('exchangerate')).toBe(1.1);
    const later = eurInvoice(account, new Date(2026, 10, 15)).save();
    expect(account.record.load({ type: 'invoice', id: later }).getValue('exchangerate')).toBe(1.2);
  });

  it('a rate the script sets is kept', () => {
    const account = makeAccount();
    setRate(account, 'EUR', 1.1, new Date(2026, 9, 1));
    const invoice = eurInvoice(account, new Date(2026, 10, 10));
    invoice.setValue({ fieldId: 'exchangerate', value: 1.0875 });
    const id = invoice.save();
    expect(account.record.load({ type: 'invoice', id }).getValue('exchangerate')).toBe(1.0875);
  });

  it('standard mode leaves the rate empty until save; dynamic mode sources it with the currency', () => {
    // Oracle help, "SuiteScript 2.x Standard and Dynamic Modes".
    const account = makeAccount();
    setRate(account, 'GBP', 1.25, new Date(2026, 0, 1));
    const customer = createCustomer(account, 'UK Ltd', 'GBP');
    const standard = account.record.create({ type: 'customerpayment' });
    standard.setValue({ fieldId: 'customer', value: customer });
    expect(standard.getValue('exchangerate')).toBeNull();
    const dynamic = account.record.create({ type: 'customerpayment', isDynamic: true });
    dynamic.setValue({ fieldId: 'customer', value: customer });
    expect(dynamic.getValue('exchangerate')).toBe(1.25);
  });

  it('a transaction in the base currency has rate 1', () => {
    const account = makeAccount();
    const customer = createCustomer(account, 'US Inc', 'USD');
    const payment = account.record.create({ type: 'customerpayment' });
    payment.setValue({ fieldId: 'customer', value: customer });
    payment.setValue({ fieldId: 'payment', value: 10 });
    const id = payment.save();
    expect(account.record.load({ type: 'customerpayment', id }).getValue('exchangerate')).toBe(1);
  });

  it("without a table rate, the currency's Default Exchange Rate (to the root currency) is used", () => {
    const account = makeAccount();
    const cad = account.base.currencies['CAD'] as string;
    for (const row of account.store.findBy('currencyrate', 'transactioncurrency', cad))
      account.store.remove('currencyrate', row.id);
    const currency = account.store.get('currency', Number(cad));
    if (!currency) throw new Error('no CAD');
    account.store.update({ ...currency, fields: { ...currency.fields, exchangerate: 0.7 } }, currency.version);
    const usd = account.base.currencies['USD'] as string;
    expect(account.engine.currencies.rate(usd, cad, new Date(2026, 10, 1))).toBe(0.7);
  });

  it('ns.setExchangeRate adds a rate the next transactions default to', async () => {
    const ns = await NetSuiteEmulator.create({ projectDir: 'src', now: new Date(2026, 10, 21) });
    ns.setExchangeRate('JPY', 'USD', 0.0065, new Date(2026, 10, 20));
    expect(ns.exchangeRate('JPY', 'USD', new Date(2026, 10, 21))).toBe(0.0065);
    expect(ns.exchangeRate('JPY', 'USD', new Date(2026, 10, 19))).not.toBe(0.0065);
    expect(ns.store.list('currencyrate').some((r) => r.fields['exchangerate'] === 0.0065)).toBe(true);
  });
});

describe('currency precision (Oracle help, "Currency Decimal Precision": "The only values supported are 0 and 2")', () => {
  it('yen and won have no decimals: amounts are rounded to whole units on save', () => {
    const account = makeAccount();
    const customer = createCustomer(account, 'Tokyo KK', 'JPY');
    const item = createItem(account, 'Plan');
    const id = createInvoice(account, customer, [{ item, amount: 115408.1 }]);
    expect(account.record.load({ type: 'invoice', id }).getValue('total')).toBe(115408);
    const won = account.store.get('currency', Number(account.base.currencies['KRW']));
    expect(won?.fields['currencyprecision']).toBe(0);
  });

  it('three-decimal currencies (KWD, BHD) have precision 2 in NetSuite: amounts keep two decimals', () => {
    const account = makeAccount();
    for (const code of ['KWD', 'BHD']) {
      expect(account.store.get('currency', Number(account.base.currencies[code]))?.fields['currencyprecision']).toBe(2);
    }
    const customer = createCustomer(account, 'Kuwait Co', 'KWD');
    const payment = account.record.create({ type: 'customerpayment' });
    payment.setValue({ fieldId: 'customer', value: customer });
    payment.setValue({ fieldId: 'payment', value: 12.345 });
    const id = payment.save();
    expect(account.record.load({ type: 'customerpayment', id }).getValue('payment')).toBe(12.35);
  });
});

describe("a customer's currencies (Multiple Currencies per customer; a documented guess, switch customerCurrencyLists)", () => {
  function gbpPayment(account: ReturnType<typeof makeAccount>, customer: number): number {
    const payment = account.record.create({ type: 'customerpayment' });
    payment.setValue({ fieldId: 'customer', value: customer });
    payment.setValue({ fieldId: 'currency', value: account.base.currencies['GBP'] ?? null });
    payment.setValue({ fieldId: 'payment', value: 10 });
    return payment.save();
  }

  it('refuses a transaction in a currency the customer does not have, takes it once listed', () => {
    const account = makeAccount();
    const customer = createCustomer(account, 'US Inc', 'USD');
    expect(() => gbpPayment(account, customer)).toThrow(/GBP is not one of customer \d+'s currencies/);
    const rec = account.record.load({ type: 'customer', id: customer, isDynamic: true });
    rec.selectNewLine({ sublistId: 'currency' });
    rec.setCurrentSublistValue({
      sublistId: 'currency',
      fieldId: 'currency',
      value: account.base.currencies['GBP'] ?? null,
    });
    rec.commitLine({ sublistId: 'currency' });
    rec.save();
    expect(gbpPayment(account, customer)).toBeGreaterThan(0);
  });

  it('switched off, any currency is taken', () => {
    const account = makeAccount([], { sourceDefaultValuesInStandardMode: false, customerCurrencyLists: false });
    expect(gbpPayment(account, createCustomer(account, 'US Inc', 'USD'))).toBeGreaterThan(0);
  });
});

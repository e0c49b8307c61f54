// Conformance tests: tax per item line with a Tax Code (legacy per-line tax; emulator README, "Tax per line").
import { createCustomer, createItem, makeAccount, type TestAccount } from './helpers/records';
import { errorOf } from './helpers/errors';

type TaxedLine = { item: number; amount: number; taxcode?: number; tax1amt?: number };

function createTaxCode(account: TestAccount, itemid: string, rate: number): number {
  const code = account.record.create({ type: 'salestaxitem' });
  code.setValue({ fieldId: 'itemid', value: itemid });
  code.setValue({ fieldId: 'rate', value: rate });
  code.setValue({ fieldId: 'taxaccount', value: account.ids.taxPayable });
  return code.save();
}

function createTaxed(account: TestAccount, type: 'invoice' | 'creditmemo', lines: TaxedLine[]): number {
  const doc = account.record.create({ type });
  doc.setValue({ fieldId: 'entity', value: createCustomer(account, 'Acme GmbH') });
  doc.setValue({ fieldId: 'trandate', value: new Date(2026, 2, 1) });
  lines.forEach((line, index) => {
    doc.insertLine({ sublistId: 'item', line: index });
    for (const [fieldId, value] of Object.entries(line))
      doc.setSublistValue({ sublistId: 'item', fieldId, line: index, value });
  });
  return doc.save();
}

/** Hundredths debited minus credited to an account by one transaction. */
function net(account: TestAccount, transaction: number, accountId: string): number {
  return account.store
    .glLinesOf(transaction)
    .filter((l) => l.account === accountId)
    .reduce((sum, l) => sum + l.debit - l.credit, 0);
}

describe('tax per item line (Oracle help, "Creating Tax Codes": tax codes determine the tax of each line)', () => {
  // Records Browser, salestaxitem: rate "Enter the appropriate tax rate as a percentage"; public SuiteScript
  // loads the record type 'salestaxitem' and reads its itemid and rate.
  it('keeps a tax code with its rate in percent and its tax account', () => {
    const account = makeAccount();
    const id = createTaxCode(account, 'VAT:S-DE', 19);
    const code = account.record.load({ type: 'salestaxitem', id });
    expect(code.getValue('itemid')).toBe('VAT:S-DE');
    expect(code.getValue('rate')).toBe(19);
    expect(code.getValue('taxaccount')).toBe(account.ids.taxPayable);
  });

  // Records Browser, invoice item sublist: taxrate1 is the line's tax rate, tax1amt its tax amount; NetSuite
  // fills both from the line's tax code (Oracle help, "Creating Tax Codes").
  it('fills the rate and the tax amount of a line from its tax code', () => {
    const account = makeAccount();
    const vat = createTaxCode(account, 'VAT:S-DE', 19);
    const id = createTaxed(account, 'invoice', [{ item: createItem(account, 'Plan'), amount: 100, taxcode: vat }]);
    const invoice = account.record.load({ type: 'invoice', id });
    expect(invoice.getSublistValue({ sublistId: 'item', fieldId: 'taxrate1', line: 0 })).toBe(19);
    expect(invoice.getSublistValue({ sublistId: 'item', fieldId: 'tax1amt', line: 0 })).toBe(19);
    expect(invoice.getSublistValue({ sublistId: 'item', fieldId: 'grossamt', line: 0 })).toBe(119);
  });

  // Computed tax is rounded to the cent (amounts are kept to the currency's decimals, "Currency Decimal
  // Precision"): 7% of 9.99 = 0.6993 → 0.70.
  it('rounds a computed line tax to the cent', () => {
    const account = makeAccount();
    const code = createTaxCode(account, 'GST', 7);
    const id = createTaxed(account, 'invoice', [{ item: createItem(account, 'Plan'), amount: 9.99, taxcode: code }]);
    expect(
      account.record.load({ type: 'invoice', id }).getSublistValue({ sublistId: 'item', fieldId: 'tax1amt', line: 0 }),
    ).toBe(0.7);
  });

  // "Setting U.S. Tax Preferences" names the Tax Total field of transactions; the total includes the tax.
  it('adds the lines’ tax to the total and shows it as the tax total', () => {
    const account = makeAccount();
    const vat = createTaxCode(account, 'VAT:S-DE', 19);
    const reduced = createTaxCode(account, 'VAT:R-DE', 7);
    const item = createItem(account, 'Plan');
    const id = createTaxed(account, 'invoice', [
      { item, amount: 100, taxcode: vat },
      { item, amount: 50, taxcode: reduced },
    ]);
    const invoice = account.record.load({ type: 'invoice', id });
    expect(invoice.getValue('subtotal')).toBe(150);
    expect(invoice.getValue('taxtotal')).toBe(22.5);
    expect(invoice.getValue('total')).toBe(172.5);
    expect(invoice.getValue('amountremaining')).toBe(172.5);
  });

  // Public SuiteScript sets tax1amt itself (setLineItemValue('item', 'tax1amt', …)); that the amount stands is
  // a guess (README), switch lineTaxAmount.
  it('keeps a tax amount the script sets on a taxed line', () => {
    const account = makeAccount();
    const vat = createTaxCode(account, 'VAT:S-DE', 19);
    const id = createTaxed(account, 'invoice', [
      { item: createItem(account, 'Plan'), amount: 100, taxcode: vat, tax1amt: 18.99 },
    ]);
    const invoice = account.record.load({ type: 'invoice', id });
    expect(invoice.getSublistValue({ sublistId: 'item', fieldId: 'tax1amt', line: 0 })).toBe(18.99);
    expect(invoice.getValue('total')).toBe(118.99);
  });

  it('with lineTaxAmount: compute, replaces a script-set tax amount by amount × rate', () => {
    const account = makeAccount([], { sourceDefaultValuesInStandardMode: false, lineTaxAmount: 'compute' });
    const vat = createTaxCode(account, 'VAT:S-DE', 19);
    const id = createTaxed(account, 'invoice', [
      { item: createItem(account, 'Plan'), amount: 100, taxcode: vat, tax1amt: 18.99 },
    ]);
    expect(account.record.load({ type: 'invoice', id }).getValue('total')).toBe(119);
  });

  // "Tax Types Overview": the tax type's Liability/Sales Tax Account is where sales tax is collected; the
  // receivable is the total, tax included.
  it('posts an invoice line’s tax as a credit to the tax code’s account', () => {
    const account = makeAccount();
    const vat = createTaxCode(account, 'VAT:S-DE', 19);
    const id = createTaxed(account, 'invoice', [{ item: createItem(account, 'Plan'), amount: 100, taxcode: vat }]);
    expect(net(account, id, account.ids.taxPayable)).toBe(-1900);
    expect(net(account, id, account.ids.income)).toBe(-10000);
    expect(net(account, id, account.base.accounts.accountsReceivable)).toBe(11900);
  });

  it('posts a credit memo line’s tax as a debit to the tax code’s account', () => {
    const account = makeAccount();
    const vat = createTaxCode(account, 'VAT:S-DE', 19);
    const id = createTaxed(account, 'creditmemo', [{ item: createItem(account, 'Plan'), amount: 100, taxcode: vat }]);
    expect(net(account, id, account.ids.taxPayable)).toBe(1900);
    expect(net(account, id, account.base.accounts.accountsReceivable)).toBe(-11900);
  });

  // record.transform invoice → credit memo copies the item lines ("Supported Transformation Types").
  it('a credit memo made from a taxed invoice carries each line’s tax code and tax amount', () => {
    const account = makeAccount();
    const vat = createTaxCode(account, 'VAT:S-DE', 19);
    const invoice = createTaxed(account, 'invoice', [
      { item: createItem(account, 'Plan'), amount: 100, taxcode: vat, tax1amt: 18.99 },
    ]);
    const memo = account.record.transform({ fromType: 'invoice', fromId: invoice, toType: 'creditmemo' });
    const id = memo.save();
    const loaded = account.record.load({ type: 'creditmemo', id });
    expect(loaded.getSublistValue({ sublistId: 'item', fieldId: 'taxcode', line: 0 })).toBe(String(vat));
    expect(loaded.getValue('total')).toBe(118.99);
    expect(net(account, id, account.ids.taxPayable)).toBe(1899);
  });

  // Oracle help, "N/transaction Module": on a void "the total and all the line items … are set to zero".
  it('a void zeroes the line tax and the tax total and removes the tax posting', () => {
    const account = makeAccount();
    const vat = createTaxCode(account, 'VAT:S-DE', 19);
    const id = createTaxed(account, 'invoice', [{ item: createItem(account, 'Plan'), amount: 100, taxcode: vat }]);
    account.engine.voidTransaction('invoice', id);
    const invoice = account.record.load({ type: 'invoice', id });
    expect(invoice.getSublistValue({ sublistId: 'item', fieldId: 'tax1amt', line: 0 })).toBe(0);
    expect(invoice.getValue('taxtotal')).toBe(0);
    expect(invoice.getValue('total')).toBe(0);
    expect(net(account, id, account.ids.taxPayable)).toBe(0);
  });

  it('refuses a line whose tax code does not exist', () => {
    const account = makeAccount();
    const thrown = errorOf(() =>
      createTaxed(account, 'invoice', [{ item: createItem(account, 'Plan'), amount: 100, taxcode: 999 }]),
    );
    expect(thrown.name).toBe('INVALID_KEY_OR_REF');
  });

  // A tax amount without a tax code would post nowhere: refused (a guess, README).
  it('refuses a tax amount on a line without a tax code', () => {
    const account = makeAccount();
    const thrown = errorOf(() =>
      createTaxed(account, 'invoice', [{ item: createItem(account, 'Plan'), amount: 100, tax1amt: 5 }]),
    );
    expect(thrown.name).toBe('USER_ERROR');
  });

  it('leaves lines without a tax code as before: no tax fields, total = subtotal, no tax posting', () => {
    const account = makeAccount();
    const id = createTaxed(account, 'invoice', [{ item: createItem(account, 'Plan'), amount: 100 }]);
    const invoice = account.record.load({ type: 'invoice', id });
    expect(invoice.getSublistValue({ sublistId: 'item', fieldId: 'tax1amt', line: 0 })).toBeNull();
    expect(invoice.getValue('total')).toBe(100);
    expect(account.store.glLinesOf(id)).toHaveLength(2);
    expect(net(account, id, account.ids.taxPayable)).toBe(0);
  });
});

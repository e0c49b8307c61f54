// Conformance tests: sales orders, customer deposits, deposit applications and the items orders sell. Each test
// names its source; guesses are marked and listed in emulator/README.md.
import { statusLetter } from '../src/suiteql/statusCodes';
import { errorName } from './helpers/errors';
import { baseBalance } from './helpers/fx';
import { createCustomer, createItem, createSalesOrder, makeAccount, type TestAccount } from './helpers/records';

type Rec = ReturnType<TestAccount['record']['create']>;

const balance = (account: TestAccount, id: string): number => baseBalance(account, id);

function inventoryItem(account: TestAccount, itemid: string): number {
  const item = account.record.create({ type: 'inventoryitem' });
  item.setValue({ fieldId: 'itemid', value: itemid });
  item.setValue({ fieldId: 'incomeaccount', value: account.ids.income });
  item.setValue({ fieldId: 'cogsaccount', value: account.ids.fees });
  item.setValue({ fieldId: 'assetaccount', value: account.ids.bank });
  return item.save();
}

/** A customer deposit for an order, into Undeposited Funds. */
function depositFor(account: TestAccount, customer: number, order: number | null, payment: number): number {
  const deposit = account.record.create({ type: 'customerdeposit' });
  deposit.setValue({ fieldId: 'customer', value: customer });
  if (order !== null) deposit.setValue({ fieldId: 'salesorder', value: order });
  deposit.setValue({ fieldId: 'payment', value: payment });
  deposit.setValue({ fieldId: 'undepfunds', value: true });
  return deposit.save();
}

function load(account: TestAccount, type: string, id: number): Rec {
  return account.record.load({ type, id });
}

function bill(account: TestAccount, order: number): number {
  return account.record.transform({ fromType: 'salesorder', fromId: order, toType: 'invoice' }).save();
}

function closeOrder(account: TestAccount, order: number): void {
  const rec = load(account, 'salesorder', order);
  for (let line = 0; line < rec.getLineCount({ sublistId: 'item' }); line++)
    rec.setSublistValue({ sublistId: 'item', fieldId: 'isclosed', line, value: true });
  rec.save();
}

function orderSetup(account: TestAccount, amount = 30): { customer: number; item: number; order: number } {
  const customer = createCustomer(account, 'Acme');
  const item = createItem(account, 'Widget');
  return { customer, item, order: createSalesOrder(account, customer, { item, amount, quantity: 3 }) };
}

describe('sales orders', () => {
  it('an order of items posts nothing and is Pending Billing when no line needs fulfilling (Records Browser: salesorder; SalesOrd:F)', () => {
    const account = makeAccount();
    const { order } = orderSetup(account);
    const rec = load(account, 'salesorder', order);
    expect(rec.getValue('total')).toBe(30);
    expect(rec.getValue('status')).toBe('Pending Billing');
    expect(statusLetter('SalesOrd', rec.getValue('status'))).toBe('F');
    expect(account.engine.trialBalance()).toEqual([]);
  });

  it('an order of inventory items is Pending Fulfillment (SalesOrd:B) until fulfilled, then Pending Billing', () => {
    const account = makeAccount();
    const customer = createCustomer(account, 'Acme');
    const order = createSalesOrder(account, customer, { item: inventoryItem(account, 'Sku'), amount: 20, quantity: 2 });
    expect(load(account, 'salesorder', order).getValue('status')).toBe('Pending Fulfillment');
    account.record.transform({ fromType: 'salesorder', fromId: order, toType: 'itemfulfillment' }).save();
    const rec = load(account, 'salesorder', order);
    expect(rec.getValue('status')).toBe('Pending Billing');
    expect(rec.getSublistValue({ sublistId: 'item', fieldId: 'quantityfulfilled', line: 0 })).toBe(2);
  });

  it('Oracle help "Use Case For Creating Invoices…from Your Sales Order": an invoice bills only fulfilled quantities of fulfillable items', () => {
    const account = makeAccount();
    const customer = createCustomer(account, 'Acme');
    const order = createSalesOrder(account, customer, { item: inventoryItem(account, 'Sku'), amount: 20, quantity: 2 });
    expect(errorName(() => bill(account, order))).toBe('INVALID_INITIALIZE_REF');
    account.engine.orders = { ...account.engine.orders, billOnlyFulfilled: false };
    const invoice = account.record.transform({ fromType: 'salesorder', fromId: order, toType: 'invoice' });
    expect(invoice.getSublistValue({ sublistId: 'item', fieldId: 'quantity', line: 0 })).toBe(2);
  });

  it('salesorder → invoice copies the lines with their order line, sets createdfrom, and the order becomes Billed (SalesOrd:G)', () => {
    const account = makeAccount();
    const { order, item } = orderSetup(account);
    const invoice = account.record.transform({ fromType: 'salesorder', fromId: order, toType: 'invoice' });
    expect(invoice.getValue('createdfrom')).toBe(String(order));
    expect(invoice.getSublistValue({ sublistId: 'item', fieldId: 'item', line: 0 })).toBe(String(item));
    expect(invoice.getSublistValue({ sublistId: 'item', fieldId: 'quantity', line: 0 })).toBe(3);
    expect(invoice.getSublistValue({ sublistId: 'item', fieldId: 'amount', line: 0 })).toBe(30);
    expect(invoice.getSublistValue({ sublistId: 'item', fieldId: 'orderline', line: 0 })).toBe(1);
    invoice.save();
    const rec = load(account, 'salesorder', order);
    expect(rec.getValue('status')).toBe('Billed');
    expect(rec.getValue('statusref')).toBe('fullyBilled');
    expect(statusLetter('SalesOrd', rec.getValue('status'))).toBe('G');
    expect(balance(account, account.base.accounts.accountsReceivable)).toBe(30);
  });

  it('a fully billed order cannot be billed again (guess: INVALID_INITIALIZE_REF)', () => {
    const account = makeAccount();
    const { order } = orderSetup(account);
    bill(account, order);
    expect(errorName(() => bill(account, order))).toBe('INVALID_INITIALIZE_REF');
  });

  it('public SuiteScript closes an order by ticking isclosed on every line: status Closed (SalesOrd:H), no billing', () => {
    const account = makeAccount();
    const { order } = orderSetup(account);
    closeOrder(account, order);
    const rec = load(account, 'salesorder', order);
    expect(rec.getValue('status')).toBe('Closed');
    expect(statusLetter('SalesOrd', rec.getValue('status'))).toBe('H');
    expect(errorName(() => bill(account, order))).toBe('INVALID_INITIALIZE_REF');
    expect(
      errorName(() => account.record.transform({ fromType: 'salesorder', fromId: order, toType: 'customerdeposit' })),
    ).toBe('INVALID_INITIALIZE_REF');
  });

  it('a line with a tax code keeps it on the order and on the invoice billed from it (as invoice lines do)', () => {
    const account = makeAccount();
    const customer = createCustomer(account, 'Acme');
    const code = account.record.create({ type: 'salestaxitem' });
    code.setValue({ fieldId: 'itemid', value: 'VAT 20' });
    code.setValue({ fieldId: 'rate', value: 20 });
    code.setValue({ fieldId: 'taxaccount', value: account.ids.taxPayable });
    const taxcode = code.save();
    const order = account.record.create({ type: 'salesorder' });
    order.setValue({ fieldId: 'entity', value: customer });
    order.insertLine({ sublistId: 'item', line: 0 });
    order.setSublistValue({ sublistId: 'item', fieldId: 'item', line: 0, value: createItem(account, 'Plan') });
    order.setSublistValue({ sublistId: 'item', fieldId: 'rate', line: 0, value: 50 });
    order.setSublistValue({ sublistId: 'item', fieldId: 'taxcode', line: 0, value: taxcode });
    const orderId = order.save();
    expect(load(account, 'salesorder', orderId).getValue('total')).toBe(60);
    bill(account, orderId);
    expect(balance(account, account.ids.taxPayable)).toBe(-10);
    expect(balance(account, account.base.accounts.accountsReceivable)).toBe(60);
  });
});

describe('customer deposits', () => {
  it('Oracle help "Customer Deposit": Undeposited Funds debited, the Customer Deposits liability credited; Not Deposited (CustDep:A)', () => {
    const account = makeAccount();
    const { customer, order } = orderSetup(account);
    const id = depositFor(account, customer, order, 30);
    expect(balance(account, account.base.accounts.undepositedFunds)).toBe(30);
    expect(balance(account, account.base.accounts.customerDeposits)).toBe(-30);
    expect(balance(account, account.base.accounts.accountsReceivable)).toBe(0);
    const rec = load(account, 'customerdeposit', id);
    expect(rec.getValue('status')).toBe('Not Deposited');
    expect(statusLetter('CustDep', rec.getValue('status'))).toBe('A');
  });

  it('a deposit in a foreign currency posts base amounts at its exchange rate, like payments', () => {
    const account = makeAccount();
    const customer = createCustomer(account, 'Eurco', 'EUR');
    const deposit = account.record.create({ type: 'customerdeposit' });
    deposit.setValue({ fieldId: 'customer', value: customer });
    deposit.setValue({ fieldId: 'payment', value: 100 });
    deposit.setValue({ fieldId: 'exchangerate', value: 1.1 });
    deposit.save();
    expect(balance(account, account.base.accounts.undepositedFunds)).toBe(110);
    expect(balance(account, account.base.accounts.customerDeposits)).toBe(-110);
  });

  it('NSC "Customer Deposit Not Auto-applying to Invoice": billing the order applies its deposit through a Deposit Application', () => {
    const account = makeAccount();
    const { customer, order } = orderSetup(account);
    const deposit = depositFor(account, customer, order, 30);
    const invoice = bill(account, order);
    expect(load(account, 'invoice', invoice).getValue('status')).toBe('Paid In Full');
    expect(load(account, 'customerdeposit', deposit).getValue('status')).toBe('Fully Applied');
    expect(statusLetter('CustDep', 'Fully Applied')).toBe('C');
    const apps = account.store.findBy('depositapplication', 'deposit', String(deposit));
    expect(apps).toHaveLength(1);
    expect(apps[0]?.sublists['apply']?.[0]?.['doc']).toBe(String(invoice));
    expect(balance(account, account.base.accounts.customerDeposits)).toBe(0);
    expect(balance(account, account.base.accounts.accountsReceivable)).toBe(0);
    expect(balance(account, account.base.accounts.undepositedFunds)).toBe(30);
  });

  it('switch autoApplyDeposits off: the invoice stays open and the deposit unapplied', () => {
    const account = makeAccount();
    account.engine.orders = { ...account.engine.orders, autoApplyDeposits: false };
    const { customer, order } = orderSetup(account);
    const deposit = depositFor(account, customer, order, 30);
    const invoice = bill(account, order);
    expect(load(account, 'invoice', invoice).getValue('amountremaining')).toBe(30);
    expect(load(account, 'customerdeposit', deposit).getValue('status')).toBe('Not Deposited');
  });

  it('a partial deposit pays part of the invoice; the rest stays due', () => {
    const account = makeAccount();
    const { customer, order } = orderSetup(account);
    depositFor(account, customer, order, 12.5);
    const invoice = bill(account, order);
    expect(load(account, 'invoice', invoice).getValue('amountremaining')).toBe(17.5);
  });
});

describe('deposit applications', () => {
  function unappliedSetup(account: TestAccount): { customer: number; order: number; deposit: number; invoice: number } {
    account.engine.orders = { ...account.engine.orders, autoApplyDeposits: false };
    const { customer, order } = orderSetup(account);
    const deposit = depositFor(account, customer, order, 30);
    return { customer, order, deposit, invoice: bill(account, order) };
  }

  it('Oracle help "Deposit Application": record.create is refused; it is made by transforming a customer deposit', () => {
    const account = makeAccount();
    expect(errorName(() => account.record.create({ type: 'depositapplication' }))).toBe('INVALID_RCRD_TYPE');
  });

  it('customerdeposit → depositapplication lists the open invoices of its order; ticking one moves Customer Deposits to A/R', () => {
    const account = makeAccount();
    const { deposit, invoice } = unappliedSetup(account);
    const app = account.record.transform({
      fromType: 'customerdeposit',
      fromId: deposit,
      toType: 'depositapplication',
      isDynamic: true,
    });
    expect(app.getValue('deposit')).toBe(String(deposit));
    const line = app.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(invoice) });
    expect(line).toBe(0);
    app.selectLine({ sublistId: 'apply', line });
    app.setCurrentSublistValue({ sublistId: 'apply', fieldId: 'apply', value: true });
    app.commitLine({ sublistId: 'apply' });
    app.save();
    expect(load(account, 'invoice', invoice).getValue('amountremaining')).toBe(0);
    expect(load(account, 'customerdeposit', deposit).getValue('status')).toBe('Fully Applied');
    expect(balance(account, account.base.accounts.customerDeposits)).toBe(0);
    expect(balance(account, account.base.accounts.accountsReceivable)).toBe(0);
  });

  it('blog.prolecto.com: a deposit linked to an order does not list invoices of other orders', () => {
    const account = makeAccount();
    const { customer, deposit } = unappliedSetup(account);
    const other = createSalesOrder(account, customer, { item: createItem(account, 'Other'), amount: 5 });
    const otherInvoice = bill(account, other);
    const app = account.record.transform({
      fromType: 'customerdeposit',
      fromId: deposit,
      toType: 'depositapplication',
    });
    expect(app.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(otherInvoice) })).toBe(-1);
  });

  it('Oracle help "Applying a Customer Deposit": no more than the deposit can be applied; a used deposit cannot be transformed', () => {
    const account = makeAccount();
    const { customer, deposit } = unappliedSetup(account);
    const second = createSalesOrder(account, customer, { item: createItem(account, 'Big'), amount: 50 });
    const big = depositFor(account, customer, null, 20);
    const bigInvoice = bill(account, second);
    const app = account.record.transform({ fromType: 'customerdeposit', fromId: big, toType: 'depositapplication' });
    const line = app.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: String(bigInvoice) });
    app.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line, value: true });
    app.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line, value: 25 });
    expect(errorName(() => app.save())).toBe('USER_ERROR');
    app.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line, value: 20 });
    app.save();
    expect(load(account, 'invoice', bigInvoice).getValue('amountremaining')).toBe(30);
    expect(
      errorName(() =>
        account.record.transform({ fromType: 'customerdeposit', fromId: big, toType: 'depositapplication' }),
      ),
    ).toBe('INVALID_INITIALIZE_REF');
    expect(errorName(() => account.record.delete({ type: 'customerdeposit', id: big }))).toBe(
      'THIS_RECORD_CANNOT_BE_DELETED_BECAUSE_IT_HAS_DEPENDENT_RECORDS',
    );
    expect(load(account, 'customerdeposit', deposit).getValue('status')).toBe('Not Deposited');
  });
});

describe('bank deposits and refunds of customer deposits', () => {
  function bankDeposit(account: TestAccount, bank: string, depositId: number): Rec {
    const rec = account.record.create({ type: 'deposit', isDynamic: true });
    rec.setValue({ fieldId: 'account', value: bank });
    const line = rec.findSublistLineWithValue({ sublistId: 'payment', fieldId: 'id', value: String(depositId) });
    expect(line).toBeGreaterThanOrEqual(0);
    rec.selectLine({ sublistId: 'payment', line });
    rec.setCurrentSublistValue({ sublistId: 'payment', fieldId: 'deposit', value: true });
    rec.commitLine({ sublistId: 'payment' });
    return rec;
  }

  it('a bank deposit lists a customer deposit in Undeposited Funds and moves it to the bank; status Deposited (CustDep:B)', () => {
    const account = makeAccount();
    const { customer, order } = orderSetup(account);
    const deposit = depositFor(account, customer, order, 30);
    bankDeposit(account, account.ids.bank, deposit).save();
    expect(balance(account, account.ids.bank)).toBe(30);
    expect(balance(account, account.base.accounts.undepositedFunds)).toBe(0);
    expect(load(account, 'customerdeposit', deposit).getValue('status')).toBe('Deposited');
    expect(statusLetter('CustDep', 'Deposited')).toBe('B');
  });

  it('SuiteAnswers 14964: a EUR customer deposit banked in USD leaves the rate difference in Unrealized Matching Gain/Loss', () => {
    const account = makeAccount();
    const customer = createCustomer(account, 'Eurco', 'EUR');
    const deposit = account.record.create({ type: 'customerdeposit' });
    deposit.setValue({ fieldId: 'customer', value: customer });
    deposit.setValue({ fieldId: 'payment', value: 100 });
    deposit.setValue({ fieldId: 'exchangerate', value: 1.1 });
    const id = deposit.save();
    const bank = bankDeposit(account, account.ids.bank, id);
    const line = bank.findSublistLineWithValue({ sublistId: 'payment', fieldId: 'id', value: String(id) });
    bank.selectLine({ sublistId: 'payment', line });
    bank.setCurrentSublistValue({ sublistId: 'payment', fieldId: 'paymentamount', value: 108 });
    bank.commitLine({ sublistId: 'payment' });
    bank.save();
    expect(balance(account, account.ids.bank)).toBe(108);
    expect(balance(account, account.base.accounts.undepositedFunds)).toBe(0);
    expect(balance(account, account.base.accounts.unrealizedMatchingGainLoss as string)).toBe(2);
  });

  it('REST "Customer Refund": customerdeposit → customerrefund ticks the deposit on `deposit`; the GL nets Customer Deposits against the refund account', () => {
    const account = makeAccount();
    const { customer, order } = orderSetup(account);
    const deposit = depositFor(account, customer, order, 30);
    const refund = account.record.transform({ fromType: 'customerdeposit', fromId: deposit, toType: 'customerrefund' });
    const line = refund.findSublistLineWithValue({ sublistId: 'deposit', fieldId: 'doc', value: String(deposit) });
    expect(refund.getSublistValue({ sublistId: 'deposit', fieldId: 'apply', line })).toBe(true);
    expect(refund.getSublistValue({ sublistId: 'deposit', fieldId: 'amount', line })).toBe(30);
    refund.setValue({ fieldId: 'account', value: account.ids.bank });
    const refundId = refund.save();
    expect(load(account, 'customerrefund', refundId).getValue('total')).toBe(30);
    expect(balance(account, account.base.accounts.customerDeposits)).toBe(0);
    expect(balance(account, account.base.accounts.accountsReceivable)).toBe(0);
    expect(balance(account, account.ids.bank)).toBe(-30);
    expect(load(account, 'customerdeposit', deposit).getValue('status')).toBe('Fully Applied');
    expect(account.store.findBy('depositapplication', 'createdfrom', String(refundId))).toHaveLength(1);
  });

  it('a refund cannot take more than is left of a deposit', () => {
    const account = makeAccount();
    const { customer, order } = orderSetup(account);
    const deposit = depositFor(account, customer, order, 30);
    const refund = account.record.transform({ fromType: 'customerdeposit', fromId: deposit, toType: 'customerrefund' });
    refund.setSublistValue({ sublistId: 'deposit', fieldId: 'amount', line: 0, value: 31 });
    expect(errorName(() => refund.save())).toBe('USER_ERROR');
  });

  it('an invoice billed from an order takes a credit memo and a customer refund as other invoices do', () => {
    const account = makeAccount();
    const { customer, order } = orderSetup(account);
    depositFor(account, customer, order, 30);
    const invoice = bill(account, order);
    const memo = account.record.transform({ fromType: 'invoice', fromId: invoice, toType: 'creditmemo' }).save();
    const refund = account.record.transform({ fromType: 'creditmemo', fromId: memo, toType: 'customerrefund' });
    refund.setValue({ fieldId: 'account', value: account.ids.bank });
    refund.save();
    expect(load(account, 'creditmemo', memo).getValue('status')).toBe('Fully Applied');
    expect(balance(account, account.base.accounts.accountsReceivable)).toBe(0);
    expect(balance(account, account.ids.income)).toBe(0);
    expect(balance(account, account.ids.bank)).toBe(-30);
  });
});

describe('items orders sell', () => {
  it('record.Type.NON_INVENTORY_ITEM is noninventoryitem; subtype Sale by default (Records Browser: subtype)', () => {
    const account = makeAccount();
    const item = account.record.create({ type: account.record.Type.NON_INVENTORY_ITEM });
    item.setValue({ fieldId: 'itemid', value: 'Sticker' });
    item.setValue({ fieldId: 'incomeaccount', value: account.ids.income });
    item.setValue({ fieldId: 'externalid', value: 'sku_1' });
    const id = item.save();
    expect(load(account, 'noninventoryitem', id).getValue('subtype')).toBe('Sale');
  });

  it('an inventory item needs its income, COGS and asset accounts (guess: no preference defaults)', () => {
    const account = makeAccount();
    const item = account.record.create({ type: 'inventoryitem' });
    item.setValue({ fieldId: 'itemid', value: 'Box' });
    item.setValue({ fieldId: 'incomeaccount', value: account.ids.income });
    expect(errorName(() => item.save())).toBe('USER_ERROR');
  });

  it('external IDs are unique across item types (DUP_RCRD)', () => {
    const account = makeAccount();
    const first = account.record.create({ type: 'inventoryitem' });
    first.setValue({ fieldId: 'itemid', value: 'A' });
    first.setValue({ fieldId: 'externalid', value: 'sku_dup' });
    for (const [fieldId, value] of [
      ['incomeaccount', account.ids.income],
      ['cogsaccount', account.ids.fees],
      ['assetaccount', account.ids.bank],
    ] as const)
      first.setValue({ fieldId, value });
    first.save();
    const second = account.record.create({ type: 'noninventoryitem' });
    second.setValue({ fieldId: 'itemid', value: 'B' });
    second.setValue({ fieldId: 'incomeaccount', value: account.ids.income });
    second.setValue({ fieldId: 'externalid', value: 'sku_dup' });
    expect(errorName(() => second.save())).toBe('DUP_RCRD');
  });
});

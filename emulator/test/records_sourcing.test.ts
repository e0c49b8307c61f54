// Conformance: sourcing in standard and dynamic mode, and the transforms NetSuite supports.
// Sources: Oracle help "SuiteScript 2.x Standard and Dynamic Modes" (standard mode sources, calculates and
// validates only on save; dynamic mode as values are set), "Record.save(options)" (enableSourcing: standard
// mode only, sources dependent fields left empty), "record.create(options)" / "Record Initialization
// Defaults" (defaultValues), "record.transform(options)" / "Supported Transformation Types".
import {
  createCreditMemo,
  createCustomer,
  createInvoice,
  createItem,
  createSalesOrder,
  makeAccount,
  type TestAccount,
} from './helpers/records';
import { errorName } from './helpers/errors';

/** A customer with an open invoice of 40, an open credit memo of 25 and an unapplied payment of 15. */
function customerWithCredits(account: TestAccount): {
  customer: number;
  invoice: number;
  memo: number;
  payment: number;
} {
  const customer = createCustomer(account, 'Acme');
  const item = createItem(account, 'Plan');
  const invoice = createInvoice(account, customer, [{ item, amount: 40 }]);
  const memo = createCreditMemo(account, customer, [{ item, amount: 25 }]);
  const unapplied = account.record.transform({ fromType: 'customer', fromId: customer, toType: 'customerpayment' });
  unapplied.setValue({ fieldId: 'payment', value: 15 });
  const payment = unapplied.save();
  return { customer, invoice, memo, payment };
}

describe('standard mode sources nothing until save ("SuiteScript 2.x Standard and Dynamic Modes")', () => {
  it('a payment given its customer has an empty apply list and no currency before save', () => {
    const account = makeAccount();
    const { customer } = customerWithCredits(account);
    const payment = account.record.create({ type: 'customerpayment' });
    payment.setValue({ fieldId: 'customer', value: customer });
    expect(payment.getLineCount({ sublistId: 'apply' })).toBe(0);
    expect(payment.getValue('currency')).toBeNull();
    payment.setValue({ fieldId: 'payment', value: 5 });
    const id = payment.save();
    // Sourced on save: the customer's currency and subsidiary.
    const saved = account.record.load({ type: 'customerpayment', id });
    expect(saved.getValue('currency')).toBe(account.base.currencies['USD']);
    expect(saved.getValue('subsidiary')).toBe(account.base.subsidiary);
  });

  it('a refund made in standard mode has nothing to apply, so NetSuite refuses to save it', () => {
    const account = makeAccount();
    const { customer } = customerWithCredits(account);
    const refund = account.record.create({ type: 'customerrefund' });
    refund.setValue({ fieldId: 'customer', value: customer });
    expect(refund.getLineCount({ sublistId: 'apply' })).toBe(0);
    expect(
      errorName(() => refund.setSublistValue({ sublistId: 'apply', fieldId: 'apply', line: 0, value: true })),
    ).toBe('SSS_INVALID_SUBLIST_OPERATION');
    expect(errorName(() => refund.save())).toBe('USER_ERROR');
  });

  it('a deposit given its bank account lists no undeposited funds before save', () => {
    const account = makeAccount();
    customerWithCredits(account);
    const deposit = account.record.create({ type: 'deposit' });
    deposit.setValue({ fieldId: 'account', value: account.ids.bank });
    expect(deposit.getLineCount({ sublistId: 'payment' })).toBe(0);
    expect(deposit.getValue('currency')).toBeNull();
  });

  it('an item line is sourced on save only with enableSourcing ("Record.save(options)")', () => {
    const account = makeAccount();
    const customer = createCustomer(account, 'Acme');
    const priced = account.record.create({ type: 'serviceitem' });
    priced.setValue({ fieldId: 'itemid', value: 'Priced' });
    priced.setValue({ fieldId: 'incomeaccount', value: account.ids.income });
    priced.setValue({ fieldId: 'rate', value: 12 });
    const item = priced.save();
    const make = (): ReturnType<TestAccount['record']['create']> => {
      const invoice = account.record.create({ type: 'invoice' });
      invoice.setValue({ fieldId: 'entity', value: customer });
      invoice.insertLine({ sublistId: 'item', line: 0 });
      invoice.setSublistValue({ sublistId: 'item', fieldId: 'item', line: 0, value: item });
      return invoice;
    };
    const plain = make();
    expect(plain.getSublistValue({ sublistId: 'item', fieldId: 'rate', line: 0 })).toBeNull();
    const sourced = make().save({ enableSourcing: true });
    expect(account.record.load({ type: 'invoice', id: sourced }).getValue('total')).toBe(12);
  });

  it('with the switch on, defaultValues are sourced at once in standard mode too (a documented guess)', () => {
    const account = makeAccount([], { sourceDefaultValuesInStandardMode: true });
    const { customer, invoice } = customerWithCredits(account);
    const payment = account.record.create({ type: 'customerpayment', defaultValues: { entity: customer } });
    expect(payment.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: invoice })).toBe(0);
  });
});

describe('dynamic mode sources as values are set ("SuiteScript 2.x Standard and Dynamic Modes")', () => {
  it('a payment created with the customer as a default value lists the open invoices, none ticked', () => {
    const account = makeAccount();
    const { customer, invoice } = customerWithCredits(account);
    const payment = account.record.create({
      type: 'customerpayment',
      isDynamic: true,
      defaultValues: { entity: customer },
    });
    expect(payment.getValue('customer')).toBe(String(customer));
    expect(payment.getValue('currency')).toBe(account.base.currencies['USD']);
    expect(payment.getLineCount({ sublistId: 'apply' })).toBe(1);
    expect(payment.getSublistValue({ sublistId: 'apply', fieldId: 'doc', line: 0 })).toBe(String(invoice));
    expect(payment.getSublistValue({ sublistId: 'apply', fieldId: 'apply', line: 0 })).toBe(false);
  });

  it('a refund created with the customer as a default value lists open credit memos and unapplied payments', () => {
    const account = makeAccount();
    const { customer, memo, payment } = customerWithCredits(account);
    const refund = account.record.create({
      type: 'customerrefund',
      isDynamic: true,
      defaultValues: { entity: customer },
    });
    const docs = Array.from({ length: refund.getLineCount({ sublistId: 'apply' }) }, (_, line) =>
      refund.getSublistValue({ sublistId: 'apply', fieldId: 'doc', line }),
    );
    expect(docs.sort()).toEqual([String(memo), String(payment)].sort());
    const line = refund.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: payment });
    refund.selectLine({ sublistId: 'apply', line });
    refund.setCurrentSublistValue({ sublistId: 'apply', fieldId: 'apply', value: true });
    refund.setCurrentSublistValue({ sublistId: 'apply', fieldId: 'amount', value: 15 });
    refund.commitLine({ sublistId: 'apply' });
    const id = refund.save();
    expect(account.record.load({ type: 'customerrefund', id }).getValue('total')).toBe(15);
    expect(account.record.load({ type: 'customerpayment', id: payment }).getValue('unapplied')).toBe(0);
  });

  it('a deposit given its bank account in dynamic mode lists the undeposited payments of its currency', () => {
    const account = makeAccount();
    const { payment } = customerWithCredits(account);
    const deposit = account.record.create({ type: 'deposit', isDynamic: true });
    deposit.setValue({ fieldId: 'account', value: account.ids.bank });
    expect(deposit.findSublistLineWithValue({ sublistId: 'payment', fieldId: 'id', value: payment })).toBe(0);
  });
});

describe('record.transform: the supported pairs ("Supported Transformation Types")', () => {
  it('credit memo → customer refund ticks the memo for what is left of it', () => {
    const account = makeAccount();
    const { customer, memo } = customerWithCredits(account);
    const refund = account.record.transform({ fromType: 'creditmemo', fromId: memo, toType: 'customerrefund' });
    expect(refund.getValue('customer')).toBe(String(customer));
    const line = refund.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: memo });
    expect(refund.getSublistValue({ sublistId: 'apply', fieldId: 'apply', line })).toBe(true);
    expect(refund.getSublistValue({ sublistId: 'apply', fieldId: 'amount', line })).toBe(25);
    const id = refund.save();
    expect(account.record.load({ type: 'creditmemo', id: memo }).getValue('status')).toBe('Fully Applied');
    expect(account.record.load({ type: 'customerrefund', id }).getValue('total')).toBe(25);
    // Nothing is left to refund a second time.
    expect(
      errorName(() => account.record.transform({ fromType: 'creditmemo', fromId: memo, toType: 'customerrefund' })),
    ).toBe('USER_ERROR');
  });

  it('customer payment → customer refund ticks the unapplied payment', () => {
    const account = makeAccount();
    const { payment } = customerWithCredits(account);
    const refund = account.record.transform({ fromType: 'customerpayment', fromId: payment, toType: 'customerrefund' });
    const line = refund.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: payment });
    expect(refund.getSublistValue({ sublistId: 'apply', fieldId: 'amount', line })).toBe(15);
    expect(account.record.load({ type: 'customerrefund', id: refund.save() }).getValue('total')).toBe(15);
  });

  it('customer → customer payment lists the open invoices unticked', () => {
    const account = makeAccount();
    const { customer, invoice } = customerWithCredits(account);
    const payment = account.record.transform({ fromType: 'customer', fromId: customer, toType: 'customerpayment' });
    const line = payment.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: invoice });
    expect(line).toBe(0);
    expect(payment.getSublistValue({ sublistId: 'apply', fieldId: 'apply', line })).toBe(false);
  });

  it('sales order → item fulfillment copies the order lines, each to be shipped', () => {
    const account = makeAccount();
    const customer = createCustomer(account, 'Acme');
    const item = createItem(account, 'Widget');
    const orderId = createSalesOrder(account, customer, { item, quantity: 3, amount: 30 });
    const fulfillment = account.record.transform({
      fromType: 'salesorder',
      fromId: orderId,
      toType: 'itemfulfillment',
    });
    expect(fulfillment.getValue('createdfrom')).toBe(String(orderId));
    expect(fulfillment.getSublistValue({ sublistId: 'item', fieldId: 'quantity', line: 0 })).toBe(3);
    expect(fulfillment.getSublistValue({ sublistId: 'item', fieldId: 'itemreceive', line: 0 })).toBe(true);
    expect(fulfillment.save()).toBeGreaterThan(0);
  });

  it('any other pair fails with INVALID_RCRD_TRANSFORM', () => {
    const account = makeAccount();
    const { invoice, memo, payment } = customerWithCredits(account);
    expect(
      errorName(() => account.record.transform({ fromType: 'invoice', fromId: invoice, toType: 'customerrefund' })),
    ).toBe('INVALID_RCRD_TRANSFORM');
    expect(errorName(() => account.record.transform({ fromType: 'creditmemo', fromId: memo, toType: 'invoice' }))).toBe(
      'INVALID_RCRD_TRANSFORM',
    );
    expect(
      errorName(() => account.record.transform({ fromType: 'customerpayment', fromId: payment, toType: 'deposit' })),
    ).toBe('INVALID_RCRD_TRANSFORM');
  });
});

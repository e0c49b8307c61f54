import { createCustomer, createInvoice, createItem, makeAccount } from './helpers/records';
import { errorOf } from './helpers/errors';

describe('invoice item lines', () => {
  // Oracle help, "Troubleshooting Negative Total Error": "The total cannot be negative".
  it('refuses an invoice whose total is negative', () => {
    const account = makeAccount();
    const customer = createCustomer(account, 'Acme');
    const item = createItem(account, 'Plan');
    const thrown = errorOf(() =>
      createInvoice(account, customer, [
        { item, amount: 10 },
        { item, amount: -30 },
      ]),
    );
    expect(thrown.name).toBe('USER_ERROR');
    expect(thrown.message).toBe('The total cannot be negative.');
  });

  // The same page: "If the discount is a line item, the order will have negative amount" — a line may be.
  it('keeps a negative line when the total is not negative', () => {
    const account = makeAccount();
    const customer = createCustomer(account, 'Acme');
    const item = createItem(account, 'Plan');
    const id = createInvoice(account, customer, [
      { item, amount: 30 },
      { item, amount: -10 },
    ]);
    expect(account.record.load({ type: 'invoice', id }).getValue('total')).toBe(20);
  });

  // A script-set amount stands even when it is not quantity × rate (the form's warning, "The line total amount
  // is not equal to the item price times the quantity. Is this correct?", is only a warning).
  it('keeps the amount a script sets beside quantity and rate', () => {
    const account = makeAccount();
    const customer = createCustomer(account, 'Acme');
    const item = createItem(account, 'Plan');
    const invoice = account.record.create({ type: 'invoice' });
    invoice.setValue({ fieldId: 'entity', value: customer });
    invoice.setValue({ fieldId: 'trandate', value: new Date(2026, 2, 1) });
    invoice.insertLine({ sublistId: 'item', line: 0 });
    invoice.setSublistValue({ sublistId: 'item', fieldId: 'item', line: 0, value: item });
    invoice.setSublistValue({ sublistId: 'item', fieldId: 'quantity', line: 0, value: 3 });
    invoice.setSublistValue({ sublistId: 'item', fieldId: 'rate', line: 0, value: 0.005 });
    invoice.setSublistValue({ sublistId: 'item', fieldId: 'amount', line: 0, value: 0.02 });
    const loaded = account.record.load({ type: 'invoice', id: invoice.save() });
    expect(loaded.getSublistValue({ sublistId: 'item', fieldId: 'quantity', line: 0 })).toBe(3);
    expect(loaded.getSublistValue({ sublistId: 'item', fieldId: 'rate', line: 0 })).toBe(0.005);
    expect(loaded.getSublistValue({ sublistId: 'item', fieldId: 'amount', line: 0 })).toBe(0.02);
  });

  // Records Browser, item sublist: revrecstartdate / revrecenddate; a credit memo made from the invoice
  // copies its lines (record.transform).
  it('keeps rev rec dates on invoice lines, and a credit memo made from the invoice carries them', () => {
    const account = makeAccount();
    const customer = createCustomer(account, 'Acme');
    const item = createItem(account, 'Plan');
    const invoice = account.record.create({ type: 'invoice' });
    invoice.setValue({ fieldId: 'entity', value: customer });
    invoice.setValue({ fieldId: 'trandate', value: new Date(2026, 2, 1) });
    invoice.insertLine({ sublistId: 'item', line: 0 });
    invoice.setSublistValue({ sublistId: 'item', fieldId: 'item', line: 0, value: item });
    invoice.setSublistValue({ sublistId: 'item', fieldId: 'amount', line: 0, value: 10 });
    invoice.setSublistValue({ sublistId: 'item', fieldId: 'revrecstartdate', line: 0, value: new Date(2026, 2, 1) });
    invoice.setSublistValue({ sublistId: 'item', fieldId: 'revrecenddate', line: 0, value: new Date(2026, 2, 31) });
    const id = invoice.save();
    const memo = account.record.transform({ fromType: 'invoice', fromId: id, toType: 'creditmemo' });
    const memoId = memo.save();
    const loaded = account.record.load({ type: 'creditmemo', id: memoId });
    const end = loaded.getSublistValue({ sublistId: 'item', fieldId: 'revrecenddate', line: 0 }) as Date;
    const start = loaded.getSublistValue({ sublistId: 'item', fieldId: 'revrecstartdate', line: 0 }) as Date;
    expect([start.getFullYear(), start.getMonth(), start.getDate()]).toEqual([2026, 2, 1]);
    expect([end.getFullYear(), end.getMonth(), end.getDate()]).toEqual([2026, 2, 31]);
  });

  // Oracle help, "Item Configuration for Advanced Revenue Management (Essentials) and (Revenue Allocation)".
  it('a service item takes a revenue recognition rule', () => {
    const account = makeAccount();
    const item = account.record.create({ type: 'serviceitem' });
    item.setValue({ fieldId: 'itemid', value: 'Plan' });
    item.setValue({ fieldId: 'incomeaccount', value: account.ids.income });
    item.setValue({ fieldId: 'revenuerecognitionrule', value: 3 });
    const id = item.save();
    expect(account.record.load({ type: 'serviceitem', id }).getValue('revenuerecognitionrule')).toBe(3);
  });
});

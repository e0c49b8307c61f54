import type * as NTransaction from 'N/transaction';
import type { ModuleContext } from '../src/context';
import { Invocation } from '../src/governance';
import { createTransactionModuleWith } from '../src/modules/transaction';
import { errorName } from './helpers/errors';
import { createCustomer, createInvoice, createItem, makeAccount, type TestAccount } from './helpers/records';

function transactionModule(account: TestAccount): { transaction: typeof NTransaction; invocation: Invocation } {
  const invocation = new Invocation('test', 1_000_000);
  const context = { invocation } as unknown as ModuleContext;
  return { transaction: createTransactionModuleWith(account.engine)(context), invocation };
}

function balanceOf(account: TestAccount, accountId: string): number {
  const row = account.engine
    .trialBalance()
    .find((r) => r.account === accountId && r.currency === account.base.currencies['USD']);
  return row ? Math.round((row.debit - row.credit) * 100) : 0;
}

/** An open invoice of 100.00 income and 8.25 tax. */
function openInvoice(account: TestAccount): { customer: number; invoice: number } {
  const customer = createCustomer(account, 'Acme');
  const item = createItem(account, 'Plan');
  const tax = createItem(account, 'Sales tax', account.ids.taxPayable);
  const invoice = createInvoice(account, customer, [
    { item, amount: 100 },
    { item: tax, amount: 8.25 },
  ]);
  return { customer, invoice };
}

function applyPayment(account: TestAccount, invoice: number, amount: number): number {
  const payment = account.record.transform({ fromType: 'invoice', fromId: invoice, toType: 'customerpayment' });
  payment.setValue({ fieldId: 'payment', value: amount });
  const line = payment.findSublistLineWithValue({ sublistId: 'apply', fieldId: 'doc', value: invoice });
  payment.setSublistValue({ sublistId: 'apply', fieldId: 'amount', line, value: amount });
  return payment.save();
}

describe('N/transaction: void', () => {
  const receivables = (account: TestAccount): number => balanceOf(account, account.base.accounts.accountsReceivable);

  // Oracle help, "N/transaction Module": "the total and all the line items for the transaction are set to zero.
  // The transaction is not removed from the system"; "Void Transactions Using Reversing Journals Preference":
  // the original's status becomes Voided.
  it('a direct void zeroes the invoice and its lines, sets it Voided and takes back its GL impact', () => {
    const account = makeAccount();
    const { invoice } = openInvoice(account);
    expect(receivables(account)).toBe(10825);
    const { transaction } = transactionModule(account);
    expect(transaction.void({ type: transaction.Type.INVOICE, id: invoice })).toBe(invoice);
    const voided = account.record.load({ type: 'invoice', id: invoice });
    expect(voided.getValue('status')).toBe('Voided');
    expect(voided.getValue('total')).toBe(0);
    expect(voided.getSublistValue({ sublistId: 'item', fieldId: 'amount', line: 1 })).toBe(0);
    expect(receivables(account)).toBe(0);
    expect(balanceOf(account, account.ids.income)).toBe(0);
    expect(balanceOf(account, account.ids.taxPayable)).toBe(0);
  });

  // Oracle help, "transaction.void(options)": Governance 10 units.
  it('costs 10 units', () => {
    const account = makeAccount();
    const { invoice } = openInvoice(account);
    const { transaction, invocation } = transactionModule(account);
    transaction.void({ type: 'invoice', id: invoice });
    expect(invocation.used).toBe(10);
  });

  // Oracle help, "transaction.void(options)", Errors.
  it('refuses a missing argument, an unknown ID and a type that is not voidable with the documented codes', () => {
    const account = makeAccount();
    const { transaction } = transactionModule(account);
    expect(errorName(() => transaction.void({ type: 'invoice' } as never))).toBe('SSS_MISSING_REQD_ARGUMENT');
    expect(errorName(() => transaction.void({ type: 'invoice', id: 999 }))).toBe('THAT_RECORD_DOES_NOT_EXIST');
    expect(errorName(() => transaction.void({ type: 'nosuchtype', id: 1 }))).toBe('INVALID_RECORD_TYPE');
  });

  // Oracle help, "Void Transactions Using Reversing Journals Preference": with it "you can no longer void …
  // invoice … and credit memo" (the error's name is a guess, emulator README).
  it('with "Void Transactions Using Reversing Journals" an invoice cannot be voided', () => {
    const account = makeAccount();
    const { invoice } = openInvoice(account);
    account.engine.voiding = { ...account.engine.voiding, reversingJournals: true };
    const { transaction } = transactionModule(account);
    expect(errorName(() => transaction.void({ type: 'invoice', id: invoice }))).toBe('INVALID_RECORD_TYPE');
    expect(account.record.load({ type: 'invoice', id: invoice }).getValue('status')).toBe('Open');
  });

  // A guess (emulator README, "Guesses"): a void of an invoice with a payment applied is refused.
  it('refuses to void an invoice with a payment applied, by default', () => {
    const account = makeAccount();
    const { invoice } = openInvoice(account);
    applyPayment(account, invoice, 50);
    const { transaction } = transactionModule(account);
    expect(errorName(() => transaction.void({ type: 'invoice', id: invoice }))).toBe('VOID_HAS_APPLIED_TRANSACTIONS');
    expect(account.record.load({ type: 'invoice', id: invoice }).getValue('amountremaining')).toBe(58.25);
  });

  // The other behaviour behind the switch: the payment is left unapplied, a credit on receivables.
  it("with voidAppliedTransactions 'unapply' the payment is left unapplied", () => {
    const account = makeAccount();
    const { invoice } = openInvoice(account);
    const payment = applyPayment(account, invoice, 50);
    account.engine.voiding = { ...account.engine.voiding, applied: 'unapply' };
    const { transaction } = transactionModule(account);
    transaction.void({ type: 'invoice', id: invoice });
    expect(account.record.load({ type: 'customerpayment', id: payment }).getValue('unapplied')).toBe(50);
    expect(receivables(account)).toBe(-5000);
  });

  // A guess (emulator README): a transaction in a closed period takes no new GL impact.
  it('refuses to void a transaction dated in a closed period', () => {
    const account = makeAccount();
    const { invoice } = openInvoice(account);
    account.engine.voiding = { ...account.engine.voiding, closedThrough: '2026-11-30' };
    const { transaction } = transactionModule(account);
    expect(errorName(() => transaction.void({ type: 'invoice', id: invoice }))).toBe('PERIOD_CLOSED');
  });

  // Oracle help, "Voiding, Deleting, or Closing Transactions" (as quoted in public guides): "If a transaction
  // is voided or deleted that was created to close another transaction, the original transaction is reopened."
  it('deleting the credit memo that closed an invoice reopens the invoice', () => {
    const account = makeAccount();
    const { invoice } = openInvoice(account);
    const memo = account.record.transform({ fromType: 'invoice', fromId: invoice, toType: 'creditmemo' }).save();
    expect(account.record.load({ type: 'invoice', id: invoice }).getValue('status')).toBe('Paid In Full');
    account.record.delete({ type: 'creditmemo', id: memo });
    expect(account.record.load({ type: 'invoice', id: invoice }).getValue('status')).toBe('Open');
    expect(receivables(account)).toBe(10825);
  });
});

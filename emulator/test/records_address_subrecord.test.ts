// Conformance: the address subrecord of a customer's Address subtab (sublist `addressbook`, subrecord field
// `addressbookaddress`). Sources: Oracle help "Creating an Address Sublist Subrecord Example" (dynamic mode:
// selectNewLine, line fields, getCurrentSublistSubrecord, commitLine), "Updating an Address Subrecord Example"
// (standard mode: getSublistSubrecord, then save the parent), "Record.getSublistSubrecord(options)" (standard
// mode only), "Record.getCurrentSublistSubrecord(options)" (dynamic mode only).
import { createCustomer, makeAccount } from './helpers/records';
import { errorName } from './helpers/errors';

describe('address subrecords on the customer addressbook', () => {
  it('dynamic mode: a new line with its address, saved with the customer ("Creating an Address Sublist Subrecord Example")', () => {
    const account = makeAccount();
    const id = createCustomer(account, 'Acme');
    const customer = account.record.load({ type: 'customer', id, isDynamic: true });
    customer.selectNewLine({ sublistId: 'addressbook' });
    customer.setCurrentSublistValue({ sublistId: 'addressbook', fieldId: 'defaultbilling', value: true });
    const address = customer.getCurrentSublistSubrecord({ sublistId: 'addressbook', fieldId: 'addressbookaddress' });
    address.setValue({ fieldId: 'country', value: 'US' });
    address.setValue({ fieldId: 'addr1', value: '1 Main St' });
    customer.commitLine({ sublistId: 'addressbook' });
    customer.save();
    const saved = account.record.load({ type: 'customer', id });
    const stored = saved.getSublistSubrecord({ sublistId: 'addressbook', fieldId: 'addressbookaddress', line: 0 });
    expect(stored.getValue({ fieldId: 'addr1' })).toBe('1 Main St');
    expect(saved.getSublistValue({ sublistId: 'addressbook', fieldId: 'defaultbilling', line: 0 })).toBe(true);
  });

  it('standard mode: an edited address is saved with its parent ("Updating an Address Subrecord Example")', () => {
    const account = makeAccount();
    const id = createCustomer(account, 'Acme');
    const dynamic = account.record.load({ type: 'customer', id, isDynamic: true });
    dynamic.selectNewLine({ sublistId: 'addressbook' });
    dynamic.getCurrentSublistSubrecord({ sublistId: 'addressbook', fieldId: 'addressbookaddress' }).setValue({
      fieldId: 'city',
      value: 'Boston',
    });
    dynamic.commitLine({ sublistId: 'addressbook' });
    dynamic.save();
    const standard = account.record.load({ type: 'customer', id });
    standard
      .getSublistSubrecord({ sublistId: 'addressbook', fieldId: 'addressbookaddress', line: 0 })
      .setValue({ fieldId: 'city', value: 'Denver' });
    standard.save();
    const again = account.record.load({ type: 'customer', id });
    expect(
      again.getSublistSubrecord({ sublistId: 'addressbook', fieldId: 'addressbookaddress', line: 0 }).getValue({
        fieldId: 'city',
      }),
    ).toBe('Denver');
  });

  it('a cancelled line drops its address changes (dynamic mode: changes live on the selected line)', () => {
    const account = makeAccount();
    const id = createCustomer(account, 'Acme');
    const customer = account.record.load({ type: 'customer', id, isDynamic: true });
    customer.selectNewLine({ sublistId: 'addressbook' });
    customer.getCurrentSublistSubrecord({ sublistId: 'addressbook', fieldId: 'addressbookaddress' }).setValue({
      fieldId: 'city',
      value: 'Boston',
    });
    customer.commitLine({ sublistId: 'addressbook' });
    customer.selectLine({ sublistId: 'addressbook', line: 0 });
    customer.getCurrentSublistSubrecord({ sublistId: 'addressbook', fieldId: 'addressbookaddress' }).setValue({
      fieldId: 'city',
      value: 'Denver',
    });
    customer.cancelLine({ sublistId: 'addressbook' });
    customer.selectLine({ sublistId: 'addressbook', line: 0 });
    expect(
      customer
        .getCurrentSublistSubrecord({ sublistId: 'addressbook', fieldId: 'addressbookaddress' })
        .getValue({ fieldId: 'city' }),
    ).toBe('Boston');
  });

  it('getSublistSubrecord is standard mode only ("Record.getSublistSubrecord(options)")', () => {
    const account = makeAccount();
    const id = createCustomer(account, 'Acme');
    const customer = account.record.load({ type: 'customer', id, isDynamic: true });
    customer.selectNewLine({ sublistId: 'addressbook' });
    customer.commitLine({ sublistId: 'addressbook' });
    expect(
      errorName(() =>
        customer.getSublistSubrecord({ sublistId: 'addressbook', fieldId: 'addressbookaddress', line: 0 }),
      ),
    ).toBe('SSS_INVALID_API_USAGE');
  });

  it('getCurrentSublistSubrecord is dynamic mode only ("Record.getCurrentSublistSubrecord(options)")', () => {
    const account = makeAccount();
    const id = createCustomer(account, 'Acme');
    const customer = account.record.load({ type: 'customer', id });
    expect(
      errorName(() => customer.getCurrentSublistSubrecord({ sublistId: 'addressbook', fieldId: 'addressbookaddress' })),
    ).toBe('SSS_INVALID_API_USAGE');
  });
});

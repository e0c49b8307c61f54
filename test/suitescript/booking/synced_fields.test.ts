import { bookCustomerUpdate } from '../../../src/suitescript/booking/flows/customerUpdates';
import { bookItemUpdates } from '../../../src/suitescript/booking/flows/itemUpdates';
import {
  decideFieldUpdates,
  parseSyncedText,
  syncedChanged,
  syncedText,
} from '../../../src/suitescript/booking/syncedFields';
import type { StripeCustomer } from '../../../src/suitescript/booking/stripeShapes';
import { BOOKING, FakeBooks, fakeStripe } from './fakes';

describe('decideFieldUpdates: which NetSuite fields the optional updates overwrite', () => {
  it('overwrites a field NetSuite still holds as the connector last wrote it', () => {
    const update = decideFieldUpdates({ email: 'new@x.test' }, { email: 'old@x.test' }, { email: 'old@x.test' });
    expect(update.write).toEqual({ email: 'new@x.test' });
    expect(update.kept).toEqual([]);
    expect(update.synced).toEqual({ email: 'new@x.test' });
  });

  it('keeps a field an admin changed in NetSuite since the last sync, and names it', () => {
    const update = decideFieldUpdates({ email: 'new@x.test' }, { email: 'admin@x.test' }, { email: 'old@x.test' });
    expect(update.write).toEqual({});
    expect(update.kept).toEqual(['email']);
    // What the connector last wrote stays remembered: the field is the admin's until it holds that again.
    expect(update.synced).toEqual({ email: 'old@x.test' });
  });

  it('fills a field the connector never wrote when NetSuite has it empty', () => {
    const update = decideFieldUpdates({ phone: '+1 555 0100' }, { phone: null }, null);
    expect(update.write).toEqual({ phone: '+1 555 0100' });
    expect(update.synced).toEqual({ phone: '+1 555 0100' });
  });

  it('leaves a field the connector never wrote when NetSuite has a value there', () => {
    const update = decideFieldUpdates({ phone: '+1 555 0100' }, { phone: '+44 20 0000' }, { email: 'a@x.test' });
    expect(update.write).toEqual({});
    expect(update.kept).toEqual(['phone']);
  });

  it('writes nothing for a field already holding Stripe value, and remembers it as synced', () => {
    const update = decideFieldUpdates({ email: 'same@x.test' }, { email: 'same@x.test' }, { email: 'older@x.test' });
    expect(update.write).toEqual({});
    expect(update.kept).toEqual([]);
    expect(update.synced).toEqual({ email: 'same@x.test' });
  });

  it('empties a synced field Stripe cleared, and counts empty text as empty', () => {
    const update = decideFieldUpdates({ phone: null }, { phone: '123' }, { phone: '123' });
    expect(update.write).toEqual({ phone: null });
    expect(decideFieldUpdates({ phone: '' }, { phone: null }, null).write).toEqual({});
  });

  it('decides each field on its own', () => {
    const update = decideFieldUpdates(
      { email: 'new@x.test', companyname: 'New Co', phone: '1' },
      { email: 'admin@x.test', companyname: 'Old Co', phone: null },
      { email: 'old@x.test', companyname: 'Old Co' },
    );
    expect(update.write).toEqual({ companyname: 'New Co', phone: '1' });
    expect(update.kept).toEqual(['email']);
  });

  it('says when the sync state must be written', () => {
    expect(syncedChanged(decideFieldUpdates({ a: 'x' }, { a: 'x' }, { a: 'x' }), { a: 'x' })).toBe(false);
    expect(syncedChanged(decideFieldUpdates({ a: 'y' }, { a: 'x' }, { a: 'x' }), { a: 'x' })).toBe(true);
    // A field first known empty on both sides is remembered too (the connector now owns it).
    expect(syncedChanged(decideFieldUpdates({ a: null }, { a: null }, null), null)).toBe(true);
  });

  it('keeps sync state as text in a fixed order, and reads unreadable text as never synced', () => {
    expect(syncedText({ b: '2', a: null })).toBe('{"a":null,"b":"2"}');
    expect(parseSyncedText('{"a":null,"b":"2"}')).toEqual({ a: null, b: '2' });
    expect(parseSyncedText('not json')).toBeNull();
    expect(parseSyncedText('')).toBeNull();
  });
});

const CUSTOMER: StripeCustomer = {
  id: 'cus_U',
  object: 'customer',
  name: 'Ada Lovelace',
  email: 'ada@new.test',
  phone: '+44 20 7946 0000',
  address: { line1: '1 Main St', city: 'London', postal_code: 'N1 1AA', country: 'gb' },
  metadata: {},
};

describe('bookCustomerUpdate (customer.updated, Update Customers From Stripe on)', () => {
  it('updates name, email and phone of the linked customer and fills its billing address', () => {
    const books = new FakeBooks();
    books.hold('cus_U', 7, 'customer');
    books.fieldValues.set('customer:7', {
      companyname: 'Ada',
      firstname: 'Ada',
      lastname: null,
      email: 'ada@old.test',
    });
    books.syncs.set('cus_U', { id: 1, values: { companyname: 'Ada', firstname: 'Ada', email: 'ada@old.test' } });
    const stripe = fakeStripe({ '/v1/customers/cus_U': CUSTOMER });
    const outcome = bookCustomerUpdate(CUSTOMER, { booking: BOOKING, stripe, books });
    expect(books.fieldValues.get('customer:7')).toEqual({
      companyname: 'Ada Lovelace',
      firstname: 'Ada',
      lastname: 'Lovelace',
      email: 'ada@new.test',
      phone: '+44 20 7946 0000',
    });
    expect(books.addresses.get(7)?.billing).toMatchObject({ addr1: '1 Main St', zip: 'N1 1AA', country: 'GB' });
    expect(books.editedCustomers).toBe(1);
    expect(outcome.records[0]).toMatchObject({ id: 7, how: 'updated' });
    expect(books.syncs.get('cus_U')?.values['email']).toBe('ada@new.test');
  });

  it('keeps an email an admin changed and names it; no load when addresses are as last synced', () => {
    const books = new FakeBooks();
    books.hold('cus_U:customer', 8, 'customer');
    const synced = {
      companyname: 'Ada Lovelace',
      firstname: 'Ada',
      lastname: 'Lovelace',
      email: 'ada@old.test',
      phone: null,
      defaultbillingaddress: '["Ada Lovelace","1 Main St",null,"London",null,"N1 1AA","GB",null]',
    };
    books.syncs.set('cus_U', { id: 1, values: synced });
    books.fieldValues.set('customer:8', { ...synced, email: 'accounts@ada.test' });
    const stripe = fakeStripe({ '/v1/customers/cus_U': CUSTOMER });
    const outcome = bookCustomerUpdate(CUSTOMER, { booking: BOOKING, stripe, books });
    expect(books.fieldValues.get('customer:8')?.['email']).toBe('accounts@ada.test');
    expect(books.fieldValues.get('customer:8')?.['phone']).toBe('+44 20 7946 0000');
    expect(books.editedCustomers).toBe(0);
    expect(outcome.notes).toEqual(['kept as changed in NetSuite since the last sync: email']);
  });

  it('does nothing for a customer NetSuite has no record of yet', () => {
    const books = new FakeBooks();
    const outcome = bookCustomerUpdate(CUSTOMER, { booking: BOOKING, stripe: fakeStripe({}), books });
    expect(outcome.skipped?.reason).toMatch(/no NetSuite customer is linked to cus_U/);
    expect(books.submitted).toEqual([]);
  });
});

describe('bookItemUpdates (product.updated, Update Items From Stripe on)', () => {
  const product = { id: 'prod_1', name: 'Pro plan', description: 'The pro tier', active: true };
  const price = { id: 'price_1', currency: 'usd', unit_amount: 1000, nickname: 'Monthly', product: 'prod_1' };

  it("renames the price's item as the price flow names it, and leaves the global item alone", () => {
    const books = new FakeBooks();
    books.hold('price_1', 30, 'serviceitem');
    books.hold('price_2', 99, 'serviceitem');
    books.fieldValues.set('serviceitem:30', {
      itemid: 'Old - Monthly',
      displayname: 'Old',
      salesdescription: null,
      isinactive: 'F',
    });
    const stripe = fakeStripe(
      { '/v1/products/prod_1': product },
      { '/v1/prices?product=prod_1': [price, { ...price, id: 'price_2' }], '/v1/skus?product=prod_1': [] },
    );
    const outcome = bookItemUpdates(product, { booking: { ...BOOKING, globalItem: 99 }, stripe, books });
    expect(books.fieldValues.get('serviceitem:30')).toEqual({
      itemid: 'Pro plan - Monthly',
      displayname: 'Pro plan',
      salesdescription: 'The pro tier',
      isinactive: 'F',
    });
    expect(books.submitted.map((s) => s.id)).toEqual([30]);
    expect(outcome.records).toEqual([
      expect.objectContaining({ id: 30, how: 'updated', detail: ' (itemid, displayname, salesdescription)' }),
    ]);
  });

  it("renames a SKU's item as sku.created names it: the product's new name and the SKU's attributes", () => {
    const tee = { id: 'prod_2', name: 'Tee', description: 'Organic cotton', active: true };
    const sku = {
      id: 'sku_blue',
      object: 'sku',
      price: 1500,
      currency: 'usd',
      product: 'prod_2',
      attributes: { color: 'blue' },
    };
    const books = new FakeBooks();
    books.hold('sku_blue', 40, 'inventoryitem');
    books.fieldValues.set('inventoryitem:40', {
      itemid: 'T-shirt - blue',
      displayname: 'T-shirt',
      salesdescription: 'Cotton',
      isinactive: 'F',
    });
    const stripe = fakeStripe(
      { '/v1/products/prod_2': tee },
      { '/v1/prices?product=prod_2': [], '/v1/skus?product=prod_2': [sku] },
    );
    bookItemUpdates(tee, { booking: BOOKING, stripe, books });
    expect(books.fieldValues.get('inventoryitem:40')).toEqual({
      itemid: 'Tee - blue',
      displayname: 'Tee',
      salesdescription: 'Organic cotton',
      isinactive: 'F',
    });
  });
});

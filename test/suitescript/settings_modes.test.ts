import type * as NRecord from 'N/record';
import type * as NSearch from 'N/search';
import { NetSuiteEmulator } from '../../emulator/src/emulator';
import { SETTINGS_MODE_VALUES, valueKey } from '../../src/suitescript/connectorLists';
import { parseSettings, SETTINGS_FIELDS, type ModeReader } from '../../src/suitescript/settings';
import { listValueIdsOf } from '../../tools/connectorStatuses';
import { settingsValues } from '../../tools/settingsModes';

const REQUIRED = { name: 'Stripe', custrecord_snc_set_account: 'acct_123', custrecord_snc_set_whsec: 'custsecret_x' };

async function account(): Promise<{ ns: NetSuiteEmulator; record: typeof NRecord; search: typeof NSearch }> {
  const ns = await NetSuiteEmulator.create({ projectDir: 'src' });
  const modules = ns.testModules().modules;
  return { ns, record: modules['N/record'] as typeof NRecord, search: modules['N/search'] as typeof NSearch };
}

/** The settings record as loadSettings reads it: lookupFields, modes mapped by list value script ID. */
function load(ns: NetSuiteEmulator, search: typeof NSearch, id: number): ReturnType<typeof parseSettings> {
  const ids = listValueIdsOf(ns);
  const readMode: ModeReader = (list, value) => valueKey(ids, list, value);
  const raw = search.lookupFields({ type: 'customrecord_snc_settings', id, columns: Object.values(SETTINGS_FIELDS) });
  return parseSettings(id, raw as Record<string, unknown>, undefined, readMode);
}

function create(record: typeof NRecord, values: Record<string, NRecord.FieldValue>): number {
  const made = record.create({ type: 'customrecord_snc_settings' });
  for (const [fieldId, value] of Object.entries(values)) made.setValue({ fieldId, value });
  return made.save();
}

describe('settings modes are custom list values (src/Objects/customlist_snc_*.xml)', () => {
  it('every mode the code reads is a value of its list in the project, and every list value is a mode', async () => {
    const { ns } = await account();
    const ids = listValueIdsOf(ns);
    for (const [list, values] of Object.entries(SETTINGS_MODE_VALUES)) {
      expect(Object.keys(ids[list] ?? {}).sort()).toEqual(Object.values(values).sort());
    }
  });

  it('a new settings record starts on the defaults the code assumes (SDF defaultselection)', async () => {
    const { ns, record, search } = await account();
    const booking = load(ns, search, create(record, REQUIRED));
    expect(booking.processingMode).toBe('realtime');
    expect(booking.booking).toMatchObject({
      customerMode: 'per_customer',
      itemMode: 'per_price',
      taxMode: 'tax_item',
      voidHandling: 'void',
      uncollectibleHandling: 'credit_memo',
      outOfBandHandling: 'credit_memo',
      cancelledSubscriptionHandling: 'keep_open',
      orderBilling: 'bill_at_payment',
    });
  });

  it('a mode chosen from its list is read back as the readable mode', async () => {
    const { ns, record, search } = await account();
    const values = settingsValues(ns, {
      ...REQUIRED,
      custrecord_snc_set_mode: 'high_volume',
      custrecord_snc_set_tax_mode: 'per_line',
      custrecord_snc_set_tax_code: '1',
      custrecord_snc_set_uncollectible: 'keep_open',
      custrecord_snc_set_cancelled_subs: 'credit_memo',
      custrecord_snc_set_order_billing: 'leave_to_fulfilment',
    });
    // What the record holds is the value's internal ID, not the readable mode.
    expect(values['custrecord_snc_set_tax_mode']).toMatch(/^\d+$/);
    expect(values['custrecord_snc_set_mode']).toBe(true);
    const settings = load(ns, search, create(record, values));
    expect(settings.processingMode).toBe('high_volume');
    expect(settings.booking).toMatchObject({
      taxMode: 'per_line',
      uncollectibleHandling: 'keep_open',
      cancelledSubscriptionHandling: 'credit_memo',
      orderBilling: 'leave_to_fulfilment',
    });
  });

  it('a list value of another list is refused, naming the field', () => {
    const ids = { customlist_snc_tax_mode: { val_snc_tm_per_line: '2' }, customlist_snc_item_mode: {} };
    const readMode: ModeReader = (list, value) => valueKey(ids, list, value);
    expect(() => parseSettings(1, { ...REQUIRED, custrecord_snc_set_item_mode: '2' }, undefined, readMode)).toThrow(
      /custrecord_snc_set_item_mode must be one of per_price, global, metadata, not "2"/,
    );
  });

  it('the readable helper refuses a mode its list does not hold', async () => {
    const { ns } = await account();
    expect(() => settingsValues(ns, { custrecord_snc_set_tax_mode: 'vat' })).toThrow(/customlist_snc_tax_mode/);
  });
});

import type * as NRecord from 'N/record';
import type * as NSearch from 'N/search';
import { NetSuiteEmulator } from '../../emulator/src/emulator';
import { useEmulator } from '../../emulator/src/jest-bridge';
import { loadSettings, SETTINGS_RECORD } from '../../src/suitescript/netsuite/settingsStore';

/** Settings dates are read in the account's date format (N/format), not a fixed M/D/YYYY. */
describe('settings dates in the account date format', () => {
  afterEach(() => useEmulator(null));

  it.each([
    ['D/M/YYYY', '2/11/2026'],
    ['M/D/YYYY', '11/2/2026'],
    ['DD.MM.YYYY', '02.11.2026'],
  ])('with date format %s the Sync Start Date (shown %s) is 2 November 2026', async (dateFormat, shown) => {
    const ns = await NetSuiteEmulator.create({ projectDir: 'src', options: { dateFormat } });
    useEmulator(ns);
    const { modules } = ns.testModules();
    const record = modules['N/record'] as typeof NRecord;
    const settings = record.create({ type: SETTINGS_RECORD });
    settings.setValue({ fieldId: 'name', value: 'Stripe' });
    settings.setValue({ fieldId: 'custrecord_snc_set_account', value: 'acct_1Dates' });
    settings.setValue({ fieldId: 'custrecord_snc_set_whsec', value: 'custsecret_snc_stripe_webhook' });
    settings.setValue({ fieldId: 'custrecord_snc_set_start_date', value: new Date(2026, 10, 2) });
    const id = settings.save();
    const search = modules['N/search'] as typeof NSearch;
    expect(search.lookupFields({ type: SETTINGS_RECORD, id, columns: ['custrecord_snc_set_start_date'] })).toEqual({
      custrecord_snc_set_start_date: shown,
    });
    expect(loadSettings(id).booking.syncStart).toBe(Date.UTC(2026, 10, 2) / 1000);
  });
});

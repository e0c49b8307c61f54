import record = require('N/record');
import { NetSuiteEmulator } from '../src/emulator';
import { useEmulator } from '../src/jest-bridge';
import { BASIC_PROJECT } from './fixtures/fakes';
import { errorName } from './helpers/errors';

/** A Date/Time custom field (SDF fieldtype DATETIMETZ, Oracle help, "generic_customfield_fieldtype"). */
describe('N/record: a DATETIMETZ custom record field', () => {
  let emulator: NetSuiteEmulator;
  beforeEach(async () => {
    emulator = await NetSuiteEmulator.create({ projectDir: BASIC_PROJECT });
    useEmulator(emulator);
  });
  afterEach(() => useEmulator(null));

  function newEvent(): record.Record {
    const event = record.create({ type: 'customrecord_t_event' });
    event.setValue({ fieldId: 'name', value: 'evt_1' });
    event.setValue({ fieldId: 'custrecord_t_event_id', value: 'evt_1' });
    return event;
  }

  // Oracle help, "Record.getValue(options)": "Returns a JavaScript Date object for date/time field
  // queries … Date/time fields: DATE, DATETIME, DATETIMETZ, TIMEOFDAY."
  it('getValue returns a Date holding the instant saved, to the second', () => {
    const event = newEvent();
    event.setValue({ fieldId: 'custrecord_t_received', value: new Date(1_780_000_000 * 1000) });
    const id = event.save();
    const value = record.load({ type: 'customrecord_t_event', id }).getValue({ fieldId: 'custrecord_t_received' });
    expect(Object.prototype.toString.call(value)).toBe('[object Date]');
    expect((value as Date).getTime()).toBe(1_780_000_000 * 1000);
  });

  // The same page: a date/time field's value is a Date; a number (Unix seconds) is not one.
  it('setValue refuses Unix seconds with INVALID_FLD_VALUE', () => {
    expect(errorName(() => newEvent().setValue({ fieldId: 'custrecord_t_received', value: 1_780_000_000 }))).toBe(
      'INVALID_FLD_VALUE',
    );
  });
});

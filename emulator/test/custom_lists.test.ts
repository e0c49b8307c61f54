import record = require('N/record');
import search = require('N/search');
import { NetSuiteEmulator } from '../src/emulator';
import { useEmulator } from '../src/jest-bridge';
import { tempProject } from './fixtures/fakes';

const LIST = `<customlist scriptid="customlist_t_status">
  <isordered>T</isordered>
  <name>Test Status</name>
  <customvalues>
    <customvalue scriptid="val_t_open"><value>Open</value></customvalue>
    <customvalue scriptid="val_t_closed"><value>Closed</value></customvalue>
  </customvalues>
</customlist>`;
const RECORD = `<customrecordtype scriptid="customrecord_t_ticket">
  <recordname>Ticket</recordname>
  <customrecordcustomfields>
    <customrecordcustomfield scriptid="custrecord_t_status">
      <fieldtype>SELECT</fieldtype>
      <label>Status</label>
      <selectrecordtype>[scriptid=customlist_t_status]</selectrecordtype>
      <defaultselection>[scriptid=customlist_t_status.val_t_open]</defaultselection>
    </customrecordcustomfield>
  </customrecordcustomfields>
</customrecordtype>`;

describe('custom lists (SDF customlist) in the emulator', () => {
  let ns: NetSuiteEmulator;
  beforeEach(async () => {
    ns = await NetSuiteEmulator.create({
      projectDir: tempProject({ 'Objects/customlist_t_status.xml': LIST, 'Objects/customrecord_t_ticket.xml': RECORD }),
    });
    useEmulator(ns);
  });

  // netsuite.smash-ict.com, "Learn To Write Custom List Code That Works In All NetSuite Environments".
  it('SuiteQL reads a list as its own table: id, name, scriptid, isinactive', () => {
    expect(ns.sql.query('SELECT id, name, scriptid, isinactive FROM customlist_t_status ORDER BY id', []).rows).toEqual(
      [
        { id: 1, name: 'Open', scriptid: 'val_t_open', isinactive: 'F' },
        { id: 2, name: 'Closed', scriptid: 'val_t_closed', isinactive: 'F' },
      ],
    );
  });

  // A list field holds the value's internal ID (as every select); its text is the value's name.
  it('a list field stores the internal ID and shows the name', () => {
    const ticket = record.create({ type: 'customrecord_t_ticket' });
    ticket.setValue({ fieldId: 'name', value: 'T-1' });
    ticket.setValue({ fieldId: 'custrecord_t_status', value: '2' });
    const id = ticket.save();
    const loaded = record.load({ type: 'customrecord_t_ticket', id });
    expect(loaded.getValue({ fieldId: 'custrecord_t_status' })).toBe('2');
    expect(loaded.getText({ fieldId: 'custrecord_t_status' })).toBe('Closed');
    expect(search.lookupFields({ type: 'customrecord_t_ticket', id, columns: ['custrecord_t_status'] })).toEqual({
      custrecord_t_status: [{ value: '2', text: 'Closed' }],
    });
  });

  it('a value that is not in the list is refused on save (INVALID_KEY_OR_REF)', () => {
    const ticket = record.create({ type: 'customrecord_t_ticket' });
    ticket.setValue({ fieldId: 'name', value: 'T-2' });
    ticket.setValue({ fieldId: 'custrecord_t_status', value: '9' });
    expect(() => ticket.save()).toThrow(expect.objectContaining({ name: 'INVALID_KEY_OR_REF' }));
  });

  // Oracle help, SDF "customrecordcustomfield": defaultselection.
  it('a new record has the field default selection (the referenced list value)', () => {
    const ticket = record.create({ type: 'customrecord_t_ticket' });
    expect(ticket.getValue({ fieldId: 'custrecord_t_status' })).toBe('1');
  });
});

import {
  EVENT_AGE_SECONDS_FORMULA,
  QUEUED_TOO_LONG_SECONDS,
  SAVED_SEARCH_IDS,
  savedSearchDefinitions,
} from '../../src/suitescript/searches/savedSearchDefinitions';

const ids = { eventParked: '16', eventQueued: '11', payoutUnreconciled: '27' };
const byId = new Map(savedSearchDefinitions(ids).map((d) => [d.id, d]));

describe('the shipped saved search definitions', () => {
  it('script IDs start with customsearch (Oracle help, "Search.id"); IDs and titles are unique', () => {
    const all = savedSearchDefinitions(ids);
    expect(all.every((d) => d.id.startsWith('customsearch'))).toBe(true);
    expect(new Set(all.map((d) => d.id)).size).toBe(all.length);
    expect(new Set(all.map((d) => d.title)).size).toBe(all.length);
    expect([...byId.keys()].sort()).toEqual(Object.values(SAVED_SEARCH_IDS).sort());
  });

  it('status filters use the list value internal IDs resolved in the account', () => {
    expect(byId.get(SAVED_SEARCH_IDS.parkedEvents)?.filters).toEqual([
      { name: 'custrecord_snc_evt_status', operator: 'anyof', values: ['16'] },
    ]);
    expect(byId.get(SAVED_SEARCH_IDS.unreconciledPayouts)?.filters).toEqual([
      { name: 'custrecord_snc_po_status', operator: 'anyof', values: ['27'] },
    ]);
  });

  it('"queued over an hour": queued, and received more than 3,600 seconds ago by a formula on Received', () => {
    expect(QUEUED_TOO_LONG_SECONDS).toBe(3600);
    expect(byId.get(SAVED_SEARCH_IDS.eventsQueuedOverAnHour)?.filters).toEqual([
      { name: 'custrecord_snc_evt_status', operator: 'anyof', values: ['11'] },
      { name: 'formulanumeric', formula: EVENT_AGE_SECONDS_FORMULA, operator: 'greaterthan', values: [3600] },
    ]);
    expect(EVENT_AGE_SECONDS_FORMULA).toContain('- {custrecord_snc_evt_received}');
  });

  it('payouts by status is a summary search: every column grouped or summarised', () => {
    const columns = byId.get(SAVED_SEARCH_IDS.payoutsByStatus)?.columns ?? [];
    expect(columns.map((c) => `${c.summary}(${c.name})`)).toEqual([
      'GROUP(custrecord_snc_po_status)',
      'GROUP(custrecord_snc_po_currency)',
      'COUNT(internalid)',
      'SUM(custrecord_snc_po_amount)',
    ]);
  });
});

/**
 * The saved searches the connector ships, as data: filters and columns, no N/ module. An admin's custom
 * saved searches cannot be written as SDF XML by hand (Oracle help, "Saved Searches as XML Definitions":
 * they "can be created and managed only by using NetSuite"), so netsuite/savedSearchInstall.ts creates
 * these with N/search (search.create … save) in the account.
 *
 * Status fields hold a custom list value's internal ID, which differs per account: the definitions take
 * the IDs resolved by script ID in the account when they are installed (netsuite/listValues.ts), never a
 * list value's name an admin may rename.
 */
export interface SearchFilterSpec {
  name: string;
  operator: string;
  values: (string | number)[];
  /** For `formulanumeric` filters: an Oracle SQL expression over `{fieldid}` references. */
  formula?: string;
}

export interface SearchColumnSpec {
  name: string;
  label?: string;
  summary?: 'GROUP' | 'COUNT' | 'SUM';
  sort?: 'ASC' | 'DESC';
}

export interface SavedSearchSpec {
  /** Script ID (Oracle help, "Search.id": starts with customsearch). */
  id: string;
  title: string;
  /** Record type searched. */
  type: string;
  filters: SearchFilterSpec[];
  columns: SearchColumnSpec[];
}

/** Internal IDs of the list values the searches filter on, as the account holds them. */
export interface SearchStatusIds {
  eventParked: string;
  eventQueued: string;
  payoutUnreconciled: string;
}

export const SAVED_SEARCH_IDS = {
  parkedEvents: 'customsearch_snc_parked_events',
  eventsQueuedOverAnHour: 'customsearch_snc_events_queued_1h',
  unreconciledPayouts: 'customsearch_snc_unreconciled_payouts',
  payoutsByStatus: 'customsearch_snc_payouts_by_status',
} as const;

/** How long an event may wait in the queue before the "queued over an hour" search lists it. */
export const QUEUED_TOO_LONG_SECONDS = 3600;

/**
 * Now as Unix seconds inside a search formula. SYSTIMESTAMP carries the database's time zone and
 * SYS_EXTRACT_UTC takes it to UTC (Oracle Database SQL Language Reference, "SYSTIMESTAMP",
 * "SYS_EXTRACT_UTC"; date − date is days, "Datetime/Interval Arithmetic"): the stored times are Unix
 * seconds (UTC), whereas {now}/{today} follow the user's time zone preference and SYSDATE the server's.
 */
export const NOW_UNIX_SECONDS_FORMULA =
  "ROUND((CAST(SYS_EXTRACT_UTC(SYSTIMESTAMP) AS DATE) - TO_DATE('1970-01-01', 'YYYY-MM-DD')) * 86400)";

/**
 * Seconds since NetSuite stored the event, from the integer Received (Unix seconds), which the Date/Time
 * field Received (custrecord_snc_evt_received_at) mirrors. The formula on the date field would be
 * `ROUND(({now} - {custrecord_snc_evt_received_at}) * 86400)` (both sides in the user's zone).
 */
export const EVENT_AGE_SECONDS_FORMULA = `${NOW_UNIX_SECONDS_FORMULA} - {custrecord_snc_evt_received}`;

const EVENT = 'customrecord_snc_event';
const PAYOUT = 'customrecord_snc_payout';

const EVENT_COLUMNS: SearchColumnSpec[] = [
  { name: 'name', label: 'Stripe Event' },
  { name: 'custrecord_snc_evt_type', label: 'Event Type' },
  { name: 'custrecord_snc_evt_object', label: 'Stripe Object' },
  { name: 'custrecord_snc_evt_attempts', label: 'Attempts' },
  // Received as a date for people; the integer twin stays for the age formula's exact arithmetic.
  { name: 'custrecord_snc_evt_received_at', label: 'Received', sort: 'ASC' },
];

function statusIs(field: string, id: string): SearchFilterSpec {
  return { name: field, operator: 'anyof', values: [id] };
}

/** Every shipped saved search, for the account whose list value IDs are `ids`. */
export function savedSearchDefinitions(ids: SearchStatusIds): SavedSearchSpec[] {
  return [
    {
      id: SAVED_SEARCH_IDS.parkedEvents,
      title: 'Stripe Connector: Parked Events',
      type: EVENT,
      filters: [statusIs('custrecord_snc_evt_status', ids.eventParked)],
      columns: [...EVENT_COLUMNS, { name: 'custrecord_snc_evt_error', label: 'Last Error' }],
    },
    {
      id: SAVED_SEARCH_IDS.eventsQueuedOverAnHour,
      title: 'Stripe Connector: Events Queued Over an Hour',
      type: EVENT,
      filters: [
        statusIs('custrecord_snc_evt_status', ids.eventQueued),
        {
          name: 'formulanumeric',
          formula: EVENT_AGE_SECONDS_FORMULA,
          operator: 'greaterthan',
          values: [QUEUED_TOO_LONG_SECONDS],
        },
      ],
      columns: [...EVENT_COLUMNS, { name: 'custrecord_snc_evt_error', label: 'Last Error' }],
    },
    {
      id: SAVED_SEARCH_IDS.unreconciledPayouts,
      title: 'Stripe Connector: Unreconciled Payouts',
      type: PAYOUT,
      filters: [statusIs('custrecord_snc_po_status', ids.payoutUnreconciled)],
      columns: [
        { name: 'name', label: 'Stripe Payout' },
        { name: 'custrecord_snc_po_amount', label: 'Amount' },
        { name: 'custrecord_snc_po_currency', label: 'Currency' },
        { name: 'custrecord_snc_po_problem_since_at', label: 'Unreconciled Since', sort: 'ASC' },
        { name: 'custrecord_snc_po_problems', label: 'Problems' },
      ],
    },
    {
      id: SAVED_SEARCH_IDS.payoutsByStatus,
      title: 'Stripe Connector: Payouts by Status',
      type: PAYOUT,
      filters: [],
      columns: [
        { name: 'custrecord_snc_po_status', label: 'Status', summary: 'GROUP' },
        { name: 'custrecord_snc_po_currency', label: 'Currency', summary: 'GROUP' },
        { name: 'internalid', label: 'Payouts', summary: 'COUNT' },
        { name: 'custrecord_snc_po_amount', label: 'Amount', summary: 'SUM' },
      ],
    },
  ];
}

/**
 * The admin's console (customscript_snc_console_sl) as a page model: what it shows and which action a posted
 * form asks for, without N/ modules. The entry point turns the model into an N/ui/serverWidget form.
 */
import { IMPORT_RESOURCES, importRange, type CalendarDay, type ImportRun } from '../backfill/historicalImport';
import { currencyExponent } from '../money';

export interface LastEvent {
  eventId: string;
  type: string;
  /** Unix seconds: Stripe's `created`, and when NetSuite stored it (null for events stored before that was kept). */
  created: number;
  received: number | null;
}

export interface ConsoleHealth {
  lastEvent: LastEvent | null;
  queued: number;
  oldestQueued: { eventId: string; created: number } | null;
  parked: number;
  /** Unix seconds the queue Map/Reduce last finished (its summarize), null when never. */
  lastQueueRun: number | null;
  signatureFailures: { count: number; lastAt: number | null };
  /** Smallest (received − Stripe created) over recent delivered events, seconds; null when unknown. */
  receiveDelaySeconds: number | null;
}

export interface ParkedEvent {
  queueId: number;
  eventId: string;
  type: string;
  objectId: string;
  attempts: number;
  error: string;
}

export interface PayoutRow {
  payoutId: string;
  status: string;
  amount: string;
  currency: string;
  depositId: string | null;
  depositName: string;
  problems: string;
}

export interface SettingsProblem {
  setting: string;
  fix: string;
}

export interface ConsoleView {
  now: number;
  settingsId: number | null;
  health: ConsoleHealth;
  parked: readonly ParkedEvent[];
  payouts: readonly PayoutRow[];
  settingsProblems: readonly SettingsProblem[];
  /** What the last action did, shown at the top. */
  message: string | null;
  /** The historical import under way or last done (null: none started). */
  historicalImport?: ImportRun | null;
}

export interface PageField {
  id: string;
  label: string;
  value: string;
}

export interface PageColumn {
  id: string;
  label: string;
  /** A tick box the admin sets (the parked events' Select). */
  checkbox?: boolean;
}

export interface PageSublist {
  id: string;
  label: string;
  columns: PageColumn[];
  rows: Record<string, string>[];
}

export interface PageModel {
  title: string;
  groups: { id: string; label: string; fields: PageField[] }[];
  sublists: PageSublist[];
  actions: { value: string; text: string }[];
  submitLabel: string;
}

export type ConsoleAction =
  | { kind: 'none' }
  | { kind: 'retry'; queueIds: number[] }
  | { kind: 'retryAll' }
  | { kind: 'sync'; stripeId: string }
  | { kind: 'catchUp' }
  | { kind: 'importStart'; from: number; to: number }
  | { kind: 'installSearches' }
  | { kind: 'invalid'; message: string };

export const FIELD = {
  action: 'custpage_snc_action',
  stripeId: 'custpage_snc_stripe_id',
  message: 'custpage_snc_message',
} as const;
export const PARKED_SUBLIST = 'custpage_snc_parked';
export const PARKED_SELECT = 'custpage_snc_select';
export const PARKED_QUEUE_ID = 'custpage_snc_queue_id';

/** The actions of the form's Action field. */
export const ACTIONS = [
  { value: '', text: '(refresh)' },
  { value: 'retry_selected', text: 'Retry the selected parked events' },
  { value: 'retry_all', text: 'Retry every parked event' },
  { value: 'sync', text: 'Sync now: the Stripe ID below' },
  { value: 'catch_up', text: 'Run catch-up now' },
  { value: 'install_searches', text: "Install or refresh the connector's saved searches" },
  { value: 'import_start', text: 'Historical import: start for the dates below' },
] as const;

/** The Historical import's date fields (From, To) in the Actions group. */
export const IMPORT_FIELD = {
  from: 'custpage_snc_import_from',
  to: 'custpage_snc_import_to',
} as const;

/**
 * The one place statuses become words (statuses are read through netsuite/eventQueue.ts and the payout
 * module, which map the record fields to these keys).
 */
const STATUS_WORDS: Readonly<Record<string, string>> = {
  queued: 'Queued',
  processing: 'Processing',
  done: 'Done',
  no_action: 'No action',
  unhandled: 'Unhandled',
  parked: 'Parked',
  reconciled: 'Reconciled',
  unreconciled: 'Unreconciled',
  validated: 'Validated (waiting for reconciliation)',
  failed: 'Failed',
  failed_reversed: 'Failed (deposit reversed)',
};

export function statusWord(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

/** A Unix time as UTC text, and how long ago. */
export function whenText(seconds: number | null, now: number): string {
  if (seconds === null) return 'never';
  const iso = new Date(seconds * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');
  return `${iso} (${agoText(now - seconds)})`;
}

export function agoText(seconds: number): string {
  if (seconds < 0) return `in ${agoText(-seconds).replace(/ ago$/, '')}`;
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} days ago`;
}

function healthFields(view: ConsoleView): PageField[] {
  const h = view.health;
  const last = h.lastEvent;
  const delay = h.receiveDelaySeconds;
  return [
    {
      id: 'custpage_snc_last_event',
      label: 'Last event received',
      value: last
        ? `${last.eventId} (${last.type}) at ${whenText(last.received ?? last.created, view.now)}`
        : 'none yet',
    },
    { id: 'custpage_snc_queued', label: 'Queue depth', value: String(h.queued) },
    {
      id: 'custpage_snc_oldest',
      label: 'Oldest queued event',
      value: h.oldestQueued ? `${h.oldestQueued.eventId}, created ${whenText(h.oldestQueued.created, view.now)}` : '—',
    },
    { id: 'custpage_snc_parked_count', label: 'Parked events', value: String(h.parked) },
    { id: 'custpage_snc_last_run', label: 'Last queue Map/Reduce run', value: whenText(h.lastQueueRun, view.now) },
    {
      id: 'custpage_snc_sig_failures',
      label: 'Refused deliveries (bad signature)',
      value: `${h.signatureFailures.count}${h.signatureFailures.lastAt === null ? '' : `, last ${whenText(h.signatureFailures.lastAt, view.now)}`}`,
    },
    {
      id: 'custpage_snc_delay',
      label: 'Delivery delay + clock skew',
      value:
        delay === null
          ? 'unknown (no delivered event yet)'
          : `${delay} s (NetSuite's receipt minus Stripe's created, smallest of the last 20 events; the relay's own clock check is on its /healthz)`,
    },
  ];
}

function parkedSublist(parked: readonly ParkedEvent[]): PageSublist {
  return {
    id: PARKED_SUBLIST,
    label: 'Parked events',
    columns: [
      { id: PARKED_SELECT, label: 'Select', checkbox: true },
      { id: PARKED_QUEUE_ID, label: 'Queue ID' },
      { id: 'custpage_snc_event', label: 'Event' },
      { id: 'custpage_snc_type', label: 'Type' },
      { id: 'custpage_snc_object', label: 'Stripe object' },
      { id: 'custpage_snc_attempts', label: 'Attempts' },
      { id: 'custpage_snc_reason', label: 'Reason' },
    ],
    rows: parked.map((p) => ({
      [PARKED_SELECT]: 'F',
      [PARKED_QUEUE_ID]: String(p.queueId),
      custpage_snc_event: p.eventId,
      custpage_snc_type: p.type,
      custpage_snc_object: p.objectId,
      custpage_snc_attempts: String(p.attempts),
      // A sublist cell is a Free-Form Text column: the start of the reason, the record has the rest.
      custpage_snc_reason: p.error.length > 280 ? `${p.error.slice(0, 279)}…` : p.error,
    })),
  };
}

function payoutSublist(payouts: readonly PayoutRow[]): PageSublist {
  return {
    id: 'custpage_snc_payouts',
    label: 'Payouts and their deposits',
    columns: [
      { id: 'custpage_snc_payout', label: 'Payout' },
      { id: 'custpage_snc_po_status', label: 'Status' },
      { id: 'custpage_snc_amount', label: 'Amount' },
      { id: 'custpage_snc_deposit', label: 'Deposit' },
      { id: 'custpage_snc_problems', label: 'Problems' },
    ],
    rows: payouts.map((p) => ({
      custpage_snc_payout: p.payoutId,
      custpage_snc_po_status: statusWord(p.status),
      custpage_snc_amount: `${amountText(p.amount, p.currency)} ${p.currency}`,
      custpage_snc_deposit: p.depositId === null ? '—' : `${p.depositName || 'Deposit'} (internal ID ${p.depositId})`,
      custpage_snc_problems: p.problems.length > 280 ? `${p.problems.slice(0, 279)}…` : p.problems || '—',
    })),
  };
}

function settingsSublist(problems: readonly SettingsProblem[]): PageSublist {
  return {
    id: 'custpage_snc_settings',
    label: problems.length === 0 ? 'Settings check: everything is in order' : 'Settings check: what to fix',
    columns: [
      { id: 'custpage_snc_setting', label: 'Setting' },
      { id: 'custpage_snc_fix', label: 'What to fix' },
    ],
    rows: problems.map((p) => ({ custpage_snc_setting: p.setting, custpage_snc_fix: p.fix })),
  };
}

const RESOURCE_WORDS: Readonly<Record<string, string>> = {
  customers: 'Customers',
  invoices: 'Invoices',
  charges: 'Charges',
  refunds: 'Refunds',
  disputes: 'Disputes',
  payouts: 'Payouts',
};

const dayText = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 10);

/** The Historical import group: where the run is, what it counted, when it started and finished. */
export function importFields(run: ImportRun | null, now: number): PageField[] {
  const field = (id: string, label: string, value: string): PageField => ({
    id: `custpage_snc_import_${id}`,
    label,
    value,
  });
  if (run === null) return [field('status', 'Status', 'Not started: pick the From and To dates and Start below.')];
  const resource = IMPORT_RESOURCES[run.resource];
  const c = run.counts;
  const done = IMPORT_RESOURCES.map((r) => `${RESOURCE_WORDS[r.name] ?? r.name} ${run.listedBy[r.name] ?? 0}`);
  return [
    field(
      'status',
      'Status',
      run.finished !== null
        ? 'Finished: the queue Map/Reduce books what was queued.'
        : `Under way: ${RESOURCE_WORDS[resource?.name ?? ''] ?? '—'} (${run.phase === 'seek' ? 'finding the oldest' : 'queuing oldest first'}), step ${run.resource + 1} of ${IMPORT_RESOURCES.length}`,
    ),
    field('range', 'Range (created, UTC)', `${dayText(run.from)} to ${dayText(run.to)}`),
    field('resource', 'Current resource', run.finished !== null ? '—' : (resource?.name ?? '—')),
    field(
      'counts',
      'Counts',
      `${c.listed} listed, ${c.queued} queued, ${c.duplicates} already queued, ${c.skipped} with nothing to book; ${done.join(', ')}; ${run.pages} pages`,
    ),
    field('cursor', 'Cursor', run.cursor ?? '—'),
    field('started', 'Started', whenText(run.started, now)),
    field('finished', 'Finished', run.finished === null ? '—' : whenText(run.finished, now)),
  ];
}

export function pageModel(view: ConsoleView): PageModel {
  const groups = [
    { id: 'custpage_snc_health', label: 'Health', fields: healthFields(view) },
    {
      id: 'custpage_snc_import',
      label: 'Historical import',
      fields: importFields(view.historicalImport ?? null, view.now),
    },
  ];
  if (view.message !== null) {
    groups.unshift({
      id: 'custpage_snc_result',
      label: 'Result',
      fields: [{ id: FIELD.message, label: 'Last action', value: view.message }],
    });
  }
  return {
    title: `Stripe Connector Console${view.settingsId === null ? '' : ` (settings ${view.settingsId})`}`,
    groups,
    sublists: [parkedSublist(view.parked), payoutSublist(view.payouts), settingsSublist(view.settingsProblems)],
    actions: ACTIONS.map((a) => ({ ...a })),
    submitLabel: 'Run',
  };
}

/** Stripe IDs "Sync now" takes: customers, invoices, charges, refunds, disputes and payouts. */
const SYNCABLE = /^(cus|in|ch|py|re|dp|du|po)_[A-Za-z0-9]+$/;

/** The Historical import's posted dates, read as calendar days by the entry point (N/format). */
export interface ImportDates {
  from: CalendarDay | null;
  to: CalendarDay | null;
  now: number;
}

/**
 * The action a POST asks for: its Action field, the ticked parked events (queue IDs), the Stripe ID and the
 * Historical import's dates.
 */
export function parseAction(
  action: string,
  selectedQueueIds: readonly string[],
  stripeId: string,
  importDates: ImportDates = { from: null, to: null, now: 0 },
): ConsoleAction {
  switch (action) {
    case '':
      return { kind: 'none' };
    case 'retry_selected': {
      const ids = selectedQueueIds.map(Number).filter((id) => Number.isInteger(id) && id > 0);
      if (ids.length === 0) return { kind: 'invalid', message: 'Tick the parked events to retry first.' };
      return { kind: 'retry', queueIds: ids };
    }
    case 'retry_all':
      return { kind: 'retryAll' };
    case 'sync': {
      const id = stripeId.trim();
      if (!SYNCABLE.test(id)) {
        return {
          kind: 'invalid',
          message: `"${id}" is not a Stripe ID Sync now takes: a customer (cus_), invoice (in_), charge (ch_, py_), refund (re_), dispute (dp_, du_) or payout (po_).`,
        };
      }
      return { kind: 'sync', stripeId: id };
    }
    case 'catch_up':
      return { kind: 'catchUp' };
    case 'install_searches':
      return { kind: 'installSearches' };
    case 'import_start': {
      const range = importRange(importDates.from, importDates.to, importDates.now);
      return 'error' in range ? { kind: 'invalid', message: range.error } : { kind: 'importStart', ...range };
    }
    default:
      return { kind: 'invalid', message: `Unknown action "${action}".` };
  }
}

/** An amount as NetSuite holds it (67.5) with its currency's decimals (67.50 USD, 1200 JPY); text as it is otherwise. */
export function amountText(amount: string, currency: string): string {
  const value = Number(amount);
  if (amount.trim() === '' || !Number.isFinite(value) || currency === '') return amount;
  return value.toFixed(currencyExponent(currency));
}

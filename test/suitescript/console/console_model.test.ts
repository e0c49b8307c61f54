import {
  amountText,
  agoText,
  pageModel,
  parseAction,
  statusWord,
  type ConsoleView,
} from '../../../src/suitescript/console/consoleModel';
import { settingsProblems, bankReferences, referenceProblems } from '../../../src/suitescript/console/settingsCheck';
import {
  fingerprint,
  syncEventType,
  syncTarget,
  syntheticEvent,
  SyncRefused,
} from '../../../src/suitescript/console/stripeSync';

const NOW = 1_800_000_000;
const VIEW: ConsoleView = {
  now: NOW,
  settingsId: 1,
  health: {
    lastEvent: { eventId: 'evt_1', type: 'charge.succeeded', created: NOW - 65, received: NOW - 60 },
    queued: 2,
    oldestQueued: { eventId: 'evt_0', created: NOW - 7200 },
    parked: 1,
    lastQueueRun: null,
    signatureFailures: { count: 3, lastAt: NOW - 30 },
    receiveDelaySeconds: 5,
  },
  parked: [
    { queueId: 9, eventId: 'evt_p', type: 'invoice.paid', objectId: 'in_1', attempts: 8, error: 'x'.repeat(400) },
  ],
  payouts: [
    {
      payoutId: 'po_1',
      status: 'unreconciled',
      amount: '10.00',
      currency: 'USD',
      depositId: null,
      depositName: '',
      problems: 'MISSING: ch_1',
    },
  ],
  settingsProblems: [],
  message: 'done it',
};

describe('console page model', () => {
  it('shows health in words with times in UTC and how long ago', () => {
    const model = pageModel(VIEW);
    const health = model.groups.find((g) => g.id === 'custpage_snc_health')?.fields ?? [];
    const byId = Object.fromEntries(health.map((f) => [f.id, f.value]));
    expect(byId['custpage_snc_last_event']).toBe('evt_1 (charge.succeeded) at 2027-01-15 07:59:00 UTC (60 s ago)');
    expect(byId['custpage_snc_oldest']).toBe('evt_0, created 2027-01-15 06:00:00 UTC (2 h ago)');
    expect(byId['custpage_snc_last_run']).toBe('never');
    expect(byId['custpage_snc_sig_failures']).toBe('3, last 2027-01-15 07:59:30 UTC (30 s ago)');
    expect(model.groups[0]?.fields[0]?.value).toBe('done it');
  });

  it('lists parked events with a Select box and the start of their reason, payouts with their problems', () => {
    const [parked, payouts, settings] = pageModel(VIEW).sublists;
    expect(parked?.columns[0]).toEqual({ id: 'custpage_snc_select', label: 'Select', checkbox: true });
    expect(parked?.rows[0]?.['custpage_snc_queue_id']).toBe('9');
    expect(parked?.rows[0]?.['custpage_snc_reason']).toHaveLength(280);
    expect(payouts?.rows[0]).toEqual({
      custpage_snc_payout: 'po_1',
      custpage_snc_po_status: 'Unreconciled',
      custpage_snc_amount: '10.00 USD',
      custpage_snc_deposit: '—',
      custpage_snc_problems: 'MISSING: ch_1',
    });
    expect(settings?.label).toBe('Settings check: everything is in order');
  });

  it('reads the posted action', () => {
    expect(parseAction('retry_selected', ['4', 'x', '7'], '')).toEqual({ kind: 'retry', queueIds: [4, 7] });
    expect(parseAction('retry_selected', [], '')).toMatchObject({ kind: 'invalid' });
    expect(parseAction('retry_all', [], '')).toEqual({ kind: 'retryAll' });
    expect(parseAction('sync', [], ' du_123 ')).toEqual({ kind: 'sync', stripeId: 'du_123' });
    expect(parseAction('sync', [], 'txn_1')).toMatchObject({ kind: 'invalid' });
    expect(parseAction('catch_up', [], '')).toEqual({ kind: 'catchUp' });
    expect(parseAction('install_searches', [], '')).toEqual({ kind: 'installSearches' });
    expect(parseAction('', [], '')).toEqual({ kind: 'none' });
    expect(parseAction('drop_tables', [], '')).toEqual({ kind: 'invalid', message: 'Unknown action "drop_tables".' });
  });

  it('words statuses in one place and times relative to now', () => {
    expect(statusWord('failed_reversed')).toBe('Failed (deposit reversed)');
    expect(statusWord('other')).toBe('other');
    expect([agoText(5), agoText(600), agoText(36_000), agoText(864_000), agoText(-90)]).toEqual([
      '5 s ago',
      '10 min ago',
      '10 h ago',
      '10 days ago',
      'in 90 s',
    ]);
  });
});

describe('Sync now', () => {
  it('reads each kind of object at its API path', () => {
    expect(syncTarget('cus_1')).toEqual({ kind: 'customer', path: '/v1/customers/cus_1' });
    expect(syncTarget('re_1')).toEqual({ kind: 'refund', path: '/v1/refunds/re_1' });
    expect(syncTarget('du_1')).toEqual({ kind: 'dispute', path: '/v1/disputes/du_1' });
    expect(syncTarget('po_1')).toEqual({ kind: 'payout', path: '/v1/payouts/po_1' });
    expect(syncTarget('txn_1')).toBeNull();
  });

  it('books each object as the event for its state', () => {
    expect(syncEventType('invoice', { status: 'open' })).toBe('invoice.finalized');
    expect(syncEventType('invoice', { status: 'paid' })).toBe('invoice.paid');
    expect(syncEventType('invoice', { status: 'void' })).toBe('invoice.voided');
    expect(() => syncEventType('invoice', { id: 'in_1', status: 'draft' })).toThrow(SyncRefused);
    expect(syncEventType('charge', { status: 'succeeded' })).toBe('charge.succeeded');
    expect(() => syncEventType('charge', { status: 'failed' })).toThrow(SyncRefused);
    expect(syncEventType('refund', {})).toBe('charge.refunded');
    expect(syncEventType('dispute', {})).toBe('charge.dispute.created');
    expect(syncEventType('payout', { status: 'paid' })).toBe('payout.paid');
    expect(syncEventType('payout', { status: 'failed' })).toBe('payout.failed');
  });

  it('gives an unchanged object the same event ID, a changed one another', () => {
    const a = JSON.parse(syntheticEvent('customer.created', { id: 'cus_1', object: 'customer', name: 'A' }, 1)) as {
      id: string;
    };
    const b = JSON.parse(syntheticEvent('customer.created', { id: 'cus_1', object: 'customer', name: 'A' }, 2)) as {
      id: string;
    };
    const c = JSON.parse(syntheticEvent('customer.created', { id: 'cus_1', object: 'customer', name: 'B' }, 2)) as {
      id: string;
    };
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(c.id);
    expect(a.id).toMatch(/^evt_sync_cus_1_[0-9a-f]{8}$/);
    // FNV-1a test vector: "a" → e40c292c.
    expect(fingerprint('a')).toBe('e40c292c');
  });
});

describe('settings check', () => {
  const GOOD = {
    custrecord_snc_set_account: 'acct_1',
    custrecord_snc_set_whsec: 'custsecret_w',
  };

  it('finds every invalid setting, not just the first', () => {
    const { problems, settings } = settingsProblems(1, {
      ...GOOD,
      custrecord_snc_set_item_mode: 'sometimes',
      custrecord_snc_set_customer_mode: 'global',
      custrecord_snc_set_tolerance: '-4',
    });
    expect(settings).toBeNull();
    expect(problems.map((p) => p.setting)).toEqual([
      'custrecord_snc_set_tolerance',
      'custrecord_snc_set_item_mode',
      'custrecord_snc_set_global_customer',
    ]);
  });

  it('accepts valid settings', () => {
    expect(settingsProblems(1, GOOD)).toMatchObject({ problems: [], settings: { id: 1, stripeAccountId: 'acct_1' } });
  });

  it('checks bank mappings and that referenced records exist, are active and of the right type', () => {
    const bank = bankReferences([
      { id: 1, currency: 'usd', account: 5 },
      { id: 2, currency: 'USD', account: null },
      { id: 3, currency: 'dollars', account: 6 },
    ]);
    expect(bank.problems.map((p) => p.setting)).toEqual([
      'Bank account mapping 2',
      'Bank account mapping 2',
      'Bank account mapping 3',
    ]);
    const found = new Map([
      ['account:5', { type: 'Bank', inactive: false }],
      ['account:6', { type: 'Income', inactive: false }],
    ]);
    expect(referenceProblems(bank.refs, found).map((p) => p.fix)).toEqual(['Account 6 is of type Income, not Bank.']);
    expect(referenceProblems([{ setting: 's', table: 'item', id: 4 }], new Map())[0]?.fix).toBe(
      'No item has internal ID 4: choose an existing one.',
    );
    expect(bankReferences([]).problems).toHaveLength(1);
  });
});

describe('amounts on the console', () => {
  it.each([
    ['67.5', 'USD', '67.50'],
    ['1200', 'JPY', '1200'],
    ['1.2', 'KWD', '1.200'],
    ['', 'USD', ''],
  ])('%s %s shows as %s', (amount, currency, shown) => {
    expect(amountText(amount, currency)).toBe(shown);
  });
});

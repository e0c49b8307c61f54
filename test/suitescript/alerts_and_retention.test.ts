import { parkedDigest } from '../../src/suitescript/alerts/parkedDigest';
import { payoutDigest, payoutsToTell } from '../../src/suitescript/alerts/payoutDigest';
import { silenceAlert } from '../../src/suitescript/alerts/silence';
import { leaseDecision, PROCESSING_LEASE_SECONDS } from '../../src/suitescript/events/leases';
import { auditPayload, auditView } from '../../src/suitescript/retention/auditView';
import { parseUpkeepSettings } from '../../src/suitescript/settings';
import { withoutCardDetails } from '../../src/suitescript/webhooks/cardDetails';

const NOW = 1_800_000_000;
const HOUR = 3600;

/** A charge.succeeded event as Stripe sends it, with the personal data an audit does not need. */
const CHARGE_EVENT = {
  id: 'evt_1',
  object: 'event',
  api_version: '2024-06-20',
  created: 1_700_000_000,
  livemode: false,
  type: 'charge.succeeded',
  pending_webhooks: 1,
  request: { id: 'req_1', idempotency_key: 'key-ada' },
  data: {
    object: {
      id: 'ch_1',
      object: 'charge',
      amount: 5000,
      amount_captured: 5000,
      amount_refunded: 0,
      currency: 'usd',
      status: 'succeeded',
      paid: true,
      created: 1_700_000_000,
      livemode: false,
      customer: 'cus_1',
      invoice: { id: 'in_1', customer_email: 'ada@example.invalid' },
      balance_transaction: 'txn_1',
      description: 'Ada Lovelace, 2 seats',
      receipt_email: 'ada@example.invalid',
      billing_details: {
        name: 'Ada Lovelace',
        email: 'ada@example.invalid',
        phone: '+44 20 7946 0000',
        address: { line1: '1 Analytical Row', city: 'London' },
      },
      shipping: { name: 'Ada Lovelace', address: { line1: '1 Analytical Row' } },
      metadata: { netsuite_customer_id: '42', note: 'call Ada' },
      payment_method_details: {
        type: 'card',
        card: { brand: 'visa', last4: '4242', fingerprint: 'Xt5EWLLDS7FJjR1c', exp_month: 12, exp_year: 2030 },
      },
    },
    previous_attributes: { receipt_email: 'old@example.invalid' },
  },
};

describe('auditView: what a processed event keeps after the retention', () => {
  it('keeps the IDs, type, times, mode, amounts, currency and status', () => {
    expect(auditView(CHARGE_EVENT)).toEqual({
      id: 'evt_1',
      object: 'event',
      api_version: '2024-06-20',
      created: 1_700_000_000,
      livemode: false,
      type: 'charge.succeeded',
      data: {
        object: {
          id: 'ch_1',
          object: 'charge',
          amount: 5000,
          amount_captured: 5000,
          amount_refunded: 0,
          currency: 'usd',
          status: 'succeeded',
          paid: true,
          created: 1_700_000_000,
          livemode: false,
          customer: 'cus_1',
          invoice: 'in_1',
          balance_transaction: 'txn_1',
        },
      },
    });
  });

  it('drops names, emails, addresses, phones, descriptions, metadata, card details and previous values', () => {
    const text = auditPayload(JSON.stringify(CHARGE_EVENT));
    for (const personal of [
      'Ada',
      'ada@',
      'London',
      '+44',
      '2 seats',
      'call Ada',
      '4242',
      'Xt5EWLLDS7FJjR1c',
      'old@',
      'key-ada',
    ]) {
      expect(text).not.toContain(personal);
    }
    for (const key of [
      'metadata',
      'billing_details',
      'shipping',
      'payment_method_details',
      'previous_attributes',
      'request',
    ]) {
      expect(text).not.toContain(`"${key}"`);
    }
  });

  it('is the same when applied twice (a trimmed payload is its own audit view)', () => {
    const once = auditPayload(JSON.stringify(CHARGE_EVENT));
    expect(auditPayload(once)).toBe(once);
  });

  it('a payload that is no JSON becomes an empty object, not an error', () => {
    expect(auditPayload('not json')).toBe('{}');
  });
});

describe('card details are never stored', () => {
  it('a charge keeps only the payment method type of its payment_method_details', () => {
    const stored = JSON.parse(withoutCardDetails(JSON.stringify(CHARGE_EVENT))) as typeof CHARGE_EVENT;
    expect(stored.data.object.payment_method_details).toEqual({ type: 'card' });
    expect(stored.data.object.amount).toBe(5000);
    expect(stored.data.object.billing_details.email).toBe('ada@example.invalid');
  });

  it('a legacy card source is cut to its ID, a payment method to its type', () => {
    const legacy = {
      data: { object: { id: 'ch_2', source: { id: 'card_1', object: 'card', last4: '4242', name: 'Ada' } } },
    };
    expect(JSON.parse(withoutCardDetails(JSON.stringify(legacy)))).toEqual({
      data: { object: { id: 'ch_2', source: { id: 'card_1', object: 'card' } } },
    });
    const method = {
      data: {
        object: {
          id: 'pm_1',
          object: 'payment_method',
          type: 'card',
          card: { last4: '4242' },
          billing_details: { name: 'Ada' },
        },
      },
    };
    expect(JSON.parse(withoutCardDetails(JSON.stringify(method)))).toEqual({
      data: { object: { id: 'pm_1', object: 'payment_method', type: 'card' } },
    });
  });

  it('a payload without card details is kept byte for byte as signed', () => {
    const raw = '{"id": "evt_2",  "data": {"object": {"id": "cus_1", "email": "ada@example.invalid"}}}';
    expect(withoutCardDetails(raw)).toBe(raw);
  });
});

describe('processing leases', () => {
  it('a claim within its lease is kept (its invocation may still be running)', () => {
    expect(leaseDecision({ claimedAt: NOW - PROCESSING_LEASE_SECONDS, attempts: 1 }, NOW, 8)).toEqual({
      action: 'keep',
    });
  });

  it('a claim past its lease is requeued with a note naming the attempt and the lease', () => {
    const decision = leaseDecision({ claimedAt: NOW - PROCESSING_LEASE_SECONDS - 1, attempts: 2 }, NOW, 8);
    expect(decision).toEqual({ action: 'requeue', note: expect.stringContaining('attempt 2 was claimed at') });
    expect(decision.action === 'requeue' && decision.note).toContain('15-minute lease');
  });

  it('a claim past its lease after the last attempt parks the event with the reason', () => {
    const decision = leaseDecision({ claimedAt: NOW - 2 * HOUR, attempts: 8 }, NOW, 8);
    expect(decision).toEqual({
      action: 'park',
      error: expect.stringMatching(/^SNC_LEASE_EXPIRED: Attempt 8 did not finish/),
    });
    expect(decision.action === 'park' && decision.error).toContain('Parked after 8 attempts');
  });
});

describe('the silence alert', () => {
  const state = { newestEvent: NOW - 25 * HOUR, alertAfterHours: 24, toldFor: null };

  it('tells when the newest event is older than the setting', () => {
    expect(silenceAlert(state, NOW, 'acct_1')).toEqual({
      subject: 'Stripe connector: no Stripe event for 25 hours (acct_1)',
      body: expect.stringContaining('since 2027-01-14T07:00:00Z'),
    });
  });

  it('stays quiet before the setting, when off (0), and when nothing ever arrived', () => {
    expect(silenceAlert({ ...state, newestEvent: NOW - 23 * HOUR }, NOW, 'acct_1')).toBeNull();
    expect(silenceAlert({ ...state, alertAfterHours: 0 }, NOW, 'acct_1')).toBeNull();
    expect(silenceAlert({ ...state, newestEvent: null }, NOW, 'acct_1')).toBeNull();
  });

  it('tells once per silence: not again for the same newest event, again after a new one', () => {
    expect(silenceAlert({ ...state, toldFor: state.newestEvent }, NOW + HOUR, 'acct_1')).toBeNull();
    expect(silenceAlert({ ...state, toldFor: state.newestEvent - 3 * 86_400 }, NOW, 'acct_1')).not.toBeNull();
  });
});

describe('batching: one email names every parked event', () => {
  it('one event: named in the subject, with its type and reason', () => {
    expect(
      parkedDigest([{ eventId: 'evt_1', type: 'charge.succeeded', reason: 'SNC_INVALID_LINK: no customer 9' }]),
    ).toEqual({
      subject: 'Stripe connector: event evt_1 parked, needs attention',
      body: expect.stringContaining('- evt_1 (charge.succeeded): SNC_INVALID_LINK: no customer 9'),
    });
  });

  it('several events: counted in the subject, each on its own line, and those left for the next email counted', () => {
    const email = parkedDigest(
      [
        { eventId: 'evt_1', type: 'charge.succeeded', reason: 'A' },
        { eventId: 'evt_2', type: 'invoice.paid', reason: 'B' },
      ],
      3,
    );
    expect(email?.subject).toBe('Stripe connector: 5 events parked, need attention');
    expect(email?.body.split('\n').filter((line) => line.startsWith('- '))).toEqual([
      '- evt_1 (charge.succeeded): A',
      '- evt_2 (invoice.paid): B',
      '- … and 3 more, named in the next email',
    ]);
  });

  it('no parked event, no email', () => {
    expect(parkedDigest([])).toBeNull();
  });

  it('payouts: only those unreconciled longer than the setting, in one email', () => {
    const payouts = [
      { payoutId: 'po_old', since: NOW - 30 * HOUR, problems: 'source_missing: ch_1 is not booked' },
      { payoutId: 'po_new', since: NOW - 2 * HOUR, problems: 'source_missing: ch_2' },
    ];
    const stuck = payoutsToTell(payouts, NOW, 24);
    expect(stuck.map((p) => p.payoutId)).toEqual(['po_old']);
    expect(payoutsToTell(payouts, NOW, 0)).toEqual([]);
    expect(payoutDigest(stuck, 24)).toEqual({
      subject: 'Stripe connector: payout po_old not deposited after 24 hours',
      body: expect.stringContaining('- po_old: source_missing: ch_1 is not booked'),
    });
  });
});

describe('upkeep settings', () => {
  it('default to 24 hours and 30 days; 0 turns an alert off', () => {
    expect(parseUpkeepSettings({})).toEqual({
      alertAfterHours: 24,
      silenceToldFor: null,
      payoutAlertHours: 24,
      retentionDays: 30,
    });
    expect(
      parseUpkeepSettings({ custrecord_snc_set_alert_hours: '0', custrecord_snc_set_retention_days: 7 }),
    ).toMatchObject({
      alertAfterHours: 0,
      retentionDays: 7,
    });
  });

  it('refuse a retention below a day, naming the field', () => {
    expect(() => parseUpkeepSettings({ custrecord_snc_set_retention_days: '0' })).toThrow(
      'custrecord_snc_set_retention_days',
    );
  });
});

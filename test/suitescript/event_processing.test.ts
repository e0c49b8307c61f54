import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import type { StripeEvent } from '../../src/suitescript/booking/stripeShapes';
import { inApplyOrder } from '../../src/suitescript/events/ordering';
import { processEvent, type ClaimedEvent, type QueueOutcomes } from '../../src/suitescript/events/processor';
import { afterFailure, DEFAULT_RETRY_POLICY } from '../../src/suitescript/events/retry';
import { parseSettings, type ConnectorSettings } from '../../src/suitescript/settings';
import { EnvelopeError, parseEnvelope } from '../../src/suitescript/webhooks/envelope';
import { IntakeError, receiveEvent, type ReceivedEvent } from '../../src/suitescript/webhooks/intake';

const SECRET = 'whsec_unit_tests';
const noStripe = {
  retrieve: (): never => {
    throw new Error('no Stripe calls expected');
  },
  list: (): never => {
    throw new Error('no Stripe calls expected');
  },
};
const NOW = 1_790_000_000;
const settings: ConnectorSettings = parseSettings(1, {
  custrecord_snc_set_account: 'acct_123',
  custrecord_snc_set_livemode: false,
  custrecord_snc_set_mode: true,
  custrecord_snc_set_whsec: 'custsecret_snc_stripe_webhook',
  custrecord_snc_set_max_attempts: '3',
});

function signed(event: Record<string, unknown>, timestamp = NOW): { signature: string; payload: string } {
  const payload = JSON.stringify(event);
  return {
    payload,
    signature: new Stripe('sk_test_x').webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp }),
  };
}

const event = {
  id: 'evt_1',
  object: 'event',
  type: 'charge.succeeded',
  created: NOW - 5,
  livemode: false,
  data: { object: { id: 'ch_1', object: 'charge' } },
};

function intake(envelope: { signature: string; payload: string }, stored: ReceivedEvent[] = []) {
  return receiveEvent(envelope, {
    settings,
    hmacHex: (s) => createHmac('sha256', SECRET).update(s).digest('hex'),
    now: () => NOW,
    store: (received) => {
      if (stored.some((e) => e.eventId === received.eventId)) return { status: 'duplicate' };
      stored.push(received);
      return { status: 'stored', queueId: stored.length };
    },
  });
}

describe('intake: verify, then store once', () => {
  it('stores a signed event with what the queue needs, and reports a redelivery as a duplicate', () => {
    const stored: ReceivedEvent[] = [];
    const first = intake(signed(event), stored);
    expect(first.result).toEqual({ status: 'stored', queueId: 1 });
    expect(stored[0]).toMatchObject({
      eventId: 'evt_1',
      type: 'charge.succeeded',
      objectId: 'ch_1',
      objectType: 'charge',
      created: NOW - 5,
    });
    expect(intake(signed(event), stored).result).toEqual({ status: 'duplicate' });
    expect(stored).toHaveLength(1);
  });

  it.each([
    ['a bad signature', { ...signed(event), signature: 't=1,v1=00' }, 'SNC_SIGNATURE_INVALID'],
    ['a live event on test settings', signed({ ...event, livemode: true }), 'SNC_LIVEMODE_MISMATCH'],
    ['a payload that is not an event', signed({ hello: 'world' }), 'SNC_INVALID_EVENT'],
    ['a validly signed body `null`', signed(null as unknown as Record<string, unknown>), 'SNC_INVALID_EVENT'],
    ['a JSON array', signed([event] as unknown as Record<string, unknown>), 'SNC_INVALID_EVENT'],
    ['a non-integer created', signed({ ...event, created: NOW - 0.5 }), 'SNC_INVALID_EVENT'],
    ['a created given as text', signed({ ...event, created: String(NOW) }), 'SNC_INVALID_EVENT'],
    ['data null', signed({ ...event, data: null }), 'SNC_INVALID_EVENT'],
    ['data.object null', signed({ ...event, data: { object: null } }), 'SNC_INVALID_EVENT'],
  ])('refuses %s and writes nothing', (_name, envelope, code) => {
    const stored: ReceivedEvent[] = [];
    expect(() => intake(envelope, stored)).toThrow(expect.objectContaining({ code }));
    expect(stored).toEqual([]);
  });

  it("accepts the same account in a Connect-style event, and stores a connected account's event", () => {
    expect(intake(signed({ ...event, account: 'acct_123' })).result.status).toBe('stored');
    expect(intake(signed({ ...event, id: 'evt_2', account: 'acct_other' })).result.status).toBe('stored');
  });

  it('parses only the relay envelope', () => {
    expect(parseEnvelope(JSON.stringify({ v: 1, signature: 's', payload: 'p' }))).toEqual({
      signature: 's',
      payload: 'p',
    });
    expect(() => parseEnvelope(JSON.stringify({ v: 2, signature: 's', payload: 'p' }))).toThrow(EnvelopeError);
    expect(() => parseEnvelope({ v: 1 })).toThrow(/text\/plain/);
    expect(() => parseEnvelope('not json')).toThrow(/not JSON/);
    expect(IntakeError).toBeDefined();
  });
});

describe('settings', () => {
  it('reads the processing mode from the High Volume checkbox (lookupFields true, records T)', () => {
    const base = { custrecord_snc_set_account: 'acct_1', custrecord_snc_set_whsec: 'custsecret_x' };
    expect(parseSettings(1, base).processingMode).toBe('realtime');
    expect(parseSettings(1, { ...base, custrecord_snc_set_mode: true }).processingMode).toBe('high_volume');
    expect(parseSettings(1, { ...base, custrecord_snc_set_mode: 'T' }).processingMode).toBe('high_volume');
    expect(parseSettings(1, { ...base, custrecord_snc_set_mode: false }).processingMode).toBe('realtime');
  });

  it('names the invalid setting', () => {
    expect(() => parseSettings(1, { custrecord_snc_set_account: 'nope' })).toThrow(/custrecord_snc_set_account/);
    expect(() =>
      parseSettings(1, {
        custrecord_snc_set_account: 'acct_1',
        custrecord_snc_set_whsec: 'custsecret_x',
        custrecord_snc_set_tolerance: '-5',
      }),
    ).toThrow(/custrecord_snc_set_tolerance/);
  });
});

describe('processing one claimed event', () => {
  function recorder(): QueueOutcomes & { log: unknown[][] } {
    const log: unknown[][] = [];
    return {
      log,
      finish: (...args) => log.push(['finish', ...args]),
      retryLater: (...args) => log.push(['retry', ...args]),
      park: (...args) => log.push(['park', ...args]),
    };
  }
  const claimed = (type: string, attempts = 0): ClaimedEvent => ({
    queueId: 9,
    eventId: 'evt_9',
    type,
    payload: JSON.stringify({ ...event, type }),
    attempts,
  });

  it('finishes no-action and unhandled events with the table reason', () => {
    const outcomes = recorder();
    processEvent(claimed('customer.subscription.created'), {
      handlers: {},
      outcomes,
      context: { settings, stripe: noStripe },
      now: NOW,
    });
    processEvent(claimed('issuing_card.created'), {
      handlers: {},
      outcomes,
      context: { settings, stripe: noStripe },
      now: NOW,
    });
    expect(outcomes.log[0]).toEqual([
      'finish',
      9,
      'no_action',
      expect.stringContaining('subscriptions are not represented'),
      1,
    ]);
    expect(outcomes.log[1]).toEqual(['finish', 9, 'unhandled', expect.stringContaining('neither'), 1]);
  });

  it("a connected account's event (a Connect payout) is left alone: no handler runs", () => {
    const outcomes = recorder();
    const calls: string[] = [];
    const connected = {
      ...claimed('payout.paid'),
      payload: JSON.stringify({ ...event, type: 'payout.paid', account: 'acct_other' }),
    };
    processEvent(connected, {
      handlers: { payout: () => (calls.push('payout'), 'deposited') },
      outcomes,
      context: { settings, stripe: noStripe },
      now: NOW,
    });
    expect(calls).toEqual([]);
    expect(outcomes.log).toEqual([
      ['finish', 9, 'no_action', expect.stringContaining('Connected account acct_other'), 1],
    ]);
  });

  it('runs the handler once and records its note', () => {
    const outcomes = recorder();
    const calls: string[] = [];
    const handler = (e: StripeEvent): string => (calls.push(e.id), 'payment 42');
    expect(
      processEvent(claimed('charge.succeeded'), {
        handlers: { charge: handler },
        outcomes,
        context: { settings, stripe: noStripe },
        now: NOW,
      }),
    ).toEqual({ status: 'done', note: 'payment 42' });
    expect(calls).toEqual(['evt_1']);
    expect(outcomes.log).toEqual([['finish', 9, 'done', 'payment 42', 1]]);
  });

  it('keeps a failure with its error and next attempt, then parks after the last attempt', () => {
    const outcomes = recorder();
    const failing = (): string => {
      throw Object.assign(new Error('customer 7 is inactive'), { name: 'INVALID_KEY_OR_REF' });
    };
    const deps = { handlers: { charge: failing }, outcomes, context: { settings, stripe: noStripe }, now: NOW };
    expect(processEvent(claimed('charge.succeeded', 0), deps)).toEqual({
      status: 'retry',
      error: 'INVALID_KEY_OR_REF: customer 7 is inactive',
      nextAttemptAt: NOW + 60,
    });
    expect(processEvent(claimed('charge.succeeded', 1), deps)).toMatchObject({
      status: 'retry',
      nextAttemptAt: NOW + 120,
    });
    expect(processEvent(claimed('charge.succeeded', 2), deps)).toMatchObject({ status: 'parked' });
    expect(outcomes.log.map((l) => l[0])).toEqual(['retry', 'retry', 'park']);
  });

  it('an event whose earlier attempts died unrecorded runs again until the last, then is parked without running', () => {
    const outcomes = recorder();
    const calls: string[] = [];
    const handler = (e: StripeEvent): string => (calls.push(e.id), 'payment 42');
    const deps = { handlers: { charge: handler }, outcomes, context: { settings, stripe: noStripe }, now: NOW };
    // settings.maxAttempts is 3: after 2 interrupted attempts the third runs.
    expect(processEvent({ ...claimed('charge.succeeded', 2), interrupted: true }, deps)).toMatchObject({
      status: 'done',
    });
    expect(processEvent({ ...claimed('charge.succeeded', 3), interrupted: true }, deps)).toEqual({
      status: 'parked',
      error: expect.stringContaining('Attempt 3 did not finish'),
    });
    expect(calls).toHaveLength(1);
    expect(outcomes.log.map((l) => [l[0], l[l.length - 2]])).toEqual([
      ['finish', 'payment 42'],
      ['park', 3],
    ]);
  });

  it('a flow not installed yet is an error that keeps the event queued', () => {
    const outcomes = recorder();
    expect(
      processEvent(claimed('payout.paid'), {
        handlers: {},
        outcomes,
        context: { settings, stripe: noStripe },
        now: NOW,
      }),
    ).toMatchObject({
      status: 'retry',
      error: expect.stringContaining('payout booking flow is not installed'),
    });
  });

  it('backs off exponentially up to a cap', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 20 };
    expect([1, 2, 3, 4].map((n) => afterFailure(n, 0, policy))).toEqual(
      [60, 120, 240, 480].map((d) => ({ park: false, nextAttemptAt: d })),
    );
    expect(afterFailure(15, 0, policy)).toEqual({ park: false, nextAttemptAt: 6 * 3600 });
  });

  it('orders one object events by Stripe created, then by arrival', () => {
    const refs = [
      { queueId: 3, eventId: 'evt_c', created: 10 },
      { queueId: 1, eventId: 'evt_a', created: 12 },
      { queueId: 2, eventId: 'evt_b', created: 10 },
    ];
    expect(inApplyOrder(refs).map((r) => r.eventId)).toEqual(['evt_b', 'evt_c', 'evt_a']);
  });
});

describe('booking settings', () => {
  const base = { custrecord_snc_set_account: 'acct_1', custrecord_snc_set_whsec: 'custsecret_x' };

  it('reads select fields as lookupFields returns them, and the sync start date', () => {
    const parsed = parseSettings(4, {
      ...base,
      custrecord_snc_set_fee_account: [{ value: '61', text: 'Stripe Fees' }],
      custrecord_snc_set_subsidiary: [],
      custrecord_snc_set_start_date: '11/1/2026',
    });
    expect(parsed.booking).toMatchObject({
      feeAccount: 61,
      subsidiary: null,
      customerMode: 'per_customer',
      itemMode: 'per_price',
      syncStart: Date.UTC(2026, 10, 1) / 1000,
    });
  });

  it('reads the currency conversion fee and FX gain/loss accounts, empty when not set', () => {
    const parsed = parseSettings(4, {
      ...base,
      custrecord_snc_set_conversion_account: [{ value: '62', text: 'Conversion Fees' }],
      custrecord_snc_set_fx_account: '690',
    });
    expect(parsed.booking).toMatchObject({ conversionFeeAccount: 62, fxGainLossAccount: 690 });
    expect(parseSettings(4, base).booking).toMatchObject({ conversionFeeAccount: null, fxGainLossAccount: null });
    expect(() => parseSettings(4, { ...base, custrecord_snc_set_fx_account: 'FX' })).toThrow(
      /custrecord_snc_set_fx_account must be an internal ID/,
    );
  });

  it('reads the dispute fee and dispute reinstatement accounts, empty when not set', () => {
    const parsed = parseSettings(4, {
      ...base,
      custrecord_snc_set_dispute_fee_account: '63',
      custrecord_snc_set_dispute_rein_account: [{ value: '48', text: 'Dispute Reinstatements' }],
    });
    expect(parsed.booking).toMatchObject({ disputeFeeAccount: 63, disputeReinstatementAccount: 48 });
    expect(parseSettings(4, base).booking).toMatchObject({
      disputeFeeAccount: null,
      disputeReinstatementAccount: null,
    });
  });

  it('names the setting a mode needs but lacks, or a value it does not know', () => {
    expect(() => parseSettings(4, { ...base, custrecord_snc_set_customer_mode: 'global' })).toThrow(
      /custrecord_snc_set_global_customer is required/,
    );
    expect(() => parseSettings(4, { ...base, custrecord_snc_set_customer_mode: 'match' })).toThrow(
      /custrecord_snc_set_match_field is required/,
    );
    expect(() => parseSettings(4, { ...base, custrecord_snc_set_item_mode: 'global' })).toThrow(
      /custrecord_snc_set_global_item is required/,
    );
    expect(() => parseSettings(4, { ...base, custrecord_snc_set_item_mode: 'sku' })).toThrow(
      /custrecord_snc_set_item_mode must be one of per_price, global, metadata/,
    );
    expect(() => parseSettings(4, { ...base, custrecord_snc_set_fee_account: 'Stripe Fees' })).toThrow(
      /custrecord_snc_set_fee_account must be an internal ID/,
    );
    expect(() => parseSettings(4, { ...base, custrecord_snc_set_start_date: '2026-11-01' })).toThrow(
      /custrecord_snc_set_start_date must be a date/,
    );
  });
});

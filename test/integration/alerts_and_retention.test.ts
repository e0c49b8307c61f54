import { PROCESSING_LEASE_SECONDS } from '../../src/suitescript/events/leases';
import { installBooking, QUEUE_MR, startIngressPipeline, type IngressPipeline } from '../../tools/localConnector';
import { eventStatusId, payoutStatusId, readableStatuses } from '../../tools/connectorStatuses';
import { nsRecord } from './helpers/pipeline';

/**
 * What the admin is told and what is kept, through the whole path: Stripe sandbox → relay → RESTlet → queue
 * Map/Reduce, and the upkeep scheduled script (customscript_snc_upkeep_ss) in the emulator.
 */
const UPKEEP = {
  scriptId: 'customscript_snc_upkeep_ss',
  deploymentId: 'customdeploy_snc_upkeep',
  type: 'SCHEDULED',
} as const;
const HOUR = 3600;
const DAY = 86_400;

let pipeline: IngressPipeline;

beforeEach(async () => {
  pipeline = await startIngressPipeline({}, { webhooks: { autoDeliver: false } });
  installBooking(pipeline, ['usd']);
});
afterEach(() => pipeline.close());

/** Moves Stripe's and NetSuite's clocks together. */
function advance(seconds: number): void {
  pipeline.stripe.advanceClock(seconds);
  pipeline.ns.advance(seconds * 1000);
}

function newCustomer(params: Record<string, string> = {}): string {
  const answer = pipeline.stripe.request('POST', '/v1/customers', {
    name: 'Ada Lovelace',
    email: 'ada@example.invalid',
    ...params,
  });
  return (answer.body as { id: string }).id;
}

type EventRow = {
  id: number;
  event: string;
  type: string;
  status: string;
  attempts: number;
  note: string;
  payload: string;
  trimmed: number | null;
};

function events(): EventRow[] {
  return readableStatuses(pipeline.ns, eventRows(), 'event');
}

function eventRows(): EventRow[] {
  return pipeline.ns.sql.query(
    `SELECT id, name AS event, custrecord_snc_evt_type AS type, custrecord_snc_evt_status AS status,
            custrecord_snc_evt_attempts AS attempts, custrecord_snc_evt_note AS note, custrecord_snc_evt_payload AS payload,
            custrecord_snc_evt_trimmed_at AS trimmed
     FROM customrecord_snc_event ORDER BY id`,
    [],
  ).rows as EventRow[];
}

function emails(): { recipients: string[]; subject: string; body: string }[] {
  return pipeline.ns.services.emails.map(({ recipients, subject, body }) => ({ recipients, subject, body }));
}

describe('the admin is told', () => {
  it('events parked in one queue run: one email naming each with its type and reason, not repeated by the next run', async () => {
    // A link to a customer NetSuite does not have fails every attempt (SNC_INVALID_LINK); the settings allow 3.
    newCustomer({ 'metadata[netsuite_customer_id]': '999999' });
    newCustomer({ name: 'Grace', email: 'grace@example.invalid', 'metadata[netsuite_customer_id]': '999998' });
    await pipeline.stripe.deliverAll();
    for (const wait of [0, 61, 121]) {
      pipeline.ns.advance(wait * 1000);
      pipeline.ns.mapReduce(QUEUE_MR);
    }
    const parked = events().filter((e) => e.status === 'parked');
    expect(parked.map((e) => e.type)).toEqual(['customer.created', 'customer.created']);
    expect(emails()).toHaveLength(1);
    const [email] = emails();
    expect(email?.recipients).toEqual(['finance-admin@example.invalid']);
    expect(email?.subject).toBe('Stripe connector: 2 events parked, need attention');
    for (const event of parked) expect(email?.body).toContain(`- ${event.event} (customer.created): SNC_INVALID_LINK`);
    pipeline.ns.advance(HOUR * 1000);
    pipeline.ns.mapReduce(QUEUE_MR);
    expect(emails()).toHaveLength(1);
  });

  it('an event left processing past its lease is requeued with a note by the next run, and booked once', async () => {
    newCustomer();
    await pipeline.stripe.deliverAll();
    // The first two attempts die in the flow (usage limit) without recording an outcome.
    pipeline.ns.faults.exhaustGovernanceOnSave('customer', 2);
    pipeline.ns.mapReduce(QUEUE_MR);
    expect(events()[0]).toMatchObject({ status: 'processing', attempts: 1 });
    // Within the lease the claim is left alone: its invocation could still be running.
    pipeline.ns.advance((PROCESSING_LEASE_SECONDS - 60) * 1000);
    pipeline.ns.mapReduce(QUEUE_MR);
    expect(events()[0]).toMatchObject({ status: 'processing', attempts: 1 });
    pipeline.ns.advance(120 * 1000);
    pipeline.ns.mapReduce(QUEUE_MR);
    expect(events()[0]).toMatchObject({
      status: 'processing',
      attempts: 2,
      note: expect.stringMatching(/^Requeued at .*attempt 1 was claimed at .*15-minute lease/),
    });
    pipeline.ns.advance((PROCESSING_LEASE_SECONDS + 1) * 1000);
    pipeline.ns.mapReduce(QUEUE_MR);
    expect(events()[0]).toMatchObject({ status: 'done', attempts: 3 });
    expect(pipeline.ns.sql.query(`SELECT id FROM customer WHERE externalid LIKE 'cus_%'`, []).rows).toHaveLength(1);
    expect(emails()).toEqual([]);
  });

  it('no event for 25 hours: one email, not repeated the next hour; a new silence after new events is told again', async () => {
    newCustomer();
    await pipeline.stripe.deliverAll();
    pipeline.ns.mapReduce(QUEUE_MR);
    advance(23 * HOUR);
    expect(pipeline.ns.scheduled(UPKEEP).status).toBe('COMPLETE');
    expect(emails()).toEqual([]);
    advance(2 * HOUR);
    pipeline.ns.scheduled(UPKEEP);
    expect(emails()).toEqual([
      {
        recipients: ['finance-admin@example.invalid'],
        subject: expect.stringMatching(/^Stripe connector: no Stripe event for 25 hours/),
        body: expect.stringContaining('This email is sent once per silence'),
      },
    ]);
    advance(HOUR);
    pipeline.ns.scheduled(UPKEEP);
    expect(emails()).toHaveLength(1);
    newCustomer({ name: 'Grace', email: 'grace@example.invalid' });
    await pipeline.stripe.deliverAll();
    advance(25 * HOUR);
    pipeline.ns.scheduled(UPKEEP);
    expect(emails()).toHaveLength(2);
  });
});

describe('payouts left unreconciled', () => {
  it('a payout unreconciled for more than the setting: one email naming it and its problems, once', () => {
    // The reconciliation record as the payout flow leaves a payout it cannot deposit.
    nsRecord(pipeline)
      .create({ type: 'customrecord_snc_payout' })
      .setValue({ fieldId: 'name', value: 'po_stuck' })
      .setValue({ fieldId: 'externalid', value: 'po_stuck' })
      .setValue({ fieldId: 'custrecord_snc_po_status', value: payoutStatusId(pipeline.ns, 'unreconciled') })
      .setValue({ fieldId: 'custrecord_snc_po_problems', value: 'source_missing: ch_1 is not booked in NetSuite' })
      .save();
    pipeline.ns.scheduled(UPKEEP);
    advance(23 * HOUR);
    pipeline.ns.scheduled(UPKEEP);
    expect(emails()).toEqual([]);
    advance(2 * HOUR);
    pipeline.ns.scheduled(UPKEEP);
    expect(emails()).toEqual([
      {
        recipients: ['finance-admin@example.invalid'],
        subject: 'Stripe connector: payout po_stuck not deposited after 24 hours',
        body: expect.stringContaining('- po_stuck: source_missing: ch_1 is not booked in NetSuite'),
      },
    ]);
    advance(HOUR);
    pipeline.ns.scheduled(UPKEEP);
    expect(emails()).toHaveLength(1);
  });
});

describe('personal data kept no longer than needed', () => {
  it('payloads of processed events older than the retention are trimmed; recent and parked ones are not; a second run changes nothing', async () => {
    newCustomer();
    const parkedCustomer = newCustomer({ name: 'Grace', email: 'grace@example.invalid' });
    await pipeline.stripe.deliverAll();
    // An admin's parked event (the queue never ran it): its payload is needed to retry it.
    const parkedRow = events().find((e) => e.payload.includes(parkedCustomer));
    nsRecord(pipeline).submitFields({
      type: 'customrecord_snc_event',
      id: Number(parkedRow?.id),
      values: { custrecord_snc_evt_status: eventStatusId(pipeline.ns, 'parked'), custrecord_snc_evt_admin_told: 1 },
    });
    pipeline.ns.mapReduce(QUEUE_MR);
    advance(31 * DAY);
    newCustomer({ name: 'Hedy', email: 'hedy@example.invalid' });
    await pipeline.stripe.deliverAll();
    pipeline.ns.mapReduce(QUEUE_MR);
    const before = events();
    expect(before.map((e) => e.status)).toEqual(['done', 'parked', 'done']);

    pipeline.ns.scheduled(UPKEEP);
    const [old, parked, recent] = events();
    expect(old?.trimmed).toEqual(expect.any(Number));
    expect(JSON.parse(String(old?.payload))).toEqual({
      id: before[0]?.event,
      object: 'event',
      api_version: expect.any(String),
      created: expect.any(Number),
      livemode: false,
      type: 'customer.created',
      data: {
        object: {
          id: expect.stringMatching(/^cus_/),
          object: 'customer',
          created: expect.any(Number),
          livemode: false,
          currency: null,
        },
      },
    });
    expect(old?.payload).not.toContain('ada@example.invalid');
    expect(old?.payload).not.toContain('Ada Lovelace');
    expect(parked).toEqual(before[1]);
    expect(recent).toEqual(before[2]);
    expect(recent?.payload).toContain('hedy@example.invalid');

    const trimmed = events();
    advance(HOUR);
    pipeline.ns.scheduled(UPKEEP);
    expect(events()).toEqual(trimmed);
  });

  it('a card payment: the stored charge event keeps the payment method type, never the card details', async () => {
    pipeline.stripe.request('POST', '/v1/payment_intents', {
      amount: 5000,
      currency: 'usd',
      payment_method: 'pm_card_bypassPending',
      confirm: 'true',
    });
    await pipeline.stripe.deliverAll();
    const charge = events().find((e) => e.type === 'charge.succeeded');
    const stored = JSON.parse(String(charge?.payload)) as {
      data: { object: { payment_method_details: unknown; amount: number } };
    };
    expect(stored.data.object).toMatchObject({ amount: 5000, payment_method_details: { type: 'card' } });
    for (const row of events()) {
      expect(row.payload).not.toMatch(/"last4"|"fingerprint"|"exp_month"/);
    }
  });
});

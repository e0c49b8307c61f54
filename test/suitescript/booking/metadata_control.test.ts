import { bookCharge } from '../../../src/suitescript/booking/flows/charges';
import type { BookingContext } from '../../../src/suitescript/booking/flows/context';
import type { FlowOutcome } from '../../../src/suitescript/booking/flows/outcome';
import { bookRefunds } from '../../../src/suitescript/booking/flows/refunds';
import {
  BlockedByMetadata,
  blockedObjectId,
  isBlocked,
  transactionLinkProblem,
  type TransactionLink,
  type TransactionTarget,
} from '../../../src/suitescript/booking/metadataControl';
import type { StripeCharge } from '../../../src/suitescript/booking/stripeShapes';
import {
  byStripeObject,
  spacingMs,
  stripeObjectType,
  depositWriteBack,
  writeBackKey,
  writeBacksOf,
} from '../../../src/suitescript/booking/writeBacks';
import { processEvent, type QueueOutcomes } from '../../../src/suitescript/events/processor';
import { parseSettings, type ConnectorSettings } from '../../../src/suitescript/settings';
import { BOOKING, FakeBooks, fakeStripe, noStripe } from './fakes';

/**
 * Control from Stripe metadata (Stripe docs, Stripe Connector for NetSuite, "Custom payment application",
 * section "Stripe metadata"): the block key, the charge and refund links, and the IDs written back.
 */
const ctx = (books: FakeBooks, stripe = noStripe): BookingContext => ({ booking: BOOKING, stripe, books });

const charge: StripeCharge = {
  id: 'ch_9',
  object: 'charge',
  amount: 700,
  currency: 'usd',
  status: 'succeeded',
  captured: true,
  created: 1_790_000_000,
  customer: 'cus_A',
};

const invoice42: TransactionTarget = {
  recordType: 'invoice',
  entity: 7,
  currency: 'usd',
  totalMinor: 1000,
  openMinor: 1000,
  voided: false,
};

describe('netsuite_block_integration', () => {
  it('"true" in any case blocks; other values and no key do not', () => {
    expect(isBlocked({ netsuite_block_integration: 'true' })).toBe(true);
    expect(isBlocked({ netsuite_block_integration: ' TRUE ' })).toBe(true);
    expect(isBlocked({ netsuite_block_integration: 'false' })).toBe(false);
    expect(isBlocked({ netsuite_block_integration: '' })).toBe(false);
    expect(isBlocked({})).toBe(false);
    expect(isBlocked(undefined)).toBe(false);
  });

  it("an event's object of any type is read loosely", () => {
    expect(blockedObjectId({ id: 'po_1', object: 'payout', metadata: { netsuite_block_integration: 'true' } })).toBe(
      'po_1',
    );
    expect(blockedObjectId({ id: 'po_1', object: 'payout' })).toBeNull();
    expect(blockedObjectId({ object: 'balance' })).toBeNull();
  });

  it('a blocked charge books nothing, not even its customer', () => {
    const books = new FakeBooks();
    const blocked = { ...charge, metadata: { netsuite_block_integration: 'true' } };
    expect(() => bookCharge(blocked, ctx(books))).toThrow(BlockedByMetadata);
    expect(() => bookCharge(blocked, ctx(books))).toThrow(
      'ch_9 has metadata netsuite_block_integration=true: the connector skips it (remove the key in Stripe to book it)',
    );
    expect(books.created).toEqual([]);
  });

  it('a charge of a blocked customer NetSuite does not know yet is skipped, naming the customer', () => {
    const books = new FakeBooks();
    const stripe = fakeStripe({
      '/v1/customers/cus_A': { id: 'cus_A', object: 'customer', metadata: { netsuite_block_integration: 'true' } },
    });
    expect(() => bookCharge(charge, ctx(books, stripe))).toThrow('cus_A has metadata netsuite_block_integration=true');
    expect(books.created).toEqual([]);
  });

  it('a refund carrying the key is skipped and noted; when it is the only one, the event is', () => {
    const books = new FakeBooks();
    books.hold('ch_9', 50, 'customerpayment', { entity: 7, totalMinor: 700, currency: 'usd' });
    const refund = { id: 're_1', amount: 300, currency: 'usd', status: 'succeeded', created: 1_790_000_500 };
    const blocked = { ...refund, id: 're_2', metadata: { netsuite_block_integration: 'true' } };
    const both = { ...charge, refunds: { data: [refund, blocked] } };
    const outcome = bookRefunds(both, ctx(books));
    expect(outcome.records.map((r) => [r.stripeId, r.recordType, r.how])).toEqual([
      ['re_1', 'customerrefund', 'created'],
    ]);
    expect(outcome.notes).toEqual([
      're_2 has metadata netsuite_block_integration=true: the connector skips it (remove the key in Stripe to book it)',
    ]);
    expect(() => bookRefunds({ ...charge, refunds: { data: [blocked] } }, ctx(books))).toThrow(
      expect.objectContaining({ code: 'SNC_BLOCKED_BY_METADATA', blockedId: 're_2', stripeId: 'ch_9' }),
    );
  });
});

describe('the event processor and a blocked object', () => {
  const settings: ConnectorSettings = parseSettings(1, {
    custrecord_snc_set_account: 'acct_1',
    custrecord_snc_set_whsec: 'custsecret_snc_stripe_webhook',
  });
  const finished: [string, string][] = [];
  const outcomes: QueueOutcomes = {
    finish: (_id, status, note) => finished.push([status, note]),
    retryLater: () => {
      throw new Error('not retried');
    },
    park: () => {
      throw new Error('not parked');
    },
  };
  const payload = (object: Record<string, unknown>): string =>
    JSON.stringify({ id: 'evt_1', type: 'charge.succeeded', created: 1, livemode: false, data: { object } });

  beforeEach(() => finished.splice(0));

  it("the event's own object carrying the key: no_action with the key named, the handler never runs", () => {
    const result = processEvent(
      {
        queueId: 1,
        eventId: 'evt_1',
        type: 'charge.succeeded',
        payload: payload({ id: 'ch_1', object: 'charge', metadata: { netsuite_block_integration: 'true' } }),
        attempts: 0,
      },
      {
        handlers: {
          charge: () => {
            throw new Error('booked');
          },
        },
        outcomes,
        context: { settings, stripe: noStripe },
        now: 0,
      },
    );
    expect(result.status).toBe('no_action');
    expect(finished).toEqual([
      [
        'no_action',
        'Not booked: ch_1 has metadata netsuite_block_integration=true: the connector skips it (remove the key in Stripe to book it)',
      ],
    ]);
  });

  it('an object it depends on found blocked while booking: no_action, not a retry', () => {
    processEvent(
      {
        queueId: 1,
        eventId: 'evt_1',
        type: 'charge.succeeded',
        payload: payload({ id: 'ch_1', object: 'charge' }),
        attempts: 0,
      },
      {
        handlers: {
          charge: () => {
            throw new BlockedByMetadata('in_1', 'ch_1');
          },
        },
        outcomes,
        context: { settings, stripe: noStripe },
        now: 0,
      },
    );
    expect(finished).toEqual([
      [
        'no_action',
        'Not booked: ch_1 depends on in_1, which has metadata netsuite_block_integration=true: the connector skips it (remove the key in Stripe to book it)',
      ],
    ]);
  });
});

describe('transactionLinkProblem: what a netsuite_*_id key may name', () => {
  const link: TransactionLink = {
    stripeId: 'ch_9',
    key: 'netsuite_invoice_id',
    id: 42,
    currency: 'usd',
    amountMinor: 700,
    customer: null,
    customerFrom: 'named by netsuite_customer_id',
  };
  const problem = (target: TransactionTarget | null, more: Partial<TransactionLink> = {}): string | null =>
    transactionLinkProblem({ ...link, ...more }, 'invoice', target);

  it('an open invoice of the currency with enough open takes it', () => {
    expect(problem(invoice42)).toBeNull();
    expect(problem(invoice42, { customer: 7 })).toBeNull();
  });

  it.each([
    [
      null,
      {},
      'ch_9 has netsuite_invoice_id 42, but NetSuite has no transaction with internal ID 42: correct the metadata',
    ],
    [{ ...invoice42, recordType: 'creditmemo' }, {}, 'but that record is a credit memo, not an invoice'],
    [{ ...invoice42, voided: true }, {}, 'but that invoice is voided'],
    [{ ...invoice42, currency: 'eur' }, {}, 'but that invoice is in EUR and ch_9 in USD'],
    [
      invoice42,
      { customer: 8 },
      'but that invoice belongs to customer 7, not customer 8 (named by netsuite_customer_id)',
    ],
    [{ ...invoice42, openMinor: 0 }, {}, 'but that invoice has nothing left to pay'],
    [{ ...invoice42, openMinor: 500 }, {}, 'but that invoice has 5.00 USD open and ch_9 is 7.00 USD'],
  ])('refuses %#', (target, more, expected) => {
    expect(problem(target, more)).toContain(expected);
  });
});

describe('charges and refunds booked against the record their metadata names', () => {
  it('netsuite_invoice_id: a payment applied to that invoice, for its customer; a replay finds it', () => {
    const books = new FakeBooks();
    books.transactions.set(42, invoice42);
    const linked = { ...charge, metadata: { netsuite_invoice_id: '42' } };
    const expected: FlowOutcome = {
      stripeId: 'ch_9',
      records: [{ stripeId: 'ch_9', recordType: 'customerpayment', id: 100, how: 'created' }],
      notes: ['applied to invoice 42 named by netsuite_invoice_id'],
    };
    expect(bookCharge(linked, ctx(books))).toEqual(expected);
    expect(books.created).toEqual([
      {
        kind: 'customerpayment',
        id: 100,
        values: expect.objectContaining({ invoice: 42, customer: 7, amountMinor: 700, externalId: 'ch_9' }),
      },
    ]);
    // The invoice is paid now: a replay finds the payment instead of refusing the link.
    books.transactions.set(42, { ...invoice42, openMinor: 300 });
    expect(bookCharge(linked, ctx(books)).records).toEqual([
      { stripeId: 'ch_9', recordType: 'customerpayment', id: 100, how: 'found' },
    ]);
    expect(books.created).toHaveLength(1);
  });

  it('a bad netsuite_invoice_id is SNC_INVALID_LINK and books nothing', () => {
    const books = new FakeBooks();
    expect(() => bookCharge({ ...charge, metadata: { netsuite_invoice_id: '42' } }, ctx(books))).toThrow(
      expect.objectContaining({ code: 'SNC_INVALID_LINK' }),
    );
    expect(() => bookCharge({ ...charge, metadata: { netsuite_invoice_id: 'INV-42' } }, ctx(books))).toThrow(
      'ch_9 has netsuite_invoice_id "INV-42", not a NetSuite internal ID',
    );
    expect(books.created).toEqual([]);
  });

  it('netsuite_customer_id: the unapplied payment goes to that customer, checked, none created', () => {
    const books = new FakeBooks();
    books.targets.set(8, { type: 'customer', inactive: false });
    const outcome = bookCharge({ ...charge, metadata: { netsuite_customer_id: '8' } }, ctx(books));
    expect(outcome.records[0]).toEqual({
      stripeId: null,
      recordType: 'customer',
      id: 8,
      how: 'linked',
      detail: 'by netsuite_customer_id',
    });
    expect(books.created).toEqual([
      { kind: 'customerpayment', id: 100, values: expect.objectContaining({ customer: 8 }) },
    ]);
    books.targets.set(9, { type: 'customer', inactive: true });
    expect(() => bookCharge({ ...charge, id: 'ch_10', metadata: { netsuite_customer_id: '9' } }, ctx(books))).toThrow(
      'ch_10 has netsuite_customer_id 9, but that customer is inactive',
    );
  });

  it('netsuite_credit_memo_id: a customer refund applying that credit memo, none made', () => {
    const books = new FakeBooks();
    books.hold('ch_9', 50, 'customerpayment', { entity: 7, totalMinor: 700, currency: 'usd' });
    books.transactions.set(60, { ...invoice42, recordType: 'creditmemo', openMinor: 300, totalMinor: 300 });
    const refund = {
      id: 're_1',
      amount: 300,
      currency: 'usd',
      status: 'succeeded',
      created: 1_790_000_500,
      metadata: { netsuite_credit_memo_id: '60' },
    };
    const outcome = bookRefunds({ ...charge, refunds: { data: [refund] } }, ctx(books));
    expect(outcome.records).toEqual([
      {
        stripeId: 're_1',
        recordType: 'customerrefund',
        id: 100,
        how: 'created',
        detail: 'applying credit memo 60 named by netsuite_credit_memo_id',
      },
    ]);
    expect(books.created[0]?.values).toEqual(
      expect.objectContaining({ customer: 7, applyTo: { id: 60, type: 'creditmemo' }, amountMinor: 300 }),
    );
    // A memo of another customer than the payment's is refused.
    books.transactions.set(61, { ...invoice42, recordType: 'creditmemo', entity: 9, openMinor: 300 });
    expect(() =>
      bookRefunds(
        { ...charge, refunds: { data: [{ ...refund, id: 're_2', metadata: { netsuite_credit_memo_id: '61' } }] } },
        ctx(books),
      ),
    ).toThrow("but that credit memo belongs to customer 9, not customer 7 (the customer of ch_9's payment 50)");
  });
});

describe('write-backs of NetSuite IDs to Stripe metadata', () => {
  it('uses the keys of Stripe\'s "Connector metadata keys" table by object and record type', () => {
    expect(writeBackKey('cus_1', 'customer')).toBe('netsuite_customer_id');
    expect(writeBackKey('in_1', 'invoice')).toBe('netsuite_invoice_id');
    expect(writeBackKey('ch_1', 'customerpayment')).toBe('netsuite_customer_payment_id');
    expect(writeBackKey('re_1', 'customerrefund')).toBe('netsuite_customer_refund_id');
    expect(writeBackKey('re_1', 'creditmemo')).toBe('netsuite_credit_memo_id');
    expect(writeBackKey('du_1', 'customerrefund')).toBe('netsuite_customer_refund_id');
    expect(writeBackKey('price_1', 'serviceitem')).toBe('netsuite_service_sale_item_id');
    expect(writeBackKey('in_1', 'creditmemo')).toBeNull();
    expect(writeBackKey('cn_1', 'creditmemo')).toBeNull();
    expect(stripeObjectType('po_1')).toBe('payouts');
  });

  it("a payout's deposit: netsuite_deposit_id with the first deposit's ID; the later parts of a split payout write nothing", () => {
    expect(depositWriteBack('po_1', 812, 0)).toEqual({ stripeId: 'po_1', key: 'netsuite_deposit_id', value: '812' });
    expect(depositWriteBack('po_1', 813, 1)).toBeNull();
  });

  it('writes back what a run made or matched, never what it found, linked or took as global', () => {
    const outcome: FlowOutcome = {
      stripeId: 'ch_1',
      records: [
        { stripeId: 'cus_1', recordType: 'customer', id: 5, how: 'created' },
        { stripeId: 'ch_1', recordType: 'customerpayment', id: 9, how: 'created', unapplied: true },
      ],
      paidInvoice: {
        stripeId: 'in_1',
        records: [
          { stripeId: 'in_1', recordType: 'invoice', id: 7, how: 'created' },
          { stripeId: 'cus_2', recordType: 'customer', id: 6, how: 'found' },
          { stripeId: 'cus_3', recordType: 'customer', id: 3, how: 'linked' },
          { stripeId: null, recordType: 'customer', id: 1, how: 'global' },
        ],
      },
    };
    expect(writeBacksOf(outcome)).toEqual([
      { stripeId: 'in_1', key: 'netsuite_invoice_id', value: '7' },
      { stripeId: 'cus_1', key: 'netsuite_customer_id', value: '5' },
      { stripeId: 'ch_1', key: 'netsuite_customer_payment_id', value: '9' },
    ]);
  });

  it('one request per Stripe object, spaced to the rate', () => {
    const groups = byStripeObject([
      { stripeId: 're_1', key: 'netsuite_credit_memo_id', value: '4' },
      { stripeId: 'cus_1', key: 'netsuite_customer_id', value: '5' },
      { stripeId: 're_1', key: 'netsuite_customer_refund_id', value: '6' },
    ]);
    expect([...groups.keys()]).toEqual(['re_1', 'cus_1']);
    expect(groups.get('re_1')?.map((w) => w.key)).toEqual(['netsuite_credit_memo_id', 'netsuite_customer_refund_id']);
    expect(spacingMs(20)).toBe(50);
    expect(spacingMs(3)).toBe(334);
  });

  it('the settings: off by default, 20 a second unless set, 1 to 100', () => {
    const raw = { custrecord_snc_set_account: 'acct_1', custrecord_snc_set_whsec: 'custsecret_snc_stripe_webhook' };
    expect(parseSettings(1, raw).booking).toEqual(expect.objectContaining({ writeBackIds: false, writeBackRate: 20 }));
    expect(
      parseSettings(1, { ...raw, custrecord_snc_set_write_back: 'T', custrecord_snc_set_write_back_rate: '100' })
        .booking,
    ).toEqual(expect.objectContaining({ writeBackIds: true, writeBackRate: 100 }));
    expect(() => parseSettings(1, { ...raw, custrecord_snc_set_write_back_rate: '101' })).toThrow(
      'custrecord_snc_set_write_back_rate must be a whole number from 1 to 100',
    );
  });
});

import { noteOf, type FlowOutcome } from '../../../src/suitescript/booking/flows/outcome';

// The event's Note field: the wording the README and the queue show.
describe('noteOf: a flow outcome as the event note', () => {
  test('records made and found, in order; a payment or refund of another Stripe object names it', () => {
    const invoice: FlowOutcome = {
      stripeId: 'in_1',
      records: [
        { stripeId: 'cus_A', recordType: 'customer', id: 100, how: 'created' },
        { stripeId: 'in_1', recordType: 'invoice', id: 103, how: 'found' },
        { stripeId: 'ch_1', recordType: 'customerpayment', id: 104, how: 'created' },
      ],
      notes: ['Stripe says void: not reflected in NetSuite yet'],
    };
    expect(noteOf(invoice)).toBe(
      'in_1: customer 100 created; invoice 103 found; payment 104 created for ch_1; Stripe says void: not reflected in NetSuite yet',
    );
    expect(noteOf({ stripeId: 'ch_1', records: [], paidInvoice: invoice })).toMatch(/^ch_1 paid in_1: customer 100/);
  });

  test('unapplied payments, global records, links, matches, items, credit memos and refunds', () => {
    const note = noteOf({
      stripeId: 'ch_9',
      records: [
        { stripeId: null, recordType: 'customer', id: 3, how: 'global', detail: '(deleted in Stripe)' },
        { stripeId: 'cus_B', recordType: 'customer', id: 8, how: 'linked', detail: 'by metadata' },
        { stripeId: 'cus_C', recordType: 'customer', id: 55, how: 'matched', detail: 'email' },
        { stripeId: 'ch_9', recordType: 'customerpayment', id: 101, how: 'created', unapplied: true },
        { stripeId: 'price_1', recordType: 'serviceitem', id: 7, how: 'created' },
        { stripeId: 'price_2', recordType: 'serviceitem', id: 9, how: 'found' },
        { stripeId: 're_1', recordType: 'creditmemo', id: 105, how: 'created' },
        { stripeId: 're_1', recordType: 'customerrefund', id: 106, how: 'created' },
      ],
    });
    expect(note).toBe(
      'ch_9: global customer (deleted in Stripe); customer 8 linked by metadata; customer 55 matched on email; ' +
        'unapplied payment 101 created; serviceitem 7 created; item 9 found; credit memo 105 created; ' +
        'refund 106 created for re_1',
    );
  });

  test('skipped: the reason', () => {
    expect(noteOf({ stripeId: 'ch_1', records: [], skipped: { reason: 'charge ch_1 is not captured yet' } })).toBe(
      'Not booked: charge ch_1 is not captured yet',
    );
  });
});

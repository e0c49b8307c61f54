// Booking flows: governance units per event in realtime mode, next to the floor (the record writes the
// event's flow made, which it cannot avoid), from each RESTlet invocation's own call counts.
import { installBooking, startIngressPipeline, WEBHOOK_RESTLET } from '../tools/localConnector';
import type Stripe from 'stripe';
import { orderStream, type Variants } from './orderStream';

/** Record calls that write; their units are the floor. */
const WRITES = ['record.create', 'record.transform', 'record.copy', 'record.save', 'record.submitFields'];

export interface FlowFigures {
  event: string;
  samples: number;
  /** Units of the whole RESTlet call. */
  unitsPerEvent: number;
  /** Beyond the ingress every event pays (verify, store, order check, claim, finish). */
  flowUnits: number;
  /** Units of the booking writes the flow made. */
  writes: number;
  /** Units of the reads no event payload can replace (UNAVOIDABLE_READS), as the flow made them. */
  unavoidableReads: number;
  /** writes + unavoidable reads: the developers' guide's floor. */
  floor: number;
  /** flowUnits / floor, for events that wrote. */
  ratio: number | null;
  /** What the units above the floor went on. */
  reads: string;
}

interface Sample {
  event: string;
  /** The stream's label for the event's object (orderStream.ts), when it gave one. */
  variant: string | undefined;
  units: number;
  writes: number;
  calls: Record<string, { count: number; units: number }>;
}

/** A realistic stream: a catalogue, then customers paying invoices and one-off charges, refunds, disputes, payouts. */
/** What every event pays before its flow: the event of no action's units, writes and loads. */
interface Ingress {
  units: number;
  writes: number;
  loads: number;
}

async function stream(): Promise<{ samples: Sample[]; ingress: Ingress }> {
  const variants: Variants = new Map();
  const pipeline = await startIngressPipeline(
    { custrecord_snc_set_mode: 'realtime' },
    { webhooks: { autoDeliver: false } },
  );
  const { stripe, ns } = pipeline;
  const ok = <T>(method: 'GET' | 'POST', path: string, params?: Parameters<typeof stripe.request>[2]): T => {
    const response = stripe.request(method, path, params);
    if (response.status >= 400) throw new Error(`${method} ${path}: ${JSON.stringify(response.body)}`);
    return response.body as T;
  };
  try {
    const setup = installBooking(pipeline, ['usd']);
    const product = ok<{ id: string }>('POST', '/v1/products', { name: 'Pro' });
    const price = ok<{ id: string }>('POST', '/v1/prices', { product: product.id, unit_amount: 2500, currency: 'usd' });
    /** A customer with the test card `card` attached: the customer and the card's payment method. */
    const customerWithCard = (customer: Record<string, string>, card: string): { id: string; pm: string } => {
      const { id } = ok<{ id: string }>('POST', '/v1/customers', customer);
      const pm = ok<{ id: string }>('POST', `/v1/payment_methods/${card}/attach`, { customer: id });
      return { id, pm: pm.id };
    };
    /** A finalized invoice of one line of the price. */
    const finalizedInvoice = (customer: string): { id: string } => {
      ok('POST', '/v1/invoiceitems', { customer, pricing: { price: price.id } });
      const invoice = ok<{ id: string }>('POST', '/v1/invoices', {
        customer,
        pending_invoice_items_behavior: 'include',
      });
      ok('POST', `/v1/invoices/${invoice.id}/finalize`);
      return invoice;
    };
    /** The payment intent that paid the invoice. */
    const intentOfInvoice = (invoice: string): string | undefined =>
      ok<{ data: { payment: { payment_intent: string } }[] }>('GET', '/v1/invoice_payments', { invoice }).data[0]
        ?.payment.payment_intent;

    for (let i = 0; i < 20; i++) {
      const customer = customerWithCard(
        { name: `Customer ${i}`, email: `c${i}@example.invalid` },
        'pm_card_bypassPending',
      );
      const invoice = finalizedInvoice(customer.id);
      ok('POST', `/v1/invoices/${invoice.id}/pay`, { payment_method: customer.pm });
      const intent = ok<{ latest_charge: string }>('POST', '/v1/payment_intents', {
        amount: 1200,
        currency: 'usd',
        customer: customer.id,
        payment_method: customer.pm,
        confirm: 'true',
      });
      ok('POST', '/v1/refunds', { charge: intent.latest_charge, amount: 200 });
      // Credit notes after payment: to the customer balance, and with a refund.
      if (i === 1 || i === 2) {
        const creditNote = i === 1 ? { amount: 500, credit_amount: 500 } : { amount: 500, refund_amount: 500 };
        ok('POST', '/v1/credit_notes', { invoice: invoice.id, ...creditNote });
      }
      if (i === 0) {
        const invoiceIntent = intentOfInvoice(invoice.id);
        if (invoiceIntent) ok('POST', '/v1/refunds', { payment_intent: invoiceIntent });
      }
    }
    // Invoices whose payment fails: the customer's card attaches but declines.
    for (let i = 0; i < 5; i++) {
      const customer = customerWithCard({ name: `Declined ${i}` }, 'pm_card_chargeCustomerFail');
      const invoice = finalizedInvoice(customer.id);
      stripe.request('POST', `/v1/invoices/${invoice.id}/pay`, { payment_method: customer.pm });
    }
    // Disputes: on an invoice's charge and on one-off charges (Stripe's test card disputes every charge),
    // won and lost.
    for (let i = 0; i < 4; i++) {
      const customer = customerWithCard({ name: `Disputed ${i}` }, 'pm_card_createDispute');
      let intent: string | undefined;
      if (i % 2 === 0) {
        const invoice = finalizedInvoice(customer.id);
        ok('POST', `/v1/invoices/${invoice.id}/pay`, { payment_method: customer.pm });
        intent = intentOfInvoice(invoice.id);
      } else {
        intent = ok<{ id: string }>('POST', '/v1/payment_intents', {
          amount: 4000,
          currency: 'usd',
          customer: customer.id,
          payment_method: customer.pm,
          confirm: 'true',
        }).id;
      }
      const disputes = ok<{ data: { id: string }[] }>('GET', '/v1/disputes', { payment_intent: intent ?? '' });
      const evidence = i < 2 ? 'winning_evidence' : 'losing_evidence';
      ok('POST', `/v1/disputes/${disputes.data[0]?.id ?? ''}`, { evidence: { uncategorized_text: evidence } });
    }
    await stripe.deliverAll();
    await orderStream(pipeline, setup, ok, variants);
    stripe.runPayouts();
    stripe.advanceClock(2 * 86400);
    ns.advance(2 * 86400 * 1000);
    await stripe.deliverAll();

    // Deliveries are in order and one at a time, so RESTlet invocations line up with delivered events.
    const attempts = stripe.webhooks.attempts().filter((a) => a.status === 'succeeded');
    const calls = ns.usage().filter((u) => u.scriptId === WEBHOOK_RESTLET.scriptId && u.error === undefined);
    const samples = attempts.flatMap((attempt, index): Sample[] => {
      const call = calls[index];
      if (!call) return [];
      const writes = WRITES.reduce((sum, name) => sum + (call.calls[name]?.units ?? 0), 0);
      const object = (stripe.account.find(attempt.eventId) as Stripe.Event | undefined)?.data.object as
        { id?: string } | undefined;
      const variant = variants.get(`${attempt.eventType}|${object?.id ?? ''}`);
      return [{ event: attempt.eventType, variant, units: call.units, writes, calls: call.calls }];
    });
    // What an event the connector takes no action on costs: the ingress alone.
    const noAction = samples.find((s) => s.event === 'invoice.created');
    if (!noAction) throw new Error('no invoice.created event to measure the ingress with');
    const loads = noAction.calls['record.load']?.units ?? 0;
    return { samples, ingress: { units: noAction.units, writes: noAction.writes, loads } };
  } finally {
    await pipeline.close();
  }
}

/**
 * Reads no event payload can replace, by event: the Stripe calls where the payload does not say what the
 * booking needs (a charge's invoice payment, a charge's refunds: not in the payload at the pinned API
 * version), and for a payout's validation its balance transactions and one query for what NetSuite holds of
 * their sources. Counted only when the flow made them (a redelivery finding its record in memory reads none).
 */
const UNAVOIDABLE_READS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'charge.succeeded': { https: 10 },
  // The charge's refunds; for an invoiced charge also its customer's credit notes (a refund does not name
  // the note that made it).
  'charge.refunded': { https: 20 },
  // A note crediting an amount (no invoice line) takes the item of the invoice's first line, which the
  // note does not carry, unless a Partial Refund or Global Item is set.
  'credit_note.created': { https: 10 },
  'payout.reconciliation_completed': { https: 10, 'query.runSuiteQL': 10 },
  // A legacy order names its charge by ID only, and the customer deposit books the charge (its captured state,
  // description, balance transaction), so the order's first event reads it.
  'order.payment_succeeded': { https: 10 },
  // The product event names neither its prices nor its SKUs: Stripe's lists of both (one call each). What the
  // connector last wrote to each item (its sync state, so an admin's change is kept) is only in NetSuite: one
  // query for all the product's items.
  'product.updated': { https: 20, 'query.runSuiteQL': 10 },
  // Stripe's customer as it is now: Stripe does not deliver events in order and a customer carries no version to
  // compare, so the payload may be older than what was synced last. And, as for items, what the connector last
  // wrote to the customer (its sync state): one query.
  'customer.updated': { https: 10, 'query.runSuiteQL': 10 },
};

/**
 * Loads a write cannot do without, counted with the writes: NetSuite changes sublist lines and subrecords only
 * through a loaded record and its save (Oracle help, "record.submitFields(options)": "You cannot use this method
 * to edit and submit the following: Sublist line item fields; Subrecord fields (for example, address fields)").
 * Closing a sales order ticks every item line's `isclosed` (a transaction: load 10 + save 20); a customer's
 * addresses are subrecords on its `addressbook` sublist (an entity: load 5 + save 10).
 */
const LOADS_TO_WRITE: Readonly<Record<string, number>> = {
  'order.updated': 10,
  'customer.updated': 5,
};

const FLOWS = [
  'customer.created',
  'price.created',
  'invoice.finalized',
  'invoice.payment_succeeded',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.updated',
  'charge.succeeded',
  'charge.updated',
  'charge.refunded',
  'credit_note.created',
  'charge.dispute.created',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'payout.created',
  'payout.reconciliation_completed',
  'payout.paid',
  'sku.created',
  'order.payment_succeeded',
  'order.updated',
  'customer.updated',
  'product.updated',
];

/** Events benched only where the stream labelled them (the optional updates with their settings on). */
const LABELLED_ONLY = new Set(['customer.updated', 'product.updated', 'order.updated']);

/** The flow's write units: its record writes beyond the ingress's, and the loads those writes needed. */
function writesOf(s: Sample, ingress: Ingress): number {
  const loads = Math.max(0, (s.calls['record.load']?.units ?? 0) - ingress.loads);
  return s.writes - ingress.writes + Math.min(loads, LOADS_TO_WRITE[s.event] ?? 0);
}

export async function benchFlows(): Promise<FlowFigures[]> {
  const { samples, ingress } = await stream();
  // One row per event type and floor: an invoiced charge writes an invoice and a payment, a one-off a payment.
  const groups = new Map<string, Sample[]>();
  for (const event of FLOWS) {
    for (const s of samples.filter((x) => x.event === event)) {
      if (s.variant === undefined && LABELLED_ONLY.has(event)) continue;
      const key = `${event}|${s.variant ?? ''}|${writesOf(s, ingress)}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
  }
  return [...groups].map(([key, of]) => {
    const [event = key, variant = ''] = key.split('|');
    const mean = (f: (s: Sample) => number): number => Math.round(of.reduce((sum, s) => sum + f(s), 0) / of.length);
    const flowUnits = mean((s) => s.units - ingress.units);
    const writes = mean((s) => writesOf(s, ingress));
    const unavoidable = UNAVOIDABLE_READS[event] ?? {};
    const unavoidableReads = mean((s) =>
      Object.entries(unavoidable).reduce((sum, [name, units]) => sum + Math.min(units, s.calls[name]?.units ?? 0), 0),
    );
    const floor = writes + unavoidableReads;
    const reads = new Map<string, number>();
    for (const s of of) {
      for (const [name, c] of Object.entries(s.calls)) {
        if (!WRITES.includes(name)) reads.set(name, (reads.get(name) ?? 0) + c.units);
      }
    }
    // Reads of the ingress itself (settings, order check, claim) are not the flow's.
    const ingressReads: Record<string, number> = { 'search.lookupFields': 1, 'query.runSuiteQL': 10, 'record.load': 2 };
    const readText = [...reads]
      .map(([name, units]) => [name, units / of.length - (ingressReads[name] ?? 0)] as const)
      .filter(([, units]) => units > 0)
      .map(([name, units]) => `${name} ${Number(units.toFixed(1))}`)
      .join(', ');
    return {
      event: variant === '' ? event : `${event} (${variant})`,
      samples: of.length,
      unitsPerEvent: mean((s) => s.units),
      flowUnits,
      writes,
      unavoidableReads,
      floor,
      ratio: floor > 0 ? Number((flowUnits / floor).toFixed(2)) : null,
      reads: readText,
    };
  });
}

if (require.main === module) {
  void benchFlows().then((rows) => {
    console.log(
      'Booking flows in realtime mode: flow units = event units − ingress; floor = writes + unavoidable reads',
    );
    console.table(rows);
  });
}

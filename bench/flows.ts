// Booking flows: governance units per event in realtime mode, next to the floor (the record writes the
// flow cannot avoid) and the ingress cost every event pays.
import { installBooking, startIngressPipeline, WEBHOOK_RESTLET } from '../tools/localConnector';

/** Units of the record writes each flow cannot avoid (REFERENCE §2: transaction create 10 + save 20, other 5 + 10). */
const FLOORS: Record<string, { units: number; writes: string }> = {
  'customer.created': { units: 15, writes: 'customer' },
  'price.created': { units: 15, writes: 'service item' },
  'invoice.payment_succeeded': { units: 60, writes: 'invoice, payment (transform + save)' },
  'charge.succeeded': { units: 30, writes: 'customer payment' },
  'charge.refunded': { units: 60, writes: 'credit memo, customer refund' },
  'payout.paid': { units: 36, writes: 'deposit, reconciliation record' },
};
/** What every event costs before its flow: store (7), the order check (10), claim (6), finish (2). */
const INGRESS_UNITS = 25;

export interface FlowFigures {
  event: string;
  samples: number;
  unitsPerEvent: number;
  flowUnits: number;
  floor: number;
  ratio: number;
  floorWrites: string;
}

export async function benchFlows(): Promise<FlowFigures[]> {
  const pipeline = await startIngressPipeline(
    { custrecord_snc_set_mode: 'realtime' },
    { webhooks: { autoDeliver: false } },
  );
  const { stripe, ns } = pipeline;
  try {
    installBooking(pipeline, ['usd']);
    const product = stripe.request('POST', '/v1/products', { name: 'Pro' }).body as { id: string };
    const price = stripe.request('POST', '/v1/prices', {
      product: product.id,
      unit_amount: 2500,
      currency: 'usd',
      recurring: { interval: 'month' },
    }).body as { id: string };
    for (let i = 0; i < 5; i++) {
      const customer = stripe.request('POST', '/v1/customers', {
        name: `Customer ${i}`,
        email: `c${i}@example.invalid`,
      }).body as { id: string };
      const pm = stripe.request('POST', '/v1/payment_methods/pm_card_bypassPending/attach', { customer: customer.id })
        .body as { id: string };
      stripe.request('POST', '/v1/invoiceitems', { customer: customer.id, pricing: { price: price.id } });
      const invoice = stripe.request('POST', '/v1/invoices', {
        customer: customer.id,
        pending_invoice_items_behavior: 'include',
      }).body as { id: string };
      stripe.request('POST', `/v1/invoices/${invoice.id}/finalize`);
      stripe.request('POST', `/v1/invoices/${invoice.id}/pay`, { payment_method: pm.id });
      const intent = stripe.request('POST', '/v1/payment_intents', {
        amount: 1200,
        currency: 'usd',
        customer: customer.id,
        payment_method: pm.id,
        confirm: 'true',
      }).body as { latest_charge: string };
      stripe.request('POST', '/v1/refunds', { charge: intent.latest_charge, amount: 200 });
    }
    await stripe.deliverAll();
    stripe.runPayouts();
    stripe.advanceClock(2 * 86400);
    ns.advance(2 * 86400 * 1000);
    await stripe.deliverAll();

    // Deliveries are in order and one at a time, so RESTlet invocations line up with delivered events.
    const attempts = stripe.webhooks.attempts().filter((a) => a.status === 'succeeded');
    const calls = ns.usage().filter((u) => u.scriptId === WEBHOOK_RESTLET.scriptId && u.error === undefined);
    const byType = new Map<string, number[]>();
    attempts.forEach((attempt, index) => {
      const units = calls[index]?.units;
      if (units !== undefined) byType.set(attempt.eventType, [...(byType.get(attempt.eventType) ?? []), units]);
    });
    return Object.entries(FLOORS).map(([event, floor]) => {
      const samples = byType.get(event) ?? [];
      const unitsPerEvent = samples.length ? Math.round(samples.reduce((a, b) => a + b, 0) / samples.length) : 0;
      const flowUnits = unitsPerEvent - INGRESS_UNITS;
      return {
        event,
        samples: samples.length,
        unitsPerEvent,
        flowUnits,
        floor: floor.units,
        ratio: Number((flowUnits / floor.units).toFixed(2)),
        floorWrites: floor.writes,
      };
    });
  } finally {
    await pipeline.close();
  }
}

if (require.main === module) {
  void benchFlows().then((rows) => {
    console.log(
      'Booking flows in realtime mode: units per event; flow units = event units − ingress (25); target ratio ≤ 1.3',
    );
    console.table(rows);
  });
}

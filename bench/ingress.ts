// Webhook ingress figures: governance units, record writes and searches per received event on each path.
import type { NetSuiteEmulator } from '../emulator/src/emulator';
import type { UsageRecord } from '../emulator/src/runtimes/host';
import {
  envelope,
  installConnector,
  QUEUE_MR,
  startIngressPipeline,
  stripeEvent,
  WEBHOOK_RESTLET,
} from '../tools/localConnector';

export interface PathFigures {
  path: string;
  events: number;
  unitsPerEvent: number;
  writesPerEvent: number;
  searchesPerEvent: number;
}

const WRITES = ['record.save', 'record.submitFields', 'record.delete'];
const SEARCHES = [
  'query.runSuiteQL',
  'query.runSuiteQLPaged',
  'search.create',
  'ResultSet.each',
  'ResultSet.getRange',
  'Search.runPaged',
];

function figures(path: string, events: number, usage: readonly UsageRecord[]): PathFigures {
  const count = (names: string[]): number =>
    usage.reduce((sum, u) => sum + names.reduce((s, name) => s + (u.calls[name]?.count ?? 0), 0), 0);
  const units = usage.reduce((sum, u) => sum + u.units, 0);
  const round = (n: number): number => Number((n / events).toFixed(2));
  return {
    path,
    events,
    unitsPerEvent: round(units),
    writesPerEvent: round(count(WRITES)),
    searchesPerEvent: round(count(SEARCHES)),
  };
}

/** Events a booking flow does not act on, so the figures are the ingress's own cost. */
function postEvents(ns: NetSuiteEmulator, count: number): readonly UsageRecord[] {
  const start = ns.usage().length;
  for (let i = 0; i < count; i++) {
    const delivery = stripeEvent(ns, 'customer.updated', { id: `cus_bench_${i % 50}`, object: 'customer' });
    const answer = ns.restlet({
      ...WEBHOOK_RESTLET,
      method: 'POST',
      contentType: 'text/plain',
      body: envelope(delivery),
    });
    if (answer.status !== 200) throw new Error(`RESTlet refused an event: ${answer.body}`);
  }
  return ns.usage().slice(start);
}

export async function benchIngress(events = 200): Promise<{ paths: PathFigures[]; restletCallsPerEvent: number }> {
  const highVolume = await installConnector({ custrecord_snc_set_mode: 'high_volume' });
  const stored = postEvents(highVolume.ns, events);
  const beforeQueue = highVolume.ns.usage().length;
  highVolume.ns.mapReduce(QUEUE_MR);
  const queueRun = highVolume.ns.usage().slice(beforeQueue);
  const realtime = await installConnector({ custrecord_snc_set_mode: 'realtime' });
  const realtimeUsage = postEvents(realtime.ns, events);

  // Through Stripe → relay → RESTlet: how many RESTlet calls each event costs.
  const pipeline = await startIngressPipeline({}, { webhooks: { autoDeliver: false } });
  const customers = 20;
  for (let i = 0; i < customers; i++) pipeline.stripe.request('POST', '/v1/customers', { name: `Bench ${i}` });
  await pipeline.stripe.deliverAll();
  const restletCalls = pipeline.ns.usage().filter((u) => u.scriptId === WEBHOOK_RESTLET.scriptId).length;
  const delivered = new Set(pipeline.stripe.webhooks.attempts().map((a) => a.eventId)).size;
  await pipeline.close();

  return {
    paths: [
      figures('RESTlet store-only (high-volume)', events, stored),
      figures('RESTlet realtime (store + apply)', events, realtimeUsage),
      figures('Map/Reduce per queued event', events, queueRun),
    ],
    restletCallsPerEvent: Number((restletCalls / delivered).toFixed(2)),
  };
}

if (require.main === module) {
  void benchIngress(Number(process.argv[2] ?? 200)).then(({ paths, restletCallsPerEvent }) => {
    console.log('Webhook ingress: cost per received event (target: store-only ≤ 10 units, 1 write, no search)');
    console.table(paths);
    console.log(`RESTlet calls per event through the relay: ${restletCallsPerEvent}`);
  });
}

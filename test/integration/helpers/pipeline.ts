import { QUEUE_MR, queue, type IngressPipeline } from '../../../tools/localConnector';

type StripeParams = Parameters<IngressPipeline['stripe']['request']>[2];

/** A POST to the Stripe sandbox that must succeed: its body, or an error naming the call and Stripe's answer. */
export function stripePost<T>(pipeline: IngressPipeline, path: string, params: StripeParams = {}): T {
  const answer = pipeline.stripe.request('POST', path, params);
  if (answer.status !== 200) throw new Error(`${path}: ${JSON.stringify(answer.body)}`);
  return answer.body as T;
}

/** Delivers every pending webhook through the relay, then runs the queue Map/Reduce once. */
export async function drain(pipeline: IngressPipeline): Promise<void> {
  await pipeline.stripe.deliverAll();
  pipeline.ns.mapReduce(QUEUE_MR);
}

/** Queued events that are neither booked nor deliberately left alone: what a test expects to be none. */
export function failures(pipeline: IngressPipeline): Record<string, unknown>[] {
  return queue(pipeline.ns).filter((e) => !['done', 'no_action', 'unhandled'].includes(String(e['status'])));
}

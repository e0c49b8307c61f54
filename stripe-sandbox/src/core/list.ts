import { invalidParam } from './errors';
import type { Params } from './params';
import type { StripeObject } from './account';

export interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/**
 * Stripe's cursor pagination over objects already in list order (newest first): `limit` (1–100,
 * default 10), `starting_after`, `ending_before`. Reads those parameters from `params`.
 */
export function paginate<T extends StripeObject>(items: readonly T[], params: Params, url: string): ListObject<T> {
  const limit = params.int('limit', { min: 1, max: 100 }) ?? 10;
  const startingAfter = params.string('starting_after');
  const endingBefore = params.string('ending_before');
  if (startingAfter && endingBefore)
    throw invalidParam('ending_before', 'You may only specify one of these parameters: starting_after, ending_before.');
  let data: T[];
  let hasMore: boolean;
  if (startingAfter) {
    const index = items.findIndex((item) => item.id === startingAfter);
    if (index < 0) throw invalidParam('starting_after', `No such object: '${startingAfter}'`, 'resource_missing');
    data = items.slice(index + 1, index + 1 + limit);
    hasMore = index + 1 + limit < items.length;
  } else if (endingBefore) {
    const index = items.findIndex((item) => item.id === endingBefore);
    if (index < 0) throw invalidParam('ending_before', `No such object: '${endingBefore}'`, 'resource_missing');
    const start = Math.max(0, index - limit);
    data = items.slice(start, index);
    hasMore = start > 0;
  } else {
    data = items.slice(0, limit);
    hasMore = items.length > limit;
  }
  return { object: 'list', data, has_more: hasMore, url };
}

/** `created[gte]=…` style range filters (and a bare `created=…`). */
export function createdFilter(params: Params, key = 'created'): (created: number) => boolean {
  if (!params.has(key)) return () => true;
  const raw = params.raw[key];
  if (typeof raw === 'string' || typeof raw === 'number') {
    const exact = params.int(key) as number;
    return (created) => created === exact;
  }
  const range = params.object(key);
  if (!range) return () => true;
  const gt = range.int('gt');
  const gte = range.int('gte');
  const lt = range.int('lt');
  const lte = range.int('lte');
  range.done();
  return (created) =>
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte);
}

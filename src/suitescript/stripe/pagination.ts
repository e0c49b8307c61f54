import { StripeClientError } from './apiRequest';

/** Stripe's page size ceiling for list endpoints. */
export const MAX_PAGE_SIZE = 100;

/** What a list endpoint answers (`{"object":"list","data":[…],"has_more":…}`), as far as paging needs. */
export interface ListPage<T> {
  data: readonly T[];
  has_more: boolean;
}

/** Fetches one page: the first with `startingAfter` null, then after the last ID seen. */
export type PageFetcher<T> = (startingAfter: string | null) => ListPage<T>;

/** Checks an answer is a list page whose items carry IDs (the cursor `starting_after` needs them). */
export function asListPage(value: unknown, path: string): ListPage<{ id: string }> {
  const page = value as { object?: unknown; data?: unknown; has_more?: unknown } | null;
  if (
    page === null ||
    typeof page !== 'object' ||
    page.object !== 'list' ||
    !Array.isArray(page.data) ||
    typeof page.has_more !== 'boolean'
  ) {
    throw new StripeClientError('SNC_STRIPE_BAD_RESPONSE', `Stripe GET ${path} did not answer a list`);
  }
  for (const item of page.data as unknown[]) {
    if (item === null || typeof item !== 'object' || typeof (item as { id?: unknown }).id !== 'string') {
      throw new StripeClientError('SNC_STRIPE_BAD_RESPONSE', `Stripe GET ${path} listed an item without an id`);
    }
  }
  return { data: page.data as { id: string }[], has_more: page.has_more };
}

/**
 * Every item of a list, page by page (`has_more` / `starting_after`). More than `maxItems` fails rather
 * than returning part of a list: a booking made from half a payout's transactions would be wrong.
 */
export function* iterateList<T extends { id: string }>(
  fetchPage: PageFetcher<T>,
  options: { maxItems: number; path?: string },
): Generator<T, void, undefined> {
  let cursor: string | null = null;
  let count = 0;
  const seen = new Set<string>();
  for (;;) {
    const page = fetchPage(cursor);
    for (const item of page.data) {
      if (count >= options.maxItems) throw tooLarge(options);
      count++;
      yield item;
    }
    if (!page.has_more) return;
    const last = page.data[page.data.length - 1];
    // A server that says "more" without moving the cursor would page forever.
    if (last === undefined || seen.has(last.id)) {
      throw new StripeClientError(
        'SNC_STRIPE_BAD_RESPONSE',
        `${listName(options)} said has_more without a new last item`,
      );
    }
    seen.add(last.id);
    if (count >= options.maxItems) throw tooLarge(options);
    cursor = last.id;
  }
}

function listName(options: { path?: string }): string {
  return options.path ? `Stripe list ${options.path}` : 'The Stripe list';
}

function tooLarge(options: { maxItems: number; path?: string }): StripeClientError {
  return new StripeClientError(
    'SNC_STRIPE_LIST_TOO_LARGE',
    `${listName(options)} has more than ${options.maxItems} items; narrow it with filters or raise the limit`,
  );
}

export function collectList<T extends { id: string }>(
  fetchPage: PageFetcher<T>,
  options: { maxItems: number; path?: string },
): T[] {
  return Array.from(iterateList(fetchPage, options));
}

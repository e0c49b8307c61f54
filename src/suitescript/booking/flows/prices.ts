import { BookingSetupError } from '../customers';
import { decidePriceItem, discountExternalId, type ItemDecision } from '../items';
import { xrefKey } from '../ports';
import type { StripePrice, StripeProduct } from '../stripeShapes';
import { beforeSyncStart, type BookingContext } from './context';
import { checkLinkTarget } from './links';
import { skipped, type FlowOutcome, type RecordOutcome } from './outcome';
import { booked, createOnce, Lookup } from './recordLookup';
import { stripeClient } from '../stripeClient';

export function applyItemDecision(
  ctx: BookingContext,
  lookup: Lookup,
  decision: ItemDecision,
  stripeId: string,
  stripeType: string,
): RecordOutcome {
  if (decision.action === 'none') throw new BookingSetupError(decision.reason);
  if (decision.action === 'use') return { stripeId, recordType: 'item', id: decision.item, how: 'global' };
  if (decision.action === 'link') {
    checkLinkTarget(ctx.books, {
      stripeId,
      key: decision.key,
      id: decision.item,
      kind: 'item',
      types: [decision.itemType],
    });
    ctx.books.link({ stripeId, stripeType, recordType: 'item', id: decision.item });
    lookup.made(stripeType === 'coupon' ? discountExternalId(stripeId) : stripeId, booked(decision.item, 'item'));
    return { stripeId, recordType: 'item', id: decision.item, how: 'linked', detail: `by metadata ${decision.key}` };
  }
  const { values } = decision;
  const { record, how } = createOnce(
    lookup,
    values.externalId,
    () => ctx.books.createItem(values),
    (made) => booked(made, values.type),
  );
  return { stripeId, recordType: record.recordType, id: record.id, how };
}

function productOf(ctx: BookingContext, price: StripePrice): StripeProduct {
  return typeof price.product === 'string' ? stripeClient(ctx.stripe).products.retrieve(price.product) : price.product;
}

/** The price's item decision; only a new item needs the product (its name), so a link spares that read. */
function decidePrice(ctx: BookingContext, price: StripePrice): ItemDecision {
  const decision = decidePriceItem(price, null, ctx.booking);
  return decision.action === 'create' ? decidePriceItem(price, productOf(ctx, price), ctx.booking) : decision;
}

function requireGlobalItem(ctx: BookingContext, priceId: string | null): number {
  if (ctx.booking.globalItem === null)
    throw new BookingSetupError(
      `${priceId === null ? 'A line without a price' : 'Item mode global'} needs a global item (custrecord_snc_set_global_item)`,
    );
  return ctx.booking.globalItem;
}

/** Memory-only key saying a price has no link and books to the global item (global item mode). */
const unlinkedKey = (priceId: string): string => `${priceId}:unlinked-item`;

/**
 * Item mode global: the global item, unless the price links an item by metadata (the link wins, see
 * decidePriceItem). What a price turned out to be is remembered, so only its first line in a while costs
 * the link query and the price read.
 */
function globalModeItem(ctx: BookingContext, lookup: Lookup, priceId: string, known: StripePrice | null): number {
  const globalItem = requireGlobalItem(ctx, priceId);
  if (lookup.recall(unlinkedKey(priceId))?.id === globalItem) return globalItem;
  const linked = lookup.resolve([xrefKey(priceId, 'item')]);
  if (linked) return linked.id;
  const price = known ?? stripeClient(ctx.stripe).prices.retrieve(priceId);
  const decision = decidePriceItem(price, null, ctx.booking);
  if (decision.action === 'link') return applyItemDecision(ctx, lookup, decision, priceId, 'price').id;
  lookup.made(unlinkedKey(priceId), booked(globalItem, 'item'));
  return globalItem;
}

export function ensurePriceItem(
  ctx: BookingContext,
  lookup: Lookup,
  priceId: string | null,
  known: StripePrice | null,
): number {
  if (priceId === null) return requireGlobalItem(ctx, priceId);
  if (ctx.booking.itemMode === 'global') return globalModeItem(ctx, lookup, priceId, known);
  const existing = lookup.resolve([priceId, xrefKey(priceId, 'item')]);
  if (existing) return existing.id;
  const price = known ?? stripeClient(ctx.stripe).prices.retrieve(priceId, { expand: ['product'] });
  // An inline price (`price_data`: Stripe makes it inactive, one line's only) is a one-off: the global item,
  // when there is one, rather than an item per line.
  if (price.active === false && ctx.booking.globalItem !== null) return ctx.booking.globalItem;
  return applyItemDecision(ctx, lookup, decidePrice(ctx, price), priceId, 'price').id;
}

/** `price.created`, `plan.created`: decided from the payload and created straight away (see createOnce). */
export function bookPrice(price: StripePrice, ctx: BookingContext): FlowOutcome {
  if (beforeSyncStart(ctx.booking, price.created)) return skipped(price.id, `${price.id} predates the sync start`);
  const lookup = new Lookup(ctx.books);
  if (ctx.booking.itemMode === 'global') {
    const decision = decidePriceItem(price, null, ctx.booking);
    if (decision.action !== 'link') return skipped(price.id, 'item mode is global (no NetSuite item)');
    return { stripeId: price.id, records: [applyItemDecision(ctx, lookup, decision, price.id, 'price')] };
  }
  return { stripeId: price.id, records: [applyItemDecision(ctx, lookup, decidePrice(ctx, price), price.id, 'price')] };
}

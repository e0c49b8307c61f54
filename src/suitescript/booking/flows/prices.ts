import { BookingSetupError } from '../customers';
import { decidePriceItem, discountExternalId, type ItemDecision } from '../items';
import { xrefKey } from '../ports';
import type { StripePrice, StripeProduct } from '../stripeShapes';
import { beforeSyncStart, type BookingContext } from './context';
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
  if (decision.action === 'use') {
    if (ctx.booking.itemMode === 'metadata') {
      ctx.books.link({ stripeId, stripeType, recordType: 'item', id: decision.item });
      lookup.made(stripeType === 'coupon' ? discountExternalId(stripeId) : stripeId, booked(decision.item, 'item'));
      return { stripeId, recordType: 'item', id: decision.item, how: 'linked' };
    }
    return { stripeId, recordType: 'item', id: decision.item, how: 'global' };
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

export function ensurePriceItem(
  ctx: BookingContext,
  lookup: Lookup,
  priceId: string | null,
  known: StripePrice | null,
): number {
  const { booking } = ctx;
  if (booking.itemMode === 'global' || priceId === null) {
    if (booking.globalItem === null)
      throw new BookingSetupError(
        `${priceId === null ? 'A line without a price' : 'Item mode global'} needs a global item (custrecord_snc_set_global_item)`,
      );
    return booking.globalItem;
  }
  const existing = lookup.resolve([priceId, xrefKey(priceId, 'item')]);
  if (existing) return existing.id;
  const price = known ?? stripeClient(ctx.stripe).prices.retrieve(priceId, { expand: ['product'] });
  // An inline price (`price_data`: Stripe makes it inactive, one line's only) is a one-off: the global item,
  // when there is one, rather than an item per line.
  if (price.active === false && booking.globalItem !== null) return booking.globalItem;
  return applyItemDecision(ctx, lookup, decidePriceItem(price, productOf(ctx, price), booking), priceId, 'price').id;
}

/** `price.created`, `plan.created`: decided from the payload and created straight away (see createOnce). */
export function bookPrice(price: StripePrice, ctx: BookingContext): FlowOutcome {
  if (beforeSyncStart(ctx.booking, price.created)) return skipped(price.id, `${price.id} predates the sync start`);
  if (ctx.booking.itemMode === 'global') return skipped(price.id, 'item mode is global (no NetSuite item)');
  const lookup = new Lookup(ctx.books);
  const decision = decidePriceItem(price, productOf(ctx, price), ctx.booking);
  return { stripeId: price.id, records: [applyItemDecision(ctx, lookup, decision, price.id, 'price')] };
}

import { BookingSetupError } from '../customers';
import { decidePriceItem, discountExternalId, type ItemDecision } from '../items';
import { xrefKey } from '../ports';
import type { StripePrice, StripeProduct } from '../stripeShapes';
import { beforeSyncStart, type BookingContext } from './context';
import { booked, createOnce, Lookup } from './recordLookup';

export function applyItemDecision(
  ctx: BookingContext,
  lookup: Lookup,
  decision: ItemDecision,
  stripeId: string,
  stripeType: string,
): { id: number; note: string } {
  if (decision.action === 'none') throw new BookingSetupError(decision.reason);
  if (decision.action === 'use') {
    if (ctx.booking.itemMode === 'metadata') {
      ctx.books.link({ stripeId, stripeType, recordType: 'item', id: decision.item });
      lookup.made(stripeType === 'coupon' ? discountExternalId(stripeId) : stripeId, booked(decision.item, 'item'));
      return { id: decision.item, note: `item ${decision.item} linked` };
    }
    return { id: decision.item, note: `item ${decision.item}` };
  }
  const { values } = decision;
  const { record, how } = createOnce(
    lookup,
    values.externalId,
    () => ctx.books.createItem(values),
    (made) => booked(made, values.type),
  );
  return { id: record.id, note: how === 'created' ? `${values.type} ${record.id} created` : `item ${record.id} found` };
}

function productOf(ctx: BookingContext, price: StripePrice): StripeProduct {
  return typeof price.product === 'string'
    ? ctx.stripe.retrieve<StripeProduct>(`/v1/products/${price.product}`)
    : price.product;
}

export function ensurePriceItem(
  ctx: BookingContext,
  lookup: Lookup,
  priceId: string | null,
  known: StripePrice | null,
): { id: number; note: string } {
  const { booking } = ctx;
  if (booking.itemMode === 'global' || priceId === null) {
    if (booking.globalItem === null)
      throw new BookingSetupError(
        `${priceId === null ? 'A line without a price' : 'Item mode global'} needs a global item (custrecord_snc_set_global_item)`,
      );
    return { id: booking.globalItem, note: 'global item' };
  }
  const existing = lookup.resolve([priceId, xrefKey(priceId, 'item')]);
  if (existing) return { id: existing.id, note: `item ${existing.id} found` };
  const price = known ?? ctx.stripe.retrieve<StripePrice>(`/v1/prices/${priceId}`, { expand: ['product'] });
  return applyItemDecision(ctx, lookup, decidePriceItem(price, productOf(ctx, price), booking), priceId, 'price');
}

/** `price.created`, `plan.created`: decided from the payload and created straight away (see createOnce). */
export function bookPrice(price: StripePrice, ctx: BookingContext): string {
  if (beforeSyncStart(ctx.booking, price.created)) return `Not booked: ${price.id} predates the sync start`;
  if (ctx.booking.itemMode === 'global') return 'No NetSuite item: item mode is global';
  const lookup = new Lookup(ctx.books);
  const decision = decidePriceItem(price, productOf(ctx, price), ctx.booking);
  return `${price.id}: ${applyItemDecision(ctx, lookup, decision, price.id, 'price').note}`;
}

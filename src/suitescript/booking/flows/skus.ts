import { decideSkuItem, type ItemDecision } from '../items';
import { xrefKey } from '../ports';
import { stripeClient } from '../stripeClient';
import type { StripeLegacyProduct, StripeSku } from '../stripeShapes';
import { beforeSyncStart, type BookingContext } from './context';
import { skipped, type FlowOutcome } from './outcome';
import { applyItemDecision } from './prices';
import { booked, Lookup } from './recordLookup';

/**
 * Legacy Stripe SKUs (seed 001, sku.created): the NetSuite item each SKU books to, as prices do
 * (flows/prices.ts): linked by metadata, the global item, or an item of its own (inventory when the product is
 * shippable, non-inventory for sale otherwise).
 */

function productOf(ctx: BookingContext, sku: StripeSku): StripeLegacyProduct {
  return typeof sku.product === 'string' ? stripeClient(ctx.stripe).products.retrieve(sku.product) : sku.product;
}

/** The SKU's item decision; only a new item needs the product (shippable, name), so a link spares that read. */
function decideSku(ctx: BookingContext, sku: StripeSku): ItemDecision {
  const decision = decideSkuItem(sku, null, ctx.booking);
  if (decision.action !== 'create') return decision;
  return decideSkuItem(sku, productOf(ctx, sku), ctx.booking);
}

/** `sku.created`: decided from the payload and created straight away (see createOnce). */
export function bookSku(sku: StripeSku, ctx: BookingContext): FlowOutcome {
  if (beforeSyncStart(ctx.booking, sku.created)) return skipped(sku.id, `${sku.id} predates the sync start`);
  const decision = decideSku(ctx, sku);
  if (decision.action === 'use') return skipped(sku.id, 'item mode is global (no NetSuite item)');
  return { stripeId: sku.id, records: [applyItemDecision(ctx, new Lookup(ctx.books), decision, sku.id, 'sku')] };
}

/** Memory-only key saying a SKU has no link and books to the global item (global item mode). */
const unlinkedKey = (skuId: string): string => `${skuId}:unlinked-item`;

/**
 * The item an order line of this SKU books to: found (external ID `sku_…` or the link's cross-reference), else
 * decided from the SKU as `sku.created` does (an order may come before its SKU's event was booked).
 */
export function ensureSkuItem(ctx: BookingContext, lookup: Lookup, skuId: string): number {
  const global = ctx.booking.itemMode === 'global' ? ctx.booking.globalItem : null;
  if (global !== null && lookup.recall(unlinkedKey(skuId))?.id === global) return global;
  const existing = lookup.resolve([skuId, xrefKey(skuId, 'item')]);
  if (existing) return existing.id;
  const sku = stripeClient(ctx.stripe).skus.retrieve(skuId);
  const decision = decideSku(ctx, sku);
  if (decision.action === 'use') {
    lookup.made(unlinkedKey(skuId), booked(decision.item, 'item'));
    return decision.item;
  }
  return applyItemDecision(ctx, lookup, decision, skuId, 'sku').id;
}

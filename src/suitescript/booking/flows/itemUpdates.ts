import { priceItemNames, skuItemNames } from '../items';
import { xrefKey, type Booked } from '../ports';
import { stripeClient } from '../stripeClient';
import type { StripePrice, StripeProduct, StripeSku } from '../stripeShapes';
import { createdBaseline, decideFieldUpdates, syncedChanged, writesAnything } from '../syncedFields';
import type { BookingContext } from './context';
import { skipped, type FlowOutcome, type RecordOutcome } from './outcome';
import { Lookup } from './recordLookup';

/** A Stripe price or SKU of the product and the field values its item should have. */
interface ItemSource {
  stripeId: string;
  stripeType: 'price' | 'sku';
  desired: Record<string, string | null>;
}

/** An item found for a source, and whether the connector made it (external ID = the Stripe ID). */
interface FoundItem {
  item: Booked;
  made: boolean;
}

/** The product's SKUs; an account Stripe serves no SKUs for (the legacy API answers 404) has none. */
function listSkus(ctx: BookingContext, productId: string): StripeSku[] {
  try {
    return stripeClient(ctx.stripe).skus.list({ product: productId });
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return [];
    throw error;
  }
}

/**
 * What each item should hold: the names the price and SKU flows give items they create (booking/items.ts:
 * priceItemNames, skuItemNames — a SKU item's name is the product's and the SKU's attributes), the product's
 * description, and inactive when the product is.
 */
function sourcesOf(ctx: BookingContext, product: StripeProduct): ItemSource[] {
  const inactive = product.active === false ? 'T' : 'F';
  const prices: StripePrice[] = stripeClient(ctx.stripe).prices.list({ product: product.id });
  const sources: ItemSource[] = prices.map((price) => {
    const names = priceItemNames(price, product);
    return {
      stripeId: price.id,
      stripeType: 'price',
      desired: {
        itemid: names.itemId,
        displayname: names.displayName,
        salesdescription: names.description,
        isinactive: inactive,
      },
    };
  });
  for (const sku of listSkus(ctx, product.id)) {
    const names = skuItemNames(sku, product);
    sources.push({
      stripeId: sku.id,
      stripeType: 'sku',
      desired: {
        itemid: names.itemId,
        displayname: names.displayName,
        salesdescription: names.description,
        isinactive: inactive,
      },
    });
  }
  return sources;
}

/** The items the connector made (external ID = the price or SKU ID) or linked; never the global item. */
function itemsOf(ctx: BookingContext, sources: readonly ItemSource[]): Map<string, FoundItem> {
  const lookup = new Lookup(ctx.books);
  const groupOf = (id: string): string[] =>
    ctx.booking.itemMode === 'global' ? [xrefKey(id, 'item')] : [id, xrefKey(id, 'item')];
  lookup.prefetch(sources.map((source) => groupOf(source.stripeId)));
  const items = new Map<string, FoundItem>();
  const seen = new Set<number>();
  for (const source of sources) {
    const item = lookup.resolve(groupOf(source.stripeId));
    // Two prices linked to one item: the first one names it.
    if (item === null || item.id === ctx.booking.globalItem || seen.has(item.id)) continue;
    seen.add(item.id);
    const made = ctx.booking.itemMode !== 'global' && lookup.resolve([source.stripeId]) !== null;
    items.set(source.stripeId, { item, made });
  }
  return items;
}

/**
 * `product.updated` with _Update Items From Stripe_ on: the items of the product's prices (one Stripe list,
 * every page) and SKUs take the product's name, description and status, field by field as
 * booking/syncedFields.ts decides (an admin's change in NetSuite is kept).
 */
export function bookItemUpdates(event: StripeProduct, ctx: BookingContext): FlowOutcome {
  // Events arrive late and out of order: Stripe's current product, not the event's copy.
  const product = stripeClient(ctx.stripe).products.retrieve(event.id);
  const sources = sourcesOf(ctx, product);
  const items = itemsOf(ctx, sources);
  if (items.size === 0)
    return skipped(product.id, `no NetSuite item was made or linked for ${product.id}'s prices or SKUs`);
  const states = ctx.books.syncStates([...items.keys()]);
  const records: RecordOutcome[] = [];
  const notes: string[] = [];
  for (const source of sources) {
    const found = items.get(source.stripeId);
    if (found === undefined) continue;
    const { item } = found;
    const state = states.get(source.stripeId) ?? null;
    const current = ctx.books.currentValues(item.recordType, item.id, Object.keys(source.desired));
    // An item the connector made: what its create wrote (all these fields) is the connector's.
    const last = state?.values ?? (found.made ? createdBaseline(current, Object.keys(source.desired)) : null);
    const update = decideFieldUpdates(source.desired, current, last);
    if (writesAnything(update)) ctx.books.submitValues(item.recordType, item.id, update.write);
    if (syncedChanged(update, state?.values ?? null)) {
      const record = {
        stripeId: source.stripeId,
        stripeType: source.stripeType,
        recordType: item.recordType,
        id: item.id,
      };
      ctx.books.saveSyncState(record, state, update.synced);
    }
    const written = Object.keys(update.write);
    records.push({
      stripeId: source.stripeId,
      recordType: item.recordType,
      id: item.id,
      how: written.length > 0 ? 'updated' : 'found',
      ...(written.length > 0 ? { detail: ` (${written.join(', ')})` } : {}),
    });
    if (update.kept.length > 0)
      notes.push(`item ${item.id} kept as changed in NetSuite since the last sync: ${update.kept.join(', ')}`);
  }
  return { stripeId: product.id, records, notes };
}

import { formatMinorUnits } from '../money';
import type { BookingSettings } from '../settings';
import { BookingSetupError, linkedInternalId } from './customers';
import type { ItemValues } from './ports';
import type { StripeCoupon, StripeLegacyProduct, StripePrice, StripeProduct, StripeSku } from './stripeShapes';

/**
 * Metadata keys on a Stripe price that link an existing NetSuite item (first one set wins), with the
 * SuiteQL `item.itemtype` each names. Sale and resale are the item's purchase side, which SuiteQL's item
 * table does not show; both book the same on an invoice line, so only the type is checked.
 */
export const ITEM_LINK_TYPES = {
  netsuite_service_sale_item_id: 'Service',
  netsuite_service_resale_item_id: 'Service',
  netsuite_non_inventory_sale_item_id: 'NonInvtPart',
  netsuite_non_inventory_resale_item_id: 'NonInvtPart',
} as const;
export const ITEM_LINK_KEYS = Object.keys(ITEM_LINK_TYPES) as (keyof typeof ITEM_LINK_TYPES)[];
export const DISCOUNT_LINK_KEY = 'netsuite_discount_item_id';

/** NetSuite's item name limit. */
const ITEM_ID_MAX = 60;

/** External ID of the discount item made for a coupon (items share one external ID space with prices). */
export function discountExternalId(couponId: string): string {
  return `ns_discount:${couponId}`;
}

/** A NetSuite item a metadata key names, with the item type that key allows. */
export interface ItemLink {
  item: number;
  key: string;
  itemType: string;
}

export type ItemDecision =
  | { action: 'none'; reason: string }
  | { action: 'use'; item: number }
  | ({ action: 'link' } & ItemLink)
  | { action: 'create'; values: ItemValues };

function requireIncomeAccount(booking: BookingSettings): number {
  if (booking.incomeAccount === null)
    throw new BookingSetupError('Settings name no income account (custrecord_snc_set_income_account)');
  return booking.incomeAccount;
}

/** The item a price's metadata links, or null when no link key is set. */
export function priceLink(price: Pick<StripePrice, 'id' | 'metadata'>): ItemLink | null {
  for (const key of ITEM_LINK_KEYS) {
    const item = linkedInternalId(price.id, key, price.metadata?.[key]);
    if (item !== null) return { item, key, itemType: ITEM_LINK_TYPES[key] };
  }
  return null;
}

/** `Pro plan - Monthly`, or with no nickname the price's amount: `Pro plan - 10.00 USD / month`. */
export function itemIdFor(price: StripePrice, productName: string): string {
  let suffix = price.nickname?.trim();
  if (!suffix) {
    const amount =
      price.unit_amount === null || price.unit_amount === undefined
        ? price.id
        : formatMinorUnits(price.unit_amount, price.currency);
    const every = price.recurring
      ? ` / ${price.recurring.interval_count && price.recurring.interval_count > 1 ? `${price.recurring.interval_count} ` : ''}${price.recurring.interval}`
      : '';
    suffix = `${amount}${every}`;
  }
  return `${productName.trim()} - ${suffix}`.slice(0, ITEM_ID_MAX);
}

/** An item's display name from its product: the product's name, else its ID. */
export function productItemName(product: StripeProduct): string {
  return product.name?.trim() || product.id;
}

/** How a price's item is named: item name, display name (the product's) and sales description. */
export function priceItemNames(
  price: StripePrice,
  product: StripeProduct | null,
): { itemId: string; displayName: string; description: string | null } {
  const productName = product
    ? productItemName(product)
    : typeof price.product === 'string'
      ? price.product
      : price.product.id;
  return {
    itemId: itemIdFor(price, productName),
    displayName: productName,
    description: product?.description ?? null,
  };
}

/** What a Stripe price becomes, by item mode; `product` is the price's product when known. */
export function decidePriceItem(
  price: StripePrice,
  product: StripeProduct | null,
  booking: BookingSettings,
): ItemDecision {
  // A link key wins in every item mode, global included (seed 000: "if you enabled price matching or
  // created the price with one of the following metadata keys"): whoever set it chose the item this
  // price's revenue is booked to, which the global item would lose.
  const link = priceLink(price);
  if (link !== null) return { action: 'link', ...link };
  if (booking.itemMode === 'global') {
    if (booking.globalItem === null)
      throw new BookingSetupError('Settings name no global item (custrecord_snc_set_global_item)');
    return { action: 'use', item: booking.globalItem };
  }
  return {
    action: 'create',
    values: {
      type: 'serviceitem',
      externalId: price.id,
      ...priceItemNames(price, product),
      account: requireIncomeAccount(booking),
      subsidiary: booking.subsidiary,
      rateMinor: price.unit_amount ?? null,
      currency: price.currency,
      ...(booking.revenueRecognitionRule === null ? {} : { revenueRecognitionRule: booking.revenueRecognitionRule }),
    },
  };
}

/** The non-posting discount item for a coupon, created when an invoice first uses it. */
export function decideDiscountItem(coupon: StripeCoupon, booking: BookingSettings): ItemDecision {
  // The seeds promise no coupon link: it stays the metadata mode's, as before.
  const linked =
    booking.itemMode === 'metadata'
      ? linkedInternalId(coupon.id, DISCOUNT_LINK_KEY, coupon.metadata?.[DISCOUNT_LINK_KEY])
      : null;
  if (linked !== null) return { action: 'link', item: linked, key: DISCOUNT_LINK_KEY, itemType: 'Discount' };
  const name = coupon.name?.trim() || coupon.id;
  return {
    action: 'create',
    values: {
      type: 'discountitem',
      externalId: discountExternalId(coupon.id),
      itemId: `Stripe coupon ${name}`.slice(0, ITEM_ID_MAX),
      displayName: name,
      description: `Stripe: coupon ${coupon.id}`,
      // No discount account setting yet: discounts reduce the income account.
      account: requireIncomeAccount(booking),
      subsidiary: booking.subsidiary,
      rateMinor: null,
      currency: null,
    },
  };
}

/** A legacy Plan (plan.created) as the price it stands for: the same item booking applies. */
export interface StripePlan {
  id: string;
  nickname?: string | null;
  currency: string;
  amount?: number | null;
  interval?: string | null;
  interval_count?: number | null;
  product: StripePrice['product'];
  created?: number;
  metadata?: StripePrice['metadata'];
}

export function planAsPrice(plan: StripePlan): StripePrice {
  return {
    id: plan.id,
    object: 'price',
    nickname: plan.nickname ?? null,
    currency: plan.currency,
    unit_amount: plan.amount ?? null,
    recurring: plan.interval ? { interval: plan.interval, interval_count: plan.interval_count ?? 1 } : null,
    product: plan.product,
    ...(plan.created === undefined ? {} : { created: plan.created }),
    ...(plan.metadata === undefined ? {} : { metadata: plan.metadata }),
  };
}

/** `T-shirt - blue, L`: the product and the SKU's attributes (its ID when it has none). */
export function skuItemId(sku: StripeSku, productName: string): string {
  const attributes = Object.values(sku.attributes ?? {}).filter((value) => value.trim() !== '');
  return `${productName.trim()} - ${attributes.length > 0 ? attributes.join(', ') : sku.id}`.slice(0, ITEM_ID_MAX);
}

/**
 * How a SKU's item is named: item name `T-shirt - blue, L` (skuItemId), display name and sales description the
 * product's. The one naming place for SKU items: `sku.created` makes them so, `product.updated` renames them so.
 */
export function skuItemNames(
  sku: StripeSku,
  product: StripeProduct | null,
): { itemId: string; displayName: string; description: string | null } {
  const productName = product
    ? productItemName(product)
    : typeof sku.product === 'string'
      ? sku.product
      : sku.product.id;
  return { itemId: skuItemId(sku, productName), displayName: productName, description: product?.description ?? null };
}

function requireInventoryAccounts(booking: BookingSettings, skuId: string): { asset: number; cogs: number } {
  if (booking.inventoryAssetAccount === null || booking.cogsAccount === null)
    throw new BookingSetupError(
      `${skuId} is a SKU of a shippable product (an inventory item): settings name no Inventory Asset Account (custrecord_snc_set_asset_account) or COGS Account (custrecord_snc_set_cogs_account)`,
    );
  return { asset: booking.inventoryAssetAccount, cogs: booking.cogsAccount };
}

/**
 * What a legacy Stripe SKU becomes (seed 001, sku.created): an inventory item when its product is shippable,
 * otherwise a non-inventory item for sale, at the SKU's price. Links and item modes as for prices
 * (decidePriceItem): a metadata link wins in every mode; item mode global books to the global item.
 */
export function decideSkuItem(
  sku: StripeSku,
  product: StripeLegacyProduct | null,
  booking: BookingSettings,
): ItemDecision {
  const link = priceLink(sku);
  if (link !== null) return { action: 'link', ...link };
  if (booking.itemMode === 'global') {
    if (booking.globalItem === null)
      throw new BookingSetupError('Settings name no global item (custrecord_snc_set_global_item)');
    return { action: 'use', item: booking.globalItem };
  }
  const common = {
    externalId: sku.id,
    ...skuItemNames(sku, product),
    account: requireIncomeAccount(booking),
    subsidiary: booking.subsidiary,
    rateMinor: sku.price,
    currency: sku.currency,
  };
  if (product?.shippable !== true) return { action: 'create', values: { type: 'noninventoryitem', ...common } };
  const accounts = requireInventoryAccounts(booking, sku.id);
  return {
    action: 'create',
    values: { type: 'inventoryitem', ...common, assetAccount: accounts.asset, cogsAccount: accounts.cogs },
  };
}

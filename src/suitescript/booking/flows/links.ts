import { LinkError } from '../customers';
import type { NetSuiteBooks } from '../ports';

/** What a `netsuite_*_id` metadata key asks to link to. */
export interface MetadataLink {
  stripeId: string;
  key: string;
  id: number;
  kind: 'customer' | 'item';
  /** The types the key allows: `customer`, or SuiteQL `item.itemtype` codes. */
  types: readonly string[];
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  customer: 'customer',
  Service: 'service item',
  NonInvtPart: 'non-inventory item',
  InvtPart: 'inventory item',
  Discount: 'discount item',
};

const named = (type: string): string => TYPE_NAMES[type] ?? `${type} item`;

/**
 * Checks the record a metadata link names before the cross-reference is made (one query, once per link):
 * a missing, inactive or wrongly typed record is a LinkError naming the key and the fix, and never a
 * reason to create another record in its place.
 */
export function checkLinkTarget(books: NetSuiteBooks, link: MetadataLink): void {
  const target = books.linkTarget(link.kind, link.id);
  const says = `${link.stripeId} has ${link.key} ${link.id}`;
  if (target === null)
    throw new LinkError(`${says}, but NetSuite has no ${link.kind} with internal ID ${link.id}: correct the metadata`);
  if (!link.types.includes(target.type))
    throw new LinkError(
      `${says}, but that record is a ${named(target.type)}, not a ${link.types.map(named).join(' or ')}: correct the metadata`,
    );
  if (target.inactive)
    throw new LinkError(`${says}, but that ${named(target.type)} is inactive: reactivate it or correct the metadata`);
}

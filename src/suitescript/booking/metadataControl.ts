import { formatMinorUnits } from '../money';
import type { Metadata } from './stripeShapes';

/**
 * Control of the booking from Stripe metadata, with the keys Stripe's own connector reads (Stripe docs, Stripe
 * Connector for NetSuite, "Custom payment application", section "Stripe metadata",
 * https://docs.stripe.com/connectors/netsuite/custom-payment-application):
 * - "Add `netsuite_block_integration: true` to the metadata of any Stripe object" to "temporarily stop the
 *   connector from syncing a record"; "to allow record syncing again, replace `true` with `nil`";
 * - "Add `netsuite_invoice_id: 12345` to a Stripe charge so that the connector applies the customer payment to
 *   NetSuite invoice with internal ID `12345`";
 * - "Add `netsuite_credit_memo_id: 67890` to a Stripe refund so that the connector applies the customer refund
 *   to NetSuite credit memo with internal ID `67890`";
 * - "Add `netsuite_customer_id: 101010` to a Stripe charge so that the connector creates the customer payment
 *   under NetSuite customer with internal ID `101010`".
 * Pure decisions; the flows (flows/linkedPayments.ts) read NetSuite through the NetSuiteBooks port.
 */
export const BLOCK_KEY = 'netsuite_block_integration';
export const CHARGE_INVOICE_KEY = 'netsuite_invoice_id';
export const CHARGE_CUSTOMER_KEY = 'netsuite_customer_id';
export const REFUND_CREDIT_MEMO_KEY = 'netsuite_credit_memo_id';

/** Metadata values are strings: `true` (any case, spaces ignored) blocks; anything else, or no key, does not. */
export function isBlocked(metadata: Metadata | null | undefined): boolean {
  return (metadata?.[BLOCK_KEY] ?? '').trim().toLowerCase() === 'true';
}

/** The event's object reads `metadata` loosely: any object of any event type may carry the key. */
export function blockedObjectId(object: unknown): string | null {
  if (object === null || typeof object !== 'object') return null;
  const { id, metadata } = object as { id?: unknown; metadata?: unknown };
  if (typeof id !== 'string' || metadata === null || typeof metadata !== 'object') return null;
  return isBlocked(metadata as Metadata) ? id : null;
}

/** Why nothing was booked: names the key, the object carrying it, and how to release it. */
export function blockedText(blockedId: string, stripeId: string = blockedId): string {
  const what = blockedId === stripeId ? blockedId : `${stripeId} depends on ${blockedId}, which`;
  return `${what} has metadata ${BLOCK_KEY}=true: the connector skips it (remove the key in Stripe to book it)`;
}

/**
 * A Stripe object the connector must not book, found while booking (the event's object, or one it depends on:
 * a charge's customer or invoice, a refund's charge). Not a failure: the event processor finishes the event
 * `no_action` with this message (`noAction`), and a payout holding such a charge reports it.
 */
export class BlockedByMetadata extends Error {
  readonly code = 'SNC_BLOCKED_BY_METADATA';
  override readonly name = 'SNC_BLOCKED_BY_METADATA';
  readonly noAction = true;
  constructor(
    readonly blockedId: string,
    readonly stripeId: string = blockedId,
  ) {
    super(blockedText(blockedId, stripeId));
  }
}

/** Throws BlockedByMetadata when `object` carries the block key (`forId`: the object being booked because of it). */
export function assertNotBlocked(object: { id: string; metadata?: Metadata | null }, forId: string = object.id): void {
  if (isBlocked(object.metadata)) throw new BlockedByMetadata(object.id, forId);
}

/** A NetSuite transaction a metadata key names, as NetSuite has it (amounts in minor units of `currency`). */
export interface TransactionTarget {
  /** N/record type (`invoice`, `creditmemo`, `customerpayment`, …). */
  recordType: string;
  entity: number | null;
  /** ISO code, lower case. */
  currency: string;
  totalMinor: number;
  /** Invoices: amount still unpaid; credit memos: credit not yet applied. */
  openMinor: number;
  voided: boolean;
}

/** What a Stripe object asks of the transaction its key names. */
export interface TransactionLink {
  stripeId: string;
  key: string;
  id: number;
  /** The Stripe object's currency and amount (minor units). */
  currency: string;
  amountMinor: number;
  /** The customer the booking must be for (null: taken from the transaction). */
  customer: number | null;
  /** Who named `customer`, for the message. */
  customerFrom: string;
}

const LABELS: Readonly<Record<string, string>> = { invoice: 'invoice', creditmemo: 'credit memo' };
const label = (type: string): string => LABELS[type] ?? type;
const aLabel = (type: string): string => `${/^[aeiou]/.test(label(type)) ? 'an' : 'a'} ${label(type)}`;

/**
 * Why the transaction cannot take the booking (null: it can): missing, of another type, voided, another
 * currency, another customer, or less open than the amount. The wording names the key and the fix, as
 * SNC_INVALID_LINK does for customer and item links (flows/links.ts).
 */
export function transactionLinkProblem(
  link: TransactionLink,
  type: 'invoice' | 'creditmemo',
  target: TransactionTarget | null,
): string | null {
  const says = `${link.stripeId} has ${link.key} ${link.id}`;
  const fix = 'correct the metadata';
  if (target === null) return `${says}, but NetSuite has no transaction with internal ID ${link.id}: ${fix}`;
  if (target.recordType !== type)
    return `${says}, but that record is ${aLabel(target.recordType)}, not ${aLabel(type)}: ${fix}`;
  if (target.voided) return `${says}, but that ${label(type)} is voided: ${fix}`;
  if (target.currency !== link.currency.toLowerCase())
    return `${says}, but that ${label(type)} is in ${target.currency.toUpperCase()} and ${link.stripeId} in ${link.currency.toUpperCase()}: ${fix}`;
  if (link.customer !== null && target.entity !== link.customer)
    return `${says}, but that ${label(type)} belongs to customer ${target.entity ?? 'none'}, not customer ${link.customer} (${link.customerFrom}): ${fix}`;
  const open = formatMinorUnits(target.openMinor, target.currency);
  const amount = formatMinorUnits(link.amountMinor, link.currency);
  if (target.openMinor <= 0)
    return `${says}, but that ${label(type)} has nothing left ${type === 'invoice' ? 'to pay' : 'to refund'}: ${fix}`;
  if (target.openMinor < link.amountMinor)
    return `${says}, but that ${label(type)} has ${open} open and ${link.stripeId} is ${amount}: ${fix}`;
  return null;
}

import { decideCustomer, LinkError, requireGlobalCustomer, type CustomerDecision } from '../customers';
import { xrefKey, type CustomerValues } from '../ports';
import type { StripeCustomer } from '../stripeShapes';
import { beforeSyncStart, type BookingContext } from './context';
import { checkLinkTarget } from './links';
import { assertNotBlocked } from '../metadataControl';
import { skipped, type FlowOutcome, type RecordHow, type RecordOutcome } from './outcome';
import { createOnce, customerRecord, Lookup } from './recordLookup';
import { stripeClient } from '../stripeClient';

/** A customer as a flow knows it: its internal ID and, when known, its primary currency. */
export interface KnownCustomer {
  id: number;
  currency: string | null;
}

/** The customer a flow books for, and how it was found or made. */
export interface EnsuredCustomer extends KnownCustomer {
  record: RecordOutcome;
}

/** The customer takes `currency` before a transaction in it is booked (NetSuite's customer currency list). */
export function ensureCustomerCurrency(ctx: BookingContext, customer: KnownCustomer, currency: string): void {
  const wanted = currency.toLowerCase();
  if (customer.currency !== null && customer.currency.toLowerCase() === wanted) return;
  ctx.books.ensureCustomerCurrency(customer.id, wanted);
}

/** Memory-only key saying a Stripe customer has no link and books to the global customer (global mode). */
const unlinkedKey = (customerId: string): string => `${customerId}:unlinked-customer`;

const outcomeOf = (
  stripeId: string | null,
  id: number,
  how: RecordHow,
  currency: string | null,
  detail?: string,
): EnsuredCustomer => ({
  id,
  currency,
  record: { stripeId, recordType: 'customer', id, how, ...(detail ? { detail } : {}) },
});

/** The Stripe customer with its metadata: the hint when it carries it, else read from Stripe. */
function withMetadata(ctx: BookingContext, customerId: string, hint: StripeCustomer | null): StripeCustomer {
  const customer =
    hint !== null && hint.metadata !== undefined ? hint : stripeClient(ctx.stripe).customers.retrieve(customerId);
  // netsuite_block_integration: no NetSuite customer yet, so nothing of the customer is booked (its invoices,
  // charges, refunds): the event finishes no_action. Read only when NetSuite does not know the customer yet.
  assertNotBlocked(customer);
  return customer;
}

/** Links the Stripe customer to the NetSuite customer its metadata names, once that is checked. */
function linkCustomer(
  ctx: BookingContext,
  lookup: Lookup,
  customerId: string,
  link: Extract<CustomerDecision, { action: 'link' }>,
): EnsuredCustomer {
  const id = link.customer;
  checkLinkTarget(ctx.books, { stripeId: customerId, key: link.key, id, kind: 'customer', types: ['customer'] });
  ctx.books.link({ stripeId: customerId, stripeType: 'customer', recordType: 'customer', id });
  lookup.made(customerId, customerRecord(id));
  return outcomeOf(customerId, id, 'linked', null, 'by metadata');
}

/**
 * Customer mode global: the global customer, unless the Stripe customer links one by `netsuite_customer_id`
 * (the link wins, see decideCustomer). What a customer turned out to be is remembered, so only its first
 * booking in a while costs the link query and the customer read.
 */
function globalModeCustomer(
  ctx: BookingContext,
  lookup: Lookup,
  customerId: string,
  hint: StripeCustomer | null,
): EnsuredCustomer {
  const globalId = requireGlobalCustomer(ctx.booking);
  const global = outcomeOf(customerId, globalId, 'global', null);
  if (lookup.recall(unlinkedKey(customerId))?.id === globalId) return global;
  const linked = lookup.resolve([xrefKey(customerId, 'customer')]);
  if (linked) return outcomeOf(customerId, linked.id, 'found', linked.currency);
  const customer = withMetadata(ctx, customerId, hint);
  const decision = customer.deleted ? null : decideCustomer(customer, ctx.booking);
  if (decision?.action === 'link') return linkCustomer(ctx, lookup, customerId, decision);
  lookup.made(unlinkedKey(customerId), customerRecord(globalId));
  return global;
}

/**
 * The NetSuite customer for a Stripe customer (or the global one): found by external ID `cus_…` or a
 * cross-reference, else linked (metadata `netsuite_customer_id`, in every mode), matched or created per
 * the customer mode. `hint` spares a Stripe call when it carries the customer's metadata.
 */
export function ensureCustomer(
  ctx: BookingContext,
  lookup: Lookup,
  customerId: string | null,
  hint: StripeCustomer | null,
): EnsuredCustomer {
  const { booking, books } = ctx;
  if (customerId === null) return outcomeOf(null, requireGlobalCustomer(booking), 'global', null);
  if (booking.customerMode === 'global') return globalModeCustomer(ctx, lookup, customerId, hint);
  const existing = lookup.resolve([customerId, xrefKey(customerId, 'customer')]);
  if (existing) return outcomeOf(customerId, existing.id, 'found', existing.currency);

  // Every mode needs the metadata: a link key wins over creating or matching.
  const customer = withMetadata(ctx, customerId, hint);
  if (customer.deleted)
    return outcomeOf(customerId, requireGlobalCustomer(booking), 'global', null, '(deleted in Stripe)');
  const decision = decideCustomer(customer, booking);
  const create = (values: CustomerValues): EnsuredCustomer => {
    // A customer saved without a currency has the subsidiary's base currency as its primary one.
    const primary = values.currency ?? books.baseCurrency(booking.subsidiary);
    const { record, how } = createOnce(
      lookup,
      customerId,
      () => books.createCustomer(values),
      (id) => customerRecord(id, primary),
    );
    return outcomeOf(customerId, record.id, how, record.currency);
  };
  switch (decision.action) {
    case 'global':
      return outcomeOf(customerId, decision.customer, 'global', null);
    case 'link':
      return linkCustomer(ctx, lookup, customerId, decision);
    case 'match': {
      const matched = books.findCustomerBy(decision.field, decision.value);
      if (matched === null) return create(decision.otherwise);
      books.link({ stripeId: customerId, stripeType: 'customer', recordType: 'customer', id: matched });
      lookup.made(customerId, customerRecord(matched));
      return outcomeOf(customerId, matched, 'matched', null, decision.field);
    }
    case 'create':
      return create(decision.values);
  }
}

/**
 * `customer.created`. A metadata link the payload names that NetSuite refuses ("correct the metadata", the error
 * says): the customer is read from Stripe as it is now, so a retry after the admin corrected the key books the
 * corrected link rather than the event's copy (the read costs only on that failing path).
 */
export function bookCustomer(customer: StripeCustomer, ctx: BookingContext): FlowOutcome {
  try {
    return bookCustomerAsSent(customer, ctx);
  } catch (error) {
    if (!(error instanceof LinkError) || customer.deleted) throw error;
    const current = stripeClient(ctx.stripe).customers.retrieve(customer.id);
    if (JSON.stringify(current.metadata ?? {}) === JSON.stringify(customer.metadata ?? {})) throw error;
    return bookCustomerAsSent(current, ctx);
  }
}

function bookCustomerAsSent(customer: StripeCustomer, ctx: BookingContext): FlowOutcome {
  if (beforeSyncStart(ctx.booking, customer.created))
    return skipped(customer.id, `${customer.id} predates the sync start`);
  // The payload is the customer as created: enough for every mode.
  const hint = { metadata: {}, ...customer };
  const lookup = new Lookup(ctx.books);
  if (ctx.booking.customerMode === 'global') {
    if (customer.deleted || decideCustomer(hint, ctx.booking).action !== 'link')
      return skipped(customer.id, 'customer mode is global (no NetSuite customer)');
    return { stripeId: customer.id, records: [ensureCustomer(ctx, lookup, customer.id, hint).record] };
  }
  // One customer per Stripe customer: create straight away and let NetSuite's external-ID uniqueness
  // answer a redelivery, which saves the lookup query on the common path.
  if (ctx.booking.customerMode === 'per_customer' && !customer.deleted) {
    const decision = decideCustomer(hint, ctx.booking);
    if (decision.action === 'create') {
      const { record, how } = createOnce(
        lookup,
        customer.id,
        () => ctx.books.createCustomer(decision.values),
        (id) => customerRecord(id, decision.values.currency ?? ctx.books.baseCurrency(ctx.booking.subsidiary)),
      );
      return {
        stripeId: customer.id,
        records: [{ stripeId: customer.id, recordType: 'customer', id: record.id, how }],
      };
    }
  }
  return { stripeId: customer.id, records: [ensureCustomer(ctx, lookup, customer.id, hint).record] };
}

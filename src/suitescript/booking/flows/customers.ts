import { decideCustomer, requireGlobalCustomer } from '../customers';
import { xrefKey, type CustomerValues } from '../ports';
import type { StripeCustomer } from '../stripeShapes';
import { beforeSyncStart, type BookingContext } from './context';
import { createOnce, customerRecord, Lookup } from './recordLookup';

/** A customer as a flow knows it: its internal ID and, when known, its primary currency. */
export interface KnownCustomer {
  id: number;
  currency: string | null;
}

/** The customer takes `currency` before a transaction in it is booked (NetSuite's customer currency list). */
export function ensureCustomerCurrency(ctx: BookingContext, customer: KnownCustomer, currency: string): void {
  const wanted = currency.toLowerCase();
  if (customer.currency !== null && customer.currency.toLowerCase() === wanted) return;
  ctx.books.ensureCustomerCurrency(customer.id, wanted);
}

/**
 * The NetSuite customer for a Stripe customer (or the global one): found by external ID `cus_…` or a
 * cross-reference, else linked, matched or created per the customer mode. `hint` spares a Stripe call when
 * it holds what the mode needs.
 */
export function ensureCustomer(
  ctx: BookingContext,
  lookup: Lookup,
  customerId: string | null,
  hint: StripeCustomer | null,
): { id: number; note: string; currency: string | null } {
  const { booking, books } = ctx;
  if (booking.customerMode === 'global' || customerId === null) {
    return { id: requireGlobalCustomer(booking), note: 'global customer', currency: null };
  }
  const existing = lookup.resolve([customerId, xrefKey(customerId, 'customer')]);
  if (existing) return { id: existing.id, note: `customer ${existing.id} found`, currency: existing.currency };

  const needsStripe = hint === null || (booking.customerMode === 'metadata' && hint.metadata === undefined);
  const customer = needsStripe ? ctx.stripe.retrieve<StripeCustomer>(`/v1/customers/${customerId}`) : hint;
  if (customer.deleted) {
    return { id: requireGlobalCustomer(booking), note: 'global customer (deleted in Stripe)', currency: null };
  }
  const decision = decideCustomer(customer, booking);
  const linkTo = (id: number, how: string): { id: number; note: string; currency: string | null } => {
    books.link({ stripeId: customerId, stripeType: 'customer', recordType: 'customer', id });
    lookup.made(customerId, customerRecord(id));
    return { id, note: `customer ${id} ${how}`, currency: null };
  };
  const create = (values: CustomerValues): { id: number; note: string; currency: string | null } => {
    const { record, how } = createOnce(
      lookup,
      customerId,
      () => books.createCustomer(values),
      (id) => customerRecord(id, values.currency),
    );
    return { id: record.id, note: `customer ${record.id} ${how}`, currency: record.currency };
  };
  switch (decision.action) {
    case 'global':
      return { id: decision.customer, note: 'global customer', currency: null };
    case 'link':
      return linkTo(decision.customer, 'linked by metadata');
    case 'match': {
      const matched = books.findCustomerBy(decision.field, decision.value);
      return matched !== null ? linkTo(matched, `matched on ${decision.field}`) : create(decision.otherwise);
    }
    case 'create':
      return create(decision.values);
  }
}

/** `customer.created`. */
export function bookCustomer(customer: StripeCustomer, ctx: BookingContext): string {
  if (beforeSyncStart(ctx.booking, customer.created)) return `Not booked: ${customer.id} predates the sync start`;
  if (ctx.booking.customerMode === 'global') return 'No NetSuite customer: customer mode is global';
  const hint = { metadata: {}, ...customer };
  const lookup = new Lookup(ctx.books);
  // One customer per Stripe customer: create straight away and let NetSuite's external-ID uniqueness
  // answer a redelivery, which saves the lookup query on the common path.
  if (ctx.booking.customerMode === 'per_customer' && !customer.deleted) {
    const decision = decideCustomer(hint, ctx.booking);
    if (decision.action === 'create') {
      const { record, how } = createOnce(
        lookup,
        customer.id,
        () => ctx.books.createCustomer(decision.values),
        (id) => customerRecord(id, decision.values.currency),
      );
      return `${customer.id}: customer ${record.id} ${how}`;
    }
  }
  // The payload is the customer as created: enough for every mode.
  const { note } = ensureCustomer(ctx, lookup, customer.id, hint);
  return `${customer.id}: ${note}`;
}

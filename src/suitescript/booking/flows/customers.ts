import { decideCustomer, requireGlobalCustomer } from '../customers';
import { xrefKey, type CustomerValues } from '../ports';
import type { StripeCustomer } from '../stripeShapes';
import { beforeSyncStart, type BookingContext } from './context';
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
): EnsuredCustomer {
  const { booking, books } = ctx;
  const global = (id: number, detail?: string): EnsuredCustomer => ({
    id,
    currency: null,
    record: { stripeId: customerId, recordType: 'customer', id, how: 'global', ...(detail ? { detail } : {}) },
  });
  if (booking.customerMode === 'global' || customerId === null) return global(requireGlobalCustomer(booking));
  const customerOutcome = (id: number, how: RecordHow, currency: string | null, detail?: string): EnsuredCustomer => ({
    id,
    currency,
    record: { stripeId: customerId, recordType: 'customer', id, how, ...(detail ? { detail } : {}) },
  });
  const existing = lookup.resolve([customerId, xrefKey(customerId, 'customer')]);
  if (existing) return customerOutcome(existing.id, 'found', existing.currency);

  const needsStripe = hint === null || (booking.customerMode === 'metadata' && hint.metadata === undefined);
  const customer = needsStripe ? stripeClient(ctx.stripe).customers.retrieve(customerId) : hint;
  if (customer.deleted) return global(requireGlobalCustomer(booking), '(deleted in Stripe)');
  const decision = decideCustomer(customer, booking);
  const linkTo = (id: number, how: 'linked' | 'matched', detail: string): EnsuredCustomer => {
    books.link({ stripeId: customerId, stripeType: 'customer', recordType: 'customer', id });
    lookup.made(customerId, customerRecord(id));
    return customerOutcome(id, how, null, detail);
  };
  const create = (values: CustomerValues): EnsuredCustomer => {
    // A customer saved without a currency has the subsidiary's base currency as its primary one.
    const primary = values.currency ?? books.baseCurrency(booking.subsidiary);
    const { record, how } = createOnce(
      lookup,
      customerId,
      () => books.createCustomer(values),
      (id) => customerRecord(id, primary),
    );
    return customerOutcome(record.id, how, record.currency);
  };
  switch (decision.action) {
    case 'global':
      return global(decision.customer);
    case 'link':
      return linkTo(decision.customer, 'linked', 'by metadata');
    case 'match': {
      const matched = books.findCustomerBy(decision.field, decision.value);
      return matched !== null ? linkTo(matched, 'matched', decision.field) : create(decision.otherwise);
    }
    case 'create':
      return create(decision.values);
  }
}

/** `customer.created`. */
export function bookCustomer(customer: StripeCustomer, ctx: BookingContext): FlowOutcome {
  if (beforeSyncStart(ctx.booking, customer.created))
    return skipped(customer.id, `${customer.id} predates the sync start`);
  if (ctx.booking.customerMode === 'global')
    return skipped(customer.id, 'customer mode is global (no NetSuite customer)');
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
        (id) => customerRecord(id, decision.values.currency ?? ctx.books.baseCurrency(ctx.booking.subsidiary)),
      );
      return {
        stripeId: customer.id,
        records: [{ stripeId: customer.id, recordType: 'customer', id: record.id, how }],
      };
    }
  }
  // The payload is the customer as created: enough for every mode.
  return { stripeId: customer.id, records: [ensureCustomer(ctx, lookup, customer.id, hint).record] };
}

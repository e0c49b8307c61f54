import type { BookingSettings } from '../settings';
import type { CustomerValues } from './ports';
import type { StripeCustomer } from './stripeShapes';

/** Metadata key on a Stripe customer naming the NetSuite customer it stands for. */
export const CUSTOMER_LINK_KEY = 'netsuite_customer_id';

export class BookingSetupError extends Error {
  readonly code = 'SNC_INVALID_SETTING';
}

/** What a Stripe customer becomes, by customer mode. */
export type CustomerDecision =
  | { action: 'global'; customer: number }
  | { action: 'link'; customer: number }
  | { action: 'match'; field: string; value: string; otherwise: CustomerValues }
  | { action: 'create'; values: CustomerValues };

/** Email as the match compares it: case and whitespace do not count. */
export function normalizeEmail(email: string): string {
  return email.replace(/\s+/g, '').toLowerCase();
}

function splitName(name: string): { first: string | null; last: string | null } {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { first: null, last: null };
  if (parts.length === 1) return { first: parts[0] ?? null, last: null };
  return { first: parts.slice(0, -1).join(' '), last: parts[parts.length - 1] ?? null };
}

export function requireSubsidiary(booking: BookingSettings): number {
  if (booking.subsidiary === null)
    throw new BookingSetupError('Settings name no subsidiary (custrecord_snc_set_subsidiary)');
  return booking.subsidiary;
}

export function requireGlobalCustomer(booking: BookingSettings): number {
  if (booking.globalCustomer === null)
    throw new BookingSetupError('Settings name no global customer (custrecord_snc_set_global_customer)');
  return booking.globalCustomer;
}

/** The NetSuite customer for a Stripe customer created by the connector (external ID = `cus_…`). */
export function customerValues(customer: StripeCustomer, booking: BookingSettings): CustomerValues {
  const name = customer.name?.trim() || null;
  const email = customer.email?.trim() || null;
  const { first, last } = name ? splitName(name) : { first: null, last: null };
  return {
    externalId: customer.id,
    companyName: (name ?? email ?? customer.id).slice(0, 83),
    firstName: first,
    lastName: last,
    email,
    subsidiary: requireSubsidiary(booking),
    currency: customer.currency ? customer.currency.toLowerCase() : null,
    comments: `Stripe: customer ${customer.id}${customer.description ? ` (${customer.description})` : ''}`,
  };
}

/** Decides what a Stripe customer maps to; the shell then finds, links or creates. */
export function decideCustomer(customer: StripeCustomer, booking: BookingSettings): CustomerDecision {
  switch (booking.customerMode) {
    case 'global':
      return { action: 'global', customer: requireGlobalCustomer(booking) };
    case 'metadata': {
      const linked = customer.metadata?.[CUSTOMER_LINK_KEY]?.trim();
      if (linked) {
        if (!/^\d+$/.test(linked))
          throw new BookingSetupError(
            `Stripe customer ${customer.id} has ${CUSTOMER_LINK_KEY} "${linked}", not a NetSuite internal ID`,
          );
        return { action: 'link', customer: Number(linked) };
      }
      return { action: 'create', values: customerValues(customer, booking) };
    }
    case 'match': {
      const email = customer.email ? normalizeEmail(customer.email) : '';
      const values = customerValues(customer, booking);
      if (email === '' || booking.matchField === null) return { action: 'create', values };
      return { action: 'match', field: booking.matchField, value: email, otherwise: values };
    }
    case 'per_customer':
      return { action: 'create', values: customerValues(customer, booking) };
  }
}

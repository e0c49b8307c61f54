import type { BookingSettings } from '../settings';
import type { AddressValues, CustomerValues } from './ports';
import type { StripeAddress, StripeCustomer } from './stripeShapes';

/** Metadata key on a Stripe customer naming the NetSuite customer it stands for. */
export const CUSTOMER_LINK_KEY = 'netsuite_customer_id';

export class BookingSetupError extends Error {
  readonly code = 'SNC_INVALID_SETTING';
}

/**
 * A Stripe object's `netsuite_*_id` metadata names no record it can link to (not an internal ID, no such
 * record, the wrong type, inactive). Named by its code so the queue shows `SNC_INVALID_LINK: …`; the event
 * is retried and then parked with this reason, and nothing is created in its place.
 */
export class LinkError extends Error {
  readonly code = 'SNC_INVALID_LINK';
  override readonly name = 'SNC_INVALID_LINK';
}

/** An internal ID from a metadata value, or null when the key is unset; anything else is a LinkError. */
export function linkedInternalId(stripeId: string, key: string, value: string | undefined): number | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (!/^[1-9]\d*$/.test(trimmed))
    throw new LinkError(`${stripeId} has ${key} "${trimmed}", not a NetSuite internal ID`);
  return Number(trimmed);
}

/** What a Stripe customer becomes, by customer mode. */
export type CustomerDecision =
  | { action: 'global'; customer: number }
  | { action: 'link'; customer: number; key: string }
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

/**
 * Decides what a Stripe customer maps to; the shell then finds, links or creates. `netsuite_customer_id`
 * links in every mode (seed 000: "if you enabled customer matching or created the customer with the
 * netsuite_customer_id metadata key"), global included: whoever set the key named the customer this Stripe
 * customer's receivables belong to, and an accountant expects them on that customer, not hidden in the
 * global one.
 */
export function decideCustomer(customer: StripeCustomer, booking: BookingSettings): CustomerDecision {
  const linked = linkedInternalId(customer.id, CUSTOMER_LINK_KEY, customer.metadata?.[CUSTOMER_LINK_KEY]);
  if (linked !== null) return { action: 'link', customer: linked, key: CUSTOMER_LINK_KEY };
  switch (booking.customerMode) {
    case 'global':
      return { action: 'global', customer: requireGlobalCustomer(booking) };
    case 'match': {
      const email = customer.email ? normalizeEmail(customer.email) : '';
      const values = customerValues(customer, booking);
      if (email === '' || booking.matchField === null) return { action: 'create', values };
      return { action: 'match', field: booking.matchField, value: email, otherwise: values };
    }
    case 'metadata':
    case 'per_customer':
      return { action: 'create', values: customerValues(customer, booking) };
  }
}

/** The customer fields the optional updates keep in step with Stripe (`customer.updated`). */
export interface CustomerSyncValues {
  /** Body fields: the name as `customerValues` maps it on create, email, phone. */
  body: Record<string, string | null>;
  /** Stripe's `address` (the default billing address); null: Stripe has none. */
  billing: AddressValues | null;
  /** Stripe's `shipping.address` (the default shipping address); null: Stripe has none. */
  shipping: AddressValues | null;
}

function addressValues(
  address: StripeAddress | null | undefined,
  addressee: string | null | undefined,
  phone: string | null | undefined,
): AddressValues | null {
  if (!address) return null;
  const text = (value: string | null | undefined): string | null => value?.trim() || null;
  const values: AddressValues = {
    addressee: text(addressee),
    addr1: text(address.line1),
    addr2: text(address.line2),
    city: text(address.city),
    state: text(address.state),
    zip: text(address.postal_code),
    country: text(address.country)?.toUpperCase() ?? null,
    addrphone: text(phone),
  };
  const place = [values.addr1, values.addr2, values.city, values.state, values.zip, values.country];
  return place.some((value) => value !== null) ? values : null;
}

/** What `customer.updated` writes to the linked customer: the same name mapping as on create. */
export function customerSyncValues(customer: StripeCustomer, booking: BookingSettings): CustomerSyncValues {
  const values = customerValues(customer, booking);
  return {
    body: {
      companyname: values.companyName,
      firstname: values.firstName,
      lastname: values.lastName,
      email: values.email,
      phone: customer.phone?.trim() || null,
    },
    billing: addressValues(customer.address, customer.name, null),
    shipping: addressValues(customer.shipping?.address, customer.shipping?.name, customer.shipping?.phone),
  };
}

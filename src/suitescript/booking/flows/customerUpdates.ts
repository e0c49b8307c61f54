import { customerSyncValues } from '../customers';
import { xrefKey, type CustomerAddresses, type SyncState } from '../ports';
import { stripeClient } from '../stripeClient';
import type { StripeCustomer } from '../stripeShapes';
import {
  addressKey,
  createdBaseline,
  decideFieldUpdates,
  syncedChanged,
  writesAnything,
  type FieldUpdate,
} from '../syncedFields';
import type { BookingContext } from './context';
import { skipped, type FlowOutcome } from './outcome';
import { Lookup } from './recordLookup';

/** What createCustomer writes (netsuite/bookingRecords.ts): the connector's from creation. */
const CREATED_FIELDS = ['companyname', 'firstname', 'lastname', 'email'];

/** The address "fields" of a customer's sync state: its default billing and shipping addresses. */
const BILLING = 'defaultbillingaddress';
const SHIPPING = 'defaultshippingaddress';

/** Names what was written and what an admin's change kept, for the event's note. */
function updateOutcome(customerId: string, id: number, written: string[], kept: string[]): FlowOutcome {
  const notes = kept.length > 0 ? [`kept as changed in NetSuite since the last sync: ${kept.join(', ')}`] : [];
  if (written.length === 0)
    return {
      stripeId: customerId,
      records: [{ stripeId: customerId, recordType: 'customer', id, how: 'found' }],
      notes: [...notes, 'nothing to update'],
    };
  return {
    stripeId: customerId,
    records: [{ stripeId: customerId, recordType: 'customer', id, how: 'updated', detail: ` (${written.join(', ')})` }],
    notes,
  };
}

/**
 * Addresses: Stripe's address is compared with NetSuite's only when it differs from what the connector last
 * wrote (else NetSuite holds it already, or an admin's change is kept): the customer is then loaded once (the
 * address subrecord is written through the loaded record), with the body fields written in the same save.
 */
function writeCustomer(
  ctx: BookingContext,
  id: number,
  body: FieldUpdate,
  wanted: ReturnType<typeof customerSyncValues>,
  state: SyncState | null,
): FieldUpdate | null {
  const desired: Record<string, string | null> = {};
  const billing = addressKey(wanted.billing);
  const shipping = addressKey(wanted.shipping);
  // Stripe without an address removes nothing in NetSuite.
  if (billing !== null && billing !== (state?.values[BILLING] ?? null)) desired[BILLING] = billing;
  if (shipping !== null && shipping !== (state?.values[SHIPPING] ?? null)) desired[SHIPPING] = shipping;
  if (Object.keys(desired).length === 0) {
    if (writesAnything(body)) ctx.books.submitValues('customer', id, body.write);
    return null;
  }
  const decided: { update: FieldUpdate | null } = { update: null };
  ctx.books.editCustomer(id, body.write, (current: CustomerAddresses) => {
    const now = { [BILLING]: addressKey(current.billing), [SHIPPING]: addressKey(current.shipping) };
    // Decided over what the body update remembers, so its result is the whole new sync state.
    const update = decideFieldUpdates(desired, now, body.synced);
    decided.update = update;
    return {
      ...(BILLING in update.write ? { billing: wanted.billing } : {}),
      ...(SHIPPING in update.write ? { shipping: wanted.shipping } : {}),
    };
  });
  return decided.update;
}

/**
 * `customer.updated` with _Update Customers From Stripe_ on: the NetSuite customer linked to the Stripe
 * customer (external ID `cus_…` or a cross-reference) takes Stripe's name, email, phone and addresses, field
 * by field as booking/syncedFields.ts decides (an admin's change in NetSuite is kept). A customer not linked
 * yet is left to the customer flow, which creates or links it when it is first needed; the global customer
 * is never updated.
 */
export function bookCustomerUpdate(event: StripeCustomer, ctx: BookingContext): FlowOutcome {
  const customerId = event.id;
  const lookup = new Lookup(ctx.books);
  // Global mode books to the global customer: only a customer linked by metadata is this customer's own.
  const keys =
    ctx.booking.customerMode === 'global'
      ? [xrefKey(customerId, 'customer')]
      : [customerId, xrefKey(customerId, 'customer')];
  lookup.prefetch([keys]);
  // Made by the connector (external ID = the Stripe ID) rather than linked to an admin's customer.
  const made = ctx.booking.customerMode !== 'global' && lookup.resolve([customerId]) !== null;
  const linked = lookup.resolve(keys);
  if (linked === null || linked.id === ctx.booking.globalCustomer)
    return skipped(
      customerId,
      `no NetSuite customer is linked to ${customerId} yet (the customer flow creates or links it when it is first booked)`,
    );
  // Events arrive late and out of order: Stripe's current customer, not the event's copy.
  const customer = stripeClient(ctx.stripe).customers.retrieve(customerId);
  if (customer.deleted) return skipped(customerId, `${customerId} is deleted in Stripe`);
  const wanted = customerSyncValues(customer, ctx.booking);
  const found = ctx.books.syncStates([customerId]).get(customerId) ?? null;
  const current = ctx.books.currentValues('customer', linked.id, Object.keys(wanted.body));
  const state = found ?? (made ? { id: 0, values: createdBaseline(current, CREATED_FIELDS) } : null);
  const body = decideFieldUpdates(wanted.body, current, state?.values ?? null);
  const addresses = writeCustomer(ctx, linked.id, body, wanted, state);
  const synced = addresses?.synced ?? body.synced;
  const all: FieldUpdate = {
    write: { ...body.write, ...(addresses?.write ?? {}) },
    kept: [...body.kept, ...(addresses?.kept ?? [])],
    synced,
  };
  if (syncedChanged(all, found?.values ?? null))
    ctx.books.saveSyncState(
      { stripeId: customerId, stripeType: 'customer', recordType: 'customer', id: linked.id },
      found,
      synced,
    );
  return updateOutcome(customerId, linked.id, Object.keys(all.write), all.kept);
}

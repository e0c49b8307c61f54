import type Stripe from 'stripe';
import type { SandboxAccount, StripeObject } from '../core/account';
import type { Params } from '../core/params';

// Helpers shared by the payment-side resources (customers, payment methods, intents, charges, refunds,
// disputes, payouts, balance transactions).
// Stripe's interfaces have no index signature, so they meet the store's StripeObject through these casts.

interface Identified {
  id: string;
  object: string;
}

export function asStored(object: Identified): StripeObject {
  return object as unknown as StripeObject;
}

export function store<T extends Identified>(account: SandboxAccount, object: T): T {
  return account.put(asStored(object)) as unknown as T;
}

export function load<T extends Identified>(account: SandboxAccount, id: string, type: string, kind?: string): T {
  return account.get<StripeObject>(id, type, kind) as unknown as T;
}

export function change<T extends Identified>(
  account: SandboxAccount,
  id: string,
  type: string,
  changes: Partial<T>,
): { object: T; previous: Partial<T> } {
  const result = account.update<StripeObject>(id, type, changes as unknown as Partial<StripeObject>);
  return { object: result.object as unknown as T, previous: result.previous as unknown as Partial<T> };
}

export function emitEvent(account: SandboxAccount, type: string, object: Identified, previous?: object): Stripe.Event {
  return account.emit(type, asStored(object), previous as Record<string, unknown> | undefined);
}

/** `metadata` on create: string values only (empty values are dropped). */
export function createMetadata(params: Params, key = 'metadata'): Record<string, string> {
  return mergeMetadata({}, params, key) ?? {};
}

/** `metadata` on update: merges keys, an empty value deletes one, `metadata=` clears all; undefined if absent. */
export function mergeMetadata(
  current: Readonly<Record<string, string>> | null,
  params: Params,
  key = 'metadata',
): Record<string, string> | undefined {
  const clearAll = params.raw[key] === '';
  const changes = params.metadata(key);
  if (changes === undefined) return undefined;
  if (clearAll) return {};
  const merged = new Map(Object.entries(current ?? {}));
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) merged.delete(k);
    else merged.set(k, v);
  }
  return Object.fromEntries(merged);
}

const ADDRESS_KEYS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const;

export function emptyAddress(): Stripe.Address {
  return { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
}

/** An address hash (`address[line1]=…`); undefined if absent, null if cleared with `address=`. */
export function readAddress(params: Params, key = 'address'): Stripe.Address | null | undefined {
  if (params.raw[key] === '') {
    params.ignore(key);
    return null;
  }
  const p = params.object(key);
  if (!p) return undefined;
  const address = emptyAddress();
  for (const k of ADDRESS_KEYS) address[k] = p.string(k) ?? null;
  p.done();
  return address;
}

export interface Shipping {
  address: Stripe.Address;
  carrier: string | null;
  name: string;
  phone: string | null;
  tracking_number: string | null;
}

/** A shipping hash (`shipping[name]`, `shipping[address][…]`); undefined if absent, null if cleared. */
export function readShipping(params: Params, key = 'shipping'): Shipping | null | undefined {
  if (params.raw[key] === '') {
    params.ignore(key);
    return null;
  }
  const p = params.object(key);
  if (!p) return undefined;
  const shipping: Shipping = {
    address: readAddress(p) ?? emptyAddress(),
    carrier: p.string('carrier') ?? null,
    name: p.string('name', { required: true }),
    phone: p.string('phone') ?? null,
    tracking_number: p.string('tracking_number') ?? null,
  };
  p.done();
  return shipping;
}

/** `${prefix}_secret_…` style random tokens (client secrets, receipt URLs). */
export function randomToken(account: SandboxAccount, length = 24): string {
  return account.ids.next('x', length).slice(2);
}

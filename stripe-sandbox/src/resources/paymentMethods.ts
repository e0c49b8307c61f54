import type Stripe from 'stripe';
import type { SandboxAccount, StripeObject } from '../core/account';
import { invalidParam, invalidState, missingParam, resourceMissing } from '../core/errors';
import { paginate } from '../core/list';
import type { Params } from '../core/params';
import type { Route, RouteContext } from '../core/routes';
import {
  asStored,
  change,
  createMetadata,
  emitEvent,
  emptyAddress,
  load,
  mergeMetadata,
  readAddress,
  store,
} from './shared';

/** A card-level decline, as Stripe reports it (`code`, `decline_code`, message). */
export interface Decline {
  code: string;
  declineCode: string;
  message: string;
}

/** One of Stripe's test cards and what the sandbox does when it is charged. */
export interface TestCard {
  name: string;
  number: string;
  brand: string;
  funding: string;
  country: string;
  /** Unique per card: the sandbox finds a PaymentMethod's behaviour through it. */
  fingerprint: string;
  decline?: Decline;
  /** A dispute right after the charge succeeds. */
  dispute?: { reason: string; inquiry: boolean; networkReasonCode: string };
  /** Funds available immediately (`pm_card_bypassPending`). */
  bypassPending?: boolean;
  /** 3D Secure required: on-session confirms stop at requires_action, off-session ones decline. */
  authenticationRequired?: boolean;
  /** Refunds of its captured charges succeed at first and fail later (`pm_card_refundFail`). */
  refundFails?: boolean;
}

const generic: Decline = { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' };
const declined = (declineCode: string, message = 'Your card was declined.'): Decline => ({
  code: 'card_declined',
  declineCode,
  message,
});

/** A stable 16-character fingerprint per test card name (FNV-1a, base 36). */
function fingerprintOf(name: string): string {
  let out = '';
  for (let round = 0; out.length < 16; round++) {
    let hash = 0x811c9dc5 ^ round;
    for (const ch of name) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += hash.toString(36);
  }
  return out.slice(0, 16);
}

function card(name: string, number: string, brand: string, extra: Partial<TestCard> = {}): TestCard {
  return {
    name,
    number,
    brand,
    funding: 'credit',
    country: 'US',
    fingerprint: fingerprintOf(name),
    ...extra,
  };
}

/** Stripe's test cards (docs.stripe.com/testing), usable as `pm_card_<name>` and `tok_<name>`. */
export const TEST_CARDS: readonly TestCard[] = [
  card('visa', '4242424242424242', 'visa'),
  card('visa_debit', '4000056655665556', 'visa', { funding: 'debit' }),
  card('mastercard', '5555555555554444', 'mastercard'),
  card('mastercard_debit', '5200828282828210', 'mastercard', { funding: 'debit' }),
  card('amex', '378282246310005', 'amex'),
  card('discover', '6011111111111117', 'discover'),
  card('visa_chargeDeclined', '4000000000000002', 'visa', { decline: generic }),
  card('chargeDeclined', '4000000000000002', 'visa', { decline: generic }),
  card('chargeDeclinedInsufficientFunds', '4000000000009995', 'visa', {
    decline: declined('insufficient_funds', 'Your card has insufficient funds.'),
  }),
  card('chargeDeclinedLostCard', '4000000000009987', 'visa', { decline: declined('lost_card') }),
  card('chargeDeclinedStolenCard', '4000000000009979', 'visa', { decline: declined('stolen_card') }),
  card('chargeDeclinedFraudulent', '4100000000000019', 'visa', { decline: declined('fraudulent') }),
  card('chargeDeclinedExpiredCard', '4000000000000069', 'visa', {
    decline: { code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.' },
  }),
  card('chargeDeclinedIncorrectCvc', '4000000000000127', 'visa', {
    decline: {
      code: 'incorrect_cvc',
      declineCode: 'incorrect_cvc',
      message: "Your card's security code is incorrect.",
    },
  }),
  card('chargeDeclinedProcessingError', '4000000000000119', 'visa', {
    decline: {
      code: 'processing_error',
      declineCode: 'processing_error',
      message: 'An error occurred while processing your card. Try again in a little bit.',
    },
  }),
  card('chargeCustomerFail', '4000000000000341', 'visa', { decline: generic }),
  card('createDispute', '4000000000000259', 'visa', {
    dispute: { reason: 'fraudulent', inquiry: false, networkReasonCode: '10.4' },
  }),
  card('createDisputeProductNotReceived', '4000000000002685', 'visa', {
    dispute: { reason: 'product_not_received', inquiry: false, networkReasonCode: '13.1' },
  }),
  card('createDisputeInquiry', '4000000000001976', 'visa', {
    dispute: { reason: 'general', inquiry: true, networkReasonCode: '10.4' },
  }),
  card('bypassPending', '4000000000000077', 'visa', { bypassPending: true }),
  // "refunding a captured charge fails asynchronously with a failure_reason of expired_or_canceled_card"
  // (docs.stripe.com/testing, "Refunds").
  card('refundFail', '4000000000005126', 'visa', { refundFails: true }),
  card('authenticationRequired', '4000002760003184', 'visa', { authenticationRequired: true }),
  card('threeDSecure2Required', '4000000000003220', 'visa', { authenticationRequired: true }),
];

export function testCardByName(name: string): TestCard | undefined {
  return TEST_CARDS.find((c) => c.name === name);
}

/** The behaviour behind a stored card PaymentMethod or card (looked up by fingerprint). */
export function testCardFor(fingerprint: string | null | undefined): TestCard {
  return TEST_CARDS.find((c) => c.fingerprint === fingerprint) ?? (TEST_CARDS[0] as TestCard);
}

/** `pm_card_visa` → visa, `tok_visa` → visa. */
export function testCardFromToken(id: string): TestCard | undefined {
  const match = /^(?:pm_card_|tok_)(.+)$/.exec(id);
  return match ? testCardByName(match[1] as string) : undefined;
}

function expiryYear(account: SandboxAccount): number {
  return new Date(account.now() * 1000).getUTCFullYear() + 3;
}

export function cardDetails(account: SandboxAccount, testCard: TestCard): Stripe.PaymentMethod.Card {
  return {
    brand: testCard.brand,
    checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
    country: testCard.country,
    display_brand: testCard.brand === 'amex' ? 'american_express' : testCard.brand,
    exp_month: 12,
    exp_year: expiryYear(account),
    fingerprint: testCard.fingerprint,
    funding: testCard.funding,
    generated_from: null,
    last4: testCard.number.slice(-4),
    networks: { available: [testCard.brand], preferred: null },
    regulated_status: 'unregulated',
    three_d_secure_usage: { supported: true },
    wallet: null,
  };
}

function emptyBillingDetails(): Stripe.PaymentMethod.BillingDetails {
  return { address: emptyAddress(), email: null, name: null, phone: null, tax_id: null };
}

function readBillingDetails(
  params: Params,
  current: Stripe.PaymentMethod.BillingDetails,
): Stripe.PaymentMethod.BillingDetails | undefined {
  const p = params.object('billing_details');
  if (!p) return undefined;
  const next = { ...current };
  const address = readAddress(p);
  if (address !== undefined) next.address = address ?? emptyAddress();
  for (const key of ['email', 'name', 'phone', 'tax_id'] as const) {
    const value = p.nullableString(key);
    if (value !== undefined) next[key] = value;
  }
  p.done();
  return next;
}

function newPaymentMethod(
  account: SandboxAccount,
  testCard: TestCard,
  extra: { billingDetails?: Stripe.PaymentMethod.BillingDetails; metadata?: Record<string, string> } = {},
): Stripe.PaymentMethod {
  const pm: Stripe.PaymentMethod = {
    id: account.ids.next('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: extra.billingDetails ?? emptyBillingDetails(),
    card: cardDetails(account, testCard),
    created: account.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: extra.metadata ?? {},
    type: 'card',
  };
  return store(account, pm);
}

/** PaymentMethods detached from a customer, which Stripe does not let you use again. */
const detachedIds = new WeakMap<SandboxAccount, Set<string>>();

function detachedSet(account: SandboxAccount): Set<string> {
  let set = detachedIds.get(account);
  if (!set) {
    set = new Set();
    detachedIds.set(account, set);
  }
  return set;
}

/**
 * A usable PaymentMethod for `id`: a test token (`pm_card_visa`) becomes a new stored `pm_…` each time,
 * as Stripe does; a stored one is returned as is.
 */
export function resolvePaymentMethod(
  account: SandboxAccount,
  id: string,
  param = 'payment_method',
): Stripe.PaymentMethod {
  const testCard = testCardFromToken(id);
  if (testCard && id.startsWith('pm_')) return newPaymentMethod(account, testCard);
  const found = account.find<StripeObject>(id);
  if (!found || found.object !== 'payment_method') throw resourceMissing('payment_method', id, param);
  return found as unknown as Stripe.PaymentMethod;
}

export function customerId(pm: Stripe.PaymentMethod): string | null {
  return typeof pm.customer === 'string' ? pm.customer : (pm.customer?.id ?? null);
}

/** Attaches a PaymentMethod (or a test token, as a new one) to a customer; emits payment_method.attached. */
export function attachPaymentMethod(account: SandboxAccount, id: string, customer: string): Stripe.PaymentMethod {
  const found = account.find<StripeObject>(customer);
  if (!found || found.object !== 'customer')
    throw invalidParam('customer', `No such customer: '${customer}'`, 'resource_missing');
  const pm = resolvePaymentMethod(account, id);
  const current = customerId(pm);
  if (current === customer) return pm;
  if (current !== null)
    throw invalidState(
      `The payment method you provided is already attached to a customer. To reuse it, detach it first.`,
      'payment_method_unexpected_state',
    );
  if (detachedSet(account).has(pm.id))
    throw invalidState(
      'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.',
      'payment_method_unexpected_state',
    );
  const { object } = change<Stripe.PaymentMethod>(account, pm.id, 'payment_method', { customer });
  emitEvent(account, 'payment_method.attached', object);
  return object;
}

function create({ account, params }: RouteContext) {
  const type = params.string('type', { required: true });
  if (type !== 'card') throw invalidParam('type', `The sandbox only models card PaymentMethods, not '${type}'.`);
  const cardParams = params.object('card');
  if (!cardParams) throw missingParam('card');
  const token = cardParams.string('token');
  const number = cardParams.string('number');
  cardParams.ignore('exp_month', 'exp_year', 'cvc', 'networks');
  cardParams.done();
  let testCard: TestCard | undefined;
  if (token !== undefined) {
    testCard = token.startsWith('tok_') ? testCardFromToken(token) : undefined;
    if (!testCard) throw invalidParam('card[token]', `No such token: '${token}'`, 'resource_missing');
  } else if (number !== undefined) {
    testCard = TEST_CARDS.find((c) => c.number === number.replace(/\s/g, ''));
    if (!testCard) throw invalidParam('card[number]', 'Your card number is incorrect.', 'incorrect_number');
  } else {
    throw missingParam('card[token]');
  }
  const billingDetails = readBillingDetails(params, emptyBillingDetails());
  const metadata = createMetadata(params);
  params.ignore('allow_redisplay');
  params.done();
  return asStored(newPaymentMethod(account, testCard, { billingDetails, metadata }));
}

function retrieve({ account, params, path }: RouteContext) {
  params.done();
  return asStored(resolvePaymentMethod(account, path['id'] ?? '', 'id'));
}

function update({ account, params, path }: RouteContext) {
  const pm = load<Stripe.PaymentMethod>(account, path['id'] ?? '', 'payment_method', 'PaymentMethod');
  const changes: Partial<Stripe.PaymentMethod> = {};
  const billing = readBillingDetails(params, pm.billing_details);
  if (billing) changes.billing_details = billing;
  const metadata = mergeMetadata(pm.metadata, params);
  if (metadata !== undefined) changes.metadata = metadata;
  const cardParams = params.object('card');
  if (cardParams && pm.card) {
    const month = cardParams.int('exp_month', { min: 1, max: 12 });
    const year = cardParams.int('exp_year');
    cardParams.ignore('networks');
    cardParams.done();
    changes.card = { ...pm.card, exp_month: month ?? pm.card.exp_month, exp_year: year ?? pm.card.exp_year };
  }
  params.ignore('allow_redisplay');
  params.done();
  const { object, previous } = change<Stripe.PaymentMethod>(account, pm.id, 'payment_method', changes);
  if (Object.keys(previous).length > 0) emitEvent(account, 'payment_method.updated', object, previous);
  return asStored(object);
}

function attach({ account, params, path }: RouteContext) {
  const customer = params.string('customer', { required: true });
  params.done();
  return asStored(attachPaymentMethod(account, path['id'] ?? '', customer));
}

function detach({ account, params, path }: RouteContext) {
  params.done();
  const pm = load<Stripe.PaymentMethod>(account, path['id'] ?? '', 'payment_method', 'PaymentMethod');
  const customer = customerId(pm);
  if (customer === null)
    throw invalidState('The payment method you provided is not attached to a customer so detachment is impossible.');
  const { object, previous } = change<Stripe.PaymentMethod>(account, pm.id, 'payment_method', { customer: null });
  detachedSet(account).add(pm.id);
  emitEvent(account, 'payment_method.detached', object, previous);
  // Stripe clears a customer's default when it is detached.
  const owner = account.find<StripeObject>(customer);
  const settings = owner?.['invoice_settings'] as Stripe.Customer.InvoiceSettings | undefined;
  if (owner && settings?.default_payment_method === pm.id) {
    const updated = change<Stripe.Customer>(account, customer, 'customer', {
      invoice_settings: { ...settings, default_payment_method: null },
    });
    emitEvent(account, 'customer.updated', updated.object, updated.previous);
  }
  return asStored(object);
}

function listFor(account: SandboxAccount, params: Params, customer: string | undefined, url: string) {
  const type = params.string('type');
  params.ignore('allow_redisplay');
  if (customer !== undefined) {
    const found = account.find<StripeObject>(customer);
    if (!found || found.object !== 'customer')
      throw invalidParam('customer', `No such customer: '${customer}'`, 'resource_missing');
  }
  const items = account
    .list<StripeObject>('payment_method')
    .filter(
      (pm) =>
        (customer === undefined ? pm['customer'] !== null : pm['customer'] === customer) &&
        (type === undefined || pm['type'] === type),
    );
  const page = paginate(items, params, url);
  params.done();
  return page;
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/payment_methods', handler: create },
  {
    method: 'GET',
    path: '/v1/payment_methods',
    handler: ({ account, params }) => listFor(account, params, params.string('customer'), '/v1/payment_methods'),
  },
  { method: 'GET', path: '/v1/payment_methods/:id', handler: retrieve },
  { method: 'POST', path: '/v1/payment_methods/:id', handler: update },
  { method: 'POST', path: '/v1/payment_methods/:id/attach', handler: attach },
  { method: 'POST', path: '/v1/payment_methods/:id/detach', handler: detach },
  {
    method: 'GET',
    path: '/v1/customers/:customer/payment_methods',
    handler: ({ account, params, path }) => {
      const customer = path['customer'] ?? '';
      return listFor(account, params, customer, `/v1/customers/${customer}/payment_methods`);
    },
  },
];

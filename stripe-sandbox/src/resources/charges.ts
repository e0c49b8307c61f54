import type Stripe from 'stripe';
import type { SandboxAccount, StripeObject } from '../core/account';
import { StripeApiError, invalidParam, invalidState, missingParam } from '../core/errors';
import { createdFilter, paginate } from '../core/list';
import type { Params } from '../core/params';
import type { Route, RouteContext } from '../core/routes';
import { availableOn, createBalanceTransaction, emitBalanceAvailable } from './balanceTransactions';
import {
  asStored,
  change,
  createMetadata,
  emitEvent,
  load,
  mergeMetadata,
  randomToken,
  readShipping,
  store,
  type Shipping,
} from './shared';
import { openDispute } from './disputes';
import {
  type ConnectTerms,
  checkApplicationFee,
  connectFields,
  linkCharge,
  readConnectTerms,
  settleDestination,
  termsOf,
} from './connect';
import {
  MINIMUM_CHARGE,
  type Settlement,
  amountStepProblem,
  isSupportedCurrency,
  settleCardCharge,
  toSettlement,
} from './fees';
import { ratesNow } from './exchangeRates';
import { type Decline, type TestCard, cardDetails, testCardFor, testCardFromToken } from './paymentMethods';

export function getCharge(account: SandboxAccount, id: string): Stripe.Charge {
  return load<Stripe.Charge>(account, id, 'charge');
}

/** Validates `amount` and `currency` as Stripe does for a payment. */
export function readAmountAndCurrency(params: Params): { amount: number; currency: string } {
  const amount = params.int('amount', { required: true, min: 1 });
  const currency = params.string('currency', { required: true }).toLowerCase();
  checkAmount(amount, currency);
  return { amount, currency };
}

export function checkAmount(amount: number, currency: string): void {
  if (!isSupportedCurrency(currency)) throw invalidParam('currency', `Invalid currency: ${currency}.`);
  const minimum = MINIMUM_CHARGE[currency];
  if (minimum !== undefined && amount < minimum)
    throw invalidParam('amount', `Amount must be at least ${minimum} ${currency} minor units`, 'amount_too_small');
  const problem = amountStepProblem(amount, currency);
  if (problem) throw invalidParam('amount', problem.message, problem.code);
}

/** The 402 Stripe answers a declined payment with. */
export function declineError(decline: Decline, extra: { charge?: string; payment_intent?: unknown }): StripeApiError {
  return new StripeApiError(402, 'card_error', decline.message, {
    code: decline.code,
    decline_code: decline.declineCode,
    ...extra,
  });
}

export interface ChargeRequest {
  amount: number;
  currency: string;
  customer: string | null;
  /** `pm_…` for PaymentIntents, `card_…` for legacy token charges. */
  paymentMethod: string;
  card: Stripe.PaymentMethod.Card;
  billingDetails: Stripe.Charge.BillingDetails;
  paymentIntent: string | null;
  description: string | null;
  metadata: Record<string, string>;
  receiptEmail: string | null;
  shipping: Shipping | null;
  statementDescriptor: string | null;
  statementDescriptorSuffix: string | null;
  /** A decline the caller decided (the card's own, or authentication_required). */
  decline: Decline | null;
  /** Destination charge and application fee (Connect on the platform), or NO_CONNECT. */
  connect: ConnectTerms;
}

function outcome(account: SandboxAccount, decline: Decline | null): Stripe.Charge.Outcome {
  if (!decline)
    return {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      risk_score: account.random.int(0, 60),
      seller_message: 'Payment complete.',
      type: 'authorized',
    };
  return {
    advice_code: decline.declineCode === 'generic_decline' ? null : 'do_not_try_again',
    network_advice_code: null,
    network_decline_code: null,
    network_status: 'declined_by_network',
    reason: decline.declineCode,
    risk_level: 'normal',
    risk_score: account.random.int(0, 60),
    seller_message:
      decline.declineCode === 'generic_decline'
        ? 'The bank did not return any further details with this decline.'
        : `The bank returned the decline code \`${decline.declineCode}\`.`,
    type: 'issuer_declined',
  };
}

/**
 * The legacy `order` field ("ID of the order this charge is for if one exists", Charge object of the API
 * versions that had Orders): the sandbox pays an order through a PaymentIntent tagged `metadata.order_id`
 * (resources/legacy.ts), so a charge whose metadata names a stored order carries it.
 */
function legacyOrderField(account: SandboxAccount, metadata: Record<string, string>): { order?: string } {
  const order = metadata['order_id'];
  return order !== undefined && account.find<StripeObject>(order)?.object === 'order' ? { order } : {};
}

/** Stores a charge (succeeded, or failed with `decline`); no balance transaction yet, no events. */
export function recordCharge(account: SandboxAccount, request: ChargeRequest): Stripe.Charge {
  const { card, decline } = request;
  const id = account.ids.next('ch');
  const charge: Stripe.Charge = {
    id,
    object: 'charge',
    amount: request.amount,
    amount_captured: 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    balance_transaction: null,
    billing_details: request.billingDetails,
    calculated_statement_descriptor: decline ? null : (request.statementDescriptor ?? 'SANDBOX'),
    captured: false,
    created: account.now(),
    currency: request.currency,
    customer: request.customer,
    description: request.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: request.metadata,
    outcome: outcome(account, decline),
    paid: decline === null,
    payment_intent: request.paymentIntent,
    payment_method: request.paymentMethod,
    payment_method_details: {
      card: {
        amount_authorized: decline ? null : request.amount,
        authorization_code: decline ? null : String(account.random.int(100000, 999999)),
        brand: card.brand,
        checks: card.checks,
        country: card.country,
        electronic_commerce_indicator: null,
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        extended_authorization: { status: 'disabled' },
        fingerprint: card.fingerprint ?? null,
        funding: card.funding,
        incremental_authorization: { status: 'unavailable' },
        installments: null,
        last4: card.last4,
        mandate: null,
        multicapture: { status: 'unavailable' },
        network: card.brand,
        network_token: { used: false },
        network_transaction_id: String(account.random.int(100000000, 999999999)) + '0000000',
        overcapture: { maximum_amount_capturable: request.amount, status: 'unavailable' },
        regulated_status: card.regulated_status,
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
      type: 'card',
    },
    receipt_email: request.receiptEmail,
    receipt_number: null,
    receipt_url: decline ? null : `https://pay.stripe.com/receipts/payment/${randomToken(account, 60)}`,
    refunded: false,
    review: null,
    shipping: request.shipping,
    source: null,
    source_transfer: null,
    statement_descriptor: request.statementDescriptor,
    statement_descriptor_suffix: request.statementDescriptorSuffix,
    status: decline ? 'failed' : 'succeeded',
    ...legacyOrderField(account, request.metadata),
    ...connectFields(request.connect),
    transfer_data:
      request.connect.destination === null
        ? null
        : { amount: request.connect.transferAmount, destination: request.connect.destination },
  };
  return store(account, charge);
}

/**
 * Captures `amount` of an authorised charge: its balance transaction (gross, fees, net in the settlement
 * currency) and the captured fields. No events. Capturing less than the authorisation records the charge
 * for the full authorisation and a `partial_capture_reversal` for the rest (see partialCaptureReversal).
 */
export function settleCharge(account: SandboxAccount, chargeId: string, amount: number): Stripe.Charge {
  const charge = getCharge(account, chargeId);
  const testCard = testCardFor(charge.payment_method_details?.card?.fingerprint);
  const rates = ratesNow(account);
  const partial = amount < charge.amount;
  const gross = settleCardCharge(charge.amount, charge.currency, account.settings, rates);
  // Stripe does not say which amount a partial capture's fee is on: the captured one (a guess, README) unless
  // `partialCaptureFeeOn` is 'authorized'.
  const feeBasis =
    partial && account.settings.partialCaptureFeeOn === 'captured'
      ? settleCardCharge(amount, charge.currency, account.settings, rates)
      : gross;
  const now = account.now();
  const available = testCard.bypassPending ? now : availableOn(now, account.settings.availabilityDays);
  const txn = createBalanceTransaction(account, {
    amount: gross.amount,
    currency: gross.currency,
    exchangeRate: gross.exchangeRate,
    feeDetails: feeBasis.feeDetails,
    type: 'charge',
    reportingCategory: 'charge',
    source: charge.id,
    description: charge.description,
    availableOn: available,
  });
  if (partial) partialCaptureReversal(account, charge, charge.amount - amount, gross, available);
  if (termsOf(charge).destination !== null)
    linkCharge(account, chargeId, settleDestination(account, charge, amount, gross, available));
  return change<Stripe.Charge>(account, chargeId, 'charge', {
    amount_captured: amount,
    captured: true,
    balance_transaction: txn.id,
  }).object;
}

/**
 * The uncaptured part of a partial capture given back: "two balance transactions: one for the full amount of
 * the authorization, and another reversing the uncaptured portion … has type=refund … the distinct reporting
 * category partial_capture_reversal" (docs.stripe.com/reports/reporting-categories, "A separate category for
 * partial-capture reversals"). Fee 0, at the charge's rate. Its `source` is the charge: a guess (README).
 */
function partialCaptureReversal(
  account: SandboxAccount,
  charge: Stripe.Charge,
  uncaptured: number,
  gross: Settlement,
  availableOnTime: number,
): void {
  const back = toSettlement(uncaptured, charge.currency, account.settings, () => gross.exchangeRate ?? 1);
  createBalanceTransaction(account, {
    amount: -back.amount,
    currency: back.currency,
    exchangeRate: back.exchangeRate,
    type: 'refund',
    reportingCategory: 'partial_capture_reversal',
    source: charge.id,
    description: `Partial capture reversal for ${charge.id}`,
    availableOn: availableOnTime,
  });
}

/** What follows a captured card payment in test mode: the test card's dispute, instant availability. */
export function afterCapture(account: SandboxAccount, charge: Stripe.Charge): void {
  const testCard = testCardFor(charge.payment_method_details?.card?.fingerprint);
  if (testCard.bypassPending) emitBalanceAvailable(account);
  if (testCard.dispute) openDispute(account, getCharge(account, charge.id), testCard.dispute);
}

/**
 * Captures an authorised charge (and its PaymentIntent, if any): charge.captured, then
 * payment_intent.succeeded. Shared by both capture endpoints.
 */
export function captureCharge(account: SandboxAccount, chargeId: string, amount: number | undefined): Stripe.Charge {
  const charge = getCharge(account, chargeId);
  if (charge.captured || charge.status !== 'succeeded')
    throw invalidState(`Charge ${chargeId} has already been captured.`, 'charge_already_captured');
  const toCapture = amount ?? charge.amount;
  if (toCapture > charge.amount)
    throw invalidParam(
      'amount',
      `The amount to capture must be less than or equal to the authorized amount (${charge.amount}).`,
      'amount_too_large',
    );
  const before = charge;
  const captured = settleCharge(account, chargeId, toCapture);
  emitEvent(account, 'charge.captured', captured, {
    amount_captured: before.amount_captured,
    balance_transaction: before.balance_transaction,
    captured: before.captured,
  });
  const pi = typeof charge.payment_intent === 'string' ? charge.payment_intent : null;
  if (pi) {
    const { object } = change<Stripe.PaymentIntent>(account, pi, 'payment_intent', {
      status: 'succeeded',
      amount_capturable: 0,
      amount_received: toCapture,
    });
    emitEvent(account, 'payment_intent.succeeded', object);
  }
  afterCapture(account, captured);
  return getCharge(account, chargeId);
}

/** Legacy `POST /v1/charges` with a card token (`source=tok_visa`). */
function create({ account, params }: RouteContext) {
  const { amount, currency } = readAmountAndCurrency(params);
  const source = params.string('source');
  const customer = params.string('customer') ?? null;
  if (customer !== null) {
    const found = account.find<StripeObject>(customer);
    if (!found || found.object !== 'customer')
      throw invalidParam('customer', `No such customer: '${customer}'`, 'resource_missing');
  }
  if (source === undefined) {
    if (customer !== null) throw invalidState('Cannot charge a customer that has no active card', 'missing');
    throw missingParam('source');
  }
  const testCard: TestCard | undefined = source.startsWith('tok_') ? testCardFromToken(source) : undefined;
  if (!testCard) throw invalidParam('source', `No such token: '${source}'`, 'resource_missing');
  const capture = params.bool('capture') ?? true;
  const request: ChargeRequest = {
    amount,
    currency,
    customer,
    paymentMethod: account.ids.next('card'),
    card: cardDetails(account, testCard),
    billingDetails: { address: null, email: null, name: null, phone: null, tax_id: null },
    paymentIntent: null,
    description: params.string('description') ?? null,
    metadata: createMetadata(params),
    receiptEmail: params.string('receipt_email') ?? null,
    shipping: readShipping(params) ?? null,
    statementDescriptor: params.string('statement_descriptor') ?? null,
    statementDescriptorSuffix: params.string('statement_descriptor_suffix') ?? null,
    decline: testCard.decline ?? null,
    connect: readConnectTerms(account, params, amount),
  };
  params.ignore('radar_options');
  params.done();
  const charge = recordCharge(account, request);
  if (request.decline) {
    emitEvent(account, 'charge.failed', charge);
    throw declineError(request.decline, { charge: charge.id });
  }
  const result = capture ? settleCharge(account, charge.id, amount) : charge;
  emitEvent(account, 'charge.succeeded', result);
  if (capture) afterCapture(account, result);
  return asStored(getCharge(account, charge.id));
}

function retrieve({ account, params, path }: RouteContext) {
  params.done();
  return asStored(getCharge(account, path['id'] ?? ''));
}

function update({ account, params, path }: RouteContext) {
  const charge = getCharge(account, path['id'] ?? '');
  const changes: Partial<Stripe.Charge> = {};
  const description = params.nullableString('description');
  if (description !== undefined) changes.description = description;
  const receiptEmail = params.nullableString('receipt_email');
  if (receiptEmail !== undefined) changes.receipt_email = receiptEmail;
  const metadata = mergeMetadata(charge.metadata, params);
  if (metadata !== undefined) changes.metadata = metadata;
  const shipping = readShipping(params);
  if (shipping !== undefined) changes.shipping = shipping;
  const transferGroup = params.nullableString('transfer_group');
  if (transferGroup !== undefined) changes.transfer_group = transferGroup;
  params.ignore('fraud_details', 'customer');
  params.done();
  const { object, previous } = change<Stripe.Charge>(account, charge.id, 'charge', changes);
  if (Object.keys(previous).length > 0) emitEvent(account, 'charge.updated', object, previous);
  return asStored(object);
}

function capture({ account, params, path }: RouteContext) {
  const amount = params.int('amount', { min: 1 });
  const fee = params.int('application_fee_amount', { min: 0 }) ?? params.int('application_fee', { min: 0 });
  params.ignore('receipt_email', 'statement_descriptor', 'statement_descriptor_suffix');
  params.done();
  const id = path['id'] ?? '';
  if (fee !== undefined) setApplicationFee(account, id, fee);
  return asStored(captureCharge(account, id, amount));
}

/** `application_fee_amount` given at capture time replaces the one given at creation (destination charges only). */
export function setApplicationFee(account: SandboxAccount, chargeId: string, fee: number): void {
  const charge = getCharge(account, chargeId);
  checkApplicationFee(fee, termsOf(charge).destination, charge.amount);
  change<Stripe.Charge>(account, chargeId, 'charge', { application_fee_amount: fee });
}

function list({ account, params }: RouteContext) {
  const customer = params.string('customer');
  const paymentIntent = params.string('payment_intent');
  const created = createdFilter(params);
  const transferGroup = params.string('transfer_group');
  const items = account
    .list<StripeObject>('charge')
    .filter(
      (c) =>
        (transferGroup === undefined || c['transfer_group'] === transferGroup) &&
        (customer === undefined || c['customer'] === customer) &&
        (paymentIntent === undefined || c['payment_intent'] === paymentIntent) &&
        created(c['created'] as number),
    );
  const page = paginate(items, params, '/v1/charges');
  params.done();
  return page;
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/charges', handler: create },
  { method: 'GET', path: '/v1/charges', handler: list },
  { method: 'GET', path: '/v1/charges/:id', handler: retrieve },
  { method: 'POST', path: '/v1/charges/:id', handler: update },
  { method: 'POST', path: '/v1/charges/:id/capture', handler: capture },
];

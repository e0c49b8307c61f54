import type Stripe from 'stripe';
import type { PaymentOutcome, PaymentRequest, SandboxAccount, StripeObject } from '../core/account';
import { invalidParam, invalidState } from '../core/errors';
import { createdFilter, paginate } from '../core/list';
import type { Params } from '../core/params';
import type { Route, RouteContext } from '../core/routes';
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
import {
  afterCapture,
  captureCharge,
  checkAmount,
  declineError,
  getCharge,
  readAmountAndCurrency,
  recordCharge,
  setApplicationFee,
  settleCharge,
} from './charges';
import { type Decline, attachPaymentMethod, customerId, resolvePaymentMethod, testCardFor } from './paymentMethods';
import { createRefund } from './refunds';
import { type ConnectTerms, NO_CONNECT, connectFields, readConnectTerms } from './connect';

const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;
const CANCELLATION_REASONS = ['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'] as const;
const SETUP_FUTURE_USAGE = ['off_session', 'on_session'] as const;
const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const CANCELABLE = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];

const AUTHENTICATION_REQUIRED: Decline = {
  code: 'authentication_required',
  declineCode: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

export function getPaymentIntent(account: SandboxAccount, id: string): Stripe.PaymentIntent {
  return load<Stripe.PaymentIntent>(account, id, 'payment_intent');
}

function checkCustomer(account: SandboxAccount, customer: string | null): void {
  if (customer === null) return;
  const found = account.find<StripeObject>(customer);
  if (!found || found.object !== 'customer')
    throw invalidParam('customer', `No such customer: '${customer}'`, 'resource_missing');
}

/** Resolves a PaymentMethod for an intent, refusing one that belongs to another customer. */
function paymentMethodFor(account: SandboxAccount, id: string, customer: string | null): Stripe.PaymentMethod {
  const pm = resolvePaymentMethod(account, id);
  const owner = customerId(pm);
  if (owner !== null && owner !== customer)
    throw invalidParam(
      'payment_method',
      `The provided PaymentMethod belongs to a different Customer (${owner}) than the one on this PaymentIntent.`,
    );
  return pm;
}

export interface IntentInput {
  amount: number;
  currency: string;
  customer: string | null;
  paymentMethod: string | null;
  captureMethod: Stripe.PaymentIntent.CaptureMethod;
  confirmationMethod: Stripe.PaymentIntent.ConfirmationMethod;
  description: string | null;
  metadata: Record<string, string>;
  paymentMethodTypes: string[] | null;
  receiptEmail: string | null;
  setupFutureUsage: Stripe.PaymentIntent.SetupFutureUsage | null;
  shipping: Shipping | null;
  statementDescriptor: string | null;
  statementDescriptorSuffix: string | null;
  /** Destination charge and application fee (Connect on the platform); NO_CONNECT when absent. */
  connect?: ConnectTerms;
}

/** The Connect terms a stored intent carries. */
function intentTerms(intent: Stripe.PaymentIntent): ConnectTerms {
  const destination = intent.transfer_data?.destination;
  return {
    destination: typeof destination === 'string' ? destination : (destination?.id ?? null),
    transferAmount: intent.transfer_data?.amount ?? null,
    applicationFeeAmount: intent.application_fee_amount,
    onBehalfOf: typeof intent.on_behalf_of === 'string' ? intent.on_behalf_of : (intent.on_behalf_of?.id ?? null),
    transferGroup: intent.transfer_group,
  };
}

/** Stores a PaymentIntent (requires_payment_method or requires_confirmation) and emits payment_intent.created. */
export function createIntent(account: SandboxAccount, input: IntentInput): Stripe.PaymentIntent {
  checkAmount(input.amount, input.currency);
  checkCustomer(account, input.customer);
  const pm = input.paymentMethod === null ? null : paymentMethodFor(account, input.paymentMethod, input.customer);
  const id = account.ids.next('pi');
  const automatic = input.paymentMethodTypes === null;
  const intent: Stripe.PaymentIntent = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    automatic_payment_methods: automatic ? { allow_redirects: 'always', enabled: true } : null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: input.captureMethod,
    client_secret: `${id}_secret_${randomToken(account, 25)}`,
    confirmation_method: input.confirmationMethod,
    created: account.now(),
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_action: null,
    payment_method: pm?.id ?? null,
    payment_method_configuration_details: automatic ? { id: `pmc_${randomToken(account, 24)}`, parent: null } : null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: input.paymentMethodTypes ?? ['card'],
    payment_record: null,
    processing: null,
    receipt_email: input.receiptEmail,
    review: null,
    setup_future_usage: input.setupFutureUsage,
    shipping: input.shipping,
    source: null,
    statement_descriptor: input.statementDescriptor,
    statement_descriptor_suffix: input.statementDescriptorSuffix,
    status: pm ? 'requires_confirmation' : 'requires_payment_method',
    ...connectFields(input.connect ?? NO_CONNECT),
  };
  store(account, intent);
  emitEvent(account, 'payment_intent.created', intent);
  return intent;
}

export interface ConfirmResult {
  intent: Stripe.PaymentIntent;
  charge: Stripe.Charge | null;
  decline: Decline | null;
  /** On-session 3D Secure: the intent waits in requires_action. */
  requiresAction: boolean;
}

/**
 * Confirms an intent with its PaymentMethod. Succeeds (charge.succeeded, payment_intent.succeeded, and with
 * `automatic_async` a charge.updated once the balance transaction exists), authorises (manual capture:
 * charge.succeeded, payment_intent.amount_capturable_updated), declines (charge.failed,
 * payment_intent.payment_failed) or stops for 3D Secure (payment_intent.requires_action). Never throws a decline.
 */
export function confirmIntent(account: SandboxAccount, id: string, options: { offSession: boolean }): ConfirmResult {
  const intent = getPaymentIntent(account, id);
  if (!CONFIRMABLE.includes(intent.status))
    throw invalidState(
      `You cannot confirm this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${CONFIRMABLE.join(', ')}.`,
      'payment_intent_unexpected_state',
    );
  if (typeof intent.payment_method !== 'string')
    throw invalidState(
      "You cannot confirm this PaymentIntent because it's missing a payment method. Update the PaymentIntent with a payment method and then confirm it again.",
      'payment_intent_unexpected_state',
    );
  const pm = load<Stripe.PaymentMethod>(account, intent.payment_method, 'payment_method', 'PaymentMethod');
  if (!pm.card) throw invalidState('The sandbox only confirms card PaymentMethods.');
  const testCard = testCardFor(pm.card.fingerprint);
  const customer = typeof intent.customer === 'string' ? intent.customer : null;

  if (testCard.authenticationRequired && !options.offSession) {
    const { object } = change<Stripe.PaymentIntent>(account, id, 'payment_intent', {
      status: 'requires_action',
      next_action: {
        type: 'use_stripe_sdk',
        use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: 'https://hooks.stripe.com/3d_secure_2/hosted' },
      },
    });
    emitEvent(account, 'payment_intent.requires_action', object);
    return { intent: object, charge: null, decline: null, requiresAction: true };
  }

  const decline = testCard.authenticationRequired ? AUTHENTICATION_REQUIRED : (testCard.decline ?? null);
  const manual = intent.capture_method === 'manual';
  const recorded = recordCharge(account, {
    amount: intent.amount,
    currency: intent.currency,
    customer,
    paymentMethod: pm.id,
    card: pm.card,
    billingDetails: pm.billing_details,
    paymentIntent: id,
    description: intent.description,
    metadata: intent.metadata,
    receiptEmail: intent.receipt_email,
    shipping: intent.shipping as Shipping | null,
    statementDescriptor: intent.statement_descriptor,
    statementDescriptorSuffix: intent.statement_descriptor_suffix,
    decline,
    connect: intentTerms(intent),
  });

  if (decline) {
    const { object } = change<Stripe.PaymentIntent>(account, id, 'payment_intent', {
      status: 'requires_payment_method',
      payment_method: null,
      latest_charge: recorded.id,
      next_action: null,
      last_payment_error: {
        charge: recorded.id,
        code: decline.code,
        decline_code: decline.declineCode,
        doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
        message: decline.message,
        payment_method: pm,
        type: 'card_error',
      },
    });
    emitEvent(account, 'charge.failed', recorded);
    emitEvent(account, 'payment_intent.payment_failed', object);
    return { intent: object, charge: recorded, decline, requiresAction: false };
  }

  if (manual) {
    const { object } = change<Stripe.PaymentIntent>(account, id, 'payment_intent', {
      status: 'requires_capture',
      amount_capturable: intent.amount,
      latest_charge: recorded.id,
      last_payment_error: null,
      next_action: null,
    });
    emitEvent(account, 'charge.succeeded', recorded);
    emitEvent(account, 'payment_intent.amount_capturable_updated', object);
    return { intent: object, charge: recorded, decline: null, requiresAction: false };
  }

  // automatic: the balance transaction exists before charge.succeeded; automatic_async: a charge.updated adds it.
  const async = intent.capture_method !== 'automatic';
  let charge = async
    ? change<Stripe.Charge>(account, recorded.id, 'charge', { captured: true, amount_captured: intent.amount }).object
    : settleCharge(account, recorded.id, intent.amount);
  const { object } = change<Stripe.PaymentIntent>(account, id, 'payment_intent', {
    status: 'succeeded',
    amount_received: intent.amount,
    latest_charge: recorded.id,
    last_payment_error: null,
    next_action: null,
  });
  emitEvent(account, 'charge.succeeded', charge);
  emitEvent(account, 'payment_intent.succeeded', object);
  if (async) {
    charge = settleCharge(account, recorded.id, intent.amount);
    emitEvent(account, 'charge.updated', charge, { balance_transaction: null });
  }
  if (intent.setup_future_usage && customer !== null && customerId(pm) === null)
    attachPaymentMethod(account, pm.id, customer);
  afterCapture(account, charge);
  return {
    intent: getPaymentIntent(account, id),
    charge: getCharge(account, recorded.id),
    decline: null,
    requiresAction: false,
  };
}

/** Confirms and answers as the API does: a decline is a 402 carrying the PaymentIntent. */
function confirmOrThrow(account: SandboxAccount, id: string, offSession: boolean): StripeObject {
  const result = confirmIntent(account, id, { offSession });
  if (result.decline) throw declineError(result.decline, { charge: result.charge?.id, payment_intent: result.intent });
  return asStored(result.intent);
}

function readCaptureMethod(params: Params): Stripe.PaymentIntent.CaptureMethod | undefined {
  return params.enum('capture_method', CAPTURE_METHODS);
}

function create({ account, params }: RouteContext) {
  const { amount, currency } = readAmountAndCurrency(params);
  const input: IntentInput = {
    amount,
    currency,
    customer: params.string('customer') ?? null,
    paymentMethod: params.string('payment_method') ?? null,
    captureMethod: readCaptureMethod(params) ?? 'automatic_async',
    confirmationMethod: params.enum('confirmation_method', ['automatic', 'manual'] as const) ?? 'automatic',
    description: params.string('description') ?? null,
    metadata: createMetadata(params),
    paymentMethodTypes: params.strings('payment_method_types') ?? null,
    receiptEmail: params.string('receipt_email') ?? null,
    setupFutureUsage: params.enum('setup_future_usage', SETUP_FUTURE_USAGE) ?? null,
    shipping: readShipping(params) ?? null,
    statementDescriptor: params.string('statement_descriptor') ?? null,
    statementDescriptorSuffix: params.string('statement_descriptor_suffix') ?? null,
    connect: readConnectTerms(account, params, amount),
  };
  const confirm = params.bool('confirm') ?? false;
  const offSession = params.has('off_session') ? params.string('off_session') !== 'false' : false;
  params.ignore(
    'automatic_payment_methods',
    'error_on_requires_action',
    'mandate',
    'mandate_data',
    'payment_method_options',
    'payment_method_configuration',
    'radar_options',
    'return_url',
    'use_stripe_sdk',
    'excluded_payment_method_types',
    'payment_details',
    'amount_details',
  );
  params.done();
  const intent = createIntent(account, input);
  return confirm ? confirmOrThrow(account, intent.id, offSession) : asStored(intent);
}

function retrieve({ account, params, path }: RouteContext) {
  params.ignore('client_secret');
  params.done();
  return asStored(getPaymentIntent(account, path['id'] ?? ''));
}

function update({ account, params, path }: RouteContext) {
  const id = path['id'] ?? '';
  const intent = getPaymentIntent(account, id);
  const changes: Partial<Stripe.PaymentIntent> = {};
  const editable = CONFIRMABLE.includes(intent.status);
  const amount = params.int('amount', { min: 1 });
  const currency = params.string('currency')?.toLowerCase();
  const customer = params.nullableString('customer');
  const pmId = params.nullableString('payment_method');
  const captureMethod = readCaptureMethod(params);
  const types = params.strings('payment_method_types');
  if (!editable && [amount, currency, customer, pmId, captureMethod, types].some((v) => v !== undefined))
    throw invalidState(
      `This PaymentIntent's amount, currency, customer, payment_method or capture_method could not be updated because it has a status of ${intent.status}.`,
      'payment_intent_unexpected_state',
    );
  if (amount !== undefined || currency !== undefined) {
    checkAmount(amount ?? intent.amount, currency ?? intent.currency);
    if (amount !== undefined) changes.amount = amount;
    if (currency !== undefined) changes.currency = currency;
  }
  if (customer !== undefined) {
    checkCustomer(account, customer);
    changes.customer = customer;
  }
  if (pmId !== undefined) {
    const owner = customer !== undefined ? customer : typeof intent.customer === 'string' ? intent.customer : null;
    changes.payment_method = pmId === null ? null : paymentMethodFor(account, pmId, owner).id;
    changes.status = pmId === null ? 'requires_payment_method' : 'requires_confirmation';
  }
  if (captureMethod !== undefined) changes.capture_method = captureMethod;
  if (types !== undefined) changes.payment_method_types = types;
  for (const key of ['description', 'receipt_email', 'statement_descriptor', 'statement_descriptor_suffix'] as const) {
    const value = params.nullableString(key);
    if (value !== undefined) changes[key] = value;
  }
  const sfu = params.has('setup_future_usage') ? params.enum('setup_future_usage', SETUP_FUTURE_USAGE) : undefined;
  if (sfu !== undefined) changes.setup_future_usage = sfu;
  const shipping = readShipping(params);
  if (shipping !== undefined) changes.shipping = shipping;
  const metadata = mergeMetadata(intent.metadata, params);
  if (metadata !== undefined) changes.metadata = metadata;
  if (['application_fee_amount', 'transfer_data', 'transfer_group', 'on_behalf_of'].some((k) => params.has(k))) {
    const terms = readConnectTerms(account, params, amount ?? intent.amount);
    const current = intentTerms(intent);
    Object.assign(
      changes,
      connectFields({
        destination: terms.destination ?? current.destination,
        transferAmount: terms.destination !== null ? terms.transferAmount : current.transferAmount,
        applicationFeeAmount: terms.applicationFeeAmount ?? current.applicationFeeAmount,
        onBehalfOf: terms.onBehalfOf ?? current.onBehalfOf,
        transferGroup: terms.transferGroup ?? current.transferGroup,
      }),
    );
  }
  params.ignore('payment_method_options', 'amount_details');
  params.done();
  // PaymentIntents have no payment_intent.updated event.
  return asStored(change<Stripe.PaymentIntent>(account, id, 'payment_intent', changes).object);
}

function confirm({ account, params, path }: RouteContext) {
  const id = path['id'] ?? '';
  const intent = getPaymentIntent(account, id);
  const changes: Partial<Stripe.PaymentIntent> = {};
  const pmId = params.string('payment_method');
  if (pmId !== undefined) {
    changes.payment_method = paymentMethodFor(
      account,
      pmId,
      typeof intent.customer === 'string' ? intent.customer : null,
    ).id;
  }
  const captureMethod = readCaptureMethod(params);
  if (captureMethod !== undefined) changes.capture_method = captureMethod;
  const receiptEmail = params.string('receipt_email');
  if (receiptEmail !== undefined) changes.receipt_email = receiptEmail;
  const sfu = params.enum('setup_future_usage', SETUP_FUTURE_USAGE);
  if (sfu !== undefined) changes.setup_future_usage = sfu;
  const shipping = readShipping(params);
  if (shipping !== undefined) changes.shipping = shipping;
  const offSession = params.has('off_session') ? params.string('off_session') !== 'false' : false;
  params.ignore(
    'return_url',
    'error_on_requires_action',
    'mandate',
    'mandate_data',
    'payment_method_options',
    'payment_method_types',
    'radar_options',
    'use_stripe_sdk',
    'client_secret',
    'payment_method_data',
  );
  params.done();
  if (Object.keys(changes).length > 0 && CONFIRMABLE.includes(intent.status))
    change<Stripe.PaymentIntent>(account, id, 'payment_intent', changes);
  return confirmOrThrow(account, id, offSession);
}

function capture({ account, params, path }: RouteContext) {
  const id = path['id'] ?? '';
  const intent = getPaymentIntent(account, id);
  const amount = params.int('amount_to_capture', { min: 1 });
  const metadata = mergeMetadata(intent.metadata, params);
  const fee = params.int('application_fee_amount', { min: 0 });
  params.ignore('final_capture', 'statement_descriptor', 'statement_descriptor_suffix');
  params.done();
  if (intent.status !== 'requires_capture' || typeof intent.latest_charge !== 'string')
    throw invalidState(
      `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      'payment_intent_unexpected_state',
    );
  if (amount !== undefined && amount > intent.amount_capturable)
    throw invalidParam(
      'amount_to_capture',
      `The amount_to_capture (${amount}) must be less than or equal to the amount_capturable (${intent.amount_capturable}).`,
      'amount_too_large',
    );
  if (metadata !== undefined) change<Stripe.PaymentIntent>(account, id, 'payment_intent', { metadata });
  if (fee !== undefined) {
    setApplicationFee(account, intent.latest_charge, fee);
    change<Stripe.PaymentIntent>(account, id, 'payment_intent', { application_fee_amount: fee });
  }
  captureCharge(account, intent.latest_charge, amount);
  return asStored(getPaymentIntent(account, id));
}

/** Cancels an intent; an authorised charge is released (refunded without a balance transaction). */
export function cancelIntent(
  account: SandboxAccount,
  id: string,
  reason: Stripe.PaymentIntent.CancellationReason | null,
): Stripe.PaymentIntent {
  const intent = getPaymentIntent(account, id);
  if (!CANCELABLE.includes(intent.status))
    throw invalidState(
      `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
      'payment_intent_unexpected_state',
    );
  if (intent.status === 'requires_capture' && typeof intent.latest_charge === 'string')
    createRefund(
      account,
      { charge: intent.latest_charge, amount: null, reason: null, metadata: {} },
      { releaseAuthorization: true },
    );
  const { object } = change<Stripe.PaymentIntent>(account, id, 'payment_intent', {
    status: 'canceled',
    canceled_at: account.now(),
    cancellation_reason: reason,
    amount_capturable: 0,
    next_action: null,
  });
  emitEvent(account, 'payment_intent.canceled', object);
  return object;
}

function cancel({ account, params, path }: RouteContext) {
  const reason = params.enum('cancellation_reason', CANCELLATION_REASONS) ?? null;
  params.done();
  return asStored(cancelIntent(account, path['id'] ?? '', reason));
}

function list({ account, params }: RouteContext) {
  const customer = params.string('customer');
  const created = createdFilter(params);
  const items = account
    .list<StripeObject>('payment_intent')
    .filter((pi) => (customer === undefined || pi['customer'] === customer) && created(pi['created'] as number));
  const page = paginate(items, params, '/v1/payment_intents');
  params.done();
  return page;
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/payment_intents', handler: create },
  { method: 'GET', path: '/v1/payment_intents', handler: list },
  { method: 'GET', path: '/v1/payment_intents/:id', handler: retrieve },
  { method: 'POST', path: '/v1/payment_intents/:id', handler: update },
  { method: 'POST', path: '/v1/payment_intents/:id/confirm', handler: confirm },
  { method: 'POST', path: '/v1/payment_intents/:id/capture', handler: capture },
  { method: 'POST', path: '/v1/payment_intents/:id/cancel', handler: cancel },
];

/**
 * `services.pay`: creates and confirms an off-session card PaymentIntent with the usual events. Declines come
 * back in `declined` (the intent requires a payment method again); a card needing 3D Secure leaves the intent
 * in requires_action with `declined.code` authentication_required and no charge. Invalid input throws.
 */
export function pay(account: SandboxAccount, request: PaymentRequest): PaymentOutcome {
  const intent = createIntent(account, {
    amount: request.amount,
    currency: request.currency.toLowerCase(),
    customer: request.customer,
    paymentMethod: request.paymentMethod,
    captureMethod: request.captureMethod === 'manual' ? 'manual' : 'automatic_async',
    confirmationMethod: 'automatic',
    description: request.description ?? (request.invoice ? 'Payment for Invoice' : null),
    metadata: request.metadata,
    paymentMethodTypes: ['card'],
    receiptEmail: null,
    setupFutureUsage: null,
    shipping: null,
    statementDescriptor: null,
    statementDescriptorSuffix: null,
  });
  const result = confirmIntent(account, intent.id, { offSession: false });
  const declined = result.requiresAction ? AUTHENTICATION_REQUIRED : result.decline;
  return {
    paymentIntent: result.intent,
    charge: result.charge,
    declined: declined ? { code: declined.code, declineCode: declined.declineCode, message: declined.message } : null,
  };
}

export function register(account: SandboxAccount): void {
  account.services.pay = (request) => pay(account, request);
}

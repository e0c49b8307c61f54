import type Stripe from 'stripe';
import type { RefundRequest, SandboxAccount, StripeObject } from '../core/account';
import { invalidParam, invalidState, missingParam } from '../core/errors';
import { createdFilter, paginate } from '../core/list';
import type { Route, RouteContext } from '../core/routes';
import { createBalanceTransaction } from './balanceTransactions';
import { asStored, change, createMetadata, emitEvent, load, mergeMetadata } from './shared';
import { getCharge } from './charges';
import { testCardFor } from './paymentMethods';
import { amountStepProblem, toSettlement } from './fees';
import { ratesNow } from './exchangeRates';

const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

function openDisputeOn(account: SandboxAccount, chargeId: string): Stripe.Dispute | undefined {
  return account.list<StripeObject>('dispute').find((d) => d['charge'] === chargeId) as unknown as
    Stripe.Dispute | undefined;
}

/**
 * Refunds part or all of a charge: a `refund` balance transaction (negative, fee 0: Stripe keeps its
 * processing fee), the charge's `amount_refunded`/`refunded`, then refund.created and charge.refunded.
 * An authorised but uncaptured charge is released instead (no balance transaction).
 */
export function createRefund(
  account: SandboxAccount,
  request: RefundRequest,
  options: { releaseAuthorization?: boolean } = {},
): Stripe.Refund {
  const charge = getCharge(account, request.charge);
  if (charge.status !== 'succeeded')
    throw invalidState(`Charge ${charge.id} has not succeeded, so it cannot be refunded.`);
  if (charge.disputed) {
    const dispute = openDisputeOn(account, charge.id);
    if (dispute && !dispute.is_charge_refundable)
      throw invalidState(`Charge ${charge.id} has been charged back; cannot issue a refund.`, 'charge_disputed');
  }
  const uncaptured = !charge.captured;
  if (uncaptured && typeof charge.payment_intent === 'string' && !options.releaseAuthorization)
    throw invalidState(
      `This charge (${charge.id}) has not been captured. Cancel PaymentIntent ${charge.payment_intent} to release it.`,
      'charge_not_refundable',
    );
  const refundable = uncaptured ? charge.amount : charge.amount_captured - charge.amount_refunded;
  if (refundable <= 0) throw invalidState(`Charge ${charge.id} has already been refunded.`, 'charge_already_refunded');
  const amount = request.amount ?? refundable;
  if (amount <= 0) throw invalidParam('amount', 'Invalid positive integer');
  const problem = amountStepProblem(amount, charge.currency);
  if (problem) throw invalidParam('amount', problem.message, problem.code);
  if (amount > refundable)
    throw invalidParam(
      'amount',
      `Refund amount (${amount}) is greater than unrefunded amount on charge (${refundable})`,
      'amount_too_large',
    );
  const id = account.ids.next('re');
  let balanceTransaction: string | null = null;
  if (!uncaptured) {
    // Converted back at the rate at refund time, no new fee, the charge's fees kept: "Conversions on disputes
    // and refunds" (docs.stripe.com/currencies/disputes-refunds), "Understanding fees for refunded payments".
    const settled = toSettlement(amount, charge.currency, account.settings, ratesNow(account));
    balanceTransaction = createBalanceTransaction(account, {
      amount: -settled.amount,
      currency: settled.currency,
      exchangeRate: settled.exchangeRate,
      type: 'refund',
      reportingCategory: 'refund',
      source: id,
      description: `REFUND FOR CHARGE (${charge.description ?? 'Payment'})`,
    }).id;
  }
  const refund: Stripe.Refund = {
    id,
    object: 'refund',
    amount,
    balance_transaction: balanceTransaction,
    charge: charge.id,
    created: account.now(),
    currency: charge.currency,
    customer: typeof charge.customer === 'string' ? charge.customer : null,
    customer_account: null,
    destination_details: {
      card: uncaptured
        ? { reference_status: 'unavailable', type: 'reversal' }
        : { reference: '', reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
      type: 'card',
    },
    metadata: request.metadata,
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
    payment_method: charge.payment_method,
    reason: request.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
  account.put(asStored(refund));
  if (!uncaptured && boundToFail(charge, request.metadata))
    failuresDue(account).set(id, account.now() + account.settings.refundFailureDelaySeconds);
  const amountRefunded = charge.amount_refunded + amount;
  const updated = change<Stripe.Charge>(account, charge.id, 'charge', {
    amount_refunded: amountRefunded,
    refunded: uncaptured || amountRefunded >= charge.amount_captured,
  });
  emitEvent(account, 'refund.created', refund);
  emitEvent(account, 'charge.refunded', updated.object, updated.previous);
  return load<Stripe.Refund>(account, id, 'refund');
}

/**
 * A refund that will fail: the charge was made with the refundFail test card (4000000000005126), or the refund
 * has metadata `sandbox_fail=true` (a sandbox switch, like payouts').
 */
function boundToFail(charge: Stripe.Charge, metadata: Record<string, string>): boolean {
  return (
    testCardFor(charge.payment_method_details?.card?.fingerprint).refundFails === true ||
    metadata['sandbox_fail'] === 'true'
  );
}

/** Refunds bound to fail and when (sandbox clock), per account. */
const pendingFailures = new WeakMap<SandboxAccount, Map<string, number>>();

function failuresDue(account: SandboxAccount): Map<string, number> {
  let map = pendingFailures.get(account);
  if (!map) {
    map = new Map();
    pendingFailures.set(account, map);
  }
  return map;
}

/**
 * Fails a succeeded refund: status `failed`, `failure_reason`, and a `refund_failure` balance transaction giving
 * the money back, kept as `failure_balance_transaction` ("If the refund failed, this balance transaction describes
 * the adjustment made on your account balance that reverses the initial balance transaction", Refund object,
 * docs.stripe.com/api/refunds/object). Events: charge.refund.updated ("We also notify you of refund failures
 * using the charge.refund.updated webhook event", docs.stripe.com/testing), refund.updated and refund.failed.
 * The charge's `amount_refunded` goes down again (a guess, README).
 */
export function failRefund(
  account: SandboxAccount,
  id: string,
  reason: 'expired_or_canceled_card' | 'lost_or_stolen_card' | 'unknown' = 'expired_or_canceled_card',
): Stripe.Refund {
  failuresDue(account).delete(id);
  const refund = load<Stripe.Refund>(account, id, 'refund');
  if (refund.status !== 'succeeded' || typeof refund.balance_transaction !== 'string')
    throw invalidState(`Refund ${id} has status ${refund.status ?? 'unknown'}: only a succeeded refund can fail.`);
  const original = account.get<StripeObject>(refund.balance_transaction, 'balance_transaction');
  const back = createBalanceTransaction(account, {
    amount: -(original['amount'] as number),
    currency: original['currency'] as string,
    exchangeRate: original['exchange_rate'] as number | null,
    type: account.settings.refundFailureType,
    reportingCategory: 'refund_failure',
    source: id,
    description: `REFUND FAILURE FOR ${String(refund.charge)}`,
  });
  const { object, previous } = change<Stripe.Refund>(account, id, 'refund', {
    status: 'failed',
    failure_reason: reason,
    failure_balance_transaction: back.id,
  });
  const charge = getCharge(account, String(refund.charge));
  change<Stripe.Charge>(account, charge.id, 'charge', {
    amount_refunded: charge.amount_refunded - refund.amount,
    refunded: false,
  });
  emitEvent(account, 'charge.refund.updated', object, previous);
  emitEvent(account, 'refund.updated', object, previous);
  emitEvent(account, 'refund.failed', object, previous);
  return object;
}

function create({ account, params }: RouteContext) {
  let chargeId = params.string('charge');
  const paymentIntent = params.string('payment_intent');
  if (chargeId !== undefined && paymentIntent !== undefined)
    throw invalidParam('payment_intent', 'You can only specify one of these parameters: charge, payment_intent.');
  if (paymentIntent !== undefined) {
    const pi = load<Stripe.PaymentIntent>(account, paymentIntent, 'payment_intent');
    if (typeof pi.latest_charge !== 'string' || pi.status !== 'succeeded')
      throw invalidState(
        `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
        'charge_not_refundable',
      );
    chargeId = pi.latest_charge;
  }
  if (chargeId === undefined) throw missingParam('charge');
  const request: RefundRequest = {
    charge: chargeId,
    amount: params.int('amount', { min: 1 }) ?? null,
    reason: params.enum('reason', REASONS) ?? null,
    metadata: createMetadata(params),
  };
  // Reversing a destination charge's transfer or refunding its application fee is not modelled: refused rather
  // than ignored (README, "Connect").
  for (const key of ['refund_application_fee', 'reverse_transfer'] as const)
    if (params.bool(key) === true)
      throw invalidParam(key, `The sandbox does not model ${key} (transfer reversals and application fee refunds).`);
  params.ignore('instructions_email', 'origin', 'customer');
  params.done();
  return asStored(createRefund(account, request));
}

function retrieve({ account, params, path }: RouteContext) {
  params.done();
  return asStored(load<Stripe.Refund>(account, path['id'] ?? '', 'refund'));
}

function update({ account, params, path }: RouteContext) {
  const refund = load<Stripe.Refund>(account, path['id'] ?? '', 'refund');
  const metadata = mergeMetadata(refund.metadata, params);
  params.done();
  const { object, previous } = change<Stripe.Refund>(account, refund.id, 'refund', metadata ? { metadata } : {});
  if (Object.keys(previous).length > 0) {
    emitEvent(account, 'charge.refund.updated', object, previous);
    emitEvent(account, 'refund.updated', object, previous);
  }
  return asStored(object);
}

function cancel({ account, params, path }: RouteContext): StripeObject {
  params.done();
  const refund = load<Stripe.Refund>(account, path['id'] ?? '', 'refund');
  throw invalidState(`You can't cancel a refund with status ${refund.status ?? 'unknown'}.`, 'refund_unexpected_state');
}

function listRefunds(account: SandboxAccount, route: RouteContext, charge: string | undefined, url: string) {
  const { params } = route;
  const paymentIntent = params.string('payment_intent');
  const created = createdFilter(params);
  const items = account
    .list<StripeObject>('refund')
    .filter(
      (r) =>
        (charge === undefined || r['charge'] === charge) &&
        (paymentIntent === undefined || r['payment_intent'] === paymentIntent) &&
        created(r['created'] as number),
    );
  const page = paginate(items, params, url);
  params.done();
  return page;
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/refunds', handler: create },
  {
    method: 'GET',
    path: '/v1/refunds',
    handler: (ctx) => listRefunds(ctx.account, ctx, ctx.params.string('charge'), '/v1/refunds'),
  },
  { method: 'GET', path: '/v1/refunds/:id', handler: retrieve },
  { method: 'POST', path: '/v1/refunds/:id', handler: update },
  { method: 'POST', path: '/v1/refunds/:id/cancel', handler: cancel },
  {
    method: 'GET',
    path: '/v1/charges/:charge/refunds',
    handler: (ctx) => {
      const charge = getCharge(ctx.account, ctx.path['charge'] ?? '').id;
      return listRefunds(ctx.account, ctx, charge, `/v1/charges/${charge}/refunds`);
    },
  },
  {
    method: 'GET',
    path: '/v1/charges/:charge/refunds/:id',
    handler: ({ account, params, path }) => {
      params.done();
      const refund = load<Stripe.Refund>(account, path['id'] ?? '', 'refund');
      if (refund.charge !== path['charge'])
        throw invalidParam('id', `No such refund: '${refund.id}'`, 'resource_missing');
      return asStored(refund);
    },
  },
];

export function register(account: SandboxAccount): void {
  account.services.refund = (request) => createRefund(account, request);
  // Refund failures are asynchronous: they happen as the clock passes their time.
  account.clock.onAdvance((now) => {
    for (const [id, due] of [...failuresDue(account)]) if (due <= now) failRefund(account, id);
  });
}

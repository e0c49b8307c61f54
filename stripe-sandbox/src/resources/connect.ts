import type Stripe from 'stripe';
import type { SandboxAccount, StripeObject } from '../core/account';
import { invalidParam, resourceMissing } from '../core/errors';
import { createdFilter, paginate } from '../core/list';
import type { Params } from '../core/params';
import type { Route, RouteContext } from '../core/routes';
import { createBalanceTransaction } from './balanceTransactions';
import type { Settlement } from './fees';
import { asStored, change, createMetadata, emitEvent, load, randomToken, store } from './shared';
import { toSettlement } from './fees';

// Connect on the platform account: connected accounts (`acct_…`, created here, never acted as), destination
// charges (`transfer_data[destination]`) and their application fees, as the platform's balance sees them.
// "Create destination charges" (docs.stripe.com/connect/destination-charges): "You create a charge on your
// platform's account … Your account balance is debited for the cost of the Stripe fees, refunds, and
// chargebacks"; the connected account's own side (its payment `py_…`, balance and events) is not modelled.

/** The Connect terms a charge carries. */
export interface ConnectTerms {
  destination: string | null;
  /** `transfer_data[amount]`: what the destination receives (default: the whole captured amount). */
  transferAmount: number | null;
  applicationFeeAmount: number | null;
  onBehalfOf: string | null;
  transferGroup: string | null;
}

export const NO_CONNECT: ConnectTerms = {
  destination: null,
  transferAmount: null,
  applicationFeeAmount: null,
  onBehalfOf: null,
  transferGroup: null,
};

/** A connected account of this platform, or 400 "No such destination" naming `param` (Stripe's wording). */
export function requireConnectedAccount(account: SandboxAccount, id: string, param: string): void {
  const found = account.find<StripeObject>(id);
  if (!found || found.object !== 'account')
    throw invalidParam(param, `No such destination: '${id}'`, 'resource_missing');
}

/**
 * Reads `application_fee_amount`, `transfer_data[…]`, `on_behalf_of` and `transfer_group` of a charge or
 * PaymentIntent. An application fee needs a destination here: a direct charge (Stripe-Account header) is not
 * modelled, so Stripe's refusal for an application fee on a plain charge applies.
 */
export function readConnectTerms(account: SandboxAccount, params: Params, amount: number): ConnectTerms {
  const applicationFeeAmount = params.int('application_fee_amount', { min: 0 }) ?? null;
  const transfer = params.object('transfer_data');
  const destination = transfer?.string('destination', { required: true }) ?? null;
  const transferAmount = transfer?.int('amount', { min: 1 }) ?? null;
  transfer?.done();
  const onBehalfOf = params.string('on_behalf_of') ?? null;
  const transferGroup = params.string('transfer_group') ?? null;
  if (destination !== null) requireConnectedAccount(account, destination, 'transfer_data[destination]');
  if (onBehalfOf !== null) requireConnectedAccount(account, onBehalfOf, 'on_behalf_of');
  checkApplicationFee(applicationFeeAmount, destination, amount);
  if (transferAmount !== null && transferAmount > amount)
    throw invalidParam('transfer_data[amount]', 'transfer_data[amount] must be less than or equal to the amount.');
  if (transferAmount !== null && applicationFeeAmount !== null)
    throw invalidParam(
      'application_fee_amount',
      'You cannot specify both application_fee_amount and transfer_data[amount] (a guess at Stripe\u2019s wording).',
    );
  return { destination, transferAmount, applicationFeeAmount, onBehalfOf, transferGroup };
}

/** An application fee needs a destination charge here, and cannot exceed the amount. */
export function checkApplicationFee(fee: number | null, destination: string | null, amount: number): void {
  if (fee === null) return;
  if (destination === null)
    throw invalidParam(
      'application_fee_amount',
      'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
    );
  if (fee > amount)
    throw invalidParam('application_fee_amount', 'The application fee must be less than or equal to the amount.');
}

/** The Connect fields a charge or PaymentIntent shows for its terms. */
export function connectFields(terms: ConnectTerms) {
  return {
    application_fee_amount: terms.applicationFeeAmount,
    on_behalf_of: terms.onBehalfOf,
    // A PaymentIntent's transfer_data has no `amount` key when none was given; a charge's shows null.
    transfer_data:
      terms.destination === null
        ? null
        : terms.transferAmount === null
          ? { destination: terms.destination }
          : { amount: terms.transferAmount, destination: terms.destination },
    transfer_group: terms.transferGroup,
  };
}

/** The terms a stored charge carries (the inverse of connectFields). */
export function termsOf(charge: Stripe.Charge): ConnectTerms {
  const destination = charge.transfer_data?.destination;
  return {
    destination: typeof destination === 'string' ? destination : (destination?.id ?? null),
    transferAmount: charge.transfer_data?.amount ?? null,
    applicationFeeAmount: charge.application_fee_amount,
    onBehalfOf: typeof charge.on_behalf_of === 'string' ? charge.on_behalf_of : (charge.on_behalf_of?.id ?? null),
    transferGroup: charge.transfer_group,
  };
}

/**
 * A captured destination charge on the platform's balance ("You create a charge on your platform's account.
 * You determine whether some or all of those funds are transferred to the connected account", "Create
 * destination charges"): the whole captured amount (or `transfer_data[amount]`) transferred to the connected
 * account (a `transfer` transaction, −, category `transfer`, source `tr_…`), and the application fee coming
 * back (an `application_fee` transaction, +, category `platform_earning`, source `fee_…`). That the platform
 * sees the gross transfer and the fee back, rather than a net transfer, is a guess (README). Converted at the
 * charge's rate; the fee is capped at the captured amount ("capped at the total amount captured", API
 * reference, "Capture a PaymentIntent").
 */
export function settleDestination(
  account: SandboxAccount,
  charge: Stripe.Charge,
  captured: number,
  gross: Settlement,
  availableOnTime: number,
): { transfer: string; applicationFee: string | null } {
  const terms = termsOf(charge);
  const destination = terms.destination ?? '';
  const rate = () => gross.exchangeRate ?? 1;
  const transferAmount = terms.transferAmount ?? captured;
  const moved = toSettlement(transferAmount, charge.currency, account.settings, rate);
  const transferId = account.ids.next('tr');
  const transferTxn = createBalanceTransaction(account, {
    amount: -moved.amount,
    currency: moved.currency,
    exchangeRate: moved.exchangeRate,
    type: 'transfer',
    reportingCategory: 'transfer',
    source: transferId,
    description: null,
    availableOn: availableOnTime,
  });
  const transfer = store(account, {
    id: transferId,
    object: 'transfer',
    amount: moved.amount,
    amount_reversed: 0,
    balance_transaction: transferTxn.id,
    created: account.now(),
    currency: moved.currency,
    description: null,
    destination,
    destination_payment: `py_${randomToken(account, 24)}`,
    livemode: false,
    metadata: {},
    reversals: { object: 'list', data: [], has_more: false, url: `/v1/transfers/${transferId}/reversals` },
    reversed: false,
    source_transaction: charge.id,
    source_type: 'card',
    transfer_group: terms.transferGroup,
  });
  emitEvent(account, 'transfer.created', transfer);
  const fee = Math.min(terms.applicationFeeAmount ?? 0, captured);
  const applicationFee =
    fee > 0 ? collectApplicationFee(account, charge, destination, fee, rate, availableOnTime) : null;
  return { transfer: transferId, applicationFee };
}

function collectApplicationFee(
  account: SandboxAccount,
  charge: Stripe.Charge,
  destination: string,
  amount: number,
  rate: () => number,
  availableOnTime: number,
): string {
  const earned = toSettlement(amount, charge.currency, account.settings, rate);
  const id = account.ids.next('fee');
  const txn = createBalanceTransaction(account, {
    amount: earned.amount,
    currency: earned.currency,
    exchangeRate: earned.exchangeRate,
    type: 'application_fee',
    reportingCategory: 'platform_earning',
    source: id,
    description: null,
    availableOn: availableOnTime,
  });
  const fee = store(account, {
    id,
    object: 'application_fee',
    account: destination,
    amount: earned.amount,
    amount_refunded: 0,
    application: `ca_${randomToken(account, 24)}`,
    balance_transaction: txn.id,
    charge: charge.id,
    created: account.now(),
    currency: earned.currency,
    fee_source: { charge: charge.id, type: 'charge' },
    livemode: false,
    originating_transaction: null,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/application_fees/${id}/refunds` },
  });
  emitEvent(account, 'application_fee.created', fee);
  return id;
}

// ---- Connected accounts: created and retrieved, never acted as ----

function createAccount({ account, params }: RouteContext) {
  const type = params.enum('type', ['custom', 'express', 'standard'] as const) ?? null;
  const country = (params.string('country') ?? 'US').toUpperCase();
  const email = params.string('email') ?? null;
  const metadata = createMetadata(params);
  params.ignore('capabilities', 'business_type', 'business_profile', 'controller', 'tos_acceptance');
  params.done();
  const id = account.ids.next('acct', 16);
  const connected = store(account, {
    id,
    object: 'account',
    business_profile: null,
    business_type: null,
    capabilities: { card_payments: 'active', transfers: 'active' },
    charges_enabled: true,
    country,
    created: account.now(),
    default_currency: account.settings.defaultCurrency,
    details_submitted: true,
    email,
    metadata,
    payouts_enabled: true,
    type,
  });
  emitEvent(account, 'account.updated', connected);
  return asStored(connected);
}

function retrieveAccount({ account, params, path }: RouteContext) {
  params.done();
  const id = path['id'] ?? '';
  const found = account.find<StripeObject>(id);
  if (!found || found.object !== 'account') throw resourceMissing('account', id, 'account');
  return found;
}

function listOf(type: string, url: string, filterKey: string) {
  return ({ account, params }: RouteContext) => {
    const value = params.string(filterKey);
    const created = createdFilter(params);
    const items = account
      .list<StripeObject>(type)
      .filter((o) => (value === undefined || o[filterKey] === value) && created(o['created'] as number));
    const page = paginate(items, params, url);
    params.done();
    return page;
  };
}

function retrieveOf(type: string, kind: string) {
  return ({ account, params, path }: RouteContext) => {
    params.done();
    return asStored(load<{ id: string; object: string }>(account, path['id'] ?? '', type, kind));
  };
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/accounts', handler: createAccount },
  { method: 'GET', path: '/v1/accounts/:id', handler: retrieveAccount },
  { method: 'GET', path: '/v1/transfers', handler: listOf('transfer', '/v1/transfers', 'destination') },
  { method: 'GET', path: '/v1/transfers/:id', handler: retrieveOf('transfer', 'transfer') },
  { method: 'GET', path: '/v1/application_fees', handler: listOf('application_fee', '/v1/application_fees', 'charge') },
  { method: 'GET', path: '/v1/application_fees/:id', handler: retrieveOf('application_fee', 'application fee') },
];

/** Records the charge's transfer and application fee IDs. */
export function linkCharge(
  account: SandboxAccount,
  chargeId: string,
  links: { transfer: string; applicationFee: string | null },
) {
  return change<Stripe.Charge>(account, chargeId, 'charge', {
    transfer: links.transfer,
    application_fee: links.applicationFee,
  }).object;
}

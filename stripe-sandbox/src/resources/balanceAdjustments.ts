import type Stripe from 'stripe';
import type { AdjustmentRequest, SandboxAccount, StripeFeeRequest } from '../core/account';
import type { Route } from '../core/routes';
import { createBalanceTransaction } from './balanceTransactions';

// Balance movements of the account itself rather than of a payment: Stripe fees billed on their own, tax on
// Stripe fees, and other adjustments. Stripe makes them on its own schedule (Billing, Radar and other usage
// fees); the sandbox makes them when a test asks, through `account.services` (no API route: Stripe has none).

/**
 * A Stripe fee billed separately: type `stripe_fee` ("Stripe fees for services such as Billing, Radar …",
 * docs.stripe.com/reports/balance-transaction-types), reporting category `fee` (the reporting-categories page:
 * "several types of fees … with reporting_category=fee"). Tax on it, when given, is its own `tax_fee`
 * transaction in category `tax` (the category is a guess, README). Negative amounts, fee 0, source null.
 */
export function chargeStripeFee(account: SandboxAccount, request: StripeFeeRequest): Stripe.BalanceTransaction[] {
  if (!Number.isInteger(request.amount) || request.amount <= 0) throw new Error('A Stripe fee is a positive amount');
  const currency = request.currency.toLowerCase();
  const txns = [
    createBalanceTransaction(account, {
      amount: -request.amount,
      currency,
      type: 'stripe_fee',
      reportingCategory: 'fee',
      source: null,
      description: request.description,
    }),
  ];
  const tax = request.tax ?? 0;
  if (tax > 0)
    txns.push(
      createBalanceTransaction(account, {
        amount: -tax,
        currency,
        type: 'tax_fee',
        reportingCategory: 'tax',
        source: null,
        description: `Tax on ${request.description}`,
      }),
    );
  return txns;
}

/**
 * Any other adjustment: type `adjustment`, reporting category `other_adjustment` (docs.stripe.com/reports/
 * reporting-categories). Signed amount, fee 0, source null (Stripe's point at an `adjustment`-like object the
 * sandbox does not model).
 */
export function adjustBalance(account: SandboxAccount, request: AdjustmentRequest): Stripe.BalanceTransaction {
  if (!Number.isInteger(request.amount) || request.amount === 0) throw new Error('An adjustment is a non-zero amount');
  return createBalanceTransaction(account, {
    amount: request.amount,
    currency: request.currency.toLowerCase(),
    type: 'adjustment',
    reportingCategory: 'other_adjustment',
    source: null,
    description: request.description,
  });
}

export const routes: Route[] = [];

export function register(account: SandboxAccount): void {
  account.services.stripeFee = (request) => chargeStripeFee(account, request);
  account.services.adjustBalance = (request) => adjustBalance(account, request);
}

import type { BookingSettings } from '../settings';
import { dayOf, type CreditMemoValues, type RefundSource, type RefundValues } from './ports';
import type { StripeRefund } from './stripeShapes';

/** Credit memos for refunds are prefixed: transaction external IDs collide across types. */
export function creditMemoExternalId(refundId: string): string {
  return `ns_memo:${refundId}`;
}

/** Refunds that moved money; pending ones wait (they may still fail), failed and canceled never book. */
export function refundsToBook(refunds: readonly StripeRefund[]): StripeRefund[] {
  return refunds.filter((r) => (r.status ?? 'succeeded') === 'succeeded' && r.amount > 0);
}

export function refundMemo(refund: StripeRefund, chargeId: string): string {
  return `Stripe: refund ${refund.id} of ${chargeId}${refund.reason ? ` (${refund.reason})` : ''}`;
}

/** The credit memo for a refund of an invoiced charge: the invoice's lines, or one line for a partial refund. */
export function creditMemoValues(
  refund: StripeRefund,
  chargeId: string,
  invoice: number,
  invoiceTotalMinor: number | null,
  exchangeRate: number | null = null,
): CreditMemoValues {
  return {
    externalId: creditMemoExternalId(refund.id),
    fromInvoice: invoice,
    partialAmountMinor: invoiceTotalMinor === refund.amount ? null : refund.amount,
    currency: refund.currency.toLowerCase(),
    tranDate: dayOf(refund.created),
    memo: refundMemo(refund, chargeId),
    exchangeRate,
  };
}

/** The customer refund paying a refund out of Undeposited Funds, applying a credit memo or a payment. */
export function customerRefundValues(
  refund: StripeRefund,
  chargeId: string,
  customer: number,
  applyTo: RefundSource,
  booking: BookingSettings,
  exchangeRate: number | null = null,
): RefundValues {
  return {
    externalId: refund.id,
    customer,
    currency: refund.currency.toLowerCase(),
    amountMinor: refund.amount,
    tranDate: dayOf(refund.created),
    memo: refundMemo(refund, chargeId),
    applyTo,
    account: booking.undepositedFundsAccount,
    exchangeRate,
  };
}

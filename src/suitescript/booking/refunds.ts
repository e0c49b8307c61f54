import type { BookingSettings } from '../settings';
import { dayOf, type CreditMemoValues, type RefundSource, type RefundValues } from './ports';
import type { StripeRefund } from './stripeShapes';

/**
 * Money a charge gives back to its customer, booked alike whatever took it: a refund, or the funds a
 * dispute withdrew. `id` is the Stripe object the customer refund is keyed by (`re_…`, `dp_…`).
 */
export interface MoneyBack {
  id: string;
  /** Minor units of `currency`, the charge's currency. */
  amount: number;
  currency: string;
  created: number;
  memo: string;
}

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

export function refundMoneyBack(refund: StripeRefund, chargeId: string): MoneyBack {
  const { id, amount, currency, created } = refund;
  return { id, amount, currency, created, memo: refundMemo(refund, chargeId) };
}

/**
 * The credit memo for money given back on an invoiced charge: the invoice's lines, or for a part of it
 * that part spread across them pro rata (tax to the tax item, or with Tax Mode per_line each line's tax share
 * on its tax code), or on the Partial Refund Item when set (booking/proRata.ts).
 */
export function moneyBackCreditMemoValues(
  back: MoneyBack,
  invoice: number,
  invoiceTotalMinor: number | null,
  exchangeRate: number | null = null,
  booking: Pick<BookingSettings, 'taxItem' | 'partialRefundItem'> | null = null,
): CreditMemoValues {
  return {
    externalId: creditMemoExternalId(back.id),
    fromInvoice: invoice,
    partialAmountMinor: invoiceTotalMinor === back.amount ? null : back.amount,
    taxItem: booking?.taxItem ?? null,
    partialRefundItem: booking?.partialRefundItem ?? null,
    currency: back.currency.toLowerCase(),
    tranDate: dayOf(back.created),
    memo: back.memo,
    exchangeRate,
  };
}

/** The customer refund paying money back out of Undeposited Funds, applying a credit memo or a payment. */
export function moneyBackRefundValues(
  back: MoneyBack,
  customer: number,
  applyTo: RefundSource,
  booking: BookingSettings,
  exchangeRate: number | null = null,
): RefundValues {
  return {
    externalId: back.id,
    customer,
    currency: back.currency.toLowerCase(),
    amountMinor: back.amount,
    tranDate: dayOf(back.created),
    memo: back.memo,
    applyTo,
    account: booking.undepositedFundsAccount,
    exchangeRate,
  };
}

/** The credit memo for a refund of an invoiced charge. */
export function creditMemoValues(
  refund: StripeRefund,
  chargeId: string,
  invoice: number,
  invoiceTotalMinor: number | null,
  exchangeRate: number | null = null,
): CreditMemoValues {
  return moneyBackCreditMemoValues(refundMoneyBack(refund, chargeId), invoice, invoiceTotalMinor, exchangeRate);
}

/** The customer refund for a refund. */
export function customerRefundValues(
  refund: StripeRefund,
  chargeId: string,
  customer: number,
  applyTo: RefundSource,
  booking: BookingSettings,
  exchangeRate: number | null = null,
): RefundValues {
  return moneyBackRefundValues(refundMoneyBack(refund, chargeId), customer, applyTo, booking, exchangeRate);
}

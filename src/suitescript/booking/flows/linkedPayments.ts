import { LinkError, linkedInternalId } from '../customers';
import {
  CHARGE_CUSTOMER_KEY,
  CHARGE_INVOICE_KEY,
  REFUND_CREDIT_MEMO_KEY,
  transactionLinkProblem,
  type TransactionTarget,
} from '../metadataControl';
import { unappliedPaymentValues } from '../payments';
import { moneyBackRefundValues, refundMoneyBack } from '../refunds';
import type { Booked } from '../ports';
import type { StripeCharge, StripeRefund } from '../stripeShapes';
import type { BookingContext } from './context';
import type { EnsuredCustomer } from './customers';
import { checkLinkTarget } from './links';
import type { FlowOutcome, RecordOutcome } from './outcome';
import { refundOnce } from './moneyBack';
import { booked, createOnce, paymentRecord, type Lookup } from './recordLookup';
import { capturedChargeRate } from './settlementRates';

/**
 * Charges and refunds booked against the NetSuite record their metadata names (booking/metadataControl.ts):
 * `netsuite_invoice_id` and `netsuite_customer_id` on a charge, `netsuite_credit_memo_id` on a refund. The
 * named record is checked first (one query) and a mismatch is SNC_INVALID_LINK naming the key: nothing is
 * booked elsewhere in its place. A replay finds the record booked by external ID before checking again (the
 * invoice is paid by then).
 */

/** The internal IDs a charge's metadata names (a value that is no internal ID is SNC_INVALID_LINK). */
export interface ChargeLinks {
  invoice: number | null;
  customer: number | null;
}

export function chargeLinks(charge: StripeCharge): ChargeLinks {
  const metadata = charge.metadata ?? {};
  return {
    invoice: linkedInternalId(charge.id, CHARGE_INVOICE_KEY, metadata[CHARGE_INVOICE_KEY]),
    customer: linkedInternalId(charge.id, CHARGE_CUSTOMER_KEY, metadata[CHARGE_CUSTOMER_KEY]),
  };
}

function checked(target: TransactionTarget | null, problem: string | null): TransactionTarget {
  if (problem !== null || target === null) throw new LinkError(problem ?? 'no such transaction');
  return target;
}

/** A charge with `netsuite_invoice_id`: a customer payment applied to that invoice, for its customer. */
export function bookChargeToInvoice(
  charge: StripeCharge,
  links: ChargeLinks & { invoice: number },
  ctx: BookingContext,
  lookup: Lookup,
): FlowOutcome {
  const existing = lookup.resolve([charge.id]);
  if (existing) return { stripeId: charge.id, records: [paymentOutcome(charge, existing.id, 'found')] };
  const amount = charge.amount_captured ?? charge.amount;
  const target = ctx.books.transactionTarget(links.invoice);
  const invoice = checked(
    target,
    transactionLinkProblem(
      {
        stripeId: charge.id,
        key: CHARGE_INVOICE_KEY,
        id: links.invoice,
        currency: charge.currency,
        amountMinor: amount,
        customer: links.customer,
        customerFrom: `named by ${CHARGE_CUSTOMER_KEY}`,
      },
      'invoice',
      target,
    ),
  );
  const customer = invoice.entity ?? 0;
  const values = unappliedPaymentValues(charge, customer, ctx.booking, capturedChargeRate(ctx, charge));
  const from = booked(links.invoice, 'invoice', {
    entity: customer,
    totalMinor: invoice.totalMinor,
    currency: invoice.currency,
  });
  const payment = createOnce(
    lookup,
    charge.id,
    () => ctx.books.createInvoicePayment(links.invoice, values),
    (id) => paymentRecord(id, values, from),
  );
  return {
    stripeId: charge.id,
    records: [paymentOutcome(charge, payment.record.id, payment.how)],
    notes: [`applied to invoice ${links.invoice} named by ${CHARGE_INVOICE_KEY}`],
  };
}

function paymentOutcome(charge: StripeCharge, id: number, how: 'created' | 'found'): RecordOutcome {
  return { stripeId: charge.id, recordType: 'customerpayment', id, how };
}

/** A charge with `netsuite_customer_id` (and no invoice key): that customer, once checked, takes the payment. */
export function linkedChargeCustomer(ctx: BookingContext, charge: StripeCharge, customer: number): EnsuredCustomer {
  checkLinkTarget(ctx.books, {
    stripeId: charge.id,
    key: CHARGE_CUSTOMER_KEY,
    id: customer,
    kind: 'customer',
    types: ['customer'],
  });
  // bookCharge puts the charge's currency on the customer's list, as for any customer.
  return {
    id: customer,
    currency: null,
    record: {
      stripeId: null,
      recordType: 'customer',
      id: customer,
      how: 'linked',
      detail: `by ${CHARGE_CUSTOMER_KEY}`,
    },
  };
}

/** The credit memo a refund's metadata names, or null. */
export function refundCreditMemo(refund: StripeRefund): number | null {
  return linkedInternalId(refund.id, REFUND_CREDIT_MEMO_KEY, refund.metadata?.[REFUND_CREDIT_MEMO_KEY]);
}

/**
 * A refund with `netsuite_credit_memo_id`: a customer refund applying that credit memo (no credit memo made),
 * for the customer the charge's payment went to, out of the same account the payment went to.
 */
export function bookRefundOfCreditMemo(
  refund: StripeRefund,
  memo: number,
  charge: StripeCharge,
  paid: Booked,
  rate: number | null,
  ctx: BookingContext,
  lookup: Lookup,
): RecordOutcome[] {
  const existing = lookup.resolve([refund.id]);
  if (existing) return [{ stripeId: refund.id, recordType: 'customerrefund', id: existing.id, how: 'found' }];
  const target = ctx.books.transactionTarget(memo);
  const credit = checked(
    target,
    transactionLinkProblem(
      {
        stripeId: refund.id,
        key: REFUND_CREDIT_MEMO_KEY,
        id: memo,
        currency: refund.currency,
        amountMinor: refund.amount,
        customer: paid.entity,
        customerFrom: `the customer of ${charge.id}'s payment ${paid.id}`,
      },
      'creditmemo',
      target,
    ),
  );
  const values = moneyBackRefundValues(
    refundMoneyBack(refund, charge.id),
    credit.entity ?? 0,
    { id: memo, type: 'creditmemo' },
    ctx.booking,
    rate,
  );
  const made = refundOnce(ctx, lookup, values);
  return [
    {
      stripeId: refund.id,
      recordType: 'customerrefund',
      id: made.record.id,
      how: made.how,
      detail: `applying credit memo ${memo} named by ${REFUND_CREDIT_MEMO_KEY}`,
    },
  ];
}

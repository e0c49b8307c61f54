import { chargeInvoiceValues, chargeIsBookable, unappliedPaymentValues } from '../payments';
import { idOf, type StripeCharge, type StripeInvoice, type StripeInvoicePayment } from '../stripeShapes';
import { beforeSyncStart, type BookingContext } from './context';
import { ensureCustomer, ensureCustomerCurrency } from './customers';
import { bookInvoice } from './invoices';
import { skipped, type FlowOutcome, type RecordOutcome } from './outcome';
import { createOnce, invoiceRecord, Lookup, paymentRecord } from './recordLookup';
import { capturedChargeRate } from './settlementRates';
import { stripeClient } from '../stripeClient';
import { LinkError } from '../customers';
import { assertNotBlocked, CHARGE_INVOICE_KEY } from '../metadataControl';
import { bookChargeToInvoice, chargeLinks, linkedChargeCustomer } from './linkedPayments';

type ChargeInvoicePayment = StripeInvoicePayment & { invoice: string | StripeInvoice };

/** The Stripe invoice payment a charge made, with its invoice, from its payment intent's invoice payments. */
function invoicePaymentOfCharge(ctx: BookingContext, charge: StripeCharge): ChargeInvoicePayment | null {
  const intent = idOf(charge.payment_intent ?? null);
  if (intent === null) return null;
  const payments = stripeClient(ctx.stripe).invoicePayments.list<ChargeInvoicePayment>({
    'payment[type]': 'payment_intent',
    'payment[payment_intent]': intent,
    limit: 10,
    expand: ['data.invoice', 'data.invoice.total_discount_amounts.discount'],
  });
  return payments.find((p) => p.status === 'paid') ?? payments[0] ?? null;
}

export interface ChargeOptions {
  /** The charge's first bookable event (succeeded, captured): likely new, so memory is not asked first. */
  firstEvent?: boolean;
}

/** `charge.succeeded`, `charge.captured`, `charge.updated`: a customer payment for the charge. */
export function bookCharge(charge: StripeCharge, ctx: BookingContext, options: ChargeOptions = {}): FlowOutcome {
  const check = chargeIsBookable(charge);
  if (!check.book) return skipped(charge.id, check.reason);
  if (beforeSyncStart(ctx.booking, charge.created)) return skipped(charge.id, `${charge.id} predates the sync start`);
  // netsuite_block_integration: not booked, also when a refund, dispute or payout asks for its payment.
  assertNotBlocked(charge);
  const links = chargeLinks(charge);
  const lookup = new Lookup(ctx.books);
  const paymentOutcome = (id: number, how: 'created' | 'found'): RecordOutcome => ({
    stripeId: charge.id,
    recordType: 'customerpayment',
    id,
    how,
  });
  if (!options.firstEvent) {
    const found = lookup.recall(charge.id);
    if (found) return { stripeId: charge.id, records: [paymentOutcome(found.id, 'found')] };
  }

  const invoicePayment = invoicePaymentOfCharge(ctx, charge);
  if (links.invoice !== null) {
    // A Stripe invoice is booked as its own NetSuite invoice: paying another one would leave both half-right.
    if (invoicePayment !== null)
      throw new LinkError(
        `${charge.id} has ${CHARGE_INVOICE_KEY} ${links.invoice}, but it paid Stripe invoice ${idOf(invoicePayment.invoice)}, which the connector books as its own invoice: remove the key`,
      );
    return bookChargeToInvoice(charge, { ...links, invoice: links.invoice }, ctx, lookup);
  }
  if (invoicePayment !== null) {
    const invoice =
      typeof invoicePayment.invoice === 'string'
        ? stripeClient(ctx.stripe).invoices.retrieve(invoicePayment.invoice, {
            expand: ['total_discount_amounts.discount'],
          })
        : invoicePayment.invoice;
    assertNotBlocked(invoice, charge.id);
    // The charge succeeded: its invoice payment is paid, for what the charge captured.
    const payment: StripeInvoicePayment = {
      ...invoicePayment,
      status: 'paid',
      amount_paid: invoicePayment.amount_paid ?? charge.amount_captured ?? charge.amount,
      status_transitions: { paid_at: invoicePayment.status_transitions?.paid_at ?? charge.created },
      payment: { ...invoicePayment.payment, charge: charge.id },
    };
    const paidInvoice = bookInvoice(invoice, ctx, {
      withPayments: true,
      payments: [payment],
      paymentsLikelyNew: options.firstEvent === true,
      exchangeRate: capturedChargeRate(ctx, charge),
    });
    // netsuite_customer_id does not apply here: the Stripe invoice's customer is the one it paid.
    return { stripeId: charge.id, records: [], paidInvoice };
  }
  const customerId = idOf(charge.customer ?? null);
  const customer =
    links.customer !== null
      ? linkedChargeCustomer(ctx, charge, links.customer)
      : ensureCustomer(
          ctx,
          lookup,
          customerId,
          typeof charge.customer === 'object' && charge.customer !== null ? charge.customer : null,
        );
  ensureCustomerCurrency(ctx, customer, charge.currency);
  const rate = capturedChargeRate(ctx, charge);
  const values = unappliedPaymentValues(charge, customer.id, ctx.booking, rate);
  if (ctx.booking.chargeInvoices) {
    const invoiceValues = chargeInvoiceValues(charge, customer.id, ctx.booking, rate);
    const invoice = createOnce(
      lookup,
      invoiceValues.externalId,
      () => ctx.books.createInvoice(invoiceValues),
      (id) => invoiceRecord(id, invoiceValues),
    );
    const payment = createOnce(
      lookup,
      charge.id,
      () => ctx.books.createInvoicePayment(invoice.record.id, values),
      (id) => paymentRecord(id, values, invoice.record),
    );
    return {
      stripeId: charge.id,
      records: [
        customer.record,
        { stripeId: charge.id, recordType: 'invoice', id: invoice.record.id, how: invoice.how },
        paymentOutcome(payment.record.id, payment.how),
      ],
    };
  }
  const payment = createOnce(
    lookup,
    charge.id,
    () => ctx.books.createUnappliedPayment(values),
    (id) => paymentRecord(id, values),
  );
  return payment.how === 'created'
    ? {
        stripeId: charge.id,
        records: [customer.record, { ...paymentOutcome(payment.record.id, 'created'), unapplied: true }],
      }
    : { stripeId: charge.id, records: [paymentOutcome(payment.record.id, 'found')] };
}

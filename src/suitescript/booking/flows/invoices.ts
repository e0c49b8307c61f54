import { assertNotBlocked } from '../metadataControl';
import {
  couponOf,
  invoiceHeader,
  invoiceIsFinalized,
  paidInvoiceCharges,
  planInvoiceLines,
  type InvoiceCharge,
  type PlannedLine,
  type ServicePeriod,
} from '../invoices';
import { BookingSetupError } from '../customers';
import { decideDiscountItem, discountExternalId } from '../items';
import { invoicePaymentValues } from '../payments';
import { xrefKey, type InvoiceValues, type TransactionLine } from '../ports';
import {
  idOf,
  type StripeCoupon,
  type StripeCustomer,
  type StripeInvoice,
  type StripeInvoicePayment,
} from '../stripeShapes';
import { beforeSyncStart, type BookingContext } from './context';
import { ensureCustomer, ensureCustomerCurrency } from './customers';
import { applyItemDecision, ensurePriceItem } from './prices';
import { skipped, type FlowOutcome, type RecordOutcome } from './outcome';
import { createOnce, invoiceRecord, Lookup, paymentRecord } from './recordLookup';
import { chargeRate } from './settlementRates';
import { stripeClient } from '../stripeClient';

function invoiceLines(ctx: BookingContext, invoice: StripeInvoice): StripeInvoice['lines']['data'] {
  return invoice.lines.has_more
    ? stripeClient(ctx.stripe).invoices.listLineItems(invoice.id, { limit: 100 })
    : invoice.lines.data;
}

function invoicePayments(ctx: BookingContext, invoice: StripeInvoice): readonly StripeInvoicePayment[] {
  if (invoice.payments && !invoice.payments.has_more) return invoice.payments.data;
  // Expanding the payment intent brings its charge: no read per payment.
  return stripeClient(ctx.stripe).invoicePayments.list({
    invoice: invoice.id,
    limit: 100,
    expand: ['data.payment.payment_intent'],
  });
}

function chargeOf(ctx: BookingContext, payment: InvoiceCharge): string | null {
  if (payment.chargeId !== null) return payment.chargeId;
  if (payment.paymentIntentId === null) return null;
  const intent = stripeClient(ctx.stripe).paymentIntents.retrieve(payment.paymentIntentId);
  return idOf(intent.latest_charge ?? null);
}

function resolveLines(
  ctx: BookingContext,
  lookup: Lookup,
  invoice: StripeInvoice,
  planned: readonly PlannedLine[],
): TransactionLine[] {
  lookup.prefetch(
    planned.flatMap((line) =>
      line.kind === 'price' && line.priceId !== null ? [[line.priceId, xrefKey(line.priceId, 'item')]] : [],
    ),
  );
  // A coupon on several lines: read (and its item found) once.
  const discountItems = new Map<string, { id: number; description: string }>();
  return planned.map((line): TransactionLine => {
    if (line.kind === 'price') {
      return {
        item: ensurePriceItem(ctx, lookup, line.priceId, null),
        amountMinor: line.amountMinor,
        description: line.description,
        quantity: line.quantity,
        rateMinor: line.rateMinor,
        ...periodOf(line.period),
        ...lineTaxOf(ctx, line.taxMinor),
      };
    }
    if (line.kind === 'discount') {
      const item =
        discountItems.get(line.discountId) ?? discountItem(ctx, lookup, invoice, line.discountId, line.coupon);
      discountItems.set(line.discountId, item);
      return { item: item.id, amountMinor: line.amountMinor, description: item.description, ...periodOf(line.period) };
    }
    if (line.kind === 'shipping') {
      const item = ctx.booking.shippingItem ?? ctx.booking.globalItem;
      if (item === null)
        throw new BookingSetupError(
          `Invoice ${invoice.id} has shipping: settings name no shipping item nor global item (custrecord_snc_set_shipping_item)`,
        );
      return { item, amountMinor: line.amountMinor, description: 'Stripe: shipping', ...lineTaxOf(ctx, line.taxMinor) };
    }
    if (ctx.booking.taxItem === null)
      throw new BookingSetupError(
        `Invoice ${invoice.id} has tax: settings name no tax item (custrecord_snc_set_tax_item)`,
      );
    return { item: ctx.booking.taxItem, amountMinor: line.amountMinor, description: 'Stripe: tax' };
  });
}

/**
 * Tax Mode per_line: a taxed line's Tax Code and Stripe's tax as its `tax1amt` (NetSuite keeps a tax amount a
 * script sets, so the total is Stripe's to the cent); an untaxed line the Exempt Tax Code at 0, or no code.
 * Tax Mode tax_item plans no line tax (`taxMinor` absent): nothing.
 */
export function lineTaxOf(
  ctx: BookingContext,
  taxMinor: number | undefined,
): Pick<TransactionLine, 'taxCode' | 'taxMinor'> {
  if (taxMinor === undefined) return {};
  const code = taxMinor !== 0 ? ctx.booking.taxCode : ctx.booking.exemptTaxCode;
  if (code === null && taxMinor !== 0)
    throw new BookingSetupError('Tax Mode per_line needs a Tax Code (custrecord_snc_set_tax_code)');
  return code === null ? {} : { taxCode: code, taxMinor };
}

function periodOf(period: ServicePeriod | null): Pick<TransactionLine, 'revRecStart' | 'revRecEnd'> {
  return period === null ? {} : { revRecStart: period.start, revRecEnd: period.end };
}

/** The discount item of a coupon: found, linked or created (named after the coupon). */
function discountItem(
  ctx: BookingContext,
  lookup: Lookup,
  invoice: StripeInvoice,
  discountId: string,
  known: StripeCoupon | null,
): { id: number; description: string } {
  let coupon = known;
  if (coupon === null) {
    // The payload names the discount only; its coupon needs the expanded discount.
    const expanded = stripeClient(ctx.stripe).invoices.retrieve(invoice.id, {
      expand: ['total_discount_amounts.discount'],
    });
    coupon = couponOf(expanded, discountId);
    if (coupon === null) throw new Error(`Invoice ${invoice.id}: no coupon found for discount ${discountId}`);
  }
  const existing = lookup.resolve([discountExternalId(coupon.id), xrefKey(coupon.id, 'item')]);
  if (!existing && coupon.name === undefined) {
    // Only its ID came with the discount: the item is named after the coupon.
    coupon = stripeClient(ctx.stripe).coupons.retrieve(coupon.id);
  }
  const id =
    existing?.id ?? applyItemDecision(ctx, lookup, decideDiscountItem(coupon, ctx.booking), coupon.id, 'coupon').id;
  return { id, description: `Stripe: coupon ${coupon.name ?? coupon.id}` };
}

/**
 * A negative invoice (a downgrade's proration credit exceeds what is charged): NetSuite refuses an invoice
 * whose total is negative ("The total cannot be negative"), so the customer gets a credit memo with the
 * invoice's lines, signs turned, keyed by the invoice's ID and left unapplied; Stripe puts the same credit on
 * the customer balance. Remembered under the invoice's ID: later events of the invoice find it.
 */
function bookCredit(
  ctx: BookingContext,
  lookup: Lookup,
  invoice: StripeInvoice,
  values: InvoiceValues,
  records: RecordOutcome[],
): FlowOutcome {
  const credit: InvoiceValues = {
    ...values,
    lines: values.lines.map((line) => ({
      ...line,
      amountMinor: -line.amountMinor,
      ...(line.rateMinor === undefined ? {} : { rateMinor: -line.rateMinor }),
      ...(line.taxMinor === undefined ? {} : { taxMinor: -line.taxMinor }),
    })),
  };
  const { record, how } = createOnce(
    lookup,
    invoice.id,
    () => ctx.books.createInvoiceCreditMemo(credit),
    (id) => ({ ...invoiceRecord(id, credit), recordType: 'creditmemo' }),
  );
  records.push({ stripeId: invoice.id, recordType: 'creditmemo', id: record.id, how });
  return { stripeId: invoice.id, records, notes: ['a negative invoice: booked as a credit memo left on the customer'] };
}

export interface InvoiceOptions {
  /** Apply a customer payment for each Stripe charge that paid it. */
  withPayments: boolean;
  /** The invoice payments to book when the caller has them (the charge flow): no list read. */
  payments?: readonly StripeInvoicePayment[];
  /** The payments are most likely new (the charge's first event): created without asking memory first. */
  paymentsLikelyNew?: boolean;
  /** The `exchangerate` of the given payments' charge, when the caller knows it (the charge flow). */
  exchangeRate?: number | null;
}

/**
 * `invoice.payment_succeeded`, `invoice.payment_failed`, `invoice.updated`: the customer, the invoice once
 * finalized, and with `withPayments` a customer payment per charge that paid it.
 */
export function bookInvoice(invoice: StripeInvoice, ctx: BookingContext, options: InvoiceOptions): FlowOutcome {
  const { booking, books } = ctx;
  if (!invoiceIsFinalized(invoice))
    return skipped(
      invoice.id,
      `invoice ${invoice.id} is ${invoice.status ?? 'draft'} (only finalized invoices are booked)`,
    );
  if (beforeSyncStart(booking, invoice.status_transitions?.finalized_at ?? invoice.created))
    return skipped(invoice.id, `${invoice.id} predates the sync start`);
  // netsuite_block_integration: not booked, also when a charge paying it or a credit note asks for it.
  assertNotBlocked(invoice);
  const lookup = new Lookup(books);
  const customerId = idOf(invoice.customer);
  const records: RecordOutcome[] = [];
  const notes: string[] = [];
  const invoiceOutcome = (id: number, how: 'created' | 'found'): RecordOutcome => ({
    stripeId: invoice.id,
    recordType: 'invoice',
    id,
    how,
  });
  let invoiceBooked = lookup.recall(invoice.id);
  let invoiceIsNew = false;
  let charges: InvoiceCharge[] | null = null;
  const chargesOfInvoice = (): InvoiceCharge[] =>
    (charges ??= options.withPayments ? paidInvoiceCharges(options.payments ?? invoicePayments(ctx, invoice)) : []);
  // Each charge's rate, read once: the invoice books at its first charge's, each payment at its own.
  const rates = new Map<string, number | null>();
  const rateOf = (chargeId: string): number | null => {
    if (!rates.has(chargeId)) {
      const given = options.payments !== undefined ? options.exchangeRate : undefined;
      rates.set(chargeId, given !== undefined ? given : chargeRate(ctx, chargeId, invoice.currency));
    }
    return rates.get(chargeId) ?? null;
  };
  const chargeIds = new Map<InvoiceCharge, string | null>();
  const chargeIdOf = (payment: InvoiceCharge): string | null => {
    if (!chargeIds.has(payment)) chargeIds.set(payment, chargeOf(ctx, payment));
    return chargeIds.get(payment) ?? null;
  };
  // Memory says the payments Stripe reports are booked: nothing to list or book.
  if (
    options.withPayments &&
    !options.payments &&
    invoiceBooked?.paidMinor !== undefined &&
    invoice.amount_paid !== undefined &&
    invoiceBooked.paidMinor >= invoice.amount_paid
  ) {
    return {
      stripeId: invoice.id,
      records: [invoiceOutcome(invoiceBooked.id, 'found')],
      notes: ['its payments are booked'],
    };
  }
  if (invoiceBooked) {
    records.push(invoiceOutcome(invoiceBooked.id, 'found'));
  } else {
    if (invoice.status === 'void') return skipped(invoice.id, `invoice ${invoice.id} is void and was never booked`);
    const hint: StripeCustomer | null =
      customerId !== null && typeof invoice.customer !== 'string' && invoice.customer !== null
        ? invoice.customer
        : customerId !== null && booking.customerMode !== 'metadata'
          ? {
              id: customerId,
              object: 'customer',
              name: invoice.customer_name ?? null,
              email: invoice.customer_email ?? null,
            }
          : null;
    const ensured = ensureCustomer(ctx, lookup, customerId, hint);
    records.push(ensured.record);
    ensureCustomerCurrency(ctx, ensured, invoice.currency);
    const planned = planInvoiceLines(invoice, invoiceLines(ctx, invoice), booking.taxMode);
    // Booked at the rate Stripe settled its (first) charge at, so applying that payment realizes nothing;
    // an open invoice takes NetSuite's rate, and its payment realizes the difference when it comes.
    const firstCharge = chargesOfInvoice()
      .map(chargeIdOf)
      .find((id) => id !== null);
    const rate = firstCharge === undefined ? null : rateOf(firstCharge);
    const header = invoiceHeader(invoice, ensured.id, booking, rate);
    const values = { ...header, lines: resolveLines(ctx, lookup, invoice, planned) };
    if (invoice.total < 0) return bookCredit(ctx, lookup, invoice, values, records);
    const { record, how } = createOnce(
      lookup,
      invoice.id,
      () => books.createInvoice(values),
      (id) => invoiceRecord(id, values),
      // Remembered once its payments are booked, with what they total.
      false,
    );
    records.push(invoiceOutcome(record.id, how));
    invoiceBooked = record;
    invoiceIsNew = how === 'created';
  }
  // A const for the closures below.
  const bookedInvoice = invoiceBooked;
  const customer = bookedInvoice.entity ?? ensureCustomer(ctx, lookup, customerId, null).id;
  // What the invoice's booked payments total, where this run can tell: it sees them all (the whole list, or
  // a new invoice), or it adds the ones it creates to what memory knew.
  const seesAll = options.payments === undefined || invoiceIsNew;
  let paidMinor = seesAll ? 0 : bookedInvoice.paidMinor;
  const count = (amountMinor: number, created: boolean): void => {
    if (paidMinor !== undefined && (seesAll || created)) paidMinor += amountMinor;
  };
  let allBooked = true;

  for (const payment of chargesOfInvoice()) {
    const chargeId = chargeIdOf(payment);
    if (chargeId === null) {
      notes.push('a payment made outside Stripe was not booked');
      allBooked = false;
      continue;
    }
    const found = options.paymentsLikelyNew ? null : lookup.recall(chargeId);
    if (found) {
      records.push({ stripeId: chargeId, recordType: 'customerpayment', id: found.id, how: 'found' });
      count(payment.amountMinor, false);
      continue;
    }
    const values = invoicePaymentValues(
      chargeId,
      `Stripe: ${invoice.number ?? invoice.id}`,
      payment.amountMinor,
      invoice.currency,
      payment.paidAt ?? invoice.status_transitions?.paid_at ?? Math.floor(Date.now() / 1000),
      customer,
      booking,
      rateOf(chargeId),
    );
    const { record, how } = createOnce(
      lookup,
      chargeId,
      () => books.createInvoicePayment(bookedInvoice.id, values),
      (id) => paymentRecord(id, values, bookedInvoice),
    );
    records.push({ stripeId: chargeId, recordType: 'customerpayment', id: record.id, how });
    count(payment.amountMinor, how === 'created');
  }
  // An invoice this run made without its payments (finalized, not yet paid) has none booked: remembering 0
  // lets the charge that pays it, and the events after, add to it without listing Stripe's payments.
  const paidNow = options.withPayments ? paidMinor : invoiceIsNew ? 0 : undefined;
  const knownPaid = (!options.withPayments || allBooked) && paidNow !== undefined;
  if (invoiceIsNew || (knownPaid && paidNow !== bookedInvoice.paidMinor)) {
    lookup.made(invoice.id, { ...bookedInvoice, ...(knownPaid ? { paidMinor: paidNow } : {}) });
  }
  return { stripeId: invoice.id, records, ...(notes.length > 0 ? { notes } : {}) };
}

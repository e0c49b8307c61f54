import type { BookingSettings } from '../settings';
import type { StripeReader } from '../stripe/reader';
import { BookingSetupError, decideCustomer, requireGlobalCustomer } from './customers';
import {
  couponOf,
  invoiceHeader,
  invoiceIsFinalized,
  paidInvoiceCharges,
  planInvoiceLines,
  priceIdOfLine,
  type InvoiceCharge,
  type PlannedLine,
} from './invoices';
import { decideDiscountItem, decidePriceItem, discountExternalId, type ItemDecision } from './items';
import {
  chargeInvoiceExternalId,
  chargeInvoiceValues,
  chargeIsBookable,
  invoicePaymentValues,
  unappliedPaymentValues,
} from './payments';
import { isDuplicate } from '../netsuiteErrors';
import { xrefKey, type Booked, type NetSuiteBooks, type TransactionLine } from './ports';
import { creditMemoExternalId, creditMemoValues, customerRefundValues, refundsToBook } from './refunds';
import {
  idOf,
  type StripeCharge,
  type StripeCoupon,
  type StripeCustomer,
  type StripeInvoice,
  type StripeInvoicePayment,
  type StripePrice,
  type StripeProduct,
  type StripeRefund,
} from './stripeShapes';

/** What every flow works with: settings, Stripe (current state of objects) and NetSuite. */
export interface BookingContext {
  booking: BookingSettings;
  stripe: StripeReader;
  books: NetSuiteBooks;
}

/** Records found so far in this run, by external ID; misses are asked for in one query. */
class Lookup {
  private readonly known = new Map<string, Booked | null>();
  constructor(private readonly books: NetSuiteBooks) {}

  prefetch(externalIds: readonly string[]): void {
    const missing = [...new Set(externalIds)].filter((id) => !this.known.has(id));
    if (missing.length === 0) return;
    const found = this.books.find(missing);
    for (const id of missing) this.known.set(id, found.get(id) ?? null);
  }

  get(externalId: string): Booked | null {
    this.prefetch([externalId]);
    return this.known.get(externalId) ?? null;
  }

  forget(externalId: string): void {
    this.known.delete(externalId);
  }
}

/**
 * Creates a record keyed by external ID once: when a concurrent run saved the same external ID first,
 * NetSuite refuses the duplicate and the record that run made is used.
 */
function createOnce(lookup: Lookup, externalId: string, create: () => number): number {
  try {
    const id = create();
    lookup.forget(externalId);
    return id;
  } catch (error) {
    if (!isDuplicate(error)) throw error;
    lookup.forget(externalId);
    const existing = lookup.get(externalId);
    if (!existing) throw error;
    return existing.id;
  }
}

function beforeSyncStart(booking: BookingSettings, created: number | undefined): boolean {
  return booking.syncStart !== null && created !== undefined && created < booking.syncStart;
}

// ---- customers ----------------------------------------------------------------------------------

/**
 * The NetSuite customer for a Stripe customer (or the global one): found by external ID `cus_…` or a
 * cross-reference, else linked, matched or created per the customer mode. `hint` spares a Stripe call when
 * it holds what the mode needs.
 */
function ensureCustomer(
  ctx: BookingContext,
  lookup: Lookup,
  customerId: string | null,
  hint: StripeCustomer | null,
): { id: number; note: string } {
  const { booking, books } = ctx;
  if (booking.customerMode === 'global' || customerId === null) {
    return { id: requireGlobalCustomer(booking), note: 'global customer' };
  }
  const link = xrefKey(customerId, 'customer');
  lookup.prefetch([customerId, link]);
  const existing = lookup.get(customerId) ?? lookup.get(link);
  if (existing) return { id: existing.id, note: `customer ${existing.id} found` };

  const needsStripe = hint === null || (booking.customerMode === 'metadata' && hint.metadata === undefined);
  const customer = needsStripe ? ctx.stripe.retrieve<StripeCustomer>(`/v1/customers/${customerId}`) : hint;
  if (customer.deleted) return { id: requireGlobalCustomer(booking), note: 'global customer (deleted in Stripe)' };
  const decision = decideCustomer(customer, booking);
  const linkTo = (id: number, how: string): { id: number; note: string } => {
    books.link({ stripeId: customerId, stripeType: 'customer', recordType: 'customer', id });
    lookup.forget(link);
    return { id, note: `customer ${id} ${how}` };
  };
  switch (decision.action) {
    case 'global':
      return { id: decision.customer, note: 'global customer' };
    case 'link':
      return linkTo(decision.customer, 'linked by metadata');
    case 'match': {
      const matched = books.findCustomerBy(decision.field, decision.value);
      if (matched !== null) return linkTo(matched, `matched on ${decision.field}`);
      const id = createOnce(lookup, customerId, () => books.createCustomer(decision.otherwise));
      return { id, note: `customer ${id} created` };
    }
    case 'create': {
      const id = createOnce(lookup, customerId, () => books.createCustomer(decision.values));
      return { id, note: `customer ${id} created` };
    }
  }
}

/** `customer.created`. */
export function bookCustomer(customer: StripeCustomer, ctx: BookingContext): string {
  if (beforeSyncStart(ctx.booking, customer.created)) return `Not booked: ${customer.id} predates the sync start`;
  if (ctx.booking.customerMode === 'global') return 'No NetSuite customer: customer mode is global';
  const hint = { metadata: {}, ...customer };
  // One customer per Stripe customer: create straight away and let NetSuite's external-ID uniqueness
  // answer a redelivery, which saves the lookup query on the common path.
  if (ctx.booking.customerMode === 'per_customer' && !customer.deleted) {
    const decision = decideCustomer(hint, ctx.booking);
    if (decision.action === 'create') {
      try {
        return `${customer.id}: customer ${ctx.books.createCustomer(decision.values)} created`;
      } catch (error) {
        if (!isDuplicate(error)) throw error;
      }
    }
  }
  // The payload is the customer as created: enough for every mode.
  const { note } = ensureCustomer(ctx, new Lookup(ctx.books), customer.id, hint);
  return `${customer.id}: ${note}`;
}

// ---- items --------------------------------------------------------------------------------------

function applyItemDecision(
  ctx: BookingContext,
  lookup: Lookup,
  decision: ItemDecision,
  stripeId: string,
  stripeType: string,
): { id: number; note: string } {
  if (decision.action === 'none') throw new BookingSetupError(decision.reason);
  if (decision.action === 'use') {
    if (ctx.booking.itemMode === 'metadata') {
      ctx.books.link({ stripeId, stripeType, recordType: 'item', id: decision.item });
      lookup.forget(xrefKey(stripeId, 'item'));
      return { id: decision.item, note: `item ${decision.item} linked` };
    }
    return { id: decision.item, note: `item ${decision.item}` };
  }
  const { values } = decision;
  const id = createOnce(lookup, values.externalId, () => ctx.books.createItem(values));
  return { id, note: `${values.type} ${id} created` };
}

function ensurePriceItem(
  ctx: BookingContext,
  lookup: Lookup,
  priceId: string | null,
  known: StripePrice | null,
): { id: number; note: string } {
  const { booking } = ctx;
  if (booking.itemMode === 'global' || priceId === null) {
    if (booking.globalItem === null)
      throw new BookingSetupError(
        `${priceId === null ? 'A line without a price' : 'Item mode global'} needs a global item (custrecord_snc_set_global_item)`,
      );
    return { id: booking.globalItem, note: 'global item' };
  }
  const existing = lookup.get(priceId) ?? lookup.get(xrefKey(priceId, 'item'));
  if (existing) return { id: existing.id, note: `item ${existing.id} found` };
  const price = known ?? ctx.stripe.retrieve<StripePrice>(`/v1/prices/${priceId}`, { expand: ['product'] });
  const product =
    typeof price.product === 'string'
      ? ctx.stripe.retrieve<StripeProduct>(`/v1/products/${price.product}`)
      : price.product;
  return applyItemDecision(ctx, lookup, decidePriceItem(price, product, booking), priceId, 'price');
}

/** `price.created`. */
export function bookPrice(price: StripePrice, ctx: BookingContext): string {
  if (beforeSyncStart(ctx.booking, price.created)) return `Not booked: ${price.id} predates the sync start`;
  if (ctx.booking.itemMode === 'global') return 'No NetSuite item: item mode is global';
  const lookup = new Lookup(ctx.books);
  lookup.prefetch([price.id, xrefKey(price.id, 'item')]);
  return `${price.id}: ${ensurePriceItem(ctx, lookup, price.id, price).note}`;
}

// ---- invoices -----------------------------------------------------------------------------------

function invoiceLines(ctx: BookingContext, invoice: StripeInvoice): StripeInvoice['lines']['data'] {
  return invoice.lines.has_more
    ? ctx.stripe.list(`/v1/invoices/${invoice.id}/lines`, { limit: 100 })
    : invoice.lines.data;
}

function invoicePayments(ctx: BookingContext, invoice: StripeInvoice): readonly StripeInvoicePayment[] {
  if (invoice.payments && !invoice.payments.has_more) return invoice.payments.data;
  return ctx.stripe.list<StripeInvoicePayment>('/v1/invoice_payments', { invoice: invoice.id, limit: 100 });
}

function chargeOf(ctx: BookingContext, payment: InvoiceCharge): string | null {
  if (payment.chargeId !== null) return payment.chargeId;
  if (payment.paymentIntentId === null) return null;
  const intent = ctx.stripe.retrieve<{ latest_charge?: string | { id: string } | null }>(
    `/v1/payment_intents/${payment.paymentIntentId}`,
  );
  return idOf(intent.latest_charge ?? null);
}

function resolveLines(
  ctx: BookingContext,
  lookup: Lookup,
  invoice: StripeInvoice,
  planned: readonly PlannedLine[],
): TransactionLine[] {
  const lines: TransactionLine[] = [];
  for (const line of planned) {
    if (line.kind === 'price') {
      lines.push({
        item: ensurePriceItem(ctx, lookup, line.priceId, null).id,
        amountMinor: line.amountMinor,
        description: line.description,
      });
    } else if (line.kind === 'discount') {
      let coupon = line.coupon;
      if (coupon === null) {
        // The payload names the discount only; its coupon needs the expanded discount.
        const expanded = ctx.stripe.retrieve<StripeInvoice>(`/v1/invoices/${invoice.id}`, {
          expand: ['total_discount_amounts.discount'],
        });
        coupon = couponOf(expanded, line.discountId);
        if (coupon === null) throw new Error(`Invoice ${invoice.id}: no coupon found for discount ${line.discountId}`);
      }
      const existing = lookup.get(discountExternalId(coupon.id)) ?? lookup.get(xrefKey(coupon.id, 'item'));
      if (!existing && coupon.name === undefined) {
        // Only its ID came with the discount: the item is named after the coupon.
        coupon = ctx.stripe.retrieve<StripeCoupon>(`/v1/coupons/${coupon.id}`);
      }
      const found = existing?.id;
      const item =
        found ?? applyItemDecision(ctx, lookup, decideDiscountItem(coupon, ctx.booking), coupon.id, 'coupon').id;
      lines.push({ item, amountMinor: line.amountMinor, description: `Stripe: coupon ${coupon.name ?? coupon.id}` });
    } else {
      if (ctx.booking.taxItem === null)
        throw new BookingSetupError(
          `Invoice ${invoice.id} has tax: settings name no tax item (custrecord_snc_set_tax_item)`,
        );
      lines.push({ item: ctx.booking.taxItem, amountMinor: line.amountMinor, description: 'Stripe: tax' });
    }
  }
  return lines;
}

export interface InvoiceOptions {
  /** Apply a customer payment for each Stripe charge that paid it. */
  withPayments: boolean;
}

/**
 * `invoice.payment_succeeded`, `invoice.payment_failed`, `invoice.updated`: the customer, the invoice once
 * finalized, and with `withPayments` a customer payment per charge that paid it.
 */
export function bookInvoice(invoice: StripeInvoice, ctx: BookingContext, options: InvoiceOptions): string {
  const { booking, books } = ctx;
  if (!invoiceIsFinalized(invoice))
    return `Not booked: invoice ${invoice.id} is ${invoice.status ?? 'draft'} (only finalized invoices are booked)`;
  if (beforeSyncStart(booking, invoice.status_transitions?.finalized_at ?? invoice.created))
    return `Not booked: ${invoice.id} predates the sync start`;
  const lookup = new Lookup(books);
  const lines = invoiceLines(ctx, invoice);
  const customerId = idOf(invoice.customer);
  const priceIds = lines.map(priceIdOfLine).filter((id): id is string => id !== null);
  const charges = options.withPayments ? paidInvoiceCharges(invoicePayments(ctx, invoice)) : [];
  const chargeIds = charges.map((c) => c.chargeId).filter((id): id is string => id !== null);
  lookup.prefetch([
    invoice.id,
    ...(customerId ? [customerId, xrefKey(customerId, 'customer')] : []),
    ...priceIds.flatMap((id) => [id, xrefKey(id, 'item')]),
    ...chargeIds,
  ]);

  const notes: string[] = [];
  const invoiceRecord = lookup.get(invoice.id);
  let invoiceInternalId: number;
  let customer: number;
  if (invoiceRecord) {
    invoiceInternalId = invoiceRecord.id;
    customer = invoiceRecord.entity ?? ensureCustomer(ctx, lookup, customerId, null).id;
    notes.push(`invoice ${invoiceInternalId} found`);
  } else {
    if (invoice.status === 'void') return `Not booked: invoice ${invoice.id} is void and was never booked`;
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
    customer = ensured.id;
    notes.push(ensured.note);
    const planned = planInvoiceLines(invoice, lines);
    const header = invoiceHeader(invoice, customer, booking);
    const resolved = resolveLines(ctx, lookup, invoice, planned);
    invoiceInternalId = createOnce(lookup, invoice.id, () => books.createInvoice({ ...header, lines: resolved }));
    notes.push(`invoice ${invoiceInternalId} created`);
  }

  for (const payment of charges) {
    const chargeId = chargeOf(ctx, payment);
    if (chargeId === null) {
      notes.push('a payment made outside Stripe was not booked');
      continue;
    }
    const booked = lookup.get(chargeId);
    if (booked) {
      notes.push(`payment ${booked.id} found`);
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
    );
    const id = createOnce(lookup, chargeId, () => books.createInvoicePayment(invoiceInternalId, values));
    notes.push(`payment ${id} created for ${chargeId}`);
  }
  if (invoice.status === 'void' || invoice.status === 'uncollectible')
    notes.push(`Stripe says ${invoice.status}: not reflected in NetSuite yet`);
  return `${invoice.id}: ${notes.join('; ')}`;
}

// ---- charges ------------------------------------------------------------------------------------

/** The Stripe invoice a charge paid, from its payment intent's invoice payments. */
function invoiceOfCharge(ctx: BookingContext, charge: StripeCharge): string | null {
  const intent = idOf(charge.payment_intent ?? null);
  if (intent === null) return null;
  const payments = ctx.stripe.list<StripeInvoicePayment & { invoice: string | { id: string } }>(
    '/v1/invoice_payments',
    { 'payment[type]': 'payment_intent', 'payment[payment_intent]': intent, limit: 10 },
  );
  const paid = payments.find((p) => p.status === 'paid') ?? payments[0];
  return paid ? idOf(paid.invoice) : null;
}

/** `charge.succeeded`, `charge.captured`, `charge.updated`: a customer payment for the charge. */
export function bookCharge(charge: StripeCharge, ctx: BookingContext): string {
  const check = chargeIsBookable(charge);
  if (!check.book) return `Not booked: ${check.reason}`;
  if (beforeSyncStart(ctx.booking, charge.created)) return `Not booked: ${charge.id} predates the sync start`;
  const lookup = new Lookup(ctx.books);
  const customerId = idOf(charge.customer ?? null);
  lookup.prefetch([charge.id, ...(customerId ? [customerId, xrefKey(customerId, 'customer')] : [])]);
  const booked = lookup.get(charge.id);
  if (booked) return `${charge.id}: payment ${booked.id} found`;

  const invoiceId = invoiceOfCharge(ctx, charge);
  if (invoiceId !== null) {
    const invoice = ctx.stripe.retrieve<StripeInvoice>(`/v1/invoices/${invoiceId}`, {
      expand: ['total_discount_amounts.discount'],
    });
    return `${charge.id} paid ${bookInvoice(invoice, ctx, { withPayments: true })}`;
  }
  const customer = ensureCustomer(
    ctx,
    lookup,
    customerId,
    typeof charge.customer === 'object' && charge.customer !== null ? charge.customer : null,
  );
  const values = unappliedPaymentValues(charge, customer.id, ctx.booking);
  if (ctx.booking.chargeInvoices) {
    const invoiceKey = chargeInvoiceExternalId(charge.id);
    lookup.prefetch([invoiceKey]);
    const invoice =
      lookup.get(invoiceKey)?.id ??
      createOnce(lookup, invoiceKey, () =>
        ctx.books.createInvoice(chargeInvoiceValues(charge, customer.id, ctx.booking)),
      );
    const payment = createOnce(lookup, charge.id, () => ctx.books.createInvoicePayment(invoice, values));
    return `${charge.id}: ${customer.note}; invoice ${invoice} and payment ${payment} created`;
  }
  const id = createOnce(lookup, charge.id, () => ctx.books.createUnappliedPayment(values));
  return `${charge.id}: ${customer.note}; unapplied payment ${id} created`;
}

// ---- refunds ------------------------------------------------------------------------------------

/**
 * `charge.refunded`: every succeeded refund of the charge not booked yet. Invoiced charge (its payment
 * was made from an invoice): a credit memo and a customer refund applying it; else a customer refund
 * applying the payment.
 */
export function bookRefunds(charge: StripeCharge, ctx: BookingContext): string {
  if (beforeSyncStart(ctx.booking, charge.created)) return `Not booked: ${charge.id} predates the sync start`;
  const refunds: readonly StripeRefund[] =
    charge.refunds && !charge.refunds.has_more
      ? charge.refunds.data
      : ctx.stripe.list<StripeRefund>('/v1/refunds', { charge: charge.id, limit: 100 });
  const toBook = refundsToBook(refunds);
  if (toBook.length === 0) return `${charge.id}: no succeeded refund to book`;
  const lookup = new Lookup(ctx.books);
  lookup.prefetch([charge.id, ...toBook.flatMap((r) => [r.id, creditMemoExternalId(r.id)])]);
  const notes: string[] = [];
  let payment = lookup.get(charge.id);
  if (!payment) {
    notes.push(bookCharge({ ...charge, refunds: null }, ctx));
    lookup.forget(charge.id);
    payment = lookup.get(charge.id);
    if (!payment) throw new Error(`Charge ${charge.id} has no NetSuite payment to refund (${notes.join('; ')})`);
  }
  const paid = payment;
  if (paid.entity === null) throw new Error(`Payment ${paid.id} of ${charge.id} has no customer`);
  const customer = paid.entity;
  for (const refund of toBook) {
    const existing = lookup.get(refund.id);
    if (existing) {
      notes.push(`refund ${existing.id} found`);
      continue;
    }
    let applyTo = paid.id;
    if (paid.createdFrom !== null) {
      const invoice = paid.createdFrom;
      const memoId = creditMemoExternalId(refund.id);
      const memo =
        lookup.get(memoId)?.id ??
        createOnce(lookup, memoId, () =>
          ctx.books.createCreditMemo(creditMemoValues(refund, charge.id, invoice, paid.createdFromTotalMinor)),
        );
      notes.push(`credit memo ${memo}`);
      applyTo = memo;
    }
    const values = customerRefundValues(refund, charge.id, customer, applyTo, ctx.booking);
    const id = createOnce(lookup, refund.id, () => ctx.books.createCustomerRefund(values));
    notes.push(`refund ${id} created for ${refund.id}`);
  }
  return `${charge.id}: ${notes.join('; ')}`;
}

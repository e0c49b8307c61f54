import type { BookingSettings } from '../settings';
import type { StripeReader } from '../stripe/reader';
import { BookingSetupError, decideCustomer, requireGlobalCustomer } from './customers';
import { bookingExchangeRate, needsSettlement } from './exchangeRates';
import {
  couponOf,
  invoiceHeader,
  invoiceIsFinalized,
  paidInvoiceCharges,
  planInvoiceLines,
  type InvoiceCharge,
  type PlannedLine,
} from './invoices';
import { decideDiscountItem, decidePriceItem, discountExternalId, type ItemDecision } from './items';
import { chargeInvoiceValues, chargeIsBookable, invoicePaymentValues, unappliedPaymentValues } from './payments';
import {
  xrefKey,
  type Booked,
  type CustomerValues,
  type InvoiceValues,
  type NetSuiteBooks,
  type PaymentValues,
  type RefundSource,
  type TransactionLine,
} from './ports';
import { creditMemoValues, customerRefundValues, refundsToBook } from './refunds';
import {
  idOf,
  type Expandable,
  type StripeBalanceTransaction,
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

/** A Booked value for a record this run made. */
function booked(id: number, recordType: string, fields: Partial<Omit<Booked, 'id' | 'recordType'>> = {}): Booked {
  return {
    id,
    recordType,
    createdFrom: null,
    entity: null,
    totalMinor: null,
    createdFromTotalMinor: null,
    currency: null,
    ...fields,
  };
}

/**
 * Records known in this run, by external ID. Memory (`recall`, 1 unit) answers first; a query answers
 * the rest in one go. Memory holds only records that exist, so a miss is never taken as "not booked":
 * flows then either query or create and let NetSuite's external-ID uniqueness refuse a duplicate.
 */
class Lookup {
  private readonly known = new Map<string, Booked | null>();
  constructor(private readonly books: NetSuiteBooks) {}

  /** From memory only, no query: null says nothing about NetSuite. */
  recall(key: string): Booked | null {
    const known = this.known.get(key);
    if (known !== undefined) return known;
    const hit = this.books.recall(key);
    if (hit) this.known.set(key, hit);
    return hit;
  }

  /**
   * The record of each group of keys (a Stripe object's own external ID first, then its cross-reference
   * keys): from memory, else all in one query; what the query finds is remembered under the first key.
   */
  prefetch(groups: readonly (readonly string[])[]): void {
    const ask = new Set<string>();
    const queried: (readonly string[])[] = [];
    for (const group of groups) {
      const [first] = group;
      if (first === undefined || this.firstOf(group) || group.every((key) => this.known.has(key))) continue;
      if (this.recall(first)) continue;
      queried.push(group);
      for (const key of group) if (!this.known.has(key)) ask.add(key);
    }
    if (ask.size === 0) return;
    const found = this.books.find([...ask]);
    for (const key of ask) this.known.set(key, found.get(key) ?? null);
    for (const group of queried) {
      const record = this.firstOf(group);
      if (record && group[0] !== undefined) this.books.remember(group[0], record);
    }
  }

  resolve(group: readonly string[]): Booked | null {
    this.prefetch([group]);
    return this.firstOf(group);
  }

  /** A record this run made or linked: known now, and remembered for later runs. */
  made(key: string, record: Booked): void {
    this.known.set(key, record);
    this.books.remember(key, record);
  }

  forget(key: string): void {
    this.known.delete(key);
  }

  private firstOf(group: readonly string[]): Booked | null {
    for (const key of group) {
      const record = this.known.get(key);
      if (record) return record;
    }
    return null;
  }
}

/**
 * Creates a record keyed by external ID without asking first: when it exists already (a redelivery, or a
 * concurrent run saved it first) NetSuite refuses it and the existing record is used. Asking only after a
 * refusal keeps the common case (a new record) free of lookups.
 */
function createOnce(
  lookup: Lookup,
  externalId: string,
  create: () => number,
  describe: (id: number) => Booked,
  remember = true,
): { record: Booked; how: 'created' | 'found' } {
  try {
    const record = describe(create());
    if (remember) lookup.made(externalId, record);
    else lookup.forget(externalId);
    return { record, how: 'created' };
  } catch (error) {
    // A duplicate external ID, or a refusal that an existing record explains (its invoice is paid by it
    // already): either way the record there is the one wanted.
    lookup.forget(externalId);
    const existing = lookup.resolve([externalId]);
    if (!existing) throw error;
    return { record: existing, how: 'found' };
  }
}

function beforeSyncStart(booking: BookingSettings, created: number | undefined): boolean {
  return booking.syncStart !== null && created !== undefined && created < booking.syncStart;
}

// ---- currencies ---------------------------------------------------------------------------------

/**
 * NetSuite `exchangerate` for a Stripe object of `sourceMinor` in `currency` settled as `settlement`. Only an
 * object outside the base currency needs its balance transaction: read then (10 units,
 * GET /v1/balance_transactions/txn_…) unless the payload expanded it. See bookingExchangeRate.
 */
function settlementRate(
  ctx: BookingContext,
  sourceMinor: number,
  currency: string,
  settlement: Expandable<StripeBalanceTransaction> | null | undefined,
): number | null {
  const base = ctx.books.baseCurrency(ctx.booking.subsidiary);
  if (!needsSettlement(currency, base) || settlement === null || settlement === undefined) return null;
  const transaction =
    typeof settlement === 'string'
      ? ctx.stripe.retrieve<StripeBalanceTransaction>(`/v1/balance_transactions/${settlement}`)
      : settlement;
  return bookingExchangeRate(sourceMinor, currency, transaction, base);
}

/** The rate of a charge known by ID only: the charge with its balance transaction (10 units), when needed. */
function chargeRate(ctx: BookingContext, chargeId: string, currency: string): number | null {
  if (!needsSettlement(currency, ctx.books.baseCurrency(ctx.booking.subsidiary))) return null;
  const charge = ctx.stripe.retrieve<StripeCharge>(`/v1/charges/${chargeId}`, { expand: ['balance_transaction'] });
  return capturedChargeRate(ctx, charge);
}

/**
 * The rate of a captured charge. With `capture_method: automatic_async` (Stripe's default) the payload of
 * `charge.succeeded` has no balance transaction yet: a charge outside the base currency is then read again
 * (10 units), and while Stripe has not settled it the event waits (`SNC_NOT_SETTLED`, retried), so the
 * payment is never booked at a rate other than Stripe's.
 */
function capturedChargeRate(ctx: BookingContext, charge: StripeCharge): number | null {
  const amount = charge.amount_captured ?? charge.amount;
  if (charge.balance_transaction) return settlementRate(ctx, amount, charge.currency, charge.balance_transaction);
  if (!needsSettlement(charge.currency, ctx.books.baseCurrency(ctx.booking.subsidiary))) return null;
  const fresh = ctx.stripe.retrieve<StripeCharge>(`/v1/charges/${charge.id}`, { expand: ['balance_transaction'] });
  if (!fresh.balance_transaction) {
    throw Object.assign(new Error(`Stripe has not settled ${charge.id} yet: its exchange rate is not known`), {
      name: 'SNC_NOT_SETTLED',
    });
  }
  return settlementRate(ctx, amount, charge.currency, fresh.balance_transaction);
}

/** A customer as a flow knows it: its internal ID and, when known, its primary currency. */
interface KnownCustomer {
  id: number;
  currency: string | null;
}

/** The customer takes `currency` before a transaction in it is booked (NetSuite's customer currency list). */
function ensureCustomerCurrency(ctx: BookingContext, customer: KnownCustomer, currency: string): void {
  const wanted = currency.toLowerCase();
  if (customer.currency !== null && customer.currency.toLowerCase() === wanted) return;
  ctx.books.ensureCustomerCurrency(customer.id, wanted);
}

// ---- customers ----------------------------------------------------------------------------------

const customerRecord = (id: number, currency: string | null = null): Booked => booked(id, 'customer', { currency });

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
): { id: number; note: string; currency: string | null } {
  const { booking, books } = ctx;
  if (booking.customerMode === 'global' || customerId === null) {
    return { id: requireGlobalCustomer(booking), note: 'global customer', currency: null };
  }
  const existing = lookup.resolve([customerId, xrefKey(customerId, 'customer')]);
  if (existing) return { id: existing.id, note: `customer ${existing.id} found`, currency: existing.currency };

  const needsStripe = hint === null || (booking.customerMode === 'metadata' && hint.metadata === undefined);
  const customer = needsStripe ? ctx.stripe.retrieve<StripeCustomer>(`/v1/customers/${customerId}`) : hint;
  if (customer.deleted) {
    return { id: requireGlobalCustomer(booking), note: 'global customer (deleted in Stripe)', currency: null };
  }
  const decision = decideCustomer(customer, booking);
  const linkTo = (id: number, how: string): { id: number; note: string; currency: string | null } => {
    books.link({ stripeId: customerId, stripeType: 'customer', recordType: 'customer', id });
    lookup.made(customerId, customerRecord(id));
    return { id, note: `customer ${id} ${how}`, currency: null };
  };
  const create = (values: CustomerValues): { id: number; note: string; currency: string | null } => {
    // A customer saved without a currency has the subsidiary's base currency as its primary one.
    const primary = values.currency ?? books.baseCurrency(booking.subsidiary);
    const { record, how } = createOnce(
      lookup,
      customerId,
      () => books.createCustomer(values),
      (id) => customerRecord(id, primary),
    );
    return { id: record.id, note: `customer ${record.id} ${how}`, currency: record.currency };
  };
  switch (decision.action) {
    case 'global':
      return { id: decision.customer, note: 'global customer', currency: null };
    case 'link':
      return linkTo(decision.customer, 'linked by metadata');
    case 'match': {
      const matched = books.findCustomerBy(decision.field, decision.value);
      return matched !== null ? linkTo(matched, `matched on ${decision.field}`) : create(decision.otherwise);
    }
    case 'create':
      return create(decision.values);
  }
}

/** `customer.created`. */
export function bookCustomer(customer: StripeCustomer, ctx: BookingContext): string {
  if (beforeSyncStart(ctx.booking, customer.created)) return `Not booked: ${customer.id} predates the sync start`;
  if (ctx.booking.customerMode === 'global') return 'No NetSuite customer: customer mode is global';
  const hint = { metadata: {}, ...customer };
  const lookup = new Lookup(ctx.books);
  // One customer per Stripe customer: create straight away and let NetSuite's external-ID uniqueness
  // answer a redelivery, which saves the lookup query on the common path.
  if (ctx.booking.customerMode === 'per_customer' && !customer.deleted) {
    const decision = decideCustomer(hint, ctx.booking);
    if (decision.action === 'create') {
      const { record, how } = createOnce(
        lookup,
        customer.id,
        () => ctx.books.createCustomer(decision.values),
        (id) => customerRecord(id, decision.values.currency ?? ctx.books.baseCurrency(ctx.booking.subsidiary)),
      );
      return `${customer.id}: customer ${record.id} ${how}`;
    }
  }
  // The payload is the customer as created: enough for every mode.
  const { note } = ensureCustomer(ctx, lookup, customer.id, hint);
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
      lookup.made(stripeType === 'coupon' ? discountExternalId(stripeId) : stripeId, booked(decision.item, 'item'));
      return { id: decision.item, note: `item ${decision.item} linked` };
    }
    return { id: decision.item, note: `item ${decision.item}` };
  }
  const { values } = decision;
  const { record, how } = createOnce(
    lookup,
    values.externalId,
    () => ctx.books.createItem(values),
    (made) => booked(made, values.type),
  );
  return { id: record.id, note: how === 'created' ? `${values.type} ${record.id} created` : `item ${record.id} found` };
}

function productOf(ctx: BookingContext, price: StripePrice): StripeProduct {
  return typeof price.product === 'string'
    ? ctx.stripe.retrieve<StripeProduct>(`/v1/products/${price.product}`)
    : price.product;
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
  const existing = lookup.resolve([priceId, xrefKey(priceId, 'item')]);
  if (existing) return { id: existing.id, note: `item ${existing.id} found` };
  const price = known ?? ctx.stripe.retrieve<StripePrice>(`/v1/prices/${priceId}`, { expand: ['product'] });
  return applyItemDecision(ctx, lookup, decidePriceItem(price, productOf(ctx, price), booking), priceId, 'price');
}

/** `price.created`, `plan.created`: decided from the payload and created straight away (see createOnce). */
export function bookPrice(price: StripePrice, ctx: BookingContext): string {
  if (beforeSyncStart(ctx.booking, price.created)) return `Not booked: ${price.id} predates the sync start`;
  if (ctx.booking.itemMode === 'global') return 'No NetSuite item: item mode is global';
  const lookup = new Lookup(ctx.books);
  const decision = decidePriceItem(price, productOf(ctx, price), ctx.booking);
  return `${price.id}: ${applyItemDecision(ctx, lookup, decision, price.id, 'price').note}`;
}

// ---- invoices -----------------------------------------------------------------------------------

function invoiceLines(ctx: BookingContext, invoice: StripeInvoice): StripeInvoice['lines']['data'] {
  return invoice.lines.has_more
    ? ctx.stripe.list(`/v1/invoices/${invoice.id}/lines`, { limit: 100 })
    : invoice.lines.data;
}

function invoicePayments(ctx: BookingContext, invoice: StripeInvoice): readonly StripeInvoicePayment[] {
  if (invoice.payments && !invoice.payments.has_more) return invoice.payments.data;
  // Expanding the payment intent brings its charge: no read per payment.
  return ctx.stripe.list<StripeInvoicePayment>('/v1/invoice_payments', {
    invoice: invoice.id,
    limit: 100,
    expand: ['data.payment.payment_intent'],
  });
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
  lookup.prefetch(
    planned.flatMap((line) =>
      line.kind === 'price' && line.priceId !== null ? [[line.priceId, xrefKey(line.priceId, 'item')]] : [],
    ),
  );
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
      const existing = lookup.resolve([discountExternalId(coupon.id), xrefKey(coupon.id, 'item')]);
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
  /** The invoice payments to book when the caller has them (the charge flow): no list read. */
  payments?: readonly StripeInvoicePayment[];
  /** The payments are most likely new (the charge's first event): created without asking memory first. */
  paymentsLikelyNew?: boolean;
  /** The `exchangerate` of the given payments' charge, when the caller knows it (the charge flow). */
  exchangeRate?: number | null;
}

function sumMinor(lines: readonly TransactionLine[]): number {
  return lines.reduce((total, line) => total + line.amountMinor, 0);
}

const invoiceRecord = (id: number, values: InvoiceValues): Booked =>
  booked(id, 'invoice', { entity: values.customer, totalMinor: sumMinor(values.lines), currency: values.currency });

const paymentRecord = (id: number, values: PaymentValues, createdFrom: Booked | null = null): Booked =>
  booked(id, 'customerpayment', {
    createdFrom: createdFrom?.id ?? null,
    entity: values.customer,
    totalMinor: values.amountMinor,
    createdFromTotalMinor: createdFrom?.totalMinor ?? null,
    currency: values.currency,
  });

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
  const customerId = idOf(invoice.customer);
  const notes: string[] = [];
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
    return `${invoice.id}: invoice ${invoiceBooked.id} found; its payments are booked`;
  }
  if (invoiceBooked) {
    notes.push(`invoice ${invoiceBooked.id} found`);
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
    notes.push(ensured.note);
    ensureCustomerCurrency(ctx, ensured, invoice.currency);
    const planned = planInvoiceLines(invoice, invoiceLines(ctx, invoice));
    // Booked at the rate Stripe settled its (first) charge at, so applying that payment realizes nothing;
    // an open invoice takes NetSuite's rate, and its payment realizes the difference when it comes.
    const firstCharge = chargesOfInvoice()
      .map(chargeIdOf)
      .find((id) => id !== null);
    const rate = firstCharge === undefined ? null : rateOf(firstCharge);
    const header = invoiceHeader(invoice, ensured.id, booking, rate);
    const values = { ...header, lines: resolveLines(ctx, lookup, invoice, planned) };
    const { record, how } = createOnce(
      lookup,
      invoice.id,
      () => books.createInvoice(values),
      (id) => invoiceRecord(id, values),
      // Remembered once its payments are booked, with what they total.
      false,
    );
    notes.push(`invoice ${record.id} ${how}`);
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
      notes.push(`payment ${found.id} found`);
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
    notes.push(how === 'created' ? `payment ${record.id} created for ${chargeId}` : `payment ${record.id} found`);
    count(payment.amountMinor, how === 'created');
  }
  const knownPaid = options.withPayments && allBooked && paidMinor !== undefined;
  if (invoiceIsNew || (knownPaid && paidMinor !== bookedInvoice.paidMinor)) {
    lookup.made(invoice.id, { ...bookedInvoice, ...(knownPaid ? { paidMinor } : {}) });
  }
  if (invoice.status === 'void' || invoice.status === 'uncollectible')
    notes.push(`Stripe says ${invoice.status}: not reflected in NetSuite yet`);
  return `${invoice.id}: ${notes.join('; ')}`;
}

// ---- charges ------------------------------------------------------------------------------------

type ChargeInvoicePayment = StripeInvoicePayment & { invoice: string | StripeInvoice };

/** The Stripe invoice payment a charge made, with its invoice, from its payment intent's invoice payments. */
function invoicePaymentOfCharge(ctx: BookingContext, charge: StripeCharge): ChargeInvoicePayment | null {
  const intent = idOf(charge.payment_intent ?? null);
  if (intent === null) return null;
  const payments = ctx.stripe.list<ChargeInvoicePayment>('/v1/invoice_payments', {
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
export function bookCharge(charge: StripeCharge, ctx: BookingContext, options: ChargeOptions = {}): string {
  const check = chargeIsBookable(charge);
  if (!check.book) return `Not booked: ${check.reason}`;
  if (beforeSyncStart(ctx.booking, charge.created)) return `Not booked: ${charge.id} predates the sync start`;
  const lookup = new Lookup(ctx.books);
  if (!options.firstEvent) {
    const found = lookup.recall(charge.id);
    if (found) return `${charge.id}: payment ${found.id} found`;
  }

  const invoicePayment = invoicePaymentOfCharge(ctx, charge);
  if (invoicePayment !== null) {
    const invoice =
      typeof invoicePayment.invoice === 'string'
        ? ctx.stripe.retrieve<StripeInvoice>(`/v1/invoices/${invoicePayment.invoice}`, {
            expand: ['total_discount_amounts.discount'],
          })
        : invoicePayment.invoice;
    // The charge succeeded: its invoice payment is paid, for what the charge captured.
    const payment: StripeInvoicePayment = {
      ...invoicePayment,
      status: 'paid',
      amount_paid: invoicePayment.amount_paid ?? charge.amount_captured ?? charge.amount,
      status_transitions: { paid_at: invoicePayment.status_transitions?.paid_at ?? charge.created },
      payment: { ...invoicePayment.payment, charge: charge.id },
    };
    const booking = bookInvoice(invoice, ctx, {
      withPayments: true,
      payments: [payment],
      paymentsLikelyNew: options.firstEvent === true,
      exchangeRate: capturedChargeRate(ctx, charge),
    });
    return `${charge.id} paid ${booking}`;
  }
  const customerId = idOf(charge.customer ?? null);
  const customer = ensureCustomer(
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
    return `${charge.id}: ${customer.note}; invoice ${invoice.record.id} ${invoice.how} and payment ${payment.record.id} ${payment.how}`;
  }
  const payment = createOnce(
    lookup,
    charge.id,
    () => ctx.books.createUnappliedPayment(values),
    (id) => paymentRecord(id, values),
  );
  return payment.how === 'created'
    ? `${charge.id}: ${customer.note}; unapplied payment ${payment.record.id} created`
    : `${charge.id}: payment ${payment.record.id} found`;
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
  const notes: string[] = [];
  let payment = lookup.resolve([charge.id]);
  if (!payment) {
    notes.push(bookCharge({ ...charge, refunds: null }, ctx));
    lookup.forget(charge.id);
    payment = lookup.resolve([charge.id]);
    if (!payment) throw new Error(`Charge ${charge.id} has no NetSuite payment to refund (${notes.join('; ')})`);
  }
  const paid = payment;
  if (paid.entity === null) throw new Error(`Payment ${paid.id} of ${charge.id} has no customer`);
  const customer = paid.entity;
  for (const refund of toBook) {
    // A charge's only refund is most likely new: created straight away (see createOnce).
    const existing = toBook.length > 1 ? lookup.recall(refund.id) : null;
    if (existing) {
      notes.push(`refund ${existing.id} found`);
      continue;
    }
    let applyTo: RefundSource = { id: paid.id, type: 'customerpayment' };
    // A refund settles at its own day's rate, not its charge's: its own balance transaction says which.
    const rate = settlementRate(ctx, refund.amount, refund.currency, refund.balance_transaction);
    if (paid.createdFrom !== null) {
      const invoice = paid.createdFrom;
      const memoValues = creditMemoValues(refund, charge.id, invoice, paid.createdFromTotalMinor, rate);
      const memo = createOnce(
        lookup,
        memoValues.externalId,
        () => ctx.books.createCreditMemo(memoValues),
        (id) =>
          booked(id, 'creditmemo', {
            createdFrom: invoice,
            entity: customer,
            totalMinor: refund.amount,
            currency: memoValues.currency,
          }),
      );
      notes.push(`credit memo ${memo.record.id}${memo.how === 'found' ? ' found' : ''}`);
      applyTo = { id: memo.record.id, type: 'creditmemo' };
    }
    const values = customerRefundValues(refund, charge.id, customer, applyTo, ctx.booking, rate);
    const made = createOnce(
      lookup,
      refund.id,
      () => ctx.books.createCustomerRefund(values),
      (id) =>
        booked(id, 'customerrefund', { entity: customer, totalMinor: values.amountMinor, currency: values.currency }),
    );
    notes.push(
      made.how === 'created' ? `refund ${made.record.id} created for ${refund.id}` : `refund ${made.record.id} found`,
    );
  }
  return `${charge.id}: ${notes.join('; ')}`;
}

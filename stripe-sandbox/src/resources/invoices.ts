import type Stripe from 'stripe';
import type { PaymentOutcome, SandboxAccount } from '../core/account';
import { createdFilter, paginate } from '../core/list';
import { invalidParam, invalidState, missingParam, resourceMissing, StripeApiError } from '../core/errors';
import type { Params } from '../core/params';
import type { Route, RouteContext } from '../core/routes';
import { couponForDiscount, amountOffFor, readDiscounts } from './coupons';
import {
  decimal,
  findTyped,
  mergeMetadata,
  readCurrency,
  readMetadata,
  roundAmount,
  stored,
  type Stored,
} from './products';
import { readTaxRates } from './taxRates';

type Invoice = Stripe.Invoice;
type Line = Stripe.InvoiceLineItem;

/** How long Stripe leaves an auto-advancing draft before finalizing it. */
export const AUTO_FINALIZE_DELAY = 3600;

export function getCustomer(account: SandboxAccount, id: string, param = 'customer'): Stripe.Customer {
  const customer = findTyped<Stripe.Customer>(account, id, 'customer');
  if (!customer || (customer as { deleted?: boolean }).deleted)
    throw invalidParam(param, `No such customer: '${id}'`, 'resource_missing');
  return customer;
}

export function getInvoice(account: SandboxAccount, id: string): Stored<Invoice> {
  return account.get<Stored<Invoice>>(id, 'invoice');
}

export function getDraftInvoice(account: SandboxAccount, id: string, param = 'id'): Stored<Invoice> {
  const invoice = findTyped<Invoice>(account, id, 'invoice');
  if (!invoice) throw resourceMissing('invoice', id, param);
  if (invoice.status !== 'draft')
    throw invalidState(`Invoice ${id} is no longer a draft and its lines can't be changed.`, 'invoice_not_editable');
  return invoice;
}

export function customerId(invoice: { customer: string | { id: string } | null }): string | null {
  return invoice.customer === null
    ? null
    : typeof invoice.customer === 'string'
      ? invoice.customer
      : invoice.customer.id;
}

export function subscriptionOf(invoice: Invoice): string | null {
  const sub = invoice.parent?.subscription_details?.subscription;
  return sub === undefined || sub === null ? null : typeof sub === 'string' ? sub : sub.id;
}

/**
 * The 402 card error for a declined `pay` outcome (Stripe's generic decline when the service gave no reason),
 * naming the charge when there is one.
 */
export function paymentDeclined(outcome: PaymentOutcome, extra: { payment_intent?: unknown } = {}): StripeApiError {
  const declined = outcome.declined ?? {
    code: 'card_declined',
    declineCode: 'generic_decline',
    message: 'Your card was declined.',
  };
  return new StripeApiError(402, 'card_error', declined.message, {
    code: declined.code,
    decline_code: declined.declineCode,
    ...(outcome.charge ? { charge: outcome.charge.id } : {}),
    ...extra,
  });
}

/** Called after a payment attempt on an invoice (subscriptions follow their invoices' outcome). */
export type InvoiceOutcomeHook = (account: SandboxAccount, invoice: Invoice, outcome: 'paid' | 'failed') => void;
export const invoiceOutcomeHooks: InvoiceOutcomeHook[] = [];

function idOf(value: string | { id: string }): string {
  return typeof value === 'string' ? value : value.id;
}

/** Top-level keys whose values differ: an `*.updated` event's previous_attributes. */
export function previousAttributes<T extends object>(before: T, after: T): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) previous[key as string] = before[key] ?? null;
  }
  return previous;
}

// ---------------------------------------------------------------------------------------------------------
// Lines and totals

/** A subscription item's line on a subscription invoice (lines from invoice items are derived from the items). */
export interface SubscriptionLineSpec {
  subscription: string;
  subscriptionItem: string;
  price: Stripe.Price;
  quantity: number;
  amount: number;
  description: string;
  period: { start: number; end: number };
  discounts: string[];
  metadata: Record<string, string>;
  proration?: boolean;
}

function productOfPrice(price: Stripe.Price): string {
  return typeof price.product === 'string' ? price.product : price.product.id;
}

function subscriptionLine(account: SandboxAccount, invoiceId: string, spec: SubscriptionLineSpec): Line {
  return {
    id: account.ids.next('il'),
    object: 'line_item',
    amount: spec.amount,
    currency: spec.price.currency,
    description: spec.description,
    discount_amounts: [],
    discountable: true,
    discounts: spec.discounts,
    invoice: invoiceId,
    livemode: false,
    metadata: spec.metadata,
    parent: {
      type: 'subscription_item_details',
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: spec.proration ?? false,
        proration_details: { credited_items: null },
        subscription: spec.subscription,
        subscription_item: spec.subscriptionItem,
      },
    },
    period: spec.period,
    pretax_credit_amounts: [],
    pricing: {
      type: 'price_details',
      price_details: { price: spec.price.id, product: productOfPrice(spec.price) },
      unit_amount_decimal: spec.price.unit_amount_decimal,
    },
    quantity: spec.quantity,
    quantity_decimal: decimal(spec.quantity),
    subscription: spec.subscription,
    subtotal: spec.amount,
    taxes: [],
  };
}

function itemLine(invoiceId: string, item: Stripe.InvoiceItem): Line {
  const details = item.parent?.subscription_details;
  const proration = { credited_items: null };
  return {
    id: `il_${item.id.slice(3)}`,
    object: 'line_item',
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    discount_amounts: [],
    discountable: item.discountable,
    discounts: item.discounts ?? [],
    invoice: invoiceId,
    livemode: false,
    metadata: item.metadata ?? {},
    parent: details
      ? {
          type: 'subscription_item_details',
          invoice_item_details: null,
          subscription_item_details: {
            invoice_item: item.id,
            proration: item.proration,
            proration_details: proration,
            subscription: details.subscription,
            subscription_item: details.subscription_item ?? '',
          },
        }
      : {
          type: 'invoice_item_details',
          invoice_item_details: {
            invoice_item: item.id,
            proration: item.proration,
            proration_details: proration,
            subscription: null,
          },
          subscription_item_details: null,
        },
    period: item.period,
    pretax_credit_amounts: [],
    pricing: item.pricing,
    quantity: item.quantity,
    quantity_decimal: item.quantity_decimal,
    subscription: details?.subscription ?? null,
    subtotal: item.amount,
    taxes: [],
  };
}

/** Invoice items attached to an invoice, oldest first. */
export function invoiceItemsOf(account: SandboxAccount, invoiceId: string): Stripe.InvoiceItem[] {
  return account
    .list<Stored<Stripe.InvoiceItem>>('invoiceitem')
    .filter((item) => item.invoice === invoiceId)
    .reverse();
}

function lineTaxRates(account: SandboxAccount, invoice: Invoice, line: Line): Stripe.TaxRate[] {
  const itemId =
    line.parent?.invoice_item_details?.invoice_item ?? line.parent?.subscription_item_details?.invoice_item;
  if (itemId) {
    const item = findTyped<Stripe.InvoiceItem>(account, itemId, 'invoiceitem');
    if (item?.tax_rates && item.tax_rates.length > 0) return item.tax_rates;
    return invoice.default_tax_rates;
  }
  const details = line.parent?.subscription_item_details;
  if (details?.subscription) {
    const sub = findTyped<Stripe.Subscription>(account, idOf(details.subscription), 'subscription');
    const item = sub?.items.data.find((si) => si.id === details.subscription_item);
    if (item?.tax_rates && item.tax_rates.length > 0) return item.tax_rates;
    if (sub?.default_tax_rates && sub.default_tax_rates.length > 0) return sub.default_tax_rates;
  }
  return invoice.default_tax_rates;
}

function lineProduct(line: Line): string | null {
  return line.pricing?.price_details?.product ?? null;
}

function couponApplies(coupon: Stripe.Coupon, line: Line): boolean {
  const products = coupon.applies_to?.products;
  if (!products || products.length === 0) return true;
  const product = lineProduct(line);
  return product !== null && products.includes(product);
}

/** Splits `pool` over `weights` in proportion, the rounding remainder going to the largest fractions. */
function allocate(pool: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || pool <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (pool * w) / sum);
  const out = exact.map(Math.floor);
  let left = pool - out.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, index) => ({ index, frac: value - Math.floor(value) }))
    .sort((a, b) => b.frac - a.frac);
  for (const { index } of order) {
    if (left <= 0) break;
    out[index] = (out[index] ?? 0) + 1;
    left--;
  }
  return out;
}

/**
 * Computes discounts, taxes and totals for `lines` and writes them onto the invoice. Rules (documented in
 * the README): line discounts apply before invoice discounts, each on what is left of the line; percent
 * coupons round per line; an amount_off coupon is spread over eligible lines in proportion; tax is computed
 * per line and per rate on the discounted amount and rounded half away from zero.
 */
export function applyTotals(account: SandboxAccount, invoice: Invoice, lines: Line[]): void {
  const remaining = lines.map((line) => line.amount);
  const discountAmounts: Stripe.InvoiceLineItem.DiscountAmount[][] = lines.map(() => []);
  const byDiscount = new Map<string, number>();
  let lineLevel = 0;
  let invoiceLevel = 0;
  const add = (index: number, discount: string, amount: number, level: 'line' | 'invoice'): void => {
    discountAmounts[index]?.push({ amount, discount });
    remaining[index] = (remaining[index] ?? 0) - amount;
    byDiscount.set(discount, (byDiscount.get(discount) ?? 0) + amount);
    if (level === 'line') lineLevel += amount;
    else invoiceLevel += amount;
  };
  lines.forEach((line, index) => {
    for (const discount of line.discounts) {
      const id = idOf(discount);
      const coupon = couponForDiscount(account, id);
      const left = remaining[index] ?? 0;
      if (!coupon || !line.discountable || left <= 0 || !couponApplies(coupon, line)) continue;
      const off = amountOffFor(coupon, invoice.currency);
      add(
        index,
        id,
        off === null ? roundAmount((left * (coupon.percent_off ?? 0)) / 100) : Math.min(off, left),
        'line',
      );
    }
  });
  for (const discount of invoice.discounts) {
    const id = idOf(discount);
    const coupon = couponForDiscount(account, id);
    if (!coupon) continue;
    const eligible = lines.map(
      (line, index) => line.discountable && (remaining[index] ?? 0) > 0 && couponApplies(coupon, line),
    );
    const off = amountOffFor(coupon, invoice.currency);
    if (off === null) {
      lines.forEach((_, index) => {
        if (eligible[index])
          add(index, id, roundAmount(((remaining[index] ?? 0) * (coupon.percent_off ?? 0)) / 100), 'invoice');
      });
    } else {
      const weights = lines.map((_, index) => (eligible[index] ? (remaining[index] ?? 0) : 0));
      const pool = Math.min(
        off,
        weights.reduce((a, b) => a + b, 0),
      );
      allocate(pool, weights).forEach((amount, index) => {
        if (eligible[index]) add(index, id, amount, 'invoice');
      });
    }
  }

  let inclusiveTax = 0;
  let exclusiveTax = 0;
  const taxesByRate = new Map<string, Stripe.Invoice.TotalTax>();
  lines.forEach((line, index) => {
    const taxable = remaining[index] ?? 0;
    const rates = lineTaxRates(account, invoice, line);
    const inclusivePct = rates.filter((r) => r.inclusive).reduce((sum, r) => sum + r.percentage, 0);
    const taxes: Stripe.InvoiceLineItem.Tax[] = [];
    const inclusive = rates
      .filter((r) => r.inclusive)
      .map((rate) => ({ rate, amount: roundAmount((taxable * rate.percentage) / (100 + inclusivePct)) }));
    const net = taxable - inclusive.reduce((sum, t) => sum + t.amount, 0);
    for (const { rate, amount } of inclusive) {
      taxes.push({
        amount,
        tax_behavior: 'inclusive',
        tax_rate_details: { tax_rate: rate.id },
        taxability_reason: 'standard_rated',
        taxable_amount: net,
        type: 'tax_rate_details',
      });
      inclusiveTax += amount;
    }
    for (const rate of rates.filter((r) => !r.inclusive)) {
      const amount = roundAmount((net * rate.percentage) / 100);
      taxes.push({
        amount,
        tax_behavior: 'exclusive',
        tax_rate_details: { tax_rate: rate.id },
        taxability_reason: 'standard_rated',
        taxable_amount: net,
        type: 'tax_rate_details',
      });
      exclusiveTax += amount;
    }
    for (const tax of taxes) {
      const key = tax.tax_rate_details?.tax_rate ?? '';
      const total = taxesByRate.get(key);
      if (total) {
        total.amount += tax.amount;
        total.taxable_amount = (total.taxable_amount ?? 0) + (tax.taxable_amount ?? 0);
      } else taxesByRate.set(key, { ...tax });
    }
    line.taxes = taxes;
    line.discount_amounts = discountAmounts[index] ?? [];
    line.pretax_credit_amounts = (discountAmounts[index] ?? []).map((d) => ({
      amount: d.amount,
      discount: d.discount,
      type: 'discount',
    }));
  });

  const gross = lines.reduce((sum, line) => sum + line.amount, 0);
  const subtotal = gross - lineLevel;
  invoice.lines = { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${invoice.id}/lines` };
  invoice.subtotal = subtotal;
  invoice.subtotal_excluding_tax = subtotal - inclusiveTax;
  invoice.total = subtotal - invoiceLevel + exclusiveTax;
  invoice.total_excluding_tax = subtotal - invoiceLevel - inclusiveTax;
  invoice.total_discount_amounts = [...byDiscount].map(([discount, amount]) => ({ amount, discount }));
  invoice.total_pretax_credit_amounts = [...byDiscount].map(([discount, amount]) => ({
    amount,
    discount,
    type: 'discount',
  }));
  invoice.total_taxes = [...taxesByRate.values()];
}

/** Rebuilds a draft invoice's lines from its invoice items (keeping subscription lines) and its totals. */
export function recomputeInvoice(account: SandboxAccount, id: string): Stored<Invoice> {
  const invoice = getInvoice(account, id);
  if (invoice.status !== 'draft') return invoice;
  const subscriptionLines = invoice.lines.data.filter(
    (line) => line.parent?.type === 'subscription_item_details' && !line.parent.subscription_item_details?.invoice_item,
  );
  const lines = [...invoiceItemsOf(account, id).map((item) => itemLine(id, item)), ...subscriptionLines];
  applyTotals(account, invoice, lines);
  invoice.amount_due = Math.max(0, invoice.total);
  invoice.amount_remaining = invoice.amount_due;
  account.put(invoice);
  return invoice;
}

// ---------------------------------------------------------------------------------------------------------
// Creating, finalizing, paying

export interface CreateInvoiceOptions {
  customer: Stripe.Customer;
  currency: string;
  autoAdvance: boolean;
  collectionMethod: 'charge_automatically' | 'send_invoice';
  daysUntilDue: number | null;
  dueDate: number | null;
  description: string | null;
  discounts: string[];
  defaultTaxRates: Stripe.TaxRate[];
  metadata: Record<string, string>;
  defaultPaymentMethod: string | null;
  billingReason: Stripe.Invoice.BillingReason;
  subscription: Stripe.Subscription | null;
  periodStart: number;
  periodEnd: number;
  includePending: boolean;
  subscriptionLines: SubscriptionLineSpec[];
  footer?: string | null;
  statementDescriptor?: string | null;
  customFields?: Stripe.Invoice.CustomField[] | null;
  number?: string | null;
  id?: string;
  /** Creation time, when the invoice belongs to an earlier moment than now (subscription renewals). */
  created?: number;
}

function customerSnapshot(customer: Stripe.Customer): Partial<Invoice> {
  return {
    customer_address: customer.address ?? null,
    customer_email: customer.email ?? null,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_shipping: customer.shipping ?? null,
    customer_tax_exempt: customer.tax_exempt ?? 'none',
    customer_tax_ids: [],
  };
}

/** Stores a new draft invoice, pulling in pending invoice items; the caller emits invoice.created. */
export function buildInvoice(account: SandboxAccount, options: CreateInvoiceOptions): Stored<Invoice> {
  const now = options.created ?? account.now();
  const id = options.id ?? account.ids.next('in');
  const sub = options.subscription;
  const chargeAutomatically = options.collectionMethod === 'charge_automatically';
  const dueDate =
    options.collectionMethod === 'send_invoice'
      ? (options.dueDate ?? (options.daysUntilDue !== null ? now + options.daysUntilDue * 86400 : null))
      : null;
  const invoice: Invoice = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: null,
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: options.autoAdvance,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: options.autoAdvance ? now + AUTO_FINALIZE_DELAY : null,
    billing_reason: options.billingReason,
    collection_method: options.collectionMethod,
    created: now,
    currency: options.currency,
    custom_fields: options.customFields ?? null,
    customer: options.customer.id,
    customer_account: null,
    ...(customerSnapshot(options.customer) as Pick<
      Invoice,
      | 'customer_address'
      | 'customer_email'
      | 'customer_name'
      | 'customer_phone'
      | 'customer_shipping'
      | 'customer_tax_exempt'
    >),
    customer_tax_ids: [],
    default_payment_method: options.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: options.defaultTaxRates,
    description: options.description,
    discounts: options.discounts,
    due_date: dueDate,
    effective_at: null,
    ending_balance: null,
    footer: options.footer ?? null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: options.metadata,
    next_payment_attempt: options.autoAdvance && chargeAutomatically ? now + AUTO_FINALIZE_DELAY : null,
    number: options.number ?? null,
    on_behalf_of: null,
    parent: sub
      ? {
          type: 'subscription_details',
          quote_details: null,
          subscription_details: { metadata: sub.metadata, subscription: sub.id },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    payments: { object: 'list', data: [], has_more: false, url: `/v1/invoice_payments?invoice=${id}` },
    period_end: options.periodEnd,
    period_start: options.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: { amount_tax_display: null, pdf: { page_size: 'auto' }, template: null, template_version: null },
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: options.statementDescriptor ?? null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: now,
  };
  const lines = options.subscriptionLines.map((spec) => subscriptionLine(account, id, spec));
  invoice.lines.data = lines;
  account.put(stored(invoice));
  if (options.includePending) {
    const pending = account.list<Stored<Stripe.InvoiceItem>>('invoiceitem').filter((item) => {
      if (item.invoice !== null || item.customer !== options.customer.id || item.currency !== options.currency)
        return false;
      const itemSub = item.parent?.subscription_details?.subscription ?? null;
      return itemSub === null || itemSub === (sub?.id ?? null);
    });
    for (const item of pending) account.update<Stored<Stripe.InvoiceItem>>(item.id, 'invoiceitem', { invoice: id });
  }
  return recomputeInvoice(account, id);
}

function invoicePrefix(customer: Stripe.Customer): string {
  if (customer.invoice_prefix) return customer.invoice_prefix;
  const letters = customer.id
    .replace(/^cus_/, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  return (letters + '00000000').slice(0, 8);
}

function nextNumber(account: SandboxAccount, customer: Stripe.Customer): string {
  const numbered = account
    .list<Stored<Invoice>>('invoice')
    .filter((invoice) => customerId(invoice) === customer.id && invoice.number !== null).length;
  const sequence = (customer.next_invoice_sequence ?? 1) + numbered;
  return `${invoicePrefix(customer)}-${String(sequence).padStart(4, '0')}`;
}

function emitUpdated(account: SandboxAccount, before: Invoice, after: Invoice): void {
  const previous = previousAttributes(before, after);
  if (Object.keys(previous).length > 0) account.emit('invoice.updated', stored(after), previous);
}

/** Applies the customer's balance at finalization (a credit lowers amount_due; a debt raises it). */
function applyCustomerBalance(account: SandboxAccount, invoice: Invoice): void {
  const id = customerId(invoice);
  const customer = id ? findTyped<Stripe.Customer>(account, id, 'customer') : undefined;
  const starting = customer?.balance ?? 0;
  const combined = invoice.total - invoice.pre_payment_credit_notes_amount + starting;
  invoice.starting_balance = starting;
  invoice.ending_balance = Math.min(0, combined);
  invoice.amount_due = Math.max(0, combined);
  invoice.amount_remaining = invoice.amount_due;
  const applied = invoice.ending_balance - starting;
  if (customer && applied !== 0) {
    const transaction: Stripe.CustomerBalanceTransaction = {
      id: account.ids.next('cbtxn'),
      object: 'customer_balance_transaction',
      amount: applied,
      checkout_session: null,
      created: account.now(),
      credit_note: null,
      currency: invoice.currency,
      customer: customer.id,
      customer_account: null,
      description: null,
      ending_balance: invoice.ending_balance,
      invoice: invoice.id,
      livemode: false,
      metadata: {},
      type: 'applied_to_invoice',
    };
    account.put(stored(transaction));
    const { object, previous } = account.update<Stored<Stripe.Customer>>(customer.id, 'customer', {
      balance: invoice.ending_balance,
    });
    account.emit('customer.updated', object, previous);
  }
}

function markPaid(account: SandboxAccount, invoice: Invoice, options: { outOfBand: boolean }): Invoice {
  const before = structuredClone(invoice);
  const now = account.now();
  if (options.outOfBand) {
    invoice.amount_paid += invoice.amount_remaining;
    invoice.amount_paid_off_stripe = (invoice.amount_paid_off_stripe ?? 0) + invoice.amount_remaining;
  }
  invoice.amount_remaining = 0;
  invoice.status = 'paid';
  invoice.status_transitions = { ...invoice.status_transitions, paid_at: now };
  invoice.auto_advance = false;
  invoice.next_payment_attempt = null;
  account.put(stored(invoice));
  account.emit('invoice.paid', stored(invoice));
  if (!options.outOfBand) account.emit('invoice.payment_succeeded', stored(invoice));
  emitUpdated(account, before, invoice);
  for (const hook of invoiceOutcomeHooks) hook(account, invoice, 'paid');
  return invoice;
}

/** Finalizes a draft: number, customer balance, status open (or paid when nothing is due). */
export function finalizeInvoice(
  account: SandboxAccount,
  id: string,
  options: { autoAdvance?: boolean } = {},
): Stored<Invoice> {
  const draft = recomputeInvoice(account, id);
  if (draft.status !== 'draft')
    throw invalidState(
      "This invoice is already finalized, you can't re-finalize a non-draft invoice.",
      'invoice_not_editable',
    );
  const now = account.now();
  const invoice: Invoice = draft;
  const custId = customerId(invoice);
  const customer = custId ? findTyped<Stripe.Customer>(account, custId, 'customer') : undefined;
  if (options.autoAdvance !== undefined) invoice.auto_advance = options.autoAdvance;
  if (customer) Object.assign(invoice, customerSnapshot(customer));
  invoice.number = invoice.number ?? (customer ? nextNumber(account, customer) : `DRAFT-${id.slice(-8)}`);
  applyCustomerBalance(account, invoice);
  invoice.status = 'open';
  invoice.status_transitions = { ...invoice.status_transitions, finalized_at: now };
  invoice.effective_at = invoice.effective_at ?? now;
  invoice.automatically_finalizes_at = null;
  invoice.webhooks_delivered_at = invoice.webhooks_delivered_at ?? now;
  if (invoice.collection_method === 'send_invoice' && invoice.due_date === null) invoice.due_date = now + 30 * 86400;
  invoice.next_payment_attempt =
    invoice.collection_method === 'charge_automatically' && invoice.auto_advance && invoice.amount_due > 0 ? now : null;
  const base = `https://invoice.stripe.com/i/${account.settings.accountId}/test_${id}`;
  invoice.hosted_invoice_url = base;
  invoice.invoice_pdf = `${base}/pdf`;
  account.put(stored(invoice));
  account.emit('invoice.finalized', stored(invoice));
  if (invoice.amount_due === 0) return stored(markPaid(account, invoice, { outOfBand: false }));
  if (invoice.collection_method === 'send_invoice' && invoice.auto_advance)
    account.emit('invoice.sent', stored(invoice));
  return stored(invoice);
}

/** The payment method an invoice is charged with: explicit, the invoice's, the subscription's, the customer's. */
export function defaultPaymentMethodFor(account: SandboxAccount, invoice: Invoice): string | null {
  if (invoice.default_payment_method) return idOf(invoice.default_payment_method);
  const subId = subscriptionOf(invoice);
  const sub = subId ? findTyped<Stripe.Subscription>(account, subId, 'subscription') : undefined;
  if (sub?.default_payment_method) return idOf(sub.default_payment_method);
  const custId = customerId(invoice);
  const customer = custId ? findTyped<Stripe.Customer>(account, custId, 'customer') : undefined;
  const fromCustomer = customer?.invoice_settings?.default_payment_method;
  if (fromCustomer) return idOf(fromCustomer);
  if (customer?.default_source) return idOf(customer.default_source);
  return null;
}

function paymentDescription(invoice: Invoice): string {
  if (invoice.billing_reason === 'subscription_create') return 'Subscription creation';
  if (invoice.billing_reason?.startsWith('subscription')) return 'Subscription update';
  return 'Payment for Invoice';
}

export interface PayOptions {
  paymentMethod?: string | undefined;
  paidOutOfBand?: boolean | undefined;
  /** Throw Stripe's 402 on a decline (the API); automatic collection records the failure silently. */
  raiseOnDecline: boolean;
}

function recordFailure(account: SandboxAccount, before: Invoice, invoice: Invoice, type: string): void {
  account.put(stored(invoice));
  account.emit(type, stored(invoice));
  emitUpdated(account, before, invoice);
  for (const hook of invoiceOutcomeHooks) hook(account, invoice, 'failed');
}

/** Pays an open invoice (finalizing a draft first) through the `pay` service. */
export function payInvoice(account: SandboxAccount, id: string, options: PayOptions): Stored<Invoice> {
  let invoice: Invoice = getInvoice(account, id);
  if (invoice.status === 'draft') invoice = finalizeInvoice(account, id);
  if (invoice.status === 'paid') throw invalidState('Invoice is already paid.', 'invoice_already_paid');
  if (invoice.status === 'void') throw invalidState('This invoice has been voided and can no longer be paid.');
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible')
    throw invalidState(`Invoice ${id} cannot be paid in status ${invoice.status ?? 'unknown'}.`);
  if (options.paidOutOfBand) return stored(markPaid(account, invoice, { outOfBand: true }));
  if (invoice.amount_remaining === 0) return stored(markPaid(account, invoice, { outOfBand: false }));
  const before = structuredClone(invoice);
  const paymentMethod = options.paymentMethod ?? defaultPaymentMethodFor(account, invoice);
  if (!paymentMethod) {
    if (options.raiseOnDecline)
      throw invalidState(
        'This customer has no attached payment source or default payment method. Please consider adding a default payment method.',
      );
    invoice.attempt_count += 1;
    invoice.attempted = true;
    invoice.next_payment_attempt = null;
    recordFailure(account, before, invoice, 'invoice.payment_failed');
    return stored(invoice);
  }
  const amount = invoice.amount_remaining;
  const outcome = account.service('pay')({
    amount,
    currency: invoice.currency,
    customer: customerId(invoice),
    paymentMethod,
    description: paymentDescription(invoice),
    metadata: {},
    invoice: invoice.id,
    captureMethod: 'automatic',
  });
  invoice = getInvoice(account, id);
  invoice.attempt_count += 1;
  invoice.attempted = true;
  const intent = outcome.paymentIntent;
  if (outcome.declined || intent.status !== 'succeeded') {
    invoice.next_payment_attempt = null;
    const actionRequired = intent.status === 'requires_action';
    recordFailure(
      account,
      before,
      invoice,
      actionRequired ? 'invoice.payment_action_required' : 'invoice.payment_failed',
    );
    if (options.raiseOnDecline) {
      if (actionRequired)
        throw new StripeApiError(
          402,
          'card_error',
          'This payment requires additional user action before it can be completed successfully.',
          { code: 'invoice_payment_intent_requires_action', payment_intent: intent },
        );
      throw paymentDeclined(outcome, { payment_intent: intent });
    }
    return stored(invoice);
  }
  const now = account.now();
  const payment: Stripe.InvoicePayment = {
    id: account.ids.next('inpay'),
    object: 'invoice_payment',
    amount_paid: amount,
    amount_requested: amount,
    created: now,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: invoice.payments?.data.length === 0,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: intent.id },
    status: 'paid',
    status_transitions: { canceled_at: null, paid_at: now },
  };
  account.put(stored(payment));
  invoice.amount_paid += amount;
  invoice.payments = {
    object: 'list',
    data: [payment, ...(invoice.payments?.data ?? [])],
    has_more: false,
    url: `/v1/invoice_payments?invoice=${invoice.id}`,
  };
  account.put(stored(invoice));
  account.emit('invoice_payment.paid', stored(payment));
  // markPaid compares with `before`, so previous_attributes cover the whole payment.
  const paid = markPaidFrom(account, before, invoice);
  return stored(paid);
}

function markPaidFrom(account: SandboxAccount, before: Invoice, invoice: Invoice): Invoice {
  const now = account.now();
  invoice.amount_remaining = 0;
  invoice.status = 'paid';
  invoice.status_transitions = { ...invoice.status_transitions, paid_at: now };
  invoice.auto_advance = false;
  invoice.next_payment_attempt = null;
  account.put(stored(invoice));
  account.emit('invoice.paid', stored(invoice));
  account.emit('invoice.payment_succeeded', stored(invoice));
  emitUpdated(account, before, invoice);
  for (const hook of invoiceOutcomeHooks) hook(account, invoice, 'paid');
  return invoice;
}

/** Stripe's automatic collection: finalizes auto-advancing drafts an hour after creation, then charges them. */
export function advanceInvoices(account: SandboxAccount): void {
  const now = account.now();
  const due = account
    .list<Stored<Invoice>>('invoice')
    .filter(
      (invoice) =>
        invoice.status === 'draft' &&
        invoice.auto_advance === true &&
        invoice.automatically_finalizes_at !== null &&
        invoice.automatically_finalizes_at <= now,
    )
    .reverse();
  for (const draft of due) {
    const invoice = finalizeInvoice(account, draft.id);
    if (invoice.status === 'open' && invoice.collection_method === 'charge_automatically' && invoice.auto_advance)
      payInvoice(account, invoice.id, { raiseOnDecline: false });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Endpoints

function readCustomFields(params: Params): Stripe.Invoice.CustomField[] | null | undefined {
  if (params.raw['custom_fields'] === '') {
    params.ignore('custom_fields');
    return null;
  }
  const fields = params.objects('custom_fields');
  if (!fields) return undefined;
  return fields.map((field) => {
    const out = { name: field.string('name', { required: true }), value: field.string('value', { required: true }) };
    field.done();
    return out;
  });
}

const IGNORED_INVOICE_PARAMS = [
  'account_tax_ids',
  'application_fee_amount',
  'automatic_tax',
  'customer_account',
  'default_source',
  'effective_at',
  'issuer',
  'on_behalf_of',
  'payment_settings',
  'rendering',
  'shipping_cost',
  'shipping_details',
  'transfer_data',
];

function create({ account, params }: RouteContext): Stored<Invoice> {
  const subscriptionId = params.string('subscription');
  const sub = subscriptionId ? findTyped<Stripe.Subscription>(account, subscriptionId, 'subscription') : undefined;
  if (subscriptionId && !sub)
    throw invalidParam('subscription', `No such subscription: '${subscriptionId}'`, 'resource_missing');
  const customerParam = params.string('customer') ?? (sub ? idOf(sub.customer) : undefined);
  if (!customerParam) throw missingParam('customer');
  const customer = getCustomer(account, customerParam);
  const include =
    (params.enum('pending_invoice_items_behavior', ['include', 'exclude'] as const) ?? 'exclude') === 'include';
  const collectionMethod =
    params.enum('collection_method', ['charge_automatically', 'send_invoice'] as const) ??
    (sub?.collection_method === 'send_invoice' ? 'send_invoice' : 'charge_automatically');
  const daysUntilDue = params.int('days_until_due', { min: 0 }) ?? null;
  const dueDate = params.int('due_date') ?? null;
  if (collectionMethod === 'send_invoice' && daysUntilDue === null && dueDate === null)
    throw invalidParam(
      'days_until_due',
      'Invoices with collection_method=send_invoice require days_until_due or due_date.',
    );
  if (collectionMethod === 'charge_automatically' && (daysUntilDue !== null || dueDate !== null))
    throw invalidParam(
      'days_until_due',
      'Invoices with collection_method=charge_automatically cannot have a due date.',
    );
  const pendingCurrency = account
    .list<Stored<Stripe.InvoiceItem>>('invoiceitem')
    .filter((item) => item.invoice === null && item.customer === customer.id)
    .pop()?.currency;
  const currency =
    readCurrency(params, 'currency') ??
    sub?.currency ??
    customer.currency ??
    (include ? pendingCurrency : undefined) ??
    account.settings.defaultCurrency;
  const id = account.ids.next('in');
  const discounts = readDiscounts(account, params, { customer: customer.id, invoice: id }) ?? [];
  const automaticallyFinalizesAt = params.int('automatically_finalizes_at');
  params.ignore(...IGNORED_INVOICE_PARAMS);
  params.ignore('from_invoice');
  const options: CreateInvoiceOptions = {
    id,
    customer,
    currency,
    autoAdvance: params.bool('auto_advance') ?? false,
    collectionMethod,
    daysUntilDue,
    dueDate,
    description: params.string('description') ?? null,
    discounts,
    defaultTaxRates: readTaxRates(account, params, 'default_tax_rates') ?? [],
    metadata: readMetadata(params),
    defaultPaymentMethod: params.string('default_payment_method') ?? null,
    billingReason: 'manual',
    subscription: sub ?? null,
    periodStart: account.now(),
    periodEnd: account.now(),
    includePending: include,
    subscriptionLines: [],
    footer: params.string('footer') ?? null,
    statementDescriptor: params.string('statement_descriptor') ?? null,
    customFields: readCustomFields(params) ?? null,
    number: params.string('number') ?? null,
  };
  params.done();
  let invoice = buildInvoice(account, options);
  if (automaticallyFinalizesAt !== undefined && options.autoAdvance) {
    invoice = account.update<Stored<Invoice>>(id, 'invoice', {
      automatically_finalizes_at: automaticallyFinalizesAt,
    }).object;
  }
  account.emit('invoice.created', invoice);
  return invoice;
}

const DRAFT_ONLY = [
  'collection_method',
  'currency',
  'default_tax_rates',
  'discounts',
  'number',
  'automatically_finalizes_at',
];

function update({ account, params, path }: RouteContext): Stored<Invoice> {
  const current = getInvoice(account, path['id'] ?? '');
  const draft = current.status === 'draft';
  if (!draft) {
    const blocked = DRAFT_ONLY.find((key) => params.has(key));
    if (blocked)
      throw invalidParam(
        blocked,
        `Finalized invoices can't be updated in this way: ${blocked} can only be changed on drafts.`,
      );
    if (current.status !== 'open' && params.has('auto_advance'))
      throw invalidParam(
        'auto_advance',
        `auto_advance can't be changed on a ${current.status ?? 'finalized'} invoice.`,
      );
  }
  const next: Invoice = structuredClone(current);
  const autoAdvance = params.bool('auto_advance');
  if (autoAdvance !== undefined) {
    next.auto_advance = autoAdvance;
    if (draft) next.automatically_finalizes_at = autoAdvance ? current.created + AUTO_FINALIZE_DELAY : null;
  }
  const finalizesAt = params.int('automatically_finalizes_at');
  if (finalizesAt !== undefined) next.automatically_finalizes_at = finalizesAt;
  const collection = params.enum('collection_method', ['charge_automatically', 'send_invoice'] as const);
  if (collection !== undefined) next.collection_method = collection;
  const days = params.int('days_until_due', { min: 0 });
  if (days !== undefined) next.due_date = (current.status_transitions.finalized_at ?? current.created) + days * 86400;
  const dueDate = params.int('due_date');
  if (dueDate !== undefined) next.due_date = dueDate;
  if (next.collection_method === 'charge_automatically') next.due_date = null;
  else if (next.due_date === null)
    throw invalidParam('days_until_due', 'send_invoice invoices need days_until_due or due_date.');
  const customFields = readCustomFields(params);
  if (customFields !== undefined) next.custom_fields = customFields;
  const pm = params.nullableString('default_payment_method');
  if (pm !== undefined) next.default_payment_method = pm;
  const taxRates = readTaxRates(account, params, 'default_tax_rates');
  if (taxRates !== undefined) next.default_tax_rates = taxRates;
  const description = params.nullableString('description');
  if (description !== undefined) next.description = description;
  const discounts = readDiscounts(account, params, { customer: customerId(current), invoice: current.id });
  if (discounts !== undefined) next.discounts = discounts;
  const footer = params.nullableString('footer');
  if (footer !== undefined) next.footer = footer;
  if (params.has('metadata')) next.metadata = mergeMetadata(current.metadata, params.metadata());
  const number = params.nullableString('number');
  if (number !== undefined) next.number = number;
  const descriptor = params.nullableString('statement_descriptor');
  if (descriptor !== undefined) next.statement_descriptor = descriptor;
  params.ignore(...IGNORED_INVOICE_PARAMS);
  params.done();
  account.put(stored(next));
  const after = draft ? recomputeInvoice(account, current.id) : stored(next);
  emitUpdated(account, current, after);
  return after;
}

function remove({ account, params, path }: RouteContext): Stored<Invoice> {
  params.done();
  const invoice = getInvoice(account, path['id'] ?? '');
  if (invoice.status !== 'draft')
    throw invalidState('You can only delete draft invoices. Finalized invoices must be voided instead.');
  if (invoice.billing_reason?.startsWith('subscription'))
    throw invalidState("You can't delete invoices created by subscriptions. Void the invoice instead.");
  for (const item of invoiceItemsOf(account, invoice.id))
    account.update<Stored<Stripe.InvoiceItem>>(item.id, 'invoiceitem', { invoice: null });
  account.delete(invoice.id);
  account.emit('invoice.deleted', invoice);
  return { id: invoice.id, object: 'invoice', deleted: true } as unknown as Stored<Invoice>;
}

function transition(
  account: SandboxAccount,
  id: string,
  allowed: string[],
  verb: string,
  change: (invoice: Invoice, now: number) => void,
  eventType: string,
): Stored<Invoice> {
  const before = getInvoice(account, id);
  if (!allowed.includes(before.status ?? ''))
    throw invalidState(
      `You can only ${verb} an invoice that is ${allowed.join(' or ')}; ${id} is ${before.status ?? 'unknown'}.`,
    );
  const invoice: Invoice = structuredClone(before);
  change(invoice, account.now());
  invoice.auto_advance = false;
  invoice.next_payment_attempt = null;
  account.put(stored(invoice));
  account.emit(eventType, stored(invoice));
  emitUpdated(account, before, invoice);
  return stored(invoice);
}

export function voidInvoice(account: SandboxAccount, id: string): Stored<Invoice> {
  return transition(
    account,
    id,
    ['open', 'uncollectible'],
    'void',
    (invoice, now) => {
      invoice.status = 'void';
      invoice.status_transitions = { ...invoice.status_transitions, voided_at: now };
    },
    'invoice.voided',
  );
}

export function markUncollectible(account: SandboxAccount, id: string): Stored<Invoice> {
  return transition(
    account,
    id,
    ['open'],
    'mark as uncollectible',
    (invoice, now) => {
      invoice.status = 'uncollectible';
      invoice.status_transitions = { ...invoice.status_transitions, marked_uncollectible_at: now };
    },
    'invoice.marked_uncollectible',
  );
}

function send({ account, params, path }: RouteContext): Stored<Invoice> {
  params.done();
  let invoice = getInvoice(account, path['id'] ?? '');
  if (invoice.collection_method !== 'send_invoice')
    throw invalidState('You can only manually send an invoice if its collection method is send_invoice.');
  if (invoice.status === 'draft') invoice = finalizeInvoice(account, invoice.id);
  if (invoice.status !== 'open')
    throw invalidState(`You can only send an open invoice; ${invoice.id} is ${invoice.status ?? ''}.`);
  account.emit('invoice.sent', invoice);
  return invoice;
}

function byInvoice(path: Record<string, string>): string {
  return path['id'] ?? '';
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/invoices', handler: create },
  {
    method: 'GET',
    path: '/v1/invoices/:id',
    handler: ({ account, params, path }) => {
      params.done();
      return getInvoice(account, byInvoice(path));
    },
  },
  { method: 'POST', path: '/v1/invoices/:id', handler: update },
  { method: 'DELETE', path: '/v1/invoices/:id', handler: remove },
  {
    method: 'POST',
    path: '/v1/invoices/:id/finalize',
    handler: ({ account, params, path }) => {
      const autoAdvance = params.bool('auto_advance');
      params.done();
      const invoice = finalizeInvoice(account, byInvoice(path), autoAdvance === undefined ? {} : { autoAdvance });
      // Automatic collection charges right away instead of Stripe's short delay.
      if (invoice.status === 'open' && invoice.auto_advance && invoice.collection_method === 'charge_automatically')
        return payInvoice(account, invoice.id, { raiseOnDecline: false });
      return invoice;
    },
  },
  {
    method: 'POST',
    path: '/v1/invoices/:id/pay',
    handler: ({ account, params, path }) => {
      const paymentMethod = params.string('payment_method') ?? params.string('source');
      const paidOutOfBand = params.bool('paid_out_of_band');
      params.ignore('forgive', 'mandate', 'off_session');
      params.done();
      return payInvoice(account, byInvoice(path), { paymentMethod, paidOutOfBand, raiseOnDecline: true });
    },
  },
  {
    method: 'POST',
    path: '/v1/invoices/:id/void',
    handler: ({ account, params, path }) => {
      params.done();
      return voidInvoice(account, byInvoice(path));
    },
  },
  {
    method: 'POST',
    path: '/v1/invoices/:id/mark_uncollectible',
    handler: ({ account, params, path }) => {
      params.done();
      return markUncollectible(account, byInvoice(path));
    },
  },
  { method: 'POST', path: '/v1/invoices/:id/send', handler: send },
  {
    method: 'GET',
    path: '/v1/invoices/:id/lines',
    handler: ({ account, params, path }) => {
      const invoice = getInvoice(account, byInvoice(path));
      const lines = invoice.lines.data.map((line) => stored(line));
      const list = paginate(lines, params, `/v1/invoices/${invoice.id}/lines`);
      params.done();
      return list;
    },
  },
  {
    method: 'GET',
    path: '/v1/invoices',
    handler: ({ account, params }) => {
      const customer = params.string('customer');
      const status = params.enum('status', ['draft', 'open', 'paid', 'uncollectible', 'void'] as const);
      const subscription = params.string('subscription');
      const collection = params.enum('collection_method', ['charge_automatically', 'send_invoice'] as const);
      const created = createdFilter(params);
      const due = createdFilter(params, 'due_date');
      params.ignore('customer_account');
      const items = account
        .list<Stored<Invoice>>('invoice')
        .filter(
          (invoice) =>
            (customer === undefined || customerId(invoice) === customer) &&
            (status === undefined || invoice.status === status) &&
            (subscription === undefined || subscriptionOf(invoice) === subscription) &&
            (collection === undefined || invoice.collection_method === collection) &&
            created(invoice.created) &&
            (!params.has('due_date') || (invoice.due_date !== null && due(invoice.due_date))),
        );
      const list = paginate(items, params, '/v1/invoices');
      params.done();
      return list;
    },
  },
];

export function register(account: SandboxAccount): void {
  account.clock.onAdvance(() => advanceInvoices(account));
}

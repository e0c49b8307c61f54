import type Stripe from 'stripe';
import type { SandboxAccount, StripeObject } from '../core/account';
import { createdFilter, paginate } from '../core/list';
import { invalidParam, invalidState, missingParam } from '../core/errors';
import type { Params } from '../core/params';
import type { Route, RouteContext } from '../core/routes';
import { addMonths, couponForDiscount, readDiscounts } from './coupons';
import { buildInvoiceItem } from './invoiceItems';
import {
  advanceInvoices,
  buildInvoice,
  finalizeInvoice,
  getCustomer,
  invoiceOutcomeHooks,
  payInvoice,
  previousAttributes,
  subscriptionOf,
  voidInvoice,
  type SubscriptionLineSpec,
} from './invoices';
import { createInlinePrice, getPrice, planFromPrice, priceAmount, productId } from './prices';
import {
  findTyped,
  formatAmount,
  mergeMetadata,
  readCurrency,
  readMetadata,
  roundAmount,
  stored,
  type Stored,
} from './products';
import { readTaxRates } from './taxRates';

type Subscription = Stripe.Subscription;
type Item = Stripe.SubscriptionItem;

/** Stripe gives an incomplete subscription 23 hours to be paid before it expires. */
const INCOMPLETE_EXPIRY = 23 * 3600;
const TRIAL_WILL_END_NOTICE = 3 * 86400;

const trialNoticeSent = new WeakMap<SandboxAccount, Set<string>>();

function addInterval(timestamp: number, recurring: Stripe.Price.Recurring, times = 1): number {
  const count = recurring.interval_count * times;
  switch (recurring.interval) {
    case 'day':
      return timestamp + count * 86400;
    case 'week':
      return timestamp + count * 7 * 86400;
    case 'year':
      return addMonths(timestamp, 12 * count);
    default:
      return addMonths(timestamp, count);
  }
}

/** The first billing date after `after`, counted from the anchor so month ends don't drift. */
function nextBillingDate(anchor: number, recurring: Stripe.Price.Recurring, after: number): number {
  if (anchor > after) return anchor;
  let n = 1;
  while (addInterval(anchor, recurring, n) <= after) n++;
  return addInterval(anchor, recurring, n);
}

function recurringOf(price: Stripe.Price): Stripe.Price.Recurring {
  if (!price.recurring)
    throw invalidParam('items', `The price ${price.id} is not recurring; subscriptions need recurring prices.`);
  return price.recurring;
}

function intervalLabel(recurring: Stripe.Price.Recurring): string {
  return recurring.interval_count === 1
    ? recurring.interval
    : `every ${recurring.interval_count} ${recurring.interval}s`;
}

function productName(account: SandboxAccount, price: Stripe.Price): string {
  return findTyped<Stripe.Product>(account, productId(price), 'product')?.name ?? productId(price);
}

function dateLabel(timestamp: number): string {
  return new Date(timestamp * 1000).toUTCString().slice(5, 16);
}

function lineDescription(account: SandboxAccount, item: Item): string {
  const price = item.price;
  const unit = price.unit_amount ?? priceAmount(price, 1);
  return `${item.quantity ?? 1} × ${productName(account, price)} (at ${formatAmount(unit, price.currency)} / ${intervalLabel(recurringOf(price))})`;
}

function periodOf(sub: Subscription): { start: number; end: number } {
  const first = sub.items.data[0];
  return { start: first?.current_period_start ?? sub.start_date, end: first?.current_period_end ?? sub.start_date };
}

function paymentMethodOf(account: SandboxAccount, sub: Subscription): string | null {
  if (sub.default_payment_method)
    return typeof sub.default_payment_method === 'string' ? sub.default_payment_method : sub.default_payment_method.id;
  const customer = findTyped<Stripe.Customer>(account, customerOf(sub), 'customer');
  const pm = customer?.invoice_settings?.default_payment_method;
  if (pm) return typeof pm === 'string' ? pm : pm.id;
  const source = customer?.default_source;
  return source ? (typeof source === 'string' ? source : source.id) : null;
}

function customerOf(sub: Subscription): string {
  return typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
}

function emitUpdated(account: SandboxAccount, before: Subscription, after: Subscription): void {
  const previous = previousAttributes(before, after);
  if (Object.keys(previous).length > 0) account.emit('customer.subscription.updated', stored(after), previous);
}

function save(account: SandboxAccount, sub: Subscription): Stored<Subscription> {
  sub.items = { ...sub.items, has_more: false };
  return account.put(stored(sub));
}

// ---------------------------------------------------------------------------------------------------------
// Items

interface ItemInput {
  price: Stripe.Price;
  quantity: number;
  taxRates: Stripe.TaxRate[] | null;
  metadata: Record<string, string>;
  discounts: string[];
}

function readItemPrice(
  account: SandboxAccount,
  params: Params,
  prefix: string,
  product?: string,
): Stripe.Price | undefined {
  const priceId = params.string('price');
  const planId = params.string('plan');
  const priceData = params.object('price_data');
  if ([priceId, planId, priceData].filter((x) => x !== undefined).length > 1)
    throw invalidParam(`${prefix}[price]`, 'You may only specify one of these parameters: price, plan, price_data.');
  if (priceId) return getPrice(account, priceId, `${prefix}[price]`);
  if (planId) return getPrice(account, planId, `${prefix}[plan]`);
  if (priceData) return createInlinePrice(account, priceData, `${prefix}[price_data][product]`, product);
  return undefined;
}

function buildItem(
  account: SandboxAccount,
  subId: string,
  input: ItemInput,
  period: { start: number; end: number },
): Item {
  const item: Item = {
    id: account.ids.next('si', 14),
    object: 'subscription_item',
    billing_thresholds: null,
    created: account.now(),
    current_period_end: period.end,
    current_period_start: period.start,
    current_trial: null,
    discounts: input.discounts,
    metadata: input.metadata,
    plan: planFromPrice(input.price),
    price: input.price,
    quantity: input.quantity,
    subscription: subId,
    tax_rates: input.taxRates,
  };
  return item;
}

function validateItems(prices: Stripe.Price[], currency: string | undefined): string {
  const first = prices[0];
  if (!first) throw missingParam('items');
  const firstRecurring = recurringOf(first);
  for (const price of prices) {
    const recurring = recurringOf(price);
    if (price.currency !== first.currency)
      throw invalidParam('items', 'All prices on a subscription must have the same currency.');
    if (recurring.interval !== firstRecurring.interval || recurring.interval_count !== firstRecurring.interval_count)
      throw invalidParam(
        'items',
        'All prices on a subscription must have the same recurring interval and interval_count.',
      );
  }
  if (currency && currency !== first.currency)
    throw invalidParam('currency', `The currency ${currency} does not match the prices' currency ${first.currency}.`);
  return first.currency;
}

// ---------------------------------------------------------------------------------------------------------
// Invoicing

function activeDiscounts(account: SandboxAccount, sub: Subscription, at: number): string[] {
  return sub.discounts
    .map((d) => (typeof d === 'string' ? d : d.id))
    .filter((id) => {
      const discount = findTyped<Stripe.Discount>(account, id, 'discount');
      return discount !== undefined && (discount.end === null || discount.end > at);
    });
}

/** Creates (without emitting) the invoice for a subscription period. */
function invoiceFor(
  account: SandboxAccount,
  sub: Subscription,
  options: {
    reason: Stripe.Invoice.BillingReason;
    lines: SubscriptionLineSpec[];
    periodStart: number;
    periodEnd: number;
    created?: number;
  },
): Stripe.Invoice {
  const customer = getCustomer(account, customerOf(sub));
  return buildInvoice(account, {
    customer,
    currency: sub.currency,
    autoAdvance: true,
    collectionMethod: sub.collection_method === 'send_invoice' ? 'send_invoice' : 'charge_automatically',
    daysUntilDue: sub.days_until_due,
    dueDate: null,
    description: sub.invoice_settings.description ?? null,
    discounts: activeDiscounts(account, sub, options.created ?? account.now()),
    defaultTaxRates: [],
    metadata: {},
    defaultPaymentMethod: null,
    billingReason: options.reason,
    subscription: sub,
    periodStart: options.periodStart,
    periodEnd: options.periodEnd,
    includePending: true,
    subscriptionLines: options.lines,
    footer: sub.invoice_settings.footer ?? null,
    ...(options.created !== undefined ? { created: options.created } : {}),
  });
}

function periodLines(
  account: SandboxAccount,
  sub: Subscription,
  period: { start: number; end: number },
): SubscriptionLineSpec[] {
  return sub.items.data.map((item) => ({
    subscription: sub.id,
    subscriptionItem: item.id,
    price: item.price,
    quantity: item.quantity ?? 1,
    amount: priceAmount(item.price, item.quantity ?? 1),
    description: lineDescription(account, item),
    period,
    discounts: item.discounts.map((d) => (typeof d === 'string' ? d : d.id)),
    metadata: sub.metadata,
  }));
}

/** Finalizes and (for automatic collection) charges a subscription invoice right away. */
function collectNow(account: SandboxAccount, invoiceId: string, raiseOnDecline: boolean): void {
  const invoice = finalizeInvoice(account, invoiceId);
  if (invoice.status !== 'open' || invoice.collection_method !== 'charge_automatically') return;
  const sub = findTyped<Subscription>(account, subscriptionOf(invoice) ?? '', 'subscription');
  if (sub && !paymentMethodOf(account, sub) && !invoice.default_payment_method) {
    if (raiseOnDecline) payInvoice(account, invoice.id, { raiseOnDecline: true });
    return;
  }
  payInvoice(account, invoice.id, { raiseOnDecline });
}

// Subscriptions follow their invoices: paid → active, failed first invoice → incomplete, failed renewal → past_due.
invoiceOutcomeHooks.push((account, invoice, outcome) => {
  const subId = subscriptionOf(invoice);
  const before = subId ? findTyped<Subscription>(account, subId, 'subscription') : undefined;
  if (!before) return;
  const after: Subscription = structuredClone(before);
  if (outcome === 'paid' && ['incomplete', 'past_due', 'unpaid'].includes(before.status)) after.status = 'active';
  if (outcome === 'failed' && before.status === 'active')
    after.status = invoice.billing_reason === 'subscription_create' ? 'incomplete' : 'past_due';
  if (after.status === before.status) return;
  save(account, after);
  emitUpdated(account, before, after);
});

// ---------------------------------------------------------------------------------------------------------
// Lifecycle

function cancelNow(
  account: SandboxAccount,
  sub: Subscription,
  at: number,
  reason: Stripe.Subscription.CancellationDetails.Reason,
  details: Partial<Stripe.Subscription.CancellationDetails> = {},
): Stored<Subscription> {
  const after: Subscription = structuredClone(sub);
  after.status = 'canceled';
  after.canceled_at = after.canceled_at ?? account.now();
  after.ended_at = at;
  after.cancellation_details = {
    comment: details.comment ?? sub.cancellation_details?.comment ?? null,
    feedback: details.feedback ?? sub.cancellation_details?.feedback ?? null,
    feedback_option: sub.cancellation_details?.feedback_option ?? null,
    reason,
  };
  const saved = save(account, after);
  account.emit('customer.subscription.deleted', saved);
  return saved;
}

function maybeTrialNotice(account: SandboxAccount, sub: Subscription): void {
  if (sub.status !== 'trialing' || sub.trial_end === null) return;
  if (sub.trial_end - account.now() > TRIAL_WILL_END_NOTICE) return;
  const sent = trialNoticeSent.get(account) ?? new Set<string>();
  if (sent.has(sub.id)) return;
  sent.add(sub.id);
  trialNoticeSent.set(account, sent);
  account.emit('customer.subscription.trial_will_end', stored(sub));
}

/** Moves a subscription through every period boundary up to now: renewals, trial ends, scheduled cancels. */
function renew(account: SandboxAccount, id: string): void {
  for (let guard = 0; guard < 1000; guard++) {
    const sub = findTyped<Subscription>(account, id, 'subscription');
    if (!sub || !['active', 'past_due', 'trialing', 'unpaid'].includes(sub.status)) return;
    const period = periodOf(sub);
    const boundary = period.end;
    if (boundary > account.now()) return;
    if (sub.cancel_at !== null && sub.cancel_at <= boundary) {
      cancelNow(account, sub, sub.cancel_at, 'cancellation_requested');
      return;
    }
    const before: Subscription = structuredClone(sub);
    const after: Subscription = structuredClone(sub);
    if (sub.status === 'trialing') {
      const behavior = sub.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice';
      if (!paymentMethodOf(account, sub) && behavior === 'pause') {
        after.status = 'paused';
        save(account, after);
        emitUpdated(account, before, after);
        account.emit('customer.subscription.paused', stored(after));
        return;
      }
      if (!paymentMethodOf(account, sub) && behavior === 'cancel') {
        cancelNow(account, sub, boundary, 'cancellation_requested');
        return;
      }
      after.status = 'active';
    }
    const recurring = recurringOf(sub.items.data[0]?.price ?? getPrice(account, ''));
    const next = { start: boundary, end: nextBillingDate(sub.billing_cycle_anchor, recurring, boundary) };
    after.items.data = after.items.data.map((item) => ({
      ...item,
      current_period_start: next.start,
      current_period_end: next.end,
    }));
    // `once` coupons are used up by the first invoice.
    after.discounts = activeDiscounts(account, after, boundary).filter(
      (d) => couponForDiscount(account, d)?.duration !== 'once',
    );
    const invoice = invoiceFor(account, after, {
      reason: 'subscription_cycle',
      lines: periodLines(account, after, next),
      periodStart: period.start,
      periodEnd: period.end,
      created: boundary,
    });
    after.latest_invoice = invoice.id;
    save(account, after);
    account.emit('invoice.created', stored(invoice));
    emitUpdated(account, before, after);
  }
}

function expireIncomplete(account: SandboxAccount, sub: Subscription): void {
  if (sub.status !== 'incomplete' || account.now() < sub.created + INCOMPLETE_EXPIRY) return;
  const latest = typeof sub.latest_invoice === 'string' ? sub.latest_invoice : (sub.latest_invoice?.id ?? null);
  const invoice = latest ? findTyped<Stripe.Invoice>(account, latest, 'invoice') : undefined;
  if (invoice && invoice.status === 'open') voidInvoice(account, invoice.id);
  const after: Subscription = structuredClone(sub);
  after.status = 'incomplete_expired';
  after.ended_at = account.now();
  save(account, after);
  emitUpdated(account, sub, after);
}

/** The clock hook: expiries, trial notices, renewals, then automatic collection of the invoices made. */
export function advanceSubscriptions(account: SandboxAccount): void {
  const subs = account.list<Stored<Subscription>>('subscription').reverse();
  for (const sub of subs) {
    expireIncomplete(account, sub);
    maybeTrialNotice(account, sub);
    renew(account, sub.id);
  }
  advanceInvoices(account);
}

// ---------------------------------------------------------------------------------------------------------
// Endpoints

const IGNORED = [
  'application_fee_percent',
  'automatic_tax',
  'billing_cycle_anchor_config',
  'billing_mode',
  'billing_schedules',
  'billing_thresholds',
  'customer_account',
  'default_source',
  'off_session',
  'on_behalf_of',
  'payment_settings',
  'pending_invoice_item_interval',
  'transfer_data',
];

function readInvoiceSettings(
  params: Params,
  current?: Stripe.Subscription.InvoiceSettings,
): Stripe.Subscription.InvoiceSettings {
  const settings = params.object('invoice_settings');
  const out: Stripe.Subscription.InvoiceSettings = current ?? {
    account_tax_ids: null,
    custom_fields: null,
    description: null,
    footer: null,
    issuer: { type: 'self' },
  };
  if (!settings) return out;
  const description = settings.nullableString('description');
  if (description !== undefined) out.description = description;
  const footer = settings.nullableString('footer');
  if (footer !== undefined) out.footer = footer;
  settings.ignore('account_tax_ids', 'custom_fields', 'issuer');
  settings.done();
  return out;
}

function readTrialSettings(params: Params): Stripe.Subscription.TrialSettings | undefined {
  const settings = params.object('trial_settings');
  if (!settings) return undefined;
  const end = settings.object('end_behavior');
  const missing = end?.enum('missing_payment_method', ['cancel', 'create_invoice', 'pause'] as const, {
    required: true,
  });
  end?.done();
  settings.done();
  return { end_behavior: { billing_cycle_anchor: null, missing_payment_method: missing ?? 'create_invoice' } };
}

function readTrialEnd(params: Params): number | 'now' | undefined {
  const raw = params.raw['trial_end'];
  if (raw === 'now') {
    params.ignore('trial_end');
    return 'now';
  }
  return params.int('trial_end');
}

function addInvoiceItems(
  account: SandboxAccount,
  params: Params,
  sub: { id: string; customer: string; currency: string },
): Stripe.InvoiceItem[] {
  const entries = params.objects('add_invoice_items') ?? [];
  return entries.map((entry, index) => {
    const price = readItemPrice(account, entry, `add_invoice_items[${index}]`);
    if (!price) throw missingParam(`add_invoice_items[${index}][price]`);
    const quantity = entry.int('quantity', { min: 0 }) ?? 1;
    const taxRates = readTaxRates(account, entry) ?? [];
    const metadata = readMetadata(entry);
    const discounts = readDiscounts(account, entry, { customer: sub.customer, subscription: sub.id }) ?? [];
    entry.ignore('discountable', 'period');
    entry.done();
    const amount = priceAmount(price, quantity);
    const item = buildInvoiceItem(account, {
      customer: sub.customer,
      currency: sub.currency,
      amount,
      quantity,
      unitAmountDecimal: quantity ? amount / quantity : 0,
      description: productName(account, price),
      price,
      period: { start: account.now(), end: account.now() },
      discountable: true,
      discounts,
      taxRates,
      metadata,
      invoice: null,
      subscription: { id: sub.id, item: null },
      proration: false,
    });
    account.emit('invoiceitem.created', stored(item));
    return item;
  });
}

function create({ account, params }: RouteContext): Stored<Subscription> {
  const customer = getCustomer(account, params.string('customer', { required: true }));
  const now = account.now();
  const id = account.ids.next('sub');
  const itemParams = params.objects('items');
  if (!itemParams || itemParams.length === 0) throw missingParam('items');
  const inputs: ItemInput[] = itemParams.map((entry, index) => {
    const price = readItemPrice(account, entry, `items[${index}]`);
    if (!price) throw missingParam(`items[${index}][price]`);
    const input: ItemInput = {
      price,
      quantity: entry.int('quantity', { min: 0 }) ?? 1,
      taxRates: readTaxRates(account, entry) ?? null,
      metadata: readMetadata(entry),
      discounts: readDiscounts(account, entry, { customer: customer.id, subscription: id }) ?? [],
    };
    entry.ignore('billing_thresholds', 'current_trial');
    entry.done();
    return input;
  });
  const currency = validateItems(
    inputs.map((i) => i.price),
    readCurrency(params, 'currency'),
  );
  const recurring = recurringOf(inputs[0]?.price ?? getPrice(account, ''));
  const backdate = params.int('backdate_start_date');
  if (backdate !== undefined && backdate > now)
    throw invalidParam('backdate_start_date', 'backdate_start_date must be in the past.');
  const start = backdate ?? now;
  const trialEndParam = readTrialEnd(params);
  const trialDays = params.int('trial_period_days', { min: 0 });
  const trialFromPlan = params.bool('trial_from_plan');
  let trialEnd: number | null = null;
  if (typeof trialEndParam === 'number') trialEnd = trialEndParam;
  else if (trialEndParam === undefined && trialDays !== undefined && trialDays > 0) trialEnd = now + trialDays * 86400;
  else if (trialEndParam === undefined && trialFromPlan && recurring.trial_period_days)
    trialEnd = now + recurring.trial_period_days * 86400;
  if (trialEnd !== null && trialEnd <= now) throw invalidParam('trial_end', 'trial_end must be in the future.');
  const anchorParam = params.int('billing_cycle_anchor');
  if (anchorParam !== undefined && anchorParam < start)
    throw invalidParam('billing_cycle_anchor', 'billing_cycle_anchor cannot be before the subscription start.');
  const anchor = trialEnd ?? anchorParam ?? start;
  const prorate =
    (params.enum('proration_behavior', ['always_invoice', 'create_prorations', 'none'] as const) ??
      'create_prorations') !== 'none';
  let period: { start: number; end: number };
  let lineKind: 'trial' | 'prorated' | 'full';
  if (trialEnd !== null) {
    period = { start: now, end: trialEnd };
    lineKind = 'trial';
  } else if (anchor > start) {
    period = { start, end: anchor };
    lineKind = prorate ? 'prorated' : 'trial';
  } else {
    period = { start: anchor, end: nextBillingDate(anchor, recurring, now) };
    lineKind = 'full';
  }
  const collection =
    params.enum('collection_method', ['charge_automatically', 'send_invoice'] as const) ?? 'charge_automatically';
  const daysUntilDue = params.int('days_until_due', { min: 0 }) ?? null;
  if (collection === 'send_invoice' && daysUntilDue === null) throw missingParam('days_until_due');
  const paymentBehavior =
    params.enum('payment_behavior', [
      'allow_incomplete',
      'default_incomplete',
      'error_if_incomplete',
      'pending_if_incomplete',
    ] as const) ?? 'allow_incomplete';
  const discounts = readDiscounts(account, params, { customer: customer.id, subscription: id }) ?? [];
  const cancelAtPeriodEnd = params.bool('cancel_at_period_end') ?? false;
  const cancelAt = params.int('cancel_at') ?? (cancelAtPeriodEnd ? period.end : null);
  params.ignore(...IGNORED);
  const sub: Subscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: trialEnd ?? (anchor > start ? anchor : period.start),
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: cancelAt,
    cancel_at_period_end: cancelAtPeriodEnd,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: collection,
    created: now,
    currency,
    customer: customer.id,
    customer_account: null,
    days_until_due: collection === 'send_invoice' ? daysUntilDue : null,
    default_payment_method: params.string('default_payment_method') ?? null,
    default_source: null,
    default_tax_rates: readTaxRates(account, params, 'default_tax_rates') ?? [],
    description: params.string('description') ?? null,
    discounts,
    ended_at: null,
    invoice_settings: readInvoiceSettings(params),
    items: { object: 'list', data: [], has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: readMetadata(params),
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: start,
    status: 'active',
    test_clock: null,
    transfer_data: null,
    trial_end: trialEnd,
    trial_settings: readTrialSettings(params) ?? {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' },
    },
    trial_start: trialEnd !== null ? now : null,
  };
  sub.items.data = inputs.map((input) => buildItem(account, id, input, period));
  account.put(stored(sub));
  addInvoiceItems(account, params, { id, customer: customer.id, currency });
  params.done();

  const periodLength = addInterval(period.start, recurring) - period.start;
  const lines = periodLines(account, sub, period).map((line, index) => {
    const item = sub.items.data[index];
    const name = item ? productName(account, item.price) : '';
    if (lineKind === 'trial') return { ...line, amount: 0, description: `Trial period for ${name}` };
    if (lineKind === 'prorated')
      return {
        ...line,
        amount: roundAmount((line.amount * (period.end - period.start)) / periodLength),
        description: `Remaining time on ${line.quantity} × ${name} after ${dateLabel(period.start)}`,
        proration: true,
      };
    return line;
  });
  const invoice = invoiceFor(account, sub, { reason: 'subscription_create', lines, periodStart: now, periodEnd: now });
  sub.latest_invoice = invoice.id;
  const payable = invoice.total > 0 && collection === 'charge_automatically';
  if (trialEnd !== null) sub.status = 'trialing';
  else if (payable && (paymentBehavior === 'default_incomplete' || !paymentMethodOf(account, sub)))
    sub.status = 'incomplete';
  save(account, sub);
  account.emit('customer.subscription.created', stored(sub));
  account.emit('invoice.created', stored(invoice));
  maybeTrialNotice(account, sub);
  if (paymentBehavior === 'default_incomplete') finalizeInvoice(account, invoice.id);
  else collectNow(account, invoice.id, paymentBehavior === 'error_if_incomplete');
  return account.get<Stored<Subscription>>(id, 'subscription');
}

function prorationItem(
  account: SandboxAccount,
  sub: Subscription,
  item: Item,
  price: Stripe.Price,
  quantity: number,
  sign: 1 | -1,
  at: number,
): void {
  const period = periodOf(sub);
  const fraction = (period.end - at) / (period.end - period.start || 1);
  const amount = sign * roundAmount(priceAmount(price, quantity) * fraction);
  const name = productName(account, price);
  const created = buildInvoiceItem(account, {
    customer: customerOf(sub),
    currency: sub.currency,
    amount,
    quantity,
    unitAmountDecimal: quantity ? amount / quantity : 0,
    description: `${sign < 0 ? 'Unused' : 'Remaining'} time on ${quantity} × ${name} after ${dateLabel(at)}`,
    price,
    period: { start: at, end: period.end },
    discountable: false,
    discounts: [],
    taxRates: item.tax_rates && item.tax_rates.length > 0 ? item.tax_rates : (sub.default_tax_rates ?? []),
    metadata: {},
    invoice: null,
    subscription: { id: sub.id, item: item.id },
    proration: true,
  });
  account.emit('invoiceitem.created', stored(created));
}

function update({ account, params, path }: RouteContext): Stored<Subscription> {
  const before = account.get<Stored<Subscription>>(path['id'] ?? '', 'subscription');
  if (['canceled', 'incomplete_expired'].includes(before.status))
    throw invalidState(`A canceled subscription can only update its cancellation_details and metadata.`);
  const sub: Subscription = structuredClone(before);
  const now = account.now();
  const prorationBehavior =
    params.enum('proration_behavior', ['always_invoice', 'create_prorations', 'none'] as const) ?? 'create_prorations';
  const prorationDate = params.int('proration_date') ?? now;
  const prorate = prorationBehavior !== 'none' && ['active', 'past_due'].includes(sub.status);
  let prorated = false;
  const itemParams = params.objects('items') ?? [];
  itemParams.forEach((entry, index) => {
    const prefix = `items[${index}]`;
    const itemId = entry.string('id');
    const existing = itemId ? sub.items.data.find((i) => i.id === itemId) : undefined;
    if (itemId && !existing)
      throw invalidParam(`${prefix}[id]`, `No such subscription item: '${itemId}'`, 'resource_missing');
    const deleted = entry.bool('deleted') ?? false;
    const price = readItemPrice(account, entry, prefix);
    const quantity = entry.int('quantity', { min: 0 });
    const taxRates = readTaxRates(account, entry);
    const metadata = entry.metadata();
    const discounts = readDiscounts(account, entry, {
      customer: customerOf(sub),
      subscription: sub.id,
      subscriptionItem: itemId ?? null,
    });
    entry.ignore('clear_usage', 'billing_thresholds', 'current_trial');
    entry.done();
    if (existing && deleted) {
      if (prorate) prorationItem(account, sub, existing, existing.price, existing.quantity ?? 1, -1, prorationDate);
      sub.items.data = sub.items.data.filter((i) => i.id !== existing.id);
      prorated = prorated || prorate;
      return;
    }
    if (existing) {
      const nextPrice = price ?? existing.price;
      const nextQuantity = quantity ?? existing.quantity ?? 1;
      if (nextPrice.id !== existing.price.id)
        validateItems([sub.items.data[0]?.price ?? nextPrice, nextPrice], sub.currency);
      if (prorate && (nextPrice.id !== existing.price.id || nextQuantity !== existing.quantity)) {
        prorationItem(account, sub, existing, existing.price, existing.quantity ?? 1, -1, prorationDate);
        prorationItem(account, sub, existing, nextPrice, nextQuantity, 1, prorationDate);
        prorated = true;
      }
      Object.assign(existing, {
        price: nextPrice,
        plan: planFromPrice(nextPrice),
        quantity: nextQuantity,
        ...(taxRates !== undefined ? { tax_rates: taxRates } : {}),
        ...(metadata !== undefined ? { metadata: mergeMetadata(existing.metadata, metadata) } : {}),
        ...(discounts !== undefined ? { discounts } : {}),
      });
      return;
    }
    if (!price) throw missingParam(`${prefix}[price]`);
    validateItems([sub.items.data[0]?.price ?? price, price], sub.currency);
    const added = buildItem(
      account,
      sub.id,
      {
        price,
        quantity: quantity ?? 1,
        taxRates: taxRates ?? null,
        metadata: mergeMetadata({}, metadata),
        discounts: discounts ?? [],
      },
      periodOf(sub),
    );
    if (prorate) {
      prorationItem(account, sub, added, price, quantity ?? 1, 1, prorationDate);
      prorated = true;
    }
    sub.items.data.push(added);
  });
  if (sub.items.data.length === 0) throw invalidParam('items', 'A subscription must have at least one active item.');
  const cancelAtPeriodEnd = params.bool('cancel_at_period_end');
  if (cancelAtPeriodEnd !== undefined) {
    sub.cancel_at_period_end = cancelAtPeriodEnd;
    sub.cancel_at = cancelAtPeriodEnd ? periodOf(sub).end : null;
    if (!cancelAtPeriodEnd) sub.canceled_at = null;
    else sub.canceled_at = now;
  }
  if (params.raw['cancel_at'] === '') {
    params.ignore('cancel_at');
    sub.cancel_at = null;
  } else {
    const cancelAt = params.int('cancel_at');
    if (cancelAt !== undefined) sub.cancel_at = cancelAt;
  }
  const details = params.object('cancellation_details');
  if (details) {
    const comment = details.nullableString('comment');
    const feedback = details.nullableString('feedback') as
      Stripe.Subscription.CancellationDetails.Feedback | null | undefined;
    details.ignore('feedback_option');
    details.done();
    sub.cancellation_details = {
      comment: comment === undefined ? (sub.cancellation_details?.comment ?? null) : comment,
      feedback: feedback === undefined ? (sub.cancellation_details?.feedback ?? null) : feedback,
      feedback_option: sub.cancellation_details?.feedback_option ?? null,
      reason: sub.cancellation_details?.reason ?? null,
    };
  }
  const collection = params.enum('collection_method', ['charge_automatically', 'send_invoice'] as const);
  if (collection !== undefined) sub.collection_method = collection;
  const days = params.int('days_until_due', { min: 0 });
  if (days !== undefined) sub.days_until_due = days;
  if (sub.collection_method === 'charge_automatically') sub.days_until_due = null;
  else if (sub.days_until_due === null) throw missingParam('days_until_due');
  const pm = params.nullableString('default_payment_method');
  if (pm !== undefined) sub.default_payment_method = pm;
  const taxRates = readTaxRates(account, params, 'default_tax_rates');
  if (taxRates !== undefined) sub.default_tax_rates = taxRates;
  const description = params.nullableString('description');
  if (description !== undefined) sub.description = description;
  const discounts = readDiscounts(account, params, { customer: customerOf(sub), subscription: sub.id });
  if (discounts !== undefined) sub.discounts = discounts;
  if (params.has('metadata')) sub.metadata = mergeMetadata(sub.metadata, params.metadata());
  sub.invoice_settings = readInvoiceSettings(params, sub.invoice_settings);
  const trialSettings = readTrialSettings(params);
  if (trialSettings) sub.trial_settings = trialSettings;
  if (params.raw['pause_collection'] === '') {
    params.ignore('pause_collection');
    sub.pause_collection = null;
  } else {
    const pause = params.object('pause_collection');
    if (pause) {
      sub.pause_collection = {
        behavior: pause.enum('behavior', ['keep_as_draft', 'mark_uncollectible', 'void'] as const, { required: true }),
        resumes_at: pause.int('resumes_at') ?? null,
      };
      pause.done();
    }
  }
  const trialEnd = readTrialEnd(params);
  let endTrialNow = false;
  if (trialEnd !== undefined) {
    if (sub.status !== 'trialing' && trialEnd !== 'now') sub.status = 'trialing';
    const end = trialEnd === 'now' ? now : trialEnd;
    sub.trial_end = end;
    sub.trial_start = sub.trial_start ?? now;
    sub.billing_cycle_anchor = end;
    sub.items.data = sub.items.data.map((i) => ({ ...i, current_period_end: end }));
    endTrialNow = trialEnd === 'now';
  }
  const anchor = params.raw['billing_cycle_anchor'];
  params.ignore('billing_cycle_anchor');
  if (anchor !== undefined && anchor !== 'unchanged' && anchor !== 'now')
    throw invalidParam('billing_cycle_anchor', 'billing_cycle_anchor must be now or unchanged.');
  params.ignore('payment_behavior', 'trial_from_plan', ...IGNORED);
  const added = addInvoiceItems(account, params, { id: sub.id, customer: customerOf(sub), currency: sub.currency });
  params.done();
  save(account, sub);
  emitUpdated(account, before, sub);
  if (endTrialNow) {
    maybeTrialNotice(account, sub);
    advanceSubscriptions(account);
  } else if ((prorated || added.length > 0) && prorationBehavior === 'always_invoice') {
    const invoice = invoiceFor(account, sub, {
      reason: 'subscription_update',
      lines: [],
      periodStart: now,
      periodEnd: now,
    });
    const latest = account.update<Stored<Subscription>>(sub.id, 'subscription', { latest_invoice: invoice.id });
    account.emit('invoice.created', stored(invoice));
    emitUpdated(account, sub, latest.object);
    collectNow(account, invoice.id, false);
  }
  return account.get<Stored<Subscription>>(sub.id, 'subscription');
}

function cancel({ account, params, path }: RouteContext): Stored<Subscription> {
  const sub = account.get<Stored<Subscription>>(path['id'] ?? '', 'subscription');
  if (sub.status === 'canceled') throw invalidState(`The subscription ${sub.id} has already been canceled.`);
  const details = params.object('cancellation_details');
  const comment = details?.nullableString('comment') ?? null;
  const feedback = (details?.nullableString('feedback') ??
    null) as Stripe.Subscription.CancellationDetails.Feedback | null;
  details?.ignore('feedback_option');
  details?.done();
  const invoiceNow = params.bool('invoice_now') ?? false;
  const prorate = params.bool('prorate') ?? false;
  params.done();
  const now = account.now();
  if (prorate && ['active', 'past_due'].includes(sub.status))
    for (const item of sub.items.data) prorationItem(account, sub, item, item.price, item.quantity ?? 1, -1, now);
  const canceled = cancelNow(account, sub, now, 'cancellation_requested', { comment, feedback });
  const pending = account
    .list<Stored<Stripe.InvoiceItem>>('invoiceitem')
    .some((item) => item.invoice === null && item.parent?.subscription_details?.subscription === sub.id);
  if (invoiceNow && pending) {
    const invoice = invoiceFor(account, canceled, {
      reason: 'subscription_update',
      lines: [],
      periodStart: now,
      periodEnd: now,
    });
    account.emit('invoice.created', stored(invoice));
    collectNow(account, invoice.id, false);
  }
  return account.get<Stored<Subscription>>(sub.id, 'subscription');
}

export const routes: Route[] = [
  { method: 'POST', path: '/v1/subscriptions', handler: create },
  {
    method: 'GET',
    path: '/v1/subscriptions/:id',
    handler: ({ account, params, path }) => {
      params.done();
      return account.get<Stored<Subscription>>(path['id'] ?? '', 'subscription');
    },
  },
  { method: 'POST', path: '/v1/subscriptions/:id', handler: update },
  { method: 'DELETE', path: '/v1/subscriptions/:id', handler: cancel },
  {
    method: 'GET',
    path: '/v1/subscriptions',
    handler: ({ account, params }) => {
      const customer = params.string('customer');
      const price = params.string('price') ?? params.string('plan');
      const status = params.enum('status', [
        'active',
        'all',
        'canceled',
        'ended',
        'incomplete',
        'incomplete_expired',
        'past_due',
        'paused',
        'trialing',
        'unpaid',
      ] as const);
      const collection = params.enum('collection_method', ['charge_automatically', 'send_invoice'] as const);
      const created = createdFilter(params);
      const periodEnd = createdFilter(params, 'current_period_end');
      const periodStart = createdFilter(params, 'current_period_start');
      params.ignore('automatic_tax', 'test_clock', 'customer_account');
      const ended = ['canceled', 'incomplete_expired'];
      const items = account.list<Stored<Subscription>>('subscription').filter((sub) => {
        const period = periodOf(sub);
        const statusOk =
          status === 'all'
            ? true
            : status === 'ended'
              ? ended.includes(sub.status)
              : status === undefined
                ? !ended.includes(sub.status)
                : sub.status === status;
        return (
          statusOk &&
          (customer === undefined || sub.customer === customer) &&
          (price === undefined || sub.items.data.some((i) => i.price.id === price)) &&
          (collection === undefined || sub.collection_method === collection) &&
          created(sub.created) &&
          periodEnd(period.end) &&
          periodStart(period.start)
        );
      });
      const list = paginate(items, params, '/v1/subscriptions');
      params.done();
      return list;
    },
  },
  {
    // Pages a subscription's items past the 10 embedded in `items` (core/embeddedLists.ts); `subscription`
    // is required (API reference, "List all subscription items").
    method: 'GET',
    path: '/v1/subscription_items',
    handler: ({ account, params }) => {
      const id = params.string('subscription');
      if (id === undefined) throw missingParam('subscription');
      const sub = account.get<Stored<Subscription>>(id, 'subscription');
      const list = paginate(
        sub.items.data.map((item) => item as unknown as StripeObject),
        params,
        `/v1/subscription_items?subscription=${sub.id}`,
      );
      params.done();
      return list;
    },
  },
];

export function register(account: SandboxAccount): void {
  account.clock.onAdvance(() => advanceSubscriptions(account));
}

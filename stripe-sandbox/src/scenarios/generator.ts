import type { SandboxSettings } from '../core/account';
import { Random } from '../core/clock';
import { ZERO_DECIMAL_CURRENCIES, amountStep } from '../resources/fees';
import type { ApiStep, FixtureFile, FixtureStep, Json } from './fixtures';

export interface GeneratorOptions {
  seed: number;
  /** Number of customers (default 12). */
  customers?: number;
  /** Months of billing to simulate (default 3); each month advances the clock 31 days. */
  months?: number;
  /** Customer currencies, each used at least once when there are enough customers. */
  currencies?: readonly string[];
  /** Include disputes won and lost (default true). */
  disputes?: boolean;
  /**
   * The Stripe account the scenario is written for: the currencies it has bank accounts in (default USD and
   * EUR, the sandbox's default) and its default currency (default USD), to which charges in other currencies
   * convert. Recorded in `_meta.generator.account`; `sandboxSettingsFor(file)` turns it into sandbox settings.
   */
  payoutCurrencies?: readonly string[];
  defaultCurrency?: string;
  /**
   * Refunds follow their charge by 1–6 hours instead of at once (default false), so a converted charge's
   * refund settles at another rate. Hours come from their own seeded stream: other steps stay the same.
   */
  refundsLater?: boolean;
  /**
   * The invoice lifecycle in the first month (default true): a voided invoice, an uncollectible one paid
   * later, credit notes before payment, to the customer balance (used by the next invoice), out of band and
   * voided, a downgrade's negative proration invoice, and a partial refund of a taxed two-line invoice. They
   * draw on their own seeded stream: every other step stays as it was (only later step names shift).
   */
  invoiceLifecycle?: boolean;
}

/** The account settings a generated file was written for (empty for files without them). */
export function sandboxSettingsFor(file: FixtureFile): Partial<SandboxSettings> {
  const generator = file._meta['generator'];
  if (!generator || typeof generator !== 'object' || Array.isArray(generator)) return {};
  const account = generator['account'];
  if (!account || typeof account !== 'object' || Array.isArray(account)) return {};
  const settings: Partial<SandboxSettings> = {};
  const currencies = account['settlement_currencies'];
  if (Array.isArray(currencies)) settings.settlementCurrencies = currencies.map(String);
  if (typeof account['default_currency'] === 'string') settings.defaultCurrency = account['default_currency'];
  return settings;
}

/** Monthly plan prices in minor units (JPY is zero-decimal: ¥1,800). */
const PLAN_PRICES: Record<string, { basic: number; pro: number }> = {
  usd: { basic: 1500, pro: 4900 },
  eur: { basic: 1400, pro: 4500 },
  gbp: { basic: 1200, pro: 3900 },
  jpy: { basic: 1800, pro: 5800 },
  cad: { basic: 1900, pro: 6500 },
  aud: { basic: 2100, pro: 6900 },
};

const FIRST_NAMES = [
  'Ada',
  'Grace',
  'Alan',
  'Hedy',
  'Linus',
  'Ken',
  'Yukihiro',
  'Margaret',
  'Edsger',
  'Barbara',
  'Tim',
  'Frances',
];
const LAST_NAMES = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Lamarr',
  'Torvalds',
  'Thompson',
  'Matsumoto',
  'Hamilton',
  'Dijkstra',
  'Liskov',
];
const GOOD_CARDS = ['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex'];
/** Attaches fine, declines every charge (Stripe test card). */
const FAILING_CARD = 'pm_card_chargeCustomerFail';
/** Charges succeed and are then disputed as fraudulent (Stripe test card). */
const DISPUTE_CARD = 'pm_card_createDispute';

type Activity =
  | 'charge'
  | 'full_refund'
  | 'partial_refund'
  | 'dispute_won'
  | 'dispute_lost'
  | 'credit_note'
  | 'uncollectible'
  | 'cancel'
  | LifecycleActivity;

/** The invoice lifecycle cases (issue 13), each once in the first month, from their own stream. */
const LIFECYCLE = [
  'invoice_void',
  'uncollectible_paid',
  'credit_note_open',
  'credit_note_balance',
  'credit_note_out_of_band',
  'credit_note_void',
  'downgrade',
  'taxed_partial_refund',
] as const;
type LifecycleActivity = (typeof LIFECYCLE)[number];

interface Customer {
  index: number;
  currency: string;
  card: string;
  subscribed: boolean;
  cancelled: boolean;
  /** The subscription's plan and quantity (a downgrade needs pro or more than one seat). */
  plan?: 'basic' | 'pro';
  quantity?: number;
}

function oneOffAmount(random: Random, currency: string): number {
  // 5–500 major units; two-decimal currencies get some cents, three-decimal ones some fils ending in 0.
  const units = random.int(5, 500);
  if (ZERO_DECIMAL_CURRENCIES.has(currency)) return units * 100;
  const fraction = random.pick([0, 0, 50, 99]);
  if (amountStep(currency) === 10) return units * 1000 + fraction * 10;
  return amountStep(currency) === 100 ? units * 100 : units * 100 + fraction;
}

/** A share of `amount` valid in `currency`: JPY in whole hundreds (as before), ISK/UGX/KWD… on their step. */
function shareOf(amount: number, divisor: number, currency: string): number {
  if (ZERO_DECIMAL_CURRENCIES.has(currency)) return Math.floor(amount / (divisor * 100)) * 100;
  const step = amountStep(currency);
  return Math.floor(amount / divisor / step) * step;
}

function isLifecycle(activity: Activity): activity is LifecycleActivity {
  return (LIFECYCLE as readonly string[]).includes(activity);
}

/** Each lifecycle case once, on a seeded day, for a customer who can take it (a downgrade: pro or seats). */
function lifecyclePlan(
  stream: Random,
  payers: readonly Customer[],
): { day: number; customer: Customer; activity: Activity }[] {
  const plan: { day: number; customer: Customer; activity: Activity }[] = [];
  for (const activity of LIFECYCLE) {
    const day = stream.int(1, 27);
    const candidates =
      activity === 'downgrade'
        ? payers.filter((c) => c.subscribed && (c.plan === 'pro' || (c.quantity ?? 1) > 1))
        : payers;
    if (candidates.length > 0) plan.push({ day, customer: stream.pick(candidates), activity });
  }
  return plan;
}

/**
 * A seeded, realistic scenario in the Stripe CLI fixture format (plus sandbox steps): customers in several
 * currencies with monthly subscriptions (some discounted, some taxed, some failing), one-off charges, full
 * and partial refunds, disputes won and lost, credit notes, uncollectible invoices and payouts, over
 * `months` clock-driven billing cycles. Same options → same file.
 */
export function generateScenario(options: GeneratorOptions): FixtureFile {
  const random = new Random(options.seed);
  const customerCount = options.customers ?? 12;
  const months = options.months ?? 3;
  const currencies = options.currencies ?? ['usd', 'eur', 'gbp', 'jpy'];
  const payoutCurrencies = options.payoutCurrencies ?? ['usd', 'eur'];
  const defaultCurrency = options.defaultCurrency ?? 'usd';
  // Its own stream, so that asking for later refunds leaves every other step as it was.
  const refundHours = options.refundsLater ? new Random(options.seed ^ 0x7ef0d) : null;
  const steps: FixtureStep[] = [];
  let counter = 0;
  const api = (
    name: string,
    method: string,
    path: string,
    params?: { [key: string]: Json },
    extra: Partial<ApiStep> = {},
  ): string => {
    steps.push({ name, method, path, ...(params ? { params } : {}), ...extra });
    return name;
  };
  const next = (prefix: string): string => `${prefix}_${++counter}`;

  // Catalogue: two products, a monthly price per product and currency, tax rates, coupons.
  api('product_basic', 'post', '/v1/products', { name: 'Basic plan', description: 'Basic monthly plan' });
  api('product_pro', 'post', '/v1/products', { name: 'Pro plan', description: 'Pro monthly plan' });
  for (const currency of currencies) {
    const amounts = PLAN_PRICES[currency] ?? { basic: 1500, pro: 4900 };
    for (const plan of ['basic', 'pro'] as const) {
      api(`price_${plan}_${currency}`, 'post', '/v1/prices', {
        product: `\${product_${plan}:id}`,
        currency,
        unit_amount: amounts[plan],
        recurring: { interval: 'month' },
        nickname: `${plan} ${currency.toUpperCase()} monthly`,
      });
    }
  }
  api('tax_rate_vat', 'post', '/v1/tax_rates', {
    display_name: 'VAT',
    percentage: 20,
    inclusive: false,
    jurisdiction: 'GB',
    country: 'GB',
  });
  api('tax_rate_sales', 'post', '/v1/tax_rates', {
    display_name: 'Sales tax',
    percentage: 8.25,
    inclusive: false,
    jurisdiction: 'US - CA',
    country: 'US',
    state: 'CA',
  });
  api('coupon_percent', 'post', '/v1/coupons', {
    percent_off: 10,
    duration: 'repeating',
    duration_in_months: 3,
    name: '10% off for 3 months',
  });
  api('coupon_once', 'post', '/v1/coupons', { percent_off: 25, duration: 'once', name: '25% off the first invoice' });

  // Customers, each with a card and (mostly) a subscription.
  const customers: Customer[] = [];
  for (let i = 0; i < customerCount; i++) {
    const currency = i < currencies.length ? (currencies[i] as string) : random.pick(currencies);
    // The first customer past the currency round gets a declining card; later ones sometimes do.
    const failing = i === currencies.length || (i > currencies.length && random.next() < 0.1);
    const card = failing ? FAILING_CARD : random.pick(GOOD_CARDS);
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    api(`customer_${i}`, 'post', '/v1/customers', {
      name: `${first} ${last}`,
      email: `${first}.${last}.${i}@example.com`.toLowerCase(),
      description: `Generated customer ${i} (${currency.toUpperCase()})`,
      metadata: { scenario_index: String(i) },
    });
    api(`payment_method_${i}`, 'post', `/v1/payment_methods/${card}/attach`, { customer: `\${customer_${i}:id}` });
    api(`customer_${i}_default_pm`, 'post', `/v1/customers/\${customer_${i}:id}`, {
      invoice_settings: { default_payment_method: `\${payment_method_${i}:id}` },
    });
    const subscribed = i < currencies.length || random.next() < 0.8;
    let plan: 'basic' | 'pro' | undefined;
    let quantity: number | undefined;
    if (subscribed) {
      plan = random.pick(['basic', 'pro'] as const);
      quantity = random.int(1, 3);
      const params: { [key: string]: Json } = {
        customer: `\${customer_${i}:id}`,
        items: [{ price: `\${price_${plan}_${currency}:id}`, quantity }],
      };
      if (currency === 'eur' || currency === 'gbp') params['default_tax_rates'] = ['${tax_rate_vat:id}'];
      if (currency === 'usd' && random.next() < 0.5) params['default_tax_rates'] = ['${tax_rate_sales:id}'];
      const discount = random.next();
      // Coupons would leave ISK/UGX/three-decimal totals off their step: those customers get none.
      const couponable = amountStep(currency) === 1;
      if (couponable && discount < 0.2) params['discounts'] = [{ coupon: '${coupon_percent:id}' }];
      else if (couponable && discount < 0.3) params['discounts'] = [{ coupon: '${coupon_once:id}' }];
      api(`subscription_${i}`, 'post', '/v1/subscriptions', params);
    }
    customers.push({ index: i, currency, card, subscribed, cancelled: false, ...(plan ? { plan, quantity } : {}) });
  }

  // Each of these happens at least once, in the first month, to customers with working cards.
  const required: Activity[] = [
    'full_refund',
    'partial_refund',
    'dispute_won',
    'dispute_lost',
    'credit_note',
    'uncollectible',
  ];
  const payers = customers.filter((c) => c.card !== FAILING_CARD);
  const withDisputes = options.disputes ?? true;
  // Its own stream (days, customers, amounts), so the other activities draw exactly what they drew before.
  const lifecycle = (options.invoiceLifecycle ?? true) ? new Random(options.seed ^ 0x13c0de) : null;

  for (let month = 0; month < months; month++) {
    const plan: { day: number; customer: Customer; activity: Activity }[] = [];
    if (month === 0)
      for (const activity of required) {
        const entry = { day: random.int(1, 27), customer: random.pick(payers), activity };
        if (withDisputes || !activity.startsWith('dispute')) plan.push(entry);
      }
    if (month === 0 && lifecycle) plan.push(...lifecyclePlan(lifecycle, payers));
    for (const customer of customers) {
      if (random.next() < 0.4) plan.push({ day: random.int(1, 28), customer, activity: 'charge' });
      if (customer.card === FAILING_CARD) continue;
      const roll = random.next();
      const activity: Activity | null =
        roll < 0.1
          ? 'full_refund'
          : roll < 0.2
            ? 'partial_refund'
            : roll < 0.24
              ? 'credit_note'
              : roll < 0.27
                ? 'uncollectible'
                : roll < 0.29
                  ? random.pick(['dispute_won', 'dispute_lost'] as const)
                  : null;
      const day = activity ? random.int(1, 28) : 0;
      if (activity && (withDisputes || !activity.startsWith('dispute'))) plan.push({ day, customer, activity });
      if (month > 0 && customer.subscribed && !customer.cancelled && random.next() < 0.06) {
        plan.push({ day: random.int(1, 28), customer, activity: 'cancel' });
        customer.cancelled = true;
      }
    }
    plan.sort((a, b) => a.day - b.day);
    let day = 0;
    for (const item of plan) {
      if (item.day > day) {
        steps.push({ sandbox: 'advance_clock', days: item.day - day });
        day = item.day;
      }
      if (isLifecycle(item.activity) && lifecycle) emitLifecycle(lifecycle, item.customer, item.activity);
      else emitActivity(item.customer, item.activity);
    }
    steps.push({ sandbox: 'advance_clock', days: 31 - day });
    steps.push({ name: `payouts_month_${month + 1}`, sandbox: 'run_payouts' });
  }
  steps.push({ sandbox: 'deliver_webhooks' });

  function emitActivity(customer: Customer, activity: Activity): void {
    const i = customer.index;
    const currency = customer.currency;
    const amount = oneOffAmount(random, currency);
    const chargeParams = (paymentMethod: string, withCustomer: boolean): { [key: string]: Json } => ({
      amount,
      currency,
      ...(withCustomer ? { customer: `\${customer_${i}:id}` } : {}),
      payment_method: paymentMethod,
      payment_method_types: ['card'],
      confirm: true,
      description: `One-off purchase (customer ${i})`,
    });
    switch (activity) {
      case 'charge':
        api(
          next('payment_intent'),
          'post',
          '/v1/payment_intents',
          chargeParams(`\${payment_method_${i}:id}`, true),
          customer.card === FAILING_CARD ? { expected_error_type: 'card_error' } : {},
        );
        return;
      case 'full_refund':
      case 'partial_refund': {
        const pi = api(
          next('payment_intent'),
          'post',
          '/v1/payment_intents',
          chargeParams(`\${payment_method_${i}:id}`, true),
        );
        const params: { [key: string]: Json } = { payment_intent: `\${${pi}:id}`, reason: 'requested_by_customer' };
        if (activity === 'partial_refund') params['amount'] = shareOf(amount, 3, currency);
        if (refundHours) steps.push({ sandbox: 'advance_clock', seconds: refundHours.int(1, 6) * 3600 });
        api(next('refund'), 'post', '/v1/refunds', params);
        return;
      }
      case 'dispute_won':
      case 'dispute_lost': {
        const pi = api(next('payment_intent'), 'post', '/v1/payment_intents', chargeParams(DISPUTE_CARD, false));
        const list = api(next('disputes'), 'get', '/v1/disputes', { payment_intent: `\${${pi}:id}` });
        api(next('dispute_evidence'), 'post', `/v1/disputes/\${${list}:data.0.id}`, {
          evidence: { uncategorized_text: activity === 'dispute_won' ? 'winning_evidence' : 'losing_evidence' },
        });
        return;
      }
      case 'credit_note': {
        api(next('invoiceitem'), 'post', '/v1/invoiceitems', {
          customer: `\${customer_${i}:id}`,
          amount,
          currency,
          description: 'Consulting',
        });
        const invoice = api(next('invoice'), 'post', '/v1/invoices', {
          customer: `\${customer_${i}:id}`,
          pending_invoice_items_behavior: 'include',
          auto_advance: false,
          description: 'One-off services',
        });
        api(next('invoice_finalized'), 'post', `/v1/invoices/\${${invoice}:id}/finalize`);
        api(next('invoice_paid'), 'post', `/v1/invoices/\${${invoice}:id}/pay`);
        const credited = Math.max(Math.max(100, amountStep(currency)), shareOf(amount, 2, currency));
        api(next('credit_note'), 'post', '/v1/credit_notes', {
          invoice: `\${${invoice}:id}`,
          lines: [{ type: 'custom_line_item', unit_amount: credited, quantity: 1, description: 'Goodwill credit' }],
          refund_amount: credited,
          reason: 'order_change',
        });
        return;
      }
      case 'uncollectible': {
        api(next('invoiceitem'), 'post', '/v1/invoiceitems', {
          customer: `\${customer_${i}:id}`,
          amount,
          currency,
          description: 'Annual support',
        });
        const invoice = api(next('invoice'), 'post', '/v1/invoices', {
          customer: `\${customer_${i}:id}`,
          pending_invoice_items_behavior: 'include',
          collection_method: 'send_invoice',
          days_until_due: 14,
          auto_advance: false,
        });
        api(next('invoice_finalized'), 'post', `/v1/invoices/\${${invoice}:id}/finalize`);
        api(next('invoice_uncollectible'), 'post', `/v1/invoices/\${${invoice}:id}/mark_uncollectible`);
        return;
      }
      case 'cancel':
        api(next('subscription_cancel'), 'delete', `/v1/subscriptions/\${subscription_${i}:id}`);
        return;
    }
  }

  /** A finalized invoice of the customer's pending items; `send` bills by email (net 14), else charges. */
  function finalizedInvoice(i: number, send: boolean): string {
    const invoice = api(next('invoice'), 'post', '/v1/invoices', {
      customer: `\${customer_${i}:id}`,
      pending_invoice_items_behavior: 'include',
      auto_advance: false,
      ...(send ? { collection_method: 'send_invoice', days_until_due: 14 } : {}),
    });
    api(next('invoice_finalized'), 'post', `/v1/invoices/\${${invoice}:id}/finalize`);
    return invoice;
  }

  function invoiceItem(i: number, amount: number, currency: string, description: string, taxRate?: string): void {
    api(next('invoiceitem'), 'post', '/v1/invoiceitems', {
      customer: `\${customer_${i}:id}`,
      amount,
      currency,
      description,
      ...(taxRate ? { tax_rates: [`\${${taxRate}:id}`] } : {}),
    });
  }

  function emitLifecycle(stream: Random, customer: Customer, activity: LifecycleActivity): void {
    const i = customer.index;
    const currency = customer.currency;
    const amount = oneOffAmount(stream, currency);
    const share = Math.max(Math.max(100, amountStep(currency)), shareOf(amount, 2, currency));
    const pay = (invoice: string): void => {
      api(next('invoice_paid'), 'post', `/v1/invoices/\${${invoice}:id}/pay`, {
        payment_method: `\${payment_method_${i}:id}`,
      });
    };
    const creditNote = (invoice: string, params: { [key: string]: Json }): string =>
      api(next('credit_note'), 'post', '/v1/credit_notes', { invoice: `\${${invoice}:id}`, amount: share, ...params });
    switch (activity) {
      case 'invoice_void': {
        invoiceItem(i, amount, currency, 'Onboarding workshop');
        const invoice = finalizedInvoice(i, true);
        api(next('invoice_voided'), 'post', `/v1/invoices/\${${invoice}:id}/void`);
        return;
      }
      case 'uncollectible_paid': {
        invoiceItem(i, amount, currency, 'Implementation services');
        const invoice = finalizedInvoice(i, true);
        api(next('invoice_uncollectible'), 'post', `/v1/invoices/\${${invoice}:id}/mark_uncollectible`);
        pay(invoice);
        return;
      }
      case 'credit_note_open': {
        invoiceItem(i, amount, currency, 'Training days');
        creditNote(finalizedInvoice(i, true), { reason: 'order_change' });
        return;
      }
      case 'credit_note_balance': {
        // Credit to the balance on a paid invoice; the next invoice (larger) is paid from it, the rest by card.
        invoiceItem(i, amount, currency, 'Data migration');
        const invoice = finalizedInvoice(i, false);
        pay(invoice);
        creditNote(invoice, { credit_amount: share, reason: 'product_unsatisfactory' });
        invoiceItem(i, amount, currency, 'Data migration, second batch');
        pay(finalizedInvoice(i, false));
        return;
      }
      case 'credit_note_out_of_band': {
        invoiceItem(i, amount, currency, 'Hardware');
        const invoice = finalizedInvoice(i, false);
        pay(invoice);
        creditNote(invoice, { out_of_band_amount: share, reason: 'order_change' });
        return;
      }
      case 'credit_note_void': {
        invoiceItem(i, amount, currency, 'Custom report');
        const note = creditNote(finalizedInvoice(i, true), { reason: 'duplicate' });
        api(next('credit_note_voided'), 'post', `/v1/credit_notes/\${${note}:id}/void`);
        return;
      }
      case 'downgrade': {
        // Down to one basic seat, invoiced at once: the unused time back exceeds the new plan's, a negative invoice.
        api(next('subscription_downgrade'), 'post', `/v1/subscriptions/\${subscription_${i}:id}`, {
          items: [
            { id: `\${subscription_${i}:items.data.0.id}`, price: `\${price_basic_${currency}:id}`, quantity: 1 },
          ],
          proration_behavior: 'always_invoice',
        });
        return;
      }
      case 'taxed_partial_refund': {
        // Lines in multiples of 800 minor units: 8.25% and 20% tax are whole, and so is half of everything.
        const [rate, percent] = currency === 'usd' ? ['tax_rate_sales', 8.25] : ['tax_rate_vat', 20];
        const lines = [stream.int(1, 20) * 800, stream.int(1, 20) * 800];
        invoiceItem(i, lines[0] ?? 0, currency, 'Seats', rate);
        invoiceItem(i, lines[1] ?? 0, currency, 'Storage', rate);
        const invoice = finalizedInvoice(i, false);
        pay(invoice);
        const net = (lines[0] ?? 0) + (lines[1] ?? 0);
        const payments = api(next('invoice_payments'), 'get', '/v1/invoice_payments', { invoice: `\${${invoice}:id}` });
        if (refundHours) steps.push({ sandbox: 'advance_clock', seconds: refundHours.int(1, 6) * 3600 });
        api(next('refund'), 'post', '/v1/refunds', {
          payment_intent: `\${${payments}:data.0.payment.payment_intent}`,
          amount: (net + (net * percent) / 100) / 2,
          reason: 'requested_by_customer',
        });
        return;
      }
    }
  }

  return {
    _meta: {
      template_version: 0,
      generator: {
        seed: options.seed,
        customers: customerCount,
        months,
        currencies: [...currencies],
        account: { default_currency: defaultCurrency, settlement_currencies: [...payoutCurrencies] },
      },
    },
    fixtures: steps,
  };
}

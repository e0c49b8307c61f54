/**
 * The parts of Stripe objects the connector reads, as they arrive in webhooks or from the API: the one place
 * for Stripe types in src/suitescript (nothing else imports the `stripe` package). Narrower than the
 * `stripe` package's types on purpose: expandable fields may be an ID or the object, and older API versions
 * lack some fields, so every read is checked.
 */
export type Expandable<T extends { id: string }> = string | T;

export type Metadata = Readonly<Record<string, string>>;

export interface StripeCustomer {
  id: string;
  object: 'customer';
  deleted?: boolean;
  name?: string | null;
  email?: string | null;
  currency?: string | null;
  description?: string | null;
  created?: number;
  metadata?: Metadata;
  phone?: string | null;
  address?: StripeAddress | null;
  shipping?: { name?: string | null; phone?: string | null; address?: StripeAddress | null } | null;
}

/** Stripe's Address hash (customer `address`, `shipping.address`). */
export interface StripeAddress {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  state?: string | null;
  postal_code?: string | null;
  country?: string | null;
}

export interface StripeProduct {
  id: string;
  name?: string;
  description?: string | null;
  active?: boolean;
}

export interface StripePrice {
  id: string;
  object?: 'price';
  nickname?: string | null;
  currency: string;
  unit_amount?: number | null;
  /** Minor units, as a decimal string (fractions of a cent allowed). */
  unit_amount_decimal?: string | null;
  /** False for the inline prices `price_data` makes (and for archived prices). */
  active?: boolean;
  recurring?: { interval: string; interval_count?: number } | null;
  product: Expandable<StripeProduct>;
  created?: number;
  metadata?: Metadata;
}

export interface StripeCoupon {
  id: string;
  name?: string | null;
  metadata?: Metadata;
}

export interface StripeDiscount {
  id: string;
  coupon?: Expandable<StripeCoupon> | null;
  source?: { coupon?: Expandable<StripeCoupon> | null } | null;
}

export interface StripeInvoiceLine {
  id: string;
  amount: number;
  currency?: string;
  description?: string | null;
  quantity?: number | null;
  /** The service period, Unix seconds; `end` is exclusive. */
  period?: { start: number; end: number } | null;
  pricing?: {
    price_details?: { price: Expandable<StripePrice>; product?: string } | null;
    /** Minor units per unit, as a decimal string. */
    unit_amount_decimal?: string | null;
  } | null;
  /** What each discount took off this line (line-level and its share of invoice-level ones). */
  discount_amounts?: readonly { amount: number; discount: Expandable<StripeDiscount> }[] | null;
  /** The line's own discounts (line-level); invoice-level discounts are on the invoice. */
  discounts?: readonly Expandable<StripeDiscount>[] | null;
  /** Older API versions. */
  price?: Expandable<StripePrice> | null;
  taxes?: readonly { amount: number; tax_behavior?: string | null }[] | null;
}

export interface StripeInvoicePayment {
  id: string;
  amount_paid?: number | null;
  status?: string;
  payment: {
    type: string;
    charge?: Expandable<{ id: string }> | null;
    payment_intent?: Expandable<{ id: string; latest_charge?: Expandable<{ id: string }> | null }> | null;
  };
  status_transitions?: { paid_at?: number | null } | null;
}

export interface StripeInvoice {
  id: string;
  object: 'invoice';
  number?: string | null;
  status: string | null;
  currency: string;
  customer: Expandable<StripeCustomer> | null;
  customer_name?: string | null;
  customer_email?: string | null;
  created?: number;
  total: number;
  amount_paid?: number;
  lines: { data: readonly StripeInvoiceLine[]; has_more?: boolean };
  total_discount_amounts?: readonly { amount: number; discount: Expandable<StripeDiscount> }[] | null;
  total_taxes?: readonly { amount: number }[] | null;
  /** Older API versions. */
  total_tax_amounts?: readonly { amount: number }[] | null;
  discounts?: readonly Expandable<StripeDiscount>[] | null;
  /** Shipping added to the invoice (not a line): `amount_total` includes `amount_tax`. */
  shipping_cost?: { amount_subtotal: number; amount_tax: number; amount_total: number } | null;
  status_transitions?: {
    finalized_at?: number | null;
    paid_at?: number | null;
    voided_at?: number | null;
    marked_uncollectible_at?: number | null;
  } | null;
  payments?: { data: readonly StripeInvoicePayment[]; has_more?: boolean } | null;
  /** The customer balance before and after finalization (negative: credit); the difference paid the invoice. */
  starting_balance?: number | null;
  ending_balance?: number | null;
  /** Credit notes issued while the invoice was open, and after it was paid. */
  pre_payment_credit_notes_amount?: number;
  post_payment_credit_notes_amount?: number;
  /** What is still due (Stripe's `amount_remaining`). */
  amount_remaining?: number;
  /** Paid outside Stripe (the pinned API version). */
  amount_paid_off_stripe?: number;
  /** Older API versions (removed in 2025-03-31.basil): the invoice was paid outside Stripe. */
  paid_out_of_band?: boolean;
  /** Payment attempts: a failed automatic collection leaves it above 0 with the invoice open. */
  attempt_count?: number;
  /** The subscription that made it, at the pinned API version. */
  parent?: { subscription_details?: { subscription?: Expandable<{ id: string }> | null } | null } | null;
  /** Control key (booking/metadataControl.ts): `netsuite_block_integration`. */
  metadata?: Metadata;
}

/** A subscription as `customer.subscription.deleted` carries it. */
export interface StripeSubscription {
  id: string;
  object: 'subscription';
  status: string;
  customer: Expandable<StripeCustomer> | null;
  cancellation_details?: { reason?: string | null } | null;
}

export interface StripeRefund {
  id: string;
  amount: number;
  currency: string;
  status?: string | null;
  created: number;
  reason?: string | null;
  charge?: Expandable<{ id: string }> | null;
  /** Its own balance transaction: a refund settles at the rate of its own day. */
  balance_transaction?: Expandable<StripeBalanceTransaction> | null;
  /** Control keys (booking/metadataControl.ts): `netsuite_block_integration`, `netsuite_credit_memo_id`. */
  metadata?: Metadata;
}

export interface StripeCharge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured?: number;
  amount_refunded?: number;
  currency: string;
  status: string;
  captured?: boolean;
  paid?: boolean;
  created: number;
  description?: string | null;
  customer?: Expandable<StripeCustomer> | null;
  payment_intent?: Expandable<{ id: string }> | null;
  refunds?: { data: readonly StripeRefund[]; has_more?: boolean } | null;
  billing_details?: { name?: string | null; email?: string | null } | null;
  /** How Stripe settled it: amount and currency in the balance, and the rate when converted. */
  balance_transaction?: Expandable<StripeBalanceTransaction> | null;
  /** Legacy API (Orders, removed in 2020): the order this charge paid (`or_…`). */
  order?: Expandable<{ id: string }> | null;
  /** Control keys (booking/metadataControl.ts): `netsuite_block_integration`, `netsuite_invoice_id`, `netsuite_customer_id`. */
  metadata?: Metadata;
}

/** One entry of a balance transaction's `fee_details`; `amount` in the balance transaction's currency. */
/** A dispute (`dp_…`): its `balance_transactions` hold the withdrawal and, when won, the reinstatement. */
export interface StripeDispute {
  id: string;
  object?: 'dispute';
  /** Disputed amount, minor units of `currency` (the charge's). */
  amount: number;
  currency: string;
  charge: Expandable<StripeCharge>;
  created: number;
  /** warning_needs_response, needs_response, under_review, won, lost, warning_closed, … */
  status: string;
  reason?: string | null;
  balance_transactions: readonly StripeBalanceTransaction[];
}

export interface StripeFeeDetail {
  amount: number;
  type: string;
  description?: string | null;
}

/** A balance transaction's `source` when expanded: a charge, refund, dispute, payout, … */
export interface StripeBalanceTransactionSource {
  id: string;
  object?: string;
  amount?: number;
  amount_captured?: number;
  currency?: string;
  /** A refund's or dispute's charge. */
  charge?: Expandable<{ id: string }> | null;
}

export interface StripeBalanceTransaction {
  id: string;
  amount: number;
  currency: string;
  exchange_rate?: number | null;
  fee?: number;
  net?: number;
  reporting_category?: string;
  source?: Expandable<StripeBalanceTransactionSource> | null;
  fee_details?: readonly StripeFeeDetail[];
}

/** A balance transaction as a payout's list returns it (`GET /v1/balance_transactions?payout=po_…`). */
export interface StripePayoutBalanceTransaction extends StripeBalanceTransaction {
  fee: number;
  net: number;
  exchange_rate: number | null;
  reporting_category: string;
  source: Expandable<StripeBalanceTransactionSource> | null;
}

export interface StripePayout {
  id: string;
  object?: 'payout';
  amount: number;
  currency: string;
  status: string;
  /** False for payouts made by hand, whose balance transactions Stripe does not itemise. */
  automatic: boolean;
  /** Unix seconds. */
  arrival_date: number;
  /** The payout's own balance transaction. */
  balance_transaction?: Expandable<StripeBalanceTransaction> | null;
  /**
   * "If completed, you can use the Balance Transactions API to list all balance transactions that are paid
   * out in this payout" (Stripe API reference, the Payout object). Absent from older API versions.
   */
  reconciliation_status?: 'completed' | 'in_progress' | 'not_applicable';
  failure_code?: string | null;
  failure_message?: string | null;
  /** The balance transaction that puts the funds of a failed or canceled payout back in the balance. */
  failure_balance_transaction?: Expandable<StripeBalanceTransaction> | null;
}

/**
 * What every event's `data.object` is at least; a handler narrows it to the object its type names. Some
 * objects (balance) have no ID.
 */
export interface StripeEventObject {
  id?: string;
  object: string;
}

export interface StripeEvent {
  id: string;
  object?: 'event';
  type: string;
  /** Unix seconds. */
  created: number;
  livemode: boolean;
  /** The connected account, for Connect events. */
  account?: string;
  data: { object: StripeEventObject; previous_attributes?: Readonly<Record<string, unknown>> };
}

export function idOf(value: Expandable<{ id: string }> | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

/** A credit note line: against an invoice line (`invoice_line_item`) or a custom amount. */
export interface StripeCreditNoteLine {
  id: string;
  /** Minor units, before discounts and exclusive tax; inclusive tax is part of it. */
  amount: number;
  type: 'invoice_line_item' | 'custom_line_item' | string;
  invoice_line_item?: string | null;
  description?: string | null;
  quantity?: number | null;
  discount_amount?: number;
  taxes?: readonly { amount: number; tax_behavior?: string | null }[] | null;
}

/**
 * A credit note (`cn_…`). Its total is split: `pre_payment_amount` lowers what the open invoice still asks;
 * `post_payment_amount` (credited after payment) is refunds (`refunds`), credit to the customer balance
 * (its `customer_balance_transaction`) and `out_of_band_amount`.
 */
export interface StripeCreditNote {
  id: string;
  object: 'credit_note';
  status: 'issued' | 'void' | string;
  currency: string;
  customer: Expandable<StripeCustomer>;
  invoice: Expandable<{ id: string }>;
  number?: string | null;
  created: number;
  effective_at?: number | null;
  memo?: string | null;
  reason?: string | null;
  total: number;
  pre_payment_amount?: number;
  post_payment_amount?: number;
  out_of_band_amount?: number | null;
  customer_balance_transaction?: Expandable<{ id: string }> | null;
  refunds?: readonly { refund: Expandable<StripeRefund>; amount_refunded: number }[] | null;
  /** Older API versions: one refund. */
  refund?: Expandable<StripeRefund> | null;
  lines: { data: readonly StripeCreditNoteLine[]; has_more?: boolean };
}

/**
 * Legacy Orders API (SKUs and orders, removed from Stripe's API in 2020; the older connector booked them): the
 * shapes of the last API versions that had them, as the local sandbox serves them.
 */
export interface StripeSku {
  id: string;
  object: 'sku';
  active?: boolean;
  /** Minor units of `currency`, per unit. */
  price: number;
  currency: string;
  product: Expandable<StripeLegacyProduct>;
  attributes?: Readonly<Record<string, string>>;
  created?: number;
  metadata?: Metadata;
}

/** A product as SKUs name it: `shippable` says whether it is a physical good (an inventory item). */
export interface StripeLegacyProduct extends StripeProduct {
  shippable?: boolean | null;
}

/** One line of a legacy order: a SKU (`parent` its ID), or the order's tax, shipping or discount. */
export interface StripeOrderItem {
  object?: 'order_item';
  type: 'sku' | 'tax' | 'shipping' | 'discount' | string;
  /** Minor units of `currency`: the line's total (quantity × price for a SKU; a discount is negative). */
  amount: number;
  currency: string;
  description?: string | null;
  parent?: Expandable<{ id: string }> | null;
  quantity?: number | null;
}

export interface StripeOrder {
  id: string;
  object: 'order';
  amount: number;
  currency: string;
  /** The charge that paid it (`ch_…`), once paid. */
  charge?: Expandable<StripeCharge> | null;
  customer?: Expandable<StripeCustomer> | null;
  email?: string | null;
  items: readonly StripeOrderItem[];
  /** created, paid, canceled, fulfilled, returned. */
  status: string;
  created: number;
  status_transitions?: { paid?: number | null; canceled?: number | null } | null;
  metadata?: Metadata;
}

/** The order a charge paid, from the legacy `order` field. */
export function orderOfCharge(charge: StripeCharge): string | null {
  return idOf(charge.order ?? null);
}

import type { SettingsModeList } from './connectorLists';

/** The connector's settings for one Stripe account (custom record customrecord_snc_settings). */
export type ProcessingMode = 'realtime' | 'high_volume';
export type CustomerMode = 'per_customer' | 'metadata' | 'match' | 'global';
export type ItemMode = 'per_price' | 'global' | 'metadata';
/** What closes a booked invoice Stripe voided, wrote off, saw paid elsewhere, or left open on a cancelled subscription. */
export type VoidHandling = 'void' | 'credit_memo';
export type KeepOrCredit = 'credit_memo' | 'keep_open';
export type OutOfBandHandling = 'credit_memo' | 'payment';
/** Invoice tax: one line on the Tax Item, or a tax code and Stripe's tax on each item line. */
export type TaxMode = 'tax_item' | 'per_line';

export interface ConnectorSettings {
  /** Internal ID of the settings record. */
  id: number;
  /** Stripe account ID (`acct_…`): a Connect event for another account is refused. */
  stripeAccountId: string;
  /** Which Stripe mode this account books: live or test events only. */
  livemode: boolean;
  processingMode: ProcessingMode;
  /** Script ID of the API Secret holding the webhook endpoint's signing secret (`custsecret_…`). */
  webhookSecretName: string;
  signatureToleranceSeconds: number;
  /** Attempts before a failing event is parked for an admin. */
  maxAttempts: number;
  /** Who is told about parked events: an email address, sent as the employee `notifyAuthor`. */
  notifyEmail: string | null;
  notifyAuthor: number | null;
  /** Booking: what Stripe objects become (internal IDs of NetSuite records, null when not set). */
  booking: BookingSettings;
}

export interface BookingSettings {
  /** Script ID of the API Secret holding the Stripe API key. */
  apiKeySecretName: string | null;
  subsidiary: number | null;
  undepositedFundsAccount: number | null;
  feeAccount: number | null;
  /** Stripe's currency conversion fees on deposits; null: the fee account. */
  conversionFeeAccount: number | null;
  /** Deposits: what Stripe settled converted charges at beyond (gain) or short of (loss) NetSuite's amount. */
  fxGainLossAccount: number | null;
  /** Deposits: dispute fees (cash back) and their returns; null: the fee account. */
  disputeFeeAccount: number | null;
  /** Deposits: funds a won dispute reinstates (other deposit); null: the income account. */
  disputeReinstatementAccount: number | null;
  incomeAccount: number | null;
  customerMode: CustomerMode;
  /** Customer mode `match`: the NetSuite customer field compared with the Stripe customer's email. */
  matchField: string | null;
  globalCustomer: number | null;
  itemMode: ItemMode;
  globalItem: number | null;
  taxItem: number | null;
  /** "Tax Mode": invoice tax on the Tax Item (one line), or per item line with `taxCode`. */
  taxMode: TaxMode;
  /** "Tax Code": the `salestaxitem` set on taxed lines in per_line mode (required there). */
  taxCode: number | null;
  /** "Exempt Tax Code": per_line mode, the `salestaxitem` of lines Stripe did not tax; null: no code. */
  exemptTaxCode: number | null;
  /** Invoice shipping (`shipping_cost`); null: the global item. */
  shippingItem: number | null;
  /**
   * Revenue Recognition Rule set on the items the connector creates (Advanced Revenue Management only);
   * null: none set.
   */
  revenueRecognitionRule: number | null;
  /**
   * Partial refunds of an invoice: one credit memo line on this item for the refund's part net of tax (its
   * tax share stays on the tax item). Null: the refund is spread across the invoice's lines pro rata.
   */
  partialRefundItem: number | null;
  /** "Create invoices for payments": a charge without a Stripe invoice gets a one-line invoice (global item). */
  chargeInvoices: boolean;
  /** Stripe objects created before this day (Unix seconds, UTC midnight) are not booked. */
  syncStart: number | null;
  /** "Void Handling": a voided Stripe invoice voids its NetSuite invoice, or closes it with a credit memo. */
  voidHandling: VoidHandling;
  /** "Uncollectible Invoices": closed with a credit memo, or kept open. */
  uncollectibleHandling: KeepOrCredit;
  /** "Out-of-Band Payments": closed with a credit memo, or a customer payment to `outOfBandAccount`. */
  outOfBandHandling: OutOfBandHandling;
  /** "Out-of-Band Payment Account": where payments made outside Stripe are booked (payment mode). */
  outOfBandAccount: number | null;
  /** "Invoices of Cancelled Subscriptions": an invoice left open when a failed payment cancelled it. */
  cancelledSubscriptionHandling: KeepOrCredit;
  /** "Update Customers From Stripe": customer.updated updates the linked customer (off: no NetSuite action). */
  updateCustomers: boolean;
  /** "Update Items From Stripe": product.updated updates its prices' and SKUs' items (off: no NetSuite action). */
  updateItems: boolean;
  /** "Inventory Asset Account": the asset account of the inventory items SKUs of shippable products become. */
  inventoryAssetAccount: number | null;
  /** "COGS Account": the cost of goods sold account of those inventory items. */
  cogsAccount: number | null;
  /** "Discount Item": order discount lines (legacy orders); null: the global item. */
  discountItem: number | null;
  /** "Order Billing": a paid order's sales order billed (invoice, deposit applied) at payment, or left to fulfilment. */
  orderBilling: OrderBilling;
  /**
   * "Write NetSuite IDs to Stripe": after booking, the internal IDs are written to the Stripe objects' metadata
   * (`netsuite_customer_id`, `netsuite_invoice_id`, …; booking/writeBacks.ts), queued and sent by the queue
   * Map/Reduce's summarize stage. Off by default: it needs a key that may write to Stripe.
   */
  writeBackIds: boolean;
  /** "Stripe Writes per Second": the most write-back requests sent in one second (Stripe's rate limits). */
  writeBackRate: number;
}

export type OrderBilling = 'bill_at_payment' | 'leave_to_fulfilment';

/** Field IDs of the settings record, by setting. */
export const SETTINGS_FIELDS = {
  stripeAccountId: 'custrecord_snc_set_account',
  livemode: 'custrecord_snc_set_livemode',
  processingMode: 'custrecord_snc_set_mode',
  webhookSecretName: 'custrecord_snc_set_whsec',
  signatureToleranceSeconds: 'custrecord_snc_set_tolerance',
  maxAttempts: 'custrecord_snc_set_max_attempts',
  notifyEmail: 'custrecord_snc_set_notify_email',
  notifyAuthor: 'custrecord_snc_set_notify_author',
  apiKeySecretName: 'custrecord_snc_set_api_key',
  subsidiary: 'custrecord_snc_set_subsidiary',
  undepositedFundsAccount: 'custrecord_snc_set_undep_account',
  feeAccount: 'custrecord_snc_set_fee_account',
  conversionFeeAccount: 'custrecord_snc_set_conversion_account',
  fxGainLossAccount: 'custrecord_snc_set_fx_account',
  disputeFeeAccount: 'custrecord_snc_set_dispute_fee_account',
  disputeReinstatementAccount: 'custrecord_snc_set_dispute_rein_account',
  incomeAccount: 'custrecord_snc_set_income_account',
  customerMode: 'custrecord_snc_set_customer_mode',
  matchField: 'custrecord_snc_set_match_field',
  globalCustomer: 'custrecord_snc_set_global_customer',
  itemMode: 'custrecord_snc_set_item_mode',
  globalItem: 'custrecord_snc_set_global_item',
  taxItem: 'custrecord_snc_set_tax_item',
  taxMode: 'custrecord_snc_set_tax_mode',
  taxCode: 'custrecord_snc_set_tax_code',
  exemptTaxCode: 'custrecord_snc_set_exempt_tax_code',
  shippingItem: 'custrecord_snc_set_shipping_item',
  revenueRecognitionRule: 'custrecord_snc_set_rev_rec_rule',
  partialRefundItem: 'custrecord_snc_set_partial_refund_item',
  syncStart: 'custrecord_snc_set_start_date',
  chargeInvoices: 'custrecord_snc_set_charge_invoices',
  voidHandling: 'custrecord_snc_set_void_handling',
  uncollectibleHandling: 'custrecord_snc_set_uncollectible',
  outOfBandHandling: 'custrecord_snc_set_oob_handling',
  outOfBandAccount: 'custrecord_snc_set_oob_account',
  cancelledSubscriptionHandling: 'custrecord_snc_set_cancelled_subs',
  updateCustomers: 'custrecord_snc_set_update_customers',
  updateItems: 'custrecord_snc_set_update_items',
  inventoryAssetAccount: 'custrecord_snc_set_asset_account',
  cogsAccount: 'custrecord_snc_set_cogs_account',
  discountItem: 'custrecord_snc_set_discount_item',
  orderBilling: 'custrecord_snc_set_order_billing',
  writeBackIds: 'custrecord_snc_set_write_back',
  writeBackRate: 'custrecord_snc_set_write_back_rate',
} as const;

/** The settings that are modes: SELECT fields on the connector's custom lists (connectorLists.ts). */
export const SETTINGS_MODE_LISTS = {
  customerMode: 'customlist_snc_customer_mode',
  itemMode: 'customlist_snc_item_mode',
  taxMode: 'customlist_snc_tax_mode',
  voidHandling: 'customlist_snc_void_handling',
  uncollectibleHandling: 'customlist_snc_invoice_closing',
  outOfBandHandling: 'customlist_snc_oob_handling',
  cancelledSubscriptionHandling: 'customlist_snc_invoice_closing',
  orderBilling: 'customlist_snc_order_billing',
} as const satisfies Partial<Record<keyof typeof SETTINGS_FIELDS, SettingsModeList>>;

type ModeSetting = keyof typeof SETTINGS_MODE_LISTS;

/**
 * Reads a mode field's value as its readable mode (`per_line`), or null when it is no value of the list. In
 * NetSuite the value is a custom list value's internal ID, mapped by the value's script ID
 * (netsuite/listValues.ts).
 */
export type ModeReader = (list: SettingsModeList, value: string) => string | null;

/** For callers whose values already hold readable modes (plain objects in unit tests, tools). */
export const readableModes: ModeReader = (_list, value) => value;

export class SettingsError extends Error {
  readonly code = 'SNC_INVALID_SETTING';
}

type Raw = Readonly<Record<string, unknown>>;

function text(raw: Raw, key: keyof typeof SETTINGS_FIELDS): string {
  let value = raw[SETTINGS_FIELDS[key]];
  // search.lookupFields gives select fields as [{ value, text }].
  if (Array.isArray(value)) value = (value[0] as { value?: unknown } | undefined)?.value ?? '';
  return typeof value === 'string' ? value.trim() : value === null || value === undefined ? '' : String(value);
}

function internalId(raw: Raw, key: keyof typeof SETTINGS_FIELDS): number | null {
  const value = text(raw, key);
  if (value === '') return null;
  if (!/^\d+$/.test(value))
    throw new SettingsError(`Setting ${SETTINGS_FIELDS[key]} must be an internal ID, not "${value}"`);
  return Number(value);
}

function oneOf<T extends string>(
  raw: Raw,
  key: ModeSetting,
  values: readonly T[],
  fallback: T,
  readMode: ModeReader,
): T {
  const value = text(raw, key);
  if (value === '') return fallback;
  const mode = readMode(SETTINGS_MODE_LISTS[key], value);
  if (mode === null || !(values as readonly string[]).includes(mode)) {
    throw new SettingsError(`Setting ${SETTINGS_FIELDS[key]} must be one of ${values.join(', ')}, not "${value}"`);
  }
  return mode as T;
}

/**
 * Reads a DATE field's text as lookupFields gives it: in the user's date format preference, which only
 * N/format knows (null when the text is no date in it).
 */
export type DateReader = (text: string) => Date | null;

/** The US default M/D/YYYY, for callers without N/format (tests, tools); NetSuite passes N/format. */
export const usDateReader: DateReader = (textValue) => {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(textValue);
  return match ? new Date(Number(match[3]), Number(match[1]) - 1, Number(match[2])) : null;
};

/** A DATE field (text in the user's format, or a Date) as its day's UTC midnight, in seconds. */
function day(raw: Raw, key: keyof typeof SETTINGS_FIELDS, readDate: DateReader): number | null {
  const value = raw[SETTINGS_FIELDS[key]];
  const textValue = value instanceof Date ? '' : text(raw, key);
  if (!(value instanceof Date) && textValue === '') return null;
  const date = value instanceof Date ? value : readDate(textValue);
  if (date === null || Number.isNaN(date.getTime())) {
    throw new SettingsError(`Setting ${SETTINGS_FIELDS[key]} must be a date, not "${textValue}"`);
  }
  return Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / 1000;
}

/** A CHECKBOX field: lookupFields gives true/false, records `T`/`F`; unset is off. */
function checked(raw: Raw, key: keyof typeof SETTINGS_FIELDS): boolean {
  const value = raw[SETTINGS_FIELDS[key]];
  return value === true || value === 'T';
}

/** Write-backs per second unless set: below Stripe's 25 per second of test mode and of one endpoint. */
export const WRITE_BACK_DEFAULT_RATE = 20;

function parseBooking(raw: Raw, readDate: DateReader, readMode: ModeReader): BookingSettings {
  const booking: BookingSettings = {
    apiKeySecretName: text(raw, 'apiKeySecretName') || null,
    subsidiary: internalId(raw, 'subsidiary'),
    undepositedFundsAccount: internalId(raw, 'undepositedFundsAccount'),
    feeAccount: internalId(raw, 'feeAccount'),
    conversionFeeAccount: internalId(raw, 'conversionFeeAccount'),
    fxGainLossAccount: internalId(raw, 'fxGainLossAccount'),
    disputeFeeAccount: internalId(raw, 'disputeFeeAccount'),
    disputeReinstatementAccount: internalId(raw, 'disputeReinstatementAccount'),
    incomeAccount: internalId(raw, 'incomeAccount'),
    customerMode: oneOf(
      raw,
      'customerMode',
      ['per_customer', 'metadata', 'match', 'global'] as const,
      'per_customer',
      readMode,
    ),
    matchField: text(raw, 'matchField') || null,
    globalCustomer: internalId(raw, 'globalCustomer'),
    itemMode: oneOf(raw, 'itemMode', ['per_price', 'global', 'metadata'] as const, 'per_price', readMode),
    globalItem: internalId(raw, 'globalItem'),
    taxItem: internalId(raw, 'taxItem'),
    ...parseTaxMode(raw, readMode),
    shippingItem: internalId(raw, 'shippingItem'),
    revenueRecognitionRule: internalId(raw, 'revenueRecognitionRule'),
    partialRefundItem: internalId(raw, 'partialRefundItem'),
    syncStart: day(raw, 'syncStart', readDate),
    chargeInvoices: raw[SETTINGS_FIELDS.chargeInvoices] === true || raw[SETTINGS_FIELDS.chargeInvoices] === 'T',
    ...parseInvoiceClosing(raw, readMode),
    updateCustomers: checked(raw, 'updateCustomers'),
    updateItems: checked(raw, 'updateItems'),
    inventoryAssetAccount: internalId(raw, 'inventoryAssetAccount'),
    cogsAccount: internalId(raw, 'cogsAccount'),
    discountItem: internalId(raw, 'discountItem'),
    orderBilling: oneOf(
      raw,
      'orderBilling',
      ['bill_at_payment', 'leave_to_fulfilment'] as const,
      'bill_at_payment',
      readMode,
    ),
    writeBackIds: checked(raw, 'writeBackIds'),
    // Stripe's rate limits ("Rate limits", docs.stripe.com/rate-limits): 25 requests per second in test mode and
    // per endpoint by default, 100 in live mode; 20 leaves room for the flows' own reads.
    writeBackRate: integer(raw, 'writeBackRate', WRITE_BACK_DEFAULT_RATE, 1, 100),
  };
  if (booking.apiKeySecretName !== null && !/^custsecret_[a-z0-9_]+$/.test(booking.apiKeySecretName)) {
    throw new SettingsError(
      `Setting ${SETTINGS_FIELDS.apiKeySecretName} must name an API Secret (custsecret_…), not "${booking.apiKeySecretName}"`,
    );
  }
  if (booking.customerMode === 'global' && booking.globalCustomer === null) {
    throw new SettingsError(`Setting ${SETTINGS_FIELDS.globalCustomer} is required when the customer mode is global`);
  }
  if (booking.customerMode === 'match' && booking.matchField === null) {
    throw new SettingsError(`Setting ${SETTINGS_FIELDS.matchField} is required when the customer mode is match`);
  }
  if (booking.chargeInvoices && booking.globalItem === null) {
    throw new SettingsError(`Setting ${SETTINGS_FIELDS.globalItem} is required to create invoices for payments`);
  }
  if (booking.itemMode === 'global' && booking.globalItem === null) {
    throw new SettingsError(`Setting ${SETTINGS_FIELDS.globalItem} is required when the item mode is global`);
  }
  return booking;
}

/** The per-line tax settings: per_line needs the Tax Code. */
function parseTaxMode(raw: Raw, readMode: ModeReader): Pick<BookingSettings, 'taxMode' | 'taxCode' | 'exemptTaxCode'> {
  const tax = {
    taxMode: oneOf(raw, 'taxMode', ['tax_item', 'per_line'] as const, 'tax_item', readMode),
    taxCode: internalId(raw, 'taxCode'),
    exemptTaxCode: internalId(raw, 'exemptTaxCode'),
  };
  if (tax.taxMode === 'per_line' && tax.taxCode === null) {
    throw new SettingsError(`Setting ${SETTINGS_FIELDS.taxCode} is required when the tax mode is per_line`);
  }
  return tax;
}

const KEEP_OR_CREDIT = ['credit_memo', 'keep_open'] as const;

/** The settings that close booked invoices (voids, write-offs, payments outside Stripe, cancelled subscriptions). */
function parseInvoiceClosing(
  raw: Raw,
  readMode: ModeReader,
): Pick<
  BookingSettings,
  'voidHandling' | 'uncollectibleHandling' | 'outOfBandHandling' | 'outOfBandAccount' | 'cancelledSubscriptionHandling'
> {
  const closing = {
    voidHandling: oneOf(raw, 'voidHandling', ['void', 'credit_memo'] as const, 'void', readMode),
    uncollectibleHandling: oneOf(raw, 'uncollectibleHandling', KEEP_OR_CREDIT, 'credit_memo', readMode),
    outOfBandHandling: oneOf(raw, 'outOfBandHandling', ['credit_memo', 'payment'] as const, 'credit_memo', readMode),
    outOfBandAccount: internalId(raw, 'outOfBandAccount'),
    cancelledSubscriptionHandling: oneOf(raw, 'cancelledSubscriptionHandling', KEEP_OR_CREDIT, 'keep_open', readMode),
  };
  if (closing.outOfBandHandling === 'payment' && closing.outOfBandAccount === null) {
    throw new SettingsError(
      `Setting ${SETTINGS_FIELDS.outOfBandAccount} is required when out-of-band payments are booked as payments`,
    );
  }
  return closing;
}

function integer(raw: Raw, key: keyof typeof SETTINGS_FIELDS, fallback: number, min: number, max: number): number {
  const value = text(raw, key);
  if (value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new SettingsError(
      `Setting ${SETTINGS_FIELDS[key]} must be a whole number from ${min} to ${max}, not "${value}"`,
    );
  }
  return number;
}

/**
 * Reads raw field values (as search.lookupFields returns them) into settings, naming any invalid one.
 * Date fields are read with `readDate` (N/format in NetSuite: the user's date format), mode fields with
 * `readMode` (the custom list values' internal IDs in NetSuite).
 */
export function parseSettings(
  id: number,
  raw: Raw,
  readDate: DateReader = usDateReader,
  readMode: ModeReader = readableModes,
): ConnectorSettings {
  return { ...parseIngressSettings(id, raw), booking: parseBooking(raw, readDate, readMode) };
}

/** What receiving a webhook needs: every setting but the booking ones (no mode list is read). */
export type IngressSettings = Omit<ConnectorSettings, 'booking'>;

/** The ingress settings alone: the webhook RESTlet's path, which must not query the mode lists. */
export function parseIngressSettings(id: number, raw: Raw): IngressSettings {
  const stripeAccountId = text(raw, 'stripeAccountId');
  if (!/^acct_[A-Za-z0-9]+$/.test(stripeAccountId)) {
    throw new SettingsError(
      `Setting ${SETTINGS_FIELDS.stripeAccountId} must be a Stripe account ID (acct_…), not "${stripeAccountId}"`,
    );
  }
  // A CHECKBOX, not a list: the webhook RESTlet reads it on every delivery, where a list's value IDs would cost
  // a query (README, "Governance": a stored event costs at most 10 units and no search).
  const mode: ProcessingMode = checked(raw, 'processingMode') ? 'high_volume' : 'realtime';
  const webhookSecretName = text(raw, 'webhookSecretName');
  if (!/^custsecret_[a-z0-9_]+$/.test(webhookSecretName)) {
    throw new SettingsError(
      `Setting ${SETTINGS_FIELDS.webhookSecretName} must name an API Secret (custsecret_…), not "${webhookSecretName}"`,
    );
  }
  const notifyEmail = text(raw, 'notifyEmail') || null;
  if (notifyEmail !== null && !/^[^@\s]+@[^@\s]+$/.test(notifyEmail)) {
    throw new SettingsError(`Setting ${SETTINGS_FIELDS.notifyEmail} must be an email address, not "${notifyEmail}"`);
  }
  const author = text(raw, 'notifyAuthor');
  return {
    id,
    stripeAccountId,
    livemode: raw[SETTINGS_FIELDS.livemode] === true || raw[SETTINGS_FIELDS.livemode] === 'T',
    processingMode: mode,
    webhookSecretName,
    signatureToleranceSeconds: integer(raw, 'signatureToleranceSeconds', 300, 0, 86400),
    maxAttempts: integer(raw, 'maxAttempts', 8, 1, 50),
    notifyEmail,
    notifyAuthor: author === '' ? null : integer(raw, 'notifyAuthor', 0, 1, Number.MAX_SAFE_INTEGER),
  };
}

/** Field IDs of a Reporting Category Account record (child of the settings, like the bank mapping). */
export const CATEGORY_RECORD = 'customrecord_snc_category';
export const CATEGORY_FIELDS = {
  settings: 'custrecord_snc_cat_settings',
  category: 'custrecord_snc_cat_category',
  account: 'custrecord_snc_cat_account',
} as const;

/** Stripe's reporting categories are lower-case words joined by underscores (`other_adjustment`). */
const REPORTING_CATEGORY = /^[a-z_]+$/;

/**
 * The account mapped to each Stripe reporting category, from the settings' Reporting Category Account
 * records (rows of `id`, `category`, `account`). A category that is no Stripe spelling or is mapped twice
 * is refused, naming the record: an admin must fix it before the payouts holding it deposit.
 */
export function parseCategoryAccounts(rows: readonly Raw[]): Record<string, number> {
  const accounts = new Map<string, number>();
  for (const row of rows) {
    const id = String(row['id'] ?? '');
    const category = typeof row['category'] === 'string' ? row['category'].trim() : String(row['category'] ?? '');
    if (!REPORTING_CATEGORY.test(category)) {
      throw new SettingsError(
        `Reporting Category Account ${id}: ${CATEGORY_FIELDS.category} must be a Stripe reporting category (lower case and _, e.g. other_adjustment), not "${category}"`,
      );
    }
    if (accounts.has(category)) {
      throw new SettingsError(`Reporting Category Account ${id}: ${category} is mapped by another record too`);
    }
    const account = String(row['account'] ?? '');
    if (!/^\d+$/.test(account)) {
      throw new SettingsError(
        `Reporting Category Account ${id}: ${CATEGORY_FIELDS.account} must be an account, not "${account}"`,
      );
    }
    accounts.set(category, Number(account));
  }
  // Own properties only (Object.fromEntries defines them), so a category spelled `__proto__` stays data.
  return Object.fromEntries(accounts);
}

/**
 * The catch-up of missed webhooks (customscript_snc_catchup_ss) on the settings record: how far back its first
 * run looks, and the state it keeps between runs (written by the script; an admin clears them to start over).
 */
export const CATCH_UP_FIELDS = {
  lookbackDays: 'custrecord_snc_set_catchup_days',
  through: 'custrecord_snc_set_catchup_through',
  run: 'custrecord_snc_set_catchup_run',
} as const;

export interface CatchUpSettings {
  /** "Catch-up Lookback (days)": the first run lists this many days back (Stripe keeps 30). */
  lookbackDays: number;
  /** "Catch-up Complete Through": Unix seconds, null before the first run ends. */
  through: number | null;
  /** "Catch-up Run in Progress": the JSON cursor of a run that stopped for governance, '' when none. */
  runText: string;
}

function plainText(value: unknown): string {
  return typeof value === 'string' ? value.trim() : value === null || value === undefined ? '' : String(value);
}

function wholeNumber(raw: Raw, fieldId: string, min: number, max: number): number | null {
  const value = plainText(raw[fieldId]);
  if (value === '') return null;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new SettingsError(`Setting ${fieldId} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return number;
}

/** Reads the catch-up fields as search.lookupFields gives them. */
export function parseCatchUpSettings(raw: Raw, defaultLookbackDays: number): CatchUpSettings {
  return {
    lookbackDays: wholeNumber(raw, CATCH_UP_FIELDS.lookbackDays, 1, 30) ?? defaultLookbackDays,
    through: wholeNumber(raw, CATCH_UP_FIELDS.through, 0, Number.MAX_SAFE_INTEGER),
    runText: plainText(raw[CATCH_UP_FIELDS.run]),
  };
}

/**
 * What the admin is told and how long payloads are kept (the upkeep script, customscript_snc_upkeep_ss), on the
 * settings record. `silenceToldFor` is written by the script: the newest event's time its last silence email
 * was about, so one silence is told once.
 */
export const UPKEEP_FIELDS = {
  alertAfterHours: 'custrecord_snc_set_alert_hours',
  silenceToldFor: 'custrecord_snc_set_silence_told',
  payoutAlertHours: 'custrecord_snc_set_payout_alert_hours',
  retentionDays: 'custrecord_snc_set_retention_days',
} as const;

export interface UpkeepSettings {
  /** "Alert After Hours Without Events": 0 is off; empty 24. */
  alertAfterHours: number;
  silenceToldFor: number | null;
  /** "Alert After Hours Unreconciled" (payouts): 0 is off; empty 24. */
  payoutAlertHours: number;
  /** "Keep Event Payloads (days)": processed events' payloads are trimmed to their audit view after it; empty 30. */
  retentionDays: number;
}

export const DEFAULT_ALERT_HOURS = 24;
export const DEFAULT_RETENTION_DAYS = 30;

/** Reads the upkeep fields as search.lookupFields gives them. */
export function parseUpkeepSettings(raw: Raw): UpkeepSettings {
  return {
    alertAfterHours: wholeNumber(raw, UPKEEP_FIELDS.alertAfterHours, 0, 8760) ?? DEFAULT_ALERT_HOURS,
    silenceToldFor: wholeNumber(raw, UPKEEP_FIELDS.silenceToldFor, 0, Number.MAX_SAFE_INTEGER),
    payoutAlertHours: wholeNumber(raw, UPKEEP_FIELDS.payoutAlertHours, 0, 8760) ?? DEFAULT_ALERT_HOURS,
    retentionDays: wholeNumber(raw, UPKEEP_FIELDS.retentionDays, 1, 3650) ?? DEFAULT_RETENTION_DAYS,
  };
}

/**
 * The historical import (customscript_snc_import_ss) on the settings record: the run under way or last done
 * (range, resource, cursor, counts, started, finished), written by the console's Start and by the script.
 */
export const IMPORT_FIELDS = {
  run: 'custrecord_snc_set_import_run',
} as const;

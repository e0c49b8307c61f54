/**
 * What the booking flows need from NetSuite, in the flows' terms. Implemented with N/ modules in
 * netsuite/bookingRecords.ts; unit tests pass an in-memory fake. Amounts are minor units with their
 * currency: the implementation converts them where they are written.
 */

import type { TransactionTarget } from './metadataControl';

/** Day in the account's calendar, `YYYY-MM-DD`. */
export type Day = string;

/** A NetSuite record found by external ID (its own, or a cross-reference's `<stripe id>:<record type>`). */
export interface Booked {
  id: number;
  /** N/record type: `customer`, `invoice`, `customerpayment`, `creditmemo`, `customerrefund`, or an item type. */
  recordType: string;
  /** Transactions: the record it was created from (a payment transformed from an invoice: the invoice). */
  createdFrom: number | null;
  /** Transactions: the customer. */
  entity: number | null;
  /** Transactions: total in minor units of `currency`. */
  totalMinor: number | null;
  /** Transactions: the total of the `createdFrom` record, in minor units. */
  createdFromTotalMinor: number | null;
  currency: string | null;
  /**
   * Invoices, from memory only: what the customer payments booked for it total (minor units). Lets a later
   * invoice event see its payments are booked without listing them from Stripe.
   */
  paidMinor?: number;
}

export interface CustomerValues {
  externalId: string;
  companyName: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  subsidiary: number;
  /** ISO code, lower case. */
  currency: string | null;
  comments: string;
}

export interface ItemValues {
  type: 'serviceitem' | 'discountitem' | 'inventoryitem' | 'noninventoryitem';
  externalId: string;
  itemId: string;
  displayName: string | null;
  description: string | null;
  /** serviceitem: income account; discountitem: its account. */
  account: number;
  subsidiary: number | null;
  rateMinor: number | null;
  currency: string | null;
  /** serviceitem: NetSuite `revenuerecognitionrule` (Advanced Revenue Management); absent or null: not set. */
  revenueRecognitionRule?: number | null;
  /** inventoryitem: NetSuite `assetaccount` and `cogsaccount` (both mandatory on an inventory item). */
  assetAccount?: number;
  cogsAccount?: number;
}

export interface TransactionLine {
  item: number;
  amountMinor: number;
  description: string | null;
  /** NetSuite `quantity`; absent: 1. */
  quantity?: number;
  /**
   * NetSuite `rate` in minor units (fractions of a cent allowed); absent: the amount (quantity 1). The line's
   * `amount` is always `amountMinor`, Stripe's, even where quantity × rate rounds to another cent.
   */
  rateMinor?: number;
  /** The service period: NetSuite `revrecstartdate` / `revrecenddate` (inclusive days). */
  revRecStart?: Day;
  revRecEnd?: Day;
  /** Tax Mode per_line: NetSuite `taxcode` (a `salestaxitem`); absent: none. */
  taxCode?: number;
  /** Tax Mode per_line: NetSuite `tax1amt`, the line's tax in minor units (Stripe's); only with `taxCode`. */
  taxMinor?: number;
}

export interface InvoiceValues {
  externalId: string;
  customer: number;
  subsidiary: number | null;
  currency: string;
  tranDate: Day;
  memo: string;
  tranId: string | null;
  lines: readonly TransactionLine[];
  /** NetSuite `exchangerate` (base units per unit of `currency`); null: NetSuite's default. */
  exchangeRate: number | null;
}

export interface PaymentValues {
  externalId: string;
  customer: number;
  currency: string;
  amountMinor: number;
  tranDate: Day;
  memo: string;
  subsidiary: number | null;
  /** NetSuite `exchangerate` (base units per unit of `currency`); null: NetSuite's default. */
  exchangeRate: number | null;
}

export interface RefundSource {
  id: number;
  /** customerdeposit: a deposit refunded through the refund's `deposit` sublist (an order not billed). */
  type: 'creditmemo' | 'customerpayment' | 'customerdeposit';
}

export interface RefundValues {
  externalId: string;
  customer: number;
  currency: string;
  amountMinor: number;
  tranDate: Day;
  memo: string;
  /** The credit memo or payment the refund applies (NetSuite makes the refund from it). */
  applyTo: RefundSource;
  /** Undeposited Funds (the refund leaves the same account the payment went to); null: NetSuite's default. */
  account: number | null;
  /** NetSuite `exchangerate` (base units per unit of `currency`); null: NetSuite's default. */
  exchangeRate: number | null;
  /**
   * Part of `amountMinor` refunded from an unapplied customer deposit (its `deposit` sublist) beside the credit
   * memo on `applyTo`: an order billed only in part (inventory lines wait for fulfilment) gives back its unbilled
   * deposit and its invoice in one refund.
   */
  fromDeposit?: { id: number; amountMinor: number };
}

export interface CreditMemoValues {
  externalId: string;
  /** The invoice whose lines it copies (a full refund) … */
  fromInvoice: number;
  /**
   * … or, for a partial refund, this amount spread across the invoice's lines pro rata (booking/proRata.ts),
   * or on `partialRefundItem` when set; either way the tax share on the tax item, or, when the invoice's lines
   * carry their own tax (Tax Mode per_line), on the lines' tax codes as `tax1amt`.
   */
  partialAmountMinor: number | null;
  /** The tax item (its lines take the refunded tax); null: none configured. */
  taxItem?: number | null;
  /** Settings' Partial Refund Item; null or absent: spread pro rata. */
  partialRefundItem?: number | null;
  currency: string;
  tranDate: Day;
  memo: string;
  /** NetSuite `exchangerate` (base units per unit of `currency`); null: NetSuite's default. */
  exchangeRate: number | null;
}

/** The credit memo of a Stripe credit note: its own lines, made from the invoice it credits. */
export interface CreditNoteMemoValues {
  externalId: string;
  fromInvoice: number;
  lines: readonly TransactionLine[];
  currency: string;
  tranDate: Day;
  memo: string;
  /** What it applies to the invoice (the note's pre-payment part); the rest is left unapplied. */
  applyToInvoiceMinor: number;
}

/** A credit memo with credit left to apply. */
export interface OpenCredit {
  id: number;
  remainingMinor: number;
}

/** A booked invoice as NetSuite has it now (amounts in minor units of `currency`). */
export interface InvoiceState {
  voided: boolean;
  totalMinor: number;
  /** What is still open on it (its total less the payments and credits applied). */
  openMinor: number;
  currency: string;
}

/** A credit memo made from an invoice for `amountMinor` of it (lines scaled pro rata), applied to it. */
export interface ClosingCreditMemoValues {
  externalId: string;
  invoice: number;
  amountMinor: number;
  currency: string;
  tranDate: Day;
  memo: string;
}

/** A customer deposit for a sales order (legacy Stripe orders): the charge that paid it, in Undeposited Funds. */
export interface CustomerDepositValues {
  externalId: string;
  customer: number;
  salesOrder: number;
  currency: string;
  amountMinor: number;
  tranDate: Day;
  memo: string;
  subsidiary: number | null;
  /** NetSuite `exchangerate` (base units per unit of `currency`); null: NetSuite's default. */
  exchangeRate: number | null;
}

/** The invoice billing a sales order: all its lines (record.transform), keyed by `externalId`. */
export interface OrderInvoiceValues {
  externalId: string;
  salesOrder: number;
  tranDate: Day;
  memo: string;
  /** The order's currency (ISO, lower case): the invoice's, for reading its total back in minor units. */
  currency: string;
}

/** A deposit application: `amountMinor` of the customer deposit applied to the invoice. */
export interface DepositApplicationValues {
  externalId: string;
  deposit: number;
  invoice: number;
  amountMinor: number;
  currency: string;
  tranDate: Day;
}

export interface CrossReference {
  stripeId: string;
  stripeType: string;
  recordType: string;
  id: number;
}

/** A record a metadata link names, as NetSuite has it. */
export interface LinkTarget {
  /** Customers: `customer`; items: SuiteQL `item.itemtype` (`Service`, `NonInvtPart`, `Discount`, …). */
  type: string;
  inactive: boolean;
}

/** An address subrecord's fields (Oracle help, "About the Address Subrecord"); null: empty. */
export interface AddressValues {
  addressee: string | null;
  addr1: string | null;
  addr2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  /** ISO 3166-1 alpha-2, as Stripe gives it and NetSuite's `country` takes it. */
  country: string | null;
  addrphone: string | null;
}

/** A customer's default billing and shipping addresses (Address subtab, sublist `addressbook`). */
export interface CustomerAddresses {
  billing: AddressValues | null;
  shipping: AddressValues | null;
}

/** What the connector last wrote to a record, kept on a Stripe Cross-Reference (`<stripe id>:sync`). */
export interface SyncState {
  /** The cross-reference's internal ID. */
  id: number;
  /** Field ID → value last written (text; see booking/syncedFields.ts). */
  values: Readonly<Record<string, string | null>>;
}

/** The record a sync state is about. */
export interface SyncedRecord {
  stripeId: string;
  stripeType: string;
  recordType: string;
  id: number;
}

export interface NetSuiteBooks {
  /** Records by external ID, in one query; keys of the result are the external IDs as asked. */
  find(externalIds: readonly string[]): Map<string, Booked>;
  /**
   * A record an earlier run found or made under `key`, from memory (N/cache: 1 unit, 2 on a miss) and
   * without a query. Null says nothing about NetSuite: memory may have been dropped.
   */
  recall(key: string): Booked | null;
  /** Remembers a record under `key` for later runs. */
  remember(key: string, booked: Booked): void;
  /** Forgets what `recall` gave this run (called when a flow fails, in case memory was stale). */
  forgetRecalled(): void;
  /** The first customer whose `field` equals `value`, ignoring case and surrounding whitespace. */
  findCustomerBy(field: string, value: string): number | null;
  createCustomer(values: CustomerValues): number;
  createItem(values: ItemValues): number;
  createInvoice(values: InvoiceValues): number;
  /** A customer payment applied to the invoice (transformed from it). */
  createInvoicePayment(invoice: number, values: PaymentValues): number;
  /** A customer payment applied to nothing. */
  createUnappliedPayment(values: PaymentValues): number;
  /**
   * A credit memo standing alone, with these lines (positive amounts credit the customer), left unapplied on
   * the customer: what a negative Stripe invoice becomes (NetSuite refuses a negative invoice).
   */
  createInvoiceCreditMemo(values: InvoiceValues): number;
  /** A credit memo from an invoice, left unapplied so a customer refund can apply it. */
  createCreditMemo(values: CreditMemoValues): number;
  createCustomerRefund(values: RefundValues): number;
  /** A credit note's credit memo, from the invoice, applied to it for `applyToInvoiceMinor`. */
  createCreditNoteMemo(values: CreditNoteMemoValues): number;
  /** Applies `amountMinor` of the credit memo to the invoice (both the customer's, in `currency`). */
  applyCreditMemo(memo: number, invoice: number, amountMinor: number, currency: string): void;
  /** The customer's credit memos in `currency` with credit left, oldest first. */
  openCreditMemos(customer: number, currency: string): OpenCredit[];
  /** Deletes a credit memo (its applications go with it). */
  deleteCreditMemo(id: number): void;
  link(reference: CrossReference): void;
  /** The customer or item with this internal ID, for checking a metadata link; null when there is none. */
  linkTarget(kind: 'customer' | 'item', id: number): LinkTarget | null;
  /** The invoice's status and open amount (one query); null when NetSuite has no such invoice. */
  invoiceState(invoice: number): InvoiceState | null;
  /** Voids the invoice (N/transaction); throws NetSuite's refusal (a payment applied, a closed period …). */
  voidInvoice(invoice: number): void;
  /** A credit memo closing (part of) an invoice: applied to it, lines scaled to its amount. */
  createClosingCreditMemo(values: ClosingCreditMemoValues): number;
  /** Deletes a transaction the connector made (NetSuite reopens what it had closed). */
  deleteTransaction(type: 'creditmemo' | 'customerpayment', id: number): void;
  /** A customer payment applied to the invoice, booked to `account` instead of Undeposited Funds. */
  createInvoicePaymentToAccount(invoice: number, values: PaymentValues, account: number): number;
  /** ISO code (lower case) of the subsidiary's base currency; null when NetSuite names none. */
  baseCurrency(subsidiary: number | null): string | null;
  /**
   * Puts `currency` on the customer's currency list (the Currencies subtab, sublist `currency`) unless it is
   * its primary currency or listed already: NetSuite books a customer's transactions only in those.
   */
  ensureCustomerCurrency(customer: number, currency: string): void;
  /** The sync states of these Stripe objects' records, in one query; keyed by Stripe ID. */
  syncStates(stripeIds: readonly string[]): Map<string, SyncState>;
  /** Writes what the connector now knows NetSuite holds: a new sync state, or `state`'s updated. */
  saveSyncState(record: SyncedRecord, state: SyncState | null, values: Readonly<Record<string, string | null>>): void;
  /** Body fields of a record as text (checkboxes `T`/`F`), in one read (search.lookupFields, 1 unit). */
  currentValues(recordType: string, id: number, fields: readonly string[]): Record<string, string | null>;
  /** Writes body fields (record.submitFields): text values, checkboxes as `T`/`F`, null empties a field. */
  submitValues(recordType: string, id: number, values: Readonly<Record<string, string | null>>): void;
  /**
   * Loads the customer once to write `body` and the addresses `edit` returns for its current default billing
   * and shipping addresses (an address left out, or null, is not written), and saves it.
   */
  editCustomer(
    id: number,
    body: Readonly<Record<string, string | null>>,
    edit: (current: CustomerAddresses) => Partial<CustomerAddresses>,
  ): void;
  /** A sales order with these lines (legacy Stripe orders); same header as an invoice. */
  createSalesOrder(values: InvoiceValues): number;
  /** A customer deposit linked to its sales order, in Undeposited Funds. */
  createCustomerDeposit(values: CustomerDepositValues): number;
  /**
   * The sales order billed: an invoice transformed from it, and its total (NetSuite bills what it can: inventory
   * lines only once fulfilled, so the invoice may hold less than the order), and what is open on it after the
   * save (NetSuite may apply the order's deposits itself when it bills it).
   */
  billSalesOrder(values: OrderInvoiceValues): { id: number; totalMinor: number; openMinor: number };
  /** Applies part of a customer deposit to an invoice (a deposit application). */
  applyCustomerDeposit(values: DepositApplicationValues): number;
  /** Closes every line of the sales order (`isclosed`); closing a closed order changes nothing. */
  closeSalesOrder(salesOrder: number): void;
  /**
   * The transaction with this internal ID, whatever its type (one query), for checking what a metadata key
   * (`netsuite_invoice_id`, `netsuite_credit_memo_id`) names; null when NetSuite has none.
   */
  transactionTarget(id: number): TransactionTarget | null;
}

/** External ID of the cross-reference linking a Stripe object to a NetSuite record type. */
export function xrefKey(stripeId: string, recordType: string): string {
  return `${stripeId}:${recordType}`;
}

/** External ID of the cross-reference keeping what the connector last wrote to a Stripe object's record. */
export function syncKey(stripeId: string): string {
  return `${stripeId}:sync`;
}

export function dayOf(unixSeconds: number): Day {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

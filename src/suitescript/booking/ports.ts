/**
 * What the booking flows need from NetSuite, in the flows' terms. Implemented with N/ modules in
 * netsuite/bookingRecords.ts; unit tests pass an in-memory fake. Amounts are minor units with their
 * currency: the implementation converts them where they are written.
 */

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
  type: 'serviceitem' | 'discountitem';
  externalId: string;
  itemId: string;
  displayName: string | null;
  description: string | null;
  /** serviceitem: income account; discountitem: its account. */
  account: number;
  subsidiary: number | null;
  rateMinor: number | null;
  currency: string | null;
}

export interface TransactionLine {
  item: number;
  amountMinor: number;
  description: string | null;
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
  type: 'creditmemo' | 'customerpayment';
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
}

export interface CreditMemoValues {
  externalId: string;
  /** The invoice whose lines it copies (a full refund) … */
  fromInvoice: number;
  /** … or, for a partial refund, one line of this amount with the invoice's first item. */
  partialAmountMinor: number | null;
  currency: string;
  tranDate: Day;
  memo: string;
  /** NetSuite `exchangerate` (base units per unit of `currency`); null: NetSuite's default. */
  exchangeRate: number | null;
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

export interface CrossReference {
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
  /** A credit memo from an invoice, left unapplied so a customer refund can apply it. */
  createCreditMemo(values: CreditMemoValues): number;
  createCustomerRefund(values: RefundValues): number;
  link(reference: CrossReference): void;
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
}

/** External ID of the cross-reference linking a Stripe object to a NetSuite record type. */
export function xrefKey(stripeId: string, recordType: string): string {
  return `${stripeId}:${recordType}`;
}

export function dayOf(unixSeconds: number): Day {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

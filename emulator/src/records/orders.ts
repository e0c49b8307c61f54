import { nsError } from '../errors';
import type { FieldValue } from '../schema';
import type { Line, Store, StoredRecord } from '../store';
import { fromCents, isEmpty, num, str, toCents } from './values';

/** Switches for sales orders where Oracle's help leaves the behaviour open (emulator README, "Guesses"). */
export interface OrderOptions {
  /**
   * Apply the order's open customer deposits to an invoice made from it when the invoice is saved (default
   * true: Oracle NetSuite Support Community, "NSC | Customer Deposit Not Auto-applying to Invoice": "By
   * standard process, once a Customer Deposit is created for a Sales Order, the Customer Deposit will
   * automatically be applied to the Invoice upon billing the order").
   */
  autoApplyDeposits: boolean;
  /**
   * Lines of items that need a fulfillment bill only their fulfilled quantity (default true: Oracle help, "Use
   * Case For Creating Invoices or Cash Sales from Your Sales Order": "NetSuite creates an Invoice for all
   * fulfilled items and quantities"). False bills the whole ordered quantity at once.
   */
  billOnlyFulfilled: boolean;
}

export const DEFAULT_ORDER_OPTIONS: OrderOptions = { autoApplyDeposits: true, billOnlyFulfilled: true };

/** What has been billed and fulfilled of each order line (index = line number − 1). */
export interface OrderProgress {
  billed: number[];
  fulfilled: number[];
}

/** Quantities billed by the order's invoices and fulfilled by its item fulfillments, per order line. */
export function orderProgress(store: Store, order: StoredRecord): OrderProgress {
  const count = (order.sublists['item'] ?? []).length;
  const billed = new Array<number>(count).fill(0);
  const fulfilled = new Array<number>(count).fill(0);
  const add = (into: number[], line: Line): void => {
    const index = Number(line['orderline']) - 1;
    if (index >= 0 && index < count) into[index] = (into[index] ?? 0) + num(line['quantity'] ?? 1);
  };
  for (const invoice of store.findBy('invoice', 'createdfrom', String(order.id))) {
    if (invoice.fields['statusref'] === 'voided') continue;
    for (const line of invoice.sublists['item'] ?? []) add(billed, line);
  }
  for (const shipment of store.findBy('itemfulfillment', 'createdfrom', String(order.id))) {
    for (const line of shipment.sublists['item'] ?? []) if (line['itemreceive'] !== false) add(fulfilled, line);
  }
  return { billed, fulfilled };
}

/**
 * Whether an item's order lines wait for a fulfillment: inventory items, and non-inventory items with "Can be
 * Fulfilled/Received" (Oracle help, "Non-Inventory Items for Sale"). Service and discount items do not.
 */
export function isFulfillable(store: Store, itemId: FieldValue | undefined): boolean {
  const item = store.findInKind('item', Number(itemId));
  if (!item) return false;
  return item.type === 'inventoryitem' || (item.type === 'noninventoryitem' && item.fields['isfulfillable'] === true);
}

function quantity(line: Line): number {
  return typeof line['quantity'] === 'number' ? line['quantity'] : 1;
}

/**
 * A sales order's status, as the saved-search list names them (SalesOrd:A Pending Approval … H Closed:
 * suiteql/statusCodes.ts) with the `statusref` keys public SuiteScript compares (pendingFulfillment,
 * pendingBilling, pendingBillingPartFulfilled, partiallyFulfilled, fullyBilled, closed). Closed when every
 * line is closed (public SuiteScript closes orders by ticking `isclosed` on each line); Billed when every
 * open line is billed in full.
 */
export function orderStatus(
  store: Store,
  order: StoredRecord,
  progress: OrderProgress,
): { status: string; statusref: string } {
  const lines = order.sublists['item'] ?? [];
  if (order.fields['orderstatus'] === 'A') return { status: 'Pending Approval', statusref: 'pendingApproval' };
  if (lines.length > 0 && lines.every((l) => l['isclosed'] === true)) return { status: 'Closed', statusref: 'closed' };
  const open = lines
    .map((line, i) => ({ line, billed: progress.billed[i] ?? 0, fulfilled: progress.fulfilled[i] ?? 0 }))
    .filter((l) => l.line['isclosed'] !== true && l.billed < quantity(l.line));
  if (open.length === 0) return { status: 'Billed', statusref: 'fullyBilled' };
  const waiting = open.filter((l) => isFulfillable(store, l.line['item']) && l.fulfilled < quantity(l.line));
  if (waiting.length === 0) return { status: 'Pending Billing', statusref: 'pendingBilling' };
  const someFulfilled = progress.fulfilled.some((q) => q > 0);
  if (!someFulfilled) return { status: 'Pending Fulfillment', statusref: 'pendingFulfillment' };
  const billable = open.some((l) => !isFulfillable(store, l.line['item']) || l.fulfilled > l.billed);
  return billable
    ? { status: 'Pending Billing/Partially Fulfilled', statusref: 'pendingBillingPartFulfilled' }
    : { status: 'Partially Fulfilled', statusref: 'partiallyFulfilled' };
}

/**
 * Refuses to make `toType` from an order that cannot take it: a closed, fully billed or unapproved order. The
 * error is what NetSuite reports for a transform whose source is not eligible ("You can not initialize
 * invoice: invalid reference …"); its name and wording are a guess (emulator README).
 */
export function refuseIneligibleOrder(order: StoredRecord, toType: string): void {
  const ref = str(order.fields['statusref']);
  if (ref === 'closed' || ref === 'fullyBilled' || ref === 'pendingApproval') throw notInitializable(toType, order.id);
}

export function notInitializable(toType: string, id: number): Error {
  return nsError('INVALID_INITIALIZE_REF', `You can not initialize ${toType}: invalid reference ${id}.`);
}

/**
 * The invoice lines a salesorder → invoice transform makes: each open order line's unbilled quantity (only what
 * was fulfilled, for items that need a fulfillment, unless `billOnlyFulfilled` is off), its amount the
 * unbilled share of the line's amount, linked by `orderline`. Tax codes are kept and the tax recomputed.
 */
export function billableLines(store: Store, order: StoredRecord, options: OrderOptions): Line[] {
  const progress = orderProgress(store, order);
  const out: Line[] = [];
  (order.sublists['item'] ?? []).forEach((line, index) => {
    if (line['isclosed'] === true) return;
    const ordered = quantity(line);
    const billed = progress.billed[index] ?? 0;
    const ceiling =
      options.billOnlyFulfilled && isFulfillable(store, line['item']) ? (progress.fulfilled[index] ?? 0) : ordered;
    const qty = Math.min(ordered, ceiling) - billed;
    if (qty <= 0) return;
    const whole = qty === ordered;
    const amount = whole ? num(line['amount']) : fromCents(Math.round((toCents(num(line['amount'])) * qty) / ordered));
    out.push({
      item: line['item'] ?? null,
      description: line['description'] ?? null,
      quantity: qty,
      rate: line['rate'] ?? null,
      amount,
      revrecstartdate: line['revrecstartdate'] ?? null,
      revrecenddate: line['revrecenddate'] ?? null,
      orderline: index + 1,
      ...(isEmpty(line['taxcode'] ?? null)
        ? {}
        : { taxcode: line['taxcode'] ?? null, tax1amt: whole ? (line['tax1amt'] ?? null) : null }),
    });
  });
  return out;
}

/** The item fulfillment lines of an order: each open line's quantity not yet fulfilled. */
export function fulfillableLines(store: Store, order: StoredRecord): Line[] {
  const progress = orderProgress(store, order);
  const out: Line[] = [];
  (order.sublists['item'] ?? []).forEach((line, index) => {
    const qty = quantity(line) - (progress.fulfilled[index] ?? 0);
    if (line['isclosed'] === true || qty <= 0) return;
    out.push({
      item: line['item'] ?? null,
      description: line['description'] ?? null,
      quantity: qty,
      itemreceive: true,
      orderline: index + 1,
    });
  });
  return out;
}

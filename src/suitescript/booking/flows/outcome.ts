/**
 * What a flow did, as data: the NetSuite records it made or found for Stripe objects, or why it booked
 * nothing. The event queue keeps a note string: `noteOf` renders one outcome to it.
 */

/**
 * - created / found: the record was made by this run, or existed (by external ID or cross-reference)
 * - linked: a cross-reference to a record named in Stripe metadata; matched: to a customer found by a field
 * - global: the global customer or item of the settings
 * - updated: an existing record given Stripe's latest values (the optional updates; `detail` names the fields)
 */
export type RecordHow = 'created' | 'found' | 'linked' | 'matched' | 'global' | 'updated';

export interface RecordOutcome {
  /** The Stripe object the record books (null: a global record standing for no Stripe object). */
  stripeId: string | null;
  /** N/record type: customer, serviceitem, discountitem, invoice, customerpayment, creditmemo, customerrefund. */
  recordType: string;
  id: number;
  how: RecordHow;
  /** matched: the field it matched on; global: why the global record. */
  detail?: string;
  /** customerpayment: applied to no invoice. */
  unapplied?: boolean;
}

export interface FlowOutcome {
  /** The Stripe object the event is about. */
  stripeId: string;
  records: RecordOutcome[];
  skipped?: { reason: string };
  /** What the flow did not book, or Stripe states not reflected in NetSuite. */
  notes?: string[];
  /** A charge that paid a Stripe invoice: what the invoice flow booked for it. */
  paidInvoice?: FlowOutcome;
}

export function skipped(stripeId: string, reason: string): FlowOutcome {
  return { stripeId, records: [], skipped: { reason } };
}

/** Every record of an outcome, the paid invoice's included. */
export function recordsOf(outcome: FlowOutcome): RecordOutcome[] {
  return [...(outcome.paidInvoice ? recordsOf(outcome.paidInvoice) : []), ...outcome.records];
}

const LABELS: Readonly<Record<string, string>> = {
  customerpayment: 'payment',
  creditmemo: 'credit memo',
  customerrefund: 'refund',
  serviceitem: 'item',
  discountitem: 'item',
  inventoryitem: 'item',
  noninventoryitem: 'item',
  salesorder: 'sales order',
  customerdeposit: 'customer deposit',
  depositapplication: 'deposit application',
};

const TRANSACTIONS = new Set(['customerpayment', 'customerrefund', 'customerdeposit']);

function recordNote(record: RecordOutcome, eventObject: string): string {
  const label = LABELS[record.recordType] ?? record.recordType;
  const detail = record.detail !== undefined ? ` ${record.detail}` : '';
  switch (record.how) {
    case 'global':
      return `global ${label}${detail}`;
    case 'found':
      return `${label} ${record.id} found`;
    case 'linked':
      return `${label} ${record.id} linked${detail}`;
    case 'matched':
      return `${label} ${record.id} matched on${detail}`;
    case 'updated':
      return `${label} ${record.id} updated${detail}`;
    case 'created': {
      // A new item names its type; a payment or refund of another Stripe object than the event's names it.
      const created = label === 'item' ? record.recordType : record.unapplied ? `unapplied ${label}` : label;
      const other = record.stripeId !== null && record.stripeId !== eventObject && TRANSACTIONS.has(record.recordType);
      return `${created} ${record.id} created${other ? ` for ${record.stripeId}` : ''}`;
    }
  }
}

/** The event's note: `ch_1: customer 4 found; unapplied payment 9 created`, or `Not booked: …`. */
export function noteOf(outcome: FlowOutcome): string {
  if (outcome.skipped) return `Not booked: ${outcome.skipped.reason}`;
  if (outcome.paidInvoice) return `${outcome.stripeId} paid ${noteOf(outcome.paidInvoice)}`;
  const parts = [...outcome.records.map((record) => recordNote(record, outcome.stripeId)), ...(outcome.notes ?? [])];
  return `${outcome.stripeId}: ${parts.length > 0 ? parts.join('; ') : 'nothing booked'}`;
}

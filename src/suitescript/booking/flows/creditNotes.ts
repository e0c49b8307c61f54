import { closingExternalId } from '../invoiceClosing';
import { servicePeriod } from '../invoices';
import {
  creditNoteMemoValues,
  creditNoteParts,
  creditNoteRefunds,
  planCreditNoteLines,
  type PlannedCreditLine,
} from '../creditNotes';
import { BookingSetupError } from '../customers';
import { formatMinorUnits, sumMinorUnits } from '../../money';
import { hasLineTax, spreadProRata, spreadWithLineTax } from '../proRata';
import { creditMemoExternalId, moneyBackRefundValues, refundMoneyBack, refundsToBook } from '../refunds';
import type { Booked, TransactionLine } from '../ports';
import { idOf, type StripeCreditNote, type StripeInvoice } from '../stripeShapes';
import { stripeClient } from '../stripeClient';
import { beforeSyncStart, type BookingContext } from './context';
import { bookInvoice, lineTaxOf } from './invoices';
import { recordsOf, skipped, type FlowOutcome, type RecordOutcome } from './outcome';
import { refundOnce } from './moneyBack';
import { ensurePriceItem } from './prices';
import { booked, createOnce, Lookup } from './recordLookup';
import { settlementRate } from './settlementRates';
import { priceIdOfLine } from '../invoices';

/**
 * `credit_note.created` / `credit_note.updated` / `credit_note.voided`, and a refund `charge.refunded`
 * finds on a credit note. One credit memo `cn_…` per note (booking/creditNotes.ts); its refunds as customer
 * refunds `re_…` applying it: the keys charge.refunded uses, so whichever event comes first books them and
 * the other finds them. A refund charge.refunded booked first (credit memo `ns_memo:re_…`, the refund
 * linked to the note later) stays; the note's memo then takes the rest of the note, spread pro rata.
 */
export function bookCreditNote(note: StripeCreditNote, ctx: BookingContext): FlowOutcome {
  if (beforeSyncStart(ctx.booking, note.created)) return skipped(note.id, `${note.id} predates the sync start`);
  const lookup = new Lookup(ctx.books);
  if (note.status === 'void') return undoCreditNote(note, ctx);
  const records: RecordOutcome[] = [];
  const invoiceId = idOf(note.invoice);
  if (invoiceId === null) return skipped(note.id, `${note.id} credits no invoice`);
  const invoice = invoiceOf(invoiceId, ctx, lookup, records);
  if (invoice.entity === null) throw new Error(`Invoice ${invoice.id} has no customer to credit ${note.id} to`);
  const refunds = creditNoteRefunds(note);
  // With refunds, what charge.refunded may have booked is asked in one query; without, the memo is made
  // first and a redelivery finds it when NetSuite refuses the duplicate (createOnce).
  if (refunds.length > 0)
    lookup.prefetch([[note.id], ...refunds.flatMap((r) => [[creditMemoExternalId(r.id)], [r.id]])]);
  // Refunds charge.refunded booked on their own credit memo before the note named them.
  const bookedAlone = refunds.filter((r) => lookup.resolve([creditMemoExternalId(r.id)]) !== null);
  const rest = note.total - sumMinorUnits(bookedAlone.map((r) => r.amount));
  const notes: string[] = [];
  // Booked already (an update, a redelivery, or charge.refunded first): no lines to read again.
  let memo: Booked | null = refunds.length > 0 ? lookup.resolve([note.id]) : lookup.recall(note.id);
  if (memo) records.push({ stripeId: note.id, recordType: 'creditmemo', id: memo.id, how: 'found' });
  else if (rest > 0) {
    const lines = memoLines(note, invoiceId, ctx, lookup);
    const values = creditNoteMemoValues(
      note,
      invoice.id,
      rest === note.total ? lines : spreadRest(lines, rest),
      creditNoteParts(note).prePayment,
    );
    const made = createOnce(
      lookup,
      note.id,
      () => ctx.books.createCreditNoteMemo(values),
      (id) =>
        booked(id, 'creditmemo', {
          createdFrom: invoice.id,
          entity: invoice.entity,
          totalMinor: rest,
          currency: values.currency,
        }),
    );
    memo = made.record;
    records.push({ stripeId: note.id, recordType: 'creditmemo', id: memo.id, how: made.how });
  }
  for (const refund of refunds) {
    const alone = bookedAlone.includes(refund) ? lookup.resolve([refund.id]) : null;
    if (alone) {
      records.push({ stripeId: refund.id, recordType: 'customerrefund', id: alone.id, how: 'found' });
      continue;
    }
    if (memo === null) continue;
    records.push(...refundOfNote(refund, memo, invoice.entity, ctx, lookup, notes));
  }
  const parts = creditNoteParts(note);
  const currency = note.currency;
  if (parts.toBalance > 0)
    notes.push(
      `${formatMinorUnits(parts.toBalance, currency)} left as credit on the customer (Stripe customer balance)`,
    );
  if (parts.outOfBand > 0 && memo !== null && ctx.booking.outOfBandAccount !== null)
    records.push(outOfBandRefund(note, parts.outOfBand, memo, invoice.entity, ctx, lookup));
  else if (parts.outOfBand > 0)
    notes.push(
      `${formatMinorUnits(parts.outOfBand, currency)} refunded outside Stripe: left as credit on the customer (set the Out-of-Band Payment Account to book the refund)`,
    );
  return { stripeId: note.id, records, ...(notes.length > 0 ? { notes } : {}) };
}

/**
 * What the note says was refunded outside Stripe (`out_of_band_amount`): a customer refund applying the note's
 * credit memo, paid from the Out-of-Band Payment Account (where the money left, as for invoices paid outside
 * Stripe), so the customer owes and is owed what Stripe says (`ns_oob:cn_…`).
 */
function outOfBandRefund(
  note: StripeCreditNote,
  amountMinor: number,
  memo: Booked,
  customer: number,
  ctx: BookingContext,
  lookup: Lookup,
): RecordOutcome {
  const externalId = closingExternalId('out_of_band', note.id);
  const back = {
    id: externalId,
    amount: amountMinor,
    currency: note.currency,
    created: note.created,
    memo: `Stripe: ${note.number ?? note.id} refunded outside Stripe`,
  };
  const values = {
    ...moneyBackRefundValues(back, customer, { id: memo.id, type: 'creditmemo' }, ctx.booking),
    account: ctx.booking.outOfBandAccount,
  };
  const made = refundOnce(ctx, lookup, values);
  return { stripeId: note.id, recordType: 'customerrefund', id: made.record.id, how: made.how };
}

/** The NetSuite invoice the note credits; booked now (with its payments) when it is not yet. */
function invoiceOf(invoiceId: string, ctx: BookingContext, lookup: Lookup, records: RecordOutcome[]): Booked {
  const found = lookup.resolve([invoiceId]);
  if (found) return found;
  const stripeInvoice: StripeInvoice = stripeClient(ctx.stripe).invoices.retrieve(invoiceId);
  const outcome = bookInvoice(stripeInvoice, ctx, { withPayments: true });
  records.push(...recordsOf(outcome));
  lookup.forget(invoiceId);
  const made = lookup.resolve([invoiceId]);
  if (!made) throw new Error(`Invoice ${invoiceId} is not booked: ${outcome.skipped?.reason ?? 'unknown reason'}`);
  return made;
}

/** The note's lines with their items: an invoice line's price item, else the Partial Refund or Global Item. */
function memoLines(note: StripeCreditNote, invoiceId: string, ctx: BookingContext, lookup: Lookup): TransactionLine[] {
  const client = stripeClient(ctx.stripe);
  const noteLines = note.lines.has_more ? client.creditNotes.listLineItems(note.id) : note.lines.data;
  const planned = planCreditNoteLines(note, noteLines, ctx.booking.taxMode);
  const configured = ctx.booking.partialRefundItem ?? ctx.booking.globalItem;
  const needsInvoice = planned.some(
    (line) => line.kind === 'line' && (line.invoiceLineItem !== null || configured === null),
  );
  const invoiceLines = needsInvoice ? client.invoices.listLineItems(invoiceId, { limit: 100 }) : [];
  // A custom line (an amount credited, not an invoice line): the Partial Refund Item, the Global Item, else
  // the item of the invoice's first line, as a partial refund of one line.
  const first = invoiceLines[0];
  const customItem = configured ?? (first ? ensurePriceItem(ctx, lookup, priceIdOfLine(first), null) : null);
  return planned.map((line: PlannedCreditLine): TransactionLine => {
    if (line.kind === 'tax') {
      if (ctx.booking.taxItem === null)
        throw new BookingSetupError(
          `Credit note ${note.id} has tax: settings name no tax item (custrecord_snc_set_tax_item)`,
        );
      return { item: ctx.booking.taxItem, amountMinor: line.amountMinor, description: 'Stripe: tax' };
    }
    const invoiceLine = invoiceLines.find((l) => l.id === line.invoiceLineItem);
    if (invoiceLine) {
      const item = ensurePriceItem(ctx, lookup, priceIdOfLine(invoiceLine), null);
      // The credited line's service period, as on the invoice (revenue recognition).
      const period = servicePeriod(invoiceLine.period);
      const dates = period === null ? {} : { revRecStart: period.start, revRecEnd: period.end };
      return {
        item,
        amountMinor: line.amountMinor,
        description: line.description,
        ...dates,
        ...lineTaxOf(ctx, line.taxMinor),
      };
    }
    if (customItem === null)
      throw new BookingSetupError(
        `Credit note ${note.id} has a custom line and its invoice no line: settings name no Partial Refund Item or Global Item`,
      );
    return {
      item: customItem,
      amountMinor: line.amountMinor,
      description: line.description,
      ...lineTaxOf(ctx, line.taxMinor),
    };
  });
}

/**
 * The part of the note's lines left once refunds booked alone took theirs, pro rata; lines carrying their own
 * tax (Tax Mode per_line) each keep a share of it on their tax code (booking/proRata.ts).
 */
function spreadRest(lines: readonly TransactionLine[], rest: number): TransactionLine[] {
  return hasLineTax(lines) ? spreadWithLineTax(lines, rest) : spreadProRata(lines, rest);
}

/** A customer refund `re_…` applying the note's memo, at the refund's own rate; pending refunds wait. */
function refundOfNote(
  part: { id: string; amount: number },
  memo: Booked,
  customer: number,
  ctx: BookingContext,
  lookup: Lookup,
  notes: string[],
): RecordOutcome[] {
  const found = lookup.resolve([part.id]);
  if (found) return [{ stripeId: part.id, recordType: 'customerrefund', id: found.id, how: 'found' }];
  const refund = stripeClient(ctx.stripe).refunds.retrieve(part.id);
  if (refundsToBook([refund]).length === 0) {
    notes.push(`refund ${refund.id} is ${refund.status ?? 'pending'}: booked once it succeeds`);
    return [];
  }
  const back = { ...refundMoneyBack(refund, idOf(refund.charge ?? null) ?? '?'), amount: part.amount };
  const rate = settlementRate(ctx, refund.amount, refund.currency, refund.balance_transaction);
  const values = moneyBackRefundValues(back, customer, { id: memo.id, type: 'creditmemo' }, ctx.booking, rate);
  const made = refundOnce(ctx, lookup, values);
  return [{ stripeId: refund.id, recordType: 'customerrefund', id: made.record.id, how: made.how }];
}

/**
 * A voided note: its credit memo deleted (its applications go with it, so the invoice or the later
 * invoice it paid is open again, as in Stripe). A memo a customer refund applies is kept: the refund
 * stands in Stripe too.
 */
function undoCreditNote(note: StripeCreditNote, ctx: BookingContext): FlowOutcome {
  const refunds = creditNoteRefunds(note);
  // Asked of NetSuite, not memory: memory may still hold a memo an earlier void deleted.
  const memo = ctx.books.find([note.id]).get(note.id) ?? null;
  if (memo === null) return skipped(note.id, `credit note ${note.id} is void and was never booked`);
  if (refunds.length > 0) {
    return {
      stripeId: note.id,
      records: [{ stripeId: note.id, recordType: 'creditmemo', id: memo.id, how: 'found' }],
      notes: ['voided in Stripe: the credit memo is kept, its refunds stand'],
    };
  }
  ctx.books.deleteCreditMemo(memo.id);
  return { stripeId: note.id, records: [], notes: [`credit memo ${memo.id} deleted (credit note voided)`] };
}

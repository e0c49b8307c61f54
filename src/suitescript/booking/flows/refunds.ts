import { refundMoneyBack, refundsToBook } from '../refunds';
import { creditNoteRefunds } from '../creditNotes';
import { idOf, type StripeCharge, type StripeCreditNote, type StripeRefund } from '../stripeShapes';
import { bookCreditNote } from './creditNotes';
import { beforeSyncStart, type BookingContext } from './context';
import { bookMoneyBack, paymentOfCharge } from './moneyBack';
import { recordsOf, skipped, type FlowOutcome, type RecordOutcome } from './outcome';
import { Lookup } from './recordLookup';
import { settlementRate } from './settlementRates';
import { stripeClient } from '../stripeClient';
import { BlockedByMetadata, blockedText, isBlocked, REFUND_CREDIT_MEMO_KEY } from '../metadataControl';
import { bookRefundOfCreditMemo, refundCreditMemo } from './linkedPayments';

/**
 * The charge's refunds that moved money (its embedded list, or every page when Stripe cut it), or why there is
 * nothing to book. A released authorisation: Stripe sends charge.refunded for an uncaptured charge whose payment
 * intent was canceled, but no money moved either way (no balance transaction), so there is nothing to give back.
 */
export function succeededRefundsOf(
  charge: StripeCharge,
  ctx: BookingContext,
): { refunds: StripeRefund[] } | { skipped: FlowOutcome } {
  if (charge.captured === false)
    return {
      skipped: skipped(charge.id, `${charge.id} was never captured: its authorisation was released, no money moved`),
    };
  const refunds: readonly StripeRefund[] =
    charge.refunds && !charge.refunds.has_more
      ? charge.refunds.data
      : stripeClient(ctx.stripe).refunds.list({ charge: charge.id, limit: 100 });
  const succeeded = refundsToBook(refunds);
  if (succeeded.length === 0) return { skipped: skipped(charge.id, `${charge.id} has no succeeded refund to book`) };
  return { refunds: succeeded };
}

/**
 * `charge.refunded`: every succeeded refund of the charge not booked yet. Invoiced charge (its payment
 * was made from an invoice): a credit memo and a customer refund applying it; else a customer refund
 * applying the payment.
 */
export function bookRefunds(charge: StripeCharge, ctx: BookingContext): FlowOutcome {
  if (beforeSyncStart(ctx.booking, charge.created)) return skipped(charge.id, `${charge.id} predates the sync start`);
  const found = succeededRefundsOf(charge, ctx);
  if ('skipped' in found) return found.skipped;
  const succeeded = found.refunds;
  // netsuite_block_integration on a refund: that refund is skipped; when it is the only one, the event is.
  const blocked = succeeded.filter((r) => isBlocked(r.metadata));
  const toBook = succeeded.filter((r) => !isBlocked(r.metadata));
  if (toBook.length === 0) throw new BlockedByMetadata(blocked[0]?.id ?? charge.id, charge.id);
  const lookup = new Lookup(ctx.books);
  const records: RecordOutcome[] = [];
  const notes = blocked.map((r) => blockedText(r.id));
  const paid = paymentOfCharge(charge, ctx, lookup, records);
  // A refund a credit note made is booked as the note's (its memo `cn_…`, the refund `re_…` applying it).
  const creditNotes =
    paid.createdFrom !== null ? creditNotesOfRefunds(charge, toBook, ctx) : new Map<string, StripeCreditNote>();
  const notesBooked = new Set<string>();
  for (const refund of toBook) {
    const note = creditNotes.get(refund.id);
    const memo = refundCreditMemo(refund);
    if (note) {
      if (!notesBooked.has(note.id)) records.push(...recordsOf(bookCreditNote(note, ctx)));
      notesBooked.add(note.id);
      if (memo !== null)
        notes.push(`${REFUND_CREDIT_MEMO_KEY} on ${refund.id} ignored: credit note ${note.id} made it`);
      continue;
    }
    if (memo !== null) {
      const rate = settlementRate(ctx, refund.amount, refund.currency, refund.balance_transaction);
      records.push(...bookRefundOfCreditMemo(refund, memo, charge, paid, rate, ctx, lookup));
      continue;
    }
    // A charge's only refund is most likely new: created straight away (see createOnce).
    const existing = toBook.length > 1 ? lookup.recall(refund.id) : null;
    if (existing) {
      records.push({ stripeId: refund.id, recordType: 'customerrefund', id: existing.id, how: 'found' });
      continue;
    }
    // A refund settles at its own day's rate, not its charge's: its own balance transaction says which.
    const rate = settlementRate(ctx, refund.amount, refund.currency, refund.balance_transaction);
    records.push(...bookMoneyBack(refundMoneyBack(refund, charge.id), paid, rate, ctx, lookup));
  }
  return { stripeId: charge.id, records, ...(notes.length > 0 ? { notes } : {}) };
}

/**
 * The credit notes that made or name these refunds, by refund ID: a Stripe refund does not name its credit
 * note, so the customer's notes created since the first refund are listed (one call, only for invoiced
 * charges; a note is created with its refund or later, when it names a refund made before).
 */
function creditNotesOfRefunds(
  charge: StripeCharge,
  refunds: readonly StripeRefund[],
  ctx: BookingContext,
): Map<string, StripeCreditNote> {
  const customer = idOf(charge.customer ?? null);
  const since = Math.min(...refunds.map((r) => r.created));
  const byRefund = new Map<string, StripeCreditNote>();
  if (customer === null) return byRefund;
  const listed = stripeClient(ctx.stripe).creditNotes.list({ customer, 'created[gte]': since });
  for (const note of listed) {
    if (note.status === 'void') continue;
    for (const refund of creditNoteRefunds(note)) byRefund.set(refund.id, note);
  }
  return byRefund;
}

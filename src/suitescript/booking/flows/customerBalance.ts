import { formatMinorUnits } from '../../money';
import { xrefKey } from '../ports';
import type { StripeInvoice } from '../stripeShapes';
import type { BookingContext } from './context';
import type { FlowOutcome, RecordOutcome } from './outcome';
import { booked, Lookup } from './recordLookup';

/** The cross-reference that says an invoice's customer-balance credit was applied (its key's record type). */
export const BALANCE_APPLIED = 'balancecredit';

/**
 * What Stripe took from the customer balance for the invoice at finalization (minor units): a credit
 * balance (negative `starting_balance`) used up to `ending_balance`. Positive when credit was used.
 */
export function balanceUsed(invoice: StripeInvoice): number {
  const starting = invoice.starting_balance ?? 0;
  const ending = invoice.ending_balance ?? starting;
  return Math.max(0, ending - starting);
}

/**
 * An invoice paid wholly or partly from the customer balance: the part Stripe took from the balance is
 * closed by applying the customer's open credit memos (a credit note's credit to the balance is one,
 * booking/flows/creditNotes.ts), oldest first; no payment is booked for it. Done once per invoice: a
 * cross-reference `<in_…>:balancecredit` records it. Credit the customer has no credit memo for (a balance
 * adjusted by hand in Stripe) stays open on the invoice, and the note says how much.
 */
export function applyCustomerBalance(invoice: StripeInvoice, ctx: BookingContext): FlowOutcome | null {
  const used = balanceUsed(invoice);
  if (used === 0) return null;
  const lookup = new Lookup(ctx.books);
  const booked_ = lookup.resolve([invoice.id]);
  if (!booked_ || booked_.entity === null) return null;
  const marker = xrefKey(invoice.id, BALANCE_APPLIED);
  if (lookup.resolve([marker]))
    return { stripeId: invoice.id, records: [], notes: ['its customer balance credit is applied'] };
  const currency = invoice.currency.toLowerCase();
  const records: RecordOutcome[] = [];
  let left = used;
  for (const credit of ctx.books.openCreditMemos(booked_.entity, currency)) {
    if (left === 0) break;
    const amount = Math.min(left, credit.remainingMinor);
    if (amount <= 0) continue;
    ctx.books.applyCreditMemo(credit.id, booked_.id, amount, currency);
    records.push({
      stripeId: null,
      recordType: 'creditmemo',
      id: credit.id,
      how: 'found',
      detail: `applied ${formatMinorUnits(amount, currency)}`,
    });
    left -= amount;
  }
  ctx.books.link({ stripeId: invoice.id, stripeType: 'invoice', recordType: BALANCE_APPLIED, id: booked_.id });
  lookup.made(marker, booked(booked_.id, BALANCE_APPLIED));
  const notes = [`${formatMinorUnits(used - left, currency)} of the customer balance applied`];
  if (left > 0)
    notes.push(`${formatMinorUnits(left, currency)} of the balance has no credit memo in NetSuite: left open`);
  return { stripeId: invoice.id, records, notes };
}

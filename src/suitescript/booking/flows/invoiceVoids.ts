import { errorName } from '../../netsuiteErrors';
import type { StripeInvoice } from '../stripeShapes';
import type { BookingContext } from './context';
import { closeWithCreditMemo, stateOf } from './invoiceClosing';
import { skipped, type FlowOutcome, type RecordOutcome } from './outcome';
import { Lookup } from './recordLookup';

/**
 * `invoice.voided` (and any later event of a void invoice): the NetSuite invoice voided (Oracle help,
 * "transaction.void(options)"), or closed with a credit memo for what is open on it when the _Void Handling_
 * setting says so, when a payment or credit is applied to it (NetSuite voids only untouched invoices), or
 * when NetSuite refuses the void (a closed period, "Void Transactions Using Reversing Journals").
 */
export function bookVoidedInvoice(invoice: StripeInvoice, ctx: BookingContext): FlowOutcome {
  const lookup = new Lookup(ctx.books);
  const bookedInvoice = lookup.resolve([invoice.id]);
  if (!bookedInvoice)
    return skipped(invoice.id, `invoice ${invoice.id} is void and was never booked (nothing in Accounts Receivable)`);
  const records: RecordOutcome[] = [
    { stripeId: invoice.id, recordType: 'invoice', id: bookedInvoice.id, how: 'found' },
  ];
  const state = stateOf(ctx, bookedInvoice);
  if (state.voided) return { stripeId: invoice.id, records, notes: ['voided already'] };
  if (state.openMinor === 0) return { stripeId: invoice.id, records, notes: ['nothing open on it'] };
  let why: string;
  if (ctx.booking.voidHandling === 'credit_memo') why = 'Void Handling: credit_memo';
  else if (state.openMinor !== state.totalMinor) why = 'payments or credits are applied to it';
  else {
    try {
      ctx.books.voidInvoice(bookedInvoice.id);
      return { stripeId: invoice.id, records, notes: [`invoice ${bookedInvoice.id} voided`] };
    } catch (error) {
      why = `NetSuite refused the void (${errorName(error)})`;
    }
  }
  const memo = closeWithCreditMemo(ctx, lookup, 'void', invoice, bookedInvoice, state.openMinor);
  if (memo) records.push(memo);
  return { stripeId: invoice.id, records, notes: [`closed with a credit memo: ${why}`] };
}

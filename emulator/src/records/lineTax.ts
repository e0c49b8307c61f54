import { nsError } from '../errors';
import type { Line, StoredRecord } from '../store';
import { fromCents, isEmpty, num, str, toCents } from './values';

/**
 * Tax per transaction line, as accounts with per-line tax codes book it (legacy tax: non-US editions, or US
 * with Advanced Taxes). Oracle help, "Creating Tax Codes": "Tax codes determine how much tax is applied to
 * each line item on your transaction records". A line with a Tax Code (`taxcode`, a `salestaxitem`) takes the
 * code's rate (`taxrate1`) and a tax amount (`tax1amt`); the transaction's total includes the tax, and the
 * tax posts to the code's account (records/ledger.ts). Lines without a tax code are left exactly as before.
 */

/**
 * Whether a tax amount a script sets on a taxed line stands ('keep', the default) or is replaced by amount ×
 * rate ('compute'). Public SuiteScript sets `tax1amt` (setLineItemValue('item', 'tax1amt', …) on sales orders,
 * setCurrentSublistValue on expense lines); no help page states whether NetSuite keeps it. A guess (README).
 */
export type LineTaxAmountMode = 'keep' | 'compute';

/** The rate (percent: 8 is 8%) of a tax code, or undefined when there is no such code. */
export type TaxCodeRate = (taxCodeId: string) => number | undefined;

const TAXED_TYPES = new Set(['invoice', 'creditmemo', 'salesorder']);

/** Sets rate and tax amount on each item line that has a tax code (before rounding to the currency). */
export function completeLineTax(data: StoredRecord, rateOf: TaxCodeRate, mode: LineTaxAmountMode): void {
  if (!TAXED_TYPES.has(data.type)) return;
  for (const line of data.sublists['item'] ?? []) {
    const code = str(line['taxcode']);
    if (!code) {
      refuseTaxWithoutCode(line);
      continue;
    }
    const rate = rateOf(code);
    // An unknown code is refused by the reference check on save (INVALID_KEY_OR_REF).
    if (rate === undefined) continue;
    line['taxrate1'] = rate;
    if (mode === 'compute' || isEmpty(line['tax1amt'] ?? null)) {
      line['tax1amt'] = fromCents(Math.round((toCents(num(line['amount'])) * rate) / 100));
    }
  }
}

/**
 * A tax amount needs a tax code to say where it posts: refused rather than posted nowhere. The refusal and
 * its wording are ours (README, Guesses).
 */
function refuseTaxWithoutCode(line: Line): void {
  if (isEmpty(line['tax1amt'] ?? null)) return;
  throw nsError('USER_ERROR', 'Please enter value(s) for: Tax Code (a line with a tax amount needs a tax code)');
}

/**
 * Gross amounts of taxed lines, the tax total, and a total that includes the tax (after rounding). Returns the
 * tax total in hundredths; 0 and nothing written when no line has a tax code.
 */
export function lineTaxTotals(data: StoredRecord): number {
  let tax = 0;
  let taxed = false;
  for (const line of data.sublists['item'] ?? []) {
    if (!str(line['taxcode'])) continue;
    taxed = true;
    const cents = toCents(num(line['tax1amt']));
    tax += cents;
    line['grossamt'] = fromCents(toCents(num(line['amount'])) + cents);
  }
  if (taxed) data.fields['taxtotal'] = fromCents(tax);
  return tax;
}

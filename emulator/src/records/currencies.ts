import type { FieldValue } from '../schema';
import type { Line, Store, StoredRecord } from '../store';
import { isDate, num, str, toCents } from './values';

/**
 * Currencies, exchange rates and the base currency of a subsidiary, read from the account's records.
 *
 * - A subsidiary keeps its books in its base currency, its `currency` field (Oracle help, "Currency
 *   Management", "Setting a Base Currency").
 * - The Currency Exchange Rates table is the `currencyrate` record: `basecurrency`, `transactioncurrency`,
 *   `exchangerate`, `effectivedate` (Oracle help, "Currency Rate": "Currency exchange rates are used to
 *   convert foreign currencies to base currencies, providing default rates for transactions in currencies
 *   other than the base currency"; SuiteTalk schema CurrencyRate). A transaction's default rate is the
 *   latest rate effective on or before its date.
 * - Without such a rate, the currency's Default Exchange Rate (the currency record's `exchangerate`, "to
 *   root subsidiary currency", "the basis for rates in the Currency Exchange Rates table": Records
 *   Browser, currency) is used, crossed through the root currency when the base is another currency.
 * - An exchange rate is base units per unit of the foreign currency ("The exchange rate is equal to the
 *   base currency amount divided by the foreign currency amount": Records Browser, currency).
 */
export class Currencies {
  constructor(private readonly store: Store) {}

  /** Decimal places of a currency: 0 or 2 (Oracle help, "Currency Decimal Precision": "The only values supported are 0 and 2"). */
  precision(currencyId: FieldValue | undefined): number {
    const currency = typeof currencyId === 'string' ? this.store.get('currency', Number(currencyId)) : undefined;
    const precision = currency?.fields['currencyprecision'];
    return typeof precision === 'number' ? precision : 2;
  }

  /** The root currency: the one flagged base currency, else the first subsidiary's. */
  rootCurrency(): string | null {
    const flagged = this.store.list('currency').find((c) => c.fields['isbasecurrency'] === true);
    if (flagged) return String(flagged.id);
    return str(this.store.list('subsidiary')[0]?.fields['currency']);
  }

  /** The base currency of a subsidiary (the root currency when none is named). */
  baseCurrency(subsidiary: FieldValue | undefined): string | null {
    const sub = typeof subsidiary === 'string' ? this.store.get('subsidiary', Number(subsidiary)) : undefined;
    return str(sub?.fields['currency']) ?? this.rootCurrency();
  }

  /** Whether a subsidiary keeps its books in `currency` (N/currency converts only into base currencies). */
  isBaseCurrency(currency: string): boolean {
    if (currency === this.rootCurrency()) return true;
    return this.store.list('subsidiary').some((s) => str(s.fields['currency']) === currency);
  }

  /** The rate the table gives for `currency` against `base` on `date`. */
  rate(base: string, currency: string, date: Date): number {
    if (base === currency) return 1;
    const day = startOfDay(date).getTime();
    let best: { date: number; rate: number } | null = null;
    for (const row of this.store.list('currencyrate')) {
      const f = row.fields;
      if (str(f['basecurrency']) !== base || str(f['transactioncurrency']) !== currency) continue;
      const effective = f['effectivedate'];
      if (!isDate(effective) || typeof f['exchangerate'] !== 'number') continue;
      const at = startOfDay(effective).getTime();
      if (at <= day && (best === null || at >= best.date)) best = { date: at, rate: f['exchangerate'] };
    }
    if (best) return best.rate;
    return this.defaultRate(currency) / this.defaultRate(base);
  }

  /** The currency record's Default Exchange Rate against the root currency. */
  private defaultRate(currency: string): number {
    if (currency === this.rootCurrency()) return 1;
    const rate = this.store.get('currency', Number(currency))?.fields['exchangerate'];
    return typeof rate === 'number' && rate > 0 ? rate : 1;
  }

  /** The default exchange rate of a transaction: its currency against its subsidiary's base on its date. */
  transactionRate(fields: Record<string, FieldValue>, now: Date): number | null {
    const currency = str(fields['currency']);
    const base = this.baseCurrency(fields['subsidiary']);
    if (!currency || !base) return null;
    const date = isDate(fields['trandate']) ? fields['trandate'] : now;
    return this.rate(base, currency, date);
  }

  /** Currency internal ID by ISO code or internal ID. */
  resolve(code: string): string {
    if (/^\d+$/.test(code)) return code;
    const found = this.store
      .list('currency')
      .find((c) => str(c.fields['symbol'])?.toUpperCase() === code.toUpperCase());
    if (!found) throw new Error(`No currency ${code} in the account`);
    return String(found.id);
  }
}

function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

/** The exchange rate a saved transaction carries (1 when it has none). */
export function rateOf(record: StoredRecord): number {
  const rate = record.fields['exchangerate'];
  return typeof rate === 'number' && rate > 0 ? rate : 1;
}

/** Whether a transaction sits on the debit side of receivables (invoice, refund) or the credit side. */
function receivableSign(record: StoredRecord): 1 | -1 {
  return record.type === 'invoice' || record.type === 'customerrefund' ? 1 : -1;
}

/** One realized exchange gain (positive, base hundredths) or loss of applying `amount` to a document. */
export interface RealizedVariance {
  source: StoredRecord;
  /** Base-currency hundredths: positive is a gain, negative a loss. */
  variance: number;
}

/**
 * Realized gain/loss of each application of `applying` (Oracle help, "Variance Calculations for Realized Gain
 * and Loss"): Variance = (Payment FX Rate − Source FX Rate) × Payment, the payment in the transaction currency,
 * rates not rounded, the variance rounded to the base currency's precision, one per source transaction. For
 * an invoice paid or credited, a higher payment rate is a gain. A refund applying a credit memo or payment
 * sits on the other side of receivables, so its sign flips (a guess: Oracle's examples name invoices and
 * bills as sources; the receivables left over are the same).
 */
export function realizedVariances(
  applying: StoredRecord,
  find: (id: number) => StoredRecord | undefined,
  basePrecision: number,
  round: (hundredths: number, precision: number) => number,
): RealizedVariance[] {
  const out: RealizedVariance[] = [];
  for (const line of applying.sublists['apply'] ?? ([] as Line[])) {
    if (line['apply'] !== true) continue;
    const source = find(Number(line['doc']));
    if (!source || source.fields['currency'] !== applying.fields['currency']) continue;
    const amount = toCents(num(line['amount']));
    const difference = (rateOf(applying) - rateOf(source)) * amount * receivableSign(source);
    const variance = round(difference, basePrecision);
    if (variance !== 0) out.push({ source, variance });
  }
  return out;
}

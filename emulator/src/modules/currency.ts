import type * as currency from 'N/currency';
import type { ModuleFactory } from '../context';
import { nsError } from '../errors';
import type { Currencies } from '../records/currencies';
import { missingArgument, optionsObject, strict } from './strict-module';

/** Governance of currency.exchangeRate (Oracle help, "currency.exchangeRate(options)": 10 units). */
export const EXCHANGE_RATE_UNITS = 10;

/**
 * N/currency over the account's Currency Exchange Rates table: the rate of `source` in units of `target` on
 * `date` (today by default), the same rate a transaction in `source` would default to in a subsidiary whose
 * base currency is `target`. Oracle help, "currency.exchangeRate(options)": "the exchange rate values are
 * sourced from the Currency Exchange Rate record"; the target must be a base currency.
 */
export function createCurrencyModuleWith(currencies: Currencies): ModuleFactory<typeof currency> {
  return (context) => {
    const module = {
      exchangeRate(options: { source: number | string; target: number | string; date?: Date }): number {
        const o = optionsObject(options);
        if (o['source'] === undefined) throw missingArgument('source');
        if (o['target'] === undefined) throw missingArgument('target');
        context.invocation.charge('currency.exchangeRate', EXCHANGE_RATE_UNITS);
        const resolve = (value: unknown, name: string): string => {
          try {
            return currencies.resolve(String(value));
          } catch {
            throw nsError('INVALID_CURRENCY_CODE', `Invalid ${name} currency: ${String(value)}`);
          }
        };
        const source = resolve(o['source'], 'source');
        const target = resolve(o['target'], 'target');
        if (!currencies.isBaseCurrency(target)) {
          throw nsError('INVALID_CURRENCY_CODE', `The target currency ${String(o['target'])} is not a base currency`);
        }
        const date = o['date'] instanceof Date ? o['date'] : context.services.now();
        return currencies.rate(target, source, date);
      },
    };
    return strict('N/currency', module) as unknown as typeof currency;
  };
}

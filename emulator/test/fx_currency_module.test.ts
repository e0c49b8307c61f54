// Conformance: N/currency. Oracle help, "currency.exchangeRate(options)": the rate between two currencies
// on a date, "sourced from the Currency Exchange Rate record"; the target must be a base currency; 10 units.
import type * as NCurrency from 'N/currency';
import { NetSuiteEmulator } from '../src/emulator';
import { errorName } from './helpers/errors';

describe('N/currency.exchangeRate', () => {
  let ns: NetSuiteEmulator;
  beforeAll(async () => {
    ns = await NetSuiteEmulator.create({ projectDir: 'src', now: new Date(2026, 10, 20, 12) });
  });

  function currency(): { module: typeof NCurrency; used: () => number } {
    const { modules, invocation } = ns.testModules();
    return { module: modules['N/currency'] as typeof NCurrency, used: () => invocation.used };
  }

  it("gives the table's rate on the date asked, into the base currency, for 10 units", () => {
    ns.setExchangeRate('GBP', 'USD', 1.3, new Date(2026, 10, 10));
    ns.setExchangeRate('GBP', 'USD', 1.25, new Date(2026, 10, 15));
    const { module, used } = currency();
    expect(module.exchangeRate({ source: 'GBP', target: 'USD', date: new Date(2026, 10, 12) })).toBe(1.3);
    expect(module.exchangeRate({ source: 'GBP', target: 'USD' })).toBe(1.25);
    expect(module.exchangeRate({ source: 'USD', target: 'USD' })).toBe(1);
    expect(used()).toBe(30);
  });

  it('takes internal IDs as well as ISO codes', () => {
    const { module } = currency();
    const gbp = Number(ns.base.currencies['GBP']);
    const usd = Number(ns.base.currencies['USD']);
    expect(module.exchangeRate({ source: gbp, target: usd })).toBe(
      module.exchangeRate({ source: 'GBP', target: 'USD' }),
    );
  });

  it('refuses a target that is no base currency, and an unknown currency', () => {
    const { module } = currency();
    expect(errorName(() => module.exchangeRate({ source: 'USD', target: 'GBP' }))).toBe('INVALID_CURRENCY_CODE');
    expect(errorName(() => module.exchangeRate({ source: 'XXX', target: 'USD' }))).toBe('INVALID_CURRENCY_CODE');
  });
});

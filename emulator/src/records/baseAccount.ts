import type { Store } from '../store';
import type { SystemAccounts } from './ledger';

export interface BaseAccount {
  accounts: SystemAccounts;
  subsidiary: string;
  /** Currency internal IDs by ISO code. */
  currencies: Record<string, string>;
}

/** Currencies a new account has: USD is the base; precision as NetSuite allows (0 or 2). */
const CURRENCIES: readonly { symbol: string; name: string; precision: number }[] = [
  { symbol: 'USD', name: 'US Dollar', precision: 2 },
  { symbol: 'EUR', name: 'Euro', precision: 2 },
  { symbol: 'GBP', name: 'British Pound', precision: 2 },
  { symbol: 'CAD', name: 'Canadian Dollar', precision: 2 },
  { symbol: 'JPY', name: 'Japanese Yen', precision: 0 },
];

/**
 * What a fresh OneWorld account holds before anyone configures it: a parent subsidiary, a few
 * currencies, and the system accounts NetSuite posts to on its own (receivables, undeposited funds,
 * customer deposits). Everything else (banks, income, fees) is set up by whoever uses the account.
 */
export function seedBaseAccount(store: Store): BaseAccount {
  const currencies: Record<string, string> = {};
  for (const c of CURRENCIES) {
    currencies[c.symbol] = String(
      store.insert('currency', {
        fields: {
          name: c.name,
          symbol: c.symbol,
          currencyprecision: c.precision,
          isbasecurrency: c.symbol === 'USD',
          exchangerate: 1,
          isinactive: false,
        },
        sublists: {},
      }),
    );
  }
  const subsidiary = String(
    store.insert('subsidiary', {
      fields: { name: 'Parent Company', currency: currencies['USD'] ?? null, country: 'US', isinactive: false },
      sublists: {},
    }),
  );
  const account = (acctnumber: string, acctname: string, accttype: string): string =>
    String(
      store.insert('account', {
        fields: { acctnumber, acctname, accttype, subsidiary: [subsidiary], isinactive: false },
        sublists: {},
      }),
    );
  return {
    subsidiary,
    currencies,
    accounts: {
      accountsReceivable: account('1100', 'Accounts Receivable', 'AcctRec'),
      undepositedFunds: account('1200', 'Undeposited Funds', 'OthCurrAsset'),
      customerDeposits: account('2400', 'Customer Deposits', 'OthCurrLiab'),
    },
  };
}

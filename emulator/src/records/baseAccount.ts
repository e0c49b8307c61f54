import type { Store } from '../store';
import type { SystemAccounts } from './ledger';

export interface BaseAccount {
  accounts: SystemAccounts;
  subsidiary: string;
  /** Currency internal IDs by ISO code. */
  currencies: Record<string, string>;
}

/**
 * Currencies a new account has: USD is the base. Precision as NetSuite allows: "The only values supported
 * are 0 and 2" (Oracle help, "Currency Decimal Precision"), so the Kuwaiti and Bahraini dinars, three
 * decimals in ISO 4217, keep two in NetSuite. `rate` is the Default Exchange Rate (USD per unit, "to root
 * subsidiary currency": Records Browser, currency), the fallback when the rate table has no rate.
 */
const CURRENCIES: readonly { symbol: string; name: string; precision: number; rate: number }[] = [
  { symbol: 'USD', name: 'US Dollar', precision: 2, rate: 1 },
  { symbol: 'EUR', name: 'Euro', precision: 2, rate: 1.08 },
  { symbol: 'GBP', name: 'British Pound', precision: 2, rate: 1.27 },
  { symbol: 'CAD', name: 'Canadian Dollar', precision: 2, rate: 0.73 },
  { symbol: 'JPY', name: 'Japanese Yen', precision: 0, rate: 0.0067 },
  { symbol: 'KRW', name: 'South Korean Won', precision: 0, rate: 0.00073 },
  { symbol: 'KWD', name: 'Kuwaiti Dinar', precision: 2, rate: 3.25 },
  { symbol: 'BHD', name: 'Bahraini Dinar', precision: 2, rate: 2.65 },
  // Whole-unit currencies Stripe sends with two decimals (ISK, UGX), and HUF and TWD (whole-unit payouts).
  { symbol: 'ISK', name: 'Icelandic Krona', precision: 0, rate: 0.0072 },
  { symbol: 'UGX', name: 'Ugandan Shilling', precision: 0, rate: 0.00027 },
  { symbol: 'HUF', name: 'Hungarian Forint', precision: 2, rate: 0.0027 },
  { symbol: 'TWD', name: 'New Taiwan Dollar', precision: 2, rate: 0.031 },
];

/** The Currency Exchange Rates table of a new account: each foreign currency against USD from 1 Jan 2020. */
const RATES_EFFECTIVE = new Date(2020, 0, 1);

/**
 * What a fresh OneWorld account holds before anyone configures it: a parent subsidiary, a few
 * currencies with a rate table, and the system accounts NetSuite posts to on its own (receivables,
 * undeposited funds, customer deposits, exchange gain/loss). Everything else (banks, income, fees) is set up by whoever uses the account.
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
          exchangerate: c.rate,
          isinactive: false,
        },
        sublists: {},
      }),
    );
  }
  for (const c of CURRENCIES) {
    if (c.symbol === 'USD') continue;
    store.insert('currencyrate', {
      fields: {
        basecurrency: currencies['USD'] ?? null,
        transactioncurrency: currencies[c.symbol] ?? null,
        exchangerate: c.rate,
        effectivedate: RATES_EFFECTIVE,
      },
      sublists: {},
    });
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
      // Added with Multiple Currencies (Oracle help, "Applied Payments and Realized Gain/Loss", "Rounding
      // Gain/Loss"; SuiteAnswers 14964 for Unrealized Matching Gain/Loss). Their type is a guess.
      realizedGainLoss: account('8100', 'Realized Gain/Loss', 'OthIncome'),
      unrealizedGainLoss: account('8110', 'Unrealized Gain/Loss', 'OthIncome'),
      roundingGainLoss: account('8120', 'Rounding Gain/Loss', 'OthIncome'),
      unrealizedMatchingGainLoss: account('8130', 'Unrealized Matching Gain/Loss', 'OthIncome'),
    },
  };
}

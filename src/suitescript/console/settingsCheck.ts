import {
  parseSettings,
  SETTINGS_FIELDS,
  SettingsError,
  readableModes,
  usDateReader,
  type ConnectorSettings,
  type DateReader,
  type ModeReader,
} from '../settings';
import type { SettingsProblem } from './consoleModel';

type Raw = Readonly<Record<string, unknown>>;

const FIELD_IN_MESSAGE = /(custrecord_snc_set_[a-z0-9_]+)/;

/**
 * Every problem settings.ts finds in a settings record, not just the first: each error names its field, which
 * is then emptied and the record parsed again, until it parses (or a problem repeats).
 */
export function settingsProblems(
  id: number,
  raw: Raw,
  readDate: DateReader = usDateReader,
  readMode: ModeReader = readableModes,
): { problems: SettingsProblem[]; settings: ConnectorSettings | null } {
  const problems: SettingsProblem[] = [];
  let values: Record<string, unknown> = { ...raw };
  for (let round = 0; round <= Object.keys(SETTINGS_FIELDS).length; round++) {
    try {
      const settings = parseSettings(id, values, readDate, readMode);
      return { problems, settings: problems.length === 0 ? settings : null };
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      const field = FIELD_IN_MESSAGE.exec(error.message)?.[1];
      problems.push({ setting: field ?? 'settings', fix: error.message });
      if (!field || !(field in values) || values[field] === '') return { problems, settings: null };
      values = { ...values, [field]: '' };
    }
  }
  return { problems, settings: null };
}

/** A record a setting names, and the kind of record it must be. */
export interface Reference {
  setting: string;
  table: 'account' | 'item' | 'customer' | 'subsidiary';
  id: number;
  /** For accounts: the account type it must have (NetSuite's `accttype`, e.g. Bank). */
  accountType?: string;
}

const ACCOUNT_SETTINGS = [
  'undepositedFundsAccount',
  'feeAccount',
  'conversionFeeAccount',
  'fxGainLossAccount',
  'disputeFeeAccount',
  'disputeReinstatementAccount',
  'incomeAccount',
  'outOfBandAccount',
  'inventoryAssetAccount',
  'cogsAccount',
] as const;
const ITEM_SETTINGS = ['globalItem', 'taxItem', 'shippingItem', 'partialRefundItem', 'discountItem'] as const;

/** The records the settings name, to be checked with one query. */
export function settingsReferences(settings: ConnectorSettings): Reference[] {
  const b = settings.booking;
  const refs: Reference[] = [];
  for (const key of ACCOUNT_SETTINGS) {
    const id = b[key];
    if (id !== null) refs.push({ setting: SETTINGS_FIELDS[key], table: 'account', id });
  }
  for (const key of ITEM_SETTINGS) {
    const id = b[key];
    if (id !== null) refs.push({ setting: SETTINGS_FIELDS[key], table: 'item', id });
  }
  if (b.globalCustomer !== null)
    refs.push({ setting: SETTINGS_FIELDS.globalCustomer, table: 'customer', id: b.globalCustomer });
  if (b.subsidiary !== null) refs.push({ setting: SETTINGS_FIELDS.subsidiary, table: 'subsidiary', id: b.subsidiary });
  // Tax codes (salestaxitem) are not checked: no SuiteQL table for them is documented that we found.
  return refs;
}

/** A bank-account mapping record (customrecord_snc_bank) of the settings. */
export interface BankMapping {
  id: number;
  currency: string;
  account: number | null;
}

export function bankReferences(banks: readonly BankMapping[]): { refs: Reference[]; problems: SettingsProblem[] } {
  const refs: Reference[] = [];
  const problems: SettingsProblem[] = [];
  const seen = new Set<string>();
  for (const bank of banks) {
    const setting = `Bank account mapping ${bank.id}`;
    if (!/^[A-Za-z]{3}$/.test(bank.currency)) {
      problems.push({ setting, fix: `Currency must be an ISO code such as USD, not "${bank.currency}".` });
    } else if (seen.has(bank.currency.toUpperCase())) {
      problems.push({ setting, fix: `${bank.currency.toUpperCase()} is mapped by another record too: keep one.` });
    }
    seen.add(bank.currency.toUpperCase());
    if (bank.account === null)
      problems.push({ setting, fix: 'Choose the bank account deposits in this currency go to.' });
    else refs.push({ setting, table: 'account', id: bank.account, accountType: 'Bank' });
  }
  if (banks.length === 0) {
    problems.push({
      setting: 'Bank account mappings',
      fix: 'Add a Stripe Connector Bank Account record per payout currency: payouts cannot be deposited without one.',
    });
  }
  return { refs, problems };
}

/** What the one query found: by `table:id`, the record's account type (accounts) or '' and whether inactive. */
export type FoundRecords = ReadonlyMap<string, { type: string; inactive: boolean }>;

export function referenceProblems(refs: readonly Reference[], found: FoundRecords): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  for (const ref of refs) {
    const record = found.get(`${ref.table}:${ref.id}`);
    if (!record) {
      problems.push({
        setting: ref.setting,
        fix: `No ${ref.table} has internal ID ${ref.id}: choose an existing one.`,
      });
    } else if (record.inactive) {
      problems.push({ setting: ref.setting, fix: `${ref.table} ${ref.id} is inactive: choose an active one.` });
    } else if (ref.accountType !== undefined && record.type !== ref.accountType) {
      problems.push({
        setting: ref.setting,
        fix: `Account ${ref.id} is of type ${record.type}, not ${ref.accountType}.`,
      });
    }
  }
  return problems;
}

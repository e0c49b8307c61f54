// The account checks against the local NetSuite emulator: what CI runs, so the emulator's assumptions and
// the checks an admin runs in a real account are one list.
import * as path from 'node:path';
import type { TbaCredentials } from 'stripe-netsuite-relay';
import type { EmulatorOptions } from '../../emulator/src/context';
import { NetSuiteEmulator } from '../../emulator/src/emulator';
import type { HttpFront } from '../../emulator/src/http/server';
import { installConnector, RELAY_ROLE, WEBHOOK_RESTLET } from '../localConnector';
import { CHECK_DEPLOYMENT, CHECK_SCRIPT, type CheckRequestBody } from './client';
import type { ConnectorEndpoints } from './roles';

export const INFO_RESTLET = { scriptId: 'customscript_snc_info_rl', deploymentId: 'customdeploy_snc_info_rl' };

export const ACCOUNT_CHECK_PROJECT = path.join(__dirname, '../../../test/account/src');

export interface EmulatedAccount {
  ns: NetSuiteEmulator;
  url: string;
  credentials: TbaCredentials;
  /** What an admin would pass: the income account made for the checks' test item, the bank for the deposit. */
  body: CheckRequestBody;
  close(): Promise<void>;
}

/** `options` switch the emulator's guesses (emulator README), to see a check fail where a guess is wrong. */
export async function startEmulatedAccount(
  projectDir = ACCOUNT_CHECK_PROJECT,
  options: Partial<EmulatorOptions> = {},
): Promise<EmulatedAccount> {
  const ns = await NetSuiteEmulator.create({ projectDir, options });
  const income = ns.records.create('account');
  income.setValue({ fieldId: 'acctname', value: 'Sales' });
  income.setValue({ fieldId: 'accttype', value: 'Income' });
  income.setValue({ fieldId: 'subsidiary', value: [ns.base.subsidiary] });
  const incomeAccount = ns.records.save(income);
  const bank = ns.records.create('account');
  bank.setValue({ fieldId: 'acctname', value: 'Operating Bank' });
  bank.setValue({ fieldId: 'accttype', value: 'Bank' });
  // In the subsidiary's base currency (USD), as the checks' payment is.
  bank.setValue({ fieldId: 'currency', value: ns.base.currencies['USD'] ?? null });
  bank.setValue({ fieldId: 'subsidiary', value: [ns.base.subsidiary] });
  const bankAccount = ns.records.save(bank);
  // A Tax Code at 10% and its liability account, as a legacy-tax account has (the per-line tax check).
  const vat = ns.records.create('account');
  vat.setValue({ fieldId: 'acctname', value: 'VAT Payable' });
  vat.setValue({ fieldId: 'accttype', value: 'OthCurrLiab' });
  vat.setValue({ fieldId: 'subsidiary', value: [ns.base.subsidiary] });
  const code = ns.records.create('salestaxitem');
  code.setValue({ fieldId: 'itemid', value: 'VAT:S' });
  code.setValue({ fieldId: 'rate', value: 10 });
  code.setValue({ fieldId: 'taxaccount', value: ns.records.save(vat) });
  const taxCode = ns.records.save(code);
  const credentials: TbaCredentials = {
    accountId: ns.services.options.accountId,
    consumerKey: 'ck_account_check',
    consumerSecret: 'cs_account_check',
    tokenId: 'tk_account_check',
    tokenSecret: 'ts_account_check',
  };
  const front: HttpFront = await ns.startHttp({
    integrations: [{ consumerKey: credentials.consumerKey, consumerSecret: credentials.consumerSecret }],
    tokens: [
      {
        tokenId: credentials.tokenId,
        tokenSecret: credentials.tokenSecret,
        consumerKey: credentials.consumerKey,
        user: ns.services.user,
      },
    ],
  });
  return {
    ns,
    url: front.restletUrl(CHECK_SCRIPT, CHECK_DEPLOYMENT),
    credentials,
    body: { incomeAccount, bankAccount, taxCode },
    close: () => front.close(),
  };
}

/** The connector's own project in the emulator, its RESTlets served to the relay's token (store-only role). */
export async function startEmulatedConnector(): Promise<{
  endpoints: ConnectorEndpoints;
  relay: TbaCredentials;
  close(): Promise<void>;
}> {
  const { ns } = await installConnector();
  const relay: TbaCredentials = {
    accountId: ns.services.options.accountId,
    consumerKey: 'ck_relay',
    consumerSecret: 'cs_relay',
    tokenId: 'tk_relay',
    tokenSecret: 'ts_relay',
  };
  const user = {
    ...ns.services.user,
    id: 8,
    name: 'Stripe Relay',
    role: RELAY_ROLE.highVolume,
    roleId: RELAY_ROLE.highVolume,
  };
  const front = await ns.startHttp({
    integrations: [{ consumerKey: relay.consumerKey, consumerSecret: relay.consumerSecret }],
    tokens: [{ tokenId: relay.tokenId, tokenSecret: relay.tokenSecret, consumerKey: relay.consumerKey, user }],
  });
  return {
    endpoints: {
      webhookUrl: front.restletUrl(WEBHOOK_RESTLET.scriptId, WEBHOOK_RESTLET.deploymentId),
      infoUrl: front.restletUrl(INFO_RESTLET.scriptId, INFO_RESTLET.deploymentId),
    },
    relay,
    close: () => front.close(),
  };
}

// `npm run account:check`: deploys the account-check project (test/account) with the SuiteCloud CLI and
// runs its checks in the account, with token-based auth from the environment. `-- --emulator` runs the
// same checks against the local NetSuite emulator instead; `-- --no-deploy` calls an existing deployment.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { TbaCredentials } from 'stripe-netsuite-relay';
import { restletUrl, runAccountCheck, type CheckRequestBody } from './client';
import { INFO_RESTLET, startEmulatedAccount, startEmulatedConnector } from './emulated';
import { formatReport, type CheckReport } from './report';
import { relayRoleChecks, withResults } from './roles';

const ENV = ['NS_ACCOUNT_ID', 'NS_CONSUMER_KEY', 'NS_CONSUMER_SECRET', 'NS_TOKEN_ID', 'NS_TOKEN_SECRET'] as const;

function credentialsFromEnv(): TbaCredentials {
  const missing = ENV.filter((name) => !process.env[name]);
  if (missing.length > 0) throw new Error(`Set ${missing.join(', ')} (token-based auth for an administrator)`);
  const env = (name: (typeof ENV)[number]): string => process.env[name] as string;
  return {
    accountId: env('NS_ACCOUNT_ID').toUpperCase(),
    consumerKey: env('NS_CONSUMER_KEY'),
    consumerSecret: env('NS_CONSUMER_SECRET'),
    tokenId: env('NS_TOKEN_ID'),
    tokenSecret: env('NS_TOKEN_SECRET'),
  };
}

function bodyFromEnv(): CheckRequestBody {
  const number = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined);
  return {
    subsidiary: number('NS_CHECK_SUBSIDIARY'),
    incomeAccount: number('NS_CHECK_INCOME_ACCOUNT'),
    bankAccount: number('NS_CHECK_BANK_ACCOUNT'),
    taxCode: number('NS_CHECK_TAX_CODE'),
  };
}

function deploy(): void {
  const cli = require.resolve('@oracle/suitecloud-cli/src/suitecloud.js');
  const project = path.join(__dirname, '../../../test/account');
  execFileSync(process.execPath, [cli, 'project:deploy'], { cwd: project, stdio: 'inherit' });
}

/** The relay's token, when given: the role checks run against the connector's deployed RESTlets. */
function relayFromEnv(admin: TbaCredentials): TbaCredentials | null {
  const tokenId = process.env['NS_RELAY_TOKEN_ID'];
  const tokenSecret = process.env['NS_RELAY_TOKEN_SECRET'];
  if (!tokenId || !tokenSecret) return null;
  return {
    ...admin,
    consumerKey: process.env['NS_RELAY_CONSUMER_KEY'] ?? admin.consumerKey,
    consumerSecret: process.env['NS_RELAY_CONSUMER_SECRET'] ?? admin.consumerSecret,
    tokenId,
    tokenSecret,
  };
}

async function checkEmulator(): Promise<CheckReport> {
  const account = await startEmulatedAccount();
  const connector = await startEmulatedConnector();
  try {
    const report = await runAccountCheck(account.url, account.credentials, account.body);
    return withResults(report, await relayRoleChecks(connector.endpoints, connector.relay));
  } finally {
    await account.close();
    await connector.close();
  }
}

async function checkAccount(args: string[]): Promise<CheckReport> {
  const credentials = credentialsFromEnv();
  if (!args.includes('--no-deploy')) deploy();
  const url = process.env['NS_CHECK_URL'] ?? restletUrl(credentials.accountId);
  const report = await runAccountCheck(url, credentials, bodyFromEnv());
  const relay = relayFromEnv(credentials);
  if (!relay) return report;
  const endpoints = {
    webhookUrl: restletUrl(credentials.accountId, 'customscript_snc_webhook_rl', 'customdeploy_snc_webhook_rl'),
    infoUrl: restletUrl(credentials.accountId, INFO_RESTLET.scriptId, INFO_RESTLET.deploymentId),
  };
  return withResults(report, await relayRoleChecks(endpoints, relay));
}

async function main(args: string[]): Promise<number> {
  const report = args.includes('--emulator') ? await checkEmulator() : await checkAccount(args);
  console.log(formatReport(report));
  return report.failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);

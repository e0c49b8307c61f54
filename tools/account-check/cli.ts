// `npm run account:check`: deploys the account-check project (test/account) with the SuiteCloud CLI and
// runs its checks in the account, with token-based auth from the environment. `-- --emulator` runs the
// same checks against the local NetSuite emulator instead; `-- --no-deploy` calls an existing deployment.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { TbaCredentials } from '../../relay/src/oauth';
import { restletUrl, runAccountCheck, type CheckRequestBody } from './client';
import { startEmulatedAccount } from './emulated';
import { formatReport, type CheckReport } from './report';

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
  return { subsidiary: number('NS_CHECK_SUBSIDIARY'), incomeAccount: number('NS_CHECK_INCOME_ACCOUNT') };
}

function deploy(): void {
  const cli = require.resolve('@oracle/suitecloud-cli/src/suitecloud.js');
  const project = path.join(__dirname, '../../../test/account');
  execFileSync(process.execPath, [cli, 'project:deploy'], { cwd: project, stdio: 'inherit' });
}

async function main(args: string[]): Promise<number> {
  let report: CheckReport;
  if (args.includes('--emulator')) {
    const account = await startEmulatedAccount();
    try {
      report = await runAccountCheck(account.url, account.credentials, account.body);
    } finally {
      await account.close();
    }
  } else {
    const credentials = credentialsFromEnv();
    if (!args.includes('--no-deploy')) deploy();
    report = await runAccountCheck(
      process.env['NS_CHECK_URL'] ?? restletUrl(credentials.accountId),
      credentials,
      bodyFromEnv(),
    );
  }
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

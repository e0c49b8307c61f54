import AdmZip from 'adm-zip';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EmulatorOptions } from '../../emulator/src/context';
import { runChecks, type Check } from '../account/suitescript/check';
import { DUPLICATE_RECORD_ERRORS as CHECKED_DUPLICATES } from '../account/suitescript/checks/platform';
import { CONNECTOR_COLUMNS } from '../account/suitescript/checks/suiteql';
import { DUPLICATE_RECORD_ERRORS } from '../../src/suitescript/netsuiteErrors';
import { runAccountCheck } from '../../tools/account-check/client';
import { startEmulatedAccount, startEmulatedConnector, type EmulatedAccount } from '../../tools/account-check/emulated';
import { formatReport } from '../../tools/account-check/report';
import { relayRoleChecks } from '../../tools/account-check/roles';
import { lintSdfProject } from '../../tools/sdf-lint/rules';

// The account-check project (test/account): the checks an admin runs in a real account with
// `npm run account:check`, run here against the emulator. These tests read the build output.
const root = path.join(__dirname, '../..');
const projectDir = path.join(root, 'test/account/src');

describe('the account checks against the NetSuite emulator', () => {
  let account: EmulatedAccount;
  beforeAll(async () => {
    account = await startEmulatedAccount(projectDir);
  });
  afterAll(() => account.close());

  it('pass, over HTTP with token-based auth, and leave no test record behind', async () => {
    const report = await runAccountCheck(account.url, account.credentials, account.body);
    const failed = report.results.filter((r) => !r.ok);
    expect(formatReport({ ...report, results: failed })).not.toContain('FAIL');
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThanOrEqual(34);
    if (process.env['ACCOUNT_CHECK_DEBUG']) console.log(formatReport(report));
    expect(report.notDeleted).toEqual([]);
    expect(account.ns.store.listKind('transaction')).toEqual([]);
    expect(account.ns.store.listKind('entity')).toEqual([]);
  });

  it('name the documentation of every behaviour they check', async () => {
    const report = await runAccountCheck(account.url, account.credentials, account.body);
    for (const result of report.results) expect(result.source).toMatch(/Oracle help|Records Catalog/);
  });
});

// The checks of guessed behaviours must fail, and say what the account did, where the guess is wrong: here
// the emulator switched to the other choice its README names for the guess.
describe('the account checks against an emulator whose guesses are switched', () => {
  async function failuresWith(options: Partial<EmulatorOptions>): Promise<string[][]> {
    const account = await startEmulatedAccount(projectDir, options);
    try {
      const report = await runAccountCheck(account.url, account.credentials, account.body);
      expect(report.notDeleted).toEqual([]);
      return report.results.filter((r) => !r.ok).map((r) => [r.name.slice(0, 48), r.detail]);
    } finally {
      await account.close();
    }
  }

  it('fail the void check, naming the refusal, when invoices are voided by reversing journals', async () => {
    expect(await failuresWith({ voidUsingReversingJournals: true })).toEqual([
      [
        'transaction.void of an open invoice: status Void',
        expect.stringMatching(/^CheckFailed: the void was refused with INVALID_RECORD_TYPE: .*Reversing Journals/),
      ],
    ]);
  });

  it('fail the per-line tax check when NetSuite recomputes a tax1amt the script set from the rate', async () => {
    expect(await failuresWith({ lineTaxAmount: 'compute' })).toEqual([
      [
        'a tax1amt set by script on a line with a tax cod',
        expect.stringMatching(/^CheckFailed: rate 10%, tax1amt 10, taxtotal 10, total 110: NetSuite recomputed/),
      ],
    ]);
  });

  it("fail the order-billing check when NetSuite leaves the order's deposit unapplied", async () => {
    expect(await failuresWith({ autoApplyOrderDeposits: false })).toEqual([
      [
        "invoicing a sales order applies the order's cust",
        expect.stringMatching(
          /^CheckFailed: invoice status "A" .*unpaid 40; .*0 deposit application\(s\): NetSuite did not apply/,
        ),
      ],
    ]);
  });

  it('fail the applied-payment void check when NetSuite voids and unapplies instead', async () => {
    expect(await failuresWith({ voidAppliedTransactions: 'unapply' })).toEqual([
      [
        'transaction.void of an invoice with a payment ap',
        expect.stringMatching(/^CheckFailed: the invoice was voided: status "V"/),
      ],
    ]);
  });
});

describe("the role checks, with the relay's token against the connector's RESTlets", () => {
  let connector: Awaited<ReturnType<typeof startEmulatedConnector>>;
  beforeAll(async () => {
    connector = await startEmulatedConnector();
  });
  afterAll(() => connector.close());

  it('pass: the relay role reaches the webhook RESTlet and not the administrators-only one', async () => {
    const results = await relayRoleChecks(connector.endpoints, connector.relay);
    expect(results.map((r) => [r.ok, r.detail.slice(0, 8)])).toEqual([
      [true, 'HTTP 400'],
      [true, 'HTTP 403'],
    ]);
  });

  it('fail when the audiences are not what the connector ships (endpoints swapped)', async () => {
    const { webhookUrl, infoUrl } = connector.endpoints;
    const results = await relayRoleChecks({ webhookUrl: infoUrl, infoUrl: webhookUrl }, connector.relay);
    expect(results.map((r) => r.ok)).toEqual([false, false]);
  });
});

describe('the account checks mirror the connector', () => {
  it('take the duplicate external ID errors the connector takes', () => {
    expect([...CHECKED_DUPLICATES].sort()).toEqual([...DUPLICATE_RECORD_ERRORS].sort());
  });

  it("name only columns the connector's queries use", () => {
    const sources = fs
      .readdirSync(path.join(root, 'src/suitescript/netsuite'))
      .map((file) => fs.readFileSync(path.join(root, 'src/suitescript/netsuite', file), 'utf8'))
      .join('\n');
    for (const [table, columns] of Object.entries(CONNECTOR_COLUMNS)) {
      expect(sources).toMatch(new RegExp(`(FROM|JOIN) ${table}\\b`));
      for (const column of columns) expect(sources).toMatch(new RegExp(`\\b${column}\\b`));
    }
  });
});

describe('the check runner', () => {
  const check = (name: string, run: () => string): Check => ({ name, source: 'Oracle help, "x"', run });

  it('reports a failing check with its error and goes on to the next', () => {
    const results = runChecks(
      [
        check('fails', () => {
          throw Object.assign(new Error('no such thing'), { name: 'SSS_X' });
        }),
        check('passes', () => 'seen'),
      ],
      () => 1000,
      100,
    );
    expect(results.map((r) => [r.name, r.ok, r.detail])).toEqual([
      ['fails', false, 'SSS_X: no such thing'],
      ['passes', true, 'seen'],
    ]);
  });

  it('skips checks once governance is down to the cleanup reserve', () => {
    let left = 150;
    const results = runChecks(
      [
        check('first', () => {
          left -= 100;
          return 'ran';
        }),
        check('second', () => 'ran'),
      ],
      () => left,
      100,
    );
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[1]?.detail).toMatch(/skipped/);
  });
});

describe('the account-check SDF project', () => {
  it('passes every lint:sdf rule', () => {
    expect(lintSdfProject({ projectDir, prefix: 'snc' })).toEqual([]);
  });

  it('packages with the SuiteCloud CLI', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sdf-account-check-'));
    try {
      fs.cpSync(projectDir, path.join(work, 'src'), { recursive: true });
      fs.copyFileSync(path.join(root, 'test/account/suitecloud.config.js'), path.join(work, 'suitecloud.config.js'));
      const cli = require.resolve('@oracle/suitecloud-cli/src/suitecloud.js');
      execFileSync(process.execPath, [cli, 'project:package'], { cwd: work, stdio: 'pipe' });
      const zips = fs.readdirSync(path.join(work, 'build')).filter((f) => f.endsWith('.zip'));
      expect(zips).toHaveLength(1);
      const entries = new AdmZip(path.join(work, 'build', zips[0] as string)).getEntries().map((e) => e.entryName);
      expect(entries).toEqual(
        expect.arrayContaining([
          'manifest.xml',
          'Objects/customscript_snc_check_rl.xml',
          'Objects/customrecord_snc_check.xml',
          'FileCabinet/SuiteScripts/snc-account-check/snc_account_check_rl.js',
        ]),
      );
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

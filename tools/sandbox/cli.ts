import * as path from 'node:path';
import { loadFixtureFile } from '../../stripe-sandbox/src/scenarios/fixtures';
import { exitCodeOf } from './result';
import { progressPrinter, writeResult } from './progress';
import { runSandbox, type Scenario } from './run';
import { formatProblems, formatSummary } from './summary';

const USAGE = `Usage: npm run sandbox -- --scenario FILE [--scenario FILE …] [--out result.json] [--quiet] [--no-payouts]

Runs Stripe CLI fixture files (with the sandbox steps advance_clock, run_payouts, deliver_webhooks)
against the local Stripe sandbox, with webhooks through the relay into the connector in the NetSuite
emulator; then, as Stripe's automatic payouts would, moves the clock until every balance is paid out
and every payout is paid, reconciled and deposited (--no-payouts stops when the scenarios end);
writes the booked records, trial balance, events, payouts and governance as JSON.
Exit status: 0 reconciled, 1 parked events or unreconciled payouts, 2 bad usage or a crash.`;

export interface CliArgs {
  scenarios: string[];
  out: string;
  quiet: boolean;
  noPayouts: boolean;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { scenarios: [], out: 'result.json', quiet: false, noPayouts: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--scenario') args.scenarios.push(value());
    else if (arg === '--out') args.out = value();
    else if (arg === '--quiet') args.quiet = true;
    else if (arg === '--no-payouts') args.noPayouts = true;
    else throw new Error(`Unknown argument: ${arg}`);
  }
  if (args.scenarios.length === 0) throw new Error('At least one --scenario FILE is needed');
  return args;
}

async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const scenarios: Scenario[] = args.scenarios.map((file) => ({
    name: path.basename(file),
    file: loadFixtureFile(file),
  }));
  const result = await runSandbox({
    scenarios,
    noPayouts: args.noPayouts,
    onProgress: args.quiet ? undefined : progressPrinter(),
  });
  const written = writeResult(args.out, result);
  console.log(formatSummary(result, written));
  const code = exitCodeOf(result);
  if (code !== 0) {
    console.error(`\nFailing because of ${result.problems.length} problem(s):`);
    for (const line of formatProblems(result)) console.error(`  ${line}`);
  }
  return code;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 2;
    },
  );
}

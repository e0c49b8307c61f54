// `npm start`: a generated month of a small SaaS business through the local sandbox (Stripe sandbox →
// relay → connector in the NetSuite emulator), ending in a summary a finance person can read.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateScenario } from '../stripe-sandbox/src/scenarios/generator';
import { exitCodeOf } from './sandbox/result';
import { progressPrinter, writeResult } from './sandbox/progress';
import { runSandbox } from './sandbox/run';
import { formatSummary } from './sandbox/summary';

const OUT_DIR = '.sandbox';

async function main(): Promise<number> {
  const scenario = generateScenario({
    seed: 2026,
    customers: 30,
    months: 1,
    currencies: ['usd', 'eur', 'gbp', 'jpy'],
    disputes: true,
  });
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const scenarioFile = path.join(OUT_DIR, 'scenario.json');
  fs.writeFileSync(scenarioFile, `${JSON.stringify(scenario, null, 2)}\n`);
  console.log(
    `Stripe NetSuite Connector: local demo.\n` +
      `A month of a small SaaS business (30 customers in USD, EUR, GBP and JPY; USD and EUR payouts: subscriptions, one-off charges, refunds,\n` +
      `credit notes of every kind, voided and uncollectible invoices, a downgrade, disputes) goes from a local Stripe sandbox through the webhook relay into the connector running in a\n` +
      `local NetSuite emulator. Scenario: ${scenarioFile} (${scenario.fixtures.length} steps)\n`,
  );
  const started = Date.now();
  const result = await runSandbox({
    scenarios: [{ name: 'saas-month', file: scenario }],
    onProgress: progressPrinter(),
  });
  const written = writeResult(path.join(OUT_DIR, 'result.json'), result);
  console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  console.log(formatSummary(result, path.relative(process.cwd(), written)));
  return exitCodeOf(result);
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 2;
  },
);

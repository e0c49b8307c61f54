import { parseArgs } from 'node:util';
import { API_VERSION } from './core/account';
import { writeFileSync } from 'node:fs';
import { startServer } from './http/server';
import { StripeSandbox } from './sandbox';
import { loadFixtureFile, runFixtures, sandboxTarget } from './scenarios/fixtures';
import { generateScenario, sandboxSettingsFor } from './scenarios/generator';
import type { SandboxSettings } from './core/account';

const USAGE = `Usage: npm run stripe-sandbox -- [--port P] [--seed S] [--webhook-url URL] [--webhook-events a,b]
                              [--secret-key sk_test_…] [--realtime] [--run FILE]
                              [--payout-currencies usd,eur] [--default-currency usd]
       npm run stripe-sandbox -- --generate FILE [--seed S] [--customers N] [--months M]
                              [--currencies usd,eur,gbp,jpy] [--payout-currencies usd,eur]
                              [--default-currency usd] [--refunds-later]
  --port           port on 127.0.0.1 (default 12111; 0 = any free port)
  --seed           seed for IDs and keys (default 42)
  --webhook-url    create a webhook endpoint for this URL and print its signing secret
  --webhook-events events it receives, comma-separated (default *)
  --secret-key     the sk_test_ key to accept (default derived from the seed)
  --realtime       move the sandbox clock with the wall clock (webhook retries, payouts)
  --run            run a fixture file (Stripe CLI format, sandbox steps allowed) once serving
  --generate       write a generated scenario (seeded) to FILE and exit
  --currencies     the generated customers' currencies
  --payout-currencies  the account's bank account currencies (charges in others convert); --run FILE
                   takes them from a generated file unless given
  --default-currency   the currency other charges convert to
  --refunds-later  generated refunds follow their charge by 1–6 hours (another exchange rate)`;

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((c) => c.trim().toLowerCase());
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '12111' },
      seed: { type: 'string', default: '42' },
      'webhook-url': { type: 'string' },
      'webhook-events': { type: 'string', default: '*' },
      'secret-key': { type: 'string' },
      realtime: { type: 'boolean', default: false },
      run: { type: 'string' },
      generate: { type: 'string' },
      customers: { type: 'string', default: '12' },
      months: { type: 'string', default: '3' },
      currencies: { type: 'string' },
      'payout-currencies': { type: 'string' },
      'default-currency': { type: 'string' },
      'refunds-later': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  const seed = Number(values.seed);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(seed)) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  if (values.generate) {
    const currencies = list(values.currencies);
    const payoutCurrencies = list(values['payout-currencies']);
    const defaultCurrency = values['default-currency']?.toLowerCase();
    const scenario = generateScenario({
      seed,
      customers: Number(values.customers),
      months: Number(values.months),
      refundsLater: values['refunds-later'],
      ...(currencies ? { currencies } : {}),
      ...(payoutCurrencies ? { payoutCurrencies } : {}),
      ...(defaultCurrency ? { defaultCurrency } : {}),
    });
    writeFileSync(values.generate, JSON.stringify(scenario, null, 2) + '\n');
    console.log(`Wrote ${scenario.fixtures.length} steps to ${values.generate}`);
    return;
  }
  const secretKey = values['secret-key'];
  if (secretKey !== undefined && !secretKey.startsWith('sk_test_')) {
    console.error('--secret-key must start with sk_test_');
    process.exitCode = 2;
    return;
  }
  const fixtureFile = values.run ? loadFixtureFile(values.run) : undefined;
  const settings: Partial<SandboxSettings> = fixtureFile ? sandboxSettingsFor(fixtureFile) : {};
  const payoutCurrencies = list(values['payout-currencies']);
  if (payoutCurrencies) settings.settlementCurrencies = payoutCurrencies;
  if (values['default-currency']) settings.defaultCurrency = values['default-currency'].toLowerCase();
  const sandbox = new StripeSandbox({ seed, settings, ...(secretKey ? { secretKey } : {}) });
  const server = await startServer(sandbox, { port });
  console.log(`Stripe sandbox listening on ${server.url}`);
  console.log(`Secret key:        ${sandbox.secretKey}`);
  console.log(`API version:       ${API_VERSION}`);
  console.log(
    `Payout currencies: ${sandbox.account.settings.settlementCurrencies.join(', ')} (others convert to ${sandbox.account.settings.defaultCurrency})`,
  );
  const url = values['webhook-url'];
  if (url) {
    const events = (values['webhook-events'] ?? '*').split(',').map((e) => e.trim());
    const { endpoint, secret } = sandbox.createWebhookEndpoint(url, events);
    console.log(`Webhook endpoint:  ${endpoint.id} → ${url} (${events.join(', ')})`);
    console.log(`Webhook secret:    ${secret}`);
  } else {
    console.log('Webhook endpoint:  none (pass --webhook-url URL to create one)');
  }
  console.log(
    `Stripe CLI:        stripe trigger customer.created --api-base ${server.url} --api-key ${sandbox.secretKey}`,
  );
  if (values.run && fixtureFile) {
    const result = await runFixtures(fixtureFile, sandboxTarget(sandbox));
    await sandbox.deliverAll();
    console.log(`Ran ${result.steps.length} steps from ${values.run}; sandbox clock now ${sandbox.now()}`);
  }
  let ticker: NodeJS.Timeout | undefined;
  if (values.realtime) {
    ticker = setInterval(() => {
      const wall = Math.floor(Date.now() / 1000);
      if (wall > sandbox.now()) sandbox.account.clock.set(wall);
    }, 1000);
  }
  const stop = (): void => {
    if (ticker) clearInterval(ticker);
    void server
      .close()
      .then(() => sandbox.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

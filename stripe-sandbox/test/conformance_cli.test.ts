import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Stripe from 'stripe';
import type { StripeObject } from '../src/core/account';
import { startServer, type SandboxServer } from '../src/http/server';
import { StripeSandbox } from '../src/sandbox';
import { TRIGGERS } from './helpers/triggers';

// The official Stripe CLI (npm @stripe/cli) run against the sandbox: `stripe trigger EVENT --api-base …`.
// The binary package itself: the @stripe/cli wrapper lists platform packages this registry lacks.
const STRIPE_CLI = path.resolve(__dirname, '../../node_modules/@stripe/cli-linux-x64/bin/stripe');

let server: SandboxServer;
let home: string;
const sandbox = new StripeSandbox({ seed: 21 });

beforeAll(async () => {
  server = await startServer(sandbox);
  home = mkdtempSync(path.join(os.tmpdir(), 'stripe-cli-home-'));
});

afterAll(async () => {
  await server.close();
  await sandbox.close();
  rmSync(home, { recursive: true, force: true });
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      STRIPE_CLI,
      args,
      {
        timeout: 30_000,
        env: {
          PATH: process.env['PATH'] ?? '/usr/bin:/bin',
          HOME: home,
          XDG_CONFIG_HOME: path.join(home, '.config'),
          STRIPE_CLI_TELEMETRY_OPTOUT: '1',
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function eventTypes(): string[] {
  return sandbox.account.list<Stripe.Event & StripeObject>('event').map((e) => e.type);
}

describe('stripe trigger', () => {
  test.each(Object.entries(TRIGGERS))('%s', async (trigger, expected) => {
    const before = eventTypes().length;
    const result = await runCli(['trigger', trigger, '--api-base', server.url, '--api-key', sandbox.secretKey]);
    const emitted = eventTypes().slice(0, eventTypes().length - before);
    expect({
      trigger,
      code: result.code,
      output: result.code === 0 ? '' : `${result.stdout}\n${result.stderr}`,
    }).toEqual({
      trigger,
      code: 0,
      output: '',
    });
    expect(result.stdout).toContain('Trigger succeeded!');
    expect(emitted).toEqual(expect.arrayContaining([trigger, ...expected]));
  });
});

test('a wrong key fails the trigger with the API error', async () => {
  const result = await runCli([
    'trigger',
    'customer.created',
    '--api-base',
    server.url,
    '--api-key',
    'sk_test_wrongwrongwrong',
  ]);
  expect(result.code).not.toBe(0);
  expect(`${result.stdout}${result.stderr}`).toContain('Invalid API Key provided');
});

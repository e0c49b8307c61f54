#!/usr/bin/env node
import { ConfigError, loadConfig } from './config';
import { startRelayServer } from './server';

/** Open requests get this long to finish on SIGTERM/SIGINT; Stripe redelivers anything cut off. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee relay/README.md for every variable.\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
  const server = await startRelayServer(config);
  process.stdout.write(
    `Stripe → NetSuite relay listening on ${server.webhookUrl} (health: ${server.origin}/health), ` +
      `forwarding to ${new URL(config.restletUrl).origin}\n`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: closing\n`);
    server.close(SHUTDOWN_GRACE_MS).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`relay failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

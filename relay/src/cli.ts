#!/usr/bin/env node
import { ConfigError, loadConfig } from './config';
import { startRelayServer } from './server';
import { packageVersion } from './version';

/** Open requests get this long to finish on SIGTERM/SIGINT; Stripe redelivers anything cut off. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Start-up and shutdown are JSON lines too, like every request: one format for the log collector. */
function logLine(level: 'info' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--version')) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee the relay's README.md for every variable.\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
  const server = await startRelayServer(config);
  logLine('info', `Stripe → NetSuite relay listening on ${server.webhookUrl}`, {
    event: 'start',
    version: packageVersion(),
    webhook_url: server.webhookUrl,
    health_url: `${server.origin}/healthz`,
    forwarding_to: new URL(config.restletUrl).origin,
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.relay.logSummary();
    logLine('info', `${signal}: closing`, { event: 'stop' });
    server.close(SHUTDOWN_GRACE_MS).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  logLine('error', `relay failed to start: ${e instanceof Error ? e.message : String(e)}`, { event: 'start_failed' });
  process.exit(1);
});

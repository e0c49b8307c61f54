import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RelayConfig } from './config';
import { createRelay, type RelayDeps, type RelayHandler } from './core';

export interface RelayServer {
  /** e.g. http://127.0.0.1:8080 */
  readonly origin: string;
  /** The webhook URL to give Stripe (behind whatever TLS front the host provides). */
  readonly webhookUrl: string;
  readonly port: number;
  readonly relay: RelayHandler;
  /** Stops listening; open requests get `graceMs` to finish before their connections are dropped. */
  close(graceMs?: number): Promise<void>;
}

class TooLarge extends Error {}

/** Reads the body up to `limit` bytes; beyond it, rejects at once and discards the rest. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new TooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** Serves the relay over Node's http on `config.host`:`config.port` (127.0.0.1 and 0 in tests). */
export async function startRelayServer(config: RelayConfig, deps: RelayDeps = {}): Promise<RelayServer> {
  const relay = createRelay(config, deps);
  const server = createServer((req, res) => {
    const handle = async () => {
      let body: Buffer = Buffer.alloc(0);
      let tooLarge = false;
      if (req.method === 'POST') {
        try {
          body = await readBody(req, config.maxBodyBytes);
        } catch (e) {
          if (!(e instanceof TooLarge)) throw e;
          tooLarge = true;
          res.setHeader('Connection', 'close');
        }
      } else {
        req.resume();
      }
      const answer = await relay({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: flatHeaders(req),
        body,
        tooLarge,
      });
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    };
    handle().catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end('{"error":"relay_error"}');
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The counts, once per interval, so a quiet relay still says it is alive (and whether its clock is off).
  const summary =
    config.summaryIntervalSeconds > 0
      ? setInterval(() => relay.logSummary(), config.summaryIntervalSeconds * 1000)
      : null;
  summary?.unref();
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const origin = `http://${host}:${port}`;
  return {
    origin,
    webhookUrl: `${origin}${config.path}`,
    port,
    relay,
    close: (graceMs = 0) =>
      new Promise<void>((resolve, reject) => {
        if (summary) clearInterval(summary);
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
        if (graceMs <= 0) server.closeAllConnections();
        else setTimeout(() => server.closeAllConnections(), graceMs).unref();
      }),
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyTooLarge } from '../api/handler';
import { decodeForm, splitPath } from '../api/form';
import { StripeApiError } from '../core/errors';
import type { StripeSandbox } from '../sandbox';

export interface ServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Always loopback unless told otherwise. */
  host?: string;
  /** Bodies above this are answered 413 without being handed to the sandbox (default: the API's limit). */
  maxBodyBytes?: number;
  /** Serve the `/_sandbox/…` control routes (clock, payouts, webhook delivery). Default true. */
  control?: boolean;
}

export interface SandboxServer {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function errorBody(error: StripeApiError): string {
  return JSON.stringify(error.toJSON(), null, 2) + '\n';
}

/**
 * Sandbox-only control routes, authenticated like the API: `POST /_sandbox/clock/advance` (seconds),
 * `GET /_sandbox/clock`, `POST /_sandbox/payouts/run`, `POST /_sandbox/webhooks/deliver`,
 * `GET /_sandbox/webhooks/attempts`. They let a remote scenario runner drive time.
 */
async function control(
  sandbox: StripeSandbox,
  method: string,
  target: string,
  body: string,
  authorization: string | undefined,
): Promise<{ status: number; body: unknown }> {
  const key = /^Bearer\s+(.*)$/i.exec(authorization ?? '')?.[1]?.trim();
  if (key !== sandbox.secretKey) {
    return { status: 401, body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } } };
  }
  const { path, query } = splitPath(target);
  const params = { ...decodeForm(query), ...decodeForm(body) };
  const route = `${method} ${path}`;
  switch (route) {
    case 'GET /_sandbox/clock':
      return { status: 200, body: { now: sandbox.now() } };
    case 'POST /_sandbox/clock/advance': {
      const seconds = Number(params['seconds']);
      if (!Number.isSafeInteger(seconds) || seconds < 0) {
        return {
          status: 400,
          body: {
            error: { type: 'invalid_request_error', message: 'seconds: a non-negative integer', param: 'seconds' },
          },
        };
      }
      return { status: 200, body: { now: sandbox.advanceClock(seconds) } };
    }
    case 'POST /_sandbox/payouts/run':
      return { status: 200, body: { object: 'list', data: sandbox.runPayouts() } };
    case 'POST /_sandbox/webhooks/deliver':
      await sandbox.deliverAll();
      return { status: 200, body: { attempts: sandbox.webhooks.attempts().length } };
    case 'GET /_sandbox/webhooks/attempts':
      return { status: 200, body: { object: 'list', data: sandbox.webhooks.attempts() } };
    default:
      return {
        status: 404,
        body: { error: { type: 'invalid_request_error', message: `Unrecognized sandbox control URL (${route})` } },
      };
  }
}

/** Serves a StripeSandbox over HTTP on 127.0.0.1. */
export function startServer(sandbox: StripeSandbox, options: ServerOptions = {}): Promise<SandboxServer> {
  const maxBodyBytes = options.maxBodyBytes ?? sandbox.api.settings.maxBodyBytes;
  const serveControl = options.control ?? true;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > maxBodyBytes;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      // Far past the limit: stop reading rather than drain gigabytes.
      if (size > maxBodyBytes * 8) {
        send(
          res,
          413,
          { 'Content-Type': 'application/json', Connection: 'close' },
          errorBody(bodyTooLarge({ maxBodyBytes })),
        );
        req.destroy();
      }
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const headers = { 'Content-Type': 'application/json' };
      if (tooLarge) {
        send(res, 413, headers, errorBody(bodyTooLarge({ maxBodyBytes })));
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const target = req.url ?? '/';
      const method = req.method ?? 'GET';
      if (serveControl && target.startsWith('/_sandbox/')) {
        control(sandbox, method, target, body, req.headers.authorization)
          .then((result) => send(res, result.status, headers, JSON.stringify(result.body, null, 2) + '\n'))
          .catch((error: unknown) =>
            send(res, 500, headers, errorBody(new StripeApiError(500, 'api_error', String(error)))),
          );
        return;
      }
      try {
        const response = sandbox.handle({ method, path: target, headers: req.headers, body });
        send(res, response.status, response.headers, response.body);
      } catch (error) {
        send(res, 500, headers, errorBody(new StripeApiError(500, 'api_error', String(error))));
      }
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const host = address.address.includes(':') ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${host}:${address.port}`,
        port: address.port,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

import http from 'node:http';
import https from 'node:https';

export interface TransportRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** A response code, or an error for timeouts and connection failures. */
export type TransportResult = { status: number } | { error: string };

export type Transport = (request: TransportRequest) => Promise<TransportResult>;

/** POSTs over Node's http/https; never follows redirects (Stripe counts a 3xx as a failure). */
export const httpTransport: Transport = (request) =>
  new Promise((resolve) => {
    let settled = false;
    const finish = (result: TransportResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      finish({ error: `invalid URL ${request.url}` });
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const body = Buffer.from(request.body, 'utf8');
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'Content-Length': String(body.length) },
        agent: false,
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => finish({ status: res.statusCode ?? 0 }));
        res.on('error', (error) => finish({ error: error.message }));
      },
    );
    req.setTimeout(request.timeoutMs, () => {
      finish({ error: `timed out after ${request.timeoutMs} ms` });
      req.destroy();
    });
    req.on('error', (error) => finish({ error: error.message }));
    req.end(body);
  });

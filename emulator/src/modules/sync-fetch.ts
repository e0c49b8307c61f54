import { spawnSync } from 'node:child_process';

/** A loopback request made synchronously, as N/https calls are in NetSuite. */
export interface SyncFetchRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  maxResponseBytes: number;
}

export type SyncFetchResult =
  | { ok: true; code: number; headers: Record<string, string>; body: string }
  | { ok: false; kind: 'connect_timeout' | 'timeout' | 'refused' | 'too_large' | 'other'; message: string };

// Runs in a child Node process: the parent blocks in spawnSync, so the request cannot be served by an
// HTTP server living in the parent's own event loop (register an httpHandler for those).
const CHILD = String.raw`
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const url = new URL(input.url);
const lib = url.protocol === 'https:' ? require('https') : require('http');
let finished = false;
const finish = (result) => { if (finished) return; finished = true; process.stdout.write(JSON.stringify(result)); process.exit(0); };
const req = lib.request(url, { method: input.method, headers: input.headers }, (res) => {
  const chunks = []; let size = 0;
  res.on('data', (c) => { size += c.length; if (size > input.maxResponseBytes) { finish({ ok: false, kind: 'too_large', message: 'response larger than ' + input.maxResponseBytes + ' bytes' }); req.destroy(); } else chunks.push(c); });
  res.on('end', () => {
    const headers = {};
    for (let i = 0; i < res.rawHeaders.length; i += 2) {
      const name = res.rawHeaders[i]; const value = res.rawHeaders[i + 1];
      headers[name] = headers[name] === undefined ? value : headers[name] + ', ' + value;
    }
    finish({ ok: true, code: res.statusCode, headers, body: Buffer.concat(chunks).toString('utf8') });
  });
  res.on('error', (e) => finish({ ok: false, kind: 'other', message: String(e && e.message) }));
});
const connectTimer = setTimeout(() => { finish({ ok: false, kind: 'connect_timeout', message: 'connect timeout' }); req.destroy(); }, input.connectTimeoutMs);
req.on('socket', (s) => s.on('connect', () => clearTimeout(connectTimer)));
setTimeout(() => { finish({ ok: false, kind: 'timeout', message: 'response timeout' }); req.destroy(); }, input.responseTimeoutMs).unref();
req.on('error', (e) => finish({ ok: false, kind: e && e.code === 'ECONNREFUSED' ? 'refused' : 'other', message: String(e && e.message) }));
if (input.body) req.write(input.body);
req.end();
`;

export function syncFetch(request: SyncFetchRequest): SyncFetchResult {
  const child = spawnSync(process.execPath, ['-e', CHILD], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    timeout: request.connectTimeoutMs + request.responseTimeoutMs + 5000,
    maxBuffer: request.maxResponseBytes * 2 + 1024 * 1024,
    windowsHide: true,
  });
  if (child.error) return { ok: false, kind: 'timeout', message: child.error.message };
  try {
    return JSON.parse(child.stdout) as SyncFetchResult;
  } catch {
    return { ok: false, kind: 'other', message: `request helper failed: ${child.stderr.slice(0, 500)}` };
  }
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRelay, type OutboundResponse, type RelayDeps, type RelayRequest } from '../src/core';
import { startRelayServer } from '../src/server';
import { CREDENTIALS, eventPayload, OLD_SECRET, SECRET, signed, testConfig } from './helpers/fixtures';

/** Stripe's clock in these tests; the relay's clock is this plus an offset. */
const STRIPE_NOW = 1_763_750_000_000;
const T = Math.floor(STRIPE_NOW / 1000);
const VERSION = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
  .version;

type Line = Record<string, unknown>;

function webhook(payload: string, signature: string | undefined, p = '/stripe/webhook'): RelayRequest {
  return { method: 'POST', path: p, headers: { 'Stripe-Signature': signature }, body: Buffer.from(payload, 'utf8') };
}

const get = (p: string): RelayRequest => ({ method: 'GET', path: p, headers: {}, body: Buffer.alloc(0) });

/** A relay whose clock is `offset.ms` ahead of Stripe's (change it to move the clock). */
function setup(answer: () => Promise<OutboundResponse> = async () => ({ status: 200, body: '{"status":"stored"}' })) {
  const offset = { ms: 0 };
  const lines: string[] = [];
  const deps: RelayDeps = {
    send: () => answer(),
    now: () => STRIPE_NOW + offset.ms,
    log: (line) => lines.push(line),
  };
  const relay = createRelay(testConfig(), deps);
  const logs = () => lines.map((l) => JSON.parse(l) as Line);
  const health = async (p = '/healthz') => JSON.parse((await relay(get(p))).body) as Record<string, unknown>;
  return { relay, offset, logs, health };
}

const clockWarnings = (lines: Line[]) => lines.filter((l) => l.event === 'clock_skew');

describe('clock skew warning (issue 15: clock 400 s off, every delivery refused, nobody told)', () => {
  it('with the clock 400 s ahead: a loud error line, health degraded, the refusal names the timestamp', async () => {
    const { relay, offset, logs, health } = setup();
    offset.ms = 400_000;
    const payload = eventPayload();
    const res = await relay(webhook(payload, signed(payload, { timestamp: T })));
    expect(res.status).toBe(400);

    const warnings = clockWarnings(logs());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      level: 'error',
      skew_s: 400,
      skew_source: 'stripe_signature',
      tolerance_s: 300,
    });
    expect(warnings[0]?.msg).toMatch(
      /CLOCK OFF.*off by 400 s \(ahead of Stripe\).*every Stripe delivery is being refused/,
    );

    const refusal = logs().find((l) => l.outcome === 'stale_signature');
    expect(refusal).toMatchObject({
      level: 'warn',
      reason: 'timestamp_outside_tolerance',
      signature_timestamp: '2025-11-21T18:33:20.000Z',
      signature_age_s: 400,
      tolerance_s: 300,
    });

    const body = await health();
    expect(body).toMatchObject({ status: 'degraded', counts: { refused: 1, delivered: 0 } });
    expect(body.clock).toMatchObject({ skewSeconds: 400, source: 'stripe_signature', off: true, warnAboveSeconds: 60 });
  });

  it('tells a wrong secret apart from a stale timestamp, and a forged header does not move the estimate', async () => {
    const { relay, offset, logs, health } = setup();
    offset.ms = 400_000;
    const payload = eventPayload();
    await relay(webhook(payload, signed(payload, { secret: 'whsec_not_ours', timestamp: T })));
    expect(logs().at(-1)).toMatchObject({ outcome: 'invalid_signature', reason: 'no_matching_signature' });
    expect(logs().at(-1)?.signature_timestamp).toBeUndefined();
    expect(clockWarnings(logs())).toHaveLength(0);
    expect(await health()).toMatchObject({ status: 'ok', clock: { skewSeconds: null } });
  });

  it('warns at 90 s ahead while deliveries still pass, before the tolerance is reached', async () => {
    const { relay, offset, logs, health } = setup();
    offset.ms = 90_000;
    const payload = eventPayload();
    expect((await relay(webhook(payload, signed(payload, { timestamp: T })))).status).toBe(200);
    expect(clockWarnings(logs())[0]?.msg).toMatch(/off by 90 s.*will be refused once it passes the 300 s/);
    expect(await health()).toMatchObject({ status: 'degraded', counts: { delivered: 1 } });
  });

  it('stays quiet within a minute: network delay is not skew', async () => {
    const { relay, offset, logs, health } = setup();
    offset.ms = 30_000;
    const payload = eventPayload();
    await relay(webhook(payload, signed(payload, { timestamp: T })));
    expect(clockWarnings(logs())).toHaveLength(0);
    expect(await health()).toMatchObject({ status: 'ok', clock: { skewSeconds: 30, off: false } });
  });

  it('repeats the warning at most every 5 minutes and says when the clock is back', async () => {
    const { relay, offset, logs, health } = setup();
    const deliver = async (stripeSeconds: number) => {
      const payload = eventPayload();
      await relay(webhook(payload, signed(payload, { timestamp: T + stripeSeconds })));
    };
    offset.ms = 120_000;
    await deliver(0);
    offset.ms = 120_000 + 60_000; // a minute later, both clocks moved on
    await deliver(60);
    expect(clockWarnings(logs())).toHaveLength(1);
    offset.ms = 120_000 + 301_000;
    await deliver(301);
    expect(clockWarnings(logs())).toHaveLength(2);
    offset.ms = 302_000; // clock fixed: now equals Stripe's T + 302
    await deliver(302);
    expect(logs().filter((l) => l.event === 'clock_ok')).toHaveLength(1);
    expect(await health()).toMatchObject({ status: 'ok', clock: { skewSeconds: 0 } });
  });

  it("reads NetSuite's Date header too: a relay 400 s behind NetSuite is reported", async () => {
    // Only the Date header says so here (the Stripe sample agrees with the relay), to test that source alone.
    const { relay, logs, health } = setup(async () => ({
      status: 200,
      body: '{"status":"stored"}',
      date: new Date(STRIPE_NOW + 400_000).toUTCString(),
    }));
    const payload = eventPayload();
    expect((await relay(webhook(payload, signed(payload, { timestamp: T })))).status).toBe(200);
    const warning = clockWarnings(logs())[0];
    expect(warning).toMatchObject({ level: 'error', skew_s: -400, skew_source: 'netsuite_date' });
    expect(warning?.msg).toMatch(/off by 400 s \(behind NetSuite\).*NetSuite may refuse/);
    expect(await health()).toMatchObject({
      status: 'degraded',
      clock: { netsuiteSkewSeconds: -400, stripeSkewSeconds: 0, skewSeconds: -400 },
    });
  });

  it('ignores a missing or unreadable Date header', async () => {
    const { relay, health } = setup(async () => ({ status: 200, body: '{"status":"stored"}', date: 'yesterday-ish' }));
    const payload = eventPayload();
    await relay(webhook(payload, signed(payload, { timestamp: T })));
    expect(await health()).toMatchObject({ status: 'ok', clock: { netsuiteSkewSeconds: null } });
  });
});

describe('health endpoint and counts', () => {
  it('answers /healthz and /health with version, uptime, counts, last delivery and clock; no secrets', async () => {
    const answers: OutboundResponse[] = [
      { status: 200, body: '{"status":"stored"}' },
      { status: 500, body: 'boom' },
      { status: 403, body: '{"error":{"code":"INSUFFICIENT_PERMISSION","message":"x"}}' },
    ];
    const { relay, offset, health } = setup(
      async () => answers.shift() ?? { status: 200, body: '{"status":"stored"}' },
    );
    const payload = eventPayload();
    const ok = signed(payload, { timestamp: T });
    offset.ms = 5_000;
    await relay(webhook(payload, ok));
    offset.ms = 65_000;
    await relay(webhook(payload, signed(payload, { timestamp: T + 60 })));
    await relay(webhook(payload, signed(payload, { timestamp: T + 60 })));
    await relay(webhook(payload, signed(payload, { secret: 'whsec_other', timestamp: T + 60 })));
    await relay(webhook(payload, undefined));

    const res = await relay(get('/healthz'));
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'ok',
      version: VERSION,
      startedAt: new Date(STRIPE_NOW).toISOString(),
      uptimeSeconds: 65,
      counts: { delivered: 1, refused: 2, retried: 1, rejected: 1, failed: 0 },
      lastDeliveryAt: new Date(STRIPE_NOW + 5_000).toISOString(),
      clock: { skewSeconds: 5, off: false, signatureToleranceSeconds: 300 },
      inFlight: 0,
      queued: 0,
    });
    expect(await health('/health')).toMatchObject({ counts: body.counts });
    for (const secret of [SECRET, OLD_SECRET, 'whsec_', ...Object.values(CREDENTIALS), ok, '1234567']) {
      expect(res.body).not.toContain(secret);
    }
  });

  it('logs one line per request with time, level, msg, event, outcome, NetSuite status and duration', async () => {
    const { relay, logs } = setup(async () => ({ status: 429, body: '' }));
    const payload = eventPayload('evt_1Counted', 'invoice.paid');
    await relay(webhook(payload, signed(payload, { timestamp: T })));
    const line = logs().at(-1);
    expect(line).toMatchObject({
      time: new Date(STRIPE_NOW).toISOString(),
      level: 'warn',
      msg: 'NetSuite concurrency limit; Stripe will retry',
      event_id: 'evt_1Counted',
      event_type: 'invoice.paid',
      outcome: 'netsuite_busy',
      restlet_status: 429,
      status: 503,
      ms: 0,
    });
    expect(JSON.stringify(logs())).not.toContain('Café');
  });

  it('summarises the counts in one log line', async () => {
    const { relay, logs } = setup();
    const payload = eventPayload();
    await relay(webhook(payload, signed(payload, { timestamp: T })));
    await relay(webhook(payload, 'garbage'));
    relay.logSummary();
    expect(logs().at(-1)).toMatchObject({
      level: 'info',
      event: 'summary',
      status: 'ok',
      counts: { delivered: 1, refused: 1, retried: 0, rejected: 0, failed: 0 },
      last_delivery_at: new Date(STRIPE_NOW).toISOString(),
    });
  });

  it('the server logs the summary every RELAY_SUMMARY_INTERVAL_SECONDS and stops with it', async () => {
    const lines: string[] = [];
    const server = await startRelayServer(testConfig({ summaryIntervalSeconds: 1 }), { log: (l) => lines.push(l) });
    try {
      const deadline = Date.now() + 5_000;
      while (!lines.some((l) => l.includes('"event":"summary"')) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await server.close();
    }
    const summary = lines.map((l) => JSON.parse(l) as Line).find((l) => l.event === 'summary');
    expect(summary).toMatchObject({ counts: { delivered: 0, refused: 0 } });
  });
});

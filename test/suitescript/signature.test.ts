import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import crypto = require('N/crypto');
import { NetSuiteEmulator } from '../../emulator/src/emulator';
import { useEmulator } from '../../emulator/src/jest-bridge';
import { hmacWithSecret } from '../../src/suitescript/netsuite/signingSecret';
import { parseSignatureHeader, verifyStripeSignature } from '../../src/suitescript/webhooks/signature';

const SECRET = 'whsec_test_differential_only';
const stripe = new Stripe('sk_test_unused');
const nodeHmac = (input: string): string => createHmac('sha256', SECRET).update(input, 'utf8').digest('hex');

/** Seeded generator of the header shapes Stripe, proxies and attackers send. */
function* cases(count: number): Generator<{ name: string; payload: string; header: string | undefined; now: number }> {
  let seed = 7;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const now = 1_790_000_000;
  for (let i = 0; i < count; i++) {
    const payload = JSON.stringify({
      id: `evt_${i}`,
      object: 'event',
      amount: Math.floor(rand() * 1e6),
      note: 'é ✓ "quoted"',
    });
    const age = [0, 1, 299, 300, 301, 3600, -30, -100000][i % 8] as number;
    const t = now - age;
    const good = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: t });
    const wrong = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_other', timestamp: t });
    const v1 = good.split(',v1=')[1] as string;
    const variants: [string, string | undefined, string][] = [
      ['valid', good, payload],
      ['tampered payload', good, payload.replace('evt_', 'evt_X')],
      ['wrong secret', wrong, payload],
      ['several v1, one good', `t=${t},v1=${'0'.repeat(64)},v1=${v1}`, payload],
      ['several v1, none good', `t=${t},v1=${'0'.repeat(64)},v1=${'f'.repeat(64)}`, payload],
      ['v0 only', `t=${t},v0=${v1}`, payload],
      ['missing', undefined, payload],
      ['empty', '', payload],
      ['garbled', `${rand()}`.slice(2), payload],
      ['no timestamp', `v1=${v1}`, payload],
      ['timestamp not a number', `t=abc,v1=${v1}`, payload],
      ['spaces around items', `t=${t}, v1=${v1}`, payload],
      ['upper-case hex', `t=${t},v1=${v1.toUpperCase()}`, payload],
      ['empty payload', good, ''],
    ];
    for (const [name, header, body] of variants)
      yield { name: `${i}: ${name} (age ${age})`, payload: body, header, now };
  }
}

function oracle(payload: string, header: string | undefined, now: number): boolean {
  try {
    stripe.webhooks.constructEvent(payload, header as string, SECRET, 300, undefined, now * 1000);
    return true;
  } catch {
    return false;
  }
}

describe('Stripe signature verification, differential against stripe.webhooks.constructEvent', () => {
  const all = [...cases(40)];

  it('agrees with the oracle on every generated case (Node HMAC)', () => {
    const disagreements = all.filter(
      (c) =>
        verifyStripeSignature({
          payload: c.payload,
          header: c.header,
          hmacHex: nodeHmac,
          now: c.now,
          toleranceSeconds: 300,
        }).ok !== oracle(c.payload, c.header, c.now),
    );
    expect(disagreements.map((c) => c.name)).toEqual([]);
    // Both outcomes occur, so the comparison means something.
    expect(all.filter((c) => oracle(c.payload, c.header, c.now)).length).toBeGreaterThan(50);
    expect(all.filter((c) => !oracle(c.payload, c.header, c.now)).length).toBeGreaterThan(300);
  });

  describe('with the HMAC computed by N/crypto from an API Secret (the code NetSuite runs)', () => {
    beforeAll(async () => {
      useEmulator(
        await NetSuiteEmulator.create({ projectDir: 'src', secrets: { custsecret_snc_stripe_webhook: SECRET } }),
      );
    });
    afterAll(() => useEmulator(null));

    it('agrees with the oracle', () => {
      const hmacHex = hmacWithSecret('custsecret_snc_stripe_webhook');
      const disagreements = all
        .slice(0, 200)
        .filter(
          (c) =>
            verifyStripeSignature({ payload: c.payload, header: c.header, hmacHex, now: c.now, toleranceSeconds: 300 })
              .ok !== oracle(c.payload, c.header, c.now),
        );
      expect(disagreements.map((c) => c.name)).toEqual([]);
    });

    it("reading the whsec_ text as HEX (N/crypto's default) would reject valid signatures", () => {
      const key = crypto.createSecretKey({ secret: 'custsecret_snc_stripe_webhook' } as Parameters<
        typeof crypto.createSecretKey
      >[0]);
      const hmacHex = (input: string): string => {
        const hmac = crypto.createHmac({ algorithm: crypto.HashAlg.SHA256, key });
        hmac.update({ input });
        return hmac.digest().toLowerCase();
      };
      const valid = all.find((c) => c.name.includes(': valid (age 0)')) as {
        payload: string;
        header: string;
        now: number;
      };
      expect(verifyStripeSignature({ ...valid, hmacHex, toleranceSeconds: 300 }).ok).toBe(false);
    });
  });

  it('parses the header strictly: t must be digits', () => {
    expect(parseSignatureHeader('t=12,v1=a,v1=b,v0=c')).toEqual({ timestamp: 12, signatures: ['a', 'b'] });
    expect(parseSignatureHeader('t=12x,v1=a')).toBeNull();
  });
});

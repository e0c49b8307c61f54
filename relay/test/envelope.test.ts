import { EnvelopeError, parseEnvelope } from '../../src/suitescript/webhooks/envelope';
import { buildEnvelope } from '../src/envelope';

describe('envelope', () => {
  it('is exactly JSON.stringify({ v: 1, signature, payload }) and round-trips byte for byte', () => {
    const payload = '{\n  "id": "evt_1",\n  "note": "Café ☕ \\"quoted\\" \\u2028"\n}';
    const signature = 't=1763750000,v1=abc,v1=def';
    const text = buildEnvelope(signature, payload);
    expect(text).toBe(JSON.stringify({ v: 1, signature, payload }));
    expect(text.startsWith('{"v":1,"signature":')).toBe(true);
    expect(parseEnvelope(text)).toEqual({ signature, payload });
  });

  it.each([
    ['not JSON', 'nope'],
    ['an array', '[1]'],
    ['another version', '{"v":2,"signature":"s","payload":"p"}'],
    ['v as a string', '{"v":"1","signature":"s","payload":"p"}'],
    ['no signature', '{"v":1,"payload":"p"}'],
    ['a payload object', '{"v":1,"signature":"s","payload":{}}'],
  ])('refuses %s', (_, text) => {
    expect(() => parseEnvelope(text)).toThrow(EnvelopeError);
  });
});

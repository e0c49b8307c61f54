import { createHash, createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { createCryptoModule } from '../src/modules/crypto';
import { createEncodeModule } from '../src/modules/encode';
import { platformFixture, thrown } from './helpers/platform';

const WHSEC = 'whsec_test_5f2b8c9d0e1a4b7c8d9e0f1a2b3c4d5e';

describe('N/crypto', () => {
  const setup = () => {
    const fixture = platformFixture({ secrets: { custsecret_snc_webhook: WHSEC, custsecret_hexkey: '00ff10' } });
    return { ...fixture, crypto: createCryptoModule(fixture.context), encode: createEncodeModule(fixture.context) };
  };
  const payload = '{"id":"evt_1","object":"event"}';
  const signed = `1763750000.${payload}`;

  it('HMACs a whsec_ text secret read as UTF_8 like Node and like Stripe', () => {
    const { crypto, encode, invocation } = setup();
    const key = crypto.createSecretKey({ secret: 'custsecret_snc_webhook', encoding: encode.Encoding.UTF_8 as never });
    const hmac = crypto.createHmac({ algorithm: crypto.HashAlg.SHA256 as never, key });
    hmac.update({ input: signed });
    const digest = hmac.digest({ outputEncoding: encode.Encoding.HEX as never });
    expect(digest.toLowerCase()).toBe(createHmac('sha256', WHSEC).update(signed).digest('hex'));
    const header = new Stripe('sk_test_x').webhooks.generateTestHeaderString({
      payload,
      secret: WHSEC,
      timestamp: 1763750000,
    });
    expect(header).toContain(`v1=${digest.toLowerCase()}`);
    expect(invocation.used).toBe(0);
  });

  it('reads the secret as HEX by default, so a whsec_ text secret gives a different HMAC', () => {
    const { crypto } = setup();
    const key = crypto.createSecretKey({ secret: 'custsecret_snc_webhook' });
    expect(key.encoding).toBe('HEX');
    expect(key.guid).toBe('custsecret_snc_webhook');
    const hmac = crypto.createHmac({ algorithm: crypto.HashAlg.SHA256 as never, key });
    hmac.update({ input: signed });
    expect(hmac.digest().toLowerCase()).not.toBe(createHmac('sha256', WHSEC).update(signed).digest('hex'));
  });

  it('decodes a real hex secret into key bytes', () => {
    const { crypto } = setup();
    const hmac = crypto.createHmac({
      algorithm: crypto.HashAlg.SHA1 as never,
      key: crypto.createSecretKey({ secret: 'custsecret_hexkey' }),
    });
    hmac.update({ input: 'abc' });
    expect(hmac.digest({ outputEncoding: 'BASE_64' as never })).toBe(
      createHmac('sha1', Buffer.from([0x00, 0xff, 0x10]))
        .update('abc')
        .digest('base64'),
    );
  });

  it('hashes with upper-case HEX output by default', () => {
    const { crypto } = setup();
    const hash = crypto.createHash({ algorithm: crypto.HashAlg.SHA256 as never });
    hash.update({ input: 'abc' });
    expect(hash.digest({})).toBe('BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD');
    const md5 = crypto.createHash({ algorithm: crypto.HashAlg.MD5 as never });
    md5.update({ input: 'YWJj', inputEncoding: 'BASE_64' as never });
    expect(md5.digest({ outputEncoding: 'BASE_64' as never })).toBe(createHash('md5').update('abc').digest('base64'));
  });

  it('fails on unknown secrets, bad algorithms and reuse after digest', () => {
    const { crypto } = setup();
    expect(thrown(() => crypto.createSecretKey({ secret: 'custsecret_missing' })).name).toBe('INVALID_SECRET_KEY');
    expect(thrown(() => crypto.createHash({ algorithm: 'SHA3' as never })).name).toBe('INVALID_ALGORITHM');
    const hash = crypto.createHash({ algorithm: crypto.HashAlg.SHA512 as never });
    hash.digest({});
    expect(thrown(() => hash.update({ input: 'x' })).name).toBe('SSS_INVALID_API_USAGE');
    expect(thrown(() => (crypto as unknown as Record<string, unknown>).createCipher).name).toBe('EMULATOR_UNSUPPORTED');
  });
});

describe('N/encode', () => {
  const encode = createEncodeModule(platformFixture().context);
  const convert = (string: string, inputEncoding: string, outputEncoding: string) =>
    encode.convert({ string, inputEncoding: inputEncoding as never, outputEncoding: outputEncoding as never });

  it('converts between text and binary encodings (RFC 4648 vectors)', () => {
    expect(convert('foobar', 'UTF_8', 'BASE_64')).toBe('Zm9vYmFy');
    expect(convert('foob', 'UTF_8', 'BASE_64')).toBe('Zm9vYg==');
    expect(convert('foobar', 'UTF_8', 'BASE_32')).toBe('MZXW6YTBOI======');
    expect(convert('MZXW6YTBOI======', 'BASE_32', 'UTF_8')).toBe('foobar');
    expect(convert('foobar', 'UTF_8', 'HEX')).toBe('666F6F626172');
    expect(convert('666f6f626172', 'HEX', 'UTF_8')).toBe('foobar');
    expect(convert('\u00ff\u00fe?', 'UTF_8', 'BASE_64_URL_SAFE')).toBe('w7_Dvj8=');
    expect(convert('w7_Dvj8=', 'BASE_64_URL_SAFE', 'UTF_8')).toBe('\u00ff\u00fe?');
    expect(convert('é', 'UTF_8', 'HEX')).toBe('C3A9');
    expect(convert('é', 'ISO_8859_1', 'HEX')).toBe('E9');
    expect(convert('A', 'UTF_16LE', 'HEX')).toBe('4100');
    expect(convert('A', 'UTF_16', 'HEX')).toBe('FEFF0041');
  });

  it('rejects malformed binary input and unknown encodings', () => {
    expect(thrown(() => convert('xyz', 'HEX', 'UTF_8')).name).toBe('SSS_INVALID_TYPE_ARG');
    expect(thrown(() => convert('a$b', 'BASE_64', 'UTF_8')).name).toBe('SSS_INVALID_TYPE_ARG');
    expect(thrown(() => convert('a', 'UTF_8', 'EBCDIC')).name).toBe('SSS_INVALID_TYPE_ARG');
    expect(thrown(() => encode.convert({ inputEncoding: 'UTF_8', outputEncoding: 'HEX' } as never)).name).toBe(
      'SSS_MISSING_REQD_ARGUMENT',
    );
  });
});

import { createHmac } from 'node:crypto';
import { oauthSignature, parseOAuthHeader, TbaVerifier } from '../src/http/oauth';

const sha1 = (base: string, key: string) => createHmac('sha1', key).update(base).digest('base64');

describe('OAuth 1.0a signatures (oauth-1.0a package)', () => {
  const consumer = { key: 'dpf43f3p2l4k3l03', secret: 'kd94hf93k423kf44' };
  const common = {
    oauth_consumer_key: consumer.key,
    oauth_token: 'nnch734d00sl2jdk',
    oauth_signature_method: 'HMAC-SHA1',
  };

  it('matches the published RFC 5849 §1.2 example', () => {
    const params = { realm: 'Photos', ...common, oauth_timestamp: '137131202', oauth_nonce: 'chapoH' };
    expect(
      oauthSignature(
        'GET',
        'http://photos.example.net/photos?file=vacation.jpg&size=original',
        consumer,
        'pfkkdhi9sl3r4s00',
        params,
        sha1,
        'HMAC-SHA1',
      ),
    ).toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=');
  });

  it('matches the OAuth Core 1.0 Appendix A example', () => {
    const params = { ...common, oauth_timestamp: '1191242096', oauth_nonce: 'kllo9940pd9333jh', oauth_version: '1.0' };
    expect(
      oauthSignature(
        'GET',
        'http://photos.example.net/photos?file=vacation.jpg&size=original',
        consumer,
        'pfkkdhi9sl3r4s00',
        params,
        sha1,
        'HMAC-SHA1',
      ),
    ).toBe('tR3+Ty81lMeYAr/Fid0kMTYa/WM=');
  });

  it('signs NetSuite’s documented RESTlet example like an independent HMAC-SHA256 base string', () => {
    // Inputs from Oracle's "The Signature for Web Services and RESTlets"; the oracle below follows
    // "The RESTlet Base String" (sorted, rawurlencoded parameters).
    const url =
      'https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=6&deploy=1&customParam=someValue&testParam=someOtherValue';
    const ck = 'ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4';
    const cs = 'd26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5';
    const tk = '2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc';
    const ts = 'c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295';
    const oauth = {
      oauth_consumer_key: ck,
      oauth_token: tk,
      oauth_nonce: 'fjaLirsIcCGVZWzBX0pg',
      oauth_timestamp: '1508242306',
      oauth_signature_method: 'HMAC-SHA256',
      oauth_version: '1.0',
    };
    const enc = (s: string) =>
      encodeURIComponent(s).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const all: [string, string][] = [
      ...Object.entries(oauth),
      ['script', '6'],
      ['deploy', '1'],
      ['customParam', 'someValue'],
      ['testParam', 'someOtherValue'],
    ];
    all.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const paramString = all.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
    const base = `POST&${enc('https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl')}&${enc(paramString)}`;
    const expected = createHmac('sha256', `${cs}&${ts}`).update(base).digest('base64');
    expect(oauthSignature('POST', url, { key: ck, secret: cs }, ts, { realm: '123456', ...oauth })).toBe(expected);
  });

  it('parses and percent-decodes Authorization headers', () => {
    expect(parseOAuthHeader('OAuth realm="123_SB1", oauth_signature="a%2Bb%3D"')).toEqual({
      realm: '123_SB1',
      oauth_signature: 'a+b=',
    });
    expect(parseOAuthHeader('Bearer abc')).toBeNull();
    expect(parseOAuthHeader(undefined)).toBeNull();
  });

  it('refuses a valid signature with a lower-case sandbox realm', () => {
    const verifier = new TbaVerifier({
      accountId: '123456_SB1',
      integrations: [{ consumerKey: 'ck', consumerSecret: 'cs' }],
      tokens: [],
      timestampToleranceSeconds: 300,
      now: () => new Date(),
    });
    expect(
      verifier.verify(
        'GET',
        'http://x/',
        'OAuth realm="123456_sb1", oauth_consumer_key="ck", oauth_token="t", oauth_signature_method="HMAC-SHA256", oauth_timestamp="1", oauth_nonce="abcdef", oauth_signature="x"',
      ),
    ).toEqual({
      ok: false,
      reason: 'InvalidRealm',
    });
  });
});

import { createHmac } from 'node:crypto';
import { randomNonce, signRequest } from '../src/oauth';
import { parseAuthorization, recomputeSignature } from './helpers/fixtures';

// RFC 3986 encoding as RFC 5849 §3.6 asks, written here independently of the package.
const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

describe('TBA signing (OAuth 1.0a through the oauth-1.0a package)', () => {
  it('reproduces the published RFC 5849 §1.2 HMAC-SHA1 example', () => {
    const { authorization, params } = signRequest({
      method: 'GET',
      url: 'http://photos.example.net/photos?file=vacation.jpg&size=original',
      credentials: {
        accountId: 'Photos',
        consumerKey: 'dpf43f3p2l4k3l03',
        consumerSecret: 'kd94hf93k423kf44',
        tokenId: 'nnch734d00sl2jdk',
        tokenSecret: 'pfkkdhi9sl3r4s00',
      },
      timestamp: 137131202,
      nonce: 'chapoH',
      signatureMethod: 'HMAC-SHA1',
      version: null,
    });
    expect(params.oauth_signature).toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=');
    expect(authorization).toContain('oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"');
    expect(authorization.startsWith('OAuth realm="Photos", ')).toBe(true);
    expect(params.oauth_version).toBeUndefined();
  });

  it('signs a NetSuite RESTlet POST like an independent HMAC-SHA256 over the RESTlet base string', () => {
    // Inputs from Oracle's "The Signature for Web Services and RESTlets" example.
    const credentials = {
      accountId: '123456',
      consumerKey: 'ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4',
      consumerSecret: 'd26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5',
      tokenId: '2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc',
      tokenSecret: 'c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295',
    };
    const base = 'https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl';
    const { authorization, params } = signRequest({
      method: 'POST',
      url: `${base}?script=6&deploy=1&customParam=someValue&testParam=someOtherValue`,
      credentials,
      timestamp: 1508242306,
      nonce: 'fjaLirsIcCGVZWzBX0pg',
    });
    const all: [string, string][] = [
      ['oauth_consumer_key', credentials.consumerKey],
      ['oauth_token', credentials.tokenId],
      ['oauth_nonce', 'fjaLirsIcCGVZWzBX0pg'],
      ['oauth_timestamp', '1508242306'],
      ['oauth_signature_method', 'HMAC-SHA256'],
      ['oauth_version', '1.0'],
      ['script', '6'],
      ['deploy', '1'],
      ['customParam', 'someValue'],
      ['testParam', 'someOtherValue'],
    ];
    all.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const baseString = `POST&${enc(base)}&${enc(all.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&'))}`;
    const expected = createHmac('sha256', `${enc(credentials.consumerSecret)}&${enc(credentials.tokenSecret)}`)
      .update(baseString)
      .digest('base64');
    expect(params.oauth_signature).toBe(expected);

    const header = parseAuthorization(authorization);
    expect(header).toEqual({
      realm: '123456',
      oauth_consumer_key: credentials.consumerKey,
      oauth_token: credentials.tokenId,
      oauth_nonce: 'fjaLirsIcCGVZWzBX0pg',
      oauth_timestamp: '1508242306',
      oauth_signature_method: 'HMAC-SHA256',
      oauth_version: '1.0',
      oauth_signature: expected,
    });
    // Query parameters are signed, never sent in the header.
    expect(authorization).not.toContain('script');
  });

  it('keeps a sandbox realm exactly as given and changes the signature with the method', () => {
    const options = {
      url: 'https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=17&deploy=1',
      credentials: {
        accountId: '1234567_SB1',
        consumerKey: 'ck',
        consumerSecret: 'cs',
        tokenId: 'tk',
        tokenSecret: 'ts',
      },
      timestamp: 1763750000,
      nonce: 'abcdef123456',
    };
    const post = signRequest({ ...options, method: 'POST' });
    const get = signRequest({ ...options, method: 'get' });
    expect(parseAuthorization(post.authorization).realm).toBe('1234567_SB1');
    expect(post.params.oauth_signature).not.toBe(get.params.oauth_signature);
    expect(recomputeSignature('GET', options.url, get.params, { key: 'ck', secret: 'cs' }, 'ts')).toBe(
      get.params.oauth_signature,
    );
  });

  it('makes long random nonces', () => {
    const nonces = new Set(Array.from({ length: 100 }, randomNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(n).toMatch(/^[0-9a-f]{32}$/);
  });
});

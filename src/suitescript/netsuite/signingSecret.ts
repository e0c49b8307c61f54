import crypto = require('N/crypto');
import encode = require('N/encode');

/**
 * HMAC-SHA256 with an API Secret (Setup > Company > API Secrets), hex, lower case. The secret is a
 * `whsec_…` text, so its key encoding must be UTF-8: N/crypto reads key text as HEX by default.
 */
export function hmacWithSecret(secretName: string): (input: string) => string {
  const key = crypto.createSecretKey({ secret: secretName, encoding: encode.Encoding.UTF_8 });
  return (input: string) => {
    const hmac = crypto.createHmac({ algorithm: crypto.HashAlg.SHA256, key });
    hmac.update({ input, inputEncoding: encode.Encoding.UTF_8 });
    return hmac.digest({ outputEncoding: encode.Encoding.HEX }).toLowerCase();
  };
}

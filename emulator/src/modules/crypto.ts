import { createHash as nodeCreateHash, createHmac as nodeCreateHmac } from 'node:crypto';
import type * as crypto from 'N/crypto';
import type { EmulatorServices, ModuleFactory } from '../context';
import { nsError } from '../errors';
import { Encoding, type EncodingName, encodingName, fromBytes, toBytes } from './encode';
import { missingArgument, optionsObject, strict } from './strict-module';

/** crypto.HashAlg values are their names in NetSuite. */
export const HashAlg = Object.freeze({ SHA1: 'SHA1', SHA256: 'SHA256', SHA512: 'SHA512', MD5: 'MD5' });
const NODE_ALGORITHMS: Record<string, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512', MD5: 'md5' };

/** What a SecretKey refers to; the key bytes are only materialised when an HMAC uses it. */
interface KeyRef {
  secretId: string;
  encoding: EncodingName;
}
const keyRefs = new WeakMap<object, KeyRef>();

function secretText(services: EmulatorServices, secretId: string): string {
  const value = services.secrets.get(secretId);
  if (value === undefined) {
    // Guess: NetSuite's exact code for an unknown API secret is not documented.
    throw nsError('INVALID_SECRET_KEY', `No API secret with ID ${secretId} is available to this script`);
  }
  return value;
}

/**
 * The key bytes: the secret's text read in the key's encoding (default HEX). For HEX, non-hex text is
 * decoded leniently (up to the first non-hex pair, as Node does), so a `whsec_…` text secret used without
 * `encoding: UTF_8` yields a wrong key and a wrong HMAC rather than an error (the symptom reported for
 * NetSuite; its real decoder is not documented).
 */
function keyBytes(services: EmulatorServices, ref: KeyRef): Buffer {
  const text = secretText(services, ref.secretId);
  if (ref.encoding === 'HEX' || ref.encoding === 'BASE_16') return Buffer.from(text, 'hex');
  return toBytes(text, ref.encoding);
}

/** Creates a SecretKey (shared by N/crypto and N/https). `guid` is treated as a secret ID as well. */
export function createSecretKeyFor(services: EmulatorServices, options: unknown): crypto.SecretKey {
  const opts = optionsObject(options);
  const id = typeof opts.secret === 'string' && opts.secret !== '' ? opts.secret : opts.guid;
  if (typeof id !== 'string' || id === '') throw missingArgument('secret');
  const encoding = opts.encoding === undefined ? Encoding.HEX : encodingName(opts.encoding, 'encoding');
  secretText(services, id); // fail at creation, as NetSuite does for an unknown secret
  const key = Object.freeze({ guid: id, encoding: String(encoding) });
  keyRefs.set(key, { secretId: id, encoding });
  return key;
}

function algorithmName(value: unknown): string {
  if (value === undefined || value === null) throw missingArgument('algorithm');
  const name = String(value);
  const node = NODE_ALGORITHMS[name];
  if (!node) throw nsError('INVALID_ALGORITHM', `Invalid hash algorithm: ${name}`);
  return node;
}

interface Digest {
  update(data: Buffer): unknown;
  digest(): Buffer;
}

function digester(hash: Digest, what: string): crypto.Hash & crypto.Hmac {
  let done = false;
  const assertOpen = () => {
    if (done) throw nsError('SSS_INVALID_API_USAGE', `${what}.digest() was already called`);
  };
  return strict(what, {
    update(options: unknown): void {
      assertOpen();
      const opts = optionsObject(options);
      if (typeof opts.input !== 'string') throw missingArgument('input');
      const encoding =
        opts.inputEncoding === undefined ? Encoding.UTF_8 : encodingName(opts.inputEncoding, 'inputEncoding');
      hash.update(toBytes(opts.input, encoding));
    },
    digest(options?: unknown): string {
      assertOpen();
      const opts = options === undefined ? {} : optionsObject(options);
      const encoding =
        opts.outputEncoding === undefined ? Encoding.HEX : encodingName(opts.outputEncoding, 'outputEncoding');
      done = true;
      return fromBytes(hash.digest(), encoding);
    },
  });
}

export interface CryptoModule extends Pick<typeof crypto, 'createSecretKey' | 'createHmac' | 'createHash'> {
  HashAlg: typeof HashAlg;
  Encoding: typeof Encoding;
}

/** N/crypto. Costs no units. Ciphers, certificates and checkPasswordField are not modelled. */
export const createCryptoModule: ModuleFactory<CryptoModule> = ({ services }) => {
  const mod = {
    HashAlg,
    Encoding,
    createSecretKey: (options: Parameters<(typeof crypto)['createSecretKey']>[0]) =>
      createSecretKeyFor(services, options),
    createHmac(options: Parameters<(typeof crypto)['createHmac']>[0]): crypto.Hmac {
      const opts = optionsObject(options);
      const algorithm = algorithmName(opts.algorithm);
      if (opts.key === undefined || opts.key === null) throw missingArgument('key');
      const ref = typeof opts.key === 'object' ? keyRefs.get(opts.key) : undefined;
      if (!ref) throw nsError('INVALID_KEY_TYPE', 'The key must be a SecretKey from crypto.createSecretKey');
      return digester(nodeCreateHmac(algorithm, keyBytes(services, ref)), 'N/crypto.Hmac');
    },
    createHash(options?: Parameters<(typeof crypto)['createHash']>[0]): crypto.Hash {
      const opts = options === undefined ? {} : optionsObject(options);
      const algorithm = opts.algorithm === undefined ? 'sha256' : algorithmName(opts.algorithm);
      return digester(nodeCreateHash(algorithm), 'N/crypto.Hash');
    },
  } satisfies CryptoModule;
  return strict('N/crypto', mod);
};

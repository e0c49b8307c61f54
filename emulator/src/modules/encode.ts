import type * as encode from 'N/encode';
import type { ModuleFactory } from '../context';
import { nsError } from '../errors';
import { missingArgument, optionsObject, strict } from './strict-module';

/**
 * NetSuite's encode.Encoding values are their own names (strings), unlike the numeric enum in
 * @hitc/netsuite-types. Only the encodings below are modelled; others fail as unsupported.
 */
export const Encoding = Object.freeze({
  UTF_8: 'UTF_8',
  UTF_16: 'UTF_16',
  UTF_16BE: 'UTF_16BE',
  UTF_16LE: 'UTF_16LE',
  ISO_8859_1: 'ISO_8859_1',
  US_ASCII: 'US_ASCII',
  BASE_16: 'BASE_16',
  BASE_32: 'BASE_32',
  BASE_64: 'BASE_64',
  BASE_64_URL_SAFE: 'BASE_64_URL_SAFE',
  HEX: 'HEX',
});
export type EncodingName = (typeof Encoding)[keyof typeof Encoding];

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function encodingName(value: unknown, argument: string): EncodingName {
  if (value === undefined || value === null || value === '') throw missingArgument(argument);
  const name = String(value);
  if (!Object.prototype.hasOwnProperty.call(Encoding, name)) {
    throw nsError('SSS_INVALID_TYPE_ARG', `Unsupported or invalid encoding for ${argument}: ${name}`);
  }
  return name as EncodingName;
}

function invalid(encoding: string, detail: string) {
  return nsError('SSS_INVALID_TYPE_ARG', `The string is not valid ${encoding}: ${detail}`);
}

function encodeUtf16(text: string, bigEndian: boolean, bom: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (bigEndian) le.swap16();
  return bom ? Buffer.concat([Buffer.from([0xfe, 0xff]), le]) : le;
}

function decodeUtf16(bytes: Buffer, bigEndian: boolean, detectBom: boolean): string {
  let data = Buffer.from(bytes);
  let be = bigEndian;
  if (detectBom && data.length >= 2) {
    if (data[0] === 0xfe && data[1] === 0xff) {
      data = data.subarray(2);
      be = true;
    } else if (data[0] === 0xff && data[1] === 0xfe) {
      data = data.subarray(2);
      be = false;
    }
  }
  if (data.length % 2 === 1) data = data.subarray(0, data.length - 1);
  if (be) data = Buffer.from(data).swap16();
  return data.toString('utf16le');
}

function base32Encode(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const index = BASE32_ALPHABET.indexOf(ch);
    if (index < 0) throw invalid('BASE_32', `unexpected character '${ch}'`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** Text → bytes, reading `text` in `encoding`. Binary encodings are validated (NetSuite rejects bad input). */
export function toBytes(text: string, encoding: EncodingName): Buffer {
  switch (encoding) {
    case 'UTF_8':
      return Buffer.from(text, 'utf8');
    case 'UTF_16':
      return encodeUtf16(text, true, true);
    case 'UTF_16BE':
      return encodeUtf16(text, true, false);
    case 'UTF_16LE':
      return encodeUtf16(text, false, false);
    case 'ISO_8859_1':
      return Buffer.from(text, 'latin1');
    case 'US_ASCII':
      return Buffer.from(text, 'ascii');
    case 'HEX':
    case 'BASE_16':
      if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text))
        throw invalid(encoding, 'expected pairs of hex digits');
      return Buffer.from(text, 'hex');
    case 'BASE_32':
      return base32Decode(text);
    case 'BASE_64':
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw invalid(encoding, 'unexpected character');
      return Buffer.from(text, 'base64');
    case 'BASE_64_URL_SAFE':
      if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) throw invalid(encoding, 'unexpected character');
      return Buffer.from(text, 'base64url');
  }
}

/**
 * Bytes → text in `encoding`. Hex output is upper-case: public SuiteScripts lower-case NetSuite's HEX digests
 * before comparing them (e.g. AWS SigV4 code), which only makes sense if NetSuite emits upper-case.
 */
export function fromBytes(bytes: Buffer, encoding: EncodingName): string {
  switch (encoding) {
    case 'UTF_8':
      return bytes.toString('utf8');
    case 'UTF_16':
      return decodeUtf16(bytes, true, true);
    case 'UTF_16BE':
      return decodeUtf16(bytes, true, false);
    case 'UTF_16LE':
      return decodeUtf16(bytes, false, false);
    case 'ISO_8859_1':
      return bytes.toString('latin1');
    case 'US_ASCII':
      return bytes.toString('ascii');
    case 'HEX':
    case 'BASE_16':
      return bytes.toString('hex').toUpperCase();
    case 'BASE_32':
      return base32Encode(bytes);
    case 'BASE_64':
      return bytes.toString('base64');
    case 'BASE_64_URL_SAFE':
      // Java's URL-safe encoder keeps the padding.
      return bytes.toString('base64url').padEnd(Math.ceil(bytes.length / 3) * 4, '=');
  }
}

export interface EncodeModule {
  Encoding: typeof Encoding;
  convert: (typeof encode)['convert'];
}

export const createEncodeModule: ModuleFactory<EncodeModule> = () => {
  const convert = (options: Parameters<(typeof encode)['convert']>[0]): string => {
    const opts = optionsObject(options);
    if (typeof opts.string !== 'string') throw missingArgument('string');
    const input = encodingName(opts.inputEncoding, 'inputEncoding');
    const output = encodingName(opts.outputEncoding, 'outputEncoding');
    return fromBytes(toBytes(opts.string, input), output);
  };
  const mod = { Encoding, convert } satisfies Pick<typeof encode, 'convert'> & { Encoding: typeof Encoding };
  return strict('N/encode', mod);
};

import type * as https from 'N/https';
import type { EmulatorServices, HttpRequest, HttpResponse, ModuleFactory } from '../context';
import { nsError, unsupported } from '../errors';
import { UNITS } from '../governance';
import { createSecretKeyFor } from './crypto';
import { Encoding } from './encode';
import { missingArgument, optionsObject, strict, withPromise } from './strict-module';
import { syncFetch } from './sync-fetch';

/** NetSuite: 5 s to connect, 45 s to send the request; the 45 s wait for the response is a guess. */
export const CONNECT_TIMEOUT_MS = 5_000;
export const RESPONSE_TIMEOUT_MS = 45_000;
/** Guess: NetSuite's documented limit for N/https response bodies was not found; 10 MB like RESTlets. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export const Method = Object.freeze({
  DELETE: 'DELETE',
  GET: 'GET',
  HEAD: 'HEAD',
  PUT: 'PUT',
  POST: 'POST',
  PATCH: 'PATCH',
});
export const CacheDuration = Object.freeze({ LONG: 'LONG', MEDIUM: 'MEDIUM', SHORT: 'SHORT', UNIQUE: 'UNIQUE' });

const SECRET_PLACEHOLDER = /\{(custsecret_[A-Za-z0-9_]+)\}/g;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * https.SecureString: text with `{custsecret_…}` placeholders that are only filled in when the string is
 * used as a request header value or URL. Scripts cannot read it back.
 */
export class SecureString implements https.SecureString {
  readonly #template: string;

  constructor(template: string) {
    this.#template = template;
  }

  /** For N/https only: the text with secrets filled in. */
  static resolve(value: SecureString, services: EmulatorServices): string {
    return value.#template.replace(SECRET_PLACEHOLDER, (_match, id: string) => {
      const secret = services.secrets.get(id);
      if (secret === undefined) {
        throw nsError('INVALID_SECRET_KEY', `No API secret with ID ${id} is available to this script`);
      }
      return secret;
    });
  }

  appendString(options: { input: string; inputEncoding?: unknown }): SecureString {
    const opts = optionsObject(options);
    if (typeof opts.input !== 'string') throw missingArgument('input');
    checkUtf8(opts.inputEncoding);
    return new SecureString(this.#template + opts.input);
  }

  appendSecureString(options: { secureString: https.SecureString }): SecureString {
    const opts = optionsObject(options);
    if (!(opts.secureString instanceof SecureString)) throw missingArgument('secureString');
    return new SecureString(this.#template + opts.secureString.#template);
  }

  /** `pattern` is a regular expression, replaced everywhere (Java replaceAll semantics). */
  replaceString(options: { pattern: string; replacement: string }): SecureString {
    const opts = optionsObject(options);
    if (typeof opts.pattern !== 'string') throw missingArgument('pattern');
    if (typeof opts.replacement !== 'string') throw missingArgument('replacement');
    return new SecureString(this.#template.replace(new RegExp(opts.pattern, 'g'), opts.replacement));
  }

  convertEncoding(): SecureString {
    throw unsupported('N/https.SecureString.convertEncoding');
  }

  hash(): SecureString {
    throw unsupported('N/https.SecureString.hash');
  }

  hmac(): SecureString {
    throw unsupported('N/https.SecureString.hmac');
  }

  toString(): string {
    return '[object SecureString]';
  }
}

function checkUtf8(encoding: unknown): void {
  if (encoding !== undefined && String(encoding) !== Encoding.UTF_8) {
    throw unsupported(`N/https secure strings with inputEncoding ${String(encoding)}`);
  }
}

function invalidUrl(): Error {
  return nsError('SSS_INVALID_URL', 'The URL must be a fully qualified HTTP/HTTPS URL.');
}

function formEncode(body: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) params.append(key, String(value));
  return params.toString();
}

export type HttpsModule = Pick<
  typeof https,
  'get' | 'post' | 'put' | 'delete' | 'request' | 'createSecureString' | 'createSecretKey'
> & {
  Method: typeof Method;
  CacheDuration: typeof CacheDuration;
  Encoding: typeof Encoding;
};

export const createHttpsModule: ModuleFactory<HttpsModule> = ({ services, invocation }) => {
  const send = (method: string, options: unknown, bodyRequired: boolean): https.ClientResponse => {
    const opts = optionsObject(options);
    if (opts.credentials !== undefined) throw unsupported('N/https credentials (GUID placeholders)');
    if (opts.url === undefined || opts.url === null || opts.url === '') throw missingArgument('url');
    if (bodyRequired && (opts.body === undefined || opts.body === null)) throw missingArgument('body');
    const urlText = opts.url instanceof SecureString ? SecureString.resolve(opts.url, services) : String(opts.url);
    let url: URL;
    try {
      url = new URL(urlText);
    } catch {
      throw invalidUrl();
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidUrl();

    const headers: Record<string, string> = {};
    if (opts.headers !== undefined && opts.headers !== null) {
      if (typeof opts.headers !== 'object') throw nsError('SSS_INVALID_TYPE_ARG', 'headers must be an object');
      for (const [name, value] of Object.entries(opts.headers as Record<string, unknown>)) {
        headers[name] = value instanceof SecureString ? SecureString.resolve(value, services) : String(value);
      }
    }
    let body = '';
    if (opts.body !== undefined && opts.body !== null && method !== 'GET' && method !== 'DELETE' && method !== 'HEAD') {
      if (opts.body instanceof SecureString) {
        throw nsError('SSS_INVALID_TYPE_ARG', 'A SecureString can be used only in request headers and the URL');
      }
      const hasContentType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
      if (typeof opts.body === 'object') {
        body = formEncode(opts.body);
        if (!hasContentType) headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=UTF-8';
      } else {
        body = String(opts.body);
        if (!hasContentType) headers['Content-Type'] = 'text/plain; charset=UTF-8';
      }
    }

    invocation.charge('https', UNITS.https);
    services.faults?.beforeHttps(url.toString());
    const request: HttpRequest = { method, url: url.toString(), headers, body };
    const handler = services.httpHandlers.get(url.origin);
    let response: HttpResponse;
    if (handler) {
      response = handler(request);
    } else if (LOOPBACK_HOSTS.has(url.hostname)) {
      const result = syncFetch({
        ...request,
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
        responseTimeoutMs: RESPONSE_TIMEOUT_MS,
        maxResponseBytes: MAX_RESPONSE_BYTES,
      });
      if (!result.ok) {
        if (result.kind === 'timeout' || result.kind === 'connect_timeout') {
          throw nsError('SSS_REQUEST_TIME_EXCEEDED', `The request to ${url.origin} timed out (${result.kind}).`);
        }
        if (result.kind === 'too_large') {
          throw nsError(
            'SSS_RESPONSE_TOO_LARGE',
            `The response from ${url.origin} is larger than ${MAX_RESPONSE_BYTES} bytes.`,
          );
        }
        throw nsError('SSS_CONNECTION_CLOSED', `The connection to ${url.origin} failed: ${result.message}`);
      }
      response = { code: result.code, headers: result.headers, body: result.body };
    } else {
      // The emulator never leaves the machine: an unknown host fails as an unresolvable one does in NetSuite.
      throw nsError(
        'SSS_INVALID_HOST_CERT',
        `An untrusted, unsupported, or invalid certificate was found for this host. (The NetSuite emulator only reaches loopback addresses and registered httpHandlers, not ${url.origin}.)`,
      );
    }
    return Object.freeze({ code: response.code, headers: Object.freeze({ ...response.headers }), body: response.body });
  };

  const mod = {
    Method,
    CacheDuration,
    Encoding,
    get: withPromise((o: https.GetOptions) => send('GET', o, false)),
    delete: withPromise((o: https.DeleteOptions) => send('DELETE', o, false)),
    post: withPromise((o: https.PostOptions) => send('POST', o, true)),
    put: withPromise((o: https.PutOptions) => send('PUT', o, true)),
    request: withPromise((o: https.RequestOptions) => {
      const opts = optionsObject(o);
      if (opts.method === undefined || opts.method === null || opts.method === '') throw missingArgument('method');
      const method = String(opts.method).toUpperCase();
      if (!(method in Method)) throw nsError('INVALID_HTTP_METHOD', `Invalid HTTP method: ${String(opts.method)}`);
      return send(method, o, false);
    }),
    createSecureString: withPromise((o: { input: string; inputEncoding?: unknown }) => {
      const opts = optionsObject(o);
      if (typeof opts.input !== 'string') throw missingArgument('input');
      checkUtf8(opts.inputEncoding);
      return new SecureString(opts.input);
    }),
    createSecretKey: withPromise((o: { secret?: string; guid?: string; encoding?: unknown }) =>
      createSecretKeyFor(services, o),
    ),
  } satisfies HttpsModule;
  return strict('N/https', mod);
};

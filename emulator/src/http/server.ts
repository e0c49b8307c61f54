import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeploymentInfo, RestletMethod, ScriptFailure, ScriptHost } from './host';
import type { ScriptUser } from '../context';
import { type AccessToken, type Integration, type LoginFailure, TbaVerifier } from './oauth';
import { ClientCredentialsIssuer, TOKEN_PATH, type M2MMapping } from './oauth2';

export const RESTLET_PATH = '/app/site/hosting/restlet.nl';
export const SUITELET_PATH = '/app/site/hosting/scriptlet.nl';
/** RESTlet input and output are limited to 10 MB. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface HttpFrontOptions {
  host: ScriptHost;
  /** NetSuite account ID; the OAuth realm must equal it exactly (`1234567_SB1`, upper case, for sandboxes). */
  accountId: string;
  /** RESTlet calls allowed in flight at once; more answer 400 SSS_REQUEST_LIMIT_EXCEEDED. */
  concurrencyLimit: number;
  /** True while other integrations use up the account's concurrency (fault injection). */
  otherIntegrationsBusy?: () => boolean;
  integrations: readonly Integration[];
  tokens: readonly AccessToken[];
  /** OAuth 2.0 client credentials: certificates mapped to an integration's client ID, an entity and a role. */
  m2m?: readonly M2MMapping[];
  /** Allowed distance of oauth_timestamp from `now`, in seconds. Default 300. */
  timestampToleranceSeconds?: number;
  /** Clock for timestamp checks (e.g. the emulator's `services.now`). Default: the real clock. */
  now?: () => Date;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /**
   * Logged-in UI sessions for internal Suitelets (not "Available Without Login"): a browser sending the cookie
   * `NS_EMULATOR_SESSION=<id>` is that user. The emulator's stand-in for NetSuite's login (not modelled).
   */
  uiSessions?: readonly { id: string; user: ScriptUser }[];
}

/** The cookie of an emulator UI session (HttpFrontOptions.uiSessions). */
export const UI_SESSION_COOKIE = 'NS_EMULATOR_SESSION';

function sessionUser(options: HttpFrontOptions, cookieHeader: string | undefined): ScriptUser | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== UI_SESSION_COOKIE) continue;
    const found = options.uiSessions?.find((s) => s.id === rest.join('='));
    if (found) return found.user;
  }
  return null;
}

export interface HttpFront {
  /** e.g. http://127.0.0.1:54321 */
  readonly origin: string;
  readonly port: number;
  restletUrl(script: string, deploy: string, params?: Record<string, string>): string;
  suiteletUrl(script: string, deploy: string, params?: Record<string, string>): string;
  /** The OAuth 2.0 token endpoint (POST, form-urlencoded). */
  readonly tokenUrl: string;
  /** Ends every OAuth 2.0 access token issued so far (clients must fetch a new one). */
  revokeAccessTokens(): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

type JsonBodyError = { code: string; message: string };

/** NetSuite's RESTlet error body, spacing included. */
export function restletErrorBody(error: JsonBodyError, contentType: 'application/json' | 'text/plain'): string {
  if (contentType === 'text/plain') return `error code: ${error.code}\nerror message: ${error.message}`;
  return `{"error" : {"code" : ${JSON.stringify(error.code)}, "message" : ${JSON.stringify(error.message)}}}`;
}

/** A script error's message as RESTlets report it: the SuiteScriptError serialised as JSON. */
function scriptErrorMessage(failure: ScriptFailure): string {
  return JSON.stringify({
    type: 'error.SuiteScriptError',
    name: failure.name,
    message: failure.message,
    stack: failure.stack ?? [],
    cause: { name: failure.name, message: failure.message },
    id: failure.id ?? '',
    notifyOff: false,
    userFacing: true,
  });
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function firstValues(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in out)) out[key] = value;
  return out;
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, { 'Content-Type': `${contentType}; charset=utf-8`, ...extra });
  res.end(body);
}

function roleAllowed(deployment: DeploymentInfo, user: ScriptUser): boolean {
  if (deployment.audienceRoles === 'all') return true;
  const mine = [user.roleId, String(user.role)].map((r) => r.toLowerCase());
  return deployment.audienceRoles.some((role) => mine.includes(role.toLowerCase()));
}

/** Starts the HTTP front on 127.0.0.1: RESTlets behind token-based OAuth, Suitelets (public, or for UI sessions). */
export async function startHttpFront(options: HttpFrontOptions): Promise<HttpFront> {
  const verifier = new TbaVerifier({
    accountId: options.accountId,
    integrations: options.integrations,
    tokens: options.tokens,
    timestampToleranceSeconds: options.timestampToleranceSeconds ?? 300,
    now: options.now ?? (() => new Date()),
  });
  let inFlight = 0;
  let origin = '';
  const oauth2 = new ClientCredentialsIssuer({
    mappings: options.m2m ?? [],
    // NetSuite's own endpoint URL and the emulator's are both accepted as the assertion's audience.
    audiences: () => [
      `https://${options.accountId.toLowerCase().replace(/_/g, '-')}.suitetalk.api.netsuite.com${TOKEN_PATH}`,
      `${origin}${TOKEN_PATH}`,
    ],
    now: options.now ?? (() => new Date()),
  });

  /** Token-based auth (OAuth 1.0a) or an OAuth 2.0 bearer token; then the role's login permission. */
  function authenticate(
    method: string,
    signedUrl: string,
    authorization: string | undefined,
  ): { ok: true; user: ScriptUser } | { ok: false; code: string; reason: string; scheme: 'OAuth' | 'Bearer' } {
    const bearer = /^Bearer\s/i.test(authorization ?? '');
    let user: ScriptUser;
    if (bearer) {
      const checked = oauth2.verifyBearer(authorization);
      if (!checked.ok) return { ok: false, code: 'INVALID_LOGIN_ATTEMPT', reason: checked.reason, scheme: 'Bearer' };
      user = checked.user;
    } else {
      const login = verifier.verify(method, signedUrl, authorization);
      if (!login.ok) {
        return {
          ok: false,
          code: 'INVALID_LOGIN_ATTEMPT',
          reason: login.reason satisfies LoginFailure,
          scheme: 'OAuth',
        };
      }
      user = login.token.user;
    }
    const refusal = options.host.loginRefusal?.(user, bearer ? 'oauth2' : 'tba') ?? null;
    if (refusal) return { ok: false, code: refusal.code, reason: refusal.reason, scheme: bearer ? 'Bearer' : 'OAuth' };
    return { ok: true, user };
  }

  async function restlet(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const requestType = mediaType(req.headers['content-type']);
    // Answers follow the request's content type; GET/DELETE without one are answered as JSON.
    const answerType: 'application/json' | 'text/plain' =
      requestType === 'text/plain' ? 'text/plain' : 'application/json';
    const fail = (status: number, code: string, message: string, extra: Record<string, string> = {}) =>
      send(res, status, answerType, restletErrorBody({ code, message }, answerType), extra);

    if (!['GET', 'POST', 'PUT', 'DELETE'].includes(method)) {
      req.resume();
      return fail(405, 'INVALID_METHOD', `Method ${method} is not allowed for RESTlets.`, {
        Allow: 'GET, POST, PUT, DELETE',
      });
    }
    // The signed URL is the one the client used: its Host header, this path and the query as sent.
    const signedUrl = `http://${(req.headers.host ?? origin.slice(7)).toLowerCase()}${url.pathname}${url.search}`;
    const login = authenticate(method, signedUrl, req.headers.authorization);
    if (!login.ok) {
      req.resume();
      const message =
        login.code === 'INVALID_LOGIN_CREDENTIALS' ? 'Invalid login credentials.' : 'Invalid login attempt.';
      // Oracle help, "RESTlets and REST Web Services Authentication Errors": 401 with WWW-Authenticate.
      return fail(401, login.code, message, {
        'WWW-Authenticate': `${login.scheme} realm="${options.accountId}", error="invalid_token", error_description="Invalid login attempt."`,
        'X-NetSuite-Emulator-Login-Audit': login.reason,
      });
    }
    const deployment = options.host.findDeployment(
      url.searchParams.get('script') ?? '',
      url.searchParams.get('deploy') ?? '',
    );
    if (!deployment || deployment.kind !== 'restlet') {
      req.resume();
      return fail(404, 'SSS_INVALID_SCRIPTLET_ID', 'That Suitelet is invalid, disabled, or no longer exists.');
    }
    if (!roleAllowed(deployment, login.user)) {
      req.resume();
      return fail(403, 'INSUFFICIENT_PERMISSION', 'You do not have privileges to access this RESTlet deployment.');
    }
    if (inFlight >= options.concurrencyLimit || options.otherIntegrationsBusy?.() === true) {
      req.resume();
      return fail(400, 'SSS_REQUEST_LIMIT_EXCEEDED', 'Request limit exceeded.');
    }
    inFlight++;
    try {
      let raw: string;
      try {
        raw = await readBody(req);
      } catch (e) {
        if (e instanceof BodyTooLarge) return fail(400, 'SSS_REQUEST_TOO_LARGE', 'The request exceeds 10 MB.');
        throw e;
      }
      let body: unknown = undefined;
      if (method === 'POST' || method === 'PUT') {
        if (requestType === 'application/xml') {
          return fail(415, 'EMULATOR_UNSUPPORTED', 'The NetSuite emulator does not model application/xml RESTlets.');
        }
        if (requestType !== 'application/json' && requestType !== 'text/plain') {
          return fail(
            415,
            'INVALID_CONTENT_TYPE',
            'Invalid content type. You can only use application/json, application/xml or text/plain with RESTlets.',
          );
        }
        if (requestType === 'application/json') {
          try {
            body = JSON.parse(raw) as unknown;
          } catch (e) {
            return fail(
              400,
              'SYNTAX_ERROR',
              `SyntaxError: ${raw.trim() === '' ? 'Empty JSON string' : (e as Error).message}`,
            );
          }
        } else {
          body = raw;
        }
      } else if (raw.length > 0) {
        return fail(400, 'INVALID_REQUEST', `A ${method} request to a RESTlet cannot have a body.`);
      }
      const params = firstValues(url.searchParams);
      delete params.script;
      delete params.deploy;

      let outcome;
      try {
        outcome = await options.host.runRestlet({
          deployment,
          method: method as RestletMethod,
          body,
          params: method === 'GET' || method === 'DELETE' ? params : {},
          contentType: answerType,
          user: login.user,
        });
      } catch (e) {
        return fail(500, 'UNEXPECTED_ERROR', `An unexpected error occurred: ${(e as Error).message}`);
      }
      if (!outcome.ok) {
        return fail(outcome.error.status ?? 400, outcome.error.name, scriptErrorMessage(outcome.error));
      }
      const value = outcome.value;
      const text =
        value === undefined || value === null ? '' : typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
      if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
        return fail(400, 'SSS_RESPONSE_TOO_LARGE', 'The RESTlet response exceeds 10 MB.');
      }
      send(res, 200, answerType, text);
    } finally {
      inFlight--;
    }
  }

  async function suitelet(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const html = (status: number, title: string, message: string) =>
      send(
        res,
        status,
        'text/html',
        `<html><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`,
      );
    const deployment = options.host.findDeployment(
      url.searchParams.get('script') ?? '',
      url.searchParams.get('deploy') ?? '',
    );
    if (!deployment || deployment.kind !== 'suitelet') {
      req.resume();
      return html(404, 'SSS_INVALID_SCRIPTLET_ID', 'That Suitelet is invalid, disabled, or no longer exists.');
    }
    const user = sessionUser(options, req.headers.cookie);
    if (!deployment.availableWithoutLogin && user === null) {
      // Internal Suitelets need a NetSuite UI session: the emulator's stand-in is a uiSessions cookie.
      req.resume();
      return html(401, 'INVALID_LOGIN_ATTEMPT', 'Log in to NetSuite to use this Suitelet (no UI session).');
    }
    if (user !== null && !roleAllowed(deployment, user)) {
      req.resume();
      return html(403, 'INSUFFICIENT_PERMISSION', 'You do not have privileges to access this Suitelet deployment.');
    }
    let body: string;
    try {
      body = await readBody(req);
    } catch (e) {
      if (e instanceof BodyTooLarge) return html(413, 'SSS_REQUEST_TOO_LARGE', 'The request is too large.');
      throw e;
    }
    const parameters = firstValues(url.searchParams);
    if (mediaType(req.headers['content-type']) === 'application/x-www-form-urlencoded') {
      for (const [key, value] of Object.entries(firstValues(new URLSearchParams(body)))) {
        if (!(key in parameters)) parameters[key] = value;
      }
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    let outcome;
    try {
      outcome = await options.host.runSuitelet({
        deployment,
        method: (req.method ?? 'GET').toUpperCase(),
        url: `${origin}${url.pathname}${url.search}`,
        headers,
        body,
        parameters,
        clientIpAddress: req.socket.remoteAddress ?? '127.0.0.1',
        user,
      });
    } catch (e) {
      return html(500, 'UNEXPECTED_ERROR', (e as Error).message);
    }
    if (!outcome.ok) return html(outcome.error.status ?? 500, outcome.error.name, outcome.error.message);
    const responseHeaders = { ...outcome.value.headers };
    if (!Object.keys(responseHeaders).some((h) => h.toLowerCase() === 'content-type')) {
      responseHeaders['Content-Type'] = 'text/html; charset=utf-8';
    }
    res.writeHead(200, responseHeaders);
    res.end(outcome.value.body);
  }

  /** Oracle help, "POST Request to the Token Endpoint and the Access Token Response". */
  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if ((req.method ?? 'GET').toUpperCase() !== 'POST') {
      req.resume();
      return send(res, 405, 'application/json', JSON.stringify({ error: 'invalid_request' }), { Allow: 'POST' });
    }
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (e) {
      if (e instanceof BodyTooLarge)
        return send(res, 400, 'application/json', JSON.stringify({ error: 'invalid_request' }));
      throw e;
    }
    if (mediaType(req.headers['content-type']) !== 'application/x-www-form-urlencoded') {
      return send(res, 400, 'application/json', JSON.stringify({ error: 'invalid_request' }));
    }
    const result = oauth2.token(new URLSearchParams(raw));
    if (!result.ok) {
      const status = result.failure.error === 'invalid_client' ? 401 : 400;
      return send(res, status, 'application/json', JSON.stringify({ error: result.failure.error }), {
        'X-NetSuite-Emulator-Login-Audit': result.failure.detail,
      });
    }
    send(res, 200, 'application/json', JSON.stringify(result.body), { 'Cache-Control': 'no-store' });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route =
      url.pathname === RESTLET_PATH
        ? restlet
        : url.pathname === SUITELET_PATH
          ? suitelet
          : url.pathname === TOKEN_PATH
            ? (rq: IncomingMessage, rs: ServerResponse) => token(rq, rs)
            : null;
    if (!route) {
      req.resume();
      send(res, 404, 'text/plain', 'Not Found');
      return;
    }
    route(req, res, url).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `Internal error: ${(e as Error).message}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  const urlFor = (path: string, script: string, deploy: string, params: Record<string, string> = {}) => {
    const search = new URLSearchParams({ script, deploy, ...params });
    return `${origin}${path}?${search.toString()}`;
  };
  return {
    origin,
    port,
    restletUrl: (script, deploy, params) => urlFor(RESTLET_PATH, script, deploy, params),
    suiteletUrl: (script, deploy, params) => urlFor(SUITELET_PATH, script, deploy, params),
    tokenUrl: `${origin}${TOKEN_PATH}`,
    revokeAccessTokens: () => oauth2.revokeAll(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

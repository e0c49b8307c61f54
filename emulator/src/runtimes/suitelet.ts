import { inAudience, roleOfUser, runningRole } from '../access';
import { nsError, unsupported } from '../errors';
import { strict } from '../modules/strict-module';
import { formModelOf } from '../modules/serverWidget';
import { postedSublists, renderForm } from '../modules/serverWidgetHtml';
import type { DeploymentDef, ScriptDef } from '../sdf/types';
import { serializeError, type ScriptHost } from './host';
import { checkCallable } from './restlet';

export interface SuiteletRequest {
  scriptId: string;
  deploymentId: string;
  method: string;
  /** Header names as received. */
  headers?: Readonly<Record<string, string>>;
  /** Raw body, exactly as sent (Stripe signatures are checked on it). */
  body?: string;
  /** URL query parameters (form fields of an x-www-form-urlencoded POST are added to them). */
  parameters?: Readonly<Record<string, string>>;
  url?: string;
  /** False for callers without a NetSuite session: only "Available Without Login" deployments answer. */
  authenticated: boolean;
}

export interface SuiteletResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  error?: { name: string; message: string };
}

const DEFAULT_CONTENT_TYPE = 'text/html; charset=utf-8';

function headerLookup(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function errorPage(status: number, error: unknown): SuiteletResponse {
  const { name, message } = serializeError(error);
  return {
    status,
    headers: { 'Content-Type': DEFAULT_CONTENT_TYPE },
    body: `<html><body><h1>An unexpected SuiteScript error has occurred</h1><p>${name}: ${escapeHtml(message)}</p></body></html>`,
    error: { name, message },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

function optionValue(options: unknown, key: string): unknown {
  if (options !== null && typeof options === 'object') return (options as Record<string, unknown>)[key];
  return options;
}

/** Runs one Suitelet request: `onRequest({request, response})`; 200 unless the script throws. */
export function runSuitelet(host: ScriptHost, request: SuiteletRequest): SuiteletResponse {
  let script: ScriptDef;
  let deployment: DeploymentDef;
  try {
    script = host.script(request.scriptId);
    if (script.type !== 'suitelet') throw nsError('SSS_INVALID_SCRIPTLET_ID', `${script.scriptId} is not a Suitelet`);
    deployment = host.deployment(script, request.deploymentId);
    checkCallable(script, deployment);
  } catch (error) {
    return errorPage(400, error);
  }
  if (!request.authenticated && !deployment.isOnline) {
    return errorPage(401, nsError('INVALID_LOGIN_ATTEMPT', 'This Suitelet is not available without login'));
  }
  // Oracle help, "Setting Script Deployment Status": a Testing deployment runs for its owner only, so its
  // "Available Without Login" URL answers nobody else; a logged-in user must be in the audience.
  const user = host.services.user;
  const callerRole = request.authenticated ? roleOfUser(host.project, user) : null;
  const allowed = callerRole
    ? inAudience(deployment, { userId: user.id, role: callerRole }, user.id)
    : deployment.status === 'RELEASED';
  if (!allowed) {
    return errorPage(
      403,
      nsError(
        'INSUFFICIENT_PERMISSION',
        `${deployment.scriptId} (status ${deployment.status}) is not available to this caller`,
      ),
    );
  }
  const role = runningRole(host.project, 'suitelet', deployment, callerRole);
  const headers = { ...request.headers };
  const body = request.body ?? '';
  const parameters: Record<string, string> = { ...request.parameters };
  const contentType = headerLookup(headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (request.method.toUpperCase() === 'POST' && contentType === 'application/x-www-form-urlencoded') {
    // The first value of a repeated name wins (an unticked checkbox's hidden F follows the box: serverWidgetHtml.ts).
    const posted: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(body)) if (!(key in posted)) posted[key] = value;
    Object.assign(parameters, posted);
  }
  const sublists = postedSublists(parameters);
  const out: string[] = [];
  const responseHeaders: Record<string, string> = {};
  const serverRequest = strict('http.ServerRequest', {
    method: request.method.toUpperCase(),
    headers,
    body,
    parameters,
    url: request.url ?? '',
    clientIpAddress: '127.0.0.1',
    files: {},
    getHeader: (options: unknown) => headerLookup(headers, String(optionValue(options, 'name'))),
    getParameter: (options: unknown) => parameters[String(optionValue(options, 'name'))],
    // Oracle help, "ServerRequest.getLineCount(options)" / "ServerRequest.getSublistValue(options)": a posted
    // sublist's lines, -1 for a sublist that was not posted.
    getLineCount: (options: unknown) => sublists.get(String(optionValue(options, 'group')))?.length ?? -1,
    getSublistValue: (options: unknown) => {
      const lines = sublists.get(String(optionValue(options, 'group')));
      const line = lines?.[Number(optionValue(options, 'line'))];
      return line?.[String(optionValue(options, 'name'))] ?? null;
    },
  });
  const serverResponse = strict('http.ServerResponse', {
    get headers() {
      return { ...responseHeaders };
    },
    write(options: unknown) {
      const output = optionValue(options, 'output');
      if (typeof output !== 'string') throw nsError('SSS_INVALID_TYPE_ARG', 'response.write needs a string output');
      out.push(output);
    },
    writeLine(options: unknown) {
      const output = optionValue(options, 'output');
      if (typeof output !== 'string') throw nsError('SSS_INVALID_TYPE_ARG', 'response.writeLine needs a string output');
      out.push(`${output}\n`);
    },
    setHeader(options: unknown, maybeValue?: unknown) {
      const name = typeof options === 'string' ? options : optionValue(options, 'name');
      const value = typeof options === 'string' ? maybeValue : optionValue(options, 'value');
      if (typeof name !== 'string' || typeof value !== 'string') {
        throw nsError('SSS_MISSING_REQD_ARGUMENT', 'response.setHeader needs a name and a value');
      }
      for (const key of Object.keys(responseHeaders)) {
        if (key.toLowerCase() === name.toLowerCase()) Reflect.deleteProperty(responseHeaders, key);
      }
      responseHeaders[name] = value;
    },
    addHeader(options: unknown) {
      const name = optionValue(options, 'name');
      const value = optionValue(options, 'value');
      if (typeof name !== 'string' || typeof value !== 'string') {
        throw nsError('SSS_MISSING_REQD_ARGUMENT', 'response.addHeader needs a name and a value');
      }
      const existing = headerLookup(responseHeaders, name);
      responseHeaders[name] = existing === undefined ? value : `${existing}, ${value}`;
    },
    getHeader(options: unknown) {
      return headerLookup(responseHeaders, String(optionValue(options, 'name')));
    },
    // Oracle help, "ServerResponse.writePage(options)": writes a serverWidget page (here: a Form).
    writePage(options: unknown) {
      // Scripts pass { pageObject: form } or, as many public samples do, the form itself.
      const model = formModelOf(options) ?? formModelOf(optionValue(options, 'pageObject'));
      if (!model) throw unsupported('ServerResponse.writePage of anything but a serverWidget.Form');
      out.push(renderForm(model));
    },
    writeFile() {
      throw unsupported('ServerResponse.writeFile (N/file)');
    },
    renderPdf() {
      throw unsupported('ServerResponse.renderPdf');
    },
    sendRedirect() {
      throw unsupported('ServerResponse.sendRedirect');
    },
  });
  const active = host.begin({ script, deployment, stage: 'onRequest', role });
  if (!active.has('onRequest')) {
    const error = nsError('SSS_INVALID_SCRIPT_FILE', `${script.scriptFile} does not export onRequest`);
    active.finish(error);
    return errorPage(500, error);
  }
  try {
    active.call('onRequest', [{ request: serverRequest, response: serverResponse }]);
  } catch (error) {
    active.finish(error);
    return errorPage(500, error);
  }
  active.finish();
  if (headerLookup(responseHeaders, 'content-type') === undefined)
    responseHeaders['Content-Type'] = DEFAULT_CONTENT_TYPE;
  return { status: 200, headers: responseHeaders, body: out.join('') };
}

import { inAudience, resolveRole, roleOfUser, type EffectiveRole } from '../access';
import { nsError, unsupported } from '../errors';
import type { DeploymentDef, ScriptDef } from '../sdf/types';
import { serializeError, type ScriptHost } from './host';

export type RestletMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RestletRequest {
  scriptId: string;
  deploymentId: string;
  method: RestletMethod;
  /** Request Content-Type header (parameters such as charset are ignored). */
  contentType?: string;
  /** URL query parameters as NetSuite passes them to get/delete (including script and deploy). */
  params?: Readonly<Record<string, string>>;
  /** Raw request body (post/put). */
  body?: string;
  /**
   * The caller's role (ADMINISTRATOR, customrole_…). Without it the call comes from the account's user
   * (`services.user`, the script owner: Administrator by default). The deployment's status and audience
   * decide whether the caller may run it, and the script runs with this role's permissions.
   */
  role?: string;
  /** The caller's user ID; default: the account's user without `role`, another user with it. */
  userId?: number;
}

export interface RestletResponse {
  status: number;
  contentType: string;
  body: string;
  /** The NetSuite error when the call failed. */
  error?: { name: string; message: string };
}

const ENTRY_POINTS: Readonly<Record<RestletMethod, string>> = {
  GET: 'get',
  POST: 'post',
  PUT: 'put',
  DELETE: 'delete',
};

/**
 * A method the RESTlet does not implement. Oracle documents that the method must match an entry
 * point but not the answer; this status and code are the emulator's choice (see README).
 */
export const METHOD_NOT_SUPPORTED = { status: 405, code: 'SSS_INVALID_HTTP_METHOD' } as const;

function baseType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** NetSuite's error body: JSON for JSON calls, `error code:`/`error message:` lines for text. */
function errorResponse(status: number, contentType: string, error: unknown): RestletResponse {
  const { name, message } = serializeError(error);
  const body =
    contentType === 'application/json'
      ? JSON.stringify({ error: { code: name, message } })
      : `error code: ${name}\nerror message: ${message}`;
  return { status, contentType, body, error: { name, message } };
}

/** RESTlets answer only on released (or testing) deployed deployments of active scripts. */
export function checkCallable(script: ScriptDef, deployment: DeploymentDef): void {
  if (script.isInactive || !deployment.isDeployed) {
    throw nsError('SSS_INVALID_SCRIPTLET_ID', 'That Suitelet is invalid, disabled, or no longer exists.');
  }
}

/** Who calls: the given role (another user than the owner unless `userId` says so), or the account's user. */
function callerOf(host: ScriptHost, request: RestletRequest): { userId: number; role: EffectiveRole } {
  const user = host.services.user;
  if (request.role === undefined) return { userId: request.userId ?? user.id, role: roleOfUser(host.project, user) };
  return { userId: request.userId ?? Number.NaN, role: resolveRole(host.project, request.role) };
}

/**
 * Runs one RESTlet call with NetSuite's semantics: get/delete receive the query parameters,
 * post/put the body (a string for text/plain, parsed for application/json); the answer must be a
 * string for text/plain and is JSON-serialised for application/json.
 */
export function runRestlet(host: ScriptHost, request: RestletRequest): RestletResponse {
  const requestType = baseType(request.contentType);
  const responseType = requestType === 'application/json' ? 'application/json' : 'text/plain';
  let script: ScriptDef;
  let deployment: DeploymentDef;
  try {
    script = host.script(request.scriptId);
    if (script.type !== 'restlet') throw nsError('SSS_INVALID_SCRIPTLET_ID', `${script.scriptId} is not a RESTlet`);
    deployment = host.deployment(script, request.deploymentId);
    checkCallable(script, deployment);
  } catch (error) {
    return errorResponse(400, responseType, error);
  }
  const caller = callerOf(host, request);
  // Oracle help, "RESTlet Authentication": a Web Services Only role's RESTlet calls get INVALID_LOGIN_CREDENTIALS.
  if (caller.role.webServicesOnly) {
    return errorResponse(401, responseType, nsError('INVALID_LOGIN_CREDENTIALS', 'Invalid login credentials.'));
  }
  if (!inAudience(deployment, caller, host.services.user.id)) {
    const error = nsError(
      'INSUFFICIENT_PERMISSION',
      `Role ${caller.role.id} may not run ${deployment.scriptId} (status ${deployment.status}: ${deployment.status === 'TESTING' ? 'only the script owner' : 'not in its audience'})`,
    );
    return errorResponse(403, responseType, error);
  }
  const hasBody = request.method === 'POST' || request.method === 'PUT';
  if (hasBody && requestType === undefined) {
    return errorResponse(415, 'text/plain', nsError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type'));
  }
  if (requestType !== undefined && requestType !== 'application/json' && requestType !== 'text/plain') {
    return errorResponse(415, 'text/plain', unsupported(`RESTlet Content-Type ${requestType}`));
  }
  let argument: unknown;
  if (hasBody) {
    const body = request.body ?? '';
    if (requestType === 'application/json') {
      try {
        argument = JSON.parse(body);
      } catch (error) {
        return errorResponse(400, responseType, nsError('SSS_INVALID_JSON', (error as Error).message));
      }
    } else argument = body;
  } else argument = { ...request.params };
  const entry = ENTRY_POINTS[request.method];
  const active = host.begin({ script, deployment, stage: entry, role: caller.role });
  if (!active.has(entry)) {
    active.finish();
    return errorResponse(
      METHOD_NOT_SUPPORTED.status,
      responseType,
      nsError(METHOD_NOT_SUPPORTED.code, `The RESTlet does not implement ${request.method}`),
    );
  }
  // A JSON body is parsed in the script's realm, as NetSuite parses it for the script.
  const scriptArgument =
    hasBody && requestType === 'application/json' ? active.realm.parseJson(request.body ?? '') : argument;
  let result: unknown;
  try {
    result = active.call(entry, [scriptArgument]);
  } catch (error) {
    active.finish(error);
    return errorResponse(400, responseType, error);
  }
  let body: string;
  if (responseType === 'text/plain') {
    if (typeof result !== 'string') {
      const error = nsError('INVALID_RETURN_DATA_FORMAT', 'Invalid data format. You should return text.');
      active.finish(error);
      return errorResponse(400, responseType, error);
    }
    body = result;
  } else if (result === undefined) body = '';
  else body = typeof result === 'string' ? result : JSON.stringify(result);
  active.finish();
  return { status: 200, contentType: responseType, body };
}

import type { ScriptUser } from '../context';

/**
 * What the HTTP front needs from the emulator to serve deployed scripts. The front authenticates, parses
 * and shapes NetSuite's HTTP answers; the host finds deployments and runs entry points (possibly off the
 * event loop, hence the promises).
 */
export interface ScriptHost {
  /** `script` / `deploy` as given in the URL: an internal ID or a script ID (customscript_…, customdeploy_…). */
  findDeployment(script: string, deploy: string): DeploymentInfo | undefined;
  runRestlet(request: RestletRequest): Promise<ScriptOutcome<unknown>>;
  runSuitelet(request: SuiteletRequest): Promise<ScriptOutcome<SuiteletResponse>>;
  /**
   * Whether the user's role may log in to RESTlets with this scheme: null if so, else the error code the
   * client gets (INVALID_LOGIN_CREDENTIALS for a Web Services Only role). Absent: every role may.
   */
  loginRefusal?(user: ScriptUser, scheme: 'tba' | 'oauth2'): LoginRefusal | null;
}

export interface LoginRefusal {
  code: 'INVALID_LOGIN_CREDENTIALS' | 'INVALID_LOGIN_ATTEMPT';
  /** Why, for the emulator's audit header. */
  reason: string;
}

export interface DeploymentInfo {
  kind: 'restlet' | 'suitelet';
  scriptId: string;
  deploymentId: string;
  /** Suitelets deployed "Available Without Login" (isonline = T) are public. */
  availableWithoutLogin: boolean;
  /** Roles (script IDs such as `administrator`/`customrole_x`, or internal IDs) that may call it, or all. */
  audienceRoles: readonly string[] | 'all';
}

export type RestletMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RestletRequest {
  deployment: DeploymentInfo;
  method: RestletMethod;
  /** requestBody for POST/PUT: the raw string for text/plain, the parsed value for application/json. */
  body: unknown;
  /** requestParams for GET/DELETE: the query parameters except script and deploy. */
  params: Record<string, string>;
  contentType: 'application/json' | 'text/plain';
  /** The user and role of the access token. */
  user: ScriptUser;
}

export interface SuiteletRequest {
  deployment: DeploymentInfo;
  method: string;
  url: string;
  /** Header names as received (lower-case in Node). */
  headers: Record<string, string>;
  body: string;
  /** Query parameters (script and deploy included, as in NetSuite) plus form fields of urlencoded POSTs. */
  parameters: Record<string, string>;
  clientIpAddress: string;
  /** null for "Available Without Login" requests. */
  user: ScriptUser | null;
}

/** What a Suitelet wrote. NetSuite's ServerResponse has no status setter: a Suitelet that returns answers 200. */
export interface SuiteletResponse {
  headers: Record<string, string>;
  body: string;
}

/** An error that escaped the entry point (or ended the invocation, e.g. SSS_USAGE_LIMIT_EXCEEDED). */
export interface ScriptFailure {
  /** NetSuite's error code (SuiteScriptError.name). */
  name: string;
  message: string;
  stack?: string[];
  id?: string;
  /** HTTP status; default 400 for RESTlets (NetSuite's "user error"), 500 for Suitelets. */
  status?: number;
}

export type ScriptOutcome<T> = { ok: true; value: T } | { ok: false; error: ScriptFailure };

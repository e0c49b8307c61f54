import { nsError } from './errors';
import type { CustomRecordTypeDef, DeploymentDef, PermissionLevel, RoleDef, SdfProject } from './sdf/types';

/**
 * Who may run what: roles, their permissions and script deployment audiences, from the SDF project.
 *
 * Sources: Oracle help "Setting Script Deployment Status", "Defining Script Audience", "Executing Scripts
 * Using a Specific Role", "Script Types That Support Execute as Role", "RESTlet Authentication",
 * "Set Up OAuth 2.0 Roles", "Custom Record Access Types" and the SDF `role` object's permkeys.
 */

/** The role a script runs with: the Administrator role may do anything. */
export interface EffectiveRole {
  /** Lower-case script ID (`administrator`, `customrole_snc_relay`). */
  id: string;
  isAdministrator: boolean;
  /** "Web Services Only" (`iswebserviceonlyrole`): web services calls only, no RESTlets. */
  webServicesOnly: boolean;
  /** permkey (upper case for standard ones, lower-case script ID for custom records) → level. */
  permissions: ReadonlyMap<string, PermissionLevel>;
}

export const LEVELS: readonly PermissionLevel[] = ['NONE', 'VIEW', 'CREATE', 'EDIT', 'FULL'];

const rank = (level: PermissionLevel): number => LEVELS.indexOf(level);

/** The Administrator role: its internal ID is 3, its script ID `administrator`. */
export const ADMINISTRATOR: EffectiveRole = {
  id: 'administrator',
  isAdministrator: true,
  webServicesOnly: false,
  permissions: new Map(),
};

/** Standard record types → the permission that guards them and its name (SDF role permkeys). */
export const RECORD_PERMISSIONS: Readonly<Record<string, { key: string; label: string }>> = {
  customer: { key: 'LIST_CUSTJOB', label: 'Customers' },
  invoice: { key: 'TRAN_CUSTINVC', label: 'Invoice' },
  customerpayment: { key: 'TRAN_CUSTPYMT', label: 'Customer Payment' },
  creditmemo: { key: 'TRAN_CUSTCRED', label: 'Credit Memo' },
  customerrefund: { key: 'TRAN_CUSTRFND', label: 'Customer Refund' },
  customerdeposit: { key: 'TRAN_CUSTDEP', label: 'Customer Deposit' },
  // Oracle help, "Permission Names and IDs" (Transactions): "Deposit Application", TRAN_DEPAPPL.
  depositapplication: { key: 'TRAN_DEPAPPL', label: 'Deposit Application' },
  deposit: { key: 'TRAN_DEPOSIT', label: 'Deposit' },
  journalentry: { key: 'TRAN_JOURNAL', label: 'Make Journal Entry' },
  salesorder: { key: 'TRAN_SALESORD', label: 'Sales Order' },
  serviceitem: { key: 'LIST_ITEM', label: 'Items' },
  noninventoryitem: { key: 'LIST_ITEM', label: 'Items' },
  inventoryitem: { key: 'LIST_ITEM', label: 'Items' },
  discountitem: { key: 'LIST_ITEM', label: 'Items' },
  account: { key: 'LIST_ACCOUNT', label: 'Accounts' },
  currency: { key: 'LIST_CURRENCY', label: 'Currency' },
  subsidiary: { key: 'LIST_SUBSIDIARY', label: 'Subsidiaries' },
};

/** "Custom Record Entries": the permission custom records of access type CUSTRECORDENTRYPERM need. */
const CUSTOM_RECORD_ENTRIES = { key: 'LIST_CUSTRECORDENTRY', label: 'Custom Record Entries' };

/** Login permissions ("Log in using Access Tokens", "Log In Using OAuth 2.0 Access Tokens"). */
export const LOGIN_PERMISSION = { tba: 'ADMI_LOGIN_OAUTH', oauth2: 'ADMI_LOGIN_OAUTH2' } as const;

function permKey(raw: string): string {
  const ref = /^\[scriptid=([^\]]+)\]$/.exec(raw.trim());
  return ref ? (ref[1] ?? '').toLowerCase() : raw.trim().toUpperCase();
}

function parseLevel(raw: string): PermissionLevel {
  const level = raw.trim().toUpperCase() as PermissionLevel;
  return LEVELS.includes(level) ? level : 'NONE';
}

function roleFromDef(def: RoleDef): EffectiveRole {
  const permissions = new Map<string, PermissionLevel>();
  for (const p of def.permissions) permissions.set(permKey(p.key), parseLevel(p.level));
  return {
    id: def.scriptId.toLowerCase(),
    isAdministrator: false,
    webServicesOnly: def.fields['iswebserviceonlyrole'] === 'T',
    permissions,
  };
}

/** Whether a role reference (`ADMINISTRATOR`, `administrator`, internal ID 3) names the Administrator role. */
export function isAdministratorRef(ref: string): boolean {
  const r = ref.trim().toLowerCase();
  return r === 'administrator' || r === '3';
}

/**
 * The role a reference names: Administrator, a custom role of the project, or an unknown role with no
 * permissions (a standard role other than Administrator is not modelled: it gets none).
 */
export function resolveRole(project: SdfProject, ref: string): EffectiveRole {
  if (isAdministratorRef(ref)) return ADMINISTRATOR;
  const def = project.roles.get(ref.trim().toLowerCase());
  if (def) return roleFromDef(def);
  return { id: ref.trim().toLowerCase(), isAdministrator: false, webServicesOnly: false, permissions: new Map() };
}

/** A user's role from the two ways a user names it (`role` internal ID or script ID, `roleId`). */
export function roleOfUser(project: SdfProject, user: { role: string; roleId: string }): EffectiveRole {
  const refs = [user.roleId, user.role].map(String);
  if (refs.some(isAdministratorRef)) return ADMINISTRATOR;
  const custom = refs.find((r) => project.roles.has(r.toLowerCase()));
  return resolveRole(project, custom ?? user.roleId);
}

/** The level a role holds on a record type, from its permissions and the custom record's access settings. */
export function levelFor(role: EffectiveRole, recordType: string, custom?: CustomRecordTypeDef): PermissionLevel {
  if (role.isAdministrator) return 'FULL';
  if (custom) {
    if (custom.accessType === 'NONENEEDED') return 'FULL';
    if (custom.accessType === 'CUSTRECORDENTRYPERM') return role.permissions.get(CUSTOM_RECORD_ENTRIES.key) ?? 'NONE';
    const listed = custom.permittedRoles.find((p) => p.role.toLowerCase() === role.id)?.level ?? 'NONE';
    const own = role.permissions.get(recordType.toLowerCase()) ?? 'NONE';
    return rank(own) > rank(listed) ? own : listed;
  }
  const permission = RECORD_PERMISSIONS[recordType];
  return permission ? (role.permissions.get(permission.key) ?? 'NONE') : 'NONE';
}

function permissionLabel(recordType: string, custom?: CustomRecordTypeDef): string {
  if (custom) return custom.accessType === 'CUSTRECORDENTRYPERM' ? CUSTOM_RECORD_ENTRIES.label : custom.label;
  return RECORD_PERMISSIONS[recordType]?.label ?? recordType;
}

/**
 * Fails with INSUFFICIENT_PERMISSION unless the role holds `needed` on the record type. The wording follows
 * NetSuite's "Permission Violation" page, which names the permission (guess: see emulator/README.md).
 */
export function requireLevel(
  role: EffectiveRole,
  recordType: string,
  needed: PermissionLevel,
  custom?: CustomRecordTypeDef,
): void {
  if (rank(levelFor(role, recordType, custom)) >= rank(needed)) return;
  throw nsError(
    'INSUFFICIENT_PERMISSION',
    `Permission Violation: You need a higher level of the '${permissionLabel(recordType, custom)}' permission to access this page. Please contact your account administrator.`,
  );
}

/** Whether a role holds a permission at all (login permissions, for example). */
export function holds(role: EffectiveRole, key: string): boolean {
  return role.isAdministrator || rank(role.permissions.get(key) ?? 'NONE') > rank('NONE');
}

/** Who is calling a deployment: a user with a role, or nobody (a public Suitelet URL). */
export interface Caller {
  userId: number;
  role: EffectiveRole;
}

/**
 * Whether a caller is in a deployment's audience. Oracle help, "Setting Script Deployment Status": in
 * Testing only the script owner runs it; "Defining Script Audience": a Released deployment runs for the
 * selected roles (or all roles, or all employees); with no audience at all, for the owner only.
 */
export function inAudience(deployment: DeploymentDef, caller: Caller, ownerId: number): boolean {
  if (caller.userId === ownerId) return true;
  if (deployment.status === 'TESTING') return false;
  if (deployment.allRoles || deployment.allEmployees) return true;
  return deployment.roles.some((r) =>
    isAdministratorRef(r) ? caller.role.isAdministrator : r.toLowerCase() === caller.role.id,
  );
}

/**
 * The role a script runs with. Oracle help, "Script Types That Support Execute as Role": Suitelets (among
 * others, not RESTlets) may run as the deployment's role; a RESTlet runs with the caller's role. Scheduled
 * and Map/Reduce deployments run as their `runasrole`, else as Administrator (guess: see README).
 */
export function runningRole(
  project: SdfProject,
  scriptType: string,
  deployment: DeploymentDef,
  caller: EffectiveRole | null,
): EffectiveRole {
  const runAs = deployment.runAsRole;
  if (scriptType === 'restlet') return caller ?? ADMINISTRATOR;
  if (runAs !== undefined && runAs !== '') return resolveRole(project, runAs);
  if (scriptType === 'suitelet') return caller ?? NO_ROLE;
  return ADMINISTRATOR;
}

/** An "Available Without Login" Suitelet's visitor without an execute-as role: no permissions. */
export const NO_ROLE: EffectiveRole = {
  id: 'online_form_user',
  isAdministrator: false,
  webServicesOnly: false,
  permissions: new Map(),
};

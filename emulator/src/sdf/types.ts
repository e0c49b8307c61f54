import type { ScriptType } from '../governance';
import type { FieldValue, RecordTypeDef } from '../schema';

/** SDF object root elements the emulator runs, with the governance script type each maps to. */
export const SCRIPT_OBJECT_TYPES = {
  restlet: 'restlet',
  suitelet: 'suitelet',
  scheduledscript: 'scheduled',
  mapreducescript: 'mapreduce',
} as const satisfies Record<string, ScriptType>;

export type ScriptObjectType = keyof typeof SCRIPT_OBJECT_TYPES;
export type RunnableScriptType = (typeof SCRIPT_OBJECT_TYPES)[ScriptObjectType];

/** `@NScriptType` each script object's file must declare (compared case-insensitively). */
export const NSCRIPTTYPE_OF: Readonly<Record<RunnableScriptType, string>> = {
  restlet: 'Restlet',
  suitelet: 'Suitelet',
  scheduled: 'ScheduledScript',
  mapreduce: 'MapReduceScript',
};

export type DeploymentStatus = 'RELEASED' | 'TESTING' | 'NOTSCHEDULED' | 'SCHEDULED';
export type LogLevel = 'DEBUG' | 'AUDIT' | 'ERROR' | 'EMERGENCY';

/** A script parameter value as scripts read it (runtime.getCurrentScript().getParameter). */
export type ParamValue = string | number | boolean | null;

export interface ScriptParameterDef {
  id: string;
  label: string;
  /** SDF fieldtype code (TEXT, CHECKBOX, INTEGER, SELECT, …). */
  fieldType: string;
  mandatory: boolean;
  defaultValue: ParamValue;
  selectType?: string;
}

export type DayOfWeek = 'SUNDAY' | 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY';
export type OrderOfWeek = 'FIRST' | 'SECOND' | 'THIRD' | 'FOURTH' | 'LAST';

interface RecurrenceBase {
  /** First possible run: startdate + starttime (UTC). */
  start: Date;
  /** Last day runs may happen on (inclusive, UTC), if any. */
  endDate?: Date;
  /** Repeat within each run day every N minutes (SDF `repeat`, e.g. PT15M), until the day ends. */
  repeatMinutes?: number;
}

export type Recurrence =
  | (RecurrenceBase & { kind: 'single' })
  | (RecurrenceBase & { kind: 'daily'; everyXDays: number })
  | (RecurrenceBase & { kind: 'everyweekday' })
  | (RecurrenceBase & { kind: 'weekly'; everyXWeeks: number; days: DayOfWeek[] })
  | (RecurrenceBase & { kind: 'monthly'; everyXMonths: number })
  | (RecurrenceBase & {
      kind: 'monthlydayofweek';
      everyXMonths: number;
      orderOfWeek: OrderOfWeek;
      dayOfWeek: DayOfWeek;
    })
  | (RecurrenceBase & { kind: 'yearly' })
  | (RecurrenceBase & { kind: 'yearlydayofweek'; orderOfWeek: OrderOfWeek; dayOfWeek: DayOfWeek });

export interface DeploymentDef {
  scriptId: string;
  title: string;
  status: DeploymentStatus;
  isDeployed: boolean;
  logLevel: LogLevel;
  /** Audience: every role may call it. */
  allRoles: boolean;
  /** Audience roles: standard role codes (ADMINISTRATOR) or custom role script IDs (customrole_…). */
  roles: string[];
  allEmployees: boolean;
  allPartners: boolean;
  /** Suitelets: "Available Without Login". */
  isOnline: boolean;
  runAsRole?: string;
  /** Map/Reduce only. */
  concurrencyLimit?: number;
  bufferSize?: number;
  yieldAfterMins?: number;
  queueAllStagesAtOnce?: boolean;
  recurrence?: Recurrence;
  /** Parameter values set on this deployment (custscript_… → value); admins may change them. */
  params: Readonly<Record<string, ParamValue>>;
}

export interface ScriptDef {
  scriptId: string;
  objectType: ScriptObjectType;
  type: RunnableScriptType;
  name: string;
  isInactive: boolean;
  /** File Cabinet path, e.g. /SuiteScripts/stripe-netsuite-connector/entrypoints/snc_info_restlet.js */
  scriptFile: string;
  parameters: ReadonlyMap<string, ScriptParameterDef>;
  /** In XML order (NetSuite picks "an available deployment" in this order when none is named). */
  deployments: readonly DeploymentDef[];
  /** Object file, relative to the project folder. */
  file: string;
}

export interface SecretDef {
  scriptId: string;
  file: string;
}

export interface RolePermission {
  key: string;
  level: string;
  restriction?: string;
}

export interface RoleDef {
  scriptId: string;
  name: string;
  permissions: RolePermission[];
  /** Remaining leaf fields, as written. */
  fields: Readonly<Record<string, string>>;
  file: string;
}

export interface CustomListDef {
  scriptId: string;
  name: string;
  values: { scriptId?: string; value: string; isInactive: boolean }[];
  file: string;
}

/** Permission levels, lowest first (Oracle help, "NetSuite Permissions Overview": View, Create, Edit, Full). */
export type PermissionLevel = 'NONE' | 'VIEW' | 'CREATE' | 'EDIT' | 'FULL';

/** Custom record "Access Type": Custom Record Entries permission, none needed, or the record's own list. */
export type CustomRecordAccessType = 'CUSTRECORDENTRYPERM' | 'NONENEEDED' | 'USEPERMISSIONLIST';

/** A custom record type: the schema definition plus the SDF settings that shape it. */
export interface CustomRecordTypeDef extends RecordTypeDef {
  kind: 'custom';
  includeName: boolean;
  isNumbered: boolean;
  isInactive: boolean;
  accessType: CustomRecordAccessType;
  /** The record type's own permission list (roles and levels), used with USEPERMISSIONLIST. */
  permittedRoles: { role: string; level: PermissionLevel }[];
  file: string;
}

export interface ManifestDef {
  projectType: string;
  projectName: string;
  features: { name: string; required: boolean }[];
}

export interface SdfProject {
  /** Absolute project folder (the one holding manifest.xml). */
  dir: string;
  /** Absolute path of FileCabinet/ inside it. */
  fileCabinetDir: string;
  manifest: ManifestDef;
  recordTypes: ReadonlyMap<string, CustomRecordTypeDef>;
  scripts: ReadonlyMap<string, ScriptDef>;
  secrets: ReadonlyMap<string, SecretDef>;
  roles: ReadonlyMap<string, RoleDef>;
  customLists: ReadonlyMap<string, CustomListDef>;
  /** Objects skipped because they do not affect running scripts (see IGNORED_OBJECT_TYPES). */
  ignored: { file: string; type: string }[];
}

export type { FieldValue };

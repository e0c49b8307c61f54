import type * as runtime from 'N/runtime';
import type { EmulatorServices, ModuleFactory } from '../context';
import type { ScriptType } from '../governance';
import { nsError, unsupported } from '../errors';
import { formatPreferences } from './format';
import { missingArgument, optionsObject, strict } from './strict-module';

export const ContextType = Object.freeze({
  CLIENT: 'CLIENT',
  CSV_IMPORT: 'CSVIMPORT',
  MAP_REDUCE: 'MAPREDUCE',
  NONE: 'NONE',
  RESTLET: 'RESTLET',
  REST_WEBSERVICES: 'RESTWEBSERVICES',
  SCHEDULED: 'SCHEDULED',
  SUITELET: 'SUITELET',
  USEREVENT: 'USEREVENT',
  USER_INTERFACE: 'USERINTERFACE',
  WEBSERVICES: 'WEBSERVICES',
  WORKFLOW: 'WORKFLOW',
});

/** NetSuite's runtime.EnvType values are strings (the @hitc types declare a numeric enum). */
export const EnvType = Object.freeze({
  SANDBOX: 'SANDBOX',
  PRODUCTION: 'PRODUCTION',
  BETA: 'BETA',
  INTERNAL: 'INTERNAL',
});
export type EnvTypeName = (typeof EnvType)[keyof typeof EnvType];

/** Account switches N/runtime reports that `EmulatorServices` does not carry. */
export interface RuntimeSettings {
  /** Default: SANDBOX for account IDs ending in _SB<n>, BETA for _RP, else PRODUCTION. */
  envType?: EnvTypeName;
  /** Features isFeatureInEffect answers; any other feature fails loudly. */
  features: Record<string, boolean>;
  version: string;
}

export const DEFAULT_FEATURES: Readonly<Record<string, boolean>> = {
  SERVERSIDESCRIPTING: true,
  CUSTOMRECORDS: true,
  TBA: true,
};

const settings = new WeakMap<EmulatorServices, RuntimeSettings>();

/** Sets what N/runtime reports for an emulator's account (features, envType, version). */
export function configureRuntime(services: EmulatorServices, overrides: Partial<RuntimeSettings>): void {
  const current = runtimeSettings(services);
  settings.set(services, {
    ...current,
    ...overrides,
    features: { ...current.features, ...(overrides.features ?? {}) },
  });
}

export function runtimeSettings(services: EmulatorServices): RuntimeSettings {
  return settings.get(services) ?? { features: { ...DEFAULT_FEATURES }, version: '2026.2' };
}

export function envTypeFor(accountId: string): EnvTypeName {
  if (/_SB\d+$/i.test(accountId)) return EnvType.SANDBOX;
  if (/_RP$/i.test(accountId)) return EnvType.BETA;
  return EnvType.PRODUCTION;
}

const CONTEXT_BY_SCRIPT_TYPE: Record<ScriptType, string> = {
  restlet: ContextType.RESTLET,
  suitelet: ContextType.SUITELET,
  scheduled: ContextType.SCHEDULED,
  mapreduce: ContextType.MAP_REDUCE,
  // Direct calls from Jest run outside any NetSuite script.
  test: ContextType.NONE,
};

type ScriptObject = Pick<
  ReturnType<(typeof runtime)['getCurrentScript']>,
  'id' | 'deploymentId' | 'logLevel' | 'bundleIds' | 'getParameter' | 'getRemainingUsage'
>;
type UserObject = Pick<
  ReturnType<(typeof runtime)['getCurrentUser']>,
  'id' | 'name' | 'email' | 'role' | 'roleId' | 'subsidiary' | 'getPreference'
>;

export interface RuntimeModule extends Pick<
  typeof runtime,
  'accountId' | 'version' | 'getCurrentScript' | 'getCurrentUser' | 'isFeatureInEffect'
> {
  envType: EnvTypeName;
  executionContext: string;
  ContextType: typeof ContextType;
  EnvType: typeof EnvType;
}

export const createRuntimeModule: ModuleFactory<RuntimeModule> = ({ services, invocation, script }) => {
  const config = runtimeSettings(services);

  const currentScript: ScriptObject = strict('N/runtime.Script', {
    id: script.scriptId,
    deploymentId: script.deploymentId,
    logLevel: script.logLevel,
    bundleIds: [] as string[],
    getParameter(options: { name: string }) {
      const opts = optionsObject(options);
      if (typeof opts.name !== 'string' || opts.name === '') throw missingArgument('name');
      // NetSuite answers null for a parameter the script does not define or that has no value.
      const value = Object.prototype.hasOwnProperty.call(script.params, opts.name) ? script.params[opts.name] : null;
      return value as ReturnType<ScriptObject['getParameter']>;
    },
    getRemainingUsage: () => invocation.remaining(),
  });

  const user = services.user;
  const roleNumber = Number(user.role);
  const currentUser: UserObject = strict('N/runtime.User', {
    id: user.id,
    name: user.name,
    email: user.email,
    // NetSuite's user.role is the role's internal ID (a number); roleId its script ID.
    role: Number.isFinite(roleNumber) ? roleNumber : (user.role as unknown as number),
    roleId: user.roleId,
    subsidiary: user.subsidiary,
    getPreference(options: { name: string }): string {
      const opts = optionsObject(options);
      const name = String(opts.name ?? '').toUpperCase();
      const prefs = formatPreferences(services);
      if (name === 'DATEFORMAT') return prefs.dateFormat;
      if (name === 'TIMEFORMAT') return prefs.timeFormat;
      if (name === 'TIMEZONE') return prefs.timeZone;
      throw unsupported(`N/runtime.User.getPreference({ name: '${String(opts.name)}' })`);
    },
  });

  const mod = {
    accountId: services.options.accountId,
    envType: config.envType ?? envTypeFor(services.options.accountId),
    executionContext: CONTEXT_BY_SCRIPT_TYPE[invocation.scriptType],
    version: config.version,
    ContextType,
    EnvType,
    getCurrentScript: () => currentScript as ReturnType<(typeof runtime)['getCurrentScript']>,
    getCurrentUser: () => currentUser as ReturnType<(typeof runtime)['getCurrentUser']>,
    isFeatureInEffect(options: { feature: runtime.NetSuiteFeature }): boolean {
      const opts = optionsObject(options);
      if (typeof opts.feature !== 'string' || opts.feature === '') throw missingArgument('feature');
      const feature = opts.feature.toUpperCase();
      const value = config.features[feature];
      if (value === undefined) {
        throw nsError(
          'EMULATOR_UNSUPPORTED',
          `The NetSuite emulator has no setting for feature ${feature}: configure it with configureRuntime(services, { features })`,
        );
      }
      return value;
    },
  };
  return strict('N/runtime', mod satisfies RuntimeModule);
};

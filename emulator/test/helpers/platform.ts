import type { EmulatorServices, LogEntry, ModuleContext, ScriptInfo } from '../../src/context';
import { Invocation, type ScriptType, USAGE_LIMITS } from '../../src/governance';
import { SchemaRegistry } from '../../src/schema';
import { Store } from '../../src/store';

export interface PlatformFixture {
  services: EmulatorServices;
  invocation: Invocation;
  context: ModuleContext;
  /** Moves the emulator clock. */
  setNow(date: Date): void;
}

/** Services and one invocation for testing the platform N/ modules alone (no records, no SuiteQL). */
export function platformFixture(
  options: {
    scriptType?: ScriptType;
    limit?: number;
    logLevel?: LogEntry['level'];
    params?: ScriptInfo['params'];
    scriptId?: string;
    accountId?: string;
    secrets?: Record<string, string>;
    services?: EmulatorServices;
  } = {},
): PlatformFixture {
  let now = new Date('2026-11-21T18:30:00Z');
  const services: EmulatorServices = options.services ?? {
    options: {
      accountId: options.accountId ?? '1234567_SB1',
      strictFields: true,
      concurrencyLimit: 5,
      shuffleSeed: null,
    },
    store: new Store(new SchemaRegistry([])),
    secrets: new Map(Object.entries(options.secrets ?? {})),
    logs: [],
    emails: [],
    caches: new Map(),
    httpHandlers: new Map(),
    sql: {
      query: () => {
        throw new Error('no SuiteQL in platform tests');
      },
    },
    user: { id: 7, name: 'Ada Admin', email: 'ada@example.com', role: '3', roleId: 'administrator', subsidiary: 1 },
    now: () => new Date(now.getTime()),
  };
  const scriptType = options.scriptType ?? 'restlet';
  const scriptId = options.scriptId ?? 'customscript_snc_test';
  const invocation = new Invocation(
    scriptType,
    options.limit ?? USAGE_LIMITS[scriptType],
    scriptId,
    'customdeploy_snc_test',
  );
  const script: ScriptInfo = {
    scriptId,
    deploymentId: 'customdeploy_snc_test',
    params: options.params ?? {},
    logLevel: options.logLevel ?? 'DEBUG',
  };
  return {
    services,
    invocation,
    context: { services, invocation, script },
    setNow(date) {
      now = date;
    },
  };
}

/** Runs `fn` and returns the SuiteScriptError-like object it throws. */
export function thrown(fn: () => unknown): { name: string; message: string } {
  try {
    fn();
  } catch (e) {
    return e as { name: string; message: string };
  }
  throw new Error('expected an error');
}

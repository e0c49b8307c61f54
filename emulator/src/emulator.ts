import * as fs from 'node:fs';
import * as path from 'node:path';
import { holds, LOGIN_PERMISSION, roleOfUser } from './access';
import type { EmulatorOptions, EmulatorServices, ModuleContext, NModuleName, ScriptUser } from './context';
import { FaultInjector } from './faults';
import { Invocation, USAGE_LIMITS } from './governance';
import { startHttpFront, type HttpFront, type HttpFrontOptions } from './http/server';
import type { ScriptHost as HttpScriptHost } from './http/host';
import { createCacheModule } from './modules/cache';
import { createCurrencyModuleWith } from './modules/currency';
import { createCryptoModule } from './modules/crypto';
import { createEmailModule } from './modules/email';
import { createEncodeModule } from './modules/encode';
import { createErrorModule } from './modules/error';
import { configureFormat, createFormatModule, formatPreferences } from './modules/format';
import { createHttpsModule } from './modules/https';
import { createLogModule } from './modules/log';
import { createQueryModule } from './modules/query';
import { createRecordModuleWith } from './modules/record';
import { createRuntimeModule } from './modules/runtime';
import { createSearchModule } from './modules/search';
import { createTransactionModuleWith } from './modules/transaction';
import { createTaskModule } from './modules/task';
import { createServerWidgetModule } from './modules/serverWidget';
import { seedBaseAccount, type BaseAccount } from './records/baseAccount';
import { RecordEngine } from './records/engine';
import type { TrialBalanceRow } from './records/ledger';
import { STANDARD_RECORD_TYPES } from './records/standard';
import { runMapReduce, type MapReduceRunOptions, type MapReduceRunResult } from './runtimes/mapreduce';
import { runRestlet, type RestletRequest, type RestletResponse } from './runtimes/restlet';
import { runScheduled, type ScheduledRunOptions, type ScheduledRunResult } from './runtimes/scheduled';
import { TaskScheduler } from './runtimes/scheduler';
import { ScriptHost, type UsageRecord } from './runtimes/host';
import { runSuitelet, type SuiteletRequest, type SuiteletResponse } from './runtimes/suitelet';
import { customListRecordType, seedCustomLists, withDefaultSelections } from './sdf/customLists';
import { loadSdfProject } from './sdf/project';
import type { DeploymentDef, ScriptDef, SdfProject } from './sdf/types';
import { SchemaRegistry, type FieldDef } from './schema';
import { Store, type StoreSnapshot } from './store';
import { SuiteQLEngine } from './suiteql/engine';

export interface NetSuiteEmulatorConfig {
  /** The SDF project folder (holding manifest.xml, Objects/, FileCabinet/). Default: ./src. */
  projectDir?: string;
  options?: Partial<EmulatorOptions>;
  /** API Secrets by script ID (custsecret_…). */
  secrets?: Record<string, string>;
  /** A snapshot file: loaded when it exists, written by saveSnapshot(). */
  snapshotFile?: string;
  /** Start the clock at this time (default: the real time, moving). */
  now?: Date;
  user?: Partial<ScriptUser>;
}

const DEFAULT_OPTIONS: EmulatorOptions = {
  accountId: 'TSTDRV0000001',
  strictFields: true,
  concurrencyLimit: 5,
  shuffleSeed: null,
  sourceDefaultValuesInStandardMode: false,
  fieldLengthLimits: true,
  dateFormat: 'M/D/YYYY',
};

function withoutLengthLimits(fields: Readonly<Record<string, FieldDef>>): Record<string, FieldDef> {
  return Object.fromEntries(
    Object.entries(fields).map(([id, field]) => {
      const rest = { ...field };
      delete rest.maxLength;
      return [id, rest];
    }),
  );
}

interface Snapshot {
  store: StoreSnapshot;
  base: BaseAccount;
}

/** The emulator's clock: real time unless a test sets it; when set it stays put until moved. */
class Clock {
  private fixed: Date | null;
  constructor(start?: Date) {
    this.fixed = start ? new Date(start.getTime()) : null;
  }
  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date();
  }
  set(date: Date): void {
    this.fixed = new Date(date.getTime());
  }
  advance(ms: number): Date {
    this.fixed = new Date(this.now().getTime() + ms);
    return this.now();
  }
}

/**
 * A local NetSuite account loaded with an SDF project: records, ledger, SuiteQL, governance and the
 * script runtimes, wired together. Create one with `await NetSuiteEmulator.create()`.
 */
export class NetSuiteEmulator {
  readonly services: EmulatorServices & { faults: FaultInjector };
  readonly records: RecordEngine;
  readonly host: ScriptHost;
  readonly scheduler: TaskScheduler;
  readonly faults: FaultInjector;

  private constructor(
    readonly project: SdfProject,
    readonly store: Store,
    readonly base: BaseAccount,
    readonly sql: SuiteQLEngine,
    private readonly clock: Clock,
    options: EmulatorOptions,
    config: NetSuiteEmulatorConfig,
    private readonly snapshotFile: string | undefined,
  ) {
    this.faults = new FaultInjector();
    this.services = {
      options,
      store,
      secrets: new Map(Object.entries(config.secrets ?? {})),
      logs: [],
      emails: [],
      caches: new Map(),
      httpHandlers: new Map(),
      sql,
      user: {
        id: -4,
        name: 'Emulator Administrator',
        email: 'admin@example.invalid',
        role: 'administrator',
        roleId: '3',
        subsidiary: Number(base.subsidiary),
        ...config.user,
      },
      faults: this.faults,
      now: () => clock.now(),
    };
    this.records = new RecordEngine(store, base.accounts, () => clock.now(), options.strictFields, this.faults, {
      sourceDefaultValuesInStandardMode: options.sourceDefaultValuesInStandardMode === true,
      customerCurrencyLists: options.customerCurrencyLists !== false,
      lineTaxAmount: options.lineTaxAmount ?? 'keep',
    });
    this.records.voiding = {
      reversingJournals: options.voidUsingReversingJournals === true,
      applied: options.voidAppliedTransactions ?? 'refuse',
      closedThrough: options.closedPeriodsThrough ?? null,
    };
    this.records.orders = {
      autoApplyDeposits: options.autoApplyOrderDeposits !== false,
      billOnlyFulfilled: options.billOnlyFulfilledOrderLines !== false,
    };
    this.host = new ScriptHost({
      project,
      services: this.services,
      createModules: (context) => this.createModules(context),
    });
    this.scheduler = new TaskScheduler(this.host);
  }

  static async create(config: NetSuiteEmulatorConfig = {}): Promise<NetSuiteEmulator> {
    const projectDir = path.resolve(config.projectDir ?? 'src');
    const project = loadSdfProject(projectDir);
    const options = { ...DEFAULT_OPTIONS, ...config.options };
    const schemas = new SchemaRegistry(STANDARD_RECORD_TYPES);
    for (const def of project.recordTypes.values()) {
      schemas.add(options.fieldLengthLimits !== false ? def : { ...def, fields: withoutLengthLimits(def.fields) });
    }
    for (const list of project.customLists.values()) schemas.add(customListRecordType(list));
    const store = new Store(schemas);
    let base: BaseAccount;
    if (config.snapshotFile && fs.existsSync(config.snapshotFile)) {
      const snapshot = JSON.parse(fs.readFileSync(config.snapshotFile, 'utf8')) as Snapshot;
      store.restore(snapshot.store);
      base = snapshot.base;
    } else {
      base = seedBaseAccount(store);
    }
    seedCustomLists(store, project.customLists.values());
    for (const def of schemas.all()) {
      if (Object.values(def.fields).some((f) => f.defaultSelection)) schemas.add(withDefaultSelections(def, store));
    }
    const clock = new Clock(config.now);
    let services: EmulatorServices | null = null;
    const sql = await SuiteQLEngine.create(store, {
      now: () => clock.now(),
      undocumentedColumns: options.suiteqlUndocumentedColumns ?? false,
      // SuiteQL answers dates in the user's date format (the same preference N/format follows).
      dateFormat: () => (services ? formatPreferences(services).dateFormat : (options.dateFormat ?? 'M/D/YYYY')),
    });
    const emulator = new NetSuiteEmulator(project, store, base, sql, clock, options, config, config.snapshotFile);
    services = emulator.services;
    if (options.dateFormat) configureFormat(emulator.services, { dateFormat: options.dateFormat });
    return emulator;
  }

  /** Fresh N/ modules for one invocation. */
  createModules(context: ModuleContext): Record<NModuleName, unknown> {
    return {
      'N/record': createRecordModuleWith(this.records)(context),
      'N/search': createSearchModule(context),
      'N/query': createQueryModule(context),
      'N/runtime': createRuntimeModule(context),
      'N/log': createLogModule(context),
      'N/error': createErrorModule(context),
      'N/https': createHttpsModule(context),
      'N/crypto': createCryptoModule(context),
      'N/encode': createEncodeModule(context),
      'N/format': createFormatModule(context),
      'N/cache': createCacheModule(context),
      'N/currency': createCurrencyModuleWith(this.records.currencies)(context),
      'N/email': createEmailModule(context),
      'N/task': createTaskModule(context),
      'N/transaction': createTransactionModuleWith(this.records)(context),
      'N/ui/serverWidget': createServerWidgetModule(context),
    };
  }

  /**
   * Modules for code called directly from a test (no deployed script): a 'test' invocation with a
   * generous limit, or the given one.
   */
  testModules(limit: number = USAGE_LIMITS.test): { modules: Record<NModuleName, unknown>; invocation: Invocation } {
    const invocation = new Invocation('test', limit, 'customscript_test', 'customdeploy_test');
    invocation.used = this.faults.startingUsage(limit);
    const context: ModuleContext = {
      services: this.services,
      invocation,
      script: { scriptId: 'customscript_test', deploymentId: 'customdeploy_test', params: {}, logLevel: 'DEBUG' },
    };
    return { modules: this.createModules(context), invocation };
  }

  now(): Date {
    return this.clock.now();
  }

  setNow(date: Date): void {
    this.clock.set(date);
  }

  advance(ms: number): Date {
    return this.clock.advance(ms);
  }

  restlet(request: RestletRequest): RestletResponse {
    return runRestlet(this.host, request);
  }

  suitelet(request: SuiteletRequest): SuiteletResponse {
    return runSuitelet(this.host, request);
  }

  mapReduce(options: MapReduceRunOptions): MapReduceRunResult {
    return runMapReduce(this.host, options);
  }

  scheduled(options: ScheduledRunOptions): ScheduledRunResult {
    return runScheduled(this.host, options);
  }

  /**
   * Sets a deployment's parameter value, as an admin does on the deployment record after installing
   * (e.g. a select pointing at a record created after deployment).
   */
  setDeploymentParameter(
    scriptId: string,
    deploymentId: string,
    name: string,
    value: string | number | boolean | null,
  ): void {
    const found = this.findDeployment(scriptId, deploymentId);
    if (!found) throw new Error(`No deployment ${deploymentId} of ${scriptId}`);
    if (!found.script.parameters.has(name)) throw new Error(`${name} is not a parameter of ${scriptId}`);
    found.deployment.params = { ...found.deployment.params, [name]: value };
  }

  /**
   * Drops every N/cache entry, as NetSuite may at any time ("the cache is not a data store"): scripts must
   * give the same results with and without their cache.
   */
  evictCaches(): void {
    this.services.caches.clear();
  }

  /**
   * Reconciles a transaction to a bank statement, as an accountant does in Match Bank Data: NetSuite then
   * refuses to delete it.
   */
  reconcileToBankStatement(transactionId: number): void {
    this.records.markReconciled(transactionId);
  }

  /** Every invocation so far with its governance usage, for benchmarks. */
  usage(): readonly UsageRecord[] {
    return this.host.usage;
  }

  /** Net per account in the base currency (`currency` = the base currency's internal ID), major units. */
  trialBalance(): TrialBalanceRow[] {
    return this.records.trialBalance();
  }

  /** Net per account and transaction currency, in that currency: the foreign-currency view. */
  trialBalanceByCurrency(): TrialBalanceRow[] {
    return this.records.trialBalanceByCurrency();
  }

  /**
   * Adds a row to the Currency Exchange Rates table (a `currencyrate` record): `rate` units of `base` per
   * unit of `currency`, effective from `date` (default: the emulator's today). Currencies by ISO code or
   * internal ID. Returns the record's internal ID.
   */
  setExchangeRate(currency: string, base: string, rate: number, date: Date = this.clock.now()): number {
    if (!(rate > 0)) throw new Error(`setExchangeRate: the rate must be positive (${rate})`);
    const currencies = this.records.currencies;
    return this.store.insert('currencyrate', {
      fields: {
        basecurrency: currencies.resolve(base),
        transactioncurrency: currencies.resolve(currency),
        exchangerate: rate,
        effectivedate: new Date(date.getFullYear(), date.getMonth(), date.getDate()),
      },
      sublists: {},
    });
  }

  /** The rate the table gives for `currency` against `base` on `date` (what a transaction defaults to). */
  exchangeRate(currency: string, base: string, date: Date = this.clock.now()): number {
    const currencies = this.records.currencies;
    return currencies.rate(currencies.resolve(base), currencies.resolve(currency), date);
  }

  saveSnapshot(file = this.snapshotFile): void {
    if (!file) throw new Error('saveSnapshot: no snapshot file configured');
    const snapshot: Snapshot = { store: this.store.snapshot(), base: this.base };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(snapshot));
  }

  /** Serves the project's RESTlets and Suitelets over HTTP on 127.0.0.1 (OAuth 1.0a for RESTlets). */
  startHttp(
    options: Omit<HttpFrontOptions, 'host' | 'accountId' | 'concurrencyLimit'> & { concurrencyLimit?: number },
  ): Promise<HttpFront> {
    return startHttpFront({
      accountId: this.services.options.accountId,
      concurrencyLimit: this.services.options.concurrencyLimit,
      otherIntegrationsBusy: () => this.faults.concurrencyOccupied(),
      ...options,
      host: this.httpHost(),
    });
  }

  /**
   * A script and deployment by script ID or internal ID. Internal IDs are given in project order
   * (scripts 1, 2, … as loaded; deployments 1, 2, … within their script).
   */
  findDeployment(script: string, deploy: string): { script: ScriptDef; deployment: DeploymentDef } | undefined {
    const scripts = [...this.project.scripts.values()];
    const found = /^\d+$/.test(script) ? scripts[Number(script) - 1] : this.project.scripts.get(script.toLowerCase());
    if (!found) return undefined;
    const deployment = /^\d+$/.test(deploy)
      ? found.deployments[Number(deploy) - 1]
      : found.deployments.find((d) => d.scriptId === deploy.toLowerCase());
    return deployment ? { script: found, deployment } : undefined;
  }

  private httpHost(): HttpScriptHost {
    const find = (script: string, deploy: string): { scriptId: string; deploymentId: string } | undefined => {
      const found = this.findDeployment(script, deploy);
      return found ? { scriptId: found.script.scriptId, deploymentId: found.deployment.scriptId } : undefined;
    };
    return {
      findDeployment: (script, deploy) => {
        const found = this.findDeployment(script, deploy);
        if (!found || (found.script.type !== 'restlet' && found.script.type !== 'suitelet')) return undefined;
        return {
          kind: found.script.type,
          scriptId: found.script.scriptId,
          deploymentId: found.deployment.scriptId,
          availableWithoutLogin: found.deployment.isOnline,
          audienceRoles: found.deployment.allRoles || found.deployment.allEmployees ? 'all' : found.deployment.roles,
        };
      },
      loginRefusal: (user, scheme) => {
        const role = roleOfUser(this.project, user);
        // Oracle help, "RESTlet Authentication": Web Services Only roles get INVALID_LOGIN_CREDENTIALS.
        if (role.webServicesOnly) return { code: 'INVALID_LOGIN_CREDENTIALS', reason: 'web services only role' };
        // Oracle help, "Set Up OAuth 2.0 Roles" / TBA: the role needs the matching "Log in using …" permission.
        if (!holds(role, LOGIN_PERMISSION[scheme])) {
          return { code: 'INVALID_LOGIN_ATTEMPT', reason: `role lacks ${LOGIN_PERMISSION[scheme]}` };
        }
        return null;
      },
      runRestlet: async (request) => {
        const ids = find(request.deployment.scriptId, request.deployment.deploymentId);
        if (!ids)
          return { ok: false, error: { name: 'SSS_INVALID_SCRIPTLET_ID', message: 'No such deployment', status: 404 } };
        const body =
          request.body === undefined
            ? undefined
            : request.contentType === 'text/plain'
              ? String(request.body)
              : JSON.stringify(request.body);
        const response = this.restlet({
          ...ids,
          method: request.method,
          contentType: request.contentType,
          params: { script: ids.scriptId, deploy: ids.deploymentId, ...request.params },
          body,
          // The HTTP front runs the script with the token's role.
          role: roleOfUser(this.project, request.user).id,
          userId: request.user.id,
        });
        if (response.error) return { ok: false, error: { ...response.error, status: response.status } };
        return { ok: true, value: response.body };
      },
      runSuitelet: async (request) => {
        const ids = find(request.deployment.scriptId, request.deployment.deploymentId);
        if (!ids)
          return { ok: false, error: { name: 'SSS_INVALID_SCRIPTLET_ID', message: 'No such deployment', status: 404 } };
        const response = this.suitelet({
          ...ids,
          method: request.method,
          headers: request.headers,
          body: request.body,
          parameters: request.parameters,
          url: request.url,
          authenticated: request.user !== null,
        });
        if (response.error) return { ok: false, error: { ...response.error, status: response.status } };
        return { ok: true, value: { headers: response.headers, body: response.body } };
      },
    };
  }
}

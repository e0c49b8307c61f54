import type { EffectiveRole } from './access';
import type { FaultInjector } from './faults';
import type { Invocation } from './governance';
import type { Store, StoredRecord } from './store';

/** Switches for behaviours Oracle's documentation leaves open (see the emulator README). */
export interface EmulatorOptions {
  /** NetSuite account ID (realm for OAuth, runtime.accountId). */
  accountId: string;
  /** Fail on field IDs a record type does not define (NetSuite ignores some; strict is the default). */
  strictFields: boolean;
  /** Concurrent RESTlet/web-service calls allowed account-wide before SSS_REQUEST_LIMIT_EXCEEDED. */
  concurrencyLimit: number;
  /**
   * Source record.create's `defaultValues` at once in standard mode too (NetSuite's help is silent);
   * false: standard mode sources nothing until save, only dynamic mode sources defaults.
   */
  sourceDefaultValuesInStandardMode?: boolean;
  /**
   * Refuse a transaction whose currency is neither its customer's primary currency nor on its Currencies
   * list (a documented guess, strict by default); false accepts any currency.
   */
  customerCurrencyLists?: boolean;
  /**
   * A tax amount (`tax1amt`) a script sets on an item line with a tax code: 'keep' (default, a documented
   * guess) or 'compute' (always line amount × the code's rate).
   */
  lineTaxAmount?: 'keep' | 'compute';
  /** Seed for the Map/Reduce map-order shuffle; null keeps input order. */
  shuffleSeed: number | null;
  /**
   * Seed for the interleaving of Map/Reduce keys that run concurrently (deployment concurrency above 1):
   * which key runs first in a round and whose loads came before whose saves. Default: a fixed seed.
   */
  interleavingSeed?: number;
  /**
   * SuiteQL serves every record field as a column, not only the documented ones (suiteql/catalog.ts).
   * For experiments; off (strict) by default.
   */
  suiteqlUndocumentedColumns?: boolean;
  /**
   * Refuse text longer than its field holds (EXCEEDED_MAX_FIELD_LENGTH), as NetSuite does. Off: any
   * length is kept (for scripts written against an account whose limits differ).
   */
  fieldLengthLimits?: boolean;
  /**
   * An N/cache key or value over its documented size: 'throw' (default, SSS_CACHE_KEY_TOO_LONG /
   * SSS_CACHE_VALUE_TOO_LARGE) or 'skip' (not cached, as if NetSuite had dropped it).
   */
  cacheOversize?: 'throw' | 'skip';
  /** The user's date format preference (N/format, search values), e.g. 'D/M/YYYY'. Default M/D/YYYY. */
  dateFormat?: string;
  /**
   * Accounting preference "Void Transactions Using Reversing Journals": invoices and credit memos can then
   * not be voided (Oracle help, "Void Transactions Using Reversing Journals Preference"). Default off.
   */
  voidUsingReversingJournals?: boolean;
  /**
   * transaction.void of a transaction others are applied to: 'refuse' (default, a guess) or 'unapply' (the
   * payments and credits applied to it are left unapplied). Emulator README, "Guesses".
   */
  voidAppliedTransactions?: 'refuse' | 'unapply';
  /** Accounting periods closed through this day (`YYYY-MM-DD`): voids of transactions dated in them fail. */
  closedPeriodsThrough?: string | null;
  /**
   * Apply a sales order's open customer deposits to an invoice billed from it when the invoice is saved, as
   * NetSuite does (default true; records/orders.ts). Off: the script must transform the deposit into a
   * deposit application itself.
   */
  autoApplyOrderDeposits?: boolean;
  /**
   * Bill only fulfilled quantities of order lines whose items need a fulfillment (default true, as Oracle
   * documents for REST transforms); false bills the ordered quantity before fulfillment. Emulator README.
   */
  billOnlyFulfilledOrderLines?: boolean;
}

export interface LogEntry {
  level: 'DEBUG' | 'AUDIT' | 'ERROR' | 'EMERGENCY';
  title: string;
  details: string;
  scriptId: string;
  at: Date;
}

export interface SentEmail {
  author: number;
  recipients: string[];
  subject: string;
  body: string;
  at: Date;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface HttpResponse {
  code: number;
  headers: Record<string, string>;
  body: string;
}

/** Synchronous handler for N/https calls that target an in-process service instead of the network. */
export type HttpHandler = (request: HttpRequest) => HttpResponse;

/** The user and role a script runs as (N/runtime.getCurrentUser). */
export interface ScriptUser {
  id: number;
  name: string;
  email: string;
  role: string;
  roleId: string;
  subsidiary: number;
}

/** What an invocation knows about the script it runs (N/runtime.getCurrentScript). */
export interface ScriptInfo {
  scriptId: string;
  deploymentId: string;
  /** Script parameter values by custscript_ id. */
  params: Readonly<Record<string, string | number | boolean | null>>;
  logLevel: LogEntry['level'];
}

/** Account-wide services the N/ modules share (one per emulator). */
export interface EmulatorServices {
  options: EmulatorOptions;
  store: Store;
  /** API Secrets (Setup > Company > API Secrets) by script ID, e.g. custsecret_snc_webhook. */
  secrets: Map<string, string>;
  logs: LogEntry[];
  emails: SentEmail[];
  /** N/cache contents: cache name → key → value. */
  caches: Map<string, Map<string, string>>;
  /** N/https: in-process handlers by URL origin (e.g. http://127.0.0.1:1234); others must be loopback. */
  httpHandlers: Map<string, HttpHandler>;
  /** SuiteQL engine over `store`. */
  sql: SqlEngine;
  user: ScriptUser;
  /** Fault injection for reliability tests (optional: absent means nothing is injected). */
  faults?: FaultInjector;
  /** The emulator's clock (scripts' "now"); tests may move it. */
  now(): Date;
  /**
   * Set by the Map/Reduce runtime while keys run concurrently: the image N/record.load must return
   * instead of the current record (the script read it before a concurrent key saved it), or undefined.
   */
  concurrentReads?: ((type: string, id: number) => StoredRecord | undefined) | undefined;
}

/** Everything an N/ module instance needs: created fresh for each script invocation. */
export interface ModuleContext {
  services: EmulatorServices;
  invocation: Invocation;
  script: ScriptInfo;
  /** The role whose permissions the script runs with; absent (code called from a test) means unchecked. */
  role?: EffectiveRole;
}

export type ModuleFactory<T = unknown> = (context: ModuleContext) => T;

/** SuiteQL over the store (a real SQL engine behind NetSuite's table names). */
export interface SqlEngine {
  /** Runs one SuiteQL statement with `?` parameters; rows are plain objects keyed by lower-case column label. */
  query(sql: string, params: readonly unknown[]): { columns: string[]; rows: Record<string, unknown>[] };
}

/**
 * Map/Reduce `getInputData` may return a search or query object (or a reference to one). Those objects
 * carry this method so the runtime can read their results without knowing the module's internals:
 * each result becomes one map key/value pair, as NetSuite does (key = internal ID for searches,
 * row index for queries; value = NetSuite's JSON for the result).
 */
export const MAP_REDUCE_INPUT = Symbol.for('netsuite-emulator.mapReduceInput');
export interface MapReduceInputSource {
  [MAP_REDUCE_INPUT](context: ModuleContext): { key: string; value: string }[];
}

/** N/ module names the emulator provides, mapped to their factories by emulator/src/modules/index.ts. */
export type NModuleName =
  | 'N/record'
  | 'N/search'
  | 'N/query'
  | 'N/runtime'
  | 'N/log'
  | 'N/error'
  | 'N/https'
  | 'N/crypto'
  | 'N/encode'
  | 'N/format'
  | 'N/cache'
  | 'N/currency'
  | 'N/email'
  | 'N/task'
  | 'N/transaction'
  | 'N/ui/serverWidget';

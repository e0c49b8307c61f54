import { defineShape } from '../../../tools/sdf-lint/files';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { nsError, type SuiteScriptError } from '../errors';
import { REALM_BOOTSTRAP, suiteScriptUtil } from './globals';
import { readHeader, type ScriptHeader } from './header';

/** A validated, compiled File Cabinet script (shared by every invocation; holds no state). */
export interface CompiledFile {
  /** File Cabinet path, e.g. /SuiteScripts/app/entry.js */
  path: string;
  header: ScriptHeader;
  script: vm.Script;
}

export interface RealmOptions {
  /** N/ module objects by id ('N/record', …): the only N/ ids scripts may require. */
  modules: Readonly<Record<string, unknown>>;
  /** The clock behind `new Date()` and `Date.now()` in scripts. */
  now?: () => Date;
  /** Wall-clock limit for each synchronous run into script code (SSS_TIME_LIMIT_EXCEEDED). */
  timeoutMs?: number;
}

type AnyFunction = (...args: unknown[]) => unknown;

interface ModuleRecord {
  state: 'loading' | 'done';
  exports: object;
  module: { id: string; uri: string; exports: unknown };
  value: unknown;
  usesExports: boolean;
}

const TRAMPOLINE = new vm.Script('(function (c) { return c.fn.apply(c.self, c.args); })(globalThis.__emulatorCall__)', {
  filename: 'emulator:call',
});
const BOOTSTRAP = new vm.Script(REALM_BOOTSTRAP, { filename: 'emulator:bootstrap' });

function loaderError(message: string): SuiteScriptError {
  return nsError('MODULE_DOES_NOT_EXIST', message);
}

/** Checks the AMD shape NetSuite needs: exactly one top-level `define(...)` and nothing else. */
function checkShape(filePath: string, source: string): void {
  const { defines, defineStatement, statements } = defineShape(filePath, source);
  if (defines !== 1) {
    throw nsError('SSS_INVALID_SCRIPT_FILE', `${filePath}: expected exactly one define() call, found ${defines}`);
  }
  const isDefine = defineStatement !== undefined;
  if (!isDefine || statements.length !== 1) {
    throw nsError(
      'SSS_INVALID_SCRIPT_FILE',
      `${filePath}: the file must hold only a define() call (code found outside it)`,
    );
  }
}

/**
 * Loads compiled SuiteScript AMD files from a File Cabinet folder. Compiled code is cached; every
 * `createRealm` gives a fresh global scope and fresh module instances, so nothing leaks between
 * script invocations.
 */
export class AmdLoader {
  private readonly cache = new Map<string, { mtimeMs: number; size: number; compiled: CompiledFile }>();

  constructor(readonly fileCabinetDir: string) {}

  /** Disk path of a File Cabinet path; fails on paths outside the File Cabinet. */
  diskPath(fcPath: string): string {
    if (!fcPath.startsWith('/')) throw loaderError(`${fcPath}: File Cabinet paths start with /`);
    const absolute = path.resolve(this.fileCabinetDir, `.${fcPath}`);
    const root = path.resolve(this.fileCabinetDir);
    if (!absolute.startsWith(root + path.sep)) throw loaderError(`${fcPath} is outside the File Cabinet`);
    return absolute;
  }

  compile(fcPath: string): CompiledFile {
    const absolute = this.diskPath(fcPath);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw loaderError(`Module does not exist: ${fcPath}`);
    }
    const cached = this.cache.get(absolute);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.compiled;
    const source = fs.readFileSync(absolute, 'utf8');
    checkShape(fcPath, source);
    let script: vm.Script;
    try {
      script = new vm.Script(source, { filename: fcPath });
    } catch (error) {
      throw nsError('SSS_INVALID_SCRIPT_FILE', `${fcPath}: ${(error as Error).message}`);
    }
    const compiled: CompiledFile = { path: fcPath, header: readHeader(source), script };
    this.cache.set(absolute, { mtimeMs: stat.mtimeMs, size: stat.size, compiled });
    return compiled;
  }

  createRealm(options: RealmOptions): ScriptRealm {
    return new ScriptRealm(this, options);
  }
}

/** One invocation's JavaScript realm: its own globals and module registry. */
export class ScriptRealm {
  private readonly context: vm.Context;
  private readonly sandbox: Record<string, unknown>;
  private readonly registry = new Map<string, ModuleRecord>();
  private readonly newObject: () => object;
  private readonly realmParseJson: (text: string) => unknown;
  private capture: unknown[][] | undefined;

  constructor(
    private readonly loader: AmdLoader,
    private readonly options: RealmOptions,
  ) {
    this.sandbox = {};
    this.context = vm.createContext(this.sandbox, {
      name: 'suitescript',
      codeGeneration: { strings: true, wasm: false },
    });
    const clock = options.now ?? (() => new Date());
    const boot = BOOTSTRAP.runInContext(this.context) as (...args: unknown[]) => {
      newObject: () => object;
      parseJson: (text: string) => unknown;
    };
    const realmApi = boot(Date, Array, Error, () => clock().getTime());
    this.newObject = realmApi.newObject;
    this.realmParseJson = realmApi.parseJson;
    const define = (...args: unknown[]): void => {
      if (!this.capture) throw nsError('SSS_INVALID_SCRIPT_FILE', 'define() may only run while a file loads');
      this.capture.push(args);
    };
    Object.defineProperty(this.sandbox, '__emulatorCall__', { value: undefined, writable: true, enumerable: false });
    Object.assign(this.sandbox, { define, util: suiteScriptUtil });
    const log = options.modules['N/log'];
    if (log !== undefined) this.sandbox['log'] = log;
  }

  /** Loads a File Cabinet file (and its dependencies) and returns its module value. */
  load(fcPath: string): unknown {
    const root = this.resolve('require', fcPath, fcPath);
    this.sandbox['require'] = root;
    return this.loadFile(fcPath);
  }

  /** JSON.parse in the script's realm (objects the script receives, like NetSuite's). */
  parseJson(text: string): unknown {
    return this.realmParseJson(text);
  }

  /** Calls script code inside the realm under the time limit. */
  call(fn: unknown, self: unknown, args: readonly unknown[]): unknown {
    if (typeof fn !== 'function') throw nsError('SSS_INVALID_TYPE_ARG', 'not a function');
    this.sandbox['__emulatorCall__'] = { fn, self, args };
    try {
      return TRAMPOLINE.runInContext(this.context, this.runOptions());
    } catch (error) {
      throw this.translate(error);
    }
  }

  private runOptions(): vm.RunningScriptOptions {
    return this.options.timeoutMs === undefined ? {} : { timeout: this.options.timeoutMs };
  }

  private translate(error: unknown): unknown {
    // Duck-typed: the error may come from another realm (e.g. under Jest).
    if (
      error !== null &&
      typeof error === 'object' &&
      (error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT'
    ) {
      return nsError('SSS_TIME_LIMIT_EXCEEDED', `Script Execution Time Exceeded (${this.options.timeoutMs} ms)`);
    }
    return error;
  }

  private loadFile(fcPath: string): unknown {
    const existing = this.registry.get(fcPath);
    if (existing) {
      if (existing.state === 'done') return existing.value;
      if (existing.usesExports) return existing.exports;
      throw loaderError(`${fcPath}: circular dependency on a module that does not use exports`);
    }
    const compiled = this.loader.compile(fcPath);
    const outer = this.capture;
    const captured: unknown[][] = [];
    this.capture = captured;
    try {
      compiled.script.runInContext(this.context, this.runOptions());
    } catch (error) {
      throw this.translate(error);
    } finally {
      this.capture = outer;
    }
    const [args] = captured;
    if (!args || captured.length !== 1) {
      throw nsError('SSS_INVALID_SCRIPT_FILE', `${fcPath}: expected one define() call, got ${captured.length}`);
    }
    let deps: unknown[];
    let factory: unknown;
    if (args.length === 2 && Array.isArray(args[0])) [deps, factory] = [args[0], args[1]];
    else if (args.length === 1 && typeof args[0] === 'function')
      [deps, factory] = [['require', 'exports', 'module'], args[0]];
    else if (args.length === 1 && args[0] !== null && typeof args[0] === 'object') [deps, factory] = [[], args[0]];
    else
      throw nsError('SSS_INVALID_SCRIPT_FILE', `${fcPath}: unsupported define() form (named modules are not allowed)`);
    const exportsObject = this.newObject();
    const record: ModuleRecord = {
      state: 'loading',
      exports: exportsObject,
      module: { id: fcPath, uri: fcPath, exports: exportsObject },
      value: undefined,
      usesExports: deps.includes('exports') || deps.includes('module'),
    };
    this.registry.set(fcPath, record);
    try {
      if (typeof factory !== 'function') {
        record.value = factory;
      } else {
        const resolved = deps.map((dep) => {
          if (typeof dep !== 'string') throw loaderError(`${fcPath}: dependency ids must be strings`);
          if (dep === 'exports') return record.exports;
          if (dep === 'module') return record.module;
          return this.resolve(dep, fcPath, fcPath);
        });
        const returned = this.call(factory, undefined, resolved);
        record.value = returned !== undefined ? returned : record.module.exports;
      }
      record.state = 'done';
      return record.value;
    } catch (error) {
      this.registry.delete(fcPath);
      throw error;
    }
  }

  /** Resolves one dependency id of `from`: N/ modules, require, relative and absolute paths. */
  private resolve(id: string, from: string, requester: string): unknown {
    if (id === 'require') return this.makeRequire(from);
    if (id === 'exports' || id === 'module') throw loaderError(`${requester}: '${id}' is only valid in define()`);
    if (id.startsWith('N/') || id === 'N') {
      if (!Object.prototype.hasOwnProperty.call(this.options.modules, id)) {
        throw loaderError(`Module does not exist: ${id} (required by ${requester})`);
      }
      return this.options.modules[id];
    }
    return this.loadFile(this.filePath(id, from, requester));
  }

  private filePath(id: string, from: string, requester: string): string {
    let target: string;
    if (id.startsWith('./') || id.startsWith('../')) target = path.posix.join(path.posix.dirname(from), id);
    else if (id.startsWith('/')) target = path.posix.normalize(id);
    else throw loaderError(`Module does not exist: ${id} (required by ${requester}; use N/…, ./, ../ or /…)`);
    if (!target.endsWith('.js')) target += '.js';
    return target;
  }

  private makeRequire(from: string): unknown {
    const requireFn = (ids: unknown, callback?: unknown, errback?: unknown): unknown => {
      if (typeof ids === 'string') return this.resolve(ids, from, from);
      if (!Array.isArray(ids)) throw nsError('SSS_INVALID_TYPE_ARG', 'require() takes a module id or an array of ids');
      let values: unknown[];
      try {
        values = ids.map((id) => {
          if (typeof id !== 'string') throw loaderError(`${from}: dependency ids must be strings`);
          return this.resolve(id, from, from);
        });
      } catch (error) {
        if (typeof errback === 'function') return (errback as AnyFunction)(error);
        throw error;
      }
      if (typeof callback === 'function') (callback as AnyFunction)(...values);
      return undefined;
    };
    return requireFn;
  }
}

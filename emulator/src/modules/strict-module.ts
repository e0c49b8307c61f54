import { nsError, type SuiteScriptError, unsupported } from '../errors';

// Property names that JavaScript machinery (promises, Jest, util.inspect, CommonJS interop) probes on any
// object: answering `undefined` keeps those probes harmless instead of failing as unsupported API use.
const PROBES = new Set([
  'then',
  'toJSON',
  '__esModule',
  'constructor',
  'asymmetricMatch',
  '$$typeof',
  'nodeType',
  'inspect',
]);

/**
 * Wraps a module (or platform object) so that reading a member the emulator does not model throws
 * EMULATOR_UNSUPPORTED naming it, instead of handing the script `undefined`.
 */
export function strict<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (typeof prop === 'symbol' || prop in obj || PROBES.has(prop)) return Reflect.get(obj, prop, receiver);
      throw unsupported(`${name}.${prop}`);
    },
  });
}

/** Adds NetSuite's `.promise` variant to a synchronous API function. */
export function withPromise<A, R>(fn: (options: A) => R): ((options: A) => R) & { promise(options: A): Promise<R> } {
  return Object.assign(fn, {
    promise(options: A): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        try {
          resolve(fn(options));
        } catch (e) {
          reject(e);
        }
      });
    },
  });
}

/** NetSuite's error for a missing required argument. */
export function missingArgument(name: string): SuiteScriptError {
  return nsError('SSS_MISSING_REQD_ARGUMENT', `Missing a required argument: ${name}`);
}

/** Options objects come from script code: fail like NetSuite when there is none. */
export function optionsObject(options: unknown, name = 'options'): Record<string, unknown> {
  if (options === null || typeof options !== 'object') throw missingArgument(name);
  return options as Record<string, unknown>;
}

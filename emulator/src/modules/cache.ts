import type * as cache from 'N/cache';
import type { ModuleFactory } from '../context';
import { UNITS } from '../governance';
import { nsError } from '../errors';
import { missingArgument, optionsObject, strict } from './strict-module';

export const Scope = Object.freeze({ PRIVATE: 'PRIVATE', PROTECTED: 'PROTECTED', PUBLIC: 'PUBLIC' });

/** NetSuite's minimum time-to-live, in seconds; shorter values are raised to it. */
export const MIN_TTL = 300;

/**
 * Sizes in UTF-8 bytes. Oracle help, "Cache.get(options)": "The maximum length of a key is 4KB (4096)
 * bytes", "The maximum size of a value that can be placed in the cache is 500KB"; "cache.getCache(options)":
 * the name at most 1 KB. The error names are not documented (guess, emulator/README.md).
 */
export const CACHE_LIMITS = Object.freeze({ name: 1024, key: 4096, value: 500 * 1024 });

function bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Refuses a name, key or value over its limit; with `cacheOversize: 'skip'`, says to skip the cache instead. */
function oversize(what: 'name' | 'key' | 'value', text: string, skip: boolean): boolean {
  const size = bytes(text);
  if (size <= CACHE_LIMITS[what]) return false;
  if (skip && what !== 'name') return true;
  const code = { name: 'SSS_CACHE_NAME_TOO_LONG', key: 'SSS_CACHE_KEY_TOO_LONG', value: 'SSS_CACHE_VALUE_TOO_LARGE' }[
    what
  ];
  throw nsError(code, `The cache ${what} is ${size} bytes; the most N/cache takes is ${CACHE_LIMITS[what]} bytes.`);
}

// Expiry times (ms since epoch, emulator clock) per cache map; entries without one live until removed.
const expiries = new WeakMap<Map<string, string>, Map<string, number>>();

function stringValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

export interface CacheModule {
  getCache: (typeof cache)['getCache'];
  Scope: typeof Scope;
}

/**
 * N/cache over `services.caches`. The map key is `<scope>:<name>`, with the script ID added for PRIVATE
 * caches (visible to one script only); PROTECTED is treated like PUBLIC (no bundles in the emulator).
 */
export const createCacheModule: ModuleFactory<CacheModule> = ({ services, invocation, script }) => {
  const skip = services.options.cacheOversize === 'skip';
  const getCache = (options: Parameters<(typeof cache)['getCache']>[0]): cache.Cache => {
    const opts = optionsObject(options);
    if (typeof opts.name !== 'string' || opts.name === '') throw missingArgument('name');
    const name = opts.name;
    oversize('name', name, skip);
    const scope = opts.scope === undefined ? Scope.PRIVATE : String(opts.scope);
    if (!(scope in Scope)) throw nsError('SSS_INVALID_TYPE_ARG', `Invalid cache scope: ${scope}`);
    const mapKey = scope === Scope.PRIVATE ? `PRIVATE:${script.scriptId}:${name}` : `${scope}:${name}`;

    const store = () => {
      let map = services.caches.get(mapKey);
      if (!map) {
        map = new Map();
        services.caches.set(mapKey, map);
      }
      let exp = expiries.get(map);
      if (!exp) {
        exp = new Map();
        expiries.set(map, exp);
      }
      return { map, exp };
    };
    const keyOf = (o: Record<string, unknown>) => {
      if (o.key === undefined || o.key === null || o.key === '') throw missingArgument('key');
      return String(o.key);
    };
    const put = (map: Map<string, string>, exp: Map<string, number>, key: string, value: string, ttl: unknown) => {
      if (oversize('key', key, skip) || oversize('value', value, skip)) return;
      map.set(key, value);
      if (ttl === undefined || ttl === null) exp.delete(key);
      else exp.set(key, services.now().getTime() + Math.max(MIN_TTL, Number(ttl)) * 1000);
    };

    const handle = {
      name,
      scope,
      get(getOptions: Parameters<cache.Cache['get']>[0]): string | null {
        const o = optionsObject(getOptions);
        const key = keyOf(o);
        oversize('key', key, skip);
        const { map, exp } = store();
        const expiresAt = exp.get(key);
        if (expiresAt !== undefined && expiresAt <= services.now().getTime()) {
          map.delete(key);
          exp.delete(key);
        }
        const hit = map.get(key);
        if (hit !== undefined) {
          invocation.charge('cache.get.hit', UNITS['cache.get.hit']);
          return hit;
        }
        invocation.charge('cache.get.miss', UNITS['cache.get.miss']);
        if (o.loader === undefined || o.loader === null) return null;
        if (typeof o.loader !== 'function') throw nsError('WRONG_PARAMETER_TYPE', 'loader must be a function');
        const loaded: unknown = o.loader({ key });
        if (loaded === undefined || loaded === null) return null;
        const value = stringValue(loaded);
        put(map, exp, key, value, o.ttl);
        return value;
      },
      put(putOptions: Parameters<cache.Cache['put']>[0]): void {
        const o = optionsObject(putOptions);
        const key = keyOf(o);
        if (o.value === undefined || o.value === null) throw missingArgument('value');
        invocation.charge('cache.put', UNITS['cache.put']);
        const { map, exp } = store();
        put(map, exp, key, stringValue(o.value), o.ttl);
      },
      remove(removeOptions: Parameters<cache.Cache['remove']>[0]): void {
        const key = keyOf(optionsObject(removeOptions));
        invocation.charge('cache.remove', UNITS['cache.remove']);
        const { map, exp } = store();
        map.delete(key);
        exp.delete(key);
      },
    } satisfies cache.Cache;
    return strict('N/cache.Cache', handle);
  };
  return strict('N/cache', { getCache, Scope } satisfies CacheModule);
};

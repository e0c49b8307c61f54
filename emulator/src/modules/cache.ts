import type * as cache from 'N/cache';
import type { ModuleFactory } from '../context';
import { UNITS } from '../governance';
import { nsError } from '../errors';
import { missingArgument, optionsObject, strict } from './strict-module';

export const Scope = Object.freeze({ PRIVATE: 'PRIVATE', PROTECTED: 'PROTECTED', PUBLIC: 'PUBLIC' });

/** NetSuite's minimum time-to-live, in seconds; shorter values are raised to it. */
export const MIN_TTL = 300;

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
  const getCache = (options: Parameters<(typeof cache)['getCache']>[0]): cache.Cache => {
    const opts = optionsObject(options);
    if (typeof opts.name !== 'string' || opts.name === '') throw missingArgument('name');
    const name = opts.name;
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

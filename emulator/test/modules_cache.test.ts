import { createCacheModule } from '../src/modules/cache';
import { platformFixture, thrown } from './helpers/platform';

describe('N/cache', () => {
  it('charges 2 units on a miss, 1 on a hit, 1 for put and remove, and stores strings', () => {
    const { context, invocation, services } = platformFixture();
    const cache = createCacheModule(context).getCache({ name: 'snc_rates', scope: 'PUBLIC' as never });
    expect(cache.get({ key: 'usd' })).toBeNull();
    expect(invocation.used).toBe(2);
    cache.put({ key: 'usd', value: { rate: 1.1 } as never });
    expect(invocation.used).toBe(3);
    expect(cache.get({ key: 'usd' })).toBe('{"rate":1.1}');
    expect(invocation.used).toBe(4);
    cache.remove({ key: 'usd' });
    expect(invocation.used).toBe(5);
    expect(services.caches.get('PUBLIC:snc_rates')?.size).toBe(0);
  });

  it('calls the loader on a miss and keeps its value', () => {
    const { context, invocation } = platformFixture();
    const cache = createCacheModule(context).getCache({ name: 'c', scope: 'PUBLIC' as never });
    const loader = jest.fn(({ key }: { key: string }) => `loaded:${key}`);
    expect(cache.get({ key: 'k', loader })).toBe('loaded:k');
    expect(cache.get({ key: 'k', loader })).toBe('loaded:k');
    expect(loader).toHaveBeenCalledTimes(1);
    expect(invocation.summary()).toEqual({
      'cache.get.miss': { count: 1, units: 2 },
      'cache.get.hit': { count: 1, units: 1 },
    });
  });

  it('expires entries after their ttl (at least 300 s) on the emulator clock', () => {
    const fixture = platformFixture();
    const cache = createCacheModule(fixture.context).getCache({ name: 'c', scope: 'PUBLIC' as never });
    const start = fixture.services.now().getTime();
    cache.put({ key: 'short', value: 'v', ttl: 10 });
    fixture.setNow(new Date(start + 299_000));
    expect(cache.get({ key: 'short' })).toBe('v');
    fixture.setNow(new Date(start + 300_000));
    expect(cache.get({ key: 'short' })).toBeNull();
  });

  it('keeps PRIVATE caches per script and shares PUBLIC ones', () => {
    const a = platformFixture({ scriptId: 'customscript_a' });
    const b = platformFixture({ scriptId: 'customscript_b', services: a.services });
    createCacheModule(a.context).getCache({ name: 'c' }).put({ key: 'k', value: 'a' });
    createCacheModule(a.context)
      .getCache({ name: 'c', scope: 'PUBLIC' as never })
      .put({ key: 'k', value: 'pub' });
    expect(createCacheModule(b.context).getCache({ name: 'c' }).get({ key: 'k' })).toBeNull();
    expect(
      createCacheModule(b.context)
        .getCache({ name: 'c', scope: 'PUBLIC' as never })
        .get({ key: 'k' }),
    ).toBe('pub');
    expect(thrown(() => createCacheModule(a.context).getCache({ name: '' })).name).toBe('SSS_MISSING_REQD_ARGUMENT');
  });

  // Oracle help, "Cache.get(options)": keys at most 4KB (4096) bytes, values at most 500KB.
  it('refuses a key over 4,096 bytes and a value over 500 KB (error names guessed)', () => {
    const { context } = platformFixture();
    const cache = createCacheModule(context).getCache({ name: 'c', scope: 'PUBLIC' as never });
    cache.put({ key: 'k'.repeat(4096), value: 'v'.repeat(500 * 1024) });
    expect(cache.get({ key: 'k'.repeat(4096) })).toHaveLength(500 * 1024);
    expect(thrown(() => cache.put({ key: 'k'.repeat(4097), value: 'v' })).name).toBe('SSS_CACHE_KEY_TOO_LONG');
    expect(thrown(() => cache.get({ key: 'é'.repeat(2049) })).name).toBe('SSS_CACHE_KEY_TOO_LONG');
    expect(thrown(() => cache.put({ key: 'big', value: 'v'.repeat(500 * 1024 + 1) })).name).toBe(
      'SSS_CACHE_VALUE_TOO_LARGE',
    );
    expect(thrown(() => cache.get({ key: 'loaded', loader: () => 'v'.repeat(500 * 1024 + 1) })).name).toBe(
      'SSS_CACHE_VALUE_TOO_LARGE',
    );
  });

  // Oracle help, "cache.getCache(options)": the name at most 1 KB.
  it('refuses a cache name over 1,024 bytes', () => {
    const { context } = platformFixture();
    expect(thrown(() => createCacheModule(context).getCache({ name: 'n'.repeat(1025) })).name).toBe(
      'SSS_CACHE_NAME_TOO_LONG',
    );
  });

  it("option cacheOversize 'skip': an oversized value is not kept, and nothing throws", () => {
    const fixture = platformFixture();
    fixture.services.options.cacheOversize = 'skip';
    const cache = createCacheModule(fixture.context).getCache({ name: 'c', scope: 'PUBLIC' as never });
    cache.put({ key: 'big', value: 'v'.repeat(500 * 1024 + 1) });
    expect(cache.get({ key: 'big' })).toBeNull();
    expect(cache.get({ key: 'k'.repeat(4097), loader: () => 'fresh' })).toBe('fresh');
  });
});

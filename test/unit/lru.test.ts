// The bounded cache every in-memory cache of the server is (#22 item 8): at most `max` entries and
// `maxWeight` of weight, the least recently used dropped first, evictions counted by name.
import { expect, test } from 'vitest';
import { evictionsByName, liveCaches, LruCache } from '../../server/src/common/lru';

test('N distinct keys leave a cache at its cap; the least recently used go first', () => {
  const cache = new LruCache<string, number>('unit_lru_count', { max: 100 });
  for (let i = 0; i < 1_000; i++) {
    cache.set(`k${i}`, i);
    // k0 is used again after every insertion: the most recently used, never dropped.
    expect(cache.get('k0')).toBe(0);
  }
  expect(cache.size).toBe(100);
  expect(cache.has('k0')).toBe(true);
  expect(cache.has('k999')).toBe(true);
  expect(cache.has('k1')).toBe(false); // never used again: dropped long ago
  expect(cache.has('k900')).toBe(false); // the 99 last inserted and k0 are what remains
  expect(cache.has('k901')).toBe(true);
  expect(evictionsByName().get('unit_lru_count')).toBe(900);
});

test('a weighed cache keeps its total weight under its bound and refuses an entry heavier than the bound', () => {
  const cache = new LruCache<string, string>('unit_lru_weight', { max: 1_000, weigh: (v, k) => v.length + k.length, maxWeight: 10_000 });
  for (let i = 0; i < 100; i++) {
    cache.set(`k${i}`, 'x'.repeat(1_000));
    expect(cache.weight).toBeLessThanOrEqual(10_000);
  }
  expect(cache.size).toBe(9); // 9 × ~1,003 fit in 10,000; a tenth does not
  expect(cache.weight).toBe([...Array(9)].reduce((n, _, j) => n + 1_000 + `k${91 + j}`.length, 0));
  cache.set('huge', 'x'.repeat(20_000));
  expect(cache.has('huge')).toBe(false);
  expect(cache.size).toBe(9); // the others stay
  // Replacing an entry replaces its weight; deleting one frees it.
  cache.set('k99', 'y');
  expect(cache.get('k99')).toBe('y');
  cache.delete('k98');
  expect(cache.weight).toBe([...Array(7)].reduce((n, _, j) => n + 1_000 + `k${91 + j}`.length, 0) + 1 + 3);
  cache.clear();
  expect([cache.size, cache.weight]).toEqual([0, 0]);
});

test('null values are values (a query with no plan is remembered as null)', () => {
  const cache = new LruCache<string, null>('unit_lru_null', { max: 2 });
  cache.set('a', null);
  expect(cache.get('a')).toBeNull();
  expect(cache.get('b')).toBeUndefined();
});

test('bad bounds are refused; caches are listed while alive', () => {
  expect(() => new LruCache('unit_lru_bad', { max: 0 })).toThrow(/max/);
  expect(() => new LruCache<string, string>('unit_lru_bad', { max: 1, weigh: (v) => v.length })).toThrow(/together/);
  const alive = new LruCache('unit_lru_listed', { max: 1 });
  expect(liveCaches()).toContain(alive);
});

test('a hit moves its entry only once it has fallen into the older half; used more often than every max/2 placements, it is never dropped', () => {
  const cache = new LruCache<string, number>('unit_lru_half', { max: 10 });
  for (let i = 0; i < 10; i++) cache.set(`k${i}`, i);
  cache.get('k0'); // the oldest, 9 placed after it: moved to the newest end
  cache.set('k10', 10);
  expect(cache.has('k0')).toBe(true);
  expect(cache.has('k1')).toBe(false);
  cache.get('k9'); // 2 placed after it: left where it is
  for (let i = 11; i < 18; i++) cache.set(`k${i}`, i);
  expect(cache.has('k8')).toBe(false);
  expect(cache.has('k9')).toBe(true); // the oldest now, the next to go
  cache.set('k18', 18);
  expect(cache.has('k9')).toBe(false);
  expect(cache.get('k0')).toBe(0); // the oldest now: moved
  for (let i = 19; i < 1_000; i++) {
    cache.set(`k${i}`, i);
    if (i % 4 === 0) expect(cache.get('k0')).toBe(0);
  }
  expect(cache.has('k0')).toBe(true);
});

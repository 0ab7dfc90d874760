// Every in-memory cache of the server is one of these (#22 item 8: a server that runs for weeks must not grow
// with what clients send). Each has a name and a bound stated where it is made; /metrics shows its entries,
// capacity and evictions (mamori_cache_*), so an operator sees a cache at its cap, and a test can prove it.

export interface LruOptions<K, V> {
  /** Entries kept at most; the least recently used go first. */
  max: number;
  /** With `maxWeight`: an entry's weight (e.g. the length of its key's text); the sum is kept at or under maxWeight. */
  weigh?: (value: V, key: K) => number;
  maxWeight?: number;
}

/**
 * A map bounded by entry count (and optionally by total weight) that drops the least recently used entry
 * first, to within half its count: a Map keeps insertion order, and a hit re-inserts its entry at the end once
 * it has fallen into the older half (more than max/2 entries placed after it). So a hit leaves at most max/2
 * entries newer than its own, and no entry is dropped for count before max/2 placements since its last use;
 * a hit in the newer half is one lookup instead of three map operations (caches asked per row or per request).
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, { value: V; weight: number; placed: number }>();
  private totalWeight = 0;
  /** Placements so far (insertions and re-insertions); an entry's `placed` is the count at its own. */
  private placements = 0;

  constructor(readonly name: string, readonly options: LruOptions<K, V>) {
    if (!(options.max >= 1)) throw new Error(`cache ${name}: max must be at least 1`);
    if ((options.weigh === undefined) !== (options.maxWeight === undefined)) throw new Error(`cache ${name}: weigh and maxWeight go together`);
    caches.add(new WeakRef(this) as WeakRef<LruCache<unknown, unknown>>);
  }

  get size(): number {
    return this.map.size;
  }

  get weight(): number {
    return this.totalWeight;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** The value, marked as the most recently used. */
  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    if (this.placements - entry.placed > this.options.max >> 1) {
      this.map.delete(key);
      this.map.set(key, entry);
      entry.placed = ++this.placements;
    }
    return entry.value;
  }

  set(key: K, value: V): this {
    this.delete(key);
    const weight = this.options.weigh?.(value, key) ?? 0;
    // An entry heavier than the whole bound is not kept at all (it would evict everything and still not fit).
    if (this.options.maxWeight !== undefined && weight > this.options.maxWeight) return this;
    this.map.set(key, { value, weight, placed: ++this.placements });
    this.totalWeight += weight;
    while (this.map.size > this.options.max || (this.options.maxWeight !== undefined && this.totalWeight > this.options.maxWeight)) {
      const oldest = this.map.keys().next().value as K;
      this.delete(oldest);
      evicted.set(this.name, (evicted.get(this.name) ?? 0) + 1);
    }
    return this;
  }

  delete(key: K): boolean {
    const entry = this.map.get(key);
    if (!entry) return false;
    this.map.delete(key);
    this.totalWeight -= entry.weight;
    return true;
  }

  clear(): void {
    this.map.clear();
    this.totalWeight = 0;
  }
}

/**
 * The caches alive in this process, for the metrics. Weak: a cache of a stopped server (tests start many)
 * leaves with its server.
 */
const caches = new Set<WeakRef<LruCache<unknown, unknown>>>();

/** Entries dropped to stay within a bound, by cache name, in this process (clear() and delete() not counted). */
const evicted = new Map<string, number>();

export function evictionsByName(): ReadonlyMap<string, number> {
  return evicted;
}

export function liveCaches(): LruCache<unknown, unknown>[] {
  const out: LruCache<unknown, unknown>[] = [];
  for (const ref of caches) {
    const cache = ref.deref();
    if (cache) out.push(cache); else caches.delete(ref);
  }
  return out;
}

/**
 * Apollo's cache interface (KeyValueCache: documentStore, persisted queries) over an LruCache. Apollo's
 * time-to-live option is not needed: entries are pure functions of their key (a document of its hash).
 */
export function asKeyValueCache<V>(cache: LruCache<string, V>) {
  return {
    async get(key: string): Promise<V | undefined> { return cache.get(key); },
    async set(key: string, value: V): Promise<void> { cache.set(key, value); },
    async delete(key: string): Promise<boolean> { return cache.delete(key); },
  };
}

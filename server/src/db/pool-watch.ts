/** A connection pool as the metrics see it (sampled when scraped). */
export interface PoolStats { total: number; idle: number; waiting: number }

interface WatchedPool { name: string; stats: () => PoolStats }

const pools = new Set<WatchedPool>();
const waitWatchers: ((pool: string, seconds: number) => void)[] = [];

/**
 * Announces a pool to whoever watches them (ops/metrics.ts), by name ('orm', 'read', 'trail'); the returned
 * function withdraws it (the pool closed). Kept here so that the database layer depends on nothing above it.
 */
export function announcePool(name: string, stats: () => PoolStats): () => void {
  const entry = { name, stats };
  pools.add(entry);
  return () => { pools.delete(entry); };
}

/** The pools open now. */
export function openPools(): Iterable<WatchedPool> {
  return pools;
}

/** Tells the watchers how long a statement waited for a connection of `pool`. */
export function reportPoolWait(pool: string, seconds: number): void {
  for (const watch of waitWatchers) watch(pool, seconds);
}

export function watchPoolWaits(watch: (pool: string, seconds: number) => void): void {
  waitWatchers.push(watch);
}

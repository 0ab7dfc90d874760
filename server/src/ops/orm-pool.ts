import type { MikroORM } from '@mikro-orm/postgresql';
import { announcePool, reportPoolWait } from '../db/pool-watch';

/** The part of tarn's pool (knex's, under the ORM) that is watched. */
interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  on(event: 'acquireRequest', listener: (id: number) => void): void;
  on(event: 'acquireSuccess' | 'acquireFail', listener: (id: number) => void): void;
  removeListener(event: string, listener: (id: number) => void): void;
}

/**
 * Watches the ORM's connection pool (every resolver's statements): its connections and waiters, and how
 * long each acquisition waited (tarn's acquire events). Returns the function that stops watching.
 */
export function watchOrmPool(orm: MikroORM): () => void {
  const pool = (orm.em.getConnection().getKnex().client as { pool?: TarnPool }).pool;
  if (!pool || typeof pool.numPendingAcquires !== 'function') return () => undefined;
  const asked = new Map<number, number>();
  const request = (id: number) => { asked.set(id, performance.now()); };
  const done = (id: number) => {
    const at = asked.get(id);
    if (at === undefined) return;
    asked.delete(id);
    reportPoolWait('orm', (performance.now() - at) / 1000);
  };
  const failed = (id: number) => { asked.delete(id); };
  pool.on('acquireRequest', request);
  pool.on('acquireSuccess', done);
  pool.on('acquireFail', failed);
  const withdraw = announcePool('orm', () => ({ total: pool.numUsed() + pool.numFree(), idle: pool.numFree(), waiting: pool.numPendingAcquires() }));
  return () => {
    withdraw();
    pool.removeListener('acquireRequest', request);
    pool.removeListener('acquireSuccess', done);
    pool.removeListener('acquireFail', failed);
  };
}

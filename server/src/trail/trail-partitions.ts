import type { EntityManager } from '@mikro-orm/postgresql';

/** Creates this month's and next month's trail partitions if missing (run at start-up; monthly rotation). */
export async function ensureTrailPartitions(em: EntityManager): Promise<void> {
  const conn = em.getConnection();
  await conn.execute(`select ensure_trail_partition((now() at time zone 'UTC')::date)`);
  await conn.execute(`select ensure_trail_partition(((now() at time zone 'UTC') + interval '1 month')::date)`);
}

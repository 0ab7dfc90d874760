import type { EntityManager } from '@mikro-orm/postgresql';
import type { SqlRunner } from '../db/read-pool';

/** Creates this month's and next month's trail partitions if missing (run at start-up; monthly rotation). */
export async function ensureTrailPartitions(em: EntityManager): Promise<void> {
  const conn = em.getConnection();
  await conn.execute(`select ensure_trail_partition((now() at time zone 'UTC')::date)`);
  await conn.execute(`select ensure_trail_partition(((now() at time zone 'UTC') + interval '1 month')::date)`);
}

/** A partition of the trail and the month it holds, [from, to): NaN dates for the default partition. */
export interface PartitionBounds { name: string; from: Date; to: Date }

/** The trail's partitions, by the month they start (the default partition last): from the catalogue, no row read. */
export async function partitionBounds(run: SqlRunner): Promise<PartitionBounds[]> {
  const rows = await run(`select c.relname as name,
      (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz as "from",
      (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz as "to"
    from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'trail_record'::regclass order by 2 nulls last`, []);
  return rows.map((r) => ({ name: String(r.name), from: r.from ? new Date(r.from) : new Date(NaN), to: r.to ? new Date(r.to) : new Date(NaN) }));
}

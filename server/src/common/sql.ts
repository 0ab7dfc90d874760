import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Array parameters as Postgres array literals: the ORM's raw query binding expands JS arrays into
 * comma lists, so `= any(?::int[])` takes one of these instead.
 */
export function intArray(values: readonly number[]): string {
  return `{${values.map((v) => { if (!Number.isSafeInteger(v)) throw new Error('not an integer'); return v; }).join(',')}}`;
}

export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${String(v).replace(/["\\]/g, (m) => `\\${m}`)}"`).join(',')}}`;
}

/** `%term%` for LIKE / ILIKE, the term's own `%`, `_` and `\` taken literally (backslash: Postgres' default escape). */
export function likeContains(term: string): string {
  return `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/**
 * Runs SQL in the entity manager's transaction when it has one. `getConnection().execute` alone takes a
 * second pooled connection: inside a write's transaction that reads around the transaction's own writes,
 * and with as many concurrent writes as connections, every writer waits on the pool for ever (found by the soak).
 */
export function sqlIn(em: EntityManager) {
  return (sql: string, params: readonly unknown[] = []): Promise<any[]> => em.getConnection().execute(sql, params as unknown[], 'all', em.getTransactionContext());
}

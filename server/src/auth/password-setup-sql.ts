import type { EntityManager } from '@mikro-orm/postgresql';

/** Runs SQL in the entity manager's transaction (getConnection().execute alone would run outside it). */
export function sqlIn(em: EntityManager) {
  return (sql: string, params: unknown[] = []): Promise<any[]> => em.getConnection().execute(sql, params, 'all', em.getTransactionContext());
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { settings } from '../config';
import { sqlIn } from './sql';

/**
 * Above this many rows (the planner's estimate) a list's count is that estimate, flagged `estimated`:
 * an exact count reads every matching row (measured: ~150 ms for 70k of 1M customers), and react-admin asks
 * for it with every page.
 */
export function exactCountLimit(): number {
  return settings().MAMORI_EXACT_COUNT_LIMIT;
}

export interface ListCount {
  count: number;
  estimated: boolean;
}

/** Counts `select … from <fromWhere>`: exactly when the planner expects at most `exactCountLimit()` rows. */
export async function countRows(em: EntityManager, fromWhere: string, params: unknown[]): Promise<ListCount> {
  const run = sqlIn(em);
  const [plan] = await run(`explain (format json) select 1 from ${fromWhere}`, params);
  const estimate = Number((plan['QUERY PLAN'] as { Plan: { 'Plan Rows': number } }[])[0].Plan['Plan Rows']);
  if (estimate > exactCountLimit()) return { count: Math.round(estimate), estimated: true };
  const [row] = await run(`select count(*)::int as n from ${fromWhere}`, params);
  return { count: row.n, estimated: false };
}

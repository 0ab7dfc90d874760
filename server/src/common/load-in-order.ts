import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Loads entities by id in one query and returns them in the order of `ids` (the order a page query
 * chose); ids that no longer exist are skipped.
 */
export async function loadInIdOrder<T extends { id: number }>(
  em: EntityManager, entity: new () => T, ids: readonly number[], populate: readonly string[] = [],
): Promise<T[]> {
  if (!ids.length) return [];
  const found = (await em.find(entity, { id: { $in: [...ids] } } as any, { populate: populate as any })) as T[];
  const byId = new Map(found.map((e) => [e.id, e]));
  return ids.map((i) => byId.get(i)).filter((e): e is T => !!e);
}

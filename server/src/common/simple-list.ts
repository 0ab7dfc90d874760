import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { badInput, notFound } from './errors';
import { idOf, type ListArgs, pageOf, sortOrderOf } from './list';

/** List and count for small, non-personal resources (products, contractors, staff, consents). */
export async function listEntities<T extends object>(
  em: EntityManager, entity: new () => T, args: ListArgs, where: FilterQuery<T>, sortable: readonly string[],
): Promise<T[]> {
  const { limit, offset } = pageOf(args);
  const field = args.sortField ?? 'id';
  if (!sortable.includes(field)) throw badInput('sortField', '並べ替えできない項目です', `Cannot sort by ${field}`);
  return em.find(entity, where, { limit, offset, orderBy: [{ [field]: sortOrderOf(args) }, { id: 'asc' }] as any });
}

export async function getEntity<T extends object>(em: EntityManager, entity: new () => T, id: unknown, where: FilterQuery<T> = {} as FilterQuery<T>): Promise<T> {
  const found = await em.findOne(entity, { $and: [{ id: idOf(id) }, where] } as FilterQuery<T>);
  if (!found) throw notFound(entity.name);
  return found;
}

/** `ids` → `{ id: { $in } }` and the rest as equality filters, for the listed keys only. */
export function simpleWhere(filter: Record<string, unknown> | undefined, keys: readonly string[]): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  if (!filter) return where;
  if (Array.isArray(filter.ids)) where.id = { $in: filter.ids.map((v) => idOf(v, 'filter.ids')) };
  for (const k of keys) if (filter[k] !== undefined && filter[k] !== null) where[k] = filter[k];
  return where;
}

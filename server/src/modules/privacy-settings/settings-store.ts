import type { EntityManager } from '@mikro-orm/postgresql';
import { recordChange } from '../../trail/change-trail';
import type { RequestContext } from '../../context';

/** Anything that runs a query (an audit run, a pool). */
export interface SettingsReader { query(sql: string, params?: unknown[]): Promise<Record<string, any>[]> }

/**
 * Settings the privacy manager keeps in the database (legal retention, the live-data schedule, fees…),
 * one JSON value per key in `privacy_setting`. A value not stored yet is the caller's default.
 */
export async function readSetting<T>(db: EntityManager | SettingsReader, key: string, fallback: () => T): Promise<{ value: T; updatedAt: Date | null }> {
  const sql = `select value, updated_at from privacy_setting where key = ?`;
  const [row] = 'query' in db ? await db.query(sql, [key]) : await db.execute(sql, [key]);
  return row ? { value: { ...fallback(), ...(row.value as T) }, updatedAt: row.updated_at } : { value: fallback(), updatedAt: null };
}

/** Stores a setting and records the change (old and new values) in the trail, in the caller's transaction. */
export async function writeSetting<T extends object>(ctx: RequestContext, key: string, before: T, after: T, reason: string | null = null): Promise<Date> {
  const [row] = await ctx.em.execute(`insert into privacy_setting (key, value, updated_at, updated_by) values (?, ?::jsonb, now(), ?)
    on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by
    returning updated_at`, [key, JSON.stringify(after), ctx.actor?.staffId ?? null]);
  const [was, now] = [before as Record<string, unknown>, after as Record<string, unknown>];
  const changed = Object.keys(now).filter((k) => JSON.stringify(now[k]) !== JSON.stringify(was[k]));
  await recordChange(ctx, {
    entity: 'PrivacySetting', entityId: 0, subjectId: null, action: 'UPDATE', reason,
    plan: { changes: Object.fromEntries([['key', key], ...changed.map((k) => [k, now[k]])]), personal: [] },
    before: Object.fromEntries([['key', key], ...changed.map((k) => [k, was[k]])]),
  });
  return row.updated_at;
}

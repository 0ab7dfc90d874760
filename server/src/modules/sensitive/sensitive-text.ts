import type { EntityManager } from '@mikro-orm/postgresql';
import { BUILT_IN_SENSITIVE_TERMS, normaliseForTerms, type SensitiveKind } from '../../../../schema/policy';
import { textArray } from '../../common/sql';

/**
 * Finds sensitive personal information (要配慮個人情報) in free text when it is written, and in what is stored
 * (the sweep): a field holds it when its NFKC-normalised, lower-cased text contains a term of the list —
 * the built-in one (schema/policy/sensitive.ts) and the privacy manager's own (`sensitive_term`). The row
 * keeps the names of its fields that do (`sensitive_fields`); the policy decides from that (field-masking.ts).
 */
export interface SensitiveTerm { term: string; kind: SensitiveKind; builtIn: boolean; id: number | null }

/** The free-text columns of each table, by GraphQL field name. */
export const FREE_TEXT_COLUMNS = {
  customer: { lifestyle: 'lifestyle', occupation: 'occupation' },
  interaction: { summary: 'summary', transcript: 'transcript', complaintAnswer: 'complaint_answer' },
} as const;

/** The built-in terms alone (seeding, before any privacy manager exists). */
export const CUSTOMER_FREE_TEXT = Object.keys(FREE_TEXT_COLUMNS.customer) as (keyof typeof FREE_TEXT_COLUMNS.customer)[];
export const INTERACTION_FREE_TEXT = Object.keys(FREE_TEXT_COLUMNS.interaction) as (keyof typeof FREE_TEXT_COLUMNS.interaction)[];

/** The built-in terms alone (seeding, before any privacy manager exists). */
export const BUILT_IN: readonly SensitiveTerm[] = (Object.entries(BUILT_IN_SENSITIVE_TERMS) as [SensitiveKind, readonly string[]][])
  .flatMap(([kind, terms]) => terms.map((term) => ({ term: normaliseForTerms(term), kind, builtIn: true, id: null })));

/** Terms read from the database are reused this long (another server's change is seen within it; the sweep catches up). */
const CACHE_MS = 30_000;
let cached: { at: number; terms: SensitiveTerm[] } | null = null;

export function forgetTerms(): void { cached = null; }

export async function sensitiveTerms(em: EntityManager): Promise<SensitiveTerm[]> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.terms;
  const rows = await em.execute(`select id, term, kind from sensitive_term where active order by id`);
  const terms = [...BUILT_IN, ...rows.map((r) => ({ term: r.term as string, kind: r.kind as SensitiveKind, builtIn: false, id: r.id as number }))];
  cached = { at: Date.now(), terms };
  return terms;
}

/** The names of the given fields whose text holds a term. */
export function sensitiveFieldsIn(values: Record<string, string | null | undefined>, terms: readonly SensitiveTerm[]): string[] {
  return Object.entries(values)
    .filter(([, v]) => v && terms.some((t) => normaliseForTerms(v).includes(t.term)))
    .map(([f]) => f).sort();
}

/** Sets `sensitiveFields` (and when it was first found) on an entity about to be written, from its free-text fields. */
export async function markSensitive<T extends { sensitiveFields: string[]; sensitiveDetectedAt?: Date | null }>(
  em: EntityManager, entity: T, fields: readonly (keyof T & string)[],
): Promise<void> {
  const values = Object.fromEntries(fields.map((f) => [f, entity[f] as unknown as string | null]));
  const found = sensitiveFieldsIn(values, await sensitiveTerms(em));
  if (found.join() !== [...(entity.sensitiveFields ?? [])].sort().join()) entity.sensitiveFields = found;
  if (found.length && !entity.sensitiveDetectedAt) entity.sensitiveDetectedAt = new Date();
}

/** `x like any(patterns)` patterns of the terms (LIKE's wildcards and escape escaped). */
export function likePatterns(terms: readonly SensitiveTerm[]): string[] {
  return [...new Set(terms.map((t) => `%${t.term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`))];
}

/**
 * The statements of the sweep over what is stored, one per table, each with one array parameter (the LIKE
 * patterns) written as `param` (`?` for MikroORM, `$1` for pg). They set `sensitive_fields` where it differs.
 */
export function sweepStatements(param: string): string[] {
  return (Object.entries(FREE_TEXT_COLUMNS) as [string, Record<string, string>][]).map(([table, columns]) => {
    const found = Object.entries(columns)
      .map(([field, column]) => `case when lower(normalize(coalesce(t.${column}, ''), NFKC)) like any(${param}::text[]) then '${field}' end`).join(', ');
    return `update ${table} x set sensitive_fields = s.found,
        sensitive_detected_at = case when s.found <> '{}' then coalesce(x.sensitive_detected_at, now()) end
      from (select t.id, array_remove(array[${found}]::text[], null) as found from ${table} t) s
      where s.id = x.id and x.sensitive_fields is distinct from s.found`;
  });
}

/** Runs the sweep; how many rows changed, per table. */
/** The LIKE patterns as one text-array parameter. */
export const patternsParam = (terms: readonly SensitiveTerm[]) => textArray(likePatterns(terms));

export async function sweepSensitiveText(em: EntityManager): Promise<{ customers: number; interactions: number }> {
  forgetTerms();
  const patterns = patternsParam(await sensitiveTerms(em));
  const counts: number[] = [];
  for (const sql of sweepStatements('?')) {
    const res = await em.getConnection().execute(sql, [patterns], 'run', em.getTransactionContext());
    counts.push((res as { affectedRows?: number }).affectedRows ?? 0);
  }
  return { customers: counts[0], interactions: counts[1] };
}

import { type CompiledPolicy, SEED_POLICY } from '../../../../../schema/policy';
import { compiledVersion } from '../../../policy/policy-versions';
import type { AuditRun } from './types';

/** The key of entries recorded without a version (decided before versions existed) or under a number no longer stored: the seed. */
export const SEED_KEY = 0;

/** The policy versions past reads were decided under, by number, each compiled once (policy-versions.ts caches by hash). */
export interface PastVersions {
  /** SEED_KEY and every version that was ever in force. */
  readonly keys: readonly number[];
  /** The decisions of a key; the seed's for SEED_KEY or an unknown key. */
  of(key: number): CompiledPolicy;
  /** SQL giving the key of trail entry `t` (its recorded version when stored, else SEED_KEY), with its parameters. */
  keyOf(t?: string): { sql: string; params: unknown[] };
}

/**
 * Reads every published or retired version (drafts never decided a read). A trail entry is judged under the
 * version recorded with it (trail_entry.policy_version, Migration20261209200000); version 1 is the seed.
 */
export async function pastVersions(run: AuditRun): Promise<PastVersions> {
  const rows = await run.query<{ number: number; hash: string; document: unknown }>(
    `select number, hash, document from policy_version where state in ('PUBLISHED', 'RETIRED') order by number`);
  const byKey = new Map<number, CompiledPolicy>([[SEED_KEY, SEED_POLICY]]);
  for (const r of rows) byKey.set(r.number, compiledVersion(r));
  const stored = `{${rows.map((r) => Number(r.number)).join(',')}}`;
  return {
    keys: [...byKey.keys()],
    of: (key) => byKey.get(key) ?? SEED_POLICY,
    keyOf: (t = 't') => ({ sql: `(case when ${t}.policy_version = any(?::int[]) then ${t}.policy_version else ${SEED_KEY} end)`, params: [stored] }),
  };
}

import {
  classifyField, type CompiledPolicy, isCategoryKey, PERSONAL_TYPES, type CategoryKey, policyKey, ROLE_KEYS, SEED_POLICY, UNFIT_CATEGORIES,
} from '../../../../../schema/policy';
import { FindingSeverity } from '../audit.entity';
import { type Actor, type AuditRun, type FindingDraft, actorKey, actorLabel, actorOf, EVIDENCE_LIMIT, trailInScope } from './types';
import { pastVersions, SEED_KEY } from './versions';
import { jstDateText } from '../../../common/jst-sql';

/** What a purpose must not touch: schema/policy UNFIT_CATEGORIES. */
export { UNFIT_CATEGORIES };

/** Every personal field path of the trail (`Customer.name`, `ShipTo.phone`…) with its category. */
const FIELD_PATHS: [string, CategoryKey][] = Object.entries(PERSONAL_TYPES).flatMap(([type, fields]) =>
  Object.keys(fields).flatMap((f) => {
    const cls = classifyField(type, f);
    return cls ? [[`${type}.${f}`, cls.category] as [string, CategoryKey]] : [];
  }));

export interface FitRow { version: number; role: string; purpose: string; clear: string[]; unfit: string[] }

/**
 * Per role and purpose it may declare under `policy` (the key `version` of its entries): the fields that version
 * serves in clear, and those the purpose must not touch.
 */
export function purposeFitTable(version = SEED_KEY, policy: CompiledPolicy = SEED_POLICY): FitRow[] {
  return ROLE_KEYS.flatMap((role) => policy.purposesOf(role).map((purpose) => ({
    version, role, purpose,
    clear: FIELD_PATHS.filter(([, c]) => policy.decideAccess(role, purpose, c) === 'CLEAR').map(([p]) => p),
    unfit: FIELD_PATHS.filter(([, c]) => UNFIT_CATEGORIES[purpose]?.includes(c)).map(([p]) => p),
  })));
}

/** An access entry's fields, and the key of the policy version it was decided under (SEED_KEY: the seed). */
export interface ReadFields extends Actor { id: number; day: string; purpose: string | null; clear: string[]; masked: string[]; version?: number }

/**
 * CLEAR_BEYOND_POLICY: a field served in clear that the role × purpose does not see in clear under the policy
 * version the read was decided under (the policy was bypassed). PURPOSE_MISMATCH: a field the purpose must not
 * touch, clear or masked. One finding per actor, day, purpose and kind; `policyOf` gives each version key's decisions.
 */
export function purposeMismatchFindings(reads: ReadFields[], table = purposeFitTable(),
  policyOf: (version: number) => CompiledPolicy = () => SEED_POLICY): FindingDraft[] {
  const fitKey = (version: number, r: { role: string | null }, purpose: string | null) => `${version}|${policyKey(r, purpose)}`;
  const fit = new Map(table.map((r) => [fitKey(r.version, r, r.purpose), r]));
  const groups = new Map<string, { code: 'CLEAR_BEYOND_POLICY' | 'PURPOSE_MISMATCH'; read: ReadFields; ids: number[]; fields: Set<string>; versions: Set<number> }>();
  const add = (code: 'CLEAR_BEYOND_POLICY' | 'PURPOSE_MISMATCH', r: ReadFields, fields: string[]) => {
    if (!fields.length) return;
    const key = `${code}|${actorKey(r)}|${r.day}|${r.purpose}`;
    if (!groups.has(key)) groups.set(key, { code, read: r, ids: [], fields: new Set(), versions: new Set() });
    const g = groups.get(key)!;
    g.ids.push(r.id);
    g.versions.add(r.version ?? SEED_KEY);
    for (const f of fields) g.fields.add(f);
  };
  for (const r of reads) {
    const version = r.version ?? SEED_KEY;
    const row = fit.get(fitKey(version, r, r.purpose));
    // Some entries name categories, not fields (a disclosure records `contact.name`): one the role × purpose
    // sees in clear is a read the policy allows, never a finding.
    const allowed = (f: string) => row?.clear.includes(f) || (isCategoryKey(f) && policyOf(version).decideAccess(r.role, r.purpose, f) === 'CLEAR');
    add('CLEAR_BEYOND_POLICY', r, r.clear.filter((f) => !allowed(f)));
    add('PURPOSE_MISMATCH', r, [...r.clear, ...r.masked].filter((f) => row?.unfit.includes(f)));
  }
  return [...groups.values()].map(({ code, read, ids, fields, versions }) => {
    const list = [...fields].sort();
    const beyond = code === 'CLEAR_BEYOND_POLICY';
    // The seed is version 1 (SEED_KEY: entries recorded without a version).
    const numbers = [...new Set([...versions].map((v) => v || 1))].sort((a, b) => a - b);
    return {
      code, severity: beyond ? FindingSeverity.HIGH : FindingSeverity.MEDIUM,
      title: beyond ? '方針を超えた平文での提供' : '利用目的に合わない閲覧',
      detail: beyond
        ? `${actorLabel(read)}に利用目的「${read.purpose ?? 'なし'}」で、方針上平文で見られない項目が平文で提供されました(${list.join(', ')}。ポリシー第${numbers.join('・')}版で判定)。`
        : `${actorLabel(read)}が利用目的「${read.purpose}」に不要な項目を要求しました(${list.join(', ')})。`,
      staffId: read.staffId, occurredOn: read.day, evidence: ids.sort((a, b) => a - b).slice(0, EVIDENCE_LIMIT), evidenceCount: ids.length,
      data: { apiKeyId: read.apiKeyId, role: read.role, purpose: read.purpose, fields: list, policyVersions: numbers },
    };
  });
}

export async function findPurposeMismatch(run: AuditRun): Promise<FindingDraft[]> {
  const versions = await pastVersions(run);
  const table = versions.keys.flatMap((k) => purposeFitTable(k, versions.of(k)));
  const scope = trailInScope(run.scope);
  const key = versions.keyOf('t');
  // The SQL narrows to entries with something outside their row of their version's table; purposeMismatchFindings decides.
  const rows = await run.query(
    `select t.id, t.staff_id, t.api_key_id, t.role, t.purpose, ${jstDateText('t.at')} as day, t.clear_fields, t.masked_fields, t.v
     from (select t.*, ${key.sql} as v from trail_entry t where t.kind = 'ACCESS' and t.customer_id is not null and ${scope.sql}) t
     left join jsonb_to_recordset(?::jsonb) as fit(version int, role text, purpose text, clear text[], unfit text[])
       on fit.version = t.v and fit.role = t.role and fit.purpose = t.purpose
     where not (t.clear_fields <@ coalesce(fit.clear, '{}')) or (t.clear_fields || t.masked_fields) && coalesce(fit.unfit, '{}')
     order by t.id`,
    [...key.params, ...scope.params, JSON.stringify(table)]);
  return purposeMismatchFindings(rows.map((r) => ({
    ...actorOf(r), id: Number(r.id), day: r.day, purpose: r.purpose, clear: r.clear_fields ?? [], masked: r.masked_fields ?? [], version: Number(r.v),
  })), table, versions.of);
}

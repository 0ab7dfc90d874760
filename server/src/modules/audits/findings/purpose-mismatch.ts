import {
  classifyField, decideAccess, isCategoryKey, PERSONAL_TYPES, type CategoryKey, type PurposeKey, policyKey, ROLE_KEYS, ROLES, UNFIT_CATEGORIES,
} from '../../../../../schema/policy';
import { FindingSeverity } from '../audit.entity';
import { type Actor, type AuditRun, type FindingDraft, actorKey, actorLabel, actorOf, EVIDENCE_LIMIT, trailInScope } from './types';
import { jstDateText } from '../../../common/jst-sql';

/** What a purpose must not touch: schema/policy UNFIT_CATEGORIES. */
export { UNFIT_CATEGORIES };

/** Every personal field path of the trail (`Customer.name`, `ShipTo.phone`…) with its category. */
const FIELD_PATHS: [string, CategoryKey][] = Object.entries(PERSONAL_TYPES).flatMap(([type, fields]) =>
  Object.keys(fields).flatMap((f) => {
    const cls = classifyField(type, f);
    return cls ? [[`${type}.${f}`, cls.category] as [string, CategoryKey]] : [];
  }));

/** Per role and declarable purpose: the fields the policy serves in clear, and those the purpose must not touch. */
export function purposeFitTable(): { role: string; purpose: string; clear: string[]; unfit: string[] }[] {
  return ROLE_KEYS.flatMap((role) => (ROLES[role].purposes as readonly PurposeKey[]).map((purpose) => ({
    role, purpose,
    clear: FIELD_PATHS.filter(([, c]) => decideAccess(role, purpose, c) === 'CLEAR').map(([p]) => p),
    unfit: FIELD_PATHS.filter(([, c]) => UNFIT_CATEGORIES[purpose]?.includes(c)).map(([p]) => p),
  })));
}

export interface ReadFields extends Actor { id: number; day: string; purpose: string | null; clear: string[]; masked: string[] }

/**
 * CLEAR_BEYOND_POLICY: a field served in clear that the role × purpose does not see in clear (the
 * policy was bypassed or changed). PURPOSE_MISMATCH: a field the purpose must not touch, clear or
 * masked. One finding per actor, day, purpose and kind.
 */
export function purposeMismatchFindings(reads: ReadFields[], table = purposeFitTable()): FindingDraft[] {
  const fit = new Map(table.map((r) => [policyKey(r, r.purpose), r]));
  const groups = new Map<string, { code: 'CLEAR_BEYOND_POLICY' | 'PURPOSE_MISMATCH'; read: ReadFields; ids: number[]; fields: Set<string> }>();
  const add = (code: 'CLEAR_BEYOND_POLICY' | 'PURPOSE_MISMATCH', r: ReadFields, fields: string[]) => {
    if (!fields.length) return;
    const key = `${code}|${actorKey(r)}|${r.day}|${r.purpose}`;
    if (!groups.has(key)) groups.set(key, { code, read: r, ids: [], fields: new Set() });
    const g = groups.get(key)!;
    g.ids.push(r.id);
    for (const f of fields) g.fields.add(f);
  };
  for (const r of reads) {
    const row = fit.get(policyKey(r, r.purpose));
    // Some entries name categories, not fields (a disclosure records `contact.name`): one the role × purpose
    // sees in clear is a read the policy allows, never a finding.
    const allowed = (f: string) => row?.clear.includes(f) || (isCategoryKey(f) && decideAccess(r.role, r.purpose, f) === 'CLEAR');
    add('CLEAR_BEYOND_POLICY', r, r.clear.filter((f) => !allowed(f)));
    add('PURPOSE_MISMATCH', r, [...r.clear, ...r.masked].filter((f) => row?.unfit.includes(f)));
  }
  return [...groups.values()].map(({ code, read, ids, fields }) => {
    const list = [...fields].sort();
    const beyond = code === 'CLEAR_BEYOND_POLICY';
    return {
      code, severity: beyond ? FindingSeverity.HIGH : FindingSeverity.MEDIUM,
      title: beyond ? '方針を超えた平文での提供' : '利用目的に合わない閲覧',
      detail: beyond
        ? `${actorLabel(read)}に利用目的「${read.purpose ?? 'なし'}」で、方針上平文で見られない項目が平文で提供されました(${list.join(', ')})。`
        : `${actorLabel(read)}が利用目的「${read.purpose}」に不要な項目を要求しました(${list.join(', ')})。`,
      staffId: read.staffId, occurredOn: read.day, evidence: ids.sort((a, b) => a - b).slice(0, EVIDENCE_LIMIT), evidenceCount: ids.length,
      data: { apiKeyId: read.apiKeyId, role: read.role, purpose: read.purpose, fields: list },
    };
  });
}

export async function findPurposeMismatch(run: AuditRun): Promise<FindingDraft[]> {
  const table = purposeFitTable();
  const scope = trailInScope(run.scope);
  // The SQL narrows to entries with something outside their row; purposeMismatchFindings decides.
  const rows = await run.query(
    `select t.id, t.staff_id, t.api_key_id, t.role, t.purpose, ${jstDateText('t.at')} as day,
       t.clear_fields, t.masked_fields
     from trail_entry t
     left join jsonb_to_recordset(?::jsonb) as fit(role text, purpose text, clear text[], unfit text[])
       on fit.role = t.role and fit.purpose = t.purpose
     where t.kind = 'ACCESS' and t.customer_id is not null and ${scope.sql}
       and (not (t.clear_fields <@ coalesce(fit.clear, '{}')) or (t.clear_fields || t.masked_fields) && coalesce(fit.unfit, '{}'))
     order by t.id`,
    [JSON.stringify(table), ...scope.params]);
  return purposeMismatchFindings(rows.map((r) => ({
    ...actorOf(r), id: Number(r.id), day: r.day, purpose: r.purpose, clear: r.clear_fields ?? [], masked: r.masked_fields ?? [],
  })), table);
}

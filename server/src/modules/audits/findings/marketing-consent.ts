import { PURPOSE_KEYS } from '../../../../../schema/policy';
import { GUARDIAN_AGE } from '../../../policy/row-scope';
import { FindingSeverity } from '../audit.entity';
import { type Actor, type AuditRun, type FindingDraft, actorKey, actorLabel, actorOf, EVIDENCE_LIMIT, trailInScope } from './types';
import { jstDate, jstDateText } from '../../../common/jst-sql';
import { pastVersions } from './versions';

/**
 * A read under a purpose that needed a consent (【4】(5)(6)(11)) under the policy version it was decided under, and
 * what the customer had granted at that moment.
 */
export interface MarketingRead extends Actor {
  id: number;
  day: string;
  purpose: string;
  customerId: number;
  consented: boolean;
  minor: boolean;
  guardianConsented: boolean;
}

type Code = 'MARKETING_WITHOUT_CONSENT' | 'MINOR_WITHOUT_GUARDIAN_CONSENT';

/**
 * Customers read for marketing without a live consent for that purpose at the time of the read
 * (MARKETING_WITHOUT_CONSENT), or minors read with their consent but without a guardian's (【12】).
 * One finding per actor, day, purpose and kind, listing the customers.
 */
export function marketingConsentFindings(reads: MarketingRead[]): FindingDraft[] {
  const groups = new Map<string, { code: Code; read: MarketingRead; ids: number[]; customers: Set<number> }>();
  for (const r of reads) {
    const code: Code | null = !r.consented ? 'MARKETING_WITHOUT_CONSENT' : r.minor && !r.guardianConsented ? 'MINOR_WITHOUT_GUARDIAN_CONSENT' : null;
    if (!code) continue;
    const key = `${code}|${actorKey(r)}|${r.day}|${r.purpose}`;
    if (!groups.has(key)) groups.set(key, { code, read: r, ids: [], customers: new Set() });
    const g = groups.get(key)!;
    g.ids.push(r.id);
    g.customers.add(r.customerId);
  }
  return [...groups.values()].map(({ code, read, ids, customers }) => {
    const list = [...customers].sort((a, b) => a - b);
    const minor = code === 'MINOR_WITHOUT_GUARDIAN_CONSENT';
    return {
      code, severity: FindingSeverity.HIGH,
      title: minor ? '保護者の同意がない未成年者のマーケティング利用' : '同意のないマーケティング利用',
      detail: minor
        ? `${actorLabel(read)}が ${read.day} に利用目的「${read.purpose}」で、保護者の同意が記録されていない ${GUARDIAN_AGE} 歳未満の顧客 ${list.length} 名の情報を閲覧しました。`
        : `${actorLabel(read)}が ${read.day} に利用目的「${read.purpose}」で、その目的への有効な同意がない顧客 ${list.length} 名の情報を閲覧しました。`,
      staffId: read.staffId, customerId: list.length === 1 ? list[0] : null, occurredOn: read.day,
      evidence: ids.sort((a, b) => a - b).slice(0, EVIDENCE_LIMIT), evidenceCount: ids.length,
      data: { apiKeyId: read.apiKeyId, role: read.role, purpose: read.purpose, customerIds: list.slice(0, EVIDENCE_LIMIT) },
    };
  });
}

export async function findMarketingConsent(run: AuditRun): Promise<FindingDraft[]> {
  const versions = await pastVersions(run);
  // Per version key, the purposes that version made need a consent (its row scope served only consenting customers).
  const consent = versions.keys.map((v) => ({ v, purposes: PURPOSE_KEYS.filter((p) => versions.of(v).needsConsent(p)) }));
  const key = versions.keyOf('t');
  const scope = trailInScope(run.scope);
  // consent_history: live consents and the pseudonymised evidence of deleted ones (an erasure, the live-data
  // sweep): a read is judged by the consent as it stood then, not by what is left today.
  const live = (extra: string) => `exists (select 1 from consent_history k where k.customer_id = t.customer_id and k.purpose::text = t.purpose
    and k.granted_at <= t.at and (k.withdrawn_at is null or k.withdrawn_at > t.at) ${extra})`;
  const rows = await run.query(
    `select * from (
       select t.id, t.staff_id, t.api_key_id, t.role, t.purpose, t.customer_id, ${jstDateText('t.at')} as day,
         ${live('')} as consented,
         coalesce(coalesce(c.birth_date, (select max(e.birth_date) from consent_evidence e where e.customer_id = t.customer_id))
           > ${jstDate('t.at')} - make_interval(years => ?), false) as minor,
         ${live('and k.guardian_consent and (k.guardian_consent_at is null or k.guardian_consent_at <= t.at)')} as guardian_consented
       from trail_entry t join customer c on c.id = t.customer_id
         join jsonb_to_recordset(?::jsonb) as need(v int, purposes text[]) on need.v = ${key.sql} and t.purpose = any(need.purposes)
       where t.kind = 'ACCESS' and ${scope.sql}
         and cardinality(t.clear_fields) + cardinality(t.masked_fields) > 0) r
     where not consented or (minor and not guardian_consented)
     order by id`,
    [GUARDIAN_AGE, JSON.stringify(consent), ...key.params, ...scope.params]);
  return marketingConsentFindings(rows.map((r) => ({
    ...actorOf(r), id: Number(r.id), day: r.day, purpose: r.purpose, customerId: r.customer_id,
    consented: r.consented, minor: r.minor, guardianConsented: r.guardian_consented,
  })));
}

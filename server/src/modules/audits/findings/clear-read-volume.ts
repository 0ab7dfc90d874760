import type { AuditSettings } from '../audit-settings';
import { FindingSeverity } from '../audit.entity';
import {
  type Actor, type AuditRun, type AuditScope, type FindingDraft, actorKey, actorLabel, actorOf, addDays, CLEAR_READ, EVIDENCE_LIMIT,
  jstMidnight, median, trailInScope,
} from './types';
import { jstDateText } from '../../../common/jst-sql';

const BASELINE_DAYS = 30;

/** Distinct customers one actor read in clear on one Japanese day. */
export interface DailyClearReads extends Actor { day: string; customers: number }

/**
 * Staff-days above the daily limit (CLEAR_READ_VOLUME), or else above `spikeMultiplier` × the actor's
 * own median over the 30 days before, days without reads counting 0 (CLEAR_READ_SPIKE). An actor
 * whose median is 0 (reads on fewer than half of those days) has no usual volume to exceed: only the
 * daily limit applies to them.
 */
export function clearReadVolumeFindings(days: DailyClearReads[], scope: Pick<AuditScope, 'periodFrom' | 'periodTo'>, settings: AuditSettings): FindingDraft[] {
  const byActor = new Map<string, Map<string, number>>();
  for (const d of days) {
    const key = actorKey(d);
    if (!byActor.has(key)) byActor.set(key, new Map());
    byActor.get(key)!.set(d.day, d.customers);
  }
  const findings: FindingDraft[] = [];
  for (const d of days) {
    if (d.day < scope.periodFrom || d.day > scope.periodTo) continue;
    const counts = byActor.get(actorKey(d))!;
    const usual = median(Array.from({ length: BASELINE_DAYS }, (_, i) => counts.get(addDays(d.day, -(i + 1))) ?? 0));
    const base = { staffId: d.staffId, occurredOn: d.day, data: { apiKeyId: d.apiKeyId, role: d.role, customers: d.customers, median30: usual } };
    if (d.customers > settings.dailyClearReadLimit) {
      findings.push({
        ...base, code: 'CLEAR_READ_VOLUME', severity: FindingSeverity.HIGH, title: '1日の平文閲覧件数が上限を超えています',
        detail: `${actorLabel(d)}が ${d.day} に ${d.customers} 名の顧客情報を平文で閲覧しました(上限 ${settings.dailyClearReadLimit} 名)。`,
      });
    } else if (usual > 0 && d.customers > settings.spikeMultiplier * usual) {
      findings.push({
        ...base, code: 'CLEAR_READ_SPIKE', severity: FindingSeverity.MEDIUM, title: '平文閲覧件数が通常の水準を大きく超えています',
        detail: `${actorLabel(d)}が ${d.day} に ${d.customers} 名を平文で閲覧しました(直近30日の中央値 ${usual} 名の ${settings.spikeMultiplier} 倍超)。`,
      });
    }
  }
  return findings;
}

export async function findClearReadVolume(run: AuditRun): Promise<FindingDraft[]> {
  const baselineFrom = new Date(run.scope.from.getTime() - BASELINE_DAYS * 86_400_000);
  const scope = trailInScope(run.scope, 't', baselineFrom);
  const rows = await run.query(
    `select t.staff_id, t.api_key_id, min(t.role) as role, ${jstDateText('t.at')} as day,
       count(distinct t.customer_id)::int as customers
     from trail_entry t where ${CLEAR_READ()} and ${scope.sql} and (t.staff_id is not null or t.api_key_id is not null)
     group by t.staff_id, t.api_key_id, day`, scope.params);
  const findings = clearReadVolumeFindings(rows.map((r) => ({ ...actorOf(r), day: r.day, customers: r.customers })), run.scope, run.settings);
  for (const f of findings) Object.assign(f, await clearReadsOn(run, f.staffId ?? null, (f.data!.apiKeyId as number) ?? null, f.occurredOn!));
  return findings;
}

/** The clear reads of one actor on one Japanese day (in scope). */
async function clearReadsOn(run: AuditRun, staffId: number | null, apiKeyId: number | null, day: string) {
  const scope = trailInScope({ ...run.scope, from: jstMidnight(day), to: jstMidnight(addDays(day, 1)) });
  const rows = await run.query(
    `select t.id, count(*) over ()::int as total from trail_entry t where ${CLEAR_READ()} and ${scope.sql}
       and t.staff_id is not distinct from ?::int and t.api_key_id is not distinct from ?::int order by t.id limit ?`,
    [...scope.params, staffId, apiKeyId, EVIDENCE_LIMIT]);
  return { evidence: rows.map((r) => Number(r.id)), evidenceCount: rows[0]?.total ?? 0 };
}

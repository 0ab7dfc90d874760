import type { AuditSettings } from '../audit-settings';
import { FindingSeverity } from '../audit.entity';
import { type AuditRun, type FindingDraft, actorKey, CLEAR_READ, EVIDENCE_LIMIT, jstDay, trailInScope } from './types';

export interface CustomerRead { id: number; customerId: number; at: Date; staffId: number | null; apiKeyId: number | null }

/**
 * Bursts of clear reads of one customer by at least `manyReadersThreshold` different actors within
 * `manyReadersWindowMinutes`: every read inside such a window is marked, and marked reads closer than
 * the window to each other form one burst, one finding.
 */
export function manyReadersFindings(reads: CustomerRead[], settings: AuditSettings): FindingDraft[] {
  const windowMs = settings.manyReadersWindowMinutes * 60_000;
  const byCustomer = new Map<number, CustomerRead[]>();
  for (const r of reads) {
    if (!byCustomer.has(r.customerId)) byCustomer.set(r.customerId, []);
    byCustomer.get(r.customerId)!.push(r);
  }
  const findings: FindingDraft[] = [];
  for (const [customerId, list] of byCustomer) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
    const marked = new Set<number>();
    const inWindow = new Map<string, number>();
    let left = 0;
    for (let right = 0; right < list.length; right++) {
      inWindow.set(actorKey(list[right]), (inWindow.get(actorKey(list[right])) ?? 0) + 1);
      while (list[right].at.getTime() - list[left].at.getTime() > windowMs) {
        const k = actorKey(list[left]);
        const n = inWindow.get(k)! - 1;
        if (n) inWindow.set(k, n); else inWindow.delete(k);
        left++;
      }
      if (inWindow.size >= settings.manyReadersThreshold) for (let i = left; i <= right; i++) marked.add(i);
    }
    let burst: CustomerRead[] = [];
    const flush = () => {
      if (burst.length) findings.push(finding(customerId, burst, settings));
      burst = [];
    };
    for (const i of [...marked].sort((a, b) => a - b)) {
      const last = burst[burst.length - 1];
      if (last && list[i].at.getTime() - last.at.getTime() > windowMs) flush();
      burst.push(list[i]);
    }
    flush();
  }
  return findings;
}

function finding(customerId: number, burst: CustomerRead[], settings: AuditSettings): FindingDraft {
  const staff = [...new Set(burst.map((r) => r.staffId).filter((s): s is number => s != null))].sort((a, b) => a - b);
  const actors = new Set(burst.map(actorKey)).size;
  const first = burst[0].at;
  const minutes = Math.round((burst[burst.length - 1].at.getTime() - first.getTime()) / 60_000);
  return {
    code: 'MANY_READERS', severity: FindingSeverity.MEDIUM, title: '同一顧客への短時間の集中閲覧',
    detail: `顧客 #${customerId} の情報が ${jstDay(first)} に ${minutes} 分間で ${actors} 名に平文で閲覧されました(基準: ${settings.manyReadersWindowMinutes} 分以内に ${settings.manyReadersThreshold} 名以上)。`,
    customerId, occurredOn: jstDay(first), evidence: burst.map((r) => r.id).sort((a, b) => a - b).slice(0, EVIDENCE_LIMIT), evidenceCount: burst.length,
    data: { staffIds: staff, actors },
  };
}

export async function findManyReaders(run: AuditRun): Promise<FindingDraft[]> {
  const scope = trailInScope(run.scope);
  // Only customers read by enough actors in the whole period can have a burst.
  const rows = await run.query(
    `with candidates as (
       select t.customer_id from trail_entry t where ${CLEAR_READ()} and ${scope.sql}
       group by t.customer_id having count(distinct coalesce('s' || t.staff_id, 'k' || t.api_key_id)) >= ?)
     select t.id, t.customer_id, t.at, t.staff_id, t.api_key_id from trail_entry t join candidates c on c.customer_id = t.customer_id
     where ${CLEAR_READ()} and ${scope.sql} order by t.customer_id, t.at, t.id`,
    [...scope.params, run.settings.manyReadersThreshold, ...scope.params]);
  return manyReadersFindings(rows.map((r) => ({
    id: Number(r.id), customerId: r.customer_id, at: new Date(r.at), staffId: r.staff_id, apiKeyId: r.api_key_id,
  })), run.settings);
}

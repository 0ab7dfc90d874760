import { intArray } from '../../../common/sql';
import { FindingSeverity } from '../audit.entity';
import { type AuditRun, type FindingDraft, EVIDENCE_LIMIT, trailInScope } from './types';
import { jstDateText } from '../../../common/jst-sql';

export interface ContractorAccountUse {
  id: number;
  staffId: number;
  contractorId: number;
  contractorName: string;
  agreementDate: string | null;
  agreementExpiresAt: string | null;
  day: string;
}

/** One finding per contractor account that acted outside its contractor's agreement (before it, after it, or with none). */
export function contractorAccountFindings(uses: ContractorAccountUse[]): FindingDraft[] {
  const groups = new Map<number, ContractorAccountUse[]>();
  for (const u of uses) {
    const outside = !u.agreementDate || u.day < u.agreementDate || (u.agreementExpiresAt !== null && u.day > u.agreementExpiresAt);
    if (!outside) continue;
    if (!groups.has(u.staffId)) groups.set(u.staffId, []);
    groups.get(u.staffId)!.push(u);
  }
  return [...groups.values()].map((list) => {
    const u = list[0];
    const days = [...new Set(list.map((x) => x.day))].sort();
    const validity = u.agreementDate ? `${u.agreementDate}〜${u.agreementExpiresAt ?? ''}` : '契約なし';
    return {
      code: 'CONTRACTOR_ACCOUNT_AFTER_LAPSE', severity: FindingSeverity.HIGH, title: '契約期間外の委託先アカウント利用',
      detail: `委託先「${u.contractorName}」のアカウント(担当者 #${u.staffId})が契約期間(${validity})外の ${days.join(', ')} に ${list.length} 回利用されました。`,
      staffId: u.staffId, contractorId: u.contractorId, occurredOn: days[0],
      evidence: list.map((x) => x.id).sort((a, b) => a - b).slice(0, EVIDENCE_LIMIT), evidenceCount: list.length,
      data: { days, agreementDate: u.agreementDate, agreementExpiresAt: u.agreementExpiresAt },
    };
  });
}

export async function findContractorAccountAfterLapse(run: AuditRun): Promise<FindingDraft[]> {
  const scope = trailInScope(run.scope);
  const ids = run.scope.contractorIds;
  const local = jstDateText('t.at');
  // Uses are reads and changes, and successful logins; a failed login is not a use.
  const rows = await run.query(
    `select t.id, t.staff_id, k.id as contractor_id, k.name, to_char(k.agreement_date, 'YYYY-MM-DD') as agreement_date,
       to_char(k.agreement_expires_at, 'YYYY-MM-DD') as agreement_expires_at, ${local} as day
     from trail_entry t join staff s on s.id = t.staff_id join contractor k on k.id = s.contractor_id
     where ${scope.sql} and (?::boolean or k.id = any(?::int[]))
       and (t.kind in ('ACCESS', 'CHANGE') or t.detail->>'event' = 'LOGIN_OK')
       and (k.agreement_date is null or ${local} < to_char(k.agreement_date, 'YYYY-MM-DD')
            or ${local} > to_char(k.agreement_expires_at, 'YYYY-MM-DD'))
     order by t.id`,
    [...scope.params, ids.length === 0, intArray(ids)]);
  return contractorAccountFindings(rows.map((r) => ({
    id: Number(r.id), staffId: r.staff_id, contractorId: r.contractor_id, contractorName: r.name,
    agreementDate: r.agreement_date, agreementExpiresAt: r.agreement_expires_at, day: r.day,
  })));
}

import { intArray } from '../../../common/sql';
import type { AuditSettings } from '../audit-settings';
import { FindingSeverity } from '../audit.entity';
import { type AuditRun, type FindingDraft, addDays, jstDay } from './types';

export interface ContractorState {
  id: number;
  name: string;
  agreementDate: string | null;
  agreementExpiresAt: string | null;
  lastReviewedAt: string | null;
  activeAccounts: number;
}

/**
 * Supervision of contractors (【7】【8】), as of the day the audit runs: a confidentiality agreement
 * missing or expired (CONTRACTOR_AGREEMENT_LAPSED; HIGH while the contractor still has active
 * accounts), a last review older than `contractorReviewDays` or none (CONTRACTOR_REVIEW_OVERDUE).
 */
export function contractorAgreementFindings(contractors: ContractorState[], today: string, settings: AuditSettings): FindingDraft[] {
  const reviewDue = addDays(today, -settings.contractorReviewDays);
  return contractors.flatMap((c): FindingDraft[] => {
    const out: FindingDraft[] = [];
    const data = { name: c.name, agreementDate: c.agreementDate, agreementExpiresAt: c.agreementExpiresAt, lastReviewedAt: c.lastReviewedAt, activeAccounts: c.activeAccounts };
    const lapsed = !c.agreementDate || (c.agreementExpiresAt !== null && c.agreementExpiresAt < today);
    if (lapsed) {
      out.push({
        code: 'CONTRACTOR_AGREEMENT_LAPSED', severity: c.activeAccounts > 0 ? FindingSeverity.HIGH : FindingSeverity.MEDIUM,
        title: '委託先の機密保持契約が失効または未締結',
        detail: c.agreementDate
          ? `委託先「${c.name}」の機密保持契約は ${c.agreementExpiresAt} に期限切れです(有効なアカウント ${c.activeAccounts} 件)。`
          : `委託先「${c.name}」の機密保持契約の締結日が記録されていません(有効なアカウント ${c.activeAccounts} 件)。`,
        contractorId: c.id, data,
      });
    }
    if (!c.lastReviewedAt || c.lastReviewedAt < reviewDue) {
      out.push({
        code: 'CONTRACTOR_REVIEW_OVERDUE', severity: FindingSeverity.MEDIUM, title: '委託先の監督(見直し)期限超過',
        detail: c.lastReviewedAt
          ? `委託先「${c.name}」の最終見直しは ${c.lastReviewedAt} で、${settings.contractorReviewDays} 日を超えています。`
          : `委託先「${c.name}」は見直しの記録がありません。`,
        contractorId: c.id, data,
      });
    }
    return out;
  });
}

export async function findContractorAgreements(run: AuditRun): Promise<FindingDraft[]> {
  const ids = run.scope.contractorIds;
  const rows = await run.query(
    `select k.id, k.name, to_char(k.agreement_date, 'YYYY-MM-DD') as agreement_date,
       to_char(k.agreement_expires_at, 'YYYY-MM-DD') as agreement_expires_at, to_char(k.last_reviewed_at, 'YYYY-MM-DD') as last_reviewed_at,
       (select count(*)::int from staff s where s.contractor_id = k.id and s.active) as active_accounts
     from contractor k where (?::boolean or k.id = any(?::int[])) order by k.id`,
    [ids.length === 0, intArray(ids)]);
  return contractorAgreementFindings(rows.map((r) => ({
    id: r.id, name: r.name, agreementDate: r.agreement_date, agreementExpiresAt: r.agreement_expires_at,
    lastReviewedAt: r.last_reviewed_at, activeAccounts: r.active_accounts,
  })), jstDay(run.now), run.settings);
}

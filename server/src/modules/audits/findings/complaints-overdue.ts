import { FindingSeverity } from '../audit.entity';
import { type AuditRun, type FindingDraft, jstDay } from './types';
import { jstDateText } from '../../../common/jst-sql';

export interface OpenComplaint { id: number; customerId: number | null; receivedOn: string; dueOn: string; ownerId: number | null; aboutPrivacy: boolean }

/** Complaints (【14】) still open after their due date; complaints about the handling of personal data weigh more. */
export function complaintFindings(complaints: OpenComplaint[], today: string): FindingDraft[] {
  return complaints.filter((c) => c.dueOn < today).map((c) => ({
    code: 'COMPLAINT_OVERDUE', severity: c.aboutPrivacy ? FindingSeverity.HIGH : FindingSeverity.MEDIUM,
    title: c.aboutPrivacy ? '期限を過ぎた個人情報の取扱いに関する苦情' : '期限を過ぎた未回答の苦情',
    detail: `苦情 #${c.id}(${c.receivedOn} 受付、担当 ${c.ownerId ? `#${c.ownerId}` : '未割当'})は回答期限 ${c.dueOn} を過ぎても未回答です。`,
    staffId: c.ownerId, customerId: c.customerId, occurredOn: c.dueOn,
    data: { interactionId: c.id, receivedOn: c.receivedOn, dueOn: c.dueOn, aboutPrivacy: c.aboutPrivacy },
  }));
}

export async function findComplaintsOverdue(run: AuditRun): Promise<FindingDraft[]> {
  const rows = await run.query(
    `select i.id, i.customer_id, ${jstDateText('i.occurred_at')} as received_on,
       to_char(i.complaint_due_date, 'YYYY-MM-DD') as due_on, i.complaint_owner_id, i.complaint_about_privacy
     from interaction i where i.kind = 'COMPLAINT' and i.complaint_status = 'OPEN' and i.complaint_due_date is not null order by i.id`);
  return complaintFindings(rows.map((r) => ({
    id: r.id, customerId: r.customer_id, receivedOn: r.received_on, dueOn: r.due_on, ownerId: r.complaint_owner_id, aboutPrivacy: r.complaint_about_privacy,
  })), jstDay(run.now));
}

import { FindingSeverity } from '../audit.entity';
import { requireTable } from './table-check';
import { type AuditRun, type FindingDraft, jstDay } from './types';
import { jstDateText } from '../../../common/jst-sql';

/** A privacy request (【11】) with its deadline and, if done, the day it was done (Japan time). */
export interface PrivacyRequestDue {
  id: number;
  customerId: number;
  kind: string;
  status: string;
  receivedOn: string;
  dueOn: string;
  doneOn: string | null;
}

const DONE = ['COMPLETED', 'REFUSED'];
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/** Requests still open after their due date (HIGH), and requests done late during the audited period (MEDIUM). */
export function privacyRequestFindings(requests: PrivacyRequestDue[], today: string, period: { periodFrom: string; periodTo: string }): FindingDraft[] {
  return requests.flatMap((r): FindingDraft[] => {
    const data = { requestId: r.id, kind: r.kind, status: r.status, receivedOn: r.receivedOn, dueOn: r.dueOn, doneOn: r.doneOn };
    if (!DONE.includes(r.status) && r.dueOn < today) {
      return [{
        code: 'PRIVACY_REQUEST_OVERDUE', severity: FindingSeverity.HIGH, title: '期限を過ぎた未完了の本人からの請求',
        detail: `請求 #${r.id}(${r.kind}、${r.receivedOn} 受付)は期限 ${r.dueOn} を ${daysBetween(r.dueOn, today)} 日過ぎても完了していません(状態 ${r.status})。`,
        customerId: r.customerId, occurredOn: r.dueOn, data,
      }];
    }
    if (r.doneOn && r.doneOn > r.dueOn && r.doneOn >= period.periodFrom && r.doneOn <= period.periodTo) {
      return [{
        code: 'PRIVACY_REQUEST_OVERDUE', severity: FindingSeverity.MEDIUM, title: '期限後に対応した本人からの請求',
        detail: `請求 #${r.id}(${r.kind})は期限 ${r.dueOn} の ${daysBetween(r.dueOn, r.doneOn)} 日後(${r.doneOn})に対応されました。`,
        customerId: r.customerId, occurredOn: r.doneOn, data,
      }];
    }
    return [];
  });
}

export async function findPrivacyRequestsOverdue(run: AuditRun): Promise<FindingDraft[]> {
  const skipped = await requireTable(run, 'privacy_request', ['id', 'customer_id', 'kind', 'status', 'received_at', 'due_at', 'completed_at'], '本人からの請求の期限');
  if (skipped) return [skipped];
  const rows = await run.query(
    `select id, customer_id, kind, status, ${jstDateText('received_at')} as received_on, to_char(due_at, 'YYYY-MM-DD') as due_on,
       ${jstDateText('completed_at')} as done_on
     from privacy_request where status not in ('COMPLETED', 'REFUSED') or completed_at >= ? order by id`, [run.scope.from]);
  return privacyRequestFindings(rows.map((r) => ({
    id: r.id, customerId: r.customer_id, kind: r.kind, status: r.status, receivedOn: r.received_on, dueOn: r.due_on, doneOn: r.done_on,
  })), jstDay(run.now), run.scope);
}

import { FindingSeverity } from '../audit.entity';
import { requireTable } from './table-check';
import { type AuditRun, type FindingDraft, jstDay } from './types';
import { jstDateText } from '../../../common/jst-sql';

/** A reportable leak (APPI art. 26) with its report deadlines and when each report was made (Japan dates). */
export interface LeakReports {
  id: number;
  title: string;
  preliminaryDue: string | null;
  preliminaryDone: string | null;
  finalDue: string | null;
  finalDone: string | null;
}

const REPORTS = [
  { key: 'preliminary', ja: '速報' },
  { key: 'final', ja: '確報' },
] as const;

/** Reports to the PPC not made by their due date (HIGH), or made late during the audited period (MEDIUM). */
export function leakReportFindings(leaks: LeakReports[], today: string, period: { periodFrom: string; periodTo: string }): FindingDraft[] {
  return leaks.flatMap((l) => REPORTS.flatMap(({ key, ja }): FindingDraft[] => {
    const due = key === 'preliminary' ? l.preliminaryDue : l.finalDue;
    const done = key === 'preliminary' ? l.preliminaryDone : l.finalDone;
    if (!due) return [];
    const data = { leakIncidentId: l.id, report: key, dueOn: due, doneOn: done };
    if (!done && due < today) {
      return [{
        code: 'LEAK_REPORT_OVERDUE', severity: FindingSeverity.HIGH, title: `漏えい等報告(${ja})の期限超過`,
        detail: `漏えい等事案 #${l.id}「${l.title}」の個人情報保護委員会への${ja}は期限 ${due} を過ぎても提出されていません。`,
        occurredOn: due, data,
      }];
    }
    if (done && done > due && done >= period.periodFrom && done <= period.periodTo) {
      return [{
        code: 'LEAK_REPORT_OVERDUE', severity: FindingSeverity.MEDIUM, title: `漏えい等報告(${ja})の遅延`,
        detail: `漏えい等事案 #${l.id}「${l.title}」の${ja}は期限 ${due} より遅れて ${done} に提出されました。`,
        occurredOn: done, data,
      }];
    }
    return [];
  }));
}

export async function findLeakReportsOverdue(run: AuditRun): Promise<FindingDraft[]> {
  const skipped = await requireTable(run, 'leak_incident',
    ['id', 'title', 'reportable', 'preliminary_report_due', 'final_report_due', 'preliminary_reported_at', 'final_reported_at'], '漏えい等報告の期限');
  if (skipped) return [skipped];
  const rows = await run.query(
    `select id, title, to_char(preliminary_report_due, 'YYYY-MM-DD') as preliminary_due, ${jstDateText('preliminary_reported_at')} as preliminary_done,
       to_char(final_report_due, 'YYYY-MM-DD') as final_due, ${jstDateText('final_reported_at')} as final_done
     from leak_incident where reportable order by id`);
  return leakReportFindings(rows.map((r) => ({
    id: r.id, title: r.title, preliminaryDue: r.preliminary_due, preliminaryDone: r.preliminary_done, finalDue: r.final_due, finalDone: r.final_done,
  })), jstDay(run.now), run.scope);
}

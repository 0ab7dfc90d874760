import { isRoleKey, ROLES } from '../../../../../schema/policy';
import { intArray, textArray } from '../../../common/sql';
import { FindingSeverity } from '../audit.entity';
import { type AuditRun, type FindingDraft, jstDay } from './types';

const STATUS_JA: Record<string, string> = { PENDING: '承認待ち', APPROVED: '承認', REJECTED: '却下' };
const roleJa = (r: string) => (isRoleKey(r) ? ROLES[r].ja : r);
const who = (name: string | null, id: number | null) => (id == null ? '—' : `${name ?? ''}(担当者 #${id})`);

/**
 * PRIVILEGED_GRANT (【10】): every two-person grant of the period — a privileged role or a personal-data API
 * key — asked for or decided in it, with who asked and who approved or rejected it, and every grant still
 * pending (LOW: it waits for a second privacy manager). The audit's roles and contractors narrow it.
 */
export async function findPrivilegedGrants(run: AuditRun): Promise<FindingDraft[]> {
  const { scope } = run;
  const rows = await run.query(
    `select g.id, g.kind, g.status, g.role, g.purposes, g.staff_id, g.api_key_id, g.contractor_id, g.activates, g.rejection_reason,
       g.requested_by_id, r.name as requested_by_name, g.requested_at, g.decided_by_id, d.name as decided_by_name, g.decided_at,
       coalesce(s.name, k.name) as subject_name
     from grant_request g
       join staff r on r.id = g.requested_by_id
       left join staff d on d.id = g.decided_by_id
       left join staff s on s.id = g.staff_id
       left join api_key k on k.id = g.api_key_id
     where (g.status = 'PENDING' or (g.requested_at >= ? and g.requested_at < ?) or (g.decided_at >= ? and g.decided_at < ?))
       and (?::boolean or g.role = any(?::text[])) and (?::boolean or g.contractor_id = any(?::int[]))
     order by g.requested_at, g.id`,
    [scope.from, scope.to, scope.from, scope.to, scope.roles.length === 0, textArray(scope.roles), scope.contractorIds.length === 0, intArray(scope.contractorIds)]);
  return rows.map((g): FindingDraft => {
    const subject = g.kind === 'API_KEY' ? `APIキー #${g.api_key_id}「${g.subject_name ?? ''}」` : `${g.subject_name ?? ''}(担当者 #${g.staff_id})`;
    const what = g.kind === 'API_KEY' ? `${roleJa(g.role)}・目的 ${(g.purposes as string[]).join('、') || 'なし'}` : `${roleJa(g.role)}${g.activates ? '(再有効化)' : ''}`;
    const decided = g.status === 'PENDING' ? '第二の個人情報保護管理者の判断を待っています'
      : `${who(g.decided_by_name, g.decided_by_id)} が ${jstDay(g.decided_at)} に${STATUS_JA[g.status]}しました${g.rejection_reason ? `(理由: ${g.rejection_reason})` : ''}`;
    return {
      code: 'PRIVILEGED_GRANT', severity: g.status === 'PENDING' ? FindingSeverity.LOW : FindingSeverity.INFO,
      title: `特権の付与(${STATUS_JA[g.status] ?? g.status})`,
      detail: `${who(g.requested_by_name, g.requested_by_id)} が ${jstDay(g.requested_at)} に ${subject} への ${what} を申請し、${decided}。`,
      staffId: g.staff_id ?? null, contractorId: g.contractor_id ?? null, occurredOn: jstDay(g.decided_at ?? g.requested_at),
      data: {
        grantRequestId: g.id, kind: g.kind, status: g.status, role: g.role, purposes: g.purposes, apiKeyId: g.api_key_id,
        requestedById: g.requested_by_id, requestedAt: new Date(g.requested_at).toISOString(),
        decidedById: g.decided_by_id, decidedAt: g.decided_at ? new Date(g.decided_at).toISOString() : null,
      },
    };
  });
}

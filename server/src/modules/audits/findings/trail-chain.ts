import { verifyTrail, type VerificationResult } from '../../../trail/verify';
import { FindingSeverity } from '../audit.entity';
import type { AuditRun, FindingDraft } from './types';

/** The chain check of the period's entries as a finding: INFO when it verifies, CRITICAL when not. */
export function trailChainFinding(range: { first: number; last: number } | null, result: VerificationResult | null): FindingDraft {
  if (!range || !result) {
    return {
      code: 'TRAIL_CHAIN_VERIFIED', severity: FindingSeverity.INFO, title: 'アクセス記録の改ざん検証(対象なし)',
      detail: '監査期間内のアクセス記録はありません。', data: { checked: 0 },
    };
  }
  if (result.ok) {
    return {
      code: 'TRAIL_CHAIN_VERIFIED', severity: FindingSeverity.INFO, title: 'アクセス記録の改ざん検証: 正常',
      detail: `記録 #${range.first}〜#${range.last} の ${result.checked} 件のハッシュ連鎖を検証し、改ざんは見つかりませんでした。`,
      evidence: [range.first, range.last], data: { ...range, checked: result.checked },
    };
  }
  return {
    code: 'TRAIL_CHAIN_BROKEN', severity: FindingSeverity.CRITICAL, title: 'アクセス記録の改ざんまたは欠落を検出',
    detail: `記録 #${range.first}〜#${range.last} の検証で、#${result.firstBrokenId} のハッシュまたは連鎖が一致しません(${result.checked} 件まで正常)。`,
    evidence: result.firstBrokenId != null ? [result.firstBrokenId] : [], data: { ...range, checked: result.checked, firstBrokenId: result.firstBrokenId },
  };
}

/** Walks the hash chain over the ids of the period's entries (whatever their role or purpose). */
export async function findTrailChain(run: AuditRun): Promise<FindingDraft[]> {
  const [r] = await run.query(`select min(id)::int as first, max(id)::int as last from trail_entry where at >= ? and at < ?`, [run.scope.from, run.scope.to]);
  if (r.first == null) return [trailChainFinding(null, null)];
  const range = { first: Number(r.first), last: Number(r.last) };
  return [trailChainFinding(range, await verifyTrail(run.em, range.first, range.last))];
}

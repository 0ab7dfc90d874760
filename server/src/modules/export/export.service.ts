import { exportCap, isRoleKey, mayPerform, RESOURCES, type ResourceName } from '../../../../schema/policy';
import { recordSecurityEvent } from '../../trail/security-events';
import { badInput, forbidden } from '../../common/errors';
import type { RequestContext } from '../../context';
import type { ExportRecorded } from './export.types';
import type { ExportInput } from './export.inputs';

const REASON_MIN = 2;
const REASON_MAX = 500;
const FILTER_MAX_CHARS = 2_000;

const isResource = (name: string): name is ResourceName => Object.prototype.hasOwnProperty.call(RESOURCES, name);

/** The export cap of the request's role under its declared purpose (schema/policy/exports.ts). */
export function allowanceOf(ctx: RequestContext): number {
  return exportCap(ctx.actor?.role, ctx.purpose);
}

/**
 * Records an export before its file is written: a reason, a resource the role may read under the
 * declared purpose, and no more rows than the policy's cap. Refused otherwise, and nothing recorded.
 * The rows themselves are read through the list queries, each read recorded like any other.
 */
export async function recordExport(ctx: RequestContext, input: ExportInput): Promise<ExportRecorded> {
  const role = ctx.actor?.role;
  if (!isResource(input.resource) || !isRoleKey(role) || !mayPerform(input.resource, 'read', role, ctx.purpose, ctx.policy.rules)) {
    throw forbidden('This role may not export this list under this purpose', 'この役割と利用目的ではこの一覧をエクスポートできません');
  }
  const reason = String(input.reason ?? '').trim();
  if (reason.length < REASON_MIN || reason.length > REASON_MAX) {
    throw badInput('reason', `エクスポートの理由を${REASON_MIN}〜${REASON_MAX}文字で入力してください`, `Give the export's reason (${REASON_MIN}–${REASON_MAX} characters)`);
  }
  if (!Number.isInteger(input.rowCount) || input.rowCount < 1) {
    throw badInput('rowCount', 'エクスポートする行がありません', 'Nothing to export');
  }
  const cap = allowanceOf(ctx);
  if (input.rowCount > cap) {
    throw badInput('rowCount',
      cap === 0 ? 'この利用目的ではエクスポートできません' : `この利用目的でエクスポートできるのは ${cap.toLocaleString('ja-JP')} 行までです。絞り込んでください`,
      cap === 0 ? 'No export under this purpose' : `At most ${cap} rows may be exported under this purpose; narrow the list`);
  }
  const filter = JSON.stringify(input.filter ?? {});
  if (filter.length > FILTER_MAX_CHARS) throw badInput('filter', '絞り込み条件が長すぎます', 'Filter too long');
  const recordedAt = new Date();
  await recordSecurityEvent(ctx, 'EXPORT', {
    resource: input.resource, purpose: ctx.purpose, reason, rowCount: input.rowCount, cap, filter: JSON.parse(filter),
  });
  return { rowCount: input.rowCount, cap, recordedAt };
}

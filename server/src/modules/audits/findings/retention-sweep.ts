import { ITEMS } from '../../live-retention/live-sweep';
import { LIVE_KINDS, LIVE_RETENTION, type LiveKind, liveSchedule } from '../../live-retention/schedule';
import { dueDateOf } from '../../privacy-request/legal-retention';
import { legalSettings } from '../../privacy-request/legal-settings';
import { FindingSeverity } from '../audit.entity';
import { requireTable } from './table-check';
import { type AuditRun, type FindingDraft, jstDay } from './types';
import { jstDate, jstDateText } from '../../../common/jst-sql';

/** What should have been swept by `today` and is still there, per kind of record (LIVE_*: the live-data schedule, art. 22). */
export interface Unswept {
  kind: 'ORDERS' | 'PROVISION_RECORDS' | 'DISCLOSURE_FILES' | 'TRAIL_PARTITIONS' | `LIVE_${LiveKind}`;
  count: number;
  customerIds: number[];
  oldestDue: string | null;
  /** More to keep in the finding's data (the trail's partitions left). */
  extra?: Record<string, unknown>;
}

const KIND_JA: Record<Unswept['kind'], string> = {
  ORDERS: '削除済み顧客の注文(法定保存期間の満了)',
  PROVISION_RECORDS: '削除済み顧客の第三者提供記録(保存期間満了)',
  DISCLOSURE_FILES: '有効期限切れの開示ファイル',
  TRAIL_PARTITIONS: 'アクセス記録の保存期間を過ぎた月の記録(npm run trail:archive によるアーカイブと削除が未実施)',
  ...Object.fromEntries(LIVE_KINDS.map((k) => [`LIVE_${k}`, `${LIVE_RETENTION[k].ja}(利用中のデータの保存期間の満了、第22条)`])) as Record<`LIVE_${LiveKind}`, string>,
};

/** One RETENTION_NOT_SWEPT finding per kind of record kept past its retention period. */
export function retentionFindings(unswept: Unswept[]): FindingDraft[] {
  return unswept.filter((u) => u.count > 0).map((u) => ({
    code: 'RETENTION_NOT_SWEPT', severity: FindingSeverity.MEDIUM, title: '保存期間を過ぎたデータが削除されていません',
    detail: `${KIND_JA[u.kind]}が ${u.count} 件残っています(最も古い期限 ${u.oldestDue ?? '不明'})。`,
    customerId: u.customerIds.length === 1 ? u.customerIds[0] : null, occurredOn: u.oldestDue,
    data: { kind: u.kind, count: u.count, customerIds: u.customerIds.slice(0, 1_000), ...u.extra },
  }));
}

/** Checks what the retention sweep (privacy-request workflow) should have removed before today. */
export async function findRetentionNotSwept(run: AuditRun): Promise<FindingDraft[]> {
  const today = jstDay(run.now);
  const skipped: FindingDraft[] = [];
  const unswept: Unswept[] = [];
  const summary = async (kind: Unswept['kind'], sql: string, params: unknown[]) => {
    const [r] = await run.query(`select count(*)::int as count, coalesce(array_agg(distinct customer_id) filter (where customer_id is not null), '{}') as customer_ids,
      to_char(min(due), 'YYYY-MM-DD') as oldest_due from (${sql}) x`, params);
    unswept.push({ kind, count: r.count, customerIds: (r.customer_ids as number[]).sort((a, b) => a - b), oldestDue: r.oldest_due });
  };
  const erasure = await requireTable(run, 'customer_erasure', ['customer_id', 'purged_at'], '保存期間を過ぎた注文の削除');
  if (erasure) skipped.push(erasure);
  else {
    const held = await run.query<{ id: number; customer_id: number; placed: string }>(`select o.id, o.customer_id,
        ${jstDateText('o.placed_at')} as placed
      from "order" o join customer_erasure e on e.customer_id = o.customer_id where e.purged_at is null`);
    const settings = await legalSettings(run);
    const late = held.map((o) => ({ ...o, due: dueDateOf('orders', o.placed, settings) })).filter((o) => o.due < today);
    unswept.push({
      kind: 'ORDERS', count: late.length, customerIds: [...new Set(late.map((o) => o.customer_id))].sort((a, b) => a - b),
      oldestDue: late.map((o) => o.due).sort()[0] ?? null,
    });
    const provision = await requireTable(run, 'provision_record', ['customer_id', 'keep_until'], '保存期間を過ぎた提供記録の削除');
    if (provision) skipped.push(provision);
    else {
      await summary('PROVISION_RECORDS', `select p.customer_id, p.keep_until + 1 as due from provision_record p
        join customer_erasure e on e.customer_id = p.customer_id where e.purged_at is null and p.keep_until + 1 < ?::date`, [today]);
    }
  }
  const files = await requireTable(run, 'disclosure_download', ['customer_id', 'file_path', 'expires_at'], '期限切れ開示ファイルの削除');
  if (files) skipped.push(files);
  else {
    await summary('DISCLOSURE_FILES', `select d.customer_id, ${jstDate('d.expires_at')} as due from disclosure_download d
      where d.file_path is not null and d.expires_at < ?`, [run.now]);
  }
  // The live-data schedule (modules/live-retention): due before today and still there means the daily sweep did not run.
  const what = '利用中のデータの保存期間(第22条)';
  const liveSkip = (await requireTable(run, 'privacy_setting', ['key', 'value'], what))
    ?? (await requireTable(run, 'privacy_request', ['customer_id', 'status', 'completed_at', 'requester_name', 'requester_contact'], what));
  if (liveSkip) skipped.push(liveSkip);
  else {
    const live = (await liveSchedule(run)).value;
    for (const kind of LIVE_KINDS) {
      await summary(`LIVE_${kind}`, `select x.customer_id, x.due from (${ITEMS[kind]}) x where x.due < ?::date`, [live[kind], today]);
    }
  }
  return [...skipped, ...retentionFindings(unswept)];
}

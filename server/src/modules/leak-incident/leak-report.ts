import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CATEGORIES, isCategoryKey, OPERATOR } from '../../../../schema/policy';
import { badInput } from '../../common/errors';
import { idOf } from '../../common/list';
import { intArray } from '../../common/sql';
import type { RequestContext } from '../../context';
import { recordChange } from '../../trail/change-trail';
import { type CsvColumn, csvChunks } from '../privacy-request/csv';
import { jstDateOf } from '../../common/japan-dates';
import type { LeakIncident } from './leak-incident.entity';
import { LeakIncidentService, reportableReasons } from './leak-incident.service';
import type { LinkFromTrailArgs } from './leak-incident.inputs';

export enum LeakReportStage { PRELIMINARY = 'PRELIMINARY', FINAL = 'FINAL' }
export enum LeakReportFormat { HTML = 'HTML', CSV = 'CSV' }
export enum NoticeMethod { EMAIL = 'EMAIL', LETTER = 'LETTER', PHONE = 'PHONE', IN_PERSON = 'IN_PERSON' }
registerEnumType(LeakReportStage, { name: 'LeakReportStage', description: '速報 (preliminary) or 確報 (final)' });
registerEnumType(LeakReportFormat, { name: 'LeakReportFormat' });
registerEnumType(NoticeMethod, { name: 'NoticeMethod' });

@ObjectType()
export class LeakPeople {
  @Field(() => Int, { description: 'People newly linked by this action' }) added!: number;
  @Field(() => Int, { description: 'People linked to the incident in all' }) linked!: number;
  @Field(() => Int, { description: 'Of them, told one by one' }) notified!: number;
}

@ObjectType()
export class LeakReportFile {
  @Field(() => String) filename!: string;
  @Field(() => String) contentType!: string;
  @Field(() => String) content!: string;
}

async function counts(ctx: RequestContext, incidentId: number): Promise<{ linked: number; notified: number }> {
  const [r] = await ctx.em.execute(`select count(*)::int as linked, count(notified_at)::int as notified from leak_affected_person where incident_id = ?`, [incidentId]);
  return r as { linked: number; notified: number };
}

/** The people linked to an incident and how many were told, for the incident's fields. */
export const leakCounts = counts;

/**
 * Links to the incident everyone whose data an account read in a time window, from the access trail (the
 * read is recorded as a read of the trail). The incident's number of people is raised to the number linked.
 */
export async function linkAffectedFromTrail(ctx: RequestContext, a: LinkFromTrailArgs): Promise<LeakPeople> {
  const incident = await new LeakIncidentService(ctx).get(a.incidentId);
  if (!a.staffId === !a.apiKeyId) throw badInput('staffId', '職員か API キーのどちらか一方を指定してください', 'Give either a staff account or an API key');
  if (!(a.from < a.to)) throw badInput('to', '終了は開始より後にしてください', 'The window must end after it starts');
  const [who, id] = a.staffId ? ['staff_id', idOf(a.staffId, 'staffId')] : ['api_key_id', idOf(a.apiKeyId, 'apiKeyId')];
  const added = await ctx.em.execute(`insert into leak_affected_person (incident_id, customer_id, found_by)
    select distinct ?::int, t.customer_id, 'TRAIL' from trail_entry t join customer c on c.id = t.customer_id
    where t.kind = 'ACCESS' and t.${who} = ? and t.at >= ? and t.at < ? and t.customer_id is not null
    on conflict do nothing returning customer_id`, [incident.id, id, a.from, a.to]);
  ctx.trailReads.push({ kind: 'ACCESS', returned: added.length, filter: { [who]: id, from: a.from.toISOString(), to: a.to.toISOString(), leakIncidentId: incident.id } });
  const c = await counts(ctx, incident.id);
  if (c.linked > incident.peopleAffected) await new LeakIncidentService(ctx).update(incident.id, { peopleAffected: c.linked });
  await recordChange(ctx, {
    entity: 'LeakIncident', entityId: incident.id, subjectId: null, action: 'UPDATE', reason: `アクセス記録から対象者を特定 / people found from the trail`,
    plan: { changes: { affectedLinked: c.linked }, personal: [] }, before: { affectedLinked: c.linked - added.length },
  });
  return { added: added.length, ...c };
}

/** Records that the given linked people (all not yet told, when none are given) were told, and how. */
export async function recordLeakNotices(ctx: RequestContext, incidentId: unknown, method: NoticeMethod, customerIds?: string[]): Promise<LeakPeople> {
  const incident = await new LeakIncidentService(ctx).get(incidentId);
  const ids = customerIds?.map((c) => idOf(c, 'customerIds'));
  const told = await ctx.em.execute(`update leak_affected_person set notified_at = now(), notice_method = ?
    where incident_id = ? and notified_at is null ${ids ? 'and customer_id = any(?::int[])' : ''} returning customer_id`,
  ids ? [method, incident.id, intArray(ids)] : [method, incident.id]);
  const c = await counts(ctx, incident.id);
  await new LeakIncidentService(ctx).update(incident.id, { peopleNotifiedCount: c.notified, peopleNotifiedAt: incident.peopleNotifiedAt ?? new Date() });
  return { added: told.length, ...c };
}

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const day = (d: Date | null | undefined) => (d ? jstDateOf(d) : '—');
const REASONS_JA: Record<string, string> = {
  SENSITIVE_DATA: '要配慮個人情報の漏えい等', FINANCIAL_HARM: '財産的被害が生じるおそれ', MALICIOUS_INTENT: '不正の目的によるおそれ', MORE_THAN_1000_PEOPLE: '1,000人を超える漏えい等',
};

/** The report's items, in the order of PPC rules art. 8(1). */
function items(i: LeakIncident, c: { linked: number; notified: number }): [string, string][] {
  const categories = i.dataCategories.map((k) => (isCategoryKey(k) ? CATEGORIES[k].ja : k)).join('、') || '—';
  const response = [i.responseToPeople ?? '', i.publicNoticeInstead ? '個別の通知に代えて公表により対応' : `通知済み ${c.notified} 名 / 特定済み ${c.linked} 名`]
    .filter(Boolean).join('。');
  return [
    ['一 概要', i.summary ?? '—'],
    ['二 漏えい等が発生し、又は発生したおそれがある個人データの項目', categories],
    ['三 漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数', `${i.peopleAffected} 名`],
    ['四 原因', i.cause ?? '—'],
    ['五 二次被害又はそのおそれの有無及びその内容', i.secondaryHarm ?? '—'],
    ['六 本人への対応の実施状況', response],
    ['七 公表の実施状況', i.publication ?? '—'],
    ['八 再発防止のための措置', i.prevention ?? '—'],
    ['九 その他参考となる事項', i.otherNotes ?? '—'],
  ];
}

/**
 * The report to the PPC (個人情報の保護に関する法律施行規則第8条) as a printable Japanese HTML page or CSV: who
 * reports, the incident's dates and why it is reportable, then items 一–九. The export is recorded in the trail.
 */
export async function leakReport(ctx: RequestContext, id: unknown, stage: LeakReportStage, format: LeakReportFormat): Promise<LeakReportFile> {
  const i = await new LeakIncidentService(ctx).get(id);
  const c = await counts(ctx, i.id);
  const stageJa = stage === LeakReportStage.PRELIMINARY ? '速報' : '確報';
  const head: [string, string][] = [
    ['報告の種別', stageJa], ['報告者', `${OPERATOR.name.ja}(${OPERATOR.entity.ja}) 〒${OPERATOR.postalCode} ${OPERATOR.address.ja}`],
    ['事案', i.title], ['発覚日', day(i.discoveredAt)], ['発生日', day(i.occurredAt)],
    ['報告対象となる事由', reportableReasons(i).map((r) => REASONS_JA[r] ?? r).join('、') || '報告対象外'],
    ['報告期限', (stage === LeakReportStage.PRELIMINARY ? i.preliminaryReportDue : i.finalReportDue) ?? '—'],
  ];
  const rows = [...head, ...items(i, c)];
  const base = `leak-report-${i.id}-${stage.toLowerCase()}`;
  await recordChange(ctx, {
    entity: 'LeakIncident', entityId: i.id, subjectId: null, action: 'UPDATE', reason: `報告書の出力(${stageJa}) / report exported`,
    plan: { changes: { reportExported: `${stage} ${format}` }, personal: [] }, before: null,
  });
  if (format === LeakReportFormat.CSV) {
    const columns: CsvColumn<[string, string]>[] = [['項目', (r) => r[0]], ['内容', (r) => r[1]]];
    return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', content: Buffer.concat([...csvChunks(columns, rows)]).toString('utf8') };
  }
  const html = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>漏えい等報告(${stageJa}) ${esc(i.title)}</title>
<style>body{font-family:"IPAGothic","Noto Sans JP",sans-serif;margin:2em}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #555;padding:.4em;vertical-align:top;text-align:left;white-space:pre-wrap}th{width:32%;background:#eee}@page{size:A4;margin:15mm}</style></head>
<body><h1>個人データの漏えい等の報告(${stageJa})</h1><p>個人情報の保護に関する法律第26条第1項・同法施行規則第8条第${stage === LeakReportStage.PRELIMINARY ? 1 : 2}項による報告</p>
<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('\n')}</table></body></html>`;
  return { filename: `${base}.html`, contentType: 'text/html; charset=utf-8', content: html };
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { isCategoryKey } from '../../../../schema/policy';
import { recordChange } from '../../trail/change-trail';
import { badInput, notFound } from '../../common/errors';
import { idOf, type ListArgs, pageOf, sortOrderOf } from '../../common/list';
import { intArray, likeContains } from '../../common/sql';
import { check } from '../../common/validate';
import type { RequestContext } from '../../context';
import { scopeOf } from '../../policy/row-scope';
import { settings } from '../../config';
import { addDays, jstDateOf, todayInJapan } from '../../common/japan-dates';
import { Staff } from '../staff/staff.entity';
import { LeakIncident } from './leak-incident.entity';
import type { LeakIncidentFields, LeakIncidentFilter } from './leak-incident.inputs';
import { JST_TODAY } from '../../common/jst-sql';

/** Preliminary report (速報): "promptly", 3–5 days from discovery by the PPC guidelines; default 5. */
const PRELIMINARY_REPORT_DAYS = settings().MAMORI_LEAK_PRELIMINARY_DAYS;
/** Final report (確報): 30 days, 60 when the leak may come from malicious intent (PPC rules art. 8). */
const FINAL_REPORT_DAYS = 30;
const FINAL_REPORT_DAYS_MALICE = 60;
/** More than this many people affected makes a leak reportable by itself. */
const REPORTABLE_PEOPLE = 1000;

/** Why an incident must be reported to the PPC (APPI art. 26, PPC rules art. 7); empty when it need not be. */
export function reportableReasons(i: LeakIncident): string[] {
  return [
    i.involvesSensitiveData && 'SENSITIVE_DATA',
    (i.financialHarmPossible || i.involvesCardData) && 'FINANCIAL_HARM',
    i.maliciousIntent && 'MALICIOUS_INTENT',
    i.peopleAffected > REPORTABLE_PEOPLE && 'MORE_THAN_1000_PEOPLE',
  ].filter((r): r is string => !!r);
}

export const preliminaryReportOverdue = (i: LeakIncident, today = todayInJapan()) =>
  i.reportable && !i.preliminaryReportedAt && !!i.preliminaryReportDue && i.preliminaryReportDue < today;
export const finalReportOverdue = (i: LeakIncident, today = todayInJapan()) =>
  i.reportable && !i.finalReportedAt && !!i.finalReportDue && i.finalReportDue < today;

const OVERDUE_SQL = `(l.reportable and ((l.preliminary_reported_at is null and l.preliminary_report_due < ${JST_TODAY})
  or (l.final_reported_at is null and l.final_report_due < ${JST_TODAY})))`;
const SORTS: Record<string, string> = { id: 'l.id', discoveredAt: 'l.discovered_at', peopleAffected: 'l.people_affected', title: 'l.title' };
/** What PPC rules art. 8 asks a report to say besides the summary, items and number of people. */
export const REPORT_TEXTS = ['cause', 'secondaryHarm', 'responseToPeople', 'publication', 'prevention', 'otherNotes'] as const;
const DATES = ['discoveredAt', 'occurredAt', 'preliminaryReportedAt', 'finalReportedAt', 'peopleNotifiedAt'] as const;

export class LeakIncidentService {
  constructor(private readonly ctx: RequestContext) {}
  private get em(): EntityManager { return this.ctx.em; }

  /** Incidents with an overdue report first, then the sort asked for (default: newest discovery). */
  async list(args: ListArgs, filter: LeakIncidentFilter = {}): Promise<LeakIncident[]> {
    const { limit, offset } = pageOf(args);
    const column = SORTS[args.sortField ?? 'discoveredAt'];
    if (!column) throw badInput('sortField', '並べ替えできない項目です', `Cannot sort by ${args.sortField}`);
    const order = args.sortField ? sortOrderOf(args) : 'desc';
    const { sql, params } = this.where(filter);
    const rows = await this.em.execute(
      `select l.id from leak_incident l where ${sql} order by ${OVERDUE_SQL} desc, ${column} ${order}, l.id limit ? offset ?`, [...params, limit, offset]);
    const ids: number[] = rows.map((r) => Number(r.id));
    const found = new Map((await this.em.find(LeakIncident, { id: { $in: ids } })).map((i) => [i.id, i]));
    return ids.map((i) => found.get(i)!).filter(Boolean);
  }

  async count(filter: LeakIncidentFilter = {}): Promise<number> {
    const { sql, params } = this.where(filter);
    const [row] = await this.em.execute(`select count(*)::int as n from leak_incident l where ${sql}`, params);
    return row.n;
  }

  async get(id: unknown): Promise<LeakIncident> {
    scopeOf(this.ctx, 'LeakIncident');
    const found = await this.em.findOne(LeakIncident, { id: idOf(id) });
    if (!found) throw notFound('LeakIncident');
    return found;
  }

  async create(args: LeakIncidentFields): Promise<LeakIncident> {
    const incident = this.em.create(LeakIncident, {
      recordedBy: this.ctx.actor?.staffId ? this.em.getReference(Staff, this.ctx.actor.staffId) : null,
    }, { partial: true });
    this.apply(incident, args, true);
    await this.em.flush();
    await this.record(incident, 'CREATE', null, args);
    return incident;
  }

  async update(id: unknown, args: LeakIncidentFields): Promise<LeakIncident> {
    const incident = await this.get(id);
    const before = { ...incident } as Record<string, unknown>;
    this.apply(incident, args, false);
    await this.em.flush();
    await this.record(incident, 'UPDATE', before, args);
    return incident;
  }

  /** Validates the given fields onto the incident, then derives reportability and the deadlines from the whole. */
  private apply(i: LeakIncident, a: LeakIncidentFields, creating: boolean): void {
    if (creating || a.title !== undefined) i.title = check.maxLength('title', check.required('title', a.title), 200);
    if (a.summary !== undefined) i.summary = a.summary ? check.maxLength('summary', a.summary, 4000) : null;
    for (const f of REPORT_TEXTS) if (a[f] !== undefined) i[f] = a[f]?.trim() ? check.maxLength(f, a[f]!.trim(), 4000) : null;
    if (a.publicNoticeInstead != null) i.publicNoticeInstead = a.publicNoticeInstead;
    if (creating && !a.discoveredAt) throw badInput('discoveredAt', '発覚日時は必須です', 'discoveredAt is required');
    if (creating && a.peopleAffected == null) throw badInput('peopleAffected', '対象人数は必須です', 'peopleAffected is required');
    if (a.peopleAffected != null) {
      if (!Number.isInteger(a.peopleAffected) || a.peopleAffected < 0) throw badInput('peopleAffected', '対象人数は0以上の整数です', 'peopleAffected must be a whole number ≥ 0');
      i.peopleAffected = a.peopleAffected;
    }
    if (a.dataCategories) {
      const bad = a.dataCategories.find((c) => !isCategoryKey(c));
      if (bad) throw badInput('dataCategories', `不明なデータ区分: ${bad}`, `Unknown data category ${bad}`);
      i.dataCategories = [...new Set(a.dataCategories)];
    }
    for (const f of ['involvesCardData', 'involvesSensitiveData', 'maliciousIntent', 'financialHarmPossible'] as const) {
      if (a[f] != null) i[f] = a[f]!;
    }
    for (const f of DATES) {
      const v = a[f];
      if (v === undefined) continue;
      if (v !== null && (Number.isNaN(v.getTime()) || v.getTime() > Date.now() + 5 * 60_000)) throw badInput(f, '日時が未来です', `${f} is in the future`);
      if (f === 'discoveredAt' && v === null) throw badInput(f, '発覚日時は必須です', 'discoveredAt is required');
      Object.assign(i, { [f]: v }); // discoveredAt is never null here (checked above)
    }
    for (const f of ['preliminaryReportedAt', 'finalReportedAt', 'peopleNotifiedAt'] as const) {
      if (i[f] && i[f]!.getTime() < i.discoveredAt.getTime()) throw badInput(f, '発覚より前の日時です', `${f} is before the discovery`);
    }
    if (a.peopleNotifiedCount !== undefined) {
      if (a.peopleNotifiedCount !== null && (!Number.isInteger(a.peopleNotifiedCount) || a.peopleNotifiedCount < 0)) {
        throw badInput('peopleNotifiedCount', '通知人数は0以上の整数です', 'peopleNotifiedCount must be a whole number ≥ 0');
      }
      i.peopleNotifiedCount = a.peopleNotifiedCount;
    }
    i.reportable = reportableReasons(i).length > 0;
    const discovered = jstDateOf(i.discoveredAt);
    i.preliminaryReportDue = i.reportable ? addDays(discovered, PRELIMINARY_REPORT_DAYS) : null;
    i.finalReportDue = i.reportable ? addDays(discovered, i.maliciousIntent ? FINAL_REPORT_DAYS_MALICE : FINAL_REPORT_DAYS) : null;
  }

  private record(i: LeakIncident, action: 'CREATE' | 'UPDATE', before: Record<string, unknown> | null, args: LeakIncidentFields) {
    const fields = Object.keys(args).filter((k) => k !== 'id' && (args as Record<string, unknown>)[k] !== undefined);
    const changes = Object.fromEntries([...fields, 'reportable'].map((f) => [f, (i as unknown as Record<string, unknown>)[f]]));
    return recordChange(this.ctx, { entity: 'LeakIncident', entityId: i.id, subjectId: null, action, plan: { changes, personal: [] }, before, reason: null });
  }

  private where(f: LeakIncidentFilter): { sql: string; params: unknown[] } {
    scopeOf(this.ctx, 'LeakIncident');
    const parts = ['true'];
    const params: unknown[] = [];
    if (f.ids) { parts.push('l.id = any(?::int[])'); params.push(intArray(f.ids.map((v) => idOf(v, 'filter.ids')))); }
    if (f.reportable != null) { parts.push('l.reportable = ?'); params.push(f.reportable); }
    if (f.overdue) parts.push(OVERDUE_SQL);
    if (f.q?.trim()) { parts.push('l.title ilike ?'); params.push(likeContains(f.q.trim())); }
    return { sql: parts.join(' and '), params };
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { isPurposeKey, isRoleKey, mayConductAudits, mayPerform } from '../../../../schema/policy';
import { recordChange } from '../../trail/change-trail';
import { badInput, conflict, forbidden, notFound } from '../../common/errors';
import { idOf, type ListArgs, pageOf, sortOrderOf } from '../../common/list';
import { intArray, likeContains, sqlIn } from '../../common/sql';
import { check } from '../../common/validate';
import { inTransaction, type RequestContext } from '../../context';
import { Contractor } from '../contractor/contractor.entity';
import { Staff } from '../staff/staff.entity';
import { type AuditSettings, defaultAuditSettings, mergeSettings } from './audit-settings';
import { Audit, AuditFinding, AuditStatus, FindingSeverity } from './audit.entity';
import type { AuditFields, AuditFilter, AuditFindingFilter } from './audit.inputs';
import { addDays, type AuditScope, generateFindings, jstMidnight } from './findings';
import { EVIDENCE_LIMIT } from './findings/types';
import { acceptByRules, liveRules } from './accept-rules';
import { findingKeys } from './finding-triage';
import { findingsInWords } from './findings/words';

const SORTS: Record<string, string> = {
  id: 'a.id', title: 'a.title', periodFrom: 'a.period_from', periodTo: 'a.period_to', plannedDate: 'a.planned_date',
  status: 'a.status', lastRunAt: 'a.last_run_at', createdAt: 'a.created_at',
};
const SEVERITY_ORDER = Object.values(FindingSeverity);
const FINAL: AuditStatus[] = [AuditStatus.COMPLETED, AuditStatus.CANCELLED];
/** Fields whose change makes earlier findings stale. */
const SCOPE_FIELDS = ['periodFrom', 'periodTo', 'roles', 'purposes', 'contractorIds', 'settings'];

/** Audits (【13】): plan, run (findings from the trail and the records), conclude. Every change is in the trail. */
export class AuditService {
  constructor(private readonly ctx: RequestContext) {}
  private get em(): EntityManager { return this.ctx.em; }

  async list(args: ListArgs, filter: AuditFilter = {}): Promise<Audit[]> {
    const { limit, offset } = pageOf(args);
    const column = SORTS[args.sortField ?? 'id'];
    if (!column) throw badInput('sortField', '並べ替えできない項目です', `Cannot sort by ${args.sortField}`);
    const { sql, params } = where(filter);
    const rows = await sqlIn(this.em)(
      `select a.id from audit a where ${sql} order by ${column} ${args.sortField ? sortOrderOf(args) : 'desc'}, a.id desc limit ? offset ?`,
      [...params, limit, offset]);
    const ids = rows.map((r) => Number(r.id));
    const found = new Map((await this.em.find(Audit, { id: { $in: ids } })).map((a) => [a.id, a]));
    return ids.map((id) => found.get(id)!).filter(Boolean);
  }

  async count(filter: AuditFilter = {}): Promise<number> {
    const { sql, params } = where(filter);
    const [row] = await sqlIn(this.em)(`select count(*)::int as n from audit a where ${sql}`, params);
    return row.n;
  }

  async get(id: unknown): Promise<Audit> {
    const audit = await this.em.findOne(Audit, { id: idOf(id) });
    if (!audit) throw notFound('Audit');
    return audit;
  }

  async create(args: AuditFields): Promise<Audit> {
    const values = await this.validate(args, null);
    if (values.status && values.status !== AuditStatus.PLANNED) {
      throw badInput('status', '監査は「計画」として登録してください', 'An audit starts as PLANNED');
    }
    const auditor = values.auditor === undefined && mayConductAudits(this.ctx.actor!.role) && this.ctx.actor!.staffId
      ? this.em.getReference(Staff, this.ctx.actor!.staffId) : values.auditor;
    const audit = this.em.create(Audit, { ...values, auditor, status: AuditStatus.PLANNED } as Audit);
    await this.em.flush();
    await this.record(audit, 'CREATE', null, snapshot(audit));
    return audit;
  }

  async update(id: unknown, args: AuditFields): Promise<Audit> {
    const audit = await this.get(id);
    if (FINAL.includes(audit.status)) throw conflict('完了または中止した監査は変更できません', 'A completed or cancelled audit cannot change');
    const values = await this.validate(args, audit);
    if (values.status === AuditStatus.COMPLETED) {
      if (!audit.lastRunAt) throw conflict('監査を実行してから完了してください', 'Run the audit before completing it', 'status');
      if (!(values.conclusion ?? audit.conclusion)?.trim()) throw badInput('conclusion', '完了には結論が必要です', 'A conclusion is required to complete an audit');
      values.completedAt = new Date();
    }
    const before = snapshot(audit);
    this.em.assign(audit, values as Partial<Audit>);
    // Findings of another scope or other thresholds no longer describe this audit: run it again.
    if (audit.lastRunAt && SCOPE_FIELDS.some((k) => JSON.stringify(before[k]) !== JSON.stringify(snapshot(audit)[k]))) {
      if (audit.status === AuditStatus.COMPLETED) throw conflict('範囲や基準を変えたら監査を再実行してください', 'Run the audit again after changing its scope', 'status');
      await this.em.nativeDelete(AuditFinding, { audit: audit.id });
      audit.lastRunAt = null;
    }
    await this.em.flush();
    await this.record(audit, 'UPDATE', before, snapshot(audit));
    return audit;
  }

  /** Generates the findings of the audit's scope, replacing those of an earlier run (reads first, then one transaction). */
  async run(id: unknown): Promise<Audit> {
    this.assertMay('update');
    const audit = await this.get(id);
    if (FINAL.includes(audit.status)) throw conflict('完了または中止した監査は再実行できません', 'A completed or cancelled audit cannot be run');
    const now = new Date();
    const scope = scopeOf(audit);
    const query = (sql: string, params: unknown[] = []) => sqlIn(this.em)(sql, params) as Promise<any[]>;
    const drafts = await findingsInWords({ query }, await generateFindings({
      em: this.em, scope, settings: { ...defaultAuditSettings(), ...audit.settings }, now,
      query,
    }));
    // Reading the trail for an audit is itself a read of the trail.
    this.ctx.trailReads.push({ kind: 'AUDIT_RUN', returned: drafts.length, filter: { auditId: audit.id, ...scopeFilter(scope) } });
    return inTransaction(this.ctx, async (tx) => {
      const a = await tx.em.findOneOrFail(Audit, { id: audit.id });
      const before = snapshot(a);
      await tx.em.nativeDelete(AuditFinding, { audit: a.id });
      const keys = findingKeys(drafts);
      for (const [i, d] of drafts.entries()) {
        const evidence = [...new Set(d.evidence ?? [])].sort((x, y) => x - y);
        tx.em.create(AuditFinding, {
          audit: a, key: keys[i], code: d.code, severity: d.severity, title: d.title.slice(0, 200), detail: d.detail, staffId: d.staffId ?? null,
          customerId: d.customerId ?? null, contractorId: d.contractorId ?? null, occurredOn: d.occurredOn ?? null,
          evidence: evidence.slice(0, EVIDENCE_LIMIT), evidenceCount: Math.max(d.evidenceCount ?? 0, evidence.length), data: d.data ?? {},
        } as AuditFinding);
      }
      a.lastRunAt = now;
      if (a.status === AuditStatus.PLANNED) a.status = AuditStatus.IN_PROGRESS;
      await tx.em.flush();
      // Known legitimate patterns (accept rules) are accepted, not raised again; what people decided is kept by key.
      const acceptedByRule = await acceptByRules(tx, await liveRules(tx), 'a.id = ?', [a.id]);
      const bySeverity = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, drafts.filter((d) => d.severity === s).length]));
      await new AuditService(tx).record(a, 'UPDATE', before, { ...snapshot(a), findings: drafts.length, bySeverity, acceptedByRule: acceptedByRule.length });
      return a;
    });
  }

  /** Findings of an audit, most severe first. */
  async findings(auditId: number, filter: AuditFindingFilter = {}): Promise<AuditFinding[]> {
    const where: Record<string, unknown> = { audit: auditId };
    if (filter.severities?.length) where.severity = { $in: filter.severities };
    if (filter.codes?.length) where.code = { $in: filter.codes };
    const found = await this.em.find(AuditFinding, where, { orderBy: { id: 'asc' } });
    return found.sort((a, b) => SEVERITY_ORDER.indexOf(b.severity) - SEVERITY_ORDER.indexOf(a.severity) || a.id - b.id);
  }

  async findingCount(auditId: number): Promise<number> {
    return this.em.count(AuditFinding, { audit: auditId });
  }

  assertMay(op: 'read' | 'update'): void {
    const actor = this.ctx.actor;
    if (!actor || !mayPerform('Audit', op, actor.role, this.ctx.purpose, this.ctx.policy.rules)) throw forbidden();
  }

  private async validate(args: AuditFields, current: Audit | null): Promise<Partial<Audit> & { auditor?: Staff | null }> {
    const out: Partial<Audit> & { auditor?: Staff | null } = {};
    if (!current || args.title !== undefined) out.title = check.maxLength('title', check.required('title', args.title), 200);
    if (!current || args.periodFrom !== undefined) out.periodFrom = check.date('periodFrom', check.required('periodFrom', args.periodFrom));
    if (!current || args.periodTo !== undefined) out.periodTo = check.date('periodTo', check.required('periodTo', args.periodTo));
    if ((out.periodFrom ?? current!.periodFrom) > (out.periodTo ?? current!.periodTo)) {
      throw badInput('periodTo', '監査期間の終了日は開始日以降にしてください', 'The period must end on or after its first day');
    }
    if (args.roles) {
      const bad = args.roles.find((r) => !isRoleKey(r));
      if (bad) throw badInput('roles', `不明な役割: ${bad}`, `Unknown role ${bad}`);
      out.roles = [...new Set(args.roles)].sort();
    }
    if (args.purposes) {
      const bad = args.purposes.find((p) => !isPurposeKey(p));
      if (bad) throw badInput('purposes', `不明な利用目的: ${bad}`, `Unknown purpose ${bad}`);
      out.purposes = [...new Set(args.purposes)].sort();
    }
    if (args.contractorIds) {
      const ids = [...new Set(args.contractorIds.map((v) => idOf(v, 'contractorIds')))].sort((a, b) => a - b);
      if (await this.em.count(Contractor, { id: { $in: ids } }) !== ids.length) throw badInput('contractorIds', '存在しない委託先が含まれています', 'Unknown contractor');
      out.contractorIds = ids;
    }
    if (args.plannedDate !== undefined) out.plannedDate = args.plannedDate ? check.date('plannedDate', args.plannedDate) : null;
    if (args.auditorId !== undefined) out.auditor = args.auditorId ? await this.auditor(args.auditorId) : null;
    if (args.status !== undefined && args.status !== null) out.status = args.status;
    if (args.conclusion !== undefined) out.conclusion = args.conclusion ? check.maxLength('conclusion', args.conclusion.trim(), 10_000) : null;
    const settings: AuditSettings = mergeSettings(current?.settings ?? defaultAuditSettings(), args);
    if (!current || JSON.stringify(settings) !== JSON.stringify({ ...defaultAuditSettings(), ...current.settings })) out.settings = settings;
    return out;
  }

  private async auditor(id: string): Promise<Staff> {
    const staff = await this.em.findOne(Staff, { id: idOf(id, 'auditorId'), active: true });
    if (!staff || !mayConductAudits(staff.role)) {
      throw badInput('auditorId', '監査担当者は内部監査または個人情報保護管理者のアカウントです', 'The auditor must be an active AUDITOR or PRIVACY_MANAGER');
    }
    return staff;
  }

  private record(a: Audit, action: 'CREATE' | 'UPDATE', before: Record<string, unknown> | null, after: Record<string, unknown>) {
    const changes = Object.fromEntries(Object.entries(after).filter(([k, v]) => !before || JSON.stringify(before[k] ?? null) !== JSON.stringify(v ?? null)));
    return recordChange(this.ctx, {
      entity: 'Audit', entityId: a.id, subjectId: null, action, plan: { changes, personal: [] },
      before: before && Object.fromEntries(Object.keys(changes).map((k) => [k, before[k] ?? null])), reason: null,
    });
  }
}

/** The audit's period as instants (Japan time) with its role, purpose and contractor filters. */
export function scopeOf(a: Audit): AuditScope {
  return {
    from: jstMidnight(a.periodFrom), to: jstMidnight(addDays(a.periodTo, 1)), periodFrom: a.periodFrom, periodTo: a.periodTo,
    roles: a.roles ?? [], purposes: a.purposes ?? [], contractorIds: a.contractorIds ?? [],
  };
}

const scopeFilter = (s: AuditScope) => ({ periodFrom: s.periodFrom, periodTo: s.periodTo, roles: s.roles, purposes: s.purposes, contractorIds: s.contractorIds });

function snapshot(a: Audit): Record<string, unknown> {
  return {
    title: a.title, periodFrom: a.periodFrom, periodTo: a.periodTo, roles: a.roles, purposes: a.purposes, contractorIds: a.contractorIds,
    plannedDate: a.plannedDate ?? null, auditorId: a.auditor?.id ?? null, status: a.status, conclusion: a.conclusion ?? null,
    settings: a.settings, lastRunAt: a.lastRunAt?.toISOString() ?? null,
  };
}

function where(f: AuditFilter): { sql: string; params: unknown[] } {
  const parts = ['true'];
  const params: unknown[] = [];
  if (f.ids) { parts.push('a.id = any(?::int[])'); params.push(intArray(f.ids.map((v) => idOf(v, 'filter.ids')))); }
  if (f.status) { parts.push('a.status = ?'); params.push(f.status); }
  if (f.q?.trim()) { parts.push('a.title ilike ?'); params.push(likeContains(f.q.trim().slice(0, 100))); }
  return { sql: parts.join(' and '), params };
}

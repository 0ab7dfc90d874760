import { Field, ID, ObjectType } from 'type-graphql';
import { isPurposeKey, isRoleKey } from '../../../../schema/policy';
import { badInput, conflict, forbidden, notFound } from '../../common/errors';
import { idOf } from '../../common/list';
import { sqlIn } from '../../common/sql';
import { check } from '../../common/validate';
import type { RequestContext } from '../../context';
import { recordChange } from '../../trail/change-trail';
import { addDays, jstDay } from './findings/types';
import { CODE_JA } from './audit-export';

/**
 * A rule that accepts a known legitimate pattern of findings (#21): findings of `code` matching every
 * criterion it names (a staff member, a role, a purpose, a contractor), about a day within its validity,
 * are marked ACCEPTED when an audit runs instead of being raised again. It expires (at most 366 days),
 * may be revoked, and its creation and revocation are CHANGE entries of the trail.
 */
@ObjectType()
export class AuditAcceptRule {
  @Field(() => ID) id!: string;
  @Field(() => String) code!: string;
  @Field(() => String, { nullable: true }) role!: string | null;
  @Field(() => ID, { nullable: true }) staffId!: string | null;
  @Field(() => String, { nullable: true }) purpose!: string | null;
  @Field(() => ID, { nullable: true }) contractorId!: string | null;
  @Field(() => String) reason!: string;
  @Field(() => String, { description: 'First day (Japan time) of the findings it accepts, YYYY-MM-DD' }) validFrom!: string;
  @Field(() => String, { description: 'Last day (Japan time, inclusive) of the findings it accepts, YYYY-MM-DD' }) validUntil!: string;
  @Field(() => ID) createdById!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
  @Field(() => ID, { nullable: true }) revokedById!: string | null;
  @Field(() => String, { nullable: true }) revokeReason!: string | null;
  @Field(() => Boolean, { description: 'Not revoked and not past validUntil (Japan time)' }) active!: boolean;
}

/** Codes no rule may accept: the trail's integrity and the run's own notes are never "known legitimate". */
const NOT_ACCEPTABLE: readonly string[] = ['TRAIL_CHAIN_BROKEN', 'TRAIL_CHAIN_VERIFIED', 'CHECK_SKIPPED'];
export const MAX_RULE_DAYS = 366;

export interface RuleRow {
  id: number; code: string; role: string | null; staff_id: number | null; purpose: string | null; contractor_id: number | null;
  valid_from: string; valid_until: string; revoked_at: Date | null;
}

/** What a rule is matched against: a finding's code, subject and day. */
export interface MatchableFinding {
  code: string;
  staffId?: number | null;
  contractorId?: number | null;
  occurredOn?: string | null;
  data?: Record<string, unknown>;
}

/** Whether `rule` accepts `f`: same code, every criterion it names equal, its day (or `today`) within the rule's days. */
export function ruleAccepts(rule: RuleRow, f: MatchableFinding, today: string): boolean {
  if (rule.revoked_at || rule.code !== f.code) return false;
  if (rule.staff_id != null && rule.staff_id !== (f.staffId ?? null)) return false;
  if (rule.contractor_id != null && rule.contractor_id !== (f.contractorId ?? null)) return false;
  if (rule.role != null && rule.role !== f.data?.role) return false;
  if (rule.purpose != null && rule.purpose !== f.data?.purpose) return false;
  const day = f.occurredOn ?? today;
  return day >= rule.valid_from && day <= rule.valid_until;
}

const RULE_COLUMNS = `id, code, role, staff_id, purpose, contractor_id, reason, to_char(valid_from, 'YYYY-MM-DD') as valid_from,
  to_char(valid_until, 'YYYY-MM-DD') as valid_until, created_by_id, created_at, revoked_at, revoked_by_id, revoke_reason`;

/** The rules not revoked whose days reach `today` or later (the candidates for a run). */
export async function liveRules(ctx: RequestContext): Promise<RuleRow[]> {
  return sqlIn(ctx.em)(`select ${RULE_COLUMNS} from audit_accept_rule where revoked_at is null order by id`);
}

function toRule(r: Record<string, any>, today: string): AuditAcceptRule {
  const s = (v: unknown) => (v == null ? null : String(v));
  return {
    id: String(r.id), code: r.code, role: r.role, staffId: s(r.staff_id), purpose: r.purpose, contractorId: s(r.contractor_id),
    reason: r.reason, validFrom: r.valid_from, validUntil: r.valid_until, createdById: String(r.created_by_id), createdAt: new Date(r.created_at),
    revokedAt: r.revoked_at ? new Date(r.revoked_at) : null, revokedById: s(r.revoked_by_id), revokeReason: r.revoke_reason,
    active: !r.revoked_at && r.valid_until >= today,
  };
}

export interface AcceptRuleInput {
  code: string; role?: string | null; staffId?: string | null; purpose?: string | null; contractorId?: string | null;
  reason: string; validFrom?: string | null; validUntil: string;
}

export class AcceptRuleService {
  constructor(private readonly ctx: RequestContext) {}

  async list(activeOnly: boolean): Promise<AuditAcceptRule[]> {
    const today = jstDay(new Date());
    const rows = await sqlIn(this.ctx.em)(`select ${RULE_COLUMNS} from audit_accept_rule
      ${activeOnly ? 'where revoked_at is null and valid_until >= ?::date' : ''} order by id desc`, activeOnly ? [today] : []);
    return rows.map((r) => toRule(r, today));
  }

  /** Creates a rule, then accepts the matching findings of open audits that nobody has triaged yet. */
  async create(input: AcceptRuleInput): Promise<AuditAcceptRule> {
    const actor = this.ctx.actor!;
    const today = jstDay(new Date());
    const code = check.required('code', input.code);
    if (!CODE_SET.has(code)) throw badInput('code', `不明な指摘の区分です: ${code}`, `Unknown finding code ${code}`);
    if (NOT_ACCEPTABLE.includes(code)) throw badInput('code', 'この区分の指摘は受容ルールの対象にできません', `Findings of ${code} cannot be accepted by a rule`);
    const role = input.role || null;
    if (role && !isRoleKey(role)) throw badInput('role', `不明な役割: ${role}`, `Unknown role ${role}`);
    const purpose = input.purpose || null;
    if (purpose && !isPurposeKey(purpose)) throw badInput('purpose', `不明な利用目的: ${purpose}`, `Unknown purpose ${purpose}`);
    const staffId = input.staffId ? idOf(input.staffId, 'staffId') : null;
    const contractorId = input.contractorId ? idOf(input.contractorId, 'contractorId') : null;
    if (staffId && !(await sqlIn(this.ctx.em)('select 1 from staff where id = ?', [staffId])).length) throw badInput('staffId', '存在しない担当者です', 'Unknown staff member');
    if (contractorId && !(await sqlIn(this.ctx.em)('select 1 from contractor where id = ?', [contractorId])).length) {
      throw badInput('contractorId', '存在しない委託先です', 'Unknown contractor');
    }
    // Fail closed: a rule naming nothing but a code would silence the check for everyone.
    if (!role && !purpose && !staffId && !contractorId) {
      throw badInput('staffId', '担当者・役割・利用目的・委託先のいずれかで対象を絞ってください', 'Name a staff member, role, purpose or contractor');
    }
    // Separation of duties: nobody accepts their own work; a rule that would cover the actor is another auditor's to make.
    if ((staffId == null || staffId === actor.staffId) && (role == null || role === actor.role) && contractorId == null) {
      throw forbidden('A rule covering your own work is for another auditor to create', '自分の業務も対象になる受容ルールは、他の監査担当者が作成します', 'staffId');
    }
    const reason = check.maxLength('reason', check.required('reason', input.reason?.trim()), 2_000);
    const validFrom = input.validFrom ? check.date('validFrom', input.validFrom) : today;
    const validUntil = check.date('validUntil', check.required('validUntil', input.validUntil));
    if (validUntil < today) throw badInput('validUntil', '有効期限は今日以降にしてください', 'validUntil must be today or later');
    if (validUntil < validFrom) throw badInput('validUntil', '有効期限は開始日以降にしてください', 'validUntil must not be before validFrom');
    if (addDays(validFrom, MAX_RULE_DAYS) < validUntil) {
      throw badInput('validUntil', `受容ルールの有効期間は ${MAX_RULE_DAYS} 日以内です`, `A rule lasts at most ${MAX_RULE_DAYS} days`);
    }
    const [row] = await sqlIn(this.ctx.em)(`insert into audit_accept_rule
        (code, role, staff_id, purpose, contractor_id, reason, valid_from, valid_until, created_by_id)
      values (?, ?, ?, ?, ?, ?, ?::date, ?::date, ?) returning ${RULE_COLUMNS}`,
    [code, role, staffId, purpose, contractorId, reason, validFrom, validUntil, actor.staffId]);
    const accepted = await acceptByRules(this.ctx, [row], `a.status in ('PLANNED', 'IN_PROGRESS')`);
    await this.record(row.id, 'CREATE', null, {
      code, role, staffId, purpose, contractorId, validFrom, validUntil, reason, acceptedFindings: accepted,
    });
    return toRule(row, today);
  }

  /** Revokes a rule: it accepts nothing more, and what it accepted in open audits is open again. */
  async revoke(id: unknown, reasonText: string): Promise<AuditAcceptRule> {
    const ruleId = idOf(id);
    const reason = check.maxLength('reason', check.required('reason', reasonText?.trim()), 2_000);
    const [current] = await sqlIn(this.ctx.em)(`select ${RULE_COLUMNS} from audit_accept_rule where id = ? for update`, [ruleId]);
    if (!current) throw notFound('AuditAcceptRule');
    if (current.revoked_at) throw conflict('この受容ルールはすでに取り消されています', 'The rule is already revoked');
    const [row] = await sqlIn(this.ctx.em)(`update audit_accept_rule set revoked_at = now(), revoked_by_id = ?, revoke_reason = ?
      where id = ? returning ${RULE_COLUMNS}`, [this.ctx.actor!.staffId, reason, ruleId]);
    const reopened = await sqlIn(this.ctx.em)(`update audit_finding_triage t set status = 'OPEN', accept_rule_id = null, updated_at = now()
      from audit a where a.id = t.audit_id and a.status in ('PLANNED', 'IN_PROGRESS') and t.accept_rule_id = ? and t.status = 'ACCEPTED'
      returning t.audit_id, t.finding_key`, [ruleId]);
    await this.record(ruleId, 'UPDATE', { revokedAt: null }, { revokedAt: new Date(row.revoked_at).toISOString(), revokeReason: reason, reopenedFindings: reopened.length });
    return toRule(row, jstDay(new Date()));
  }

  private record(id: number, action: 'CREATE' | 'UPDATE', before: Record<string, unknown> | null, changes: Record<string, unknown>) {
    return recordChange(this.ctx, {
      entity: 'AuditAcceptRule', entityId: id, subjectId: null, action, plan: { changes, personal: [] },
      before: before && Object.fromEntries(Object.keys(changes).map((k) => [k, before[k] ?? null])), reason: null,
    });
  }
}

/**
 * Marks ACCEPTED (with the rule) every finding not yet triaged that one of `rules` accepts, among the
 * findings of audits matching `auditWhere` (SQL on alias `a`). Returns the findings' ids.
 */
export async function acceptByRules(ctx: RequestContext, rules: RuleRow[], auditWhere: string, params: unknown[] = []): Promise<number[]> {
  if (!rules.length) return [];
  const today = jstDay(new Date());
  const candidates = await sqlIn(ctx.em)(`select f.id, f.audit_id, f.finding_key, f.code, f.staff_id, f.contractor_id,
      to_char(f.occurred_on, 'YYYY-MM-DD') as occurred_on, f.data
    from audit_finding f join audit a on a.id = f.audit_id
    where ${auditWhere} and f.code = any(?::text[])
      and not exists (select 1 from audit_finding_triage t where t.audit_id = f.audit_id and t.finding_key = f.finding_key)
    order by f.id`, [...params, `{${[...new Set(rules.map((r) => r.code))].join(',')}}`]);
  const accepted: number[] = [];
  for (const f of candidates) {
    const rule = rules.find((r) => ruleAccepts(r, {
      code: f.code, staffId: f.staff_id, contractorId: f.contractor_id, occurredOn: f.occurred_on, data: f.data,
    }, today));
    if (!rule) continue;
    await sqlIn(ctx.em)(`insert into audit_finding_triage (audit_id, finding_key, status, accept_rule_id) values (?, ?, 'ACCEPTED', ?)`,
      [f.audit_id, f.finding_key, rule.id]);
    accepted.push(f.id);
  }
  return accepted;
}

/** Every finding code the generators may raise (CODE_JA names each one), to refuse a rule for a code that does not exist. */
const CODE_SET = new Set<string>(Object.keys(CODE_JA));

import { createHash } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { mayConductAudits } from '../../../../schema/policy';
import { badInput, conflict, forbidden, notFound } from '../../common/errors';
import { idOf } from '../../common/list';
import { sqlIn } from '../../common/sql';
import { check } from '../../common/validate';
import type { RequestContext } from '../../context';
import { recordChange } from '../../trail/change-trail';
import { AuditFinding, AuditStatus } from './audit.entity';
import { jstDay } from './findings/types';
import type { FindingDraft } from './findings/types';

/** Where a finding stands (#21): open until someone works it; accepted, remediated and false positive close it. */
export enum FindingStatus {
  OPEN = 'OPEN', IN_PROGRESS = 'IN_PROGRESS', ACCEPTED = 'ACCEPTED', REMEDIATED = 'REMEDIATED', FALSE_POSITIVE = 'FALSE_POSITIVE',
}
registerEnumType(FindingStatus, { name: 'FindingStatus', description: 'OPEN, IN_PROGRESS; closed: ACCEPTED (legitimate), REMEDIATED, FALSE_POSITIVE' });

/** Statuses that close a finding: each needs a comment saying why. */
export const CLOSING: readonly FindingStatus[] = [FindingStatus.ACCEPTED, FindingStatus.REMEDIATED, FindingStatus.FALSE_POSITIVE];
/** Statuses that say the finding was no wrong: never decided by the person the finding is about. */
const EXONERATING: readonly FindingStatus[] = [FindingStatus.ACCEPTED, FindingStatus.FALSE_POSITIVE];

@ObjectType()
export class AuditFindingComment {
  @Field(() => ID) id!: string;
  @Field(() => ID) staffId!: string;
  @Field(() => String) body!: string;
  @Field(() => Date) createdAt!: Date;
}

/** What people decided about a finding, kept by the finding's key across re-runs of its audit. */
export interface Triage {
  status: FindingStatus;
  ownerId: number | null;
  dueOn: string | null;
  acceptRuleId: number | null;
  updatedAt: Date | null;
  comments: AuditFindingComment[];
}

const UNTRIAGED: Omit<Triage, 'comments'> = { status: FindingStatus.OPEN, ownerId: null, dueOn: null, acceptRuleId: null, updatedAt: null };

/** Data fields that tell two findings of one code, subject and day apart (a request, an incident, a purpose…). */
const DISCRIMINATORS = ['role', 'purpose', 'apiKeyId', 'requestId', 'leakIncidentId', 'report', 'grantRequestId', 'interactionId', 'kind', 'table'];

/**
 * A finding's identity within its audit, the same on every run over the same trail and records: its code,
 * subject, day, discriminating data and first evidence entry. Findings that still tie get #2, #3 in run order.
 */
export function findingKeys(drafts: readonly FindingDraft[]): string[] {
  const seen = new Map<string, number>();
  return drafts.map((d) => {
    const parts = [d.code, d.staffId ?? '', d.customerId ?? '', d.contractorId ?? '', d.occurredOn ?? '',
      ...DISCRIMINATORS.map((k) => JSON.stringify(d.data?.[k] ?? null)), Math.min(...(d.evidence ?? [Infinity]))];
    const base = `${d.code}:${createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}

/** The triage of every finding of an audit, by key (one read per audit per request). */
const cache = new WeakMap<object, Map<number, Promise<Map<string, Triage>>>>();

export function triageOf(ctx: RequestContext, finding: AuditFinding): Promise<Triage> {
  const perRequest = cache.get(ctx.loaders) ?? new Map<number, Promise<Map<string, Triage>>>();
  cache.set(ctx.loaders, perRequest);
  const auditId = finding.audit.id;
  if (!perRequest.has(auditId)) perRequest.set(auditId, loadTriage(ctx, auditId));
  return perRequest.get(auditId)!.then((all) => all.get(finding.key) ?? { ...UNTRIAGED, comments: [] });
}

async function loadTriage(ctx: RequestContext, auditId: number): Promise<Map<string, Triage>> {
  const run = sqlIn(ctx.em);
  const rows = await run(`select finding_key, status, owner_id, to_char(due_on, 'YYYY-MM-DD') as due_on, accept_rule_id, updated_at
    from audit_finding_triage where audit_id = ?`, [auditId]);
  const comments = await run(`select id, finding_key, staff_id, body, created_at from audit_finding_comment where audit_id = ? order by id`, [auditId]);
  const out = new Map<string, Triage>();
  const entry = (key: string) => {
    if (!out.has(key)) out.set(key, { ...UNTRIAGED, comments: [] });
    return out.get(key)!;
  };
  for (const r of rows) {
    Object.assign(entry(r.finding_key), { status: r.status, ownerId: r.owner_id, dueOn: r.due_on, acceptRuleId: r.accept_rule_id, updatedAt: new Date(r.updated_at) });
  }
  for (const c of comments) {
    entry(c.finding_key).comments.push({ id: String(c.id), staffId: String(c.staff_id), body: c.body, createdAt: new Date(c.created_at) });
  }
  return out;
}

export interface TriageInput {
  status?: FindingStatus | null;
  /** An AUDITOR or PRIVACY_MANAGER account; null clears it. */
  ownerId?: string | null;
  /** YYYY-MM-DD (Japan time); null clears it. */
  dueOn?: string | null;
  comment?: string | null;
}

/**
 * Works a finding: its status, owner, due day and a comment, recorded as one CHANGE entry (the comment by its
 * number, its text stays in the audit's records). Closing needs a comment; nobody accepts or dismisses a
 * finding about their own work; a cancelled audit's findings are not worked.
 */
export async function triageFinding(ctx: RequestContext, findingId: unknown, input: TriageInput): Promise<AuditFinding> {
  const run = sqlIn(ctx.em);
  const finding = await ctx.em.findOne(AuditFinding, { id: idOf(findingId) }, { populate: ['audit'] });
  if (!finding) throw notFound('AuditFinding');
  if (finding.audit.status === AuditStatus.CANCELLED) throw conflict('中止した監査の指摘は対応できません', 'A cancelled audit\'s findings are not worked');
  const actor = ctx.actor!;
  const [current] = await run(`select status, owner_id, to_char(due_on, 'YYYY-MM-DD') as due_on, accept_rule_id
    from audit_finding_triage where audit_id = ? and finding_key = ? for update`, [finding.audit.id, finding.key]);
  const before = { status: current?.status ?? FindingStatus.OPEN, ownerId: current?.owner_id ?? null, dueOn: current?.due_on ?? null };
  const after = { ...before };
  if (input.status != null) after.status = input.status;
  if (input.ownerId !== undefined) after.ownerId = input.ownerId ? await ownerOf(ctx, input.ownerId) : null;
  if (input.dueOn !== undefined) {
    after.dueOn = input.dueOn ? check.date('dueOn', input.dueOn) : null;
    if (after.dueOn && after.dueOn !== before.dueOn && after.dueOn < jstDay(new Date())) {
      throw badInput('dueOn', '対応期限は今日以降にしてください', 'The due day must be today or later');
    }
  }
  const comment = input.comment?.trim() ? check.maxLength('comment', input.comment.trim(), 4_000) : null;
  const statusChanged = after.status !== before.status;
  if (statusChanged && CLOSING.includes(after.status) && !comment) {
    throw badInput('comment', 'この状態にするには、理由をコメントに書いてください', 'Say why in a comment to close a finding');
  }
  if (statusChanged && EXONERATING.includes(after.status) && finding.staffId != null && finding.staffId === actor.staffId) {
    throw forbidden('A finding about your own work is for another auditor to accept or dismiss', '自分の業務に関する指摘は、他の監査担当者が判断します', 'status');
  }
  const changes = Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k as keyof typeof before] !== v));
  if (!Object.keys(changes).length && !comment) throw badInput('status', '変更する内容がありません', 'Nothing to change');
  // A person's decision replaces a rule's: the rule link stays only while the finding stays ACCEPTED by it.
  const ruleId = statusChanged ? null : current?.accept_rule_id ?? null;
  await run(`insert into audit_finding_triage (audit_id, finding_key, status, owner_id, due_on, accept_rule_id, updated_at)
      values (?, ?, ?, ?, ?::date, ?, now())
    on conflict (audit_id, finding_key) do update set status = excluded.status, owner_id = excluded.owner_id, due_on = excluded.due_on,
      accept_rule_id = excluded.accept_rule_id, updated_at = now()`,
  [finding.audit.id, finding.key, after.status, after.ownerId, after.dueOn, ruleId]);
  let commentId: number | null = null;
  if (comment) {
    const [c] = await run(`insert into audit_finding_comment (audit_id, finding_key, staff_id, body) values (?, ?, ?, ?) returning id`,
      [finding.audit.id, finding.key, actor.staffId, comment]);
    commentId = c.id;
  }
  const recorded = { ...changes, ...(commentId ? { commentId } : {}) };
  await recordChange(ctx, {
    entity: 'AuditFinding', entityId: finding.id, subjectId: null, action: 'UPDATE',
    plan: { changes: { auditId: finding.audit.id, code: finding.code, ...recorded }, personal: [] },
    before: { auditId: finding.audit.id, code: finding.code, ...Object.fromEntries(Object.keys(recorded).map((k) => [k, before[k as keyof typeof before] ?? null])) },
    reason: null,
  });
  cache.get(ctx.loaders)?.delete(finding.audit.id);
  return finding;
}

async function ownerOf(ctx: RequestContext, id: string): Promise<number> {
  const staffId = idOf(id, 'ownerId');
  const [staff] = await sqlIn(ctx.em)('select role from staff where id = ? and active', [staffId]);
  if (!staff || !mayConductAudits(staff.role)) {
    throw badInput('ownerId', '対応者は内部監査または個人情報保護管理者のアカウントです', 'The owner must be an active AUDITOR or PRIVACY_MANAGER');
  }
  return staffId;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { loadInIdOrder } from '../../common/load-in-order';
import { recordChange } from '../../trail/change-trail';
import { InteractionKind } from '../../common/enums';
import { badInput, conflict } from '../../common/errors';
import { idOf, type ListArgs, pageOf, sortOrderOf } from '../../common/list';
import { intArray, sqlIn } from '../../common/sql';
import { check, refuseCardNumbers } from '../../common/validate';
import type { RequestContext } from '../../context';
import { ScopedQuery, type SelectList } from '../../common/scoped-query';
import { assertReasonForPersonalChange, planWrite } from '../../policy/write-guard';
import { mayHandleComplaints } from '../../../../schema/policy';
import { Interaction } from '../interaction/interaction.entity';
import { InteractionService, namesOf } from '../interaction/interaction.service';
import { Staff } from '../staff/staff.entity';
import { ComplaintStatus } from './complaint-status';
import type { ComplaintFilter, UpdateComplaintArgs } from './complaint.inputs';
import { INTERACTION_FREE_TEXT, markSensitive } from '../sensitive/sensitive-text';
import { JST_TODAY } from '../../common/jst-sql';
import { emRunner } from '../../db/read-pool';

const SORTS: Record<string, string> = {
  id: 'i.id', occurredAt: 'i.occurred_at', complaintDueDate: 'i.complaint_due_date', complaintStatus: 'i.complaint_status',
};


/** The complaints desk (【14】): complaints tracked to resolution, with an owner, a due date and the answer sent. */
export class ComplaintService {
  constructor(private readonly ctx: RequestContext) {}
  private get em(): EntityManager { return this.ctx.em; }

  async list(args: ListArgs, filter: ComplaintFilter = {}): Promise<Interaction[]> {
    const rows = await this.page(args, filter, 'i.id');
    return loadInIdOrder(this.em, Interaction, rows.map((r) => Number(r.id)), ['customer']);
  }

  /**
   * One page of the list as raw rows of the `select`ed columns (alias `i`): the scope, filter, sort and paging
   * of `list` (the compiled read path's statement). `selectParams` are the parameters `select` itself uses.
   */
  async page(args: ListArgs, filter: ComplaintFilter, select: SelectList, selectParams: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const { limit, offset } = pageOf(args);
    const column = SORTS[args.sortField ?? 'occurredAt'];
    if (!column) throw badInput('sortField', '並べ替えできない項目です', `Cannot sort by ${args.sortField}`);
    const q = this.query(filter).select(select, `order by ${column} ${args.sortField ? sortOrderOf(args) : 'asc'} nulls last, i.id limit ? offset ?`, [limit, offset]);
    return (this.ctx.readRunner ?? emRunner(this.em))(q.sql, [...selectParams, ...q.params]);
  }

  async count(filter: ComplaintFilter = {}): Promise<number> {
    const q = this.query(filter).count();
    const [row] = await sqlIn(this.em)(q.sql, q.params);
    return row.n;
  }

  /** What the privacy manager watches: complaints about personal data still open, oldest first. */
  openPrivacyComplaints(): Promise<Interaction[]> {
    return this.list({ perPage: 500, sortField: 'occurredAt', sortOrder: 'ASC' }, { status: ComplaintStatus.OPEN, aboutPrivacy: true });
  }

  async update(args: UpdateComplaintArgs): Promise<Interaction> {
    refuseCardNumbers(args as unknown as Record<string, unknown>);
    const complaint = await new InteractionService(this.ctx).get(args.id);
    if (complaint.kind !== InteractionKind.COMPLAINT) throw badInput('id', '苦情ではないやり取りです', 'This interaction is not a complaint');
    const current = {
      complaintStatus: complaint.complaintStatus ?? ComplaintStatus.OPEN, complaintOwnerId: complaint.complaintOwner?.id ?? null,
      complaintDueDate: complaint.complaintDueDate ?? null, complaintAnswer: complaint.complaintAnswer ?? null,
      complaintAboutPrivacy: complaint.complaintAboutPrivacy,
    };
    const requested: Record<string, unknown> = {
      complaintStatus: args.status ?? undefined,
      complaintOwnerId: args.ownerId === undefined ? undefined : args.ownerId ? (await this.owner(args.ownerId)).id : null,
      complaintDueDate: args.dueDate === undefined ? undefined : args.dueDate ? check.date('dueDate', args.dueDate) : null,
      complaintAnswer: args.answer === undefined ? undefined : args.answer?.trim() ? check.maxLength('answer', args.answer.trim(), 10_000) : null,
      complaintAboutPrivacy: args.aboutPrivacy ?? undefined,
    };
    const plan = planWrite(this.ctx, 'Interaction', current, requested, {}, namesOf(complaint));
    // The first answer is new content, like a new interaction; rewriting one already sent needs a reason.
    const reason = assertReasonForPersonalChange(current.complaintAnswer ? plan : { ...plan, personal: [] }, args.reason);
    if (!Object.keys(plan.changes).length) return complaint;
    const changes = this.transition(current, plan.changes);
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, (current as Record<string, unknown>)[k] ?? (complaint as unknown as Record<string, unknown>)[k] ?? null]));
    const { complaintOwnerId, ...fields } = changes;
    this.em.assign(complaint, fields as Partial<Interaction>);
    if (complaintOwnerId !== undefined) complaint.complaintOwner = complaintOwnerId ? this.em.getReference(Staff, complaintOwnerId as number) : null;
    await markSensitive(this.em, complaint, INTERACTION_FREE_TEXT);
    await this.em.flush();
    await recordChange(this.ctx, {
      entity: 'Interaction', entityId: complaint.id, subjectId: complaint.customer?.id ?? null, action: 'UPDATE',
      plan: { changes, personal: plan.personal }, before, reason,
    });
    return complaint;
  }

  /** Status rules: an answer moves an open complaint to ANSWERED; ANSWERED and CLOSED need an answer; CLOSED only reopens. */
  private transition(current: { complaintStatus: ComplaintStatus; complaintAnswer: string | null }, changes: Record<string, unknown>): Record<string, unknown> {
    const out = { ...changes };
    const answer = 'complaintAnswer' in out ? out.complaintAnswer : current.complaintAnswer;
    let status = (out.complaintStatus as ComplaintStatus | undefined) ?? current.complaintStatus;
    if (current.complaintStatus === ComplaintStatus.CLOSED && status !== ComplaintStatus.OPEN) {
      throw conflict('終了した苦情は再開してから変更してください', 'Reopen a closed complaint before changing it', 'status');
    }
    if (out.complaintAnswer && status === ComplaintStatus.OPEN && !out.complaintStatus) status = ComplaintStatus.ANSWERED;
    if (status !== ComplaintStatus.OPEN && !answer) {
      throw badInput('answer', '回答を記録してから回答済み・終了にしてください', 'Record the answer before marking the complaint answered or closed');
    }
    if (status !== current.complaintStatus) out.complaintStatus = status;
    const now = new Date();
    if (out.complaintAnswer || (status === ComplaintStatus.ANSWERED && status !== current.complaintStatus)) out.complaintAnsweredAt = now;
    if (status === ComplaintStatus.CLOSED && status !== current.complaintStatus) out.complaintClosedAt = now;
    if (status === ComplaintStatus.OPEN && current.complaintStatus === ComplaintStatus.CLOSED) out.complaintClosedAt = null;
    return out;
  }

  private async owner(id: string): Promise<Staff> {
    const staff = await this.em.findOne(Staff, { id: idOf(id, 'ownerId'), active: true });
    if (!staff || !mayHandleComplaints(staff.role)) {
      throw badInput('ownerId', '担当者はサポートまたは個人情報保護管理者のアカウントです', 'The owner must be an active SUPPORT or PRIVACY_MANAGER account');
    }
    return staff;
  }

  /** Complaints are interactions: the interactions this request may see (row scope) of kind COMPLAINT, narrowed by the filter. */
  private query(filter: ComplaintFilter): ScopedQuery {
    const q = new ScopedQuery(this.ctx, 'Interaction', 'i').where(`i.kind = 'COMPLAINT'`);
    if (filter.ids) q.where('i.id = any(?::int[])', intArray(filter.ids.map((v) => idOf(v, 'filter.ids'))));
    if (filter.customerId) q.where('i.customer_id = ?', idOf(filter.customerId, 'filter.customerId'));
    if (filter.status) q.where('i.complaint_status = ?', filter.status);
    if (filter.ownerId) q.where('i.complaint_owner_id = ?', idOf(filter.ownerId, 'filter.ownerId'));
    if (filter.aboutPrivacy !== undefined && filter.aboutPrivacy !== null) q.where('i.complaint_about_privacy = ?', filter.aboutPrivacy);
    if (filter.overdue === true) q.where(`i.complaint_status = 'OPEN' and i.complaint_due_date < ${JST_TODAY}`);
    if (filter.overdue === false) q.where(`not (i.complaint_status = 'OPEN' and coalesce(i.complaint_due_date < ${JST_TODAY}, false))`);
    if (filter.occurredAt_gte) q.where('i.occurred_at >= ?', filter.occurredAt_gte);
    if (filter.occurredAt_lte) q.where('i.occurred_at <= ?', filter.occurredAt_lte);
    return q;
  }

}

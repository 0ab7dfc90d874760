import type { EntityManager } from '@mikro-orm/postgresql';
import { type ConsentPurpose } from '../../common/enums';
import { badInput, conflict, notFound } from '../../common/errors';
import { idOf, type ListArgs, pageOf, sortOrderOf } from '../../common/list';
import { loadInIdOrder } from '../../common/load-in-order';
import { ScopedQuery } from '../../common/scoped-query';
import { intArray } from '../../common/sql';
import { check } from '../../common/validate';
import type { RequestContext } from '../../context';
import { recordChange } from '../../trail/change-trail';
import { handoverTarget, recordHandover } from '../provision/handover';
import { Staff } from '../staff/staff.entity';
import { Mailing, MailingStatus } from './mailing.entity';

export interface MailingQuery { ids?: string[] | null; status?: MailingStatus | null; purpose?: string | null }

const SORTS: Record<string, string> = { id: 'm.id', name: 'm.name', createdAt: 'm.created_at', handedOverAt: 'm.handed_over_at', status: 'm.status' };
/** Recipients added in one call, at most (a mailing grows by several calls). */
export const MAX_RECIPIENTS_PER_CALL = 10_000;
/** Where a mailing may go from each status by hand; HANDED_OVER only by handing it over. */
const NEXT: Record<MailingStatus, readonly MailingStatus[]> = {
  DRAFT: [MailingStatus.CANCELLED], HANDED_OVER: [MailingStatus.SENT, MailingStatus.CANCELLED], SENT: [], CANCELLED: [],
};

/**
 * Mailings (campaign sends under one consent purpose). Marketing makes one under the purpose it declares,
 * adds recipients that purpose may reach (the customer row scope decides: live consent, not stopped, a
 * guardian's consent under the guardian age), then hands it to one mailing house (provision/handover.ts).
 */
export class MailingService {
  constructor(private readonly ctx: RequestContext) {}
  private get em(): EntityManager { return this.ctx.em; }

  async list(args: ListArgs, filter: MailingQuery = {}): Promise<Mailing[]> {
    const { limit, offset } = pageOf(args);
    const column = SORTS[args.sortField ?? 'createdAt'];
    if (!column) throw badInput('sortField', '並べ替えできない項目です', `Cannot sort by ${args.sortField}`);
    const order = args.sortField ? sortOrderOf(args) : 'desc';
    const q = this.query(filter).select('m.id', `order by ${column} ${order} nulls last, m.id desc limit ? offset ?`, [limit, offset]);
    const rows = await this.em.execute(q.sql, q.params);
    return loadInIdOrder(this.em, Mailing, rows.map((r) => Number(r.id)), ['contractor']);
  }

  async count(filter: MailingQuery = {}): Promise<number> {
    const q = this.query(filter).count();
    const [row] = await this.em.execute(q.sql, q.params);
    return row.n;
  }

  async get(id: unknown): Promise<Mailing> {
    const [found] = await this.list({ perPage: 1 }, { ids: [String(idOf(id))] });
    if (!found) throw notFound('Mailing');
    return found;
  }

  /** A new mailing under the purpose declared for this request (a mailing serves exactly one consent purpose). */
  async create(name: string | undefined, purpose: ConsentPurpose | undefined): Promise<Mailing> {
    const title = check.maxLength('name', check.required('name', name?.trim()), 200);
    if (!purpose || !this.ctx.policy.rules.needsConsent(purpose) || purpose !== this.ctx.purpose) {
      throw badInput('purpose', '宣言した利用目的(同意に基づくご案内)と同じ目的を指定してください', 'The purpose must be the consent purpose declared for this request');
    }
    const mailing = this.em.create(Mailing, { name: title, purpose, status: MailingStatus.DRAFT, createdBy: this.staff(), createdAt: new Date() } as Mailing);
    await this.em.flush();
    await recordChange(this.ctx, {
      entity: 'Mailing', entityId: mailing.id, subjectId: null, action: 'CREATE', reason: null, before: null,
      plan: { changes: { name: title, purpose }, personal: [] },
    });
    return mailing;
  }

  /** Adds recipients to a draft; every one must be a customer the mailing's purpose may reach, or nothing is added. */
  async addRecipients(id: unknown, customerIds: readonly string[] | undefined): Promise<Mailing> {
    const mailing = await this.draftUnderItsPurpose(id);
    const ids = [...new Set((customerIds ?? []).map((v) => idOf(v, 'customerIds')))];
    if (!ids.length || ids.length > MAX_RECIPIENTS_PER_CALL) {
      throw badInput('customerIds', `宛先は1〜${MAX_RECIPIENTS_PER_CALL}件で指定してください`, `Give 1 to ${MAX_RECIPIENTS_PER_CALL} recipients`);
    }
    await this.assertReachable(ids);
    await this.em.execute(`insert into mailing_recipient (mailing_id, customer_id) select ?, unnest(?::int[]) on conflict do nothing`, [mailing.id, intArray(ids)]);
    await recordChange(this.ctx, {
      entity: 'Mailing', entityId: mailing.id, subjectId: null, action: 'UPDATE', reason: null, before: null,
      plan: { changes: { recipientsAdded: ids.length }, personal: [] },
    });
    return mailing;
  }

  /**
   * Hands a draft to one mailing house: its recipients are checked again (a consent withdrawn since, a stop of
   * use…: BAD_USER_INPUT, nothing handed over), then each becomes a provision record to the mailing house.
   */
  async handOver(id: unknown, contractorId: unknown): Promise<Mailing> {
    const mailing = await this.draftUnderItsPurpose(id);
    const target = await handoverTarget(this.ctx, 'assignedMailings', contractorId, 'contractorId');
    const recipients = (await this.em.execute('select customer_id from mailing_recipient where mailing_id = ? order by customer_id', [mailing.id]))
      .map((r) => Number(r.customer_id));
    if (!recipients.length) throw badInput('customerIds', '宛先のないご案内は委託できません', 'A mailing without recipients cannot be handed over');
    await this.assertReachable(recipients);
    const before = { status: mailing.status, contractorId: null };
    Object.assign(mailing, { status: MailingStatus.HANDED_OVER, contractor: target.contractor, handedOverAt: new Date(), handedOverBy: this.staff() });
    await this.em.flush();
    await recordHandover(this.ctx, target, recipients, {
      entity: 'Mailing', entityId: mailing.id, action: 'UPDATE', before,
      changes: { status: MailingStatus.HANDED_OVER, contractorId: target.contractor.id },
      note: `発送代行の委託: 「${mailing.name}」(${mailing.purpose}) を ${target.contractor.name} へ / mailing #${mailing.id}`,
    });
    return mailing;
  }

  /** Sent or cancelled: the mailing house reads its recipients no more. */
  async setStatus(id: unknown, status: MailingStatus): Promise<Mailing> {
    const mailing = await this.get(id);
    if (status === mailing.status) return mailing;
    if (!NEXT[mailing.status].includes(status)) {
      throw conflict(`${mailing.status} から ${status} には変えられません`, `Cannot move a mailing from ${mailing.status} to ${status}`, 'status');
    }
    const before = { status: mailing.status };
    Object.assign(mailing, { status, closedAt: new Date() });
    await this.em.flush();
    await recordChange(this.ctx, {
      entity: 'Mailing', entityId: mailing.id, subjectId: null, action: 'UPDATE', reason: null, before, plan: { changes: { status }, personal: [] },
    });
    return mailing;
  }

  /** The number of recipients of each mailing. */
  async recipientCounts(ids: readonly number[]): Promise<Map<number, number>> {
    const rows = await this.em.execute(`select mailing_id, count(*)::int as n from mailing_recipient where mailing_id = any(?::int[]) group by mailing_id`, [intArray(ids)]);
    return new Map(rows.map((r) => [Number(r.mailing_id), r.n as number]));
  }

  private async draftUnderItsPurpose(id: unknown): Promise<Mailing> {
    const mailing = await this.get(id);
    if (mailing.status !== MailingStatus.DRAFT) throw conflict('委託済み・終了したご案内は変更できません', 'Only a draft mailing can be changed or handed over', 'status');
    if (mailing.purpose !== this.ctx.purpose) {
      throw badInput('purpose', `このご案内は利用目的 ${mailing.purpose} のものです。その目的を宣言してください`, `This mailing is for ${mailing.purpose}: declare that purpose`);
    }
    return mailing;
  }

  /** Every customer must be one this request (under the mailing's purpose) may see: the customer row scope decides. */
  private async assertReachable(ids: readonly number[]): Promise<void> {
    const q = new ScopedQuery(this.ctx, 'Customer', 'c').where('c.id = any(?::int[])', intArray(ids)).select('c.id');
    const reachable = new Set((await this.em.execute(q.sql, q.params)).map((r) => Number(r.id)));
    const out = ids.filter((i) => !reachable.has(i));
    if (out.length) {
      throw badInput('customerIds', `この利用目的ではご案内できないお客様が含まれています(${out.length}件: ${out.slice(0, 20).join(', ')})`,
        `${out.length} recipient(s) this purpose may not reach: ${out.slice(0, 20).join(', ')}`);
    }
  }

  private staff(): Staff | null {
    const id = this.ctx.actor?.staffId;
    return id ? this.em.getReference(Staff, id) : null;
  }

  private query(f: MailingQuery): ScopedQuery {
    const q = new ScopedQuery(this.ctx, 'Mailing', 'm');
    if (f.ids) q.where('m.id = any(?::int[])', intArray(f.ids.map((v) => idOf(v, 'filter.ids'))));
    if (f.status) q.where('m.status = ?', f.status);
    if (f.purpose) q.where('m.purpose = ?', f.purpose);
    return q;
  }
}

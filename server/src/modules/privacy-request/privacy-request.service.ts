import type { EntityManager } from '@mikro-orm/postgresql';
import { recordChange } from '../../trail/change-trail';
import { badInput, conflict, notFound } from '../../common/errors';
import { idOf, type ListArgs, pageOf, sortOrderOf } from '../../common/list';
import { intArray } from '../../common/sql';
import type { RequestContext } from '../../context';
import { ScopedQuery, type SelectList } from '../../common/scoped-query';
import type { Customer } from '../customer/customer.entity';
import { CustomerService } from '../customer/customer.service';
import { Staff } from '../staff/staff.entity';
import { dueDateFor } from './due-dates';
import { FeeStatus } from './fee-status';
import { requestFees } from './fees';
import { assertMayRepresent } from './representation';
import {
  CLOSED_STATUSES, PrivacyRequest, PrivacyRequestKind, PrivacyRequestStatus as S, RequesterKind,
} from './privacy-request.entity';
import type { CreatePrivacyRequestArgs, PrivacyRequestFilter, UpdatePrivacyRequestArgs } from './privacy-request.inputs';
import { JST_TODAY } from '../../common/jst-sql';
import { emRunner } from '../../db/read-pool';

const SORTS: Record<string, string> = {
  id: 'r.id', dueAt: 'r.due_at', receivedAt: 'r.received_at', status: 'r.status', kind: 'r.kind', completedAt: 'r.completed_at',
};
const OPEN_SQL = `r.status not in ('COMPLETED', 'REFUSED')`;
const OVERDUE_SQL = `(${OPEN_SQL} and r.due_at < ${JST_TODAY})`;

/** The states a request may move to by hand; COMPLETED only by fulfilling it. */
const NEXT: Record<S, readonly S[]> = {
  RECEIVED: [S.VERIFYING, S.IN_PROGRESS, S.REFUSED],
  VERIFYING: [S.IN_PROGRESS, S.REFUSED],
  IN_PROGRESS: [S.REFUSED],
  // Decided by the second person (erasure.service.ts), or withdrawn by the one who asked: never moved by hand.
  AWAITING_APPROVAL: [],
  COMPLETED: [],
  REFUSED: [],
};

/** The reason recorded with every change a request causes. */
export function requestReason(r: PrivacyRequest): string {
  return `開示等の請求 #${r.id}(${r.kind}) / privacy request #${r.id}`;
}

export class PrivacyRequestService {
  constructor(private readonly ctx: RequestContext) {}
  private get em(): EntityManager { return this.ctx.em; }

  /** Overdue requests first, whatever the sort, then the sort asked for (default: due date). */
  async list(args: ListArgs, filter: PrivacyRequestFilter = {}): Promise<PrivacyRequest[]> {
    const rows = await this.page(args, filter, 'r.id');
    const ids: number[] = rows.map((r) => Number(r.id));
    const found = new Map((await this.em.find(PrivacyRequest, { id: { $in: ids } })).map((r) => [r.id, r]));
    return ids.map((i) => found.get(i)!).filter(Boolean);
  }

  /**
   * One page of the list as raw rows of the `select`ed columns (alias `r`): the scope, filter, sort and paging
   * of `list` (the compiled read path's statement). `selectParams` are the parameters `select` itself uses.
   */
  async page(args: ListArgs, filter: PrivacyRequestFilter, select: SelectList, selectParams: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const { limit, offset } = pageOf(args);
    const column = SORTS[args.sortField ?? 'dueAt'];
    if (!column) throw badInput('sortField', '並べ替えできない項目です', `Cannot sort by ${args.sortField}`);
    const q = this.query(filter).select(select, `order by ${OVERDUE_SQL} desc, ${column} ${sortOrderOf(args)}, r.id limit ? offset ?`, [limit, offset]);
    return (this.ctx.readRunner ?? emRunner(this.em))(q.sql, [...selectParams, ...q.params]);
  }

  async count(filter: PrivacyRequestFilter = {}): Promise<number> {
    const q = this.query(filter).count();
    const [row] = await this.em.execute(q.sql, q.params);
    return row.n;
  }

  async get(id: unknown): Promise<PrivacyRequest> {
    const [visible] = await this.rowsById(id, 'r.id');
    const found = visible ? await this.em.findOne(PrivacyRequest, { id: Number(visible.id) }) : null;
    if (!found) throw notFound('PrivacyRequest');
    return found;
  }

  /** The request `id` if this request may see it, as raw rows of the `select`ed columns (alias `r`): none or one. */
  async rowsById(id: unknown, select: SelectList, selectParams: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const q = new ScopedQuery(this.ctx, 'PrivacyRequest', 'r').where('r.id = ?', idOf(id)).select(select);
    return (this.ctx.readRunner ?? emRunner(this.em))(q.sql, [...selectParams, ...q.params]);
  }

  /**
   * A request about a customer, or (no customerId) from someone the store has no customer row for — a gift
   * recipient, anyone who may be in its records: then the requester is named (the person, or their agent) and
   * how to answer them is kept (requesterContact), and the request is answered by `answer` (or linked to a
   * customer once found). BAD_USER_INPUT naming the field, nothing written, otherwise.
   */
  async create(args: CreatePrivacyRequestArgs): Promise<PrivacyRequest> {
    const customer = args.customerId != null ? await new CustomerService(this.ctx).get(args.customerId) : null;
    const requesterKind = args.requesterKind ?? RequesterKind.PERSON;
    const requesterContact = args.requesterContact?.trim() || null;
    if (!customer && !requesterContact) throw badInput('requesterContact', '顧客情報のない請求者には連絡先(住所・メール・電話)が必要です', 'A requester without a customer record needs a contact');
    if (requesterContact && ([...requesterContact].length < 5 || [...requesterContact].length > 500)) {
      throw badInput('requesterContact', '連絡先は5〜500文字で記載してください', 'The contact is 5 to 500 characters');
    }
    const receivedAt = args.receivedAt ?? new Date();
    if (Number.isNaN(receivedAt.getTime()) || receivedAt.getTime() > Date.now() + 5 * 60_000) {
      throw badInput('receivedAt', '受付日時が未来です', 'receivedAt is in the future');
    }
    let requesterName: string | null = null;
    if (requesterKind === RequesterKind.PERSON && !customer) {
      // Without a customer row the person names themself: the only record of who asked.
      requesterName = args.requesterName?.trim() || null;
      if (!requesterName || [...requesterName].length > 100) throw badInput('requesterName', '請求者の氏名(100文字以内)が必要です', 'The requester must be named (at most 100 characters)');
      if (args.authorityDocument) throw badInput('authorityDocument', 'ご本人からの請求に代理人の情報は不要です', 'A request by the person takes no authority document');
    } else if (requesterKind === RequesterKind.PERSON) {
      if (args.requesterName || args.authorityDocument) {
        throw badInput(args.requesterName ? 'requesterName' : 'authorityDocument', 'ご本人からの請求に代理人の情報は不要です',
          'A request by the person takes no agent name or authority document');
      }
    } else {
      requesterName = args.requesterName?.trim() || null;
      if (!requesterName || [...requesterName].length > 100) throw badInput('requesterName', '請求者の氏名(100文字以内)が必要です', 'The agent or guardian must be named (at most 100 characters)');
      if (!args.authorityDocument) throw badInput('authorityDocument', '代理権を確認した書類が必要です', 'The document proving the authority is required');
    }
    assertMayRepresent(requesterKind, args.authorityDocument, customer?.birthDate, receivedAt);
    const stopKinds = [PrivacyRequestKind.STOP_USE, PrivacyRequestKind.STOP_PROVISION];
    if (args.liftStop && !stopKinds.includes(args.kind)) {
      throw badInput('liftStop', '停止の解除は利用停止・提供停止の請求でのみ指定できます', 'liftStop applies to STOP_USE and STOP_PROVISION only');
    }
    const feeYen = (await requestFees(this.em))[args.kind] ?? 0;
    const request = this.em.create(PrivacyRequest, {
      customer, kind: args.kind, requesterKind, requesterName, requesterContact, authorityDocument: requesterKind !== RequesterKind.PERSON ? args.authorityDocument : null,
      receivedAt, dueAt: dueDateFor(args.kind, receivedAt), status: S.RECEIVED, liftStop: !!args.liftStop,
      feeYen, feeStatus: feeYen > 0 ? FeeStatus.CHARGED : FeeStatus.NONE,
      handledBy: this.handler(),
    }, { partial: true });
    await this.em.flush();
    await this.record(request, 'CREATE', { kind: request.kind, requesterKind, requesterName, requesterContact, dueAt: request.dueAt }, null);
    return request;
  }

  /** Links a request made without a customer to the customer it turned out to be about (once identified). */
  async link(id: unknown, customerId: unknown): Promise<PrivacyRequest> {
    const request = await this.get(id);
    if (request.customer) throw conflict('この請求はすでに顧客に紐づいています', 'The request is already about a customer', 'customerId');
    if (CLOSED_STATUSES.includes(request.status)) throw conflict('完了または拒否した請求は変更できません', 'A completed or refused request cannot be changed', 'status');
    const customer = await new CustomerService(this.ctx).get(customerId);
    request.customer = customer;
    request.handledBy = this.handler();
    await this.em.flush();
    await this.record(request, 'UPDATE', { customerId: customer.id }, { customerId: null });
    return request;
  }

  /**
   * Answers a request made without a customer: typically that the store holds no data of the requester
   * (art. 33(3): the person is told without delay), or what was found and done by hand. Like any fulfilment it
   * needs identity verified, work started and a charged fee settled; the answer is the outcome.
   */
  async answer(id: unknown, answer: unknown): Promise<PrivacyRequest> {
    const request = await this.startFulfilment(id, Object.values(PrivacyRequestKind), false);
    if (request.customer) throw conflict('顧客に紐づく請求は、その種類の実施操作で対応してください', 'A request about a customer is fulfilled by the action of its kind', 'requestId');
    const text = typeof answer === 'string' ? answer.trim() : '';
    if ([...text].length < 2 || [...text].length > 2000) throw badInput('answer', '回答の内容を2〜2000文字で記録してください', 'Record the answer (2 to 2000 characters)');
    return this.complete(request, { answer: text });
  }

  async update(args: UpdatePrivacyRequestArgs): Promise<PrivacyRequest> {
    const request = await this.get(args.id);
    if (CLOSED_STATUSES.includes(request.status)) {
      throw conflict('完了または拒否した請求は変更できません', 'A completed or refused request cannot be changed', 'status');
    }
    if (request.status === S.AWAITING_APPROVAL) {
      // What the second person approves is what was asked for: the request is frozen until decided or withdrawn.
      throw conflict('削除の承認待ちの請求は変更できません。承認・却下を待つか、申請を取り下げてください',
        'A request awaiting approval of its erasure cannot be changed: wait for the decision or withdraw the request', 'status');
    }
    const before = { status: request.status, identityCheck: request.identityCheck ?? null, refusalReason: request.refusalReason ?? null, feeStatus: request.feeStatus };
    const changes: Record<string, unknown> = {};
    if (args.feeStatus && args.feeStatus !== request.feeStatus) {
      if (request.feeStatus !== FeeStatus.CHARGED || ![FeeStatus.PAID, FeeStatus.WAIVED].includes(args.feeStatus)) {
        throw badInput('feeStatus', '手数料は「請求中」から「支払済」または「免除」にだけ変えられます', 'A CHARGED fee can only become PAID or WAIVED');
      }
      request.feeStatus = args.feeStatus;
      changes.feeStatus = args.feeStatus;
    } else if (args.feeStatus === FeeStatus.CHARGED || args.feeStatus === FeeStatus.NONE) {
      throw badInput('feeStatus', '手数料の状態は「支払済」または「免除」だけを記録できます', 'Only PAID or WAIVED can be recorded');
    }
    if (args.identityCheck && args.identityCheck !== request.identityCheck) {
      request.identityCheck = args.identityCheck;
      request.identityVerifiedAt = new Date();
      changes.identityCheck = args.identityCheck;
    }
    if (args.status && args.status !== request.status) {
      if (!NEXT[request.status].includes(args.status)) {
        throw badInput('status', `${request.status} から ${args.status} には進められません`, `Cannot move from ${request.status} to ${args.status}`);
      }
      if (args.status === S.IN_PROGRESS && !request.identityCheck) {
        throw badInput('identityCheck', '本人確認の方法を記録してから対応を始めてください', 'Record how identity was verified before starting');
      }
      if (args.status === S.REFUSED) {
        const reason = args.refusalReason?.trim() ?? '';
        if (reason.length < 2 || reason.length > 1000) throw badInput('refusalReason', '拒否する理由(1000文字以内)が必要です', 'A reason (at most 1000 characters) is required to refuse');
        request.refusalReason = reason;
        request.completedAt = new Date();
        changes.refusalReason = reason;
      }
      request.status = args.status;
      changes.status = args.status;
    } else if (args.refusalReason) {
      throw badInput('refusalReason', '理由は拒否するときにだけ記録します', 'A refusal reason goes with status REFUSED');
    }
    if (!Object.keys(changes).length) return request;
    request.handledBy = this.handler();
    await this.em.flush();
    await this.record(request, 'UPDATE', changes, before);
    return request;
  }

  /** The request, checked ready to fulfil: the right kind, identity verified, work started, about a customer (unless told otherwise). */
  async startFulfilment(id: unknown, kinds: readonly PrivacyRequestKind[]): Promise<PrivacyRequest & { customer: Customer }>;
  async startFulfilment(id: unknown, kinds: readonly PrivacyRequestKind[], needsCustomer: false): Promise<PrivacyRequest>;
  async startFulfilment(id: unknown, kinds: readonly PrivacyRequestKind[], needsCustomer = true): Promise<PrivacyRequest> {
    const request = await this.get(id);
    if (needsCustomer && !request.customer) {
      throw conflict('顧客情報のない請求です。顧客に紐づけるか、回答を記録してください(answerPrivacyRequest)',
        'The request is about no customer record: link it to a customer, or record the answer (answerPrivacyRequest)', 'customerId');
    }
    if (!kinds.includes(request.kind)) {
      throw badInput('requestId', `この操作は ${kinds.join(' / ')} の請求のためのものです`, `This action fulfils ${kinds.join(' / ')} requests`);
    }
    if (request.status !== S.IN_PROGRESS) {
      throw conflict('本人確認を済ませ「対応中」にした請求だけ実施できます', 'Only a request IN_PROGRESS (identity verified) can be fulfilled', 'status');
    }
    if (request.feeStatus === FeeStatus.CHARGED) {
      throw conflict('手数料の支払い(または免除)を記録してから実施してください', 'Record the fee as paid or waived before fulfilling', 'feeStatus');
    }
    return request;
  }

  /** A disclosure file was made: what it holds is recorded, the request stays IN_PROGRESS until it is downloaded. */
  async recordProduced(request: PrivacyRequest, outcome: Record<string, unknown>): Promise<PrivacyRequest> {
    request.outcome = outcome;
    request.handledBy = this.handler();
    await this.em.flush();
    return request;
  }

  async complete(request: PrivacyRequest, outcome: Record<string, unknown>): Promise<PrivacyRequest> {
    const from = request.status;
    request.status = S.COMPLETED;
    request.completedAt = new Date();
    request.outcome = outcome;
    request.handledBy = this.handler();
    await this.em.flush();
    await this.record(request, 'UPDATE', { status: S.COMPLETED }, { status: from });
    return request;
  }

  /** The customer's other open requests cannot be answered once their data is erased: refused, saying why. */
  async refuseOthersAfterErasure(erasing: PrivacyRequest): Promise<number> {
    const open = await this.em.find(PrivacyRequest, { customer: erasing.customer, id: { $ne: erasing.id }, status: { $nin: [...CLOSED_STATUSES] } });
    const reason = `削除請求 #${erasing.id} により個人データを消去したため / the data was erased by request #${erasing.id}`;
    const before = open.map((r) => ({ status: r.status }));
    for (const r of open) Object.assign(r, { status: S.REFUSED, refusalReason: reason, completedAt: new Date(), handledBy: this.handler() });
    await this.em.flush();
    for (const [i, r] of open.entries()) await this.record(r, 'UPDATE', { status: S.REFUSED, refusalReason: reason }, before[i]);
    return open.length;
  }

  /** The staff member acting now, as the request's handler (null for an API key). */
  handler(): Staff | null {
    const id = this.ctx.actor?.staffId;
    return id ? this.em.getReference(Staff, id) : null;
  }

  private record(r: PrivacyRequest, action: 'CREATE' | 'UPDATE', changes: Record<string, unknown>, before: Record<string, unknown> | null) {
    const personal = (['requesterName', 'requesterContact'] as const).filter((f) => f in changes && changes[f]);
    return recordChange(this.ctx, { entity: 'PrivacyRequest', entityId: r.id, subjectId: r.customer?.id ?? null, action, plan: { changes, personal }, before, reason: null });
  }

  /** The requests this request may see (row scope), narrowed by the filter. */
  private query(f: PrivacyRequestFilter): ScopedQuery {
    const q = new ScopedQuery(this.ctx, 'PrivacyRequest', 'r');
    if (f.ids) q.where('r.id = any(?::int[])', intArray(f.ids.map((v) => idOf(v, 'filter.ids'))));
    if (f.customerId) q.where('r.customer_id = ?', idOf(f.customerId, 'filter.customerId'));
    if (f.kind) q.where('r.kind = ?', f.kind);
    if (f.status) q.where('r.status = ?', f.status);
    if (f.open) q.where(OPEN_SQL);
    if (f.overdue) q.where(OVERDUE_SQL);
    // An erased customer's number is replaced by its pseudonym: searching the old one finds nothing.
    if (f.q?.trim()) q.where(`exists (select 1 from customer c where c.id = r.customer_id and c.customer_number = ? and c.status <> 'ERASED')`, f.q.trim().toUpperCase());
    return q;
  }
}

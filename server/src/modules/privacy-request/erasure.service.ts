import { recordChange } from '../../trail/change-trail';
import { destroySubjectKey } from '../../trail/subject-keys';
import { badInput, conflict, forbidden } from '../../common/errors';
import { idOf } from '../../common/list';
import type { RequestContext } from '../../context';
import { CustomerService } from '../customer/customer.service';
import { eraseCustomer } from './erase-customer';
import { todayInJapan } from '../../common/japan-dates';
import { ErasureDecision, type PrivacyRequest, PrivacyRequestKind, PrivacyRequestStatus as S } from './privacy-request.entity';
import { PrivacyRequestService, requestReason } from './privacy-request.service';
import type { DeletionReport } from './privacy-request.types';
import { legalSettings } from './legal-settings';

/** A reason, trimmed: required, at most 1000 characters, else BAD_USER_INPUT on field `reason`. */
function reasonOf(reason: unknown): string {
  const text = String(reason ?? '').trim();
  if (!text) throw badInput('reason', '理由を入力してください', 'A reason is required');
  if ([...text].length > 1000) throw badInput('reason', '理由は1000文字以内です', 'The reason may have at most 1000 characters');
  return text;
}

/**
 * Two-person erasure of a DELETION request (#21, 【10】【11】), in the shape of the policy publication: a privacy
 * manager asks (POWERS.requestErasure) once identity is verified and the work started; the request waits in
 * AWAITING_APPROVAL, frozen; another holder of POWERS.approveErasure approves — never the one who asked (also a
 * CHECK of privacy_request) — and only then is the customer erased; a rejection or the asker's withdrawal sends
 * it back to IN_PROGRESS with the data untouched. Every act is a CHANGE entry of the request in the trail, in the
 * act's transaction, with the typed reason sealed like any reason a person typed; the row keeps the reasons.
 */
export class ErasureService {
  private readonly requests: PrivacyRequestService;
  constructor(private readonly ctx: RequestContext) { this.requests = new PrivacyRequestService(ctx); }

  private me(): number {
    const me = this.ctx.actor?.staffId;
    if (!me) throw forbidden('An erasure is asked for and approved by staff members', '削除の申請と承認は職員のみが行えます');
    return me;
  }

  /** The request, its row locked for this transaction (two approvals of one request run one after the other). */
  private async locked(requestId: unknown): Promise<PrivacyRequest> {
    const id = idOf(requestId, 'requestId');
    await this.ctx.em.execute('select id from privacy_request where id = ? for update', [id]);
    const request = await this.requests.get(id);
    await this.ctx.em.refresh(request);
    return request;
  }

  /**
   * A request awaiting a decision on its erasure; CONFLICT (field status) for any other state, and (field askedAt)
   * when `askedAt` — the ask the decider saw — is not the ask waiting now (withdrawn and asked again since).
   */
  private async awaiting(requestId: unknown, askedAt?: Date | null): Promise<PrivacyRequest> {
    const request = await this.locked(requestId);
    if (request.kind !== PrivacyRequestKind.DELETION) {
      throw badInput('requestId', 'この操作は削除(DELETION)の請求のためのものです', 'This action is for DELETION requests');
    }
    if (request.status !== S.AWAITING_APPROVAL) {
      throw conflict('この請求は削除の承認待ちではありません(すでに承認・却下・取下げされたか、申請されていません)',
        'This request is not awaiting approval of its erasure (already decided, withdrawn, or never asked for)', 'status');
    }
    if (askedAt && request.erasureRequestedAt?.getTime() !== askedAt.getTime()) {
      throw conflict('表示している申請は取り下げられ、新しい申請があります。画面を更新して内容を確認してください',
        'The ask shown was withdrawn and asked again since: reload and review the ask now waiting', 'askedAt');
    }
    return request;
  }

  private record(request: PrivacyRequest, changes: Record<string, unknown>, before: Record<string, unknown>, reason: string) {
    // The typed reason may name the person: sealed with their key like any reason typed (change-trail.ts); the row keeps it.
    return recordChange(this.ctx, {
      entity: 'PrivacyRequest', entityId: request.id, subjectId: request.customer?.id ?? null, action: 'UPDATE',
      plan: { changes, personal: [] }, before, reason,
    });
  }

  /** The first person asks for the erasure. CONFLICT unless IN_PROGRESS with the fee settled (as any fulfilment). */
  async request(requestId: unknown, reason: unknown): Promise<PrivacyRequest> {
    const me = this.me();
    const text = reasonOf(reason);
    await this.locked(requestId);
    const request = await this.requests.startFulfilment(requestId, [PrivacyRequestKind.DELETION]);
    Object.assign(request, {
      status: S.AWAITING_APPROVAL, erasureRequestedById: me, erasureRequestedAt: new Date(), erasureRequestReason: text,
      erasureDecision: null, erasureDecidedById: null, erasureDecidedAt: null, erasureDecisionReason: null,
    });
    request.handledBy = this.requests.handler();
    await this.ctx.em.flush();
    await this.record(request, { status: S.AWAITING_APPROVAL, erasureRequestedById: me }, { status: S.IN_PROGRESS, erasureRequestedById: null }, text);
    return request;
  }

  /** The one who asked takes it back: IN_PROGRESS again, nothing erased. Others reject instead (FORBIDDEN). */
  async withdraw(requestId: unknown, reason: unknown): Promise<PrivacyRequest> {
    const me = this.me();
    const text = reasonOf(reason);
    const request = await this.awaiting(requestId);
    const asker = request.erasureRequestedById;
    if (asker !== me) throw forbidden('Only the one who asked withdraws an erasure; others reject it', '削除の申請の取下げは申請者のみが行えます。他の方は却下してください');
    Object.assign(request, { status: S.IN_PROGRESS, erasureRequestedById: null, erasureRequestedAt: null, erasureRequestReason: null });
    await this.ctx.em.flush();
    await this.record(request, { status: S.IN_PROGRESS, erasureRequestedById: null }, { status: S.AWAITING_APPROVAL, erasureRequestedById: asker }, text);
    return request;
  }

  /** The second person refuses the erasure: IN_PROGRESS again, the data kept; the decision stays on the row. */
  async reject(requestId: unknown, reason: unknown, askedAt?: Date | null): Promise<PrivacyRequest> {
    const me = this.me();
    const text = reasonOf(reason);
    const request = await this.awaiting(requestId, askedAt);
    if (request.erasureRequestedById === me) throw forbidden('One\'s own erasure request is withdrawn, not rejected', '自分の申請は却下ではなく取り下げてください');
    this.decide(request, ErasureDecision.REJECTED, me, text);
    request.status = S.IN_PROGRESS;
    await this.ctx.em.flush();
    await this.record(request, { status: S.IN_PROGRESS, erasureDecision: ErasureDecision.REJECTED, erasureDecidedById: me },
      { status: S.AWAITING_APPROVAL, erasureDecision: null, erasureDecidedById: null }, text);
    return request;
  }

  /**
   * The second person approves, and the customer is erased in the same transaction (【11】): everything no legal
   * duty keeps; orders under tax or company law and provision records under APPI art. 29 kept, pseudonymised, until
   * the retention sweep. FORBIDDEN to the one who asked; CONFLICT when not awaiting approval or already erased.
   */
  async approve(requestId: unknown, reason: unknown, askedAt?: Date | null): Promise<DeletionReport> {
    const me = this.me();
    const text = reasonOf(reason);
    const request = await this.awaiting(requestId, askedAt);
    if (request.erasureRequestedById === me) {
      throw forbidden('An erasure is approved by a second person, never the one who asked for it', '削除は、申請者以外の方が承認します');
    }
    const customerId = request.customer?.id;
    const [subject] = customerId ? await this.ctx.em.execute('select status from customer where id = ?', [customerId]) : [];
    if (!subject || subject.status === 'ERASED') {
      throw conflict('この顧客はすでに消去されています', 'The customer is already erased', 'customerId');
    }
    this.decide(request, ErasureDecision.APPROVED, me, text);
    await this.ctx.em.flush();
    await this.record(request, { erasureDecision: ErasureDecision.APPROVED, erasureDecidedById: me, erasureRequestedById: request.erasureRequestedById },
      { erasureDecision: null, erasureDecidedById: null }, text);
    return this.erase(request, customerId!);
  }

  private decide(request: PrivacyRequest, decision: ErasureDecision, me: number, text: string): void {
    Object.assign(request, { erasureDecision: decision, erasureDecidedById: me, erasureDecidedAt: new Date(), erasureDecisionReason: text });
    request.handledBy = this.requests.handler();
  }

  /** The erasure itself, once approved; the request COMPLETED with the report as its outcome. */
  private async erase(request: PrivacyRequest, id: number): Promise<DeletionReport> {
    const ctx = this.ctx;
    const customer = await new CustomerService(ctx).get(id);
    const { pseudonymId, erased, pseudonymised, remainderDueAt } = await eraseCustomer(ctx.em, customer, await legalSettings(ctx.em), todayInJapan());
    const report: DeletionReport = { requestId: String(request.id), pseudonymId, pseudonymised, remainderDueAt, erased };
    await ctx.em.execute(`insert into customer_erasure (customer_id, pseudonym_id, privacy_request_id, retain_until, purged_at)
      values (?, ?, ?, ?, case when ?::date is null then now() end)`, [id, pseudonymId, request.id, remainderDueAt, remainderDueAt]);
    await recordChange(ctx, {
      entity: 'Customer', entityId: id, subjectId: id, action: 'DELETE', reason: requestReason(request),
      plan: { changes: { status: 'ERASED' }, personal: [] }, before: { status: customer.status }, reasonIsPersonal: false,
    });
    // Crypto-shredding (#20): what the trail keeps about the person, sealed with their key, is unreadable from now on.
    await destroySubjectKey(ctx.em, id);
    const openRequestsRefused = await this.requests.refuseOthersAfterErasure(request);
    await this.requests.complete(request, { ...report, openRequestsRefused });
    return report;
  }
}

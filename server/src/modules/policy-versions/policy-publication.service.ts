import { badInput, conflict, forbidden, notFound } from '../../common/errors';
import type { RequestContext } from '../../context';
import { recordChange } from '../../trail/change-trail';
import { refreshNotice } from '../privacy-notice/notice-store';
import { assertValidDocument, idOf, PolicyVersionService } from './policy-version.service';
import { type PolicyVersion, PolicyVersionState } from './policy-version.types';

/** A draft's row as the publication acts read it (locked). */
interface DraftRow {
  id: number; number: number | null; state: string; document: unknown; hash: string; created_by: number | null; edited_by: number | null;
  requested_by: number | null; requested_against: number | null;
}

/** A reason, trimmed: required, at most 1000 characters, else BAD_USER_INPUT on field `reason`. */
function reasonOf(reason: unknown): string {
  const text = String(reason ?? '').trim();
  if (!text) throw badInput('reason', '理由を入力してください', 'A reason is required');
  if (text.length > 1000) throw badInput('reason', '理由は1000文字以内です', 'The reason may have at most 1000 characters');
  return text;
}

/**
 * Two-person publication of a policy draft (#23 item 4). A privacy manager asks (POWERS.requestPolicyPublication);
 * another person holding POWERS.approvePolicyPublication approves — never the one who asked nor the one who
 * last edited the draft, so no single person changes what the software enforces. The document is validated
 * when asked for and again when approved; approval is refused once another version came into force after the
 * request (the approver judged a diff against that one). Publishing retires the version in force in the same
 * transaction (one version in force, never none), and the database announces it to every process at commit.
 * Every act is a CHANGE entry in the trail with its reason, in the act's transaction.
 */
export class PolicyPublicationService {
  constructor(private readonly ctx: RequestContext) {}

  private me(): number {
    const me = this.ctx.actor?.staffId;
    if (!me) throw forbidden('Policy publication is a staff member\'s act', 'ポリシーの公開は職員のみが行えます');
    return me;
  }

  private async draft(id: unknown): Promise<DraftRow> {
    const [row] = await this.ctx.em.execute<DraftRow[]>(`select id, number, state, document, hash, created_by, edited_by, requested_by, requested_against
      from policy_version where id = ? for update`, [idOf(id)]);
    if (!row) throw notFound('PolicyVersion');
    if (row.state !== PolicyVersionState.DRAFT) throw conflict(`この版はすでに公開されています(第${row.number}版)`, `Version ${row.number} is already ${row.state.toLowerCase()}`, 'id');
    return row;
  }

  private async inForce(): Promise<{ id: number; number: number }> {
    const [row] = await this.ctx.em.execute(`select id, number from policy_version where state = 'PUBLISHED' for update`);
    if (!row) throw conflict('公開中のポリシー版がありません', 'No policy version is in force');
    return row as { id: number; number: number };
  }

  private record(id: number, changes: Record<string, unknown>, before: Record<string, unknown>, reason: string) {
    return recordChange(this.ctx, {
      entity: 'PolicyVersion', entityId: id, subjectId: null, action: 'UPDATE', reason, reasonIsPersonal: false,
      plan: { changes, personal: [] }, before,
    });
  }

  /** The first person asks for the draft's publication. CONFLICT when already asked for or not a draft. */
  async request(id: unknown, reason: unknown): Promise<PolicyVersion> {
    const me = this.me();
    const text = reasonOf(reason);
    const row = await this.draft(id);
    if (row.requested_by != null) throw conflict('この草案はすでに公開申請中です', 'The publication of this draft is already requested', 'id');
    assertValidDocument(row.document);
    const against = await this.inForce();
    await this.ctx.em.execute(`update policy_version set requested_by = ?, requested_at = now(), request_reason = ?, requested_against = ? where id = ?`,
      [me, text, against.number, row.id]);
    await this.record(row.id, { publication: 'REQUESTED', requestedById: me, requestedAgainstNumber: against.number, hash: row.hash }, { publication: null }, text);
    return new PolicyVersionService(this.ctx).get(row.id);
  }

  /** The one who asked takes the request back; the draft is editable again. */
  async withdraw(id: unknown, reason: unknown): Promise<PolicyVersion> {
    const me = this.me();
    const text = reasonOf(reason);
    const row = await this.pending(id);
    if (row.requested_by !== me) throw forbidden('Only the one who asked withdraws a request; others reject it', '申請の取下げは申請者のみが行えます。他の方は却下してください');
    return this.close(row, 'WITHDRAWN', text);
  }

  /** The second person refuses the request; the draft is editable again. */
  async reject(id: unknown, reason: unknown): Promise<PolicyVersion> {
    const me = this.me();
    const text = reasonOf(reason);
    const row = await this.pending(id);
    if (row.requested_by === me) throw forbidden('One\'s own request is withdrawn, not rejected', '自分の申請は却下ではなく取り下げてください');
    return this.close(row, 'REJECTED', text);
  }

  /**
   * The second person publishes the draft: it gets the next number and comes into force; the version in force
   * retires. Refused (FORBIDDEN) to the one who asked and to the one who last edited; refused (BAD_USER_INPUT,
   * the cell) when the document is no longer valid; CONFLICT when another version came into force meanwhile.
   */
  async approve(id: unknown, reason: unknown): Promise<PolicyVersion> {
    const me = this.me();
    const text = reasonOf(reason);
    const row = await this.pending(id);
    if (row.requested_by === me || row.edited_by === me || (row.edited_by == null && row.created_by === me)) {
      throw forbidden('A policy version is approved by a second person: not the one who asked, not the one who last edited it',
        'ポリシーの公開は、申請者・最終編集者以外の方が承認します');
    }
    assertValidDocument(row.document);
    const current = await this.inForce();
    if (current.number !== row.requested_against) {
      throw conflict(`申請後に第${current.number}版が公開されました。差分を確認して申請し直してください`,
        `Version ${current.number} came into force after the request: request again against it`, 'id');
    }
    const [{ next }] = await this.ctx.em.execute(`select coalesce(max(number), 0) + 1 as next from policy_version`);
    await this.ctx.em.execute(`update policy_version set state = 'RETIRED', retired_at = now() where id = ?`, [current.id]);
    await this.ctx.em.execute(`update policy_version set state = 'PUBLISHED', number = ?, published_at = now(), approved_by = ?, reason = ? where id = ?`,
      [next, me, text, row.id]);
    await this.record(current.id, { state: PolicyVersionState.RETIRED, retiredFor: next }, { state: PolicyVersionState.PUBLISHED }, text);
    await this.record(row.id, { state: PolicyVersionState.PUBLISHED, number: next, approvedById: me, requestedById: row.requested_by, hash: row.hash },
      { state: PolicyVersionState.DRAFT, number: null }, text);
    // The public notice follows the version in force: written in this transaction, so neither commits without the other.
    await refreshNotice(this.ctx.em, 'PUBLICATION');
    return new PolicyVersionService(this.ctx).get(row.id);
  }

  private async pending(id: unknown): Promise<DraftRow> {
    const row = await this.draft(id);
    if (row.requested_by == null) throw conflict('この草案は公開申請されていません', 'The publication of this draft is not requested', 'id');
    return row;
  }

  private async close(row: DraftRow, outcome: 'WITHDRAWN' | 'REJECTED', reason: string): Promise<PolicyVersion> {
    await this.ctx.em.execute(`update policy_version set requested_by = null, requested_at = null, request_reason = null, requested_against = null where id = ?`, [row.id]);
    await this.record(row.id, { publication: outcome }, { publication: 'REQUESTED', requestedById: row.requested_by }, reason);
    return new PolicyVersionService(this.ctx).get(row.id);
  }

  /**
   * A published or retired version comes back as a new draft whose publication is asked for at once, with the
   * reason: it takes effect only when a second person approves it, like any draft. CONFLICT for the version in force.
   */
  async restore(id: unknown, reason: unknown): Promise<PolicyVersion> {
    this.me();
    const text = reasonOf(reason);
    const [from] = await this.ctx.em.execute(`select id, number, state from policy_version where id = ?`, [idOf(id)]);
    if (!from) throw notFound('PolicyVersion');
    if (from.state === PolicyVersionState.DRAFT) throw conflict('草案は復元できません。公開された版を選んでください', 'Only a published or retired version is restored', 'id');
    if (from.state === PolicyVersionState.PUBLISHED) throw conflict(`第${from.number}版は公開中です`, `Version ${from.number} is already in force`, 'id');
    const draft = await new PolicyVersionService(this.ctx).createDraft(from.id);
    return this.request(draft.id, `第${from.number}版の復元: ${text}`);
  }
}

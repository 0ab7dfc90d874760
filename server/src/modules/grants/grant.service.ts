import { grantNeedsApproval, isRoleKey, powersOf, hasPower, ROLES, type RoleKey } from '../../../../schema/policy';
import { sqlIn } from '../../common/sql';
import { badInput, conflict, forbidden, notFound } from '../../common/errors';
import { idOf, type ListArgs } from '../../common/list';
import { getEntity, listEntities, simpleWhere } from '../../common/simple-list';
import type { RequestContext } from '../../context';
import { recordChange } from '../../trail/change-trail';
import { assertContractorLive } from './contractor-check';
import { GrantKind, GrantRequest, GrantStatus } from './grant-request.entity';

export interface GrantRequestFilterInput { status?: GrantStatus; kind?: GrantKind; ids?: string[]; staffId?: string }

const where = (f?: GrantRequestFilterInput) => ({
  ...simpleWhere(f as Record<string, unknown>, ['status', 'kind']),
  ...(f?.staffId ? { staffId: idOf(f.staffId, 'filter.staffId') } : {}),
});

/** What a grant asks for, recorded with it (never a secret). */
export interface GrantAsk { role: RoleKey; contractorId: number | null; purposes?: string[]; activates?: boolean }

/**
 * Two-person grants (【10】, schema/policy powers.ts). A request is written by one account in its own change's
 * transaction; it takes effect only when a different PRIVACY_MANAGER approves it, who is neither the requester
 * nor the grantee and holds every power the role carries. Every step is a CHANGE event in the trail.
 */
export class GrantService {
  constructor(private readonly ctx: RequestContext) {}

  private get em() { return this.ctx.em; }

  list(args: ListArgs, f?: GrantRequestFilterInput) {
    return listEntities(this.em, GrantRequest, args, where(f), ['id', 'requestedAt', 'decidedAt', 'status', 'kind', 'role']);
  }

  count(f?: GrantRequestFilterInput) { return this.em.count(GrantRequest, where(f)); }

  get(id: unknown) { return getEntity(this.em, GrantRequest, id); }

  /** Asks for `ask` on a staff account (the caller's transaction). One pending request per account: else CONFLICT. */
  async requestForStaff(staffId: number, ask: GrantAsk): Promise<GrantRequest> {
    const [pending] = await sqlIn(this.em)(`select id from grant_request where staff_id = ? and status = 'PENDING'`, [staffId]);
    if (pending) throw conflict(`申請 #${pending.id} が承認待ちです。先に承認または却下してください`, `Grant request #${pending.id} awaits a decision first`, 'role');
    return this.create({ kind: GrantKind.STAFF_ROLE, staffId, apiKeyId: null, ...ask });
  }

  /** Asks for an API key to be made active (the caller's transaction). */
  requestForApiKey(apiKeyId: number, ask: GrantAsk): Promise<GrantRequest> {
    return this.create({ kind: GrantKind.API_KEY, staffId: null, apiKeyId, ...ask });
  }

  private async create(values: GrantAsk & { kind: GrantKind; staffId: number | null; apiKeyId: number | null }): Promise<GrantRequest> {
    const requestedById = this.ctx.actor?.staffId;
    if (!requestedById) throw forbidden('A grant is asked for by a staff member', '権限付与は職員のみが申請できます');
    const g = this.em.create(GrantRequest, {
      kind: values.kind, staffId: values.staffId, apiKeyId: values.apiKeyId, role: values.role, purposes: values.purposes ?? [],
      contractorId: values.contractorId, activates: values.activates ?? false, status: GrantStatus.PENDING, requestedById,
    } as GrantRequest);
    await this.em.flush();
    await this.record(g, 'CREATE', {
      kind: g.kind, staffId: g.staffId ?? null, apiKeyId: g.apiKeyId ?? null, role: g.role, purposes: g.purposes,
      contractorId: g.contractorId ?? null, activates: g.activates, status: g.status, requestedById,
    }, null);
    return g;
  }

  /** Approves a pending request and puts the grant into effect (the caller's transaction). */
  async approve(id: unknown): Promise<GrantRequest> {
    const g = await this.decidable(id);
    if (g.kind === GrantKind.STAFF_ROLE) await this.applyStaffRole(g);
    else await this.applyApiKey(g);
    return this.decide(g, GrantStatus.APPROVED, null);
  }

  /** Rejects a pending request with a reason; a pending API key stays inactive for good. */
  async reject(id: unknown, reason: string): Promise<GrantRequest> {
    const text = String(reason ?? '').trim();
    if (!text) throw badInput('reason', '却下の理由を入力してください', 'A reason is required');
    if (text.length > 1000) throw badInput('reason', '理由は1000文字以内です', 'The reason may have at most 1000 characters');
    const g = await this.decidable(id);
    if (g.kind === GrantKind.API_KEY) {
      const [key] = await sqlIn(this.em)(`update api_key set status = 'REJECTED', revoked_at = coalesce(revoked_at, now()) where id = ? returning id`, [g.apiKeyId]);
      if (key) await recordChange(this.ctx, { entity: 'ApiKey', entityId: key.id, subjectId: null, action: 'UPDATE', plan: { changes: { status: 'REJECTED' }, personal: [] }, before: { status: 'PENDING' }, reason: text });
    }
    return this.decide(g, GrantStatus.REJECTED, text);
  }

  /** The request, locked, if this actor may decide it: FORBIDDEN for one's own request or grant, CONFLICT once decided. */
  private async decidable(id: unknown): Promise<GrantRequest> {
    const requestId = idOf(id);
    const [locked] = await sqlIn(this.em)('select id from grant_request where id = ? for update', [requestId]);
    if (!locked) throw notFound('GrantRequest');
    const g = await this.em.findOneOrFail(GrantRequest, { id: requestId }, { refresh: true });
    const me = this.ctx.actor?.staffId;
    if (!me || g.requestedById === me || g.staffId === me) {
      throw forbidden('A grant is decided by another privacy manager: not the requester, not the grantee', '自分の申請や自分への付与は、別の個人情報保護管理者が判断します');
    }
    if (g.status !== GrantStatus.PENDING) throw conflict('この申請はすでに判断されています', 'This request has already been decided');
    const role = this.ctx.actor!.role;
    if (!isRoleKey(g.role) || !powersOf(g.role).every((p) => hasPower(role, p))) {
      throw forbidden('Nobody grants a power they do not hold', '自分が持たない権限は付与できません');
    }
    return g;
  }

  private async decide(g: GrantRequest, status: GrantStatus, reason: string | null): Promise<GrantRequest> {
    Object.assign(g, { status, decidedById: this.ctx.actor!.staffId, decidedAt: new Date(), rejectionReason: reason });
    await this.em.flush();
    await this.record(g, 'UPDATE', { status, decidedById: g.decidedById, rejectionReason: reason }, { status: GrantStatus.PENDING });
    return g;
  }

  private async applyStaffRole(g: GrantRequest): Promise<void> {
    const sql = sqlIn(this.em);
    const [staff] = await sql('select id, role, contractor_id, active from staff where id = ? for update', [g.staffId]);
    if (!staff) throw notFound('Staff');
    if (!staff.active && !g.activates) throw conflict('アカウントが無効化されています', 'The account was deactivated meanwhile');
    const role = g.role as RoleKey;
    if (ROLES[role].contractor) await assertContractorLive(this.em, g.contractorId!, 'contractorId');
    await sql('update staff set role = ?, contractor_id = ?, active = true, token_version = token_version + 1 where id = ?', [role, g.contractorId ?? null, staff.id]);
    const before = { role: staff.role, contractorId: staff.contractor_id, active: staff.active };
    const after = { role, contractorId: g.contractorId ?? null, active: true };
    const changed = Object.fromEntries(Object.entries(after).filter(([k, v]) => (before as Record<string, unknown>)[k] !== v));
    await recordChange(this.ctx, { entity: 'Staff', entityId: staff.id, subjectId: null, action: 'UPDATE', plan: { changes: changed, personal: [] }, before, reason: `grant #${g.id}` });
  }

  private async applyApiKey(g: GrantRequest): Promise<void> {
    const sql = sqlIn(this.em);
    const [key] = await sql(`select k.id, k.status, k.revoked_at, k.expires_at <= now() as expired, k.contractor_id,
        s.active and s.role = k.role and s.contractor_id is not distinct from k.contractor_id as creator_holds
      from api_key k left join staff s on s.id = k.created_by_id where k.id = ? for update of k`, [g.apiKeyId]);
    if (!key) throw notFound('ApiKey');
    if (key.status !== 'PENDING' || key.revoked_at || key.expired) throw conflict('このAPIキーは失効または期限切れです', 'The key was revoked or has expired');
    if (!key.creator_holds) throw conflict('キーの作成者がこの役割をもう持っていません', 'The key\'s creator no longer holds its role');
    if (key.contractor_id && grantNeedsApproval(g.role)) await assertContractorLive(this.em, key.contractor_id, 'contractorId');
    await sql(`update api_key set status = 'ACTIVE' where id = ?`, [key.id]);
    await recordChange(this.ctx, { entity: 'ApiKey', entityId: key.id, subjectId: null, action: 'UPDATE', plan: { changes: { status: 'ACTIVE' }, personal: [] }, before: { status: 'PENDING' }, reason: `grant #${g.id}` });
  }

  private record(g: GrantRequest, action: 'CREATE' | 'UPDATE', changes: Record<string, unknown>, before: Record<string, unknown> | null) {
    return recordChange(this.ctx, { entity: 'GrantRequest', entityId: g.id, subjectId: null, action, plan: { changes, personal: [] }, before, reason: null });
  }
}

import { API_KEY_LIFETIME_DAYS, apiKeyNeedsApproval, isPurposeKey, isRoleKey, type PurposeKey, type RoleKey } from '../../../schema/policy';
import { badInput, forbidden, notFound } from '../common/errors';
import { idOf } from '../common/list';
import { inTransaction, type RequestContext } from '../context';
import { GrantService } from '../modules/grants/grant.service';
import { recordChange } from '../trail/change-trail';
import { recordSecurityEvent } from '../trail/security-events';
import { ApiKey } from './auth.entities';
import { sqlIn } from '../common/sql';
import { newApiKey } from './tokens';

export interface ApiKeyAsk { name: string; role?: string | null; purposes: string[]; expiresInDays?: number | null }

/** What a CHANGE event shows of a key: never its secret or the secret's hash. */
const shown = (k: ApiKey) => ({
  name: k.name, role: k.role, purposes: k.purposes, contractorId: k.contractorId ?? null, status: k.status,
  expiresAt: k.expiresAt, createdById: k.createdBy?.id ?? null, prefix: k.prefix,
});

/**
 * An API key is never more than its creator (schema/policy powers.ts): the creator's own role, purposes it may
 * declare, its contractor, an expiry of at most API_KEY_LIFETIME_DAYS.max. A key whose purposes read personal
 * data is inactive until a privacy manager other than its creator approves it (a grant request).
 */
export async function createApiKey(ctx: RequestContext, ask: ApiKeyAsk) {
  const actor = ctx.actor;
  if (actor?.kind !== 'staff' || !actor.staffId) throw forbidden('Only a staff member issues API keys', 'APIキーは職員のみが発行できます');
  const name = String(ask.name ?? '').trim();
  if (!name || name.length > 100) throw badInput('name', '名前は1〜100文字です', 'Name must be 1–100 characters');
  const role = ask.role ?? actor.role;
  if (!isRoleKey(role)) throw badInput('role', '役割が正しくありません', 'Unknown role');
  if (role !== actor.role) throw forbidden('A key holds its creator\'s own role, never another', 'APIキーの役割は発行者自身の役割に限られます', 'role');
  const purposes = [...new Set(ask.purposes ?? [])];
  // The purposes the role may declare under the request's policy version.
  const allowed = ctx.policy.rules.purposesOf(role) as readonly string[];
  const bad = purposes.find((p) => !isPurposeKey(p) || !allowed.includes(p));
  if (bad !== undefined) throw badInput('purposes', `この役割では宣言できない目的です: ${bad}`, `Purpose ${bad} is not declarable by ${role}`);
  const days = ask.expiresInDays ?? API_KEY_LIFETIME_DAYS.default;
  if (!Number.isInteger(days) || days < 1 || days > API_KEY_LIFETIME_DAYS.max) {
    throw badInput('expiresInDays', `有効期間は1〜${API_KEY_LIFETIME_DAYS.max}日です`, `A key lives 1 to ${API_KEY_LIFETIME_DAYS.max} days`);
  }
  // Whether it reads personal data is decided under the same version (a purpose the seed did not give the role
  // reads nothing under the seed: judged there, such a key would skip the approval).
  const pending = apiKeyNeedsApproval(role, purposes, ctx.policy.rules);
  const { key, prefix, secretHash } = newApiKey();
  const apiKey = await inTransaction(ctx, async (tx) => {
    const k = tx.em.create(ApiKey, {
      name, role: role as RoleKey, purposes: purposes as PurposeKey[], prefix, secretHash, createdBy: actor.staffId, contractorId: actor.contractorId,
      status: pending ? 'PENDING' : 'ACTIVE', expiresAt: new Date(Date.now() + days * 86_400_000),
    }, { partial: true });
    await tx.em.flush();
    await recordChange(tx, { entity: 'ApiKey', entityId: k.id, subjectId: null, action: 'CREATE', plan: { changes: shown(k), personal: [] }, before: null, reason: null });
    if (pending) await new GrantService(tx).requestForApiKey(k.id, { role: role as RoleKey, purposes, contractorId: actor.contractorId });
    return k;
  });
  await recordSecurityEvent(ctx, 'API_KEY_CREATED', { apiKeyId: apiKey.id, role, purposes, pending });
  return { key, apiKey };
}

export async function revokeApiKey(ctx: RequestContext, id: string): Promise<ApiKey> {
  const apiKey = await inTransaction(ctx, async (tx) => {
    const k = await tx.em.findOne(ApiKey, { id: idOf(id) });
    if (!k) throw notFound('ApiKey');
    if (k.revokedAt) return { k, changed: false };
    k.revokedAt = new Date();
    await tx.em.flush();
    await recordChange(tx, { entity: 'ApiKey', entityId: k.id, subjectId: null, action: 'UPDATE', plan: { changes: { revokedAt: k.revokedAt }, personal: [] }, before: { revokedAt: null }, reason: null });
    return { k, changed: true };
  });
  if (apiKey.changed) await recordSecurityEvent(ctx, 'API_KEY_REVOKED', { apiKeyId: apiKey.k.id });
  return apiKey.k;
}

/** Revokes every live key a deactivated account created (the caller's transaction), each a CHANGE event. */
export async function revokeKeysOfCreator(ctx: RequestContext, staffId: number): Promise<void> {
  const rows = await sqlIn(ctx.em)('update api_key set revoked_at = now() where created_by_id = ? and revoked_at is null returning id, revoked_at', [staffId]);
  for (const r of rows) {
    await recordChange(ctx, {
      entity: 'ApiKey', entityId: r.id, subjectId: null, action: 'UPDATE', plan: { changes: { revokedAt: r.revoked_at }, personal: [] },
      before: { revokedAt: null }, reason: 'creator deactivated / 作成者の無効化',
    });
  }
}

import argon2 from 'argon2';
import { isPurposeKey, isRoleKey, ROLES, type PurposeKey, type RoleKey } from '../../../schema/policy';
import { badInput, notFound, unauthenticated } from '../common/errors';
import { idOf } from '../common/list';
import type { RequestContext } from '../context';
import { recordSecurityEvent } from '../trail/security-events';
import { Staff } from '../modules/staff/staff.entity';
import { ApiKey, Session } from './auth.entities';
import { newApiKey } from './tokens';
import { countLoginFailure, withinLoginLimits } from './lockout';
import { stepAfterPassword } from './mfa.service';
import { type LoginAnswer, openSession } from './sessions';

/** Verified against when the e-mail is unknown, so both answers take the same time. */
const DUMMY_HASH = argon2.hash('mamori-timing-equaliser', { type: argon2.argon2id });

/**
 * A password login: throttled per address and per account from that address (lockout.ts). A right password
 * gives a full session, or one that may only give the second factor or enrol one (mfa.service.ts).
 */
export async function login(ctx: RequestContext, email: string, password: string): Promise<LoginAnswer> {
  const normalised = String(email ?? '').trim().toLowerCase().slice(0, 254);
  const staff = await withinLoginLimits(ctx, normalised, async () => {
    const found = await ctx.em.findOne(Staff, { email: normalised, active: true }, { populate: ['passwordHash'] });
    const ok = await argon2.verify(found?.passwordHash ?? (await DUMMY_HASH), String(password ?? '')).catch(() => false);
    if (!found || !ok) {
      await countLoginFailure(ctx, normalised, found?.id ?? null, 'password');
      throw unauthenticated();
    }
    return found;
  });
  return openSession(ctx, staff, (await stepAfterPassword(ctx, staff)) ?? 'FULL');
}

/** Ends the caller's session, a full one or a login still at a step. */
export async function logout(ctx: RequestContext): Promise<boolean> {
  const sessionId = ctx.actor?.sessionId ?? ctx.loginInProgress?.sessionId;
  if (!sessionId) return false;
  await ctx.em.nativeUpdate(Session, { id: sessionId }, { revokedAt: new Date() });
  await recordSecurityEvent(ctx, 'LOGOUT', {});
  return true;
}

export async function createApiKey(ctx: RequestContext, name: string, role: string, purposes: string[]) {
  const cleanName = String(name ?? '').trim();
  if (!cleanName || cleanName.length > 100) throw badInput('name', '名前は1〜100文字です', 'Name must be 1–100 characters');
  if (!isRoleKey(role)) throw badInput('role', '役割が正しくありません', 'Unknown role');
  const allowed = ROLES[role as RoleKey].purposes as readonly string[];
  const bad = purposes.find((p) => !isPurposeKey(p) || !allowed.includes(p));
  if (bad) throw badInput('purposes', `この役割では宣言できない目的です: ${bad}`, `Purpose ${bad} is not declarable by ${role}`);
  const { key, prefix, secretHash } = newApiKey();
  const apiKey = ctx.em.create(ApiKey, {
    name: cleanName, role: role as RoleKey, purposes: purposes as PurposeKey[], prefix, secretHash,
    createdBy: ctx.actor?.staffId ?? null,
  } as any);
  await ctx.em.flush();
  await recordSecurityEvent(ctx, 'API_KEY_CREATED', { apiKeyId: apiKey.id, role, purposes });
  return { key, apiKey };
}

export async function revokeApiKey(ctx: RequestContext, id: string): Promise<ApiKey> {
  const apiKey = await ctx.em.findOne(ApiKey, { id: idOf(id) });
  if (!apiKey) throw notFound('ApiKey');
  if (!apiKey.revokedAt) {
    apiKey.revokedAt = new Date();
    await ctx.em.flush();
    await recordSecurityEvent(ctx, 'API_KEY_REVOKED', { apiKeyId: apiKey.id });
  }
  return apiKey;
}

import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import { isPurposeKey, isRoleKey, ROLES, type PurposeKey, type RoleKey } from '../../../schema/policy';
import { badInput, notFound, unauthenticated } from '../common/errors';
import { idOf } from '../common/list';
import { SESSION_TTL_MS } from '../config';
import type { RequestContext } from '../context';
import { recordSecurityEvent } from '../trail/security-events';
import { Staff } from '../modules/staff/staff.entity';
import { ApiKey, Session } from './auth.entities';
import { signSessionToken, newApiKey } from './tokens';
import { withinLoginLimits } from './lockout';

/** Verified against when the e-mail is unknown, so both answers take the same time. */
const DUMMY_HASH = argon2.hash('mamori-timing-equaliser', { type: argon2.argon2id });

export async function login(ctx: RequestContext, email: string, password: string) {
  const normalised = String(email ?? '').trim().toLowerCase().slice(0, 254);
  const staff = await withinLoginLimits(ctx, normalised, async () => {
    const found = await ctx.em.findOne(Staff, { email: normalised, active: true }, { populate: ['passwordHash'] });
    const ok = await argon2.verify(found?.passwordHash ?? (await DUMMY_HASH), String(password ?? '')).catch(() => false);
    if (!found || !ok) {
      await recordSecurityEvent(ctx, 'LOGIN_FAILED', { email: normalised });
      throw unauthenticated();
    }
    return found;
  });
  const session = ctx.em.create(Session, {
    id: randomUUID(), staff, tokenVersion: staff.tokenVersion, expiresAt: new Date(Date.now() + SESSION_TTL_MS),
  } as any);
  await ctx.em.flush();
  await recordSecurityEvent(ctx, 'LOGIN_OK', { email: normalised, staffId: staff.id });
  return { token: signSessionToken(ctx.deps.secret, session.id, session.expiresAt), staff, expiresAt: session.expiresAt };
}

export async function logout(ctx: RequestContext): Promise<boolean> {
  if (!ctx.actor?.sessionId) return false;
  await ctx.em.nativeUpdate(Session, { id: ctx.actor.sessionId }, { revokedAt: new Date() });
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

import argon2 from 'argon2';
import { isRoleKey } from '../../../schema/policy';
import { forbidden, unauthenticated } from '../common/errors';
import type { RequestContext } from '../context';
import { recordSecurityEvent } from '../trail/security-events';
import { Staff } from '../modules/staff/staff.entity';
import { Session } from './auth.entities';
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
  // An account whose role awaits a second person's approval (modules/grants) has nothing to log in to.
  if (!isRoleKey(staff.role)) {
    await recordSecurityEvent(ctx, 'LOGIN_WITHOUT_ROLE', { email: staff.email, staffId: staff.id });
    throw forbidden('The account has no role yet: a grant awaits approval', 'このアカウントの役割は承認待ちのため、まだ利用できません');
  }
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

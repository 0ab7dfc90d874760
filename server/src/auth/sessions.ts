import { randomUUID } from 'node:crypto';
import { sessionTtlMs } from '../config';
import type { RequestContext } from '../context';
import { recordSecurityEvent } from '../trail/security-events';
import type { Staff } from '../modules/staff/staff.entity';
import { Session } from './auth.entities';
import { clearPairFailures } from './lockout';
import { type LoginStep, STEP_TTL_MS } from './login-steps';
import { signSessionToken } from './tokens';

/** What a login answers: a token, and what it still needs (`DONE`: nothing, a full session). */
export interface LoginAnswer {
  token: string;
  expiresAt: Date;
  staff: Staff;
  next: LoginStep | 'DONE';
}

/**
 * Opens a session: a full one (every factor given; forgives this address's failures for the account and
 * records LOGIN_OK), or one that may only take the next step, short-lived (records LOGIN_PENDING).
 */
export async function openSession(ctx: RequestContext, staff: Staff, stage: LoginStep | 'FULL', detail: Record<string, unknown> = {}): Promise<LoginAnswer> {
  const expiresAt = new Date(Date.now() + (stage === 'FULL' ? sessionTtlMs() : STEP_TTL_MS[stage]));
  const session = ctx.em.create(Session, { id: randomUUID(), staff, tokenVersion: staff.tokenVersion, stage, expiresAt }, { partial: true });
  await ctx.em.flush();
  if (stage === 'FULL') {
    await clearPairFailures(ctx, staff.email);
    await recordSecurityEvent(ctx, 'LOGIN_OK', { email: staff.email, staffId: staff.id, ...detail });
  } else {
    await recordSecurityEvent(ctx, 'LOGIN_PENDING', { email: staff.email, staffId: staff.id, next: stage });
  }
  return { token: signSessionToken(ctx.deps.secret, session.id, expiresAt), staff, expiresAt, next: stage === 'FULL' ? 'DONE' : stage };
}

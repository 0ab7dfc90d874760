import { isRoleKey, type LoginStep, type RoleKey } from '../../../schema/policy';
import type { SqlRunner } from '../db/read-pool';
import { verifySessionToken } from './tokens';

/**
 * A login past its password that still owes a step: a second factor, or (for a role that must have one and
 * has none yet) the enrolment of one. Its session is not an actor: it may call only the operations of its
 * step (the shield's `loginStep` access) and logout; everything else answers UNAUTHENTICATED.
 */
export type { LoginStep };
export const LOGIN_STEPS: readonly LoginStep[] = ['SECOND_FACTOR', 'ENROL_MFA'];

export interface LoginInProgress {
  sessionId: string;
  staffId: number;
  email: string;
  role: RoleKey;
  step: LoginStep;
}

/** How long a login may stay at a step before it must start again from the password. */
export const STEP_TTL_MS: Record<LoginStep, number> = { SECOND_FACTOR: 5 * 60_000, ENROL_MFA: 15 * 60_000 };

/**
 * The login in progress that an Authorization header names, or null. Asked only when the header did not
 * resolve to an actor, so a full session costs nothing more.
 */
export async function loginInProgressOf(run: SqlRunner, secret: string, header: string | undefined): Promise<LoginInProgress | null> {
  const token = header ? /^Bearer\s+(mamori\.\S+)$/i.exec(header)?.[1] : undefined;
  const sessionId = token ? verifySessionToken(secret, token) : null;
  if (!sessionId) return null;
  const [row] = await run(
    `select x.id, x.stage, s.id as staff_id, s.email, s.role from session x join staff s on s.id = x.staff_id
     where x.id = ? and x.stage <> 'FULL' and x.revoked_at is null and x.expires_at > now() and s.active and s.token_version = x.token_version`,
    [sessionId]);
  if (!row || !isRoleKey(row.role) || !LOGIN_STEPS.includes(row.stage)) return null;
  return { sessionId: row.id, staffId: row.staff_id, email: row.email, role: row.role, step: row.stage };
}

import { GraphQLError } from 'graphql';
import type { RequestContext } from '../context';
import { recordSecurityEvent } from '../trail/security-events';

/** Failed logins within the window count towards a lockout, per e-mail and per client address. */
export const LOGIN_LIMITS = {
  windowMinutes: 15,
  perAccount: Number(process.env.MAMORI_LOGIN_MAX_FAILURES ?? 5),
  perAddress: Number(process.env.MAMORI_LOGIN_MAX_FAILURES ?? 5) * 4,
} as const;

/** Login attempts under way in this process, per account and per address. */
const underWay = new Map<string, number>();

/**
 * Runs one login attempt unless the account or the client address is locked out. Attempts already under
 * way when this one arrives count as failures: concurrent guesses cannot all pass the check before the
 * first failure is recorded (within a process; each further server process adds at most its own).
 */
export async function withinLoginLimits<T>(ctx: RequestContext, email: string, attempt: () => Promise<T>): Promise<T> {
  const keys = [`account:${email}`, `address:${ctx.clientAddress}`];
  const [accountPending, addressPending] = keys.map((k) => underWay.get(k) ?? 0);
  for (const k of keys) underWay.set(k, (underWay.get(k) ?? 0) + 1);
  try {
    await assertNotLockedOut(ctx, email, accountPending, addressPending);
    return await attempt();
  } finally {
    for (const k of keys) {
      const n = underWay.get(k)! - 1;
      if (n) underWay.set(k, n); else underWay.delete(k);
    }
  }
}

/**
 * Refuses a login attempt after too many recent failures (read from the security events of the trail).
 * The first refusal of a window is recorded as a LOCKOUT security event; later ones are not, so that a
 * flood of refused attempts cannot flood the trail.
 */
async function assertNotLockedOut(ctx: RequestContext, email: string, accountPending: number, addressPending: number): Promise<void> {
  const [row] = await ctx.em.getConnection().execute(
    `select count(*) filter (where detail->>'event' = 'LOGIN_FAILED' and detail->>'email' = ?)::int as by_account,
            count(*) filter (where detail->>'event' = 'LOGIN_FAILED' and client_address = ?)::int as by_address,
            count(*) filter (where detail->>'event' = 'LOCKOUT' and detail->>'by' = 'account' and detail->>'email' = ?)::int as account_recorded,
            count(*) filter (where detail->>'event' = 'LOCKOUT' and detail->>'by' = 'address' and client_address = ?)::int as address_recorded
     from trail_entry where kind = 'SECURITY' and detail->>'event' in ('LOGIN_FAILED', 'LOCKOUT') and at > now() - make_interval(mins => ?)`,
    [email, ctx.clientAddress, email, ctx.clientAddress, LOGIN_LIMITS.windowMinutes]);
  const by = row.by_account + accountPending >= LOGIN_LIMITS.perAccount ? 'account'
    : row.by_address + addressPending >= LOGIN_LIMITS.perAddress ? 'address' : null;
  if (!by) return;
  if (!(by === 'account' ? row.account_recorded : row.address_recorded)) await recordSecurityEvent(ctx, 'LOCKOUT', { by, email });
  throw new GraphQLError('ログイン試行が多すぎます。しばらくしてから再度お試しください / Too many failed logins; try again later', {
    extensions: { code: 'UNAUTHENTICATED', reason: 'LOCKED_OUT', messageJa: 'ログイン試行が多すぎます', messageEn: 'Too many failed logins' },
  });
}

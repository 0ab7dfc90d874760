import { GraphQLError } from 'graphql';
import type { RequestContext } from '../context';

/** Failed logins within this window count towards a lockout, per e-mail and per client address. */
const WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_ACCOUNT = Number(process.env.MAMORI_LOGIN_MAX_FAILURES ?? 5);
const MAX_FAILURES_PER_ADDRESS = MAX_FAILURES_PER_ACCOUNT * 4;

/** Refuses a login attempt after too many recent failures (read from the security events of the trail). */
export async function assertNotLockedOut(ctx: RequestContext, email: string): Promise<void> {
  const [row] = await ctx.em.getConnection().execute(
    `select count(*) filter (where detail->>'email' = ?)::int as by_account,
            count(*) filter (where client_address = ?)::int as by_address
     from trail_entry where kind = 'SECURITY' and detail->>'event' = 'LOGIN_FAILED' and at > now() - make_interval(mins => ?)`,
    [email, ctx.clientAddress, WINDOW_MINUTES]);
  if (row.by_account >= MAX_FAILURES_PER_ACCOUNT || row.by_address >= MAX_FAILURES_PER_ADDRESS) {
    throw new GraphQLError('ログイン試行が多すぎます。しばらくしてから再度お試しください / Too many failed logins; try again later', {
      extensions: { code: 'UNAUTHENTICATED', reason: 'LOCKED_OUT', messageJa: 'ログイン試行が多すぎます', messageEn: 'Too many failed logins' },
    });
  }
}

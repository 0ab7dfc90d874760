import { GraphQLError } from 'graphql';
import { LOGIN_FAILURES_LAPSE_HOURS } from '../../../schema/policy';
import type { RequestContext } from '../context';
import { recordSecurityEvent } from '../trail/security-events';
import { loginSettingsOf } from './login-settings';

/**
 * Failed logins slow down who fails, not who is named. Each failure (wrong password or wrong second factor)
 * counts for the client address (an IPv6 /64), for the account from that address (the pair) and, for an
 * account that exists, for the account itself. The address and the pair wait longer after each failure
 * past a few free ones; the account is locked hard only after many failures (MAMORI_LOGIN_MAX_FAILURES,
 * default 50, from all addresses together). So a stranger cannot lock anyone out: a right password from an
 * address that has not failed still works until the hard lock, which a stranger reaches only slowly.
 * Counts lapse a day after their last failure.
 */
export const THROTTLE = {
  pair: { free: 3, maxDelaySeconds: 900 },
  address: { free: 10, maxDelaySeconds: 900 },
  lapseHours: LOGIN_FAILURES_LAPSE_HOURS,
} as const;

type Scope = 'address' | 'pair' | 'account';

/** Seconds to wait after the last of `failures` failures before another attempt (0: none). */
export function delaySeconds(scope: 'address' | 'pair', failures: number): number {
  const { free, maxDelaySeconds } = THROTTLE[scope];
  return failures < free ? 0 : Math.min(2 ** (failures - free), maxDelaySeconds);
}

/** The throttle's keys of one attempt. */
function keysOf(ctx: RequestContext, email: string): Record<Scope, string> {
  const address = addressKey(ctx.clientAddress);
  return { address, pair: `${email}|${address}`, account: email };
}

/** IPv6 clients are counted by /64 (one subscriber's network), IPv4 by address. */
export function addressKey(address: string): string {
  if (!address.includes(':')) return address;
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** Attempts under way in this process per key: each counts as a failure until it ends (no race past a limit). */
const underWay = new Map<string, number>();

/**
 * Runs one attempt to prove who one is, unless the address or the pair must still wait, or the account is
 * locked. The attempt reports its failure with `countLoginFailure`; a refusal here counts nothing.
 */
export async function withinLoginLimits<T>(ctx: RequestContext, email: string, attempt: () => Promise<T>): Promise<T> {
  const keys = keysOf(ctx, email);
  const flight = [`address:${keys.address}`, `pair:${keys.pair}`, `account:${keys.account}`];
  const pending = flight.map((k) => underWay.get(k) ?? 0);
  for (const k of flight) underWay.set(k, (underWay.get(k) ?? 0) + 1);
  try {
    await assertMayAttempt(ctx, keys, { address: pending[0], pair: pending[1], account: pending[2] });
    return await attempt();
  } finally {
    for (const k of flight) {
      const n = underWay.get(k)! - 1;
      if (n) underWay.set(k, n); else underWay.delete(k);
    }
  }
}

async function assertMayAttempt(ctx: RequestContext, keys: Record<Scope, string>, pending: Record<Scope, number>): Promise<void> {
  const rows: { scope: Scope; failures: number; since: number }[] = await ctx.em.getConnection().execute(
    `select scope, failures, extract(epoch from now() - last_failure_at)::float8 as since from login_throttle
     where ((scope = 'address' and key = ?) or (scope = 'pair' and key = ?) or (scope = 'account' and key = ?))
       and last_failure_at > now() - make_interval(hours => ?)`,
    [keys.address, keys.pair, keys.account, THROTTLE.lapseHours]);
  const state = (scope: Scope) => rows.find((r) => r.scope === scope) ?? { failures: 0, since: Infinity };
  if (state('account').failures + pending.account >= loginSettingsOf(ctx.deps).accountLockFailures) throw lockedOut();
  let wait = 0;
  for (const scope of ['address', 'pair'] as const) {
    const { failures, since } = state(scope);
    // Attempts under way count as failures that happened just now.
    const elapsed = pending[scope] ? 0 : since;
    wait = Math.max(wait, delaySeconds(scope, failures + pending[scope]) - elapsed);
  }
  if (wait > 0) throw throttled(Math.ceil(wait));
}

/**
 * Counts a failed attempt (and records LOGIN_FAILED). Crossing into a slow-down records LOGIN_THROTTLED once;
 * reaching the hard lock records LOCKOUT, the event the privacy manager is alerted to.
 */
export async function countLoginFailure(ctx: RequestContext, email: string, staffId: number | null, step: 'password' | 'second_factor'): Promise<void> {
  const keys = keysOf(ctx, email);
  const values = staffId === null ? `('address', ?, 1, now()), ('pair', ?, 1, now())` : `('address', ?, 1, now()), ('pair', ?, 1, now()), ('account', ?, 1, now())`;
  const rows: { scope: Scope; failures: number }[] = await ctx.em.getConnection().execute(
    `insert into login_throttle as t (scope, key, failures, last_failure_at) values ${values}
     on conflict (scope, key) do update set last_failure_at = now(),
       failures = case when t.last_failure_at <= now() - make_interval(hours => ${THROTTLE.lapseHours}) then 1 else t.failures + 1 end
     returning scope, failures`,
    staffId === null ? [keys.address, keys.pair] : [keys.address, keys.pair, keys.account]);
  await recordSecurityEvent(ctx, 'LOGIN_FAILED', { email, step, ...(staffId === null ? {} : { staffId }) });
  const failures = (scope: Scope) => rows.find((r) => r.scope === scope)?.failures ?? 0;
  const lockAt = loginSettingsOf(ctx.deps).accountLockFailures;
  if (staffId !== null && failures('account') === lockAt) {
    await recordSecurityEvent(ctx, 'LOCKOUT', { by: 'account', email, staffId, failures: lockAt, lapsesAfterHours: THROTTLE.lapseHours });
  }
  for (const scope of ['pair', 'address'] as const) {
    if (failures(scope) === THROTTLE[scope].free) await recordSecurityEvent(ctx, 'LOGIN_THROTTLED', { by: scope, email, failures: failures(scope) });
  }
  await sweepLapsedCounts(ctx);
}

/** A complete login (every factor) forgives the pair's failures; the address's and the account's stand. */
export async function clearPairFailures(ctx: RequestContext, email: string): Promise<void> {
  await ctx.em.getConnection().execute(`delete from login_throttle where scope = 'pair' and key = ?`, [keysOf(ctx, email).pair]);
}

let lastSweep = 0;
/** Lapsed counts are deleted at most once a minute per process, on the failure path only. */
async function sweepLapsedCounts(ctx: RequestContext): Promise<void> {
  if (Date.now() - lastSweep < 60_000) return;
  lastSweep = Date.now();
  await ctx.em.getConnection().execute(
    `delete from login_throttle where last_failure_at <= now() - make_interval(hours => ?)`, [THROTTLE.lapseHours]);
}

function throttled(retryAfterSeconds: number): GraphQLError {
  const ja = `ログインの失敗が続いたため、${retryAfterSeconds} 秒後に再度お試しください`;
  const en = `Too many failed logins from here; try again in ${retryAfterSeconds} s`;
  return new GraphQLError(`${ja} / ${en}`, {
    extensions: { code: 'UNAUTHENTICATED', reason: 'THROTTLED', retryAfterSeconds, messageJa: ja, messageEn: en },
  });
}

function lockedOut(): GraphQLError {
  const ja = 'ログインの失敗が多すぎるため、このアカウントはロックされています。個人情報保護管理者に連絡してください';
  const en = 'This account is locked after too many failed logins; contact the privacy manager';
  return new GraphQLError(`${ja} / ${en}`, { extensions: { code: 'UNAUTHENTICATED', reason: 'LOCKED_OUT', messageJa: ja, messageEn: en } });
}

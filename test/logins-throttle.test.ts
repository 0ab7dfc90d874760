// Attacks on logins: a stranger guessing the privacy manager's password, one address spraying many accounts,
// many addresses guessing one account, concurrent guesses. Failures slow down the address and the account from
// that address; a right password from an address that has not failed still works; only many failures from
// everywhere lock an account, and that lock is announced to the privacy manager.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RoleKey } from '../schema/policy';
import { delaySeconds, THROTTLE } from '../server/src/auth/lockout';
import { DEMO_PASSWORD, demoEmail } from '../server/src/seeders';
import { expectRefused, failedJustNow, gqlFrom, LOGIN, storedClearValues } from './helpers/hostile';
import { insertAccount } from './helpers/accounts';
import { type GqlClient, type GqlResult, startTestServer, type TestServer } from './helpers/server';

const LOCK_AFTER = 12;
let s: TestServer;
let clear: string[];
let admin: GqlClient;
beforeAll(async () => {
  process.env.MAMORI_LOGIN_MAX_FAILURES = String(LOCK_AFTER);
  s = await startTestServer({ customers: 6 });
  clear = await storedClearValues(s.sql);
  admin = await s.asRole('ADMIN');
});
afterAll(async () => {
  delete process.env.MAMORI_LOGIN_MAX_FAILURES;
  await s?.stop();
});

let lastOctet = 20;
/** A loopback address of the test's own (127.0.0.0/8 is all loopback): the throttle counts per address. */
const freshAddress = () => `127.0.1.${lastOctet++}`;
let staffCount = 0;
/** A staff account of the test's own (the throttle counts per account), written with a known password. */
async function newStaff(role: RoleKey = 'SUPPORT') {
  staffCount += 1;
  return insertAccount(s.sql, role, { email: `throttle-${staffCount}@example.jp` });
}

const loginFrom = (address: string, email: string, password: string) => gqlFrom(s.url, address, LOGIN, { e: email, p: password });
const reason = (r: GqlResult) => r.errors?.[0]?.extensions?.reason ?? null;
const tokenOf = (r: GqlResult) => r.data?.login?.token as string | undefined;
/** Moves the throttle's clock: every count of `key`'s scope looks `seconds` older. */
const age = (seconds: number) => s.sql.query(`update login_throttle set last_failure_at = last_failure_at - make_interval(secs => $1)`, [seconds]);
async function events(event: string, email: string) {
  const { rows } = await s.sql.query(`select detail, client_address from trail_entry where kind = 'SECURITY'
    and detail->>'event' = $1 and detail->>'email' = $2 order by id`, [event, email]);
  return rows;
}

describe('the delays', () => {
  test('grow with each failure past the free ones, up to a ceiling', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => delaySeconds('pair', n))).toEqual([0, 0, 1, 2, 4, 8]);
    expect(delaySeconds('address', THROTTLE.address.free - 1)).toBe(0);
    expect(delaySeconds('address', THROTTLE.address.free)).toBe(1);
    expect(delaySeconds('pair', 60)).toBe(THROTTLE.pair.maxDelaySeconds);
  });
});

describe('as a stranger guessing the privacy manager\'s password from one address', () => {
  test('the guesses slow down (1 s, 2 s, 4 s…), the privacy manager still logs in from her address, and nothing locks her out', async () => {
    const pm = demoEmail('PRIVACY_MANAGER');
    const stranger = freshAddress();
    for (let i = 0; i < THROTTLE.pair.free; i++) {
      const r = await loginFrom(stranger, pm, `guess-${i}`);
      expectRefused(r, 'UNAUTHENTICATED', clear);
      expect(reason(r)).toBeNull();
    }
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await failedJustNow(s.sql, stranger);
      const held = await loginFrom(stranger, pm, 'guess-again');
      expectRefused(held, 'UNAUTHENTICATED', clear);
      expect(reason(held)).toBe('THROTTLED');
      waits.push(held.errors![0].extensions!.retryAfterSeconds);
      // Held back, even with the right password: the answer says nothing about the password.
      await failedJustNow(s.sql, stranger);
      expect(reason(await loginFrom(stranger, pm, DEMO_PASSWORD))).toBe('THROTTLED');
      await age(waits[i]);
      expect(reason(await loginFrom(stranger, pm, `late-guess-${i}`))).toBeNull();
    }
    expect(waits).toEqual([1, 2, 4]);
    // Only verified guesses count: THROTTLED answers add nothing.
    expect(await events('LOGIN_FAILED', pm)).toHaveLength(THROTTLE.pair.free + 3);
    expect((await events('LOGIN_THROTTLED', pm)).map((e) => e.detail.by)).toEqual(['pair']);

    // Meanwhile the privacy manager, from her own address, is not held back at all.
    const own = await loginFrom(freshAddress(), pm, DEMO_PASSWORD);
    expect(tokenOf(own)).toMatch(/^mamori\./);
    expect(await events('LOCKOUT', pm)).toEqual([]);
  });

  test('a stranger keeping it up for a day gets one guess every 15 minutes, and the privacy manager is never locked', async () => {
    const pm = demoEmail('PRIVACY_MANAGER');
    const stranger = freshAddress();
    await s.sql.query(`insert into login_throttle (scope, key, failures, last_failure_at) values ('pair', $1, 40, now())`, [`${pm}|${stranger}`]);
    const held = await loginFrom(stranger, pm, 'guess');
    expect(held.errors?.[0]?.extensions).toMatchObject({ reason: 'THROTTLED', retryAfterSeconds: THROTTLE.pair.maxDelaySeconds });
    expect(tokenOf(await loginFrom(freshAddress(), pm, DEMO_PASSWORD))).toMatch(/^mamori\./);
  });
});

describe('one address spraying many accounts', () => {
  test(`after ${THROTTLE.address.free} failures the address waits, whatever the account; other addresses and the accounts are not held`, async () => {
    const sprayer = freshAddress();
    const staff = await newStaff();
    for (let i = 0; i < THROTTLE.address.free; i++) {
      expect(reason(await loginFrom(sprayer, `nobody-${i}@example.jp`, 'guess'))).toBeNull();
    }
    await failedJustNow(s.sql, sprayer);
    const held = await loginFrom(sprayer, staff.email, staff.password);
    expectRefused(held, 'UNAUTHENTICATED', clear);
    expect(reason(held)).toBe('THROTTLED');
    expect(tokenOf(await loginFrom(freshAddress(), staff.email, staff.password))).toMatch(/^mamori\./);
    const { rows } = await s.sql.query(`select detail->>'by' as by from trail_entry where kind = 'SECURITY'
      and detail->>'event' = 'LOGIN_THROTTLED' and client_address = $1`, [sprayer]);
    expect(rows.map((r) => r.by)).toEqual(['address']);
  });
});

describe('many addresses guessing one account', () => {
  test(`after ${LOCK_AFTER} failures from everywhere the account is locked hard, LOCKOUT is announced once, and another privacy manager can lift it`, async () => {
    const victim = await newStaff();
    const addresses = Array.from({ length: LOCK_AFTER / 2 }, freshAddress);
    for (const address of addresses) {
      for (let i = 0; i < 2; i++) expect(reason(await loginFrom(address, victim.email, `guess-${i}`))).toBeNull();
    }
    const locked = await loginFrom(freshAddress(), victim.email, victim.password);
    expectRefused(locked, 'UNAUTHENTICATED', clear);
    expect(reason(locked)).toBe('LOCKED_OUT');
    const lockouts = await events('LOCKOUT', victim.email);
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0].detail).toMatchObject({ by: 'account', staffId: Number(victim.id), failures: LOCK_AFTER });
    // The privacy manager sees it among the security events.
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const seen = await pm(`{ allSecurityEvents(perPage: 50, filter: { event: "LOCKOUT" }) { detail } }`);
    expect(seen.errors).toBeUndefined();
    expect(JSON.stringify(seen.data.allSecurityEvents)).toContain(victim.email);

    // Lifting it needs a reason, and is the privacy manager's alone.
    const unlock = 'mutation($id: ID!, $r: String!) { unlockStaffLogin(id: $id, reason: $r) { id } }';
    expect((await pm(unlock, { id: victim.id, r: ' ' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expectRefused(await admin(unlock, { id: victim.id, r: '本人確認済み' }), 'FORBIDDEN', clear);
    expect(reason(await loginFrom(freshAddress(), victim.email, victim.password))).toBe('LOCKED_OUT');
    expect((await pm(unlock, { id: victim.id, r: '本人確認済み' })).errors).toBeUndefined();
    expect(tokenOf(await loginFrom(freshAddress(), victim.email, victim.password))).toMatch(/^mamori\./);
    expect(await events('LOGIN_UNLOCKED', victim.email)).toHaveLength(1);
  });

  test('the privacy manager cannot lift a lock on her own account', async () => {
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const me = await pm('{ me { id } }');
    const r = await pm('mutation($id: ID!) { unlockStaffLogin(id: $id, reason: "自分で") { id } }', { id: me.data.me.id });
    expectRefused(r, 'FORBIDDEN', clear);
  });
});

describe('concurrent guesses', () => {
  test('cannot race past the free failures of an account from one address', async () => {
    const victim = await newStaff();
    const address = freshAddress();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => loginFrom(address, victim.email, `guess-${i}`)));
    for (const r of answers) expectRefused(r, 'UNAUTHENTICATED', clear);
    expect((await events('LOGIN_FAILED', victim.email)).length).toBeLessThanOrEqual(THROTTLE.pair.free);
    expect(answers.filter((r) => reason(r) === 'THROTTLED').length).toBeGreaterThanOrEqual(12 - THROTTLE.pair.free);
  });
});

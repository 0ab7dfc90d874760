// Two-factor logins (TOTP, RFC 6238) over HTTP, with MAMORI_MFA_ROLES naming the roles that must have one.
// The enrolment in the browser and a second-factor login there: test/ui-mfa.test.ts.
import {
  getNamedType, type GraphQLField, type GraphQLInputType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RoleKey } from '../schema/policy';
import { buildBareSchema } from '../server/src/graphql/schema';
import { DEMO_PASSWORD, demoEmail } from '../server/src/seeders';
import { expectRefused, failedJustNow, gqlFrom, storedClearValues } from './helpers/hostile';
import { BEGIN, bearer, CONFIRM, enrolAtLogin, LOGIN_STEP, loginWithCode, totp, VERIFY } from './helpers/mfa';
import { insertAccount } from './helpers/accounts';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let clear: string[];
/** ADMIN's full session (ADMIN must have a second factor here too). */
let admin: ReturnType<typeof bearer>;
beforeAll(async () => {
  process.env.MAMORI_MFA_ROLES = 'PRIVACY_MANAGER,AUDITOR,ADMIN';
  s = await startTestServer({ customers: 6 });
  clear = await storedClearValues(s.sql);
  admin = bearer(s, (await enrolAtLogin(s, demoEmail('ADMIN'), DEMO_PASSWORD)).token);
});
afterAll(async () => {
  delete process.env.MAMORI_MFA_ROLES;
  await s?.stop();
});

let staffCount = 0;
/** A staff account of the test's own, written with a known password (the API takes none). */
async function newStaff(role: string) {
  staffCount += 1;
  return insertAccount(s.sql, role as RoleKey, { email: `mfa-${staffCount}@example.jp` });
}

/** A syntactically complete call of a root field: every required argument given a value of its type. */
function callOf(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const value = (type: GraphQLInputType): string => {
    if (isNonNullType(type)) return value(type.ofType);
    if (isListType(type)) return `[${value(type.ofType)}]`;
    if (isEnumType(type)) return type.getValues()[0].name;
    if (isInputObjectType(type)) {
      const required = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
      return `{ ${required.map((f) => `${f.name}: ${value(f.type)}`).join(', ')} }`;
    }
    if (isScalarType(type)) return ({ Int: '1', Float: '1', Boolean: 'true', ID: '"1"', DateTimeISO: '"2026-01-01T00:00:00Z"', Date: '"2026-01-01"', JSONObject: '{}' } as Record<string, string>)[type.name] ?? '"1"';
    return 'null';
  };
  const args = field.args.filter((a) => isNonNullType(a.type)).map((a) => `${a.name}: ${value(a.type)}`);
  const selection = isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${kind} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
}

describe('a role that must have a second factor and has none', () => {
  test('gets at login a session that may only enrol: every other operation of the schema answers UNAUTHENTICATED', async () => {
    const step = await s.gql(LOGIN_STEP, { e: demoEmail('AUDITOR'), p: DEMO_PASSWORD });
    expect(step.data.login.next).toBe('ENROL_MFA');
    const asStep = bearer(s, step.data.login.token, 'PRIVACY_ADMINISTRATION');
    const schema = buildBareSchema();
    // The public operations of one-time password links answer anyone: the link's token is their credential.
    // The public notice answers anyone too: it is what the store tells everyone.
    const allowed = new Set(['login', 'logout', 'beginMfaEnrolment', 'confirmMfaEnrolment', 'passwordSetup', 'completePasswordSetup', 'privacyNotice']);
    const calls = [
      ...Object.values(schema.getQueryType()!.getFields()).filter((f) => !allowed.has(f.name)).map((f) => callOf('query', f)),
      ...Object.values(schema.getMutationType()!.getFields()).filter((f) => !allowed.has(f.name)).map((f) => callOf('mutation', f)),
    ];
    expect(calls.length).toBeGreaterThan(40);
    const answered: Record<string, unknown> = {};
    for (const call of calls) {
      const r = await asStep(call);
      if (r.errors?.[0]?.extensions?.code !== 'UNAUTHENTICATED') answered[call] = r.errors?.[0]?.extensions?.code ?? r.data;
      expect(JSON.stringify(r)).not.toContain(demoEmail('SUPPORT'));
    }
    expect(answered).toEqual({});
    // Nothing was written by any of them.
    const { rows } = await s.sql.query(`select count(*)::int n from trail_entry where kind in ('ACCESS', 'CHANGE')
      and staff_id = (select id from staff where email = $1)`, [demoEmail('AUDITOR')]);
    expect(rows[0].n).toBe(0);
  });

  test('enrols with a secret stored only sealed, a wrong code changing nothing, and gets recovery codes stored only hashed', async () => {
    const pmEmail = demoEmail('PRIVACY_MANAGER');
    const step = await s.gql(LOGIN_STEP, { e: pmEmail, p: DEMO_PASSWORD });
    expect(step.data.login.next).toBe('ENROL_MFA');
    const asStep = bearer(s, step.data.login.token);
    const begun = (await asStep(BEGIN)).data.beginMfaEnrolment;
    expect(begun.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(begun.otpauthUri).toMatch(new RegExp(`^otpauth://totp/Mamori:${encodeURIComponent(pmEmail)}\\?`));
    expect(begun.otpauthUri).toContain(`secret=${begun.secret}`);
    const { rows: [stored] } = await s.sql.query(`select m.* from staff_mfa m join staff s on s.id = m.staff_id where s.email = $1`, [pmEmail]);
    expect(stored.secret_sealed).toMatch(/^v1\./);
    expect(JSON.stringify(stored)).not.toContain(begun.secret);
    expect(stored.confirmed_at).toBeNull();

    for (const [code, expected] of [['12345', 'BAD_USER_INPUT'], ['abcdef', 'BAD_USER_INPUT'], [await totp(begun.secret, 4), 'BAD_USER_INPUT']] as const) {
      const wrong = await asStep(CONFIRM, { c: code });
      expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: expected, field: 'code' });
    }
    expect((await s.sql.query(`select confirmed_at from staff_mfa where staff_id = $1`, [stored.staff_id])).rows[0].confirmed_at).toBeNull();

    const confirmed = (await asStep(CONFIRM, { c: await totp(begun.secret) })).data.confirmMfaEnrolment;
    expect(confirmed.login.next).toBe('DONE');
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    for (const code of confirmed.recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const { rows: hashes } = await s.sql.query(`select code_hash from staff_recovery_code where staff_id = $1`, [stored.staff_id]);
    expect(hashes).toHaveLength(10);
    const table = JSON.stringify(hashes);
    for (const code of confirmed.recoveryCodes) { expect(table).not.toContain(code); expect(table).not.toContain(code.replace('-', '')); }

    // The full session works; the enrolment session is over; a second enrolment is refused.
    const pm = bearer(s, confirmed.login.token, 'PRIVACY_ADMINISTRATION');
    expect((await pm('{ me { role } mfaStatus { enrolled required recoveryCodesLeft } }')).data)
      .toEqual({ me: { role: 'PRIVACY_MANAGER' }, mfaStatus: { enrolled: true, required: true, recoveryCodesLeft: 10 } });
    expectRefused(await asStep(BEGIN), 'UNAUTHENTICATED', clear);
    expectRefused(await pm(BEGIN), 'CONFLICT', clear);
    const { rows: events } = await s.sql.query(`select detail from trail_entry where detail->>'event' = 'MFA_ENROLLED' and (detail->>'staffId')::int = $1`, [stored.staff_id]);
    expect(events).toHaveLength(1);
  });
});

describe('a login with a second factor', () => {
  test('asks for the code; the step session reads nothing; a wrong or replayed code is refused; the right one gives a full session', async () => {
    const staff = await newStaff('AUDITOR');
    const { secret } = await enrolAtLogin(s, staff.email, staff.password);
    const step = await s.gql(LOGIN_STEP, { e: staff.email, p: staff.password });
    expect(step.data.login.next).toBe('SECOND_FACTOR');
    const asStep = bearer(s, step.data.login.token, 'PRIVACY_ADMINISTRATION');
    expectRefused(await asStep('{ allCustomers(perPage: 2) { id name } }'), 'UNAUTHENTICATED', clear);
    expectRefused(await asStep(BEGIN), 'UNAUTHENTICATED', clear);
    expect((await asStep(VERIFY, { c: 'x' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    expect((await asStep(VERIFY, { c: await totp(secret, 5) })).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'WRONG_CODE', field: 'code' });
    // The code of the enrolment's own time step was used: it does not serve twice.
    expect((await asStep(VERIFY, { c: await totp(secret) })).errors?.[0]?.extensions?.reason).toBe('WRONG_CODE');
    const done = (await asStep(VERIFY, { c: await totp(secret, 1) })).data.verifySecondFactor;
    expect(done.next).toBe('DONE');
    expect((await bearer(s, done.token)('{ me { role } }')).data.me.role).toBe('AUDITOR');
    // The step session ended with the step.
    expectRefused(await asStep(VERIFY, { c: await totp(secret, 1) }), 'UNAUTHENTICATED', clear);
  });

  test('a recovery code serves once instead of the app', async () => {
    const staff = await newStaff('AUDITOR');
    const { recoveryCodes } = await enrolAtLogin(s, staff.email, staff.password);
    const viaRecovery = async (code: string) => {
      const step = await s.gql(LOGIN_STEP, { e: staff.email, p: staff.password });
      return bearer(s, step.data.login.token)(VERIFY, { c: code });
    };
    const done = await viaRecovery(` ${recoveryCodes[3].toUpperCase()} `);
    expect(done.data.verifySecondFactor.next).toBe('DONE');
    expect((await bearer(s, done.data.verifySecondFactor.token)('{ mfaStatus { recoveryCodesLeft } }')).data.mfaStatus.recoveryCodesLeft).toBe(9);
    expect((await viaRecovery(recoveryCodes[3])).errors?.[0]?.extensions?.reason).toBe('WRONG_CODE');
    const { rows } = await s.sql.query(`select detail from trail_entry where detail->>'event' = 'RECOVERY_CODE_USED' and (detail->>'staffId')::int = $1`, [Number(staff.id)]);
    expect(rows.map((r) => r.detail.recoveryCodesLeft)).toEqual([9]);
  });

  test('wrong codes are throttled like wrong passwords, per address', async () => {
    const staff = await newStaff('AUDITOR');
    const { secret } = await enrolAtLogin(s, staff.email, staff.password);
    const address = '127.0.3.7';
    const step = await gqlFrom(s.url, address, LOGIN_STEP, { e: staff.email, p: staff.password });
    const verifyFrom = (code: string) => gqlFrom(s.url, address, VERIFY, { c: code }, { authorization: `Bearer ${step.data.login.token}` });
    const wrong = await totp(secret, -10);
    for (let i = 0; i < 3; i++) expect((await verifyFrom(wrong)).errors?.[0]?.extensions?.reason).toBe('WRONG_CODE');
    await failedJustNow(s.sql, address);
    expect((await verifyFrom(await totp(secret, 1))).errors?.[0]?.extensions?.reason).toBe('THROTTLED');
    const { rows } = await s.sql.query(`select count(*)::int n from trail_entry where detail->>'event' = 'LOGIN_FAILED'
      and detail->>'step' = 'second_factor' and detail->>'email' = $1`, [staff.email]);
    expect(rows[0].n).toBe(3);
  });
});

describe('a role that need not have a second factor', () => {
  test('logs in with its password alone, may enrol from its session, and is asked for the code from then on', async () => {
    const staff = await newStaff('SUPPORT');
    const first = await s.gql(LOGIN_STEP, { e: staff.email, p: staff.password });
    expect(first.data.login.next).toBe('DONE');
    const support = bearer(s, first.data.login.token);
    expect((await support('{ mfaStatus { enrolled required } }')).data.mfaStatus).toEqual({ enrolled: false, required: false });
    const { secret } = (await support(BEGIN)).data.beginMfaEnrolment;
    const confirmed = (await support(CONFIRM, { c: await totp(secret) })).data.confirmMfaEnrolment;
    expect(confirmed.login).toBeNull();
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect((await s.gql(LOGIN_STEP, { e: staff.email, p: staff.password })).data.login.next).toBe('SECOND_FACTOR');
  });
});

describe('a reset of the second factor', () => {
  const RESET = 'mutation($id: ID!, $r: String!) { resetStaffMfa(id: $id, reason: $r) { id mfaEnrolled } }';

  test('is refused to the privacy manager for herself, to ADMIN and AUDITOR, and for bad input; nothing changes', async () => {
    const pmStaff = await newStaff('PRIVACY_MANAGER');
    const { token, secret } = await enrolAtLogin(s, pmStaff.email, pmStaff.password);
    const pm = bearer(s, token, 'PRIVACY_ADMINISTRATION');
    expectRefused(await pm(RESET, { id: pmStaff.id, r: '端末紛失' }), 'FORBIDDEN', clear);
    expectRefused(await admin(RESET, { id: pmStaff.id, r: '端末紛失' }), 'FORBIDDEN', clear);
    const auditor = await newStaff('AUDITOR');
    const asAuditor = bearer(s, (await enrolAtLogin(s, auditor.email, auditor.password)).token, 'PRIVACY_ADMINISTRATION');
    expectRefused(await asAuditor(RESET, { id: pmStaff.id, r: '端末紛失' }), 'FORBIDDEN', clear);
    const other = await newStaff('PRIVACY_MANAGER');
    const second = bearer(s, (await enrolAtLogin(s, other.email, other.password)).token, 'PRIVACY_ADMINISTRATION');
    expect((await second(RESET, { id: pmStaff.id, r: '' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await second(RESET, { id: '999999', r: '端末紛失' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await second(RESET, { id: 'abc', r: '端末紛失' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    // Still enrolled, still logged in.
    expect((await pm('{ mfaStatus { enrolled } }')).data.mfaStatus.enrolled).toBe(true);
    expect(await loginWithCode(s, pmStaff.email, pmStaff.password, secret)).toMatch(/^mamori\./);
  });

  test('by a second privacy manager removes it, ends the sessions, is recorded, and the next login enrols again', async () => {
    const target = await newStaff('ADMIN');
    const { token } = await enrolAtLogin(s, target.email, target.password);
    const other = await newStaff('PRIVACY_MANAGER');
    const second = bearer(s, (await enrolAtLogin(s, other.email, other.password)).token, 'PRIVACY_ADMINISTRATION');
    const r = await second(RESET, { id: target.id, r: 'スマートフォン紛失の申告(本人確認済み)' });
    expect(r.data.resetStaffMfa).toEqual({ id: target.id, mfaEnrolled: false });
    expectRefused(await bearer(s, token)('{ me { role } }'), 'UNAUTHENTICATED', clear);
    expect((await s.gql(LOGIN_STEP, { e: target.email, p: target.password })).data.login.next).toBe('ENROL_MFA');
    const { rows } = await s.sql.query(`select staff_id, detail from trail_entry where detail->>'event' = 'MFA_RESET' and (detail->>'staffId')::int = $1`, [Number(target.id)]);
    expect(rows).toEqual([{ staff_id: Number(other.id), detail: expect.objectContaining({ email: target.email, reason: 'スマートフォン紛失の申告(本人確認済み)' }) }]);
    const { rows: left } = await s.sql.query(`select (select count(*)::int from staff_mfa where staff_id = $1) + (select count(*)::int from staff_recovery_code where staff_id = $1) as n`, [Number(target.id)]);
    expect(left[0].n).toBe(0);
  });
});

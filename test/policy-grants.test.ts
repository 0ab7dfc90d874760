// Two-person grants (【10】): who may decide them, what a pending account or key can do (nothing), bad input
// (a coded error naming the field, nothing changed), and the life of API keys and passwords around them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { API_KEY_LIFETIME_DAYS } from '../schema/policy';
import { demoEmail } from '../server/src/seeders';
import { approvedApiKey, CREATE_KEY, insertAccount, LOGIN, loginAs, mailedToken } from './helpers/accounts';
import { expectRefused, storedClearValues } from './helpers/hostile';
import { contractorOf, errorCode, errorField } from './helpers/policy';
import { type GqlClient, startTestServer, TEST_SECRET, type TestServer } from './helpers/server';
import { signSessionToken } from '../server/src/auth/tokens';
import { trustDocument } from './helpers/trusted-documents';
import { jstDay } from '../server/src/modules/audits/findings';

let s: TestServer;
let clear: string[];
let admin: GqlClient;
let pm: GqlClient;
let pm2: GqlClient;
let pm2Id: string;
beforeAll(async () => {
  s = await startTestServer({ customers: 10 });
  clear = await storedClearValues(s.sql);
  admin = await s.asRole('ADMIN');
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const second = await insertAccount(s.sql, 'PRIVACY_MANAGER', { name: '第二 管理者' });
  pm2Id = second.id;
  pm2 = await loginAs(s, second, 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const APPROVE = 'mutation($id: ID!) { approveGrantRequest(id: $id) { id status decidedById } }';
const REJECT = 'mutation($id: ID!, $r: String!) { rejectGrantRequest(id: $id, reason: $r) { id status rejectionReason } }';
const CREATE_STAFF = 'mutation($n: String!, $e: String!, $r: String!, $c: ID) { createStaff(name: $n, email: $e, role: $r, contractorId: $c) { id role pendingRole } }';
/** Everything a grant touches: a refused or bad call leaves all of it as it was. */
const snapshot = async () => (await s.sql.query(`select
  (select json_agg(json_build_object('id', id, 'role', role, 'contractor', contractor_id, 'active', active, 'email', email, 'v', token_version) order by id) from staff) staff,
  (select json_agg(json_build_object('id', id, 'status', status, 'revoked', revoked_at) order by id) from api_key) keys,
  (select json_agg(json_build_object('id', id, 'status', status, 'by', decided_by_id) order by id) from grant_request) grants,
  (select count(*) from trail_entry where kind = 'CHANGE')::int changes`)).rows[0];
const pendingOf = async (where: string, id: string) =>
  String((await s.sql.query(`select id from grant_request where ${where} = $1 and status = 'PENDING'`, [Number(id)])).rows[0].id);
const asKey = (key: string, purpose: string) => (q: string) => s.gql(q, undefined, { authorization: `Bearer ${key}`, 'x-purpose': purpose });
let made = 0;
const email = () => `grants-${++made}@example.jp`;

describe('who decides a grant', () => {
  test('the requester cannot approve her own key; a second privacy manager can, once; a second decision is CONFLICT', async () => {
    const created = await pm(CREATE_KEY, { n: '自分用キー', p: ['PRIVACY_ADMINISTRATION'] });
    expect(created.data.createApiKey.apiKey.status).toBe('PENDING');
    const id = await pendingOf('api_key_id', created.data.createApiKey.apiKey.id);
    const before = await snapshot();
    expectRefused(await pm(APPROVE, { id }), 'FORBIDDEN', clear);
    expectRefused(await pm(REJECT, { id, r: '自分で却下' }), 'FORBIDDEN', clear);
    expect(await snapshot()).toEqual(before);
    expect((await pm2(APPROVE, { id })).data.approveGrantRequest).toMatchObject({ status: 'APPROVED', decidedById: pm2Id });
    const again = await snapshot();
    expectRefused(await pm2(APPROVE, { id }), 'CONFLICT', clear);
    expectRefused(await pm2(REJECT, { id, r: '二重' }), 'CONFLICT', clear);
    expect(await snapshot()).toEqual(again);
  });

  test('the grantee cannot approve her own grant, and keeps what she had until another decides', async () => {
    const r = await admin('mutation($id: ID!) { updateStaff(id: $id, role: "AUDITOR") { role pendingRole } }', { id: pm2Id });
    expect(r.data.updateStaff).toEqual({ role: 'PRIVACY_MANAGER', pendingRole: 'AUDITOR' });
    const id = await pendingOf('staff_id', pm2Id);
    expectRefused(await pm2(APPROVE, { id }), 'FORBIDDEN', clear);
    // A second request for the same account waits for the first.
    expect(errorCode(await admin('mutation($id: ID!) { updateStaff(id: $id, role: "SUPPORT") { id } }', { id: pm2Id }))).toBe('CONFLICT');
    expect((await pm(REJECT, { id, r: '監査担当は別の者とする' })).data.rejectGrantRequest).toEqual({ id, status: 'REJECTED', rejectionReason: '監査担当は別の者とする' });
    expect((await s.sql.query('select role from staff where id = $1', [Number(pm2Id)])).rows[0].role).toBe('PRIVACY_MANAGER');
  });

  test('a rejection needs a reason; ADMIN neither approves nor rejects', async () => {
    const made = await admin(CREATE_STAFF, { n: '監査 候補', e: email(), r: 'AUDITOR' });
    const id = await pendingOf('staff_id', made.data.createStaff.id);
    const before = await snapshot();
    expect((await pm(REJECT, { id, r: '  ' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expectRefused(await admin(APPROVE, { id }), 'FORBIDDEN', clear);
    expectRefused(await admin(REJECT, { id, r: '不要' }), 'FORBIDDEN', clear);
    expect(await snapshot()).toEqual(before);
    const pending = await pm('{ allGrantRequests(filter: { status: PENDING }) { id kind role subjectName requestedById } _allGrantRequestsMeta(filter: { status: PENDING }) { count } }');
    expect(pending.data.allGrantRequests).toContainEqual(expect.objectContaining({ id, kind: 'STAFF_ROLE', role: 'AUDITOR', subjectName: '監査 候補' }));
    expect(pending.data._allGrantRequestsMeta.count).toBe(pending.data.allGrantRequests.length);
  });
});

describe('bad input: a coded error naming the field, nothing changed', () => {
  test('an unknown role or purpose, an API key beyond a year, a lapsed or unknown contractor', async () => {
    const carrier = await s.asRole('CARRIER');
    const lapsed = await contractorOf(s.sql, 'MAILING_HOUSE');
    await s.sql.query(`update contractor set agreement_expires_at = current_date - 10 where id = $1`, [lapsed]);
    const support = (await insertAccount(s.sql, 'SUPPORT')).id;
    const cases: [() => Promise<any>, string][] = [
      [() => admin(CREATE_STAFF, { n: '誰か', e: email(), r: 'SUPERUSER' }), 'role'],
      [() => admin(CREATE_STAFF, { n: '誰か', e: email(), r: 'MAILING_HOUSE', c: String(lapsed) }), 'contractorId'],
      [() => admin(CREATE_STAFF, { n: '誰か', e: email(), r: 'CARRIER', c: '999999' }), 'contractorId'],
      [() => admin(CREATE_STAFF, { n: '誰か', e: email(), r: 'CARRIER' }), 'contractorId'],
      [() => admin('mutation($id: ID!, $c: ID!) { updateStaff(id: $id, role: "MAILING_HOUSE", contractorId: $c) { id } }', { id: support, c: String(lapsed) }), 'contractorId'],
      [() => admin('mutation($id: ID!) { updateStaff(id: $id, role: "") { id } }', { id: pm2Id }), 'role'],
      [() => carrier(CREATE_KEY, { n: 'キー', p: ['SHIPPING', 'NO_SUCH_PURPOSE'] }), 'purposes'],
      [() => carrier(CREATE_KEY, { n: 'キー', p: ['SHIPPING'], d: API_KEY_LIFETIME_DAYS.max + 1 }), 'expiresInDays'],
      [() => carrier(CREATE_KEY, { n: 'キー', p: ['SHIPPING'], d: 0 }), 'expiresInDays'],
      [() => carrier(CREATE_KEY, { n: 'キー', r: 'NO_SUCH_ROLE', p: [] }), 'role'],
    ];
    const before = await snapshot();
    for (const [call, field] of cases) {
      const r = await call();
      expect(r.errors?.[0]?.extensions, `${field}: ${JSON.stringify(r.errors)}`).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await snapshot()).toEqual(before);
  });

  test('a grant whose contractor lapsed meanwhile is not approved: BAD_USER_INPUT on contractorId, nothing changed', async () => {
    const collection = await contractorOf(s.sql, 'COLLECTION_AGENCY');
    const made = await admin(CREATE_STAFF, { n: '回収 担当', e: email(), r: 'COLLECTION_AGENCY', c: String(collection) });
    expect(made.data.createStaff).toMatchObject({ role: null, pendingRole: 'COLLECTION_AGENCY' });
    const id = await pendingOf('staff_id', made.data.createStaff.id);
    await s.sql.query(`update contractor set agreement_expires_at = current_date - 1 where id = $1`, [collection]);
    const before = await snapshot();
    const r = await pm(APPROVE, { id });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contractorId' });
    expect(await snapshot()).toEqual(before);
    await s.sql.query(`update contractor set agreement_expires_at = current_date + 365 where id = $1`, [collection]);
    expect((await pm(APPROVE, { id })).data.approveGrantRequest.status).toBe('APPROVED');
    expect((await s.sql.query('select role, contractor_id from staff where id = $1', [Number(made.data.createStaff.id)])).rows[0])
      .toEqual({ role: 'COLLECTION_AGENCY', contractor_id: collection });
  });

  test('a duplicate e-mail is CONFLICT on email', async () => {
    const r = await admin(CREATE_STAFF, { n: '重複', e: demoEmail('SUPPORT'), r: 'SUPPORT' });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
  });
});

describe('until approved, nothing', () => {
  test('a pending key is refused (UNAUTHENTICATED) even with an approved document; approved, it reads; rejected, never', async () => {
    const support = await s.asRole('SUPPORT');
    const read = '{ allCustomers(perPage: 2) { id name } }';
    for (const decision of ['approve', 'reject'] as const) {
      const created = await support(CREATE_KEY, { n: `窓口 ${decision}`, p: ['INQUIRY_RESPONSE'] });
      const { key, apiKey } = created.data.createApiKey;
      expect(apiKey.status).toBe('PENDING');
      await trustDocument(s, apiKey.id, read, 'INQUIRY_RESPONSE');
      expectRefused(await asKey(key, 'INQUIRY_RESPONSE')(read), 'UNAUTHENTICATED', clear);
      const id = await pendingOf('api_key_id', apiKey.id);
      if (decision === 'approve') {
        await pm(APPROVE, { id });
        expect((await asKey(key, 'INQUIRY_RESPONSE')(read)).data.allCustomers.length).toBe(2);
      } else {
        await pm(REJECT, { id, r: '用途が不明' });
        expectRefused(await asKey(key, 'INQUIRY_RESPONSE')(read), 'UNAUTHENTICATED', clear);
      }
    }
  });

  test('an account without a role is no actor, even with a session forged into the database', async () => {
    const pending = await insertAccount(s.sql, null);
    const { rows: [x] } = await s.sql.query(`insert into session (id, staff_id, token_version, expires_at) values (gen_random_uuid(), $1, 1, now() + interval '1 hour') returning id, expires_at`, [Number(pending.id)]);
    const token = signSessionToken(TEST_SECRET, x.id, new Date(x.expires_at));
    for (const q of ['{ me { id role } }', '{ allCustomers(perPage: 1) { id name } }', '{ allStaff { id } }']) {
      expectRefused(await s.gql(q, undefined, { authorization: `Bearer ${token}`, 'x-purpose': 'PRIVACY_ADMINISTRATION' }), 'UNAUTHENTICATED', clear);
    }
    expectRefused(await s.gql(LOGIN, { e: pending.email, p: pending.password }), 'FORBIDDEN', clear);
  });

  test('a key that reads nothing personal needs no approval; a contractor\'s key is its contractor\'s', async () => {
    const marketing = await s.asRole('MARKETING');
    expect((await marketing(CREATE_KEY, { n: '集計', p: ['STATISTICS'] })).data.createApiKey.apiKey.status).toBe('ACTIVE');
    const carrier = await s.asRole('CARRIER');
    const r = await carrier(CREATE_KEY, { n: '配送', p: ['SHIPPING'] });
    expect(r.data.createApiKey.apiKey.status).toBe('PENDING');
    const { rows: [k] } = await s.sql.query('select role, contractor_id from api_key where id = $1', [Number(r.data.createApiKey.apiKey.id)]);
    expect(k).toEqual({ role: 'CARRIER', contractor_id: await contractorOf(s.sql, 'CARRIER') });
  });

  test('reactivating a privacy manager is a grant: the account stays inactive until approved', async () => {
    const other = await insertAccount(s.sql, 'PRIVACY_MANAGER');
    await admin('mutation($id: ID!) { updateStaff(id: $id, active: false) { id } }', { id: other.id });
    const r = await admin('mutation($id: ID!) { updateStaff(id: $id, active: true) { active pendingRole } }', { id: other.id });
    expect(r.data.updateStaff).toEqual({ active: false, pendingRole: 'PRIVACY_MANAGER' });
    expectRefused(await s.gql(LOGIN, { e: other.email, p: other.password }), 'UNAUTHENTICATED', clear);
    await pm(APPROVE, { id: await pendingOf('staff_id', other.id) });
    expect((await s.gql(LOGIN, { e: other.email, p: other.password })).data.login.token).toBeTruthy();
  });
});

describe('API keys live and die with their creator', () => {
  test('default lifetime 90 days; an expired key is UNAUTHENTICATED', async () => {
    const creator = await insertAccount(s.sql, 'SUPPORT');
    const { key, id } = await approvedApiKey(s, 'SUPPORT', ['INQUIRY_RESPONSE'], '期限', await loginAs(s, creator));
    const { rows: [k] } = await s.sql.query(`select extract(epoch from expires_at - created_at) / 86400 as days from api_key where id = $1`, [Number(id)]);
    expect(Math.round(Number(k.days))).toBe(API_KEY_LIFETIME_DAYS.default);
    const read = '{ allCustomers(perPage: 1) { id } }';
    await trustDocument(s, id, read, 'INQUIRY_RESPONSE');
    expect((await asKey(key, 'INQUIRY_RESPONSE')(read)).errors).toBeUndefined();
    await s.sql.query(`update api_key set expires_at = now() - interval '1 second' where id = $1`, [Number(id)]);
    expectRefused(await asKey(key, 'INQUIRY_RESPONSE')(read), 'UNAUTHENTICATED', clear);
  });

  test('deactivating the creator revokes the keys (a CHANGE event each); a creator moved to another role takes the key\'s power with her', async () => {
    const read = '{ allCustomers(perPage: 1) { id } }';
    const keys: Record<string, { key: string; id: string; creator: string }> = {};
    for (const what of ['deactivated', 'moved']) {
      const creator = await insertAccount(s.sql, 'SUPPORT');
      const k = await approvedApiKey(s, 'SUPPORT', ['INQUIRY_RESPONSE'], what, await loginAs(s, creator));
      await trustDocument(s, k.id, read, 'INQUIRY_RESPONSE');
      expect((await asKey(k.key, 'INQUIRY_RESPONSE')(read)).errors).toBeUndefined();
      keys[what] = { ...k, creator: creator.id };
    }
    await admin('mutation($id: ID!) { updateStaff(id: $id, active: false) { id } }', { id: keys.deactivated.creator });
    await admin('mutation($id: ID!) { updateStaff(id: $id, role: "MARKETING") { id } }', { id: keys.moved.creator });
    for (const k of Object.values(keys)) expectRefused(await asKey(k.key, 'INQUIRY_RESPONSE')(read), 'UNAUTHENTICATED', clear);
    const { rows } = await s.sql.query(`select detail from trail_entry where kind = 'CHANGE' and detail->>'entity' = 'ApiKey'
      and (detail->>'entityId')::int = $1`, [Number(keys.deactivated.id)]);
    expect(rows.map((r) => Object.keys(r.detail.newValues))).toContainEqual(['revokedAt']);
  });
});

describe('passwords are their owner\'s', () => {
  test('a reset link sets a new password once; the old sessions have ended', async () => {
    const owner = await insertAccount(s.sql, 'SUPPORT');
    const old = await loginAs(s, owner);
    expect((await admin('mutation($id: ID!) { issuePasswordReset(staffId: $id) }', { id: owner.id })).data.issuePasswordReset).toBe(true);
    expectRefused(await old('{ me { id } }'), 'UNAUTHENTICATED', clear);
    const { token, to } = (await mailedToken(s.sql, owner.id))!;
    expect(to).toBe(owner.email);
    const next = 'owner-chose-this-one-9';
    expect((await s.gql('mutation($t: String!, $p: String!) { completePasswordSetup(token: $t, password: $p) }', { t: token, p: next })).errors).toBeUndefined();
    expect(errorCode(await s.gql('mutation($t: String!, $p: String!) { completePasswordSetup(token: $t, password: $p) }', { t: token, p: next }))).toBe('NOT_FOUND');
    expect((await s.gql(LOGIN, { e: owner.email, p: next })).data.login.token).toBeTruthy();
  });

  test('changeMyPassword needs the current password, keeps this session and ends the others', async () => {
    const owner = await insertAccount(s.sql, 'SUPPORT');
    const here = await loginAs(s, owner);
    const elsewhere = await loginAs(s, owner);
    const CHANGE = 'mutation($c: String!, $n: String!) { changeMyPassword(current: $c, next: $n) }';
    const wrong = await here(CHANGE, { c: 'not-my-password', n: 'a-brand-new-password-1' });
    expect(errorCode(wrong)).toBe('BAD_USER_INPUT');
    expect(errorField(wrong)).toBe('current');
    expect((await here(CHANGE, { c: owner.password, n: 'a-brand-new-password-1' })).data.changeMyPassword).toBe(true);
    expect((await here('{ me { id } }')).data.me.id).toBe(owner.id);
    expectRefused(await elsewhere('{ me { id } }'), 'UNAUTHENTICATED', clear);
    expect(errorCode(await s.gql(LOGIN, { e: owner.email, p: owner.password }))).toBe('UNAUTHENTICATED');
  });
});

describe('the trail', () => {
  test('contractor and agreement changes are CHANGE events with before and after', async () => {
    const made = await admin(`mutation { createContractor(name: "検証物流株式会社", services: [DELIVERY], dataCategories: ["contact.name"],
      agreementDate: "2026-01-01", agreementExpiresAt: "2027-01-01") { id } }`);
    const id = made.data.createContractor.id;
    await admin('mutation($id: ID!) { updateContractor(id: $id, agreementExpiresAt: "2028-03-31") { id } }', { id });
    const { rows } = await s.sql.query(`select detail from trail_entry where kind = 'CHANGE' and detail->>'entity' = 'Contractor'
      and (detail->>'entityId')::int = $1 order by id`, [Number(id)]);
    expect(rows.map((r) => r.detail.action)).toEqual(['CREATE', 'UPDATE']);
    expect(rows[1].detail).toMatchObject({ oldValues: { agreementExpiresAt: '2027-01-01' }, newValues: { agreementExpiresAt: '2028-03-31' } });
  });
});

describe('the audit', () => {
  test('PRIVILEGED_GRANT lists every privileged grant of the period with who asked and who decided, and the pending ones', async () => {
    const waiting = await admin(CREATE_STAFF, { n: '待機 監査', e: email(), r: 'AUDITOR' });
    const today = jstDay(new Date());
    const created = await pm('mutation($d: String!) { createAudit(title: "権限付与の監査", periodFrom: $d, periodTo: $d) { id } }', { d: today });
    const run = await pm('mutation($id: ID!) { runAudit(id: $id) { findings { code severity staffId detail data } } }', { id: created.data.createAudit.id });
    expect(run.errors).toBeUndefined();
    const findings = run.data.runAudit.findings.filter((f: any) => f.code === 'PRIVILEGED_GRANT');
    const { rows: grants } = await s.sql.query('select id, status, requested_by_id, decided_by_id from grant_request order by id');
    expect(findings.map((f: any) => f.data.grantRequestId).sort((a: number, b: number) => a - b)).toEqual(grants.map((g) => g.id));
    for (const g of grants) {
      const f = findings.find((x: any) => x.data.grantRequestId === g.id);
      expect(f.data).toMatchObject({ status: g.status, requestedById: g.requested_by_id, decidedById: g.decided_by_id });
      expect(f.severity).toBe(g.status === 'PENDING' ? 'LOW' : 'INFO');
      expect(f.detail).toContain(`#${g.requested_by_id}`);
      if (g.decided_by_id) expect(f.detail).toContain(`#${g.decided_by_id}`);
    }
    expect(findings.find((f: any) => f.staffId === waiting.data.createStaff.id)?.data.status).toBe('PENDING');
  });
});

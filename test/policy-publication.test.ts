// Two-person publication of policy versions (#23 item 4), over HTTP against PostgreSQL: a privacy manager asks,
// a second person (another privacy manager or the auditor — never the one who asked nor the last editor)
// approves; the draft is validated again at approval; publishing retires the version in force at once; the
// next request is decided under the new version and a request in flight is not; any published version can be
// restored through the same two acts. Every act is in the trail with its reason.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canonicalJson, seedPolicyDocument } from '../schema/policy';
import { policyVersionsOf } from '../server/src/policy/policy-versions';
import { insertAccount, loginAs } from './helpers/accounts';
import { type GqlClient, startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
let pm2: GqlClient;
let auditor: GqlClient;

const V = 'id number state inForce publicationRequested requestedById requestReason requestedAgainstNumber editedById approvedById reason';
const CREATE = `mutation($from: ID!) { createPolicyDraft(fromVersion: $from) { ${V} } }`;
const UPDATE = `mutation($id: ID!, $doc: JSONObject!) { updatePolicyDraft(id: $id, document: $doc) { ${V} } }`;
const act = (name: string) => `mutation($id: ID!, $reason: String!) { ${name}(id: $id, reason: $reason) { ${V} } }`;
const REQUEST = act('requestPolicyPublication');
const APPROVE = act('approvePolicyPublication');
const REJECT = act('rejectPolicyPublication');
const WITHDRAW = act('withdrawPolicyPublication');
const RESTORE = act('restorePolicyVersion');
const READ = 'query { allCustomers(perPage: 3, sortField: "id") { id name } }';

const inForce = async () => (await pm('{ policyVersions(state: PUBLISHED) { id number } }')).data.policyVersions[0] as { id: string; number: number };
const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;
const trailOf = async (id: string) => (await s.sql.query(`select detail, staff_id, role from trail_record where kind = 'CHANGE' and detail->>'entity' = 'PolicyVersion'
  and (detail->>'entityId')::int = $1 order by id`, [Number(id)])).rows;

/** A draft of the version in force edited by `editor` with `edit`. */
async function draftWith(editor: GqlClient, edit: (d: ReturnType<typeof seedPolicyDocument>) => void): Promise<string> {
  const v = await inForce();
  const d = (await pm(CREATE, { from: v.id })).data.createPolicyDraft;
  const doc = (await pm(`query($id: ID!) { policyVersion(id: $id) { document } }`, { id: d.id })).data.policyVersion.document;
  edit(doc);
  const r = await editor(UPDATE, { id: d.id, doc });
  expect(r.errors).toBeUndefined();
  return d.id;
}

beforeAll(async () => {
  s = await startTestServer({ customers: 12 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  pm2 = await loginAs(s, await insertAccount(s.sql, 'PRIVACY_MANAGER', { name: '第二 管理者' }), 'PRIVACY_ADMINISTRATION');
  auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
}, 120_000);
afterAll(async () => { await s?.stop(); });

describe('asking and deciding', () => {
  test('who may act: a reason is required; support may not ask; the auditor may not ask', async () => {
    const id = await draftWith(pm, (d) => { d.label = 'ask'; });
    expect((await pm(REQUEST, { id, reason: '  ' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(code(await auditor(REQUEST, { id, reason: 'x' }))).toBe('FORBIDDEN');
    expect(code(await (await s.asRole('SUPPORT', 'INQUIRY_RESPONSE'))(REQUEST, { id, reason: 'x' }))).toBe('FORBIDDEN');
    expect(code(await pm(REQUEST, { id: '99999', reason: 'x' }))).toBe('NOT_FOUND');
    expect((await pm(REQUEST, { id: 'x', reason: 'x' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    await s.sql.query('delete from policy_version where id = $1', [Number(id)]);
  });

  test('a pending request freezes the draft; only its asker withdraws it; another rejects it; both are recorded', async () => {
    const id = await draftWith(pm, (d) => { d.label = 'withdraw'; });
    const asked = (await pm(REQUEST, { id, reason: '誕生日の扱いを見直す' })).data.requestPolicyPublication;
    expect(asked).toMatchObject({ state: 'DRAFT', publicationRequested: true, requestReason: '誕生日の扱いを見直す', requestedAgainstNumber: 1 });
    expect(code(await pm(REQUEST, { id, reason: 'again' }))).toBe('CONFLICT');
    expect(code(await pm2(UPDATE, { id, doc: seedPolicyDocument() }))).toBe('CONFLICT');
    expect(code(await pm2(WITHDRAW, { id, reason: 'not mine' }))).toBe('FORBIDDEN');
    expect(code(await pm(REJECT, { id, reason: 'my own' }))).toBe('FORBIDDEN');
    expect((await pm(WITHDRAW, { id, reason: '再検討' })).data.withdrawPolicyPublication).toMatchObject({ publicationRequested: false, requestedById: null });
    expect(code(await pm(WITHDRAW, { id, reason: 'twice' }))).toBe('CONFLICT');
    expect(code(await auditor(APPROVE, { id, reason: 'nothing asked' }))).toBe('CONFLICT');
    await pm(REQUEST, { id, reason: '再申請' });
    expect((await auditor(REJECT, { id, reason: '根拠が不足' })).data.rejectPolicyPublication).toMatchObject({ state: 'DRAFT', publicationRequested: false });
    const acts = (await trailOf(id)).map((r) => [r.detail.newValues.publication ?? r.detail.action, r.detail.reason]);
    expect(acts.slice(2)).toEqual([
      ['REQUESTED', '誕生日の扱いを見直す'], ['WITHDRAWN', '再検討'], ['REQUESTED', '再申請'], ['REJECTED', '根拠が不足'],
    ]);
    expect(policyVersionsOf(s.orm)?.current.number).toBe(1);
  });

  test('the draft is validated again at approval: a cell gone bad is refused naming it, and nothing changes', async () => {
    const id = await draftWith(pm, (d) => { d.label = 'revalidate'; });
    await pm(REQUEST, { id, reason: '検証' });
    // A stored draft that is no longer valid (written around the API, as after an upgrade whose rules got stricter).
    const bad = seedPolicyDocument();
    delete (bad.matrix.SHIPPING as Record<string, unknown>)['contact.email'];
    await s.sql.query(`update policy_version set document = $1::jsonb where id = $2`, [canonicalJson(bad), Number(id)]);
    const r = await pm2(APPROVE, { id, reason: '承認' });
    expect(r.data).toBeNull();
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'matrix.SHIPPING.contact.email', problemCode: 'UNCLASSIFIED' });
    expect((await inForce()).number).toBe(1);
    expect((await pm(`query($id: ID!) { policyVersion(id: $id) { state publicationRequested } }`, { id })).data.policyVersion).toEqual({ state: 'DRAFT', publicationRequested: true });
    await pm(WITHDRAW, { id, reason: '破棄' });
  });
});

describe('publication', () => {
  let v2Id: string;

  test('never by the one who asked nor the last editor; by a second person it comes into force for the next request, not the one in flight', async () => {
    // pm makes the draft, pm2 edits it last (names hidden to support), pm asks.
    v2Id = await draftWith(pm2, (d) => { d.label = 'v2'; d.matrix.INQUIRY_RESPONSE['contact.name'] = 'HIDDEN'; });
    await pm(REQUEST, { id: v2Id, reason: 'お問合せ対応で氏名は不要' });
    expect(code(await pm(APPROVE, { id: v2Id, reason: 'self' }))).toBe('FORBIDDEN');
    expect(code(await pm2(APPROVE, { id: v2Id, reason: 'editor' }))).toBe('FORBIDDEN');
    expect(code(await (await s.asRole('SUPPORT', 'INQUIRY_RESPONSE'))(APPROVE, { id: v2Id, reason: 'x' }))).toBe('FORBIDDEN');

    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const headers = (rid: string) => ({ authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE', 'x-request-id': rid });
    const blocker = await s.sql.connect();
    let approved;
    try {
      await blocker.query(`begin; lock table customer in access exclusive mode`);
      const inFlight = s.gql(READ, {}, headers('pub-in-flight'));
      await waitFor(async () => (await s.sql.query(`select count(*)::int as n from pg_locks where relation = 'customer'::regclass and not granted`)).rows[0].n > 0);
      approved = await auditor(APPROVE, { id: v2Id, reason: '監査として確認' });
      await blocker.query('rollback');
      const old = await inFlight;
      expect(old.errors).toBeUndefined();
      expect(old.data.allCustomers.every((c: { name: string | null }) => typeof c.name === 'string' && c.name.length > 0)).toBe(true);
    } finally {
      blocker.release();
    }
    expect(approved.errors).toBeUndefined();
    expect(approved.data.approvePolicyPublication).toMatchObject({ number: 2, state: 'PUBLISHED', inForce: true, publicationRequested: false, reason: '監査として確認' });
    const now = await s.gql(READ, {}, headers('pub-after'));
    expect(now.data.allCustomers.map((c: { name: string | null }) => c.name)).toEqual([null, null, null]);
    const versions = async (rid: string) => (await s.sql.query(`select distinct policy_version from trail_record where request_id = $1`, [rid])).rows.map((r) => r.policy_version);
    expect(await versions('pub-in-flight')).toEqual([1]);
    expect(await versions('pub-after')).toEqual([2]);
    expect((await pm(`{ policyVersions { number state } }`)).data.policyVersions.filter((v: { number: number | null }) => v.number)).toEqual([
      { number: 2, state: 'PUBLISHED' }, { number: 1, state: 'RETIRED' },
    ]);
    const acts = (await trailOf(v2Id)).map((r) => r.detail.newValues.publication ?? r.detail.newValues.state ?? r.detail.action);
    expect(acts).toEqual(['DRAFT', 'UPDATE', 'REQUESTED', 'PUBLISHED']);
    // Both acts are in the trail, by two different people.
    const [asked, published] = (await trailOf(v2Id)).slice(2);
    expect([asked.role, published.role]).toEqual(['PRIVACY_MANAGER', 'AUDITOR']);
    expect(asked.staff_id).not.toBe(published.staff_id);
    expect([asked.detail.reason, published.detail.reason]).toEqual(['お問合せ対応で氏名は不要', '監査として確認']);
    const v1 = (await s.sql.query(`select id from policy_version where number = 1`)).rows[0].id;
    expect((await trailOf(String(v1))).map((r) => [r.detail.newValues.state, r.detail.reason])).toEqual([['RETIRED', '監査として確認']]);
    expect(code(await pm(REQUEST, { id: v2Id, reason: 'again' }))).toBe('CONFLICT');
    expect(code(await auditor(APPROVE, { id: v2Id, reason: 'again' }))).toBe('CONFLICT');
  });

  test('a request made against an older version is not approved once another came into force', async () => {
    const v = await inForce();
    const a = (await pm(CREATE, { from: v.id })).data.createPolicyDraft.id;
    const b = (await pm(CREATE, { from: v.id })).data.createPolicyDraft.id;
    await pm(REQUEST, { id: a, reason: 'A' });
    await pm(REQUEST, { id: b, reason: 'B' });
    expect((await pm2(APPROVE, { id: a, reason: 'A ok' })).data.approvePolicyPublication.number).toBe(3);
    const r = await pm2(APPROVE, { id: b, reason: 'B ok' });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect((await inForce()).number).toBe(3);
  });

  test('a retired version is restored through the same two acts, and decides the next request', async () => {
    const v1 = (await s.sql.query(`select id from policy_version where number = 1`)).rows[0].id;
    const current = await inForce();
    expect(code(await pm(RESTORE, { id: current.id, reason: 'x' }))).toBe('CONFLICT');
    expect(code(await auditor(RESTORE, { id: String(v1), reason: 'x' }))).toBe('FORBIDDEN');
    const restored = (await pm(RESTORE, { id: String(v1), reason: '氏名の非表示を元に戻す' })).data.restorePolicyVersion;
    expect(restored).toMatchObject({ state: 'DRAFT', publicationRequested: true, requestReason: '第1版の復元: 氏名の非表示を元に戻す' });
    expect(code(await pm(APPROVE, { id: restored.id, reason: 'self' }))).toBe('FORBIDDEN');
    expect((await pm2(APPROVE, { id: restored.id, reason: '復元を承認' })).data.approvePolicyPublication).toMatchObject({ number: 4, state: 'PUBLISHED' });
    const [row] = (await s.sql.query(`select document from policy_version where number = 4`)).rows;
    expect(row.document).toEqual(seedPolicyDocument());
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const names = (await support(READ)).data.allCustomers.map((c: { name: string | null }) => c.name);
    expect(names.every((n: string | null) => typeof n === 'string' && n.length > 0)).toBe(true);
  });

  test('a purpose the version in force takes from a role is refused at once, and comes back with the next version', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect((await support(READ)).errors).toBeUndefined();
    const id = await draftWith(pm2, (d) => { d.roles.SUPPORT.purposes = d.roles.SUPPORT.purposes.filter((p) => p !== 'INQUIRY_RESPONSE'); });
    await pm(REQUEST, { id, reason: '問合せ対応を外す' });
    expect((await auditor(APPROVE, { id, reason: '確認' })).errors).toBeUndefined();
    expect(code(await support(READ))).toBe('FORBIDDEN_PURPOSE');
    const before = (await s.sql.query(`select id from policy_version where state = 'RETIRED' order by number desc limit 1`)).rows[0].id;
    const back = (await pm(RESTORE, { id: String(before), reason: '戻す' })).data.restorePolicyVersion;
    expect((await pm2(APPROVE, { id: back.id, reason: '確認' })).errors).toBeUndefined();
    expect((await support(READ)).errors).toBeUndefined();
  });

  test('the data keeps the approver apart from the asker, whatever the code does', async () => {
    const id = await draftWith(pm, (d) => { d.label = 'db'; });
    await pm(REQUEST, { id, reason: 'x' });
    const me = (await s.sql.query(`select requested_by from policy_version where id = $1`, [Number(id)])).rows[0].requested_by;
    await expect(s.sql.query(`update policy_version set approved_by = $1 where id = $2`, [me, Number(id)])).rejects.toThrow(/two_persons/);
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

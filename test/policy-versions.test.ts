// Policy versions as data (#23): version 1 is schema/policy's seed and in force; drafts are validated cell by cell
// and change nothing when refused; published versions never change; every trail entry records the version its
// request was decided under, and a request in flight keeps its version while another is published.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canonicalJson, type PolicyDocument, seedPolicyDocument } from '../schema/policy';
import { policyDocumentHash } from '../server/src/policy/policy-hash';
import { policyVersionsOf } from '../server/src/policy/policy-versions';
import { type GqlClient, startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;

const VERSION = `id number state inForce label document hash basedOnNumber createdById createdByName createdAt updatedAt publishedAt reason`;
const CREATE = `mutation($from: ID!) { createPolicyDraft(fromVersion: $from) { ${VERSION} } }`;
const UPDATE = `mutation($id: ID!, $doc: JSONObject!) { updatePolicyDraft(id: $id, document: $doc) { id hash document } }`;

beforeAll(async () => {
  s = await startTestServer({ customers: 12 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
}, 120_000);
afterAll(async () => { await s?.stop(); });

describe('version 1', () => {
  test('is the seed, published and in force', async () => {
    const r = await pm(`{ policyVersions { ${VERSION} } }`);
    expect(r.errors).toBeUndefined();
    const [v1] = r.data.policyVersions;
    expect(r.data.policyVersions).toHaveLength(1);
    expect(v1).toMatchObject({ number: 1, state: 'PUBLISHED', inForce: true, label: seedPolicyDocument().label, basedOnNumber: null });
    expect(v1.document).toEqual(seedPolicyDocument());
    expect(v1.hash).toBe(policyDocumentHash(seedPolicyDocument()));
    expect(policyVersionsOf(s.orm)?.current.number).toBe(1);
  });

  test('never changes and is never deleted, even by the owner', async () => {
    await expect(s.sql.query(`update policy_version set document = '{}'::jsonb where number = 1`)).rejects.toThrow(/published/);
    await expect(s.sql.query(`update policy_version set reason = 'x' where number = 1`)).rejects.toThrow(/published/);
    await expect(s.sql.query(`delete from policy_version where number = 1`)).rejects.toThrow(/never deleted/);
    const [row] = (await s.sql.query(`select document, hash from policy_version where number = 1`)).rows;
    expect(row.hash).toBe(policyDocumentHash(row.document as PolicyDocument));
  });

  test('the auditor sees the versions; neither the auditor nor support may draft; support may not look', async () => {
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    expect((await auditor('{ policyVersions { number } }')).data?.policyVersions).toEqual([{ number: 1 }]);
    expect((await auditor(CREATE, { from: '1' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect((await support('{ policyVersions { number } }')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('drafts', () => {
  let draftId: string;

  test('a draft is a copy of the version in force, numbered only when published, and recorded', async () => {
    const v1 = (await pm('{ policyVersions(state: PUBLISHED) { id } }')).data.policyVersions[0];
    const r = await pm(CREATE, { from: v1.id });
    expect(r.errors).toBeUndefined();
    const d = r.data.createPolicyDraft;
    expect(d).toMatchObject({ state: 'DRAFT', number: null, inForce: false, basedOnNumber: 1, publishedAt: null });
    expect(d.document).toEqual(seedPolicyDocument());
    draftId = d.id;
    const { rows } = await s.sql.query(`select detail from trail_record where kind = 'CHANGE' and detail->>'entity' = 'PolicyVersion' and (detail->>'entityId')::int = $1`, [Number(draftId)]);
    expect(rows).toHaveLength(1);
    expect((await pm(CREATE, { from: '999999' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await pm(CREATE, { from: 'one' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromVersion' });
  });

  test.each([
    ['an unclassified cell', (d: PolicyDocument) => { delete (d.matrix.SHIPPING as Record<string, unknown>)['contact.email']; }, 'matrix.SHIPPING.contact.email', 'UNCLASSIFIED'],
    ['a contractor given a purpose its agreement lacks', (d: PolicyDocument) => { d.roles.CARRIER.purposes.push('PROMOTION'); }, 'roles.CARRIER.purposes.PROMOTION', 'CONTRACTOR_PURPOSE'],
    ['a contractor given categories beyond its agreement', (d: PolicyDocument) => { d.roles.MAILING_HOUSE.only!.push('contact.phone'); }, 'roles.MAILING_HOUSE.only.contact.phone', 'CONTRACTOR_CATEGORY'],
    ['an unknown key', (d: PolicyDocument) => { (d.roles.SUPPORT as unknown as Record<string, unknown>).seesAll = true; }, 'roles.SUPPORT.seesAll', 'UNKNOWN_KEY'],
    ['a cell that is no access', (d: PolicyDocument) => { (d.matrix.PROMOTION as Record<string, unknown>)['contact.phone'] = 'C'; }, 'matrix.PROMOTION.contact.phone', 'BAD_VALUE'],
    ['k below 5', (d: PolicyDocument) => { d.statistics.minGroupSize = 3; }, 'statistics.minGroupSize', 'BAD_VALUE'],
  ])('%s is refused naming the cell, and nothing changes', async (_, edit, field, code) => {
    const before = (await pm(`query($id: ID!) { policyVersion(id: $id) { hash updatedAt } }`, { id: draftId })).data.policyVersion;
    const doc = seedPolicyDocument();
    edit(doc);
    const r = await pm(UPDATE, { id: draftId, doc });
    expect(r.data).toBeNull();
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, problemCode: code });
    expect(r.errors?.[0].extensions?.problems).toEqual([expect.objectContaining({ code, path: field })]);
    expect((await pm(`query($id: ID!) { policyVersion(id: $id) { hash updatedAt } }`, { id: draftId })).data.policyVersion).toEqual(before);
  });

  test('a valid edit is stored, recorded, and the diff names the cell and the answers that change', async () => {
    const doc = seedPolicyDocument();
    doc.matrix.INQUIRY_RESPONSE['demographic.birthdate'] = 'HIDDEN';
    doc.roles.MAILING_HOUSE.only = ['contact.name', 'contact.postal', 'contact.address'];
    const r = await pm(UPDATE, { id: draftId, doc });
    expect(r.errors).toBeUndefined();
    expect(r.data.updatePolicyDraft).toMatchObject({ hash: policyDocumentHash(doc), document: doc });
    const diff = (await pm(`query($id: ID!) { policyDraftDiff(id: $id) {
      draftId againstNumber changes { path kind text before after added removed } cells { role purpose category before after } } }`, { id: draftId })).data.policyDraftDiff;
    expect(diff.againstNumber).toBe(1);
    expect(diff.changes).toEqual([
      { path: 'roles.MAILING_HOUSE.only', kind: 'ROLE_ONLY', text: expect.stringContaining('削除: メールアドレス'), before: expect.any(Array), after: doc.roles.MAILING_HOUSE.only, added: [], removed: ['contact.email'] },
      { path: 'matrix.INQUIRY_RESPONSE.demographic.birthdate', kind: 'CELL', text: '利用目的「ご意見やお問合せに対する回答」× 区分「生年月日」: 伏せて表示 → 非表示', before: 'MASKED', after: 'HIDDEN', added: [], removed: [] },
    ]);
    expect(diff.cells).toEqual(expect.arrayContaining([
      { role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', category: 'demographic.birthdate', before: 'MASKED', after: 'HIDDEN' },
      { role: 'MAILING_HOUSE', purpose: 'PROMOTION', category: 'contact.email', before: 'CLEAR', after: 'HIDDEN' },
    ]));
    const { rows } = await s.sql.query(`select detail from trail_record where kind = 'CHANGE' and detail->>'entity' = 'PolicyVersion' and detail->>'action' = 'UPDATE'`);
    expect(rows.map((x) => x.detail.newValues.changed)).toEqual([['roles.MAILING_HOUSE.only', 'matrix.INQUIRY_RESPONSE.demographic.birthdate']]);
    // A draft decides nothing: the version in force is still 1.
    expect(policyVersionsOf(s.orm)?.current.number).toBe(1);
  });

  test('a published version cannot be edited as a draft (CONFLICT), an unknown one is NOT_FOUND', async () => {
    const v1 = (await pm('{ policyVersions(state: PUBLISHED) { id } }')).data.policyVersions[0];
    expect((await pm(UPDATE, { id: v1.id, doc: seedPolicyDocument() })).errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await pm(UPDATE, { id: '99999', doc: seedPolicyDocument() })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await pm(UPDATE, { id: 'x', doc: seedPolicyDocument() })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('the version on every decision', () => {
  const READ = 'query { allCustomers(perPage: 3, sortField: "id") { id name } }';

  test('a request in flight keeps the version it started under; the next one is decided under the new version', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const headers = (id: string) => ({ authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE', 'x-request-id': id });
    // Version 2 hides names under INQUIRY_RESPONSE. Published here directly (publication is phase 2's, two-person).
    const v2 = seedPolicyDocument();
    v2.label = 'test v2';
    v2.matrix.INQUIRY_RESPONSE['contact.name'] = 'HIDDEN';
    const blocker = await s.sql.connect();
    try {
      await blocker.query(`begin; lock table customer in access exclusive mode`);
      const inFlight = s.gql(READ, {}, headers('in-flight-1'));
      // The request has started (its context, and so its version, is taken) and waits for the lock.
      await waitFor(async () => (await s.sql.query(`select count(*)::int as n from pg_locks where relation = 'customer'::regclass and not granted`)).rows[0].n > 0);
      await s.sql.query(`begin; update policy_version set state = 'RETIRED', retired_at = now() where number = 1;
        insert into policy_version (number, document, hash, state, published_at, reason) values (2, $1::jsonb, $2, 'PUBLISHED', now(), 'test'); commit;`
        .replace('$1', `'${canonicalJson(v2).replace(/'/g, "''")}'`).replace('$2', `'${policyDocumentHash(v2)}'`));
      // Every process switches on the database's announcement.
      await waitFor(async () => policyVersionsOf(s.orm)?.current.number === 2);
      await blocker.query('rollback');
      const old = await inFlight;
      expect(old.errors).toBeUndefined();
      expect(old.data.allCustomers.every((c: { name: string | null }) => typeof c.name === 'string' && c.name.length > 0)).toBe(true);
    } finally {
      blocker.release();
    }
    const now = await s.gql(READ, {}, headers('after-1'));
    expect(now.errors).toBeUndefined();
    expect(now.data.allCustomers.map((c: { name: string | null }) => c.name)).toEqual([null, null, null]);
    const versions = async (id: string) => (await s.sql.query(`select distinct policy_version from trail_record where request_id = $1`, [id])).rows.map((r) => r.policy_version);
    expect(await versions('in-flight-1')).toEqual([1]);
    expect(await versions('after-1')).toEqual([2]);
    const list = (await pm(`{ policyVersions { number state inForce } }`)).data.policyVersions;
    expect(list.filter((v: { number: number | null }) => v.number !== null)).toEqual([
      { number: 2, state: 'PUBLISHED', inForce: true }, { number: 1, state: 'RETIRED', inForce: false },
    ]);
  });

  test('every access entry of a request records its version, and the chain (old entries without one included) verifies', async () => {
    const { rows } = await s.sql.query(`select count(*)::int as n from trail_record where kind = 'ACCESS' and policy_version is null and request_id is not null and at > now() - interval '1 hour'`);
    expect(rows[0].n).toBe(0);
    const v = (await pm('{ verifyAccessTrail { ok checked firstBrokenId } }')).data.verifyAccessTrail;
    expect(v).toMatchObject({ ok: true, firstBrokenId: null });
    expect(v.checked).toBeGreaterThan(0);
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

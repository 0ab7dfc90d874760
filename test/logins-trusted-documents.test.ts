// Trusted documents: an API key runs only the documents registered for it and approved by the privacy
// manager, each under the purpose it serves (as Apollo's safelisting and Hasura's allow-list do).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectRefused, storedClearValues } from './helpers/hostile';
import { approvedApiKey } from './helpers/accounts';
import { type GqlClient, type GqlResult, startTestServer, type TestServer } from './helpers/server';
import { APPROVE, REGISTER, trustDocument } from './helpers/trusted-documents';

let s: TestServer;
let clear: string[];
let admin: GqlClient;
let pm: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 8 });
  clear = await storedClearValues(s.sql);
  admin = await s.asRole('ADMIN');
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const READ = 'query InquiryDesk { allCustomers(perPage: 3, sortField: "id") { id name phone } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A SUPPORT key (issued by the support account, approved by the privacy manager: it reads personal data). */
async function newKey(purposes = ['INQUIRY_RESPONSE', 'AFTER_SALES']) {
  return approvedApiKey(s, 'SUPPORT', purposes, '問い合わせ連携');
}
const asKey = (key: string, purpose: string | null = 'INQUIRY_RESPONSE') => (q: string, v?: Record<string, unknown>) =>
  s.gql(q, v, { authorization: `Bearer ${key}`, ...(purpose ? { 'x-purpose': purpose } : {}) });
/** A POST with only the persisted query's hash (no text). */
async function byHash(key: string, hash: string, purpose = 'INQUIRY_RESPONSE'): Promise<GqlResult> {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-purpose': purpose },
    body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
  });
  return { status: res.status, ...(await res.json()) };
}
const reason = (r: GqlResult) => r.errors?.[0]?.extensions?.reason;
const untrustedEvents = async (apiKeyId: string) => (await s.sql.query(
  `select count(*)::int n from trail_entry where detail->>'event' = 'UNTRUSTED_DOCUMENT' and (detail->>'apiKeyId')::int = $1`, [Number(apiKeyId)])).rows[0].n;
const accessEntries = async (apiKeyId: string) => (await s.sql.query(
  `select count(*)::int n from trail_entry where kind = 'ACCESS' and api_key_id = $1`, [Number(apiKeyId)])).rows[0].n;

describe('an API key', () => {
  test('runs nothing until a document is registered and approved, then exactly that document under its purpose', async () => {
    const { key, id } = await newKey();
    const refusedBefore = await asKey(key)(READ);
    expectRefused(refusedBefore, 'FORBIDDEN', clear);
    expect(refusedBefore.status).toBe(403);
    expect(reason(refusedBefore)).toBe('UNTRUSTED_DOCUMENT');
    expect(refusedBefore.errors![0].extensions!.documentHash).toBe(sha256(READ));

    const registered = await admin(REGISTER, { k: id, d: READ, p: 'INQUIRY_RESPONSE', n: '問い合わせ窓口の顧客検索' });
    expect(registered.data.registerTrustedDocument).toMatchObject({ hash: sha256(READ), status: 'PENDING' });
    expect(reason(await asKey(key)(READ))).toBe('UNTRUSTED_DOCUMENT');
    expect((await pm(APPROVE, { id: registered.data.registerTrustedDocument.id })).data.approveTrustedDocument.status).toBe('APPROVED');

    const served = await asKey(key)(READ);
    expect(served.errors).toBeUndefined();
    expect(served.data.allCustomers).toHaveLength(3);
    expect(await accessEntries(id)).toBe(3);
    // Only as registered: the same text, the same purpose.
    const attempts: Record<string, GqlResult> = {
      'another purpose of the key': await asKey(key, 'AFTER_SALES')(READ),
      'no purpose': await asKey(key, null)(READ),
      'one more space': await asKey(key)(`${READ} `),
      'another query': await asKey(key)('{ allCustomers(perPage: 3) { id name phone email } }'),
      'a mutation': await asKey(key)('mutation { logout }'),
      'introspection': await asKey(key)('{ __schema { types { name } } }'),
      'a hash never registered': await byHash(key, sha256('{ allOrders { id } }')),
    };
    for (const [what, r] of Object.entries(attempts)) {
      expectRefused(r, 'FORBIDDEN', clear);
      expect(reason(r), what).toBe(what.endsWith('purpose') || what === 'another purpose of the key' ? 'DOCUMENT_PURPOSE' : 'UNTRUSTED_DOCUMENT');
    }
    // A purpose the key does not hold at all is the purpose refusal it always was.
    expectRefused(await asKey(key, 'TRANSACTION')(READ), 'FORBIDDEN_PURPOSE', clear);
    expect(await accessEntries(id)).toBe(3);
    // Each refusal recorded once (the compiled read path hands its refusals on to Apollo, which records them).
    expect(await untrustedEvents(id)).toBe(1 + 1 + Object.keys(attempts).length);

    // The hash alone serves the registered text (Apollo's persisted queries send it so).
    const persisted = await byHash(key, sha256(READ));
    expect(persisted.errors).toBeUndefined();
    expect(persisted.data).toEqual(served.data);
  });

  test('a document approved for one key does not serve another, and a revoked one serves no more', async () => {
    const first = await newKey();
    const second = await newKey();
    const docId = await trustDocument(s, first.id, READ, 'INQUIRY_RESPONSE');
    expect((await asKey(first.key)(READ)).errors).toBeUndefined();
    expect(reason(await asKey(second.key)(READ))).toBe('UNTRUSTED_DOCUMENT');
    const revoked = await pm('mutation($id: ID!) { revokeTrustedDocument(id: $id) { status revokedAt } }', { id: docId });
    expect(revoked.data.revokeTrustedDocument.status).toBe('REVOKED');
    expect(reason(await asKey(first.key)(READ))).toBe('UNTRUSTED_DOCUMENT');
    expectRefused(await pm(APPROVE, { id: docId }), 'CONFLICT', clear);
  });

  test('staff sessions are not limited to registered documents (the control)', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect((await support('{ allCustomers(perPage: 2) { id name } }')).errors).toBeUndefined();
  });
});

describe('registering a document', () => {
  test('bad input is refused naming the field, and nothing is written', async () => {
    const { id } = await newKey(['INQUIRY_RESPONSE']);
    const before = (await s.sql.query('select count(*)::int n from trusted_document')).rows[0].n;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ k: '999999' }, 'BAD_USER_INPUT', 'apiKeyId'],
      [{ k: 'x' }, 'BAD_USER_INPUT', 'apiKeyId'],
      [{ d: '{ allCustomers(perPage: 3) { id ' }, 'BAD_USER_INPUT', 'document'],
      [{ d: '{ allCustomers { id cardPin } }' }, 'BAD_USER_INPUT', 'document'],
      [{ d: 'fragment F on Customer { id }' }, 'BAD_USER_INPUT', 'document'],
      [{ d: '' }, 'BAD_USER_INPUT', 'document'],
      [{ p: 'TRANSACTION' }, 'BAD_USER_INPUT', 'purpose'],
      [{ p: 'NOT_A_PURPOSE' }, 'BAD_USER_INPUT', 'purpose'],
      [{ n: '   ' }, 'BAD_USER_INPUT', 'note'],
      [{ n: 'あ'.repeat(501) }, 'BAD_USER_INPUT', 'note'],
    ];
    for (const [change, code, field] of cases) {
      const r = await admin(REGISTER, { k: id, d: READ, p: 'INQUIRY_RESPONSE', n: '検証', ...change });
      expect(r.errors?.[0]?.extensions, JSON.stringify(change)).toMatchObject({ code, field });
    }
    expect((await s.sql.query('select count(*)::int n from trusted_document')).rows[0].n).toBe(before);
    expect((await admin(REGISTER, { k: id, d: READ, p: 'INQUIRY_RESPONSE', n: '検証' })).errors).toBeUndefined();
    expect((await admin(REGISTER, { k: id, d: READ, p: 'INQUIRY_RESPONSE', n: '検証' })).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'document' });
  });

  test('the ADMIN registers, the privacy manager approves, the auditor reads; no one else', async () => {
    const { id } = await newKey(['INQUIRY_RESPONSE']);
    expectRefused(await pm(REGISTER, { k: id, d: READ, p: 'INQUIRY_RESPONSE', n: '検証' }), 'FORBIDDEN', clear);
    const registered = await admin(REGISTER, { k: id, d: READ, p: 'INQUIRY_RESPONSE', n: '検証' });
    const docId = registered.data.registerTrustedDocument.id;
    expectRefused(await admin(APPROVE, { id: docId }), 'FORBIDDEN', clear);
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expectRefused(await support('{ allTrustedDocuments { id } }'), 'FORBIDDEN', clear);
    expectRefused(await support(APPROVE, { id: docId }), 'FORBIDDEN', clear);
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const listed = await auditor('query($k: ID) { allTrustedDocuments(filter: { apiKeyId: $k, status: "PENDING" }) { id document purpose note } }', { k: id });
    expect(listed.data.allTrustedDocuments).toEqual([{ id: docId, document: READ, purpose: 'INQUIRY_RESPONSE', note: '検証' }]);
    expect((await auditor('{ allTrustedDocuments(filter: { status: "MAYBE" }) { id } }')).errors?.[0]?.extensions)
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.status' });
    const { rows } = await s.sql.query(`select detail->>'event' as event from trail_entry where (detail->>'trustedDocumentId')::int = $1 order by id`, [Number(docId)]);
    expect(rows.map((r) => r.event)).toEqual(['TRUSTED_DOCUMENT_REGISTERED']);
  });
});

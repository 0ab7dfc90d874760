// A request from someone with no customer row (#19 item 9): a gift recipient may ask what the store holds on them
// (APPI arts. 33–35). The request stands on the requester's name and contact, is answered (or linked to the customer
// once found), and the contact goes after its own retention period.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 5 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const err = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];
const strangers = async () => (await s.sql.query('select count(*)::int n from privacy_request where customer_id is null')).rows[0].n;
const CONTACT = '〒150-0001 東京都渋谷区神宮前1-2-3 / gift.receiver@example.jp';
const CREATE = `mutation($name: String, $contact: String, $c: ID, $kind: PrivacyRequestKind!) {
  createPrivacyRequest(kind: $kind, customerId: $c, requesterName: $name, requesterContact: $contact) {
    id customerId customer { id } requesterKind requesterName requesterContact status dueAt } }`;
const create = (vars: { name?: string; contact?: string; c?: string; kind?: string }) => pm(CREATE, { kind: 'DISCLOSURE', ...vars });
const start = (id: string) => pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { status } }', { id });

describe('a request with no customer row', () => {
  test('needs the requester\'s name and a contact; otherwise refused naming the field, nothing written', async () => {
    expect(err(await create({ name: '贈答 受取子' }))).toEqual(['BAD_USER_INPUT', 'requesterContact']);
    expect(err(await create({ name: '贈答 受取子', contact: 'なし' }))).toEqual(['BAD_USER_INPUT', 'requesterContact']);
    expect(err(await create({ contact: CONTACT }))).toEqual(['BAD_USER_INPUT', 'requesterName']);
    expect(await strangers()).toBe(0);
  });

  test('is received with its due date; the auditor sees the name and contact masked', async () => {
    const r = await create({ name: '贈答 受取子', contact: CONTACT });
    expect(r.errors).toBeUndefined();
    expect(r.data.createPrivacyRequest).toMatchObject({ customerId: null, customer: null, requesterKind: 'PERSON', requesterName: '贈答 受取子',
      requesterContact: CONTACT, status: 'RECEIVED' });
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const seen = await auditor('query($id: ID!) { PrivacyRequest(id: $id) { requesterName requesterContact maskedFields } }', { id: r.data.createPrivacyRequest.id });
    expect(seen.errors).toBeUndefined();
    expect(seen.data.PrivacyRequest.requesterContact).not.toBe(CONTACT);
    expect(seen.data.PrivacyRequest.requesterName).not.toBe('贈答 受取子');
    expect(seen.data.PrivacyRequest.maskedFields).toEqual(expect.arrayContaining(['requesterName', 'requesterContact']));
  });

  test('cannot be fulfilled as if about a customer; it is answered, completing it, and the trail records it', async () => {
    const id = (await create({ name: '贈答 受取二郎', contact: CONTACT })).data.createPrivacyRequest.id;
    expect((await start(id)).errors).toBeUndefined();
    expect(err(await pm('mutation($id: ID!) { fulfilDisclosureRequest(requestId: $id) { url } }', { id }))).toEqual(['CONFLICT', 'customerId']);
    const ANSWER = 'mutation($id: ID!, $a: String!) { answerPrivacyRequest(requestId: $id, answer: $a) { status completedAt outcome } }';
    expect(err(await pm(ANSWER, { id, a: ' ' }))).toEqual(['BAD_USER_INPUT', 'answer']);
    const done = await pm(ANSWER, { id, a: '当社はご請求者の保有個人データを保有していません(贈答品の配送先としての記録は注文者の取引記録に含まれます)' });
    expect(done.errors).toBeUndefined();
    expect(done.data.answerPrivacyRequest).toMatchObject({ status: 'COMPLETED', outcome: { answer: expect.stringContaining('保有していません') } });
    const { rows } = await s.sql.query(`select customer_id, detail from trail_entry where kind = 'CHANGE' and detail->>'entity' = 'PrivacyRequest'
      and (detail->>'entityId')::int = $1 order by id`, [Number(id)]);
    expect(rows.length).toBe(3);
    expect(rows.every((r) => r.customer_id === null)).toBe(true);
    // The contact is personal: the trail keeps it masked, never as typed.
    expect(JSON.stringify(rows[0].detail)).not.toContain('gift.receiver@example.jp');
  });

  test('is linked to the customer once identified, then fulfilled as any other; a request about a customer is not "answered"', async () => {
    const id = (await create({ name: '贈答 受取三郎', contact: CONTACT })).data.createPrivacyRequest.id;
    const { rows: [c] } = await s.sql.query(`select id from customer where status = 'ACTIVE' order by id limit 1`);
    const LINK = 'mutation($id: ID!, $c: ID!) { linkPrivacyRequestCustomer(id: $id, customerId: $c) { customerId } }';
    const linked = await pm(LINK, { id, c: String(c.id) });
    expect(linked.errors).toBeUndefined();
    expect(linked.data.linkPrivacyRequestCustomer.customerId).toBe(String(c.id));
    expect(err(await pm(LINK, { id, c: String(c.id) }))).toEqual(['CONFLICT', 'customerId']);
    expect((await start(id)).errors).toBeUndefined();
    expect(err(await pm('mutation($id: ID!) { answerPrivacyRequest(requestId: $id, answer: "対応しました") { id } }', { id }))).toEqual(['CONFLICT', 'requestId']);
  });

  test('the requester\'s name and contact go after their own retention (REQUESTER_CONTACTS); the request\'s record stays', async () => {
    const id = (await create({ name: '贈答 受取四郎', contact: CONTACT })).data.createPrivacyRequest.id;
    await start(id);
    await pm('mutation($id: ID!) { answerPrivacyRequest(requestId: $id, answer: "保有個人データはありません") { id } }', { id });
    const fresh = (await create({ name: '贈答 受取五郎', contact: CONTACT })).data.createPrivacyRequest.id;
    await start(fresh);
    await pm('mutation($id: ID!) { answerPrivacyRequest(requestId: $id, answer: "保有個人データはありません") { id } }', { id: fresh });
    await s.sql.query(`update privacy_request set completed_at = now() - interval '37 months' where id = $1`, [id]);
    // Nothing is erased before the privacy manager has saved the schedule once.
    expect((await pm('mutation { sweepLiveData { requesterContacts confirmed } }')).data.sweepLiveData).toEqual({ requesterContacts: 0, confirmed: false });
    expect((await pm('mutation { updateRetentionSchedule(requesterContactMonths: 36) { updatedAt } }')).errors).toBeUndefined();
    const r = await pm('mutation { sweepLiveData { requesterContacts } }');
    expect(r.errors).toBeUndefined();
    expect(r.data.sweepLiveData.requesterContacts).toBeGreaterThanOrEqual(1);
    const { rows: [old] } = await s.sql.query('select requester_name, requester_contact, status, kind, outcome from privacy_request where id = $1', [id]);
    expect(old).toMatchObject({ requester_name: null, requester_contact: null, status: 'COMPLETED', kind: 'DISCLOSURE', outcome: { answer: '保有個人データはありません' } });
    const { rows: [recent] } = await s.sql.query('select requester_contact from privacy_request where id = $1', [fresh]);
    expect(recent.requester_contact).toBe(CONTACT);
  });
});

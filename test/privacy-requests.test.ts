// Privacy requests (【11】【12】): intake, due dates, the status workflow, correction and stop of use / provision.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';
import { openedDetail } from './helpers/trail';

let s: TestServer;
let pm: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 20 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;
const field = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.field;
const jstDate = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
const plusDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

let serial = 0;
/** A customer of our own, born on `birthDate`. */
async function newCustomer(birthDate = '1980-04-01'): Promise<number> {
  serial += 1;
  const { rows: [c] } = await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city,
      address_line, phone, phone_digits, email, birth_date, source)
    values ($1, $2, 'テスト', '140-0004', '東京都', '品川区', '南品川1-1', '03-5555-01' || lpad($3::text, 2, '0'), '035555010' || $3, $4, $5, 'WEB') returning id`,
  [`R${9000000 + serial}`, `請求 太郎${serial}`, serial, `req${serial}@example.jp`, birthDate]);
  return c.id;
}

const CREATE = `mutation($c: ID!, $k: PrivacyRequestKind!, $rk: RequesterKind, $n: String, $d: AuthorityDocument, $at: DateTimeISO, $lift: Boolean) {
  createPrivacyRequest(customerId: $c, kind: $k, requesterKind: $rk, requesterName: $n, authorityDocument: $d, receivedAt: $at, liftStop: $lift) {
    id kind status dueAt overdue requesterKind requesterName customerId } }`;
const UPDATE = `mutation($id: ID!, $st: PrivacyRequestStatus, $ic: IdentityCheck, $why: String) {
  updatePrivacyRequest(id: $id, status: $st, identityCheck: $ic, refusalReason: $why) { id status identityCheck refusalReason completedAt } }`;

async function inProgress(customerId: number, kind: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await pm(CREATE, { c: String(customerId), k: kind, ...extra });
  expect(created.errors).toBeUndefined();
  const id = created.data.createPrivacyRequest.id;
  const moved = await pm(UPDATE, { id, st: 'IN_PROGRESS', ic: 'ID_DOCUMENT_COPY' });
  expect(moved.errors).toBeUndefined();
  return id;
}

describe('intake', () => {
  test('as PRIVACY_MANAGER a request by the person is received with a due date 14 calendar days after receipt (Japan)', async () => {
    const c = await newCustomer();
    const receivedAt = new Date(Date.now() - 3 * 86_400_000);
    const r = await pm(CREATE, { c: String(c), k: 'DISCLOSURE', at: receivedAt.toISOString() });
    expect(r.errors).toBeUndefined();
    expect(r.data.createPrivacyRequest).toMatchObject({
      kind: 'DISCLOSURE', status: 'RECEIVED', requesterKind: 'PERSON', requesterName: null, overdue: false,
      dueAt: plusDays(jstDate(receivedAt), 14), customerId: String(c),
    });
  });

  test('an agent must be named and the authority document noted; nothing is written otherwise', async () => {
    const c = await newCustomer();
    const before = (await s.sql.query('select count(*)::int n from privacy_request')).rows[0].n;
    const noName = await pm(CREATE, { c: String(c), k: 'DELETION', rk: 'AGENT', d: 'POWER_OF_ATTORNEY' });
    expect([code(noName), field(noName)]).toEqual(['BAD_USER_INPUT', 'requesterName']);
    const noDoc = await pm(CREATE, { c: String(c), k: 'DELETION', rk: 'AGENT', n: '代理 花子' });
    expect([code(noDoc), field(noDoc)]).toEqual(['BAD_USER_INPUT', 'authorityDocument']);
    expect((await s.sql.query('select count(*)::int n from privacy_request')).rows[0].n).toBe(before);
    const person = await pm(CREATE, { c: String(c), k: 'DELETION', n: '代理 花子' });
    expect([code(person), field(person)]).toEqual(['BAD_USER_INPUT', 'requesterName']);
    const ok = await pm(CREATE, { c: String(c), k: 'DELETION', rk: 'AGENT', n: '代理 花子', d: 'POWER_OF_ATTORNEY' });
    expect(ok.data.createPrivacyRequest).toMatchObject({ requesterKind: 'AGENT', requesterName: '代理 花子' });
  });

  test('a legal representative (GUARDIAN) is accepted for a minor, refused for an adult', async () => {
    const minor = await newCustomer(`${new Date().getUTCFullYear() - 15}-06-01`);
    const adult = await newCustomer('1970-01-01');
    const guardian = { rk: 'GUARDIAN', n: '保護者 一郎', d: 'FAMILY_REGISTER' };
    const refused = await pm(CREATE, { c: String(adult), k: 'STOP_USE', ...guardian });
    expect([code(refused), field(refused)]).toEqual(['BAD_USER_INPUT', 'requesterKind']);
    const id = await inProgress(minor, 'STOP_USE', guardian);
    const done = await pm('mutation($id: ID!) { fulfilStopRequest(requestId: $id) { status } }', { id });
    expect(done.data.fulfilStopRequest.status).toBe('COMPLETED');
    expect((await s.sql.query('select status from customer where id = $1', [minor])).rows[0].status).toBe('USE_STOPPED');
  });

  test('an erased customer cannot be the subject of a request (NOT_FOUND)', async () => {
    const c = await newCustomer();
    await s.sql.query(`update customer set status = 'ERASED' where id = $1`, [c]);
    expect(code(await pm(CREATE, { c: String(c), k: 'DISCLOSURE' }))).toBe('NOT_FOUND');
  });
});

describe('who may see and run requests', () => {
  test('as AUDITOR requests are readable with the agent\'s name masked, and AUDITOR may not create or fulfil', async () => {
    const c = await newCustomer();
    await pm(CREATE, { c: String(c), k: 'CORRECTION', rk: 'AGENT', n: '代理 次郎', d: 'POWER_OF_ATTORNEY' });
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const r = await auditor('query($c: ID!) { allPrivacyRequests(filter: { customerId: $c }) { id requesterName maskedFields } }', { c: String(c) });
    expect(r.errors).toBeUndefined();
    expect(r.data.allPrivacyRequests[0].requesterName).toBe('代＊ 次＊');
    // The requester's contact (none given here) is masked for the auditor as well.
    expect(r.data.allPrivacyRequests[0].maskedFields).toEqual(['requesterName', 'requesterContact']);
    expect(code(await auditor(CREATE, { c: String(c), k: 'DISCLOSURE' }))).toBe('FORBIDDEN');
    expect(code(await auditor('mutation { fulfilStopRequest(requestId: 1) { id } }'))).toBe('FORBIDDEN');
  });

  test('as SUPPORT, and as PRIVACY_MANAGER without a purpose, requests are FORBIDDEN', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect(code(await support('{ allPrivacyRequests { id } }'))).toBe('FORBIDDEN');
    expect(code(await pm.withPurpose(null)('{ allPrivacyRequests { id } }'))).toBe('FORBIDDEN');
    expect(code(await pm.withPurpose(null)('mutation { requestErasure(requestId: 1, reason: "x") { id } }'))).toBe('FORBIDDEN');
    expect(code(await pm.withPurpose(null)('mutation { approveErasure(requestId: 1, reason: "x") { pseudonymId } }'))).toBe('FORBIDDEN');
  });
});

describe('the workflow', () => {
  test('overdue requests are flagged and listed first, whatever the sort', async () => {
    const c = await newCustomer();
    const late = await pm(CREATE, { c: String(c), k: 'DISCLOSURE', at: new Date(Date.now() - 20 * 86_400_000).toISOString() });
    await pm(CREATE, { c: String(c), k: 'CORRECTION' });
    const mine = await pm(`query($c: ID!) { allPrivacyRequests(sortField: "id", sortOrder: "DESC", filter: { customerId: $c }) { id overdue }
      _allPrivacyRequestsMeta(filter: { customerId: $c, overdue: true }) { count } }`, { c: String(c) });
    expect(mine.data.allPrivacyRequests).toEqual([{ id: late.data.createPrivacyRequest.id, overdue: true }, expect.objectContaining({ overdue: false })]);
    expect(mine.data._allPrivacyRequestsMeta.count).toBe(1);
    const all = await pm('{ allPrivacyRequests(perPage: 500, sortField: "receivedAt", sortOrder: "DESC") { overdue } }');
    const flags: boolean[] = all.data.allPrivacyRequests.map((x: any) => x.overdue);
    expect(flags.indexOf(false)).toBe(flags.lastIndexOf(true) + 1);
  });

  test('work starts only once identity is verified; a refusal needs a reason and closes the request', async () => {
    const c = await newCustomer();
    const id = (await pm(CREATE, { c: String(c), k: 'DELETION' })).data.createPrivacyRequest.id;
    expect(code(await pm('mutation($id: ID!) { requestErasure(requestId: $id, reason: "本人確認済み") { id } }', { id }))).toBe('CONFLICT');
    expect((await pm(UPDATE, { id, st: 'VERIFYING' })).data.updatePrivacyRequest.status).toBe('VERIFYING');
    const unverified = await pm(UPDATE, { id, st: 'IN_PROGRESS' });
    expect([code(unverified), field(unverified)]).toEqual(['BAD_USER_INPUT', 'identityCheck']);
    const noReason = await pm(UPDATE, { id, st: 'REFUSED' });
    expect([code(noReason), field(noReason)]).toEqual(['BAD_USER_INPUT', 'refusalReason']);
    const refused = await pm(UPDATE, { id, st: 'REFUSED', why: '本人確認書類の提出がなかったため' });
    expect(refused.data.updatePrivacyRequest).toMatchObject({ status: 'REFUSED', refusalReason: '本人確認書類の提出がなかったため' });
    expect(refused.data.updatePrivacyRequest.completedAt).not.toBeNull();
    expect(code(await pm(UPDATE, { id, st: 'IN_PROGRESS', ic: 'ID_DOCUMENT_COPY' }))).toBe('CONFLICT');
    expect(code(await pm(UPDATE, { id, st: 'COMPLETED' }))).toBe('CONFLICT');
  });

  test('a request can only be fulfilled by the action of its kind', async () => {
    const id = await inProgress(await newCustomer(), 'DISCLOSURE');
    const r = await pm('mutation($id: ID!) { fulfilStopRequest(requestId: $id) { id } }', { id });
    expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'requestId']);
  });
});

describe('fulfilment', () => {
  test('correction goes through the normal update path with the request as the reason', async () => {
    const c = await newCustomer();
    const id = await inProgress(c, 'CORRECTION');
    const bad = await pm('mutation($id: ID!) { fulfilCorrectionRequest(requestId: $id, phone: "12345") { id } }', { id });
    expect([code(bad), field(bad)]).toEqual(['BAD_USER_INPUT', 'phone']);
    const r = await pm('mutation($id: ID!) { fulfilCorrectionRequest(requestId: $id, phone: "090-7777-8888", city: "港区") { status outcome } }', { id });
    expect(r.errors).toBeUndefined();
    expect(r.data.fulfilCorrectionRequest).toMatchObject({ status: 'COMPLETED', outcome: { correctedFields: ['city', 'phone'] } });
    const { rows: [row] } = await s.sql.query('select phone, phone_digits, city from customer where id = $1', [c]);
    expect(row).toEqual({ phone: '090-7777-8888', phone_digits: '09077778888', city: '港区' });
    const { rows: [change] } = await s.sql.query(`select customer_id, detail from trail_entry where kind = 'CHANGE' and customer_id = $1
      and detail->>'entity' = 'Customer' order by id desc limit 1`, [c]);
    const detail = await openedDetail(s, change);
    expect(detail.reason).toContain(`#${id}`);
    expect(detail.newValues.phone).toBe('***-****-8888');
  });

  test('stop of use hides the customer from marketing; a later request lifts it', async () => {
    const c = await newCustomer();
    await s.sql.query(`insert into consent (customer_id, purpose, granted_at, source) values ($1, 'PROMOTION', now() - interval '1 day', 'WEB')`, [c]);
    const marketing = await s.asRole('MARKETING', 'PROMOTION');
    const visible = async () => (await marketing('query($c: ID!) { allCustomers(filter: { ids: [$c] }) { id } }', { c: String(c) })).data.allCustomers.length;
    expect(await visible()).toBe(1);
    await pm('mutation($id: ID!) { fulfilStopRequest(requestId: $id) { status } }', { id: await inProgress(c, 'STOP_USE') });
    expect(await visible()).toBe(0);
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect((await support('query($c: ID!) { Customer(id: $c) { useStopped } }', { c: String(c) })).data.Customer.useStopped).toBe(true);
    const lift = await pm('mutation($id: ID!) { fulfilStopRequest(requestId: $id) { status outcome } }', { id: await inProgress(c, 'STOP_USE', { lift: true }) });
    expect(lift.data.fulfilStopRequest.outcome).toEqual({ status: 'ACTIVE', changed: true });
    expect(await visible()).toBe(1);
  });

  test('stop of provision sets provisionStopped, and lifting it clears it', async () => {
    const c = await newCustomer();
    const stop = await pm('mutation($id: ID!) { fulfilStopRequest(requestId: $id) { outcome } }', { id: await inProgress(c, 'STOP_PROVISION') });
    expect(stop.data.fulfilStopRequest.outcome).toEqual({ provisionStopped: true, changed: true });
    expect((await s.sql.query('select provision_stopped from customer where id = $1', [c])).rows[0].provision_stopped).toBe(true);
    await pm('mutation($id: ID!) { fulfilStopRequest(requestId: $id) { id } }', { id: await inProgress(c, 'STOP_PROVISION', { lift: true }) });
    expect((await s.sql.query('select provision_stopped from customer where id = $1', [c])).rows[0].provision_stopped).toBe(false);
    const bad = await pm(CREATE, { c: String(c), k: 'DISCLOSURE', lift: true });
    expect([code(bad), field(bad)]).toEqual(['BAD_USER_INPUT', 'liftStop']);
  });
});

// Two-person erasure of a DELETION request (#21), over HTTP against PostgreSQL: a privacy manager asks with a
// reason, a second holder of POWERS.approveErasure approves (the customer is erased) or rejects (the data stays) —
// never the one who asked; the asker may withdraw. Both acts are in the trail; a stale state is CONFLICT; a missing
// reason BAD_USER_INPUT on `reason`; the table refuses an approval by the asker even written past the service.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POWERS, ROLE_KEYS, ROLES } from '../schema/policy';
import { insertAccount, loginAs } from './helpers/accounts';
import { approverRole, secondApprover } from './helpers/erasure';
import { type GqlClient, startTestServer, type TestServer } from './helpers/server';
import { openedDetail } from './helpers/trail';

let s: TestServer;
let pm: GqlClient;
let pm2: GqlClient;
let pm3: GqlClient;
let pmId: number;
let pm2Id: number;

const act = (name: string, selection: string) => `mutation($id: ID!, $reason: String!) { ${name}(requestId: $id, reason: $reason) { ${selection} } }`;
const ASK = act('requestErasure', 'id status erasureRequestedById erasureRequestReason');
const APPROVE = act('approveErasure', 'requestId pseudonymId');
const REJECT = act('rejectErasure', 'id status erasureDecision erasureDecidedById erasureDecisionReason');
const WITHDRAW = act('withdrawErasure', 'id status erasureRequestedById');
const err = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];
const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

/** A DELETION request IN_PROGRESS about a fresh active customer with an order (so something is kept under the law). */
async function deletionInProgress(): Promise<{ id: string; customerId: number }> {
  const { rows: [c] } = await s.sql.query(`select c.id from customer c where c.status = 'ACTIVE'
    and exists (select 1 from "order" o where o.customer_id = c.id)
    and not exists (select 1 from privacy_request r where r.customer_id = c.id) order by c.id limit 1`);
  const id = (await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DELETION) { id } }', { c: String(c.id) })).data.createPrivacyRequest.id;
  const r = await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id });
  expect(r.errors).toBeUndefined();
  return { id, customerId: c.id };
}

const row = async (id: string) => (await s.sql.query(`select r.status, r.erasure_requested_by, r.erasure_decision, r.erasure_decided_by,
  r.erasure_request_reason, r.erasure_decision_reason, c.status as customer from privacy_request r join customer c on c.id = r.customer_id
  where r.id = $1`, [id])).rows[0];

beforeAll(async () => {
  s = await startTestServer({ customers: 24 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  pm2 = await secondApprover(s);
  const { role, purpose } = approverRole();
  pm3 = await loginAs(s, await insertAccount(s.sql, role, { name: '第三 承認' }), purpose);
  pmId = Number((await pm('{ me { id } }')).data.me.id);
  pm2Id = Number((await pm2('{ me { id } }')).data.me.id);
}, 120_000);
afterAll(async () => { await s?.stop(); });

describe('who may act', () => {
  test('the policy declares the powers: the roles holding approveErasure, and no API key', () => {
    expect(POWERS.approveErasure.operations).toEqual(['approveErasure', 'rejectErasure']);
    expect(POWERS.requestErasure.operations).toEqual(['requestErasure', 'withdrawErasure']);
    expect(ROLE_KEYS.filter((r) => (POWERS.approveErasure.holders as readonly string[]).includes(r)).every((r) => ROLES[r].purposes.length > 0)).toBe(true);
  });

  test('roles without the power are FORBIDDEN and nothing changes', async () => {
    const { id } = await deletionInProgress();
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    for (const client of [auditor, support]) {
      expect(code(await client(ASK, { id, reason: '理由' }))).toBe('FORBIDDEN');
      expect(code(await client(APPROVE, { id, reason: '理由' }))).toBe('FORBIDDEN');
      expect(code(await client(REJECT, { id, reason: '理由' }))).toBe('FORBIDDEN');
    }
    expect((await row(id)).status).toBe('IN_PROGRESS');
  });

  test('a reason is required for every act: BAD_USER_INPUT on field reason', async () => {
    const { id } = await deletionInProgress();
    expect(err(await pm(ASK, { id, reason: '   ' }))).toEqual(['BAD_USER_INPUT', 'reason']);
    expect((await row(id)).status).toBe('IN_PROGRESS');
    expect((await pm(ASK, { id, reason: '本人確認済み' })).errors).toBeUndefined();
    expect(err(await pm2(APPROVE, { id, reason: '' }))).toEqual(['BAD_USER_INPUT', 'reason']);
    expect(err(await pm2(REJECT, { id, reason: ' ' }))).toEqual(['BAD_USER_INPUT', 'reason']);
    expect(err(await pm(WITHDRAW, { id, reason: '' }))).toEqual(['BAD_USER_INPUT', 'reason']);
    expect(err(await pm2(APPROVE, { id, reason: 'x'.repeat(1001) }))).toEqual(['BAD_USER_INPUT', 'reason']);
    expect((await row(id)).status).toBe('AWAITING_APPROVAL');
  });
});

describe('two people', () => {
  test('self-approval is refused (FORBIDDEN): nothing is erased, the request still awaits', async () => {
    const { id, customerId } = await deletionInProgress();
    const asked = await pm(ASK, { id, reason: '本人確認済み' });
    expect(asked.data.requestErasure).toMatchObject({ status: 'AWAITING_APPROVAL', erasureRequestedById: String(pmId), erasureRequestReason: '本人確認済み' });
    expect(code(await pm(APPROVE, { id, reason: '自分で承認' }))).toBe('FORBIDDEN');
    expect(code(await pm(REJECT, { id, reason: '自分で却下' }))).toBe('FORBIDDEN');
    expect(await row(id)).toMatchObject({ status: 'AWAITING_APPROVAL', erasure_decision: null, customer: 'ACTIVE' });
    expect((await s.sql.query('select count(*)::int as n from customer_erasure where customer_id = $1', [customerId])).rows[0].n).toBe(0);
  });

  test('approval by the second privacy manager erases; the legal records stay pseudonymised', async () => {
    const { id, customerId } = await deletionInProgress();
    await pm(ASK, { id, reason: '本人確認済み' });
    const approved = await pm2(APPROVE, { id, reason: '申請内容を確認' });
    expect(approved.errors).toBeUndefined();
    expect(await row(id)).toMatchObject({
      status: 'COMPLETED', erasure_requested_by: pmId, erasure_decision: 'APPROVED', erasure_decided_by: pm2Id, customer: 'ERASED',
      erasure_decision_reason: '申請内容を確認',
    });
    const { rows: [erasure] } = await s.sql.query('select pseudonym_id, privacy_request_id from customer_erasure where customer_id = $1', [customerId]);
    expect(erasure).toEqual({ pseudonym_id: approved.data.approveErasure.pseudonymId, privacy_request_id: Number(id) });
    const { rows: orders } = await s.sql.query('select ship_to_name from "order" where customer_id = $1', [customerId]);
    expect(orders.length).toBeGreaterThan(0); // the demo's orders are recent: kept under tax and company law
    expect(orders.every((o) => o.ship_to_name === erasure.pseudonym_id)).toBe(true);
    const shown = await pm(`query($id: ID!) { PrivacyRequest(id: $id) { status erasureDecision erasureDecidedById erasureRequestedById outcome } }`, { id });
    expect(shown.data.PrivacyRequest).toMatchObject({ status: 'COMPLETED', erasureDecision: 'APPROVED', erasureDecidedById: String(pm2Id), erasureRequestedById: String(pmId) });
    expect(shown.data.PrivacyRequest.outcome.pseudonymId).toBe(erasure.pseudonym_id);
  });

  test('rejection leaves the data: back IN_PROGRESS, the decision kept; asked again, another approves', async () => {
    const { id, customerId } = await deletionInProgress();
    await pm(ASK, { id, reason: '本人確認済み' });
    const rejected = await pm2(REJECT, { id, reason: '保存義務の確認が不足' });
    expect(rejected.data.rejectErasure).toEqual({
      id, status: 'IN_PROGRESS', erasureDecision: 'REJECTED', erasureDecidedById: String(pm2Id), erasureDecisionReason: '保存義務の確認が不足',
    });
    expect(await row(id)).toMatchObject({ status: 'IN_PROGRESS', customer: 'ACTIVE' });
    expect((await s.sql.query(`select count(*)::int as n from "order" where customer_id = $1`, [customerId])).rows[0].n).toBeGreaterThan(0);
    const again = await pm(ASK, { id, reason: '保存義務を再確認' });
    expect(again.data.requestErasure.status).toBe('AWAITING_APPROVAL');
    expect((await row(id)).erasure_decision).toBeNull();
    expect((await pm3(APPROVE, { id, reason: '再確認を確認' })).errors).toBeUndefined();
    expect((await row(id)).customer).toBe('ERASED');
  });

  test('the asker withdraws (others may not): back IN_PROGRESS, nothing erased', async () => {
    const { id } = await deletionInProgress();
    await pm(ASK, { id, reason: '本人確認済み' });
    expect(code(await pm2(WITHDRAW, { id, reason: '取下げ' }))).toBe('FORBIDDEN');
    const withdrawn = await pm(WITHDRAW, { id, reason: '請求者から撤回の連絡' });
    expect(withdrawn.data.withdrawErasure).toEqual({ id, status: 'IN_PROGRESS', erasureRequestedById: null });
    expect(await row(id)).toMatchObject({ status: 'IN_PROGRESS', customer: 'ACTIVE', erasure_requested_by: null });
  });
});

describe('stale states are CONFLICT', () => {
  test('approve twice, decide a withdrawn ask, ask twice, change the request while it awaits', async () => {
    const { id } = await deletionInProgress();
    expect(err(await pm2(APPROVE, { id, reason: '承認' }))).toEqual(['CONFLICT', 'status']); // never asked
    await pm(ASK, { id, reason: '本人確認済み' });
    expect(err(await pm(ASK, { id, reason: 'もう一度' }))).toEqual(['CONFLICT', 'status']);
    expect(err(await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: REFUSED, refusalReason: "理由あり") { id } }', { id }))).toEqual(['CONFLICT', 'status']);
    await pm(WITHDRAW, { id, reason: '撤回' });
    expect(err(await pm2(APPROVE, { id, reason: '承認' }))).toEqual(['CONFLICT', 'status']);
    expect(err(await pm2(REJECT, { id, reason: '却下' }))).toEqual(['CONFLICT', 'status']);
    await pm(ASK, { id, reason: '再申請' });
    expect((await pm2(APPROVE, { id, reason: '承認' })).errors).toBeUndefined();
    expect(err(await pm3(APPROVE, { id, reason: '承認' }))).toEqual(['CONFLICT', 'status']);
    expect(err(await pm3(REJECT, { id, reason: '却下' }))).toEqual(['CONFLICT', 'status']);
  });

  test('a decision names the ask it reviewed: after a withdrawal and a new ask, the old ask is CONFLICT on askedAt', async () => {
    const { id } = await deletionInProgress();
    const first = await pm(`${ASK.replace('erasureRequestReason', 'erasureRequestReason erasureRequestedAt')}`, { id, reason: '最初の申請' });
    const seen = first.data.requestErasure.erasureRequestedAt;
    expect((await pm(WITHDRAW, { id, reason: '取り下げ' })).errors).toBeUndefined();
    const again = await pm(`${ASK.replace('erasureRequestReason', 'erasureRequestReason erasureRequestedAt')}`, { id, reason: '改めて申請' });
    const decide = (name: string, askedAt: string) => pm2(`mutation($id: ID!, $reason: String!, $at: DateTimeISO) { ${name}(requestId: $id, reason: $reason, askedAt: $at) { __typename } }`,
      { id, reason: '確認済み', at: askedAt });
    for (const name of ['approveErasure', 'rejectErasure']) expect(err(await decide(name, seen))).toEqual(['CONFLICT', 'askedAt']);
    expect(await row(id)).toMatchObject({ status: 'AWAITING_APPROVAL', customer: 'ACTIVE', erasure_decision: null });
    expect(err(await decide('approveErasure', again.data.requestErasure.erasureRequestedAt))).toEqual([undefined, undefined]);
    expect(await row(id)).toMatchObject({ customer: 'ERASED' });
  });

  test('two approvers at once: one erases, the other meets CONFLICT', async () => {
    const { id } = await deletionInProgress();
    await pm(ASK, { id, reason: '本人確認済み' });
    const answers = await Promise.all([pm2(APPROVE, { id, reason: '承認A' }), pm3(APPROVE, { id, reason: '承認B' })]);
    expect(answers.map(code).sort()).toEqual(['CONFLICT', undefined]);
    expect((await s.sql.query('select count(*)::int as n from customer_erasure where privacy_request_id = $1', [Number(id)])).rows[0].n).toBe(1);
  });

  test('a request of another kind is not erased; one before identity is verified is CONFLICT', async () => {
    const { rows: [c] } = await s.sql.query(`select id from customer where status = 'ACTIVE' order by id desc limit 1`);
    const stop = (await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: STOP_USE) { id } }', { c: String(c.id) })).data.createPrivacyRequest.id;
    await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id: stop });
    expect(err(await pm(ASK, { id: stop, reason: '理由' }))).toEqual(['BAD_USER_INPUT', 'requestId']);
    const fresh = (await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DELETION) { id } }', { c: String(c.id) })).data.createPrivacyRequest.id;
    expect(err(await pm(ASK, { id: fresh, reason: '理由' }))).toEqual(['CONFLICT', 'status']);
  });
});

describe('the record', () => {
  test('the trail records both acts, each by its own person, and the erasure', async () => {
    const { id, customerId } = await deletionInProgress();
    await pm(ASK, { id, reason: '本人確認済み' });
    await pm2(APPROVE, { id, reason: '申請内容を確認' });
    const { rows } = await s.sql.query(`select customer_id, staff_id, detail from trail_entry where kind = 'CHANGE'
      and ((detail->>'entity' = 'PrivacyRequest' and (detail->>'entityId')::int = $1) or (detail->>'entity' = 'Customer' and (detail->>'entityId')::int = $2))
      order by id`, [Number(id), customerId]);
    const acts = await Promise.all(rows.map(async (r) => ({ staff: r.staff_id, ...(await openedDetail(s, r)) })));
    const asked = acts.find((a) => a.newValues?.status === 'AWAITING_APPROVAL');
    const approved = acts.find((a) => a.newValues?.erasureDecision === 'APPROVED');
    const erased = acts.find((a) => a.entity === 'Customer' && a.action === 'DELETE');
    expect(asked).toMatchObject({ staff: pmId, entity: 'PrivacyRequest', newValues: { erasureRequestedById: pmId }, oldValues: { status: 'IN_PROGRESS' } });
    expect(approved).toMatchObject({ staff: pm2Id, newValues: { erasureDecidedById: pm2Id, erasureRequestedById: pmId } });
    expect(erased).toMatchObject({ staff: pm2Id, newValues: { status: 'ERASED' } });
    expect(acts.find((a) => a.newValues?.status === 'COMPLETED')).toMatchObject({ staff: pm2Id, oldValues: { status: 'AWAITING_APPROVAL' } });
    // Asked before approved before erased, in the chain's order.
    expect(acts.indexOf(asked)).toBeLessThan(acts.indexOf(approved));
    expect(acts.indexOf(approved)).toBeLessThan(acts.indexOf(erased));
  });

  test('the table refuses an approval by the one who asked, even written past the service', async () => {
    const { id } = await deletionInProgress();
    await pm(ASK, { id, reason: '本人確認済み' });
    await expect(s.sql.query(`update privacy_request set erasure_decision = 'APPROVED', erasure_decided_by = erasure_requested_by,
      erasure_decision_reason = 'x' where id = $1`, [id])).rejects.toThrow(/privacy_request_erasure_two_person_check/);
    await expect(s.sql.query(`update privacy_request set status = 'AWAITING_APPROVAL', erasure_requested_by = null where id = $1`, [id]))
      .rejects.toThrow(/privacy_request_erasure_asked_check/);
  });
});

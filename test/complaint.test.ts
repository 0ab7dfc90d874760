// The complaints desk (【14】): a complaint is an interaction tracked to resolution — status, owner,
// due date, the answer sent — and the privacy manager sees open privacy complaints with their age.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
const DAY = 86_400_000;
const jstDay = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
const FIELDS = 'id kind complaintStatus complaintOwnerId complaintDueDate complaintAnswer complaintAnsweredAt complaintClosedAt complaintAboutPrivacy complaintAgeDays complaintOverdue';
const UPDATE = `mutation($id: ID!, $status: ComplaintStatus, $owner: ID, $due: String, $answer: String, $privacy: Boolean, $reason: String) {
  updateComplaint(id: $id, status: $status, ownerId: $owner, dueDate: $due, answer: $answer, aboutPrivacy: $privacy, reason: $reason) { ${FIELDS} } }`;
let customerId = '';
let ownerId = '';

beforeAll(async () => {
  s = await startTestServer({ customers: 30 });
  customerId = String((await s.sql.query(`select id from customer where status = 'ACTIVE' order by id limit 1`)).rows[0].id);
  ownerId = String((await s.sql.query(`select id from staff where role = 'SUPPORT' order by id limit 1`)).rows[0].id);
});
afterAll(async () => { await s?.stop(); });

async function newComplaint(daysAgo = 3): Promise<string> {
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  const r = await support(`mutation($c: ID!, $at: DateTimeISO) { createInteraction(customerId: $c, channel: PHONE, direction: INBOUND, kind: COMPLAINT,
    occurredAt: $at, summary: "DMが届き続けている件") { id complaintStatus } }`, { c: customerId, at: new Date(Date.now() - daysAgo * DAY).toISOString() });
  expect(r.errors).toBeUndefined();
  expect(r.data.createInteraction.complaintStatus).toBe('OPEN');
  return r.data.createInteraction.id;
}

describe('handling a complaint', () => {
  test('as SUPPORT under INQUIRY_RESPONSE: assign, answer (→ ANSWERED), close; every step is in the change trail', async () => {
    const id = await newComplaint();
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const due = jstDay(Date.now() + 7 * DAY);
    const assigned = await support(UPDATE, { id, owner: ownerId, due, privacy: true });
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data.updateComplaint).toMatchObject({ complaintStatus: 'OPEN', complaintOwnerId: ownerId, complaintDueDate: due, complaintAboutPrivacy: true, complaintAgeDays: 3, complaintOverdue: false });

    const answer = '配信停止を承りました。ご連絡先 090-1234-5678 まで折り返します。';
    const answered = await support(UPDATE, { id, answer });
    expect(answered.data.updateComplaint).toMatchObject({ complaintStatus: 'ANSWERED', complaintAnswer: answer });
    expect(answered.data.updateComplaint.complaintAnsweredAt).toBeTruthy();

    const closed = await support(UPDATE, { id, status: 'CLOSED' });
    expect(closed.data.updateComplaint.complaintStatus).toBe('CLOSED');
    expect(closed.data.updateComplaint.complaintClosedAt).toBeTruthy();

    const { rows } = await s.sql.query(`select detail from trail_entry where kind = 'CHANGE' and detail->>'entity' = 'Interaction' and (detail->>'entityId')::int = $1 order by id`, [Number(id)]);
    expect(rows.map((r) => r.detail.fields)).toEqual([
      ['summary'], // the creation
      ['complaintOwnerId', 'complaintDueDate', 'complaintAboutPrivacy'],
      ['complaintAnswer', 'complaintStatus', 'complaintAnsweredAt'],
      ['complaintStatus', 'complaintClosedAt'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('1234-5678');
  });

  test('rules: ANSWERED needs an answer, a closed complaint only reopens, rewriting an answer needs a reason', async () => {
    const id = await newComplaint();
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect((await support(UPDATE, { id, status: 'ANSWERED' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'answer' });
    await support(UPDATE, { id, answer: 'お詫びと再発防止策をご説明しました。' });
    expect((await support(UPDATE, { id, answer: '書き換え' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await support(UPDATE, { id, answer: '追記した回答', reason: '誤字の訂正' })).data.updateComplaint.complaintAnswer).toBe('追記した回答');
    await support(UPDATE, { id, status: 'CLOSED' });
    expect((await support(UPDATE, { id, due: '2030-01-01' })).errors?.[0].extensions?.code).toBe('CONFLICT');
    const reopened = await support(UPDATE, { id, status: 'OPEN' });
    expect(reopened.data.updateComplaint).toMatchObject({ complaintStatus: 'OPEN', complaintClosedAt: null });
  });

  test('bad input names its field: not a complaint, an owner who cannot answer, a date that does not exist', async () => {
    const id = await newComplaint();
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const { rows: [inquiry] } = await s.sql.query(`select id from interaction where kind = 'INQUIRY' order by id limit 1`);
    expect((await support(UPDATE, { id: String(inquiry.id), due: '2030-01-01' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const { rows: [marketing] } = await s.sql.query(`select id from staff where role = 'MARKETING' limit 1`);
    expect((await support(UPDATE, { id, owner: String(marketing.id) })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ownerId' });
    expect((await support(UPDATE, { id, due: '2030-02-30' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dueDate' });
  });

  test('who may handle: SUPPORT under TRANSACTION may not write an answer it sees masked; MARKETING and AUDITOR may not update', async () => {
    const id = await newComplaint();
    const transaction = await s.asRole('SUPPORT', 'TRANSACTION');
    expect((await transaction(UPDATE, { id, answer: '回答' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const [role, purpose] of [['MARKETING', 'PROMOTION'], ['AUDITOR', 'PRIVACY_ADMINISTRATION']] as const) {
      const c = await s.asRole(role, purpose);
      expect((await c(UPDATE, { id, due: '2030-01-01' })).errors?.[0].extensions?.code, role).toBe('FORBIDDEN');
    }
    const { rows: [row] } = await s.sql.query(`select complaint_answer, complaint_due_date from interaction where id = $1`, [Number(id)]);
    expect(row).toEqual({ complaint_answer: null, complaint_due_date: null });
  });
});

describe('watching complaints', () => {
  test('as PRIVACY_MANAGER, open privacy complaints with their age, oldest first; overdue ones flagged', async () => {
    const older = await newComplaint(20);
    const newer = await newComplaint(2);
    const other = await newComplaint(10);
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    await support(UPDATE, { id: older, privacy: true, due: jstDay(Date.now() - 6 * DAY) });
    await support(UPDATE, { id: newer, privacy: true, due: jstDay(Date.now() + 12 * DAY) });
    await support(UPDATE, { id: other, due: jstDay(Date.now() - 1 * DAY) });
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const r = await pm(`{ openPrivacyComplaints { ${FIELDS} summary } }`);
    expect(r.errors).toBeUndefined();
    const mine = r.data.openPrivacyComplaints.filter((c: any) => [older, newer, other].includes(c.id));
    expect(mine.map((c: any) => [c.id, c.complaintAgeDays, c.complaintOverdue])).toEqual([[older, 20, true], [newer, 2, false]]);
    const ages = r.data.openPrivacyComplaints.map((c: any) => c.complaintAgeDays);
    expect(ages).toEqual([...ages].sort((a, b) => b - a));
    expect(r.data.openPrivacyComplaints.every((c: any) => c.complaintStatus === 'OPEN' && c.complaintAboutPrivacy)).toBe(true);
  });

  test('allComplaints filters by status, privacy and overdue; its count agrees with the database', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const r = await support(`{ allComplaints(perPage: 500, filter: { status: OPEN, overdue: true }) { id complaintOverdue kind } _allComplaintsMeta(filter: { status: OPEN, overdue: true }) { count } }`);
    expect(r.errors).toBeUndefined();
    const { rows: [db] } = await s.sql.query(`select count(*)::int n from interaction i join customer c on c.id = i.customer_id
      where c.status <> 'ERASED' and i.kind = 'COMPLAINT' and i.complaint_status = 'OPEN' and i.complaint_due_date < (now() at time zone 'Asia/Tokyo')::date`);
    expect(r.data._allComplaintsMeta.count).toBe(db.n);
    expect(r.data.allComplaints).toHaveLength(db.n);
    expect(r.data.allComplaints.every((c: any) => c.kind === 'COMPLAINT' && c.complaintOverdue)).toBe(true);
  });

  test('as AUDITOR the answer is masked; as SUPPORT openPrivacyComplaints is FORBIDDEN', async () => {
    const id = await newComplaint();
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    await support(UPDATE, { id, answer: '担当者から 03-1234-5678 にご連絡します。' });
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const r = await auditor('query($id: ID!) { allComplaints(filter: { ids: [$id] }) { complaintAnswer maskedFields } }', { id });
    expect(r.data.allComplaints[0].complaintAnswer).not.toContain('1234-5678');
    expect(r.data.allComplaints[0].maskedFields).toContain('complaintAnswer');
    expect((await support('{ openPrivacyComplaints { id } }')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

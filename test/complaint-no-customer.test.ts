// A complaint from someone with no customer row (#19 item 9): a gift recipient may complain about how the store
// handles data about them (【14】). The complaint stands on the complainant's name and contact, is read by the
// roles that handle complaints and by internal audit, with the masking any personal field gets, and the contact goes after its own
// retention period (COMPLAINANT_CONTACTS), the complaint's record staying.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let support: GqlClient;
let pm: GqlClient;
let customerId = '';
beforeAll(async () => {
  s = await startTestServer({ customers: 5 });
  support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  customerId = String((await s.sql.query(`select id from customer where status = 'ACTIVE' order by id limit 1`)).rows[0].id);
});
afterAll(async () => { await s?.stop(); });

const err = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];
const orphans = async () => (await s.sql.query('select count(*)::int n from interaction where customer_id is null')).rows[0].n as number;
const NAME = '贈答 受取花子';
const CONTACT = 'hanako.gift@example.jp / 03-9876-5432';
const CREATE = `mutation($c: ID, $kind: InteractionKind!, $name: String, $contact: String, $o: ID, $summary: String!) {
  createInteraction(customerId: $c, orderId: $o, channel: EMAIL, direction: INBOUND, kind: $kind, summary: $summary,
    complainantName: $name, complainantContact: $contact) { id customerId customer { id } complaintStatus complainantName complainantContact } }`;
const create = (vars: Record<string, unknown>, as: GqlClient = support) =>
  as(CREATE, { kind: 'COMPLAINT', summary: '贈答 受取花子です。頼んでいない商品の案内が届きました。', ...vars });
const READ = `query($id: ID!) { Interaction(id: $id) { id summary complainantName complainantContact maskedFields } }`;

describe('a complaint with no customer row', () => {
  test('needs the complainant\'s name and contact, is a complaint only, has no order; otherwise refused naming the field, nothing written', async () => {
    expect(err(await create({ name: NAME }))).toEqual(['BAD_USER_INPUT', 'complainantContact']);
    expect(err(await create({ name: NAME, contact: 'なし' }))).toEqual(['BAD_USER_INPUT', 'complainantContact']);
    expect(err(await create({ contact: CONTACT }))).toEqual(['BAD_USER_INPUT', 'complainantName']);
    expect(err(await create({ kind: 'INQUIRY', name: NAME, contact: CONTACT }))).toEqual(['BAD_USER_INPUT', 'customerId']);
    expect(err(await create({ name: NAME, contact: CONTACT, o: '1' }))).toEqual(['BAD_USER_INPUT', 'orderId']);
    expect(err(await create({ c: customerId, name: NAME }))).toEqual(['BAD_USER_INPUT', 'complainantName']);
    expect(err(await create({}))).toEqual(['BAD_USER_INPUT', 'customerId']);
    expect(await orphans()).toBe(0);
  });

  test('is received, opened and handled like any complaint; the trail names no customer and keeps the contact out of clear text', async () => {
    const r = await create({ name: NAME, contact: CONTACT });
    expect(r.errors).toBeUndefined();
    expect(r.data.createInteraction).toMatchObject({ customerId: null, customer: null, complaintStatus: 'OPEN', complainantName: NAME, complainantContact: CONTACT });
    const id = r.data.createInteraction.id;
    for (const who of [support, pm]) {
      const list = await who('{ allComplaints(perPage: 500) { id customerId complainantName } }');
      expect(list.errors).toBeUndefined();
      expect(list.data.allComplaints).toContainEqual({ id, customerId: null, complainantName: NAME });
    }
    const UPDATE = 'mutation($id: ID!, $a: String, $st: ComplaintStatus) { updateComplaint(id: $id, answer: $a, status: $st) { complaintStatus } }';
    expect((await support(UPDATE, { id, a: '配信リストから外しました。' })).data.updateComplaint.complaintStatus).toBe('ANSWERED');
    expect((await support(UPDATE, { id, st: 'CLOSED' })).data.updateComplaint.complaintStatus).toBe('CLOSED');
    const { rows } = await s.sql.query(`select customer_id, detail from trail_entry where kind = 'CHANGE' and detail->>'entity' = 'Interaction'
      and (detail->>'entityId')::int = $1 order by id`, [Number(id)]);
    expect(rows.length).toBe(3);
    expect(rows.every((t) => t.customer_id === null)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('hanako.gift@example.jp');
  });

  test('read only by the roles that handle complaints and by the auditor, with the masking of any contact field; not by others', async () => {
    const id = (await create({ name: NAME, contact: CONTACT })).data.createInteraction.id;
    // SUPPORT answering a family member: names clear, addresses masked, interaction content hidden — for a customer and a complainant alike.
    const family = await s.asRole('SUPPORT', 'FAMILY_INQUIRY');
    const seen = await family(READ, { id });
    expect(seen.errors).toBeUndefined();
    expect(seen.data.Interaction.complainantName).toBe(NAME);
    expect(seen.data.Interaction.complainantContact).not.toBe(CONTACT);
    expect(seen.data.Interaction.summary).toBeNull();
    expect(seen.data.Interaction.maskedFields).toEqual(expect.arrayContaining(['complainantContact', 'summary']));
    const customer = await family(`query($id: ID!) { Customer(id: $id) { maskedFields } }`, { id: customerId });
    expect(customer.data.Customer.maskedFields).toContain('addressLine');
    // Internal audit (【13】) sees them as it sees every customer's complaint: each personal field masked, the name out of the text.
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const audited = await auditor(READ, { id });
    expect(audited.errors).toBeUndefined();
    const { complainantName, complainantContact, summary, maskedFields } = audited.data.Interaction;
    expect(complainantName).toEqual(expect.any(String));
    expect(complainantName).not.toBe(NAME);
    expect(complainantName).not.toContain('受取花子');
    expect(complainantContact).not.toContain('hanako.gift');
    expect(summary).toEqual(expect.any(String));
    expect(summary).not.toContain('受取花子');
    expect(maskedFields).toEqual(expect.arrayContaining(['complainantName', 'complainantContact', 'summary']));
    const listed = await auditor('{ allComplaints(perPage: 500) { id customerId complainantName } }');
    expect(listed.errors).toBeUndefined();
    expect(listed.data.allComplaints).toContainEqual({ id, customerId: null, complainantName });
    const COUNT = '{ _allComplaintsMeta { count } }';
    expect((await auditor(COUNT)).data._allComplaintsMeta.count).toBe((await pm(COUNT)).data._allComplaintsMeta.count);
    // Read only: the auditor neither handles nor links them.
    expect(err(await auditor('mutation($id: ID!) { updateComplaint(id: $id, answer: "監査") { id } }', { id }))[0]).toBe('FORBIDDEN');
    // Roles that read customers' interactions but do not handle complaints see none of these.
    for (const [role, purpose] of [['FULFILLMENT', 'SHIPPING'], ['ACCOUNTING', 'TRANSACTION']] as const) {
      const other = await s.asRole(role, purpose);
      expect(err(await other(READ, { id }))[0], role).toBe('NOT_FOUND');
      const all = await other('{ allInteractions(perPage: 500, filter: { kind: COMPLAINT }) { id customerId } }');
      expect(all.errors, role).toBeUndefined();
      expect(all.data.allInteractions.some((i: { customerId: string | null }) => i.customerId === null), role).toBe(false);
    }
  });

  test('stays a complaint; its complainant is changed with a reason; a customer\'s interaction takes no complainant — nothing changes on refusal', async () => {
    const id = (await create({ name: NAME, contact: CONTACT })).data.createInteraction.id;
    const UPDATE = 'mutation($id: ID!, $kind: InteractionKind, $contact: String, $reason: String) { updateInteraction(id: $id, kind: $kind, complainantContact: $contact, reason: $reason) { complainantContact } }';
    expect(err(await support(UPDATE, { id, kind: 'INQUIRY' }))).toEqual(['BAD_USER_INPUT', 'kind']);
    expect(err(await support(UPDATE, { id, contact: 'x' }))).toEqual(['BAD_USER_INPUT', 'complainantContact']);
    const changed = await support(UPDATE, { id, contact: 'hanako.new@example.jp', reason: '申出者からの連絡先変更' });
    expect(changed.errors).toBeUndefined();
    expect(changed.data.updateInteraction.complainantContact).toBe('hanako.new@example.jp');
    const { rows: [c] } = await s.sql.query(`select id from interaction where customer_id is not null order by id limit 1`);
    expect(err(await support(UPDATE, { id: String(c.id), contact: CONTACT, reason: 'x' }))).toEqual(['BAD_USER_INPUT', 'complainantContact']);
    const { rows: [row] } = await s.sql.query('select kind, complainant_contact from interaction where id = $1', [Number(id)]);
    expect(row).toEqual({ kind: 'COMPLAINT', complainant_contact: 'hanako.new@example.jp' });
  });

  test('the name and contact go after COMPLAINANT_CONTACTS months from the close, the name out of the text too; open and recent ones stay', async () => {
    const CLOSE = 'mutation($id: ID!) { a: updateComplaint(id: $id, answer: "対応しました") { id } b: updateComplaint(id: $id, status: CLOSED) { id } }';
    const old = (await create({ name: NAME, contact: CONTACT })).data.createInteraction.id;
    const recent = (await create({ name: '贈答 受取次郎', contact: CONTACT })).data.createInteraction.id;
    const open = (await create({ name: '贈答 受取三郎', contact: CONTACT })).data.createInteraction.id;
    for (const id of [old, recent]) expect((await support(CLOSE, { id })).errors).toBeUndefined();
    await s.sql.query(`update interaction set complaint_closed_at = now() - interval '37 months', occurred_at = now() - interval '38 months',
      recording_key = null where id = $1`, [Number(old)]);
    await s.sql.query(`update interaction set occurred_at = now() - interval '10 years', transcript = '録音の書き起こし' where id = $1`, [Number(open)]);
    const due = await pm('{ retentionDue(days: 30) { kind dueNow } }');
    expect(due.data.retentionDue).toContainEqual({ kind: 'COMPLAINANT_CONTACTS', dueNow: 1 });
    expect(err(await pm('mutation { updateRetentionSchedule(complainantContactMonths: 0) { updatedAt } }'))).toEqual(['BAD_USER_INPUT', 'complainantContactMonths']);
    expect((await pm('mutation { updateRetentionSchedule(complainantContactMonths: 36) { updatedAt } }')).errors).toBeUndefined();
    const r = await pm('mutation { sweepLiveData { complainantContacts transcripts } }');
    expect(r.errors).toBeUndefined();
    expect(r.data.sweepLiveData.complainantContacts).toBe(1);
    const row = async (id: string) => (await s.sql.query('select * from interaction where id = $1', [Number(id)])).rows[0];
    expect(await row(old)).toMatchObject({ complainant_name: null, complainant_contact: null, kind: 'COMPLAINT', complaint_status: 'CLOSED',
      summary: '［申出者］です。頼んでいない商品の案内が届きました。', complaint_answer: '対応しました' });
    expect((await row(recent)).complainant_contact).toBe(CONTACT);
    // An open complaint from a non-customer keeps its transcript, however old, like a customer's open complaint.
    expect((await row(open)).transcript).toBe('録音の書き起こし');
    const { rows } = await s.sql.query(`select detail from trail_entry where kind = 'CHANGE' and customer_id is null and detail->>'entity' = 'Interaction'
      and operation = 'sweepLiveData' order by id desc limit 1`);
    expect(rows[0].detail).toMatchObject({ complainantContacts: 1 });
  });
});

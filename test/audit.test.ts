// Audits (【13】): a trail seeded with known anomalies (written through appendTrail, so the chain stays
// valid) on one past working day; running the audit must find exactly them, each with its evidence.
import holidayJp from '@holiday-jp/holiday_jp';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { appendTrail, type TrailEntryInput } from '../server/src/trail/trail-writer';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
const DAY = 86_400_000;
const jstToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+09:00`);

/** The audited day: the latest weekday that is no holiday, at least three days ago (Japan time). */
function auditedDay(): string {
  for (let back = 3; ; back++) {
    const day = shift(jstToday(), -back);
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6 && !holidayJp.isHoliday(day)) return day;
  }
}

/** Appends entries as if written at `when` (the writer stamps the current time): returns their ids. */
async function trailAt(when: Date, entries: Partial<TrailEntryInput>[]): Promise<number[]> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(when);
  try {
    await s.orm.em.fork().transactional((em) => appendTrail(em as EntityManager, entries.map((e) => ({
      kind: 'ACCESS', staffId: null, apiKeyId: null, role: null, purpose: null, operation: 'SeededForAudit', queryHash: null,
      requestId: 'audit-test', clientAddress: '127.0.0.1', customerId: null, clearFields: [], maskedFields: [], detail: {}, ...e,
    }))));
  } finally {
    vi.useRealTimers();
  }
  const { rows: [head] } = await s.sql.query('select last_id from trail_head');
  const last = Number(head.last_id);
  return entries.map((_, i) => last - entries.length + 1 + i);
}

const read = (staffId: number, role: string, purpose: string, customerId: number, clear = ['Customer.name', 'Customer.phone'], masked: string[] = []) =>
  ({ staffId, role, purpose, customerId, clearFields: clear, maskedFields: masked });

async function insertCustomer(n: string, birthDate: string | null = '1980-04-01'): Promise<number> {
  const { rows: [c] } = await s.sql.query(
    `insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line, phone, phone_digits, email, birth_date, gender, source)
     values ($1, '監査 太郎', 'カンサ タロウ', '100-0001', '鳥取県', '鳥取市', '1-1', '090-0000-0000', '09000000000', $2, $3, 'MALE', 'WEB') returning id`,
    [`AUD${n}`, `audit-${n}@example.invalid`, birthDate]);
  return c.id;
}

const AUDIT_FIELDS = 'id status lastRunAt findingCount findings { id code severity title detail staffId customerId contractorId occurredOn evidence evidenceCount data }';
type Finding = { code: string; severity: string; staffId: string | null; customerId: string | null; contractorId: string | null; occurredOn: string | null; evidence: string[]; evidenceCount: number; data: any };

const TRAIL_CODES = ['CLEAR_READ_VOLUME', 'CLEAR_READ_SPIKE', 'OUT_OF_HOURS', 'CLEAR_BEYOND_POLICY', 'PURPOSE_MISMATCH', 'MANY_READERS',
  'CONTRACTOR_ACCOUNT_AFTER_LAPSE', 'MARKETING_WITHOUT_CONSENT', 'MINOR_WITHOUT_GUARDIAN_CONSENT'];

const D = auditedDay();
const ids: Record<string, number[]> = {};
const who: Record<string, number> = {};
const fixture: Record<string, number> = {};

beforeAll(async () => {
  s = await startTestServer({ customers: 40 });
  const staff = (await s.sql.query(`select id, role, email from staff order by id`)).rows;
  const support = staff.filter((r) => r.role === 'SUPPORT').map((r) => r.id);
  Object.assign(who, { s1: support[1], s2: support[2], s3: support[3], s4: support[4], m: staff.find((r) => r.role === 'MARKETING').id });

  // A contractor whose agreement ended the day before, with an account that is still used.
  const { rows: [k] } = await s.sql.query(
    `insert into contractor (name, services, data_categories, agreement_date, agreement_expires_at, last_reviewed_at)
     values ('監査テスト運送株式会社', '{DELIVERY}', '{contact.name}', '2020-01-01', $1, $2) returning id`, [shift(D, -1), shift(jstToday(), -10)]);
  const { rows: [c] } = await s.sql.query(
    `insert into staff (name, email, role, contractor_id, password_hash) values ('監査テスト 委託', 'audit-carrier@example.invalid', 'CARRIER', $1, 'x') returning id`, [k.id]);
  Object.assign(fixture, { contractor: k.id });
  who.carrier = c.id;

  // Marketing subjects: Z consented (adult), W without consent, V a minor consented without a guardian.
  fixture.z = await insertCustomer('Z');
  fixture.w = await insertCustomer('W');
  fixture.v = await insertCustomer('V', shift(jstToday(), -15 * 365));
  for (const id of [fixture.z, fixture.v]) {
    await s.sql.query(`insert into consent (customer_id, purpose, granted_at, source) values ($1, 'PROMOTION', $2, 'WEB')`, [id, at(shift(D, -60), '10:00')]);
  }

  // Baseline: S2 reads 2 customers on each of the 20 days before D (median over 30 days: 2).
  for (let back = 1; back <= 20; back++) {
    await trailAt(at(shift(D, -back), '11:00'), [read(who.s2, 'SUPPORT', 'INQUIRY_RESPONSE', 19), read(who.s2, 'SUPPORT', 'INQUIRY_RESPONSE', 20)]);
  }
  // The same customer X (21) read by four different staff within 15 minutes.
  ids.x = [
    ...await trailAt(at(D, '10:00'), [read(who.s1, 'SUPPORT', 'INQUIRY_RESPONSE', 21)]),
    ...await trailAt(at(D, '10:05'), [read(who.s2, 'SUPPORT', 'INQUIRY_RESPONSE', 21)]),
    ...await trailAt(at(D, '10:10'), [read(who.s3, 'SUPPORT', 'AFTER_SALES', 21)]),
    ...await trailAt(at(D, '10:15'), [read(who.s4, 'SUPPORT', 'INQUIRY_RESPONSE', 21)]),
  ];
  // The expired contractor's account reads a ship-to in clear.
  ids.carrier = await trailAt(at(D, '10:30'), [read(who.carrier, 'CARRIER', 'SHIPPING', 23, ['ShipTo.name', 'ShipTo.phone'])]);
  // Marketing under PROMOTION: a complaint transcript asked for, a phone served in clear, no consent, a minor.
  ids.transcript = await trailAt(at(D, '11:00'), [read(who.m, 'MARKETING', 'PROMOTION', fixture.z, ['Customer.name'], ['Interaction.transcript'])]);
  ids.phone = await trailAt(at(D, '11:05'), [read(who.m, 'MARKETING', 'PROMOTION', fixture.z, ['Customer.name', 'Customer.phone'])]);
  ids.noConsent = await trailAt(at(D, '11:10'), [read(who.m, 'MARKETING', 'PROMOTION', fixture.w, ['Customer.name', 'Customer.email'])]);
  ids.minor = await trailAt(at(D, '11:15'), [read(who.m, 'MARKETING', 'PROMOTION', fixture.v, ['Customer.name'])]);
  // Ordinary work that must raise nothing: S4 reads three customers, a masked-only read, a trail read.
  await trailAt(at(D, '13:00'), [24, 25, 26].map((cid) => read(who.s4, 'SUPPORT', 'INQUIRY_RESPONSE', cid)));
  await trailAt(at(D, '13:30'), [read(who.s4, 'SUPPORT', 'FAMILY_INQUIRY', 27, ['Customer.name'], ['Customer.phone'])]);
  await trailAt(at(D, '13:40'), [{ staffId: who.s4, role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', detail: { trailRead: 'ACCESS', returned: 0 } }]);
  // S1 reads 11 more customers (12 in the day: above a limit of 10); S2 reads 7 more (8: above 3 × 2).
  ids.s1 = await trailAt(at(D, '14:00'), Array.from({ length: 11 }, (_, i) => read(who.s1, 'SUPPORT', 'INQUIRY_RESPONSE', 1 + i)));
  ids.s2 = await trailAt(at(D, '15:00'), Array.from({ length: 7 }, (_, i) => read(who.s2, 'SUPPORT', 'INQUIRY_RESPONSE', 12 + i)));
  // S3 reads a customer at 22:30.
  ids.night = await trailAt(at(D, '22:30'), [read(who.s3, 'SUPPORT', 'AFTER_SALES', 22)]);

  // Records: an overdue request, a request done late on D, a leak report overdue, an overdue privacy complaint, an unswept order.
  const { rows: [pr] } = await s.sql.query(
    `insert into privacy_request (customer_id, kind, requester_kind, received_at, due_at, status) values ($1, 'DISCLOSURE', 'PERSON', $2, $3, 'IN_PROGRESS') returning id`,
    [fixture.w, at(shift(jstToday(), -30), '10:00'), shift(jstToday(), -16)]);
  const { rows: [late] } = await s.sql.query(
    `insert into privacy_request (customer_id, kind, requester_kind, received_at, due_at, status, completed_at) values ($1, 'CORRECTION', 'PERSON', $2, $3, 'COMPLETED', $4) returning id`,
    [fixture.z, at(shift(D, -20), '10:00'), shift(D, -6), at(D, '16:00')]);
  const { rows: [leak] } = await s.sql.query(
    `insert into leak_incident (title, discovered_at, data_categories, people_affected, reportable, preliminary_report_due, final_report_due)
     values ('監査テストの誤送信', $1, '{contact.email}', 3, true, $2, $3) returning id`, [at(shift(jstToday(), -10), '09:00'), shift(jstToday(), -5), shift(jstToday(), 20)]);
  const { rows: [complaint] } = await s.sql.query(
    `insert into interaction (customer_id, channel, direction, kind, occurred_at, summary, complaint_due_date, complaint_about_privacy)
     values ($1, 'PHONE', 'INBOUND', 'COMPLAINT', $2, '個人情報の取扱いへの苦情', $3, true) returning id`,
    [fixture.z, at(shift(jstToday(), -20), '10:00'), shift(jstToday(), -6)]);
  const r = await insertCustomer('R');
  await s.sql.query(
    `insert into "order" (order_number, customer_id, total_yen, status, payment_status, ship_to_name, ship_to_postal_code, ship_to_prefecture,
       ship_to_city, ship_to_address_line, ship_to_phone, placed_at) values ('AUD-OLD-1', $1, 1000, 'DELIVERED', 'PAID', '監査 太郎', '100-0001', '鳥取県', '鳥取市', '1-1', '090-0000-0000', $2)`,
    [r, at(shift(jstToday(), -12 * 366), '10:00')]);
  await s.sql.query(`update customer set status = 'ERASED' where id = $1`, [r]);
  await s.sql.query(`insert into customer_erasure (customer_id, pseudonym_id) values ($1, 'AUDIT-PSEUDO-R')`, [r]);
  Object.assign(fixture, { request: pr.id, lateRequest: late.id, leak: leak.id, complaint: complaint.id, erased: r });
});
afterAll(async () => { await s?.stop(); });

async function createAndRun(extra = '') {
  const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
  const created = await auditor(`mutation($from: String!, $k: [ID!]) { createAudit(title: "定期監査", periodFrom: $from, periodTo: $from, contractorIds: $k,
    dailyClearReadLimit: 10, spikeMultiplier: 3, manyReadersThreshold: 4, manyReadersWindowMinutes: 60 ${extra}) { id status } }`,
  { from: D, k: [String(fixture.contractor)] });
  expect(created.errors).toBeUndefined();
  expect(created.data.createAudit.status).toBe('PLANNED');
  const run = await auditor(`mutation($id: ID!) { runAudit(id: $id) { ${AUDIT_FIELDS} } }`, { id: created.data.createAudit.id });
  expect(run.errors).toBeUndefined();
  return run.data.runAudit as { id: string; status: string; findingCount: number; findings: Finding[] };
}

const key = (f: Finding) => ({ code: f.code, severity: f.severity, staffId: f.staffId, customerId: f.customerId, occurredOn: f.occurredOn, evidence: f.evidence.map(Number) });

describe('running an audit over a seeded trail', () => {
  test('as AUDITOR, finds exactly the seeded anomalies of the trail, each with its trail entries as evidence', async () => {
    const audit = await createAndRun();
    expect(audit.status).toBe('IN_PROGRESS');
    const found = audit.findings.filter((f) => TRAIL_CODES.includes(f.code)).map(key);
    const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
    const expected = [
      { code: 'CLEAR_READ_VOLUME', severity: 'HIGH', staffId: String(who.s1), customerId: null, occurredOn: D, evidence: sorted([ids.x[0], ...ids.s1]) },
      { code: 'CLEAR_READ_SPIKE', severity: 'MEDIUM', staffId: String(who.s2), customerId: null, occurredOn: D, evidence: sorted([ids.x[1], ...ids.s2]) },
      { code: 'OUT_OF_HOURS', severity: 'MEDIUM', staffId: String(who.s3), customerId: null, occurredOn: D, evidence: ids.night },
      { code: 'PURPOSE_MISMATCH', severity: 'MEDIUM', staffId: String(who.m), customerId: null, occurredOn: D, evidence: ids.transcript },
      { code: 'CLEAR_BEYOND_POLICY', severity: 'HIGH', staffId: String(who.m), customerId: null, occurredOn: D, evidence: ids.phone },
      { code: 'MANY_READERS', severity: 'MEDIUM', staffId: null, customerId: '21', occurredOn: D, evidence: ids.x },
      { code: 'CONTRACTOR_ACCOUNT_AFTER_LAPSE', severity: 'HIGH', staffId: String(who.carrier), customerId: null, occurredOn: D, evidence: ids.carrier },
      { code: 'MARKETING_WITHOUT_CONSENT', severity: 'HIGH', staffId: String(who.m), customerId: String(fixture.w), occurredOn: D, evidence: ids.noConsent },
      { code: 'MINOR_WITHOUT_GUARDIAN_CONSENT', severity: 'HIGH', staffId: String(who.m), customerId: String(fixture.v), occurredOn: D, evidence: ids.minor },
    ];
    const order = (a: { code: string; evidence: number[] }, b: { code: string; evidence: number[] }) => a.code.localeCompare(b.code) || a.evidence[0] - b.evidence[0];
    expect(found.sort(order)).toEqual(expected.sort(order));
    const spike = audit.findings.find((f) => f.code === 'CLEAR_READ_SPIKE')!;
    expect(spike.data).toMatchObject({ customers: 8, median30: 2 });
    expect(audit.findings.find((f) => f.code === 'PURPOSE_MISMATCH')!.data.fields).toEqual(['Interaction.transcript']);
    expect(audit.findings.find((f) => f.code === 'CLEAR_BEYOND_POLICY')!.data.fields).toEqual(['Customer.phone']);
  });

  test('the records: contractor in scope, overdue requests, late leak report, overdue privacy complaint, unswept order, chain verified', async () => {
    const { findings } = await createAndRun();
    const of = (code: string) => findings.filter((f) => f.code === code);
    expect(of('CONTRACTOR_AGREEMENT_LAPSED').map((f) => [f.contractorId, f.severity])).toEqual([[String(fixture.contractor), 'HIGH']]);
    expect(of('CONTRACTOR_REVIEW_OVERDUE')).toEqual([]);
    const requests = of('PRIVACY_REQUEST_OVERDUE');
    expect(requests.filter((f) => f.data.requestId === fixture.request).map((f) => f.severity)).toEqual(['HIGH']);
    expect(requests.filter((f) => f.data.requestId === fixture.lateRequest).map((f) => [f.severity, f.occurredOn])).toEqual([['MEDIUM', D]]);
    // Every other one is a seeded request that really is open past its due date.
    for (const f of requests.filter((x) => x.severity === 'HIGH')) {
      const { rows: [r] } = await s.sql.query(`select status, due_at < (now() at time zone 'Asia/Tokyo')::date as late from privacy_request where id = $1`, [f.data.requestId]);
      expect(r.late && !['COMPLETED', 'REFUSED'].includes(r.status)).toBe(true);
    }
    expect(of('LEAK_REPORT_OVERDUE').map((f) => [f.data.leakIncidentId, f.data.report, f.severity])).toEqual([[fixture.leak, 'preliminary', 'HIGH']]);
    const complaint = of('COMPLAINT_OVERDUE').find((f) => f.data.interactionId === fixture.complaint)!;
    expect(complaint).toMatchObject({ severity: 'HIGH', customerId: String(fixture.z) });
    const unswept = of('RETENTION_NOT_SWEPT').find((f) => f.data.kind === 'ORDERS')!;
    expect(unswept.data.customerIds).toContain(fixture.erased);
    expect(of('TRAIL_CHAIN_VERIFIED')).toHaveLength(1);
    expect(of('TRAIL_CHAIN_BROKEN')).toEqual([]);
    expect(of('CHECK_SKIPPED')).toEqual([]);
  });

  test('scoped to MARKETING, only the marketing reads are findings of the trail', async () => {
    const { findings } = await createAndRun(', roles: ["MARKETING"]');
    expect(findings.filter((f) => TRAIL_CODES.includes(f.code)).map((f) => f.code).sort())
      .toEqual(['CLEAR_BEYOND_POLICY', 'MARKETING_WITHOUT_CONSENT', 'MINOR_WITHOUT_GUARDIAN_CONSENT', 'PURPOSE_MISMATCH']);
  });

  test('thresholds are per audit: with working hours until 23:00 the night read is no finding; nonsense hours are refused', async () => {
    const { findings } = await createAndRun(', workingHoursEnd: 23');
    expect(findings.map((f) => f.code)).not.toContain('OUT_OF_HOURS');
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const r = await auditor('mutation($from: String!) { createAudit(title: "x", periodFrom: $from, periodTo: $from, workingHoursStart: 18, workingHoursEnd: 9) { id } }', { from: D });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'workingHoursEnd' });
  });

  test('the run is recorded: a read of the trail and a change of the audit', async () => {
    const audit = await createAndRun();
    const { rows } = await s.sql.query(`select kind, detail from trail_entry where (kind = 'ACCESS' and detail->>'trailRead' = 'AUDIT_RUN' and (detail->'filter'->>'auditId')::int = $1)
      or (kind = 'CHANGE' and detail->>'entity' = 'Audit' and (detail->>'entityId')::int = $1) order by id`, [Number(audit.id)]);
    expect(rows.map((r) => r.kind)).toEqual(['CHANGE', 'CHANGE', 'ACCESS']);
    expect(rows[1].detail.newValues).toMatchObject({ findings: audit.findingCount, status: 'IN_PROGRESS' });
  });
});

describe('completing and exporting an audit', () => {
  test('completion needs a conclusion; a completed audit is final', async () => {
    const audit = await createAndRun();
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const noConclusion = await pm('mutation($id: ID!) { updateAudit(id: $id, status: COMPLETED) { id } }', { id: audit.id });
    expect(noConclusion.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'conclusion' });
    const done = await pm('mutation($id: ID!) { updateAudit(id: $id, status: COMPLETED, conclusion: "是正を指示した") { status conclusion } }', { id: audit.id });
    expect(done.data.updateAudit).toEqual({ status: 'COMPLETED', conclusion: '是正を指示した' });
    expect((await pm('mutation($id: ID!) { runAudit(id: $id) { id } }', { id: audit.id })).errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await pm('mutation($id: ID!) { updateAudit(id: $id, title: "変更") { id } }', { id: audit.id })).errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  test('a new title keeps the findings; a new scope discards them: the audit must run again', async () => {
    const audit = await createAndRun();
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const renamed = await auditor('mutation($id: ID!) { updateAudit(id: $id, title: "名称変更") { title findingCount } }', { id: audit.id });
    expect(renamed.data.updateAudit).toEqual({ title: '名称変更', findingCount: audit.findingCount });
    const r = await auditor('mutation($id: ID!, $to: String!) { updateAudit(id: $id, periodTo: $to) { lastRunAt findingCount } }', { id: audit.id, to: shift(D, 1) });
    expect(r.data.updateAudit).toEqual({ lastRunAt: null, findingCount: 0 });
  });

  test('CSV: UTF-8 with BOM, one line per finding, CRLF; the export is in the trail with its hash', async () => {
    const audit = await createAndRun();
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const r = await auditor('query($id: ID!) { auditExport(id: $id, format: CSV) { filename contentType content sha256 } }', { id: audit.id });
    expect(r.errors).toBeUndefined();
    const { content, sha256, contentType, filename } = r.data.auditExport;
    expect(content.startsWith('\uFEFF監査番号,監査名,')).toBe(true);
    expect(contentType).toBe('text/csv; charset=utf-8');
    expect(filename).toMatch(new RegExp(`^audit-${audit.id}-\\d{8}\\.csv$`));
    const lines = content.slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(audit.findingCount + 1);
    // The evidence of the burst of readers, then how it was worked (not yet: 未対応, no owner, due, rule or comment).
    expect(content).toContain(`,${ids.x.join(' ')},未対応,,,,\r\n`);
    const { rows } = await s.sql.query(`select role, purpose, detail from trail_entry where detail ? 'auditExport' order by id desc limit 1`);
    expect(rows[0]).toMatchObject({ role: 'AUDITOR', purpose: 'PRIVACY_ADMINISTRATION', detail: { auditExport: { auditId: Number(audit.id), format: 'CSV', sha256 } } });
  });

  test('HTML: a printable Japanese report listing every finding, with values escaped and no customer name', async () => {
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const created = await auditor('mutation($from: String!) { createAudit(title: "<script>alert(1)</script> 監査", periodFrom: $from, periodTo: $from, dailyClearReadLimit: 10) { id } }', { from: D });
    const id = created.data.createAudit.id;
    const run = await auditor(`mutation($id: ID!) { runAudit(id: $id) { ${AUDIT_FIELDS} } }`, { id });
    // Names shown beside findings come from the database and must be escaped too.
    const named = await s.sql.query(`select name from staff where id in (select staff_id from audit_finding where audit_id = $1)
      union all select name from contractor where id in (select contractor_id from audit_finding where audit_id = $1)`, [id]);
    await s.sql.query(`update staff set name = '<img src=x onerror=alert(2)>' where id in (select staff_id from audit_finding where audit_id = $1)`, [id]);
    await s.sql.query(`update contractor set name = '<img src=x onerror=alert(3)>' where id in (select contractor_id from audit_finding where audit_id = $1)`, [id]);
    const r = await auditor('query($id: ID!) { auditExport(id: $id, format: HTML) { content contentType } }', { id });
    const html: string = r.data.auditExport.content;
    expect(named.rows.length).toBeGreaterThan(0);
    expect(html).not.toContain('<img');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="ja">/);
    expect(html).toContain('個人情報保護 監査報告書');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&#60;script&#62;');
    for (const f of run.data.runAudit.findings) expect(html).toContain(f.title);
    expect(html).not.toContain('監査 太郎');
    expect(r.data.auditExport.contentType).toBe('text/html; charset=utf-8');
  });
});

describe('who may audit', () => {
  test('as SUPPORT, MARKETING or ADMIN, audits are FORBIDDEN; as AUDITOR without a purpose too', async () => {
    for (const [role, purpose] of [['SUPPORT', 'INQUIRY_RESPONSE'], ['MARKETING', 'PROMOTION'], ['ADMIN', null], ['AUDITOR', null]] as const) {
      const c = await s.asRole(role, purpose);
      expect((await c('{ allAudits { id } }')).errors?.[0].extensions?.code, role).toBe('FORBIDDEN');
      expect((await c('mutation { runAudit(id: "1") { id } }')).errors?.[0].extensions?.code, role).toBe('FORBIDDEN');
      expect((await c('{ auditExport(id: "1", format: CSV) { content } }')).errors?.[0].extensions?.code, role).toBe('FORBIDDEN');
    }
  });

  test('bad input names its field: period order, unknown role, auditor who is not an auditor', async () => {
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const bad = async (args: string) => (await pm(`mutation { createAudit(title: "t", ${args}) { id } }`)).errors?.[0].extensions;
    expect(await bad('periodFrom: "2026-02-02", periodTo: "2026-02-01"')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'periodTo' });
    expect(await bad('periodFrom: "2026-02-31", periodTo: "2026-03-01"')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'periodFrom' });
    expect(await bad('periodFrom: "2026-02-01", periodTo: "2026-02-01", roles: ["ROOT"]')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'roles' });
    const { rows: [support] } = await s.sql.query(`select id from staff where role = 'SUPPORT' limit 1`);
    expect(await bad(`periodFrom: "2026-02-01", periodTo: "2026-02-01", auditorId: "${support.id}"`)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'auditorId' });
  });
});

describe('the chain check', () => {
  test('an entry of the period altered by a superuser is a CRITICAL finding naming it', async () => {
    const client = await s.sql.connect();
    try {
      await client.query(`set session_replication_role = replica`);
      await client.query(`update trail_record set clear_fields = '{}' where id = $1`, [ids.night[0]]);
    } finally {
      await client.query(`set session_replication_role = origin`);
      client.release();
    }
    const { findings } = await createAndRun();
    const broken = findings.filter((f) => f.code.startsWith('TRAIL_CHAIN'));
    expect(broken.map((f) => [f.code, f.severity, f.evidence])).toEqual([['TRAIL_CHAIN_BROKEN', 'CRITICAL', [String(ids.night[0])]]]);
  });
});

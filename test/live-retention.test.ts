// Retention of live data (APPI art. 22): a schedule per kind set by the privacy manager, what falls due next,
// and the sweep that erases it — recordings with their audio files, transcripts, withdrawn consents, dormant customers.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { recordingPath } from '../server/src/modules/interaction/recording-files';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 5 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const err = (r: { errors?: { extensions?: Record<string, any> }[] }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];
const SCHEDULE = '{ periods { kind months defaultMonths setting basis } updatedAt }';
const monthsOf = async () => Object.fromEntries((await pm(`{ retentionSchedule ${SCHEDULE} }`)).data.retentionSchedule.periods.map((p: any) => [p.kind, p.months]));

let serial = 0;
async function customer(createdAgo: string): Promise<number> {
  serial += 1;
  const { rows: [c] } = await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line,
      phone, phone_digits, email, source, created_at)
    values ($1, $2, 'ホゾン', '100-0001', '東京都', '千代田区', '1-1', '03-1111-2222', '0311112222', $3, 'WEB', now() - $4::interval) returning id`,
  [`L${8000000 + serial}`, `保存 期間${serial}`, `live${serial}@example.jp`, createdAgo]);
  return c.id;
}
async function call(customerId: number, ago: string, opts: { audio?: boolean; transcript?: string; complaint?: string } = {}) {
  const key = opts.audio ? `rec/live-${process.pid}-${++serial}.wav` : null;
  if (key) { mkdirSync(dirname(recordingPath(key)!), { recursive: true }); writeFileSync(recordingPath(key)!, 'RIFF....WAVE'); }
  const { rows: [i] } = await s.sql.query(`insert into interaction (customer_id, channel, direction, kind, occurred_at, summary, transcript,
      recording_key, recording_duration_sec, complaint_status, sensitive_fields)
    values ($1, 'PHONE', 'INBOUND', $2, now() - $3::interval, '問い合わせ', $4, $5, $6, $7, $8) returning id`,
  [customerId, opts.complaint ? 'COMPLAINT' : 'INQUIRY', ago, opts.transcript ?? null, key, key ? 60 : null, opts.complaint ?? null,
    opts.transcript?.includes('通院') ? ['transcript'] : []]);
  return { id: i.id as number, file: key ? recordingPath(key)! : null };
}
const consent = async (customerId: number, withdrawnAgo: string) => (await s.sql.query(`insert into consent (customer_id, purpose, granted_at, withdrawn_at, source)
  values ($1, 'PROMOTION', now() - interval '10 years', now() - $2::interval, 'WEB') returning id`, [customerId, withdrawnAgo])).rows[0].id as number;
/** The kinds of RETENTION_NOT_SWEPT findings of a fresh audit of today (【13】). */
async function unswept(): Promise<string[]> {
  const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  const created = await pm('mutation($d: String!) { createAudit(title: "保存期間の監査", periodFrom: $d, periodTo: $d) { id } }', { d: today });
  expect(created.errors).toBeUndefined();
  const run = await pm('mutation($id: ID!) { runAudit(id: $id) { findings { code data } } }', { id: created.data.createAudit.id });
  expect(run.errors).toBeUndefined();
  return run.data.runAudit.findings.filter((f: { code: string }) => f.code === 'RETENTION_NOT_SWEPT').map((f: { data: { kind: string } }) => f.data.kind);
}
const row = async (table: string, id: number) => (await s.sql.query(`select * from ${table} where id = $1`, [id])).rows[0];

describe('the schedule (set by the privacy manager, with its legal basis)', () => {
  test('defaults per kind, each with the law it rests on; an impossible period is refused naming it and nothing changes', async () => {
    const r = await pm(`{ retentionSchedule ${SCHEDULE} }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.retentionSchedule.periods.map((p: any) => [p.kind, p.months, p.setting])).toEqual([
      ['RECORDINGS', 12, 'recordingsMonths'], ['TRANSCRIPTS', 60, 'transcriptsMonths'],
      ['DORMANT_CUSTOMERS', 60, 'dormantCustomerMonths'], ['CONSENT_HISTORY', 60, 'consentHistoryMonths'],
      ['REQUESTER_CONTACTS', 36, 'requesterContactMonths'], ['COMPLAINANT_CONTACTS', 36, 'complainantContactMonths'],
      ['CONSENT_EVIDENCE', 36, 'consentEvidenceMonths'],
    ]);
    for (const p of r.data.retentionSchedule.periods) expect(p.basis).toMatch(/第22条|民法第166条/);

    for (const [args, field] of [['recordingsMonths: -1', 'recordingsMonths'], ['transcriptsMonths: 24, dormantCustomerMonths: 0', 'dormantCustomerMonths'],
      ['consentHistoryMonths: 1201', 'consentHistoryMonths']] as const) {
      expect(err(await pm(`mutation { updateRetentionSchedule(${args}) { updatedAt } }`)), args).toEqual(['BAD_USER_INPUT', field]);
    }
    expect(await monthsOf()).toEqual({ RECORDINGS: 12, TRANSCRIPTS: 60, DORMANT_CUSTOMERS: 60, CONSENT_HISTORY: 60, REQUESTER_CONTACTS: 36, COMPLAINANT_CONTACTS: 36, CONSENT_EVIDENCE: 36 });
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect(err(await support('mutation { updateRetentionSchedule(recordingsMonths: 1) { updatedAt } }'))[0]).toBe('FORBIDDEN');
    expect(err(await support('{ retentionDue { kind } }'))[0]).toBe('FORBIDDEN');
  });

  test('a change is stored and recorded in the trail with the old and new months', async () => {
    const r = await pm(`mutation { updateRetentionSchedule(recordingsMonths: 6) ${SCHEDULE} }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.updateRetentionSchedule.updatedAt).not.toBeNull();
    expect(await monthsOf()).toMatchObject({ RECORDINGS: 6 });
    const { rows } = await s.sql.query(`select detail from trail_entry where kind = 'CHANGE' and detail->>'entity' = 'PrivacySetting'
      and detail->'newValues'->>'key' = 'liveRetention' order by id desc limit 1`);
    expect(rows[0].detail).toMatchObject({ oldValues: { RECORDINGS: 12 }, newValues: { RECORDINGS: 6 } });
    expect((await pm('mutation { updateRetentionSchedule(recordingsMonths: 12) { updatedAt } }')).errors).toBeUndefined();
  });
});

describe('the sweep', () => {
  const t: Record<string, any> = {};
  beforeAll(async () => {
    t.active = await customer('1 year');
    t.oldCall = await call(t.active, '13 months', { audio: true, transcript: '配送について' });
    t.recentCall = await call(t.active, '2 months', { audio: true, transcript: '最近の問い合わせ' });
    // While a complaint is open, everything of that person stays: the complaint may be about any earlier call.
    t.complaining = await customer('3 years');
    t.openComplaint = await call(t.complaining, '2 years', { audio: true, complaint: 'OPEN' });
    t.earlierCall = await call(t.complaining, '20 months', { audio: true });
    t.oldTranscript = await call(t.active, '6 years', { transcript: '通院中のため減塩食を希望' });
    t.oldWithdrawn = await consent(t.active, '6 years');
    t.recentWithdrawn = await consent(t.active, '1 year');
    t.provisionBasis = await consent(t.active, '6 years');
    await s.sql.query(`insert into provision_record (customer_id, recipient_name, data_categories, legal_basis, consent_id, provided_at, keep_until)
      values ($1, '提携先', '{contact.name}', 'CONSENT', $2, now() - interval '7 years', current_date + 1)`, [t.active, t.provisionBasis]);

    t.dormant = await customer('7 years');
    await s.sql.query(`insert into "order" (order_number, customer_id, total_yen, status, payment_status, ship_to_name, ship_to_postal_code,
        ship_to_prefecture, ship_to_city, ship_to_address_line, ship_to_phone, placed_at)
      values ('LD-1', $1, 4000, 'DELIVERED', 'PAID', '保存 期間', '100-0001', '東京都', '千代田区', '1-1', '03-1111-2222', now() - interval '6 years')`, [t.dormant]);
    t.dormantCall = await call(t.dormant, '6 years', { audio: true });
    t.dormantBusy = await customer('7 years');
    expect((await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id } }', { c: String(t.dormantBusy) })).errors).toBeUndefined();

    t.auditBefore = await unswept();
    t.dueBefore = (await pm('{ retentionDue(days: 400) { kind dueNow dueWithin nextDueAt } }')).data.retentionDue;
    const r = await pm('mutation { sweepLiveData { today recordings recordingFiles transcripts consents dormantCustomers dormantLeft } }');
    expect(r.errors).toBeUndefined();
    t.result = r.data.sweepLiveData;
    t.dueAfter = (await pm('{ retentionDue(days: 400) { kind dueNow dueWithin nextDueAt } }')).data.retentionDue;
    t.auditAfter = await unswept();
  });

  test('an audit finds live data kept past its period (the sweep not run), per kind; none once swept', async () => {
    expect(t.auditBefore).toEqual(expect.arrayContaining(['LIVE_RECORDINGS', 'LIVE_TRANSCRIPTS', 'LIVE_CONSENT_HISTORY', 'LIVE_DORMANT_CUSTOMERS']));
    expect(t.auditAfter.filter((k: string) => k.startsWith('LIVE_'))).toEqual([]);
  });

  test('the privacy manager sees what falls due now and next, per kind; after the sweep nothing is due', async () => {
    const before = Object.fromEntries(t.dueBefore.map((d: any) => [d.kind, d]));
    expect(before.RECORDINGS.dueNow).toBeGreaterThanOrEqual(2);
    expect(before.TRANSCRIPTS.dueNow).toBeGreaterThanOrEqual(1);
    expect(before.CONSENT_HISTORY.dueNow).toBeGreaterThanOrEqual(1);
    expect(before.DORMANT_CUSTOMERS.dueNow).toBeGreaterThanOrEqual(1);
    // The recent call's recording falls due about 10 months from now, within the 400 days asked for.
    expect(before.RECORDINGS.dueWithin).toBeGreaterThanOrEqual(1);
    expect(before.RECORDINGS.nextDueAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(before.RECORDINGS.nextDueAt > t.result.today).toBe(true);
    expect(t.dueAfter.map((d: any) => [d.kind, d.dueNow])).toEqual([['RECORDINGS', 0], ['TRANSCRIPTS', 0], ['DORMANT_CUSTOMERS', 0], ['CONSENT_HISTORY', 0],
      ['REQUESTER_CONTACTS', 0], ['COMPLAINANT_CONTACTS', 0], ['CONSENT_EVIDENCE', 0]]);
    expect(err(await pm('{ retentionDue(days: 0) { kind } }'))).toEqual(['BAD_USER_INPUT', 'days']);
  });

  test('a recording past its months loses its audio file and its key; a recent one, and those of a person with an open complaint, stay', async () => {
    expect(existsSync(t.oldCall.file)).toBe(false);
    expect(await row('interaction', t.oldCall.id)).toMatchObject({ recording_key: null, recording_duration_sec: null, transcript: '配送について', summary: '問い合わせ' });
    expect(existsSync(t.recentCall.file)).toBe(true);
    expect((await row('interaction', t.recentCall.id)).recording_key).not.toBeNull();
    expect(existsSync(t.openComplaint.file)).toBe(true);
    expect(existsSync(t.earlierCall.file)).toBe(true);
    expect(t.result.recordingFiles).toBeGreaterThanOrEqual(2);
  });

  test('a transcript past its months is erased, the summary kept, and the row no longer counts as holding sensitive text', async () => {
    expect(await row('interaction', t.oldTranscript.id)).toMatchObject({ transcript: null, summary: '問い合わせ', sensitive_fields: [] });
  });

  test('a consent withdrawn long ago is deleted; a recent one and one a provision record rests on are kept', async () => {
    expect(await row('consent', t.oldWithdrawn)).toBeUndefined();
    expect(await row('consent', t.recentWithdrawn)).toBeDefined();
    expect(await row('consent', t.provisionBasis)).toBeDefined();
  });

  test('a dormant customer is erased as a deletion would, the order the law keeps pseudonymised; one with a request in progress is not', async () => {
    const c = await row('customer', t.dormant);
    expect(c).toMatchObject({ status: 'ERASED', email: '', phone: '' });
    expect(c.name).toMatch(/^P[0-9A-F]{12}$/);
    expect(existsSync(t.dormantCall.file)).toBe(false);
    const { rows: [o] } = await s.sql.query('select ship_to_name, ship_to_phone from "order" where customer_id = $1', [t.dormant]);
    expect(o).toEqual({ ship_to_name: c.name, ship_to_phone: '' });
    const { rows: [e] } = await s.sql.query('select pseudonym_id, privacy_request_id, retain_until from customer_erasure where customer_id = $1', [t.dormant]);
    expect(e).toMatchObject({ pseudonym_id: c.name, privacy_request_id: null });
    expect(e.retain_until).not.toBeNull();
    expect((await row('customer', t.dormantBusy)).status).toBe('ACTIVE');
    expect((await row('customer', t.active)).status).toBe('ACTIVE');
  });

  test('each customer touched has one trail entry naming the privacy manager, what went and why, and no personal value', async () => {
    const { rows } = await s.sql.query(`select staff_id, operation, detail from trail_entry where kind = 'CHANGE' and customer_id = $1 and operation = 'sweepLiveData'`, [t.active]);
    expect(rows).toHaveLength(1);
    expect(rows[0].staff_id).not.toBeNull();
    expect(rows[0].detail).toMatchObject({ action: 'UPDATE', recordings: 1, transcripts: 1, consents: 1, erased: false });
    const { rows: [d] } = await s.sql.query(`select detail from trail_entry where kind = 'CHANGE' and customer_id = $1 and operation = 'sweepLiveData'`, [t.dormant]);
    expect(d.detail).toMatchObject({ action: 'DELETE', erased: true });
    expect(JSON.stringify(d.detail)).not.toContain('保存 期間');
  });
});

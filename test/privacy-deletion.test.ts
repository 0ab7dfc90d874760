// Deletion (【11】): erase what no legal duty keeps; keep orders under the tax-law duty, pseudonymised.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { recordingPath } from '../server/src/modules/interaction/recording-files';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';
import { eraseApproved } from './helpers/erasure';

let s: TestServer;
let pm: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 10 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;
const jstDate = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

interface Person { id: number; number: string; name: string; phone: string; email: string; audio: string }

/** A customer with one order per age (in years), an interaction with a transcript and a recording, and consents. */
async function personWithOrders(n: number, orderAgesInYears: number[]): Promise<Person & { orders: { id: number; placedAt: Date; total: number }[] }> {
  const p = { number: `E${7000000 + n}`, name: `削除 希望${n}`, phone: `090-4444-${1000 + n}`, email: `erase${n}@example.jp` };
  const { rows: [c] } = await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line,
      phone, phone_digits, email, birth_date, gender, lifestyle, occupation, card_brand, card_last4, card_expiry, card_token, source, household_id)
    values ($1, $2, 'サクジョ キボウ', '150-0001', '東京都', '渋谷区', '神宮前9-9-9', $3, $4, $5, '1975-05-05', 'FEMALE', '犬を飼っている', '教師',
      'JCB', '1111', '01/29', 'tok_erase', 'PHONE', 'H-ERASE') returning id`, [p.number, p.name, p.phone, p.phone.replace(/-/g, ''), p.email]);
  const orders = [];
  for (const [k, years] of orderAgesInYears.entries()) {
    const { rows: [o] } = await s.sql.query(`insert into "order" (order_number, customer_id, total_yen, status, payment_status, ship_to_name,
        ship_to_postal_code, ship_to_prefecture, ship_to_city, ship_to_address_line, ship_to_phone, placed_at)
      values ($1, $2, $3, 'DELIVERED', 'PAID', $4, '150-0001', '東京都', '渋谷区', '神宮前9-9-9', $5, now() - make_interval(years => $6))
      returning id, placed_at, total_yen`, [`EO${n}-${k}`, c.id, 5000 + k, p.name, p.phone, years]);
    await s.sql.query(`insert into order_item (order_id, product_name, quantity, unit_price_yen) values ($1, 'クリーム', 1, $2)`, [o.id, o.total_yen]);
    orders.push({ id: o.id, placedAt: o.placed_at, total: o.total_yen });
  }
  // The call's audio, where the telephone system stores it (MAMORI_RECORDING_DIR): the erasure must delete the file itself.
  const key = `rec/erase-${process.pid}-${n}.wav`;
  const audio = recordingPath(key)!;
  mkdirSync(dirname(audio), { recursive: true });
  writeFileSync(audio, 'RIFF....WAVE');
  await s.sql.query(`insert into interaction (customer_id, order_id, channel, direction, kind, occurred_at, summary, transcript, recording_key, recording_duration_sec)
    values ($1, $2, 'PHONE', 'INBOUND', 'INQUIRY', now() - interval '3 days', '届かない', '通話: ' || $3, $4, 30)`, [c.id, orders[0]?.id ?? null, p.name, key]);
  await s.sql.query(`insert into consent (customer_id, purpose, granted_at, source) values ($1, 'PROMOTION', now() - interval '1 year', 'WEB')`, [c.id]);
  return { id: c.id, ...p, audio, orders };
}

async function deletionReport(customerId: number) {
  const created = await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DELETION) { id } }', { c: String(customerId) });
  const id = created.data.createPrivacyRequest.id;
  await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: REGISTERED_PHONE_CALLBACK) { id } }', { id });
  const r = await eraseApproved(s, pm, id, `requestId pseudonymId remainderDueAt erased { records count reason dueAt } pseudonymised { records count reason dueAt keptUntil
      holds { rule law startEvent startDate years keptUntil } }`);
  expect(r.errors).toBeUndefined();
  return r.data.approveErasure;
}

const countOf = (items: { records: string; count: number }[], records: string) => items.find((i) => i.records === records)?.count;

describe('deletion under a legal hold', () => {
  let p: Awaited<ReturnType<typeof personWithOrders>>;
  let report: any;
  let pending: string;

  beforeAll(async () => {
    p = await personWithOrders(1, [6, 12]);
    pending = (await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id } }', { c: String(p.id) })).data.createPrivacyRequest.id;
    report = await deletionReport(p.id);
  });

  test('a 6-year-old order is kept, pseudonymised, 10 years from the close of its fiscal year (会社法615条, an LLC); the 12-year-old one is erased', async () => {
    // Default settings: fiscal year ending 31 March, 合同会社. Company law outlasts the tax law's 7 years from the filing deadline.
    const placed = jstDate(p.orders[0].placedAt);
    const fyEndYear = Number(placed.slice(0, 4)) + (placed.slice(5) > '03-31' ? 1 : 0);
    const due = `${fyEndYear + 10}-04-01`;
    const holds = [
      { rule: 'COMPANY_LAW_MOCHIBUN', law: expect.stringContaining('会社法第615条'), startEvent: 'BOOKS_CLOSED', startDate: `${fyEndYear}-03-31`, years: 10, keptUntil: `${fyEndYear + 10}-03-31` },
      { rule: 'CORPORATE_TAX_BOOKS', law: expect.stringContaining('法人税法'), startEvent: 'FILING_DEADLINE', startDate: `${fyEndYear}-05-31`, years: 7, keptUntil: `${fyEndYear + 7}-05-31` },
    ];
    const kept = { reason: expect.stringContaining('会社法第615条'), dueAt: due, keptUntil: `${fyEndYear + 10}-03-31`, holds };
    expect(report.pseudonymised).toEqual([{ records: 'orders', count: 1, ...kept }, { records: 'orderItems', count: 1, ...kept }]);
    expect(report.remainderDueAt).toBe(due);
    expect(countOf(report.erased, 'orders')).toBe(1);
    const { rows } = await s.sql.query(`select id, order_number, total_yen, ship_to_name, ship_to_address_line, ship_to_phone, ship_to_postal_code
      from "order" where customer_id = $1`, [p.id]);
    expect(rows).toEqual([{
      id: p.orders[0].id, order_number: 'EO1-0', total_yen: p.orders[0].total, ship_to_name: report.pseudonymId,
      ship_to_address_line: '', ship_to_phone: '', ship_to_postal_code: '',
    }]);
    expect((await s.sql.query('select count(*)::int n from order_item where order_id = $1', [p.orders[1].id])).rows[0].n).toBe(0);
  });

  test('recordings (the audio file itself), transcripts and interactions are deleted; consents ended; the profile holds nothing personal', async () => {
    expect(report.erased).toEqual(expect.arrayContaining([
      expect.objectContaining({ records: 'interactions', count: 1 }), expect.objectContaining({ records: 'transcripts', count: 1 }),
      expect.objectContaining({ records: 'recordings', count: 1 }), expect.objectContaining({ records: 'recordingFiles', count: 1 }),
      expect.objectContaining({ records: 'consents', count: 1 }),
    ]));
    expect(existsSync(p.audio)).toBe(false);
    expect((await s.sql.query('select count(*)::int n from interaction where customer_id = $1', [p.id])).rows[0].n).toBe(0);
    expect((await s.sql.query('select count(*)::int n from consent where customer_id = $1', [p.id])).rows[0].n).toBe(0);
    const { rows: [row] } = await s.sql.query('select * from customer where id = $1', [p.id]);
    expect(row).toMatchObject({
      status: 'ERASED', customer_number: report.pseudonymId, name: report.pseudonymId, name_kana: '', phone: '', phone_digits: '', email: '',
      address_line: '', birth_date: null, gender: null, lifestyle: null, occupation: null, card_last4: null, card_token: null, household_id: null,
    });
    expect(report.pseudonymId).toMatch(/^P[0-9A-F]{12}$/);
  });

  test('the erased customer never reappears in any list, search or export', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    for (const q of [p.name, p.number, p.phone, p.email, report.pseudonymId]) {
      const r = await support('query($q: String) { allCustomers(filter: { q: $q }) { id } _allCustomersMeta(filter: { q: $q }) { count } }', { q });
      expect([r.data.allCustomers, r.data._allCustomersMeta.count], q).toEqual([[], 0]);
    }
    expect(code(await support('query($id: ID!) { Customer(id: $id) { id } }', { id: String(p.id) }))).toBe('NOT_FOUND');
    const accounting = await s.asRole('ACCOUNTING', 'TRANSACTION');
    expect((await accounting('query($c: ID!) { allOrders(filter: { customerId: $c }) { id } }', { c: String(p.id) })).data.allOrders).toEqual([]);
    expect(code(await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id } }', { c: String(p.id) }))).toBe('NOT_FOUND');
    const request = await pm('query($id: ID!) { PrivacyRequest(id: $id) { status customer { id } outcome } }', { id: report.requestId });
    expect(request.data.PrivacyRequest).toMatchObject({ status: 'COMPLETED', customer: null, outcome: { pseudonymId: report.pseudonymId, openRequestsRefused: 1 } });
  });

  test('the customer\'s other open requests are closed as refused, saying why, so none stays overdue forever', async () => {
    const r = await pm('query($id: ID!) { PrivacyRequest(id: $id) { status refusalReason overdue } }', { id: pending });
    expect(r.data.PrivacyRequest).toMatchObject({ status: 'REFUSED', overdue: false });
    expect(r.data.PrivacyRequest.refusalReason).toContain(`#${report.requestId}`);
  });

  test('the erasure is recorded in the change trail with the request as its reason, and no personal value', async () => {
    const { rows } = await s.sql.query(`select detail from trail_entry where kind = 'CHANGE' and customer_id = $1 and detail->>'action' = 'DELETE'`, [p.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].detail.reason).toContain(`#${report.requestId}`);
    expect(JSON.stringify(rows[0].detail)).not.toContain(p.name);
    const { rows: [erasure] } = await s.sql.query('select pseudonym_id, retain_until::text, purged_at from customer_erasure where customer_id = $1', [p.id]);
    expect(erasure).toEqual({ pseudonym_id: report.pseudonymId, retain_until: report.remainderDueAt, purged_at: null });
  });
});

describe('deletion with nothing under a legal duty', () => {
  test('with only orders past every duty (12 and 13 years old), everything is erased and nothing falls due later', async () => {
    const p = await personWithOrders(2, [12, 13]);
    const report = await deletionReport(p.id);
    expect(report.pseudonymised).toEqual([]);
    expect(report.remainderDueAt).toBeNull();
    expect(countOf(report.erased, 'orders')).toBe(2);
    expect(countOf(report.erased, 'orderItems')).toBe(2);
    for (const table of ['"order"', 'interaction', 'consent', 'provision_record']) {
      expect((await s.sql.query(`select count(*)::int n from ${table} where customer_id = $1`, [p.id])).rows[0].n, table).toBe(0);
    }
    const { rows: [erasure] } = await s.sql.query('select purged_at from customer_erasure where customer_id = $1', [p.id]);
    expect(erasure.purged_at).not.toBeNull();
  });

  test('a provision record still within its 3 years is kept under APPI art. 29, linked only to the pseudonym', async () => {
    const p = await personWithOrders(3, []);
    const rec = await pm(`mutation($c: ID!) { createProvisionRecord(customerId: $c, recipientName: "渋谷区役所", dataCategories: ["contact.address"],
      legalBasis: PUBLIC_AUTHORITY, exemptionNote: "地方税法に基づく照会") { keepUntil } }`, { c: String(p.id) });
    const report = await deletionReport(p.id);
    const keptUntil = rec.data.createProvisionRecord.keepUntil;
    const dueAt = new Date(Date.parse(`${keptUntil}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(report.pseudonymised).toEqual([{
      records: 'provisionRecords', count: 1, reason: expect.stringContaining('第29条'), dueAt, keptUntil,
      holds: [expect.objectContaining({ rule: 'APPI_PROVISION_RECORDS', years: 3, keptUntil })],
    }]);
    expect(report.remainderDueAt).toBe(dueAt);
  });

  test('a disclosure file still waiting for its download is emptied by the deletion', async () => {
    const p = await personWithOrders(4, [1]);
    const created = await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id } }', { c: String(p.id) });
    const id = created.data.createPrivacyRequest.id;
    await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id });
    const ticket = (await pm('mutation($id: ID!) { fulfilDisclosureRequest(requestId: $id) { url } }', { id })).data.fulfilDisclosureRequest;
    const report = await deletionReport(p.id);
    expect(countOf(report.erased, 'disclosureFiles')).toBe(1);
    expect((await fetch(`${s.url}${ticket.url}`, { headers: { authorization: `Bearer ${pm.token}` } })).status).toBe(410);
    // No key left behind: the old customer number is gone from the file's name and the request's outcome.
    const { rows: [left] } = await s.sql.query(`select d.file_name, r.outcome::text as outcome from disclosure_download d
      join privacy_request r on r.id = d.privacy_request_id where d.customer_id = $1`, [p.id]);
    expect(left.file_name).toContain(report.pseudonymId);
    expect(`${left.file_name} ${left.outcome}`).not.toContain(p.number);
  });
});

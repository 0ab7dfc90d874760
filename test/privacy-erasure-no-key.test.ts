// Erased people leave no key behind (#19 item 9): after a deletion request, the old customer number appears in
// no table of the database — not in a disclosure file's name, a request's outcome, an audit finding's text,
// a family member's provision record — only the pseudonym does, in the legal records the law keeps.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';
import { eraseApproved } from './helpers/erasure';

let s: TestServer;
let pm: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 4 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const NUMBER = 'K7310042';
const today = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

/** Every table (any schema but the catalog's) whose rows, as text, hold `needle`, with how many rows. */
async function tablesHolding(needle: string): Promise<Record<string, number>> {
  const { rows: tables } = await s.sql.query(`select table_schema, table_name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`);
  const out: Record<string, number> = {};
  for (const t of tables) {
    const name = `"${t.table_schema}"."${t.table_name}"`;
    const { rows: [r] } = await s.sql.query(`select count(*)::int as n from ${name} x where strpos(x::text, $1) > 0`, [needle]);
    if (r.n) out[name] = r.n;
  }
  return out;
}

describe('after an erasure', () => {
  let customerId = '';
  let pseudonym = '';
  beforeAll(async () => {
    const { rows: [c] } = await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line,
        phone, phone_digits, email, source, household_id) values ($1, '鍵 残さず', 'カギ ノコサズ', '140-0004', '東京都', '品川区', '1-1',
        '03-7310-0042', '0373100042', 'no.key@example.jp', 'WEB', 'H-NOKEY') returning id`, [NUMBER]);
    customerId = String(c.id);
    // An order the tax law keeps (pseudonymised), told to a family member (a provision record the law keeps).
    await s.sql.query(`insert into "order" (order_number, customer_id, total_yen, status, payment_status, ship_to_name, ship_to_postal_code,
        ship_to_prefecture, ship_to_city, ship_to_address_line, ship_to_phone, placed_at, shipped_at)
      values ('NK-1', $1, 4800, 'SHIPPED', 'PAID', '鍵 残さず', '140-0004', '東京都', '品川区', '1-1', '03-7310-0042', now() - interval '3 days', now() - interval '1 day')`, [c.id]);
    const family = await s.asRole('SUPPORT', 'FAMILY_INQUIRY');
    const told = await family(`mutation($c: ID!) { answerFamilyInquiry(customerId: $c, inquirerName: "鍵 家族", relationship: SPOUSE, sameHousehold: true) { provisionRecordId } }`,
      { c: customerId });
    expect(told.errors).toBeUndefined();
    // Sensitive text without a consent: the audit's finding names the customer by number.
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect((await support(`mutation($c: ID!) { createInteraction(customerId: $c, channel: PHONE, direction: INBOUND, kind: COMPLAINT,
      summary: "通院中のため配送日時の変更を希望") { id } }`, { c: customerId })).errors).toBeUndefined();
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const audit = (await auditor('mutation($d: String!) { createAudit(title: "鍵", periodFrom: $d, periodTo: $d) { id } }', { d: today() })).data.createAudit.id;
    expect((await auditor('mutation($id: ID!) { runAudit(id: $id) { id } }', { id: audit })).errors).toBeUndefined();
    // A disclosure (its file is named with the number), then the deletion request.
    const start = (id: string) => pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id });
    const disclosure = (await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id } }', { c: customerId })).data.createPrivacyRequest.id;
    await start(disclosure);
    const file = await pm('mutation($id: ID!) { fulfilDisclosureRequest(requestId: $id) { fileName } }', { id: disclosure });
    expect(file.errors).toBeUndefined();
    expect(file.data.fulfilDisclosureRequest.fileName).toContain(NUMBER);
    expect(Object.keys(await tablesHolding(NUMBER)).length).toBeGreaterThan(2);

    const deletion = (await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DELETION) { id } }', { c: customerId })).data.createPrivacyRequest.id;
    await start(deletion);
    const erased = await eraseApproved(s, pm, deletion, 'pseudonymId');
    expect(erased.errors).toBeUndefined();
    pseudonym = erased.data.approveErasure.pseudonymId;
  });

  test('the old customer number is in no table; the pseudonym stands in the kept legal records', async () => {
    expect(await tablesHolding(NUMBER)).toEqual({});
    const kept = await tablesHolding(pseudonym);
    expect(Object.keys(kept)).toEqual(expect.arrayContaining(['"public"."customer"', '"public"."order"', '"public"."disclosure_download"']));
  });

  test('the disclosure file\'s name and the audit finding\'s text carry the pseudonym', async () => {
    const { rows: files } = await s.sql.query('select file_name from disclosure_download where customer_id = $1', [Number(customerId)]);
    expect(files.map((f) => f.file_name)).toEqual([expect.stringContaining(pseudonym)]);
    const { rows: findings } = await s.sql.query(`select detail from audit_finding where customer_id = $1 and code = 'SENSITIVE_WITHOUT_CONSENT'`, [Number(customerId)]);
    expect(findings.map((f) => f.detail)).toEqual([expect.stringContaining(`顧客 ${pseudonym}`)]);
  });
});

// The legal retention settings (fiscal year end, entity type, loss years) as the privacy manager sets them, and what they change.
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

const err = (r: { errors?: { extensions?: Record<string, any> }[] }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];
const SETTINGS = '{ legalRetentionSettings { fiscalYearEnd entityType lossFiscalYears filingDeadlineMonths updatedAt rules { id law start years lossYears applies } } }';
const UPDATE = `mutation($fy: String, $e: EntityType, $loss: [Int!], $m: Int) {
  updateLegalRetentionSettings(fiscalYearEnd: $fy, entityType: $e, lossFiscalYears: $loss, filingDeadlineMonths: $m) { fiscalYearEnd entityType lossFiscalYears filingDeadlineMonths } }`;

/** An erased-to-be customer with one order placed on `placed` (a Japanese date, noon). */
async function deletionOf(n: number, placed: string) {
  const { rows: [c] } = await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line,
      phone, phone_digits, email, source) values ($1, '期間 確認', 'キカン', '100-0001', '東京都', '千代田区', '1-1', '03-0000-0000', '0300000000', $2, 'WEB')
    returning id`, [`L${8100000 + n}`, `legal${n}@example.jp`]);
  await s.sql.query(`insert into "order" (order_number, customer_id, total_yen, status, payment_status, ship_to_name, ship_to_postal_code,
      ship_to_prefecture, ship_to_city, ship_to_address_line, ship_to_phone, placed_at)
    values ($1, $2, 1000, 'DELIVERED', 'PAID', '期間 確認', '100-0001', '東京都', '千代田区', '1-1', '03-0000-0000', ($3 || 'T12:00:00+09:00')::timestamptz)`,
  [`LO${n}`, c.id, placed]);
  const id = (await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DELETION) { id } }', { c: String(c.id) })).data.createPrivacyRequest.id;
  await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id });
  const r = await eraseApproved(s, pm, id, 'pseudonymised { records dueAt keptUntil reason holds { rule keptUntil } }');
  expect(r.errors).toBeUndefined();
  return r.data.approveErasure.pseudonymised.find((p: { records: string }) => p.records === 'orders');
}

describe('legal retention settings', () => {
  test('the defaults: fiscal year ending 03-31, 合同会社, no loss years; the rules say which law binds it', async () => {
    const r = await pm(SETTINGS);
    expect(r.errors).toBeUndefined();
    const v = r.data.legalRetentionSettings;
    expect(v).toMatchObject({ fiscalYearEnd: '03-31', entityType: 'GODO_KAISHA', lossFiscalYears: [], filingDeadlineMonths: 2, updatedAt: null });
    expect(v.rules.filter((x: { applies: boolean }) => x.applies).map((x: { id: string }) => x.id))
      .toEqual(['CORPORATE_TAX_BOOKS', 'COMPANY_LAW_MOCHIBUN', 'APPI_PROVISION_RECORDS']);
  });

  test('an impossible fiscal year end, a loss year out of range or a filing period out of range is refused naming the field; nothing changes', async () => {
    for (const [vars, f] of [[{ fy: '02-30' }, 'fiscalYearEnd'], [{ fy: '13-01' }, 'fiscalYearEnd'], [{ fy: '3/31' }, 'fiscalYearEnd'],
      [{ loss: [-2024] }, 'lossFiscalYears'], [{ m: 1 }, 'filingDeadlineMonths'], [{ m: -3 }, 'filingDeadlineMonths']] as const) {
      expect(err(await pm(UPDATE, vars)), JSON.stringify(vars)).toEqual(['BAD_USER_INPUT', f]);
    }
    expect((await s.sql.query('select count(*)::int n from privacy_setting')).rows[0].n).toBe(0);
  });

  test('only the privacy manager may change them', async () => {
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    expect((await auditor(SETTINGS)).errors).toBeUndefined();
    expect(err(await auditor(UPDATE, { fy: '12-31' }))[0]).toBe('FORBIDDEN');
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect(err(await support(SETTINGS))[0]).toBe('FORBIDDEN');
  });

  test('a loss year keeps the order under tax law 10 years from the filing deadline; a 株式会社 is held by 432条; each change is in the trail', async () => {
    const fyEnd = new Date().getUTCFullYear() - 3;
    const placed = `${fyEnd}-02-10`; // in the fiscal year ending ${fyEnd}-03-31
    expect((await deletionOf(1, placed)).holds.map((h: { rule: string }) => h.rule)).toEqual(['COMPANY_LAW_MOCHIBUN', 'CORPORATE_TAX_BOOKS']);

    const set = await pm(UPDATE, { loss: [fyEnd], e: 'KABUSHIKI_KAISHA' });
    expect(set.data.updateLegalRetentionSettings).toMatchObject({ lossFiscalYears: [fyEnd], entityType: 'KABUSHIKI_KAISHA' });
    const kept = await deletionOf(2, placed);
    expect(kept).toMatchObject({ dueAt: `${fyEnd + 10}-06-01`, keptUntil: `${fyEnd + 10}-05-31`, reason: expect.stringContaining('法人税法') });
    expect(kept.holds).toEqual([{ rule: 'CORPORATE_TAX_BOOKS', keptUntil: `${fyEnd + 10}-05-31` }, { rule: 'COMPANY_LAW_KABUSHIKI', keptUntil: `${fyEnd + 10}-03-31` }]);

    const { rows } = await s.sql.query(`select detail from trail_entry where kind = 'CHANGE' and detail->>'entity' = 'PrivacySetting'`);
    expect(rows.map((r) => r.detail.newValues)).toEqual([{ key: 'legalRetention', entityType: expect.any(String), lossFiscalYears: [fyEnd] }]);
  });

  test('a different fiscal year end moves the close of the books', async () => {
    await pm(UPDATE, { fy: '12-31', loss: [], e: 'GODO_KAISHA' });
    const year = new Date().getUTCFullYear() - 3;
    expect(await deletionOf(3, `${year}-12-31`)).toMatchObject({ dueAt: `${year + 11}-01-01`, keptUntil: `${year + 10}-12-31` });
    expect(await deletionOf(4, `${year + 1}-01-01`)).toMatchObject({ dueAt: `${year + 12}-01-01` });
  });
});

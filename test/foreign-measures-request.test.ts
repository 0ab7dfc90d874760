// APPI art. 28(3): a person whose data went to a recipient abroad on the ground of the recipient's system (施行規則
// 第16条) may ask what that recipient does to protect it and how the store makes sure it continues. The request is
// a kind of its own; its answer is composed from the provision records, the country's system and the contractor's
// recorded measures, and recorded on the completed request.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 3 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const err = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];
const MEASURES = '委託契約(2026年1月締結)で法第4章第2節の義務に相当する措置を義務付け、年1回、書面と実地で実施状況を確認しています。シンガポールの制度に措置の実施を妨げるものはありません。';

let serial = 0;
async function customer(): Promise<string> {
  serial += 1;
  const { rows: [c] } = await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line,
      phone, phone_digits, email, source) values ($1, '海外 措置子', 'カイガイ ソチコ', '530-0001', '大阪府', '大阪市北区', '梅田1-1', '06-1234-5678',
      '0612345678', $2, 'WEB') returning id`, [`M${5200000 + serial}`, `measures${serial}@example.jp`]);
  return String(c.id);
}
async function contractorAbroad(info?: string): Promise<string> {
  const r = await pm(`mutation($info: String) { createContractor(name: "Overseas Mail Pte.", services: [EMAIL_DELIVERY], dataCategories: ["contact.name", "contact.email"],
    country: "SG", agreementDate: "2026-01-01", agreementExpiresAt: "2030-12-31", lastReviewedAt: "2026-10-01", foreignSystemMeasures: true,
    foreignMeasuresInfo: $info) { id foreignMeasuresInfo } }`, { info });
  expect(r.errors).toBeUndefined();
  return r.data.createContractor.id;
}
const provide = (c: string, k: string) => pm(`mutation($c: ID!, $k: ID!) { createProvisionRecord(customerId: $c, recipientContractorId: $k,
  dataCategories: ["contact.name", "contact.email"], legalBasis: ENTRUSTMENT) { foreignBasis } }`, { c, k });
async function request(c: string): Promise<string> {
  const r = await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: FOREIGN_MEASURES_INFO) { id kind dueAt } }', { c });
  expect(r.errors).toBeUndefined();
  const id = r.data.createPrivacyRequest.id;
  expect((await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id })).errors).toBeUndefined();
  return id;
}
const FULFIL = 'mutation($id: ID!, $w: String) { fulfilForeignMeasuresRequest(requestId: $id, withholdReason: $w) { status completedAt outcome } }';
const statusOf = async (id: string) => (await s.sql.query('select status from privacy_request where id = $1', [Number(id)])).rows[0].status;

describe('information on the measures of a recipient abroad (art. 28(3))', () => {
  test('the answer names each recipient, its country and that country\'s system, its measures and the store\'s last check; recorded and completed', async () => {
    const c = await customer();
    const k = await contractorAbroad(MEASURES);
    expect((await provide(c, k)).data.createProvisionRecord.foreignBasis).toBe('SYSTEM_MEASURES');
    const id = await request(c);
    const r = await pm(FULFIL, { id });
    expect(r.errors).toBeUndefined();
    const { status, outcome } = r.data.fulfilForeignMeasuresRequest;
    expect(status).toBe('COMPLETED');
    expect(outcome.answer).toContain('提供先: Overseas Mail Pte.');
    expect(outcome.answer).toContain('提供先の国: シンガポール');
    expect(outcome.answer).toContain('個人データ保護法(PDPA)');
    expect(outcome.answer).toContain(MEASURES);
    expect(outcome.answer).toContain('当社が最後に確認した日: 2026-10-01');
    expect(outcome.recipients).toEqual([expect.objectContaining({ contractorId: Number(k), country: 'SG', lastReviewedAt: '2026-10-01' })]);
    const { rows } = await s.sql.query(`select detail from trail_entry where kind = 'CHANGE' and detail->>'entity' = 'PrivacyRequest' and (detail->>'entityId')::int = $1`, [Number(id)]);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    // The public notice lists the request kind.
    const notice = await fetch(`${s.url}/privacy-notice`).then((x) => x.text());
    expect(notice).toContain('第28条第3項');
  });

  test('a recipient whose measures are not recorded stops the answer (CONFLICT naming the field), nothing changes; recorded, it goes', async () => {
    const c = await customer();
    const k = await contractorAbroad();
    await provide(c, k);
    const id = await request(c);
    expect(err(await pm(FULFIL, { id }))).toEqual(['CONFLICT', 'foreignMeasuresInfo']);
    expect(await statusOf(id)).toBe('IN_PROGRESS');
    expect(err(await pm('mutation($k: ID!) { updateContractor(id: $k, foreignMeasuresInfo: "短い") { id } }', { k }))).toEqual(['BAD_USER_INPUT', 'foreignMeasuresInfo']);
    expect((await pm('mutation($k: ID!, $i: String!) { updateContractor(id: $k, foreignMeasuresInfo: $i) { id } }', { k, i: MEASURES })).errors).toBeUndefined();
    expect((await pm(FULFIL, { id })).data.fulfilForeignMeasuresRequest.status).toBe('COMPLETED');
  });

  test('no such provision: the answer says so; withheld under the proviso, the reason is the answer; a bad reason or another kind is refused', async () => {
    const none = await request(await customer());
    const r = await pm(FULFIL, { id: none });
    expect(r.data.fulfilForeignMeasuresRequest.outcome).toEqual({ answer: expect.stringContaining('提供したことはありません'), recipients: [] });

    const c = await customer();
    await provide(c, await contractorAbroad(MEASURES));
    const id = await request(c);
    expect(err(await pm(FULFIL, { id, w: '  ' }))).toEqual(['BAD_USER_INPUT', 'withholdReason']);
    expect(await statusOf(id)).toBe('IN_PROGRESS');
    const withheld = await pm(FULFIL, { id, w: '提供先との契約上の守秘義務の範囲について協議中のため' });
    expect(withheld.data.fulfilForeignMeasuresRequest.outcome).toMatchObject({ withheld: true, answer: expect.stringContaining('第28条第3項ただし書') });

    const other = (await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id } }', { c })).data.createPrivacyRequest.id;
    expect(err(await pm(FULFIL, { id: other }))).toEqual(['BAD_USER_INPUT', 'requestId']);
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect(err(await support(FULFIL, { id }))[0]).toBe('FORBIDDEN');
  });
});

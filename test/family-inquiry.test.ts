// 【4】(8) A family member asks about a customer's purchases: the answer is a provision to a third party (【9】1 or 3),
// recorded automatically and shown in the person's disclosure.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let support: GqlClient;
let pm: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 6 });
  support = await s.asRole('SUPPORT', 'FAMILY_INQUIRY');
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const err = (r: { errors?: { extensions?: Record<string, any> }[] }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];
const ANSWER = `mutation($c: ID!, $n: String!, $r: FamilyRelationship!, $h: Boolean!, $o: ID) {
  answerFamilyInquiry(customerId: $c, inquirerName: $n, relationship: $r, sameHousehold: $h, orderId: $o) {
    provisionRecordId legalBasis orders { orderNumber status shippedAt } } }`;

let serial = 0;
async function customerWithOrder(consent: boolean): Promise<string> {
  serial += 1;
  const { rows: [c] } = await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line,
      phone, phone_digits, email, source, household_id) values ($1, $2, 'カゾク', '140-0004', '東京都', '品川区', '1-1', '03-1111-0000', '0311110000', $3, 'WEB', $4)
    returning id`, [`F${8300000 + serial}`, `家族 照会${serial}`, `family${serial}@example.jp`, `H-FAM-${serial}`]);
  await s.sql.query(`insert into "order" (order_number, customer_id, total_yen, status, payment_status, ship_to_name, ship_to_postal_code,
      ship_to_prefecture, ship_to_city, ship_to_address_line, ship_to_phone, placed_at, shipped_at)
    values ($1, $2, 4800, 'SHIPPED', 'PAID', '家族 照会', '140-0004', '東京都', '品川区', '1-1', '03-1111-0000', now() - interval '3 days', now() - interval '1 day')`,
  [`FO${serial}`, c.id]);
  if (consent) await s.sql.query(`insert into consent (customer_id, purpose, granted_at, source) values ($1, 'THIRD_PARTY_PROVISION', now() - interval '1 year', 'WEB')`, [c.id]);
  return String(c.id);
}
const records = async (c: string) => (await s.sql.query('select recipient_name, legal_basis, data_categories, exemption_note, recorded_by_id as recorded_by from provision_record where customer_id = $1', [c])).rows;

describe('answers to family members', () => {
  test('as SUPPORT under FAMILY_INQUIRY, a spouse living together is told the order status, and the provision is recorded under 【9】3', async () => {
    const c = await customerWithOrder(false);
    const r = await support(ANSWER, { c, n: '家族 花子', r: 'SPOUSE', h: true });
    expect(r.errors).toBeUndefined();
    expect(r.data.answerFamilyInquiry).toMatchObject({ legalBasis: 'HOUSEHOLD_SALES_CONTRACT', orders: [{ orderNumber: `FO${serial}`, status: 'SHIPPED' }] });
    expect(await records(c)).toEqual([{
      recipient_name: '家族 花子(配偶者・同居)', legal_basis: 'HOUSEHOLD_SALES_CONTRACT', data_categories: ['contact.name'],
      exemption_note: expect.stringContaining(`FO${serial}`), recorded_by: expect.any(Number),
    }]);
    const { rows } = await s.sql.query(`select detail from trail_entry where kind = 'CHANGE' and customer_id = $1 and detail->>'entity' = 'ProvisionRecord'`, [c]);
    expect(rows).toHaveLength(1);
  });

  test('with the person\'s consent, a referrer not living with them is answered under 【9】1', async () => {
    const c = await customerWithOrder(true);
    const r = await support(ANSWER, { c, n: '紹介 次郎', r: 'REFERRER', h: false });
    expect(r.data.answerFamilyInquiry.legalBasis).toBe('CONSENT');
    expect((await records(c)).map((x) => x.legal_basis)).toEqual(['CONSENT']);
  });

  test('without consent and not living together: FORBIDDEN, nothing told and nothing recorded', async () => {
    const c = await customerWithOrder(false);
    const r = await support(ANSWER, { c, n: '親戚 三郎', r: 'OTHER_FAMILY', h: false });
    expect(err(r)[0]).toBe('FORBIDDEN');
    expect(r.data).toBeNull();
    expect(await records(c)).toEqual([]);
  });

  test('a stop of provision, another purpose, or no name is refused', async () => {
    const c = await customerWithOrder(false);
    await s.sql.query('update customer set provision_stopped = true where id = $1', [c]);
    expect(err(await support(ANSWER, { c, n: '家族 花子', r: 'SPOUSE', h: true }))[0]).toBe('FORBIDDEN');
    const other = await customerWithOrder(false);
    expect(err(await support.withPurpose('INQUIRY_RESPONSE')(ANSWER, { c: other, n: '家族 花子', r: 'SPOUSE', h: true }))[0]).toBe('FORBIDDEN');
    expect(err(await support(ANSWER, { c: other, n: '  ', r: 'SPOUSE', h: true }))).toEqual(['BAD_USER_INPUT', 'inquirerName']);
    expect(await records(c)).toEqual([]);
    expect(await records(other)).toEqual([]);
  });

  test('the answer shows in the person\'s disclosure of provision records', async () => {
    const c = await customerWithOrder(false);
    await support(ANSWER, { c, n: '家族 四郎', r: 'CHILD', h: true });
    const id = (await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: PROVISION_RECORD_DISCLOSURE) { id } }', { c })).data.createPrivacyRequest.id;
    await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id });
    const t = await pm('mutation($id: ID!) { fulfilDisclosureRequest(requestId: $id) { url withheld { provisionRecordId } } }', { id });
    expect(t.data.fulfilDisclosureRequest.withheld).toEqual([]);
    const zip = Buffer.from(await (await fetch(`${s.url}${t.data.fulfilDisclosureRequest.url}`, { headers: { authorization: `Bearer ${pm.token}` } })).arrayBuffer());
    expect(zip.length).toBeGreaterThan(100);
    const { rows: [request] } = await s.sql.query('select outcome from privacy_request where id = $1', [id]);
    expect(request.outcome.counts.provisionRecords).toBe(1);
  });
});

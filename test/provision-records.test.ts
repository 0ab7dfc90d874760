// Third-party provision (【9】, APPI arts. 27, 29): allowed only by consent, entrustment or a stated exemption; every one recorded.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contractorOf } from './helpers/policy';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';
import { openedDetail } from './helpers/trail';

let s: TestServer;
let pm: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 10 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;
const field = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.field;
const records = async (c: number) => (await s.sql.query('select count(*)::int n from provision_record where customer_id = $1', [c])).rows[0].n;

let serial = 0;
async function newCustomer(birthDate = '1980-01-01'): Promise<number> {
  serial += 1;
  const { rows: [c] } = await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line,
      phone, phone_digits, email, birth_date, source)
    values ($1, '提供 先子', 'テイキョウ サキコ', '530-0001', '大阪府', '大阪市北区', '梅田1-1', '06-1234-5678', '0612345678', $2, $3, 'WEB') returning id`,
  [`V${5000000 + serial}`, `prov${serial}@example.jp`, birthDate]);
  return c.id;
}

async function consent(customerId: number, opts: { withdrawn?: boolean; guardian?: boolean } = {}) {
  const { rows: [k] } = await s.sql.query(`insert into consent (customer_id, purpose, granted_at, withdrawn_at, source, guardian_consent)
    values ($1, 'THIRD_PARTY_PROVISION', now() - interval '10 days', case when $2 then now() - interval '1 day' end, 'WEB', $3) returning id`,
  [customerId, !!opts.withdrawn, !!opts.guardian]);
  return k.id;
}

const PROVIDE = `mutation($c: ID!, $to: String, $k: ID, $cats: [String!]!, $basis: ProvisionLegalBasis!, $note: String) {
  createProvisionRecord(customerId: $c, recipientName: $to, recipientContractorId: $k, dataCategories: $cats, legalBasis: $basis, exemptionNote: $note) {
    id customerId recipientName recipientContractorId dataCategories legalBasis exemptionNote consentId providedAt keepUntil recordedById } }`;
const toPartner = (c: number, basis: string, note?: string) =>
  pm(PROVIDE, { c: String(c), to: '株式会社さくらパートナーズ', cats: ['contact.name', 'contact.email'], basis, note });

describe('to a recipient that is not a contractor', () => {
  test('without a consent or an exemption, the provision is FORBIDDEN and nothing is recorded', async () => {
    const c = await newCustomer();
    expect(code(await toPartner(c, 'CONSENT'))).toBe('FORBIDDEN');
    await consent(c, { withdrawn: true });
    expect(code(await toPartner(c, 'CONSENT'))).toBe('FORBIDDEN');
    expect(code(await toPartner(c, 'ENTRUSTMENT'))).toBe('FORBIDDEN');
    expect(await records(c)).toBe(0);
  });

  test('with a live THIRD_PARTY_PROVISION consent it is recorded, kept 3 years, linked to the consent', async () => {
    const c = await newCustomer();
    const k = await consent(c);
    const r = await toPartner(c, 'CONSENT');
    expect(r.errors).toBeUndefined();
    const rec = r.data.createProvisionRecord;
    expect(rec).toMatchObject({ customerId: String(c), recipientName: '株式会社さくらパートナーズ', legalBasis: 'CONSENT', consentId: String(k),
      dataCategories: ['contact.name', 'contact.email'], recipientContractorId: null });
    const provided = new Date(new Date(rec.providedAt).getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
    expect(rec.keepUntil).toBe(`${Number(provided.slice(0, 4)) + 3}${provided.slice(4)}`);
    const { rows: [change] } = await s.sql.query(`select customer_id, detail from trail_entry where kind = 'CHANGE' and customer_id = $1 and detail->>'entity' = 'ProvisionRecord'`, [c]);
    expect((await openedDetail(s, change)).newValues).toMatchObject({ recipientName: '株式会社さくらパートナーズ', legalBasis: 'CONSENT' });
  });

  test('【12】 a minor\'s consent counts only with the guardian\'s', async () => {
    const minor = await newCustomer(`${new Date().getUTCFullYear() - 16}-03-03`);
    await consent(minor);
    expect(code(await toPartner(minor, 'CONSENT'))).toBe('FORBIDDEN');
    await consent(minor, { guardian: true });
    expect((await toPartner(minor, 'CONSENT')).errors).toBeUndefined();
  });

  test('a stop of provision (or of use) refuses a consent-based provision, not one the law requires', async () => {
    const c = await newCustomer();
    await consent(c);
    await s.sql.query('update customer set provision_stopped = true where id = $1', [c]);
    expect(code(await toPartner(c, 'CONSENT'))).toBe('FORBIDDEN');
    const law = await pm(PROVIDE, { c: String(c), to: '大阪府警察 曽根崎警察署', cats: ['contact.name', 'contact.address'], basis: 'LAW', note: '刑事訴訟法第197条第2項に基づく照会' });
    expect(law.errors).toBeUndefined();
    const u = await newCustomer();
    await consent(u);
    await s.sql.query(`update customer set status = 'USE_STOPPED' where id = $1`, [u]);
    expect(code(await toPartner(u, 'CONSENT'))).toBe('FORBIDDEN');
  });

  test('an exemption must be stated; the household case of 【9】3 too', async () => {
    const c = await newCustomer();
    for (const basis of ['LAW', 'VITAL_INTERESTS', 'PUBLIC_AUTHORITY', 'HOUSEHOLD_SALES_CONTRACT']) {
      const r = await toPartner(c, basis);
      expect([code(r), field(r)], basis).toEqual(['BAD_USER_INPUT', 'exemptionNote']);
    }
    expect((await toPartner(c, 'VITAL_INTERESTS', '救急搬送時に病院から本人確認の依頼')).data.createProvisionRecord.legalBasis).toBe('VITAL_INTERESTS');
    expect(await records(c)).toBe(1);
  });

  test('bad input is refused with its field: unknown category, no category, a future date', async () => {
    const c = await newCustomer();
    const unknown = await pm(PROVIDE, { c: String(c), to: 'X社', cats: ['contact.shoe_size'], basis: 'LAW', note: '法令に基づく' });
    expect([code(unknown), field(unknown)]).toEqual(['BAD_USER_INPUT', 'dataCategories']);
    const none = await pm(PROVIDE, { c: String(c), to: 'X社', cats: [], basis: 'LAW', note: '法令に基づく' });
    expect([code(none), field(none)]).toEqual(['BAD_USER_INPUT', 'dataCategories']);
    const future = await pm(`mutation($c: ID!) { createProvisionRecord(customerId: $c, recipientName: "X社", dataCategories: ["contact.name"], legalBasis: LAW,
      exemptionNote: "法令に基づく", providedAt: "2099-01-01T00:00:00Z") { id } }`, { c: String(c) });
    expect([code(future), field(future)]).toEqual(['BAD_USER_INPUT', 'providedAt']);
    expect(await records(c)).toBe(0);
  });
});

describe('to a contractor (entrustment, 【7】【9】ただし4)', () => {
  test('within the entrusted categories and a live agreement it is recorded under the contractor\'s name', async () => {
    const c = await newCustomer();
    const carrier = await contractorOf(s.sql, 'CARRIER');
    const r = await pm(PROVIDE, { c: String(c), k: String(carrier), cats: ['contact.name', 'contact.address', 'order.shipping'], basis: 'ENTRUSTMENT' });
    expect(r.errors).toBeUndefined();
    expect(r.data.createProvisionRecord).toMatchObject({ recipientName: 'やまねこ運輸株式会社', recipientContractorId: String(carrier), legalBasis: 'ENTRUSTMENT' });
  });

  test('categories it was not entrusted with, or a lapsed agreement, are FORBIDDEN', async () => {
    const c = await newCustomer();
    const carrier = await contractorOf(s.sql, 'CARRIER');
    expect(code(await pm(PROVIDE, { c: String(c), k: String(carrier), cats: ['contact.email'], basis: 'ENTRUSTMENT' }))).toBe('FORBIDDEN');
    const { rows: [lapsed] } = await s.sql.query(`select id from contractor where agreement_expires_at < current_date order by id limit 1`);
    expect(code(await pm(PROVIDE, { c: String(c), k: String(lapsed.id), cats: ['contact.name'], basis: 'ENTRUSTMENT' }))).toBe('FORBIDDEN');
    expect(await records(c)).toBe(0);
  });
});

describe('who may record and read provisions', () => {
  test('as AUDITOR the register is readable but not writable; SUPPORT may do neither', async () => {
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const r = await auditor('{ allProvisionRecords(perPage: 5) { id legalBasis keepUntil } _allProvisionRecordsMeta { count } }');
    expect(r.errors).toBeUndefined();
    expect(r.data._allProvisionRecordsMeta.count).toBeGreaterThan(0);
    expect(r.data.allProvisionRecords.length).toBeGreaterThan(0);
    const c = await newCustomer();
    expect(code(await auditor(PROVIDE, { c: String(c), to: 'X社', cats: ['contact.name'], basis: 'LAW', note: '法令に基づく照会' }))).toBe('FORBIDDEN');
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect(code(await support('{ allProvisionRecords { id } }'))).toBe('FORBIDDEN');
  });

  test('the register filters by customer and lists newest first', async () => {
    const c = await newCustomer();
    await pm(`mutation($c: ID!) { a: createProvisionRecord(customerId: $c, recipientName: "A市", dataCategories: ["contact.name"], legalBasis: PUBLIC_AUTHORITY,
      exemptionNote: "住民基本台帳法に基づく照会", providedAt: "2025-01-01T00:00:00Z") { id } }`, { c: String(c) });
    await pm(`mutation($c: ID!) { b: createProvisionRecord(customerId: $c, recipientName: "B市", dataCategories: ["contact.name"], legalBasis: PUBLIC_AUTHORITY,
      exemptionNote: "住民基本台帳法に基づく照会") { id } }`, { c: String(c) });
    const r = await pm('query($c: ID!) { allProvisionRecords(filter: { customerId: $c }) { recipientName customer { id } } }', { c: String(c) });
    expect(r.data.allProvisionRecords).toEqual([
      { recipientName: 'B市', customer: { id: String(c) } }, { recipientName: 'A市', customer: { id: String(c) } },
    ]);
    const byName = await pm('query($c: ID!) { allProvisionRecords(filter: { customerId: $c, q: "a市" }) { recipientName } }', { c: String(c) });
    expect(byName.data.allProvisionRecords).toEqual([{ recipientName: 'A市' }]);
  });
});

// Recipients abroad (APPI art. 28): data goes to a recipient in a foreign country only to an equivalent country,
// to a contractor keeping a system to the PPC's standards, under an exemption, or with the person's consent given
// after being told the country's system; every provision records the country and the ground.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
let support: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 5 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
});
afterAll(async () => { await s?.stop(); });

const err = (r: { errors?: { extensions?: Record<string, any> }[] }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];
const count = async (table: string, c: number) => (await s.sql.query(`select count(*)::int n from ${table} where customer_id = $1`, [c])).rows[0].n;

let serial = 0;
async function newCustomer(): Promise<number> {
  serial += 1;
  const { rows: [c] } = await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line,
      phone, phone_digits, email, birth_date, source)
    values ($1, '海外 提供子', 'カイガイ テイキョウコ', '530-0001', '大阪府', '大阪市北区', '梅田1-1', '06-1234-5678', '0612345678', $2, '1980-01-01', 'WEB') returning id`,
  [`F${5100000 + serial}`, `abroad${serial}@example.jp`]);
  return c.id;
}
const thirdPartyConsent = (c: number) => s.sql.query(`insert into consent (customer_id, purpose, granted_at, source)
  values ($1, 'THIRD_PARTY_PROVISION', now() - interval '10 days', 'WEB')`, [c]);

const CONSENT = `mutation($c: ID!, $country: String, $measures: String, $purpose: ConsentPurpose!) {
  createConsent(customerId: $c, purpose: $purpose, source: WEB, country: $country, recipientMeasures: $measures) { id } }`;
const MEASURES = '提供先は本人の同意なく第三者に提供しない旨の契約を結び、年1回の監査を受ける';
const foreignConsent = (c: number, country?: string, measures: string | null = MEASURES) =>
  support(CONSENT, { c: String(c), country, measures, purpose: 'FOREIGN_PROVISION' });

const PROVIDE = `mutation($c: ID!, $to: String, $k: ID, $basis: ProvisionLegalBasis!, $country: String, $note: String) {
  createProvisionRecord(customerId: $c, recipientName: $to, recipientContractorId: $k, dataCategories: ["contact.name", "contact.email"],
    legalBasis: $basis, recipientCountry: $country, exemptionNote: $note) { id legalBasis consentId recipientCountry foreignBasis } }`;
const provide = (c: number, vars: { to?: string; k?: string; basis: string; country?: string; note?: string }) =>
  pm(PROVIDE, { c: String(c), to: vars.to ?? 'Acme Partners Inc.', ...vars });

describe('a consent to provision abroad (art. 28(2), 施行規則第17条)', () => {
  test('needs a country whose system the store can describe and the recipient\'s measures; otherwise refused naming the field, nothing written', async () => {
    const c = await newCustomer();
    for (const [args, field] of [
      [[undefined], 'country'], [['usa'], 'country'], [['JP'], 'country'], [['DE'], 'country'], [['ZZ'], 'country'],
      [['US', null], 'recipientMeasures'], [['US', 'なし'], 'recipientMeasures'],
    ] as const) {
      expect(err(await foreignConsent(c, ...(args as [string | undefined, string | null]))), JSON.stringify(args)).toEqual(['BAD_USER_INPUT', field]);
    }
    expect(err(await support(CONSENT, { c: String(c), country: 'US', purpose: 'PROMOTION' }))).toEqual(['BAD_USER_INPUT', 'country']);
    expect(await count('consent', c)).toBe(0);
  });

  test('keeps what the person was told: the country, its system and the recipient\'s measures', async () => {
    const c = await newCustomer();
    const r = await foreignConsent(c, 'US');
    expect(r.errors).toBeUndefined();
    const { rows: [k] } = await s.sql.query('select purpose, country, country_information from consent where id = $1', [r.data.createConsent.id]);
    expect(k).toMatchObject({ purpose: 'FOREIGN_PROVISION', country: 'US' });
    expect(k.country_information).toContain('アメリカ合衆国');
    expect(k.country_information).toContain('連邦レベルの包括的な個人情報保護法はなく');
    expect(k.country_information).toContain(MEASURES);
  });
});

describe('a provision to a recipient abroad (art. 28(1))', () => {
  test('in a country needing consent: FORBIDDEN with only a domestic consent or another country\'s; recorded with the consent for that country', async () => {
    const c = await newCustomer();
    await thirdPartyConsent(c);
    expect(err(await provide(c, { basis: 'CONSENT', country: 'US' }))[0]).toBe('FORBIDDEN');
    expect((await foreignConsent(c, 'CN')).errors).toBeUndefined();
    expect(err(await provide(c, { basis: 'CONSENT', country: 'US' }))[0]).toBe('FORBIDDEN');
    expect(await count('provision_record', c)).toBe(0);
    const k = (await foreignConsent(c, 'US')).data.createConsent.id;
    const r = await provide(c, { basis: 'CONSENT', country: 'us' });
    expect(r.errors).toBeUndefined();
    expect(r.data.createProvisionRecord).toMatchObject({ recipientCountry: 'US', foreignBasis: 'CONSENT', consentId: k });
    const { rows: [rec] } = await s.sql.query('select foreign_consent_id from provision_record where id = $1', [r.data.createProvisionRecord.id]);
    expect(String(rec.foreign_consent_id)).toBe(k);
  });

  test('in an equivalent country (EEA, UK) it is as at home; under an exemption it needs no consent; a bad country code is refused', async () => {
    const c = await newCustomer();
    await thirdPartyConsent(c);
    const eu = await provide(c, { basis: 'CONSENT', country: 'DE' });
    expect(eu.errors).toBeUndefined();
    expect(eu.data.createProvisionRecord).toMatchObject({ recipientCountry: 'DE', foreignBasis: 'EQUIVALENT_COUNTRY' });
    const law = await provide(c, { to: 'U.S. District Court', basis: 'LAW', country: 'US', note: '国際捜査共助法に基づく要請' });
    expect(law.errors).toBeUndefined();
    expect(law.data.createProvisionRecord).toMatchObject({ recipientCountry: 'US', foreignBasis: 'EXEMPTION' });
    const home = await provide(c, { basis: 'CONSENT' });
    expect(home.data.createProvisionRecord).toMatchObject({ recipientCountry: 'JP', foreignBasis: null });
    const before = await count('provision_record', c);
    expect(err(await provide(c, { basis: 'CONSENT', country: 'USA' }))).toEqual(['BAD_USER_INPUT', 'recipientCountry']);
    expect(await count('provision_record', c)).toBe(before);
  });

  test('to a contractor abroad: only with its system to the PPC\'s standards or the person\'s consent; bulk handover needs the system', async () => {
    const made = await pm(`mutation { createContractor(name: "Overseas Mail Pte.", services: [EMAIL_DELIVERY],
      dataCategories: ["contact.name", "contact.postal", "contact.address", "contact.email"],
      country: "SG", agreementDate: "2026-01-01", agreementExpiresAt: "2030-12-31") { id foreignSystemMeasures } }`);
    expect(made.data.createContractor.foreignSystemMeasures).toBe(false);
    const k = made.data.createContractor.id;
    const c = await newCustomer();
    expect(err(await provide(c, { k, basis: 'ENTRUSTMENT' }))[0]).toBe('FORBIDDEN');
    expect(err(await provide(c, { k, basis: 'ENTRUSTMENT', country: 'JP' }))).toEqual(['BAD_USER_INPUT', 'recipientCountry']);
    const marketing = await s.asRole('MARKETING', 'PROMOTION');
    const mailing = await marketing('mutation { createMailing(name: "海外配信", purpose: PROMOTION) { id } }');
    const handOver = () => marketing('mutation($m: ID!, $k: ID!) { handOverMailing(mailingId: $m, contractorId: $k) { id } }', { m: mailing.data.createMailing.id, k });
    const refused = await handOver();
    expect(err(refused)).toEqual(['BAD_USER_INPUT', 'contractorId']);
    expect(refused.errors![0].message).toContain('第28条');
    expect((await pm('mutation($k: ID!) { updateContractor(id: $k, foreignSystemMeasures: true) { id } }', { k })).errors).toBeUndefined();
    // The contractor now passes; the empty draft is what stops this handover.
    expect(err(await handOver())).toEqual(['BAD_USER_INPUT', 'customerIds']);
    const r = await provide(c, { k, basis: 'ENTRUSTMENT' });
    expect(r.errors).toBeUndefined();
    expect(r.data.createProvisionRecord).toMatchObject({ recipientCountry: 'SG', foreignBasis: 'SYSTEM_MEASURES' });
  });
});

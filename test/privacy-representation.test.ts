// Who may ask for a person: a legal representative (法定代理人) only for a minor (under 18 since 2022-04-01),
// an agent only with a power of attorney; the policy's marketing threshold (【12】, under 20) is a separate rule.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 8 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const err = (r: { errors?: { extensions?: Record<string, any> }[] }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];
const jstToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
/** The birth date of someone who turned `years` old `days` days ago. */
const bornYearsAgo = (years: number, days = 30) => {
  const d = new Date(`${jstToday()}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return new Date(d.getTime() - days * 86_400_000).toISOString().slice(0, 10);
};

let serial = 0;
async function customer(birthDate: string): Promise<string> {
  serial += 1;
  const { rows: [c] } = await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city,
      address_line, phone, phone_digits, email, birth_date, source)
    values ($1, $2, 'ダイリ', '140-0004', '東京都', '品川区', '南品川1-1', '03-5555-0100', '0355550100', $3, $4, 'WEB') returning id`,
  [`Q${9100000 + serial}`, `代理 確認${serial}`, `rep${serial}@example.jp`, birthDate]);
  return String(c.id);
}

const CREATE = `mutation($c: ID!, $rk: RequesterKind, $n: String, $d: AuthorityDocument, $at: DateTimeISO) {
  createPrivacyRequest(customerId: $c, kind: DISCLOSURE, requesterKind: $rk, requesterName: $n, authorityDocument: $d, receivedAt: $at) { id requesterKind } }`;
const parent = { rk: 'GUARDIAN', n: '親 一郎', d: 'FAMILY_REGISTER' };
const requests = async () => (await s.sql.query('select count(*)::int n from privacy_request')).rows[0].n;

describe('legal representatives and agents', () => {
  test('a parent is the legal representative of a 17-year-old', async () => {
    const r = await pm(CREATE, { c: await customer(bornYearsAgo(17)), ...parent });
    expect(r.errors).toBeUndefined();
    expect(r.data.createPrivacyRequest.requesterKind).toBe('GUARDIAN');
  });

  test('a parent of an 18- or 19-year-old is refused as legal representative, and nothing is written', async () => {
    for (const age of [18, 19]) {
      const before = await requests();
      const r = await pm(CREATE, { c: await customer(bornYearsAgo(age)), ...parent });
      expect(err(r), String(age)).toEqual(['BAD_USER_INPUT', 'requesterKind']);
      expect(r.errors![0].extensions!.messageJa).toContain('18歳未満');
      expect(await requests()).toBe(before);
    }
  });

  test('the same parent is accepted as an agent with the adult\'s power of attorney, and only with it', async () => {
    const c = await customer(bornYearsAgo(19));
    const noPower = await pm(CREATE, { c, rk: 'AGENT', n: '親 一郎', d: 'FAMILY_REGISTER' });
    expect(err(noPower)).toEqual(['BAD_USER_INPUT', 'authorityDocument']);
    const ok = await pm(CREATE, { c, rk: 'AGENT', n: '親 一郎', d: 'POWER_OF_ATTORNEY' });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.createPrivacyRequest.requesterKind).toBe('AGENT');
  });

  test('a court-appointed guardian of an adult (成年後見人) is a legal representative, shown by the registry certificate', async () => {
    const r = await pm(CREATE, { c: await customer('1950-05-05'), rk: 'GUARDIAN', n: '後見 花子', d: 'GUARDIANSHIP_CERTIFICATE' });
    expect(r.errors).toBeUndefined();
  });

  test('a request received before 2022-04-01 counts majority at 20: a 19-year-old then had a legal representative', async () => {
    const c = await customer('2002-09-01'); // 19 on 2022-03-15, 19 still on 2022-04-15
    expect((await pm(CREATE, { c, ...parent, at: '2022-03-15T03:00:00Z' })).errors).toBeUndefined();
    expect(err(await pm(CREATE, { c, ...parent, at: '2022-04-15T03:00:00Z' }))).toEqual(['BAD_USER_INPUT', 'requesterKind']);
  });
});

describe('【12】 marketing consent stays a rule of its own (MAMORI_GUARDIAN_AGE, 20)', () => {
  test('a 19-year-old with a PROMOTION consent is hidden from marketing until a guardian consents, though no parent may represent them', async () => {
    const c = await customer(bornYearsAgo(19));
    await s.sql.query(`insert into consent (customer_id, purpose, granted_at, source) values ($1, 'PROMOTION', now() - interval '1 day', 'WEB')`, [c]);
    const marketing = await s.asRole('MARKETING', 'PROMOTION');
    const seen = async () => (await marketing('query($ids: [ID!]) { allCustomers(filter: { ids: $ids }) { id } }', { ids: [c] })).data.allCustomers.length;
    expect(await seen()).toBe(0);
    await s.sql.query(`update consent set guardian_consent = true, guardian_consent_at = now() where customer_id = $1`, [c]);
    expect(await seen()).toBe(1);
    expect(err(await pm(CREATE, { c, ...parent }))).toEqual(['BAD_USER_INPUT', 'requesterKind']);
  });
});

// Sensitive personal information (要配慮個人情報) in free text: found when written and by the sweep, hidden from every
// purpose that does not need it (compiled and resolved reads alike), extendable term list, and an audit finding without consent.
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sweepSensitiveText } from '../server/src/modules/sensitive/sensitive-text';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let support: GqlClient;
let pm: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 30 });
  support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const err = (r: { errors?: { extensions?: Record<string, any> }[] }) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];
let serial = 0;
async function create(lifestyle: string): Promise<string> {
  serial += 1;
  const r = await pm(`mutation($n: String!, $e: String!, $l: String) { createCustomer(name: $n, nameKana: "ハイリョ", postalCode: "140-0004",
    prefecture: "東京都", city: "品川区", addressLine: "南品川1-1", phone: "03-5555-7777", email: $e, lifestyle: $l, reason: "電話での登録") { id } }`,
  { n: `配慮 太郎${serial}`, e: `care${serial}@example.jp`, l: lifestyle });
  expect(r.errors).toBeUndefined();
  const id = r.data.createCustomer.id;
  // Marketing may see a consenting customer only.
  await s.sql.query(`insert into consent (customer_id, purpose, granted_at, source) values ($1, 'PROMOTION', now() - interval '1 day', 'WEB')`, [id]);
  return id;
}
const flags = async (table: string, id: string) =>
  (await s.sql.query(`select sensitive_fields, sensitive_detected_at is not null as detected from ${table} where id = $1`, [id])).rows[0];

describe('found when written', () => {
  test('a customer\'s lifestyle "通院中のため減塩食" is marked sensitive; "有機野菜にこだわり" is not', async () => {
    expect(await flags('customer', await create('通院中のため減塩食'))).toEqual({ sensitive_fields: ['lifestyle'], detected: true });
    expect(await flags('customer', await create('有機野菜にこだわりがある'))).toEqual({ sensitive_fields: [], detected: false });
  });

  test('full-width and half-width forms match alike (NFKC), and an update re-marks the row', async () => {
    const id = await create('ｱﾚﾙｷﾞｰ対応の食品を探している');
    expect((await flags('customer', id)).sensitive_fields).toEqual(['lifestyle']);
    const updated = await pm('mutation($id: ID!) { updateCustomer(id: $id, lifestyle: "週末は家族でキャンプ", reason: "ご本人からの訂正") { id } }', { id });
    expect(updated.errors).toBeUndefined();
    expect((await flags('customer', id)).sensitive_fields).toEqual([]);
  });

  test('an interaction\'s transcript and summary are marked the same way', async () => {
    const c = await create('読書');
    const r = await support(`mutation($c: ID!) { createInteraction(customerId: $c, channel: PHONE, direction: INBOUND, kind: INQUIRY,
      summary: "商品の問い合わせ", transcript: "子どもに卵アレルギーがあるので原材料を確認したい") { id } }`, { c });
    expect(r.errors).toBeUndefined();
    expect((await flags('interaction', r.data.createInteraction.id)).sensitive_fields).toEqual(['transcript']);
  });
});

describe('hidden from every purpose that does not need it', () => {
  let sick: string;
  let plain: string;
  beforeAll(async () => {
    sick = await create('持病があり通院中');
    plain = await create('ゴルフが趣味');
  });

  test('as MARKETING under PROMOTION, the sensitive lifestyle is null (not masked) and listed in maskedFields; plain text stays masked', async () => {
    const marketing = await s.asRole('MARKETING', 'PROMOTION');
    const list = await marketing('query($ids: [ID!]) { allCustomers(filter: { ids: $ids }) { id lifestyle maskedFields } }', { ids: [sick, plain] });
    expect(list.errors).toBeUndefined();
    const byId = new Map(list.data.allCustomers.map((c: any) => [c.id, c]));
    expect(byId.get(sick)).toMatchObject({ lifestyle: null, maskedFields: expect.arrayContaining(['lifestyle']) });
    expect((byId.get(plain) as any).lifestyle).toBe('ゴルフが趣味');
    // The same through the resolvers (a single customer is not a compiled read).
    const one = await marketing('query($id: ID!) { Customer(id: $id) { lifestyle maskedFields } }', { id: sick });
    expect(one.data.Customer).toMatchObject({ lifestyle: null, maskedFields: expect.arrayContaining(['lifestyle']) });
  });

  test('the trail records the sensitive field as not clear', async () => {
    const marketing = await s.asRole('MARKETING', 'PROMOTION');
    await marketing('query($ids: [ID!]) { allCustomers(filter: { ids: $ids }) { id lifestyle } }', { ids: [sick] });
    const { rows } = await s.sql.query(`select clear_fields, masked_fields from trail_entry where kind = 'ACCESS' and customer_id = $1 and role = 'MARKETING' order by id desc limit 1`, [sick]);
    expect(rows[0].clear_fields).not.toContain('Customer.lifestyle');
    expect(rows[0].masked_fields).toContain('Customer.lifestyle');
  });

  test('a sensitive transcript: clear when answering the person, hidden (not masked) under TRANSACTION and for the auditor', async () => {
    const c = await create('テニス');
    const made = await support(`mutation($c: ID!) { createInteraction(customerId: $c, channel: PHONE, direction: INBOUND, kind: INQUIRY,
      summary: "配送について", transcript: "妊娠中なので重い荷物は玄関先まで運んでほしい") { id } }`, { c });
    const id = made.data.createInteraction.id;
    const read = async (client: GqlClient) => (await client('query($id: ID!) { Interaction(id: $id) { summary transcript maskedFields } }', { id })).data.Interaction;
    expect(await read(support)).toMatchObject({ transcript: '妊娠中なので重い荷物は玄関先まで運んでほしい', summary: '配送について' });
    expect(await read(support.withPurpose('TRANSACTION'))).toMatchObject({ transcript: null, summary: '配送について', maskedFields: expect.arrayContaining(['transcript']) });
    expect((await read(await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION'))).transcript).toBeNull();
    expect((await read(pm)).transcript).toContain('妊娠中');
  });
});

describe('the term list and the sweep', () => {
  test('the privacy manager adds a term: stored text holding it is marked at once; a too-short term is refused', async () => {
    const id = await create('漢方薬を毎日飲んでいる');
    expect((await flags('customer', id)).sensitive_fields).toEqual([]);
    expect(err(await pm('mutation { addSensitiveTerm(term: "漢", kind: MEDICAL) { id } }'))).toEqual(['BAD_USER_INPUT', 'term']);
    const added = await pm('mutation { addSensitiveTerm(term: "漢方薬", kind: MEDICAL) { id term builtIn kindLabel } }');
    expect(added.data.addSensitiveTerm).toMatchObject({ term: '漢方薬', builtIn: false, kindLabel: expect.any(String) });
    expect((await flags('customer', id)).sensitive_fields).toEqual(['lifestyle']);
    expect(err(await pm('mutation { addSensitiveTerm(term: "漢方薬", kind: MEDICAL) { id } }'))[0]).toBe('CONFLICT');
    const terms = (await pm('{ sensitiveTerms { term builtIn } }')).data.sensitiveTerms;
    expect(terms.filter((t: any) => !t.builtIn).map((t: any) => t.term)).toEqual(['漢方薬']);
    await pm('mutation($id: ID!) { removeSensitiveTerm(id: $id) }', { id: added.data.addSensitiveTerm.id });
    expect((await flags('customer', id)).sensitive_fields).toEqual([]);
    expect(err(await support('mutation { addSensitiveTerm(term: "漢方薬", kind: MEDICAL) { id } }'))[0]).toBe('FORBIDDEN');
  });

  test('the one-off sweep marks what was stored without passing through the API', async () => {
    const { rows: [c] } = await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line,
        phone, phone_digits, email, source, lifestyle) values ('W9000001', '直接 登録', 'チョクセツ', '100-0001', '東京都', '千代田区', '1-1', '03-0000-1111', '0300001111',
        'direct@example.jp', 'WEB', '車椅子を使っています') returning id`);
    expect((await flags('customer', c.id)).sensitive_fields).toEqual([]);
    const r = await sweepSensitiveText(s.orm.em.fork() as EntityManager);
    expect(r.customers).toBeGreaterThanOrEqual(1);
    expect((await flags('customer', c.id)).sensitive_fields).toEqual(['lifestyle']);
  });

  test('the demo data is marked as seeded, with the consent the demo store recorded', async () => {
    const { rows: [n] } = await s.sql.query(`select (select count(*) from customer where sensitive_fields <> '{}' and customer_number not like 'W%')::int
        + (select count(*) from interaction where sensitive_fields <> '{}' and staff_id is null)::int as marked,
      (select count(*) from customer c where (c.sensitive_fields <> '{}' or exists (select 1 from interaction i where i.customer_id = c.id and i.sensitive_fields <> '{}'))
        and not exists (select 1 from consent k where k.customer_id = c.id and k.purpose = 'SENSITIVE_INFORMATION'))::int as without_consent
      from (select 1) x`);
    expect(n.marked).toBeGreaterThan(0);
  });
});

describe('an audit finding (APPI art. 20(2))', () => {
  test('sensitive text acquired without a recorded consent is a finding; with the consent it is not', async () => {
    const without = await create('うつ病で通院している');
    const withConsent = await create('糖尿病のため食事制限中');
    await s.sql.query(`insert into consent (customer_id, purpose, granted_at, source) values ($1, 'SENSITIVE_INFORMATION', now() - interval '1 hour', 'PHONE')`, [withConsent]);
    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const created = await auditor('mutation($d: String!) { createAudit(title: "要配慮", periodFrom: $d, periodTo: $d) { id } }', { d: today });
    expect(created.errors).toBeUndefined();
    const run = await auditor('mutation($id: ID!) { runAudit(id: $id) { findings { code customerId } } }', { id: created.data.createAudit.id });
    expect(run.errors).toBeUndefined();
    const flagged = run.data.runAudit.findings.filter((f: any) => f.code === 'SENSITIVE_WITHOUT_CONSENT').map((f: any) => f.customerId);
    expect(flagged).toContain(without);
    expect(flagged).not.toContain(withConsent);
  });
});

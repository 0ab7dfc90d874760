// Finding the person (#21): 氏名 by its reading typed in hiragana, the last four phone digits, part of an e-mail;
// 氏名 sorted by reading; only fields the role × purpose sees in clear are searched, and a filter on a masked one is refused.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildMatrix, PURPOSE_KEYS, ROLE_KEYS, type PurposeKey, type RoleKey } from '../schema/policy';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let support: GqlClient;
const ids: Record<string, string> = {};

const people = [
  { key: 'nakamura', n: 'S9000001', name: '中村 花子', kana: 'ナカムラ ハナコ', phone: '090-3141-8765', email: 'hanako.nakamura@example.jp' },
  { key: 'ando', n: 'S9000002', name: '安藤 一郎', kana: 'アンドウ イチロウ', phone: '03-2718-2818', email: 'ichiro.zq9@example.ne.jp' },
  { key: 'watanabe', n: 'S9000003', name: '渡辺 悟', kana: 'ワタナベ サトル', phone: '06-1414-2135', email: 'satoru.w@example.com' },
];

const search = (client: GqlClient, filter: Record<string, unknown>, sort = 'id') =>
  client(`query($f: CustomerFilter) { allCustomers(filter: $f, perPage: 50, sortField: "${sort}", sortOrder: "ASC") { id } }`, { f: filter });
const found = async (client: GqlClient, q: string) => ((await search(client, { q })).data?.allCustomers ?? []).map((c: { id: string }) => c.id);

beforeAll(async () => {
  s = await startTestServer({ customers: 5 });
  for (const p of people) {
    const { rows: [c] } = await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line,
        phone, phone_digits, email, source) values ($1, $2, $3, '140-0004', '東京都', '品川区', '1-1', $4, $5, $6, 'WEB') returning id`,
    [p.n, p.name, p.kana, p.phone, p.phone.replace(/\D/g, ''), p.email]);
    ids[p.key] = String(c.id);
  }
  support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
});
afterAll(async () => { await s?.stop(); });

describe('as SUPPORT under INQUIRY_RESPONSE', () => {
  test('なかむら (hiragana) finds ナカムラ; katakana and the kanji still do', async () => {
    expect(await found(support, 'なかむら')).toEqual([ids.nakamura]);
    expect(await found(support, 'ナカムラ')).toEqual([ids.nakamura]);
    expect(await found(support, '中村')).toEqual([ids.nakamura]);
  });

  test('the last four phone digits find the person, as does the start of the number', async () => {
    expect(await found(support, '8765')).toContain(ids.nakamura);
    expect(await found(support, '2818')).toContain(ids.ando);
    expect(await found(support, '090-3141')).toContain(ids.nakamura);
  });

  test('part of an e-mail address finds the person', async () => {
    expect(await found(support, 'nakamura')).toEqual([ids.nakamura]);
    expect(await found(support, 'zq9@exa')).toEqual([ids.ando]);
    expect(await found(support, 'SATORU.W@')).toEqual([ids.watanabe]);
  });

  test('氏名 sorts by reading (アンドウ, ナカムラ, ワタナベ), not by kanji code point', async () => {
    const r = await search(support, { ids: Object.values(ids) }, 'name');
    expect(r.errors).toBeUndefined();
    expect(r.data.allCustomers.map((c: { id: string }) => c.id)).toEqual([ids.ando, ids.nakamura, ids.watanabe]);
  });
});

describe('masking rules hold', () => {
  // A role × purpose that reads customers but not the phone in clear: the phone is not searched, its filter refused.
  const matrix = buildMatrix();
  const pair = ROLE_KEYS.flatMap((r) => PURPOSE_KEYS.map((p) => [r, p] as [RoleKey, PurposeKey]))
    .find(([r, p]) => matrix[r]?.[p]?.['contact.name'] === 'CLEAR' && matrix[r]?.[p]?.['contact.phone'] !== 'CLEAR'
      && matrix[r]?.[p]?.['contact.email'] !== 'CLEAR' && ['SUPPORT', 'MARKETING', 'ACCOUNTING', 'FULFILLMENT'].includes(r));

  test('a role that sees the phone and e-mail masked finds nobody by them, and its phone filter is refused', async () => {
    expect(pair).toBeDefined();
    const client = await s.asRole(pair![0], pair![1]);
    const byDigits = await search(client, { q: '8765', ids: Object.values(ids) });
    expect(byDigits.errors).toBeUndefined();
    expect(byDigits.data.allCustomers).toEqual([]);
    expect((await search(client, { q: 'nakamura', ids: Object.values(ids) })).data.allCustomers).toEqual([]);
    const refused = await search(client, { phone: '090-3141-8765' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

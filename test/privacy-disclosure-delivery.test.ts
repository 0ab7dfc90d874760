// A disclosure is complete when the file is delivered (#21): made, it waits for its one download; lost before that
// (a reload), it is made again with a reason and the earlier link revoked; the download completes the request.
import { parseCsv } from './helpers/browser';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
let customerId: string;

const FULFIL = 'mutation($id: ID!, $reason: String) { fulfilDisclosureRequest(requestId: $id, reason: $reason) { url fileName } }';
const STATUS = 'query($id: ID!) { PrivacyRequest(id: $id) { status completedAt outcome } }';
const download = (url: string, token: string) => fetch(`${s.url}${url}`, { headers: { authorization: `Bearer ${token}` } });

async function requestInProgress(): Promise<string> {
  const r = await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id } }', { c: customerId });
  const id = r.data.createPrivacyRequest.id;
  await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id });
  return id;
}

beforeAll(async () => {
  s = await startTestServer({ customers: 3 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  customerId = String((await s.sql.query(`select id from customer order by id limit 1`)).rows[0].id);
});
afterAll(async () => { await s?.stop(); });

describe('as PRIVACY_MANAGER a disclosure is complete only once downloaded', () => {
  test('made, the request stays IN_PROGRESS with what the file holds; the download completes it, recorded as a change', async () => {
    const id = await requestInProgress();
    const made = await pm(FULFIL, { id });
    expect(made.errors).toBeUndefined();
    const before = (await pm(STATUS, { id })).data.PrivacyRequest;
    expect(before).toMatchObject({ status: 'IN_PROGRESS', completedAt: null, outcome: { delivered: false, fileName: made.data.fulfilDisclosureRequest.fileName } });
    expect((await download(made.data.fulfilDisclosureRequest.url, pm.token)).status).toBe(200);
    const after = (await pm(STATUS, { id })).data.PrivacyRequest;
    expect(after.status).toBe('COMPLETED');
    expect(after.completedAt).not.toBeNull();
    expect(after.outcome).toMatchObject({ delivered: true, fileName: made.data.fulfilDisclosureRequest.fileName });
    const { rows } = await s.sql.query(`select kind, operation, detail from trail_entry where detail->>'entity' = 'PrivacyRequest'
      and (detail->>'entityId')::int = $1 and detail->'newValues'->>'status' = 'COMPLETED'`, [Number(id)]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'CHANGE', operation: 'updatePrivacyRequest' });
    // Completed: nothing more to make.
    expect((await pm(FULFIL, { id, reason: 'もう一度' })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  test('lost before its download, it is made again only with a reason; the earlier link answers 410, the new one completes', async () => {
    const id = await requestInProgress();
    const first = (await pm(FULFIL, { id })).data.fulfilDisclosureRequest;
    const refused = await pm(FULFIL, { id });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await pm(STATUS, { id })).data.PrivacyRequest.status).toBe('IN_PROGRESS');
    const again = await pm(FULFIL, { id, reason: '画面を再読み込みしてリンクを失ったため' });
    expect(again.errors).toBeUndefined();
    expect((await download(first.url, pm.token)).status).toBe(410);
    expect((await pm(STATUS, { id })).data.PrivacyRequest.status).toBe('IN_PROGRESS');
    const { rows: [made] } = await s.sql.query(`select detail from trail_entry where operation = 'fulfilDisclosureRequest'
      and detail->>'privacyRequestId' = $1 and detail ? 'revokedDownloadIds'`, [id]);
    expect(made.detail).toMatchObject({ reason: '画面を再読み込みしてリンクを失ったため' });
    expect(made.detail.revokedDownloadIds).toHaveLength(1);
    expect((await download(again.data.fulfilDisclosureRequest.url, pm.token)).status).toBe(200);
    expect((await pm(STATUS, { id })).data.PrivacyRequest.status).toBe('COMPLETED');
  });

  test('a request refused while its file waits hands nothing over (410)', async () => {
    const id = await requestInProgress();
    const made = (await pm(FULFIL, { id })).data.fulfilDisclosureRequest;
    const r = await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: REFUSED, refusalReason: "本人確認書類に不備") { status } }', { id });
    expect(r.errors).toBeUndefined();
    expect((await download(made.url, pm.token)).status).toBe(410);
    expect((await pm(STATUS, { id })).data.PrivacyRequest.status).toBe('REFUSED');
  });
});

describe('the file the person receives speaks words and holds only their data', () => {
  test('codes as Japanese labels, times in JST, yes/no; a gift recipient\'s name, address and phone withheld', async () => {
    const { rows: [c] } = await s.sql.query(`select id, name from customer where id = $1`, [Number(customerId)]);
    await s.sql.query(`insert into "order" (order_number, customer_id, total_yen, status, payment_status, ship_to_name, ship_to_postal_code,
        ship_to_prefecture, ship_to_city, ship_to_address_line, ship_to_phone, placed_at)
      values ('GIFT1', $1, 5000, 'DELIVERED', 'PAID', '贈先 はなこ', '060-0001', '北海道', '札幌市中央区', '北1条西99-9', '011-999-8877', now() - interval '3 days'),
             ('SELF1', $1, 3000, 'SHIPPED', 'UNPAID', $2, '140-0004', '東京都', '品川区', '南品川1-1', '03-1111-2222', now() - interval '2 days')`, [c.id, c.name]);
    await s.sql.query(`insert into consent (customer_id, purpose, granted_at, source) values ($1, 'THIRD_PARTY_PROVISION', now(), 'WEB')`, [c.id]);
    const id = await requestInProgress();
    const made = (await pm(FULFIL, { id })).data.fulfilDisclosureRequest;
    const res = await download(made.url, pm.token);
    expect(res.status).toBe(200);
    const zip = join(mkdtempSync(join(tmpdir(), 'disc-')), 'f.zip');
    writeFileSync(zip, Buffer.from(await res.arrayBuffer()));
    const read = (name: string) => execFileSync('unzip', ['-p', zip, name], { encoding: 'utf8' });
    const everything = ['README.txt', 'disclosure.json', '01_profile.csv', '02_consents.csv', '03_orders.csv', '08_access_trail.csv'].map(read).join('\n');
    for (const v of ['贈先', 'はなこ', '北1条西99-9', '011-999-8877', '札幌市中央区']) expect(everything, v).not.toContain(v);
    const orders = read('03_orders.csv');
    expect(orders).toContain('ご本人以外のお届け先のため記載していません');
    expect(orders).toContain(c.name);
    expect(orders).toContain('配達済み');
    expect(orders).toContain('未払い');
    expect(orders).not.toMatch(/DELIVERED|SHIPPED|UNPAID|\bPAID\b/);
    const consents = read('02_consents.csv');
    expect(consents).toContain('第三者への提供');
    expect(consents).not.toMatch(/THIRD_PARTY_PROVISION|\bWEB\b|false|true/);
    expect(read('01_profile.csv')).not.toMatch(/,(false|true|ACTIVE)\r\n/);
    expect(read('08_access_trail.csv')).not.toMatch(/Customer\.|contact\./);
    // Operations in words, as the trail explorer shows them (開示ファイルの作成), never the API's names (fulfilDisclosureRequest).
    const [head, ...trail] = parseCsv(read('08_access_trail.csv').replace(/^\uFEFF/, ''));
    const operations = trail.map((line) => line[head.indexOf('操作')]);
    expect(operations.length).toBeGreaterThan(0);
    for (const op of operations) expect(op).not.toMatch(/^_?[A-Za-z]+$/);
    expect(operations).toContain('開示ファイルの作成');
    expect(read('README.txt')).toMatch(/作成日時: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00/);
  });
});

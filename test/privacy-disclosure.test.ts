// Disclosure (【11】, APPI arts. 33 and 30): the person's complete file as a ZIP of JSON and CSV, downloadable once.
import { existsSync, statSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

let s: TestServer;
let pm: GqlClient;
let a: number;
let b: number;
let policeRecord: number;

/** Reads a ZIP through its central directory, checking every entry's CRC (independent of the server's writer). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const files = new Map<string, Buffer>();
  let p = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    expect(zip.readUInt32LE(p)).toBe(0x02014b50);
    const [method, crc, size] = [zip.readUInt16LE(p + 10), zip.readUInt32LE(p + 16), zip.readUInt32LE(p + 20)];
    const nameLength = zip.readUInt16LE(p + 28);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    const local = zip.readUInt32LE(p + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = method === 8 ? inflateRawSync(zip.subarray(start, start + size)) : zip.subarray(start, start + size);
    expect(crc32(data), name).toBe(crc);
    files.set(name, data);
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return files;
}

async function newCustomer(n: number, name: string, extra = ''): Promise<number> {
  const { rows: [c] } = await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line,
      phone, phone_digits, email, birth_date, lifestyle, card_brand, card_last4, card_expiry, card_token, source)
    values ($1, $2, 'カイジ', '140-0004', '東京都', '品川区', $3, $4, $5, $6, '1985-02-03', $7, 'VISA', '4242', '12/30', 'tok_SECRET_${n}', 'WEB')
    returning id`, [`D${8000000 + n}`, name, `南品川${n}-${n}`, `03-5555-${1000 + n}`, `035555${1000 + n}`, `person${n}@example.jp`, `趣味は${extra}`]);
  return c.id;
}

async function giveHistory(customerId: number, marker: string): Promise<void> {
  await s.sql.query(`insert into "order" (order_number, customer_id, total_yen, status, payment_status, ship_to_name, ship_to_postal_code,
      ship_to_prefecture, ship_to_city, ship_to_address_line, ship_to_phone, placed_at)
    select $2 || g, $1, 1200 * g, 'DELIVERED', 'PAID', $2 || '様', '140-0004', '東京都', '品川区', '1-2-3', '03-5555-0000', now() - g * interval '30 days'
    from generate_series(1, 2) g`, [customerId, marker]);
  await s.sql.query(`insert into order_item (order_id, product_name, quantity, unit_price_yen)
    select id, '化粧水 ' || order_number, 1, total_yen from "order" where customer_id = $1`, [customerId]);
  await s.sql.query(`insert into interaction (customer_id, channel, direction, kind, occurred_at, summary, transcript, recording_key, recording_duration_sec)
    values ($1, 'PHONE', 'INBOUND', 'INQUIRY', now() - interval '2 days', $2 || ' 配送の問い合わせ', '="1+1" お届け日について, "至急"', 'rec/' || $2 || '.wav', 95),
           ($1, 'EMAIL', 'INBOUND', 'INQUIRY', now() - interval '1 day', $2 || ' 返品', null, null, null)`, [customerId, marker]);
  await s.sql.query(`insert into consent (customer_id, purpose, granted_at, source) values ($1, 'PROMOTION', now() - interval '10 days', 'WEB'),
    ($1, 'THIRD_PARTY_PROVISION', now() - interval '10 days', 'WEB')`, [customerId]);
}

async function requestInProgress(customerId: number, kind: string): Promise<string> {
  const r = await pm('mutation($c: ID!, $k: PrivacyRequestKind!) { createPrivacyRequest(customerId: $c, kind: $k) { id } }', { c: String(customerId), k: kind });
  const id = r.data.createPrivacyRequest.id;
  await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id });
  return id;
}

const FULFIL = 'mutation($id: ID!) { fulfilDisclosureRequest(requestId: $id) { token url fileName bytes categories expiresAt } }';
const download = (url: string, token?: string) => fetch(`${s.url}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  s = await startTestServer({ customers: 10 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  a = await newCustomer(1, '開示 太郎', 'テニス');
  b = await newCustomer(2, '他人 花子', '登山');
  // B is A's referrer and household member: still nothing of B may leak into A's file.
  await s.sql.query(`update customer set referrer_id = $2, household_id = 'H-DISC' where id = $1`, [a, b]);
  await s.sql.query(`update customer set household_id = 'H-DISC' where id = $1`, [b]);
  await giveHistory(a, 'AMARK');
  await giveHistory(b, 'BMARK');
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  await support('query($a: ID!, $b: ID!) { A: Customer(id: $a) { name phone } B: Customer(id: $b) { name } }', { a: String(a), b: String(b) });
  for (const c of [a, b]) {
    const r = await pm(`mutation($c: ID!) { createProvisionRecord(customerId: $c, recipientName: "品川警察署", dataCategories: ["contact.name", "contact.address"],
      legalBasis: LAW, exemptionNote: "刑事訴訟法第197条第2項に基づく捜査関係事項照会") { id } }`, { c: String(c) });
    expect(r.errors).toBeUndefined();
    const gift = await pm(`mutation($c: ID!) { createProvisionRecord(customerId: $c, recipientName: "提携ギフト株式会社", dataCategories: ["contact.name", "contact.address"],
      legalBasis: CONSENT) { id } }`, { c: String(c) });
    expect(gift.errors).toBeUndefined();
  }
  policeRecord = (await s.sql.query(`select id from provision_record where customer_id = $1 and legal_basis = 'LAW'`, [a])).rows[0].id;
});
afterAll(async () => { await s?.stop(); });

describe('the disclosure file', () => {
  let files: Map<string, Buffer>;
  let ticket: any;

  test('as PRIVACY_MANAGER one action produces a ZIP downloadable once; a second download is 410 Gone', async () => {
    const id = await requestInProgress(a, 'DISCLOSURE');
    const r = await pm(FULFIL, { id });
    expect(r.errors).toBeUndefined();
    ticket = r.data.fulfilDisclosureRequest;
    expect(ticket.url).toBe(`/downloads/${ticket.token}`);
    expect(ticket.fileName).toMatch(/^disclosure-D8000001-\d{8}\.zip$/);
    const res = await download(ticket.url, pm.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toContain(ticket.fileName);
    const zip = Buffer.from(await res.arrayBuffer());
    expect(zip.length).toBe(ticket.bytes);
    files = unzip(zip);
    expect((await download(ticket.url, pm.token)).status).toBe(410);
    const { rows: [row] } = await s.sql.query('select file_path, downloaded_at from disclosure_download where privacy_request_id = $1', [id]);
    expect(row.file_path).toBeNull();
    expect(row.downloaded_at).not.toBeNull();
    const request = await pm('query($id: ID!) { PrivacyRequest(id: $id) { status outcome } }', { id });
    expect(request.data.PrivacyRequest).toMatchObject({ status: 'COMPLETED', outcome: { counts: { orders: 2, interactions: 2, recordings: 1 } } });
  });

  test('holds profile, consents, orders with items, interactions with transcripts, recordings, provision records and the access trail', () => {
    expect([...files.keys()]).toEqual(['README.txt', 'disclosure.json', '01_profile.csv', '02_consents.csv', '03_orders.csv',
      '04_order_items.csv', '05_interactions.csv', '06_recordings.csv', '07_provision_records.csv', '08_access_trail.csv',
      'trail-proofs.json', 'verify-trail.mjs']);
    const json = JSON.parse(files.get('disclosure.json')!.toString('utf8'));
    expect(json.customer).toMatchObject({ customer_number: 'D8000001', name: '開示 太郎', email: 'person1@example.jp', card_last4: '4242', birth_date: '1985-02-03' });
    expect(json.orders.map((o: any) => o.order_number).sort()).toEqual(['AMARK1', 'AMARK2']);
    expect(json.orderItems).toHaveLength(2);
    expect(json.interactions.map((i: any) => i.transcript)).toContain('="1+1" お届け日について, "至急"');
    expect(json.recordings).toEqual([expect.objectContaining({ recording_key: 'rec/AMARK.wav', duration_sec: 95 })]);
    expect(json.consents.map((c: any) => c.purpose).sort()).toEqual(['PROMOTION', 'THIRD_PARTY_PROVISION']);
    expect(json.provisionRecords).toEqual([expect.objectContaining({ recipient_name: '提携ギフト株式会社', legal_basis: 'CONSENT' })]);
    expect(json.accessTrail.some((e: any) => e.role === 'SUPPORT' && e.purpose === 'INQUIRY_RESPONSE' && e.clear_fields.includes('Customer.name'))).toBe(true);
  });

  test('contains nobody else\'s data: not the referrer\'s, not the household\'s, and never the card token', async () => {
    const everything = [...files.values()].map((f) => f.toString('utf8')).join('\n');
    const { rows: [other] } = await s.sql.query('select name, phone, email, customer_number, address_line from customer where id = $1', [b]);
    for (const v of [...Object.values(other), 'BMARK', '登山', 'H-DISC']) expect(everything, String(v)).not.toContain(v);
    expect(everything).not.toContain('tok_SECRET');
    const { rows: [trail] } = await s.sql.query(`select count(*)::int n from trail_entry where kind = 'ACCESS' and customer_id = $1
      and operation is distinct from 'fulfilDisclosureRequest' and operation is distinct from 'downloadDisclosure'`, [a]);
    expect(JSON.parse(files.get('disclosure.json')!.toString()).accessTrail).toHaveLength(trail.n);
  });

  test('CSV files are UTF-8 with a BOM and CRLF, quoted per RFC 4180, formulas neutralised, so Excel opens Japanese correctly', () => {
    for (const [name, data] of files) {
      if (!name.endsWith('.csv')) continue;
      expect([...data.subarray(0, 3)], name).toEqual([0xef, 0xbb, 0xbf]);
      expect(data.toString('utf8').endsWith('\r\n'), name).toBe(true);
    }
    const orders = files.get('03_orders.csv')!.toString('utf8').slice(1).split('\r\n');
    expect(orders[0].split(',').slice(0, 2)).toEqual(['注文番号', '注文日時']);
    expect(orders.filter(Boolean)).toHaveLength(3);
    expect(files.get('05_interactions.csv')!.toString('utf8')).toContain(`"'=""1+1"" お届け日について, ""至急"""`);
    expect(files.get('01_profile.csv')!.toString('utf8')).toContain('氏名,開示 太郎');
  });

  test('the disclosure and the download are recorded in the trail with the categories handed over', async () => {
    const { rows } = await s.sql.query(`select operation, role, purpose, clear_fields, masked_fields, detail from trail_entry
      where kind = 'ACCESS' and customer_id = $1 and operation in ('fulfilDisclosureRequest', 'downloadDisclosure') order by id`, [a]);
    expect(rows.map((r) => r.operation)).toEqual(['fulfilDisclosureRequest', 'downloadDisclosure']);
    for (const r of rows) {
      expect(r).toMatchObject({ role: 'PRIVACY_MANAGER', purpose: 'PRIVACY_ADMINISTRATION', masked_fields: ['financial.card'] });
      expect(r.clear_fields).toEqual(expect.arrayContaining(['contact.name', 'contact.email', 'demographic.birthdate', 'demographic.lifestyle',
        'interaction.content', 'interaction.recording', 'order.shipping']));
    }
    expect(rows[0].detail.counts).toMatchObject({ orders: 2, orderItems: 2, interactions: 2, recordings: 1, provisionRecords: 1, consents: 2 });
  });

  test('the download is refused without a login (401), to another role (403), for an unknown token (404)', async () => {
    const id = await requestInProgress(a, 'DISCLOSURE');
    const t = (await pm(FULFIL, { id })).data.fulfilDisclosureRequest;
    expect((await download(t.url)).status).toBe(401);
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    expect((await download(t.url, auditor.token)).status).toBe(403);
    expect((await download(`/downloads/${'x'.repeat(43)}`, pm.token)).status).toBe(404);
    expect((await download(t.url, pm.token)).status).toBe(200);
  });
});

describe('provision record disclosure (APPI art. 30)', () => {
  test('hands over the provision records only', async () => {
    const id = await requestInProgress(a, 'PROVISION_RECORD_DISCLOSURE');
    const t = (await pm(FULFIL, { id })).data.fulfilDisclosureRequest;
    expect(t.fileName).toMatch(/^provision-records-D8000001-/);
    const files = unzip(Buffer.from(await (await download(t.url, pm.token)).arrayBuffer()));
    expect([...files.keys()]).toEqual(['README.txt', 'disclosure.json', '07_provision_records.csv']);
    const json = JSON.parse(files.get('disclosure.json')!.toString('utf8'));
    expect(Object.keys(json).sort()).toEqual(['customer', 'generatedAt', 'provisionRecords', 'withheld']);
    expect(json.provisionRecords.map((r: any) => r.recipient_name)).toEqual(['提携ギフト株式会社']);
    expect(files.get('07_provision_records.csv')!.toString('utf8')).toContain('氏名・フリガナ; 住所');
    expect(files.get('README.txt')!.toString('utf8')).toContain('一部を開示していません');
  });
});

describe('withheld provision records (APPI art. 33(2), art. 36)', () => {
  const FULFIL_WITH = `mutation($id: ID!, $w: [WithholdingInput!], $d: [ID!]) {
    fulfilDisclosureRequest(requestId: $id, withhold: $w, disclose: $d) { url withheld { provisionRecordId ground reason law byDefault } } }`;
  const filesOf = async (url: string) => unzip(Buffer.from(await (await download(url, pm.token)).arrayBuffer()));

  test('a provision to the police under 【9】\'s exemptions is withheld by default, recorded with its reason, and the person told a part was withheld and why', async () => {
    const id = await requestInProgress(a, 'DISCLOSURE');
    const preview = await pm('query($id: ID!) { disclosureWithholdings(requestId: $id) { provisionRecordId ground byDefault } }', { id });
    expect(preview.data.disclosureWithholdings).toEqual([{ provisionRecordId: String(policeRecord), ground: 'PUBLIC_ORDER', byDefault: true }]);
    const r = await pm(FULFIL_WITH, { id });
    expect(r.errors).toBeUndefined();
    expect(r.data.fulfilDisclosureRequest.withheld).toEqual([{
      provisionRecordId: String(policeRecord), ground: 'PUBLIC_ORDER', reason: expect.stringContaining('捜査'), law: expect.stringContaining('第33条'), byDefault: true,
    }]);
    const files = await filesOf(r.data.fulfilDisclosureRequest.url);
    const everything = [...files.values()].map((f) => f.toString('utf8')).join('\n');
    expect(everything).not.toContain('品川警察署');
    expect(everything).not.toContain('刑事訴訟法');
    const readme = files.get('README.txt')!.toString('utf8');
    expect(readme).toContain('第三者提供の記録の一部を開示していません');
    expect(readme).toContain('第36条');
    expect(JSON.parse(files.get('disclosure.json')!.toString('utf8')).withheld).toContain('捜査');
    const { rows } = await s.sql.query('select provision_record_id, ground, reason, by_default, decided_by from disclosure_withholding where privacy_request_id = $1', [id]);
    expect(rows).toEqual([{ provision_record_id: policeRecord, ground: 'PUBLIC_ORDER', reason: expect.stringContaining('捜査'), by_default: true, decided_by: expect.any(Number) }]);
    const recorded = await pm('query($id: ID!) { disclosureWithholdings(requestId: $id) { provisionRecordId byDefault } }', { id });
    expect(recorded.data.disclosureWithholdings).toEqual([{ provisionRecordId: String(policeRecord), byDefault: true }]);
  });

  test('the privacy manager may disclose it after all, or withhold another record with a ground and a reason', async () => {
    const released = await pm(FULFIL_WITH, { id: await requestInProgress(a, 'PROVISION_RECORD_DISCLOSURE'), d: [String(policeRecord)] });
    expect(released.data.fulfilDisclosureRequest.withheld).toEqual([]);
    const json = JSON.parse((await filesOf(released.data.fulfilDisclosureRequest.url)).get('disclosure.json')!.toString('utf8'));
    expect(json.provisionRecords.map((x: any) => x.recipient_name).sort()).toEqual(['品川警察署', '提携ギフト株式会社']);
    expect(json.withheld).toBeUndefined();

    const gift = (await s.sql.query(`select id from provision_record where customer_id = $1 and legal_basis = 'CONSENT'`, [a])).rows[0].id;
    const chosen = await pm(FULFIL_WITH, { id: await requestInProgress(a, 'PROVISION_RECORD_DISCLOSURE'),
      w: [{ provisionRecordId: String(gift), ground: 'HARM_TO_PERSON_OR_OTHERS', reason: '提供先の従業員の安全に関わるため' }] });
    expect(chosen.data.fulfilDisclosureRequest.withheld.map((w: any) => [w.provisionRecordId, w.ground, w.byDefault]))
      .toEqual([[String(policeRecord), 'PUBLIC_ORDER', true], [String(gift), 'HARM_TO_PERSON_OR_OTHERS', false]]);
  });

  test('a withholding without a reason, of another person\'s record, or a release of a record not withheld is refused; nothing changes', async () => {
    const id = await requestInProgress(a, 'DISCLOSURE');
    const others = (await s.sql.query(`select id from provision_record where customer_id = $1 limit 1`, [b])).rows[0].id;
    const gift = (await s.sql.query(`select id from provision_record where customer_id = $1 and legal_basis = 'CONSENT'`, [a])).rows[0].id;
    const field = (r: any) => [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];
    expect(field(await pm(FULFIL_WITH, { id, w: [{ provisionRecordId: String(gift), ground: 'HINDERS_BUSINESS', reason: ' ' }] }))).toEqual(['BAD_USER_INPUT', 'withhold.reason']);
    expect(field(await pm(FULFIL_WITH, { id, w: [{ provisionRecordId: String(others), ground: 'HINDERS_BUSINESS', reason: '業務に支障' }] }))).toEqual(['BAD_USER_INPUT', 'withhold.provisionRecordId']);
    expect(field(await pm(FULFIL_WITH, { id, d: [String(gift)] }))).toEqual(['BAD_USER_INPUT', 'disclose']);
    const { rows: [req] } = await s.sql.query('select status from privacy_request where id = $1', [id]);
    expect(req.status).toBe('IN_PROGRESS');
    expect((await s.sql.query('select count(*)::int n from disclosure_withholding where privacy_request_id = $1', [id])).rows[0].n).toBe(0);
    expect((await s.sql.query('select count(*)::int n from disclosure_download where privacy_request_id = $1', [id])).rows[0].n).toBe(0);
  });
});

describe('a large file', () => {
  test('a customer with 1,000 orders and 5,000 interactions exports completely (time printed, not asserted)', async () => {
    const big = await newCustomer(3, '大量 注文子');
    await s.sql.query(`insert into "order" (order_number, customer_id, total_yen, status, payment_status, ship_to_name, ship_to_postal_code,
        ship_to_prefecture, ship_to_city, ship_to_address_line, ship_to_phone, placed_at)
      select 'BIG' || lpad(g::text, 6, '0'), $1, 1000 + g, 'DELIVERED', 'PAID', '大量 注文子', '140-0004', '東京都', '品川区', '南品川3-3',
        '03-5555-1003', now() - g * interval '1 day'
      from generate_series(1, 1000) g`, [big]);
    await s.sql.query(`insert into order_item (order_id, product_name, quantity, unit_price_yen)
      select id, '美容液', 1, total_yen from "order" where customer_id = $1`, [big]);
    await s.sql.query(`insert into interaction (customer_id, channel, direction, kind, occurred_at, summary, transcript, recording_key, recording_duration_sec)
      select $1, 'PHONE', 'INBOUND', 'INQUIRY', now() - g * interval '1 hour', 'お問い合わせ ' || g,
        'お電話の記録: ' || repeat('商品の使い方についてのご質問。', 10) || g,
        case when g % 10 = 0 then 'rec/big/' || g || '.wav' end, case when g % 10 = 0 then 120 end
      from generate_series(1, 5000) g`, [big]);
    const id = await requestInProgress(big, 'DISCLOSURE');
    const started = performance.now();
    const r = await pm(FULFIL, { id });
    const produced = performance.now();
    expect(r.errors).toBeUndefined();
    // Written to disk as it was produced (owner only), and deleted once handed over.
    const { rows: [waiting] } = await s.sql.query('select file_path from disclosure_download where privacy_request_id = $1', [id]);
    expect(statSync(waiting.file_path).size).toBe(r.data.fulfilDisclosureRequest.bytes);
    expect(statSync(waiting.file_path).mode & 0o077).toBe(0);
    const zip = Buffer.from(await (await download(r.data.fulfilDisclosureRequest.url, pm.token)).arrayBuffer());
    const done = performance.now();
    const { rows: [req] } = await s.sql.query('select outcome from privacy_request where id = $1', [id]);
    console.log(`disclosure of 1,000 orders + 5,000 interactions: produced in ${(produced - started).toFixed(0)} ms `
      + `(of which ${req.outcome.elapsedMs} ms reading, building and storing the file), downloaded in ${(done - produced).toFixed(0)} ms, ${(zip.length / 1024).toFixed(0)} KiB zipped`);
    const files = unzip(zip);
    const json = JSON.parse(files.get('disclosure.json')!.toString('utf8'));
    expect([json.orders.length, json.orderItems.length, json.interactions.length, json.recordings.length]).toEqual([1000, 1000, 5000, 500]);
    expect(files.get('05_interactions.csv')!.toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(5001);
    await expect.poll(() => existsSync(waiting.file_path)).toBe(false);
  });
});

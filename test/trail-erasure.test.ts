// Erasure forgets (#20): what the trail keeps about a person (change values, reasons, free text) is masked
// with their names and sealed with their own data key; a DELETION destroys the key. Afterwards a pg_dump of
// the whole database holds none of the person's name, kana, phone, e-mail or address, and the trail still
// verifies, chain and signed checkpoints alike.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { emRunner } from '../server/src/db/read-pool';
import { CheckpointDirectory } from '../server/src/trail/checkpoint';
import { checkpointerFor } from '../server/src/trail/checkpointer-thread';
import { verifyTrail } from '../server/src/trail/verify';
import { verifyAgainstCheckpoints } from '../server/src/trail/verify-checkpoints';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';
import { eraseApproved } from './helpers/erasure';

const run = promisify(execFile);
let s: TestServer;
let pm: GqlClient;
let person: number;

const P = {
  // A surname that is no word: the stored public notice says 消去 (erasure), which a name like 消去 would match.
  name: '忘野 花子', kana: 'ワスレノ ハナコ', phone: '090-3141-5926', email: 'hanako.shoukyo@example.jp', address: '桜丘町31-4-15',
  newPhone: '080-2718-2818', newEmail: 'h.shoukyo@example.net', newAddress: '道玄坂27-1-8',
};

/** The whole database as pg_dump writes it (data and schema, as the superuser): what a stolen backup holds. */
async function pgDump(): Promise<string> {
  const binary = ['/usr/lib/postgresql/15/bin/pg_dump', '/usr/bin/pg_dump'].find(existsSync) ?? 'pg_dump';
  const { stdout } = await run(binary, ['--no-owner', '--dbname', s.db.url], { maxBuffer: 512 * 1024 * 1024 });
  return stdout;
}

const changeEvents = async () => (await pm(`query($c: ID!) { allChangeEvents(filter: { customerId: $c }, perPage: 50) { entity action reason oldValues newValues } }`,
  { c: String(person) })).data.allChangeEvents as { entity: string; action: string; reason: string | null; oldValues: any; newValues: any }[];

beforeAll(async () => {
  s = await startTestServer({ customers: 10 });
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  ({ rows: [{ id: person }] } = await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line,
      phone, phone_digits, email, birth_date, source) values ('E9000001', $1, $2, '150-0031', '東京都', '渋谷区', $3, $4, $5, $6, '1990-09-09', 'PHONE')
    returning id`, [P.name, P.kana, P.address, P.phone, P.phone.replace(/-/g, ''), P.email]));
  const support = await s.asRole('SUPPORT', 'AFTER_SALES');
  const changed = await support(`mutation($id: ID!, $reason: String) { updateCustomer(id: $id, phone: "${P.newPhone}", email: "${P.newEmail}", addressLine: "${P.newAddress}",
    reason: $reason) { id } }`, { id: String(person), reason: `${P.name}様(${P.kana})から電話: 転居のため ${P.phone} から変更` });
  expect(changed.errors).toBeUndefined();
  const talk = await support(`mutation($c: ID!, $t: String) { createInteraction(customerId: $c, channel: PHONE, direction: INBOUND, kind: INQUIRY, summary: "転居の連絡",
    transcript: $t) { id } }`, { c: String(person), t: `${P.name}です。新しい電話は ${P.newPhone} です` });
  expect(talk.errors).toBeUndefined();
  expect((await support('query($id: ID!) { Customer(id: $id) { name phone email addressLine } }', { id: String(person) })).errors).toBeUndefined();
});
afterAll(async () => { await s?.stop(); });

describe('before the erasure', () => {
  test('the trail holds no name in clear (free text masked with the subject\'s names) and no personal value unsealed', async () => {
    const { rows } = await s.sql.query(`select detail::text as d from trail_entry where customer_id = $1`, [person]);
    const text = rows.map((r) => r.d).join('\n');
    for (const v of Object.values(P)) expect(text, v).not.toContain(v);
    expect(text).toContain('sealed:v1:');
  });

  test('the privacy manager reads the change as it was stored: masked, the names in the reason replaced', async () => {
    const [update] = (await changeEvents()).filter((e) => e.entity === 'Customer' && e.action === 'UPDATE');
    expect(update.reason).toBe('［氏名］様(［氏名］)から電話: 転居のため ［電話番号］ から変更');
    expect(update.newValues).toMatchObject({ phone: '***-****-2818', email: expect.stringMatching(/^h\*+@example\.net$/) });
  });
});

describe('after a DELETION request', () => {
  let dump: string;

  beforeAll(async () => {
    await checkpointerFor(s.orm)!.checkpointNow();
    const created = await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DELETION) { id } }', { c: String(person) });
    const id = created.data.createPrivacyRequest.id;
    await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: REGISTERED_PHONE_CALLBACK) { id } }', { id });
    const r = await eraseApproved(s, pm, id, 'pseudonymId');
    expect(r.errors).toBeUndefined();
    await checkpointerFor(s.orm)!.checkpointNow();
    dump = await pgDump();
  });

  test('a pg_dump of the whole database holds none of the person\'s name, kana, phone, e-mail or address, old or new', () => {
    expect(dump.length).toBeGreaterThan(100_000);
    expect(dump).toContain('trail_record');
    for (const [what, v] of Object.entries(P)) {
      expect(dump.includes(v), what).toBe(false);
      if (what.toLowerCase().includes('phone')) expect(dump.includes(v.replace(/-/g, '')), `${what} digits`).toBe(false);
    }
    for (const part of [...P.name.split(' '), ...P.kana.split(' ')]) expect(dump.includes(part), part).toBe(false);
  });

  test('the person\'s key is gone: what was sealed with it reads null; what says what happened stays', async () => {
    expect((await s.sql.query('select count(*)::int n from trail_subject_key where customer_id = $1', [person])).rows[0].n).toBe(0);
    const events = await changeEvents();
    const update = events.find((e) => e.entity === 'Customer' && e.action === 'UPDATE')!;
    expect(update).toMatchObject({ reason: null, newValues: { phone: null, email: null, addressLine: null } });
    const erasure = events.find((e) => e.entity === 'Customer' && e.action === 'DELETE')!;
    expect(erasure.reason).toMatch(/^開示等の請求 #\d+\(DELETION\)/);
    expect(erasure.newValues).toEqual({ status: 'ERASED' });
  });

  test('the trail still verifies: the chain, and the database against every signed checkpoint', async () => {
    expect(await verifyTrail(s.orm.em.fork())).toMatchObject({ ok: true, firstBrokenId: null });
    const { checkpoints } = new CheckpointDirectory(s.checkpoints.dir).list();
    expect(checkpoints.length).toBe(2);
    expect(await verifyAgainstCheckpoints(emRunner(s.orm.em.fork()), checkpoints, s.checkpoints.key.publicKey)).toMatchObject({ ok: true, problems: [] });
  });
});

// Faults under the running server, on a PostgreSQL cluster of this file's own: the database restarted under a
// stream of reads, and the trail refusing writes (disk full, a revoked privilege). Requests fail with a coded
// error and nothing personal; the server recovers by itself; no value is served without its trail entry.
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp } from '../server/src/app';
import { verifyTrail } from '../server/src/trail/verify';
import { initOrm } from '../server/src/db/orm';
import { grantAppRole } from '../server/src/db/roles';
import { DEMO_PASSWORD, demoEmail } from '../server/src/seeders';
import { startDedicatedCluster, type DedicatedCluster } from './helpers/dedicated-postgres';
import { expectRefused, leakedValues, LOGIN } from './helpers/hostile';
import { TEST_SECRET } from './helpers/server';

let c: DedicatedCluster;
let token: string;
let clear: string[];
beforeAll(async () => {
  c = await startDedicatedCluster({ customers: 30 });
  token = (await post(c.app.url, LOGIN, { e: demoEmail('SUPPORT'), p: DEMO_PASSWORD })).body.data.login.token;
  clear = (await c.query(`select distinct v from (select unnest(array[name, name_kana, phone, email, address_line]) v from customer) x
    where length(v) >= 4`)).map((r) => r.v);
}, 180_000);
afterAll(async () => { await c?.destroy(); });

interface Answer { requestId: string; status: number; contentType: string; text: string; body: any; phase: string }

async function post(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}, requestId = ''): Promise<Omit<Answer, 'phase'>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: any = null;
  try { body = JSON.parse(text); } catch { /* checked by the caller: every answer must be JSON */ }
  return { requestId, status: res.status, contentType: res.headers.get('content-type') ?? '', text, body };
}

const asSupport = (url: string, query: string, variables?: Record<string, unknown>, requestId = '') =>
  post(url, query, variables, { authorization: `Bearer ${token}`, 'x-purpose': 'INQUIRY_RESPONSE' }, requestId);
const READ = 'query Stream($p: Int) { allCustomers(page: $p, perPage: 3, sortField: "id") { id name phone } }';

/** `requestId:customerId` for every customer a successful answer served. */
const servedOf = (answers: Answer[]) => answers.flatMap((a) => (a.body?.data?.allCustomers ?? []).map((x: { id: string }) => `${a.requestId}:${x.id}`));
async function trailedOf(prefix: string): Promise<string[]> {
  const rows = await c.query(`select request_id || ':' || customer_id as k from trail_entry where kind = 'ACCESS' and request_id like $1`, [`${prefix}%`]);
  return rows.map((r) => r.k);
}
const verified = () => verifyTrail(c.orm.em.fork() as EntityManager);

describe('PostgreSQL restarted under a stream of reads', () => {
  test('clean coded errors while it is down, recovery without restarting the server, every served value trailed, the chain verifies', async () => {
    const answers: Answer[] = [];
    let phase = 'up';
    let running = true;
    let sent = 0;
    const worker = async () => {
      while (running) {
        const requestId = `restart-${sent++}`;
        const startedIn = phase;
        const a = await asSupport(c.app.url, READ, { p: sent % 8 }, requestId).catch((e) => ({ requestId, status: 0, contentType: '', text: String(e), body: null }));
        answers.push({ ...a, phase: startedIn });
        if (startedIn === 'down') await sleep(20);
      }
    };
    const workers = Array.from({ length: 6 }, worker);
    await sleep(1_500);
    phase = 'stopping';
    await c.stopPostgres();
    phase = 'down';
    await sleep(2_000);
    phase = 'starting';
    await c.startPostgres();
    phase = 'after';
    const restartedAt = answers.length;
    for (let waited = 0; !answers.slice(restartedAt).some((a) => a.status === 200 && a.body?.data) && waited < 15_000; waited += 100) await sleep(100);
    await sleep(1_500);
    running = false;
    await Promise.all(workers);

    const byPhase = (p: string) => answers.filter((a) => a.phase === p);
    expect(byPhase('up').length).toBeGreaterThan(10);
    expect(byPhase('down').length).toBeGreaterThan(10);
    for (const a of answers) {
      // The HTTP server itself never went away, and never answered HTML, a stack or an internal error.
      expect(a.status, a.text).toBeGreaterThan(0);
      expect(a.contentType, a.text).toMatch(/application\/json/);
      expect(a.body, a.text).not.toBeNull();
      if (a.body.errors) {
        expect(['SERVICE_UNAVAILABLE', 'TRAIL_UNAVAILABLE'], a.text).toContain(a.body.errors[0].extensions?.code);
        expect(a.body.data?.allCustomers ?? null, a.text).toBeNull();
        expectRefused(a.body, a.body.errors[0].extensions.code, clear);
        expect([200, 503]).toContain(a.status);
      }
    }
    for (const a of byPhase('down')) expect(a.body.errors?.[0]?.extensions?.code, a.text).toBe('SERVICE_UNAVAILABLE');
    expect(byPhase('down').every((a) => a.status === 503)).toBe(true);
    // Recovered: the last answers all succeed, with the same server and its same pool.
    const last = byPhase('after').slice(-6);
    expect(last.length).toBe(6);
    for (const a of last) expect(a.body.errors, a.text).toBeUndefined();
    // No value served without its entry, and no entry for a value not served.
    const served = servedOf(answers);
    expect(served.length).toBeGreaterThan(0);
    expect((await trailedOf('restart-')).sort()).toEqual(served.sort());
    expect(leakedValues(answers.filter((a) => a.body?.errors), clear)).toEqual([]);
    const v = await verified();
    expect(v).toMatchObject({ ok: true, firstBrokenId: null });
  });
});

describe('the trail cannot be written: the request is refused', () => {
  const CUSTOMER = 'select id, phone from customer where status = \'ACTIVE\' order by id limit 1';
  const CHANGE = 'mutation($id: ID!) { updateCustomer(id: $id, phone: "090-7777-8888", reason: "住所変更の連絡") { id phone } }';

  async function expectReadAndChangeRefused(url: string, tag: string) {
    const read = await asSupport(url, READ, { p: 0 }, `${tag}-read`);
    expect(read.status).toBe(503);
    expectRefused(read.body, 'TRAIL_UNAVAILABLE', clear);
    const [customer] = await c.query(CUSTOMER);
    const change = await asSupport(url, CHANGE, { id: String(customer.id) }, `${tag}-change`);
    expectRefused(change.body, 'TRAIL_UNAVAILABLE', clear);
    expect((await c.query('select phone from customer where id = $1', [customer.id]))[0].phone).toBe(customer.phone);
    expect(await trailedOf(tag)).toEqual([]);
  }

  test('a disk-full error (SQLSTATE 53100) on the trail refuses reads with 503 TRAIL_UNAVAILABLE and rolls changes back', async () => {
    await c.query(`create function trail_disk_full_for_test() returns trigger language plpgsql as $$ begin
      raise exception 'could not extend file: No space left on device' using errcode = 'disk_full'; end $$`);
    await c.query(`create trigger trail_disk_full_for_test before insert on trail_record for each row execute function trail_disk_full_for_test()`);
    try {
      await expectReadAndChangeRefused(c.app.url, 'disk-full');
    } finally {
      await c.query('drop trigger trail_disk_full_for_test on trail_record');
      await c.query('drop function trail_disk_full_for_test()');
    }
    const read = await asSupport(c.app.url, READ, { p: 0 }, 'disk-freed');
    expect(read.body.errors).toBeUndefined();
    expect((await trailedOf('disk-freed')).sort()).toEqual(servedOf([{ ...read, phase: '' }]).sort());
  });

  test('an app role without INSERT on the trail is refused the same way; granted again, it serves', async () => {
    const appUser = 'mamori_app_for_test';
    await c.query(`create role ${appUser} login password 'app-password-for-test'`);
    // What the migrations grant the application role (db/roles.ts): the trail only to read and append.
    const admin = new pg.Client({ connectionString: c.url });
    await admin.connect();
    await grantAppRole(admin, appUser).finally(() => admin.end());
    const url = new URL(c.url);
    url.username = appUser;
    url.password = 'app-password-for-test';
    const orm = await initOrm(url.toString());
    const app = await startApp({ orm, secret: TEST_SECRET });
    try {
      const before = await asSupport(app.url, READ, { p: 1 }, 'as-app-role');
      expect(before.body.errors).toBeUndefined();
      await c.query(`revoke insert on trail_record from ${appUser}`);
      await expectReadAndChangeRefused(app.url, 'revoked');
      await c.query(`grant insert on trail_record to ${appUser}`);
      const after = await asSupport(app.url, READ, { p: 1 }, 'granted-again');
      expect(after.body.errors).toBeUndefined();
      expect((await trailedOf('granted-again')).sort()).toEqual(servedOf([{ ...after, phase: '' }]).sort());
    } finally {
      await app.stop();
      await orm.close(true);
    }
    expect(await verified()).toMatchObject({ ok: true, firstBrokenId: null });
  });
});

// The trail holds against the application's own login (#20): the server's role may read and append, and
// nothing else — not on the parent table, not on a partition, not on the head — while the owner can.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { databaseStanding, mayRewriteTrail } from '../server/src/db/roles';
import { checkServerLogin } from '../server/src/db/prepare';
import { verifyTrail } from '../server/src/trail/verify';
import { randomBytes } from 'node:crypto';
import { findFreePort } from '../server/src/db/embedded';
import { STARTUP_EXIT_CODES } from '../server/src/startup/startup-error';
import { npmRun, ownLines } from './helpers/npm-start';
import { startTestServer, TEST_SECRET, type TestServer } from './helpers/server';

let s: TestServer;
let app: pg.Client;
let owner: pg.Client;
let partition: string;

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

beforeAll(async () => {
  s = await startTestServer({ customers: 10 });
  [app, owner] = await Promise.all([connect(s.db.appUrl), connect(s.db.ownerUrl)]);
  // Something in the trail to try to change: a read as SUPPORT.
  await (await s.asRole('SUPPORT', 'INQUIRY_RESPONSE'))('{ allCustomers(perPage: 3) { id name } }');
  ({ rows: [{ partition }] } = await owner.query(`select c.relname as partition from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'trail_record'::regclass and exists (select 1 from trail_record where tableoid = c.oid) limit 1`));
});
afterAll(async () => {
  await Promise.all([app?.end(), owner?.end()]);
  await s?.stop();
});

/** Runs `sql` as the application role and returns the SQLSTATE it failed with (null: it succeeded). */
async function refusal(sql: string): Promise<string | null> {
  await app.query('begin');
  try {
    await app.query(sql);
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  } finally {
    await app.query('rollback');
  }
}

const PERMISSION_DENIED = '42501';

describe('as the application role (the server\'s login)', () => {
  test.each(['trail_record', 'partition'])('on %s: UPDATE, DELETE, TRUNCATE, ALTER and trigger changes are refused', async (which) => {
    const t = which === 'partition' ? partition : 'trail_record';
    const statements = [
      `update ${t} set role = 'ADMIN'`,
      `delete from ${t}`,
      `truncate ${t}`,
      `alter table ${t} disable trigger all`,
      `alter table ${t} disable trigger trail_entry_append_only`,
      `alter table ${t} add column forged text`,
      `drop trigger trail_entry_append_only on ${t}`,
      `create trigger forged before insert on ${t} for each row execute function trail_reject_change()`,
      `drop table ${t}`,
    ];
    for (const sql of statements) expect([sql, await refusal(sql)]).toEqual([sql, PERMISSION_DENIED]);
  });

  test('rows reach a partition only through the parent (whose trigger checks the chain): a direct INSERT is refused', async () => {
    expect(await refusal(`insert into ${partition} select * from trail_record limit 1`)).toBe(PERMISSION_DENIED);
    expect(await refusal(`select * from ${partition} limit 1`)).toBe(PERMISSION_DENIED);
  });

  test('the head cannot be moved, locked or emptied directly; triggers cannot be bypassed', async () => {
    for (const sql of [
      `update trail_head set last_id = 0, last_hash = repeat('0', 64)`,
      `delete from trail_head`,
      `truncate trail_head`,
      `select * from trail_head for update`,
      `set session_replication_role = replica`,
    ]) expect([sql, await refusal(sql)]).toEqual([sql, PERMISSION_DENIED]);
    expect(await refusal(`select * from trail_lock_head(true)`)).toBeNull();
  });

  test('an append that does not continue the chain from the head is refused whole (and the head stays)', async () => {
    const { rows: [head] } = await app.query('select last_id, last_hash from trail_head');
    const row = (id: number, prev: string) => `(${id}, now(), 'SECURITY', '{}', '${prev}', '${'f'.repeat(64)}')`;
    const insert = (...rows: string[]) => `insert into trail_record (id, at, kind, detail, prev_hash, hash) values ${rows.join(', ')}`;
    // Skips an id; links to a hash that is not the head's; rewinds onto an id already taken.
    expect(await refusal(insert(row(Number(head.last_id) + 2, head.last_hash)))).toBe('40001');
    expect(await refusal(insert(row(Number(head.last_id) + 1, 'e'.repeat(64))))).toBe('40001');
    expect(await refusal(insert(row(1, '0'.repeat(64))))).toBe('40001');
    // A first row that continues the chain, a second that does not link to it.
    expect(await refusal(insert(row(Number(head.last_id) + 1, head.last_hash), row(Number(head.last_id) + 2, head.last_hash)))).toBe('40001');
    expect((await app.query('select last_id, last_hash from trail_head')).rows[0]).toEqual(head);
    // A temporary table named like the head does not stand in for it in the owner's trigger.
    await app.query('begin');
    try {
      await app.query(`create temporary table trail_head (singleton boolean, last_id bigint, last_hash char(64)) on commit drop`);
      await app.query(`insert into trail_head values (true, 0, repeat('0', 64))`);
      await expect(app.query(insert(row(1, '0'.repeat(64))))).rejects.toMatchObject({ code: '40001' });
    } finally {
      await app.query('rollback');
    }
    expect(await verifyTrail(s.orm.em.fork())).toMatchObject({ ok: true });
  });

  test('a month\'s partition it creates (through the owner\'s function) is closed to it, whatever the owner\'s default privileges', async () => {
    await app.query(`select ensure_trail_partition('2031-07-15')`);
    expect(await refusal('select count(*) from trail_entry_2031_07')).toBe(PERMISSION_DENIED);
    expect(await refusal(`delete from trail_entry_2031_07`)).toBe(PERMISSION_DENIED);
    const { rows: grants } = await owner.query(`select a.grantee::regrole::text as grantee, a.privilege_type from pg_class c, aclexplode(c.relacl) a
      where c.oid = 'trail_entry_2031_07'::regclass and a.grantee <> c.relowner`);
    expect(grants).toEqual([]);
  });

  test('reads and appends still work: the server serves and the chain verifies', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const before = Number((await app.query('select last_id from trail_head')).rows[0].last_id);
    expect((await support('{ allCustomers(perPage: 2) { id name } }')).errors).toBeUndefined();
    expect(Number((await app.query('select last_id from trail_head')).rows[0].last_id)).toBe(before + 2);
    expect(await verifyTrail(s.orm.em.fork())).toMatchObject({ ok: true, firstBrokenId: null });
  });
});

describe('as the owner', () => {
  test('can alter the trail (which is why the server must not run as it)', async () => {
    await owner.query('begin');
    try {
      await owner.query('alter table trail_record disable trigger trail_entry_append_only');
      await owner.query(`update trail_record set role = role where id = 1`);
    } finally {
      await owner.query('rollback');
    }
  });
});

describe('the server\'s login is checked at start', () => {
  test('a superuser or the trail\'s owner is refused in production and warned about otherwise; the application role is fine', async () => {
    expect(mayRewriteTrail(await databaseStanding(s.db.url))).toBe(true);
    expect(await databaseStanding(s.db.ownerUrl)).toMatchObject({ user: 'mamori_owner', superuser: false, ownsTrail: true });
    expect(await databaseStanding(s.db.appUrl)).toMatchObject({ user: 'mamori_app', superuser: false, ownsTrail: false });
    expect(await checkServerLogin(s.db.appUrl)).toBeNull();
    expect(await checkServerLogin(s.db.ownerUrl)).toMatch(/^Warning: DATABASE_URL connects as "mamori_owner", the owner of the access trail/);
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(checkServerLogin(s.db.url)).rejects.toMatchObject({ reason: 'CONFIGURATION', message: expect.stringMatching(/a superuser/) });
      await expect(checkServerLogin(s.db.ownerUrl)).rejects.toMatchObject({ reason: 'CONFIGURATION' });
      expect(await checkServerLogin(s.db.appUrl)).toBeNull();
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  });

  test('npm start in production with the owner\'s DATABASE_URL stops in one sentence, exit 20, before serving', async () => {
    const run = npmRun(['start'], {
      NODE_ENV: 'production', DATABASE_URL: s.db.ownerUrl, MAMORI_SECRET: TEST_SECRET, MAMORI_TRAIL_KEY: randomBytes(32).toString('base64'),
      MAMORI_DEBUG: undefined, PORT: String(await findFreePort()),
    });
    const code = await run.exited;
    expect(ownLines(run.output()), run.output()).toEqual([expect.stringMatching(/^DATABASE_URL connects as "mamori_owner", the owner of the access trail, who could rewrite/)]);
    expect(code).toBe(STARTUP_EXIT_CODES.CONFIGURATION);
  });
});

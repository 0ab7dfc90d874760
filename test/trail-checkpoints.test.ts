// Signed checkpoints (#20): the server signs (size, Merkle root, chain hash, time) with a key the database
// never sees and writes it to an append-only directory; trail:verify checks the database against them. The
// database's owner can rewrite entries, re-hash the chain and move the head: the chain then verifies, the
// checkpoints do not.
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { emRunner, type SqlRunner } from '../server/src/db/read-pool';
import { type Checkpoint, CheckpointDirectory, checkpointSignedBy } from '../server/src/trail/checkpoint';
import { checkpointerFor } from '../server/src/trail/checkpointer-thread';
import { CompactRange, verifyConsistency, verifyInclusion } from '../server/src/trail/merkle';
import { entryHash } from '../server/src/trail/trail-writer';
import { TreeReader } from '../server/src/trail/tree-store';
import { entryLeafHash, leafEntriesOfRow } from '../server/src/trail/tree-leaves';
import { rowToEntry, verifyTrail } from '../server/src/trail/verify';
import { verifyAgainstCheckpoints } from '../server/src/trail/verify-checkpoints';
import { startTestServer, type TestServer } from './helpers/server';

const run = promisify(execFile);
let s: TestServer;
let owner: pg.Client;

beforeAll(async () => {
  s = await startTestServer({ customers: 40 });
  owner = new pg.Client({ connectionString: s.db.ownerUrl });
  await owner.connect();
  await readCustomers(8);
});
afterAll(async () => {
  await owner?.end();
  await s?.stop();
});

/** n list reads of every customer as SUPPORT: 40 entries each. */
async function readCustomers(n: number) {
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  for (let i = 0; i < n; i++) expect((await support('{ allCustomers(perPage: 40) { id name phone } }')).errors).toBeUndefined();
}

const checkpointNow = () => checkpointerFor(s.orm)!.checkpointNow();
const directory = () => new CheckpointDirectory(s.checkpoints.dir);
const againstCheckpoints = () => verifyAgainstCheckpoints(emRunner(s.orm.em.fork()), directory().list().checkpoints, s.checkpoints.key.publicKey);
const head = async () => (await owner.query('select last_id, last_hash from trail_head')).rows[0];

/** `npm run trail:verify` as an auditor runs it: the application role's login, the public key file of the directory. */
async function trailVerifyCli(): Promise<{ code: number; out: string }> {
  const publicKey = readdirSync(s.checkpoints.dir).find((n) => n.startsWith('public-key-'))!;
  try {
    const { stdout } = await run('npx', ['tsx', 'server/src/cli/trail-verify.ts', '--checkpoints', s.checkpoints.dir, '--public-key', path.join(s.checkpoints.dir, publicKey)],
      { env: { ...process.env, DATABASE_URL: s.db.appUrl, NODE_ENV: 'production' }, timeout: 60_000 });
    return { code: 0, out: stdout };
  } catch (e) {
    return { code: (e as { code: number }).code, out: (e as { stdout: string }).stdout };
  }
}

/** As the owner (not a superuser): the trail's triggers off, `work`, the triggers on again. */
async function asOwnerWithoutTriggers(work: () => Promise<void>) {
  const { rows } = await owner.query(`select 'trail_record' as t union all select inhrelid::regclass::text from pg_inherits where inhparent = 'trail_record'::regclass`);
  await owner.query('begin');
  for (const { t } of rows) await owner.query(`alter table ${t} disable trigger user`);
  await work();
  for (const { t } of rows) await owner.query(`alter table ${t} enable trigger user`);
  await owner.query('commit');
}

describe('checkpoints', () => {
  let first: Checkpoint;

  test('sign the trail as it is: its size and last hash, the root of its entries, in a read-only file of the directory', async () => {
    first = (await checkpointNow())!;
    const h = await head();
    expect(first).toMatchObject({ size: Number(h.last_id), chainHash: h.last_hash, keyId: s.checkpoints.key.keyId });
    expect(first.size).toBeGreaterThan(256);
    expect(checkpointSignedBy(first, s.checkpoints.key.publicKey)).toBe(true);
    expect(checkpointSignedBy({ ...first, size: first.size - 1 }, s.checkpoints.key.publicKey)).toBe(false);
    // The root, recomputed here from the rows, leaf by leaf.
    const tree = new CompactRange();
    for (const row of (await owner.query('select * from trail_record order by id')).rows) for (const leaf of leafEntriesOfRow(row)) tree.push(entryLeafHash(leaf));
    expect(tree.root().toString('hex')).toBe(first.root);
    const files = directory().list();
    expect(files).toEqual({ checkpoints: [first], unreadable: [] });
    const file = readdirSync(s.checkpoints.dir).find((n) => n.endsWith('.json'))!;
    expect(statSync(path.join(s.checkpoints.dir, file)).mode & 0o777).toBe(0o444);
    expect(() => directory().write(first)).toThrow(/EEXIST/);
    // Nothing new: the same checkpoint, no new file.
    expect(await checkpointNow()).toEqual(first);
  });

  test('grow consistently with one another (RFC 9162 consistency proof), and trail:verify passes', async () => {
    await readCustomers(3);
    const second = (await checkpointNow())!;
    expect(second.size).toBe(first.size + 120);
    const proof = await new TreeReader(emRunner(s.orm.em.fork()), second.size).consistencyProof(first.size);
    expect(verifyConsistency(first.size, second.size, Buffer.from(first.root, 'hex'), Buffer.from(second.root, 'hex'), proof)).toBe(true);
    expect(await againstCheckpoints()).toMatchObject({ ok: true, checkpoints: 2, problems: [] });
    await readCustomers(1); // after the latest checkpoint: chained only
    const cli = await trailVerifyCli();
    expect(cli).toMatchObject({ code: 0, out: expect.stringMatching(/trail OK[\s\S]*checkpoints OK: 2 signed/) });
  });

  test('a proof reads one tile and the stored nodes, never the partitioned trail; tiles hold the leaves the entries give', async () => {
    const latest = directory().list().checkpoints.at(-1)!;
    const statements: string[] = [];
    const base = emRunner(s.orm.em.fork());
    const traced: SqlRunner = (sql, params) => { statements.push(sql); return base(sql, params); };
    const reader = new TreeReader(traced, latest.size);
    const { rows } = await owner.query('select * from trail_record where id <= $1 order by id', [latest.size]);
    const leaves = rows.flatMap((r) => leafEntriesOfRow(r)).filter((l) => l.id <= latest.size);
    for (const leaf of [leaves[0], leaves[300], leaves.at(-1)!]) {
      statements.length = 0;
      const path = await reader.inclusionProof(leaf.id - 1);
      expect(verifyInclusion(leaf.id - 1, latest.size, entryLeafHash(leaf), path, Buffer.from(latest.root, 'hex'))).toBe(true);
      expect(statements.length).toBeLessThanOrEqual(2);
      expect(statements.join('\n')).not.toMatch(/trail_record|trail_entry/);
    }
    // Every whole chunk's tile, and a partial one for the chunk each checkpoint ended in; the entries give each.
    const { rows: tiles } = await owner.query('select idx::int, width from trail_tree_tile order by idx, width');
    expect(tiles.filter((t) => t.width === 256).map((t) => t.idx)).toEqual(Array.from({ length: Math.floor(latest.size / 256) }, (_, i) => i));
    if (latest.size % 256) expect(tiles).toContainEqual({ idx: Math.floor(latest.size / 256), width: latest.size % 256 });
    expect(await againstCheckpoints()).toMatchObject({ ok: true, problems: [] });
    // The application role appends tiles (it signs checkpoints) but may not change one.
    const app = new pg.Client({ connectionString: s.db.appUrl });
    await app.connect();
    try {
      for (const sql of ['update trail_tree_tile set hashes = hashes', 'delete from trail_tree_tile', 'truncate trail_tree_tile']) {
        await expect(app.query(sql), sql).rejects.toMatchObject({ code: expect.stringMatching(/^(42501|P0001)$/) });
      }
    } finally {
      await app.end();
    }
  });

  test('a stored node or tile the entries do not give is found when the checkpointer reaches it; nothing is signed', async () => {
    const forgeries = [
      { table: 'trail_tree_node', column: 'hash', insert: 'insert into trail_tree_node (level, idx, hash) values (8, $1, $2)', bytes: 32, why: /1 stored node\(s\) of the trail's tree differ/ },
      { table: 'trail_tree_tile', column: 'hashes', insert: 'insert into trail_tree_tile (idx, width, hashes) values ($1, 256, $2)', bytes: 32 * 256, why: /1 stored tile\(s\) of the trail's tree differ/ },
    ];
    for (const f of forgeries) {
      await checkpointNow();
      const signed = directory().list().checkpoints.length;
      // A chunk beyond the head, forged now, then completed by reads: the checkpointer stores its node and tile.
      const chunk = Math.floor(Number((await head()).last_id) / 256) + 1;
      await owner.query(f.insert, [chunk, Buffer.alloc(f.bytes, 7)]);
      await readCustomers(Math.ceil(((chunk + 1) * 256 - Number((await head()).last_id)) / 40));
      await expect(checkpointNow()).rejects.toThrow(f.why);
      expect(directory().list().checkpoints).toHaveLength(signed);
      await owner.query('begin');
      await owner.query(`alter table ${f.table} disable trigger user`);
      await owner.query(`delete from ${f.table} where idx = $1 and ${f.column} = $2`, [chunk, Buffer.alloc(f.bytes, 7)]);
      await owner.query(`alter table ${f.table} enable trigger user`);
      await owner.query('commit');
    }
    // The forgeries gone, the same entries are signed and verify.
    expect((await checkpointNow())!.size).toBe(Number((await head()).last_id));
    expect(await againstCheckpoints()).toMatchObject({ ok: true, problems: [] });
  });

  test('entries cut back by the owner, head and all: fewer entries than the latest checkpoint', async () => {
    const before = await head();
    const latest = directory().list().checkpoints.at(-1)!;
    const { rows: cut } = await owner.query('select * from trail_record where id > $1 order by id', [latest.size - 40]);
    const [{ prev_hash: tail, id: tailId }] = cut;
    await asOwnerWithoutTriggers(async () => {
      await owner.query('delete from trail_record where id > $1', [latest.size - 40]);
      await owner.query('update trail_head set last_id = $1, last_hash = $2', [Number(tailId) - 1, tail]);
    });
    expect(await verifyTrail(s.orm.em.fork())).toMatchObject({ ok: true });
    expect((await againstCheckpoints()).problems).toEqual([expect.stringMatching(/fewer than its latest checkpoint/)]);
    await expect(checkpointNow()).rejects.toThrow(/no more than its checkpoint/);
    // Put back as it was, for the next test.
    await asOwnerWithoutTriggers(async () => {
      for (const r of cut) {
        await owner.query(`insert into trail_record select * from jsonb_populate_record(null::trail_record, $1::jsonb)`, [JSON.stringify(r)]);
      }
      await owner.query('update trail_head set last_id = $1, last_hash = $2', [before.last_id, before.last_hash]);
    });
    expect(await againstCheckpoints()).toMatchObject({ ok: true });
  });

  test('an entry rewritten by the owner, the chain re-hashed and the head moved: the chain verifies, the checkpoints do not; nothing more is signed', async () => {
    const signed = directory().list().checkpoints.length;
    const { rows: [victim] } = await owner.query(`select id from trail_record where kind = 'ACCESS' and 'Customer.name' = any(clear_fields) order by id limit 1`);
    await asOwnerWithoutTriggers(async () => {
      // Hides that the name was read, then re-hashes every record after it so that the chain links again.
      const { rows } = await owner.query('select * from trail_record where id >= $1 order by id', [victim.id]);
      let prev = rows[0].prev_hash;
      for (const row of rows) {
        const e = rowToEntry(row);
        if (e.id === Number(victim.id)) e.clearFields = e.clearFields.filter((f) => f !== 'Customer.name');
        const hash = entryHash(prev, e);
        await owner.query('update trail_record set clear_fields = $1, prev_hash = $2, hash = $3 where id = $4', [e.clearFields, prev, hash, e.id]);
        prev = hash;
      }
      await owner.query('update trail_head set last_hash = $1', [prev]);
    });
    expect(await verifyTrail(s.orm.em.fork())).toMatchObject({ ok: true, firstBrokenId: null });
    const v = await againstCheckpoints();
    expect(v.ok).toBe(false);
    expect(v.problems[0]).toMatch(/no longer give the root of the checkpoint of \d+ entries/);
    await readCustomers(1);
    await expect(checkpointNow()).rejects.toThrow(/no longer gives the root/);
    expect(directory().list().checkpoints).toHaveLength(signed);
    const cli = await trailVerifyCli();
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/trail OK[\s\S]*checkpoints BROKEN/);
  });
});

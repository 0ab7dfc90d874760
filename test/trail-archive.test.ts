// Trail retention (#20 item 6): the months past the retention the privacy manager sets are exported to an
// archive file that verifies on its own and dropped, by the trail's owner only; the live trail goes on
// (chain, proofs, checkpoints), verification spans archives and live rows, an archived entry is still
// proved from its file, and a changed archive is found.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { initOrm } from '../server/src/db/orm';
import { disclosureEntries, readPersonFile } from '../server/src/modules/privacy-request/disclosure-file';
import { emRunner } from '../server/src/db/read-pool';
import { archiveTrail, TrailArchiveError } from '../server/src/trail/archive';
import { type ArchiveHeader, verifyArchive } from '../server/src/trail/archive-file';
import { archivedProofHolds, proveFromArchive } from '../server/src/trail/archive-proof';
import { CheckpointDirectory } from '../server/src/trail/checkpoint';
import { checkpointerFor } from '../server/src/trail/checkpointer-thread';
import { verifyInclusion } from '../server/src/trail/merkle';
import { APPEND_SQL, chainEntries, entryHash, prepareEntry, type TrailEntryInput } from '../server/src/trail/trail-writer';
import { TreeReader } from '../server/src/trail/tree-store';
import { entryLeafHash, leafEntriesOfRow } from '../server/src/trail/tree-leaves';
import { rowToEntry, verifyTrail } from '../server/src/trail/verify';
import { verifyAgainstCheckpoints } from '../server/src/trail/verify-checkpoints';
import { runCli } from './helpers/cli';
import { type GqlClient, startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let app: pg.Client;
let owner: pg.Client;
let ownerOrm: MikroORM;
let pm: GqlClient;
let dir: string;
let customers: number[];

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** `records` access records of 10 subjects each, chained at times in `month` (YYYY-MM), appended as the server appends (the application role). */
async function appendIn(month: string, records: number) {
  await app.query(`select ensure_trail_partition($1::date)`, [`${month}-15`]);
  for (let i = 0; i < records; i++) {
    const input: TrailEntryInput = {
      kind: 'ACCESS', staffId: null, apiKeyId: null, role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', operation: 'allCustomers', queryHash: null,
      requestId: null, clientAddress: null, customerId: customers[0], moreCustomerIds: customers.slice(1), clearFields: ['Customer.name'], maskedFields: [], detail: {},
    };
    const { rows: [head] } = await app.query('select last_id, last_hash from trail_head');
    const chained = chainEntries(head, [prepareEntry(input)], new Date(`${month}-10T00:${String(i % 60).padStart(2, '0')}:00Z`));
    expect((await app.query(APPEND_SQL, [JSON.stringify(chained.rows)])).rowCount).toBe(1);
  }
}

const checkpointNow = () => checkpointerFor(s.orm)!.checkpointNow();
const key = () => s.checkpoints.key;
const checkpoints = () => new CheckpointDirectory(s.checkpoints.dir).list().checkpoints;
const verifyAll = (archiveDir?: string) => verifyAgainstCheckpoints(emRunner(s.orm.em.fork()), checkpoints(), key().publicKey, { archiveDir });
const partitionNames = async () => (await owner.query(`select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
  where i.inhparent = 'trail_record'::regclass order by 1`)).rows.map((r) => r.relname as string);
const publicKeyFile = () => path.join(s.checkpoints.dir, `public-key-${key().keyId}.pem`);
const archive = (now?: Date, archiveDir = dir) => archiveTrail(ownerOrm.em.fork(), { publicKeys: [key().publicKey], dir: archiveDir, now });

/** Every live entry's inclusion proof against the latest checkpoint, recomputed from the rows (the first records after the cut). */
async function liveProofsHold(count = 12) {
  const latest = checkpoints().at(-1)!;
  const { rows } = await owner.query('select * from trail_record where id <= $1 order by id limit $2', [latest.size, count]);
  const reader = new TreeReader(emRunner(s.orm.em.fork()), latest.size);
  for (const row of rows) {
    for (const leaf of leafEntriesOfRow(row).slice(0, 3)) {
      const proof = await reader.inclusionProof(leaf.id - 1);
      expect(verifyInclusion(leaf.id - 1, latest.size, entryLeafHash(leaf), proof, Buffer.from(latest.root, 'hex'))).toBe(true);
    }
  }
}

beforeAll(async () => {
  s = await startTestServer({ customers: 10 });
  [app, owner] = await Promise.all([connect(s.db.appUrl), connect(s.db.ownerUrl)]);
  ownerOrm = await initOrm(s.db.ownerUrl, { pool: { min: 0, max: 2 } });
  customers = (await owner.query('select id from customer order by id limit 10')).rows.map((r) => r.id);
  dir = mkdtempSync(path.join(tmpdir(), 'mamori-archives-'));
  // An old trail: January 2024 (300 entries), a checkpoint, February (150) and March (70), then today's reads.
  expect(Number((await owner.query('select last_id from trail_head')).rows[0].last_id)).toBe(0);
  await appendIn('2024-01', 30);
  expect((await checkpointNow())!.size).toBe(300);
  await appendIn('2024-02', 15);
  await appendIn('2024-03', 7);
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  expect((await support('{ allCustomers(perPage: 10) { id name } }')).errors).toBeUndefined();
  expect((await checkpointNow())!.size).toBeGreaterThan(520);
});
afterAll(async () => {
  await Promise.all([app?.end(), owner?.end(), ownerOrm?.close(true)]);
  await s?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const SET = `mutation($m: Int) { updateLegalRetentionSettings(trailRetentionMonths: $m) { trailRetentionMonths } }`;

/** The finding of a fresh audit of today about the trail's months past the retention still in the database, if any. */
async function archiveOverdue(): Promise<{ severity: string; occurredOn: string; detail: string; data: Record<string, unknown> } | undefined> {
  const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  const created = await pm('mutation($d: String!) { createAudit(title: "アクセス記録の保存期間", periodFrom: $d, periodTo: $d) { id } }', { d: today });
  expect(created.errors).toBeUndefined();
  const run = await pm('mutation($id: ID!) { runAudit(id: $id) { findings { code severity occurredOn detail data } } }', { id: created.data.createAudit.id });
  expect(run.errors).toBeUndefined();
  return run.data.runAudit.findings.find((f: { code: string; data: { kind: string } }) => f.code === 'RETENTION_NOT_SWEPT' && f.data.kind === 'TRAIL_PARTITIONS');
}

describe('trail retention', () => {
  test('the privacy manager sets it, 12 to 240 months (default 36); out of bounds is refused at the field', async () => {
    expect((await pm('{ legalRetentionSettings { trailRetentionMonths } }')).data.legalRetentionSettings.trailRetentionMonths).toBe(36);
    for (const m of [11, 241, 0]) {
      const r = await pm(SET, { m });
      expect([r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'trailRetentionMonths']);
    }
    // Nothing is due with the default: March 2024 ended less than 36 months ago.
    expect((await archive()).plan.partitions).toEqual([]);
    expect(await archiveOverdue()).toBeUndefined();
    expect((await pm(SET, { m: 12 })).data.updateLegalRetentionSettings.trailRetentionMonths).toBe(12);
  });

  test('an audit finds the months past the retention still in the database: trail:archive is overdue', async () => {
    // January 2024 became due on 1 February 2025 (its end + 12 months), March on 1 April 2025.
    const f = await archiveOverdue();
    expect(f).toMatchObject({
      severity: 'MEDIUM', occurredOn: '2025-02-01', detail: expect.stringContaining('trail:archive'),
      data: { kind: 'TRAIL_PARTITIONS', count: 520, retentionMonths: 12, partitions: ['trail_entry_2024_01', 'trail_entry_2024_02', 'trail_entry_2024_03'] },
    });
  });

  test('the application role may not archive: no drop, detach or truncate of a partition, no archive row; trail:archive refuses', async () => {
    const refusal = async (sql: string) => {
      await app.query('begin');
      try { await app.query(sql); return null; } catch (e) { return (e as { code: string }).code; } finally { await app.query('rollback'); }
    };
    for (const sql of [
      'drop table trail_entry_2024_01', 'alter table trail_record detach partition trail_entry_2024_01', 'truncate trail_entry_2024_01',
      `insert into trail_archive (first_entry, last_entry, records, partitions, file, sha256, last_hash, frontier, checkpoint_size)
         values (1, 300, 30, '{}', 'x', repeat('0', 64), repeat('0', 64), '{}', 300)`,
      'delete from trail_archive',
    ]) expect([sql, await refusal(sql)]).toEqual([sql, '42501']);
    await expect(archiveTrail(s.orm.em.fork(), { publicKeys: [key().publicKey], dir })).rejects.toThrow(TrailArchiveError);
    const run = await runCli('trail-archive.ts', ['--archive-dir', dir], {
      DATABASE_URL: s.db.appUrl, MAMORI_TRAIL_KEY: String(key().privateKey.export({ format: 'pem', type: 'pkcs8' })),
    });
    expect(run).toMatchObject({ code: 1, out: expect.stringMatching(/trail:archive refused: only the trail's owner may archive it/) });
    expect(await partitionNames()).toEqual(expect.arrayContaining(['trail_entry_2024_01', 'trail_entry_2024_02', 'trail_entry_2024_03']));
    expect(readdirSync(dir)).toEqual([]);
  });

  test('as of February 2025, January 2024 is archived (its own checkpoint) and dropped; the live trail verifies, proves and signs on', async () => {
    const r = await archive(new Date('2025-02-15T00:00:00Z'));
    expect(r.plan.partitions.map((p) => p.name)).toEqual(['trail_entry_2024_01']);
    expect(r).toMatchObject({ records: 30, dropped: ['trail_entry_2024_01'], file: expect.stringMatching(/trail-archive-000000000001-000000000300\.jsonl\.gz$/) });
    expect(statSync(r.file!).mode & 0o777).toBe(0o444);
    expect(await partitionNames()).not.toContain('trail_entry_2024_01');
    const own = await verifyArchive(r.file!, key().publicKey);
    expect(own).toMatchObject({ ok: true, problems: [], header: { firstEntry: 1, lastEntry: 300, checkpoint: { size: 300 } } });
    // The archiving is itself in the trail, naming the file's hash.
    const { rows: [said] } = await owner.query(`select detail from trail_record where operation = 'trailArchive'`);
    expect(said.detail).toMatchObject({ partitions: ['trail_entry_2024_01'], firstEntry: 1, lastEntry: 300, sha256: r.sha256 });

    expect(await verifyTrail(s.orm.em.fork())).toMatchObject({ ok: true, firstBrokenId: null });
    expect(await verifyAll()).toMatchObject({ ok: true, problems: [], archived: 300, unchecked: 0 });
    // Entries 301… sit in a chunk of the tree that began in January: their proofs use the archive's frontier.
    await liveProofsHold();
    expect((await (await s.asRole('SUPPORT', 'INQUIRY_RESPONSE'))('{ allCustomers(perPage: 10) { id } }')).errors).toBeUndefined();
    const next = (await checkpointNow())!;
    expect(next.size).toBeGreaterThan(checkpoints().at(-2)!.size);
    expect(await verifyAll()).toMatchObject({ ok: true, problems: [] });
  });

  test('now February and March go (a later checkpoint and a consistency proof); trail:verify --archives checks them with the live rows as one log', async () => {
    // Two records dated April 2024 appended after today's (a server whose clock was years behind): April is
    // past the retention, but its entries come after this month's, so it waits (no hole in the log).
    await appendIn('2024-04', 2);
    const r = await archive();
    expect(r.plan.held).toEqual([expect.stringMatching(/^trail_entry_2024_04 waits: its entries interleave/)]);
    expect(await partitionNames()).toContain('trail_entry_2024_04');
    expect(r.plan.partitions.map((p) => p.name)).toEqual(['trail_entry_2024_02', 'trail_entry_2024_03']);
    expect(r).toMatchObject({ records: 22, plan: { firstEntry: 301, lastEntry: 520 } });
    const own = await verifyArchive(r.file!, key().publicKey);
    expect(own.ok).toBe(true);
    expect(own.header!.checkpoint.size).toBeGreaterThan(520);
    expect(own.header!.consistency.length).toBeGreaterThan(0);
    // Without the files: January's checkpoint lies inside the archived part and is left unchecked.
    expect(await verifyAll()).toMatchObject({ ok: true, archived: 520, unchecked: 1 });
    expect(await verifyAll(dir)).toMatchObject({ ok: true, problems: [], unchecked: 0, archives: { files: 2, entries: 520, complete: true } });
    await liveProofsHold();
    const run = await runCli('trail-verify.ts', ['--checkpoints', s.checkpoints.dir, '--public-key', publicKeyFile(), '--archive-dir', dir],
      { DATABASE_URL: s.db.appUrl, NODE_ENV: 'production' });
    expect(run, run.out).toMatchObject({ code: 0, out: expect.stringMatching(/trail OK[\s\S]*checkpoints OK[\s\S]*archives OK: 2 file\(s\)[^\n]*entries 1 to 520/) });
    // April waits for this month's entries: the audit still says it is past the retention and in the database.
    expect((await archiveOverdue())?.data).toMatchObject({ partitions: ['trail_entry_2024_04'], count: 20 });
  });

  test('the person\'s disclosure file lists the live entries and says until which month records were archived', async () => {
    const file = await readPersonFile(s.orm.em.fork(), customers[0], false);
    expect(file.trailArchivedThrough).toBe('2024年3月');
    expect(file.accessTrail.length).toBeGreaterThan(0);
    expect(file.accessTrail.every((r) => Number(r.entry_id) > 520)).toBe(true);
    const readme = disclosureEntries(file, false).find((e) => e.name === 'README.txt')!.data as Buffer;
    expect(readme.toString('utf8')).toContain('2024年3月までの閲覧記録は、保存期間を過ぎたため');
  });

  test('an archived entry is proved from its file alone: audit path, the archive\'s root, consistency to a signed checkpoint', async () => {
    const files = readdirSync(dir).sort().map((n) => path.join(dir, n));
    for (const [file, id] of [[files[0], 1], [files[0], 257], [files[1], 301], [files[1], 513], [files[1], 520]] as const) {
      const proof = await proveFromArchive(file, id, key().publicKey);
      expect(proof.leaf).toMatchObject({ id, customerId: customers[(id - 1) % 10], clearFields: ['Customer.name'] });
      expect([id, archivedProofHolds(proof, key().publicKey)]).toEqual([id, true]);
      // What the entry says cannot change under the proof.
      expect(archivedProofHolds({ ...proof, leaf: { ...proof.leaf, clearFields: [] } }, key().publicKey)).toBe(false);
      expect(archivedProofHolds({ ...proof, leaf: { ...proof.leaf, customerId: customers[((id - 1) % 10 + 1) % 10] } }, key().publicKey)).toBe(false);
    }
    // The same from the command line, with the file and the published public key only (no database).
    const run = await runCli('trail-archive.ts', ['--prove', files[1], '--entry', '400', '--public-key', publicKeyFile()], {});
    expect(run.code, run.out).toBe(0);
    expect(archivedProofHolds(JSON.parse(run.out), key().publicKey)).toBe(true);
  });

  test('a changed archive is found: a record rewritten and its chain re-hashed inside the file, or the file missing', async () => {
    const tampered = mkdtempSync(path.join(tmpdir(), 'mamori-archives-tampered-'));
    try {
      const names = readdirSync(dir).sort();
      for (const n of names) copyFileSync(path.join(dir, n), path.join(tampered, n));
      const target = path.join(tampered, names[1]);
      const [headerLine, ...lines] = gunzipSync(readFileSync(target)).toString('utf8').trim().split('\n');
      const header = JSON.parse(headerLine) as ArchiveHeader;
      // Hides that names were read in the fifth record, and re-hashes every record after it so the chain links again.
      let prev = header.prevHash;
      const rows = lines.map((l, i) => {
        const row = JSON.parse(l);
        if (i === 4) row.clear_fields = [];
        row.prev_hash = prev;
        row.hash = entryHash(prev, rowToEntry(row));
        prev = row.hash;
        return row;
      });
      chmodSync(target, 0o644);
      writeFileSync(target, gzipSync(`${JSON.stringify({ ...header, lastHash: prev })}\n${rows.map((r) => JSON.stringify(r)).join('\n')}\n`));
      const own = await verifyArchive(target, key().publicKey);
      expect(own.ok).toBe(false);
      expect(own.problems).toEqual([expect.stringMatching(/do not give a tree the signed checkpoint .* extends/)]);
      const all = await verifyAll(tampered);
      expect(all.ok).toBe(false);
      expect(all.problems).toEqual(expect.arrayContaining([
        expect.stringMatching(/is not the file archived \(its SHA-256 differs/),
        expect.stringMatching(/do not give a tree the signed checkpoint/),
      ]));
      await expect(proveFromArchive(target, 305, key().publicKey)).rejects.toThrow(/does not verify/);
      const run = await runCli('trail-archive.ts', ['--verify', target, '--public-key', publicKeyFile()], {});
      expect(run).toMatchObject({ code: 1, out: expect.stringMatching(/archive BROKEN:\n {2}.*do not give a tree the signed checkpoint/) });
      rmSync(path.join(tampered, names[0]), { force: true });
      expect((await verifyAll(tampered)).problems).toEqual([expect.stringMatching(/archive of entries 1 to 300 .* is not in/)]);
      // The originals still verify.
      expect(await verifyAll(dir)).toMatchObject({ ok: true });
    } finally {
      rmSync(tampered, { recursive: true, force: true });
    }
  });
});

// Trail retention (#20 item 6): the monthly partitions that ended more than the retention the privacy manager
// sets ago are exported to an archive file that verifies on its own (archive-file.ts), then dropped — by the
// trail's owner only (the application role may not drop, detach or truncate anything of the trail).
// What is archived is always a prefix of the log (entries 1 … n, continuing the archive before): the live
// trail goes on from the archive's last chain hash and Merkle frontier (trail_archive), so its proofs and
// its verification need nothing that was dropped.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { mamoriHome, settings } from '../config';
import { emRunner, type SqlRunner } from '../db/read-pool';
import { legalSettings } from '../modules/privacy-request/legal-settings';
import { archiveBoundary } from './archive-boundary';
import { ArchiveWriter, archiveFileName, type ArchiveHeader, verifyArchive } from './archive-file';
import { type Checkpoint, checkpointSignedBy, TRAIL_ORIGIN } from './checkpoint';
import { CompactRange, verifyConsistency } from './merkle';
import { publicKeyPem } from './trail-key';
import { appendTrail, entryHash } from './trail-writer';
import { partitionBounds } from './trail-partitions';
import { TreeReader } from './tree-store';
import { entryLeafHash, leafEntriesOfRow } from './tree-leaves';
import { rowToEntry } from './verify';

/** Archiving cannot go on as asked; nothing was dropped. */
export class TrailArchiveError extends Error {
  override name = 'TrailArchiveError';
}

/** Where archive files go: MAMORI_TRAIL_ARCHIVE_DIR, else MAMORI_HOME/trail-archives. */
export function archiveDir(): string {
  return settings().MAMORI_TRAIL_ARCHIVE_DIR ?? join(mamoriHome(), 'trail-archives');
}

export interface TrailPartition {
  name: string;
  /** The month it holds: [from, to). */
  from: Date;
  to: Date;
  /** Entry ids it holds (null when empty): its first record's id, its last record's last entry. */
  firstEntry: number | null;
  lastEntry: number | null;
}

export interface ArchivePlan {
  retentionMonths: number;
  /** Partitions that ended before this are past the retention. */
  cutoff: Date;
  /** What this run exports and drops, oldest first. */
  partitions: TrailPartition[];
  /** Entries first … last (none when `partitions` hold no entry). */
  firstEntry: number;
  lastEntry: number;
  /** Past the retention but kept for now, and why (one sentence each). */
  held: string[];
}

/** The monthly partitions of the trail with the entry ids each holds (the default partition is not one). */
async function partitions(run: SqlRunner): Promise<TrailPartition[]> {
  const out: TrailPartition[] = [];
  for (const p of await partitionBounds(run)) {
    // Names come from pg_class; quoted as identifiers all the same.
    const table = `"${p.name.replace(/"/g, '""')}"`;
    const [ids] = await run(`select (select id from ${table} order by id limit 1) as first,
      (select id + greatest(cardinality(customer_ids), 1) - 1 from ${table} order by id desc limit 1) as last`, []);
    out.push({ ...p, firstEntry: ids.first == null ? null : Number(ids.first), lastEntry: ids.last == null ? null : Number(ids.last) });
  }
  return out;
}

/**
 * The same instant `retentionMonths` earlier, the day clamped to the month's length (29 February 2028 less
 * twelve months: 28 February 2027, not 1 March): a month is never archived a day early.
 */
export function retentionCutoff(now: Date, retentionMonths: number): Date {
  const months = now.getUTCFullYear() * 12 + now.getUTCMonth() - retentionMonths;
  const [year, month] = [Math.floor(months / 12), months % 12];
  const day = Math.min(now.getUTCDate(), new Date(Date.UTC(year, month + 1, 0)).getUTCDate());
  return new Date(Date.UTC(year, month, day, now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()));
}

/**
 * The partitions to archive now: those that ended before `now` minus the retention, oldest first, as long
 * as together they hold a prefix of the log. A month whose entry ids interleave with a later one's (clocks
 * of two servers apart at a month's end) waits until that one is past the retention too.
 */
export async function planArchive(run: SqlRunner, now: Date, retentionMonths: number): Promise<ArchivePlan> {
  const cutoff = retentionCutoff(now, retentionMonths);
  const all = await partitions(run);
  const cut = await archiveBoundary(run);
  const monthly = all.filter((p) => !Number.isNaN(p.to.getTime()));
  const due = monthly.filter((p) => p.to.getTime() <= cutoff.getTime()).sort((a, b) => a.from.getTime() - b.from.getTime());
  const held: string[] = [];
  const fallback = all.find((p) => Number.isNaN(p.to.getTime()) && p.firstEntry != null);
  if (fallback) held.push(`${fallback.name} (the default partition) holds entries from ${fallback.firstEntry}: it is never archived; move its rows into monthly partitions`);
  for (let k = due.length; k > 0; k--) {
    const chosen = due.slice(0, k);
    const withEntries = chosen.filter((p) => p.firstEntry != null);
    const first = Math.min(...withEntries.map((p) => p.firstEntry!));
    const last = Math.max(cut.size, ...withEntries.map((p) => p.lastEntry!));
    const rest = all.filter((p) => !chosen.includes(p) && p.firstEntry != null);
    const prefix = !withEntries.length || (first === cut.size + 1 && rest.every((p) => p.firstEntry! > last));
    if (prefix) {
      for (const p of due.slice(k)) held.push(`${p.name} waits: its entries interleave with a month not yet past the retention`);
      return { retentionMonths, cutoff, partitions: chosen, firstEntry: withEntries.length ? first : cut.size + 1, lastEntry: last, held };
    }
  }
  for (const p of due) held.push(`${p.name} waits: its entries interleave with a month not yet past the retention`);
  return { retentionMonths, cutoff, partitions: [], firstEntry: cut.size + 1, lastEntry: cut.size, held };
}

export interface ArchiveResult {
  plan: ArchivePlan;
  /** The archive file written (null when there was nothing to export). */
  file: string | null;
  sha256: string | null;
  records: number;
  /** Partitions dropped. */
  dropped: string[];
}

export interface ArchiveOptions {
  /** Checkpoints must be signed by one of these (the trail key's public key, and keys retired before it). */
  publicKeys: KeyObject[];
  dir?: string;
  now?: Date;
  /** Only say what would be archived. */
  dryRun?: boolean;
}

/** The earliest checkpoint of at least `size` entries signed by one of the keys: the one the archive is tied to. */
async function coveringCheckpoint(run: SqlRunner, size: number, keys: KeyObject[]): Promise<Checkpoint> {
  const rows = await run(`select body from trail_checkpoint where size >= ? order by size limit 50`, [size]);
  const found = rows.map((r) => r.body as Checkpoint).find((c) => keys.some((k) => checkpointSignedBy(c, k)));
  if (!found) throw new TrailArchiveError(`no checkpoint signed by the trail key covers entry ${size} yet: let the server sign one (every MAMORI_TRAIL_CHECKPOINT_SECONDS), then run again`);
  return found;
}

/**
 * Exports what is past the retention and drops it (as the trail's owner). The file is written and read back
 * verified before anything is dropped; the drop, the trail_archive row and a CHANGE entry saying so are one
 * transaction.
 */
export async function archiveTrail(em: EntityManager, options: ArchiveOptions): Promise<ArchiveResult> {
  const run = emRunner(em);
  const [standing] = await run(`select pg_has_role(current_user, c.relowner, 'USAGE') as owns from pg_class c where c.oid = 'trail_record'::regclass`, []);
  if (!standing?.owns) throw new TrailArchiveError(`only the trail's owner may archive it (dropping partitions): run with the migrations' login (mamori_owner), not the application's`);
  const { trailRetentionMonths } = await legalSettings(em);
  const plan = await planArchive(run, options.now ?? new Date(), trailRetentionMonths);
  const none: ArchiveResult = { plan, file: null, sha256: null, records: 0, dropped: [] };
  if (options.dryRun || !plan.partitions.length) return none;
  if (plan.lastEntry < plan.firstEntry) return { ...none, dropped: await drop(em, plan, null) };

  const cut = await archiveBoundary(run);
  const checkpoint = await coveringCheckpoint(run, plan.lastEntry, options.publicKeys);
  const consistency = checkpoint.size > plan.lastEntry ? await new TreeReader(run, checkpoint.size).consistencyProof(plan.lastEntry) : [];
  const [last] = await run(`select hash from trail_record where id <= ? order by id desc limit 1`, [plan.lastEntry]);
  const dir = options.dir ?? archiveDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = archiveFileName(plan.firstEntry, plan.lastEntry);
  if (existsSync(join(dir, file))) throw new TrailArchiveError(`${file} exists in ${dir} already: an archive is never replaced`);
  const [{ n: records }] = await run(`select count(*)::int as n from trail_record where id between ? and ?`, [plan.firstEntry, plan.lastEntry]);
  const header: ArchiveHeader = {
    format: 'mamori-trail-archive/1', origin: TRAIL_ORIGIN, firstEntry: plan.firstEntry, lastEntry: plan.lastEntry, records: Number(records),
    partitions: plan.partitions.map((p) => p.name), prevHash: cut.lastHash, frontier: cut.frontier.map((h) => h.toString('hex')),
    lastHash: String(last.hash), checkpoint, consistency: consistency.map((h) => h.toString('hex')),
    publicKey: publicKeyPem(options.publicKeys.find((k) => checkpointSignedBy(checkpoint, k))!), createdAt: new Date().toISOString(),
  };
  const writer = new ArchiveWriter(join(dir, file), header);
  let sha256: string;
  try {
    await exportRecords(run, writer, header, cut);
    sha256 = await writer.close();
  } catch (error) {
    await writer.discard();
    throw error;
  }
  // Read back from disk: what will stay of these entries must verify before they are dropped.
  const check = await verifyArchive(join(dir, file), options.publicKeys.find((k) => checkpointSignedBy(checkpoint, k)));
  if (!check.ok || !check.end) throw new TrailArchiveError(`the archive written does not verify (nothing dropped): ${check.problems.join('; ')}`);
  const dropped = await drop(em, plan, { file, sha256, header, frontier: check.end.frontier });
  return { plan, file: join(dir, file), sha256, records: header.records, dropped };
}

/** Streams the records into the file, checking each continues the chain and that the tree reaches the signed root. */
async function exportRecords(run: SqlRunner, writer: ArchiveWriter, h: ArchiveHeader, cut: { size: number; lastHash: string; frontier: Buffer[] }): Promise<void> {
  const tree = CompactRange.of(cut.size, cut.frontier);
  let prev = cut.lastHash;
  while (tree.size < h.lastEntry) {
    const rows = await run(`select * from trail_record where id > ? and id <= ? order by id limit 5000`, [tree.size, h.lastEntry]);
    if (!rows.length) throw new TrailArchiveError(`trail entry ${tree.size + 1} is missing: nothing archived (run trail:verify)`);
    for (const row of rows) {
      const e = rowToEntry(row);
      if (e.id !== tree.size + 1 || e.prevHash !== prev || entryHash(e.prevHash, e) !== e.hash) {
        throw new TrailArchiveError(`trail entry ${tree.size + 1} does not verify in the chain: nothing archived (run trail:verify)`);
      }
      prev = e.hash;
      for (const leaf of leafEntriesOfRow(row)) tree.push(entryLeafHash(leaf));
    }
    await writer.write(rows);
  }
  const c = h.checkpoint;
  if (!verifyConsistency(tree.size, c.size, tree.root(), Buffer.from(c.root, 'hex'), h.consistency.map((x) => Buffer.from(x, 'hex')))) {
    throw new TrailArchiveError(`entries 1 to ${h.lastEntry} no longer give a tree the checkpoint of ${c.size} entries extends: nothing archived (run trail:verify)`);
  }
}

/** One transaction: the archive's row, a CHANGE entry saying what was archived where, the partitions dropped. */
async function drop(em: EntityManager, plan: ArchivePlan, archive: { file: string; sha256: string; header: ArchiveHeader; frontier: Buffer[] } | null): Promise<string[]> {
  return em.transactional(async (tx) => {
    // The checkpointer's lock: no checkpoint is being extended over the entries dropped.
    await tx.execute(`select pg_advisory_xact_lock(hashtext('mamori.trail.checkpoint'))`);
    if (archive) {
      const h = archive.header;
      await tx.execute(`insert into trail_archive (first_entry, last_entry, records, partitions, file, sha256, last_hash, frontier, checkpoint_size)
        values (?, ?, ?, ?::text[], ?, ?, ?, ?::bytea[], ?)`, [h.firstEntry, h.lastEntry, h.records, `{${h.partitions.join(',')}}`, archive.file,
        archive.sha256, h.lastHash, `{${archive.frontier.map((f) => `"\\\\x${f.toString('hex')}"`).join(',')}}`, h.checkpoint.size]);
    }
    const months = plan.partitions.map((p) => p.name);
    await appendTrail(tx, [{
      kind: 'CHANGE', staffId: null, apiKeyId: null, role: null, purpose: null, operation: 'trailArchive', queryHash: null, requestId: null,
      clientAddress: null, customerId: null, clearFields: [], maskedFields: [],
      detail: {
        entity: 'TrailRecord', entityId: 0, action: 'DELETE', fields: [], oldValues: null, newValues: null,
        reason: `保存期間(${plan.retentionMonths}か月)の経過によるアクセス記録のアーカイブ / trail retention (${plan.retentionMonths} months) over`,
        partitions: months, ...(archive ? { firstEntry: archive.header.firstEntry, lastEntry: archive.header.lastEntry, file: archive.file, sha256: archive.sha256 } : {}),
      },
    }]);
    for (const name of months) await tx.execute(`drop table "${name.replace(/"/g, '""')}"`);
    return months;
  });
}

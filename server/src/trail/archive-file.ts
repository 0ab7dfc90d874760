// A trail archive file (#20 item 6): a prefix of the log's entries, exported before their partitions are
// dropped, that verifies on its own. gzip of JSON lines: a header, then one stored record per line.
// The header carries what ties the records to the signed log: the chain hash before the first record, the
// Merkle tree's frontier before it (RFC 9162: the perfect subtrees of entries 1 … firstEntry − 1), a signed
// checkpoint of at least lastEntry entries and the consistency proof from the tree of lastEntry entries to
// it. Verifying = the chain links, each record hashes right, and frontier + records give a root that the
// consistency proof ties to the signed root: no record can be changed, added or left out unseen.
import { createHash, type KeyObject } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fsyncSync, linkSync, openSync, unlinkSync, chmodSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Row } from '../db/read-pool';
import { type Checkpoint, checkpointSignedBy, TRAIL_ORIGIN } from './checkpoint';
import { CompactRange, type Hash, perfectParts, verifyConsistency } from './merkle';
import { publicKeyFrom } from './trail-key';
import { entryHash } from './trail-writer';
import { entryLeafHash, type LeafEntry, leafEntriesOfRow } from './tree-leaves';
import { rowToEntry } from './verify';

export const ARCHIVE_FORMAT = 'mamori-trail-archive/1';

export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  origin: string;
  /** Entry ids firstEntry … lastEntry (a record of n subjects takes n ids). */
  firstEntry: number;
  lastEntry: number;
  records: number;
  /** The monthly partitions the records were in (dropped after the export). */
  partitions: string[];
  /** The chain hash the first record links to (the genesis hash for entry 1). */
  prevHash: string;
  /** Hex hashes of perfectParts(0, firstEntry − 1), largest first. */
  frontier: string[];
  /** The chain hash of the last record. */
  lastHash: string;
  /** A checkpoint signed over at least lastEntry entries (the earliest such when archived). */
  checkpoint: Checkpoint;
  /** RFC 9162 consistency proof from the tree of lastEntry entries to the checkpoint's, hex. */
  consistency: string[];
  /** The checkpoint key's public key (SPKI PEM); verify with the published key rather than this one. */
  publicKey: string;
  createdAt: string;
}


/** A stored record as one line: every column, times as ISO 8601 (the chain hashes milliseconds). */
export const recordLine = (row: Row): string => JSON.stringify({ ...row, id: Number(row.id), at: new Date(row.at).toISOString() });

/** Writes an archive: to `<name>.partial`, then linked to its name (never replacing a file), read-only, flushed. */
export class ArchiveWriter {
  private readonly gzip = createGzip({ level: 9 });
  private readonly out;
  private readonly partial: string;

  constructor(readonly path: string, header: ArchiveHeader) {
    this.partial = `${path}.partial`;
    this.out = createWriteStream(this.partial, { flags: 'wx', mode: 0o600 });
    this.gzip.pipe(this.out);
    this.gzip.write(`${JSON.stringify(header)}\n`);
  }

  async write(rows: Row[]): Promise<void> {
    if (!this.gzip.write(rows.map((r) => `${recordLine(r)}\n`).join(''))) await new Promise((resolve) => this.gzip.once('drain', resolve));
  }

  /** Finishes the file; answers its SHA-256 (hex, of the compressed bytes as stored). */
  async close(): Promise<string> {
    this.gzip.end();
    await finished(this.out);
    const fd = openSync(this.partial, 'r');
    try { fsyncSync(fd); } finally { closeSync(fd); }
    linkSync(this.partial, this.path); // EEXIST: an archive is never replaced
    unlinkSync(this.partial);
    chmodSync(this.path, 0o444);
    const dirFd = openSync(dirname(this.path), 'r');
    try { fsyncSync(dirFd); } finally { closeSync(dirFd); }
    return fileSha256(this.path);
  }

  /** Removes what was written (the export failed: nothing is dropped). */
  async discard(): Promise<void> {
    this.gzip.destroy();
    this.out.destroy();
    try { unlinkSync(this.partial); } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The file name of the archive of entries first … last. */
export const archiveFileName = (first: number, last: number): string =>
  `trail-archive-${String(first).padStart(12, '0')}-${String(last).padStart(12, '0')}.jsonl.gz`;

/** Reads an archive: its header, then its records in batches. */
export async function* readArchive(path: string, batch = 2_000): AsyncGenerator<ArchiveHeader | Row[]> {
  const file = createReadStream(path);
  const gunzip = createGunzip();
  // A gunzip error (a truncated or altered file) ends the line reader with it.
  gunzip.on('error', (error) => lines.emit('error', error));
  const lines = createInterface({ input: file.pipe(gunzip), crlfDelay: Infinity });
  try {
    let header = true;
    let rows: Row[] = [];
    for await (const line of lines) {
      if (!line) continue;
      const value = JSON.parse(line);
      if (header) { yield value as ArchiveHeader; header = false; continue; }
      rows.push(value);
      if (rows.length >= batch) { yield rows; rows = []; }
    }
    if (rows.length) yield rows;
  } finally {
    lines.close();
    gunzip.destroy();
    file.destroy();
  }
}

export interface ArchiveVerification {
  ok: boolean;
  problems: string[];
  header: ArchiveHeader | null;
  /** The tree after the archive's last entry (its frontier), when its records were read through. */
  end: { size: number; lastHash: string; frontier: Hash[] } | null;
}

export interface ArchiveVisitor {
  /** Each leaf, in order (index = entry id − 1). */
  leaf?: (index: number, hash: Hash, entry: LeafEntry) => void;
  /** After each record: the tree so far and the record's chain hash. */
  record?: (tree: CompactRange, hash: string) => void;
}

/**
 * Verifies an archive on its own: the checkpoint's signature (with `publicKey`, else the file's own key —
 * which proves only that the file agrees with itself), the chain, every record's hash, and that frontier and
 * records give the root the consistency proof ties to the signed checkpoint.
 */
export async function verifyArchive(path: string, publicKey?: KeyObject | KeyObject[], visit: ArchiveVisitor = {}): Promise<ArchiveVerification> {
  const problems: string[] = [];
  const name = basename(path);
  let header: ArchiveHeader | null = null;
  let tree: CompactRange | null = null;
  let prev = '';
  let records = 0;
  try {
    for await (const part of readArchive(path)) {
      if (!Array.isArray(part)) {
        header = part;
        const shape = header.firstEntry >= 1 ? perfectParts(0, header.firstEntry - 1) : null;
        if (header.format !== ARCHIVE_FORMAT || header.origin !== TRAIL_ORIGIN || !shape || shape.length !== header.frontier?.length) {
          problems.push(`${name} is not a trail archive of this log`);
          return { ok: false, problems, header, end: null };
        }
        const keys = publicKey ? [publicKey].flat() : [publicKeyFrom(header.publicKey)];
        if (!keys.some((key) => checkpointSignedBy(header!.checkpoint, key))) problems.push(`${name}: its checkpoint is not signed by ${publicKey ? 'the trail key' : 'its own key'}`);
        tree = CompactRange.of(header.firstEntry - 1, header.frontier.map((h) => Buffer.from(h, 'hex')));
        prev = header.prevHash;
        continue;
      }
      for (const row of part) {
        const e = rowToEntry(row);
        if (e.id !== tree!.size + 1) throw new Error(`entry ${tree!.size + 1} is missing`);
        if (e.prevHash !== prev || entryHash(e.prevHash, e) !== e.hash) problems.push(`${name}: entry ${e.id} does not verify in the chain`);
        prev = e.hash;
        for (const entry of leafEntriesOfRow(row)) {
          const hash = entryLeafHash(entry);
          visit.leaf?.(tree!.size, hash, entry);
          tree!.push(hash);
        }
        records += 1;
        visit.record?.(tree!, e.hash);
        if (problems.length > 20) return { ok: false, problems, header, end: null };
      }
    }
  } catch (error) {
    problems.push(`${name} cannot be read through: ${(error as Error).message}`);
    return { ok: false, problems, header, end: null };
  }
  if (!header || !tree) return { ok: false, problems: [`${name} is empty`], header, end: null };
  if (tree.size !== header.lastEntry || records !== header.records || prev !== header.lastHash) {
    problems.push(`${name} holds entries ${header.firstEntry} to ${tree.size} (${records} records), not ${header.firstEntry} to ${header.lastEntry} (${header.records}) as it says`);
  } else {
    const c = header.checkpoint;
    const consistent = verifyConsistency(tree.size, c.size, tree.root(), Buffer.from(c.root, 'hex'), header.consistency.map((h) => Buffer.from(h, 'hex')));
    if (!consistent) problems.push(`${name}: its entries do not give a tree the signed checkpoint of ${c.size} entries (${c.time}) extends: they were changed, added or left out`);
  }
  return { ok: !problems.length, problems, header, end: { size: tree.size, lastHash: prev, frontier: tree.parts() } };
}

export const archivePath = (dir: string, file: string): string => join(dir, file);

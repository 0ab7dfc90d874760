// `trail:verify` against the signed checkpoints: the database's entries must give every checkpoint's root
// (recomputed from the entries, trusting nothing stored), the checkpoints must be consistent with one
// another (RFC 9162 consistency proofs from the stored tree), and the stored tree must match the entries.
import type { KeyObject } from 'node:crypto';
import type { SqlRunner } from '../db/read-pool';
import { type Checkpoint, checkpointSignedBy } from './checkpoint';
import { archiveBoundary, type ArchiveBoundary } from './archive-boundary';
import { CompactRange, type Hash, verifyConsistency } from './merkle';
import { entryHash } from './trail-writer';
import { type ArchivesChecked, verifyArchives } from './verify-archives';
import { CHUNK_LEVEL, type Tile, TileCollector, TreeReader } from './tree-store';
import { entryLeafHash, leafEntriesOfRow } from './tree-leaves';
import { rowToEntry } from './verify';

export interface CheckpointVerification {
  ok: boolean;
  /** Signed checkpoints found and checked. */
  checkpoints: number;
  latest: Checkpoint | null;
  /** Entries recomputed from the database (up to the latest checkpoint). */
  entries: number;
  /** Entries archived (trail:archive): 1 … archived. */
  archived: number;
  /** Archive files verified (with `archiveDir`), and the entries they hold. */
  archives: ArchivesChecked | null;
  /** Checkpoints inside the archived part, whose roots were not recomputed (no `archiveDir`). */
  unchecked: number;
  /** What does not hold, one sentence each (empty when ok). */
  problems: string[];
}

const BATCH = 5_000;
/** Consistency proofs checked between consecutive checkpoints: the latest pairs (every root is recomputed anyway). */
const CONSISTENCY_PAIRS = 1_000;

export async function verifyAgainstCheckpoints(run: SqlRunner, found: Checkpoint[], publicKey: KeyObject | KeyObject[],
  options: { archiveDir?: string } = {}): Promise<CheckpointVerification> {
  const problems: string[] = [];
  const keys = [publicKey].flat();
  const signed = found.filter((c) => {
    if (keys.some((k) => checkpointSignedBy(c, k))) return true;
    problems.push(`the checkpoint of ${c.size} entries signed ${c.time} is not signed by the trail key`);
    return false;
  }).sort((a, b) => a.size - b.size || a.time.localeCompare(b.time));
  const bySize = new Map<number, Checkpoint>();
  for (const c of signed) {
    const other = bySize.get(c.size);
    if (other && (other.root !== c.root || other.chainHash !== c.chainHash)) problems.push(`two checkpoints of ${c.size} entries disagree`);
    bySize.set(c.size, c);
  }
  const sizes = [...bySize.keys()];
  const latest = sizes.length ? bySize.get(sizes[sizes.length - 1])! : null;
  const cut = await archiveBoundary(run);
  let archives: CheckpointVerification['archives'] = null;
  const result = (entries: number): CheckpointVerification => ({
    ok: !problems.length, checkpoints: signed.length, latest, entries, archived: cut.size, archives, problems,
    unchecked: archives ? 0 : sizes.filter((size) => size < cut.size).length,
  });
  if (!latest) return result(0);

  const [head] = await run(`select last_id from trail_head where singleton`, []);
  if (Number(head.last_id) < latest.size) {
    problems.push(`the database holds ${head.last_id} entries, fewer than its latest checkpoint (${latest.size}): entries were removed`);
    return result(0);
  }
  const reached = new Set<number>();
  // The archived prefix: from its files (each root inside it recomputed), else taken as trail_archive says —
  // which the roots of the checkpoints after it, recomputed from there, confirm or refute.
  if (options.archiveDir) archives = await verifyArchives(run, options.archiveDir, bySize, keys, problems, reached);
  const entries = await recomputeRoots(run, bySize, latest.size, problems, cut, reached);
  for (const size of bySize.keys()) {
    // A checkpoint is signed at a record's end (the head's): one that ends inside a record is none of ours.
    if (!reached.has(size) && (archives?.complete || size >= cut.size)) problems.push(`the checkpoint of ${size} entries does not end at a record of the trail`);
  }
  await checkConsistency(run, sizes.filter((size) => size >= cut.size).map((s) => bySize.get(s)!), problems);
  return result(entries);
}

/** Streams entries 1 … last from the database: chain, leaves, the root at each checkpoint, stored nodes. */
async function recomputeRoots(run: SqlRunner, checkpoints: Map<number, Checkpoint>, last: number, problems: string[],
  cut: ArchiveBoundary, reached: Set<number>): Promise<number> {
  const tree = CompactRange.of(cut.size, cut.frontier);
  let expectedPrev = cut.lastHash;
  let nodes: { level: number; index: number; hash: Hash }[] = [];
  const completed = (level: number, index: number, hash: Hash) => { if (level >= CHUNK_LEVEL) nodes.push({ level, index, hash }); };
  const tiles = new TileCollector(cut.size);
  const atCut = checkpoints.get(cut.size);
  if (atCut) {
    reached.add(atCut.size);
    if (tree.root().toString('hex') !== atCut.root || cut.lastHash !== atCut.chainHash) {
      problems.push(`trail_archive's frontier and chain hash do not give the checkpoint of ${cut.size} entries: they were changed`);
    }
  }
  for (let from = cut.size + 1; from <= last;) {
    const rows = await run(`select * from trail_record where id >= ? and id <= ? order by id limit ?`, [from, last, BATCH]);
    if (!rows.length) { problems.push(`entry ${from} is missing`); return tree.size; }
    for (const row of rows) {
      const e = rowToEntry(row);
      if (e.id !== tree.size + 1) { problems.push(`entry ${tree.size + 1} is missing`); return tree.size; }
      if (e.prevHash !== expectedPrev || entryHash(e.prevHash, e) !== e.hash) problems.push(`entry ${e.id} does not verify in the chain`);
      expectedPrev = e.hash;
      for (const leaf of leafEntriesOfRow(row)) {
        const hash = entryLeafHash(leaf);
        tree.push(hash, completed);
        tiles.push(hash, tree.size);
      }
      const c = checkpoints.get(tree.size);
      if (c) {
        reached.add(c.size);
        if (tree.root().toString('hex') !== c.root || e.hash !== c.chainHash) {
          problems.push(`the entries no longer give the root of the checkpoint of ${c.size} entries signed ${c.time}: the trail was rewritten at or before entry ${c.size}`);
        }
      }
    }
    from = tree.size + 1;
    await compareStoredNodes(run, nodes, problems);
    await compareStoredTiles(run, tiles.take(tree.size >= last), problems);
    nodes = [];
    if (problems.length > 20) return tree.size;
  }
  return tree.size;
}

/** Stored nodes must be the ones the entries give (they serve the proofs handed to people). */
async function compareStoredNodes(run: SqlRunner, nodes: { level: number; index: number; hash: Hash }[], problems: string[]): Promise<void> {
  if (!nodes.length) return;
  const rows = await run(`select n.l, n.i from unnest(?::smallint[], ?::bigint[], ?::text[]) as n(l, i, h)
    join trail_tree_node t on t.level = n.l and t.idx = n.i where t.hash <> decode(n.h, 'hex')`,
  [`{${nodes.map((n) => n.level).join(',')}}`, `{${nodes.map((n) => n.index).join(',')}}`, `{${nodes.map((n) => n.hash.toString('hex')).join(',')}}`]);
  for (const r of rows.slice(0, 5)) problems.push(`the stored tree node ${r.l}:${r.i} is not the one the entries give`);
}

/** Stored tiles must hold the leaf hashes the entries give (a partial one: the first `width` of its chunk). */
async function compareStoredTiles(run: SqlRunner, tiles: Tile[], problems: string[]): Promise<void> {
  if (!tiles.length) return;
  const computed = new Map(tiles.map((t) => [t.idx, t]));
  const rows = await run(`select idx, width, hashes from trail_tree_tile where idx = any(?::bigint[])`, [`{${tiles.map((t) => t.idx).join(',')}}`]);
  const wrong = rows.filter((r) => {
    const mine = computed.get(Number(r.idx))!;
    return r.width <= mine.width && !(r.hashes as Buffer).equals(mine.hashes.subarray(0, 32 * r.width));
  });
  for (const r of wrong.slice(0, 5)) problems.push(`the stored tree tile ${r.idx}/${r.width} is not the one the entries give`);
}

/** RFC 9162 consistency proofs between consecutive checkpoints (the latest CONSISTENCY_PAIRS pairs), from the stored tree. */
async function checkConsistency(run: SqlRunner, ordered: Checkpoint[], problems: string[]): Promise<void> {
  for (let i = Math.max(1, ordered.length - CONSISTENCY_PAIRS); i < ordered.length; i++) {
    const [first, second] = [ordered[i - 1], ordered[i]];
    try {
      const proof = await new TreeReader(run, second.size).consistencyProof(first.size);
      if (!verifyConsistency(first.size, second.size, Buffer.from(first.root, 'hex'), Buffer.from(second.root, 'hex'), proof)) {
        problems.push(`the checkpoint of ${second.size} entries is not consistent with the one of ${first.size}`);
      }
    } catch (error) {
      problems.push(`no consistency proof from ${first.size} to ${second.size}: ${(error as Error).message}`);
    }
  }
}

// The trail's Merkle tree as stored: every aligned perfect subtree of 2^CHUNK_LEVEL leaves or more is a row of
// trail_tree_node, and the leaf hashes of each chunk a tile of trail_tree_tile (both written by the
// checkpointer, append-only); smaller subtrees are hashed from the chunk's tile, else from its entries. A
// proof for one entry among millions reads one tile and ~log2(n) nodes: two index lookups, whatever the
// trail's size or number of partitions (reading the partitioned trail instead cost a plan over every one).
import { intArray } from '../common/sql';
import type { SqlRunner } from '../db/read-pool';
import { archiveBoundary, type ArchiveBoundary } from './archive-boundary';
import { consistencyRanges, type Digest, type Hash, inclusionRanges, mthOf, perfectAcross, perfectParts, type Range, rangeHash } from './merkle';
import { readLeaves } from './tree-leaves';

/** Subtrees of 2^8 = 256 leaves and up are stored (for 10M entries, ~80,000 rows). */
export const CHUNK_LEVEL = 8;
export const CHUNK = 2 ** CHUNK_LEVEL;

const key = (level: number, index: number) => `${level}:${index}`;

/** The leaf hashes of chunk `idx` (leaves idx·CHUNK …), `width` of them (< CHUNK: the chunk a checkpoint ends in). */
export interface Tile { idx: number; width: number; hashes: Buffer }

/**
 * Inserts tiles; one already stored must be the same (else the stored tree was changed). One statement, the
 * hashes as one binary parameter: its select sees the table as it was before the insert (one snapshot), so it
 * compares only tiles that were stored before, never reading back the ones it adds.
 */
export async function storeTiles(run: SqlRunner, tiles: Tile[]): Promise<void> {
  if (!tiles.length) return;
  const offsets: number[] = [];
  let at = 0;
  for (const t of tiles) { offsets.push(at); at += t.hashes.length; }
  const [{ differ }] = await run(`with n as (select i, w, substring(?::bytea from o + 1 for 32 * w) as h
      from unnest(?::bigint[], ?::smallint[], ?::int[]) as u(i, w, o)),
    added as (insert into trail_tree_tile (idx, width, hashes) select i, w, h from n on conflict do nothing)
    select count(*)::int as differ from n join trail_tree_tile t on t.idx = n.i and t.width = n.w where t.hashes <> n.h`,
  [Buffer.concat(tiles.map((t) => t.hashes)), intArray(tiles.map((t) => t.idx)), intArray(tiles.map((t) => t.width)), intArray(offsets)]);
  if (differ) throw new Error(`${differ} stored tile(s) of the trail's tree differ from the entries`);
}

/** Collects the leaf hashes of whole chunks as leaves are appended, from a chunk's start on (as digests, see merkle.ts). */
export class TileCollector {
  private current: { idx: number; leaves: Digest[] } | null;
  private readonly done: Tile[] = [];

  /** `size`: leaves already in the tree; an unaligned size (an archive's cut) waits for the next chunk. */
  constructor(size: number) {
    this.current = size % CHUNK === 0 ? { idx: size / CHUNK, leaves: [] } : null;
  }

  /** `size`: the tree's size after this leaf. */
  push(leaf: Hash | Digest, size: number): void {
    if (this.current) {
      this.current.leaves.push(typeof leaf === 'string' ? leaf : leaf.toString('latin1'));
      if (this.current.leaves.length === CHUNK) {
        this.done.push({ idx: this.current.idx, width: CHUNK, hashes: Buffer.from(this.current.leaves.join(''), 'latin1') });
        this.current = { idx: this.current.idx + 1, leaves: [] };
      }
    } else if (size % CHUNK === 0) this.current = { idx: size / CHUNK, leaves: [] };
  }

  /** The tiles completed since the last call; with `end`, the partial tile the tree ends in too. */
  take(end = false): Tile[] {
    const out = this.done.splice(0);
    const c = this.current;
    if (end && c?.leaves.length) out.push({ idx: c.idx, width: c.leaves.length, hashes: Buffer.from(c.leaves.join(''), 'latin1') });
    return out;
  }
}

const leavesOf = (hashes: Buffer): Hash[] => Array.from({ length: hashes.length / 32 }, (_, i) => hashes.subarray(i * 32, (i + 1) * 32));

/** Reads the tree of the first `size` leaves: the hashes of ranges, roots, audit paths and consistency proofs. */
export class TreeReader {
  private boundary: Promise<ArchiveBoundary> | null = null;

  /**
   * `tiles: false` hashes subtrees under a chunk from the entries themselves: the checkpointer's check that
   * the entries still give its last root. Proofs use the tiles.
   */
  constructor(private readonly run: SqlRunner, readonly size: number, private readonly options: { tiles?: boolean } = {}) {}

  /** The MTH of each range (each within [0, size)), in order. */
  async rangeHashes(ranges: readonly Range[]): Promise<Hash[]> {
    const parts = new Map<string, [number, number]>();
    for (const [lo, hi] of ranges) {
      if (lo < 0 || hi > this.size) throw new RangeError(`[${lo}, ${hi}) is outside a tree of ${this.size}`);
      for (const [level, index] of perfectParts(lo, hi)) parts.set(key(level, index), [level, index]);
    }
    const known = await this.perfectHashes([...parts.values()]);
    return ranges.map(([lo, hi]) => rangeHash(lo, hi, (level, index) => known.get(key(level, index))!));
  }

  async root(): Promise<Hash> {
    const [root] = await this.rangeHashes([[0, this.size]]);
    return root;
  }

  async inclusionProof(index: number): Promise<Hash[]> {
    return this.rangeHashes(inclusionRanges(index, this.size));
  }

  async consistencyProof(from: number): Promise<Hash[]> {
    return this.rangeHashes(consistencyRanges(from, this.size));
  }

  /** Hashes of aligned perfect subtrees: stored ones in one query, smaller ones from their chunk's entries. */
  private async perfectHashes(parts: [number, number][]): Promise<Map<string, Hash>> {
    const out = new Map<string, Hash>();
    const stored = parts.filter(([level]) => level >= CHUNK_LEVEL);
    if (stored.length) {
      const rows = await this.run(`select level, idx, hash from trail_tree_node n
        join unnest(?::int[], ?::bigint[]) as w(level, idx) using (level, idx)`, [intArray(stored.map(([l]) => l)), intArray(stored.map(([, i]) => i))]);
      for (const r of rows) out.set(key(Number(r.level), Number(r.idx)), r.hash as Buffer);
      const missing = stored.find(([l, i]) => !out.has(key(l, i)));
      if (missing) throw new Error(`trail tree node ${key(...missing)} is not stored yet (no checkpoint covers it)`);
    }
    const chunks = new Map<number, [number, number][]>();
    for (const [level, index] of parts.filter(([l]) => l < CHUNK_LEVEL)) {
      const chunk = Math.floor((index * 2 ** level) / CHUNK);
      chunks.set(chunk, [...(chunks.get(chunk) ?? []), [level, index]]);
    }
    const tiles = this.options.tiles === false ? new Map<number, Hash[]>() : await this.tiles([...chunks.keys()]);
    for (const [chunk, wanted] of chunks) {
      const lo = chunk * CHUNK;
      const tile = tiles.get(chunk);
      const hashOf = tile ? (level: number, index: number) => mthOf(tile, index * 2 ** level - lo, (index + 1) * 2 ** level - lo)
        : await this.chunkHasher(lo, Math.min(lo + CHUNK, this.size));
      for (const [level, index] of wanted) out.set(key(level, index), hashOf(level, index));
    }
    return out;
  }

  /** The stored tiles of these chunks as far as this tree holds them (its last chunk may be partial), by chunk. */
  private async tiles(chunks: number[]): Promise<Map<number, Hash[]>> {
    if (!chunks.length) return new Map();
    const widths = chunks.map((c) => Math.min(CHUNK, this.size - c * CHUNK));
    const rows = await this.run(`select idx, hashes from trail_tree_tile t join unnest(?::bigint[], ?::smallint[]) as w(idx, width) using (idx, width)`,
      [intArray(chunks), intArray(widths)]);
    return new Map(rows.map((r) => [Number(r.idx), leavesOf(r.hashes as Buffer)]));
  }

  /**
   * Hashes subtrees of the chunk of leaves [lo, hi) from its entries. When some of them are archived
   * (trail:archive dropped them), the subtrees before the cut come from the archive's frontier; the
   * archive table is read only then, so a proof in a never-archived trail costs no query more.
   */
  private async chunkHasher(lo: number, hi: number): Promise<(level: number, index: number) => Hash> {
    const of = (leaves: Hash[], from: number) => (level: number, index: number) => mthOf(leaves, index * 2 ** level - from, (index + 1) * 2 ** level - from);
    try {
      return of(await readLeaves(this.run, lo, hi), lo);
    } catch (error) {
      this.boundary ??= archiveBoundary(this.run);
      const cut = await this.boundary;
      if (cut.size <= lo) throw error; // missing, not archived
      const from = Math.min(cut.size, hi);
      const right = of(await readLeaves(this.run, from, hi), from);
      return perfectAcross(cut.size, cut.frontier, right);
    }
  }
}

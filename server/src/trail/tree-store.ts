// The trail's Merkle tree as stored: every aligned perfect subtree of 2^CHUNK_LEVEL leaves or more is a row of
// trail_tree_node (written by the checkpointer, append-only); smaller ones are hashed from the entries when
// a proof needs them. A proof for one entry among millions reads one chunk of entries and ~log2(n) nodes.
import { intArray } from '../common/sql';
import type { SqlRunner } from '../db/read-pool';
import { archiveBoundary, type ArchiveBoundary } from './archive-boundary';
import { consistencyRanges, type Hash, inclusionRanges, mthOf, perfectAcross, perfectParts, type Range, rangeHash } from './merkle';
import { readLeaves } from './tree-leaves';

/** Subtrees of 2^8 = 256 leaves and up are stored (for 10M entries, ~80,000 rows). */
export const CHUNK_LEVEL = 8;
export const CHUNK = 2 ** CHUNK_LEVEL;

const key = (level: number, index: number) => `${level}:${index}`;

/** Reads the tree of the first `size` leaves: the hashes of ranges, roots, audit paths and consistency proofs. */
export class TreeReader {
  private boundary: Promise<ArchiveBoundary> | null = null;

  constructor(private readonly run: SqlRunner, readonly size: number) {}

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
    for (const [chunk, wanted] of chunks) {
      const lo = chunk * CHUNK;
      const hashOf = await this.chunkHasher(lo, Math.min(lo + CHUNK, this.size));
      for (const [level, index] of wanted) out.set(key(level, index), hashOf(level, index));
    }
    return out;
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

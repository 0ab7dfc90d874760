// Proving an archived entry (#20 item 6): once its partition is dropped, an entry is proved from its archive
// file alone — its RFC 9162 audit path in the tree of the archive's last entry, that tree's root, and the
// archive's consistency proof from it to a signed checkpoint. A verifier checks the path to the root, the
// root into the signed root, and the signature: the same trust as a live proof, one step longer.
import type { KeyObject } from 'node:crypto';
import { basename } from 'node:path';
import { type Checkpoint, checkpointSignedBy } from './checkpoint';
import { type ArchiveHeader, readArchive, verifyArchive } from './archive-file';
import { CompactRange, type Hash, inclusionRanges, perfectAcross, perfectParts, rangeHash, verifyConsistency, verifyInclusion } from './merkle';
import { entryLeafHash, type LeafEntry, leafEntriesOfRow } from './tree-leaves';

export interface ArchivedInclusionProof {
  /** What the entry says (its leaf), and its place: leaf index = id − 1. */
  leaf: LeafEntry;
  /** The tree the audit path leads to: the archive's entries 1 … treeSize. */
  treeSize: number;
  treeRoot: string;
  path: string[];
  /** From the tree of treeSize entries to the checkpoint's (RFC 9162 consistency proof). */
  consistency: string[];
  checkpoint: Checkpoint;
}

/** Splits aligned subtrees until each lies wholly before `cut` (a frontier part) or wholly after it. */
function rightOf(parts: [number, number][], cut: number, out: [number, number][] = []): [number, number][] {
  for (const [level, index] of parts) {
    const lo = index * 2 ** level;
    if (lo >= cut) out.push([level, index]);
    else if (lo + 2 ** level > cut) rightOf([[level - 1, index * 2], [level - 1, index * 2 + 1]], cut, out);
  }
  return out;
}

/** The proof of entry `id` from the archive at `path` (which must verify, with `publicKey` if given). */
export async function proveFromArchive(path: string, id: number, publicKey?: KeyObject): Promise<ArchivedInclusionProof> {
  const reader = readArchive(path);
  const header = (await reader.next()).value as ArchiveHeader;
  await reader.return(undefined);
  const cut = header.firstEntry - 1;
  if (id <= cut || id > header.lastEntry) throw new RangeError(`entry ${id} is not in this archive (entries ${header.firstEntry} to ${header.lastEntry})`);
  const ranges = inclusionRanges(id - 1, header.lastEntry);
  // The subtrees after the cut the path needs, each hashed as its leaves stream by (they are disjoint).
  const blocks = rightOf(ranges.flatMap(([lo, hi]) => perfectParts(lo, hi)), cut)
    .map(([level, index]) => ({ level, index, lo: index * 2 ** level, hi: (index + 1) * 2 ** level, tree: new CompactRange() }))
    .sort((a, b) => a.lo - b.lo);
  let next = 0;
  let leaf: LeafEntry | null = null;
  const v = await verifyArchive(path, publicKey, {
    leaf: (index, hash, entry) => {
      if (index === id - 1) leaf = entry;
      while (next < blocks.length && blocks[next].hi <= index) next += 1;
      if (next < blocks.length && blocks[next].lo <= index) blocks[next].tree.push(hash);
    },
  });
  if (!v.ok || !v.end || !leaf) throw new Error(`the archive does not verify: ${v.problems.join('; ')}`);
  const known = new Map(blocks.map((b) => [`${b.level}:${b.index}`, b.tree.root()]));
  const perfect = perfectAcross(cut, header.frontier.map((h) => Buffer.from(h, 'hex')), (level, index) => known.get(`${level}:${index}`)!);
  return {
    leaf, treeSize: header.lastEntry, treeRoot: CompactRange.of(v.end.size, v.end.frontier).root().toString('hex'),
    path: ranges.map(([lo, hi]) => rangeHash(lo, hi, perfect).toString('hex')), consistency: header.consistency, checkpoint: header.checkpoint,
  };
}

/** Whether the proof holds: the leaf's path to the archive's root, that root into the checkpoint's, the signature. */
export function archivedProofHolds(p: ArchivedInclusionProof, publicKey: KeyObject): boolean {
  const hex = (h: string): Hash => Buffer.from(h, 'hex');
  const root = hex(p.treeRoot);
  return checkpointSignedBy(p.checkpoint, publicKey)
    && verifyInclusion(p.leaf.id - 1, p.treeSize, entryLeafHash(p.leaf), p.path.map(hex), root)
    && verifyConsistency(p.treeSize, p.checkpoint.size, root, hex(p.checkpoint.root), p.consistency.map(hex));
}

/** Proofs of several entries of one archive: each audit path leads to the archive's root, tied once to the checkpoint. */
export interface ArchivedProofs {
  /** The archive file's name (trail_archive.file). */
  file: string;
  treeSize: number;
  treeRoot: string;
  consistency: string[];
  checkpoint: Checkpoint;
  entries: { leaf: LeafEntry; path: string[] }[];
}

/**
 * The proofs of every entry of the archive at `path` that `wanted` picks (a person's, for a disclosure), in
 * two passes over the file: one finds them, the second verifies the archive while hashing the subtrees their
 * paths need (memory: the paths' nodes, not the archive's leaves). Null when none is picked.
 */
export async function proveFromArchiveWhere(path: string, wanted: (leaf: LeafEntry) => boolean, publicKey?: KeyObject | KeyObject[])
  : Promise<ArchivedProofs | null> {
  const picked: LeafEntry[] = [];
  let header: ArchiveHeader | null = null;
  for await (const part of readArchive(path)) {
    if (!Array.isArray(part)) { header = part; continue; }
    for (const row of part) picked.push(...leafEntriesOfRow(row).filter(wanted));
  }
  if (!header || !picked.length) return null;
  const cut = header.firstEntry - 1;
  const paths = picked.map((leaf) => inclusionRanges(leaf.id - 1, header!.lastEntry));
  const needed = new Set(rightOf(paths.flat().flatMap(([lo, hi]) => perfectParts(lo, hi)), cut).map(([l, i]) => `${l}:${i}`));
  const known = new Map<string, Hash>();
  const tree = CompactRange.of(cut, header.frontier.map((h) => Buffer.from(h, 'hex')));
  const keep = (level: number, index: number, hash: Hash) => { if (needed.has(`${level}:${index}`)) known.set(`${level}:${index}`, hash); };
  const v = await verifyArchive(path, publicKey, { leaf: (_index, hash) => tree.push(hash, keep) });
  if (!v.ok || !v.end) throw new Error(`the archive does not verify: ${v.problems.join('; ')}`);
  const perfect = perfectAcross(cut, header.frontier.map((h) => Buffer.from(h, 'hex')), (level, index) => known.get(`${level}:${index}`)!);
  return {
    file: basename(path), treeSize: header.lastEntry, treeRoot: tree.root().toString('hex'), consistency: header.consistency, checkpoint: header.checkpoint,
    entries: picked.map((leaf, i) => ({ leaf, path: paths[i].map(([lo, hi]) => rangeHash(lo, hi, perfect).toString('hex')) })),
  };
}

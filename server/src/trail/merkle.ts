// The Merkle tree of RFC 9162 (Certificate Transparency v2), section 2.1, over the trail's entries: pure
// functions. Sizes and indices are plain numbers (never bit operators: they stop at 2^31).
import { createHash, hash } from 'node:crypto';

export type Hash = Buffer;

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/**
 * SHA-256 of `data` as a Buffer: one-shot, the digest as a latin1 ('binary') string copied into a pooled
 * Buffer. A Hash object per call cost a third more, and the Buffer `crypto.hash` returns (with a backing
 * store of its own) costs twice this whole call (1.5 µs against 0.65 µs of CPU for a node's 65 bytes).
 */
export function sha256(data: string | NodeJS.ArrayBufferView): Hash {
  return Buffer.from(hash('sha256', data, 'binary'), 'latin1');
}

/** MTH of one leaf: SHA-256(0x00 || data); a string is hashed as UTF-8, in which U+0000 is the byte 0x00. */
export function leafHash(data: string | Buffer): Hash {
  return sha256(typeof data === 'string' ? `\u0000${data}` : Buffer.concat([LEAF, data]));
}

/** 0x01 followed by two hashes: nodeHash's input, reused (hashing is synchronous, so no call sees another's bytes). */
const pair = Buffer.alloc(65, NODE[0]);

/** An interior node: SHA-256(0x01 || left || right). */
export function nodeHash(left: Hash, right: Hash): Hash {
  if (left.length !== 32 || right.length !== 32) return createHash('sha256').update(NODE).update(left).update(right).digest();
  pair.set(left, 1);
  pair.set(right, 33);
  return sha256(pair);
}

/** MTH of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

/** The largest power of two smaller than n (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number) => n >= 1 && 2 ** Math.round(Math.log2(n)) === n;
const odd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/** MTH of leaf hashes [lo, hi) of `leaves` (RFC 9162 2.1.1, as written). */
export function mthOf(leaves: readonly Hash[], lo = 0, hi = leaves.length): Hash {
  if (hi - lo === 1) return leaves[lo];
  if (hi <= lo) return EMPTY_ROOT;
  const k = splitPoint(hi - lo);
  return nodeHash(mthOf(leaves, lo, lo + k), mthOf(leaves, lo + k, hi));
}

/** A range of leaves [lo, hi) whose MTH a proof needs. */
export type Range = readonly [lo: number, hi: number];

/** The ranges whose MTHs make the audit path of leaf m in a tree of n (RFC 9162 2.1.3.1), leaf end first. */
export function inclusionRanges(m: number, n: number): Range[] {
  if (m < 0 || m >= n) throw new RangeError(`leaf ${m} is not in a tree of ${n}`);
  const out: Range[] = [];
  // Walk down from the root, then reverse: PATH lists the deepest sibling first.
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (m - lo < k) {
      out.push([lo + k, hi]);
      hi = lo + k;
    } else {
      out.push([lo, lo + k]);
      lo += k;
    }
  }
  return out.reverse();
}

/** The ranges whose MTHs prove a tree of m leaves a prefix of one of n (RFC 9162 2.1.4.1), in proof order. */
export function consistencyRanges(m: number, n: number): Range[] {
  if (m < 1 || m > n) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  const out: Range[] = [];
  const sub = (m0: number, lo: number, hi: number, complete: boolean) => {
    if (m0 === hi - lo) {
      if (!complete) out.push([lo, hi]);
      return;
    }
    const k = splitPoint(hi - lo);
    if (m0 <= k) {
      sub(m0, lo, lo + k, complete);
      out.push([lo + k, hi]);
    } else {
      sub(m0 - k, lo + k, hi, false);
      out.push([lo, lo + k]);
    }
  };
  sub(m, 0, n, true);
  return out;
}

/**
 * MTH of [lo, hi) from the hashes of aligned perfect subtrees: `perfect(level, index)` is the hash of leaves
 * [index·2^level, (index+1)·2^level). The ranges the proofs above ask for always split into aligned parts.
 */
export function rangeHash(lo: number, hi: number, perfect: (level: number, index: number) => Hash): Hash {
  const n = hi - lo;
  if (n <= 0) throw new RangeError(`empty range [${lo}, ${hi})`);
  if (isPowerOfTwo(n)) {
    if (lo % n !== 0) throw new RangeError(`[${lo}, ${hi}) is not an aligned subtree`);
    return perfect(Math.round(Math.log2(n)), lo / n);
  }
  const k = splitPoint(n);
  return nodeHash(rangeHash(lo, lo + k, perfect), rangeHash(lo + k, hi, perfect));
}

/** The aligned perfect subtrees (level, index) that `rangeHash(lo, hi)` reads, largest first. */
export function perfectParts(lo: number, hi: number, out: [number, number][] = []): [number, number][] {
  const n = hi - lo;
  if (n <= 0) return out;
  if (isPowerOfTwo(n)) {
    out.push([Math.round(Math.log2(n)), lo / n]);
    return out;
  }
  const k = splitPoint(n);
  perfectParts(lo, lo + k, out);
  return perfectParts(lo + k, hi, out);
}

/** Checks an audit path (RFC 9162 2.1.3.2): leaf `index` of a tree of `size` leaves hashes to `root`. */
export function verifyInclusion(index: number, size: number, leaf: Hash, path: readonly Hash[], root: Hash): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** Checks a consistency proof (RFC 9162 2.1.4.2): the tree of `first` leaves is a prefix of the one of `second`. */
export function verifyConsistency(first: number, second: number, firstRoot: Hash, secondRoot: Hash, proof: readonly Hash[]): boolean {
  if (first < 1 || first > second) return false;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  if (!path.length) return false;
  let fn = first - 1;
  let sn = second - 1;
  while (odd(fn)) { fn = half(fn); sn = half(sn); }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

/**
 * A digest as a latin1 string: 32 one-byte characters, the checkpointer's form of a hash (no Buffer per leaf
 * and node: allocating one cost more CPU than the node's hashing).
 */
export type Digest = string;

/**
 * nodeHash of two digests, as a digest (the pair buffer is reused: hashing is synchronous). The two digests are
 * written as one string: a write per digest cost a third more than the one write of both.
 */
export function nodeDigest(left: Digest, right: Digest): Digest {
  pair.write(left + right, 1, 'latin1');
  return hash('sha256', pair, 'binary');
}

const toDigest = (h: Hash): Digest => {
  if (h.length !== 32) throw new RangeError(`a tree hash has 32 bytes, not ${h.length}`);
  return h.toString('latin1');
};
const toHash = (d: Digest): Hash => Buffer.from(d, 'latin1');

/**
 * The right edge of a growing tree (its perfect subtrees, largest first): leaves are appended one by one
 * and the root of the tree so far is read at any size, with O(log n) memory. Held as digests (levels and
 * digests in two arrays: no object per node); `pushDigest` is the checkpointer's path, `push` everyone's.
 */
export class CompactRange {
  private readonly levels: number[] = [];
  private readonly digests: Digest[] = [];
  size = 0;

  /** Appends a leaf's hash; calls `completed(level, index, hash)` for each perfect subtree it completes. */
  push(leaf: Hash, completed?: (level: number, index: number, hash: Hash) => void): void {
    if (completed) completed(0, this.size, leaf);
    this.pushDigest(toDigest(leaf), completed && ((level, index, d) => completed(level, index, toHash(d))));
  }

  /** Appends a leaf's digest; calls `completed` for each interior node (level ≥ 1) it completes. */
  pushDigest(leaf: Digest, completed?: (level: number, index: number, digest: Digest) => void): void {
    let level = 0;
    let digest = leaf;
    let index = this.size;
    this.size += 1;
    while (this.levels.length && this.levels[this.levels.length - 1] === level) {
      this.levels.pop();
      digest = nodeDigest(this.digests.pop()!, digest);
      level += 1;
      index = half(index);
      completed?.(level, index, digest);
    }
    this.levels.push(level);
    this.digests.push(digest);
  }

  /** Starts from the perfect subtrees of an existing tree of `size` leaves (largest first), as perfectParts lists them. */
  static of(size: number, parts: Hash[]): CompactRange {
    const c = new CompactRange();
    const shape = size ? perfectParts(0, size) : [];
    if (shape.length !== parts.length) throw new RangeError(`a tree of ${size} has ${shape.length} parts, not ${parts.length}`);
    shape.forEach(([level], i) => { c.levels.push(level); c.digests.push(toDigest(parts[i])); });
    c.size = size;
    return c;
  }

  /** The hashes of its perfect subtrees, largest first (`perfectParts(0, size)`): what `of` starts from. */
  parts(): Hash[] {
    return this.digests.map(toHash);
  }

  root(): Hash {
    if (!this.digests.length) return EMPTY_ROOT;
    let acc = this.digests[this.digests.length - 1];
    for (let i = this.digests.length - 2; i >= 0; i--) acc = nodeDigest(this.digests[i], acc);
    return toHash(acc);
  }
}

/**
 * Hashes of aligned perfect subtrees around a cut at `start` (the first leaf not archived): a subtree
 * wholly before it is one of the cut's frontier parts (`perfectParts(0, start)`, `frontier` in that order);
 * one wholly at or after it is `right`'s; one that straddles it is hashed from its halves. Every subtree an
 * inclusion or consistency proof of a leaf at or after the cut (or a root of a tree larger than the cut)
 * asks for is one of these: a subtree wholly before the cut and needed by such a proof is always a
 * frontier part (docs/trail.md, section 6).
 */
export function perfectAcross(start: number, frontier: readonly Hash[], right: (level: number, index: number) => Hash): (level: number, index: number) => Hash {
  const parts = new Map<string, Hash>();
  const shape = start ? perfectParts(0, start) : [];
  if (shape.length !== frontier.length) throw new RangeError(`a cut at ${start} has ${shape.length} frontier parts, not ${frontier.length}`);
  shape.forEach(([level, index], i) => parts.set(`${level}:${index}`, frontier[i]));
  const perfect = (level: number, index: number): Hash => {
    const lo = index * 2 ** level;
    const hi = lo + 2 ** level;
    if (lo >= start) return right(level, index);
    if (hi <= start) {
      const known = parts.get(`${level}:${index}`);
      if (!known) throw new ArchivedEntryError(lo + 1, start);
      return known;
    }
    return nodeHash(perfect(level - 1, index * 2), perfect(level - 1, index * 2 + 1));
  };
  return perfect;
}

/** A proof needed an entry that has been archived (trail:archive): prove it from its archive file. */
export class ArchivedEntryError extends Error {
  override name = 'ArchivedEntryError';
  constructor(readonly entry: number, readonly archivedUpTo: number) {
    super(`trail entry ${entry} is archived (entries 1 to ${archivedUpTo}): prove it from its archive file`);
  }
}

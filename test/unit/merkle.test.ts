// RFC 9162 section 2.1 as the trail uses it: roots, audit paths and consistency proofs, checked against
// Certificate Transparency's published test vectors and against a direct transcription of the RFC.
import { describe, expect, test } from 'vitest';
import {
  CompactRange, consistencyRanges, type Hash, inclusionRanges, leafHash, nodeHash, perfectParts, rangeHash, splitPoint, verifyConsistency, verifyInclusion,
} from '../../server/src/trail/merkle';

// The eight leaves of CT's test vectors (certificate-transparency, merkle_tree_test).
const VECTOR_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const VECTOR_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', 'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4', '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c', '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** MTH as RFC 9162 2.1.1 writes it, recursively. */
function mth(leaves: Hash[]): Hash {
  if (leaves.length === 1) return leaves[0];
  const k = splitPoint(leaves.length);
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

const leaves = Array.from({ length: 70 }, (_, i) => leafHash(`entry ${i}`));
const perfectOf = (ls: Hash[]) => (level: number, index: number) => mth(ls.slice(index * 2 ** level, (index + 1) * 2 ** level));
const hashesOf = (ranges: readonly (readonly [number, number])[], ls: Hash[]) => ranges.map(([lo, hi]) => mth(ls.slice(lo, hi)));

describe('the tree of RFC 9162', () => {
  test('roots of the published vectors, leaf by leaf', () => {
    const c = new CompactRange();
    VECTOR_LEAVES.forEach((hex, i) => {
      c.push(leafHash(Buffer.from(hex, 'hex')));
      expect(c.root().toString('hex')).toBe(VECTOR_ROOTS[i]);
    });
  });

  test('the published audit path of leaf 0 in the tree of 8, and consistency from 1 to 8', () => {
    const ls = VECTOR_LEAVES.map((h) => leafHash(Buffer.from(h, 'hex')));
    const expected = ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'];
    expect(hashesOf(inclusionRanges(0, 8), ls).map((h) => h.toString('hex'))).toEqual(expected);
    expect(hashesOf(consistencyRanges(1, 8), ls).map((h) => h.toString('hex'))).toEqual(expected);
  });

  test('every audit path of every tree up to 70 leaves verifies, and fails for another leaf, index or root', () => {
    for (let n = 1; n <= leaves.length; n++) {
      const root = mth(leaves.slice(0, n));
      for (let m = 0; m < n; m++) {
        const path = hashesOf(inclusionRanges(m, n), leaves);
        expect(verifyInclusion(m, n, leaves[m], path, root)).toBe(true);
        expect(verifyInclusion(m, n, leafHash('forged'), path, root)).toBe(false);
        if (n > 1) expect(verifyInclusion((m + 1) % n, n, leaves[m], path, root)).toBe(false);
        expect(verifyInclusion(m, n, leaves[m], path, leaves[0].equals(root) ? leaves[1] : leaves[0])).toBe(false);
      }
    }
  });

  test('every consistency proof between trees up to 70 leaves verifies, and fails for a rewritten prefix', () => {
    for (let n = 1; n <= leaves.length; n++) {
      const second = mth(leaves.slice(0, n));
      for (let m = 1; m <= n; m++) {
        const first = mth(leaves.slice(0, m));
        const proof = hashesOf(consistencyRanges(m, n), leaves);
        expect(verifyConsistency(m, n, first, second, proof)).toBe(true);
        const rewritten = [...leaves.slice(0, n)];
        rewritten[m - 1] = leafHash('rewritten');
        if (m < n) expect(verifyConsistency(m, n, first, mth(rewritten), hashesOf(consistencyRanges(m, n), rewritten))).toBe(false);
      }
    }
  });

  test('any range a proof asks for hashes from aligned perfect subtrees; a compact range resumes from them', () => {
    for (let n = 1; n <= leaves.length; n++) {
      expect(rangeHash(0, n, perfectOf(leaves))).toEqual(mth(leaves.slice(0, n)));
      for (const [lo, hi] of [...inclusionRanges(n - 1, n), ...(n > 1 ? consistencyRanges(1, n) : [])]) {
        expect(rangeHash(lo, hi, perfectOf(leaves))).toEqual(mth(leaves.slice(lo, hi)));
      }
      const resumed = CompactRange.of(n, perfectParts(0, n).map(([level, index]) => perfectOf(leaves)(level, index)));
      for (let i = n; i < leaves.length; i++) resumed.push(leaves[i]);
      expect(resumed.root()).toEqual(mth(leaves));
    }
  });
});

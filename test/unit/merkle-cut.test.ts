// The archived prefix (#20 item 6): once entries 1 … cut are gone, every proof about a later entry, every
// root of a larger tree and every consistency proof from a size at or past the cut still comes out the
// same from the cut's frontier and the leaves after it — and nothing before the cut is asked for besides.
import { describe, expect, test } from 'vitest';
import {
  ArchivedEntryError, CompactRange, consistencyRanges, type Hash, inclusionRanges, leafHash, mthOf, nodeHash, perfectAcross, perfectParts, rangeHash, splitPoint,
} from '../../server/src/trail/merkle';

const N = 64 + 7;
const leaves = Array.from({ length: N }, (_, i) => leafHash(`entry ${i}`));
const hex = (hs: Hash[]) => hs.map((h) => h.toString('hex'));

/** MTH of leaves [lo, hi) as RFC 9162 2.1.1 writes it (memoised: the loops below ask for the same ranges often). */
const memo = new Map<string, Hash>();
function mthRange(lo: number, hi: number): Hash {
  const key = `${lo}:${hi}`;
  let h = memo.get(key);
  if (!h) {
    const k = splitPoint(hi - lo);
    h = hi - lo === 1 ? leaves[lo] : nodeHash(mthRange(lo, lo + k), mthRange(lo + k, hi));
    memo.set(key, h);
  }
  return h;
}

describe('a tree cut at an archive', () => {
  test(`every audit path, root and consistency proof past the cut, for every cut and size up to ${N} leaves, from the frontier alone`, () => {
    const wrong: string[] = [];
    for (let cut = 0; cut < N; cut++) {
      const frontier = perfectParts(0, cut).map(([level, index]) => mthRange(index * 2 ** level, (index + 1) * 2 ** level));
      const right = (level: number, index: number) => {
        const lo = index * 2 ** level;
        if (lo < cut) throw new Error(`leaf ${lo} is before the cut ${cut}`);
        return mthRange(lo, lo + 2 ** level);
      };
      const perfect = perfectAcross(cut, frontier, right);
      const same = (what: string, ranges: readonly (readonly [number, number])[]) => {
        if (ranges.some(([lo, hi]) => !rangeHash(lo, hi, perfect).equals(mthRange(lo, hi)))) wrong.push(what);
      };
      for (let size = cut + 1; size <= N; size++) {
        same(`root ${size} cut ${cut}`, [[0, size]]);
        for (let m = cut; m < size; m++) {
          same(`path ${m}/${size} cut ${cut}`, inclusionRanges(m, size));
          if (m >= 1) same(`consistency ${m}→${size} cut ${cut}`, consistencyRanges(m, size));
        }
      }
      // The frontier resumes the tree: the same as one built from the first leaf.
      const resumed = CompactRange.of(cut, frontier);
      const whole = new CompactRange();
      for (const [i, leaf] of leaves.entries()) { if (i >= cut) resumed.push(leaf); whole.push(leaf); }
      expect(resumed.root().equals(whole.root())).toBe(true);
      expect(hex(resumed.parts())).toEqual(hex(whole.parts()));
    }
    expect(wrong).toEqual([]);
  });

  test('a proof of an entry before the cut is refused by name (prove it from its archive)', () => {
    const cut = 37;
    const frontier = perfectParts(0, cut).map(([level, index]) => mthRange(index * 2 ** level, (index + 1) * 2 ** level));
    const perfect = perfectAcross(cut, frontier, (level, index) => mthOf(leaves, index * 2 ** level, (index + 1) * 2 ** level));
    expect(() => inclusionRanges(3, 60).map(([lo, hi]) => rangeHash(lo, hi, perfect))).toThrow(ArchivedEntryError);
    expect(() => perfectAcross(cut, frontier.slice(1), () => leaves[0])).toThrow(RangeError);
  });
});

// The suppression rules on hand-made cubes (no database): what is withheld, and why.
import { describe, expect, test } from 'vitest';
import { type CubeCell, suppressCube } from '../server/src/modules/statistics/suppression';

/** Cells of a two-dimension cube (prefecture, age band) from [prefecture, age, people]; revenue 1,000 yen a head. */
function cube(rows: [string | null, string | null, number][]): CubeCell[] {
  return rows.map(([p, a, n]) => ({ mask: (p ? 1 : 0) | (a ? 2 : 0), values: [p, a], customers: n, orders: n, revenue: n * 1000 }));
}
const key = (p: string | null, a: string | null) => JSON.stringify([p, a]);
/** The suppressed cells as [prefecture, age] keys, sorted. */
const hiddenOf = (cells: CubeCell[], opts: { k: number; disjoint: boolean[] }) => [...suppressCube(cells, opts)].map((c) => JSON.stringify(c.values)).sort();

describe('suppressing small groups in a cube', () => {
  test('a lone cell below k under a published parent takes its smallest sibling with it', () => {
    const cells = cube([[null, null, 23], ['東京都', null, 12], ['大阪府', null, 8], ['鳥取県', null, 3], [null, '30s', 23],
      ['東京都', '30s', 12], ['大阪府', '30s', 8], ['鳥取県', '30s', 3]]);
    const hidden = hiddenOf(cells, { k: 5, disjoint: [true, true] });
    // 鳥取県 (3) is below k; 大阪府 (8, smaller than 東京都) goes with it; each 30s cell is its prefecture again.
    expect(hidden).toEqual([key('大阪府', null), key('鳥取県', null), key('大阪府', '30s'), key('鳥取県', '30s')].sort());
  });

  test('a cell that equals its parent cannot be withheld alone: the parent is withheld too', () => {
    // 鳥取県: 5 in their 40s and 1 in their 70s; nobody else is in their 40s, so "40s" = "鳥取県 40s".
    const cells = cube([[null, null, 17], ['東京都', null, 11], ['鳥取県', null, 6], [null, '30s', 11], [null, '40s', 5], [null, '70s', 1],
      ['東京都', '30s', 11], ['鳥取県', '40s', 5], ['鳥取県', '70s', 1]]);
    const hidden = hiddenOf(cells, { k: 5, disjoint: [true, true] });
    expect(hidden).toEqual([key(null, '40s'), key(null, '70s'), key('鳥取県', '40s'), key('鳥取県', '70s')].sort());
  });

  test('along a dimension where one person appears in several groups, two children below k together are not enough', () => {
    // Months: people buy in several, so the suppressed months' people may be the same ones.
    const cells: CubeCell[] = [
      { mask: 0, values: [null], customers: 12, orders: 20, revenue: 20_000 },
      { mask: 1, values: ['2026-01'], customers: 10, orders: 12, revenue: 12_000 },
      { mask: 1, values: ['2026-02'], customers: 3, orders: 4, revenue: 4_000 },
      { mask: 1, values: ['2026-03'], customers: 3, orders: 4, revenue: 4_000 },
    ];
    expect(hiddenOf(cells, { k: 5, disjoint: [false] })).toEqual(['["2026-01"]', '["2026-02"]', '["2026-03"]']);
  });
});

// The suppression rules on hand-made cubes (no database): what is withheld, and why.
import { describe, expect, test } from 'vitest';
import { type CubeCell, suppressBoth, suppressCube } from '../server/src/modules/statistics/suppression';

/** Cells of a two-dimension cube (prefecture, age band) from [prefecture, age, people]; revenue 1,000 yen a head. */
function cube(rows: [string | null, string | null, number][]): CubeCell[] {
  return rows.map(([p, a, n]) => ({ mask: (p ? 1 : 0) | (a ? 2 : 0), values: [p, a], customers: n, orders: n, revenue: n * 1000, top: 1000 }));
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
      { mask: 0, values: [null], customers: 12, orders: 20, revenue: 20_000, top: 2_000 },
      { mask: 1, values: ['2026-01'], customers: 10, orders: 12, revenue: 12_000, top: 2_000 },
      { mask: 1, values: ['2026-02'], customers: 3, orders: 4, revenue: 4_000, top: 2_000 },
      { mask: 1, values: ['2026-03'], customers: 3, orders: 4, revenue: 4_000, top: 2_000 },
    ];
    expect(hiddenOf(cells, { k: 5, disjoint: [false] })).toEqual(['["2026-01"]', '["2026-02"]', '["2026-03"]']);
  });
});

/** One dimension (prefecture) of [prefecture, people, revenue, largest customer's revenue]; the total added. */
function prefectures(rows: [string, number, number, number][]): CubeCell[] {
  const total = rows.reduce((t, [, n, r, top]) => ({ n: t.n + n, r: t.r + r, top: Math.max(t.top, top) }), { n: 0, r: 0, top: 0 });
  return [{ mask: 0, values: [null], customers: total.n, orders: total.n, revenue: total.r, top: total.top },
    ...rows.map(([p, n, r, top]) => ({ mask: 1, values: [p], customers: n, orders: n, revenue: r, top }))];
}
const names = (set: ReadonlySet<CubeCell>) => [...set].map((c) => c.values[0] ?? 'total').sort();

describe('dominance (p% rule) on revenue', () => {
  test('a group of six whose revenue one customer dominates is counted, its revenue withheld, with the dominated total', async () => {
    const cells = prefectures([['A', 6, 55_000, 50_000], ['B', 10, 10_000, 1_000], ['C', 8, 8_000, 1_000]]);
    const { people, revenue } = await suppressBoth(cells, 5, [true]);
    expect(names(people)).toEqual([]);
    expect(names(revenue)).toEqual(['A', 'total']);
  });

  test('under a published total, complements are withheld until their union is no longer dominated', async () => {
    // Total 255,000, its largest customer 50,000: publishable. A alone would be total − B − C − D.
    const big = prefectures([['A', 6, 55_000, 50_000], ['B', 10, 10_000, 1_000], ['C', 8, 8_000, 1_000], ['D', 200, 200_000, 1_000]]);
    const { revenue } = await suppressBoth(big, 5, [true]);
    // A + C (63,000, 79 % one customer's), then A + B + C (73,000, 68 %): both still dominated; with D the union is
    // the total itself, 20 % his: the total stays, the four groups go.
    expect(names(revenue)).toEqual(['A', 'B', 'C', 'D']);
    // With a fifth small group (the smallest, so the first complement) whose spending is spread, the union A + E
    // (110,000, 45 % one customer's) is not dominated: B, C and D stay.
    const spread = prefectures([['A', 6, 55_000, 50_000], ['B', 10, 10_000, 1_000], ['C', 8, 8_000, 1_000], ['D', 200, 200_000, 1_000], ['E', 7, 55_000, 8_000]]);
    expect(names((await suppressBoth(spread, 5, [true])).revenue)).toEqual(['A', 'E']);
  });
});

describe('a larger k only withholds more', () => {
  test('on 200 random two-dimension cubes, every k from 6 to 12 withholds everything k = 5 withholds, in both patterns', async () => {
    let seed = 42;
    const next = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
    for (let round = 0; round < 200; round++) {
      const rows: [string, string, number][] = [];
      for (const p of ['東京都', '大阪府', '鳥取県', '島根県']) for (const a of ['20s', '30s', '40s']) rows.push([p, a, Math.floor(next() * 12)]);
      const people = (p: string | null, a: string | null) => rows.filter(([x, y]) => (p === null || x === p) && (a === null || y === a)).reduce((n, [, , k]) => n + k, 0);
      const cells: CubeCell[] = [];
      for (const p of [null, '東京都', '大阪府', '鳥取県', '島根県']) for (const a of [null, '20s', '30s', '40s']) {
        const n = people(p, a);
        const top = n ? 1_000 + Math.floor(next() * 20_000) : 0;
        cells.push({ mask: (p ? 1 : 0) | (a ? 2 : 0), values: [p, a], customers: n, orders: n, revenue: n ? top + (n - 1) * 1_000 : 0, top });
      }
      const base = await suppressBoth(cells, 5, [true, true], undefined, 1_000);
      for (let k = 6; k <= 12; k++) {
        const larger = await suppressBoth(cells, k, [true, true], base, 1_000);
        for (const c of base.people) expect(larger.people.has(c), `round ${round}, k ${k}`).toBe(true);
        for (const c of base.revenue) expect(larger.revenue.has(c), `round ${round}, k ${k}`).toBe(true);
        for (const c of larger.people) expect(larger.revenue.has(c)).toBe(true);
      }
    }
  });
});

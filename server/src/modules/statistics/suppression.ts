/**
 * Small-group suppression over a cube (every grouping of the query's dimensions, from the grand total
 * to the full breakdown). Pure: the numbers in, the suppressed cells out.
 *
 * Primary: a cell with fewer than k people is suppressed. Complementary: a "line" is a cell (the
 * parent) and its children along one dimension; since parent = Σ children for the additive numbers,
 *  - under a published parent, the suppressed children must be none, or at least two holding at least
 *    k people together (what subtraction reveals is then a group of k or more);
 *  - under a suppressed parent, at least one child must be suppressed (else the parent is their sum).
 * Cuboids are settled from the fewest dimensions up, and a cell's fate depends only on cuboids below
 * it, so the same cell is suppressed alike in every query that shows it: a query cannot undo the
 * suppression of another by differencing their published cells.
 */
export interface CubeCell {
  /** Bit i set: dimension i of the query's (canonically ordered) dimensions is grouped. */
  mask: number;
  /** One value per dimension; null where not grouped (and for the "none" group of a grouped one). */
  values: (string | null)[];
  customers: number;
  orders: number;
  revenue: number;
}

export interface SuppressionOptions {
  k: number;
  /** Per dimension: whether its values split people into disjoint groups (a person has one prefecture, but orders in many months). */
  disjoint: boolean[];
}

export const cellKey = (mask: number, values: (string | null)[]) => `${mask}|${JSON.stringify(values)}`;
const keys = new WeakMap<CubeCell, string>();
const keyOf = (c: CubeCell) => keys.get(c) ?? keys.set(c, cellKey(c.mask, c.values)).get(c)!;
const bits = (mask: number, n: number) => Array.from({ length: n }, (_, i) => i).filter((i) => mask & (1 << i));
const popcount = (mask: number) => mask.toString(2).replace(/0/g, '').length;

function parentKey(c: CubeCell, d: number): string {
  const values = [...c.values];
  values[d] = null;
  return cellKey(c.mask & ~(1 << d), values);
}

/** The keys of the cells to suppress. */
export function suppressCube(cells: CubeCell[], opts: SuppressionOptions): Set<string> {
  const n = opts.disjoint.length;
  const byKey = new Map(cells.map((c) => [keyOf(c), c]));
  const suppressed = new Set<string>();
  const masks = [...new Set(cells.map((c) => c.mask))].sort((a, b) => popcount(a) - popcount(b) || a - b);
  for (const mask of masks) {
    const members = cells.filter((c) => c.mask === mask).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
    for (const c of members) if (c.customers < opts.k) suppressed.add(keyOf(c));
    const lines = new Map<string, { d: number; parent: string; children: CubeCell[] }>();
    const lineKey = (d: number, parent: string) => `${d}#${parent}`;
    for (const c of members) {
      for (const d of bits(mask, n)) {
        const key = lineKey(d, parentKey(c, d));
        if (!lines.has(key)) lines.set(key, { d, parent: parentKey(c, d), children: [] });
        lines.get(key)!.children.push(c);
      }
    }
    const published = (key: string) => byKey.has(key) && !suppressed.has(key);
    /** A cell that is its parent's only child along some dimension would be known from that parent. */
    const exposed = (c: CubeCell) => bits(mask, n).some((d) => {
      const line = lines.get(lineKey(d, parentKey(c, d)))!;
      return line.children.length === 1 && published(line.parent);
    });
    const queue = [...lines.keys()].sort();
    const queued = new Set(queue);
    while (queue.length) {
      const key = queue.shift()!;
      queued.delete(key);
      const { d, parent, children } = lines.get(key)!;
      const hidden = children.filter((c) => suppressed.has(keyOf(c)));
      const shown = children.filter((c) => !suppressed.has(keyOf(c)));
      if (!shown.length) continue;
      const hiddenPeople = opts.disjoint[d] ? hidden.reduce((s, c) => s + c.customers, 0) : Math.max(0, ...hidden.map((c) => c.customers));
      const safe = published(parent) ? hidden.length === 0 || (hidden.length >= 2 && hiddenPeople >= opts.k) : hidden.length > 0;
      if (safe) continue;
      const pick = shown.sort((a, b) => Number(exposed(a)) - Number(exposed(b)) || a.customers - b.customers || (keyOf(a) < keyOf(b) ? -1 : 1))[0];
      suppressed.add(keyOf(pick));
      for (const again of [key, ...bits(mask, n).map((dd) => lineKey(dd, parentKey(pick, dd)))]) {
        if (!queued.has(again)) { queue.push(again); queued.add(again); }
      }
    }
  }
  return suppressed;
}

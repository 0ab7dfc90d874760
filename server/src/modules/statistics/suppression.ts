/**
 * Small-group suppression over the whole cube (every grouping of every dimension, from the grand total
 * to the full breakdown), so that every query reads the same published cells: a query cannot undo
 * another's suppression by differencing. Pure: the numbers in, the suppressed cells out.
 *
 * Primary: a cell with fewer than k people is suppressed. Complementary: a "line" is a cell (the
 * parent) with its children along one dimension, and parent = Σ children for the additive numbers.
 *  - Under a published parent, the suppressed children must be none, or at least two that together
 *    hold at least k people: subtraction then reveals a group of k or more, never one cell.
 *  - Under a suppressed parent, at least one child must be suppressed, or the parent is their sum.
 * A violated line suppresses one more child (the one whose suppression breaks the fewest other lines,
 * then the smallest), or its parent when every child is already suppressed, until no line is violated.
 */
export interface CubeCell {
  /** Bit i set: dimension i is grouped. */
  mask: number;
  /** One value per dimension; null where not grouped (and for the "none" group of a grouped one). */
  values: (string | null)[];
  customers: number;
  orders: number;
  revenue: number;
}

export interface SuppressionOptions {
  k: number;
  /** Per dimension: whether its values split people into disjoint groups (one prefecture each, but orders in many months). */
  disjoint: boolean[];
}

interface Line { d: number; parent: number; children: number[] }

/** The cells to suppress (the same objects as given). */
export function suppressCube(cells: CubeCell[], opts: SuppressionOptions): Set<CubeCell> {
  const n = opts.disjoint.length;
  // Cells as numbers (mixed radix over each dimension's sorted values): a cube of a few thousand
  // customers has hundreds of thousands of cells, and string keys would dominate the work.
  const codes = Array.from({ length: n }, (_, d) => new Map([...new Set(cells.map((c) => c.values[d]).filter((v): v is string => v !== null))].sort().map((v, i) => [v, i + 1])));
  const weights: number[] = [];
  let span = 1;
  for (let d = 0; d < n; d++) { weights.push(span); span *= codes[d].size + 2; }
  const code = (c: CubeCell, d: number) => (c.mask & (1 << d) ? (c.values[d] === null ? codes[d].size + 1 : codes[d].get(c.values[d]!)!) : 0);
  const keys = cells.map((c) => c.mask * span + c.values.reduce((sum, _, d) => sum + code(c, d) * weights[d], 0));
  const index = new Map(keys.map((k, i) => [k, i]));
  const lines: Line[] = [];
  const lineIndex = new Map<number, number>();
  const linesOf: number[][] = cells.map(() => []);
  cells.forEach((c, i) => {
    for (let d = 0; d < n; d++) {
      if (!(c.mask & (1 << d))) continue;
      const parentKey = keys[i] - (1 << d) * span - code(c, d) * weights[d];
      const lineKey = parentKey * n + d;
      let l = lineIndex.get(lineKey);
      if (l === undefined) {
        const parent = index.get(parentKey);
        if (parent === undefined) throw new Error('a cube cell without its parent');
        l = lines.push({ d, parent, children: [] }) - 1;
        lineIndex.set(lineKey, l);
        linesOf[parent].push(l);
      }
      lines[l].children.push(i);
      linesOf[i].push(l);
    }
  });

  const suppressed = new Uint8Array(cells.length);
  cells.forEach((c, i) => { if (c.customers < opts.k) suppressed[i] = 1; });
  const people = (i: number) => cells[i].customers;
  /** Lines a child's suppression would newly violate (a published parent with no suppressed child yet). */
  const breaks = (child: number, except: number) => linesOf[child].filter((l) => {
    const line = lines[l];
    return l !== except && line.parent !== child && !suppressed[line.parent] && !line.children.some((c) => suppressed[c]);
  }).length;

  // Lines in a fixed order, so that the same data always gives the same cells.
  const queue = [...lineIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
  const queued = new Uint8Array(lines.length).fill(1);
  for (let head = 0; head < queue.length; head++) {
    const l = queue[head];
    queued[l] = 0;
    const line = lines[l];
    const hidden = line.children.filter((c) => suppressed[c]);
    const shown = line.children.filter((c) => !suppressed[c]);
    let target = -1;
    if (suppressed[line.parent]) {
      if (!hidden.length) target = pick(shown, l);
    } else if (hidden.length) {
      const together = opts.disjoint[line.d] ? hidden.reduce((s, c) => s + people(c), 0) : Math.max(...hidden.map(people));
      if (hidden.length < 2 || together < opts.k) target = shown.length ? pick(shown, l) : line.parent;
    }
    if (target < 0) continue;
    suppressed[target] = 1;
    for (const again of [l, ...linesOf[target]]) {
      if (!queued[again]) { queue.push(again); queued[again] = 1; }
    }
  }
  return new Set(cells.filter((_, i) => suppressed[i]));

  function pick(candidates: number[], except: number): number {
    return candidates.map((c) => ({ c, breaks: breaks(c, except), people: people(c) }))
      .sort((a, b) => a.breaks - b.breaks || a.people - b.people || keys[a.c] - keys[b.c])[0].c;
  }
}

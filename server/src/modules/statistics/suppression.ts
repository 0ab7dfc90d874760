/**
 * Small-group and dominance suppression over the whole cube (every grouping of every dimension, from the
 * grand total to the full breakdown), so that every query reads the same published cells: a query cannot
 * undo another's suppression by differencing. Pure: the numbers in, the suppressed cells out.
 *
 * Two patterns: people (customers, orders) and revenue. Primary: a cell with fewer than k people is
 * suppressed in both; one whose revenue one customer dominates (the p% rule, schema/policy/statistics.ts)
 * has its revenue suppressed. Complementary: a "line" is a cell (the parent) with its
 * children along one dimension, and parent = Σ children for the additive numbers.
 *  - Under a published parent, the suppressed children must be none, or at least two that together hold
 *    at least k people (and, for revenue, whose revenue together no customer dominates): subtraction then
 *    reveals a group that could have been published, never one cell.
 *  - Under a suppressed parent, at least one child must be suppressed, or the parent is their sum.
 * A violated line suppresses one more child (the one whose suppression breaks the fewest other lines,
 * then the smallest), or its parent when every child is already suppressed, until no line is violated.
 *
 * A larger k starts from the cells suppressed at the policy's k (`alreadySuppressed`) and only adds: what
 * the policy's k withholds is withheld at every k, so no two queries with different k can be differenced.
 */
import { revenueDominated, STATISTICS_POLICY } from '../../../../schema/policy/statistics';

export interface CubeCell {
  /** Bit i set: dimension i is grouped. */
  mask: number;
  /** One value per dimension; null where not grouped (and for the "none" group of a grouped one). */
  values: (string | null)[];
  customers: number;
  orders: number;
  revenue: number;
  /** The revenue of the cell's largest customer (0 without revenue). */
  top: number;
}

export interface SuppressionOptions {
  k: number;
  /** Per dimension: whether its values split people into disjoint groups (one prefecture each, but orders in many months). */
  disjoint: boolean[];
  /** Cells suppressed whatever k is (those of the policy's k). */
  alreadySuppressed?: ReadonlySet<CubeCell>;
  /** Also suppress cells whose revenue one customer dominates, and unions of hidden children that are (the revenue pattern). */
  dominance?: boolean;
  /** Percent of the p% dominance rule (default: the policy's). */
  dominancePercent?: number;
}

/**
 * What is withheld at one k: `people` (customers and orders: the k rule) and `revenue` (the k rule and the
 * dominance rule: always a superset of `people`).
 */
export interface Suppressed {
  people: ReadonlySet<CubeCell>;
  revenue: ReadonlySet<CubeCell>;
}

/**
 * Both patterns at `k` (and the p% rule at `dominancePercent`, default the seed's), each starting from what
 * `base` withholds. The revenue pattern starts from the people pattern, so a group whose count is withheld
 * never shows its revenue.
 */
export async function suppressBoth(cells: CubeCell[], k: number, disjoint: boolean[], base?: Suppressed, sliceMs = 10, dominancePercent?: number): Promise<Suppressed> {
  const people = await suppressCubeSliced(cells, { k, disjoint, alreadySuppressed: base?.people }, sliceMs);
  const seed = new Set([...people, ...(base?.revenue ?? [])]);
  const revenue = await suppressCubeSliced(cells, { k, disjoint, alreadySuppressed: seed, dominance: true, dominancePercent }, sliceMs);
  return { people, revenue };
}

interface Line { d: number; parent: number; children: number[] }

/** The cells to suppress (the same objects as given). */
export function suppressCube(cells: CubeCell[], opts: SuppressionOptions): Set<CubeCell> {
  const run = suppression(cells, opts);
  let step = run.next();
  while (!step.done) step = run.next();
  return step.value;
}

/** The same, yielding to the event loop every few milliseconds (a large cube takes seconds): never a long block. */
export async function suppressCubeSliced(cells: CubeCell[], opts: SuppressionOptions, sliceMs = 10): Promise<Set<CubeCell>> {
  const run = suppression(cells, opts);
  let sliceStart = performance.now();
  for (let step = run.next(); ; step = run.next()) {
    if (step.done) return step.value;
    if (performance.now() - sliceStart < sliceMs) continue;
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  }
}

/** The work, yielding often (every 4 lines looked at) so that a caller may pause it between any two steps. */
function* suppression(cells: CubeCell[], opts: SuppressionOptions): Generator<void, Set<CubeCell>> {
  const n = opts.disjoint.length;
  const policy = { ...STATISTICS_POLICY, ...(opts.dominancePercent === undefined ? {} : { dominancePercent: opts.dominancePercent }) };
  // Cells as numbers (mixed radix over each dimension's sorted values): a cube of a few thousand
  // customers has hundreds of thousands of cells, and string keys would dominate the work.
  const codes: Map<string, number>[] = [];
  for (let d = 0; d < n; d++) {
    const seen = new Set<string>();
    for (const c of cells) if (c.values[d] !== null) seen.add(c.values[d]!);
    codes.push(new Map([...seen].sort().map((v, i) => [v, i + 1])));
    yield;
  }
  const weights: number[] = [];
  let span = 1;
  for (let d = 0; d < n; d++) { weights.push(span); span *= codes[d].size + 2; }
  const code = (c: CubeCell, d: number) => (c.mask & (1 << d) ? (c.values[d] === null ? codes[d].size + 1 : codes[d].get(c.values[d]!)!) : 0);
  const keys = new Float64Array(cells.length);
  const index = new Map<number, number>();
  for (let i = 0; i < cells.length; i++) {
    let key = cells[i].mask * span;
    for (let d = 0; d < n; d++) key += code(cells[i], d) * weights[d];
    keys[i] = key;
    index.set(key, i);
    if ((i & 1023) === 1023) yield;
  }
  const lines: Line[] = [];
  const lineIndex = new Map<number, number>();
  const linesOf: number[][] = cells.map(() => []);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
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
    if ((i & 255) === 255) yield;
  }

  const suppressed = new Uint8Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c.customers < opts.k || (opts.dominance && revenueDominated(c.revenue, c.top, policy)) || opts.alreadySuppressed?.has(c)) suppressed[i] = 1;
    if ((i & 4095) === 4095) yield;
  }
  const people = (i: number) => cells[i].customers;
  /** Lines a child's suppression would newly violate (a published parent with no suppressed child yet). */
  const breaks = (child: number, except: number) => linesOf[child].filter((l) => {
    const line = lines[l];
    return l !== except && line.parent !== child && !suppressed[line.parent] && !line.children.some((c) => suppressed[c]);
  }).length;
  /** Whether the hidden children of a line, taken together, are a group that could not be published. */
  const revealsTooMuch = (line: Line, hidden: number[]): boolean => {
    if (hidden.length < 2) return true;
    const disjoint = opts.disjoint[line.d];
    // People in several children (months, products) are counted once in the parent: the largest child bounds the union.
    const together = disjoint ? hidden.reduce((s, c) => s + people(c), 0) : Math.max(...hidden.map(people));
    if (together < opts.k) return true;
    if (!opts.dominance) return false;
    const revenue = hidden.reduce((s, c) => s + cells[c].revenue, 0);
    // The largest customer of the union: one of the children's largest, or (spending across several of them)
    // at most their sum, and never more than the parent's largest.
    const top = disjoint ? Math.max(...hidden.map((c) => cells[c].top))
      : Math.min(cells[line.parent].top, hidden.reduce((s, c) => s + cells[c].top, 0));
    return revenueDominated(revenue, top, policy);
  };

  // Lines in a fixed order, so that the same data always gives the same cells.
  const sortedKeys = new Float64Array(lineIndex.size);
  let at = 0;
  for (const key of lineIndex.keys()) {
    sortedKeys[at++] = key;
    if ((at & 16383) === 0) yield;
  }
  sortedKeys.sort(); // a typed array sorts numbers natively
  yield;
  const queue: number[] = [];
  for (let i = 0; i < sortedKeys.length; i++) {
    queue.push(lineIndex.get(sortedKeys[i])!);
    if ((i & 16383) === 16383) yield;
  }
  const queued = new Uint8Array(lines.length).fill(1);
  for (let head = 0; head < queue.length; head++) {
    if ((head & 3) === 3) yield;
    const l = queue[head];
    queued[l] = 0;
    const line = lines[l];
    const hidden = line.children.filter((c) => suppressed[c]);
    const shown = line.children.filter((c) => !suppressed[c]);
    let target = -1;
    if (suppressed[line.parent]) {
      if (!hidden.length) target = pick(shown, l);
    } else if (hidden.length && revealsTooMuch(line, hidden)) {
      target = shown.length ? pick(shown, l) : line.parent;
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

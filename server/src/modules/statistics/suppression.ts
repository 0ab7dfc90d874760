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

export const cellKey = (mask: number, values: (string | null)[]) => `${mask}|${JSON.stringify(values)}`;

interface Line { key: string; d: number; parent: string; children: string[] }

/** The keys of the cells to suppress. */
export function suppressCube(cells: CubeCell[], opts: SuppressionOptions): Set<string> {
  const n = opts.disjoint.length;
  const byKey = new Map(cells.map((c) => [cellKey(c.mask, c.values), c]));
  const lines = new Map<string, Line>();
  const linesOf = new Map<string, string[]>();
  const note = (cell: string, line: string) => { const l = linesOf.get(cell); if (l) l.push(line); else linesOf.set(cell, [line]); };
  for (const [key, c] of byKey) {
    for (let d = 0; d < n; d++) {
      if (!(c.mask & (1 << d))) continue;
      const values = [...c.values];
      values[d] = null;
      const parent = cellKey(c.mask & ~(1 << d), values);
      const lineKey = `${d}#${parent}`;
      if (!lines.has(lineKey)) {
        lines.set(lineKey, { key: lineKey, d, parent, children: [] });
        note(parent, lineKey);
      }
      lines.get(lineKey)!.children.push(key);
      note(key, lineKey);
    }
  }

  const suppressed = new Set([...byKey].filter(([, c]) => c.customers < opts.k).map(([key]) => key));
  const people = (key: string) => byKey.get(key)!.customers;
  /** Lines a child's suppression would newly violate (a published parent with no suppressed child yet). */
  const breaks = (child: string, except: string) => (linesOf.get(child) ?? []).filter((lk) => {
    const line = lines.get(lk)!;
    return lk !== except && line.parent !== child && !suppressed.has(line.parent) && !line.children.some((c) => suppressed.has(c));
  }).length;

  const queue = [...lines.keys()].sort();
  const queued = new Set(queue);
  while (queue.length) {
    const line = lines.get(queue.shift()!)!;
    queued.delete(line.key);
    const hidden = line.children.filter((c) => suppressed.has(c));
    const shown = line.children.filter((c) => !suppressed.has(c));
    let target: string | null = null;
    if (suppressed.has(line.parent)) {
      if (!hidden.length) target = pick(shown);
    } else if (hidden.length) {
      const together = opts.disjoint[line.d] ? hidden.reduce((s, c) => s + people(c), 0) : Math.max(...hidden.map(people));
      if (hidden.length < 2 || together < opts.k) target = shown.length ? pick(shown) : line.parent;
    }
    if (!target) continue;
    suppressed.add(target);
    for (const again of [line.key, ...(linesOf.get(target) ?? [])]) {
      if (!queued.has(again)) { queue.push(again); queued.add(again); }
    }

    function pick(candidates: string[]): string {
      return candidates.map((c) => ({ c, breaks: breaks(c, line.key), people: people(c) }))
        .sort((a, b) => a.breaks - b.breaks || a.people - b.people || (a.c < b.c ? -1 : 1))[0].c;
    }
  }
  return suppressed;
}

// `npx tsx bench/tools/heap-diff.ts <before.heapsnapshot> <after.heapsnapshot> [--paths N]`: what the second
// snapshot holds that the first did not. Groups nodes by kind and constructor (objects) or type (strings,
// arrays, code…), prints count and self-size deltas, then the objects allocated after the first snapshot
// that are still alive in the second (node ids grow monotonically), grouped the same way, with a sample
// retainer path for the largest groups. Used to find what grows in the soak (docs/operations.md).
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] } };
  nodes: number[]; edges: number[]; strings: string[];
}

class Heap {
  readonly s: Snapshot;
  readonly nf: number; readonly ef: number;
  readonly types: string[]; readonly edgeTypes: string[];
  readonly firstEdge: Uint32Array;
  private retainers?: { start: Uint32Array; list: Uint32Array; edgeOf: Uint32Array };

  constructor(file: string) {
    this.s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    const m = this.s.snapshot.meta;
    this.nf = m.node_fields.length; this.ef = m.edge_fields.length;
    this.types = m.node_types[0]; this.edgeTypes = m.edge_types[0];
    const n = this.count;
    this.firstEdge = new Uint32Array(n + 1);
    for (let i = 0, e = 0; i < n; i++) { this.firstEdge[i] = e; e += this.s.nodes[i * this.nf + 4] * this.ef; this.firstEdge[i + 1] = e; }
  }
  get count() { return this.s.nodes.length / this.nf; }
  type(i: number) { return this.types[this.s.nodes[i * this.nf]]; }
  name(i: number) { return this.s.strings[this.s.nodes[i * this.nf + 1]]; }
  id(i: number) { return this.s.nodes[i * this.nf + 2]; }
  size(i: number) { return this.s.nodes[i * this.nf + 3]; }
  group(i: number) {
    const t = this.type(i);
    if (t === 'object' || t === 'closure' || t === 'native' || t === 'hidden') return `${t}:${this.name(i).slice(0, 60)}`;
    if (t === 'array' || t === 'object shape') return `${t}:${this.name(i).slice(0, 40)}`;
    return t;
  }
  label(i: number) { const t = this.type(i); return t === 'string' ? `"${this.name(i).slice(0, 50)}"` : `${t}:${this.name(i).slice(0, 50)}@${this.id(i)}`; }
  /** Reverse edges: for each node, the (node, edge) pairs that point at it. */
  private buildRetainers() {
    const n = this.count; const { edges } = this.s; const ef = this.ef;
    const counts = new Uint32Array(n + 1);
    for (let e = 0; e < edges.length; e += ef) counts[edges[e + 2] / this.nf]++;
    const start = new Uint32Array(n + 1);
    for (let i = 0; i < n; i++) start[i + 1] = start[i] + counts[i];
    const fill = start.slice(); const list = new Uint32Array(edges.length / ef); const edgeOf = new Uint32Array(edges.length / ef);
    for (let i = 0; i < n; i++) for (let e = this.firstEdge[i]; e < this.firstEdge[i + 1]; e += ef) {
      const to = edges[e + 2] / this.nf; list[fill[to]] = i; edgeOf[fill[to]++] = e;
    }
    this.retainers = { start, list, edgeOf };
  }
  edgeName(e: number) {
    const t = this.edgeTypes[this.s.edges[e]]; const v = this.s.edges[e + 1];
    return t === 'element' || t === 'hidden' ? `[${v}]` : `${t === 'weak' ? '(weak)' : ''}${this.s.strings[v]}`;
  }
  /** A path of strong retainers from node i towards the root (breadth first, shortest). */
  pathToRoot(i: number, max = 14): string {
    if (!this.retainers) this.buildRetainers();
    const { start, list, edgeOf } = this.retainers!;
    const prev = new Map<number, [number, number]>([[i, [-1, -1]]]);
    let frontier = [i]; let root = -1;
    for (let depth = 0; depth < 40 && frontier.length && root < 0; depth++) {
      const next: number[] = [];
      for (const x of frontier) {
        for (let k = start[x]; k < start[x + 1]; k++) {
          const from = list[k]; const e = edgeOf[k];
          const et = this.edgeTypes[this.s.edges[e]];
          if (et === 'weak' || prev.has(from)) continue;
          prev.set(from, [x, e]);
          if (from === 0 || this.name(from).startsWith('(GC roots)') || this.type(from) === 'synthetic') { root = from; break; }
          next.push(from);
        }
        if (root >= 0) break;
      }
      frontier = next;
    }
    if (root < 0) return '(no strong path found)';
    const parts: string[] = [];
    for (let x = root; x !== i && parts.length < 200;) { const [to, e] = prev.get(x)!; parts.push(`${this.label(x)} .${this.edgeName(e)}`); x = to; }
    return [...parts.slice(-max), this.label(i)].join('\n      → ');
  }
}

function tally(h: Heap, only?: (i: number) => boolean) {
  const out = new Map<string, { n: number; bytes: number; sample: number }>();
  for (let i = 0; i < h.count; i++) {
    if (only && !only(i)) continue;
    const g = h.group(i); const t = out.get(g);
    if (t) { t.n++; t.bytes += h.size(i); } else out.set(g, { n: 1, bytes: h.size(i), sample: i });
  }
  return out;
}

const [beforeFile, afterFile, ...rest] = process.argv.slice(2);
if (!afterFile) { console.error('usage: heap-diff.ts before.heapsnapshot after.heapsnapshot [--paths N]'); process.exit(2); }
const paths = rest[0] === '--paths' ? Number(rest[1]) : 8;
const before = new Heap(beforeFile);
const after = new Heap(afterFile);
const kb = (b: number) => `${(b / 1024).toFixed(0)} kB`;
const total = (h: Heap) => { let b = 0; for (let i = 0; i < h.count; i++) b += h.size(i); return b; };
console.log(`nodes ${before.count} → ${after.count}; self size ${kb(total(before))} → ${kb(total(after))}`);

const a = tally(before); const b = tally(after);
const rows = [...new Set([...a.keys(), ...b.keys()])].map((g) => ({ g, dn: (b.get(g)?.n ?? 0) - (a.get(g)?.n ?? 0), db: (b.get(g)?.bytes ?? 0) - (a.get(g)?.bytes ?? 0), n: b.get(g)?.n ?? 0 }));
console.log('\nlargest self-size growth by group (delta count, delta bytes, count after):');
for (const r of rows.sort((x, y) => y.db - x.db).slice(0, 30)) console.log(`  ${kb(r.db).padStart(9)} ${String(r.dn).padStart(8)} ${String(r.n).padStart(8)}  ${r.g}`);

let maxId = 0;
// JavaScript heap objects only: the embedder's (native, synthetic) nodes take ids from another range.
const js = (h: Heap, i: number) => h.type(i) !== 'native' && h.type(i) !== 'synthetic';
for (let i = 0; i < before.count; i++) if (js(before, i)) maxId = Math.max(maxId, before.id(i));
const born = tally(after, (i) => js(after, i) && after.id(i) > maxId);
console.log(`\nallocated after the first snapshot and alive in the second (ids > ${maxId}):`);
const bornRows = [...born].sort((x, y) => y[1].bytes - x[1].bytes);
console.log(`  total ${kb(bornRows.reduce((n, [, t]) => n + t.bytes, 0))} in ${bornRows.reduce((n, [, t]) => n + t.n, 0)} nodes`);
for (const [g, t] of bornRows.slice(0, 30)) console.log(`  ${kb(t.bytes).padStart(9)} ${String(t.n).padStart(8)}  ${g}`);
console.log('\nsample retainer paths of the largest new groups:');
for (const [g, t] of bornRows.slice(0, paths)) console.log(`  ${g}:\n      ${after.pathToRoot(t.sample)}`);

// A structure that grows in place (an array, a Map's table) is one node reallocated larger: its largest new nodes.
const single: number[] = [];
for (let i = 0; i < after.count; i++) if (js(after, i) && after.id(i) > maxId && after.type(i) !== 'code') single.push(i);
single.sort((x, y) => after.size(y) - after.size(x));
console.log('\nlargest single new nodes (not code), with a retainer path:');
for (const i of single.slice(0, paths)) console.log(`  ${kb(after.size(i))} ${after.label(i)}\n      ${after.pathToRoot(i)}`);

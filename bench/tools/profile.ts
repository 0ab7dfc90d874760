// `npx tsx bench/tools/profile.ts [--server mamori,floor] [--customers 100] [--orders] [--load 1c20i] [--clients 10] [--seconds 15]
// [--warmup 5000] [--checkpoints 1]`: one throughput load against each server (Mamori as served, `mamori-policy-trail-off`,
// or the floor), its main thread profiled in process (bench/servers/profile-probe.ts) from the end of the warm-up to
// the end of the load — no start-up, no first JIT. Prints self time per request by function and by file or package,
// side by side when several servers are named (functions of node and of shared packages line up: pg, GC, writev).
// Tells where a request's time goes before anyone guesses; not a figure of the bench (the profiler costs CPU too).
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_SECRET, sharedDatabase } from '../lib/fixture';
import { dropAllBenchDatabases } from '../lib/database';
import { load, type Target } from '../lib/load';
import { loginAs } from '../lib/mamori';
import { profileProbe, startServerProcess } from '../lib/processes';
import { floorTarget, mamoriPage, mamoriTarget, type PageShape } from '../lib/queries';
import { busyCustomer, loadNamed, loadTarget } from '../lib/loads';

const { values } = parseArgs({
  options: {
    server: { type: 'string', default: 'mamori' },
    customers: { type: 'string', default: '100' }, orders: { type: 'boolean', default: false },
    /** One of the speed tools' loads instead of a customer page (bench/lib/loads.ts: 50o, 1c20i, 100i, …); its clients unless --clients. */
    load: { type: 'string' },
    clients: { type: 'string' }, seconds: { type: 'string', default: '15' }, top: { type: 'string', default: '40' },
    /** Requests before the profile starts (JIT warm, pools full). */
    warmup: { type: 'string', default: '5000' },
    /** Seconds between signed checkpoints (as the sealing suite runs them); none when absent. Mamori only. */
    checkpoints: { type: 'string' },
    /** Self time of the functions whose name contains this, by the function that called them (e.g. `--callers get`). */
    callers: { type: 'string' },
    /** A directory to write each server's profile to (<server>.cpuprofile: opens in Chrome's DevTools). */
    keep: { type: 'string' },
    /** Node flags added to each server's (after npm start's for Mamori: a later V8 flag wins), e.g. "--max-semi-space-size=16". */
    'node-flags': { type: 'string' },
    /** Bytes allocated per request by function (a sampling allocation profile, collected objects included), not CPU. */
    alloc: { type: 'boolean', default: false },
  },
});

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }
interface HeapNode { callFrame: ProfileNode['callFrame']; selfSize: number; children: HeapNode[] }
interface HeapProfile { head: HeapNode }
const unit = values.alloc ? 'bytes' : 'µs';
/** Self time in µs (or bytes allocated, --alloc) per request, by function and by file or package; busy = the total, idle left out. */
interface Summary { name: string; requests: number; busy: number; byFunction: Map<string, number>; byFile: Map<string, number>; byCaller: Map<string, number> }

type Kind = 'mamori' | 'mamori-policy-trail-off' | 'floor';
const kinds = values.server.split(',') as Kind[];
for (const k of kinds) if (!['mamori', 'mamori-policy-trail-off', 'floor'].includes(k)) throw new Error(`--server: unknown ${k}`);
const shape: PageShape = { customers: Number(values.customers), orders: values.orders! };
const named = values.load ? loadNamed(values.load) : null;
const clients = Number(values.clients ?? named?.connections ?? 10);

const dir = mkdtempSync(join(tmpdir(), 'mamori-profile-'));
try {
  const db = await sharedDatabase((m) => console.error(m));
  const customer = named ? await busyCustomer(db.url) : 0;
  const summaries: Summary[] = [];
  for (const kind of kinds) summaries.push(await profileOne(kind, db.url, customer));
  printSide(summaries, Number(values.top));
  // With checkpoints, the worker thread's whole-run profile (--cpu-prof; the main thread's is the probe's above).
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    console.log(`\n== ${file} (whole run, start-up included; µs per request over the profiled load)`);
    printSide([summarise(file, p, summaries[0].requests)], Number(values.top));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await dropAllBenchDatabases();
}

async function profileOne(kind: Kind, url: string, customer: number): Promise<Summary> {
  const env: Record<string, string> = { DATABASE_URL: url, MAMORI_SECRET: BENCH_SECRET, BENCH_PROFILE_PROBE: '1' };
  if (kind === 'mamori-policy-trail-off') Object.assign(env, { BENCH_POLICY_OFF: '1', BENCH_TRAIL_OFF: '1' });
  const nodeFlags: string[] = values['node-flags']?.split(/\s+/).filter(Boolean) ?? [];
  if (values.checkpoints && kind !== 'floor') {
    Object.assign(env, { BENCH_CHECKPOINT_SECONDS: values.checkpoints, BENCH_CHECKPOINT_DIR: mkdtempSync(join(dir, 'checkpoints-')) });
    nodeFlags.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
  }
  const server = await startServerProcess(kind === 'floor' ? 'floor' : 'mamori', env, [], { nodeFlags });
  try {
    const target: Target = named ? loadTarget(named, server.url, customer, kind === 'floor' ? undefined : await loginAs(server.url, named.role))
      : kind === 'floor' ? floorTarget(server.url, shape)
        : mamoriTarget(server.url, await loginAs(server.url, 'SUPPORT'), 'INQUIRY_RESPONSE', mamoriPage(shape));
    await load(target, clients, Number(values.warmup));
    await profileProbe(server, 'start', values.alloc);
    const started = performance.now();
    let served = 0;
    while (performance.now() - started < Number(values.seconds) * 1000) served += (await load(target, clients, 1000)).ok;
    const { profile, gc } = await profileProbe(server, 'stop', values.alloc);
    const collections = Object.entries(gc ?? {}).map(([k, v]) => `${k} ${v.count} (${((1000 * v.ms) / served).toFixed(1)} µs per request)`).join(', ');
    console.error(`${kind}: ${served} requests profiled in ${((performance.now() - started) / 1000).toFixed(1)} s; collections: ${collections}`);
    if (values.keep) {
      mkdirSync(values.keep, { recursive: true });
      writeFileSync(join(values.keep, `${kind}.${values.alloc ? 'heapprofile' : 'cpuprofile'}`), JSON.stringify(profile));
    }
    return values.alloc ? summariseHeap(kind, profile as HeapProfile, served) : summarise(kind, profile as CpuProfile, served);
  } finally {
    await server.stop();
  }
}

type Framed = { callFrame: ProfileNode['callFrame'] };
/** Where a frame lives: a path in the repository, a package's, or node's. */
function fileOf(n: Framed): string {
  return n.callFrame.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
}
function nameOf(n: Framed): string {
  const where = fileOf(n);
  return `${n.callFrame.functionName || '(anonymous)'}  ${where}${where ? `:${n.callFrame.lineNumber + 1}` : ''}`;
}
/** The file, or the package for a package's. */
function areaOf(n: Framed): string {
  const where = fileOf(n);
  return where.startsWith('node_modules/') ? where.split('/').slice(0, where.startsWith('node_modules/@') ? 3 : 2).join('/') : where || n.callFrame.functionName;
}

function summariseHeap(name: string, p: HeapProfile, requests: number): Summary {
  const s: Summary = { name, requests, busy: 0, byFunction: new Map(), byFile: new Map(), byCaller: new Map() };
  const walk = (n: HeapNode, parent: HeapNode | null) => {
    const bytes = n.selfSize / requests;
    if (bytes) {
      s.busy += bytes;
      const key = nameOf(n);
      s.byFunction.set(key, (s.byFunction.get(key) ?? 0) + bytes);
      s.byFile.set(areaOf(n), (s.byFile.get(areaOf(n)) ?? 0) + bytes);
      if (values.callers && n.callFrame.functionName.includes(values.callers)) {
        const via = `${key}  <-  ${parent ? nameOf(parent) : '(root)'}`;
        s.byCaller.set(via, (s.byCaller.get(via) ?? 0) + bytes);
      }
    }
    for (const c of n.children) walk(c, n);
  };
  walk(p.head, null);
  return s;
}

function summarise(name: string, p: CpuProfile, requests: number): Summary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const byCaller = new Map<string, number>();
  const parents = new Map<number, ProfileNode>();
  for (const n of p.nodes) for (const c of n.children ?? []) parents.set(c, n);
  // The probe's own call that stops the profiler (and serialises it) is not the server's work.
  const probe = (n: ProfileNode | undefined): boolean => !!n && ((n.callFrame.functionName === 'post' && n.callFrame.url === 'node:inspector') || probe(parents.get(n.id)));
  let busy = 0;
  p.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)' || probe(n)) return;
    const dt = (p.timeDeltas[i] ?? 0) / requests;
    busy += dt;
    const key = nameOf(n);
    byFunction.set(key, (byFunction.get(key) ?? 0) + dt);
    if (values.callers && n.callFrame.functionName.includes(values.callers)) {
      const parent = parents.get(n.id);
      const via = `${key}  <-  ${parent ? nameOf(parent) : '(root)'}`;
      byCaller.set(via, (byCaller.get(via) ?? 0) + dt);
    }
    byFile.set(areaOf(n), (byFile.get(areaOf(n)) ?? 0) + dt);
  });
  return { name, requests, busy, byFunction, byFile, byCaller };
}

/** Each server's figures per request side by side, rows ordered by the largest of them. */
function printSide(s: Summary[], top: number): void {
  const head = s.map((x) => x.name.slice(0, 12).padStart(12)).join(' ');
  console.log(`\n${values.alloc ? 'bytes allocated' : 'busy µs'} per request (idle left out): ${s.map((x) => `${x.name} ${x.busy.toFixed(0)} (${x.requests} requests)`).join(', ')}`);
  const tables = [['self time by function', (x: Summary) => x.byFunction], ['self time by file or package', (x: Summary) => x.byFile]] as [string, (x: Summary) => Map<string, number>][];
  if (values.callers) tables.push([`self time of functions named *${values.callers}*, by caller`, (x) => x.byCaller]);
  for (const [title, pick] of tables) {
    console.log(`\n${title}, ${unit} per request\n${head}`);
    const keys = new Set(s.flatMap((x) => [...pick(x).keys()]));
    const rows = [...keys].map((k) => ({ k, v: s.map((x) => pick(x).get(k) ?? 0) })).sort((a, b) => Math.max(...b.v) - Math.max(...a.v));
    for (const r of rows.slice(0, top)) console.log(`${r.v.map((v) => v.toFixed(values.alloc ? 0 : 1).padStart(12)).join(' ')}  ${r.k}`);
  }
}

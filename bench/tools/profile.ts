// `npx tsx bench/tools/profile.ts [--customers 100] [--orders] [--clients 10] [--seconds 15] [--checkpoints 1]`: one throughput
// load against a Mamori process started with --cpu-prof; prints the functions with the most self time and the
// files they live in. Tells where a request's time goes before anyone guesses; not a figure of the bench.
import 'reflect-metadata';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_SECRET, sharedDatabase } from '../lib/fixture';
import { dropAllBenchDatabases } from '../lib/database';
import { load } from '../lib/load';
import { loginAs } from '../lib/mamori';
import { startServerProcess } from '../lib/processes';
import { mamoriPage, mamoriTarget } from '../lib/queries';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100' }, orders: { type: 'boolean', default: false },
    clients: { type: 'string', default: '10' }, seconds: { type: 'string', default: '15' }, top: { type: 'string', default: '40' },
    /** Seconds between signed checkpoints (as the sealing suite runs them); none when absent. */
    checkpoints: { type: 'string' },
  },
});

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const dir = mkdtempSync(join(tmpdir(), 'mamori-profile-'));
try {
  const db = await sharedDatabase((m) => console.error(m));
  const env: Record<string, string> = { DATABASE_URL: db.url, MAMORI_SECRET: BENCH_SECRET };
  if (values.checkpoints) Object.assign(env, { BENCH_CHECKPOINT_SECONDS: values.checkpoints, BENCH_CHECKPOINT_DIR: mkdtempSync(join(dir, 'checkpoints-')) });
  const server = await startServerProcess('mamori', env, [], { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  try {
    const token = await loginAs(server.url, 'SUPPORT');
    const target = mamoriTarget(server.url, token, 'INQUIRY_RESPONSE', mamoriPage({ customers: Number(values.customers), orders: values.orders! }));
    await load(target, Number(values.clients), 500);
    const started = performance.now();
    let served = 0;
    while (performance.now() - started < Number(values.seconds) * 1000) served += (await load(target, Number(values.clients), 1000)).ok;
    console.error(`${served} requests in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await server.stop();
  }
  // One profile per thread (the server's, and the checkpointer's worker when checkpoints are on).
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (!files.length) throw new Error('the server wrote no profile');
  for (const file of files) {
    console.log(`\n== ${file}`);
    printTop(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile, Number(values.top));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await dropAllBenchDatabases();
}

function printTop(p: CpuProfile, top: number): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const where = n.callFrame.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
    const key = `${n.callFrame.functionName || '(anonymous)'}  ${where}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    const area = where.startsWith('node_modules/') ? where.split('/').slice(0, where.startsWith('node_modules/@') ? 3 : 2).join('/') : where || n.callFrame.functionName;
    files.set(area, (files.get(area) ?? 0) + dt);
  });
  const pct = (v: number) => `${((100 * v) / total).toFixed(1).padStart(5)} %`;
  console.log('self time by function');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`);
  console.log('\nself time by file or package');
  for (const [k, v] of [...files].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`);
}

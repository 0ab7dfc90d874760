// `npx tsx bench/tools/cpu-per-request.ts [--requests 3000] [--only 100c,100co,...]`: CPU time per request of each
// party — the server process (all its threads), PostgreSQL (every backend and helper of the local cluster) and the
// load generator (this process) — for the floor and for Mamori (as served, policy off, policy and trail off), on
// the four throughput loads and the three #18 read loads. CPU time per request barely moves with the machine's
// load, unlike requests per second: this tells which party a change must make cheaper, and by how much.
// Measure `mamori-sealed` in a run of its own: its checkpointer signs whatever any other server records.
// `--threads`: the sealed server's CPU split into its main thread, the checkpointer's worker thread (the one at
// nice 10) and the rest (V8's and libuv's helpers), and the checkpointer's own backend apart from the others.
import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_SECRET, sharedDatabase, sharedServer, tokenFor, type ServerKind } from '../lib/fixture';
import { dropAllBenchDatabases } from '../lib/database';
import { load } from '../lib/load';
import { busyCustomer, LOADS, loadTarget } from '../lib/loads';
import { startServerProcess, stopAllServerProcesses, type ServerProcess } from '../lib/processes';
import { backendsCpu, backendsDelta, processCpu, selfCpu, statFields, TICK_US } from '../lib/cpu';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '3000' }, only: { type: 'string' }, kinds: { type: 'string' }, threads: { type: 'boolean', default: false } } });
const REQUESTS = Number(values.requests);

/** CPU (µs) of a server's main thread and of its checkpointer's worker (the thread at nice 10, checkpointer-worker.ts). */
function threadsCpu(pid: number): { main: number; mainSys: number; worker: number; others: Map<number, number> } {
  const out = { main: 0, mainSys: 0, worker: 0, others: new Map<number, number>() };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const f = statFields(`/proc/${pid}/task/${tid}/stat`);
    const cpu = (Number(f[11]) + Number(f[12])) * TICK_US;
    if (Number(tid) === pid) { out.main += cpu; out.mainSys += Number(f[12]) * TICK_US; }
    else if (Number(f[16]) === 10) out.worker += cpu;
    else out.others.set(Number(tid), cpu);
  }
  return out;
}

/** The backend of the trail checkpointer's connection (checkpointer.ts names it), if it holds one now. */
async function checkpointerBackend(url: string): Promise<number | null> {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`select pid from pg_stat_activity where application_name = 'mamori-trail-checkpointer'`);
    return rows[0]?.pid ?? null;
  } finally {
    await c.end();
  }
}

const only = values.only ? new Set(values.only.split(',')) : null;
/** `mamori-sealed`: Mamori signing a checkpoint every BENCH_SEAL_SECONDS (default 1 s, as the sealing suite runs it). */
type Kind = ServerKind | 'mamori-sealed';
const kinds = (values.kinds?.split(',') ?? ['floor', 'mamori', 'mamori-policy-trail-off']) as Kind[];
try {
  const db = await sharedDatabase((m) => console.error(m));
  const dbName = new URL(db.url).pathname.slice(1);
  const busy = await busyCustomer(db.url);
  const servers = new Map<Kind, ServerProcess>();
  for (const k of kinds) {
    servers.set(k, k === 'mamori-sealed'
      ? await startServerProcess('mamori', { DATABASE_URL: db.url, MAMORI_SECRET: BENCH_SECRET, BENCH_CHECKPOINT_SECONDS: process.env.BENCH_SEAL_SECONDS ?? '1',
        BENCH_CHECKPOINT_DIR: mkdtempSync(join(tmpdir(), 'mamori-cpu-checkpoints-')) })
      : await sharedServer(k, (m) => console.error(m)));
  }
  const tokens = new Map<string, string>();
  console.log(`CPU µs per request (${REQUESTS} requests each; server = its process, pg = the database's backends, gen = the load generator)`);
  console.log(['load', ...kinds.map((k) => `${k}: server / pg / gen / total`)].join(' | '));
  for (const l of LOADS) {
    if (only && !only.has(l.key)) continue;
    const cells: string[] = [];
    for (const k of kinds) {
      const s = servers.get(k)!;
      const tk = `${k}|${l.role}`;
      if (k !== 'floor' && !tokens.has(tk)) tokens.set(tk, await tokenFor(s, l.role));
      const target = loadTarget(l, s.url, busy, tokens.get(tk));
      await load(target, l.connections, Math.min(500, REQUESTS / 4)); // warm-up
      // A checkpointer catches up with the warm-up's entries (and any earlier run's) before the measurement.
      if (k === 'mamori-sealed') await new Promise((r) => setTimeout(r, 3000));
      const before = { server: processCpu(s.child.pid!), pg: backendsCpu(dbName), gen: selfCpu(), threads: threadsCpu(s.child.pid!) };
      const r = await load(target, l.connections, REQUESTS);
      // The checkpointer (nice 10) lags under load: its work for these requests counts once it has signed them.
      if (k === 'mamori-sealed') await signedUpTo(db.url, Date.now() + 120_000 + 1000 * Number(process.env.BENCH_SEAL_SECONDS ?? 1));
      const per = (a: number, b: number) => (a - b) / r.ok;
      const pgAfter = backendsCpu(dbName);
      const server = per(processCpu(s.child.pid!), before.server), pgc = backendsDelta(before.pg, pgAfter) / r.ok, gen = per(selfCpu(), before.gen);
      if (r.errors) console.error(`${l.name} ${k}: ${r.errors} errors`);
      cells.push(`${server.toFixed(0)} / ${pgc.toFixed(0)} / ${gen.toFixed(0)} / ${(server + pgc + gen).toFixed(0)}`);
      if (values.threads) {
        const t = threadsCpu(s.child.pid!);
        const main = per(t.main, before.threads.main), worker = per(t.worker, before.threads.worker);
        const backend = await checkpointerBackend(db.url);
        // No checkpointer (or its connection changed during the run: then NaN, not a wrong split).
        const own = backend === null ? 0 : before.pg.has(backend) && pgAfter.has(backend) ? (pgAfter.get(backend)! - before.pg.get(backend)!) / r.ok : NaN;
        console.error(`${l.name} ${k}, µs per request: main thread ${main.toFixed(0)} (system ${per(t.mainSys, before.threads.mainSys).toFixed(0)}), checkpointer thread ${worker.toFixed(0)}, `
          + `other threads ${(server - main - worker).toFixed(0)}; checkpointer's backend ${own.toFixed(0)}, other backends ${(pgc - own).toFixed(0)}`);
        const others = [...t.others].map(([tid, cpu]) => [tid - s.child.pid!, per(cpu, before.threads.others.get(tid) ?? 0)]).filter(([, v]) => v >= 1);
        console.error(`  other threads by thread id − pid: ${others.map(([d, v]) => `+${d}: ${v.toFixed(0)}`).join(', ')}`);
      }
    }
    console.log([l.name, ...cells].join(' | '));
  }
} finally {
  await stopAllServerProcesses();
  await dropAllBenchDatabases();
}

/** Waits until a checkpoint covers the trail's head as it is now (the sealed server's checkpointer caught up). */
async function signedUpTo(url: string, deadline: number): Promise<void> {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows: [head] } = await c.query(`select last_id from trail_head where singleton`);
    for (;;) {
      const { rows: [s] } = await c.query(`select coalesce(max(size), 0)::bigint as size from trail_checkpoint`);
      if (Number(s.size) >= Number(head.last_id)) return;
      if (Date.now() > deadline) throw new Error(`no checkpoint covered ${head.last_id} entries in time`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await c.end();
  }
}

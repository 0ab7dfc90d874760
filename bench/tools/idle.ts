// `npx tsx bench/tools/idle.ts [--only 20c] [--kinds floor,mamori] [--seconds 10] [--rounds 3]`: throughput of each
// server on a load, alternated as the throughput suite runs it, with where the machine's time went during each run:
// the machine's idle share (/proc/stat), the server's main thread and other threads, PostgreSQL's backends and the
// load generator, in cores. Tells whether a server's rate is bound by its main thread, by the machine or by waiting.
import 'reflect-metadata';
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sharedDatabase, sharedServer, tokenFor, type ServerKind } from '../lib/fixture';
import { dropAllBenchDatabases } from '../lib/database';
import { load } from '../lib/load';
import { busyCustomer, loadNamed, loadTarget } from '../lib/loads';
import { stopAllServerProcesses } from '../lib/processes';
import { backendsCpu, backendsDelta, selfCpu, statFields, TICK_US } from '../lib/cpu';

const { values } = parseArgs({ options: { only: { type: 'string', default: '20c' }, kinds: { type: 'string', default: 'floor,mamori' },
  seconds: { type: 'string', default: '10' }, rounds: { type: 'string', default: '3' } } });

function machine(): { idle: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { idle: (f[3] + f[4]) * TICK_US, total: f.reduce((a, b) => a + b, 0) * TICK_US };
}
/** CPU (µs) of a server's main thread and of its other threads (V8's and libuv's helpers). */
function threads(pid: number): { main: number; rest: number } {
  let main = 0, rest = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const f = statFields(`/proc/${pid}/task/${tid}/stat`);
    const cpu = (Number(f[11]) + Number(f[12])) * TICK_US;
    if (Number(tid) === pid) main += cpu; else rest += cpu;
  }
  return { main, rest };
}

try {
  const db = await sharedDatabase((m) => console.error(m));
  const dbName = new URL(db.url).pathname.slice(1);
  const busy = await busyCustomer(db.url);
  const l = loadNamed(values.only);
  const kinds = values.kinds.split(',') as ServerKind[];
  const servers = await Promise.all(kinds.map((k) => sharedServer(k, (m) => console.error(m))));
  const targets = await Promise.all(servers.map(async (s, i) => loadTarget(l, s.url, busy, kinds[i] === 'floor' ? undefined : await tokenFor(s, l.role))));
  console.log(`${l.name}, ${l.connections} clients; cores used during each run (2 = the machine)`);
  console.log('server     rps    idle  main  other  pg    gen   rest-of-machine');
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const [i, s] of servers.entries()) {
      const pid = s.child.pid!;
      await load(targets[i], l.connections, l.connections * 40); // warm-up
      const m0 = machine(), t0 = threads(pid), p0 = backendsCpu(dbName), g0 = selfCpu(), w0 = performance.now();
      const r = await load(targets[i], l.connections, Math.ceil(3000 * Number(values.seconds) * (l.connections >= 50 ? 1 : 0.4)));
      const wall = (performance.now() - w0);
      const m1 = machine(), t1 = threads(pid), p1 = backendsCpu(dbName), g1 = selfCpu();
      const cores = (us: number) => (us / 1000 / wall).toFixed(2).padStart(5);
      const idle = m1.idle - m0.idle, main = t1.main - t0.main, rest = t1.rest - t0.rest, pg = backendsDelta(p0, p1), gen = g1 - g0;
      const busyAll = (m1.total - m0.total) - idle;
      console.log(`${kinds[i].padEnd(8)} ${r.rps.toFixed(0).padStart(5)}  ${cores(idle)} ${cores(main)} ${cores(rest)} ${cores(pg)} ${cores(gen)} ${cores(busyAll - main - rest - pg - gen)}`);
    }
  }
} finally {
  await stopAllServerProcesses();
  await dropAllBenchDatabases();
}

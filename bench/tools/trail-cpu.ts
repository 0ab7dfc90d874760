// `npx tsx bench/tools/trail-cpu.ts [--subjects 100] [--clients 1,4,20] [--requests 4000] [--rounds 5]`: the CPU the
// access trail costs per request, a figure the machine's load barely moves: a fresh database, the server's own
// trail writer (TrailBatcher), and `clients` simulated requests at a time, each recording a page of `subjects`
// customers the way the compiled path does (one shared field set, recordFields per row) and waiting for its
// entries' commit. Timed per round: this process's CPU (recording, entries, chaining, hashing, pg's protocol) and
// the writer's PostgreSQL backend (/proc/<pid>/schedstat), per request; medians of the rounds. `clients` sets how
// many requests share a batch (the server's batches hold whatever finished while the last one was written).
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { AccessRecorder, sharedFields } from '../../server/src/policy/access-recorder';
import { TrailBatcher, watchTrailBatches } from '../../server/src/trail/trail-batcher';
import type { RequestContext } from '../../server/src/context';
import { writeAccessTrail } from '../../server/src/trail/access-trail.plugin';
import { backendCpu, SUPPORT_PAGE_FIELDS, withApplicationName } from '../lib/cpu';
import { createBenchDatabase, dropAllBenchDatabases } from '../lib/database';
import { median } from '../lib/load';

const { values } = parseArgs({
  options: {
    subjects: { type: 'string', default: '100' },
    clients: { type: 'string', default: '1,4,20' },
    requests: { type: 'string', default: '4000' },
    rounds: { type: 'string', default: '5' },
  },
});

const APP = 'mamori_trail_cpu';
const FIELDS = sharedFields(SUPPORT_PAGE_FIELDS.clear, SUPPORT_PAGE_FIELDS.masked);
const QUERY_JSON = JSON.stringify('query Page($p: Int) { allCustomers(page: $p, perPage: 100, sortField: "id") { id customerNumber name nameKana } }');

const db = await createBenchDatabase('trail_cpu', 0);
const url = withApplicationName(db.url, APP);
const admin = new pg.Client({ connectionString: db.url });
await admin.connect();
let batches = 0;
let batchedRequests = 0;
watchTrailBatches((r) => { batches++; batchedRequests += r.requests; });
try {
  const subjects = Number(values.subjects);
  const requests = Number(values.requests);
  console.log(`subjects ${subjects}, ${requests} requests a round, medians of ${values.rounds} rounds`);
  console.log('clients  requests/batch  JS µs/request  PG µs/request  total µs/request  wall ms/round');
  for (const clients of values.clients!.split(',').map(Number)) {
    const writer = new TrailBatcher(url);
    try {
      await round(writer, clients, subjects, Math.min(requests, 1000)); // warm-up: connection, prepared statement, JIT
      const js: number[] = [];
      const pgCpu: number[] = [];
      const wall: number[] = [];
      let perBatch = 0;
      for (let i = 0; i < Number(values.rounds); i++) {
        batches = 0;
        batchedRequests = 0;
        const backend = await backendCpu(admin, APP);
        const cpu = process.cpuUsage();
        const t = performance.now();
        await round(writer, clients, subjects, requests);
        wall.push(performance.now() - t);
        const used = process.cpuUsage(cpu);
        js.push((used.user + used.system) / requests);
        const after = await backendCpu(admin, APP);
        if (!backend || !after || backend.pid !== after.pid) throw new Error('the trail writer changed connections during a round');
        pgCpu.push((after.ns - backend.ns) / 1000 / requests);
        perBatch = batchedRequests / batches;
      }
      const [j, p] = [median(js), median(pgCpu)];
      console.log(`${String(clients).padStart(7)}  ${perBatch.toFixed(1).padStart(14)}  ${j.toFixed(1).padStart(13)}  ${p.toFixed(1).padStart(13)}  `
        + `${(j + p).toFixed(1).padStart(16)}  ${median(wall).toFixed(0).padStart(13)}`);
    } finally {
      await writer.close();
    }
  }
} finally {
  await admin.end();
  await dropAllBenchDatabases();
}

/** `requests` requests, `clients` at a time, each a page of `subjects` customers recorded and appended. */
async function round(writer: TrailBatcher, clients: number, subjects: number, requests: number): Promise<void> {
  let next = 0;
  const client = async () => {
    while (next < requests) {
      const i = next++;
      const recorder = new AccessRecorder();
      const first = 1 + (i * subjects) % 2_000;
      for (let k = 0; k < subjects; k++) recorder.recordFields(first + k, FIELDS);
      // A query text of its own, as parsed from each request's body.
      if (!(await writeAccessTrail(requestOf(writer, recorder, i), 'Page', JSON.parse(QUERY_JSON) as string))) throw new Error('the trail refused a request');
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
}


/** What the trail plugin reads of a request's context (access-trail.plugin.ts `writeAccessTrail`, trail-context.ts). */
function requestOf(writer: TrailBatcher, recorder: AccessRecorder, i: number): RequestContext {
  const ctx = {
    access: recorder, trailReads: [], accessTrail: writer,
    actor: { staffId: 3, apiKeyId: null, role: 'SUPPORT' }, purpose: 'INQUIRY_RESPONSE', declaredPurpose: 'INQUIRY_RESPONSE',
    requestId: `bench-${i}`, clientAddress: '127.0.0.1', policyVersion: 1,
  };
  return ctx as unknown as RequestContext;
}

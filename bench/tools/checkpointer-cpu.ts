// `npx tsx bench/tools/checkpointer-cpu.ts [--subjects 20,100] [--leaves 60000] [--rounds 7]`: the CPU the
// checkpointer costs per leaf, a figure the machine's load does not move: a fresh database, a trail of access
// records of N subjects each (the sealing loads' pages), then rounds of (append one interval's worth of leaves;
// sign a checkpoint). Each checkpoint is timed by the CPU this process used meanwhile (the checkpointer runs on
// this thread; nothing else does) and by the CPU of its PostgreSQL backend (/proc/<pid>/schedstat: the
// database is on this machine). Prints µs per leaf, medians of the rounds. Where the time goes:
// `node --cpu-prof --import tsx bench/tools/checkpointer-cpu.ts` (the filler's share is in the profile too).
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { TrailCheckpointer } from '../../server/src/trail/checkpointer';
import { generateTrailKeyPem, trailKeyFrom } from '../../server/src/trail/trail-key';
import { APPEND_SQL, chainEntries, prepareEntry, type TrailEntryInput } from '../../server/src/trail/trail-writer';
import { backendCpu, SUPPORT_PAGE_FIELDS, withApplicationName } from '../lib/cpu';
import { createBenchDatabase, dropAllBenchDatabases } from '../lib/database';
import { median } from '../lib/load';

const { values } = parseArgs({
  options: {
    subjects: { type: 'string', default: '20,100' },
    /** Leaves appended between two checkpoints (the 100-customer load writes ~60,000 a second). */
    leaves: { type: 'string', default: '60000' },
    rounds: { type: 'string', default: '7' },
  },
});

const APP = 'mamori_checkpointer_cpu';

const db = await createBenchDatabase('checkpointer_cpu', 0);
const dir = mkdtempSync(join(tmpdir(), 'mamori-checkpointer-cpu-'));
const writer = new pg.Client({ connectionString: db.url });
await writer.connect();
try {
  const key = trailKeyFrom(generateTrailKeyPem());
  const url = withApplicationName(db.url, APP);
  console.log('subjects  leaves/round  records/round  JS µs/leaf  PG µs/leaf  total µs/leaf  wall ms/round (medians of rounds)');
  for (const subjects of values.subjects!.split(',').map(Number)) {
    const records = Math.ceil(Number(values.leaves) / subjects);
    const checkpointer = new TrailCheckpointer(url, { key, dir: mkdtempSync(join(dir, `${subjects}-`)), intervalMs: 0 });
    try {
      // A first round fills and signs untimed (connections, JIT, the tree's first chunks).
      await append(records, subjects);
      await checkpointer.checkpointNow();
      const js: number[] = [];
      const pgCpu: number[] = [];
      const wall: number[] = [];
      for (let i = 0; i < Number(values.rounds); i++) {
        await append(records, subjects);
        const leaves = records * subjects;
        const backend = await backendCpu(writer, APP);
        const cpu = process.cpuUsage();
        const t = performance.now();
        await checkpointer.checkpointNow();
        wall.push(performance.now() - t);
        const used = process.cpuUsage(cpu);
        js.push((used.user + used.system) / leaves);
        const after = await backendCpu(writer, APP);
        if (!after) throw new Error('the checkpointer has no connection after a checkpoint');
        // A connection the pool closed while idle: the new backend's whole life is this checkpoint's.
        pgCpu.push((after.ns - (backend?.pid === after.pid ? backend.ns : 0)) / 1000 / leaves);
      }
      const [j, p] = [median(js), median(pgCpu)];
      console.log(`${String(subjects).padStart(8)}  ${String(records * subjects).padStart(12)}  ${String(records).padStart(13)}  ${j.toFixed(2).padStart(10)}  `
        + `${p.toFixed(2).padStart(10)}  ${(j + p).toFixed(2).padStart(13)}  ${median(wall).toFixed(0).padStart(13)}`);
    } finally {
      await checkpointer.close();
    }
  }
} finally {
  await writer.end();
  rmSync(dir, { recursive: true, force: true });
  await dropAllBenchDatabases();
}

/** Appends `records` access records of `subjects` customers each, 200 to a statement (as the trail's writer batches). */
async function append(records: number, subjects: number): Promise<void> {
  for (let done = 0; done < records;) {
    const n = Math.min(200, records - done);
    const { rows: [head] } = await writer.query(`select last_id, last_hash from trail_head where singleton`);
    const entries = Array.from({ length: n }, (_, i) => prepareEntry(accessRecord(subjects, done + i)));
    const chained = chainEntries(head, entries);
    const r = await writer.query(APPEND_SQL, [JSON.stringify(chained.rows)]);
    if (r.rowCount !== n) throw new Error('the trail head moved under the filler');
    done += n;
  }
}

/** One page of `subjects` customers read by SUPPORT, as the access trail records it (one record, one entry per customer). */
function accessRecord(subjects: number, i: number): TrailEntryInput {
  const first = 1 + (i * subjects) % 2_000;
  return {
    kind: 'ACCESS', staffId: 3, apiKeyId: null, role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', operation: 'Page',
    queryHash: 'f'.repeat(64), requestId: `bench-${i}`, clientAddress: '127.0.0.1', policyVersion: 1,
    customerId: first, moreCustomerIds: Array.from({ length: subjects - 1 }, (_, k) => first + k + 1),
    clearFields: SUPPORT_PAGE_FIELDS.clear, maskedFields: SUPPORT_PAGE_FIELDS.masked, detail: {},
  };
}

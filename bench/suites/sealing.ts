// #20 speed (opt-in: --only sealing): the four customer loads of target 2 on Mamori as npm start runs it —
// checkpoints of the trail signed (here every second, 60× the default rate, so that several are signed in
// each run) — against the same server without a checkpointer, A/B/A/B, each run on a server process of its
// own (a checkpointer left running would sign the other variant's entries during its run). Sealing with the
// customers' data keys is on in both: these loads read, and reads record access entries, which hold no
// personal value to seal (trail/change-trail.ts seals changes only), so "encryption off" is the same code path.
// Goals: requests/s ≥ 0.9× of the variant without checkpoints; p99 within 1.1× (signing off the request path).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { mamoriPage, mamoriTarget, shapeName } from '../lib/queries';
import { alternate, loadFor, medianOf, type LoadResult } from '../lib/load';
import { BENCH_SECRET, sharedDatabase } from '../lib/fixture';
import { poolOn } from '../lib/database';
import { loginAs } from '../lib/mamori';
import { startServerProcess } from '../lib/processes';
import { ms, perSecond, type BenchContext } from '../lib/report';
import { CASES } from './throughput';

const CHECKPOINT_SECONDS = 1;
const CATCH_UP_MS = 180_000;

interface SealingRun extends LoadResult { checkpoints: number; signedThrough: number; head: number }

export async function sealing(ctx: BenchContext): Promise<void> {
  const db = await sharedDatabase(ctx.log);
  const sql = poolOn(db.url);
  const dir = mkdtempSync(join(tmpdir(), 'mamori-bench-checkpoints-'));
  try {
    for (const { shape, connections } of CASES) {
      const label = `${shapeName(shape)}, ${connections} clients`;
      ctx.log(`sealing: ${label}`);
      const run = (checkpoints: boolean) => async (): Promise<SealingRun> => {
        const env: Record<string, string> = { DATABASE_URL: db.url, MAMORI_SECRET: BENCH_SECRET };
        if (checkpoints) Object.assign(env, { BENCH_CHECKPOINT_SECONDS: String(CHECKPOINT_SECONDS), BENCH_CHECKPOINT_DIR: dir });
        const server = await startServerProcess('mamori', env);
        try {
          const token = await loginAs(server.url, 'SUPPORT');
          // The entries the other variant wrote are signed before the load: each run signs only its own.
          if (checkpoints) await signedUpTo(sql, await headOf(sql));
          const before = await checkpointCount(sql);
          const r = await loadFor(mamoriTarget(server.url, token, 'INQUIRY_RESPONSE', mamoriPage(shape)), connections, ctx.seconds);
          const head = await headOf(sql);
          return { ...r, checkpoints: (await checkpointCount(sql)) - before, signedThrough: await latestSigned(sql), head };
        } finally {
          await server.stop();
        }
      };
      const runs = await alternate({ on: run(true), off: run(false) }, ctx.rounds);
      const rps = { on: medianOf(runs.on, (r) => r.rps), off: medianOf(runs.off, (r) => r.rps) };
      const p99 = { on: medianOf(runs.on, (r) => r.p99), off: medianOf(runs.off, (r) => r.p99) };
      const errors = [...runs.on, ...runs.off].reduce((n, r) => n + r.errors, 0);
      const signed = runs.on.reduce((n, r) => n + r.checkpoints, 0);
      ctx.report({
        target: '#20 sealing', measure: `requests/s, checkpoints every ${CHECKPOINT_SECONDS} s vs none: ${label}`,
        value: `${perSecond(rps.on)} (${signed} checkpoints signed in ${runs.on.length} runs)${errors ? ` ${errors} errors` : ''}`,
        baseline: `off ${perSecond(rps.off)}`, ratio: rps.on / rps.off, goal: '≥ 0.9×, 0 errors', pass: rps.on / rps.off >= 0.9 && errors === 0 && signed > 0,
      });
      const behind = runs.on.map((r) => r.head - r.signedThrough);
      ctx.report({
        target: '#20 sealing', measure: `p99 while checkpoints are signed: ${label}`,
        value: `${ms(p99.on)} (last checkpoint ${Math.max(...behind)} entries behind at the end of a run)`, baseline: `off ${ms(p99.off)}`,
        ratio: p99.on / p99.off, goal: '≤ 1.1×', pass: p99.on / p99.off <= 1.1,
      });
    }
  } finally {
    await sql.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function headOf(sql: pg.Pool): Promise<number> {
  const { rows: [r] } = await sql.query(`select last_id from trail_head where singleton`);
  return Number(r.last_id);
}

async function latestSigned(sql: pg.Pool): Promise<number> {
  const { rows: [r] } = await sql.query(`select coalesce(max(size), 0)::bigint as size from trail_checkpoint`);
  return Number(r.size);
}

async function checkpointCount(sql: pg.Pool): Promise<number> {
  const { rows: [r] } = await sql.query(`select count(*)::int as n from trail_checkpoint`);
  return r.n;
}

/** Waits until a checkpoint covers `size` entries (the server's checkpointer catching up). */
async function signedUpTo(sql: pg.Pool, size: number): Promise<void> {
  const until = Date.now() + CATCH_UP_MS;
  while ((await latestSigned(sql)) < size) {
    if (Date.now() > until) throw new Error(`no checkpoint covered ${size} entries within ${CATCH_UP_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// Mamori as the bench runs it: its own process, the real app (startApp) on DATABASE_URL.
// BENCH_POLICY_OFF=1: every field clear (still recorded); with BENCH_TRAIL_OFF=1 too, nothing is recorded.
// BENCH_POLICY_COMPILED_IN=1: no policy version watcher, every request decided under the compiled-in seed.
// BENCH_CHECKPOINT_SECONDS=N (with BENCH_CHECKPOINT_DIR): the trail's checkpoints signed every N s, as
// serve.ts gives them to npm start (key from MAMORI_TRAIL_KEY); without it, no checkpointer (the "off" variant).
// BENCH_HEAP_PROBE=1 (with --expose-gc): the parent may ask for the heap after GC and for snapshots (heap-probe.ts).
// BENCH_PROFILE_PROBE=1: the parent may start and stop a CPU profile of the main thread (profile-probe.ts).
// BENCH_METRICS_PORT: /metrics on that loopback port; BENCH_LOG_FILE: the JSON log, as npm start writes it, into that file.
import 'reflect-metadata';
import { openSync } from 'node:fs';
import { type OpsOptions, startApp } from '../../server/src/app';
import { initOrm } from '../../server/src/db/orm';
import { createLog } from '../../server/src/ops/log';
import { loadTrailKey } from '../../server/src/trail/trail-key';
import { announce } from './announce';
import { everythingClear, keepsNothing } from './baselines';
import { serveHeapProbe } from './heap-probe';
import { serveProfileProbe } from './profile-probe';

const ops: OpsOptions = {};
if (process.env.BENCH_METRICS_PORT) ops.metrics = { port: Number(process.env.BENCH_METRICS_PORT), host: '127.0.0.1' };
if (process.env.BENCH_LOG_FILE) ops.log = createLog('info', openSync(process.env.BENCH_LOG_FILE, 'a'));
const orm = await initOrm(process.env.DATABASE_URL!);
const app = await startApp({
  orm, secret: process.env.MAMORI_SECRET!,
  ...(process.env.BENCH_POLICY_OFF === '1' ? { policy: everythingClear } : {}),
  ...(process.env.BENCH_TRAIL_OFF === '1' ? { accessTrail: keepsNothing } : {}),
  ...(process.env.BENCH_POLICY_COMPILED_IN === '1' ? { policyVersions: false } : {}),
  ...(process.env.BENCH_CHECKPOINT_SECONDS ? {
    checkpoints: {
      key: loadTrailKey(), dir: process.env.BENCH_CHECKPOINT_DIR!, intervalMs: Number(process.env.BENCH_CHECKPOINT_SECONDS) * 1000,
      onError: (e: Error) => { console.error(`checkpoint not signed: ${e.message}`); },
    },
  } : {}),
}, 0, '127.0.0.1', ops);
serveHeapProbe();
serveProfileProbe();
announce(app.url, async () => { await app.stop(); await orm.close(true); ops.log?.flush(); });

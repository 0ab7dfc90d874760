// Bench-only (never in server/): when the bench starts Mamori with --expose-gc and BENCH_HEAP_PROBE=1, the
// parent can ask over the IPC channel for the heap after a full collection, and for a heap snapshot. The
// heap a sampler sees between collections is mostly garbage not yet collected (its level depends on when
// V8 last collected); the heap after a forced collection is what the process retains.
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

export interface HeapProbeAsk { heapProbe: number; snapshot?: string }
export interface HeapProbeAnswer {
  heapProbe: number; heapUsed: number; external: number; rss: number; gcMs: number;
  /** Bytes used per V8 space after the collection (old_space, code_space, large_object_space…). */
  spaces: Record<string, number>;
  snapshot?: string; error?: string;
}

export function serveHeapProbe(): void {
  if (process.env.BENCH_HEAP_PROBE !== '1' || !process.send) return;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('BENCH_HEAP_PROBE=1 needs node --expose-gc');
  process.on('message', (m: HeapProbeAsk) => {
    if (typeof m?.heapProbe !== 'number') return;
    let answer: HeapProbeAnswer;
    try {
      const started = performance.now();
      // Twice: the first collection can leave objects whose finalizers (WeakRef, FinalizationRegistry) free more.
      gc();
      gc();
      const gcMs = performance.now() - started;
      const u = process.memoryUsage();
      const spaces = Object.fromEntries(getHeapSpaceStatistics().map((x) => [x.space_name, x.space_used_size]));
      answer = { heapProbe: m.heapProbe, heapUsed: u.heapUsed, external: u.external, rss: u.rss, gcMs, spaces, snapshot: m.snapshot ? writeHeapSnapshot(m.snapshot) : undefined };
    } catch (e) {
      answer = { heapProbe: m.heapProbe, heapUsed: Number.NaN, external: Number.NaN, rss: Number.NaN, gcMs: 0, spaces: {}, error: String(e) };
    }
    process.send!(answer);
  });
}

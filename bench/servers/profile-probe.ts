// Bench-only (never in server/): when a bench server runs with BENCH_PROFILE_PROBE=1, the parent may start and
// stop a CPU profile of its main thread over the IPC channel (node:inspector, in process). Unlike --cpu-prof, the
// profile covers only what the parent chose (the load after its warm-up), not the start-up and the first JIT.
// The garbage collections of the same window are counted by kind (perf_hooks' gc entries).
import { Session } from 'node:inspector';
import { constants, PerformanceObserver } from 'node:perf_hooks';

/** `heap`: a sampling allocation profile (every allocation, collected ones included) instead of a CPU profile. */
export interface ProfileProbeAsk { profileProbe: number; action: 'start' | 'stop'; heap?: boolean }
/** `gc`: collections of the window by kind (minor, major, incremental, weakcb), their count and milliseconds. */
export interface ProfileProbeAnswer { profileProbe: number; profile?: unknown; gc?: Record<string, { count: number; ms: number }>; error?: string }

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

export function serveProfileProbe(): void {
  if (process.env.BENCH_PROFILE_PROBE !== '1' || !process.send) return;
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  let gc: NonNullable<ProfileProbeAnswer['gc']> = {};
  const collections = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = GC_KINDS[(e as unknown as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other';
      const k = (gc[kind] ??= { count: 0, ms: 0 });
      k.count += 1;
      k.ms += e.duration;
    }
  });
  process.on('message', (m: ProfileProbeAsk) => {
    if (typeof m?.profileProbe !== 'number') return;
    if (m.action === 'start') {
      gc = {};
      collections.observe({ entryTypes: ['gc'] });
    } else collections.disconnect();
    const run = m.heap
      ? (m.action === 'start'
        ? post('HeapProfiler.enable').then(() => post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })).then(() => undefined)
        : post('HeapProfiler.stopSampling').then((r) => (r as { profile: unknown }).profile))
      : (m.action === 'start'
        ? post('Profiler.enable').then(() => post('Profiler.setSamplingInterval', { interval: 100 })).then(() => post('Profiler.start')).then(() => undefined)
        : post('Profiler.stop').then((r) => (r as { profile: unknown }).profile));
    run.then((profile) => process.send!({ profileProbe: m.profileProbe, profile, gc: m.action === 'stop' ? gc : undefined } satisfies ProfileProbeAnswer),
      (e: unknown) => process.send!({ profileProbe: m.profileProbe, error: String(e) } satisfies ProfileProbeAnswer));
  });
}

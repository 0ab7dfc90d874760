// Load runs with autocannon, and the A/B/A/B alternation every figure of the bench is built on.
import autocannon from 'autocannon';

export interface Target {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** Responses with status 200. */
  ok: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  seconds: number;
}

/**
 * `amount` requests over `connections` connections (every request is answered before this returns,
 * so what the server recorded can be compared exactly with what was served). rps = 2xx / wall time,
 * the wall time ending at the last response: autocannon itself reports a run only at its next
 * one-second tick, which made its own duration (and every rate) move in steps of up to a second.
 */
export async function load(target: Target, connections: number, amount: number): Promise<LoadResult> {
  const started = performance.now();
  let lastResponse = started;
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: target.url, method: target.method ?? 'GET', headers: target.headers, body: target.body,
      connections, amount: Math.max(amount, connections), timeout: 30, renderProgressBar: false, idReplacement: true,
    } as autocannon.Options, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on('response', () => { lastResponse = performance.now(); });
  });
  const ok = r['2xx'];
  const seconds = (lastResponse - started) / 1000;
  return {
    rps: ok / seconds, p50: r.latency.p50, p99: r.latency.p99, ok,
    errors: r.errors + r.timeouts + r.non2xx, seconds,
  };
}

/** A run that lasts about `seconds`: a short probe and a 2-second warm-up estimate the rate, then `amount` is set from it. */
export async function loadFor(target: Target, connections: number, seconds: number): Promise<LoadResult & { answered: number }> {
  const probe = await load(target, connections, connections * 4);
  const warm = await load(target, connections, Math.ceil(probe.rps * 2));
  const run = await load(target, connections, Math.ceil(warm.rps * seconds));
  // Every 200 of the probe, the warm-up and the run: what the server served in all.
  return { ...run, answered: probe.ok + warm.ok + run.ok };
}

/** Runs each contender once per round, in the same order every round (A B A B …), and keeps every result. */
export async function alternate<T>(contenders: Record<string, () => Promise<T>>, rounds: number): Promise<Record<string, T[]>> {
  const out: Record<string, T[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let i = 0; i < rounds; i++) {
    for (const [name, run] of Object.entries(contenders)) out[name].push(await run());
  }
  return out;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** The median of one numeric field over a contender's runs. */
export function medianOf<T>(runs: T[], pick: (r: T) => number): number {
  return median(runs.map(pick));
}

import { createRequire } from 'node:module';
import client from 'prom-client';
import { POLICY_VERSION } from '../../../schema/policy';
import { evictionsByName, liveCaches, type LruCache } from '../common/lru';
import { openPools, type PoolStats, watchPoolWaits } from '../db/pool-watch';
import { failedReports, watchMaskingFallbacks } from '../policy/masking-budget';
import { watchTrailBatches } from '../trail/trail-batcher';
import { BoundCounter, BoundHistogram } from './bound-metrics';

/** Why the compiled read path handed a request to graphql-js (compiled-reads/front.ts). */
export type UnplannedReason = 'shape' | 'variables' | 'context';

/** Seconds, from a fast in-memory answer to a statement near its timeout. */
const SECONDS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * A label whose values come from requests (operation names, refusal reasons) takes at most `max` distinct
 * values, then `other`: a client choosing names must not grow the series without bound.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(private readonly max: number) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(value);
    return value;
  }
}

/**
 * The process's metrics (Prometheus, prom-client), in a registry of their own. One per process: a
 * scrape target is a process, and the watchers of the trail and the masking budget are process-wide.
 * Nothing in a label is a value from the data: operations are root field names of the schema, codes
 * and reasons are the API's own, routes are fixed names. What every request updates is bound per label set
 * (bound-metrics.ts): read the same way, without prom-client's hashing of the labels on each update.
 */
export class Metrics {
  readonly registry = new client.Registry();
  readonly operations = new BoundedLabel(200);
  readonly reasons = new BoundedLabel(50);

  readonly graphqlRequests = new BoundCounter({
    name: 'mamori_graphql_requests_total', help: 'GraphQL requests by operation (root fields), answer code (OK or extensions.code) and refusal reason',
    labelNames: ['operation', 'code', 'reason'] as const, registers: [this.registry],
  });
  readonly graphqlSeconds = new BoundHistogram({
    name: 'mamori_graphql_request_duration_seconds', help: 'GraphQL requests from arrival to the last byte sent, by operation',
    labelNames: ['operation'] as const, buckets: SECONDS, registers: [this.registry],
  });
  readonly httpRequests = new BoundCounter({
    name: 'mamori_http_requests_total', help: 'HTTP requests by route and status (aborted: the client left before the answer)',
    labelNames: ['route', 'status'] as const, registers: [this.registry],
  });
  readonly httpSeconds = new BoundHistogram({
    name: 'mamori_http_request_duration_seconds', help: 'HTTP requests from arrival to the last byte sent, by route',
    labelNames: ['route'] as const, buckets: SECONDS, registers: [this.registry],
  });
  readonly compiledReads = new BoundCounter({
    name: 'mamori_compiled_reads_total',
    help: 'POSTs to /graphql seen by the compiled read path: served, refused or failed there (answered as errors, never retried), or unplanned (handed to graphql-js)',
    labelNames: ['outcome'] as const, registers: [this.registry],
  });
  readonly compiledReadsUnplanned = new client.Counter({
    name: 'mamori_compiled_reads_unplanned_total',
    help: 'Requests the compiled read path handed to graphql-js before running anything, by reason: no plan for the shape, variables the plan does not take, a context Apollo must build',
    labelNames: ['reason'] as const, registers: [this.registry],
  });
  readonly shadowCompare = new client.Counter({
    name: 'mamori_shadow_compare_total',
    help: 'Compiled answers run again through graphql-js (MAMORI_SHADOW_COMPARE=1), by result: same, different (logged), failed (the graphql-js run threw), skipped (too many at once)',
    labelNames: ['result'] as const, registers: [this.registry],
  });
  readonly trailBatchRequests = new BoundHistogram({
    name: 'mamori_trail_batch_requests', help: 'Requests whose access entries went into one trail append (group commit)',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200], registers: [this.registry],
  });
  readonly trailBatchEntries = new BoundHistogram({
    name: 'mamori_trail_batch_entries', help: 'Access entries written by one trail append',
    buckets: [1, 10, 50, 100, 500, 1000, 5000, 20000], registers: [this.registry],
  });
  readonly trailCommitSeconds = new BoundHistogram({
    name: 'mamori_trail_commit_seconds', help: 'Time to append and commit one batch of access entries',
    buckets: SECONDS, registers: [this.registry],
  });
  readonly trailEntries = new client.Counter({
    name: 'mamori_trail_entries_total', help: 'Access entries committed to the trail', registers: [this.registry],
  });
  readonly trailFailures = new client.Counter({
    name: 'mamori_trail_append_failures_total', help: 'Requests refused (TRAIL_UNAVAILABLE) because their access entries could not be written',
    registers: [this.registry],
  });
  readonly trailWriteErrors = new client.Counter({
    name: 'mamori_trail_write_errors_total',
    help: 'Trail appends that failed (a batch, or a request of a failed batch written again alone), by reason: the SQLSTATE PostgreSQL answered, connection (no answer), other',
    labelNames: ['code'] as const, registers: [this.registry],
  });
  readonly maskingFallbacks = new client.Counter({
    name: 'mamori_masking_budget_exceeded_total', help: 'Requests that spent their free-text masking budget (further free text served null, fail closed)',
    registers: [this.registry],
  });
  readonly poolWaitSeconds = new BoundHistogram({
    name: 'mamori_db_pool_wait_seconds', help: 'Time a statement waited for a database connection, by pool',
    labelNames: ['pool'] as const, buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers: [this.registry],
  });

  constructor() {
    // Node's own (heap, event loop delay, GC, CPU) under their usual names, for the usual dashboards.
    client.collectDefaultMetrics({ register: this.registry });
    for (const [name, pick] of [['waiting', (s: PoolStats) => s.waiting], ['idle', (s: PoolStats) => s.idle], ['total', (s: PoolStats) => s.total]] as const) {
      new client.Gauge({
        name: `mamori_db_pool_${name === 'total' ? 'connections' : name}`,
        help: { waiting: 'Statements waiting for a connection now, by pool', idle: 'Idle connections, by pool', total: 'Open connections, by pool' }[name],
        labelNames: ['pool'] as const, registers: [this.registry],
        collect() {
          this.reset();
          const sums = new Map<string, number>();
          for (const p of openPools()) sums.set(p.name, (sums.get(p.name) ?? 0) + pick(p.stats()));
          for (const [pool, n] of sums) this.set({ pool }, n);
        },
      });
    }
    // The caches (common/lru.ts), by name: each is bounded where it is made; entries at capacity with evictions
    // growing means a working set larger than the bound (more distinct queries or clients than it was sized for).
    const gauges: [string, string, (c: LruCache<unknown, unknown>) => number | undefined][] = [
      ['entries', 'Entries held now, by cache', (c) => c.size],
      ['capacity', 'Entries a cache may hold at most, by cache', (c) => c.options.max],
      ['weight', 'Characters of text held now, by cache bounded by text as well (mamori_cache_weight_capacity)', (c) => (c.options.maxWeight === undefined ? undefined : c.weight)],
      ['weight_capacity', 'Characters of text a cache may hold at most, by cache bounded by text', (c) => c.options.maxWeight],
    ];
    for (const [name, help, pick] of gauges) {
      new client.Gauge({
        name: `mamori_cache_${name}`, help, labelNames: ['cache'] as const, registers: [this.registry],
        collect() {
          this.reset();
          const sums = new Map<string, number>();
          for (const c of liveCaches()) {
            const v = pick(c);
            if (v !== undefined) sums.set(c.name, (sums.get(c.name) ?? 0) + v);
          }
          for (const [cache, n] of sums) this.set({ cache }, n);
        },
      });
    }
    const evictionsSeen = new Map<string, number>();
    new client.Counter({
      name: 'mamori_cache_evictions_total', help: 'Least recently used entries dropped to keep a cache within its bound, by cache',
      labelNames: ['cache'] as const, registers: [this.registry],
      collect() {
        for (const c of liveCaches()) this.inc({ cache: c.name }, 0); // every cache shown, evicting or not
        for (const [cache, n] of evictionsByName()) {
          const before = evictionsSeen.get(cache) ?? 0;
          if (n > before) { this.inc({ cache }, n - before); evictionsSeen.set(cache, n); }
        }
      },
    });
    let reported = 0;
    new client.Counter({
      name: 'mamori_security_event_failures_total', help: 'Security events (masking budget spent) that could not be written to the trail',
      registers: [this.registry],
      collect() { if (failedReports.count > reported) { this.inc(failedReports.count - reported); reported = failedReports.count; } },
    });
    new client.Gauge({ name: 'mamori_info', help: 'The running version and policy version', labelNames: ['version', 'policy_version'] as const, registers: [this.registry] })
      .set({ version: VERSION, policy_version: String(POLICY_VERSION) }, 1);
    watchMaskingFallbacks(() => this.maskingFallbacks.inc());
    watchPoolWaits((pool, seconds) => this.poolWaitSeconds.series(pool).observe(seconds));
    watchTrailBatches((b) => {
      if (b.committed) {
        this.trailBatchRequests.series().observe(b.requests);
        this.trailBatchEntries.series().observe(b.entries);
        this.trailCommitSeconds.series().observe(b.seconds);
        this.trailEntries.inc(b.entries);
      }
      if (b.failedRequests) this.trailFailures.inc(b.failedRequests);
      if (b.failure) this.trailWriteErrors.inc({ code: b.failure });
    });
  }

  /** The text format Prometheus scrapes. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

const VERSION = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;

let instance: Metrics | null = null;

/** The process's metrics (made on first use). */
export function metrics(): Metrics {
  return (instance ??= new Metrics());
}

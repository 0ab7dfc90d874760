// The soak run (#22 item 8): one Mamori process as npm start runs it (JSON log, metrics), SOAK_CLIENTS
// (50) clients for SOAK_SECONDS (600) sending the mix of bench/lib/soak.ts — reads on both read paths,
// writes, CSV exports, wrong passwords. Judged after a warm-up (the first fifth): no error but the
// refusals the mix asks for, heap retained after a forced collection flat (< 10 % growth), p99 flat, trail entries = subjects served,
// request by request, the chain intact, metrics and log = the requests sent, no secret in the log.
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../server/src/db/embedded';
import { DEMO_PASSWORD } from '../../server/src/seeders';
import { parseExposition } from '../../test/helpers/metrics';
import { createBenchDatabase, poolOn } from '../lib/database';
import { BENCH_SECRET, SHARED_CUSTOMERS } from '../lib/fixture';
import { percentile } from '../lib/load';
import { heapAfterGc, startServerProcess } from '../lib/processes';
import { ms, type BenchContext } from '../lib/report';
import { type Outcome, runClients, soakTokens, unexpected } from '../lib/soak';
import { verifyChain } from './replicas';

const SAMPLE_MS = 5_000;
/** How often the server is asked for its heap after a forced full collection (a pause of some 50-150 ms). */
const GC_PROBE_MS = Number(process.env.SOAK_GC_EVERY_S ?? 20) * 1000;

interface Sample { at: number; heap: number; rss: number; loopP99: number; requests: number }
interface Retained { at: number; heap: number; gcMs: number; spaces: Record<string, number> }

export async function soak(ctx: BenchContext): Promise<void> {
  const seconds = Number(process.env.SOAK_SECONDS ?? 600);
  const clients = Number(process.env.SOAK_CLIENTS ?? 50);
  const db = await createBenchDatabase('soak', SHARED_CUSTOMERS, ctx.log);
  const metricsPort = await findFreePort();
  const logFile = path.join(tmpdir(), `mamori-soak-${process.pid}.log`);
  const server = await startServerProcess('mamori',
    { DATABASE_URL: db.url, MAMORI_SECRET: BENCH_SECRET, BENCH_METRICS_PORT: String(metricsPort), BENCH_LOG_FILE: logFile, BENCH_HEAP_PROBE: '1' },
    [], { nodeFlags: ['--expose-gc'] });
  // SOAK_SNAPSHOTS=<dir>: heap snapshots (after a collection) at the end of the warm-up, of the first third and of the run.
  const snapshots = process.env.SOAK_SNAPSHOTS;
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const sql = poolOn(db.url);
  try {
    const tokens = await soakTokens(server.url);
    const customerIds = (await sql.query(`select id from customer order by id`)).rows.map((r) => Number(r.id));
    const requestsAtStart = await scrapeRequests(metricsUrl);
    const started = performance.now();
    const end = started + seconds * 1000;
    const outcomes: (Outcome & { at: number })[] = [];
    const samples: Sample[] = [];
    const sampler = setInterval(() => { void sample(metricsUrl, started).then((s) => samples.push(s), () => undefined); }, SAMPLE_MS);
    const retained: Retained[] = [];
    const probe = (snapshot?: string) => heapAfterGc(server, snapshot && snapshots ? path.join(snapshots, `soak-${snapshot}.heapsnapshot`) : undefined)
      .then((h): Retained => { if (h.snapshot) ctx.log(`soak: snapshot ${h.snapshot}`); return { at: performance.now() - started, heap: h.heapUsed, gcMs: h.gcMs, spaces: h.spaces }; });
    const prober = setInterval(() => { void probe().then((r) => retained.push(r)).catch((e) => ctx.log(`soak: heap probe failed: ${e}`)); }, GC_PROBE_MS);
    const marks = [[0.2, 'warm'], [0.2 + 0.8 / 3, 'first-third'], [1, 'end']] as const;
    const snapshotTimers = snapshots ? marks.slice(0, 2).map(([f, name]) => setTimeout(() => { void probe(name).then((r) => retained.push(r)); }, seconds * 1000 * f)) : [];
    const progress = setInterval(() => ctx.log(`soak: ${Math.round((performance.now() - started) / 1000)} s, ${outcomes.length} requests, ${outcomes.filter(unexpected).length} unexpected`), 60_000);
    ctx.log(`soak: ${clients} clients for ${seconds} s on ${SHARED_CUSTOMERS} customers`);
    await runClients({ url: server.url, tokens, customerIds }, {
      clients, seed: 22, more: () => performance.now() < end, record: (o) => outcomes.push({ ...o, at: performance.now() - started }),
    });
    clearInterval(sampler);
    clearInterval(progress);
    clearInterval(prober);
    snapshotTimers.forEach(clearTimeout);
    const wall = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 500));
    // The last figure: the load has stopped, nothing is in flight.
    const final = await probe(snapshots ? marks[2][1] : undefined);

    const bad = outcomes.filter(unexpected);
    const refusals = outcomes.filter((o) => o.expected && o.code !== 'OK').length;
    ctx.report({
      target: '8 soak', measure: `${clients} clients × ${Math.round(wall)} s: reads, writes, exports, wrong passwords`,
      value: `${outcomes.length} requests (${Math.round(outcomes.length / wall)}/s), ${refusals} expected refusals`,
      goal: '0 other errors', pass: bad.length === 0, baseline: bad.length ? `${bad.length} errors: ${summary(bad)}` : '0 errors',
    });

    // After the warm-up, the first third against the last third.
    const warm = seconds * 1000 * 0.2;
    const span = seconds * 1000 - warm;
    const early = (at: number) => at >= warm && at < warm + span / 3;
    const late = (at: number) => at >= warm + (2 * span) / 3;
    // Retained heap: the median of the heap after a forced collection in each stretch (what the process
    // keeps, not when V8 happened to collect). The sampled heap's least per stretch is reported beside it.
    const heapEarly = median(retained.filter((s) => early(s.at)).map((s) => s.heap));
    const heapLate = median(retained.filter((s) => late(s.at)).map((s) => s.heap));
    const growth = heapLate / heapEarly - 1;
    const sampledEarly = Math.min(...samples.filter((s) => early(s.at)).map((s) => s.heap));
    const sampledLate = Math.min(...samples.filter((s) => late(s.at)).map((s) => s.heap));
    ctx.log(`soak: heap after GC (MB, at s): ${retained.map((r) => `${(r.heap / 1048576).toFixed(1)}@${Math.round(r.at / 1000)}`).join(' ')}`);
    const bySpace = (which: (r: Retained) => boolean) => Object.keys(final.spaces).map((k) => [k, median(retained.filter(which).map((r) => r.spaces[k] ?? 0))] as const);
    const lateSpaces = new Map(bySpace((r) => late(r.at)));
    ctx.log(`soak: by V8 space, median first third → last third (MB): ${bySpace((r) => early(r.at)).filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${(v / 1048576).toFixed(1)} → ${(lateSpaces.get(k)! / 1048576).toFixed(1)}`).join(', ')}`);
    ctx.report({
      target: '8 soak', measure: 'heap retained (after a forced GC) after warm-up: median of the last third vs of the first third',
      value: `${mb(heapLate)} (idle at the end ${mb(final.heap)}; sampled heap, least: ${mb(sampledEarly)} → ${mb(sampledLate)}; rss ${mb(Math.max(...samples.map((s) => s.rss)))} at most; GC pause ≤ ${ms(Math.max(...retained.map((r) => r.gcMs)))})`,
      baseline: mb(heapEarly), ratio: heapLate / heapEarly, goal: '< 10 % growth', pass: Number.isFinite(growth) && growth < 0.1,
    });
    const p99Early = percentile(outcomes.filter((o) => early(o.at)).map((o) => o.ms), 99);
    const p99Late = percentile(outcomes.filter((o) => late(o.at)).map((o) => o.ms), 99);
    ctx.report({
      target: '8 soak', measure: 'p99 latency, last third vs first third after warm-up',
      value: `${ms(p99Late)} (p50 ${ms(percentile(outcomes.filter((o) => late(o.at)).map((o) => o.ms), 50))}, event loop p99 ≤ ${ms(1000 * Math.max(...samples.map((s) => s.loopP99)))})`,
      baseline: ms(p99Early), ratio: p99Late / p99Early, goal: '≤ 1.25× (flat)', pass: p99Late <= 1.25 * p99Early,
    });

    const served = outcomes.reduce((n, o) => n + o.subjects, 0);
    const { rows } = await sql.query(`select request_id, count(*)::int as n from trail_entry where kind = 'ACCESS' and request_id like 'soak-%' group by request_id`);
    const inTrail = new Map(rows.map((r) => [r.request_id as string, r.n as number]));
    const mismatched = outcomes.filter((o) => (inTrail.get(o.requestId) ?? 0) !== o.subjects).length;
    const entries = [...inTrail.values()].reduce((a, b) => a + b, 0);
    ctx.log('soak: verifying the chain');
    const chain = await verifyChain(db.url);
    ctx.report({
      target: '8 soak', measure: 'trail entries vs subjects served (each request checked); hash chain',
      value: `${entries} entries, ${mismatched} requests differing, chain ${chain.ok ? 'intact' : `broken at ${chain.firstBrokenId}`} (${chain.checked})`,
      baseline: `${served} subjects`, goal: 'equal, intact', pass: entries === served && mismatched === 0 && chain.ok,
    });

    const counted = await scrapeRequests(metricsUrl) - requestsAtStart;
    const log = readFileSync(logFile, 'utf8');
    const requestLines = log.split('\n').filter((l) => l.includes('"msg":"request"') && l.includes('"requestId":"soak-')).length;
    const leaked = [DEMO_PASSWORD, 'wrong-password', BENCH_SECRET, ...Object.values(tokens)].filter((secret) => log.includes(secret));
    ctx.report({
      target: '8 soak', measure: 'the server\'s metrics and log vs the requests sent; secrets in the log',
      value: `metrics ${counted}, log ${requestLines} lines, ${leaked.length} secrets`, baseline: `${outcomes.length} sent`,
      goal: 'equal, none', pass: counted === outcomes.length && requestLines === outcomes.length && leaked.length === 0,
    });
  } finally {
    await sql.end();
    await server.stop();
    await db.drop();
    if (!process.env.SOAK_KEEP_LOG) rmSync(logFile, { force: true });
  }
}

async function sample(url: string, started: number): Promise<Sample> {
  const samples = parseExposition(await (await fetch(url)).text());
  const value = (name: string) => samples.filter((s) => s.name === name).reduce((n, s) => n + s.value, 0);
  return {
    at: performance.now() - started, heap: value('nodejs_heap_size_used_bytes'), rss: value('process_resident_memory_bytes'),
    loopP99: value('nodejs_eventloop_lag_p99_seconds'), requests: value('mamori_graphql_requests_total'),
  };
}

async function scrapeRequests(url: string): Promise<number> {
  return parseExposition(await (await fetch(url)).text()).filter((s) => s.name === 'mamori_graphql_requests_total').reduce((n, s) => n + s.value, 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : Number.NaN;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function summary(bad: Outcome[]): string {
  const by = new Map<string, number>();
  for (const o of bad) by.set(`${o.kind} ${o.code}`, (by.get(`${o.kind} ${o.code}`) ?? 0) + 1);
  return [...by].map(([k, n]) => `${k} ×${n}`).join(', ').slice(0, 200);
}

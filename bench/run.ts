// `npm run bench [-- --only masking,throughput] [--seconds 10] [--rounds 3]`: every figure is a ratio against a
// baseline measured in the same run (A/B/A/B, medians), printed as one table. Not part of the test suite.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { dropAllBenchDatabases } from './lib/database';
import { stopAllServerProcesses } from './lib/processes';
import { formatTable, type BenchRow, type Suite } from './lib/report';
import { disclosure } from './suites/disclosure';
import { freeText } from './suites/free-text';
import { impact } from './suites/impact';
import { masking } from './suites/masking';
import { opsCost } from './suites/ops-cost';
import { readReplica } from './suites/read-replica';
import { reads } from './suites/reads';
import { replicas } from './suites/replicas';
import { scale } from './suites/scale';
import { sealing } from './suites/sealing';
import { shieldCost } from './suites/shield';
import { soak } from './suites/soak';
import { statements } from './suites/statements';
import { throughput } from './suites/throughput';
import { trail } from './suites/trail';
import { ui } from './suites/ui';
import { versions } from './suites/versions';

/** Suites in the order they run; `optIn` ones run only when named with --only. */
const SUITES: Record<string, { run: Suite; optIn?: boolean; about: string }> = {
  masking: { run: masking, about: 'target 1: latency with policy and trail on vs policy off' },
  'free-text': { run: freeText, about: 'free-text masking: the linear scanner vs the regular expressions it replaced' },
  shield: { run: shieldCost, about: 'graphql-shield on fields with a rule only vs on every field (execution time)' },
  throughput: { run: throughput, about: 'targets 2 and 4: requests/s against the floor and the peer; trail entries = subjects served' },
  reads: { run: reads, about: '#18 speed: 50 orders, a customer with 20 interactions, 100 interactions against a floor serving the same rows' },
  statements: { run: statements, about: 'target 3: SQL statements per request at 10, 100, 500 customers' },
  replicas: { run: replicas, about: 'two server processes on one database: throughput, trail complete, chain intact' },
  disclosure: { run: disclosure, about: 'target 6: disclosure export of a customer with 1k orders + 5k interactions' },
  ui: { run: ui, about: 'target 8: initial JS (gzip) and first customer list render in Chromium' },
  trail: { run: trail, optIn: true, about: 'target 7: one customer\'s trail among 10M (BENCH_TRAIL_LARGE) vs 1M entries; verification entries/s' },
  scale: { run: scale, optIn: true, about: 'target 5: searches, list pages and counts at 1M customers vs 10k (p95)' },
  sealing: { run: sealing, optIn: true, about: '#20 speed: the four loads with trail checkpoints signed every second vs none (requests/s, p99)' },
  'ops-cost': { run: opsCost, optIn: true, about: '#22 item 6: throughput with the JSON log and the metrics on vs off' },
  'read-replica': { run: readReplica, optIn: true, about: '#24: 2 processes on a primary + streaming replica (Debian PG 15): share on the replica, p99 during a replica kill, trail' },
  versions: { run: versions, optIn: true, about: '#23 target 2: requests decided under the policy version in force vs the compiled-in policy (A/B/A/B, load average recorded)' },
  impact: { run: impact, optIn: true, about: '#23 item 3: a policy draft\'s impact over 1M access entries of 30 days (BENCH_IMPACT_ENTRIES), goal < 10 s' },
  soak: { run: soak, optIn: true, about: '#22 item 8: SOAK_CLIENTS (50) clients for SOAK_SECONDS (600) of reads, writes, exports, wrong passwords; heap, p99, trail, chain' },
};

const USAGE = `usage: npm run bench -- [--only ${Object.keys(SUITES).join(',')}] [--seconds N] [--rounds N]
${Object.entries(SUITES).map(([k, s]) => `  ${k.padEnd(11)} ${s.about}${s.optIn ? ' (opt-in)' : ''}`).join('\n')}`;

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (values.help) { console.log(USAGE); process.exit(0); }
const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only?.filter((s) => !SUITES[s]) ?? [];
if (unknown.length) { console.error(`unknown suite ${unknown.join(', ')}\n${USAGE}`); process.exit(2); }
const selected = Object.keys(SUITES).filter((k) => (only ? only.includes(k) : !SUITES[k].optIn));

const rows: BenchRow[] = [];
const started = Date.now();
const log = (m: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);
const ctx = { seconds: Number(values.seconds), rounds: Number(values.rounds), log, report: (r: BenchRow) => { rows.push(r); } };

let cleaning: Promise<void> | null = null;
const cleanUp = () => (cleaning ??= stopAllServerProcesses().then(dropAllBenchDatabases));
process.on('SIGINT', () => { void cleanUp().finally(() => process.exit(130)); });

let failed = false;
try {
  for (const name of selected) {
    log(`suite ${name}`);
    try {
      await SUITES[name].run(ctx);
    } catch (e) {
      failed = true;
      log(`suite ${name} failed: ${e instanceof Error ? e.stack : e}`);
      rows.push({ target: name, measure: 'suite failed', value: String(e instanceof Error ? e.message : e).slice(0, 120), pass: false });
    }
  }
} finally {
  await cleanUp();
}
console.log(`\nMamori bench — ${new Date().toISOString()}, ${ctx.seconds} s per load run, ${ctx.rounds} rounds A/B, medians\n`);
console.log(formatTable(rows));
process.exit(failed ? 1 : 0);

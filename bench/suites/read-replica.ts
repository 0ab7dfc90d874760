// Issue #24, measured: two Mamori processes on a real primary and a real streaming replica (Debian PostgreSQL
// 15, test/helpers/replica-cluster.ts). On one 2-core machine absolute rates mean little; what is reported is
// the share of the work the replica took, the p99 while the replica is killed and restarted under load, and
// the trail: entries = subjects served, chain intact.
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { migrateDatabase } from '../../server/src/db/migrate';
import { initOrm } from '../../server/src/db/orm';
import { seedDemoData } from '../../server/src/seeders';
import { verifyTrail } from '../../server/src/trail/verify';
import { type PgNode, startReplicaCluster } from '../../test/helpers/replica-cluster';
import { BENCH_SECRET, SHARED_CUSTOMERS } from '../lib/fixture';
import { load, loadFor, type LoadResult } from '../lib/load';
import { loginAs } from '../lib/mamori';
import { startServerProcess } from '../lib/processes';
import { mamoriPage, mamoriTarget } from '../lib/queries';
import { type BenchContext, ms, perSecond } from '../lib/report';

const PAGE = { customers: 20, orders: false };
const CONNECTIONS = 20; // per server process
/** Idle backends flush their statistics within 10 s (PostgreSQL 15): wait that long before reading them. */
const STATS_FLUSH_MS = 11_000;

/** Transactions (each statement outside a transaction is one) and scans of `customer` on a node, from its own statistics. */
async function work(node: PgNode): Promise<{ statements: number; customerScans: number }> {
  const [row] = await node.query(`select (select xact_commit + xact_rollback from pg_stat_database where datname = current_database())::text as statements,
    (select coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0) from pg_stat_user_tables where relname = 'customer')::text as scans`);
  return { statements: Number(row.statements), customerScans: Number(row.scans) };
}

async function accessEntries(primary: PgNode): Promise<number> {
  const [{ n }] = await primary.query(`select count(*)::text as n from trail_entry where kind = 'ACCESS'`);
  return Number(n);
}

const sum = (runs: LoadResult[], pick: (r: LoadResult) => number) => runs.reduce((s, r) => s + pick(r), 0);

export async function readReplica(ctx: BenchContext): Promise<void> {
  ctx.log(`read-replica: a primary and a streaming replica, ${SHARED_CUSTOMERS} customers`);
  const cluster = await startReplicaCluster({
    prepare: async (url) => { await migrateDatabase(url); await seedDemoData(url, { customers: SHARED_CUSTOMERS, seed: 1 }); },
  });
  const { primary } = cluster;
  const replica = cluster.replicas[0];
  // The baseline: the same two processes and load with every statement on the primary (no replica configured).
  const alone = { DATABASE_URL: primary.url, MAMORI_SECRET: BENCH_SECRET };
  let baseline: LoadResult[];
  const primaryOnly = await Promise.all([startServerProcess('mamori', alone), startServerProcess('mamori', alone)]);
  try {
    ctx.log('read-replica: baseline, every statement on the primary');
    const token = await loginAs(primaryOnly[0].url, 'SUPPORT');
    baseline = await Promise.all(primaryOnly.map((s) => loadFor(mamoriTarget(s.url, token, 'INQUIRY_RESPONSE', mamoriPage(PAGE)), CONNECTIONS, ctx.seconds)));
  } finally {
    await Promise.all(primaryOnly.map((s) => s.stop()));
  }
  const env = { ...alone, MAMORI_REPLICA_URL: replica.url, MAMORI_REPLICA_CHECK_MS: '200' };
  const servers = await Promise.all([startServerProcess('mamori', env), startServerProcess('mamori', env)]);
  try {
    const token = await loginAs(servers[0].url, 'SUPPORT');
    const targets = servers.map((s) => mamoriTarget(s.url, token, 'INQUIRY_RESPONSE', mamoriPage(PAGE)));

    ctx.log('read-replica: steady load on both servers');
    await sleep(STATS_FLUSH_MS);
    const before = { primary: await work(primary), replica: await work(replica), entries: await accessEntries(primary) };
    const steady = await Promise.all(targets.map((t) => loadFor(t, CONNECTIONS, ctx.seconds)));
    await sleep(STATS_FLUSH_MS);
    const after = { primary: await work(primary), replica: await work(replica), entries: await accessEntries(primary) };
    const onReplica = after.replica.statements - before.replica.statements;
    const onPrimary = after.primary.statements - before.primary.statements;
    const pagesOnReplica = after.replica.customerScans - before.replica.customerScans;
    const pagesOnPrimary = after.primary.customerScans - before.primary.customerScans;
    const answered = steady.reduce((s, r) => s + r.answered, 0);
    const steadyRps = sum(steady, (r) => r.rps);
    ctx.report({
      target: 'read replica', measure: `requests/s and p99, 2 processes × ${CONNECTIONS} clients, reads on the replica (one 2-core machine: both engines and both servers share it)`,
      value: `${perSecond(steadyRps)}, p99 ${ms(Math.max(...steady.map((r) => r.p99)))}`,
      baseline: `all on the primary ${perSecond(sum(baseline, (r) => r.rps))}, p99 ${ms(Math.max(...baseline.map((r) => r.p99)))}`,
      ratio: steadyRps / sum(baseline, (r) => r.rps),
    });
    ctx.report({
      target: 'read replica', measure: `statements on the replica, 2 processes × ${CONNECTIONS} clients, ${PAGE.customers}-customer page (the primary: sessions, trail appends)`,
      value: `${onReplica} of ${onReplica + onPrimary} (${((100 * onReplica) / Math.max(1, onReplica + onPrimary)).toFixed(0)} %)`,
      baseline: `${answered} requests, ${perSecond(steadyRps)}, ${sum(steady, (r) => r.errors)} errors`,
    });
    ctx.report({
      target: 'read replica', measure: 'list pages read on the replica (scans of customer on each node)',
      value: `${pagesOnReplica} replica / ${pagesOnPrimary} primary`, baseline: `${answered} pages served`,
      goal: 'all on the replica', pass: pagesOnReplica >= answered && pagesOnPrimary === 0,
    });
    ctx.report({
      target: 'read replica', measure: 'trail entries written during the steady load',
      value: String(after.entries - before.entries), baseline: `${answered * PAGE.customers} subjects served`,
      goal: 'equal', pass: after.entries - before.entries === answered * PAGE.customers,
    });

    // The same load, sized for 3 × the run's length; the replica SIGKILLed after a third, started again after two.
    ctx.log('read-replica: the replica killed under the same load, then restarted');
    const seconds = ctx.seconds * 3;
    const entriesBefore = await accessEntries(primary);
    const events: string[] = [];
    const started = performance.now();
    const chaos = (async () => {
      await sleep((seconds * 1000) / 3);
      await replica.kill();
      events.push(`killed at ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await sleep((seconds * 1000) / 3);
      await replica.start();
      events.push(`back at ${((performance.now() - started) / 1000).toFixed(1)} s`);
    })();
    const killed = await Promise.all(targets.map((t, i) => load(t, CONNECTIONS, Math.ceil(steady[i].rps * seconds))));
    await chaos;
    const entriesAfter = await accessEntries(primary);
    const p99 = Math.max(...killed.map((r) => r.p99));
    const errors = sum(killed, (r) => r.errors);
    ctx.report({
      target: 'read replica', measure: `p99 with the replica killed and restarted under load (${events.join(', ')} of ${seconds} s)`,
      value: `${ms(p99)}, ${errors} errors`, baseline: `steady p99 ${ms(Math.max(...steady.map((r) => r.p99)))}`,
      ratio: p99 / Math.max(...steady.map((r) => r.p99)), goal: 'no failed request', pass: errors === 0,
    });
    const served = sum(killed, (r) => r.ok) * PAGE.customers;
    const orm = await initOrm(primary.url, { pool: { min: 0, max: 1 } });
    const verified = await verifyTrail(orm.em.fork() as EntityManager).finally(() => orm.close(true));
    ctx.report({
      target: 'read replica', measure: 'trail entries during the kill = subjects served; hash chain verifies',
      value: `${entriesAfter - entriesBefore} entries, chain ${verified.ok ? 'intact' : `broken at ${verified.firstBrokenId}`} (${verified.checked} entries)`,
      baseline: `${served} subjects`, goal: 'equal, intact', pass: entriesAfter - entriesBefore === served && verified.ok,
    });
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await cluster.destroy();
  }
}

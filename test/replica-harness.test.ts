// The test harness of issue #24 itself: a real primary and a real streaming replica (Debian's PostgreSQL 15),
// on free ports under a temporary folder, gone at the end.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../server/src/db/migrate';
import { seedDemoData } from '../server/src/seeders';
import { type ReplicaCluster, startReplicaCluster } from './helpers/replica-cluster';

let cluster: ReplicaCluster;

beforeAll(async () => {
  cluster = await startReplicaCluster({
    prepare: async (url) => {
      await migrateDatabase(url);
      await seedDemoData(url, { customers: 10, seed: 3 });
    },
  });
}, 240_000);

afterAll(async () => {
  await cluster?.destroy();
});

describe('a primary and a streaming replica from Debian PostgreSQL 15', { timeout: 120_000 }, () => {
  it('the replica is in recovery, of the same cluster, and holds the migrated, seeded database', async () => {
    const [p] = await cluster.primary.query('select pg_is_in_recovery() as recovery, system_identifier::text as id from pg_control_system()');
    const [r] = await cluster.replicas[0].query('select pg_is_in_recovery() as recovery, system_identifier::text as id from pg_control_system()');
    expect(p.recovery).toBe(false);
    expect(r.recovery).toBe(true);
    expect(r.id).toBe(p.id);
    const [{ n }] = await cluster.replicas[0].query('select count(*)::int as n from customer');
    expect(n).toBeGreaterThanOrEqual(10);
    const [sender] = await cluster.primary.query(`select state from pg_stat_replication where application_name <> ''`);
    expect(sender.state).toBe('streaming');
  });

  it('streams a write on the primary to the replica, which refuses writes of its own', async () => {
    await cluster.primary.query(`update product set name = name || '' where id = (select min(id) from product)`);
    await cluster.primary.query('create table harness_probe (v int)');
    await cluster.primary.query('insert into harness_probe values (42)');
    await cluster.caughtUp();
    expect(await cluster.replicas[0].query('select v from harness_probe')).toEqual([{ v: 42 }]);
    await expect(cluster.replicas[0].query('insert into harness_probe values (1)')).rejects.toMatchObject({ code: '25006' });
  });

  it('a replica killed with SIGKILL comes back and catches up on what it missed', async () => {
    const replica = cluster.replicas[0];
    await replica.kill();
    expect(replica.running()).toBe(false);
    await cluster.primary.query('insert into harness_probe select generate_series(1, 1000)');
    await replica.start();
    await cluster.caughtUp();
    const [{ n }] = await replica.query('select count(*)::int as n from harness_probe');
    expect(n).toBe(1001);
  });

  it('destroy stops every node and removes the folder', async () => {
    const { dir, primary, replicas } = cluster;
    await cluster.destroy();
    expect(primary.running()).toBe(false);
    expect(replicas.every((r) => !r.running())).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });
});

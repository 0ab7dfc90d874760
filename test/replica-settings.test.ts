// Issue #24: a MAMORI_REPLICA_URL that names a primary, a replica of another cluster or database, or nothing
// that answers is reported at start with the setting's name, and the server runs on the primary.
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../server/src/app';
import { parseSettings } from '../server/src/config';
import { findFreePort } from '../server/src/db/embedded';
import { migrateDatabase } from '../server/src/db/migrate';
import { initOrm } from '../server/src/db/orm';
import { ReplicaSet } from '../server/src/db/replica-set';
import { withDatabaseName } from '../server/src/db/database-url';
import { createLog } from '../server/src/ops/log';
import { seedDemoData } from '../server/src/seeders';
import { type ReplicaCluster, startReplicaCluster } from './helpers/replica-cluster';
import { loginAs, post } from './helpers/server-processes';
import { TEST_SECRET } from './helpers/server';

let ours: ReplicaCluster;
let another: ReplicaCluster;
let orm: MikroORM;

beforeAll(async () => {
  [ours, another] = await Promise.all([
    startReplicaCluster({ prepare: async (url) => { await migrateDatabase(url); await seedDemoData(url, { customers: 5, seed: 2 }); } }),
    startReplicaCluster(),
  ]);
  orm = await initOrm(ours.primary.url);
}, 240_000);

afterAll(async () => {
  await orm?.close(true);
  await Promise.all([ours?.destroy(), another?.destroy()]);
});

function capturedLog() {
  const lines: Record<string, any>[] = [];
  return { lines, log: createLog('info', { write: (s: string) => { lines.push(JSON.parse(s)); } }) };
}

describe('MAMORI_REPLICA_URL', { timeout: 120_000 }, () => {
  it('parses one or more postgres URLs; a bad one is named without repeating the value (it holds a password)', () => {
    const two = parseSettings({ MAMORI_REPLICA_URL: 'postgres://a:pw@r1:5432/mamori, postgresql://a:pw@r2/mamori' });
    expect(two.problems).toEqual([]);
    expect(two.settings.MAMORI_REPLICA_URL.map((u) => u.host)).toEqual(['r1:5432', 'r2']);
    const bad = parseSettings({ MAMORI_REPLICA_URL: 'postgres://a:hunter2@r1/mamori mysql://a:hunter2@r2/x' });
    expect(bad.problems).toEqual(['MAMORI_REPLICA_URL must be one or more absolute postgres or postgresql URLs, separated by commas']);
    expect(parseSettings({ MAMORI_REPLICA_MAX_LAG_MS: '10' }).problems[0]).toMatch(/^MAMORI_REPLICA_MAX_LAG_MS must be a whole number from 100/);
  });

  it('a primary, a replica of another cluster, of another database, and a port nobody answers are each named and left out; the good replica takes the reads', async () => {
    const nobody = `postgres://postgres:x@127.0.0.1:${await findFreePort()}/mamori`;
    const urls = [ours.primary.url, another.replicas[0].url, withDatabaseName(ours.replicas[0].url, 'postgres'), nobody, ours.replicas[0].url].map((u) => new URL(u));
    const { lines, log } = capturedLog();
    const set = await ReplicaSet.start(orm, urls, log, { maxLagMs: 5_000, checkMs: 60_000 });
    try {
      expect(set.replicas.map((r) => r.health)).toEqual(['not-a-replica', 'other-cluster', 'other-database', 'unreachable', 'streaming']);
      const described = set.describe();
      expect(described).toHaveLength(5);
      for (const line of described) {
        expect(line).toMatch(/^MAMORI_REPLICA_URL 127\.0\.0\.1:\d+\/(mamori|postgres): /);
        expect(line).not.toContain('mamori-replica-test'); // the harness's password
      }
      expect(described[0]).toContain('not-a-replica (pg_is_in_recovery() is false: it is a primary); its reads go to the primary');
      expect(described[1]).toMatch(/other-cluster \(system identifier \d+, the primary's is \d+\)/);
      expect(described[3]).toContain('unreachable (ECONNREFUSED)');
      expect(described[4]).toMatch(/streaming replica, \d+\.\d s behind, takes read-only work/);
      for (let i = 0; i < 5; i++) expect(set.choose(null)).toBe(set.replicas[4]);
      expect(lines.filter((l) => l.msg === 'replica left out: its reads go to the primary').map((l) => l.health).sort())
        .toEqual(['not-a-replica', 'other-cluster', 'other-database', 'unreachable']);
    } finally {
      await set.close();
    }
  });

  it('with only bad replicas the server starts, says so, and serves everything from the primary', async () => {
    const nobody = `postgres://postgres:x@127.0.0.1:${await findFreePort()}/mamori`;
    process.env.MAMORI_REPLICA_URL = `${ours.primary.url},${nobody}`;
    const { lines, log } = capturedLog();
    const app = await startApp({ orm, secret: TEST_SECRET }, 0, '127.0.0.1', { log });
    try {
      expect(app.replicas?.replicas.map((r) => r.health)).toEqual(['not-a-replica', 'unreachable']);
      expect(lines.some((l) => l.health === 'unreachable')).toBe(true);
      const token = await loginAs(app.url, 'SUPPORT');
      const r = await post(app.url, '{ allCustomers(perPage: 3) { id name } }', {}, { authorization: `Bearer ${token}`, 'x-purpose': 'INQUIRY_RESPONSE' });
      expect(r.errors).toBeUndefined();
      expect(r.data.allCustomers).toHaveLength(3);
    } finally {
      delete process.env.MAMORI_REPLICA_URL;
      await app.stop();
    }
  });
});

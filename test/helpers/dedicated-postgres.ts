// A PostgreSQL cluster of one test file's own, seeded, with the real app on it: the fault specs stop and
// restart the database under the running server, which the shared test cluster must never see.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { startApp, type RunningApp } from '../../server/src/app';
import { ensureDatabaseExists, withDatabaseName } from '../../server/src/db/database-url';
import { type EmbeddedServer, findFreePort, startEmbeddedPostgres } from '../../server/src/db/embedded';
import { migrateDatabase } from '../../server/src/db/migrate';
import { initOrm } from '../../server/src/db/orm';
import { seedDemoData } from '../../server/src/seeders';
import { TEST_SECRET } from './server';

export interface DedicatedCluster {
  /** The app database, as the superuser. */
  url: string;
  orm: MikroORM;
  app: RunningApp;
  /** Runs one statement on its own short-lived connection (nothing stays connected across a restart). */
  query<T extends pg.QueryResultRow = any>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Fast shutdown of PostgreSQL (the app keeps running). */
  stopPostgres(): Promise<void>;
  /** Starts PostgreSQL again on the same port and data directory. */
  startPostgres(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startDedicatedCluster(opts: { customers?: number } = {}): Promise<DedicatedCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mamori-fault-pg-'));
  // As root the cluster runs as the `postgres` user, which must traverse the directory (mkdtemp makes it 0700).
  await chmod(dir, 0o755);
  const dataDir = path.join(dir, 'data');
  const port = await findFreePort();
  let server: EmbeddedServer = await startEmbeddedPostgres({ dataDir, port });
  const url = withDatabaseName(server.url, 'mamori');
  await ensureDatabaseExists(url);
  await migrateDatabase(url);
  await seedDemoData(url, { customers: opts.customers ?? 30, seed: 11 });
  const orm = await initOrm(url);
  const app = await startApp({ orm, secret: TEST_SECRET });

  async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  return {
    url, orm, app, query,
    stopPostgres: () => server.stop(),
    async startPostgres() { server = await startEmbeddedPostgres({ dataDir, port }); },
    async destroy() {
      await app.stop();
      await orm.close(true);
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

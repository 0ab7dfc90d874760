// vitest globalSetup: one PostgreSQL server and one migrated template database per test run.
// Each test file then copies the template (see ./database.ts), so files can run in parallel.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { withDatabaseName } from '../../server/src/db/database-url';
import { startEmbeddedPostgres } from '../../server/src/db/embedded';
import { migrateDatabase } from '../../server/src/db/migrate';
import { DEFAULT_APP_ROLE, DEFAULT_OWNER_ROLE, ensureLoginRoles, withLogin } from '../../server/src/db/roles';
import { TEST_ROLE_PASSWORD } from './test-roles';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server's `postgres` maintenance database: CREATE/DROP DATABASE go through it. */
    mamoriAdminUrl: string;
    /** The migrated database every test database is copied from. Nobody may connect to it. */
    mamoriTemplateDb: string;
    /** Name prefix of this run's test databases, so teardown drops its own and no other run's. */
    mamoriTestDbPrefix: string;
  }
}

/** Runs statements on the maintenance database. Names we interpolate are generated: [a-z0-9_] only. */
async function adminQuery(adminUrl: string, ...statements: string[]): Promise<pg.QueryResult[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const results = [];
    for (const sql of statements) results.push(await client.query(sql));
    return results;
  } finally {
    await client.end();
  }
}

/** DATABASE_URL (CI: the machine's Postgres) or a throwaway embedded cluster in a temp dir. */
async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const dir = await mkdtemp(path.join(tmpdir(), 'mamori-test-pg-'));
  // mkdtemp makes it 0700; as root the cluster runs as the `postgres` user, which must traverse it.
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data') }).catch(async (error) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A leaked connection to the template would make every CREATE DATABASE ... TEMPLATE fail: say so now. */
async function waitUntilUnused(adminUrl: string, db: string): Promise<void> {
  for (let waited = 0; ; waited += 100) {
    const [{ rows }] = await adminQuery(adminUrl, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = '${db}'`);
    if (rows[0].n === 0) return;
    if (waited >= 5_000) throw new Error(`${rows[0].n} connection(s) to ${db} still open after migrating: close every pool`);
    await sleep(100);
  }
}

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const server = await startServer();
  const adminUrl = withDatabaseName(server.url, 'postgres');
  const runId = randomBytes(4).toString('hex');
  const template = `mamori_tpl_${runId}`;
  const prefix = `mamori_t_${runId}_`;

  const teardown = async () => {
    try {
      const [{ rows }] = await adminQuery(
        adminUrl,
        `SELECT datname FROM pg_database WHERE datname = '${template}' OR starts_with(datname, '${prefix}')`,
      );
      // FORCE: a test that forgot to close its pool must not make the cleanup fail.
      await adminQuery(adminUrl, ...rows.map((r) => `DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`));
    } finally {
      await server.stop();
    }
  };

  try {
    // The two roles of a deployment (#20): the owner migrates and owns the schema, the servers under test run
    // as the application role. Roles belong to the whole cluster: made once, shared by every run.
    await ensureLoginRoles(adminUrl, [DEFAULT_OWNER_ROLE, DEFAULT_APP_ROLE].map((name) => ({ name, password: TEST_ROLE_PASSWORD })));
    await adminQuery(adminUrl, `CREATE DATABASE ${template} OWNER ${DEFAULT_OWNER_ROLE}`);
    await migrateDatabase(withLogin(withDatabaseName(adminUrl, template), DEFAULT_OWNER_ROLE, TEST_ROLE_PASSWORD));
    // From now on nobody can connect to the template by mistake.
    await adminQuery(adminUrl, `ALTER DATABASE ${template} ALLOW_CONNECTIONS false`);
    await waitUntilUnused(adminUrl, template);
  } catch (error) {
    await teardown();
    throw error;
  }

  provide('mamoriAdminUrl', adminUrl);
  provide('mamoriTemplateDb', template);
  provide('mamoriTestDbPrefix', prefix);
  return teardown;
}

// A fresh, migrated database for one test file: a copy of the run's template (see ./global-setup.ts).
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { withDatabaseName } from '../../server/src/db/database-url';

export interface TestDatabase {
  url: string;
  name: string;
  /** Drops the database, closing any connection still open to it. Idempotent. */
  drop(): Promise<void>;
}

const ATTEMPTS = 3;

/** One short-lived connection per statement: nothing stays connected (names are generated, [a-z0-9_]). */
async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Call once per test file (beforeAll) and drop() in afterAll; teardown also sweeps leftovers. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('mamoriAdminUrl');
  const template = inject('mamoriTemplateDb');
  const name = `${inject('mamoriTestDbPrefix')}${randomBytes(4).toString('hex')}`;

  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (error) {
      // 55006 "source database is being accessed by other users": a connection to the template is
      // still closing (Postgres has already waited 5 s for it). Retry briefly, then give up loudly.
      if ((error as { code?: string }).code !== '55006' || attempt === ATTEMPTS) throw error;
      await sleep(250 * attempt);
    }
  }

  return {
    url: withDatabaseName(adminUrl, name),
    name,
    drop: async () => {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

// A fresh, migrated database for one test file: a copy of the run's template (see ./global-setup.ts).
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { withDatabaseName } from '../../server/src/db/database-url';
import { DEFAULT_APP_ROLE, DEFAULT_OWNER_ROLE, withLogin } from '../../server/src/db/roles';
import { TEST_ROLE_PASSWORD } from './test-roles';

export interface TestDatabase {
  /** As the cluster's superuser: fixtures, checks, and what only a superuser may do (tampering tests). */
  url: string;
  /** As the owner of every table (mamori_owner): what migrations may do. */
  ownerUrl: string;
  /** As the application role (mamori_app): what the server may do. */
  appUrl: string;
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
      await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template} OWNER ${DEFAULT_OWNER_ROLE}`);
      break;
    } catch (error) {
      // 55006 "source database is being accessed by other users": a connection to the template is
      // still closing (Postgres has already waited 5 s for it). Retry briefly, then give up loudly.
      if ((error as { code?: string }).code !== '55006' || attempt === ATTEMPTS) throw error;
      await sleep(250 * attempt);
    }
  }

  const url = withDatabaseName(adminUrl, name);
  return {
    url, name,
    ownerUrl: withLogin(url, DEFAULT_OWNER_ROLE, TEST_ROLE_PASSWORD),
    appUrl: withLogin(url, DEFAULT_APP_ROLE, TEST_ROLE_PASSWORD),
    drop: async () => {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

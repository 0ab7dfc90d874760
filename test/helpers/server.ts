// The real server over real HTTP on a fresh database of its own, with demo data: one per test file.
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { PurposeKey, RoleKey } from '../../schema/policy';
import { type OpsOptions, startApp, type RunningApp } from '../../server/src/app';
import { initOrm } from '../../server/src/db/orm';
import { DEMO_PASSWORD, demoEmail, seedDemoData } from '../../server/src/seeders';
import { createTestDatabase, type TestDatabase } from './database';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CheckpointOptions } from '../../server/src/trail/checkpointer';
import { generateTrailKeyPem, trailKeyFrom } from '../../server/src/trail/trail-key';

/** The token signing key of test servers (a child server process gets it too). */
export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestServer {
  url: string;
  db: TestDatabase;
  orm: MikroORM;
  /** A pg pool on the test database, to check what was written. */
  sql: pg.Pool;
  app: RunningApp;
  /** The trail's key and checkpoint directory (a temporary one); checkpoints are signed when a test asks. */
  checkpoints: CheckpointOptions;
  /** How many SQL statements the server has sent so far. */
  queries: { count: number; recent: string[] };
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult<T>>;
  /** A client logged in as the demo account of `role`, declaring `purpose` (or none). */
  asRole(role: RoleKey, purpose?: PurposeKey | string | null): Promise<GqlClient>;
  stop(): Promise<void>;
}

export type GqlClient = (<T = any>(query: string, variables?: Record<string, unknown>) => Promise<GqlResult<T>>) & {
  token: string;
  withPurpose(purpose: string | null): GqlClient;
};

export async function startTestServer(opts: { customers?: number; seed?: number; ops?: OpsOptions } = {}): Promise<TestServer> {
  const queries = { count: 0, recent: [] as string[] };
  const db = await createTestDatabase();
  await seedDemoData(db.url, { customers: opts.customers ?? 40, seed: opts.seed ?? 7 });
  // Every SQL statement the server sends is counted (to prove pages cost a constant number of queries).
  // The server runs as the application role (#20), as deployed: it may not rewrite the trail.
  const orm = await initOrm(db.appUrl, { debug: ['query'], logger: (m) => {
    queries.count += 1;
    // The latest statements' text, to tell which statement read what (test/policy-consents.test.ts).
    queries.recent.push(m.slice(0, 2000));
    if (queries.recent.length > 500) queries.recent.splice(0, queries.recent.length - 500);
    if (process.env.LOG_SQL) console.log(m.slice(0, 160));
  } });
  const checkpoints: CheckpointOptions = { key: trailKeyFrom(generateTrailKeyPem()), dir: mkdtempSync(path.join(tmpdir(), 'mamori-checkpoints-')), intervalMs: 0 };
  const app = await startApp({ orm, secret: TEST_SECRET, checkpoints }, 0, '127.0.0.1', opts.ops);
  const sql = new pg.Pool({ connectionString: db.url, max: 2 });
  // Dropping the database at the end terminates idle connections; that is expected, not a crash.
  sql.on('error', () => undefined);
  const tokens = new Map<RoleKey, string>();

  async function gql<T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GqlResult<T>> {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json().catch(() => ({}));
    return { status: res.status, ...body };
  }

  function client(token: string, purpose: string | null): GqlClient {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (purpose) headers['x-purpose'] = purpose;
    const c = (<T>(q: string, v?: Record<string, unknown>) => gql<T>(q, v, headers)) as GqlClient;
    c.token = token;
    c.withPurpose = (p) => client(token, p);
    return c;
  }

  return {
    url: app.url, db, orm, sql, app, gql, queries, checkpoints,
    async asRole(role, purpose = null) {
      let token = tokens.get(role);
      if (!token) {
        const r = await gql<{ login: { token: string } }>(
          'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: demoEmail(role), p: DEMO_PASSWORD });
        if (!r.data?.login) throw new Error(`login as ${role} failed: ${JSON.stringify(r.errors)}`);
        token = r.data.login.token;
        tokens.set(role, token);
      }
      return client(token, purpose);
    },
    async stop() {
      await app.stop();
      await orm.close(true);
      await sql.end();
      await db.drop();
      rmSync(checkpoints.dir, { recursive: true, force: true });
    },
  };
}

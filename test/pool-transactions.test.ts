// Raw SQL inside a write's transaction runs on the transaction's connection (common/sql.ts sqlIn): with as
// many concurrent writes as pooled connections, no writer waits on the pool for a second one (the soak found
// every write stalled for the pool's acquire timeout when they took one).
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startApp, type RunningApp } from '../server/src/app';
import { initOrm } from '../server/src/db/orm';
import { DEMO_PASSWORD, demoEmail, seedDemoData } from '../server/src/seeders';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { TEST_SECRET } from './helpers/server';

const POOL = 2;
let db: TestDatabase;
let orm: MikroORM;
let app: RunningApp;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.url, { customers: 20, seed: 7 });
  // A pool this small makes a second connection per write impossible to hide; acquiring fails fast.
  orm = await initOrm(db.url, { pool: { min: 0, max: POOL, acquireTimeoutMillis: 8_000 } });
  app = await startApp({ orm, secret: TEST_SECRET });
});
afterAll(async () => {
  await app?.stop();
  await orm?.close(true);
  await db?.drop();
});

async function gql(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return res.json() as Promise<{ data?: any; errors?: { extensions?: { code?: string } }[] }>;
}

test(`${POOL * 2} concurrent customer updates on a pool of ${POOL} all succeed`, async () => {
  const login = await gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: demoEmail('SUPPORT'), p: DEMO_PASSWORD });
  const headers = { authorization: `Bearer ${login.data.login.token}`, 'x-purpose': 'INQUIRY_RESPONSE' };
  const ids = (await gql('{ allCustomers(perPage: 4) { id } }', {}, headers)).data.allCustomers.map((c: { id: string }) => c.id);
  expect(ids).toHaveLength(POOL * 2);
  const results = await Promise.all(ids.map((id: string, i: number) => gql(
    'mutation($id: ID!, $phone: String!) { updateCustomer(id: $id, phone: $phone, reason: "お客様からの電話で変更") { id phone } }',
    { id, phone: `090-1234-56${String(10 + i)}` }, headers)));
  expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK')).toEqual(ids.map(() => 'OK'));
  expect(results.map((r) => r.data.updateCustomer.phone)).toEqual(ids.map((_: string, i: number) => `090-1234-56${String(10 + i)}`));
}, 60_000);

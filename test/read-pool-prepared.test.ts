// A read-pool connection keeps every statement prepared on it for as long as it lives (node-postgres's table
// of names, the server's plans): bounded (#22 item 8) by closing a connection once it has prepared 200.
// Counted by Postgres itself (pg_prepared_statements is the session's own list), not timed.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createReadPool, type ReadPool } from '../server/src/db/read-pool';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let pool: ReadPool;
beforeAll(async () => {
  s = await startTestServer({ customers: 1 });
  pool = createReadPool(s.orm);
});
afterAll(async () => { await pool?.close(); await s?.stop(); });

test('450 distinct statements: no connection holds more than 200 prepared, and every answer is right', async () => {
  const seen = new Map<number, number>();
  for (let i = 0; i < 450; i++) {
    // Each text differs (its literal): a new prepared statement wherever it runs.
    const [row] = await pool.run(`select pg_backend_pid() as pid, (select count(*) from pg_prepared_statements)::int as prepared, ${i} + ?::int as n`, [1]);
    expect(row.n).toBe(i + 1);
    seen.set(row.pid, Math.max(seen.get(row.pid) ?? 0, row.prepared));
  }
  expect(Math.max(...seen.values())).toBeLessThanOrEqual(200);
  // One statement at a time reuses one connection: 450 need at least three in turn.
  expect(seen.size).toBeGreaterThanOrEqual(3);
  // A statement seen before is still served (prepared again where it is not).
  const [again] = await pool.run(`select pg_backend_pid() as pid, (select count(*) from pg_prepared_statements)::int as prepared, ${0} + ?::int as n`, [1]);
  expect(again.n).toBe(1);
});

test('a statement keyed by ids (samePlan) runs its generic plan from the first run; any other is planned for its values', async () => {
  // The statement's own counters (pg_prepared_statements, its text holds the marker), read while it runs.
  const counted = (marker: string) => `select (select row(generic_plans, custom_plans)::text from pg_prepared_statements
    where statement like '%' || '${marker}' || '%') as plans, c.id from customer c where c.id = any(?::int[])`;
  const [generic] = await pool.run(counted('keyed_by_ids'), ['{1}'], true);
  expect(generic).toEqual({ plans: '(1,0)', id: 1 });
  const [custom] = await pool.run(counted('planned_for_values'), ['{1}']);
  expect(custom).toEqual({ plans: '(0,1)', id: 1 });
});

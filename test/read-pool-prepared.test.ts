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

test('column parsers are kept per statement: each run parses its values as the ORM does, whichever ran before', async () => {
  // Same column count, other types: a parser kept for one statement must never parse the other's values.
  const typed = `select ?::date as day, ?::timestamptz as at, ?::text[] as tags, '{}'::text[] as none, 7::int as n, '{"a":1}'::jsonb as doc`;
  const texts = `select ?::text as day, ?::text as at, ?::text as tags, 'x'::text as none, '7'::text as n, 'y'::text as doc`;
  const expected = { day: '2026-12-07', at: expect.stringMatching(/^2026-12-07 0\d:00:00\+/), tags: ['a', 'b'], none: [], n: 7, doc: { a: 1 } };
  for (let i = 0; i < 3; i++) {
    for (const samePlan of [false, true]) {
      const [row] = await pool.run(typed, ['2026-12-07', '2026-12-07T00:00:00Z', '{a,b}'], samePlan);
      expect(row).toEqual(expected);
      const [plain] = await pool.run(texts, ['2026-12-07', 'at', '{a,b}'], samePlan);
      expect(plain).toEqual({ day: '2026-12-07', at: 'at', tags: '{a,b}', none: 'x', n: '7', doc: 'y' });
    }
  }
});

// Shadow mode (issue #18 item 4): with MAMORI_SHADOW_COMPARE=1 every answer of the compiled read path is run
// again through graphql-js, unrecorded, and a difference is logged and counted. Proven here on the real
// server: alike answers are counted as such and leave one trail entry per subject; a real difference — a
// customer changed between the compiled read and the shadow run, held apart by a lock on the trail — is
// logged (where, never the value) and counted in mamori_shadow_compare_total{result="different"}.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLog } from '../server/src/ops/log';
import { metrics } from '../server/src/ops/metrics';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
const lines: string[] = [];
const logged = () => lines.map((l) => JSON.parse(l) as Record<string, any>);

beforeAll(async () => {
  process.env.MAMORI_SHADOW_COMPARE = '1';
  s = await startTestServer({ customers: 20, ops: { log: createLog('info', { write: (line: string) => { lines.push(line); } }) } });
});
afterAll(async () => {
  delete process.env.MAMORI_SHADOW_COMPARE;
  await s?.stop();
});

async function counts(): Promise<Record<string, number>> {
  const { values } = await metrics().shadowCompare.get();
  return Object.fromEntries(values.map((v) => [String(v.labels.result), v.value]));
}

async function post(body: unknown, headers: Record<string, string>) {
  const res = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() as any };
}

describe('MAMORI_SHADOW_COMPARE=1', () => {
  test('compiled answers and refusals alike through graphql-js are counted as the same, and recorded once', async () => {
    const before = await counts();
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const headers = { authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE' };
    const served = await post({ query: '{ allCustomers(perPage: 5, sortField: "id") { __typename id name phone email orders(last: 2) { id shipTo { name city } } maskedFields } }' },
      { ...headers, 'x-request-id': 'shadow-same-1' });
    expect(served.status).toBe(200);
    expect(served.body.data.allCustomers).toHaveLength(5);
    const refused = await post({ query: '{ allCustomers(perPage: 5) { id name } }' }, { ...headers, 'x-purpose': 'PROMOTION', 'x-request-id': 'shadow-same-2' });
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN_PURPOSE');
    await expect.poll(async () => ((await counts()).same ?? 0) - (before.same ?? 0)).toBe(2);
    expect((await counts()).different ?? 0).toBe(before.different ?? 0);
    // The shadow run records nothing: one entry per customer served, as without shadow mode.
    const { rows } = await s.sql.query(`select count(*)::int as n from trail_entry where request_id = 'shadow-same-1'`);
    expect(rows[0].n).toBe(5);
  });

  test('a customer changed between the compiled read and the shadow run: the difference is logged, without the value, and counted', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const { rows: [first] } = await s.sql.query(`select id, customer_number, name from customer where status = 'ACTIVE' order by id limit 1`);
    const before = await counts();
    // The compiled path reads its rows, then (a personal field served: name) waits for its trail entries to commit before it answers; the shadow
    // run starts after the answer. A lock on the trail holds the request between the two while the customer changes.
    const lock = new pg.Client({ connectionString: s.db.url });
    await lock.connect();
    try {
      await lock.query('begin');
      await lock.query('lock table trail_record in share mode');
      const answer = post({ query: `{ allCustomers(perPage: 1, sortField: "id", filter: { ids: ["${first.id}"] }) { id customerNumber name } }` },
        { authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE', 'x-request-id': 'shadow-differ-1' });
      await expect.poll(async () => (await s.sql.query(`select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
        where c.relname = 'trail_record' and not l.granted`)).rows[0].n, { timeout: 20_000 }).toBeGreaterThan(0);
      await lock.query(`update customer set customer_number = 'SHADOW-' || customer_number where id = $1`, [first.id]);
      await lock.query('commit');
      const { body } = await answer;
      expect(body.data.allCustomers).toEqual([{ id: String(first.id), customerNumber: first.customer_number, name: first.name }]);
      // The shadow run has compared before the customer is put back (it starts once the answer has gone).
      await expect.poll(async () => ((await counts()).different ?? 0) - (before.different ?? 0)).toBe(1);
    } finally {
      await lock.end();
      await s.sql.query('update customer set customer_number = $2 where id = $1', [first.id, first.customer_number]);
    }
    const line = logged().find((l) => l.requestId === 'shadow-differ-1' && l.msg.startsWith('shadow compare'));
    expect(line).toMatchObject({ level: 'warn', operation: 'allCustomers', role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', part: 'answer',
      where: 'data.allCustomers[0].customerNumber: two different string values' });
    expect(JSON.stringify(line)).not.toContain(first.customer_number);
  });
});

// A bounded load run on loopback: 50 concurrent clients for 10 s of mixed personal reads. It must finish with
// no 5xx and no error at all, and the trail must hold exactly one ACCESS entry per subject served per request.
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { verifyTrail } from '../server/src/trail/verify';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
beforeAll(async () => { s = await startTestServer({ customers: 60 }); });
afterAll(async () => { await s?.stop(); });

const CLIENTS = 50;
const DURATION_MS = 10_000;

/** The reads of the run, each with the subjects (customer ids) its answer carries personal fields about. */
const READS = [
  { role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', query: 'query Page($p: Int) { allCustomers(page: $p, perPage: 5, sortField: "id") { id name phone } }',
    subjects: (d: any) => d.allCustomers.map((c: any) => c.id) },
  { role: 'SUPPORT', purpose: 'AFTER_SALES', query: 'query One($p: Int) { allCustomers(page: $p, perPage: 1, sortField: "id") { id email orders(last: 2) { id shipTo { name } } } }',
    subjects: (d: any) => d.allCustomers.map((c: any) => c.id) },
  { role: 'FULFILLMENT', purpose: 'SHIPPING', query: 'query Ship($p: Int) { allOrders(page: $p, perPage: 5, sortField: "id") { id customerId shipTo { name addressLine } } }',
    subjects: (d: any) => d.allOrders.map((o: any) => o.customerId) },
  { role: 'MARKETING', purpose: 'PROMOTION', query: 'query Promo($p: Int) { allCustomers(page: $p, perPage: 3, sortField: "id") { id name phone } }',
    subjects: (d: any) => d.allCustomers.map((c: any) => c.id) },
] as const;

test(`${CLIENTS} concurrent clients for ${DURATION_MS / 1000} s: no 5xx, no error, one trail entry per subject served per request`, async () => {
  const tokens = await Promise.all(READS.map(async (r) => (await s.asRole(r.role, r.purpose)).token));
  const before = Number((await s.sql.query(`select count(*)::int n from trail_entry where kind = 'ACCESS'`)).rows[0].n);
  const served: string[] = [];
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let requests = 0;
  const deadline = Date.now() + DURATION_MS;

  const client = async (n: number) => {
    for (let i = 0; Date.now() < deadline; i++) {
      const k = (n + i) % READS.length;
      const read = READS[k];
      const requestId = `load-${n}-${i}`;
      requests += 1;
      const res = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[k]}`, 'x-purpose': read.purpose, 'x-request-id': requestId },
        body: JSON.stringify({ query: read.query, variables: { p: (n * 7 + i) % 12 } }),
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const body = await res.json().catch(() => null);
      if (res.status !== 200 || !body?.data || body.errors) { failures.push(`${requestId} ${res.status} ${JSON.stringify(body?.errors)}`); continue; }
      for (const id of new Set(read.subjects(body.data).map(String))) served.push(`${requestId}:${id}`);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, n) => sleep(n * 5).then(() => client(n))));

  expect([...statuses.keys()].filter((st) => st >= 500)).toEqual([]);
  expect(failures).toEqual([]);
  expect(requests).toBeGreaterThanOrEqual(CLIENTS);
  const { rows } = await s.sql.query(`select request_id || ':' || customer_id as k from trail_entry where kind = 'ACCESS' and request_id like 'load-%'`);
  expect(rows.length).toBe(served.length);
  expect(rows.map((r) => r.k).sort()).toEqual(served.sort());
  const after = Number((await s.sql.query(`select count(*)::int n from trail_entry where kind = 'ACCESS'`)).rows[0].n);
  expect(after - before).toBe(served.length);
  expect(await verifyTrail(s.orm.em.fork() as EntityManager)).toMatchObject({ ok: true, firstBrokenId: null });
}, 60_000);

// A short, seeded run of the soak's traffic (#22 item 8; the 10-minute run is `npm run bench -- --only soak`):
// 10 clients × 30 steps of reads on both read paths, writes, CSV exports and wrong passwords, at once.
// Nothing but the wrong passwords is refused; the trail holds one entry per subject served, request by
// request; the server's metrics and log count exactly the requests sent; the hash chain verifies.
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runClients, soakTokens, unexpected, type Outcome } from '../bench/lib/soak';
import { createLog } from '../server/src/ops/log';
import { verifyTrail } from '../server/src/trail/verify';
import { Scrape } from './helpers/metrics';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
const lines: string[] = [];

beforeAll(async () => {
  s = await startTestServer({ customers: 120, ops: { metrics: { port: 0, host: '127.0.0.1' }, log: createLog('info', { write: (l: string) => { lines.push(l); } }) } });
});
afterAll(async () => { await s?.stop(); });

test('10 clients × 30 steps: only the wrong passwords refused; trail = subjects served per request; metrics and log = requests sent; chain intact', async () => {
  const tokens = await soakTokens(s.url);
  const { rows } = await s.sql.query(`select id from customer order by id`);
  const target = { url: s.url, tokens, customerIds: rows.map((r) => Number(r.id)) };
  const before = await Scrape.of(s.app.metricsUrl!);
  const logged = lines.length;
  const outcomes: Outcome[] = [];
  await runClients(target, { clients: 10, seed: 22, steps: 30, record: (o) => outcomes.push(o) });
  await new Promise((r) => setTimeout(r, 100));

  expect(outcomes.filter(unexpected)).toEqual([]);
  // The mix is what it says: every kind ran, reads served people, wrong passwords were refused.
  const kinds = new Set(outcomes.map((o) => o.kind));
  expect([...kinds].sort()).toEqual(['customer', 'export-record', 'export-rows', 'interaction', 'list', 'marketing', 'orders', 'write', 'wrong-login']);
  const served = outcomes.reduce((n, o) => n + o.subjects, 0);
  expect(served).toBeGreaterThan(1_000);
  expect(outcomes.filter((o) => o.kind === 'wrong-login').every((o) => o.code === 'UNAUTHENTICATED')).toBe(true);

  // The trail: for each request, exactly one entry per subject it served (none for those that served none).
  const { rows: entries } = await s.sql.query(
    `select request_id, count(*)::int as n from trail_entry where kind = 'ACCESS' and request_id like 'soak-%' group by request_id`);
  const inTrail = new Map(entries.map((e) => [e.request_id as string, e.n as number]));
  const mismatched = outcomes.filter((o) => (inTrail.get(o.requestId) ?? 0) !== o.subjects).map((o) => [o.requestId, o.subjects, inTrail.get(o.requestId)]);
  expect(mismatched).toEqual([]);
  expect([...inTrail.values()].reduce((a, b) => a + b, 0)).toBe(served);

  // The server's own count of what it answered, by operation and code, is the clients' count.
  const after = await Scrape.of(s.app.metricsUrl!);
  const tally = new Map<string, number>();
  for (const o of outcomes) tally.set(`${o.operation} ${o.code}`, (tally.get(`${o.operation} ${o.code}`) ?? 0) + 1);
  for (const [key, n] of tally) {
    const [operation, code] = key.split(' ');
    expect(after.delta(before, 'mamori_graphql_requests_total', { operation, code }), key).toBe(n);
  }
  expect(after.delta(before, 'mamori_graphql_requests_total')).toBe(outcomes.length);
  expect(after.delta(before, 'mamori_trail_entries_total')).toBe(served);
  expect(after.delta(before, 'mamori_trail_append_failures_total')).toBe(0);
  // One log line per request, each under its request id.
  const requestLines = lines.slice(logged).map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
  expect(requestLines.map((l) => l.requestId).sort()).toEqual(outcomes.map((o) => o.requestId).sort());

  const verified = await verifyTrail(s.orm.em.fork() as EntityManager);
  expect(verified).toMatchObject({ ok: true });
}, 120_000);

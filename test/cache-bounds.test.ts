// Every in-memory cache is bounded (#22 item 8): a client sending ever new documents leaves each cache at its
// cap, not growing, and the server still answers. Read from the server's own /metrics (mamori_cache_*), on
// the real server; counts, not timings.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Scrape } from './helpers/metrics';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
beforeAll(async () => { s = await startTestServer({ customers: 20, ops: { metrics: { port: 0, host: '127.0.0.1' } } }); });
afterAll(async () => { await s?.stop(); });

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A POST of the text; `persisted`: with its persisted-query hash, as Apollo's clients send it (a request with
 * extensions is left to Apollo by the compiled read path, so without them it asks that path's plan cache too).
 */
async function send(token: string, query: string, persisted = false): Promise<{ status: number; body: any }> {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'INQUIRY_RESPONSE' },
    body: JSON.stringify({ query, ...(persisted ? { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } } : {}) }),
  });
  return { status: res.status, body: await res.json() };
}

async function inBatches(n: number, each: (i: number) => Promise<void>, width = 8): Promise<void> {
  for (let i = 0; i < n; i += width) await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, j) => each(i + j)));
}

const CACHES = ['compiled_read_plans', 'apollo_documents', 'apollo_persisted_queries', 'trail_query_hashes'];

test('1,100 distinct documents (and 1,100 persisted queries) leave the plan, document, persisted-query and query-hash caches at their cap of 1,000', async () => {
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  const before = await Scrape.of(s.app.metricsUrl!);
  for (const cache of CACHES) expect(before.value('mamori_cache_capacity', { cache }), cache).toBe(1_000);
  const { rows: [{ id }] } = await s.sql.query(`select id from customer order by id limit 1`);
  await inBatches(1_100, async (i) => {
    // Each text differs (its operation name): a new plan, document and query hash (a customer served is recorded).
    const r = await send(support.token, `query Q${i} { Customer(id: "${id}") { id name } }`);
    expect(r.body.errors, `Q${i}`).toBeUndefined();
    expect(r.body.data.Customer.name).toBeTruthy();
    // And a new persisted query.
    const p = await send(support.token, `query P${i} { __typename }`, true);
    expect(p.body, `P${i}`).toEqual({ data: { __typename: 'Query' } });
  });
  const after = await Scrape.of(s.app.metricsUrl!);
  for (const cache of CACHES) {
    expect(after.value('mamori_cache_entries', { cache }), cache).toBe(1_000);
    expect(after.delta(before, 'mamori_cache_evictions_total', { cache }), cache).toBeGreaterThanOrEqual(100);
  }
  // Every one was recorded in the trail, by its own query hash: eviction changes what is remembered, never what is recorded.
  const { rows } = await s.sql.query(`select count(distinct query_hash)::int as n from trail_entry where kind = 'ACCESS' and operation like 'Q%'`);
  expect(rows[0].n).toBe(1_100);
});

test('large texts: the caches bounded by text keep what they hold under their bound, and still answer', async () => {
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  // 120,000 characters of comment (a comment is not a token: within the limits, under the 256 kB body limit).
  const pad = `# ${'x'.repeat(120_000)}\n`;
  await inBatches(20, async (i) => {
    for (const persisted of [false, true]) {
      const r = await send(support.token, `${pad}query Big${i} { __typename }`, persisted);
      expect(r.status, `Big${i}`).toBe(200);
      expect(r.body).toEqual({ data: { __typename: 'Query' } });
    }
  }, 4);
  const after = await Scrape.of(s.app.metricsUrl!);
  for (const cache of ['compiled_read_plans', 'apollo_documents', 'apollo_persisted_queries']) {
    const capacity = after.value('mamori_cache_weight_capacity', { cache });
    expect(capacity, cache).toBeGreaterThan(0);
    expect(after.value('mamori_cache_weight', { cache }), cache).toBeLessThanOrEqual(capacity);
    // Full: 20 texts of 120k do not fit in 1M or 2M characters.
    expect(after.value('mamori_cache_weight', { cache }), cache).toBeGreaterThan(capacity - 130_000);
  }
});

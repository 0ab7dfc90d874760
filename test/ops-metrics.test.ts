// Prometheus metrics (#22 item 6) on a port of their own: requests by operation and code, latency
// histograms, trail batch size and commit time, masking fallbacks, compiled-read hit rate, pool waits.
// Each count is checked exactly against the requests made here over HTTP and what the database holds.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoEmail } from '../server/src/seeders';
import { Scrape } from './helpers/metrics';
import { type GqlClient, startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let metricsUrl: string;
let support: GqlClient;
const saved = process.env.MAMORI_MASKING_BUDGET_CHARS;
const BUDGET = 1_000;

beforeAll(async () => {
  // A small masking budget, so that one read can spend it (the setting's smallest value).
  process.env.MAMORI_MASKING_BUDGET_CHARS = String(BUDGET);
  s = await startTestServer({ customers: 15, ops: { metrics: { port: 0, host: '127.0.0.1' } } });
  metricsUrl = s.app.metricsUrl!;
  support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
});
afterAll(async () => {
  if (saved === undefined) delete process.env.MAMORI_MASKING_BUDGET_CHARS; else process.env.MAMORI_MASKING_BUDGET_CHARS = saved;
  await s?.stop();
});

const scrape = () => Scrape.of(metricsUrl);
/** Counters move when the answer has gone, just after the client has it. */
const settled = () => new Promise((r) => setTimeout(r, 50));
const accessEntries = async () => Number((await s.sql.query(`select count(*)::int as n from trail_entry where kind = 'ACCESS'`)).rows[0].n);

describe('requests by operation and code', () => {
  test('as SUPPORT: three compiled list reads, one read through graphql-js, a refused purpose, a wrong password: each counted once under its operation and code', async () => {
    const carrier = await s.asRole('CARRIER');
    const before = await scrape();
    for (let i = 0; i < 3; i++) expect((await support('{ allCustomers(perPage: 2) { id name } }')).errors).toBeUndefined();
    // A directive is a shape the compiled path never plans: this read goes through graphql-js.
    expect((await support('query($id: ID!) { Customer(id: $id) { id name @include(if: true) } }', { id: '1' })).errors).toBeUndefined();
    expect((await carrier.withPurpose('PROMOTION')('{ allCustomers(perPage: 1) { id } }')).errors?.[0].extensions?.code).toBe('FORBIDDEN_PURPOSE');
    const wrong = await s.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: demoEmail('MARKETING'), p: 'wrong' });
    expect(wrong.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    await settled();
    const after = await scrape();
    const requests = (labels: Record<string, string>) => after.delta(before, 'mamori_graphql_requests_total', labels);
    expect(requests({ operation: 'allCustomers', code: 'OK' })).toBe(3);
    expect(requests({ operation: 'Customer', code: 'OK' })).toBe(1);
    expect(requests({ operation: 'allCustomers', code: 'FORBIDDEN_PURPOSE' })).toBe(1);
    expect(requests({ operation: 'login', code: 'UNAUTHENTICATED' })).toBe(1);
    expect(requests({})).toBe(6);
    // Latency: one observation per request, in the operation's histogram.
    expect(after.delta(before, 'mamori_graphql_request_duration_seconds_count', { operation: 'allCustomers' })).toBe(4);
    expect(after.delta(before, 'mamori_http_requests_total', { route: 'graphql', status: '200' })).toBe(6);
    expect(after.value('mamori_http_request_duration_seconds_bucket', { route: 'graphql', le: '+Inf' })).toBe(after.value('mamori_http_request_duration_seconds_count', { route: 'graphql' }));
    // The compiled read path: three served, the refused one refused there (answered as an error), the other two had no plan.
    expect(after.delta(before, 'mamori_compiled_reads_total', { outcome: 'served' })).toBe(3);
    expect(after.delta(before, 'mamori_compiled_reads_total', { outcome: 'refused' })).toBe(1);
    expect(after.delta(before, 'mamori_compiled_reads_total', { outcome: 'unplanned' })).toBe(2);
    expect(after.delta(before, 'mamori_compiled_reads_unplanned_total', { reason: 'shape' })).toBe(2);
  });

  test('labels hold schema names and codes only: an operation name, aliases and variables chosen by the client appear nowhere', async () => {
    await support('query 鈴木一郎の件 { yamada_taro_0901234567: allCustomers(filter: { q: "山田太郎" }) { id } }');
    await support('query Find($q: String) { allCustomers(filter: { q: $q }) { id } }', { q: 'hanako@example.jp' });
    await settled();
    const { text } = await scrape();
    for (const v of ['鈴木一郎', 'yamada_taro', '山田太郎', 'hanako@example.jp', 'Find']) expect(text).not.toContain(v);
  });
});

describe('the access trail', () => {
  test('as SUPPORT, 20 concurrent reads of 5 customers: entries counted = entries in the database = 100; batches hold the 20 requests; each commit timed', async () => {
    const before = await scrape();
    const inDatabase = await accessEntries();
    const answers = await Promise.all(Array.from({ length: 20 }, () => support('{ allCustomers(perPage: 5) { id phone } }')));
    expect(answers.every((a) => !a.errors && a.data.allCustomers.length === 5)).toBe(true);
    await settled();
    const after = await scrape();
    expect(await accessEntries() - inDatabase).toBe(100);
    expect(after.delta(before, 'mamori_trail_entries_total')).toBe(100);
    expect(after.delta(before, 'mamori_trail_batch_entries_sum')).toBe(100);
    expect(after.delta(before, 'mamori_trail_batch_requests_sum')).toBe(20);
    const batches = after.delta(before, 'mamori_trail_batch_requests_count');
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(20);
    expect(after.delta(before, 'mamori_trail_commit_seconds_count')).toBe(batches);
    expect(after.delta(before, 'mamori_trail_append_failures_total')).toBe(0);
    expect(after.delta(before, 'mamori_trail_write_errors_total')).toBe(0);
  });
});

describe('masking fallbacks', () => {
  test(`as SUPPORT under TRANSACTION, two reads of an 800-character transcript pass a ${BUDGET}-character budget: one fallback counted, and one more request`, async () => {
    const transcript = `折り返しは 090-1234-5678 へ。${'あ'.repeat(780)}`;
    const created = await support('mutation($c: ID!, $t: String) { createInteraction(customerId: $c, channel: PHONE, direction: INBOUND, kind: INQUIRY, summary: "長い通話", transcript: $t) { id } }',
      { c: '2', t: transcript });
    expect(created.errors).toBeUndefined();
    const before = await scrape();
    const id = created.data.createInteraction.id;
    // Two reads of the object (the projector masks a field once per object, whatever its aliases); they resolve
    // concurrently, so whichever is projected first is masked and the other is served null.
    const read = await support.withPurpose('TRANSACTION')(`{ a: Interaction(id: ${id}) { transcript } b: Interaction(id: ${id}) { transcript } }`);
    const served = [read.data.a.transcript, read.data.b.transcript];
    expect(served.filter((v) => v !== null)).toEqual([expect.stringContaining('［電話番号］')]);
    expect(served.filter((v) => v === null)).toHaveLength(1);
    await settled();
    expect((await scrape()).delta(before, 'mamori_masking_budget_exceeded_total')).toBe(1);
    await support.withPurpose('TRANSACTION')(`{ a: Interaction(id: ${id}) { transcript } b: Interaction(id: ${id}) { transcript } c: Interaction(id: ${id}) { transcript } }`);
    await settled();
    expect((await scrape()).delta(before, 'mamori_masking_budget_exceeded_total')).toBe(2);
  });
});

describe('pools, the process, the endpoint', () => {
  test('the three pools (ORM, compiled reads, trail writer) report connections and waiters; waits for a connection are timed', async () => {
    await support('{ allCustomers(perPage: 1) { id } }');
    await support('query($id: ID!) { Customer(id: $id) { id } }', { id: '1' });
    const m = await scrape();
    for (const pool of ['orm', 'read', 'trail']) {
      expect(m.has('mamori_db_pool_connections', { pool }), pool).toBe(true);
      expect(m.has('mamori_db_pool_waiting', { pool }), pool).toBe(true);
    }
    expect(m.value('mamori_db_pool_connections', { pool: 'orm' })).toBeGreaterThan(0);
    expect(m.value('mamori_db_pool_wait_seconds_count', { pool: 'orm' })).toBeGreaterThan(0);
    expect(m.value('mamori_db_pool_wait_seconds_count', { pool: 'read' })).toBeGreaterThan(0);
  });

  test('Node\'s own metrics (heap, event loop delay) and the running version are there', async () => {
    const m = await scrape();
    for (const name of ['nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_p99_seconds', 'process_resident_memory_bytes', 'process_cpu_seconds_total']) {
      expect(m.has(name), name).toBe(true);
    }
    expect(m.samples.find((x) => x.name === 'mamori_info')).toMatchObject({ value: 1, labels: { version: expect.any(String), policy_version: expect.any(String) } });
  });

  test('the metrics port is on loopback and serves GET /metrics only; the public port does not serve metrics', async () => {
    expect(new URL(metricsUrl).hostname).toBe('127.0.0.1');
    expect(new URL(metricsUrl).port).not.toBe(new URL(s.url).port);
    expect((await fetch(metricsUrl.replace('/metrics', '/'))).status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(404);
    const onMain = await fetch(`${s.url}/metrics`);
    expect(await onMain.text()).not.toContain('mamori_graphql_requests_total');
  });
});

describe('docs/alerts.yml', () => {
  test('every metric an alert reads is exposed, and every code and reason it names is one the server answers', async () => {
    const rules = readFileSync('docs/alerts.yml', 'utf8');
    // No YAML parser among the dependencies: every line must be one of the few shapes the file uses (a plain
    // scalar holding ": " or a quote inside quotes would not parse as YAML, and Prometheus would refuse the file).
    const shapes = [/^groups:$/, /^ {2}- name: [\w-]+$/, /^ {4}rules:$/, /^ {6}- alert: \w+$/, /^ {8}expr: [^#"]*(?:"[^"]*"[^#"]*)*$/, /^ {8}for: \d+[smh]$/,
      /^ {8}labels: \{ severity: (page|ticket), audience: (privacy-manager|operator) \}$/, /^ {8}annotations:$/, /^ {10}summary: "[^"\\]*"$/];
    for (const line of rules.split('\n')) {
      if (line.trim() === '' || line.startsWith('#')) continue;
      expect(shapes.some((r) => r.test(line)) && !/^ {8}expr: .*: /.test(line), line).toBe(true);
    }
    const exprs = [...rules.matchAll(/^\s+expr: (.+)$/gm)].map((m) => m[1]);
    expect(exprs.length).toBeGreaterThanOrEqual(10);
    const { text } = await scrape();
    const exposed = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    const server = readdirSync('server/src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(`server/src/${f}`, 'utf8')).join('\n');
    const schema = readFileSync('schema/schema.graphql', 'utf8');
    for (const expr of exprs) {
      for (const [name] of expr.matchAll(/\b(?:mamori|nodejs|process)_[a-z0-9_]+/g)) {
        expect(exposed.has(name.replace(/_(bucket|sum|count)$/, '')) || exposed.has(name), `${name} in: ${expr}`).toBe(true);
      }
      for (const [, label, values] of expr.matchAll(/\b(code|reason)=~?"([^"]+)"/g)) {
        for (const v of values.split('|')) expect(server.includes(`'${v}'`), `${label} ${v} in: ${expr}`).toBe(true);
      }
      for (const [, operation] of expr.matchAll(/\boperation="([^"]+)"/g)) expect(schema, operation).toMatch(new RegExp(`^  ${operation}\\(`, 'm'));
    }
  });
});

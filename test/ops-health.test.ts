// /healthz and /readyz on the main port (#22 item 6). Ready means: the database answers and the access
// trail can be written — nothing is served without its entry, so an instance that cannot append takes no
// traffic. Shown against a database made read-only under the running server, and a PostgreSQL stopped
// and started again.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLog } from '../server/src/ops/log';
import { policyVersionsOf } from '../server/src/policy/policy-versions';
import { startDedicatedCluster } from './helpers/dedicated-postgres';
import { Scrape } from './helpers/metrics';
import { startTestServer, type TestServer } from './helpers/server';

const probe = async (url: string, path: '/healthz' | '/readyz') => {
  const res = await fetch(`${url}${path}`);
  return { status: res.status, body: await res.json(), cache: res.headers.get('cache-control'), csp: res.headers.get('content-security-policy') };
};

describe('on the shared test cluster', () => {
  let s: TestServer;
  const lines: string[] = [];
  beforeAll(async () => {
    s = await startTestServer({ customers: 5, ops: { metrics: { port: 0, host: '127.0.0.1' }, log: createLog('info', { write: (l: string) => { lines.push(l); } }) } });
  });
  afterAll(async () => {
    await s.sql.query(`alter database ${s.db.name} reset default_transaction_read_only`).catch(() => undefined);
    await s?.stop();
  });

  test('healthz answers without a login; readyz says the database and the trail are fine; neither is cached; both carry the security headers', async () => {
    expect(await probe(s.url, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' }, cache: 'no-store', csp: expect.stringContaining("default-src 'self'") });
    expect(await probe(s.url, '/readyz')).toMatchObject({ status: 200, body: { status: 'ready', ready: true, database: 'ok', trail: 'ok' }, cache: 'no-store' });
  });

  test('a read-only database: readyz 503 (trail read-only), reads refused with TRAIL_UNAVAILABLE and counted, healthz still 200; writable again: ready again', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const before = await Scrape.of(s.app.metricsUrl!);
    // New connections are read-only; the server's (and this test's) are cut, so each reconnects read-only.
    await s.sql.query(`alter database ${s.db.name} set default_transaction_read_only = on`);
    await cutConnections(s);
    await expect.poll(async () => (await probe(s.url, '/readyz')).body, { timeout: 10_000 })
      .toEqual({ status: 'not ready', ready: false, database: 'ok', trail: 'read-only' });
    expect((await probe(s.url, '/readyz')).status).toBe(503);
    expect((await probe(s.url, '/healthz')).status).toBe(200);
    // The policy version watcher reconnects too (until then requests are refused as SERVICE_UNAVAILABLE).
    await expect.poll(() => policyVersionsOf(s.orm)?.inForce() ?? null, { timeout: 10_000 }).not.toBeNull();
    const refused = await support('{ allCustomers(perPage: 2) { id name } }');
    expect(refused.errors?.[0].extensions?.code).toBe('TRAIL_UNAVAILABLE');
    expect(refused.data ?? null).toBeNull();
    await new Promise((r) => setTimeout(r, 50));
    const after = await Scrape.of(s.app.metricsUrl!);
    expect(after.delta(before, 'mamori_trail_append_failures_total')).toBe(1);
    // Its cause, counted and logged once by SQLSTATE (25006: a read-only transaction), never by message.
    expect(after.delta(before, 'mamori_trail_write_errors_total', { code: '25006' })).toBe(1);
    expect(after.delta(before, 'mamori_trail_write_errors_total')).toBe(1);
    expect(lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'trail append failed')).toEqual([
      expect.objectContaining({ level: 'error', reason: '25006', requests: 1, err: expect.objectContaining({ code: '25006' }) })]);
    // A write fails inside PostgreSQL (25006): an internal error to the client; logged by class, SQLSTATE and stack, not by message.
    const write = await support('mutation { updateCustomer(id: 1, phone: "090-2468-1357", reason: "読み取り専用の確認") { id } }');
    expect(write.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    await expect.poll(() => lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unexpected error')).toMatchObject({
      level: 'error', operation: 'updateCustomer', err: { code: '25006', stack: expect.arrayContaining([expect.stringMatching(/^at /)]) },
    });
    expect(lines.join('')).not.toMatch(/read-only transaction|090-2468-1357|読み取り専用/);

    await s.sql.query(`alter database ${s.db.name} reset default_transaction_read_only`);
    await cutConnections(s);
    await expect.poll(async () => (await probe(s.url, '/readyz')).status, { timeout: 10_000 }).toBe(200);
    await expect.poll(async () => (await support('{ allCustomers(perPage: 2) { id name } }')).errors, { timeout: 10_000 }).toBeUndefined();
  });
});

async function cutConnections(s: TestServer): Promise<void> {
  await s.sql.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [s.db.name]);
}

describe('on a PostgreSQL of its own, stopped under the running server', () => {
  test('readyz 503 (database unreachable) within the probe\'s timeout while healthz answers; 200 again once PostgreSQL is back', async () => {
    const c = await startDedicatedCluster({ customers: 3 });
    try {
      expect((await probe(c.app.url, '/readyz')).status).toBe(200);
      await c.stopPostgres();
      const started = performance.now();
      await expect.poll(async () => (await probe(c.app.url, '/readyz')).body, { timeout: 10_000 })
        .toEqual({ status: 'not ready', ready: false, database: 'unreachable', trail: 'unknown' });
      expect(performance.now() - started).toBeLessThan(5_000);
      expect((await probe(c.app.url, '/healthz')).status).toBe(200);
      await c.startPostgres();
      await expect.poll(async () => (await probe(c.app.url, '/readyz')).status, { timeout: 20_000 }).toBe(200);
    } finally {
      await c.destroy();
    }
  });
});

// A statement stopped by its time limit (MAMORI_STATEMENT_TIMEOUT_MS) is a coded TIMEOUT, not an internal
// error, and changes nothing. The limit is lowered for this file's server; a row lock held by another
// connection makes the update wait past it.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Scrape } from './helpers/metrics';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
const before = process.env.MAMORI_STATEMENT_TIMEOUT_MS;
beforeAll(async () => {
  process.env.MAMORI_STATEMENT_TIMEOUT_MS = '500';
  s = await startTestServer({ customers: 5, ops: { metrics: { port: 0, host: '127.0.0.1' } } });
});
afterAll(async () => {
  if (before === undefined) delete process.env.MAMORI_STATEMENT_TIMEOUT_MS; else process.env.MAMORI_STATEMENT_TIMEOUT_MS = before;
  await s?.stop();
});

const UPDATE = 'mutation($id: ID!, $phone: String) { updateCustomer(id: $id, phone: $phone, reason: "お客様からの電話で変更") { id phone } }';

describe('a statement that runs out of time', () => {
  test('as SUPPORT, an update blocked past the limit answers TIMEOUT and changes nothing; unblocked, the same update succeeds', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const { rows: [c] } = await s.sql.query('select id, phone from customer order by id limit 1');
    const locker = new pg.Client({ connectionString: s.db.url });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('select 1 from customer where id = $1 for update', [c.id]);
      const blocked = await support(UPDATE, { id: String(c.id), phone: '090-1234-5678' });
      expect(blocked.data ?? null).toBeNull();
      expect(blocked.errors?.[0]?.extensions?.code).toBe('TIMEOUT');
      expect(blocked.errors?.[0]?.message).toMatch(/時間がかかりすぎた/);
      expect(JSON.stringify(blocked.errors)).not.toMatch(/statement|cancel|select|update "customer"/i);
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    expect((await s.sql.query('select phone from customer where id = $1', [c.id])).rows[0].phone).toBe(c.phone);
    const done = await support(UPDATE, { id: String(c.id), phone: '090-1234-5678' });
    expect(done.errors).toBeUndefined();
    expect(done.data.updateCustomer.phone).toBe('090-1234-5678');
  });

  test('as SUPPORT, a compiled list read blocked past the limit answers TIMEOUT once: graphql-js does not run it again', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const locker = new pg.Client({ connectionString: s.db.url });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table customer in access exclusive mode');
      const before = await Scrape.of(s.app.metricsUrl!);
      const blocked = await support('{ allCustomers(perPage: 2) { id name } }');
      expect(blocked.data ?? null).toBeNull();
      expect(blocked.errors?.[0]?.extensions?.code).toBe('TIMEOUT');
      const after = await Scrape.of(s.app.metricsUrl!);
      // Answered by the compiled path as its own error (failed), not handed to graphql-js to run a second time.
      expect(after.delta(before, 'mamori_compiled_reads_total', { outcome: 'failed' })).toBe(1);
      expect(after.delta(before, 'mamori_compiled_reads_total', { outcome: 'unplanned' })).toBe(0);
      expect(after.delta(before, 'mamori_graphql_requests_total', { operation: 'allCustomers', code: 'TIMEOUT' })).toBe(1);
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
  });
});

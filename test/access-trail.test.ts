import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Scrape } from './helpers/metrics';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
beforeAll(async () => { s = await startTestServer({ customers: 30, ops: { metrics: { port: 0, host: '127.0.0.1' } } }); });
afterAll(async () => { await s?.stop(); });

const accessCount = async () => (await s.sql.query(`select count(*)::int n from trail_entry where kind = 'ACCESS'`)).rows[0].n;
const verify = async () => {
  const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  return (await pm('{ verifyAccessTrail { ok checked firstBrokenId } }')).data.verifyAccessTrail;
};

describe('the access trail records every personal read', () => {
  test('as SUPPORT, N list requests over M customers write exactly N×M entries with the fields served', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const before = await accessCount();
    for (let i = 0; i < 3; i++) {
      const r = await support('query ListFive { allCustomers(perPage: 5, sortField: "id") { id name email cardNumber } }');
      expect(r.errors).toBeUndefined();
    }
    expect(await accessCount()).toBe(before + 15);
    const { rows } = await s.sql.query(
      `select customer_id, clear_fields, masked_fields, role, purpose, operation from trail_entry where kind = 'ACCESS' order by id desc limit 5`);
    for (const row of rows) {
      expect(row.clear_fields.sort()).toEqual(['Customer.email', 'Customer.name']);
      expect(row.masked_fields).toEqual(['Customer.cardNumber']);
      expect(row).toMatchObject({ role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE', operation: 'ListFive' });
    }
  });

  test('as MARKETING under PROMOTION, masked-only reads are recorded too (they show intent)', async () => {
    const marketing = await s.asRole('MARKETING', 'PROMOTION');
    const r = await marketing('{ allCustomers(perPage: 3) { id phone } }');
    expect(r.errors).toBeUndefined();
    const ids = r.data.allCustomers.map((c: { id: string }) => Number(c.id));
    const { rows } = await s.sql.query(
      `select customer_id, clear_fields, masked_fields from trail_entry where kind = 'ACCESS' and role = 'MARKETING' order by id`);
    expect(rows.map((x) => x.customer_id).sort()).toEqual(ids.sort());
    for (const row of rows) expect(row).toMatchObject({ clear_fields: [], masked_fields: ['Customer.phone'] });
  });

  test('values that need escaping on their way to the trail (request id with a backslash, quote and tab) are stored as sent; the chain verifies', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const requestId = 'odd\\id "quoted"\tand\\N';
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE', 'x-request-id': requestId },
      body: JSON.stringify({ query: '{ allCustomers(perPage: 2) { id name } }' }),
    });
    expect(res.status).toBe(200);
    const { rows } = await s.sql.query(`select request_id, clear_fields from trail_entry where request_id = $1`, [requestId]);
    expect(rows).toHaveLength(2);
    expect(rows[0].clear_fields).toEqual(['Customer.name']);
    expect((await verify()).ok).toBe(true);
  });

  test('what a projection records is what the selection asks after @skip, @include and fragments, on every path to the record', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const requestId = 'trail-selection-directives';
    const query = `query($s: Boolean!) { Order(id: $o) { customer { id name @skip(if: $s) ...Reach } } allCustomers(perPage: 1, sortField: "id") { id ...Reach } }
      fragment Reach on Customer { phone email @include(if: $s) }`.replace('$o', '1');
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE', 'x-request-id': requestId },
      body: JSON.stringify({ query, variables: { s: true } }),
    });
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data.Order.customer).sort()).toEqual(['email', 'id', 'phone']);
    const { rows } = await s.sql.query(`select clear_fields, masked_fields from trail_entry where request_id = $1`, [requestId]);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect([...row.clear_fields, ...row.masked_fields].sort()).toEqual(['Customer.email', 'Customer.phone']);
  });

  test('a request returning no personal field writes no access entry', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const before = await accessCount();
    expect((await support('{ allCustomers(perPage: 5) { id customerNumber status } }')).errors).toBeUndefined();
    expect(await accessCount()).toBe(before);
  });

  test('no clear read without its entry: when the trail cannot be written, the request fails, nothing is served, the cause is counted', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const scraped = await Scrape.of(s.app.metricsUrl!);
    await s.sql.query(`alter table trail_record add constraint trail_broken_for_test check (false) not valid`);
    try {
      const r = await support('{ allCustomers(perPage: 2) { id name phone } }');
      expect(r.status).toBe(503);
      expect(r.errors?.[0].extensions?.code).toBe('TRAIL_UNAVAILABLE');
      expect(r.data).toBeUndefined();
      const { rows } = await s.sql.query('select name from customer order by id limit 2');
      const body = JSON.stringify(r);
      for (const row of rows) expect(body).not.toContain(row.name);
      // The check constraint's SQLSTATE (23514) names the cause; the client is told only TRAIL_UNAVAILABLE.
      const after = await Scrape.of(s.app.metricsUrl!);
      expect(after.delta(scraped, 'mamori_trail_write_errors_total', { code: '23514' })).toBe(1);
      expect(after.delta(scraped, 'mamori_trail_write_errors_total')).toBe(1);
      expect(after.delta(scraped, 'mamori_trail_append_failures_total')).toBe(1);
    } finally {
      await s.sql.query(`alter table trail_record drop constraint trail_broken_for_test`);
    }
    expect((await verify()).ok).toBe(true);
  });
});

describe('changes and security events', () => {
  test('as SUPPORT, a change to a personal field is recorded with its reason and masked values', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const { rows: [c] } = await s.sql.query(`select id, phone from customer where status = 'ACTIVE' order by id limit 1`);
    const r = await support('mutation($id: ID!) { updateCustomer(id: $id, phone: "090-1111-2222", reason: "お客様からの電話で変更") { id phone } }', { id: String(c.id) });
    expect(r.errors).toBeUndefined();
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const ev = await pm('query($c: ID!) { allChangeEvents(filter: { customerId: $c }) { entity action fields reason oldValues newValues role purpose } }', { c: String(c.id) });
    expect(ev.data.allChangeEvents[0]).toMatchObject({
      entity: 'Customer', action: 'UPDATE', fields: ['phone'], reason: 'お客様からの電話で変更', role: 'SUPPORT',
      newValues: { phone: '***-****-2222' },
    });
    expect(JSON.stringify(ev.data)).not.toContain('1111');
    expect(JSON.stringify(ev.data)).not.toContain(c.phone);
  });

  test('a failed login is a security event', async () => {
    await s.gql('mutation { login(email: "support@demo.mamori.jp", password: "wrong-password") { token } }');
    const { rows } = await s.sql.query(`select detail from trail_entry where kind = 'SECURITY' and detail->>'event' = 'LOGIN_FAILED'`);
    expect(rows.length).toBeGreaterThan(0);
  });

  test('as CARRIER, a refused purpose is recorded as a security event', async () => {
    const carrier = await s.asRole('CARRIER', 'PROMOTION');
    const r = await carrier('{ allOrders { id } }');
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN_PURPOSE');
    const { rows } = await s.sql.query(`select role from trail_entry where kind = 'SECURITY' and detail->>'event' = 'PURPOSE_REFUSED'`);
    expect(rows.map((x) => x.role)).toContain('CARRIER');
  });
});

describe('reading the trail', () => {
  test('only PRIVACY_MANAGER and AUDITOR read it; SUPPORT is FORBIDDEN, and gets null through a customer', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect((await support('{ allAccessEvents { id } }')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Through a customer, the trail answers null and is listed in maskedFields: the rest of the answer stands.
    const through = await support('{ allCustomers(perPage: 1) { id accessHistory { id } maskedFields } }');
    expect(through.errors).toBeUndefined();
    expect(through.data.allCustomers[0]).toMatchObject({ accessHistory: null, maskedFields: expect.arrayContaining(['accessHistory']) });
  });

  test('as AUDITOR, the trail names the customer but shows their personal fields masked, and the read is recorded', async () => {
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const before = (await s.sql.query(`select count(*)::int n from trail_entry where detail ? 'trailRead'`)).rows[0].n;
    const r = await auditor('{ allAccessEvents(perPage: 5, filter: { clearOnly: true }) { id customerId role clearFieldsRead customer { name maskedFields } } }');
    expect(r.errors).toBeUndefined();
    const withCustomer = r.data.allAccessEvents.find((e: any) => e.customer);
    const { rows: [c] } = await s.sql.query('select name from customer where id = $1', [withCustomer.customerId]);
    expect(withCustomer.customer.name).not.toBe(c.name);
    expect(withCustomer.customer.maskedFields).toContain('name');
    const after = (await s.sql.query(`select count(*)::int n from trail_entry where detail ? 'trailRead'`)).rows[0].n;
    expect(after).toBe(before + 1);
  });

  test('Customer.accessHistory lists who read that customer', async () => {
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const { rows: [c] } = await s.sql.query(`select customer_id from trail_entry where kind = 'ACCESS' and role = 'SUPPORT' and customer_id is not null limit 1`);
    const r = await pm('query($id: ID!) { Customer(id: $id) { accessHistory { role purpose clearFieldsRead } } }', { id: String(c.customer_id) });
    expect(r.data.Customer.accessHistory.map((e: any) => e.role)).toContain('SUPPORT');
  });
});

describe('entries stored as records of several subjects', () => {
  test('a page is one record with one entry per customer; entries are found by id inside it; an empty id list finds none', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect((await support('{ allCustomers(perPage: 4, sortField: "id") { id name } }')).errors).toBeUndefined();
    const { rows } = await s.sql.query(`select id, record_id, customer_id from trail_entry where kind = 'ACCESS' and role = 'SUPPORT'
      and record_id = (select max(id) from trail_record where kind = 'ACCESS' and role = 'SUPPORT') order by id`);
    expect(rows.length).toBe(4);
    expect(rows.map((r) => Number(r.id))).toEqual([0, 1, 2, 3].map((n) => Number(rows[0].record_id) + n));
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const inner = rows.slice(1, 3);
    const found = await pm('query($ids: [ID!]) { allAccessEvents(filter: { ids: $ids }) { id customerId } }', { ids: inner.map((r) => String(r.id)) });
    expect(found.errors).toBeUndefined();
    expect(found.data.allAccessEvents.map((e: any) => [e.id, e.customerId]).sort())
      .toEqual(inner.map((r) => [String(r.id), String(r.customer_id)]).sort());
    const none = await pm('{ allAccessEvents(filter: { ids: [] }) { id } }');
    expect(none.errors).toBeUndefined();
    expect(none.data.allAccessEvents).toEqual([]);
  });
});

describe('the chain', () => {
  test('is append-only: UPDATE and DELETE are rejected by the database', async () => {
    await expect(s.sql.query(`update trail_record set role = 'ADMIN' where id = 1`)).rejects.toThrow(/append-only/);
    await expect(s.sql.query(`delete from trail_record where id = 1`)).rejects.toThrow(/append-only/);
    await expect(s.sql.query(`truncate trail_record`)).rejects.toThrow(/append-only/);
    // The per-entry view over the records cannot be written through at all.
    await expect(s.sql.query(`update trail_entry set role = 'ADMIN' where id = 1`)).rejects.toThrow();
    await expect(s.sql.query(`delete from trail_entry where id = 1`)).rejects.toThrow();
  });

  test('verifies, exports its head, and names the row a superuser tampered with', async () => {
    expect(await verify()).toMatchObject({ ok: true, firstBrokenId: null });
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const head = (await pm('{ trailHead { id hash } }')).data.trailHead;
    const { rows: [last] } = await s.sql.query('select id, hash from trail_entry order by id desc limit 1');
    expect(head).toEqual({ id: String(last.id), hash: last.hash });
    const { rows: [victim] } = await s.sql.query(`select id from trail_record where kind = 'ACCESS' and cardinality(clear_fields) > 0 order by id limit 1 offset 3`);
    const client = await s.sql.connect();
    try {
      await client.query(`set session_replication_role = replica`);
      await client.query(`update trail_record set clear_fields = '{}' where id = $1`, [victim.id]);
    } finally {
      await client.query(`set session_replication_role = origin`);
      client.release();
    }
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.firstBrokenId).toBe(String(victim.id));
  });
});

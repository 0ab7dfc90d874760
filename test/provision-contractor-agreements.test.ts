// Contractor supervision (【8】): a contractor's accounts work only while its agreement is live.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contractorOf } from './helpers/policy';
import { trustDocument } from './helpers/trusted-documents';
import { approvedApiKey } from './helpers/accounts';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
let carrier: number;
beforeAll(async () => {
  s = await startTestServer({ customers: 10 });
  carrier = await contractorOf(s.sql, 'CARRIER');
});
afterAll(async () => { await s?.stop(); });

const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;
const jstDay = (offsetDays: number) => new Date(Date.now() + 9 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('a contractor whose agreement has lapsed', () => {
  test('as CARRIER, every operation is FORBIDDEN from the day after expiry until the agreement is renewed', async () => {
    const client = await s.asRole('CARRIER', 'SHIPPING');
    const orders = () => client('{ allOrders(perPage: 1) { id } }');
    expect((await orders()).errors).toBeUndefined();

    await s.sql.query('update contractor set agreement_expires_at = $2 where id = $1', [carrier, jstDay(0)]);
    expect((await orders()).errors, 'an agreement expiring today is still live').toBeUndefined();

    await s.sql.query('update contractor set agreement_expires_at = $2 where id = $1', [carrier, jstDay(-1)]);
    const refused = await orders();
    expect(code(refused)).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toContain('委託契約');
    expect(refused.data ?? null).toBeNull();
    expect(code(await client.withPurpose(null)('{ allProducts(perPage: 1) { id } }'))).toBe('FORBIDDEN');
    const { rows } = await s.sql.query(`select role from trail_entry where kind = 'SECURITY' and detail->>'event' = 'FORBIDDEN' and role = 'CARRIER'`);
    expect(rows.length).toBeGreaterThan(0);

    const pm = await s.asRole('PRIVACY_MANAGER');
    const renewed = await pm('mutation($id: ID!, $d: String) { updateContractor(id: $id, agreementExpiresAt: $d, lastReviewedAt: $d) { id } }',
      { id: String(carrier), d: jstDay(365) });
    expect(renewed.errors).toBeUndefined();
    expect((await orders()).errors).toBeUndefined();
  });

  test('a contractor with no expiry date on record is treated as lapsed (fail closed)', async () => {
    const collection = await contractorOf(s.sql, 'COLLECTION_AGENCY');
    const client = await s.asRole('COLLECTION_AGENCY', 'CREDIT_MANAGEMENT');
    await s.sql.query('update contractor set agreement_expires_at = null where id = $1', [collection]);
    try {
      expect(code(await client('{ allOrders(perPage: 1) { id } }'))).toBe('FORBIDDEN');
    } finally {
      await s.sql.query('update contractor set agreement_expires_at = $2 where id = $1', [collection, jstDay(100)]);
    }
    expect((await client('{ allOrders(perPage: 1) { id } }')).errors).toBeUndefined();
  });

  test('staff of the store are not affected, and the contractor\'s API key is refused once its agreement lapses', async () => {
    await s.sql.query('update contractor set agreement_expires_at = $2 where id = $1', [carrier, jstDay(100)]);
    // The carrier's own key (its contractor is the carrier's), approved by the privacy manager while the agreement is live.
    const key = await approvedApiKey(s, 'CARRIER', ['SHIPPING'], '配送連携');
    // A document the key may run: the refusal below is the lapsed agreement's, not the safelist's.
    await trustDocument(s, key.id, '{ allOrders(perPage: 1) { id } }', 'SHIPPING');
    const asKey = () => s.gql('{ allOrders(perPage: 1) { id } }', {}, { authorization: `Bearer ${key.key}`, 'x-purpose': 'SHIPPING' });
    expect((await asKey()).errors).toBeUndefined();
    await s.sql.query('update contractor set agreement_expires_at = $2 where id = $1', [carrier, jstDay(-30)]);
    const fulfilment = await s.asRole('FULFILLMENT', 'SHIPPING');
    expect((await fulfilment('{ allOrders(perPage: 1) { id } }')).errors).toBeUndefined();
    const r = await asKey();
    expect(code(r)).toBe('FORBIDDEN');
    expect(r.errors?.[0]?.extensions?.reason).toBeUndefined();
  });
});

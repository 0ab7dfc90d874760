import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s?.stop(); });

describe('the API answers', () => {
  test('without a token everything but login is UNAUTHENTICATED', async () => {
    const r = await s.gql('{ allCustomers { id name } }');
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.data?.allCustomers ?? null).toBeNull();
  });

  test('as SUPPORT under INQUIRY_RESPONSE lists customers with clear names', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const r = await support('{ allCustomers(perPage: 5) { id name email phone cardNumber maskedFields orders { id shipTo { name } } } _allCustomersMeta { count } }');
    expect(r.errors).toBeUndefined();
    expect(r.data.allCustomers).toHaveLength(5);
    const { rows } = await s.sql.query('select name from customer where id = $1', [r.data.allCustomers[0].id]);
    expect(r.data.allCustomers[0].name).toBe(rows[0].name);
    expect(r.data.allCustomers[0].maskedFields).toContain('cardNumber');
  });
});

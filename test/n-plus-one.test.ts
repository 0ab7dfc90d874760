import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
beforeAll(async () => { s = await startTestServer({ customers: 60 }); });
afterAll(async () => { await s?.stop(); });

async function statementsFor(query: string, perPage: number, role = 'PRIVACY_MANAGER' as const, purpose = 'PRIVACY_ADMINISTRATION') {
  const client = await s.asRole(role, purpose);
  const before = s.queries.count;
  const r = await client(query, { n: perPage });
  expect(r.errors).toBeUndefined();
  expect(r.data.allCustomers).toHaveLength(perPage);
  return s.queries.count - before;
}

test('as PRIVACY_MANAGER, a page of customers with orders, items and interactions costs the same number of statements at 25 and 50 rows', async () => {
  const query = `query($n: Int) { allCustomers(perPage: $n, sortField: "id") {
    id name email referrer { id name } familyMembers { id name }
    orders(last: 3) { id totalYen shipTo { name phone } items { productName quantity } carrier { name } }
    interactions { id summary transcript staff { name } } consents { purpose }
  } }`;
  // Both pages hold referrals, households, gift orders and interactions, so every loader runs in both. The read
  // is planned by the compiled path, which remembers the actor after the first request (its session is then
  // checked in the page's statement): one request first, so that both counted requests are alike.
  await statementsFor(query, 25);
  const small = await statementsFor(query, 25);
  const large = await statementsFor(query, 50);
  expect(large).toBe(small);
  expect(small).toBeLessThan(20);
});

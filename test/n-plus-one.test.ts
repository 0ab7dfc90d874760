import { afterAll, beforeAll, expect, test } from 'vitest';
import { startApp, type RunningApp } from '../server/src/app';
import { startTestServer, TEST_SECRET, type TestServer } from './helpers/server';

let s: TestServer;
let apolloOnly: RunningApp;
beforeAll(async () => {
  s = await startTestServer({ customers: 60 });
  // The same database and ORM (its statements counted alike), the compiled path off: every read through graphql-js.
  apolloOnly = await startApp({ orm: s.orm, secret: TEST_SECRET, compiledReads: false });
});
afterAll(async () => { await apolloOnly?.stop(); await s?.stop(); });

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

test('through graphql-js, fields computed by a statement of their own (pendingRole, carrierName) cost one per level, not one per row', async () => {
  const run = async (role: 'PRIVACY_MANAGER' | 'FULFILLMENT', purpose: string, root: string, args: string, selection: string) => {
    const client = await s.asRole(role, purpose);
    const before = s.queries.count;
    const res = await fetch(`${apolloOnly.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}`, 'x-purpose': purpose },
      body: JSON.stringify({ query: `{ ${root}(${args}) { ${selection} } }` }),
    });
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    return { rows: body.data[root] as { staff?: object | null; order?: { carrierName: string | null } | null; carrierName?: string | null }[], statements: s.queries.count - before };
  };
  // Each interaction's account asked its pending grant alone before (36 statements for 20 rows, 154 for 100).
  const interactions = (n: number) => run('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION', 'allInteractions', `perPage: ${n}, sortField: "id"`,
    'id staff { id pendingRole } order { id carrierName }');
  await interactions(20); // a first request, so that both counted requests find the same caches
  const [few, many] = [await interactions(20), await interactions(100)];
  expect(few.rows.filter((i) => i.staff && i.order?.carrierName).length).toBeGreaterThan(0);
  expect(many.statements).toBe(few.statements);
  // Shipped orders all have a carrier: a page of 1 and the whole list (each order's carrier was read alone before: 4 and 6 statements for 1 and 3 orders).
  const shipped = (n: number) => run('FULFILLMENT', 'SHIPPING', 'allOrders', `perPage: ${n}, sortField: "id", filter: { status: SHIPPED }`, 'id carrierName');
  await shipped(1);
  const [one, all] = [await shipped(1), await shipped(50)];
  expect(all.rows.length).toBeGreaterThan(1);
  expect(all.rows.filter((o) => !o.carrierName)).toEqual([]);
  expect(all.statements).toBe(one.statements);
});

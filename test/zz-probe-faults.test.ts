import { afterAll, beforeAll, test } from 'vitest';
import { startDedicatedCluster, type DedicatedCluster } from './helpers/dedicated-postgres';
import { LOGIN } from './helpers/hostile';
let c: DedicatedCluster;
beforeAll(async () => { c = await startDedicatedCluster(); }, 120_000);
afterAll(async () => { await c?.destroy(); });
const post = async (query: string, variables: any, headers: Record<string, string> = {}) => {
  const res = await fetch(`${c.app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  return { status: res.status, text };
};
test('probe', async () => {
  const login = JSON.parse((await post(LOGIN, { e: 'support@demo.mamori.jp', p: 'mamori-demo' })).text);
  const h = { authorization: `Bearer ${login.data.login.token}`, 'x-purpose': 'INQUIRY_RESPONSE' };
  const q = '{ allCustomers(perPage: 3) { id name } }';
  console.log('up', (await post(q, {}, h)).text.slice(0, 200));
  await c.stopPostgres();
  for (let i = 0; i < 3; i++) { const r = await post(q, {}, h); console.log('down', r.status, r.text.slice(0, 300)); }
  console.log('down login', (await post(LOGIN, { e: 'support@demo.mamori.jp', p: 'x' })).text.slice(0, 300));
  console.log('down no auth', (await post('{ allProducts { id } }', {}, {})).text.slice(0, 300));
  await c.startPostgres();
  for (let i = 0; i < 4; i++) { const r = await post(q, {}, h); console.log('after', r.status, r.text.slice(0, 200)); }
}, 120_000);

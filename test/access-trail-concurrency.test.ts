import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, TEST_SECRET, type TestServer } from './helpers/server';

let s: TestServer;
let child: ChildProcess;
let childUrl: string;

beforeAll(async () => {
  s = await startTestServer({ customers: 30 });
  child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/child-server.ts'], {
    env: { ...process.env, DATABASE_URL: s.db.url, MAMORI_SECRET: TEST_SECRET }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  childUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => { const m = /LISTENING (\S+)/.exec(b.toString()); if (m) resolve(m[1]); });
    child.on('exit', (code) => reject(new Error(`child server exited with ${code}`)));
  });
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) { child.kill('SIGTERM'); await once(child, 'exit'); }
  await s?.stop();
});

test('50 concurrent reads through two server processes: every subject recorded once per request, the chain verifies', async () => {
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  const before = Number((await s.sql.query(`select count(*)::int n from trail_entry where kind = 'ACCESS'`)).rows[0].n);
  const query = 'query Page($p: Int) { allCustomers(page: $p, perPage: 4, sortField: "id") { id name } }';
  const requests = Array.from({ length: 50 }, (_, i) => {
    const url = i % 2 === 0 ? s.url : childUrl;
    return fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE', 'x-request-id': `conc-${i}` },
      body: JSON.stringify({ query, variables: { p: i % 5 } }),
    }).then((r) => r.json());
  });
  const results = await Promise.all(requests);
  const served = results.flatMap((r: any, i) => { expect(r.errors, `request ${i}`).toBeUndefined(); return r.data.allCustomers.map((c: any) => `conc-${i}:${c.id}`); });
  expect(served).toHaveLength(200);
  const { rows } = await s.sql.query(`select request_id || ':' || customer_id as k from trail_entry where kind = 'ACCESS' and request_id like 'conc-%'`);
  expect(rows.map((r) => r.k).sort()).toEqual(served.sort());
  const after = Number((await s.sql.query(`select count(*)::int n from trail_entry where kind = 'ACCESS'`)).rows[0].n);
  expect(after - before).toBe(200);
  const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const v = (await pm('{ verifyAccessTrail { ok checked firstBrokenId } }')).data.verifyAccessTrail;
  expect(v.ok).toBe(true);
  const { rows: [{ n }] } = await s.sql.query('select count(*)::int n from trail_entry');
  expect(v.checked).toBe(n);
});

// The client address behind a TLS proxy (MAMORI_TRUSTED_PROXIES): what the trail records and what the login
// throttle counts. Here the trusted proxy is 127.0.0.1; any other loopback address is a client reaching the
// server directly, and its X-Forwarded-For is a spoof.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { THROTTLE } from '../server/src/auth/lockout';
import { DEMO_PASSWORD, demoEmail } from '../server/src/seeders';
import { failedJustNow, gqlFrom, LOGIN } from './helpers/hostile';
import { type GqlResult, startTestServer, type TestServer } from './helpers/server';

const PROXY = '127.0.0.1';
let s: TestServer;
beforeAll(async () => {
  process.env.MAMORI_TRUSTED_PROXIES = `${PROXY}/32, ::1/128`;
  s = await startTestServer({ customers: 6 });
});
afterAll(async () => {
  delete process.env.MAMORI_TRUSTED_PROXIES;
  await s?.stop();
});

const login = (from: string, email: string, password: string, forwardedFor?: string) =>
  gqlFrom(s.url, from, LOGIN, { e: email, p: password }, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});
const reason = (r: GqlResult) => r.errors?.[0]?.extensions?.reason ?? null;
async function recordedAddresses(event: string, email: string): Promise<string[]> {
  const { rows } = await s.sql.query(`select client_address from trail_entry where kind = 'SECURITY'
    and detail->>'event' = $1 and detail->>'email' = $2 order by id`, [event, email]);
  return rows.map((r) => r.client_address);
}

describe('through the trusted proxy', () => {
  test('the trail records the client from X-Forwarded-For (its rightmost untrusted hop), for logins and for reads', async () => {
    const email = demoEmail('SUPPORT');
    expect((await login(PROXY, email, DEMO_PASSWORD, '198.51.100.20')).data?.login?.token).toMatch(/^mamori\./);
    // A client that writes its own X-Forwarded-For before the proxy appends the real hop: the real hop wins.
    const r = await login(PROXY, email, DEMO_PASSWORD, '10.66.66.66, 198.51.100.21');
    expect(r.data?.login?.token).toMatch(/^mamori\./);
    expect(await recordedAddresses('LOGIN_OK', email)).toEqual(['198.51.100.20', '198.51.100.21']);

    const read = await gqlFrom(s.url, PROXY, '{ allCustomers(perPage: 2) { id name } }', undefined, {
      authorization: `Bearer ${r.data.login.token}`, 'x-purpose': 'INQUIRY_RESPONSE', 'x-forwarded-for': '198.51.100.22', 'x-request-id': 'client-address-read',
    });
    expect(read.errors).toBeUndefined();
    const { rows } = await s.sql.query(`select distinct client_address from trail_entry where kind = 'ACCESS' and request_id = 'client-address-read'`);
    expect(rows).toEqual([{ client_address: '198.51.100.22' }]);
  });

  test('clients behind the proxy are throttled one by one: one client\'s failures do not hold back another\'s login', async () => {
    const email = demoEmail('ACCOUNTING');
    for (let i = 0; i < THROTTLE.pair.free; i++) expect(reason(await login(PROXY, email, `guess-${i}`, '198.51.100.30'))).toBeNull();
    await failedJustNow(s.sql, '198.51.100.30');
    expect(reason(await login(PROXY, email, 'guess', '198.51.100.30'))).toBe('THROTTLED');
    expect((await login(PROXY, email, DEMO_PASSWORD, '198.51.100.31')).data?.login?.token).toMatch(/^mamori\./);
  });
});

describe('a spoofed X-Forwarded-For from a peer that is not a trusted proxy', () => {
  test('is ignored: the trail records the peer, and a new spoofed address each time does not escape the throttle', async () => {
    const peer = '127.0.2.9';
    const email = demoEmail('MARKETING');
    for (let i = 0; i < THROTTLE.pair.free; i++) {
      expect(reason(await login(peer, email, `guess-${i}`, `203.0.113.${i + 1}`))).toBeNull();
    }
    await failedJustNow(s.sql, peer);
    const held = await login(peer, email, DEMO_PASSWORD, '203.0.113.99');
    expect(reason(held)).toBe('THROTTLED');
    expect(await recordedAddresses('LOGIN_FAILED', email)).toEqual(Array(THROTTLE.pair.free).fill(peer));
  });
});

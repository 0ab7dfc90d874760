// What an unauthenticated caller can make the trail store — the login e-mail typed, the X-Purpose header —
// is capped and normalised before it is appended (#20 item 5).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
beforeAll(async () => { s = await startTestServer({ customers: 5 }); });
afterAll(async () => { await s?.stop(); });

const events = async (event: string) =>
  (await s.sql.query(`select purpose, detail from trail_entry where kind = 'SECURITY' and detail->>'event' = $1 order by id`, [event])).rows;

describe('the trail stores what strangers send bounded', () => {
  test('a failed login with a huge, oddly written e-mail: at most 254 characters, NFKC, lower-case, no control characters', async () => {
    const typed = `ＳＴＲＡＮＧＥＲ\u0007@Example.JP${'x'.repeat(20_000)}`;
    await s.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: typed, p: 'wrong-password-123' });
    const stored = (await events('LOGIN_FAILED')).map((r) => r.detail.email).filter((e: string) => e.startsWith('stranger'));
    expect(stored).toHaveLength(1);
    expect(Array.from(stored[0] as string).length).toBeLessThanOrEqual(254);
    expect(stored[0]).toMatch(/^stranger@example\.jpx+…?$/);
  });

  test('a refused X-Purpose header of 8,000 characters is recorded within 64', async () => {
    const support = await s.asRole('SUPPORT');
    const refused = await support.withPurpose(`NOT_A_PURPOSE${"z".repeat(8_000)}`)('{ allCustomers(perPage: 1) { id name } }');
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN_PURPOSE');
    const [event] = (await events('PURPOSE_REFUSED')).slice(-1);
    expect(event.purpose).toMatch(/^NOT_A_PURPOSEz+…$/);
    expect(Array.from(event.purpose as string)).toHaveLength(64);
  });
});

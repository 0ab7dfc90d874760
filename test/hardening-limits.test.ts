import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server';

let s: TestServer;
beforeAll(async () => { s = await startTestServer({ customers: 10 }); });
afterAll(async () => { await s?.stop(); });

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** Every refusal: a coded error, no data, and no limit value or schema detail echoed. */
function expectRefused(r: any, code: string) {
  expect(r.errors?.[0]?.extensions?.code).toBe(code);
  expect(r.data ?? null).toBeNull();
  expect(JSON.stringify(r.errors)).not.toMatch(/\b(8|60|6000|20000)\b|Did you mean/);
}

describe('hostile queries are refused before anything runs', () => {
  test('as SUPPORT, an alias bomb is refused', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const aliases = Array.from({ length: 200 }, (_, i) => `a${i}: allCustomers(perPage: 500) { name phone }`).join(' ');
    expectRefused(await support(`{ ${aliases} }`), 'GRAPHQL_VALIDATION_FAILED');
  });

  test('a depth bomb through referrer chains is refused', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    let q = 'id';
    for (let i = 0; i < 12; i++) q = `referrer { ${q} }`;
    expectRefused(await support(`{ allCustomers { ${q} } }`), 'GRAPHQL_VALIDATION_FAILED');
  });

  test('depth hidden in nested fragments is counted', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const frags = Array.from({ length: 10 }, (_, i) => `fragment F${i} on Customer { referrer { ${i === 9 ? 'id' : `...F${i + 1}`} } }`).join(' ');
    expectRefused(await support(`{ allCustomers { ...F0 } } ${frags}`), 'GRAPHQL_VALIDATION_FAILED');
  });

  test('fragment cycles are refused', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expectRefused(await support('{ allCustomers { ...A } } fragment A on Customer { referrer { ...B } } fragment B on Customer { referrer { ...A } }'), 'GRAPHQL_VALIDATION_FAILED');
  });

  test('too many tokens are refused without echoing the limit', async () => {
    const r = await (await post(JSON.stringify({ query: `{ ${'__typename '.repeat(7000)} }` }))).json();
    expectRefused(r, 'GRAPHQL_PARSE_FAILED');
  });

  test('a batched array of logins is refused', async () => {
    const login = { query: 'mutation { login(email: "support@demo.mamori.jp", password: "x") { token } }' };
    const res = await post(JSON.stringify(Array.from({ length: 20 }, () => login)));
    expect(res.status).toBe(400);
    const { rows } = await s.sql.query(`select count(*)::int n from trail_entry where detail->>'event' = 'LOGIN_FAILED'`);
    expect(rows[0].n).toBe(0);
  });

  test('perPage above 500 is BAD_USER_INPUT on perPage', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const r = await support('{ allCustomers(perPage: 100000) { id } }');
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'perPage' });
  });

  test('an oversized body is 413 with a coded error', async () => {
    const res = await post(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(400_000) } }));
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('deeply nested input objects are refused without a crash', async () => {
    let v: unknown = 'x';
    for (let i = 0; i < 2000; i++) v = { a: v };
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const r = await support('query($f: CustomerFilter) { allCustomers(filter: $f) { id } }', { f: { q: v } });
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.data ?? null).toBeNull();
  });

  test('field suggestions are never returned', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const r = await support('{ allCustomers { nam } }');
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(r.errors)).not.toMatch(/Did you mean/);
  });
});

describe('transport', () => {
  test('a mutation over GET is refused, and GET needs the CSRF header', async () => {
    const q = encodeURIComponent('mutation { logout }');
    expect((await fetch(`${s.url}/graphql?query=${q}`, { headers: { 'apollo-require-preflight': '1' } })).status).toBe(405);
    expect((await fetch(`${s.url}/graphql?query=${encodeURIComponent('{ __typename }')}`)).status).toBe(400);
  });

  test('no CORS grant to another origin', async () => {
    const res = await fetch(`${s.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('the UI and the API carry security headers', async () => {
    const res = await fetch(`${s.url}/`);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'.*frame-ancestors 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  test('an internal error says nothing of its cause', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const r = await support(`{ allCustomers(sortField: "name; drop table customer") { id } }`);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sortField' });
    expect(JSON.stringify(r)).not.toMatch(/stack|select|postgres/i);
  });
});

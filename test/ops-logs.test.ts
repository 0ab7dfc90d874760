// Structured logs (#22 item 6): one JSON line per request with its id, route, status, duration, operation,
// code, role and purpose — and never a personal value, a password, a token, an API key or the signing key.
// Everything goes through the real server over HTTP; the log is the one startApp writes, captured.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLog, safeError } from '../server/src/ops/log';
import { DEMO_PASSWORD, demoEmail } from '../server/src/seeders';
import { approvedApiKey } from './helpers/accounts';
import { startTestServer, TEST_SECRET, type TestServer } from './helpers/server';

let s: TestServer;
const lines: string[] = [];
const logged = () => lines.map((l) => JSON.parse(l) as Record<string, any>);
const requestLines = () => logged().filter((l) => l.msg === 'request');

beforeAll(async () => {
  s = await startTestServer({ customers: 12, ops: { log: createLog('debug', { write: (line: string) => { lines.push(line); } }) } });
});
afterAll(async () => { await s?.stop(); });

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { res, body: await res.json().catch(() => null) as any };
}

/** Waits for the line of request `id` (written when the answer has gone, just after the client has it). */
async function lineOf(id: string): Promise<Record<string, any>> {
  await expect.poll(() => requestLines().some((l) => l.requestId === id)).toBe(true);
  return requestLines().find((l) => l.requestId === id)!;
}

describe('one JSON line per request', () => {
  test('as SUPPORT under INQUIRY_RESPONSE, a list read: its id (the trail\'s), route, status, operation, code, role, purpose, duration', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const { res } = await post({ query: '{ allCustomers(perPage: 3) { id name email } }' },
      { authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE', 'x-request-id': 'logs-list-1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('logs-list-1');
    const line = await lineOf('logs-list-1');
    expect(line).toMatchObject({
      level: 'info', msg: 'request', service: 'mamori', route: 'graphql', method: 'POST', status: '200', operation: 'allCustomers', code: 'OK',
      compiled: 'served', actor: 'staff', role: 'SUPPORT', purpose: 'INQUIRY_RESPONSE',
    });
    expect(line.durationMs).toBeGreaterThan(0);
    expect(new Date(line.time).toISOString()).toBe(line.time);
    const { rows } = await s.sql.query(`select count(*)::int as n from trail_entry where request_id = 'logs-list-1'`);
    expect(rows[0].n).toBe(3);
  });

  test('without X-Request-Id, the id the server made is the answer\'s header, the log\'s and the trail\'s', async () => {
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const { res } = await post({ query: '{ a: allCustomers(perPage: 1) { id phone } }' }, { authorization: `Bearer ${support.token}`, 'x-purpose': 'INQUIRY_RESPONSE' });
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await lineOf(id)).toMatchObject({ operation: 'allCustomers', code: 'OK' });
    const { rows } = await s.sql.query(`select count(*)::int as n from trail_entry where request_id = $1`, [id]);
    expect(rows[0].n).toBe(1);
  });

  test('refusals carry their code and reason: a wrong password, a purpose the role may not declare, a malformed body', async () => {
    await post({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: demoEmail('SUPPORT'), p: 'wrong-password-1' } },
      { 'x-request-id': 'logs-wrong-password' });
    expect(await lineOf('logs-wrong-password')).toMatchObject({ operation: 'login', code: 'UNAUTHENTICATED' });
    const carrier = await s.asRole('CARRIER');
    await post({ query: '{ allCustomers(perPage: 1) { id } }' }, { authorization: `Bearer ${carrier.token}`, 'x-purpose': 'PROMOTION', 'x-request-id': 'logs-purpose' });
    expect(await lineOf('logs-purpose')).toMatchObject({ code: 'FORBIDDEN_PURPOSE', role: 'CARRIER', purpose: null, compiled: 'refused' });
    const res = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'logs-bad-body' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect(await lineOf('logs-bad-body')).toMatchObject({ route: 'graphql', status: '400', code: 'BAD_REQUEST', operation: 'unresolved' });
  });

  test('probes and the UI\'s files are logged at debug; a download is logged by route, never by its path', async () => {
    await fetch(`${s.url}/healthz`, { headers: { 'x-request-id': 'logs-healthz' } });
    expect(await lineOf('logs-healthz')).toMatchObject({ level: 'debug', route: 'healthz', status: '200' });
    const token = 'dl_0123456789abcdefSECRETTOKEN';
    await fetch(`${s.url}/downloads/${token}`, { headers: { 'x-request-id': 'logs-download' } });
    expect(await lineOf('logs-download')).toMatchObject({ route: 'download', status: '401' });
    expect(lines.join('\n')).not.toContain(token);
  });
});

describe('nothing personal or secret is ever logged', () => {
  test('after logins, clear reads of every personal field, writes of personal values, API keys, errors quoting values: no line holds any of them', async () => {
    const secrets = new Set<string>([DEMO_PASSWORD, TEST_SECRET, 'wrong-password-1', 'Wr0ng-pässword-2']);
    // Logins: a wrong password, then the right ones (their tokens are secrets too).
    await post({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: demoEmail('PRIVACY_MANAGER'), p: 'Wr0ng-pässword-2' } });
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    const admin = await s.asRole('ADMIN');
    for (const c of [pm, support, admin]) secrets.add(c.token);
    for (const role of ['PRIVACY_MANAGER', 'SUPPORT', 'ADMIN'] as const) secrets.add(demoEmail(role));

    // Clear reads of every personal field of every customer, through both read paths (compiled and graphql-js).
    const fields = 'id customerNumber name nameKana postalCode prefecture city addressLine phone email birthDate lifestyle occupation cardNumber cardExpiry';
    const list = await pm(`{ allCustomers(perPage: 50) { ${fields} } }`);
    expect(list.errors).toBeUndefined();
    const one = await pm(`query One($id: ID!) { Customer(id: $id) { ${fields} orders { shipTo { name addressLine phone } } } }`, { id: list.data.allCustomers[0].id });
    expect(one.errors).toBeUndefined();
    // A search whose variables are personal values, and a write of personal values with a reason.
    const target = list.data.allCustomers[1];
    await pm('query Find($q: String) { allCustomers(filter: { q: $q }) { id } }', { q: target.name });
    const written = await support('mutation($id: ID!, $p: String, $e: String) { updateCustomer(id: $id, phone: $p, email: $e, reason: "電話で住所変更") { id } }',
      { id: target.id, p: '090-4321-8765', e: 'hanako.logtest@example.jp' });
    expect(written.errors).toBeUndefined();
    const transcript = 'お客様 山田花子様、折り返し 080-1111-2222 または hanako.call@example.jp へ';
    const interaction = await support('mutation($c: ID!, $t: String) { createInteraction(customerId: $c, channel: PHONE, direction: INBOUND, kind: INQUIRY, summary: "住所の件", transcript: $t) { id } }',
      { c: target.id, t: transcript });
    expect(interaction.errors).toBeUndefined();
    for (const v of ['090-4321-8765', 'hanako.logtest@example.jp', '080-1111-2222', 'hanako.call@example.jp', '山田花子']) secrets.add(v);
    // Errors that quote what was sent: bad input, a query that does not parse around a value, a variable of the wrong type.
    await support('mutation($id: ID!) { updateCustomer(id: $id, email: "not-an-email taro@", reason: "x") { id } }', { id: target.id });
    await post({ query: '{ allCustomers(filter: { q: "鈴木一郎 090-9999-0000" ) { id } }' }, { authorization: `Bearer ${support.token}` });
    await post({ query: 'query($q: String) { allCustomers(filter: { q: $q }) { id } }', variables: { q: { name: '佐藤次郎' } } }, { authorization: `Bearer ${support.token}` });
    for (const v of ['taro@', '鈴木一郎', '090-9999-0000', '佐藤次郎']) secrets.add(v);
    // An API key: made (shown once), used; a request id that is an e-mail address.
    // Issued by the support account for its own role and approved by the privacy manager (docs/powers.md).
    const { key } = await approvedApiKey(s, 'SUPPORT', ['INQUIRY_RESPONSE'], 'ログ検査');
    secrets.add(key);
    await post({ query: '{ allCustomers(perPage: 1) { id name } }' }, { authorization: `Bearer ${key}`, 'x-purpose': 'INQUIRY_RESPONSE', 'x-request-id': 'jiro.sato@example.jp' });
    secrets.add('jiro.sato@example.jp');

    // Every personal value the database holds about anyone served, as stored.
    const { rows } = await s.sql.query(`select name, name_kana, email, phone, postal_code, city, address_line, birth_date::text, occupation, lifestyle from customer`);
    for (const row of rows) for (const v of Object.values(row)) if (typeof v === 'string' && v.length >= 4) secrets.add(v);
    const { rows: staff } = await s.sql.query(`select name, email from staff`);
    for (const row of staff) for (const v of Object.values(row)) if (typeof v === 'string' && v.length >= 4) secrets.add(v);

    await expect.poll(() => requestLines().some((l) => l.requestId?.startsWith('~'))).toBe(true);
    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    const found = [...secrets].filter((v) => text.includes(v));
    expect(found).toEqual([]);
    // Refusals and bad input are the API's own answers, not errors of the server.
    expect(logged().filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    // The e-mail used as request id is logged as a digest of itself.
    expect(requestLines().filter((l) => /^~[0-9a-f]{16}$/.test(l.requestId)).length).toBeGreaterThan(0);
  });

  test('an error is logged by its class, code and stack frames, never its message (PostgreSQL quotes the row)', () => {
    const e = Object.assign(new Error('duplicate key value violates unique constraint "customer_email_unique": Key (email)=(taro@example.jp) already exists.'), { code: '23505' });
    const safe = safeError(e);
    expect(safe).toMatchObject({ type: 'Error', code: '23505' });
    expect(JSON.stringify(safe)).not.toContain('taro@example.jp');
    expect(safe.stack?.[0]).toMatch(/^at /);
    expect(safeError(Object.assign(new Error('x'), { code: 'taro@example.jp' }))).not.toHaveProperty('code');
  });
});

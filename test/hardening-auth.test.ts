// Attacks on authentication and authorisation: unknown e-mails, forged and stale tokens, revoked API keys,
// another contractor's orders, spoofed purposes and server-managed fields. Each refusal is exact and its
// body carries no stored clear value.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RoleKey } from '../schema/policy';
import { signSessionToken } from '../server/src/auth/tokens';
import { buildBareSchema } from '../server/src/graphql/schema';
import { DEMO_PASSWORD, demoEmail } from '../server/src/seeders';
import { expectRefused, gqlFrom, LOGIN, storedClearValues } from './helpers/hostile';
import { approvedApiKey, CREATE_KEY, insertAccount } from './helpers/accounts';
import { trustDocument } from './helpers/trusted-documents';
import { type GqlClient, type GqlResult, startTestServer, TEST_SECRET, type TestServer } from './helpers/server';

let s: TestServer;
let clear: string[];
let admin: GqlClient;
beforeAll(async () => {
  s = await startTestServer({ customers: 12 });
  clear = await storedClearValues(s.sql);
  admin = await s.asRole('ADMIN');
});
afterAll(async () => { await s?.stop(); });

const READ = '{ allCustomers(perPage: 5) { id name phone email } }';
let lastOctet = 10;
/** A loopback address of the test's own: the lockout counts per address. */
const freshAddress = () => `127.0.0.${lastOctet++}`;
let staffCount = 0;

/** A staff account of the test's own (the lockout counts per account), written with a known password. */
async function newStaff(role: RoleKey = 'SUPPORT', contractorId: string | null = null) {
  staffCount += 1;
  return insertAccount(s.sql, role, { email: `hardening-${staffCount}@example.jp`, contractorId: contractorId === null ? undefined : Number(contractorId) });
}

const loginFrom = (address: string, email: string, password: string, headers: Record<string, string> = {}) =>
  gqlFrom(s.url, address, LOGIN, { e: email, p: password }, headers);
async function tokenOf(email: string, password: string): Promise<string> {
  const r = await s.gql(LOGIN, { e: email, p: password });
  expect(r.errors, `login ${email}`).toBeUndefined();
  return r.data.login.token;
}
const withToken = (token: string, purpose: string | null = 'INQUIRY_RESPONSE') => (q: string, v?: Record<string, unknown>) =>
  s.gql(q, v, { authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Throttling of failed logins: test/logins-throttle.test.ts.
describe('login: same answer for unknown e-mails', () => {
  test('an unknown e-mail gets the same answer as a wrong password, after an argon2 verification as long', async () => {
    const known = await newStaff();
    const address = freshAddress();
    const unknown: GqlResult[] = [];
    const wrong: GqlResult[] = [];
    const times = { unknown: [] as number[], wrong: [] as number[] };
    for (let i = 0; i < 3; i++) {
      const u = await loginFrom(address, `unknown-${i}@example.jp`, 'guess');
      const w = await loginFrom(address, known.email, 'guess');
      unknown.push(u); wrong.push(w);
      times.unknown.push(u.elapsedMs); times.wrong.push(w.elapsedMs);
    }
    const answer = (r: GqlResult) => JSON.stringify({ status: r.status, errors: r.errors, data: r.data });
    for (let i = 0; i < 3; i++) expect(answer(unknown[i])).toBe(answer(wrong[i]));
    // Both paths verify an argon2id hash (tens of milliseconds at least); a skipped verification would be ~1 ms.
    expect(Math.min(...times.unknown, ...times.wrong)).toBeGreaterThan(20);
    const ratio = median(times.unknown) / median(times.wrong);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });
});

describe('session tokens', () => {
  test('an expired token is UNAUTHENTICATED, the same session with a live expiry is not (the control)', async () => {
    await tokenOf(demoEmail('SUPPORT'), DEMO_PASSWORD);
    const { rows: [session] } = await s.sql.query(`select x.id from session x join staff s on s.id = x.staff_id
      where s.email = $1 and x.revoked_at is null order by x.created_at desc limit 1`, [demoEmail('SUPPORT')]);
    const live = await withToken(signSessionToken(TEST_SECRET, session.id, new Date(Date.now() + 60_000)))(READ);
    expect(live.errors).toBeUndefined();
    expectRefused(await withToken(signSessionToken(TEST_SECRET, session.id, new Date(Date.now() - 1_000)))(READ), 'UNAUTHENTICATED', clear);
  });

  test('a token whose session expired in the database is UNAUTHENTICATED, whatever the token says', async () => {
    const token = await tokenOf(demoEmail('SUPPORT'), DEMO_PASSWORD);
    const sid = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sid;
    await s.sql.query(`update session set expires_at = now() - interval '1 second' where id = $1`, [sid]);
    expectRefused(await withToken(token)(READ), 'UNAUTHENTICATED', clear);
  });

  test('tampered, foreign and malformed tokens are UNAUTHENTICATED', async () => {
    const token = await tokenOf(demoEmail('SUPPORT'), DEMO_PASSWORD);
    expect((await withToken(token)(READ)).errors).toBeUndefined();
    const [, payload, sig] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const { rows: [other] } = await s.sql.query(`select x.id from session x join staff s on s.id = x.staff_id where s.role = 'PRIVACY_MANAGER' limit 1`);
    const encode = (c: object) => Buffer.from(JSON.stringify(c)).toString('base64url');
    const flip = (t: string, i: number) => t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
    const forged: Record<string, string> = {
      'a flipped byte of the payload': `Bearer mamori.${flip(payload, 8)}.${sig}`,
      'a flipped byte of the signature': `Bearer mamori.${payload}.${flip(sig, 10)}`,
      'another session id under the same signature': `Bearer mamori.${encode({ ...claims, sid: other?.id ?? 'x' })}.${sig}`,
      'a later expiry under the same signature': `Bearer mamori.${encode({ ...claims, exp: claims.exp + 86_400_000 })}.${sig}`,
      'no signature': `Bearer mamori.${payload}.`,
      'two parts': `Bearer mamori.${payload}`,
      'signed with another secret': `Bearer ${signSessionToken('another-secret-that-is-long-enough-0123', claims.sid, new Date(claims.exp))}`,
      'a JWT with alg none': `Bearer eyJhbGciOiJub25lIn0.${encode({ sid: claims.sid, role: 'PRIVACY_MANAGER' })}.`,
      'Basic credentials': `Basic ${Buffer.from(`${demoEmail('SUPPORT')}:${DEMO_PASSWORD}`).toString('base64')}`,
      'Bearer and nothing': 'Bearer',
    };
    for (const [what, authorization] of Object.entries(forged)) {
      const r = await s.gql(READ, undefined, { authorization, 'x-purpose': 'INQUIRY_RESPONSE' });
      expect(r.errors?.[0]?.extensions?.code, what).toBe('UNAUTHENTICATED');
      expectRefused(r, 'UNAUTHENTICATED', clear);
    }
  });

  test('a token is dead after logout', async () => {
    const token = await tokenOf(demoEmail('SUPPORT'), DEMO_PASSWORD);
    expect((await withToken(token)(READ)).errors).toBeUndefined();
    expect((await withToken(token, null)('mutation { logout }')).data).toEqual({ logout: true });
    expectRefused(await withToken(token)(READ), 'UNAUTHENTICATED', clear);
    expectRefused(await withToken(token, null)('{ me { role } }'), 'UNAUTHENTICATED', clear);
  });

  test('as ADMIN changing a role, sending a password reset or deactivating ends the sessions issued before', async () => {
    const changes: Record<string, string> = {
      role: 'updateStaff(id: $id, role: "MARKETING") { id }', reset: 'issuePasswordReset(staffId: $id)', deactivation: 'updateStaff(id: $id, active: false) { id }',
    };
    for (const [what, change] of Object.entries(changes)) {
      const staff = await newStaff();
      const token = await tokenOf(staff.email, staff.password);
      expect((await withToken(token)(READ)).errors, what).toBeUndefined();
      expect((await admin(`mutation($id: ID!) { ${change} }`, { id: staff.id })).errors, what).toBeUndefined();
      expectRefused(await withToken(token)(READ), 'UNAUTHENTICATED', clear);
      expectRefused(await withToken(token, null)('{ me { role } }'), 'UNAUTHENTICATED', clear);
    }
  });
});

describe('API keys', () => {
  const asKey = (key: string, purpose: string) => (q: string) => s.gql(q, undefined, { authorization: `Bearer ${key}`, 'x-purpose': purpose });

  test('a key serves its own purposes only, and nothing once revoked or altered', async () => {
    const { key, id } = await approvedApiKey(s, 'SUPPORT', ['INQUIRY_RESPONSE'], '検証ツール');
    await trustDocument(s, id, READ, 'INQUIRY_RESPONSE');
    const served = await asKey(key, 'INQUIRY_RESPONSE')(READ);
    expect(served.errors).toBeUndefined();
    expect(served.data.allCustomers.length).toBeGreaterThan(0);
    // SUPPORT may declare TRANSACTION, the key may not.
    expectRefused(await asKey(key, 'TRANSACTION')(READ), 'FORBIDDEN_PURPOSE', clear);
    expectRefused(await asKey(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`, 'INQUIRY_RESPONSE')(READ), 'UNAUTHENTICATED', clear);
    expect((await admin('mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id })).data.revokeApiKey.revokedAt).toBeTruthy();
    expectRefused(await asKey(key, 'INQUIRY_RESPONSE')(READ), 'UNAUTHENTICATED', clear);
    const { rows } = await s.sql.query(`select 1 from trail_entry where detail->>'event' = 'API_KEY_REVOKED' and (detail->>'apiKeyId')::int = $1`, [Number(id)]);
    expect(rows).toHaveLength(1);
  });

  test('a key cannot be given a purpose its creator\'s role lacks, nor another role than its creator\'s', async () => {
    const before = (await s.sql.query('select count(*)::int n from api_key')).rows[0].n;
    const carrier = await s.asRole('CARRIER');
    const r = await carrier(CREATE_KEY, { n: '検証ツール', p: ['SHIPPING', 'PROMOTION'] });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'purposes' });
    expectRefused(await admin(CREATE_KEY, { n: '検証ツール', r: 'PRIVACY_MANAGER', p: ['PRIVACY_ADMINISTRATION'] }), 'FORBIDDEN', clear);
    expect((await s.sql.query('select count(*)::int n from api_key')).rows[0].n).toBe(before);
  });
});

describe('IDOR: a second carrier and the first carrier\'s orders', () => {
  test('as another CARRIER under SHIPPING, every way to the first carrier\'s orders is NOT_FOUND, empty or FORBIDDEN, and nothing is recorded', async () => {
    const { rows: [{ contractor_id: first }] } = await s.sql.query('select contractor_id from staff where email = $1', [demoEmail('CARRIER')]);
    const { rows: theirs } = await s.sql.query(`select id, customer_id, status::text, ship_to_name, ship_to_phone, ship_to_address_line from "order"
      where carrier_id = $1 and status in ('PLACED', 'SHIPPED') order by id`, [first]);
    expect(theirs.length).toBeGreaterThan(0);
    const theirValues = theirs.flatMap((o) => [o.ship_to_name, o.ship_to_phone, o.ship_to_address_line]);
    const made = await admin(`mutation { createContractor(name: "検証運送株式会社", services: [DELIVERY],
      dataCategories: ["contact.name", "contact.postal", "contact.address", "contact.phone", "order.shipping"],
      agreementDate: "2025-01-01", agreementExpiresAt: "2099-12-31", lastReviewedAt: "2026-01-01") { id } }`);
    const second = made.data.createContractor.id;
    // One order of its own, so that its empty answers below are refusals and not an empty account.
    const { rows: [own] } = await s.sql.query(`update "order" set carrier_id = $1, status = 'PLACED' where id = (select id from "order"
      where carrier_id is distinct from $2 and customer_id not in (select id from customer where status = 'ERASED') order by id limit 1) returning id`, [second, first]);
    const staff = await newStaff('CARRIER', second);
    const carrier = withToken(await tokenOf(staff.email, staff.password), 'SHIPPING');
    const mine = await carrier('{ allOrders(perPage: 500) { id } }');
    expect(mine.data.allOrders).toEqual([{ id: String(own.id) }]);

    const ids = theirs.map((o) => String(o.id));
    for (const id of ids.slice(0, 3)) {
      expectRefused(await carrier(`{ Order(id: ${id}) { id shipTo { name phone addressLine } } }`), 'NOT_FOUND', theirValues);
      expectRefused(await carrier(`mutation { updateOrder(id: ${id}, status: DELIVERED) { id } }`), 'FORBIDDEN', theirValues);
    }
    const listed = await carrier('query($ids: [ID!]) { allOrders(filter: { ids: $ids }) { id shipTo { name phone addressLine } } }', { ids });
    expect(listed.data.allOrders).toEqual([]);
    const byCarrier = await carrier(`{ allOrders(filter: { carrierId: ${first} }) { id } _allOrdersMeta(filter: { carrierId: ${first} }) { count } }`);
    expect(byCarrier.data).toEqual({ allOrders: [], _allOrdersMeta: { count: 0 } });
    expect(leakedValuesOf([listed, byCarrier], theirValues)).toEqual([]);
    const { rows: after } = await s.sql.query('select id, status::text from "order" where id = any($1::int[]) order by id', [theirs.map((o) => o.id)]);
    expect(after).toEqual(theirs.map((o) => ({ id: o.id, status: o.status })));
    const { rows: recorded } = await s.sql.query(`select customer_id from trail_entry where kind = 'ACCESS' and staff_id = $1`, [Number(staff.id)]);
    expect(recorded.filter((r) => theirs.some((o) => o.customer_id === r.customer_id && o.id !== own.id))).toEqual([]);
  });
});

const leakedValuesOf = (bodies: unknown[], values: string[]) => values.filter((v) => JSON.stringify(bodies).includes(v));

describe('purpose spoofing', () => {
  test('as SUPPORT declaring CREDIT_MANAGEMENT (ACCOUNTING\'s) a change is FORBIDDEN_PURPOSE, nothing is written, the refusal is recorded', async () => {
    const { rows: [c] } = await s.sql.query(`select id, phone from customer where status = 'ACTIVE' order by id limit 1`);
    const spoofing = await s.asRole('SUPPORT', 'CREDIT_MANAGEMENT');
    const r = await spoofing('mutation($id: ID!) { updateCustomer(id: $id, phone: "090-0000-1111", reason: "なりすまし") { id phone } }', { id: String(c.id) });
    expectRefused(r, 'FORBIDDEN_PURPOSE', clear);
    expect((await s.sql.query('select phone from customer where id = $1', [c.id])).rows[0].phone).toBe(c.phone);
    const { rows: changes } = await s.sql.query(`select 1 from trail_entry where kind = 'CHANGE' and customer_id = $1`, [c.id]);
    expect(changes).toEqual([]);
    const { rows: refused } = await s.sql.query(`select role, purpose from trail_entry where kind = 'SECURITY' and detail->>'event' = 'PURPOSE_REFUSED'`);
    expect(refused).toContainEqual({ role: 'SUPPORT', purpose: 'CREDIT_MANAGEMENT' });
  });
});

describe('server-managed fields are not writable', () => {
  /** Fields only the server sets, per entity the mutation is named after ('*': every mutation). */
  const MANAGED: Record<string, string[]> = {
    '*': ['hash', 'prevHash', 'tokenVersion', 'passwordHash', 'secretHash', 'cardToken', 'phoneDigits', 'createdAt', 'updatedAt'],
    Customer: ['customerNumber', 'status', 'cardNumber', 'useStopped', 'provisionStopped', 'maskedFields'],
    Order: ['orderNumber', 'totalYen', 'shippedAt', 'deliveredAt', 'maskedFields'],
    Interaction: ['staffId', 'maskedFields'],
    Staff: ['lastLoginAt', 'password'],
    ApiKey: ['prefix', 'revokedAt', 'createdBy', 'createdById', 'status', 'contractorId'],
  };

  test('no mutation of the schema takes one as an argument', () => {
    const mutations = buildBareSchema().getMutationType()!.getFields();
    const offending = Object.values(mutations).flatMap((m) => {
      const entity = /^(?:create|update|delete|revoke)(.+)$/.exec(m.name)?.[1] ?? '';
      const managed = [...MANAGED['*'], ...(MANAGED[entity] ?? [])];
      return m.args.filter((a) => managed.includes(a.name)).map((a) => `${m.name}(${a.name})`);
    });
    expect(offending).toEqual([]);
  });

  test('sending one anyway is GRAPHQL_VALIDATION_FAILED and changes nothing', async () => {
    const { rows: [c] } = await s.sql.query(`select id, customer_number, card_last4 from customer where status = 'ACTIVE' order by id limit 1`);
    const { rows: [o] } = await s.sql.query(`select id, total_yen from "order" order by id limit 1`);
    const { rows: [st] } = await s.sql.query(`select id, token_version from staff where email = $1`, [demoEmail('SUPPORT')]);
    const support = await s.asRole('SUPPORT', 'AFTER_SALES');
    const attempts: [GqlClient, string][] = [
      [support, `mutation { updateCustomer(id: ${c.id}, customerNumber: "C9999999", reason: "改ざん") { id } }`],
      [support, `mutation { updateCustomer(id: ${c.id}, cardNumber: "4111111111111111", reason: "改ざん") { id } }`],
      [support, `mutation { updateOrder(id: ${o.id}, totalYen: 1, reason: "改ざん") { id } }`],
      [admin, `mutation { updateStaff(id: ${st.id}, tokenVersion: 1, passwordHash: "x") { id } }`],
    ];
    for (const [client, q] of attempts) expectRefused(await client(q), 'GRAPHQL_VALIDATION_FAILED', clear);
    expect((await s.sql.query('select customer_number, card_last4 from customer where id = $1', [c.id])).rows[0])
      .toEqual({ customer_number: c.customer_number, card_last4: c.card_last4 });
    expect((await s.sql.query('select total_yen from "order" where id = $1', [o.id])).rows[0].total_yen).toBe(o.total_yen);
    expect((await s.sql.query('select token_version from staff where id = $1', [st.id])).rows[0].token_version).toBe(st.token_version);
  });
});

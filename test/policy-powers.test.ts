// Powers are policy (【10】, schema/policy/powers.ts): every role tries every power's operations and is let
// through exactly when it holds the power; an API key never exercises one. Then the attacks of issue #17 as
// ADMIN alone: keys and accounts reading everything in clear, its own role, a password it knows on the privacy
// manager's account, a disclosure file taken by a key as if it were its creator.
import {
  getNamedType, type GraphQLField, type GraphQLInputType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasPower, mayPerform, POWER_KEYS, POWERS, powerWithin, ROLE_KEYS, ROLES, type Power, type ResourceName, type RoleKey } from '../schema/policy';
import { buildBareSchema } from '../server/src/graphql/schema';
import { demoEmail } from '../server/src/seeders';
import { approvedApiKey, CREATE_KEY, loginAs, mailedToken } from './helpers/accounts';
import { expectRefused, storedClearValues } from './helpers/hostile';
import { errorCode, errorField } from './helpers/policy';
import { type GqlClient, startTestServer, type TestServer } from './helpers/server';
import { trustDocument } from './helpers/trusted-documents';

let s: TestServer;
let clear: string[];
let admin: GqlClient;
let pm: GqlClient;
const SCHEMA = buildBareSchema();
beforeAll(async () => {
  s = await startTestServer({ customers: 12 });
  clear = await storedClearValues(s.sql);
  admin = await s.asRole('ADMIN');
  pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
});
afterAll(async () => { await s?.stop(); });

const staffIdOf = async (role: RoleKey) => String((await s.sql.query('select id from staff where email = $1', [demoEmail(role)])).rows[0].id);
/** Row counts of everything a power changes: an refused or failing call leaves them as they were. */
const counts = async () => (await s.sql.query(`select (select count(*) from staff)::int staff, (select count(*) from api_key)::int keys,
  (select count(*) from grant_request)::int grants, (select count(*) from mail_outbox)::int mails,
  (select count(*) from trusted_document)::int documents, (select sum(token_version) from staff)::int versions,
  (select count(*) from trail_entry where kind = 'CHANGE')::int changes`)).rows[0];

/**
 * A call of a root field that passes GraphQL validation and then fails in the service for a holder: ids of
 * nothing, empty strings. So a holder meets BAD_USER_INPUT or NOT_FOUND (or data, for a list) and changes
 * nothing, and anyone else meets the shield.
 */
function probeOf(field: GraphQLField<unknown, unknown>, kind: 'query' | 'mutation'): string {
  const value = (type: GraphQLInputType): string => {
    if (isNonNullType(type)) return value(type.ofType);
    if (isListType(type)) return `[${value(type.ofType)}]`;
    if (isEnumType(type)) return type.getValues()[0].name;
    if (isInputObjectType(type)) return `{ ${Object.values(type.getFields()).filter((f) => isNonNullType(f.type)).map((f) => `${f.name}: ${value(f.type)}`).join(', ')} }`;
    return ({ Int: '1', ID: '"999999"', Boolean: 'true', JSONObject: '{}' } as Record<string, string>)[(type as { name: string }).name] ?? '""';
  };
  const args = field.args.filter((a) => isNonNullType(a.type)).map((a) => `${a.name}: ${value(a.type)}`);
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
  return `${kind} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
}

const queries = SCHEMA.getQueryType()!.getFields();
const mutations = SCHEMA.getMutationType()!.getFields();
const POWER_OPERATIONS = POWER_KEYS.flatMap((power) => POWERS[power].operations.map((op) => ({ power, op })));

describe('every role × every power', () => {
  test('every operation POWERS names exists in the schema (a typo would leave nobody able to use it)', () => {
    expect(POWER_OPERATIONS.filter(({ op }) => !queries[op] && !mutations[op]).map(({ op }) => op)).toEqual([]);
  });

  test.each(ROLE_KEYS)('as %s, each power\'s operations run exactly when the role holds the power, and change nothing here', async (role) => {
    const client = await s.asRole(role);
    // A power exercised within a resource operation (the erasure's) is tried under a purpose allowing that operation.
    const withinPurpose = (power: Power) => {
      const within = powerWithin(power);
      return within ? ROLES[role].purposes.find((p) => mayPerform(within.resource as ResourceName, within.op, role, p)) ?? null : null;
    };
    const before = await counts();
    const wrong: string[] = [];
    for (const { power, op } of POWER_OPERATIONS) {
      const call = queries[op] ? probeOf(queries[op], 'query') : probeOf(mutations[op], 'mutation');
      const purpose = withinPurpose(power);
      const r = await (purpose ? client.withPurpose(purpose) : client)(call);
      const code = errorCode(r);
      const holds = hasPower(role, power);
      if (holds && ['FORBIDDEN', 'UNAUTHENTICATED', 'INTERNAL_SERVER_ERROR', 'GRAPHQL_VALIDATION_FAILED'].includes(code ?? '')) wrong.push(`${op} (${power}, held): ${code}`);
      if (!holds && code !== 'FORBIDDEN') wrong.push(`${op} (${power}, not held): ${code ?? 'answered'}`);
    }
    expect(wrong).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  test('an API key never exercises a power, not even one its role holds and a document approved for it', async () => {
    const { key, id } = await approvedApiKey(s, 'ADMIN', [], '職員連携');
    const doc = 'mutation { issuePasswordReset(staffId: "999999") }';
    await trustDocument(s, id, doc, null);
    const r = await s.gql(doc, undefined, { authorization: `Bearer ${key}` });
    expectRefused(r, 'FORBIDDEN', clear);
    expect(r.errors?.[0]?.extensions?.reason).toBeUndefined();
  });
});

describe('an API key is itself, never its creator', () => {
  test('a privacy manager\'s own key cannot take the disclosure file she produced; the trail names the key, not her', async () => {
    const { key, id: keyId } = await approvedApiKey(s, 'PRIVACY_MANAGER', ['PRIVACY_ADMINISTRATION'], '開示ツール');
    const { rows: [c] } = await s.sql.query(`select id from customer where status = 'ACTIVE' order by id limit 1`);
    const req = await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id } }', { c: String(c.id) });
    const reqId = req.data.createPrivacyRequest.id;
    await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id: reqId });
    const ticket = (await pm('mutation($id: ID!) { fulfilDisclosureRequest(requestId: $id) { url } }', { id: reqId })).data.fulfilDisclosureRequest;
    const byKey = await fetch(`${s.url}${ticket.url}`, { headers: { authorization: `Bearer ${key}`, 'x-purpose': 'PRIVACY_ADMINISTRATION' } });
    expect(byKey.status).toBe(403);
    const byHer = await fetch(`${s.url}${ticket.url}`, { headers: { authorization: `Bearer ${pm.token}` } });
    expect(byHer.status).toBe(200);
    await byHer.arrayBuffer();
    // Nor does it fulfil a request as if it were her: a file is produced for a staff member only.
    const fulfil = 'mutation Fulfil($id: ID!) { fulfilDisclosureRequest(requestId: $id) { url } }';
    await trustDocument(s, keyId, fulfil, 'PRIVACY_ADMINISTRATION');
    const next = await pm('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id } }', { c: String(c.id) });
    await pm('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id: next.data.createPrivacyRequest.id });
    const byKeyFulfil = await s.gql(fulfil, { id: next.data.createPrivacyRequest.id }, { authorization: `Bearer ${key}`, 'x-purpose': 'PRIVACY_ADMINISTRATION' });
    expectRefused(byKeyFulfil, 'FORBIDDEN', clear);
    expect(byKeyFulfil.errors?.[0]?.extensions?.reason).toBeUndefined();
    // What the key reads is recorded as the key's.
    const read = '{ allCustomers(perPage: 1) { id name } }';
    await trustDocument(s, keyId, read, 'PRIVACY_ADMINISTRATION');
    expect((await s.gql(read, undefined, { authorization: `Bearer ${key}`, 'x-purpose': 'PRIVACY_ADMINISTRATION' })).errors).toBeUndefined();
    const { rows } = await s.sql.query(`select staff_id, api_key_id from trail_entry where kind = 'ACCESS' and api_key_id = $1`, [Number(keyId)]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.staff_id === null)).toBe(true);
  });
});

describe('as ADMIN alone (issue #17)', () => {
  test('a key of the privacy manager\'s role, or with its purpose, is refused and none is made', async () => {
    const before = await counts();
    const other = await admin(CREATE_KEY, { n: '全件参照', r: 'PRIVACY_MANAGER', p: ['PRIVACY_ADMINISTRATION'] });
    expectRefused(other, 'FORBIDDEN', clear);
    expect(errorField(other)).toBe('role');
    const own = await admin(CREATE_KEY, { n: '全件参照', p: ['PRIVACY_ADMINISTRATION'] });
    expect(own.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'purposes' });
    expect(await counts()).toEqual(before);
  });

  test('its own key holds its own role, no purpose, and reads no customer', async () => {
    const r = await admin(CREATE_KEY, { n: '商品連携', p: [] });
    expect(r.errors).toBeUndefined();
    expect(r.data.createApiKey.apiKey).toMatchObject({ status: 'ACTIVE', purposes: [] });
    const { rows: [k] } = await s.sql.query('select role, contractor_id from api_key where id = $1', [Number(r.data.createApiKey.apiKey.id)]);
    expect(k).toEqual({ role: 'ADMIN', contractor_id: null });
  });

  test('a PRIVACY_MANAGER account it creates has no role until another privacy manager approves: its login is refused meanwhile', async () => {
    const email = 'second-self@example.jp';
    const made = await admin('mutation($e: String!) { createStaff(name: "別人格", email: $e, role: "PRIVACY_MANAGER") { id role pendingRole } }', { e: email });
    expect(made.errors).toBeUndefined();
    expect(made.data.createStaff).toMatchObject({ role: null, pendingRole: 'PRIVACY_MANAGER' });
    const id = made.data.createStaff.id;
    // The invitation went to the account's own address only; say ADMIN reads that mailbox and sets a password.
    const link = await mailedToken(s.sql, id);
    expect(link).toMatchObject({ to: email, kind: 'PASSWORD_INVITE' });
    expect(JSON.stringify(made)).not.toContain(link!.token);
    const password = 'a-password-admin-knows-1';
    expect((await s.gql('mutation($t: String!, $p: String!) { completePasswordSetup(token: $t, password: $p) }', { t: link!.token, p: password })).data)
      .toEqual({ completePasswordSetup: true });
    const login = await s.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: password });
    expectRefused(login, 'FORBIDDEN', clear);
    expect((await s.sql.query('select count(*)::int n from session where staff_id = $1', [Number(id)])).rows[0].n).toBe(0);
    // ADMIN cannot approve it, nor can the account itself (it has no role to log in with).
    const { rows: [g] } = await s.sql.query(`select id from grant_request where staff_id = $1 and status = 'PENDING'`, [Number(id)]);
    expectRefused(await admin('mutation($id: ID!) { approveGrantRequest(id: $id) { id } }', { id: String(g.id) }), 'FORBIDDEN', clear);
    const approved = await pm('mutation($id: ID!) { approveGrantRequest(id: $id) { status decidedById } }', { id: String(g.id) });
    expect(approved.data.approveGrantRequest).toEqual({ status: 'APPROVED', decidedById: await staffIdOf('PRIVACY_MANAGER') });
    const after = await s.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token staff { role } } }', { e: email, p: password });
    expect(after.data.login.staff.role).toBe('PRIVACY_MANAGER');
  });

  test('its own role, contractor and active flag are not its to change; nothing changes and no grant is asked', async () => {
    const self = await staffIdOf('ADMIN');
    const before = await counts();
    for (const change of ['role: "PRIVACY_MANAGER"', 'role: "SUPPORT"', 'active: false', 'role: "CARRIER", contractorId: "1"']) {
      const r = await admin(`mutation($id: ID!) { updateStaff(id: $id, ${change}) { id role } }`, { id: self });
      expectRefused(r, 'FORBIDDEN', clear);
      expect(['role', 'active', 'contractorId']).toContain(errorField(r));
    }
    expect(await counts()).toEqual(before);
    // Its own name is its to change, and a form sending the unchanged role with it is fine.
    expect((await admin('mutation($id: ID!) { updateStaff(id: $id, name: "山本 直樹", role: "ADMIN", active: true) { name } }', { id: self })).errors).toBeUndefined();
  });

  test('it sets no password on the privacy manager\'s account: no argument takes one, a reset goes to her own address, her address is not its to change', async () => {
    const pmId = await staffIdOf('PRIVACY_MANAGER');
    const { rows: [beforeRow] } = await s.sql.query('select password_hash, token_version from staff where id = $1', [Number(pmId)]);
    for (const m of ['updateStaff', 'createStaff']) expect(mutations[m].args.map((a) => a.name)).not.toContain('password');
    expectRefused(await admin(`mutation { updateStaff(id: ${pmId}, password: "known-to-admin-123") { id } }`), 'GRAPHQL_VALIDATION_FAILED', clear);
    const moved = await admin('mutation($id: ID!) { updateStaff(id: $id, email: "admins-other-box@example.jp") { id } }', { id: pmId });
    expectRefused(moved, 'FORBIDDEN', clear);
    expect(errorField(moved)).toBe('email');
    const pmToken = pm.token;
    const reset = await admin('mutation($id: ID!) { issuePasswordReset(staffId: $id) }', { id: pmId });
    expect(reset).toMatchObject({ data: { issuePasswordReset: true } });
    const link = await mailedToken(s.sql, pmId);
    expect(link).toMatchObject({ to: demoEmail('PRIVACY_MANAGER'), kind: 'PASSWORD_RESET' });
    expect(JSON.stringify(reset)).not.toContain(link!.token);
    const { rows: [afterRow] } = await s.sql.query('select password_hash, token_version, email from staff where id = $1', [Number(pmId)]);
    expect(afterRow.password_hash).toBe(beforeRow.password_hash);
    expect(afterRow.token_version).toBe(beforeRow.token_version + 1);
    expect(afterRow.email).toBe(demoEmail('PRIVACY_MANAGER'));
    // Her old session has ended; she logs in again with her own password.
    expectRefused(await s.gql('{ me { id } }', undefined, { authorization: `Bearer ${pmToken}` }), 'UNAUTHENTICATED', clear);
    pm = await loginAs(s, { email: demoEmail('PRIVACY_MANAGER'), password: 'mamori-demo' }, 'PRIVACY_ADMINISTRATION');
  });

  test('each of these changes is a CHANGE event with before and after, and none holds a password, hash, token or key', async () => {
    const { rows } = await s.sql.query(`select detail from trail_entry where kind = 'CHANGE' and detail->>'entity' in ('Staff', 'GrantRequest', 'ApiKey')`);
    const entities = new Set(rows.map((r) => `${r.detail.entity}:${r.detail.action}`));
    for (const e of ['Staff:CREATE', 'Staff:UPDATE', 'GrantRequest:CREATE', 'GrantRequest:UPDATE', 'ApiKey:CREATE']) expect(entities).toContain(e);
    const secrets = (await s.sql.query(`select password_hash as v from staff union all select secret_hash from api_key
      union all select token_hash from password_setup`)).rows.map((r) => r.v);
    const mails = (await s.sql.query('select body from mail_outbox')).rows.map((r) => /token=([^\s]+)/.exec(r.body)?.[1]);
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/password|secret|tokenVersion|token_version/i);
    for (const v of [...secrets, ...mails]) if (v) expect(text).not.toContain(v);
  });
});

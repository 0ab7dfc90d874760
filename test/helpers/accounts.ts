// Accounts and keys for tests. The API no longer takes a password for anyone (its owner sets it through a
// one-time link), so a test account with a known password is written straight into the database.
import argon2 from 'argon2';
import type pg from 'pg';
import { expect } from 'vitest';
import { apiKeyNeedsApproval, type RoleKey } from '../../schema/policy';
import { demoEmail } from '../../server/src/seeders';
import type { GqlClient, TestServer } from './server';

export interface TestAccount { id: string; email: string; password: string; name: string }

let made = 0;
const hashes = new Map<string, Promise<string>>();

/**
 * Inserts an active account of `role` (null: none yet) with a known password, as a seeder would; a contractor
 * role takes `contractorId` (default: the demo account's contractor of that role).
 */
export async function insertAccount(sql: pg.Pool, role: RoleKey | null, opts: { email?: string; name?: string; contractorId?: number | null; password?: string } = {}): Promise<TestAccount> {
  made += 1;
  const tag = `${process.pid}-${made}`;
  const email = opts.email ?? `account-${tag}@example.jp`;
  const password = opts.password ?? `correct-horse-battery-${tag}`;
  const name = opts.name ?? `検証 ${made}`;
  if (!hashes.has(password)) hashes.set(password, argon2.hash(password, { type: argon2.argon2id }));
  let contractorId = opts.contractorId;
  if (contractorId === undefined && role) {
    const { rows } = await sql.query('select contractor_id from staff where email = $1', [demoEmail(role)]);
    contractorId = rows[0]?.contractor_id ?? null;
  }
  const { rows: [row] } = await sql.query(`insert into staff (name, email, role, contractor_id, password_hash) values ($1, $2, $3, $4, $5) returning id`,
    [name, email, role, contractorId ?? null, await hashes.get(password)!]);
  return { id: String(row.id), email, password, name };
}

export const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';

/** A client logged in as `account`, declaring `purpose`. */
export async function loginAs(s: TestServer, account: { email: string; password: string }, purpose: string | null = null): Promise<GqlClient> {
  const r = await s.gql(LOGIN, { e: account.email, p: account.password });
  if (!r.data?.login) throw new Error(`login as ${account.email} failed: ${JSON.stringify(r.errors)}`);
  const headers = (p: string | null): Record<string, string> => ({ authorization: `Bearer ${r.data.login.token}`, ...(p ? { 'x-purpose': p } : {}) });
  const client = (p: string | null): GqlClient => {
    const c = ((q: string, v?: Record<string, unknown>) => s.gql(q, v, headers(p))) as GqlClient;
    c.token = r.data.login.token;
    c.withPurpose = client;
    return c;
  };
  return client(purpose);
}

export const CREATE_KEY = `mutation($n: String!, $r: String, $p: [String!]!, $d: Int) {
  createApiKey(name: $n, role: $r, purposes: $p, expiresInDays: $d) { key apiKey { id status purposes expiresAt } } }`;
const APPROVE = 'mutation($id: ID!) { approveGrantRequest(id: $id) { id status } }';

/**
 * An API key of `role` with `purposes`, issued by the demo account of that role (or `issuer`, signed in with it) (a key is never more than its
 * creator) and, when it reads personal data, approved by the demo privacy manager (for a privacy manager's
 * own key: by a second privacy manager made for it).
 */
export async function approvedApiKey(s: TestServer, role: RoleKey, purposes: string[], name = '連携テスト', issuer?: GqlClient): Promise<{ key: string; id: string }> {
  issuer ??= await s.asRole(role);
  const r = await issuer(CREATE_KEY, { n: name, p: purposes });
  expect(r.errors, `createApiKey as ${role}`).toBeUndefined();
  const { key, apiKey } = r.data.createApiKey;
  if (apiKeyNeedsApproval(role, purposes)) {
    const approver = role === 'PRIVACY_MANAGER' ? await loginAs(s, await insertAccount(s.sql, 'PRIVACY_MANAGER')) : await s.asRole('PRIVACY_MANAGER');
    const { rows: [g] } = await s.sql.query(`select id from grant_request where api_key_id = $1 and status = 'PENDING'`, [Number(apiKey.id)]);
    const approved = await approver(APPROVE, { id: g.id });
    expect(approved.data?.approveGrantRequest?.status, JSON.stringify(approved.errors)).toBe('APPROVED');
  }
  return { key, id: apiKey.id };
}

/** The one-time link last mailed to an account (its token), read from the outbox as the mail relay would. */
export async function mailedToken(sql: pg.Pool, staffId: string | number): Promise<{ token: string; to: string; kind: string } | null> {
  const { rows: [m] } = await sql.query('select to_address, kind, body from mail_outbox where staff_id = $1 order by id desc limit 1', [Number(staffId)]);
  const token = m ? /set-password\?token=([A-Za-z0-9_%-]+)/.exec(m.body)?.[1] : null;
  return m && token ? { token: decodeURIComponent(token), to: m.to_address, kind: m.kind } : null;
}

// A production install someone can log into: the real `npm start` with NODE_ENV=production on an empty
// database (no demo accounts), `npm run staff:bootstrap` for the first ADMIN and PRIVACY_MANAGER, their
// one-time links used in the admin UI (real Chromium) and over the API, all of it in the trail. The link sets
// a password only: in production these roles then enrol a second factor at their first login (auth/mfa).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { verifyTrail } from '../server/src/trail/verify';
import { issuePasswordSetup, PASSWORD_LENGTH } from '../server/src/auth/password-setup';
import { findFreePort } from '../server/src/db/embedded';
import { initOrm } from '../server/src/db/orm';
import { DEMO_PASSWORD, demoEmail } from '../server/src/seeders';
import { ACTION_TIMEOUT_MS, ensureUiBuilt, launchBrowser, POLL, screenshot } from './helpers/browser';
import { createTestDatabase, type TestDatabase } from './helpers/database';
import { type NpmRun, npmRun, ownLines } from './helpers/npm-start';
import { TEST_SECRET } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

const ADMIN = 'kanri@store.example.jp';
const PM = 'hogo@store.example.jp';

let db: TestDatabase;
let server: NpmRun;
let url: string;
let sql: pg.Pool;
let orm: MikroORM;
let browser: Browser;
let bootstrapOutput = '';
const links = new Map<string, string>(); // e-mail → link

/** Production as deployed (#20): the server runs as the application role; the operator's tools as the owner; the trail key outside. */
const trailKey = randomBytes(32).toString('base64');
const checkpointDir = mkdtempSync(path.join(tmpdir(), 'mamori-checkpoints-'));
const production = (extra: Record<string, string> = {}) => ({
  NODE_ENV: 'production', DATABASE_URL: db.appUrl, MAMORI_SECRET: TEST_SECRET, MAMORI_TRAIL_KEY: trailKey, MAMORI_TRAIL_CHECKPOINT_DIR: checkpointDir,
  MAMORI_DEBUG: undefined, ...extra,
});

beforeAll(async () => {
  await ensureUiBuilt();
  db = await createTestDatabase();
  const port = await findFreePort();
  server = npmRun(['start'], production({ PORT: String(port) }));
  [url, browser] = await Promise.all([server.running(), launchBrowser()]);
  sql = new pg.Pool({ connectionString: db.url, max: 2 });
  orm = await initOrm(db.url, { pool: { min: 0, max: 2 } });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.interrupt();
  await orm?.close(true);
  await sql?.end();
  await db?.drop();
  rmSync(checkpointDir, { recursive: true, force: true });
});

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json() as Promise<{ data?: any; errors?: { message: string; extensions?: Record<string, any> }[] }>;
}
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token next } }';
/** A step the token of a login still waiting for its second factor's enrolment may take. */
const ENROL = 'mutation { beginMfaEnrolment { __typename } }';
const COMPLETE = 'mutation($t: String!, $p: String!) { completePasswordSetup(token: $t, password: $p) }';
const DESCRIBE = 'query($t: String!) { passwordSetup(token: $t) { email role reason expiresAt minPasswordLength } }';
const tokenOf = (link: string) => decodeURIComponent(new URL(link.replace('/#/', '/')).searchParams.get('token')!);
const securityEvents = async (event: string) =>
  (await sql.query(`select detail, operation from trail_entry where kind = 'SECURITY' and detail->>'event' = $1 order by id`, [event])).rows;

function bootstrap(...args: string[]) {
  return npmRun(['run', '--silent', 'staff:bootstrap', '--', ...args], production({ MAMORI_PUBLIC_URL: url, DATABASE_URL: db.ownerUrl }));
}

describe('a production server on an empty database', () => {
  test('serves, seeds no demo accounts, and says how to create the first ones', async () => {
    expect(server.output()).toContain('No staff account exists yet');
    expect(server.output()).toContain('npm run staff:bootstrap');
    expect(server.output()).not.toContain('Demo accounts');
    expect((await sql.query('select count(*)::int as n from staff')).rows[0].n).toBe(0);
    const r = await gql(LOGIN, { e: demoEmail('ADMIN'), p: DEMO_PASSWORD });
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('staff:bootstrap takes no password on its command line', async () => {
    const run = bootstrap('--admin-email', ADMIN, '--privacy-manager-email', PM, '--password', 'hunter2-hunter2');
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain("Unknown option '--password'");
    expect((await sql.query('select count(*)::int as n from staff')).rows[0].n).toBe(0);
  });

  test('staff:bootstrap creates the first ADMIN and PRIVACY_MANAGER, each with a one-time link, in the trail', async () => {
    const run = bootstrap('--admin-email', 'Kanri@Store.example.jp', '--privacy-manager-email', PM);
    expect(await run.exited, run.output()).toBe(0);
    bootstrapOutput = run.output();
    for (const m of bootstrapOutput.matchAll(/^\s+(ADMIN|PRIVACY_MANAGER)\s+(\S+)\n\s+(\S+)$/gm)) links.set(m[2], m[3]);
    expect([...links.keys()].sort()).toEqual([ADMIN, PM].sort());
    for (const link of links.values()) expect(link).toMatch(new RegExp(`^${url}/#/set-password\\?token=[A-Za-z0-9_-]{43}$`));

    const { rows: staff } = await sql.query('select id, email, role, active from staff order by id');
    expect(staff.map((s) => [s.email, s.role, s.active])).toEqual([[ADMIN, 'ADMIN', true], [PM, 'PRIVACY_MANAGER', true]]);
    // Only the tokens' hashes are stored.
    const { rows: stored } = await sql.query('select token_hash from password_setup');
    expect(stored).toHaveLength(2);
    for (const link of links.values()) expect(stored.map((r) => r.token_hash)).not.toContain(tokenOf(link));

    const [bootstrapped] = await securityEvents('STAFF_BOOTSTRAPPED');
    expect(bootstrapped.operation).toBe('staff:bootstrap');
    expect(bootstrapped.detail.accounts.map((a: { email: string }) => a.email)).toEqual([ADMIN, PM]);
    expect((await securityEvents('PASSWORD_SETUP_ISSUED')).map((e) => e.detail.reason)).toEqual(['BOOTSTRAP', 'BOOTSTRAP']);
    expect(await verifyTrail(orm.em.fork() as EntityManager)).toMatchObject({ ok: true });
  });

  test('a second staff:bootstrap is refused, in one sentence, and changes nothing', async () => {
    const run = bootstrap('--admin-email', 'other@store.example.jp', '--privacy-manager-email', 'other-pm@store.example.jp');
    expect(await run.exited).toBe(3);
    expect(ownLines(run.output())).toEqual([expect.stringMatching(/^2 staff account\(s\) already exist: staff:bootstrap only creates the first accounts/)]);
    expect((await sql.query('select count(*)::int as n from staff')).rows[0].n).toBe(2);
  });
});

describe('the links', () => {
  test('the ADMIN opens the link in the admin UI, sets a password, and logs in with it (on to enrol a second factor)', async () => {
    const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    try {
      await page.goto(links.get(ADMIN)!);
      const card = page.getByTestId('set-password');
      await expect.poll(() => card.innerText()).toContain(ADMIN);
      expect(await card.innerText()).toContain(`${PASSWORD_LENGTH.min}文字以上`);
      await page.locator('input[name="password"]').fill('kanri-no-pasuwaado-1');
      await page.locator('input[name="again"]').fill('kanri-no-pasuwaado-2');
      await page.getByRole('button', { name: 'パスワードを設定する' }).click();
      await expect.poll(() => page.getByTestId('set-password-problem').innerText()).toContain('一致しません');
      await screenshot(page, 'set-password-mismatch');
      await page.locator('input[name="again"]').fill('kanri-no-pasuwaado-1');
      await page.getByRole('button', { name: 'パスワードを設定する' }).click();
      await expect.poll(() => page.getByTestId('set-password-done').innerText()).toContain(`${ADMIN} のパスワードを設定しました`);

      await page.getByRole('link', { name: 'ログイン画面へ' }).click();
      await page.locator('input[name="username"]').fill(ADMIN);
      await page.locator('input[name="password"]').fill('kanri-no-pasuwaado-1');
      await page.locator('button[type="submit"]').click();
      await page.getByText('この役割では二要素認証が必要です').waitFor();

      // Opened again, the link is spent.
      await page.goto(links.get(ADMIN)!);
      await expect.poll(() => page.getByTestId('set-password-refused').innerText()).toContain('すでに使われました');
    } finally {
      await context.close();
    }
    const [set] = await securityEvents('PASSWORD_SET');
    expect(set.detail).toMatchObject({ reason: 'BOOTSTRAP', staffId: expect.any(Number) });
  });

  test('over the API: a short password or the e-mail itself is refused and the link stays usable; then it works once', async () => {
    const token = tokenOf(links.get(PM)!);
    expect((await gql(DESCRIBE, { t: token })).data.passwordSetup).toMatchObject({ email: PM, role: 'PRIVACY_MANAGER', reason: 'BOOTSTRAP', minPasswordLength: PASSWORD_LENGTH.min });
    for (const bad of ['short', PM]) {
      const r = await gql(COMPLETE, { t: token, p: bad });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    }
    expect((await gql(COMPLETE, { t: token, p: 'hogo-kanrisha-no-pw' })).data.completePasswordSetup).toBe(true);
    expect((await gql(LOGIN, { e: PM, p: 'hogo-kanrisha-no-pw' })).data?.login).toMatchObject({ token: expect.any(String), next: 'ENROL_MFA' });
    const again = await gql(COMPLETE, { t: token, p: 'another-password-123' });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'USED' });
    expect((await gql(LOGIN, { e: PM, p: 'another-password-123' })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await securityEvents('PASSWORD_SETUP_REFUSED')).map((e) => e.detail.reason)).toContain('USED');
  });

  test('a RESET link ends every session of the account; a newer link replaces an older one; links expire', async () => {
    const { rows: [pm] } = await sql.query('select id from staff where email = $1', [PM]);
    const session = (await gql(LOGIN, { e: PM, p: 'hogo-kanrisha-no-pw' })).data.login.token;
    expect((await gql(ENROL, {}, session)).errors).toBeUndefined();

    const issuer = { em: orm.em.fork() as EntityManager, command: 'test' };
    const older = tokenOf((await issuePasswordSetup(issuer, pm.id, 'RESET')).url);
    const reset = await issuePasswordSetup(issuer, pm.id, 'RESET');
    expect(reset.expiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect((await gql(DESCRIBE, { t: older })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'REPLACED' });
    expect((await gql(COMPLETE, { t: tokenOf(reset.url), p: 'atarashii-pasuwaado' })).data.completePasswordSetup).toBe(true);
    expect((await gql(ENROL, {}, session)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await gql(LOGIN, { e: PM, p: 'hogo-kanrisha-no-pw' })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await gql(LOGIN, { e: PM, p: 'atarashii-pasuwaado' })).data?.login.next).toBe('ENROL_MFA');

    const expiring = tokenOf((await issuePasswordSetup(issuer, pm.id, 'RESET')).url);
    await sql.query(`update password_setup set expires_at = now() - interval '1 second' where staff_id = $1 and used_at is null and voided_at is null`, [pm.id]);
    expect((await gql(COMPLETE, { t: expiring, p: 'sakki-no-pasuwaado' })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'EXPIRED' });
    expect((await gql(DESCRIBE, { t: 'x'.repeat(43) })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'UNKNOWN' });
    expect(await verifyTrail(orm.em.fork() as EntityManager)).toMatchObject({ ok: true });
  });
});

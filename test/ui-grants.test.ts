// Two-person grants in the admin UI (headless Chromium): ADMIN creates an account with a privileged role (no
// password field: the owner is mailed a link) and sends a password reset it never sees; the privacy manager
// finds the pending requests in her menu, approves one and rejects another with a reason.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ROLES } from '../schema/policy';
import { insertAccount } from './helpers/accounts';
import { ensureUiBuilt, launchBrowser, loginAs, POLL, screenshot, waitForIdle } from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

// Two browser logins a test, on a machine shared by parallel test files: more than the default minute.
vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 6 }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const staffRow = async (email: string) => (await s.sql.query('select id, role from staff where email = $1', [email])).rows[0];
const grantOf = async (staffId: number) => (await s.sql.query('select id, status, rejection_reason from grant_request where staff_id = $1', [staffId])).rows[0];

describe('as ADMIN', () => {
  test('a new auditor account has no password field, waits for approval, and a reset is sent without showing a link', async () => {
    const admin = await loginAs(browser, s, 'ADMIN');
    for (const [name, email] of [['監査 一郎', 'audit-one@example.jp'], ['監査 二郎', 'audit-two@example.jp']]) {
      await admin.open('/Staff/create');
      expect(await admin.page.locator('input[type="password"]').count()).toBe(0);
      await admin.page.locator('input[name="name"]').fill(name);
      await admin.page.locator('input[name="email"]').fill(email);
      await admin.page.getByRole('combobox', { name: '役割' }).click();
      await admin.page.getByRole('option', { name: ROLES.AUDITOR.ja }).click();
      await expect.poll(() => admin.page.getByText('個人情報保護管理者の承認が必要です').count()).toBe(1);
      await admin.page.getByRole('button', { name: '保存' }).click();
      await expect.poll(async () => (await staffRow(email))?.id ?? null).not.toBeNull();
      // The save redirects away from the form; opening the next form before that lands would be undone by it.
      await expect.poll(() => admin.page.url()).not.toContain('/Staff/create');
      const row = await staffRow(email);
      expect(row.role).toBeNull();
      expect((await grantOf(row.id)).status).toBe('PENDING');
    }

    const target = await insertAccount(s.sql, 'SUPPORT', { name: '再設定 対象' });
    await admin.open(`/Staff/${target.id}`);
    await admin.page.getByRole('button', { name: 'パスワード再設定を送る' }).click();
    await admin.page.getByRole('button', { name: '送る', exact: true }).click();
    await expect.poll(async () => (await s.sql.query('select to_address from mail_outbox where staff_id = $1', [Number(target.id)])).rows[0]?.to_address ?? null)
      .toBe(target.email);
    const { rows: [mail] } = await s.sql.query('select body from mail_outbox where staff_id = $1', [Number(target.id)]);
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail.body)![1];
    expect(await admin.page.content()).not.toContain(token);
    await admin.context.close();
  }, 120_000);
});

describe('as PRIVACY_MANAGER', () => {
  test('the menu leads to the pending requests; one is approved, one rejected with a required reason', async () => {
    const pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
    await pm.page.getByRole('menuitem', { name: '権限付与の申請' }).click();
    await waitForIdle(pm.page);
    const rows = pm.page.locator('tbody tr');
    await expect.poll(() => rows.filter({ hasText: '監査 一郎' }).count()).toBe(1);
    await expect.poll(() => rows.filter({ hasText: '監査 二郎' }).count()).toBe(1);
    await screenshot(pm.page, 'grant-requests-pending');

    await rows.filter({ hasText: '監査 一郎' }).click();
    await waitForIdle(pm.page);
    await pm.page.getByRole('button', { name: '承認する' }).click();
    const one = await staffRow('audit-one@example.jp');
    await expect.poll(async () => (await staffRow('audit-one@example.jp')).role).toBe('AUDITOR');
    expect((await grantOf(one.id)).status).toBe('APPROVED');

    await pm.openList('GrantRequest', { status: 'PENDING' });
    await rows.filter({ hasText: '監査 二郎' }).click();
    await waitForIdle(pm.page);
    await pm.page.getByRole('button', { name: '却下する' }).click();
    const dialog = pm.page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: '却下する' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.locator('textarea[name="reason"]').fill('監査担当は一名で足りるため');
    await confirm.click();
    const two = await staffRow('audit-two@example.jp');
    await expect.poll(async () => (await grantOf(two.id)).status).toBe('REJECTED');
    expect((await grantOf(two.id)).rejection_reason).toBe('監査担当は一名で足りるため');
    expect((await staffRow('audit-two@example.jp')).role).toBeNull();
    await pm.context.close();
  }, 120_000);

  test('SUPPORT has no such menu entry; ADMIN sees the requests but no decision buttons', async () => {
    const support = await loginAs(browser, s, 'SUPPORT');
    // The menu is drawn (without a purpose SUPPORT's lists wait for one: no page to settle on).
    await support.page.getByRole('menuitem', { name: '顧客' }).waitFor();
    expect(await support.page.getByRole('menuitem', { name: '権限付与の申請' }).count()).toBe(0);
    await support.context.close();
    const admin = await loginAs(browser, s, 'ADMIN');
    const { rows: [g] } = await s.sql.query(`select id from grant_request order by id limit 1`);
    await admin.open(`/GrantRequest/${g.id}/show`);
    await expect.poll(() => admin.page.getByText('監査 一郎').count()).toBeGreaterThan(0);
    expect(await admin.page.getByRole('button', { name: '承認する' }).count()).toBe(0);
    await admin.context.close();
  }, 120_000);
});

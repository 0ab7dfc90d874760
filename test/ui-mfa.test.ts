// The second factor in the admin UI, in headless Chromium against the real server, with MAMORI_MFA_ROLES
// naming PRIVACY_MANAGER: her first login enrols an authenticator app from a QR code, the next one asks for
// its code; she resets another staff member's second factor from the staff list.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { DEMO_PASSWORD, demoEmail } from '../server/src/seeders';
import { ACTION_TIMEOUT_MS, appUrl, currentPurpose, ensureUiBuilt, launchBrowser, POLL, screenshot, waitForIdle } from './helpers/browser';
import { BEGIN, bearer, CONFIRM, LOGIN_STEP, totp } from './helpers/mfa';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
/** The key the enrolment screen showed (what the authenticator app would hold). */
let secret = '';
/** The recovery codes it showed once. */
let recoveryCodes: string[] = [];

beforeAll(async () => {
  process.env.MAMORI_MFA_ROLES = 'PRIVACY_MANAGER';
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 6 }), launchBrowser()]);
});
afterAll(async () => {
  delete process.env.MAMORI_MFA_ROLES;
  await browser?.close();
  await s?.stop();
});

async function passwordStep(email: string, password = DEMO_PASSWORD): Promise<Page> {
  const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  await page.goto(appUrl(s, '/login'));
  await page.locator('input[name="username"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  return page;
}

describe('as PRIVACY_MANAGER, whose role must have a second factor', () => {
  test('the first login enrols an app from a QR code, shows the recovery codes once, then opens the app', async () => {
    const page = await passwordStep(demoEmail('PRIVACY_MANAGER'));
    const qr = page.getByTestId('mfa-qr');
    await qr.waitFor();
    // A real image, drawn in the browser: a PNG data URL of the size asked for.
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThanOrEqual(200);
    // Nothing but the enrolment is reachable yet: the app is not open.
    expect(await page.getByTestId('purpose-picker').count()).toBe(0);
    secret = (await page.getByTestId('mfa-secret').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await screenshot(page, 'mfa-enrolment');

    await page.locator('input[name="code"]').fill('000000');
    await page.getByRole('button', { name: '登録を完了する' }).click();
    await expect.poll(() => page.getByText('確認コードが正しくありません', { exact: false }).count()).toBeGreaterThan(0);

    await page.locator('input[name="code"]').fill(await totp(secret));
    await page.getByRole('button', { name: '登録を完了する' }).click();
    const codes = page.getByTestId('mfa-recovery-code');
    await expect.poll(() => codes.count()).toBe(10);
    const shown = (await codes.allInnerTexts()).map((c) => c.trim());
    recoveryCodes = shown;
    const { rows } = await s.sql.query(`select code_hash from staff_recovery_code r join staff s on s.id = r.staff_id where s.email = $1`, [demoEmail('PRIVACY_MANAGER')]);
    expect(rows).toHaveLength(10);
    for (const code of shown) expect(JSON.stringify(rows)).not.toContain(code.replace('-', ''));
    await screenshot(page, 'mfa-recovery-codes');

    await page.getByRole('button', { name: '保管しました。続ける' }).click();
    await page.getByTestId('purpose-picker').waitFor();
    expect(await currentPurpose(page)).toBe('PRIVACY_ADMINISTRATION');
    await page.context().close();
  });

  test('a wrong password says so; the next login asks for the code: a wrong one is refused on the spot, the right one opens the app', async () => {
    expect(secret).not.toBe('');
    const wrong = await passwordStep(demoEmail('PRIVACY_MANAGER'), 'wrong-password');
    await expect.poll(() => wrong.getByTestId('login-error').innerText()).toContain('認証に失敗しました');
    await wrong.context().close();
    const page = await passwordStep(demoEmail('PRIVACY_MANAGER'));
    const code = page.locator('input[name="code"]');
    await code.waitFor();
    expect(await page.getByTestId('mfa-qr').count()).toBe(0);
    await code.fill(await totp(secret, -20));
    await page.getByRole('button', { name: '確認' }).click();
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('確認コードが正しくありません');
    await code.fill(await totp(secret, 1));
    await page.getByRole('button', { name: '確認' }).click();
    await page.getByTestId('purpose-picker').waitFor();
    await waitForIdle(page);

    // Her own page says the second factor is on.
    await page.goto(appUrl(s, '/security'));
    await expect.poll(() => page.getByTestId('mfa-status').innerText()).toContain('二要素認証は有効です');
    await page.context().close();
  });

  test('with a recovery code instead of the app, she resets another staff member\'s second factor from the staff list', async () => {
    const auditor = demoEmail('AUDITOR');
    // AUDITOR need not have one here: it enrols from its session, as anyone may.
    const login = await s.gql(LOGIN_STEP, { e: auditor, p: DEMO_PASSWORD });
    const asAuditor = bearer(s, login.data.login.token);
    const { data } = await asAuditor(BEGIN);
    expect((await asAuditor(CONFIRM, { c: await totp(data.beginMfaEnrolment.secret) })).errors).toBeUndefined();
    const page = await passwordStep(demoEmail('PRIVACY_MANAGER'));
    // Each time step's code serves once, and both of this half-minute's are used: a recovery code it is.
    await page.locator('input[name="code"]').fill(recoveryCodes[0]);
    await page.getByRole('button', { name: '確認' }).click();
    await page.getByTestId('purpose-picker').waitFor();
    await page.goto(appUrl(s, `/Staff?filter=${encodeURIComponent(JSON.stringify({ q: 'auditor@' }))}`));
    await waitForIdle(page);
    const row = page.locator('tbody tr').filter({ hasText: auditor });
    await row.getByRole('button', { name: '二要素認証をリセット' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('textarea[name="reason"]').fill('端末紛失の申告(電話で本人確認済み)');
    await dialog.getByRole('button', { name: '二要素認証をリセット' }).click();
    await expect.poll(async () => (await s.sql.query(`select count(*)::int n from staff_mfa m join staff s on s.id = m.staff_id where s.email = $1`, [auditor])).rows[0].n).toBe(0);
    // Her own row offers no reset: only another privacy manager may.
    await page.goto(appUrl(s, `/Staff?filter=${encodeURIComponent(JSON.stringify({ q: 'privacy-manager@' }))}`));
    await waitForIdle(page);
    const own = page.locator('tbody tr').filter({ hasText: demoEmail('PRIVACY_MANAGER') });
    await own.waitFor();
    expect(await own.getByRole('button', { name: '二要素認証をリセット' }).count()).toBe(0);
    await page.context().close();
  });
});

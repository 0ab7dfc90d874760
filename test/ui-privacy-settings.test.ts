// The privacy manager's legal settings screen in headless Chromium: retention settings, fees and the sensitive term list.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureUiBuilt, launchBrowser, loginAs, POLL, screenshot, waitForIdle, type UiSession } from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let pm: UiSession;
beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 10 }), launchBrowser()]);
  pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const setting = async (key: string) => (await s.sql.query('select value from privacy_setting where key = $1', [key])).rows[0]?.value;

describe('法令に基づく設定', () => {
  test('the menu leads there; an impossible fiscal year end shows the server\'s message and changes nothing; a valid one is saved', async () => {
    await pm.open('/PrivacyRequest');
    await pm.page.getByRole('menuitem', { name: '法令に基づく設定' }).click();
    const retention = pm.page.getByTestId('settings-retention');
    await retention.waitFor();
    await waitForIdle(pm.page);
    expect(await retention.innerText()).toContain('会社法第615条');
    await retention.getByLabel('事業年度末(MM-DD)').fill('02-30');
    await retention.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => pm.page.getByTestId('settings-retention-message').innerText()).toContain('事業年度末');
    expect(await setting('legalRetention')).toBeUndefined();
    await retention.getByLabel('事業年度末(MM-DD)').fill('12-31');
    await retention.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => pm.page.getByTestId('settings-retention-message').innerText()).toContain('保存しました');
    expect((await setting('legalRetention')).fiscalYearEnd).toBe('12-31');
  });

  test('a disclosure fee is saved; a deletion fee cannot even be entered', async () => {
    const fees = pm.page.getByTestId('settings-fees');
    await fees.getByLabel('保有個人データの開示(円)').fill('300');
    expect(await fees.getByLabel('削除(円)').isDisabled()).toBe(true);
    await fees.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => pm.page.getByTestId('settings-fees-message').innerText()).toContain('保存しました');
    expect((await setting('requestFees')).DISCLOSURE).toBe(300);
  });

  test('a term is added, shown, and removed', async () => {
    const terms = pm.page.getByTestId('settings-terms');
    await terms.getByLabel('語').fill('漢方薬');
    await terms.getByRole('button', { name: '追加' }).click();
    await expect.poll(() => pm.page.getByTestId('settings-own-terms').innerText()).toContain('漢方薬');
    await screenshot(pm.page, 'pm-privacy-settings');
    expect((await s.sql.query(`select term from sensitive_term where active`)).rows.map((r) => r.term)).toEqual(['漢方薬']);
    await pm.page.getByTestId('settings-own-terms').locator('.MuiChip-deleteIcon').click();
    await expect.poll(() => pm.page.getByTestId('settings-own-terms').innerText()).toContain('追加した語はありません');
  });

  test('利用中のデータの保存期間: what falls due is shown per kind; a negative period is refused and nothing saved; the sweep runs', async () => {
    await s.sql.query(`insert into consent (customer_id, purpose, granted_at, withdrawn_at, source)
      select id, 'PROMOTION', now() - interval '9 years', now() - interval '6 years', 'WEB' from customer order by id limit 1`);
    await pm.page.reload();
    const live = pm.page.getByTestId('settings-live-retention');
    await live.waitFor();
    await waitForIdle(pm.page);
    await expect.poll(() => live.innerText()).toContain('通話録音(音声ファイル)');
    const consents = live.getByTestId('live-retention-CONSENT_HISTORY');
    expect(Number((await consents.locator('td').nth(4).innerText()).trim())).toBeGreaterThanOrEqual(1);
    const recordings = live.getByLabel('通話録音(音声ファイル) 保存期間(か月)');
    await recordings.fill('-1');
    await live.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => pm.page.getByTestId('settings-live-retention-message').innerText()).toContain('1〜1200か月');
    expect(await setting('liveRetention')).toBeUndefined();
    await recordings.fill('6');
    await live.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => pm.page.getByTestId('settings-live-retention-message').innerText()).toContain('保存しました');
    expect((await setting('liveRetention')).RECORDINGS).toBe(6);
    await live.getByRole('button', { name: '今すぐ削除処理を実行' }).click();
    await expect.poll(() => pm.page.getByTestId('settings-live-retention-message').innerText()).toContain('実行しました');
    await expect.poll(async () => (await consents.locator('td').nth(4).innerText()).trim()).toBe('0');
  });
});

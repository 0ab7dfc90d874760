// The admin UI's menus follow the policy version in force (#23), in headless Chromium against the real server: a
// version published while MARKETING works takes the statistics page and, under PROMOTION, the consent records out
// of its menu at its next request, without a reload; publishing the seed again brings them back.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { seedPolicyDocument } from '../schema/policy';
import { currentPurpose, ensureUiBuilt, launchBrowser, loginAs, POLL, type UiSession } from './helpers/browser';
import { publishPolicy } from './helpers/publish-policy';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let marketing: UiSession;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 5 }), launchBrowser()]);
  marketing = await loginAs(browser, s, 'MARKETING');
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const menuItems = async () => (await marketing.page.locator('.RaMenuItemLink-root').allInnerTexts()).map((t) => t.trim());
/** The purposes the app bar's picker offers (its options carry the purpose key as data-value). */
async function offeredPurposes(): Promise<string[]> {
  await marketing.page.getByTestId('purpose-picker').locator('[role="combobox"]').click();
  const options = marketing.page.locator('li[role="option"][data-value]');
  await options.first().waitFor();
  const keys = await options.evaluateAll((os) => os.map((o) => o.getAttribute('data-value') ?? ''));
  await marketing.page.keyboard.press('Escape');
  await options.first().waitFor({ state: 'detached' });
  return keys;
}
/** The page's next request: opening the products from the menu, in the same loaded app (a mark left on the window stays). */
async function nextRequest() {
  await marketing.page.evaluate(() => { (window as unknown as { stillLoaded: boolean }).stillLoaded = true; });
  await marketing.page.locator('.RaMenuItemLink-root', { hasText: '商品' }).click();
  await marketing.page.locator('tbody tr').first().waitFor();
  expect(await marketing.page.evaluate(() => (window as unknown as { stillLoaded?: boolean }).stillLoaded)).toBe(true);
}

describe('as MARKETING, while the privacy office publishes', () => {
  test('under version 1 the menu offers statistics and, under PROMOTION, consents', async () => {
    expect(await currentPurpose(marketing.page)).toBe('PROMOTION');
    await expect.poll(menuItems).toEqual(expect.arrayContaining(['顧客', '同意', '商品', '統計']));
    expect(await offeredPurposes()).toContain('STATISTICS');
    await marketing.open('/policy');
    expect(await marketing.page.getByTestId('policy-version').innerText()).toContain('第1版');
  });

  test('a version that takes STATISTICS from marketing and hides consent records under PROMOTION empties both entries at the next request', async () => {
    const doc = seedPolicyDocument('2026.12.7-ui');
    doc.roles.MARKETING.purposes = doc.roles.MARKETING.purposes.filter((p) => p !== 'STATISTICS');
    doc.matrix.PROMOTION['consent.record'] = 'HIDDEN';
    await publishPolicy(s, doc, 'メニュー追従の確認');
    await nextRequest();
    await expect.poll(menuItems).not.toContain('統計');
    await expect.poll(menuItems).not.toContain('同意');
    expect(await menuItems()).toEqual(expect.arrayContaining(['顧客', '商品']));
    await expect.poll(offeredPurposes).not.toContain('STATISTICS');
    // The statistics page opened by its address is refused, as the server would.
    await marketing.page.evaluate(() => { window.location.hash = '#/statistics'; });
    await marketing.page.getByTestId('page-refused').waitFor();
    // The matrix page shows the version in force: marketing's rows without STATISTICS.
    await marketing.page.evaluate(() => { window.location.hash = '#/policy'; });
    await expect.poll(() => marketing.page.getByTestId('policy-version').innerText()).toContain('第2版');
    const marketingRows = marketing.page.locator('td[rowspan]', { hasText: 'MARKETING' });
    expect(await marketingRows.getAttribute('rowspan')).toBe(String(doc.roles.MARKETING.purposes.length));
  });

  test('publishing the seed again brings both back at the next request', async () => {
    await publishPolicy(s, seedPolicyDocument(), '元に戻す');
    await nextRequest();
    await expect.poll(menuItems).toEqual(expect.arrayContaining(['同意', '統計']));
    await expect.poll(offeredPurposes).toContain('STATISTICS');
  });
});

// Errors where people look (#21), in Chromium: the server's BAD_USER_INPUT appears under the field it names, in
// Japanese only (not a bilingual toast); a sort the role may not use says why, instead of 「結果が見つかりませんでした」.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { buildMatrix } from '../schema/policy';
import { appUrl, currentPurpose, ensureUiBuilt, launchBrowser, loginAs, pickPurpose, POLL, screenshot, waitForIdle, type UiSession } from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let support: UiSession;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 5 }), launchBrowser()]);
  support = await loginAs(browser, s, 'SUPPORT');
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('as SUPPORT', () => {
  test('a postal code the server refuses is shown under 郵便番号, in Japanese, and nothing changes', async () => {
    const { rows: [c] } = await s.sql.query(`select id, postal_code from customer order by id limit 1`);
    await support.open(`/Customer/${c.id}`);
    const postal = support.page.getByRole('textbox', { name: '郵便番号' });
    await postal.waitFor();
    await postal.fill('12');
    await support.page.getByRole('textbox', { name: /理由/ }).fill('本人からの申し出');
    await support.page.getByRole('button', { name: '保存' }).click();
    const helper = support.page.locator('.MuiFormControl-root', { has: postal }).locator('.MuiFormHelperText-root.Mui-error');
    await expect.poll(() => helper.count()).toBe(1);
    const text = await helper.innerText();
    expect(text).toMatch(/[ぁ-んァ-ン一-龥]/);
    expect(text).not.toContain(' / ');
    await screenshot(support.page, 'field-error-postal');
    expect((await s.sql.query(`select postal_code from customer where id = $1`, [c.id])).rows[0].postal_code).toBe(c.postal_code);
  });

  test('sorting by a field the purpose shows masked says it may not be sorted, not 「結果が見つかりませんでした」', async () => {
    const m = buildMatrix().SUPPORT;
    const purpose = Object.keys(m).find((p) => m[p as keyof typeof m]?.['contact.email'] !== 'CLEAR');
    expect(purpose).toBeDefined();
    await pickPurpose(support.page, purpose as never);
    await support.page.goto(appUrl(s, '/Customer?filter=%7B%7D&order=ASC&page=1&perPage=10&sort=email'));
    await waitForIdle(support.page);
    await expect.poll(() => support.page.locator('body').innerText()).toMatch(/並べ替え|この役割と利用目的/);
    expect(await support.page.locator('body').innerText()).not.toContain('結果が見つかりませんでした');
    await screenshot(support.page, 'forbidden-sort');
  });
});

describe('as CARRIER', () => {
  test('#/statistics opened by URL is refused in words; the purpose and the menu stay as they were', async () => {
    const carrier = await loginAs(browser, s, 'CARRIER');
    await waitForIdle(carrier.page);
    const before = await currentPurpose(carrier.page);
    const menu = await carrier.page.locator('.RaSidebar-fixed, .RaMenu-root, [role="menu"]').first().innerText().catch(() => '');
    await carrier.page.goto(appUrl(s, '/statistics'));
    await carrier.page.getByTestId('page-refused').waitFor();
    expect(await carrier.page.getByTestId('page-refused').innerText()).toContain('利用できません');
    expect(await carrier.page.getByTestId('statistics-purpose').count()).toBe(0);
    await waitForIdle(carrier.page);
    expect(await currentPurpose(carrier.page)).toBe(before);
    if (menu) expect(await carrier.page.locator('.RaSidebar-fixed, .RaMenu-root, [role="menu"]').first().innerText()).toBe(menu);
    await screenshot(carrier.page, 'carrier-statistics-refused');
  });
});

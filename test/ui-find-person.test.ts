// Finding the person in Chromium (#21) as PRIVACY_MANAGER: the customer picker shows number, 氏名 and フリガナ, and
// finds by a reading typed in hiragana or the last four phone digits; it reads nobody before something is typed.
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureUiBuilt, launchBrowser, loginAs, POLL, screenshot, waitForIdle, type UiSession } from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let pm: UiSession;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 5 }), launchBrowser()]);
  await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line, phone, phone_digits, email, source)
    values ('S9100001', '中村 花子', 'ナカムラ ハナコ', '140-0004', '東京都', '品川区', '1-1', '090-3141-8765', '09031418765', 'hanako.n@example.jp', 'WEB')`);
  pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('as PRIVACY_MANAGER the customer picker', () => {
  test('finds なかむら and 8765, showing number, 氏名 and フリガナ; opening it reads no customer list', async () => {
    const lists: string[] = [];
    const watch = (r: Request) => { if (r.url().endsWith('/graphql') && /allCustomers/.test(r.postData() ?? '')) lists.push(r.postData() ?? ''); };
    await pm.open('/PrivacyRequest/create');
    const picker = pm.page.getByRole('combobox', { name: '顧客' });
    await picker.waitFor();
    await waitForIdle(pm.page);
    pm.page.on('request', watch);
    await picker.click();
    await waitForIdle(pm.page);
    expect(lists).toEqual([]);

    await picker.fill('なかむら');
    await expect.poll(async () => {
      const texts = await pm.page.getByRole('option').allInnerTexts();
      return texts.length ? texts : [await pm.page.locator('body').innerText().then((t) => t.slice(0, 300)), ...lists.slice(-1)];
    }).toContain('S9100001 中村 花子 （ナカムラ ハナコ）');
    await screenshot(pm.page, 'find-person-hiragana');
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.at(-1)).not.toMatch(/\b(phone|email|addressLine|birthDate)\b/);

    await picker.fill('8765');
    await pm.page.getByRole('option', { name: /S9100001 中村 花子/ }).waitFor();
    await pm.page.getByRole('option', { name: /S9100001 中村 花子/ }).click();
    await expect.poll(() => picker.inputValue()).toContain('S9100001');
    pm.page.off('request', watch);
  });
});

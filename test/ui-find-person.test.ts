// Finding the person in Chromium (#21) as PRIVACY_MANAGER: the customer picker shows number, 氏名 and フリガナ, and
// finds by a reading typed in hiragana or the last four phone digits; it reads nobody before something is typed.
import type { Request } from 'playwright-core';
import { describe, expect, test, vi } from 'vitest';
import { POLL, screenshot, waitForIdle } from './helpers/browser';
import { uiFixture } from './helpers/ui-fixture';

vi.setConfig({ expect: { poll: POLL } });

const ui = uiFixture('PRIVACY_MANAGER', {
  customers: 5,
  prepare: async (s) => {
    await s.sql.query(`insert into customer (customer_number, name, name_kana, postal_code, prefecture, city, address_line, phone, phone_digits, email, source)
      values ('S9100001', '中村 花子', 'ナカムラ ハナコ', '140-0004', '東京都', '品川区', '1-1', '090-3141-8765', '09031418765', 'hanako.n@example.jp', 'WEB')`);
  },
});

describe('as PRIVACY_MANAGER the customer picker', () => {
  test('finds なかむら and 8765, showing number, 氏名 and フリガナ; opening it reads no customer list', async () => {
    const lists: string[] = [];
    const watch = (r: Request) => { if (r.url().endsWith('/graphql') && /allCustomers/.test(r.postData() ?? '')) lists.push(r.postData() ?? ''); };
    await ui.session.open('/PrivacyRequest/create');
    const picker = ui.session.page.getByRole('combobox', { name: '顧客' });
    await picker.waitFor();
    await waitForIdle(ui.session.page);
    ui.session.page.on('request', watch);
    await picker.click();
    await waitForIdle(ui.session.page);
    expect(lists).toEqual([]);

    await picker.fill('なかむら');
    await expect.poll(async () => {
      const texts = await ui.session.page.getByRole('option').allInnerTexts();
      return texts.length ? texts : [await ui.session.page.locator('body').innerText().then((t) => t.slice(0, 300)), ...lists.slice(-1)];
    }).toContain('S9100001 中村 花子 （ナカムラ ハナコ）');
    await screenshot(ui.session.page, 'find-person-hiragana');
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.at(-1)).not.toMatch(/\b(phone|email|addressLine|birthDate)\b/);

    await picker.fill('8765');
    await ui.session.page.getByRole('option', { name: /S9100001 中村 花子/ }).waitFor();
    await ui.session.page.getByRole('option', { name: /S9100001 中村 花子/ }).click();
    await expect.poll(() => picker.inputValue()).toContain('S9100001');
    ui.session.page.off('request', watch);
  });
});

// The admin UI as MARKETING, in headless Chromium against the real server and database.
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  chooseColumns, currentPurpose, ensureUiBuilt, launchBrowser, loginAs, parseCsv, pickPurpose, POLL, screenshot, waitForIdle,
  startExport, type UiSession,
} from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let marketing: UiSession;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 40 }), launchBrowser()]);
  marketing = await loginAs(browser, s, 'MARKETING');
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const PROMOTION_LIST = `{ allCustomers(perPage: 500, sortField: "createdAt", sortOrder: "DESC") {
  customerNumber name phone email birthDate gender lifestyle cardNumber maskedFields } }`;

const menuItems = async (ui: UiSession) =>
  (await ui.page.locator('.RaMenuItemLink-root').allInnerTexts()).map((t) => t.trim());

describe('as MARKETING', () => {
  test('logging in declares PROMOTION, and the menu offers customers, consents and products, no orders or trails', async () => {
    expect(await currentPurpose(marketing.page)).toBe('PROMOTION');
    await marketing.openList('Customer');
    await expect.poll(() => menuItems(marketing)).toEqual(expect.arrayContaining(['顧客', '同意', '商品', '表示ポリシー']));
    const items = await menuItems(marketing);
    for (const absent of ['注文', 'やり取り', 'アクセス履歴', '変更履歴', 'スタッフ']) expect(items).not.toContain(absent);
  });

  test('under PROMOTION the list shows names and e-mails in clear and phones masked with a lock, row for row as the API', async () => {
    await marketing.openList('Customer');
    await marketing.page.locator('tbody tr').first().waitFor();
    const api = (await (await s.asRole('MARKETING', 'PROMOTION'))(PROMOTION_LIST)).data.allCustomers;
    const rows = await marketing.page.locator('tbody tr').all();
    expect(rows).toHaveLength(Math.min(10, api.length));
    for (const [i, row] of rows.entries()) {
      const served = api[i];
      expect((await row.locator('td.column-customerNumber').innerText()).trim()).toBe(served.customerNumber);
      const phone = row.locator('td.column-phone');
      expect((await phone.innerText()).trim()).toBe(served.phone);
      expect(await phone.locator('[data-masked="true"] svg').count()).toBe(1);
      const email = row.locator('td.column-email');
      expect(await email.locator('[data-masked="true"]').count()).toBe(0);
      const { rows: [stored] } = await s.sql.query('select name, phone, email from customer where customer_number = $1', [served.customerNumber]);
      expect((await email.innerText()).trim()).toBe(stored.email);
      expect(await row.locator('td.column-name').innerText()).toContain(stored.name);
      expect((await phone.innerText()).trim()).not.toBe(stored.phone);
    }
    await screenshot(marketing.page, 'marketing-customers-promotion');
  });

  test('exporting under PROMOTION writes masked phones and age bands, hidden card data as ［非表示］, as the API serves', async () => {
    await marketing.openList('Customer');
    await chooseColumns(marketing.page, ['生年月日', '生活全般', 'カード番号']);
    const downloading = marketing.page.waitForEvent('download');
    await startExport(marketing.page, '秋のキャンペーン案内の発送リスト');
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^顧客_PROMOTION_\d{8}-\d{4}\.csv$/);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...lines] = parseCsv(bytes.subarray(3).toString('utf8'));
    const at = (name: string) => header.indexOf(name);
    const api = (await (await s.asRole('MARKETING', 'PROMOTION'))(PROMOTION_LIST)).data.allCustomers;
    expect(lines.map((l) => l[at('顧客番号')])).toEqual(api.map((c: { customerNumber: string }) => c.customerNumber));
    api.forEach((c: Record<string, any>, i: number) => {
      // A value withheld by the policy says so; an empty one stays empty.
      const cell = (f: string) => c[f] ?? (c.maskedFields.includes(f) ? '［非表示］' : '');
      expect(lines[i][at('電話番号')]).toBe(cell('phone'));
      expect(lines[i][at('メールアドレス')]).toBe(cell('email'));
      expect(lines[i][at('生年月日')]).toBe(cell('birthDate'));
      expect(lines[i][at('生活全般')]).toBe(cell('lifestyle'));
      expect(lines[i][at('カード番号')]).toBe(cell('cardNumber'));
    });
    expect(header.at(-1)).toBe('伏せた項目');
    const masked = lines.map((l) => l[at('電話番号')]).filter(Boolean);
    expect(masked.length).toBeGreaterThan(0);
    for (const phone of masked) expect(phone).toMatch(/\*/);
  });

  test('with STATISTICS declared, customers are no longer offered: no rows are served under that purpose', async () => {
    await marketing.openList('Customer');
    await pickPurpose(marketing.page, 'STATISTICS');
    await expect.poll(() => menuItems(marketing)).not.toContain('顧客');
    expect(await menuItems(marketing)).toContain('商品');
    await waitForIdle(marketing.page);
    const { rows } = await s.sql.query('select name from customer limit 5');
    const text = await marketing.page.locator('body').innerText();
    for (const { name } of rows) expect(text).not.toContain(name);
    await screenshot(marketing.page, 'marketing-statistics');
    await pickPurpose(marketing.page, 'PROMOTION');
  });

  test('the policy matrix page shows the published policy with MARKETING\'s current purpose row selected', async () => {
    await marketing.open('/policy');
    await marketing.page.getByRole('table').waitFor();
    const selected = marketing.page.locator('tbody tr.Mui-selected');
    expect(await selected.count()).toBe(1);
    expect(await selected.innerText()).toContain('お得な情報やサービスのご案内');
    await screenshot(marketing.page, 'marketing-policy-matrix');
  });
});

// Errors where people look (#21), in Chromium: the server's BAD_USER_INPUT appears under the field it names, in
// Japanese only (not a bilingual toast); a sort the role may not use says why, instead of 「結果が見つかりませんでした」.
import { describe, expect, test, vi } from 'vitest';
import { buildMatrix } from '../schema/policy';
import { appUrl, loginAs, currentPurpose, pickPurpose, POLL, screenshot, waitForIdle } from './helpers/browser';
import { uiFixture } from './helpers/ui-fixture';

vi.setConfig({ expect: { poll: POLL } });

const ui = uiFixture('SUPPORT', { customers: 5 });

describe('as SUPPORT', () => {
  test('a postal code the server refuses is shown under 郵便番号, in Japanese, and nothing changes', async () => {
    const { rows: [c] } = await ui.s.sql.query(`select id, postal_code from customer order by id limit 1`);
    await ui.session.open(`/Customer/${c.id}`);
    const postal = ui.session.page.getByRole('textbox', { name: '郵便番号' });
    await postal.waitFor();
    await postal.fill('12');
    await ui.session.page.getByRole('textbox', { name: /理由/ }).fill('本人からの申し出');
    await ui.session.page.getByRole('button', { name: '保存' }).click();
    const helper = ui.session.page.locator('.MuiFormControl-root', { has: postal }).locator('.MuiFormHelperText-root.Mui-error');
    await expect.poll(() => helper.count()).toBe(1);
    const text = await helper.innerText();
    expect(text).toMatch(/[ぁ-んァ-ン一-龥]/);
    expect(text).not.toContain(' / ');
    await screenshot(ui.session.page, 'field-error-postal');
    expect((await ui.s.sql.query(`select postal_code from customer where id = $1`, [c.id])).rows[0].postal_code).toBe(c.postal_code);
  });

  test('sorting by a field the purpose shows masked says it may not be sorted, not 「結果が見つかりませんでした」', async () => {
    const m = buildMatrix().SUPPORT;
    const purpose = Object.keys(m).find((p) => m[p as keyof typeof m]?.['contact.email'] !== 'CLEAR');
    expect(purpose).toBeDefined();
    await pickPurpose(ui.session.page, purpose as never);
    await ui.session.page.goto(appUrl(ui.s, '/Customer?filter=%7B%7D&order=ASC&page=1&perPage=10&sort=email'));
    await waitForIdle(ui.session.page);
    await expect.poll(() => ui.session.page.locator('body').innerText()).toMatch(/並べ替え|この役割と利用目的/);
    expect(await ui.session.page.locator('body').innerText()).not.toContain('結果が見つかりませんでした');
    await screenshot(ui.session.page, 'forbidden-sort');
  });
});

describe('as CARRIER', () => {
  test('#/statistics opened by URL is refused in words; the purpose and the menu stay as they were', async () => {
    const carrier = await loginAs(ui.browser, ui.s, 'CARRIER');
    await waitForIdle(carrier.page);
    const before = await currentPurpose(carrier.page);
    const menu = await carrier.page.locator('.RaSidebar-fixed, .RaMenu-root, [role="menu"]').first().innerText().catch(() => '');
    await carrier.page.goto(appUrl(ui.s, '/statistics'));
    await carrier.page.getByTestId('page-refused').waitFor();
    expect(await carrier.page.getByTestId('page-refused').innerText()).toContain('利用できません');
    expect(await carrier.page.getByTestId('statistics-purpose').count()).toBe(0);
    await waitForIdle(carrier.page);
    expect(await currentPurpose(carrier.page)).toBe(before);
    if (menu) expect(await carrier.page.locator('.RaSidebar-fixed, .RaMenu-root, [role="menu"]').first().innerText()).toBe(menu);
    await screenshot(carrier.page, 'carrier-statistics-refused');
  });
});

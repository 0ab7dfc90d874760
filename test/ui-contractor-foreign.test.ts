// A contractor abroad in the admin UI, in Chromium (#19 art. 28): the privacy manager records its country, that it
// keeps a system to the PPC's standards, and the measures a person asking under art. 28(3) is told
// (foreignMeasuresInfo) — the field appears exactly when owed, says in Japanese what is wrong, and saves.
import { describe, expect, test, vi } from 'vitest';
import { POLL, screenshot, waitForIdle } from './helpers/browser';
import { uiFixture } from './helpers/ui-fixture';

vi.setConfig({ expect: { poll: POLL } });

const ui = uiFixture('PRIVACY_MANAGER', { customers: 5 });
const MEASURES = '委託契約で個人情報保護法と同等の安全管理措置・再委託の禁止を義務付け、年1回の書面監査と報告で当社が確認しています。';

describe('as PRIVACY_MANAGER', () => {
  test('外国での措置の情報: shown for a contractor abroad with such a system, checked in Japanese, saved and shown', async () => {
    const { rows: [c] } = await ui.s.sql.query(`select id from contractor where country = 'JP' order by id limit 1`);
    const page = ui.session.page;
    await ui.session.open(`/Contractor/${c.id}`);
    const country = page.getByRole('textbox', { name: /取扱国/ });
    await country.waitFor();
    const info = page.getByRole('textbox', { name: /外国での措置の情報/ });
    const system = page.getByLabel(/基準に適合する体制/);
    // At home neither is asked.
    expect(await system.count()).toBe(0);
    expect(await info.count()).toBe(0);

    await country.fill('us');
    expect(await country.inputValue()).toBe('US');
    await system.check();
    await info.waitFor();
    const helper = page.locator('.MuiFormControl-root', { has: info }).locator('.MuiFormHelperText-root.Mui-error');
    // Required once the system is claimed, and 10 to 4000 characters, as the server checks.
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => helper.count()).toBe(1);
    expect(await helper.innerText()).toContain('措置の情報を記録してください');
    await info.fill('短い説明');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => helper.innerText()).toContain('10〜4000文字');
    await screenshot(page, 'contractor-foreign-measures-error');
    const stored = async () => (await ui.s.sql.query(`select country, foreign_system_measures, foreign_measures_info from contractor where id = $1`, [c.id])).rows[0];
    expect(await stored()).toEqual({ country: 'JP', foreign_system_measures: false, foreign_measures_info: null });

    await info.fill(MEASURES);
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/Contractor/${c.id}/show`));
    await waitForIdle(page);
    expect(await stored()).toEqual({ country: 'US', foreign_system_measures: true, foreign_measures_info: MEASURES });
    await expect.poll(() => page.locator('#main-content').innerText()).toContain(MEASURES);
    expect(await page.locator('#main-content').innerText()).toContain('外国での措置の情報');
    await screenshot(page, 'contractor-foreign-measures-shown');
    // The change is in the trail, as every contractor change.
    const { rows } = await ui.s.sql.query(`select detail from trail_entry where kind = 'CHANGE' and detail->>'entity' = 'Contractor'
      and (detail->>'entityId')::int = $1 order by id desc limit 1`, [c.id]);
    expect(rows[0].detail.fields).toEqual(expect.arrayContaining(['country', 'foreignSystemMeasures', 'foreignMeasuresInfo']));
  });
});

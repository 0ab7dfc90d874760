// Rows reachable by keyboard (#21) in Chromium: Tab reaches a customer row, Enter opens it.
import { describe, expect, test, vi } from 'vitest';
import { POLL, waitForIdle } from './helpers/browser';
import { uiFixture } from './helpers/ui-fixture';

vi.setConfig({ expect: { poll: POLL } });

const ui = uiFixture('SUPPORT', { customers: 5 });

describe('as SUPPORT', () => {
  test('Tab reaches the first customer row and Enter opens that customer', async () => {
    await ui.session.openList('Customer');
    const first = ui.session.page.locator('tbody tr').first();
    await first.waitFor();
    await waitForIdle(ui.session.page);
    const number = (await first.locator('td.column-customerNumber').innerText()).trim();
    await ui.session.page.locator('thead').first().click({ position: { x: 2, y: 2 } });
    let onRow = false;
    for (let i = 0; i < 80 && !onRow; i++) {
      await ui.session.page.keyboard.press('Tab');
      onRow = await ui.session.page.evaluate(() => document.activeElement?.tagName === 'TR' && !!document.activeElement.closest('tbody'));
    }
    expect(onRow).toBe(true);
    expect(await ui.session.page.evaluate(() => (document.activeElement as HTMLElement).querySelector('td.column-customerNumber')?.textContent?.trim())).toBe(number);
    await ui.session.page.keyboard.press('Enter');
    await ui.session.page.waitForURL(/\/Customer\/\d+(\/show)?$/);
    await expect.poll(() => ui.session.page.locator('main').innerText()).toContain(number);
  });
});

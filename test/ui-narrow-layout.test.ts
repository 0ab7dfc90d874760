// Usable at 1024 px (#21) in Chromium as PRIVACY_MANAGER: the menu starts folded, and the trail, change history,
// complaints and policy pages do not scroll sideways (a wide table scrolls inside its own box).
import { describe, expect, test, vi } from 'vitest';
import { POLL, screenshot, waitForIdle } from './helpers/browser';
import { uiFixture } from './helpers/ui-fixture';

vi.setConfig({ expect: { poll: POLL } });

const ui = uiFixture('PRIVACY_MANAGER', { customers: 5, afterLogin: (pm) => pm.page.setViewportSize({ width: 1024, height: 768 }) });

describe('as PRIVACY_MANAGER at 1024 × 768', () => {
  test('the menu is folded to its icons', async () => {
    await ui.session.openList('AccessEvent');
    await waitForIdle(ui.session.page);
    await expect.poll(() => ui.session.page.locator('.RaSidebar-fixed').evaluate((el) => el.getBoundingClientRect().width)).toBeLessThan(100);
  });

  for (const [name, route] of [['trail', '/AccessEvent'], ['changes', '/ChangeEvent'], ['complaints', '/Complaint'], ['policy', '/policy']]) {
    test(`${name} (${route}) does not scroll sideways`, async () => {
      await ui.session.open(route);
      await ui.session.page.locator('main').waitFor();
      await waitForIdle(ui.session.page);
      const overflow = await ui.session.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await screenshot(ui.session.page, `narrow-${name}`);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});

// Usable at 1024 px (#21) in Chromium as PRIVACY_MANAGER: the menu starts folded, and the trail, change history,
// complaints and policy pages do not scroll sideways (a wide table scrolls inside its own box).
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
  [s, browser] = await Promise.all([startTestServer({ customers: 5 }), launchBrowser()]);
  pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
  await pm.page.setViewportSize({ width: 1024, height: 768 });
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('as PRIVACY_MANAGER at 1024 × 768', () => {
  test('the menu is folded to its icons', async () => {
    await pm.openList('AccessEvent');
    await waitForIdle(pm.page);
    await expect.poll(() => pm.page.locator('.RaSidebar-fixed').evaluate((el) => el.getBoundingClientRect().width)).toBeLessThan(100);
  });

  for (const [name, route] of [['trail', '/AccessEvent'], ['changes', '/ChangeEvent'], ['complaints', '/Complaint'], ['policy', '/policy']]) {
    test(`${name} (${route}) does not scroll sideways`, async () => {
      await pm.open(route);
      await pm.page.locator('main').waitFor();
      await waitForIdle(pm.page);
      const overflow = await pm.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await screenshot(pm.page, `narrow-${name}`);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});

// Rows reachable by keyboard (#21) in Chromium: Tab reaches a customer row, Enter opens it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureUiBuilt, launchBrowser, loginAs, POLL, waitForIdle, type UiSession } from './helpers/browser';
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
  test('Tab reaches the first customer row and Enter opens that customer', async () => {
    await support.openList('Customer');
    const first = support.page.locator('tbody tr').first();
    await first.waitFor();
    await waitForIdle(support.page);
    const number = (await first.locator('td.column-customerNumber').innerText()).trim();
    await support.page.locator('thead').first().click({ position: { x: 2, y: 2 } });
    let onRow = false;
    for (let i = 0; i < 80 && !onRow; i++) {
      await support.page.keyboard.press('Tab');
      onRow = await support.page.evaluate(() => document.activeElement?.tagName === 'TR' && !!document.activeElement.closest('tbody'));
    }
    expect(onRow).toBe(true);
    expect(await support.page.evaluate(() => (document.activeElement as HTMLElement).querySelector('td.column-customerNumber')?.textContent?.trim())).toBe(number);
    await support.page.keyboard.press('Enter');
    await support.page.waitForURL(/\/Customer\/\d+(\/show)?$/);
    await expect.poll(() => support.page.locator('main').innerText()).toContain(number);
  });
});

// Honest masking signals (#21) in Chromium: the lock only on values masked or withheld, its tooltip saying which;
// a field the policy keeps whole (都道府県 under a purpose that masks the address) is listed masked but has no lock.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureUiBuilt, launchBrowser, loginAs, pickPurpose, POLL, screenshot, waitForIdle, type UiSession } from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let support: UiSession;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 8 }), launchBrowser()]);
  support = await loginAs(browser, s, 'SUPPORT');
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('as SUPPORT under FAMILY_INQUIRY (address and phone masked)', () => {
  test('the prefecture, kept whole by the policy, has no lock; the partly masked phone has one saying so', async () => {
    const api = await s.asRole('SUPPORT', 'FAMILY_INQUIRY');
    const served = await api('{ allCustomers(perPage: 1, sortField: "createdAt", sortOrder: "DESC") { id prefecture phone maskedFields } }');
    expect(served.data.allCustomers[0].maskedFields).toEqual(expect.arrayContaining(['prefecture', 'phone']));

    await support.openList('Customer');
    await pickPurpose(support.page, 'FAMILY_INQUIRY');
    await support.openList('Customer');
    const row = support.page.locator('tbody tr').first();
    await row.waitFor();
    await waitForIdle(support.page);
    const prefecture = row.locator('td.column-prefecture');
    expect((await prefecture.innerText()).trim()).not.toBe('');
    expect(await prefecture.locator('[data-masked="true"]').count()).toBe(0);
    const phone = row.locator('td.column-phone [data-masked="true"]');
    expect(await phone.getAttribute('data-mask')).toBe('partial');
    expect(await phone.getAttribute('aria-label')).toContain('一部を伏せて表示');
    await screenshot(support.page, 'mask-signals');
  });
});

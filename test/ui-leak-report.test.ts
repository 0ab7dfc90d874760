// The leak report (施行規則第8条) from the incident's page in headless Chromium: the report's items and the print view.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureUiBuilt, launchBrowser, loginAs, POLL, screenshot, type UiSession } from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let pm: UiSession;
let id: string;
beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 10 }), launchBrowser()]);
  const api = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const r = await api(`mutation($at: DateTimeISO!) { createLeakIncident(title: "委託先からの顧客名簿の流出", discoveredAt: $at, peopleAffected: 1200,
    dataCategories: ["contact.name", "contact.address"], cause: "委託先の設定誤り", prevention: "委託先の定期点検") { id } }`, { at: new Date().toISOString() });
  id = r.data.createLeakIncident.id;
  pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('漏えい等報告', () => {
  test('the incident shows the report\'s items, and 速報を印刷 opens the printable report', async () => {
    await pm.open(`/LeakIncident/${id}/show`);
    await pm.page.getByTestId('leak-report-buttons').waitFor();
    const page = await pm.page.locator('main').innerText();
    expect(page).toContain('委託先の設定誤り');
    expect(page).toContain('再発防止のための措置');
    const [report] = await Promise.all([pm.context.waitForEvent('page'), pm.page.getByRole('button', { name: '速報を印刷' }).click()]);
    await expect.poll(async () => (await report.content()).includes('四 原因')).toBe(true);
    const text = await report.locator('body').innerText();
    expect(text).toContain('個人データの漏えい等の報告(速報)');
    expect(text).toContain('1,000人を超える漏えい等');
    await screenshot(report, 'pm-leak-report');
  });
});

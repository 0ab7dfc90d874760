// Statistics (purpose 10) as MARKETING, in headless Chromium against the real server: the k-anonymous
// aggregates as a bar chart, small groups marked 秘匿, exactly as the API serves them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { currentPurpose, ensureUiBuilt, launchBrowser, loginAs, POLL, screenshot, waitForIdle, type UiSession } from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let marketing: UiSession;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 300 }), launchBrowser()]);
  marketing = await loginAs(browser, s, 'MARKETING');
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

interface Cell { prefecture: string | null; customers: number | null; suppressed: boolean }

describe('as MARKETING', () => {
  test('the statistics page asks for purpose 10 first, and switches to it', async () => {
    expect(await currentPurpose(marketing.page)).toBe('PROMOTION');
    await marketing.page.locator('.RaMenuItemLink-root', { hasText: '統計' }).click();
    const notice = marketing.page.getByTestId('statistics-purpose');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('統計データ作成');
    expect(await marketing.page.getByTestId('statistics-chart').count()).toBe(0);
    await marketing.page.getByRole('button', { name: '「統計データ作成」に切り替える' }).click();
    await marketing.page.getByTestId('statistics-chart').waitFor();
    expect(await currentPurpose(marketing.page)).toBe('STATISTICS');
  });

  test('under STATISTICS, customers by prefecture are drawn bar by bar as served, largest first, suppressed groups marked 秘匿', async () => {
    await marketing.open('/statistics');
    await marketing.page.getByTestId('statistics-dimension').click();
    await marketing.page.getByRole('option', { name: '都道府県' }).click();
    await expect.poll(() => marketing.page.locator('[data-testid="statistics-bar"][data-label="東京都"]').count()).toBe(1);
    await waitForIdle(marketing.page);

    const api = await s.asRole('MARKETING', 'STATISTICS');
    const served = await api('{ statistics(groupBy: [PREFECTURE], metrics: [CUSTOMERS]) { k suppressedCells cells { prefecture customers suppressed } } }');
    expect(served.errors).toBeUndefined();
    const { cells, suppressedCells, k } = served.data.statistics as { cells: Cell[]; suppressedCells: number; k: number };
    expect(suppressedCells).toBeGreaterThan(0);
    expect(cells.some((c) => !c.suppressed)).toBe(true);

    const bars = await marketing.page.getByTestId('statistics-bar').evaluateAll((gs) => gs.map((g) => ({
      label: g.getAttribute('data-label'), suppressed: g.getAttribute('data-suppressed') === 'true',
      value: g.querySelector('[data-testid="statistics-value"]')?.textContent,
    })));
    const byLabel = (a: { label: string | null }, b: { label: string | null }) => a.label!.localeCompare(b.label!);
    expect([...bars].sort(byLabel)).toEqual(cells.map((c) => ({
      label: c.prefecture, suppressed: c.suppressed, value: c.suppressed ? '秘匿' : c.customers!.toLocaleString('ja-JP'),
    })).sort(byLabel));
    // Largest groups first, the suppressed ones after them all.
    const shown = bars.map((b) => (b.suppressed ? -1 : Number(b.value!.replace(/,/g, ''))));
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    expect(bars.filter((b) => b.suppressed)).toHaveLength(suppressedCells);
    expect(await marketing.page.getByTestId('statistics-suppression').innerText())
      .toContain(`${k} 人未満のグループ`);
    // No bar of a suppressed group hints at its size: every such bar is the same stub.
    const widths = await marketing.page.locator('[data-testid="statistics-bar"][data-suppressed="true"] rect')
      .evaluateAll((rects) => [...new Set(rects.map((r) => r.getAttribute('width')))]);
    expect(widths).toHaveLength(1);
    await screenshot(marketing.page, 'marketing-statistics-prefecture');
  });

  test('revenue by age band is drawn in yen', async () => {
    await marketing.open('/statistics');
    await marketing.page.getByTestId('statistics-dimension').click();
    await marketing.page.getByRole('option', { name: '年代' }).click();
    await marketing.page.getByTestId('statistics-metric').click();
    await marketing.page.getByRole('option', { name: '売上' }).click();
    await expect.poll(() => marketing.page.locator('svg[aria-label="売上 × 年代"]').count()).toBe(1);
    expect(await marketing.page.getByTestId('statistics-value').allTextContents()).toContainEqual(expect.stringMatching(/^¥[\d,]+$/));
    await waitForIdle(marketing.page);
    const labels = await marketing.page.getByTestId('statistics-bar').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-label')));
    const order = ['20歳未満', '20代', '30代', '40代', '50代', '60代', '70歳以上', '不明'];
    expect(labels.every((l) => order.includes(l!))).toBe(true);
    expect(labels).toEqual([...labels].sort((a, b) => order.indexOf(a!) - order.indexOf(b!)));
    await screenshot(marketing.page, 'marketing-statistics-revenue');
  });
});

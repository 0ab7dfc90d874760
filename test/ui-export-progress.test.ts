// A long CSV export as PRIVACY_MANAGER: paged 500 at a time with a progress dialog, and cancellable.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  ensureUiBuilt, launchBrowser, loginAs, parseCsv, POLL, screenshot, startExport, type UiSession,
} from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let pm: UiSession;
/** The variables of each export page request (the screen's own pages of 10 are not counted). */
let exportPages: Array<{ page: number; perPage: number }>;
/** How long each export page request is held back before it reaches the server. */
let holdBack = 0;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 1_200 }), launchBrowser()]);
  pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
  // A page of 500 customers in clear takes the server a second or more (masking, 500 trail entries).
  await pm.page.route('**/graphql', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}');
    if (String(body.query).includes('allCustomers') && body.variables?.perPage === 500) {
      exportPages.push(body.variables);
      await sleep(holdBack);
    }
    await route.continue().catch(() => undefined); // an aborted request cannot be continued
  });
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const progressText = () => pm.page.getByTestId('export-progress').innerText();
const slow = { timeout: 90_000 };

describe('as PRIVACY_MANAGER exporting 1,200 customers', () => {
  test('the export reads three pages of 500, shows how far it got, then downloads every row once', async () => {
    exportPages = [];
    // Each page is held back a little so every step of the progress stays on screen long enough to be read.
    holdBack = 1_000;
    const { count: total } = (await (await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION'))(
      '{ _allCustomersMeta { count } }')).data._allCustomersMeta;
    expect(total).toBeGreaterThan(1_000);
    await pm.openList('Customer');
    const downloading = pm.page.waitForEvent('download', { timeout: 200_000 });
    await startExport(pm.page, '全顧客の棚卸し');
    const bar = pm.page.getByTestId('export-progress').getByRole('progressbar');
    expect(await bar.getAttribute('aria-valuenow')).toBeNull(); // indeterminate until the first page is in
    await expect.poll(progressText, slow).toContain(`500 / ${total.toLocaleString('ja-JP')} 件`);
    expect(Number(await bar.getAttribute('aria-valuenow'))).toBe(Math.round((100 * 500) / total));
    await screenshot(pm.page, 'privacy-manager-export-progress');
    await expect.poll(progressText, slow).toContain(`1,000 / ${total.toLocaleString('ja-JP')} 件`);
    const download = await downloading;
    await pm.page.getByTestId('export-progress').waitFor({ state: 'detached' });

    expect(exportPages.map((v) => [v.page, v.perPage])).toEqual([[0, 500], [1, 500], [2, 500]]);
    const [header, ...lines] = parseCsv((await readFile(await download.path())).subarray(3).toString('utf8'));
    const numbers = lines.map((line) => line[header.indexOf('顧客番号')]);
    expect(numbers).toHaveLength(total);
    expect(new Set(numbers).size).toBe(total);
    await pm.page.getByText(`${total} 件を CSV に書き出しました`).waitFor();
    // Three pages of 500 customers in clear, each with 500 trail entries: slow when the whole suite shares 2 cores.
  }, 240_000);

  test('キャンセル stops the export: no page is asked for after it, and no file is written', async () => {
    exportPages = [];
    holdBack = 1_500;
    await pm.openList('Customer');
    let downloaded = false;
    pm.page.once('download', () => { downloaded = true; });
    await startExport(pm.page, '全顧客の棚卸し');
    await pm.page.getByTestId('export-progress').waitFor();
    await pm.page.getByRole('button', { name: 'キャンセル' }).click();
    const requestedBeforeCancel = exportPages.length;
    await pm.page.getByTestId('export-progress').waitFor({ state: 'detached' });
    await sleep(3_000);
    expect(downloaded).toBe(false);
    expect(requestedBeforeCancel).toBe(1);
    expect(exportPages).toHaveLength(requestedBeforeCancel);
    holdBack = 0;
  });
});

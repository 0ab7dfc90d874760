// The disclosure file as PRIVACY_MANAGER in Chromium (#21): a reload before the download loses the link but not the
// request — still 対応中, the file made again with a reason — and the download completes it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureUiBuilt, launchBrowser, loginAs, POLL, screenshot, type UiSession } from './helpers/browser';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let pm: UiSession;
let api: GqlClient;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 5 }), launchBrowser()]);
  api = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('as PRIVACY_MANAGER', () => {
  test('a reload before the download keeps the request 対応中; the file is made again with a reason, and the download completes it', async () => {
    const { rows: [person] } = await s.sql.query(`select id from customer where status = 'ACTIVE' order by id limit 1`);
    const made = await api('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id } }', { c: String(person.id) });
    const id = made.data.createPrivacyRequest.id;
    await api('mutation($id: ID!) { updatePrivacyRequest(id: $id, identityCheck: ID_DOCUMENT_COPY, status: IN_PROGRESS) { id } }', { id });

    await pm.open(`/PrivacyRequest/${id}/show`);
    await pm.page.getByRole('button', { name: '開示ファイルを作成する' }).click();
    await pm.page.getByTestId('disclosure-download').waitFor();
    const status = async () => (await s.sql.query('select status from privacy_request where id = $1', [id])).rows[0].status;
    expect(await status()).toBe('IN_PROGRESS');

    await pm.page.reload();
    const remake = pm.page.getByRole('button', { name: '開示ファイルを作り直す' });
    await remake.waitFor();
    expect(await pm.page.getByTestId('fulfilment-panel').innerText()).toContain('まだダウンロードされていません');
    expect(await pm.page.getByTestId('disclosure-download').count()).toBe(0);
    expect(await remake.isDisabled()).toBe(true);
    await pm.page.getByTestId('remake-reason').fill('再読み込みでリンクを失ったため');
    await screenshot(pm.page, 'pm-disclosure-remake');
    await remake.click();
    const panel = pm.page.getByTestId('disclosure-download');
    await panel.waitFor();
    const { rows: links } = await s.sql.query(`select expires_at <= now() as revoked from disclosure_download where privacy_request_id = $1 order by id`, [id]);
    expect(links.map((l) => l.revoked)).toEqual([true, false]);
    expect(await status()).toBe('IN_PROGRESS');

    const downloading = pm.page.waitForEvent('download');
    await pm.page.getByRole('button', { name: 'ダウンロード（1回限り）' }).click();
    await downloading;
    await expect.poll(() => panel.getAttribute('data-state')).toBe('done');
    await expect.poll(status).toBe('COMPLETED');
    await pm.page.getByTestId('outcome-section').waitFor();
    expect(await pm.page.getByTestId('fulfilment-panel').count()).toBe(0);
  });
});

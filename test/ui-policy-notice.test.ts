// The public notice page (#23 item 5) in headless Chromium against the real server: after a version changing a
// purpose and a contractor's purposes is published, the privacy manager sees the notice published now (version 2),
// the history of notices (versions 2 and 1) and the difference between them, item by item; a role without the
// power is refused the page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { PolicyDocument } from '../schema/policy';
import { describeViolations, seriousViolations } from './helpers/axe';
import { ensureUiBuilt, launchBrowser, loginAs, POLL, screenshot, waitForIdle, type UiSession } from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let pm: UiSession;
const OLD = 'アンケートや各種イベント等のお知らせ';
const NEW = 'アンケート・イベントのご案内と結果のお知らせ';

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 4 }), launchBrowser()]);
  // Version 2, published through the API by two persons (the publication's own UI is tested in ui-policy-publication).
  const api = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
  const v1 = (await api('{ policyVersions(state: PUBLISHED) { id } }')).data.policyVersions[0].id as string;
  const d = (await api('mutation($f: ID!) { createPolicyDraft(fromVersion: $f) { id document } }', { f: v1 })).data.createPolicyDraft;
  const doc = d.document as PolicyDocument;
  doc.purposes.SURVEY_EVENT.ja = NEW;
  doc.roles.MAILING_HOUSE.purposes = ['PROMOTION', 'SURVEY_EVENT'];
  expect((await api('mutation($id: ID!, $d: JSONObject!) { updatePolicyDraft(id: $id, document: $d) { id } }', { id: d.id, d: doc })).errors).toBeUndefined();
  expect((await api('mutation($id: ID!) { requestPolicyPublication(id: $id, reason: "文言の見直し") { id } }', { id: d.id })).errors).toBeUndefined();
  expect((await auditor('mutation($id: ID!) { approvePolicyPublication(id: $id, reason: "確認済み") { number } }', { id: d.id })).data
    .approvePolicyPublication.number).toBe(2);
  pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
  await pm.page.setViewportSize({ width: 1024, height: 768 });
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('公表事項 as the privacy manager, at 1024 px', () => {
  test('opened from the versions page: the notice of version 2, and the history of two notices', async () => {
    await pm.open('/policy-versions');
    await pm.page.getByTestId('open-notices').click();
    await pm.page.waitForURL(/#\/privacy-notices$/);
    const now = pm.page.getByTestId('notice-current');
    await now.waitFor();
    expect(await now.getAttribute('data-version')).toBe('2');
    const purposes = await now.locator('[data-testid="notice-section"][data-section="purposes"]').innerText();
    expect(purposes).toContain(`(6) ${NEW}`);
    expect(purposes).not.toContain(OLD);
    expect(await now.locator('[data-section="recipients"]').innerText()).toContain('共同利用: 行っていません');
    const rows = pm.page.getByTestId('notice-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.evaluateAll((r) => r.map((x) => [x.getAttribute('data-version'), x.getAttribute('data-cause')]))).toEqual([['2', 'PUBLICATION'], ['1', 'START']]);
    expect(await rows.first().innerText()).toContain('第2版');
    expect(await rows.first().innerText()).toContain('公表中');
    expect(await pm.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  });

  test('the difference between version 1 and version 2: the purpose and the mailing house, removed and added', async () => {
    const purposes = pm.page.locator('[data-testid="notice-diff-section"][data-section="purposes"]');
    await purposes.waitFor();
    expect(await purposes.getByTestId('notice-removed').allInnerTexts()).toEqual([expect.stringContaining(`(6) ${OLD}`)]);
    expect(await purposes.getByTestId('notice-added').allInnerTexts()).toEqual([expect.stringContaining(`(6) ${NEW}`)]);
    const recipients = pm.page.locator('[data-testid="notice-diff-section"][data-section="recipients"]');
    expect(await recipients.getByTestId('notice-removed').innerText()).toContain('新商品・新サービスのお知らせ');
    expect(await recipients.getByTestId('notice-added').innerText()).not.toContain('新商品');
    // Sections that did not change are not listed.
    expect(await pm.page.locator('[data-testid="notice-diff-section"][data-section="fees"]').count()).toBe(0);
    await screenshot(pm.page, 'pm-privacy-notices');
    await waitForIdle(pm.page);
    const found = await seriousViolations(pm.page);
    expect(found, describeViolations(found)).toEqual([]);
  });

  test('comparing a notice with itself shows no difference', async () => {
    await pm.page.getByTestId('notice-older').locator('[role="combobox"]').click();
    await pm.page.getByRole('option', { name: /^第2版/ }).click();
    await pm.page.getByTestId('notice-diff').getByText('本文に違いはありません').waitFor();
    expect(await pm.page.getByTestId('notice-diff-section').count()).toBe(0);
  });
});

test('a role without the power is refused the page', async () => {
  const support = await loginAs(browser, s, 'SUPPORT');
  await support.open('/privacy-notices');
  await support.page.getByTestId('page-refused').waitFor();
  expect(await support.page.getByTestId('notice-current').count()).toBe(0);
  await support.context.close();
});

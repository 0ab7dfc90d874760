// The policy editor (#23 item 2) in headless Chromium against the real server: the privacy manager copies the
// version in force into a draft, changes a cell by keyboard, saves, sees it marked and in the diff; a draft
// giving a contractor a purpose its agreement lacks is refused at that checkbox and nothing is saved; the
// auditor sees the versions but edits nothing; a role without the power is not offered the page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { describeViolations, seriousViolations } from './helpers/axe';
import { ensureUiBuilt, launchBrowser, loginAs, POLL, screenshot, waitForIdle, type UiSession } from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let pm: UiSession;
let draftId = '';
const CELL = 'cell-SUPPORT-INQUIRY_RESPONSE-demographic.birthdate';
const PATH = 'matrix.INQUIRY_RESPONSE.demographic.birthdate';

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

async function storedDraft(id: string) {
  const api = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const r = await api('query($id: ID!) { policyVersion(id: $id) { document } }', { id });
  expect(r.errors).toBeUndefined();
  return r.data.policyVersion.document as { matrix: Record<string, Record<string, string>>; roles: Record<string, { purposes: string[] }> };
}

describe('as the privacy manager, at 1024 px', () => {
  test('the versions list shows version 1 in force, and 下書きを作成 opens a copy of it', async () => {
    await pm.page.locator('.RaMenuItemLink-root', { hasText: 'ポリシー版' }).click();
    const row = pm.page.getByTestId('policy-version-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.first().innerText()).toContain('第1版');
    expect(await row.first().getByTestId('in-force').innerText()).toBe('施行中');
    expect(await row.first().innerText()).toContain('公開');
    await pm.page.getByRole('button', { name: '下書きを作成' }).click();
    await pm.page.waitForURL(/#\/policy-versions\/\d+$/);
    draftId = /policy-versions\/(\d+)$/.exec(pm.page.url())![1];
    await pm.page.getByTestId(CELL).waitFor();
    expect(await pm.page.getByTestId(CELL).getAttribute('data-changed')).toBe('false');
    // The grid scrolls inside its own box: the page itself fits 1024 px.
    expect(await pm.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  });

  test('a cell changed by keyboard and saved is stored, marked as changed, and listed in the diff', async () => {
    const cell = pm.page.getByTestId(CELL);
    expect(await cell.getAttribute('data-setting')).toBe('MASKED');
    await cell.locator('button').focus();
    await pm.page.keyboard.press('Enter');
    expect(await cell.getAttribute('data-setting')).toBe('HIDDEN');
    expect(await cell.getAttribute('data-changed')).toBe('true');
    expect(await cell.locator('button').getAttribute('aria-label')).toContain('公開中の版から変更');
    expect((await storedDraft(draftId)).matrix.INQUIRY_RESPONSE['demographic.birthdate']).toBe('MASKED');
    await pm.page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => pm.page.getByTestId('unsaved').count()).toBe(0);
    expect((await storedDraft(draftId)).matrix.INQUIRY_RESPONSE['demographic.birthdate']).toBe('HIDDEN');

    await pm.open(`/policy-versions/${draftId}`);
    await expect.poll(() => pm.page.getByTestId(CELL).getAttribute('data-changed')).toBe('true');
    await screenshot(pm.page, 'pm-policy-draft-grid');
    await waitForIdle(pm.page);
    const onGrid = await seriousViolations(pm.page);
    expect(onGrid, describeViolations(onGrid)).toEqual([]);
    await pm.page.getByRole('tab', { name: '差分' }).click();
    const line = pm.page.locator(`[data-testid="diff-line"][data-path="${PATH}"]`);
    await line.waitFor();
    expect((await line.innerText()).length).toBeGreaterThan(0);
    const changed = pm.page.locator('[data-testid="diff-cell"][data-role="SUPPORT"][data-purpose="INQUIRY_RESPONSE"][data-category="demographic.birthdate"]');
    expect(await changed.innerText()).toMatch(/カスタマーサポート.*ご意見やお問合せに対する回答.*生年月日.*マスク.*→.*非表示/s);
    await screenshot(pm.page, 'pm-policy-draft-diff');
    const onDiff = await seriousViolations(pm.page);
    expect(onDiff, describeViolations(onDiff)).toEqual([]);
  });

  test('giving a contractor a purpose its agreement lacks is refused at that checkbox, and nothing is saved', async () => {
    const before = await storedDraft(draftId);
    await pm.page.getByRole('tab', { name: 'ロールと目的' }).click();
    await pm.page.locator('[data-testid="purpose-CARRIER-PROMOTION"] input').check();
    await pm.page.getByRole('button', { name: '保存' }).click();
    const problem = pm.page.getByTestId('problem-roles.CARRIER.purposes.PROMOTION');
    await problem.waitFor();
    expect(await problem.innerText()).toBe('委託先の契約にない目的は与えられません');
    expect(await pm.page.getByTestId('draft-problems').innerText()).toContain('配送業者(委託先)');
    expect(await pm.page.getByTestId('unsaved').count()).toBe(1);
    expect(await storedDraft(draftId)).toEqual(before);
    expect(before.roles.CARRIER.purposes).toEqual(['SHIPPING']);
    await screenshot(pm.page, 'pm-policy-draft-refused');
  });
});

describe('as the auditor', () => {
  test('sees the versions and the draft, but is offered no edit', async () => {
    const auditor = await loginAs(browser, s, 'AUDITOR');
    await auditor.page.locator('.RaMenuItemLink-root', { hasText: 'ポリシー版' }).click();
    await expect.poll(() => auditor.page.getByTestId('policy-version-row').count()).toBe(2);
    expect(await auditor.page.getByRole('button', { name: '下書きを作成' }).count()).toBe(0);
    await auditor.open(`/policy-versions/${draftId}`);
    const cell = auditor.page.getByTestId(CELL);
    await cell.waitFor();
    expect(await cell.getAttribute('data-setting')).toBe('HIDDEN');
    expect(await cell.locator('button').count()).toBe(0);
    expect(await auditor.page.getByRole('button', { name: '保存' }).count()).toBe(0);
    await auditor.page.getByRole('tab', { name: 'ロールと目的' }).click();
    expect(await auditor.page.locator('[data-testid="purpose-CARRIER-PROMOTION"] input').isDisabled()).toBe(true);
    await waitForIdle(auditor.page);
    await auditor.context.close();
  });

  test('a role without the power has no menu entry and the page refuses', async () => {
    const support = await loginAs(browser, s, 'SUPPORT');
    await waitForIdle(support.page);
    expect(await support.page.locator('.RaMenuItemLink-root', { hasText: 'ポリシー版' }).count()).toBe(0);
    await support.open('/policy-versions');
    await support.page.getByTestId('page-refused').waitFor();
    await support.context.close();
  });
});

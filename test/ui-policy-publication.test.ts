// Two-person publication from the policy editor (#23 items 2 and 4) in headless Chromium against the real server:
// the privacy manager asks for a draft's publication with a reason (the draft freezes), the auditor — a second
// person — approves it and it is in force; the retired version 1 is restored as a new draft asked for at once.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureUiBuilt, launchBrowser, loginAs, POLL, type UiSession } from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let pm: UiSession;
let auditor: UiSession;
let draftId = '';
const CELL = 'cell-SUPPORT-INQUIRY_RESPONSE-demographic.birthdate';

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 5 }), launchBrowser()]);
  [pm, auditor] = await Promise.all([loginAs(browser, s, 'PRIVACY_MANAGER'), loginAs(browser, s, 'AUDITOR')]);
  // A draft with one changed cell, made through the API (the editor's own test makes one through the UI).
  const api = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const v1 = (await api('{ policyVersions(state: PUBLISHED) { id } }')).data.policyVersions[0].id as string;
  const draft = (await api('mutation($id: ID!) { createPolicyDraft(fromVersion: $id) { id document } }', { id: v1 })).data.createPolicyDraft;
  draftId = draft.id;
  draft.document.matrix.INQUIRY_RESPONSE['demographic.birthdate'] = 'HIDDEN';
  const saved = await api('mutation($id: ID!, $d: JSONObject!) { updatePolicyDraft(id: $id, document: $d) { id } }', { id: draftId, d: draft.document });
  expect(saved.errors).toBeUndefined();
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

async function giveReason(session: UiSession, button: string, reason: string) {
  await session.page.getByRole('button', { name: button }).first().click();
  await session.page.getByTestId('publication-reason').locator('textarea').first().fill(reason);
  await session.page.getByRole('dialog').getByRole('button', { name: button }).click();
}

describe('two-person publication', () => {
  test('the privacy manager asks for publication with a reason; the draft freezes and offers her no approval', async () => {
    await pm.open(`/policy-versions/${draftId}`);
    await pm.page.getByTestId(CELL).waitFor();
    await giveReason(pm, '公開を申請', '問い合わせ対応で生年月日は不要なため');
    await pm.page.getByTestId('publication-pending').waitFor();
    expect(await pm.page.getByTestId(CELL).locator('button').count()).toBe(0);
    expect(await pm.page.getByRole('button', { name: '公開を承認' }).count()).toBe(0);
    expect(await pm.page.getByRole('button', { name: '申請を取り下げ' }).count()).toBe(1);
    expect(await pm.page.getByTestId('version-people').innerText()).toContain('問い合わせ対応で生年月日は不要なため');
  });

  test('the auditor approves it with a reason: version 2 is in force, version 1 retired', async () => {
    await auditor.open(`/policy-versions/${draftId}`);
    await auditor.page.getByTestId('publication-pending').waitFor();
    await giveReason(auditor, '公開を承認', '差分を確認しました');
    await expect.poll(() => auditor.page.getByTestId('publication-pending').count()).toBe(0);
    await auditor.open('/policy-versions');
    const rows = auditor.page.getByTestId('policy-version-row');
    await expect.poll(() => rows.count()).toBe(2);
    const inForce = auditor.page.locator('[data-testid="policy-version-row"]', { has: auditor.page.getByTestId('in-force') });
    expect(await inForce.innerText()).toContain('第2版');
    expect(await auditor.page.locator('[data-testid="policy-version-row"][data-state="RETIRED"]').innerText()).toContain('第1版');
    const api = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
    expect((await api('{ policyVersions { number } }')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('the privacy manager restores version 1: a new draft, its publication asked for at once', async () => {
    const api = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const v1 = ((await api('{ policyVersions(state: RETIRED) { id } }')).data.policyVersions as { id: string }[])[0].id;
    await pm.open(`/policy-versions/${v1}`);
    await giveReason(pm, 'この版に戻す', '第2版の影響を確認するまで戻す');
    await pm.page.waitForURL((url) => !url.hash.endsWith(`/policy-versions/${v1}`));
    await pm.page.getByTestId('publication-pending').waitFor();
    expect(await pm.page.getByText('草案', { exact: true }).count()).toBeGreaterThan(0);
  });
});

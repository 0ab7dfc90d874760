// Two-person erasure in the admin UI (#21), in headless Chromium against the real server and database: the privacy
// manager asks for a DELETION request's erasure with a reason (no reason, no ask); the request shows 承認待ち and offers
// her only the withdrawal; a second approver, in a browser of her own, sees who asked and why, rejects one request
// (the data stays, the request is back in progress) and approves another (the customer is erased, the result shown).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { describeViolations, seriousViolations } from './helpers/axe';
import { insertAccount } from './helpers/accounts';
import { ensureUiBuilt, launchBrowser, loginAs, POLL, screenshot, waitForIdle, type UiSession } from './helpers/browser';
import { approverRole } from './helpers/erasure';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let pm: UiSession;
let second: UiSession;
let api: GqlClient;

/** A DELETION request IN_PROGRESS about an active customer no other test of this file uses. */
async function deletionInProgress(): Promise<{ id: string; customerId: number }> {
  const { rows: [c] } = await s.sql.query(`select id from customer c where status = 'ACTIVE'
    and not exists (select 1 from privacy_request r where r.customer_id = c.id) order by id limit 1`);
  const created = await api('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DELETION) { id } }', { c: String(c.id) });
  const id = created.data.createPrivacyRequest.id as string;
  const started = await api('mutation($id: ID!) { updatePrivacyRequest(id: $id, status: IN_PROGRESS, identityCheck: ID_DOCUMENT_COPY) { id } }', { id });
  expect(started.errors).toBeUndefined();
  return { id, customerId: c.id };
}

const statusOf = async (id: string) => (await s.sql.query('select status from privacy_request where id = $1', [id])).rows[0].status;
const customerStatus = async (id: number) => (await s.sql.query('select status from customer where id = $1', [id])).rows[0].status;

async function act(session: UiSession, button: string, reason: string) {
  await session.page.getByRole('button', { name: button }).click();
  const dialog = session.page.getByRole('dialog');
  // No reason, no act: the dialog's button stays disabled until one is typed.
  expect(await dialog.getByRole('button', { name: button }).isDisabled()).toBe(true);
  await session.page.getByTestId('erasure-reason').fill(reason);
  await dialog.getByRole('button', { name: button }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** The privacy manager asks, in her browser, for the erasure of request `id`. */
async function ask(id: string) {
  await pm.open(`/PrivacyRequest/${id}/show`);
  await act(pm, '削除の承認を申請する', '本人確認済み・法定保存の記録を確認');
  await pm.page.getByTestId('erasure-approval').waitFor();
}

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 12 }), launchBrowser()]);
  api = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const { role } = approverRole();
  const account = await insertAccount(s.sql, role, { name: '承認 花子' });
  [pm, second] = await Promise.all([loginAs(browser, s, 'PRIVACY_MANAGER'), loginAs(browser, s, role, account)]);
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('two-person erasure', () => {
  test('she asks with a reason: 承認待ち, nothing erased, only the withdrawal offered to her', async () => {
    const { id, customerId } = await deletionInProgress();
    await ask(id);
    expect(await statusOf(id)).toBe('AWAITING_APPROVAL');
    expect(await customerStatus(customerId)).toBe('ACTIVE');
    const panel = pm.page.getByTestId('erasure-approval');
    expect(await panel.innerText()).toContain('承認待ち');
    expect(await panel.innerText()).toContain('本人確認済み・法定保存の記録を確認');
    expect(await pm.page.getByTestId('request-workflow').innerText()).toContain('承認待ち');
    expect(await pm.page.getByRole('button', { name: '承認して削除する' }).count()).toBe(0);
    expect(await pm.page.getByRole('button', { name: '却下する' }).count()).toBe(0);
    expect(await pm.page.getByRole('button', { name: '申請を取り下げる' }).count()).toBe(1);
    // The letters still follow the request: only the receipt while it is open.
    expect(await pm.page.getByTestId('letters').innerText()).toContain('受付のお知らせ');
    expect(await pm.page.getByTestId('letters').innerText()).not.toContain('削除完了のお知らせ');
  });

  test('the second approver rejects: the data stays, the request is in progress again with the rejection shown', async () => {
    const { id, customerId } = await deletionInProgress();
    await ask(id);
    await second.open(`/PrivacyRequest/${id}/show`);
    const panel = second.page.getByTestId('erasure-approval');
    await panel.waitFor();
    expect(await panel.innerText()).toContain('本人確認済み・法定保存の記録を確認');
    expect(await second.page.getByRole('button', { name: '申請を取り下げる' }).count()).toBe(0);
    await act(second, '却下する', '保存義務の確認が不足しているため');
    await expect.poll(() => statusOf(id)).toBe('IN_PROGRESS');
    expect(await customerStatus(customerId)).toBe('ACTIVE');
    // Decided in another session: her page shows it once reloaded.
    await pm.page.reload();
    await waitForIdle(pm.page);
    const details = pm.page.getByTestId('erasure-details');
    await expect.poll(() => details.innerText()).toContain('保存義務の確認が不足しているため');
    expect(await details.innerText()).toContain('却下');
    expect(await pm.page.getByRole('button', { name: '削除の承認を申請する' }).count()).toBe(1);
  });

  test('the second approver approves: the customer is erased, the result and both people are shown', async () => {
    const { id, customerId } = await deletionInProgress();
    await ask(id);
    await second.open(`/PrivacyRequest/${id}/show`);
    await second.page.getByTestId('erasure-approval').waitFor();
    await screenshot(second.page, 'pm-erasure-awaiting-approval');
    await waitForIdle(second.page);
    const onPage = await seriousViolations(second.page);
    expect(onPage, describeViolations(onPage)).toEqual([]);
    await second.page.getByRole('button', { name: '承認して削除する' }).click();
    const dialog = second.page.getByRole('dialog');
    expect(await dialog.innerText()).toContain('取り消せません');
    // Scanned once the dialog has faded in (mid-transition colours are no contrast of the page).
    await second.page.waitForTimeout(500);
    await waitForIdle(second.page);
    const inDialog = await seriousViolations(second.page);
    expect(inDialog, describeViolations(inDialog)).toEqual([]);
    await second.page.getByTestId('erasure-reason').fill('申請内容と保存義務を確認しました');
    await dialog.getByRole('button', { name: '承認して削除する' }).click();
    const result = second.page.getByTestId('deletion-result');
    await result.waitFor();
    expect(await customerStatus(customerId)).toBe('ERASED');
    expect(await statusOf(id)).toBe('COMPLETED');
    const details = await second.page.getByTestId('erasure-details').innerText();
    expect(details).toContain('承認');
    expect(details).toContain('承認 花子');
    expect(details).toContain('申請内容と保存義務を確認しました');
    expect(await second.page.getByTestId('letters').innerText()).toContain('削除完了のお知らせ');
    await screenshot(second.page, 'pm-erasure-approved');
  });
});

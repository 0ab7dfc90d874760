// The privacy requests screens as PRIVACY_MANAGER, in headless Chromium against the real server and database:
// the queue (overdue first, in red), receiving a request, a disclosure downloaded once, a correction, a deletion.
import { execFileSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureUiBuilt, launchBrowser, loginAs, POLL, screenshot, waitForIdle, type UiSession } from './helpers/browser';
import { secondApprover } from './helpers/erasure';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';
import { openedDetail } from './helpers/trail';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let pm: UiSession;
let api: GqlClient;

const DAY = 86_400_000;
/** What MUI paints `error.main` with: the overdue red. */
const RED = 'rgb(211, 47, 47)';

/** Active customers with orders, other than those used by another test. */
async function customers(n: number): Promise<{ id: number; customer_number: string; name: string; email: string; phone: string }[]> {
  const { rows } = await s.sql.query(
    `select c.id, c.customer_number, c.name, c.email, c.phone from customer c
      where c.status = 'ACTIVE' and exists (select 1 from "order" o where o.customer_id = c.id)
        and not exists (select 1 from privacy_request r where r.customer_id = c.id)
      order by c.id limit $1`, [n]);
  return rows;
}

/** A request received `daysAgo` days ago, through the API (as the UI's form would). */
async function receive(customerId: number, kind: string, daysAgo = 0): Promise<string> {
  const r = await api(`mutation($c: ID!, $k: PrivacyRequestKind!, $at: DateTimeISO) {
    createPrivacyRequest(customerId: $c, kind: $k, receivedAt: $at) { id } }`,
  { c: String(customerId), k: kind, at: new Date(Date.now() - daysAgo * DAY).toISOString() });
  expect(r.errors).toBeUndefined();
  return r.data.createPrivacyRequest.id;
}

async function startWork(id: string): Promise<void> {
  const r = await api(`mutation($id: ID!) { updatePrivacyRequest(id: $id, identityCheck: ID_DOCUMENT_COPY, status: IN_PROGRESS) { id } }`, { id });
  expect(r.errors).toBeUndefined();
}

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 60 }), launchBrowser()]);
  api = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('as PRIVACY_MANAGER', () => {
  test('the requests queue shows the overdue request first, its due date in red with 期限超過', async () => {
    const [late] = await customers(1);
    const overdueId = await receive(late.id, 'STOP_USE', 40);
    await pm.openList('PrivacyRequest');
    await pm.page.locator('tbody tr').first().waitFor();
    const served = await api(`{ allPrivacyRequests(perPage: 10, sortField: "dueAt", sortOrder: "ASC") { id overdue } }`);
    const shownIds = (await pm.page.locator('tbody td.column-id').allInnerTexts()).map((t) => t.trim());
    expect(shownIds).toEqual(served.data.allPrivacyRequests.map((r: { id: string }) => r.id));
    expect(served.data.allPrivacyRequests[0].overdue).toBe(true);
    expect(served.data.allPrivacyRequests.map((r: { id: string }) => r.id)).toContain(overdueId);

    const first = pm.page.locator('tbody tr').first();
    const due = first.locator('td.column-dueAt [data-overdue="true"]');
    expect(await due.innerText()).toContain('期限超過');
    expect(await due.evaluate((el) => getComputedStyle(el).color)).toBe(RED);
    // Every overdue row comes before every other.
    const flags = await pm.page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('[data-overdue="true"]') !== null));
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    await screenshot(pm.page, 'pm-requests-queue');
  });

  test('receiving a disclosure request and fulfilling it gives a ZIP, downloadable once, with the person\'s data', async () => {
    const [person] = await customers(1);
    await pm.open('/PrivacyRequest/create');
    await pm.page.getByRole('combobox', { name: '顧客' }).fill(person.customer_number);
    await pm.page.getByRole('option', { name: person.customer_number }).click();
    await pm.page.getByRole('combobox', { name: '請求の種類' }).click();
    await pm.page.getByRole('option', { name: '開示', exact: true }).click();
    await pm.page.getByRole('combobox', { name: '本人確認の方法' }).click();
    await pm.page.getByRole('option', { name: '本人確認書類の写し' }).click();
    await pm.page.getByRole('listbox').waitFor({ state: 'detached' });
    await screenshot(pm.page, 'pm-request-create');
    await pm.page.getByRole('button', { name: '保存' }).click();
    await pm.page.getByTestId('request-workflow').waitFor();
    const { rows: [request] } = await s.sql.query(
      `select id, status, identity_check, due_at from privacy_request where customer_id = $1 and kind = 'DISCLOSURE'`, [person.id]);
    expect(request).toMatchObject({ status: 'RECEIVED', identity_check: 'ID_DOCUMENT_COPY' });
    expect(pm.page.url()).toContain(`/PrivacyRequest/${request.id}/show`);

    await pm.page.getByRole('button', { name: '本人確認済みとして対応を始める' }).click();
    await pm.page.getByRole('button', { name: '開示ファイルを作成する' }).click();
    const panel = pm.page.getByTestId('disclosure-download');
    await panel.waitFor();
    expect(await panel.innerText()).toContain('1回だけダウンロードできます');
    await screenshot(pm.page, 'pm-disclosure-ready');

    const downloading = pm.page.waitForEvent('download');
    await pm.page.getByRole('button', { name: 'ダウンロード（1回限り）' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`disclosure-${person.customer_number}-${new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '')}.zip`);
    const zip = await download.path();
    const listing = execFileSync('unzip', ['-l', zip], { encoding: 'utf8' });
    for (const name of ['README.txt', 'disclosure.json', '01_profile.csv', '03_orders.csv', '08_access_trail.csv']) expect(listing).toContain(name);
    const file = JSON.parse(execFileSync('unzip', ['-p', zip, 'disclosure.json'], { encoding: 'utf8' }));
    expect(file.customer).toMatchObject({ customer_number: person.customer_number, name: person.name, email: person.email, phone: person.phone });
    const { rows: orders } = await s.sql.query(`select order_number from "order" where customer_id = $1`, [person.id]);
    expect(file.orders.map((o: { order_number: string }) => o.order_number).sort()).toEqual(orders.map((o) => o.order_number).sort());

    await expect.poll(() => panel.getAttribute('data-state')).toBe('done');
    expect(await panel.innerText()).toContain('もう一度ダウンロードすることはできません');
    expect(await pm.page.getByRole('button', { name: 'ダウンロード（1回限り）' }).count()).toBe(0);
    const { rows: [taken] } = await s.sql.query(
      `select downloaded_at, file_path from disclosure_download where privacy_request_id = $1`, [request.id]);
    expect(taken.downloaded_at).not.toBeNull();
    expect(taken.file_path).toBeNull();
    expect(await pm.page.getByTestId('outcome-section').innerText()).toContain(download.suggestedFilename());
    await screenshot(pm.page, 'pm-disclosure-downloaded');
  });

  test('a correction changes the chosen field to the new value, with the request as the reason', async () => {
    const [person] = await customers(1);
    const id = await receive(person.id, 'CORRECTION');
    await startWork(id);
    await pm.open(`/PrivacyRequest/${id}/show`);
    await pm.page.getByTestId('correction-field').click();
    await pm.page.getByRole('option', { name: 'メールアドレス' }).click();
    await expect.poll(() => pm.page.getByTestId('correction-action').innerText()).toContain(person.email);
    await pm.page.getByLabel('訂正後の内容').fill('corrected.address@example.jp');
    await screenshot(pm.page, 'pm-correction');
    await pm.page.getByRole('button', { name: '訂正を実施する' }).click();
    await expect.poll(() => pm.page.getByTestId('outcome-section').innerText()).toContain('メールアドレス');
    const { rows: [after] } = await s.sql.query('select email from customer where id = $1', [person.id]);
    expect(after.email).toBe('corrected.address@example.jp');
    const { rows: [change] } = await s.sql.query(
      `select customer_id, detail from trail_entry where kind = 'CHANGE' and customer_id = $1 and detail->>'entity' = 'Customer' order by id desc limit 1`, [person.id]);
    expect((await openedDetail(s, change)).reason).toContain(`#${id}`);
  });

  test('a request moves to 本人確認中, then is refused with a reason the page shows', async () => {
    const [person] = await customers(1);
    const id = await receive(person.id, 'STOP_PROVISION');
    await pm.open(`/PrivacyRequest/${id}/show`);
    await pm.page.getByRole('button', { name: '本人確認を始める' }).click();
    await expect.poll(async () => (await s.sql.query('select status from privacy_request where id = $1', [id])).rows[0].status).toBe('VERIFYING');
    await pm.page.getByRole('button', { name: '請求を拒否する' }).click();
    await pm.page.getByRole('dialog').getByLabel('拒否の理由').fill('ご本人であることを確認できなかったため');
    await pm.page.getByRole('dialog').getByRole('button', { name: '請求を拒否する' }).click();
    await expect.poll(() => pm.page.getByTestId('request-workflow').innerText()).toContain('拒否しました。理由: ご本人であることを確認できなかったため');
    const { rows: [row] } = await s.sql.query('select status, refusal_reason from privacy_request where id = $1', [id]);
    expect(row).toEqual({ status: 'REFUSED', refusal_reason: 'ご本人であることを確認できなかったため' });
    expect(await pm.page.getByTestId('request-workflow').getByRole('button').count()).toBe(0);
  });

  test('a deletion shows what was erased, what is kept pseudonymised, why, and until when', async () => {
    const [person] = await customers(1);
    const id = await receive(person.id, 'DELETION');
    await startWork(id);
    await pm.open(`/PrivacyRequest/${id}/show`);
    // The disclosure file of the earlier request belongs to that request's page only.
    expect(await pm.page.getByTestId('disclosure-section').count()).toBe(0);
    // Two people (#21): she asks with a reason, a second approver approves (ui-erasure-approval tests that screen).
    await pm.page.getByRole('button', { name: '削除の承認を申請する' }).click();
    await pm.page.getByTestId('erasure-reason').fill('本人確認済み・保存義務を確認');
    await pm.page.getByRole('dialog').getByRole('button', { name: '削除の承認を申請する' }).click();
    await pm.page.getByTestId('erasure-approval').waitFor();
    const approved = await (await secondApprover(s))('mutation($id: ID!) { approveErasure(requestId: $id, reason: "確認しました") { requestId } }', { id });
    expect(approved.errors).toBeUndefined();
    // Decided in another session: the page shows it once reloaded.
    await pm.page.reload();
    await waitForIdle(pm.page);
    const result = pm.page.getByTestId('deletion-result');
    await result.waitFor();
    await waitForIdle(pm.page);

    const { rows: [erasure] } = await s.sql.query(
      `select pseudonym_id, to_char(retain_until, 'YYYY/MM/DD') as until from customer_erasure where customer_id = $1`, [person.id]);
    const { rows: [customer] } = await s.sql.query('select status, name from customer where id = $1', [person.id]);
    expect(customer).toMatchObject({ status: 'ERASED', name: erasure.pseudonym_id });
    const text = await result.innerText();
    expect(text).toContain(erasure.pseudonym_id);
    expect(await result.getByTestId('deletion-erased').innerText()).toContain('登録情報');
    const kept = await result.getByTestId('deletion-pseudonymised').innerText();
    expect(kept).toContain('注文');
    expect(kept).toContain('会社法第615条');
    expect(kept).toContain('法人税法');
    expect(await result.getByTestId('deletion-remainder').innerText()).toContain(erasure.until);
    await screenshot(pm.page, 'pm-deletion-result');
  });
});

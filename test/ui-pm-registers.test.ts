// The privacy manager's registers in headless Chromium against the real server: leak incidents with overdue
// reports flagged, contractors with lapsed agreements flagged, complaints answered, provision records kept.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureUiBuilt, launchBrowser, listTotal, loginAs, POLL, screenshot, waitForIdle, type UiSession } from './helpers/browser';
import { startTestServer, type GqlClient, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let pm: UiSession;
let api: GqlClient;

const DAY = 86_400_000;
const RED = 'rgb(211, 47, 47)';
const tokyoToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 40 }), launchBrowser()]);
  api = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const incident = (title: string, daysAgo: number, people: number) => api(`mutation($t: String!, $at: DateTimeISO!, $n: Int!) {
    createLeakIncident(title: $t, discoveredAt: $at, peopleAffected: $n, dataCategories: ["contact.name", "contact.email"]) { id } }`,
  { t: title, at: new Date(Date.now() - daysAgo * DAY).toISOString(), n: people });
  for (const r of [await incident('メール誤送信（報告済みでない）', 40, 1500), await incident('紙の顧客台帳の紛失', 0, 3)]) {
    expect(r.errors).toBeUndefined();
  }
  // A complaint received ten days ago, owned by the privacy manager, past its due date.
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  const { rows: [customer] } = await s.sql.query(`select id from customer where status = 'ACTIVE' order by id desc limit 1`);
  const created = await support(`mutation($c: ID!, $at: DateTimeISO!) { createInteraction(customerId: $c, kind: COMPLAINT, channel: PHONE,
    direction: INBOUND, occurredAt: $at, summary: "届いた商品が破損していたのに連絡がない") { id } }`,
  { c: String(customer.id), at: new Date(Date.now() - 10 * DAY).toISOString() });
  expect(created.errors).toBeUndefined();
  const { rows: [owner] } = await s.sql.query(`select id from staff where role = 'PRIVACY_MANAGER' order by id limit 1`);
  const handled = await api(`mutation($id: ID!, $o: ID!, $due: String!) { updateComplaint(id: $id, ownerId: $o, dueDate: $due) { id } }`,
    { id: created.data.createInteraction.id, o: String(owner.id), due: new Date(Date.now() + 9 * 3_600_000 - 3 * DAY).toISOString().slice(0, 10) });
  expect(handled.errors).toBeUndefined();
  pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('as PRIVACY_MANAGER', () => {
  test('the leak incident register lists an incident with an overdue report first, in red', async () => {
    await pm.openList('LeakIncident');
    const first = pm.page.locator('tbody tr').first();
    await first.waitFor();
    expect(await first.locator('td.column-title').innerText()).toBe('メール誤送信（報告済みでない）');
    const due = first.locator('td.column-preliminaryReportDue [data-overdue="true"]');
    expect(await due.innerText()).toContain('期限超過');
    expect(await due.evaluate((el) => getComputedStyle(el).color)).toBe(RED);
    expect(await first.locator('td.column-reportable').innerText()).toContain('1,000人超');
    const second = pm.page.locator('tbody tr').nth(1);
    expect(await second.locator('[data-overdue="true"]').count()).toBe(0);
    await screenshot(pm.page, 'pm-leak-incidents');

    // Both reports made: the incident is no longer overdue.
    await first.click();
    await pm.page.getByRole('link', { name: '編集' }).click();
    const tokyoMinute = (daysAgo: number) => new Date(Math.floor((Date.now() - daysAgo * DAY) / 60_000) * 60_000);
    const typed = (at: Date) => new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 16);
    const [preliminary, final] = [tokyoMinute(38), tokyoMinute(10)];
    await pm.page.locator('input[name="preliminaryReportedAt"]').fill(typed(preliminary));
    await pm.page.locator('input[name="finalReportedAt"]').fill(typed(final));
    await pm.page.getByRole('button', { name: '保存' }).click();
    await pm.page.getByText(`報告済み（${typed(preliminary).slice(0, 10).replace(/-/g, '/')}）`).waitFor();
    const { rows: [incident] } = await s.sql.query(
      `select preliminary_reported_at, final_reported_at from leak_incident where title = 'メール誤送信（報告済みでない）'`);
    expect(incident).toEqual({ preliminary_reported_at: preliminary, final_reported_at: final });
    await pm.openList('LeakIncident');
    await pm.page.locator('tbody tr').first().waitFor();
    expect(await pm.page.locator('tbody [data-overdue="true"]').count()).toBe(0);
  });

  test('contractors whose confidentiality agreement lapsed are flagged 契約失効, the others not', async () => {
    await pm.openList('Contractor');
    await pm.page.locator('tbody tr').first().waitFor();
    const { rows } = await s.sql.query(
      `select name, agreement_date is null or agreement_expires_at < $1::date as lapsed from contractor order by name`, [tokyoToday()]);
    expect(rows.some((r) => r.lapsed)).toBe(true);
    for (const { name, lapsed } of rows) {
      const row = pm.page.locator('tbody tr', { has: pm.page.locator('td.column-name', { hasText: name }) });
      expect(await row.locator('[data-flag="lapsed"]').count()).toBe(lapsed ? 1 : 0);
    }
    await screenshot(pm.page, 'pm-contractors');
  });

  test('the complaints desk lists open complaints with owner, due date and age, and records an answer', async () => {
    await pm.openList('Complaint', { status: 'OPEN' });
    const served = await api('{ _allComplaintsMeta(filter: { status: OPEN }) { count } }');
    expect(served.data._allComplaintsMeta.count).toBeGreaterThan(0);
    await expect.poll(() => listTotal(pm.page)).toBe(served.data._allComplaintsMeta.count);
    // Sorted by due date: the overdue one first, in red, with its owner and age.
    const first = pm.page.locator('tbody tr').first();
    expect(await first.locator('td.column-complaintDueDate [data-overdue="true"]').evaluate((el) => getComputedStyle(el).color)).toBe(RED);
    expect(await first.locator('td.column-complaintOwnerId').innerText()).toContain('伊藤 恵子');
    expect((await first.locator('td.column-complaintAgeDays').innerText()).trim()).toBe('10');
    await screenshot(pm.page, 'pm-complaints');

    await pm.page.locator('tbody tr').first().click();
    const answer = pm.page.locator('textarea[name="complaintAnswer"]');
    await answer.waitFor();
    const id = /\/Complaint\/(\d+)/.exec(pm.page.url())![1];
    await answer.fill('ご不便をおかけし申し訳ございません。配送業者と再発防止策を確認いたしました。');
    await pm.page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => pm.page.url()).toMatch(/\/Complaint(\?|$)/);
    const { rows: [row] } = await s.sql.query('select complaint_status, complaint_answer from interaction where id = $1', [id]);
    expect(row).toEqual({ complaint_status: 'ANSWERED', complaint_answer: 'ご不便をおかけし申し訳ございません。配送業者と再発防止策を確認いたしました。' });
  });

  test('a provision under a law is recorded with its basis and kept three years', async () => {
    const { rows: [customer] } = await s.sql.query(`select id, customer_number from customer where status = 'ACTIVE' order by id limit 1`);
    await pm.open('/ProvisionRecord/create');
    await pm.page.getByRole('combobox', { name: '本人（顧客）' }).fill(customer.customer_number);
    await pm.page.getByRole('option', { name: customer.customer_number }).click();
    await pm.page.locator('input[name="recipientName"]').fill('警視庁 渋谷警察署');
    await pm.page.getByRole('combobox', { name: '提供した項目' }).click();
    await pm.page.getByRole('option', { name: '氏名・フリガナ' }).click();
    await pm.page.keyboard.press('Escape');
    await pm.page.getByRole('combobox', { name: '提供の根拠' }).click();
    await pm.page.getByRole('option', { name: '法令に基づく' }).click();
    await pm.page.locator('textarea[name="exemptionNote"]').fill('刑事訴訟法第197条第2項に基づく捜査関係事項照会');
    await pm.page.getByRole('button', { name: '保存' }).click();
    await pm.page.getByText('刑事訴訟法第197条第2項').waitFor();
    await waitForIdle(pm.page);
    const { rows: [record] } = await s.sql.query(
      `select recipient_name, legal_basis, data_categories, to_char(keep_until, 'YYYY-MM-DD') as keep_until from provision_record
        where customer_id = $1 order by id desc limit 1`, [customer.id]);
    const today = tokyoToday();
    expect(record).toEqual({
      recipient_name: '警視庁 渋谷警察署', legal_basis: 'LAW', data_categories: ['contact.name'],
      keep_until: `${Number(today.slice(0, 4)) + 3}${today.slice(4)}`,
    });
    await screenshot(pm.page, 'pm-provision-record');
  });
});

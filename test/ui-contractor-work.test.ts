// Work handed to contractors, in headless Chromium against the real server: the privacy manager sees which order
// is with which collection agency and which mailing with which mailing house (Japanese labels); accounting recalls
// a case and marketing hands a mailing over from the lists; a collection agency sees only its own cases.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureUiBuilt, launchBrowser, listTotal, loginAs, pickPurpose, POLL, screenshot, waitForIdle } from './helpers/browser';
import { contractorOf } from './helpers/policy';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 60 }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const count = async (sql: string, params: unknown[] = []) => (await s.sql.query(sql, params)).rows[0].n as number;

describe('as PRIVACY_MANAGER under PRIVACY_ADMINISTRATION', () => {
  test('the collection cases list every open case, with its agency and order, labelled in Japanese', async () => {
    const pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
    await pickPurpose(pm.page, 'PRIVACY_ADMINISTRATION');
    await pm.openList('CollectionCase', { open: true });
    await expect.poll(() => listTotal(pm.page)).toBe(await count('select count(*)::int as n from collection_case where closed_at is null'));
    const header = await pm.page.locator('thead').innerText();
    for (const label of ['注文', '債権回収会社', '委託日時', '終了の理由']) expect(header).toContain(label);
    const agencies = await pm.page.locator('td.column-contractorName').allInnerTexts();
    expect(new Set(agencies)).toEqual(new Set(['あおば債権回収株式会社', 'みどり債権回収株式会社']));
    expect((await pm.page.locator('td.column-orderId').first().innerText()).trim()).toMatch(/^O\d+/);
    await screenshot(pm.page, 'pm-collection-cases');
  });

  test('the mailings list each mailing\'s purpose, recipients, mailing house and state', async () => {
    const pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
    await pm.openList('Mailing');
    await expect.poll(() => listTotal(pm.page)).toBe(await count('select count(*)::int as n from mailing'));
    const row = pm.page.locator('tbody tr', { hasText: '株式会社はやぶさメール便' });
    expect(await row.locator('td.column-status').innerText()).toBe('委託中');
    expect(await row.locator('td.column-purpose').innerText()).toBe('新商品・新サービスのお知らせ');
    // No hand-over control for the privacy manager: it supervises, it does not hand over.
    expect(await pm.page.getByRole('button', { name: '委託する' }).count()).toBe(0);
  });
});

describe('handing over and taking back from the lists', () => {
  test('as ACCOUNTING under CREDIT_MANAGEMENT a case is recalled from its row', async () => {
    const accounting = await loginAs(browser, s, 'ACCOUNTING');
    await pickPurpose(accounting.page, 'CREDIT_MANAGEMENT');
    await accounting.openList('CollectionCase', { open: true });
    const before = await count('select count(*)::int as n from collection_case where closed_at is null');
    await accounting.page.getByRole('button', { name: '委託を取り下げる' }).first().click();
    await expect.poll(() => count('select count(*)::int as n from collection_case where closed_at is null')).toBe(before - 1);
    await waitForIdle(accounting.page);
    expect(await count(`select count(*)::int as n from collection_case where close_reason = 'RECALLED'`)).toBe(1);
  });

  test('as MARKETING under PROMOTION the draft mailing is handed to a mailing house, and a provision record per recipient is kept', async () => {
    const { rows: [draft] } = await s.sql.query(`select id, (select count(*)::int from mailing_recipient where mailing_id = m.id) as n
      from mailing m where status = 'DRAFT' and purpose = 'PROMOTION'`);
    expect(draft.n).toBeGreaterThan(0);
    const marketing = await loginAs(browser, s, 'MARKETING');
    await pickPurpose(marketing.page, 'PROMOTION');
    await marketing.openList('Mailing');
    const row = marketing.page.locator('tbody tr', { hasText: '準備中' });
    await row.getByRole('combobox').click();
    await marketing.page.getByRole('option', { name: '株式会社ことぶきダイレクト' }).click();
    await row.getByRole('button', { name: '委託する' }).click();
    await expect.poll(async () => (await s.sql.query('select status from mailing where id = $1', [draft.id])).rows[0].status).toBe('HANDED_OVER');
    const house = await contractorOf(s.sql, 'MAILING_HOUSE');
    expect(await count(`select count(*)::int as n from provision_record where recipient_contractor_id = $1 and exemption_note like $2`,
      [house, `%mailing #${draft.id}`])).toBe(draft.n);
  });
});

describe('as COLLECTION_AGENCY under CREDIT_MANAGEMENT', () => {
  test('the list holds only its own agency\'s open cases', async () => {
    const agency = await loginAs(browser, s, 'COLLECTION_AGENCY');
    await pickPurpose(agency.page, 'CREDIT_MANAGEMENT');
    await agency.openList('CollectionCase');
    const own = await contractorOf(s.sql, 'COLLECTION_AGENCY');
    await expect.poll(() => listTotal(agency.page)).toBe(await count(`select count(*)::int as n from collection_case k join "order" o on o.id = k.order_id
      where k.contractor_id = $1 and k.closed_at is null and o.payment_status = 'OVERDUE'`, [own]));
    expect(new Set(await agency.page.locator('td.column-contractorName').allInnerTexts())).toEqual(new Set(['あおば債権回収株式会社']));
  });
});

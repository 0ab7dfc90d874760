// The admin UI as PRIVACY_MANAGER (個人情報保護管理者): the trails, in headless Chromium against the real server.
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ROLES } from '../schema/policy';
import {
  chooseColumns, currentPurpose, ensureUiBuilt, launchBrowser, listTotal, loginAs, parseCsv, POLL, screenshot, waitForIdle,
  startExport, type UiSession,
} from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';
import { openedDetail } from './helpers/trail';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let pm: UiSession;
/** The customer SUPPORT read and edited before the privacy manager logged in. */
let subject: { id: number; customer_number: string; phone: string };

const count = async (sql: string, params: unknown[] = []) => (await s.sql.query(sql, params)).rows[0].n as number;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 30 }), launchBrowser()]);
  // What the privacy manager will look into: reads in clear and masked, an edit with a reason, a failed login.
  ({ rows: [subject] } = await s.sql.query('select id, customer_number, phone from customer order by id limit 1 offset 1'));
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  expect((await support('query ReadFive { allCustomers(perPage: 5, sortField: "id") { id name phone email } }')).errors).toBeUndefined();
  expect((await (await s.asRole('MARKETING', 'PROMOTION'))('query Mailing { allCustomers(perPage: 5) { id name phone } }')).errors).toBeUndefined();
  const edit = await support(
    'mutation { updateCustomer(id: "' + subject.id + '", phone: "090-1111-2222", reason: "本人からの変更依頼（電話）") { id } }');
  expect(edit.errors).toBeUndefined();
  await s.gql('mutation { login(email: "support@demo.mamori.jp", password: "wrong-password") { token } }');
  pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('as PRIVACY_MANAGER', () => {
  test('logging in declares PRIVACY_ADMINISTRATION; the menu offers the three trails and customers show in clear', async () => {
    expect(await currentPurpose(pm.page)).toBe('PRIVACY_ADMINISTRATION');
    const menu = pm.page.locator('.RaSidebar-fixed, .RaMenu-root').first();
    for (const item of ['アクセス履歴', '変更履歴', 'セキュリティイベント', '表示ポリシー']) {
      await expect.poll(() => menu.getByText(item, { exact: true }).count()).toBe(1);
    }
    await pm.openList('Customer');
    await pm.page.locator('tbody tr').first().waitFor();
    expect(await pm.page.locator('tbody [data-masked="true"]').count()).toBe(0);
    const phones = await pm.page.locator('tbody td.column-phone').allInnerTexts();
    const { rows } = await s.sql.query('select phone from customer order by created_at desc limit 10');
    expect(phones.map((p) => p.trim())).toEqual(rows.map((r) => r.phone));
  });

  test('the access trail explorer narrows to SUPPORT\'s clear reads and counts what the database holds', async () => {
    await pm.openList('AccessEvent');
    await pm.page.getByLabel('表示された読み取りのみ').check();
    await expect.poll(() => pm.page.url()).toContain('clearOnly'); // filters apply after a debounce
    await waitForIdle(pm.page);
    await pm.page.getByRole('button', { name: '検索条件', exact: true }).click();
    await pm.page.getByRole('menuitemcheckbox', { name: '役割' }).click();
    await pm.page.getByRole('combobox', { name: '役割' }).click();
    await pm.page.getByRole('option', { name: ROLES.SUPPORT.ja }).click();
    await expect.poll(() => pm.page.url()).toContain('SUPPORT');
    const supportClear = await count(
      `select count(*)::int n from trail_entry where kind = 'ACCESS' and role = 'SUPPORT' and cardinality(clear_fields) > 0`);
    expect(supportClear).toBeGreaterThanOrEqual(5);
    await expect.poll(() => listTotal(pm.page)).toBe(supportClear);
    const roles = await pm.page.locator('tbody td.column-role').allInnerTexts();
    expect(new Set(roles.map((r) => r.trim()))).toEqual(new Set([ROLES.SUPPORT.ja]));
    await expect.poll(() => pm.page.locator('tbody td.column-fieldsRead').first().innerText()).toContain('電話番号');
    await screenshot(pm.page, 'privacy-manager-access-trail-filtered');
  });

  test('the explorer filters by customer, by staff member and by a time range entered in Tokyo time', async () => {
    await pm.openList('AccessEvent', { customerId: String(subject.id) });
    const aboutSubject = await count(`select count(*)::int n from trail_entry where kind = 'ACCESS' and customer_id = $1`, [subject.id]);
    expect(aboutSubject).toBeGreaterThanOrEqual(1);
    await expect.poll(() => listTotal(pm.page)).toBe(aboutSubject);
    await expect.poll(() => pm.page.locator('input[name="customerId"]').inputValue()).toBe(subject.customer_number);

    const { rows: [supportStaff] } = await s.sql.query(`select id, name from staff where email = 'support@demo.mamori.jp'`);
    await pm.openList('AccessEvent', { staffId: String(supportStaff.id) });
    await expect.poll(() => pm.page.locator('input[name="staffId"]').inputValue()).toBe(supportStaff.name);
    await expect.poll(() => listTotal(pm.page)).toBe(
      await count(`select count(*)::int n from trail_entry where kind = 'ACCESS' and staff_id = $1`, [supportStaff.id]));

    // MARKETING's reads, from / until the minute they happened, typed in Tokyo time: a zone slip of 9 hours finds none.
    const { rows: [read] } = await s.sql.query(`select min(at) at from trail_entry where kind = 'ACCESS' and role = 'MARKETING'`);
    const minute = Math.floor(read.at.getTime() / 60_000) * 60_000;
    const tokyoLocal = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 16);
    const marketingReads = await count(`select count(*)::int n from trail_entry where kind = 'ACCESS' and role = 'MARKETING'`);
    const addTimeFilter = async (label: string, source: string, value: string) => {
      await pm.openList('AccessEvent', { role: 'MARKETING' });
      await pm.page.getByRole('button', { name: '検索条件', exact: true }).click();
      await pm.page.getByRole('menuitemcheckbox', { name: label }).click();
      await pm.page.locator(`input[name="${source}"]`).fill(value);
      await expect.poll(() => pm.page.url()).toContain(source);
    };
    await addTimeFilter('この日時以降', 'at_gte', tokyoLocal(minute));
    await expect.poll(() => listTotal(pm.page)).toBe(marketingReads);
    await addTimeFilter('この日時以前', 'at_lte', tokyoLocal(minute - 60_000));
    await expect.poll(() => listTotal(pm.page)).toBe(0);
  });

  test('browsing and exporting the trail reads no customer\'s personal data; the file names staff and customers', async () => {
    const personalReadsByPm = () => count(
      `select count(*)::int n from trail_entry where kind = 'ACCESS' and role = 'PRIVACY_MANAGER' and customer_id is not null`);
    const before = await personalReadsByPm();
    await pm.openList('ChangeEvent');
    await pm.page.locator('tbody td.column-customerId a').first().waitFor();
    await pm.openList('AccessEvent', { role: 'SUPPORT', clearOnly: true });
    await pm.page.locator('tbody td.column-customerId a').first().waitFor();

    await chooseColumns(pm.page, ['ID']);
    const downloading = pm.page.waitForEvent('download');
    await startExport(pm.page, '監査のための抽出');
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^アクセス履歴_PRIVACY_ADMINISTRATION_\d{8}-\d{4}\.csv$/);
    const [header, ...lines] = parseCsv((await readFile(await download.path())).subarray(3).toString('utf8'));
    const { rows } = await s.sql.query(
      `select t.id, c.customer_number from trail_entry t join customer c on c.id = t.customer_id
        where t.kind = 'ACCESS' and t.role = 'SUPPORT' and cardinality(t.clear_fields) > 0 order by t.at desc, t.id desc`);
    expect(lines.map((l) => [l[header.indexOf('ID')], l[header.indexOf('顧客')]]))
      .toEqual(rows.map((r) => [String(r.id), r.customer_number]));
    for (const line of lines) {
      expect(line[header.indexOf('閲覧者')]).toBe('佐藤 美咲');
      expect(line[header.indexOf('役割')]).toBe(ROLES.SUPPORT.ja);
      expect(line[header.indexOf('表示された項目')]).toContain('電話番号');
    }
    await waitForIdle(pm.page);
    expect(await personalReadsByPm()).toBe(before);
  });

  test('チェーン検証 re-walks the whole chain and shows the head hash the database holds', async () => {
    await pm.openList('AccessEvent');
    const shownHead = pm.page.getByTestId('trail-head');
    await shownHead.waitFor();
    const [, headId, headHash] = /#(\d+).*?([0-9a-f]{64})/s.exec(await shownHead.innerText())!;
    const { rows: [head] } = await s.sql.query('select id, hash from trail_entry where id = $1', [headId]);
    expect(head.hash).toBe(headHash);
    await pm.page.getByRole('button', { name: 'チェーン検証' }).click();
    const result = pm.page.getByTestId('trail-verification');
    await expect.poll(() => result.innerText()).toContain('改ざんは見つかりませんでした');
    const checked = Number(/([\d,]+) 件を検証/.exec(await result.innerText())![1].replace(/,/g, ''));
    expect(checked).toBeGreaterThanOrEqual(Number(head.id));
    await screenshot(pm.page, 'privacy-manager-access-trail');
  });

  test('a customer\'s アクセス履歴 tab shows who read it, day by day, clear fields apart from masked ones', async () => {
    await pm.open(`/Customer/${subject.id}/show/access`);
    const entries = pm.page.getByTestId('access-timeline-entry');
    await entries.first().waitFor();
    const { rows } = await s.sql.query(
      `select role, clear_fields from trail_entry where kind = 'ACCESS' and customer_id = $1 order by at desc, id desc`, [subject.id]);
    await expect.poll(() => entries.count()).toBe(Math.min(rows.length, 50));
    const texts = await entries.allInnerTexts();
    expect(texts.some((t) => t.includes('佐藤 美咲') && t.includes(ROLES.SUPPORT.ja) && t.includes('電話番号'))).toBe(true);
    expect(await pm.page.getByTestId('access-timeline').innerText()).toContain(`全 ${rows.length} 件`);
    await screenshot(pm.page, 'privacy-manager-customer-access-timeline');
  });

  test('the change history shows SUPPORT\'s edit with its reason and the masked old → new values', async () => {
    await pm.openList('ChangeEvent', { customerId: String(subject.id) });
    const row = pm.page.locator('tbody tr', { hasText: '本人からの変更依頼（電話）' });
    await row.waitFor();
    const { rows: [change] } = await s.sql.query(
      `select customer_id, detail from trail_entry where kind = 'CHANGE' and customer_id = $1 order by id desc limit 1`, [subject.id]);
    // Stored sealed with the customer's key (#20); the screen shows them opened.
    const { oldValues, newValues } = await openedDetail(s, change);
    const changes = await row.locator('td.column-changes').innerText();
    expect(changes).toContain('電話番号');
    expect(changes).toContain(`${oldValues.phone} → ${newValues.phone}`);
    expect(changes).not.toContain(subject.phone);
    expect(changes).not.toContain('090-1111-2222');
    expect(await row.locator('td.column-staffId').innerText()).toContain('佐藤 美咲');
    await screenshot(pm.page, 'privacy-manager-change-history');
  });

  test('the security events list the failed login, filtered by kind', async () => {
    await pm.openList('SecurityEvent', { event: 'LOGIN_FAILED' });
    await expect.poll(() => listTotal(pm.page)).toBe(await count(`select count(*)::int n from trail_entry where kind = 'SECURITY' and detail->>'event' = 'LOGIN_FAILED'`));
    const row = pm.page.locator('tbody tr').first();
    expect(await row.locator('td.column-event').innerText()).toBe('ログイン失敗');
    expect(await row.locator('td.column-detail').innerText()).toContain('support@demo.mamori.jp');
    await pm.openList('SecurityEvent');
    await pm.page.locator('tbody tr').first().waitFor();
    await screenshot(pm.page, 'privacy-manager-security-events');
  });

  test('after a superuser rewrites an entry, チェーン検証 names the broken entry', async () => {
    const { rows: [victim] } = await s.sql.query(`select id from trail_record where kind = 'ACCESS' and cardinality(clear_fields) > 0 order by id limit 1 offset 2`);
    const client = await s.sql.connect();
    try {
      await client.query('set session_replication_role = replica');
      await client.query(`update trail_record set clear_fields = '{}' where id = $1`, [victim.id]);
    } finally {
      await client.query('set session_replication_role = origin');
      client.release();
    }
    await pm.openList('AccessEvent');
    await pm.page.getByRole('button', { name: 'チェーン検証' }).click();
    const result = pm.page.getByTestId('trail-verification');
    await expect.poll(() => result.innerText()).toContain(`記録 #${victim.id} でチェーンが途切れています`);
    await screenshot(pm.page, 'privacy-manager-chain-broken');
  });
});

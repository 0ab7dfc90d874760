// The home page after login (#21), in headless Chromium against the real server: each role lands on counts and
// dates of its waiting work, the tiles it is offered follow from schema/policy, and logging in reads and records
// nobody's personal data.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { dashboardTilesFor, SEED_POLICY, type RoleKey } from '../schema/policy';
import { appUrl, ensureUiBuilt, launchBrowser, loginAs, POLL, screenshot, waitForIdle } from './helpers/browser';
import { contractorOf } from './helpers/policy';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 30 }), launchBrowser()]);
  // Work that waits, in every register the tiles count: an overdue request, an overdue complaint, a leak whose
  // preliminary report is late, a lapsed agreement, an open finding due soon.
  const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const made = await Promise.all([
    pm(`mutation { createPrivacyRequest(customerId: "2", kind: DISCLOSURE) { id } }`),
    pm('mutation { createLeakIncident(title: "誤送信", discoveredAt: "2026-11-01T00:00:00Z", peopleAffected: 1200, involvesCardData: true) { id } }'),
    pm('mutation { createContractor(name: "株式会社きのう配送", services: [DELIVERY], dataCategories: ["contact.name"], agreementExpiresAt: "2026-01-31") { id } }'),
  ]);
  for (const r of made) expect(r.errors).toBeUndefined();
  await s.sql.query(`update privacy_request set due_at = current_date - 3, status = 'RECEIVED' where id = (select min(id) from privacy_request)`);
  await s.sql.query(`update interaction set complaint_due_date = current_date - 1, complaint_status = 'OPEN'
    where id = (select min(id) from interaction where kind = 'COMPLAINT')`);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const one = async (sql: string, params: unknown[] = []) => (await s.sql.query(sql, params)).rows[0];
const lastTrailId = async () => Number((await one('select coalesce(max(id), 0)::int as n from trail_entry')).n);

/** Logs in as `role` and waits for the home page and its tiles (or its "nothing to watch" line). */
async function landOnHome(role: RoleKey): Promise<Page> {
  const { page } = await loginAs(browser, s, role);
  await page.getByTestId('home-dashboard').waitFor();
  await page.getByTestId('home-dashboard').locator('[data-testid^="tile-"], .MuiAlert-root').first().waitFor();
  await waitForIdle(page);
  return page;
}

const tileKeys = async (page: Page) =>
  (await page.locator('article[data-testid^="tile-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).map((t) => t?.slice(5));

describe('as PRIVACY_MANAGER', () => {
  test('login lands on the home page; no personal data is read or recorded on the way', async () => {
    const before = await lastTrailId();
    const page = await landOnHome('PRIVACY_MANAGER');
    expect(new URL(page.url()).hash).toBe('#/');
    expect(await tileKeys(page)).toEqual(['privacyRequests', 'complaints', 'leakReports', 'contractorAgreements', 'auditFindings']);
    const { rows } = await s.sql.query(`select kind, operation, customer_id, clear_fields, masked_fields from trail_entry where id > $1`, [before]);
    expect(rows.filter((r) => r.kind === 'ACCESS' || r.customer_id != null || r.clear_fields.length || r.masked_fields.length)).toEqual([]);
    await screenshot(page, 'home-privacy-manager');
  });

  test('each tile counts what its register holds, overdue and next due date included', async () => {
    const page = await landOnHome('PRIVACY_MANAGER');
    const requests = await one(`select count(*)::int as n, count(*) filter (where due_at < (now() at time zone 'Asia/Tokyo')::date)::int as late
      from privacy_request where status not in ('COMPLETED', 'REFUSED')`);
    expect(requests.late).toBeGreaterThan(0);
    const tile = page.getByTestId('tile-privacyRequests');
    expect(await tile.getByTestId('tile-count').innerText()).toBe(`${requests.n} 件`);
    await expect.poll(() => tile.innerText()).toContain(`期限超過 ${requests.late} 件`);

    const complaints = await one(`select count(*)::int as n from interaction where kind = 'COMPLAINT' and complaint_status = 'OPEN'`);
    expect(await page.getByTestId('tile-complaints').getByTestId('tile-count').innerText()).toBe(`${complaints.n} 件`);
    expect(await page.getByTestId('tile-complaints').innerText()).toMatch(/期限超過 \d+ 件/);

    const leak = page.getByTestId('tile-leakReports');
    expect(await leak.getByTestId('tile-count').innerText()).toBe('2 件'); // 速報 and 確報 both owed
    const late = await one(`select count(*) filter (where preliminary_report_due < (now() at time zone 'Asia/Tokyo')::date)::int
      + count(*) filter (where final_report_due < (now() at time zone 'Asia/Tokyo')::date)::int as n from leak_incident`);
    expect(late.n).toBeGreaterThan(0);
    expect(await leak.innerText()).toContain(`期限超過 ${late.n} 件`);

    const contractors = await one('select count(*)::int as n from contractor');
    const agreements = page.getByTestId('tile-contractorAgreements');
    expect(await agreements.getByTestId('tile-count').innerText()).toBe(`${contractors.n} 社`);
    expect(await agreements.innerText()).toMatch(/委託契約の期限切れ [1-9]\d* 社/);
  });

  test('a tile opens its list, filtered to the waiting work', async () => {
    const page = await landOnHome('PRIVACY_MANAGER');
    await page.getByTestId('tile-privacyRequests').getByRole('link', { name: '一覧を開く' }).click();
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#\/PrivacyRequest\?filter=/);
    await waitForIdle(page);
    await page.goto(appUrl(s, '/'));
    await page.getByTestId('tile-complaints').waitFor();
  });
});

describe('what each role is offered follows from schema/policy', () => {
  test.each(['SUPPORT', 'MARKETING', 'AUDITOR'] as RoleKey[])('as %s the tiles are dashboardTilesFor(role, SEED_POLICY)', async (role) => {
    const before = await lastTrailId();
    const page = await landOnHome(role);
    expect(await tileKeys(page)).toEqual(dashboardTilesFor(role, SEED_POLICY));
    if (!dashboardTilesFor(role, SEED_POLICY).length) expect(await page.getByTestId('home-dashboard').innerText()).toContain('この役割で確認する件数はありません');
    expect((await one(`select count(*)::int as n from trail_entry where id > $1 and kind = 'ACCESS'`, [before])).n).toBe(0);
  });

  test('as CARRIER the one tile is its own shipments, with its agreement\'s end', async () => {
    expect(dashboardTilesFor('CARRIER', SEED_POLICY)).toEqual(['assignedShipments']);
    const page = await landOnHome('CARRIER');
    const own = await contractorOf(s.sql, 'CARRIER');
    const shipments = await one(`select count(*)::int as n from "order" where carrier_id = $1 and status in ('PLACED', 'SHIPPED')`, [own]);
    const tile = page.getByTestId('tile-assignedShipments');
    expect(await tile.getByTestId('tile-count').innerText()).toBe(`${shipments.n} 件`);
    const until = await one(`select to_char(agreement_expires_at, 'YYYY-MM-DD') as d from contractor where id = $1`, [own]);
    expect(await tile.innerText()).toContain(`委託契約の期限 ${until.d}`);
    await screenshot(page, 'home-carrier');
  });
});

describe('the homeDashboard query', () => {
  test('answers counts and dates only, and records nothing', async () => {
    const before = await lastTrailId();
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    const r = await pm('{ homeDashboard { today tiles { key count overdue dueSoon nextDue } } }');
    expect(r.errors).toBeUndefined();
    expect(r.data.homeDashboard.tiles.map((t: { key: string }) => t.key)).toEqual(dashboardTilesFor('PRIVACY_MANAGER', SEED_POLICY));
    expect((await one(`select count(*)::int as n from trail_entry where id > $1 and kind = 'ACCESS'`, [before])).n).toBe(0);
  });
});

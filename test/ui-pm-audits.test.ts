// Audits (【13】) as AUDITOR, in headless Chromium against the real server: plan an audit, run it, read the
// findings with their severity, follow the evidence into the access trail, export CSV and the HTML report.
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureUiBuilt, launchBrowser, listTotal, loginAs, POLL, screenshot, waitForIdle, type UiSession } from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let auditor: UiSession;
let auditId: string;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 30 }), launchBrowser()]);
  // What the audit will find: SUPPORT reads six customers in clear today, above a daily limit of 2.
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  expect((await support('{ allCustomers(perPage: 6, sortField: "id") { id name phone } }')).errors).toBeUndefined();
  // A request in the queue, for the auditor to look at.
  const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const { rows: [customer] } = await s.sql.query(`select id from customer where status = 'ACTIVE' order by id limit 1`);
  expect((await pm(`mutation { createPrivacyRequest(customerId: "${customer.id}", kind: DISCLOSURE) { id } }`)).errors).toBeUndefined();
  auditor = await loginAs(browser, s, 'AUDITOR');
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('as AUDITOR', () => {
  test('an audit planned with a daily limit of 2 clear reads, once run, shows SUPPORT\'s reads as a HIGH finding', async () => {
    await auditor.open('/Audit/create');
    await auditor.page.locator('input[name="title"]').fill('2026年度 第1回 平文閲覧の監査');
    await auditor.page.getByText('判定の基準値').click();
    await auditor.page.locator('input[name="settings.dailyClearReadLimit"]').fill('2');
    await auditor.page.getByRole('button', { name: '保存' }).click();
    await auditor.page.getByRole('button', { name: '監査を実行する' }).waitFor();
    ({ rows: [{ id: auditId }] } = await s.sql.query(`select id::text from audit where title = '2026年度 第1回 平文閲覧の監査'`));
    expect(auditor.page.url()).toContain(`/Audit/${auditId}/show`);
    expect(await auditor.page.getByText('まだ実行されていません').count()).toBe(1);

    await auditor.page.getByRole('button', { name: '監査を実行する' }).click();
    const table = auditor.page.getByTestId('audit-findings');
    await table.waitFor();
    await waitForIdle(auditor.page);
    const { rows: findings } = await s.sql.query(
      `select code, severity, title, cardinality(evidence) as evidence from audit_finding where audit_id = $1`, [auditId]);
    expect(await table.locator('tbody tr').count()).toBe(findings.length);
    const volume = findings.find((f) => f.code === 'CLEAR_READ_VOLUME');
    expect(volume).toMatchObject({ severity: 'HIGH' });
    const row = table.locator('tbody tr[data-code="CLEAR_READ_VOLUME"]');
    expect(await row.innerText()).toContain('高');
    expect(await row.innerText()).toContain(volume.title);
    expect(await row.innerText()).toContain('佐藤 美咲');
    expect(await row.innerText()).toContain(`根拠の記録 ${volume.evidence} 件`);
    // Most severe first, as the server orders them.
    const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'];
    const shown = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-severity') ?? ''));
    expect(shown).toEqual([...shown].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    await screenshot(auditor.page, 'auditor-audit-findings');
  });

  test('a finding\'s evidence opens the access trail explorer narrowed to exactly those entries', async () => {
    await auditor.open(`/Audit/${auditId}/show`);
    const { rows: [finding] } = await s.sql.query(
      `select evidence from audit_finding where audit_id = $1 and code = 'CLEAR_READ_VOLUME'`, [auditId]);
    await auditor.page.locator('tbody tr[data-code="CLEAR_READ_VOLUME"]').getByTestId('finding-evidence').click();
    await expect.poll(() => auditor.page.url()).toContain('/AccessEvent');
    await expect.poll(() => listTotal(auditor.page)).toBe(finding.evidence.length);
    expect(await auditor.page.getByTestId('ids-filter').innerText()).toContain(`${finding.evidence.length} 件の記録だけ`);
    const roles = await auditor.page.locator('tbody td.column-role').allInnerTexts();
    expect(new Set(roles.map((r) => r.trim()))).toEqual(new Set(['カスタマーサポート']));
    await screenshot(auditor.page, 'auditor-finding-evidence');
    await auditor.page.getByRole('button', { name: 'すべて表示' }).click();
    await expect.poll(() => listTotal(auditor.page)).toBeGreaterThan(finding.evidence.length);
  });

  test('the audit exports as CSV with a BOM, and as an HTML report opened in a new tab, inert', async () => {
    await auditor.open(`/Audit/${auditId}/show`);
    const downloading = auditor.page.waitForEvent('download');
    await auditor.page.getByRole('button', { name: 'CSV出力' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(new RegExp(`^audit-${auditId}-\\d{8}\\.csv$`));
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toContain('平文閲覧の件数超過');

    const opening = auditor.context.waitForEvent('page');
    await auditor.page.getByRole('button', { name: '報告書を開く（HTML）' }).click();
    const report = await opening;
    await report.waitForURL(/^blob:/);
    await report.waitForLoadState();
    expect(await report.title()).toContain('監査報告書');
    expect(await report.locator('body').innerText()).toContain('2026年度 第1回 平文閲覧の監査');
    expect(await report.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toContain("default-src 'none'");
    await report.screenshot({ path: 'test-artifacts/auditor-audit-report.png', fullPage: true });
    await report.close();
  });

  test('the auditor reads the requests queue but is offered no action on a request', async () => {
    await auditor.openList('PrivacyRequest');
    await auditor.page.locator('tbody tr').first().waitFor();
    expect(await auditor.page.getByRole('link', { name: '作成' }).count()).toBe(0);
    await auditor.page.locator('tbody tr').first().click();
    await auditor.page.getByTestId('request-workflow').waitFor();
    await waitForIdle(auditor.page);
    expect(await auditor.page.getByTestId('request-workflow').getByRole('button').count()).toBe(0);
  });
});

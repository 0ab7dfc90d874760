// Accessibility (#21) in Chromium: axe-core over the main screens finds no serious or critical violation
// of WCAG 2.1 A/AA, on the login page, as the privacy manager and support, in open dialogs, and as each contractor.
import { describe, expect, test, vi } from 'vitest';
import { appUrl, launchBrowser, loginAs, pickPurpose, POLL, waitForIdle } from './helpers/browser';
import type { PurposeKey, RoleKey } from '../schema/policy';
import type { Page } from 'playwright-core';
import { type AxeViolation, describeViolations, seriousViolations } from './helpers/axe';
import { uiFixture } from './helpers/ui-fixture';

vi.setConfig({ expect: { poll: POLL } });

const ids: Record<string, string> = {};
const ui = uiFixture('PRIVACY_MANAGER', {
  customers: 8,
  async prepare(s) {
    const { rows: [c] } = await s.sql.query(`select id::text from customer order by id limit 1`);
    ids.customer = c.id;
    const pm = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
    ids.request = (await pm(`mutation { createPrivacyRequest(customerId: "${c.id}", kind: DISCLOSURE) { id } }`)).data.createPrivacyRequest.id;
    const auditor = await s.asRole('AUDITOR', 'PRIVACY_ADMINISTRATION');
    const day = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    ids.audit = (await auditor(`mutation { createAudit(title: "アクセシビリティ確認", periodFrom: "${day}", periodTo: "${day}", dailyClearReadLimit: 1) { id } }`)).data.createAudit.id;
    await auditor(`mutation { runAudit(id: "${ids.audit}") { id } }`);
  },
});

const SCREENS = (): [string, string][] => [
  ['ホーム', '/'], ['顧客一覧', '/Customer'], ['顧客', `/Customer/${ids.customer}/show`], ['プライバシー請求', '/PrivacyRequest'],
  ['請求', `/PrivacyRequest/${ids.request}/show`], ['監査', `/Audit/${ids.audit}/show`], ['アクセス履歴', '/AccessEvent'],
  ['変更履歴', '/ChangeEvent'], ['苦情', '/Complaint'], ['漏えい等事案', '/LeakIncident'], ['表示ポリシー', '/policy'],
];

/**
 * The violations of a settled page that persist: a list that refetches, or a page fading in, is drawn
 * translucent for a moment (its contrast then fails), so a violation counts only when a second scan of the
 * idle page finds it on the same element too. A real violation is there both times.
 */
async function scanWhenIdle(page: Page): Promise<AxeViolation[]> {
  await waitForIdle(page);
  const first = await seriousViolations(page);
  if (first.length === 0) return first;
  await page.waitForTimeout(500);
  await waitForIdle(page);
  const again = new Set((await seriousViolations(page)).flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}`)));
  return first
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => again.has(`${v.id} ${n.target.join(' ')}`)) }))
    .filter((v) => v.nodes.length > 0);
}

describe('axe-core finds no serious or critical violation', () => {
  test('on the login page', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ locale: 'ja-JP' });
      await page.goto(appUrl(ui.s, '/login'));
      await page.locator('input[name="username"]').waitFor();
      const found = await seriousViolations(page);
      expect(found, describeViolations(found)).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  test('on the privacy manager\'s main screens', async () => {
    const report: string[] = [];
    for (const [name, route] of SCREENS()) {
      await ui.session.open(route);
      const found = await scanWhenIdle(ui.session.page);
      if (found.length) report.push(`== ${name} ${route}\n${describeViolations(found)}`);
    }
    expect(report.join('\n'), report.join('\n')).toBe('');
  });

  test('on support\'s customer list and customer page', async () => {
    const support = await loginAs(ui.browser, ui.s, 'SUPPORT');
    await support.openList('Customer');
    await pickPurpose(support.page, 'INQUIRY_RESPONSE');
    const report: string[] = [];
    for (const route of ['/Customer', `/Customer/${ids.customer}/show`]) {
      await support.open(route);
      const found = await scanWhenIdle(support.page);
      if (found.length) report.push(`== ${route}\n${describeViolations(found)}`);
    }
    expect(report.join('\n'), report.join('\n')).toBe('');
  });
});

describe('axe-core finds no serious or critical violation in an open dialog', () => {
  test('the export reason dialog and the refusal dialog of a request', async () => {
    const page = ui.session.page;
    const report: string[] = [];
    await ui.session.openList('Customer');
    await page.getByRole('button', { name: 'CSV出力' }).click();
    await page.getByTestId('export-reason').waitFor();
    let found = await scanWhenIdle(page);
    if (found.length) report.push(`== export reason\n${describeViolations(found)}`);
    await page.keyboard.press('Escape');
    await ui.session.open(`/PrivacyRequest/${ids.request}/show`);
    await page.getByRole('button', { name: '請求を拒否する' }).click();
    await page.getByRole('dialog').waitFor();
    found = await scanWhenIdle(page);
    if (found.length) report.push(`== refusal\n${describeViolations(found)}`);
    await page.keyboard.press('Escape');
    expect(report.join('\n'), report.join('\n')).toBe('');
  });
});

/** Each contractor's own screens under the purpose it works for: its home page and the list of its work. */
const CONTRACTORS: [RoleKey, PurposeKey, string][] = [
  ['CARRIER', 'SHIPPING', '/Order'], ['COLLECTION_AGENCY', 'CREDIT_MANAGEMENT', '/CollectionCase'], ['MAILING_HOUSE', 'PROMOTION', '/Mailing'],
];

describe.each(CONTRACTORS)('axe-core as %s under %s', (role, purpose, list) => {
  test('finds no serious or critical violation on its home page, its list and its first record', async () => {
    const contractor = await loginAs(ui.browser, ui.s, role);
    await pickPurpose(contractor.page, purpose);
    const report: string[] = [];
    for (const route of ['/', list]) {
      await contractor.open(route);
      const found = await scanWhenIdle(contractor.page);
      if (found.length) report.push(`== ${route}\n${describeViolations(found)}`);
    }
    const first = contractor.page.locator('tbody tr').first();
    if (await first.count()) {
      await first.click();
      await waitForIdle(contractor.page);
      const found = await scanWhenIdle(contractor.page);
      if (found.length) report.push(`== ${list} record\n${describeViolations(found)}`);
    }
    await contractor.context.close();
    expect(report.join('\n'), report.join('\n')).toBe('');
  });
});

// The 影響 tab of the policy draft page (#23 item 3) in headless Chromium against the real server: support reads
// e-mail addresses under INQUIRY_RESPONSE; a draft hiding e-mail under that purpose shows those reads as
// tightened, per role, purpose and field, with the numbers the API gives, and each example entry id opens the
// access trail narrowed to that entry. The same draft takes SHIPPING from the carrier: the carrier's reads show as
// rows leaving contractors' scope, from the trail, with entries and customers to open. In English, the editor's own
// words and the policy's names are English.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { PolicyDocument } from '../schema/policy';
import { describeViolations, seriousViolations } from './helpers/axe';
import { asAccount } from './helpers/contractors';
import { prepareSubject } from './helpers/policy';
import { demoEmail } from '../server/src/seeders';
import { ensureUiBuilt, launchBrowser, listTotal, loginAs, POLL, screenshot, waitForIdle, type UiSession } from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let pm: UiSession;
let draftId = '';
interface Group { role: string; purpose: string; field: string; before: string; after: string; reads: number; customers: number; examples: { entryId: string }[] }
let group: Group;
interface ScopeGroup { direction: string; role: string; entries: number; customers: number; examples: { entryId: string }[] }
let left: ScopeGroup;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 12 }), launchBrowser()]);
  // A shipment handed to the demo carrier, read by it.
  await prepareSubject(s.sql);
  const carrier = await asAccount(s, demoEmail('CARRIER'), 'SHIPPING');
  expect((await carrier('{ allOrders(perPage: 50) { id shipTo { name } } }')).data.allOrders.length).toBeGreaterThan(0);
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  for (let i = 0; i < 2; i++) expect((await support('{ allCustomers(perPage: 4, sortField: "id") { id email } }')).errors).toBeUndefined();
  const api = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  const v1 = (await api('{ policyVersions(state: PUBLISHED) { id } }')).data.policyVersions[0].id as string;
  const d = (await api('mutation($f: ID!) { createPolicyDraft(fromVersion: $f) { id document } }', { f: v1 })).data.createPolicyDraft;
  draftId = d.id;
  const doc = d.document as PolicyDocument;
  doc.matrix.INQUIRY_RESPONSE['contact.email'] = 'HIDDEN';
  doc.roles.CARRIER.purposes = [];
  expect((await api('mutation($id: ID!, $d: JSONObject!) { updatePolicyDraft(id: $id, document: $d) { id } }', { id: draftId, d: doc })).errors).toBeUndefined();
  const impact = await api(`query($id: ID!) { policyDraftImpact(id: $id) { groups { role purpose field before after reads customers examples { entryId } }
    scope { direction role entries customers examples { entryId } } } }`, { id: draftId });
  expect(impact.errors).toBeUndefined();
  group = impact.data.policyDraftImpact.groups.find((g: Group) => g.role === 'SUPPORT' && g.field === 'Customer.email');
  expect(group).toMatchObject({ purpose: 'INQUIRY_RESPONSE', before: 'CLEAR', after: 'HIDDEN' });
  expect(group.examples.length).toBeGreaterThan(0);
  [left] = impact.data.policyDraftImpact.scope;
  expect(left).toMatchObject({ direction: 'LEFT', role: 'CARRIER' });
  pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
  await pm.page.setViewportSize({ width: 1024, height: 768 });
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('影響 as the privacy manager', () => {
  test('the tab lists the tightened reads with the API\'s numbers, in Japanese', async () => {
    await pm.open(`/policy-versions/${draftId}`);
    await pm.page.getByRole('tab', { name: '影響' }).click();
    const impact = pm.page.getByTestId('policy-impact');
    await impact.waitFor();
    expect(await impact.innerText()).toMatch(/直近30日のアクセス記録 [\d,]+ 件を草案で再判定しました/);
    const row = pm.page.getByTestId('impact-row').filter({ hasText: 'Customer.email' }).filter({ hasText: 'カスタマーサポート' });
    await expect.poll(() => row.count()).toBe(1);
    const text = await row.innerText();
    expect(text).toContain('制限が強まる');
    expect(text).toContain('ご意見やお問合せに対する回答');
    expect(text).toMatch(/表示\s*→\s*非表示/);
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[5].trim()).toBe(group.reads.toLocaleString('ja'));
    expect(cells[6].trim()).toBe(group.customers.toLocaleString('ja'));
    const links = row.getByTestId('impact-example');
    expect(await links.evaluateAll((a) => a.map((x) => x.getAttribute('data-entry')))).toEqual(group.examples.map((e) => e.entryId));
    await screenshot(pm.page, 'pm-policy-draft-impact');
    await waitForIdle(pm.page);
    const found = await seriousViolations(pm.page);
    expect(found, describeViolations(found)).toEqual([]);
  });

  test('an example entry id opens the access trail narrowed to that entry', async () => {
    const row = pm.page.getByTestId('impact-row').filter({ hasText: 'Customer.email' }).filter({ hasText: 'カスタマーサポート' });
    const entry = group.examples[0].entryId;
    await row.locator(`[data-testid="impact-example"][data-entry="${entry}"]`).click();
    await expect.poll(() => pm.page.url()).toContain('/AccessEvent');
    await pm.page.getByTestId('ids-filter').waitFor();
    await expect.poll(() => listTotal(pm.page)).toBe(1);
    expect(await pm.page.getByTestId('ids-filter').innerText()).toContain('1 件の記録だけ');
    expect(await pm.page.locator('tbody td.column-role').innerText()).toContain('カスタマーサポート');
  });
});

describe('委託先の行範囲 as the privacy manager', () => {
  test('the carrier\'s reads show as leaving its scope, from the access trail, with the API\'s numbers', async () => {
    await pm.open(`/policy-versions/${draftId}`);
    await pm.page.getByRole('tab', { name: '影響' }).click();
    const scope = pm.page.getByTestId('policy-scope-impact');
    await scope.waitFor();
    const row = scope.getByTestId('scope-row').filter({ hasText: '配送業者' });
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[0]).toBe('範囲から外れる');
    expect(cells[4]).toContain('この目的を宣言できなくなる');
    expect(cells[5]).toBe('アクセス記録');
    expect(cells[6].trim()).toBe(`${left.entries.toLocaleString('ja')} 件`);
    expect(cells[7].trim()).toBe(left.customers.toLocaleString('ja'));
    const entries = row.locator('[data-testid="scope-example"][data-resource="AccessEvent"]');
    expect(await entries.evaluateAll((a) => a.map((x) => x.getAttribute('data-id')))).toEqual(left.examples.map((e) => e.entryId));
    expect(await pm.page.getByTestId('scope-note').innerText()).toMatch(/現在のデータ/);
    const found = await seriousViolations(pm.page);
    expect(found, describeViolations(found)).toEqual([]);
  });

  test('an example opens its trail entry (the customer is opened from there, under the policy)', async () => {
    const row = pm.page.getByTestId('policy-scope-impact').getByTestId('scope-row').filter({ hasText: '配送業者' });
    const entry = left.examples[0].entryId;
    await row.locator(`[data-testid="scope-example"][data-resource="AccessEvent"][data-id="${entry}"]`).first().click();
    await expect.poll(() => decodeURIComponent(pm.page.url())).toContain(`/AccessEvent?filter={"ids":["${entry}"]}`);
  });
});

describe('the policy editor in English', () => {
  test('the editor\'s labels, the grid\'s names and the impact table follow the chosen language', async () => {
    await pm.open(`/policy-versions/${draftId}`);
    await pm.page.locator('button[aria-controls="simple-menu"]').click();
    await pm.page.getByRole('menuitem', { name: 'English' }).click();
    // The page may draw again while the English catalogue loads: each label is waited for.
    for (const tab of ['Matrix', 'Roles and purposes', 'Statistics settings', 'Differences', 'Impact']) await pm.page.getByRole('tab', { name: tab, exact: true }).waitFor();
    await pm.page.getByRole('button', { name: 'Save', exact: true }).waitFor();
    const cell = pm.page.getByTestId('cell-SUPPORT-INQUIRY_RESPONSE-contact.email').locator('button');
    await expect.poll(() => cell.getAttribute('aria-label')).toMatch(/^Customer support \/ Answering inquiries \/ .+: Hidden; changed from the version in force$/);
    await pm.page.getByRole('tab', { name: 'Impact' }).click();
    await pm.page.getByTestId('policy-impact').waitFor();
    const row = pm.page.getByTestId('impact-row').filter({ hasText: 'Customer.email' }).filter({ hasText: 'Customer support' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toMatch(/More restricted[\s\S]*Answering inquiries[\s\S]*Clear → Hidden/);
    await pm.page.getByRole('columnheader', { name: 'Example entries (ID)' }).waitFor();
    expect(await pm.page.getByTestId('policy-impact').innerText()).toMatch(/access entries of the last 30 days replayed under the draft/);
    const scopeRow = pm.page.getByTestId('scope-row').filter({ hasText: 'Carrier (contractor)' });
    await expect.poll(() => scopeRow.count()).toBe(1);
    expect(await scopeRow.innerText()).toMatch(/Leaves the scope[\s\S]*May no longer declare this purpose[\s\S]*Access trail/);
    await pm.page.locator('button[aria-controls="simple-menu"]').click();
    await pm.page.getByRole('menuitem', { name: '日本語' }).click();
    await pm.page.getByRole('tab', { name: 'マトリクス' }).waitFor();
  });
});

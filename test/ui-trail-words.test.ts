// The trail explorer in words (#21) as PRIVACY_MANAGER in Chromium: operations, fields and categories by their
// labels (schema/policy's ja for categories), status changes as labels, times in Japan time, no [object Object].
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureUiBuilt, launchBrowser, loginAs, POLL, screenshot, waitForIdle, type UiSession } from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';
import { CATEGORIES } from '../schema/policy';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let pm: UiSession;
let customerId: string;

beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 5 }), launchBrowser()]);
  const api = await s.asRole('PRIVACY_MANAGER', 'PRIVACY_ADMINISTRATION');
  customerId = String((await s.sql.query(`select id from customer order by id limit 1`)).rows[0].id);
  const support = await s.asRole('SUPPORT', 'INQUIRY_RESPONSE');
  expect((await support('{ allCustomers(perPage: 3) { id name email } }')).errors).toBeUndefined();
  const made = await api('mutation($c: ID!) { createPrivacyRequest(customerId: $c, kind: DISCLOSURE) { id } }', { c: customerId });
  const id = made.data.createPrivacyRequest.id;
  await api('mutation($id: ID!) { updatePrivacyRequest(id: $id, identityCheck: ID_DOCUMENT_COPY, status: IN_PROGRESS) { id } }', { id });
  expect((await api('mutation($id: ID!) { fulfilDisclosureRequest(requestId: $id) { url } }', { id })).errors).toBeUndefined();
  pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('as PRIVACY_MANAGER the trail speaks words', () => {
  test('access entries: operations and fields by their labels, categories by schema/policy\'s ja, times in JST', async () => {
    await pm.openList('AccessEvent');
    await pm.page.locator('tbody tr').first().waitFor();
    await waitForIdle(pm.page);
    const table = await pm.page.locator('table').innerText();
    expect(table).toContain('顧客の一覧');
    expect(table).toContain('開示ファイルの作成');
    expect(table).not.toMatch(/\ballCustomers\b|fulfilDisclosureRequest/);
    expect(table).toContain(CATEGORIES['contact.name'].ja);
    expect(table).not.toMatch(/contact\.name|Customer\.email|\[object Object\]/);
    expect(table).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    await screenshot(pm.page, 'trail-words-access');
  });

  test('change entries: a request\'s status change as 受付 → 対応中 labels, not codes', async () => {
    await pm.openList('ChangeEvent', { entity: 'PrivacyRequest' });
    await pm.page.locator('tbody tr').first().waitFor();
    await waitForIdle(pm.page);
    const table = await pm.page.locator('table').innerText();
    expect(table).toMatch(/→\s*対応中/);
    expect(table).not.toMatch(/IN_PROGRESS|RECEIVED|ID_DOCUMENT_COPY|\[object Object\]/);
    await screenshot(pm.page, 'trail-words-changes');
  });
});

// Large lists are counted by the planner's estimate (server/src/common/count.ts); the customer list
// shows such a total as approximate (約 … 件), and an exact one without it. The limit is lowered for
// this file so that a few dozen customers are "large".
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureUiBuilt, launchBrowser, listTotal, loginAs, pickPurpose, POLL, screenshot, type UiSession } from './helpers/browser';
import { startTestServer, type TestServer } from './helpers/server';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
let support: UiSession;
const limitBefore = process.env.MAMORI_EXACT_COUNT_LIMIT;

beforeAll(async () => {
  process.env.MAMORI_EXACT_COUNT_LIMIT = '10';
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 40 }), launchBrowser()]);
  await s.sql.query('analyze customer'); // the planner's estimate follows the table's statistics
  support = await loginAs(browser, s, 'SUPPORT');
  await pickPurpose(support.page, 'INQUIRY_RESPONSE');
});
afterAll(async () => {
  if (limitBefore === undefined) delete process.env.MAMORI_EXACT_COUNT_LIMIT; else process.env.MAMORI_EXACT_COUNT_LIMIT = limitBefore;
  await browser?.close();
  await s?.stop();
});

const meta = async (filter: Record<string, unknown>) =>
  (await (await s.asRole('SUPPORT', 'INQUIRY_RESPONSE'))('query($f: CustomerFilter) { _allCustomersMeta(filter: $f) { count estimated } }', { f: filter }))
    .data._allCustomersMeta as { count: number; estimated: boolean };

describe('as SUPPORT, the customer list total', () => {
  test('above the exact-count limit is shown as an estimate: 約 and the estimated count', async () => {
    const expected = await meta({});
    expect(expected.estimated).toBe(true);
    await support.openList('Customer');
    const note = support.page.getByTestId('estimated-total');
    await expect.poll(() => note.innerText()).toBe(`約 ${expected.count.toLocaleString('ja-JP')} 件（件数は概算です）`);
    expect(await listTotal(support.page)).toBe(expected.count);
    await screenshot(support.page, 'support-customer-list-estimated-total');
  });

  test('a narrow search is counted exactly and shown without 約', async () => {
    const expected = await meta({ customerNumber: 'C0000001' });
    expect(expected).toEqual({ count: 1, estimated: false });
    await support.openList('Customer', { q: 'C0000001' });
    expect(await listTotal(support.page)).toBe(1);
    expect(await support.page.getByTestId('estimated-total').count()).toBe(0);
  });
});

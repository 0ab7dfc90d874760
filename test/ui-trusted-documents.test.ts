// The privacy manager approves what an internal tool may run, in the admin UI (headless Chromium): the
// document word for word, then the API key runs it and nothing else.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureUiBuilt, launchBrowser, loginAs, POLL, screenshot, waitForIdle } from './helpers/browser';
import { approvedApiKey } from './helpers/accounts';
import { startTestServer, type TestServer } from './helpers/server';
import { REGISTER } from './helpers/trusted-documents';

vi.setConfig({ expect: { poll: POLL } });

let s: TestServer;
let browser: Browser;
beforeAll(async () => {
  await ensureUiBuilt();
  [s, browser] = await Promise.all([startTestServer({ customers: 6 }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const LABELS = 'query ShippingLabels { allOrders(perPage: 20) { id orderNumber shipTo { name postalCode addressLine } } }';

describe('as PRIVACY_MANAGER', () => {
  test('a pending document shows word for word; once approved in the UI, the key runs it and nothing else', async () => {
    const admin = await s.asRole('ADMIN');
    const { key, id } = await approvedApiKey(s, 'FULFILLMENT', ['SHIPPING'], '送り状印刷');
    const apiKey = { id };
    const registered = await admin(REGISTER, { k: apiKey.id, d: LABELS, p: 'SHIPPING', n: '出荷場の送り状印刷' });
    const docId = registered.data.registerTrustedDocument.id;
    const asKey = (q: string) => s.gql(q, undefined, { authorization: `Bearer ${key}`, 'x-purpose': 'SHIPPING' });
    expect((await asKey(LABELS)).errors?.[0]?.extensions?.reason).toBe('UNTRUSTED_DOCUMENT');

    const pm = await loginAs(browser, s, 'PRIVACY_MANAGER');
    await pm.openList('TrustedDocument', { status: 'PENDING' });
    const row = pm.page.locator('tbody tr').filter({ hasText: '出荷場の送り状印刷' });
    await expect.poll(() => row.count()).toBe(1);
    await row.click();
    await waitForIdle(pm.page);
    expect(await pm.page.getByTestId('trusted-document-text').innerText()).toBe(LABELS);
    await screenshot(pm.page, 'trusted-document-pending');
    await pm.page.getByRole('button', { name: '承認する' }).click();
    await expect.poll(async () => (await s.sql.query('select approved_at from trusted_document where id = $1', [Number(docId)])).rows[0].approved_at).not.toBeNull();
    await expect.poll(() => pm.page.getByRole('button', { name: '承認する' }).count()).toBe(0);

    const served = await asKey(LABELS);
    expect(served.errors).toBeUndefined();
    expect(served.data.allOrders.length).toBeGreaterThan(0);
    expect((await asKey('{ allOrders(perPage: 20) { id shipTo { name phone } } }')).errors?.[0]?.extensions?.reason).toBe('UNTRUSTED_DOCUMENT');
    await pm.context.close();
  });
});
